import FeeSimModel
import FeeSimScenario

/// A calibration run end to end: the parameters to fit (by path, within search bounds inside what each allows),
/// fitted to an observed monthly series (``Calibration/run(names:lower:upper:start:observations:metric:replications:seed:threads:observedIsMeanOf:maxIterations:build:)``)
/// or to moments (``Calibration/fitMoments(names:lower:upper:start:moments:months:replications:seed:threads:maxIterations:flatThreshold:build:)``),
/// starting from the scenario's values, every evaluation on one seed.
public enum CalibrationStudy {
    /// What the parameters are fitted to.
    public enum Target: Sendable {
        /// An observed series of a monthly metric; `observedMeanOf` communities averaged in each observation.
        case series([Observation], metric: Metric, observedMeanOf: Int)
        /// Figures of replications.csv (horizon metrics) with their targets, over `months` months.
        case moments([Moment], months: Int)
    }

    /// The fit, of the kind of its target.
    public enum Fit: Sendable {
        case series(CalibrationResult)
        case moments(MomentFit)
    }

    /// Fits the plan's parameters to its target.
    /// - Complexity: the optimiser's evaluations (at most about `maxIterations` + 2p + 1) × `replications` runs.
    public static func run(_ plan: Plan, threads: Int?) throws -> Fit {
        let (base, paths, bounds) = (plan.scenario, plan.paths, plan.bounds)
        let build: ([Double]) throws -> Scenario = { x in
            var s = base
            for (p, v) in zip(paths, x) { try p.set(p.whole ? v.rounded() : v, in: &s) }
            return s
        }
        let (names, lower, upper, start) = (paths.map(\.path), bounds.map(\.lower), bounds.map(\.upper), paths.map { $0.value(in: base) })
        switch plan.target {
        case .series(let observations, let metric, let meanOf):
            return .series(
                try Calibration.run(
                    names: names, lower: lower, upper: upper, start: start, observations: observations, metric: metric,
                    replications: plan.replications, seed: plan.seed, threads: threads, observedIsMeanOf: meanOf,
                    maxIterations: plan.maxIterations, build: build))
        case .moments(let moments, let months):
            return .moments(
                try Calibration.fitMoments(
                    names: names, lower: lower, upper: upper, start: start, moments: moments, months: months,
                    replications: plan.replications, seed: plan.seed, threads: threads, maxIterations: plan.maxIterations, build: build))
        }
    }
}
