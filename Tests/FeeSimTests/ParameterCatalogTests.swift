import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import Testing

/// Every parameter is declared once and that declaration is what the loader, the engine and the docs use.
@Suite struct ParameterCatalogTests {
    static func yaml(setting path: String, to value: String) -> String {
        // A nested mapping for the path: "levers.legal.win_prob" → levers: {legal: {win_prob: v}}.
        let keys = path.split(separator: ".").map(String.init)
        var text = "\(keys.last!): \(value)"
        for key in keys.dropLast().reversed() { text = "\(key): {\(text)}" }
        return "extends: status-quo.yaml\n\(text)\n"
    }

    @Test func theLoaderReadsEveryDeclaredScalarAndChecksItsDeclaredRange() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(
            at: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/status-quo.yaml"),
            to: dir.appendingPathComponent("status-quo.yaml"))
        let base = try CalibratedCommunityTests.load("mixed/status-quo.yaml")
        for d in ParameterCatalog.scalars {
            let current = d.get(base)
            let lower = d.range.lower ?? current - 1, upper = d.range.upper ?? current + 1
            var value = current < upper ? current + (min(upper, current + 1) - current) / 2 : (lower + current) / 2
            if d.range.whole { value = value.rounded(.down) == current ? min(upper, current + 1) : value.rounded(.down) }
            if d.path == "community.billing_months" { value = 3 == current ? 6 : 3 }
            if d.path == "target.from_month" { value = 1 }
            if d.path == "target.by_month" { value = 7 }
            let text = d.range.whole ? String(Int(value)) : String(value)
            let file = dir.appendingPathComponent("v.yaml")
            try Self.yaml(setting: d.path, to: text).write(to: file, atomically: true, encoding: .utf8)
            let loaded = try ScenarioLoader.load(path: file.path).scenario
            #expect(d.get(loaded) == value, "\(d.path): wrote \(text), read \(d.get(loaded))")
            // Past the declared upper bound the loader refuses, naming the path and the declared range.
            if let hi = d.range.upper, hi < 1e9 {
                let bad = d.range.whole ? String(Int(hi) + 1) : String(hi + 1)
                try Self.yaml(setting: d.path, to: bad).write(to: file, atomically: true, encoding: .utf8)
                do {
                    _ = try ScenarioLoader.load(path: file.path)
                    Issue.record("\(d.path) = \(bad) was accepted")
                } catch let e as ScenarioError {
                    #expect(e.keyPath == d.path && e.problem.contains(d.range.text), "\(e)")
                }
            }
        }
    }

    @Test func theEngineRefusesWhatTheDeclarationRefuses() throws {
        var s = try CalibratedCommunityTests.load("mixed/status-quo.yaml")
        s.behaviour.grievanceExit = 1.5
        do {
            _ = try CompiledModel(s)
            Issue.record("grievance_exit = 1.5 was accepted")
        } catch let e as ModelError {
            #expect(e.keyPath == "behaviour.grievance_exit" && e.message == "must be a number in [0, 1], got 1.5")
        }
    }

    /// Every number (or flag) of a structure the scenario files set, by its Swift name, against the fields the
    /// declarations of its section write: a new field without a declaration would be invisible to files, sweeps and
    /// docs, and a declaration that writes no field, or another one, would read and set the wrong value.
    @Test func everyNumberOfTheModelStructuresIsDeclaredByName() throws {
        let scenario = Fixture.quiet()
        let segment = scenario.community.segments[0]
        let rung = Ladder.smart.rungs[0]
        let reminder = try #require(Ladder.smart.preDueReminder)
        // What the declarations write, by Swift name (the scenario's own under their section).
        var written = try Self.fieldsWritten(by: ParameterCatalog.scalars, in: scenario)
        written.formUnion(try Self.fieldsWritten(by: ParameterCatalog.communityStructure, in: scenario.community).map { "community.\($0)" })
        let checks: [(structure: String, fields: Set<String>, written: Set<String>, notParameters: [String: String])] = [
            (
                "Scenario", Self.numericFields(of: scenario), written,
                [
                    "settings.months": "run settings are how a scenario runs, not the model (RunSettings)",
                    "settings.replications": "a run setting", "settings.seed": "a run setting",
                    "statusQuoDunning.setupCost": "the status-quo ladder exists already: it has no set-up cost"
                ]
            ),
            (
                "Segment", Self.numericFields(of: segment),
                try Self.fieldsWritten(by: ParameterCatalog.segmentFields + ParameterCatalog.segmentStructure, in: segment), [:]
            ),
            (
                "Rung", Self.numericFields(of: rung), try Self.fieldsWritten(by: ParameterCatalog.rungFields, in: rung),
                [
                    "capacityPerMonth": "optional, read by the loader on its own (`capacity_per_month`)",
                    "inPerson": "a flag read by the loader on its own (`in_person`)"
                ]
            ),
            ("Reminder", Self.numericFields(of: reminder), try Self.fieldsWritten(by: ParameterCatalog.reminderFields, in: reminder), [:]),
            (
                "Ladder", Self.numericFields(of: Ladder.smart), try Self.fieldsWritten(by: ParameterCatalog.ladderFields, in: Ladder.smart),
                [:]
            )
        ]
        for check in checks {
            let exempt = Set(check.notParameters.keys)
            for field in check.fields.subtracting(check.written).subtracting(exempt).sorted() {
                Issue.record("\(check.structure).\(field) has no declaration (ParameterCatalog or its lever's `declarations`)")
            }
            for field in exempt.subtracting(check.fields).sorted() {
                Issue.record("\(check.structure).\(field) is exempted but is no longer a number of the structure")
            }
            for field in exempt.intersection(check.written).sorted() {
                Issue.record("\(check.structure).\(field) is exempted but has a declaration: drop the exemption")
            }
        }
        // The comparison is by name: Behaviour's and every lever's fields are among those checked.
        let scenarioFields = Self.numericFields(of: scenario)
        #expect(scenarioFields.contains("behaviour.betaTrust") && scenarioFields.contains("levers.cogovernance.mediationProbability"))
        #expect(written.contains("levers.cogovernance.mediationProbability") && written.contains("levers.settlement.setupCost"))
    }

    /// The Swift names (`behaviour.betaTrust`, `propensity.a`) of the numbers and flags stored in `value`, nested
    /// structures entered; an optional number counts as its number. Arrays and optional structures are left out
    /// (their elements are checked as structures of their own).
    static func numericFields(of value: Any, prefix: String = "") -> Set<String> {
        var names = Set<String>()
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let name = prefix.isEmpty ? label : "\(prefix).\(label)"
            let type = "\(Swift.type(of: child.value))"
            let scalar = ["Int", "Double", "Bool", "Int32", "UInt8", "UInt16", "UInt32", "UInt64", "Float"]
            if scalar.contains(type) || scalar.contains(where: { type == "Optional<\($0)>" }) {
                names.insert(name)
            } else if Mirror(reflecting: child.value).displayStyle == .struct {
                names.formUnion(numericFields(of: child.value, prefix: name))
            }
        }
        return names
    }

    /// Every stored leaf of `value` by its Swift name, as text, to see which field a write changed.
    static func leaves(of value: Any, prefix: String = "") -> [String: String] {
        var leaves: [String: String] = [:]
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let name = prefix.isEmpty ? label : "\(prefix).\(label)"
            if Mirror(reflecting: child.value).displayStyle == .struct {
                leaves.merge(Self.leaves(of: child.value, prefix: name)) { $1 }
            } else {
                leaves[name] = String(reflecting: child.value)
            }
        }
        return leaves
    }

    /// The Swift names of the fields `declarations` write in `root`: each declaration is set to another allowed value
    /// and the one stored field that changed is its field (a declaration changing none, or several, is an error).
    static func fieldsWritten<Root>(by declarations: [ParameterDeclaration<Root>], in root: Root) throws -> Set<String> {
        let before = leaves(of: root)
        var names = Set<String>()
        for d in declarations {
            let current = d.get(root)
            let lower = d.range.lower ?? current - 10, upper = d.range.upper ?? current + 10
            let candidates = [
                current + 1, current - 1, (current + upper) / 2, (lower + current) / 2, lower, upper,
                ((lower + upper) / 2).rounded()
            ]
            let value = try #require(candidates.first { d.range.admits($0) && $0 != current }, "\(d.path): no other allowed value")
            var changed = root
            d.set(value, in: &changed)
            let after = leaves(of: changed)
            let fields = after.keys.filter { after[$0] != before[$0] }.sorted()
            if fields.count == 1 {
                names.insert(fields[0])
            } else {
                Issue.record("\(d.path) writes \(fields.isEmpty ? "no field" : "several fields: \(fields)")")
            }
        }
        return names
    }

    @Test func docsModelTableIsTheGeneratedDeclaration() throws {
        let doc = try String(contentsOf: Fixture.packageRoot.appendingPathComponent("docs/MODEL.md"), encoding: .utf8)
        let begin = "<!-- parameters:begin (generated by `feesim paths --markdown`; a test checks it) -->\n"
        let end = "<!-- parameters:end -->"
        let start = try #require(doc.range(of: begin)), stop = try #require(doc.range(of: end))
        let table = String(doc[start.upperBound..<stop.lowerBound])
        #expect(table == ParameterTable.markdown(), "docs/MODEL.md's table is stale: regenerate it with feesim paths --markdown")
    }

    @Test func everyPriorStaysInsideItsAllowedRange() {
        for d in ParameterCatalog.scalars + [] {
            guard let p = d.prior else { continue }
            for u in [0.0, 0.05, 0.5, 0.95, 1.0] {
                #expect(d.range.admits(p.quantile(u)), "\(d.path): prior quantile \(u) = \(p.quantile(u))")
            }
        }
        for d in ParameterCatalog.rungFields {
            guard let p = d.prior else { continue }
            #expect(d.range.admits(p.quantile(0)) && d.range.admits(p.quantile(1)), "\(d.path)")
        }
    }
}
