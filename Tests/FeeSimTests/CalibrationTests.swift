@testable import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation
import GSLKit
import Testing

@Suite struct CalibrationTests {
    @Test func nelderMeadFindsTheMinimumOfAQuadratic() throws {
        let r = try NelderMead.minimize({ x in pow(x[0] - 3, 2) + 10 * pow(x[1] + 1, 2) }, start: [0, 0], step: [1, 1],
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
        var base = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed-status-quo.yaml").path).scenario
        base.community.households = 400
        base.community.buildings = 4
        let path = try ParameterSpace.resolve("behaviour.beta_trust", in: base)
        func build(_ x: [Double]) throws -> Scenario {
            var s = base
            try path.set(x[0], in: &s)
            return s
        }
        // The "observed" series: FeeSim itself at β_τ = 1.4, with other random numbers and more replications.
        var truth = try build([1.4])
        truth.months = 12
        truth.replications = 40
        truth.seed = 999
        let observed = try MonteCarlo.run(try CompiledModel(truth), threads: 2).monthly.enumerated().map { t, row in
            Observation(month: t + 1, value: row[Metric.collectionRate.rawValue].mean)
        }
        let fit = try Calibration.run(names: ["behaviour.beta_trust"], lower: [0.2], upper: [4], start: [3],
                                      observations: observed, replications: 20, seed: 7, threads: 2,
                                      observedIsMeanOf: 40, build: build)
        // β_τ moves the collection rate by about 6 points per unit here, and the fit's noise is a fraction of a
        // point, so it should land within ±0.2 of the truth, with an interval that contains it.
        #expect(abs(fit.fitted[0] - 1.4) < 0.2, "fitted \(fit.fitted[0])")
        #expect(fit.low[0] <= 1.4 && 1.4 <= fit.high[0], "interval \(fit.low[0])–\(fit.high[0])")
        #expect(fit.rmse < 0.01)
        #expect(fit.fittedSeries.count == 12)
    }
}
