import FeeSimModel
import FeeSimScenario
import Foundation
import PropertyBased
import Testing
import Yams

/// The input-fuzzing harness: scenario files generated from a valid one by the mutations users and tools make
/// (delete, rename, retype, extreme and non-finite numbers, huge collections, aliases, other encodings), each of
/// which must end in success or a named error — never a trap, a hang or runaway memory. A longer run
/// (FEESIM_FUZZ_COUNT inputs, e.g. 10000) records its figures in docs/RELIABILITY.md.
@Suite struct InputFuzzTests {
    /// A valid scenario that exercises every section the loader reads.
    static let base = """
        description: Fuzzing base
        months: 6
        replications: 2
        seed: 3
        target: {collection_rate: 0.9, from_month: 1, by_month: 6}
        community:
          households: 60
          buildings: 3
          fee_rate: 2
          billing_months: 3
          warmup_months: 6
          segments:
            owner: {share: 0.8, propensity: {a: 3, b: 1}, trust: {a: 4, b: 2}, arrears: {probability: 0.2, extra_months_mean: 8}}
            vacant: {share: 0.2, fee_multiplier: 0.5, propensity: {a: 1, b: 2}, trust: {a: 2, b: 3}}
        behaviour: {grievance_entry: 0.02}
        status_quo_dunning:
          ladder:
            - {name: sms, min_arrears_months: 1, delivery_prob: 0.9, uplift: 0.3, cost_per_attempt: 0.04, max_attempts: 12}
        levers:
          dunning:
            ladder:
              - {name: sms, min_arrears_months: 1, delivery_prob: 0.95, uplift: 0.3, cost_per_attempt: 0.04, max_attempts: 6}
              - {name: visit, min_arrears_months: 4, delivery_prob: 0.7, uplift: 0.8, cost_per_attempt: 30, every_months: 4, max_attempts: 2, capacity_per_month: 5, in_person: true}
          legal: {capacity_per_month: 2}
        pilot: {buildings: 1}
        rollout:
          - {name: preparation, start_month: 1, end_month: 2, buildings: all, levers: [], fixed_cost: 3000}
          - {name: pilot, start_month: 3, buildings: pilot, levers: all, monthly_cost: 10}
        """

    /// A YAML value the harness edits and writes back (block mappings, flow lists).
    indirect enum Tree {
        case scalar(String)
        case list([Tree])
        case map([(String, Tree)])

        init(_ node: Node) {
            switch node {
            case .scalar(let s): self = .scalar(s.string)
            case .sequence(let s): self = .list(s.map(Tree.init))
            case .mapping(let m): self = .map(m.map { (k, v) in (k.string ?? "?", Tree(v)) })
            case .alias: self = .scalar("")
            }
        }

        func yaml(_ indent: String = "") -> String {
            switch self {
            case .scalar(let s): return s.isEmpty ? "\"\"" : s
            case .list(let items): return "[" + items.map { $0.flow }.joined(separator: ", ") + "]"
            case .map(let entries):
                return entries.map { k, v in
                    if case .map(let inner) = v, !inner.isEmpty { return "\(indent)\(k):\n" + v.yaml(indent + "  ") }
                    return "\(indent)\(k): \(v.yaml(indent))\n"
                }.joined()
            }
        }

        var flow: String {
            switch self {
            case .scalar(let s): return s.isEmpty ? "\"\"" : s
            case .list(let items): return "[" + items.map(\.flow).joined(separator: ", ") + "]"
            case .map(let entries): return "{" + entries.map { "\($0.0): \($0.1.flow)" }.joined(separator: ", ") + "}"
            }
        }

        /// Every path to a value, in document order (a path is the child indices from the root).
        func paths(_ prefix: [Int] = []) -> [[Int]] {
            var out = prefix.isEmpty ? [] : [prefix]
            switch self {
            case .scalar: break
            case .list(let items): for (i, t) in items.enumerated() { out += t.paths(prefix + [i]) }
            case .map(let entries): for (i, e) in entries.enumerated() { out += e.1.paths(prefix + [i]) }
            }
            return out
        }

        /// Applies `edit` to the value at `path`, or to its parent container (`parent == true`, with the child's index).
        func editing(_ path: ArraySlice<Int>, _ edit: (Tree, Int?) -> Tree, parent: Bool) -> Tree {
            guard let first = path.first else { return edit(self, nil) }
            if parent && path.count == 1 { return edit(self, first) }
            switch self {
            case .scalar: return self
            case .list(var items):
                items[first] = items[first].editing(path.dropFirst(), edit, parent: parent)
                return .list(items)
            case .map(var entries):
                entries[first].1 = entries[first].1.editing(path.dropFirst(), edit, parent: parent)
                return .map(entries)
            }
        }
    }

