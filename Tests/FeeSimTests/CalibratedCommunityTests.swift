import FeeSimExperiments
import FeeSimModel
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

    /// The annual 收缴率 the plan states for each shipped community (docs/CALIBRATION.md). Each status quo carries
    /// its posterior medians: its year-1 rate is within 4 points (2 sd) of the plan's figure, and every target of its
    /// targets.yaml — 收缴率 years 1–3, owing at the year's end, paying nothing, 清欠率, cash ÷ billing — within two of
    /// its standard deviations, or three for an assumption.
    static let calibratedRate = ["mixed": 0.75, "highend": 0.95, "old": 0.60]

    /// Every community found in Scenarios/, so a new one is held to its calibration without editing this test.
    @Test(arguments: Fixture.shippedCommunities)
    func statusQuoReproducesItsCalibratedTargets(community: String) throws {
        let target = try #require(
            Self.calibratedRate[community],
            "Scenarios/\(community)/ has no calibrated 收缴率 here (see docs/CALIBRATION.md)")
        let file = "\(community)/status-quo.yaml"
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
        let reasons = [
            "reason_grievance_final", "reason_low_willingness_final", "reason_strategic_final",
            "reason_hardship_final", "reason_inattention_final", "reason_vacancy_final"
        ].map(mean)
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
                #expect(
                    abs(value - median) <= 1e-3 * max(abs(median), 1e-3), "\(community): \(name) = \(value), posterior median \(median)")
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
