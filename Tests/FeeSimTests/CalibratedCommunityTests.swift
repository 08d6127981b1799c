import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import Testing

/// The shipped communities reproduce what docs/CALIBRATION.md says they do, and every lever moves collection
/// the way the evidence says it does (docs/MODEL.md §6).
@Suite struct CalibratedCommunityTests {
    static func load(_ file: String) throws -> Scenario {
        try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/\(file)").path).scenario
    }

    static func run(_ s: Scenario, months: Int = 36, replications: Int = 40) throws -> Ensemble {
        var s = s
        s.months = months
        s.replications = replications
        return try MonteCarlo.run(try CompiledModel(s), threads: 2)
    }

    /// (file, annual 收缴率 the plan states for the case). Each status quo carries its posterior medians
    /// (docs/CALIBRATION.md): its year-1 rate is within 4 points (2 sd) of the plan's figure, and every target of its
    /// targets.yaml — 收缴率 years 1–3, owing at the year's end, paying nothing, 清欠率, cash ÷ billing — within
    /// two of its standard deviations, or three for an assumption.
    @Test(arguments: [("mixed/status-quo.yaml", 0.75), ("highend/status-quo.yaml", 0.95), ("old/status-quo.yaml", 0.60)])
    func statusQuoReproducesItsCalibratedTargets(file: String, target: Double) throws {
        let scenario = try Self.load(file)
        let e = try Self.run(scenario)
        func mean(_ name: String) -> Double { e.horizon(name)!.mean }
        // 40 replications: the Monte Carlo standard error of a year's rate is about 0.3 points. The marginal
        // medians are not themselves a posterior draw, so the point they make sits within the targets' tolerance
        // rather than on them (the old community's year 1: 63.8% against 60% ± 2).
        let year1 = mean("collection_rate_year_1")
        #expect(abs(year1 - target) <= 0.04, "\(file): year 1 \(year1)")
        let targetsPath = Fixture.packageRoot.appendingPathComponent("Scenarios/\(file)").deletingLastPathComponent()
            .appendingPathComponent("targets.yaml").path
        // Sourced targets within 2 sd; assumptions within 3 (the old community's owing share, which the model cannot
        // bring much below two thirds with monthly bills, sits about 1.8 sd above its assumed 50%: docs/CALIBRATION.md).
        for t in try CalibrationTargets.load(path: targetsPath, scenario: scenario).targets {
            let allowed = (t.isAssumption ? 3 : 2) * t.sd
            #expect(abs(mean(t.name) - t.value) <= allowed, "\(file): \(t.name) \(mean(t.name)) against \(t.value) ± \(t.sd)")
        }
        // Late payment is a minority of what is missing: most of the gap is chronic (paid nothing all year).
        #expect(mean("on_time_rate_year_1") < year1)
        // Hardship is a minority reason everywhere (Legal Daily 2022; EfD); service and disputes dominate.
        let reasons = ["reason_grievance_final", "reason_low_willingness_final", "reason_strategic_final",
                       "reason_hardship_final", "reason_inattention_final", "reason_vacancy_final"].map(mean)
        #expect(reasons[3] < 0.1, "\(file): hardship share \(reasons[3])")
        #expect(reasons[0] + reasons[1] > 0.5, "\(file): grievance + low willingness \(reasons[0] + reasons[1])")
        if file != "highend/status-quo.yaml" {
            // Trust and perceived service sit inside their ranges, not at a bound.
            for name in ["mean_trust_final", "perceived_quality_final"] {
                #expect((0.2...0.9).contains(mean(name)), "\(file): \(name) \(mean(name))")
            }
            #expect(mean("service_quality_final") < 0.97, "\(file): service quality at its bound")
        }
        if file == "mixed/status-quo.yaml" {
            // The dispute community: grievance is the largest reason.
            #expect(reasons[0] == reasons.max(), "\(file): reasons \(reasons)")
        }
    }