    /// Numbers at and beyond every type's edges, non-finite values and near-misses.
    static let extremes = [
        "1e19", "-1e19", "9223372036854775807", "-9223372036854775808", "18446744073709551616",
        "1e308", "-1e308", "1e-320", "-0.0", "0", "-1", "0.5", "1.5", "2147483648", "65536", "257",
        "32768", ".nan", ".inf", "-.inf", "1_000", "0x10", "1e", "NaN", "\"1\"", "true", "null", "~", "''"
    ]

    /// The kinds of mutation, in the order the generator picks them.
    enum Mutation: Int, CaseIterable {
        case delete, rename, extreme, retypeText, retypeList, retypeMap, duplicateMany, alias, bom, invalidUTF8, truncate
    }

    /// Applies mutation `m` to the base at the `pick`-th path with the `extreme`-th value.
    static func mutate(_ m: Mutation, pick: Int, extreme: Int, of text: String = base) throws -> Data {
        let tree = Tree(try Yams.compose(yaml: text)!)
        let paths = tree.paths()
        let path = paths[pick % paths.count][...]
        var text: String
        switch m {
        case .delete, .rename, .duplicateMany:
            text = tree.editing(
                path,
                { container, index in
                    guard let i = index else { return container }
                    switch (container, m) {
                    case (.map(var e), .delete): e.remove(at: i); return .map(e)
                    case (.map(var e), .rename): e[i].0 += "x"; return .map(e)
                    case (.list(var items), .delete): items.remove(at: i); return .list(items)
                    case (.list(var items), _): items += Array(repeating: items[i], count: 3_000); return .list(items)
                    case (.map(var e), .duplicateMany):
                        // Thousands of distinct keys like the chosen one (e.g. 65,536 segments).
                        let (k, v) = e[i]
                        e += (0..<(extreme % 2 == 0 ? 300 : 3_000)).map { ("\(k)\($0)", v) }
                        return .map(e)
                    default: return container
                    }
                }, parent: true
            ).yaml()
        case .extreme, .retypeText, .retypeList, .retypeMap:
            let replacement: Tree =
                switch m {
                case .extreme: .scalar(extremes[extreme % extremes.count])
                case .retypeText: .scalar("\"abc\"")
                case .retypeList: .list([.scalar("1"), .scalar("2")])
                default: .map([("a", .scalar("1"))])
                }
            text = tree.editing(path, { _, _ in replacement }, parent: false).yaml()
        case .alias:
            text =
                "x: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n"
                + (0..<12).map {
                    "l\($0): &l\($0) [" + String(repeating: "*\($0 == 0 ? "a" : "l\($0 - 1)"), ", count: 9).dropLast(2) + "]\n"
                }.joined() + tree.yaml()
        case .bom:
            return Data([0xEF, 0xBB, 0xBF]) + Data(tree.yaml().utf8)
        case .invalidUTF8:
            // 物业 in GBK: bytes that are not UTF-8.
            return Data(tree.yaml().utf8) + Data("description: ".utf8) + Data([0xCE, 0xEF, 0xD2, 0xB5, 0x0A])
        case .truncate:
            let full = tree.yaml()
            text = String(full.prefix(full.count * (extreme % 97) / 97))
        }
        return Data(text.utf8)
    }

    /// What happened to one input.
    enum Outcome: Equatable { case ran, rejected }

    /// Loads, compiles and (when small) runs one file; returns how it ended, or records an issue when an error
    /// does not name the file or the run takes too long.
    static func check(_ data: Data, in dir: URL, label: String) throws -> Outcome {
        let file = dir.appendingPathComponent("fuzz.yaml")
        try data.write(to: file)
        let start = Date()
        defer {
            let seconds = Date().timeIntervalSince(start)
            #expect(seconds < 20, "\(label): took \(seconds) s")
        }
        do {
            let loaded = try ScenarioLoader.load(path: file.path)
            var s = loaded.scenario
            // The loader's limits allow communities far larger than a test should simulate; run the small ones.
            guard s.community.households <= 5_000, s.months + s.community.warmupMonths <= 60 else { return .ran }
            s.replications = 1
            let sim = try Simulation(model: try CompiledModel(s), replication: 0)
            sim.run()
            return .ran
        } catch let error as ScenarioError {
            #expect(error.description.contains("fuzz.yaml"), "\(label): \(error.description.prefix(200))")
            return .rejected
        } catch let error as ModelError {
            #expect(!error.description.isEmpty, "\(label)")
            return .rejected
        }
    }

