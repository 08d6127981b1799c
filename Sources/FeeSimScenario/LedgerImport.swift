import FeeSimModel
import Foundation

/// A property company's monthly billing ledger, read into a community scenario.
///
/// Columns (a header row, then one row per unit and month): `unit_id, building, floor_area, month, amount_due,
/// amount_paid, payment_date, flags`. `month` is a month number (`3`) or a calendar month (`2025-03`, `2025-3`,
/// `2025/03`), all rows alike, ordered as numbers and dates (never as text);
/// `payment_date` may be empty; `flags` is empty or `;`-separated words among `vacant` and `hardship`.
/// `amount_paid` is everything paid in the month: the current bill and any arrears.
public struct Ledger: Sendable {
    public struct Row: Sendable, Equatable {
        public let unit: String
        public let building: String
        public let area: Double
        public let month: String
        public let due: Double
        public let paid: Double
        public let vacant: Bool
        public let hardship: Bool
    }

    public static let header = "unit_id,building,floor_area,month,amount_due,amount_paid,payment_date,flags"

    public let rows: [Row]
    /// Rows that were skipped with `skipBadRows` (line numbers and reasons).
    public let skipped: [(line: Int, reason: String)]

    /// The text of a ledger file: UTF-8, with or without a byte-order mark. Anything else — typically GBK/GB18030,
    /// as Excel saves CSV in a Chinese locale — is refused with the command that converts it, rather than read
    /// as garbled unit ids.
    public static func decode(_ data: Data, file: String) throws -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            let hint =
                data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
                ? "it is UTF-16: convert it with `iconv -f UTF-16 -t UTF-8 \(file) > ledger-utf8.csv`"
                : "it is probably GBK/GB18030 (Excel's CSV in a Chinese locale): convert it with "
                    + "`iconv -f GB18030 -t UTF-8 \(file) > ledger-utf8.csv`, or save it from Excel as \"CSV UTF-8\""
            throw ScenarioError(
                location: SourceLocation(file: file, line: 0, column: 0), keyPath: "", value: nil,
                problem: "the file is not UTF-8 text: " + hint)
        }
        return text
    }

    /// The position in time of a month label: n for a month number, 12·year + month for a calendar month; nil for
    /// anything else.
    static func monthKey(_ label: String) -> Int? {
        if let n = Int(label), (0...100_000).contains(n) { return n }
        let parts = label.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), (1900...2200).contains(y),
            let m = Int(parts[1]), (1...12).contains(m)
        else { return nil }
        return y * 12 + m
    }

    /// The year and month of a calendar month label `YYYY-MM` (year 1900…2200), or nil for anything else.
    public static func yearMonth(_ label: String) -> (year: Int, month: Int)? {
        guard Int(label) == nil, let key = monthKey(label) else { return nil }
        return ((key - 1) / 12, (key - 1) % 12 + 1)
    }

    /// One spelling per month: a month number without leading zeros ("03" is 3), a calendar month as YYYY-MM.
    static func canonicalMonth(_ label: String) -> String {
        if let n = Int(label) { return String(n) }
        guard let key = monthKey(label) else { return label }
        let (y, m) = ((key - 1) / 12, (key - 1) % 12 + 1)
        return String(format: "%04d-%02d", y, m)
    }

    /// A number as people write it in a CSV file: optional sign, digits with at most one decimal point, an optional
    /// exponent (`80`, `80.5`, `.5`, `1e3`). Hex (`0x10`), `inf`, `nan`, digit separators and decimal commas are
    /// refused (nil), where Swift's `Double(_:)` would read some of them.
    static func plainNumber(_ text: String) -> Double? {
        guard text.count <= 64, text.range(of: #"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"#, options: .regularExpression) != nil
        else { return nil }
        return Double(text)
    }

    /// Largest floor area and amount a row may hold: far above any real unit, far below where sums lose precision.
    static let maximumArea = 100_000.0, maximumAmount = 1e9

    /// Parses ledger text. Every bad row is an error naming its line, unless `skipBadRows` (then it is counted).
    public static func parse(_ text: String, file: String, skipBadRows: Bool = false) throws -> Ledger {
        try parse(
            lines: text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false),
            file: file, skipBadRows: skipBadRows)
    }

    /// Parses a ledger line by line (``LedgerLines`` streams a file's), so that a file is never held whole.
    static func parse<Lines: Sequence>(lines: Lines, file: String, skipBadRows: Bool) throws -> Ledger where Lines.Element: StringProtocol {
        func fail(_ line: Int, _ problem: String, column: Int = 1) -> ScenarioError {
            ScenarioError(location: SourceLocation(file: file, line: line, column: column), keyPath: "", value: nil, problem: problem)
        }
        var iterator = lines.makeIterator()
        guard let first = iterator.next().map({ String($0).replacingOccurrences(of: "\u{FEFF}", with: "") }),
            first.lowercased().hasPrefix("unit_id,building,floor_area,month,amount_due,amount_paid")
        else {
            throw fail(1, "the header must be \(header)")
        }
        var rows: [Row] = []
        var skipped: [(Int, String)] = []
        var seen = Set<String>()   // membership only
        var line = 1
        while let raw = iterator.next() {
            line += 1
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let cells = raw.split(separator: ",", omittingEmptySubsequences: false)
            let f = cells.map { $0.trimmingCharacters(in: .whitespaces) }
            // The column (1-based, in characters) where field k starts, for errors.
            let columns = cells.indices.map { k in cells[..<k].reduce(1) { $0 + $1.count + 1 } }
            var problem: String?
            var column = 1
            if let k = f.firstIndex(where: { $0.contains("\"") }) {
                column = columns[k]
                problem =
                    "a quote (\") in column \(k + 1): ledger fields are written plainly, without quotes"
                    + (f[k].filter { $0 == "\"" }.count % 2 == 1 ? " (this one is never closed)" : "")
            } else if f.count < 6 {
                problem = "expected at least 6 columns, found \(f.count)"
            } else if f.count > 8 {
                column = columns[8]
                problem = "expected at most 8 columns, found \(f.count): is a number written with a decimal comma (1,5)? write 1.5"
            } else if f[0].isEmpty || f[1].isEmpty || f[3].isEmpty {
                problem = "unit_id, building and month must not be empty"
            } else if plainNumber(f[2]).map({ $0 > 0 && $0 <= maximumArea }) != true {
                column = columns[2]
                problem = "floor_area '\(f[2].prefix(60))' must be a plain decimal number in (0, \(Int(maximumArea))] m²"
            } else if plainNumber(f[4]).map({ $0 >= 0 && $0 <= maximumAmount }) != true {
                column = columns[4]
                problem = "amount_due '\(f[4].prefix(60))' must be a plain decimal number in [0, 1e9] yuan"
            } else if plainNumber(f[5]).map({ $0 >= 0 && $0 <= maximumAmount }) != true {
                column = columns[5]
                problem = "amount_paid '\(f[5].prefix(60))' must be a plain decimal number in [0, 1e9] yuan"
            } else if monthKey(f[3]) == nil {
                problem = "month '\(f[3])' must be a month number (3) or a calendar month (2025-03)"
            } else if seen.contains("\(f[0])|\(canonicalMonth(f[3]))") {
                problem = "unit \(f[0]) appears twice in month \(f[3])"
            }
            let flags = f.count > 7 ? f[7].lowercased().split(separator: ";").map(String.init) : []
            if problem == nil, let bad = flags.first(where: { !["vacant", "hardship", ""].contains($0) }) {
                problem = "unknown flag '\(bad)' (allowed: vacant, hardship)"
            }
            if let problem {
                if skipBadRows { skipped.append((line, problem)); continue }
                throw fail(line, "'\(raw.prefix(60))\(raw.count > 60 ? "…" : "")': \(problem)", column: column)
            }
            seen.insert("\(f[0])|\(canonicalMonth(f[3]))")
            rows.append(
                Row(
                    unit: f[0], building: f[1], area: Double(f[2])!, month: canonicalMonth(f[3]), due: Double(f[4])!,
                    paid: Double(f[5])!, vacant: flags.contains("vacant"), hardship: flags.contains("hardship")))
        }
        guard !rows.isEmpty else { throw fail(2, "the ledger has no valid rows") }
        if Set(rows.map { Int($0.month) != nil }).count > 1 {
            throw fail(
                2,
                "month labels mix numbers (\(rows.first { Int($0.month) != nil }!.month)) and calendar months "
                    + "(\(rows.first { Int($0.month) == nil }!.month)): use one kind throughout")
        }
        return Ledger(rows: rows, skipped: skipped)
    }

    /// What the import estimates, and the files it writes.
    public struct Estimate: Sendable {
        public let scenarioYAML: String
        public let stateCSV: String
        public let households: Int
        public let buildings: Int
        public let months: Int
        public let feeRate: Double
        public let vacantShare: Double
        public let collectionRate: Double
        /// All cash paid (current bills and arrears) over all bills issued, across the ledger's months.
        public let cashToBilling: Double
        /// The share of units owing anything at the end of the ledger.
        public let owingShare: Double
        /// 收缴率 of the ledger's period as property companies compute it (本期实收 ÷ 本期应收): each unit's bills of
        /// the period count as collected up to what it paid in the period (payments meet the period's bills first).
        public let periodCollectionRate: Double

        /// The estimate in one line: units, buildings, months, fee rate, vacancy and observed 收缴率.
        public var summary: String {
            String(
                format:
                    "%d units in %d buildings over %d months; fee rate %.3g yuan/m²/month; vacant %.1f%%; observed collection rate %.1f%%",
                households, buildings, months, feeRate, vacantShare * 100, collectionRate * 100)
        }
    }

    /// The rows skipped with `skipBadRows` in one line (how many, and the first), or nil when none were.
    public var skippedSummary: String? {
        skipped.first.map { "skipped \(skipped.count) bad rows (first: line \($0.line): \($0.reason))" }
    }

    static func median(_ x: [Double]) -> Double {
        let s = x.sorted()
        return s.isEmpty ? .nan : SampleSummaryLite.quantile(s, 0.5)
    }

    /// Estimates a community scenario from the ledger. `stateFile` is the name the scenario uses for the
    /// observed starting state it writes beside itself.
    public func estimate(name: String, stateFile: String, horizon: Int = 24) -> Estimate {
        // In time order (8 before 10; 2025-9 before 2025-10), never as text and never by the set's order.
        let months = Array(Set(rows.map(\.month))).sorted {
            (Ledger.monthKey($0) ?? 0, $0) < (Ledger.monthKey($1) ?? 0, $1)
        }
        let monthIndex = Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0) })
        let buildingLabels = Array(Set(rows.map(\.building))).sorted { a, b in
            if let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
        let buildingIndex = Dictionary(uniqueKeysWithValues: buildingLabels.enumerated().map { ($1, $0) })
        // Per unit: its rows in month order.
        var byUnit: [String: [Row]] = [:]
        for r in rows { byUnit[r.unit, default: []].append(r) }
        let units = byUnit.keys.sorted { a, b in
            let ba = buildingIndex[byUnit[a]![0].building]!, bb = buildingIndex[byUnit[b]![0].building]!
            return ba != bb ? ba < bb : a < b
        }
        struct Unit {
            let building: Int; let area: Double; let vacant: Bool; let hardship: Bool; let payShare: Double; let arrears: Int;
            let ratePerM2: Double; let owes: Bool; let due: Double; let paid: Double
        }
        let unitStats: [Unit] = units.map { id in
            let rs = byUnit[id]!.sorted { monthIndex[$0.month]! < monthIndex[$1.month]! }
            var paidMonths = 0
            var outstanding = 0.0
            for r in rs {
                if r.paid + 1e-9 >= r.due { paidMonths += 1 }
                outstanding = max(0, outstanding + r.due - r.paid)
            }
            let lastDue = rs.last!.due
            // At most the months on record (a due of 1e-320 would otherwise make a count no Int holds).
            let arrears = lastDue > 0 ? WholeNumber.clamped(outstanding / lastDue, to: 0...rs.count, rounding: .toNearestOrAwayFromZero) : 0
            return Unit(
                building: buildingIndex[rs[0].building]!, area: rs[0].area, vacant: rs.contains(where: \.vacant),
                hardship: rs.last!.hardship, payShare: Double(paidMonths) / Double(rs.count), arrears: arrears,
                ratePerM2: rs.map { $0.due / $0.area }.reduce(0, +) / Double(rs.count), owes: outstanding > 0.005,
                due: rs.reduce(0) { $0 + $1.due }, paid: rs.reduce(0) { $0 + $1.paid })
        }
        let occupied = unitStats.filter { !$0.vacant }, vacant = unitStats.filter(\.vacant)
        let feeRate = Self.median((occupied.isEmpty ? unitStats : occupied).map(\.ratePerM2))
        let vacantMultiplier = vacant.isEmpty ? 0.5 : Self.median(vacant.map(\.ratePerM2)) / feeRate
        let totalDue = rows.reduce(0) { $0 + $1.due }
        let totalCurrentPaid = rows.reduce(0) { $0 + min($1.paid, $1.due) }

        func segmentYAML(_ name: String, _ units: [Unit], multiplier: Double) -> String {
            let share = Double(units.count) / Double(unitStats.count)
            let logs = units.map { log($0.area) }
            let median = exp(Self.median(logs))
            let meanLog = logs.reduce(0, +) / Double(logs.count)
            let sigma =
                logs.count > 1 ? (logs.map { ($0 - meanLog) * ($0 - meanLog) }.reduce(0, +) / Double(logs.count - 1)).squareRoot() : 0.2
            // Beta by the method of moments on each unit's share of months paid in full (floored variance).
            let s = units.map(\.payShare)
            let m = min(0.99, max(0.01, s.reduce(0, +) / Double(s.count)))
            let v = max(1e-4, min(m * (1 - m) * 0.95, s.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(max(1, s.count - 1))))
            let common = m * (1 - m) / v - 1
            let inArrears = units.filter { $0.arrears >= 1 }
            let q0 = Double(inArrears.count) / Double(units.count)
            let extra = inArrears.isEmpty ? 0 : Double(inArrears.map { $0.arrears - 1 }.reduce(0, +)) / Double(inArrears.count)
            let hardship = Double(units.filter(\.hardship).count) / Double(units.count)
            return """
                    \(name):
                      share: \(fmt(share))
                      area: {median: \(fmt(min(400, max(20, median)))), sigma: \(fmt(min(3, sigma)))}
                      fee_multiplier: \(fmt(min(10, max(0, multiplier))))
                      propensity: {a: \(fmt(max(0.01, m * common))), b: \(fmt(max(0.01, (1 - m) * common)))}   # from the share of months paid in full (\(fmt(m)) mean)
                      trust: {a: 10, b: 1}             # not in a ledger: an assumption to calibrate
                      hardship: \(fmt(hardship))
                      arrears: {probability: \(fmt(q0)), extra_months_mean: \(fmt(extra))}

                """
        }
        var segments = ""
        var segmentNames: [String] = []
        if !occupied.isEmpty { segments += segmentYAML("occupied", occupied, multiplier: 1); segmentNames.append("occupied") }
        if !vacant.isEmpty { segments += segmentYAML("vacant", vacant, multiplier: vacantMultiplier); segmentNames.append("vacant") }
        var state = "unit_id,building,segment,floor_area,arrears_months\n"
        for (id, u) in zip(units, unitStats) {
            state += "\(id),\(u.building),\(u.vacant ? "vacant" : "occupied"),\(fmt(u.area)),\(u.arrears)\n"
        }
        let yaml = """
            # Imported by `feesim import` from a billing ledger of \(unitStats.count) units in \(buildingLabels.count) buildings over
            # \(months.count) months (\(months.first!) to \(months.last!)). Households start from the ledger's last month
            # (segment, floor area, arrears: \(stateFile)); segment shares, areas, fee rate and propensity distributions are
            # estimated from the payment history. Trust, behaviour weights and lever effects are not in a ledger: calibrate
            # them (feesim calibrate) before trusting projections.
            description: Community imported from a billing ledger (\(months.count) months; observed collection rate \(fmt(totalCurrentPaid / totalDue))).
            months: \(horizon)
            replications: 100
            community:
              households: \(unitStats.count)
              buildings: \(buildingLabels.count)
              fee_rate: \(fmt(feeRate))          # median amount due per m² per month of occupied units
              initial_quality: \(fmt(min(1, max(0, totalCurrentPaid / totalDue))))   # assumption: the observed collection rate
              initial_state: \(stateFile)
              warmup_months: 0       # the ledger's last month is today's state: no warm-up
              segments:
            \(segments)
            """
        return Estimate(
            scenarioYAML: yaml, stateCSV: state, households: unitStats.count, buildings: buildingLabels.count,
            months: months.count, feeRate: feeRate, vacantShare: Double(vacant.count) / Double(unitStats.count),
            collectionRate: totalCurrentPaid / totalDue, cashToBilling: rows.reduce(0) { $0 + $1.paid } / totalDue,
            owingShare: Double(unitStats.filter(\.owes).count) / Double(unitStats.count),
            periodCollectionRate: unitStats.reduce(0) { $0 + min($1.due, $1.paid) } / totalDue)
    }
}

