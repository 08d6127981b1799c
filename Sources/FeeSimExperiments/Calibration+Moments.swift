import FeeSimModel
import FeeSimScenario
import Foundation
import GSLKit

extension Calibration {
    /// Fits parameters so that the simulated means of several horizon figures come as close as possible to
    /// their targets: minimises Σ wₖ (mₖ(θ) − targetₖ)² with GSL's Nelder–Mead simplex on logit-transformed
    /// coordinates (so fits stay inside the bounds), every evaluation on the same seed (common random numbers).
    /// - Parameters:
    ///   - build: the scenario for a parameter vector (throws for values a scenario rejects).
    ///   - months: horizon of each evaluation (long enough for every moment, e.g. 36 for a year-3 figure).
    /// - Complexity: (evaluations + 2p + 1) runs of `replications` replications.
    public static func fitMoments(
        names: [String], lower: [Double], upper: [Double], start: [Double], moments: [Moment], months: Int,
        replications: Int, seed: UInt64, threads: Int? = nil, maxIterations: Int = 150, flatThreshold: Double = 0.005,
        build: @escaping ([Double]) throws -> Scenario
    ) throws -> MomentFit {
        let p = names.count
        func simulate(_ x: [Double]) throws -> (mean: [Double], se: [Double]) {
            let s = try build(x)
            let model = try CompiledModel(s, settings: s.settings.overriding(months: months, replications: replications, seed: seed))
            let ensemble = try MonteCarlo.run(model, threads: threads, exactLimit: max(256, replications))
            var means: [Double] = [], errors: [Double] = []
            for m in moments {
                guard let summary = ensemble.horizon(m.name) else {
                    throw ComparisonError(message: "no horizon figure named '\(m.name)'")
                }
                means.append(summary.mean)
                errors.append(summary.sd / Double(max(1, summary.count)).squareRoot())
            }
            return (means, errors)
        }
        func distance(_ values: [Double]) -> Double {
            var total = 0.0
            for (v, m) in zip(values, moments) {
                let d = v.isNaN ? 1 : v - m.target
                total += m.weight * d * d
            }
            return total
        }
        func toX(_ y: [Double]) -> [Double] {
            (0..<p).map { k -> Double in lower[k] + (upper[k] - lower[k]) / (1 + exp(-y[k])) }
        }
        let y0 = (0..<p).map { k -> Double in
            let u = min(0.98, max(0.02, (start[k] - lower[k]) / (upper[k] - lower[k])))
            return log(u / (1 - u))
        }
        let result = try NelderMead.minimize(
            { y in distance(try simulate(toX(y)).mean) }, start: y0,
            step: [Double](repeating: 0.8, count: p), tolerance: 1e-3,
            maxIterations: maxIterations)
        let fitted = toX(result.x)
        let (reached, errors) = try simulate(fitted)
        // Each moment's change for a move of 10% of a parameter's range, by central differences (5% each way).
        let sensitivity = try centralDifferences(at: fitted, lower: lower, upper: upper, step: 0.05, outputs: moments.count) {
            try simulate($0).mean
        }.map { row in row.indices.map { j in row[j] * 0.1 * (upper[j] - lower[j]) } }
        let flat = (0..<p).map { j in moments.indices.allSatisfy { abs(sensitivity[$0][j]) < flatThreshold } }
        return MomentFit(
            names: names, start: start, fitted: fitted, moments: moments, reached: reached,
            reachedStandardErrors: errors, sensitivity: sensitivity, flat: flat,
            flatThreshold: flatThreshold, distance: distance(reached), evaluations: result.evaluations,
            converged: result.converged)
    }
}