    @Test func everyMutatedScenarioRunsOrIsRejectedWithANamedError() async throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = ProcessInfo.processInfo.environment["FEESIM_FUZZ_COUNT"].flatMap(Int.init) ?? 300
        let tally = Tally()
        await propertyCheck(
            count: count, input: Gen.int(in: 0..<Mutation.allCases.count), Gen.int(in: 0...10_000),
            Gen.int(in: 0...10_000)
        ) { m, pick, extreme in
            let mutation = Mutation(rawValue: m)!
            let label = "\(mutation) at path \(pick), value \(extreme)"
            do {
                let outcome = try Self.check(try Self.mutate(mutation, pick: pick, extreme: extreme), in: dir, label: label)
                tally.add(mutation, outcome)
            } catch {
                Issue.record("\(label): unexpected \(type(of: error)): \(error)")
            }
        }
        if let path = ProcessInfo.processInfo.environment["FEESIM_FUZZ_REPORT"] {
            try tally.report(count: count).write(toFile: path, atomically: true, encoding: .utf8)
        }
        // The harness must reach both ends: some inputs accepted, most of the damaged ones refused.
        #expect(tally.total(.ran) > 0 && tally.total(.rejected) > count / 3)
    }

    /// A study (sweep and sensitivity settings) and a comparison over the base scenario, for the same mutations.
    static let study = """
        base: base.yaml
        replications: 2
        seed: 5
        design: latin_hypercube
        points: 8
        method: morris
        trajectories: 2
        parameters:
          levers.dunning.ladder[0].uplift: {min: 0, max: 1}
          behaviour.beta_trust: {values: [1, 2, 3]}
          community.billing_months: {values: [1, 3, 12]}
        against: base.yaml
        outputs: [collection_rate_year_1, collection_rate@3, total_cost]
        """
    static let comparison = """
        description: Fuzzing comparison
        baseline: base.yaml
        variants: [plan.yaml]
        replications: 3
        months: 6
        uncertainty: {sets: 4, replications: 1, tornado: false, fix: {levers.legal.win_prob: 0.9}}
        """

    @Test func everyMutatedStudyAndComparisonFileLoadsOrIsRejectedWithANamedError() async throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.base.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try "extends: base.yaml\ndescription: A variant\n".write(
            to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        // The unmutated files load: the mutations start from valid inputs.
        try Self.study.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        try Self.comparison.write(to: dir.appendingPathComponent("comparison.yaml"), atomically: true, encoding: .utf8)
        #expect(try StudySpec.load(path: dir.appendingPathComponent("study.yaml").path).parameterNames.count == 3)
        #expect(try ComparisonFile.load(path: dir.appendingPathComponent("comparison.yaml").path).uncertainty?.sets == 4)
        let count = (ProcessInfo.processInfo.environment["FEESIM_FUZZ_COUNT"].flatMap(Int.init) ?? 300) / 2
        await propertyCheck(
            count: count, input: Gen.int(in: 0..<Mutation.allCases.count), Gen.int(in: 0...10_000),
            Gen.int(in: 0...10_000), Gen.bool
        ) { m, pick, extreme, isStudy in
            let mutation = Mutation(rawValue: m)!
            let label = "\(isStudy ? "study" : "comparison") \(mutation) at path \(pick), value \(extreme)"
            let file = dir.appendingPathComponent("file.yaml")
            do {
                try Self.mutate(mutation, pick: pick, extreme: extreme, of: isStudy ? Self.study : Self.comparison).write(to: file)
                if isStudy {
                    let spec = try StudySpec.load(path: file.path)
                    _ = spec.base.scenario.parameterPaths.count
                } else {
                    _ = try ComparisonFile.load(path: file.path)
                }
            } catch let error as ScenarioError {
                #expect(error.description.contains(".yaml"), "\(label): \(error.description.prefix(200))")
            } catch {
                Issue.record("\(label): unexpected \(type(of: error)): \(error)")
            }
        }
    }

    /// Ledger rows damaged field by field: every ledger parses and estimates, or is refused naming its line.
    @Test func everyDamagedLedgerIsReadOrRefusedWithItsLine() async throws {
        var rows = [Ledger.header]
        for unit in 1...6 { for m in 1...4 { rows.append("U\(unit),B\(unit % 2),\(60 + unit),2025-0\(m),120,\(m % 3 == 0 ? 0 : 120),,") } }
        let values = Self.extremes + ["", "abc", "物业", "2025-13", "2025-00", "13", "-5", "1e9", "1e10", "\"x,y\"", "vacant;x"]
        #expect(try Ledger.parse(rows.joined(separator: "\n"), file: "ledger.csv").rows.count == 24)
        let count = ProcessInfo.processInfo.environment["FEESIM_FUZZ_COUNT"].flatMap(Int.init) ?? 300
        await propertyCheck(
            count: count, input: Gen.int(in: 1..<rows.count), Gen.int(in: 0..<9), Gen.int(in: 0..<values.count),
            Gen.int(in: 0..<3)
        ) { row, column, value, action in
            var lines = rows
            var fields = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            switch action {
            case 0: if column < fields.count { fields[column] = values[value] }   // replace a field
            case 1: fields = Array(fields.prefix(column))   // cut the row short
            default: fields.insert(values[value], at: min(column, fields.count))   // an extra field
            }
            lines[row] = fields.joined(separator: ",")
            do {
                let ledger = try Ledger.parse(lines.joined(separator: "\n"), file: "ledger.csv")
                let estimate = ledger.estimate(name: "x", stateFile: "x-state.csv", horizon: 12)
                #expect(estimate.households >= 1 && estimate.collectionRate.isFinite)
            } catch let error as ScenarioError {
                #expect(error.description.hasPrefix("ledger.csv:"), "\(error.description.prefix(200))")
            } catch {
                Issue.record("row \(row) column \(column) value \(values[value]): unexpected \(error)")
            }
        }
    }

    /// The reproducers of every crash the reliability review found, each refused with a named error.
    @Test(arguments: [
        ("community", "buildings: 3", "buildings: 1e19"),
        ("community", "buildings: 3", "buildings: 9223372036854775807"),
        ("target", "by_month: 6}", "by_month: 1e19}"),
        ("capacity", "capacity_per_month: 5,", "capacity_per_month: 1e19,"),
        ("fee", "fee_rate: 2", "fee_rate: 1e15"),
        ("fee", "fee_rate: 2", "fee_rate: 1e308"),
        ("fixed cost", "fixed_cost: 3000", "fixed_cost: 1e19"),
        ("non-finite", "fee_rate: 2", "fee_rate: .inf"),
        ("non-finite", "uplift: 0.3, cost_per_attempt: 0.04, max_attempts: 6", "uplift: .nan, cost_per_attempt: 0.04, max_attempts: 6"),
        // Found by the harness's 10,000-input run: a segment written with no value.
        ("empty segment", "vacant: {share: 0.2, fee_multiplier: 0.5, propensity: {a: 1, b: 2}, trust: {a: 2, b: 3}}", "vacant: ~")
    ])
    func knownCrashesAreNamedErrors(kind: String, original: String, replacement: String) throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(Self.base.contains(original))
        let text = Self.base.replacingOccurrences(of: original, with: replacement)
        #expect(try Self.check(Data(text.utf8), in: dir, label: kind) == .rejected)
    }

    @Test func anAliasBombIsRefusedBeforeItExpands() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = Date()
        let data = try Self.mutate(.alias, pick: 0, extreme: 0)   // 9¹³ values if expanded
        #expect(try Self.check(data, in: dir, label: "alias bomb") == .rejected)
        #expect(Date().timeIntervalSince(start) < 5)
        // Too many segments and too large a file are refused too.
        #expect(
            try Self.check(try Self.mutate(.duplicateMany, pick: Self.segmentsPath(), extreme: 0), in: dir, label: "segments") == .rejected)
    }

    static func segmentsPath() throws -> Int {
        let tree = Tree(try Yams.compose(yaml: base)!)
        // The owner segment: its parent is the segments mapping.
        let paths = tree.paths()
        guard case .map(let top) = tree, let c = top.firstIndex(where: { $0.0 == "community" }),
            case .map(let community) = top[c].1, let s = community.firstIndex(where: { $0.0 == "segments" })
        else { return 0 }
        return paths.firstIndex(of: [c, s, 0]) ?? 0
    }
}