/// Short, stable number formatting for generated YAML.
func fmt(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    return String(format: "%.4g", x)
}

/// The type-7 quantile without depending on the experiments library.
enum SampleSummaryLite {
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = WholeNumber.clamped(h, to: 0...max(0, sorted.count - 1), rounding: .down), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

extension Ledger {
    /// A synthetic ledger in the import format from one replication of `scenario`: one row per unit and month,
    /// months labelled YYYY-MM from `start` (a YYYY-MM label), amounts paid as the fee-months each household settled
    /// (waivers aside) at its monthly fee, `vacant` for segments named so and `hardship` for households in it.
    /// Throws ``/FeeSimModel/InputError`` (field `start` or `replication`) for a start that is not YYYY-MM or a negative replication.
    /// - Complexity: O(households × months).
    public static func synthetic(from s: Scenario, replication: Int, start: String) throws -> String {
        guard let (startYear, startMonth) = yearMonth(start) else {
            throw InputError(field: "start", "must be a month YYYY-MM with a year in 1900…2200 (got \(start))")
        }
        try InputError.check(replication, in: 0...Int.max, field: "replication")
        let sim = try Simulation(model: try CompiledModel(s), replication: replication)
        var text = header + "\n"
        func building(_ i: Int) -> Int {
            if let state = s.community.initialState { return state[i].building }
            return i * s.community.buildings / s.community.households
        }
        for t in 1...s.months {
            // What each household pays this month: its unpaid fee-months up to this month's bills, before and after.
            let before = (0..<s.community.households).map { sim.unpaidMonths(of: $0, through: sim.billedThrough(month: t, of: $0)) }
            sim.step()
            let index = startMonth - 1 + (t - 1)
            let label = String(format: "%04d-%02d", startYear + index / 12, index % 12 + 1)
            for i in 0..<s.community.households {
                let seg = s.community.segments[sim.segment(of: i)]
                let fee = sim.fee(of: i)
                let area = fee / (s.community.feeRate * max(seg.feeMultiplier, 1e-9))
                let paid = Double(before[i] - sim.unpaidMonths(of: i, through: sim.billedThrough(month: t, of: i))) * fee
                var flags: [String] = []
                if seg.name.lowercased().contains("vacant") { flags.append("vacant") }
                if sim.isInHardship(i) { flags.append("hardship") }
                let date = paid > 0 ? label + "-15" : ""
                text +=
                    "U\(String(format: "%06d", i)),B\(String(format: "%03d", building(i))),"
                    + String(format: "%.1f,%@,%.2f,%.2f,%@,%@\n", area, label, fee, paid, date, flags.joined(separator: ";"))
            }
        }
        return text
    }
}

extension Ledger {
    /// Whether `name` is a plain file name (letters, digits, '-', '_' or '.', not starting with '.', at most 200
    /// characters), so that files named after it stay inside their folder.
    public static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.count <= 200
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    /// A CSV ledger, streamed line by line (``LedgerLines``).
    static func parseCSV(at path: String, skipBadRows: Bool) throws -> Ledger {
        let lines: LedgerLines
        do { lines = try LedgerLines(path: path, limit: InputFile.dataLimit) } catch let refusal as InputFile.Refusal {
            if refusal.isMissing { throw ScenarioError.missingFile(path) }
            throw ScenarioError(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", value: nil, problem: refusal.reason)
        }
        let parsed: Ledger
        do { parsed = try parse(lines: lines, file: path, skipBadRows: skipBadRows) } catch {
            throw lines.failure ?? error   // a read or encoding failure ended the lines early: it is the cause
        }
        if let failure = lines.failure { throw failure }
        return parsed
    }

    /// Imports the ledger at `path` into `folder`: `<name>.yaml` (the estimated community scenario, `horizon` months)
    /// and `<name>-state.csv` (each unit's starting state). Both are written and checked (the scenario must load and
    /// compile) in a staging folder and moved in only then, so a failed import leaves nothing behind. Throws
    /// ``/FeeSimModel/InputError`` (field `months` or `name`) for a horizon outside
    /// ``/FeeSimModel/RunSettings/monthRange`` or a name that is not plain.
    /// - Returns: the ledger as read (with its skipped rows), the estimate, and the scenario file's URL.
    public static func importFile(at path: String, name: String?, into folder: URL, horizon: Int, skipBadRows: Bool) throws
        -> (ledger: Ledger, estimate: Estimate, scenario: URL)
    {
        try InputError.check(horizon, in: RunSettings.monthRange, field: "months")
        let parsed: Ledger
        if path.lowercased().hasSuffix(".xlsx") {
            parsed = try parse(lines: LedgerWorkbook.lines(path: path), file: path, skipBadRows: skipBadRows)
        } else {
            parsed = try parseCSV(at: path, skipBadRows: skipBadRows)
        }
        let scenarioName = name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard isPlainName(scenarioName) else {
            throw InputError(
                field: "name",
                "'\(scenarioName)'\(name == nil ? " (the ledger's file name)" : "") must be a plain file "
                    + "name (letters, digits, '-', '_' or '.', not starting with '.'), so that the scenario stays inside its folder")
        }
        let stateFile = "\(scenarioName)-state.csv"
        let estimate = parsed.estimate(name: scenarioName, stateFile: stateFile, horizon: horizon)
        let yaml = "\(scenarioName).yaml"
        let staging = folder.appendingPathComponent(".feesim-import-\(scenarioName)-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: staging) }
        // A fresh folder of its own (a link planted under the staging name is removed, never written through).
        try? FileManager.default.removeItem(at: staging)
        try FileWriteError.wrap(staging) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        }
        for (file, text) in [(stateFile, estimate.stateCSV), (yaml, estimate.scenarioYAML)] {
            let url = staging.appendingPathComponent(file)
            try FileWriteError.wrap(url) { try Data(text.utf8).write(to: url, options: .atomic) }
        }
        _ = try CompiledModel(try ScenarioLoader.load(path: staging.appendingPathComponent(yaml).path).scenario)
        for file in [stateFile, yaml] {
            let target = folder.appendingPathComponent(file)
            guard rename(staging.appendingPathComponent(file).path, target.path) == 0 else {
                throw ScenarioError(
                    location: SourceLocation(file: target.path, line: 0, column: 0), keyPath: "", value: nil,
                    problem: "cannot write: \(String(cString: strerror(errno)))")
            }
        }
        return (parsed, estimate, folder.appendingPathComponent(yaml))
    }
}
