import FeeSimModel
import Foundation

/// A building pilot's records as a property company keeps them (docs/DATA.md, "Pilot records"): one row per
/// building and month of the pilot, treated or control — the fees billed for the month and how much of them was
/// collected by the data date, and the month's counts (``/FeeSimModel/BuildingEvent``: contacts, contacts that
/// reached the household, instalment plans started and defaulted, mediations, lawsuits and settlements, and the
/// contacts per rung). `feesim update` learns from them; `feesim pilot-records` simulates them.
public struct PilotRecords: Sendable, Equatable {
    /// Which arm of the pilot a building is in.
    public enum Arm: String, Sendable, Equatable, CaseIterable {
        case treated, control
    }

    /// One building in one month.
    public struct Row: Sendable, Equatable {
        /// 1-based building number, as the community numbers them (building b is the b-th of the scenario).
        public let building: Int
        /// Month of the plan, 1-based.
        public let month: Int
        public let arm: Arm
        /// Households (units) billed in the building.
        public let households: Int
        /// The building's fees for the month, yuan.
        public let billed: Double
        /// Of those fees, what had been collected by the data date (the end of the pilot's last month), yuan.
        public let collected: Double
        /// The counts of ``events``, then of ``contactColumns``, then of ``reachedColumns``, in those orders.
        public let counts: [Int]
        public init(
            building: Int, month: Int, arm: Arm, households: Int, billed: Double, collected: Double, counts: [Int]
        ) {
            (self.building, self.month, self.arm, self.households) = (building, month, arm, households)
            (self.billed, self.collected, self.counts) = (billed, collected, counts)
        }
    }

    /// The counts the file records, in column order (a pilot that did not count something leaves its column out).
    public let events: [BuildingEvent]
    /// The per-rung contact columns it records ("contacts_smart_sms", …).
    public let contactColumns: [String]
    /// The per-rung columns of contacts that reached the household ("reached_smart_sms", …).
    public let reachedColumns: [String]
    /// Rows by building, then month.
    public let rows: [Row]
    /// Free `#` lines before the column names (a simulated pilot says what it simulated there).
    public let notes: [String]
    /// Where it was read from ("" when built in memory) and the SHA-256 of its bytes.
    public let path: String
    public let contentHash: String

    /// Records from rows; the rows are sorted by building, then month.
    public init(
        events: [BuildingEvent], contactColumns: [String], reachedColumns: [String] = [], rows: [Row], notes: [String] = [],
        path: String = "", contentHash: String = ""
    ) {
        (self.events, self.contactColumns, self.notes, self.path) = (events, contactColumns, notes, path)
        self.reachedColumns = reachedColumns
        self.rows = rows.sorted { ($0.building, $0.month) < ($1.building, $1.month) }
        self.contentHash = contentHash
    }

    /// The pilot's months, first to last.
    public var months: ClosedRange<Int> { (rows.map(\.month).min() ?? 1)...(rows.map(\.month).max() ?? 1) }
    /// The buildings of an arm, ascending (1-based).
    public func buildings(_ arm: Arm) -> [Int] {
        var seen: [Int] = []
        for r in rows where r.arm == arm && seen.last != r.building { seen.append(r.building) }
        return seen
    }

    /// The column names, in order: the required six, then the counts.
    public var columns: [String] {
        Self.required + events.map(\.key) + contactColumns + reachedColumns
    }

    static let required = ["building", "month", "arm", "households", "billed", "collected"]
    /// A pilot file's size limit: 16 MiB (a pilot of 100 buildings over 12 months is a few dozen KiB).
    static let limit = 16 << 20

    /// Reads pilot records. `#` lines before the column names are kept as ``notes``; a byte-order mark and CRLF
    /// line ends are accepted.
    /// - Throws: ``ScenarioError`` naming the file, the line, the column, the bad value and what is allowed.
    public static func load(path: String) throws -> PilotRecords {
        let data = try InputFile.read(
            path, limit: limit, what: "pilot file",
            missing: " (docs/DATA.md describes its columns; `feesim pilot-records` simulates one)")
        return try parse(String(decoding: data, as: UTF8.self), path: path, contentHash: SHA256.hex(of: data))
    }