/// Outcomes by mutation, shared by the property's runs.
final class Tally: @unchecked Sendable {
    private var counts: [Int: [InputFuzzTests.Outcome: Int]] = [:]
    private let lock = NSLock()

    func add(_ m: InputFuzzTests.Mutation, _ o: InputFuzzTests.Outcome) {
        lock.lock(); defer { lock.unlock() }
        counts[m.rawValue, default: [:]][o, default: 0] += 1
    }

    func total(_ o: InputFuzzTests.Outcome) -> Int {
        lock.lock(); defer { lock.unlock() }
        return counts.values.reduce(0) { $0 + ($1[o] ?? 0) }
    }

    /// A Markdown table of outcomes by mutation, in the mutations' order.
    func report(count: Int) -> String {
        lock.lock(); defer { lock.unlock() }
        var md = "| mutation | inputs | ran | refused with a named error |\n|---|---|---|---|\n"
        for m in InputFuzzTests.Mutation.allCases {
            let ran = counts[m.rawValue]?[.ran] ?? 0, refused = counts[m.rawValue]?[.rejected] ?? 0
            md += "| \(m) | \(ran + refused) | \(ran) | \(refused) |\n"
        }
        return md + "\n\(count) inputs; no trap, hang or runaway memory.\n"
    }
}