    /// The shipped communities' status quos carry the posterior medians of their posterior.csv (to the 4
    /// significant digits written in the scenario files).
    @Test func eachShippedStatusQuoCarriesItsPosteriorMedians() throws {
        for community in ["mixed", "old", "highend"] {
            let folder = Fixture.packageRoot.appendingPathComponent("Scenarios/\(community)")
            let sample = try PosteriorSample.load(path: folder.appendingPathComponent("posterior.csv").path)
            let scenario = try ScenarioLoader.load(path: folder.appendingPathComponent("status-quo.yaml").path).scenario
            for (name, median) in zip(sample.names, sample.medians) {
                let value = try ParameterSpace.resolve(name, in: scenario).value(in: scenario)
                #expect(abs(value - median) <= 1e-3 * max(abs(median), 1e-3), "\(community): \(name) = \(value), posterior median \(median)")
            }
            #expect(sample.header.contains { $0.hasPrefix("seed ") } && sample.header.contains { $0.hasPrefix("tool feesim ") })
        }
    }

    @Test func everyLeverMovesCollectionTheWayTheEvidenceSays() throws {
        let base = try Self.load("mixed/status-quo.yaml")
        var small = base
        small.community.households = 600
        small.community.buildings = 6
        let reference = try Self.run(small, months: 24, replications: 30)
        func effect(_ levers: LeverSet) throws -> (revenue: Double, onTime: Double) {
            var s = small
            s.rollout = [Phase(name: "all", startMonth: 1, endMonth: nil, buildings: .all, levers: levers)]
            let e = try Self.run(s, months: 24, replications: 30)
            let revenue = e.horizon("total_cash_in")!.mean - reference.horizon("total_cash_in")!.mean
            let onTime = e.horizon("on_time_rate_year_1")!.mean - reference.horizon("on_time_rate_year_1")!.mean
            return (revenue, onTime)
        }
        // Each lever alone raises cash collected over two years (common random numbers: the same households
        // and luck, so a difference of this size is not noise — the paired s.e. is a few hundred yuan).
        for lever in Lever.allCases {
            let e = try effect(LeverSet(lever))
            #expect(e.revenue > 0, "\(lever.key): \(e.revenue)")
        }
        // Reminders raise the on-time rate (they speed payment).
        #expect(try effect(.dunning).onTime > 0.01)
    }
}

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
        try FileManager.default.copyItem(at: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/status-quo.yaml"),
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

    @Test func everyNumberOfTheBehaviourAndLeverStructuresIsDeclared() {
        // A new field added to Behaviour or a lever without a declaration would be invisible to files, sweeps
        // and docs: count the numeric stored properties against the declarations of their section.
        func numericFields(_ value: Any) -> Int {
            Mirror(reflecting: value).children.filter { $0.value is Double || $0.value is Int }.count
        }
        // (`levers.<lever>.enabled` is the lever's switch, kept in `Levers.disabled`, not a field of the lever.)
        func declared(_ prefix: String) -> Int {
            ParameterCatalog.scalars.filter { $0.path.hasPrefix(prefix) && !$0.path.hasSuffix(".enabled") }.count
        }
        let levers = Levers()
        #expect(numericFields(Behaviour()) == declared("behaviour."))
        #expect(numericFields(levers.transparency) == declared("levers.transparency."))
        #expect(numericFields(levers.assistance) == declared("levers.assistance."))
        #expect(numericFields(levers.cogovernance) == declared("levers.cogovernance."))
        #expect(numericFields(levers.legal) == declared("levers.legal."))
        #expect(numericFields(Target()) == declared("target."))
        // Rungs: every number but the optional capacity (read on its own) is declared, and `written_demand`, a flag
        // declared as 0 or 1 (`in_person` is read on its own).
        #expect(numericFields(Ladder.smart.rungs[0]) + 1 == ParameterCatalog.rungFields.count)
        // A ladder's own numbers: its drive month and set-up cost.
        #expect(numericFields(Ladder.smart) == ParameterCatalog.ladderFields.count)
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