    /// Parses pilot records' text; `path` names the file in errors.
    public static func parse(_ text: String, path: String, contentHash: String = "") throws -> PilotRecords {
        func fail(_ line: Int, _ column: String, _ value: String?, _ problem: String) -> ScenarioError {
            ScenarioError(
                location: SourceLocation(file: path, line: line, column: line > 0 ? 1 : 0), keyPath: column,
                value: value, problem: problem)
        }
        let lines = text.replacingOccurrences(of: "\u{FEFF}", with: "").replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var notes: [String] = []
        var n = 0
        while n < lines.count, lines[n].hasPrefix("#") {
            notes.append(String(lines[n].dropFirst(lines[n].hasPrefix("# ") ? 2 : 1)))
            n += 1
        }
        guard n < lines.count, !lines[n].isEmpty else {
            throw fail(n + 1, "", nil, "no column names: expected \(required.joined(separator: ",")),<counts…>")
        }
        let columns = lines[n].split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard Array(columns.prefix(required.count)) == required else {
            throw fail(n + 1, "", lines[n], "the first columns must be \(required.joined(separator: ","))")
        }
        var events: [BuildingEvent] = [], contactColumns: [String] = [], reachedColumns: [String] = []
        for c in columns.dropFirst(required.count) {
            if columns.filter({ $0 == c }).count > 1 { throw fail(n + 1, c, c, "this column appears twice") }
            if let e = BuildingEvent.allCases.first(where: { $0.key == c }) {
                events.append(e)
            } else if c.hasPrefix("contacts_"), c.count > "contacts_".count {
                contactColumns.append(c)
            } else if c.hasPrefix("reached_"), c.count > "reached_".count {
                reachedColumns.append(c)
            } else {
                throw fail(
                    n + 1, c, c,
                    "not a pilot column: counts are " + BuildingEvent.allCases.map(\.key).joined(separator: ", ")
                        + ", contacts_<ladder>_<rung> and reached_<ladder>_<rung> per rung")
            }
        }
        let countColumns = events.map(\.key) + contactColumns + reachedColumns
        var rows: [Row] = []
        var arms: [Int: Arm] = [:]   // looked up, never iterated
        var seen = Set<[Int]>()   // looked up, never iterated
        for (k, line) in lines.enumerated().dropFirst(n + 1) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == columns.count else {
                throw fail(
                    k + 1, "", String(line.prefix(60)),
                    "\(f.count) fields where the header has \(columns.count) (numbers written plainly: 1234.5, not 1,234.5)")
            }
            func whole(_ j: Int, _ range: ClosedRange<Int>) throws -> Int {
                guard let v = Int(f[j]), range.contains(v) else {
                    throw fail(
                        k + 1, columns[j], f[j],
                        "expected a whole number in \(range.lowerBound)…\(range.upperBound)"
                            + (f[j].isEmpty && j >= required.count ? " (a count not kept: leave its column out)" : ""))
                }
                return v
            }
            func amount(_ j: Int) throws -> Double {
                guard let v = Double(f[j]), v.isFinite, v >= 0, v <= 1e12 else {
                    throw fail(k + 1, columns[j], f[j], "expected an amount in yuan, a number in [0, 1e12]")
                }
                return v
            }
            let building = try whole(0, 1...1_000_000), month = try whole(1, 1...1200)
            guard let arm = Arm(rawValue: f[2].lowercased()) else {
                throw fail(k + 1, "arm", f[2], "expected treated or control")
            }
            if let earlier = arms[building], earlier != arm {
                throw fail(k + 1, "arm", f[2], "building \(building) is \(earlier.rawValue) on an earlier row: a building is in one arm")
            }
            arms[building] = arm
            guard seen.insert([building, month]).inserted else {
                throw fail(k + 1, "month", f[1], "building \(building) has month \(month) twice")
            }
            let households = try whole(3, 1...1_000_000)
            let billed = try amount(4), collected = try amount(5)
            guard collected <= billed * (1 + 1e-9) + 1e-6 else {
                throw fail(
                    k + 1, "collected", f[5], "more than the \(f[4]) yuan billed: collected counts this month's fees only")
            }
            let counts = try countColumns.indices.map { try whole(required.count + $0, 0...100_000_000) }
            rows.append(
                Row(
                    building: building, month: month, arm: arm, households: households, billed: billed, collected: collected, counts: counts
                ))
        }
        guard !rows.isEmpty else { throw fail(n + 2, "", nil, "no rows: a pilot file has a row per building and month") }
        let records = PilotRecords(
            events: events, contactColumns: contactColumns, reachedColumns: reachedColumns, rows: rows, notes: notes,
            path: path, contentHash: contentHash)
        for arm in Arm.allCases where records.buildings(arm).isEmpty {
            throw fail(0, "arm", nil, "no \(arm.rawValue) building: a pilot compares treated buildings with control buildings")
        }
        let span = records.months
        for b in records.buildings(.treated) + records.buildings(.control) {
            let months = records.rows.filter { $0.building == b }.map(\.month)
            if months.count != span.count {
                throw fail(
                    0, "month", nil,
                    "building \(b) has \(months.count) months where the pilot runs months \(span.lowerBound)–\(span.upperBound): every building needs every month"
                )
            }
        }
        return records
    }

    /// Checks the records against the community they come from: every building number within 1 … B.
    /// Fields are separated by commas and written plainly (no quotes); lines end in LF or CRLF.
    /// - Throws: ``ScenarioError`` naming the file and the first building that is not in the community.
    public func checked(buildings count: Int) throws -> PilotRecords {
        if let bad = rows.first(where: { $0.building > count }) {
            throw ScenarioError(
                location: SourceLocation(file: path, line: 0, column: 0), keyPath: "building", value: String(bad.building),
                problem: "the community has \(count) buildings, numbered 1…\(count)")
        }
        return self
    }
}
