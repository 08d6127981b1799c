import FeeSimModel
import FeeSimScenario
import Foundation
import GSLKit
import Testing

@testable import FeeSimExperiments

@Suite struct CalibrationTests {
    @Test func nelderMeadFindsTheMinimumOfAQuadratic() throws {
        let r = try NelderMead.minimize(
            { x in pow(x[0] - 3, 2) + 10 * pow(x[1] + 1, 2) }, start: [0, 0], step: [1, 1],
            tolerance: 1e-6, maxIterations: 500)
        #expect(r.converged)
        #expect(abs(r.x[0] - 3) < 1e-3 && abs(r.x[1] + 1) < 1e-3)
    }

    @Test func errorsInTheObjectiveStopTheSearch() {
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try NelderMead.minimize({ _ in throw Boom() }, start: [0], step: [1])
        }
    }

    @Test func matrixInverseInvertsAndRefusesSingularMatrices() throws {
        let inv = try #require(Calibration.invert([[4, 7], [2, 6]]))
        #expect(abs(inv[0][0] - 0.6) < 1e-12 && abs(inv[0][1] + 0.7) < 1e-12 && abs(inv[1][1] - 0.4) < 1e-12)
        #expect(Calibration.invert([[1, 2], [2, 4]]) == nil)
    }

    @Test func parametersThatGeneratedASyntheticSeriesAreRecovered() throws {
        var base = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/status-quo.yaml").path)
            .scenario
        base.community.households = 400
        base.community.buildings = 4
        // No building-wide disputes: with 4 buildings, whether one starts in a dispute would swamp the signal of
        // individual grievances that these tests recover.
        base.community.disputeBuildings = 0
        base.behaviour.episodeOnset = 0
        let path = try ParameterSpace.resolve("behaviour.grievance_entry", in: base)
        func build(_ x: [Double]) throws -> Scenario {
            var s = base
            try path.set(x[0], in: &s)
            return s
        }
        // The "observed" series: FeeSim itself at a grievance onset of 0.03, with other random numbers and more
        // replications.
        var truth = try build([0.03])
        truth.months = 12
        truth.replications = 40
        truth.seed = 999
        let observed = try MonteCarlo.run(try CompiledModel(truth), threads: 2).monthly.enumerated().map { t, row in
            Observation(month: t + 1, value: row[Metric.collectionRate.rawValue].mean)
        }
        let fit = try Calibration.run(
            names: ["behaviour.grievance_entry"], lower: [0.005], upper: [0.08], start: [0.06],
            observations: observed, replications: 20, seed: 7, threads: 2,
            observedIsMeanOf: 40, build: build)
        // The onset moves the year's collection rate by about 1.4 points per 0.01 here, and the fit's noise is a
        // fraction of a point, so it should land within ±0.01 of the truth, with an interval that contains it.
        #expect(abs(fit.fitted[0] - 0.03) < 0.01, "fitted \(fit.fitted[0])")
        #expect(fit.low[0] <= 0.03 && 0.03 <= fit.high[0], "interval \(fit.low[0])–\(fit.high[0])")
        #expect(fit.rmse < 0.01)
        #expect(fit.fittedSeries.count == 12)
    }

    @Test func severalMomentsAtOnceRecoverTheParametersThatMadeThem() throws {
        var base = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/status-quo.yaml").path)
            .scenario
        base.community.households = 400
        base.community.buildings = 4
        // No building-wide disputes: with 4 buildings, whether one starts in a dispute would swamp the signal of
        // individual grievances that these tests recover.
        base.community.disputeBuildings = 0
        base.behaviour.episodeOnset = 0
        let grievance = try ParameterSpace.resolve("behaviour.grievance_entry", in: base)
        let attention = try ParameterSpace.resolve("community.segments.owner_occupier.attention", in: base)
        func build(_ x: [Double]) throws -> Scenario {
            var s = base
            try grievance.set(x[0], in: &s)
            try attention.set(x[1], in: &s)
            return s
        }
        // Targets made by FeeSim itself at (0.03, 0.8) with more replications and other random numbers.
        var truth = try build([0.03, 0.8])
        truth.months = 12
        truth.replications = 60
        truth.seed = 4242
        let made = try MonteCarlo.run(try CompiledModel(truth), threads: 2)
        let moments = ["collection_rate_year_1", "on_time_rate_year_1"].map {
            Moment(name: $0, target: made.horizon($0)!.mean)
        }
        let fit = try Calibration.fitMoments(
            names: ["grievance_entry", "attention"], lower: [0.005, 0.3],
            upper: [0.08, 0.99], start: [0.06, 0.5], moments: moments, months: 12,
            replications: 20, seed: 7, threads: 2, build: build)
        // The onset sets the annual rate, attention the on-time rate (about 4 points per 0.1 here): both are
        // pinned down, and each lands near its truth.
        #expect(!fit.flat[0] && !fit.flat[1])
        #expect(abs(fit.fitted[0] - 0.03) < 0.01, "fitted \(fit.fitted)")
        #expect(abs(fit.fitted[1] - 0.8) < 0.08, "fitted \(fit.fitted)")
        for (k, m) in moments.enumerated() { #expect(abs(fit.reached[k] - m.target) < 0.01) }
    }
}
