import FeeSimModel
import FeeSimScenario
import Foundation
import GSLKit

/// Fits scenario parameters to an observed monthly series by minimising the weighted squared error of the
/// simulated mean, with GSL's Nelder–Mead simplex. Every evaluation uses the same seed (common random
/// numbers), so the objective is a deterministic, nearly smooth function of the parameters.
///
/// Uncertainty: with J the Jacobian of the simulated series at the optimum and A = (JᵀWJ)⁻¹JᵀW, the covariance of
/// the fitted parameters is A (C/R + C/K) Aᵀ + σ²(JᵀWJ)⁻¹, where C is the covariance across replications of one
/// replication's series (the model's own noise), R the replications per evaluation (the noise of the simulated
/// mean), K how many communities the observed series averages (1 for one community's history: its noise is one
/// replication's), and σ² = SSE/(n − p) the misfit the model leaves.
public enum Calibration {
    /// - Parameters:
    ///   - lower, upper: bounds per parameter; the search runs on logit-transformed coordinates, so fitted values
    ///     stay strictly inside them.
    ///   - build: the scenario for a parameter vector (throws for values a scenario rejects).
    ///   - metric: the monthly metric compared with the observations.
    public static func run(
        names: [String], lower: [Double], upper: [Double], start: [Double], observations: [Observation],
        metric: Metric = .collectionRate, replications: Int, seed: UInt64, threads: Int? = nil,
        observedIsMeanOf: Int = 1, maxIterations: Int = 150, build: @escaping ([Double]) throws -> Scenario
    ) throws -> CalibrationResult {
        let p = names.count
        let months = observations.map(\.month).max() ?? 1
        func simulate(_ x: [Double]) throws -> [Double] {
            let s = try build(x)
            let model = try CompiledModel(
                s, settings: s.settings.overriding(months: max(months, 1), replications: replications, seed: seed))
            let ensemble = try MonteCarlo.run(model, threads: threads, exactLimit: max(256, replications))
            return observations.map { ensemble.monthly[$0.month - 1][metric.rawValue].mean }
        }
        func sse(_ series: [Double]) -> Double {
            var total = 0.0
            for (s, o) in zip(series, observations) { total += o.weight * (s - o.value) * (s - o.value) }
            return total
        }
        func toX(_ y: [Double]) -> [Double] {
            (0..<p).map { k -> Double in
                let span: Double = upper[k] - lower[k]
                return lower[k] + span / (1 + exp(-y[k]))
            }
        }
        let y0 = (0..<p).map { k -> Double in
            let u = min(0.98, max(0.02, (start[k] - lower[k]) / (upper[k] - lower[k])))
            return log(u / (1 - u))
        }
        let result = try NelderMead.minimize(
            { y in sse(try simulate(toX(y))) }, start: y0,
            step: [Double](repeating: 0.6, count: p), tolerance: 1e-3,
            maxIterations: maxIterations)
        let fitted = toX(result.x)
        let series = try simulate(fitted)
        let minimum = sse(series)

        // Jacobian of the simulated series by central differences (2% of each range), for standard errors.
        let jacobian = try centralDifferences(
            at: fitted, lower: lower, upper: upper, step: 0.02, outputs: observations.count,
            simulate)
        let n = observations.count
        let dof = max(1, n - p)
        let sigma2 = minimum / Double(dof)
        var information = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for t in 0..<n {
            for a in 0..<p { for b in 0..<p { information[a][b] += observations[t].weight * jacobian[t][a] * jacobian[t][b] } }
        }
        // C: covariance across replications of the series at the observed months, at the optimum.
        let s = try build(fitted)
        let model = try CompiledModel(
            s, settings: s.settings.overriding(months: max(months, 1), replications: max(replications, 2), seed: seed))
        let records = try MonteCarlo.run(model, threads: threads, keepRecords: true, statistics: false).records
        let single: [[Double]] = records.map { r in observations.map { r[month: $0.month, metric] } }
        var means = [Double](repeating: 0, count: n)
        for row in single { for t in 0..<n { means[t] += row[t] / Double(single.count) } }
        var c = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for row in single { for x in 0..<n { for y in 0..<n { c[x][y] += (row[x] - means[x]) * (row[y] - means[y]) } } }
        let perReplication: Double = 1 / Double(single.count - 1)
        let noise: Double = 1 / Double(replications) + 1 / Double(max(1, observedIsMeanOf))
        let scale = perReplication * noise
        var covariance = [[Double]](repeating: [Double](repeating: .nan, count: p), count: p)
        if let inverse = invert(information) {
            // A = (JᵀWJ)⁻¹ JᵀW  (p × n)
            var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: p)
            for i in 0..<p {
                for t in 0..<n {
                    var v = 0.0
                    for j in 0..<p { v += inverse[i][j] * jacobian[t][j] }
                    a[i][t] = v * observations[t].weight
                }
            }
            for i in 0..<p {
                for j in 0..<p {
                    var v = 0.0
                    for t in 0..<n { for u in 0..<n { v += a[i][t] * c[t][u] * a[j][u] } }
                    covariance[i][j] = v * scale + sigma2 * inverse[i][j]
                }
            }
        }
        let q = Distribution.studentTQuantile(0.975, dof: Double(dof))
        let errors = (0..<p).map { k in covariance[k][k].isNaN ? Double.nan : max(0, covariance[k][k]).squareRoot() }
        let totalWeight = observations.reduce(0) { $0 + $1.weight }
        return CalibrationResult(
            names: names, start: start, fitted: fitted, standardErrors: errors,
            low: (0..<p).map { max(lower[$0], fitted[$0] - q * errors[$0]) },
            high: (0..<p).map { min(upper[$0], fitted[$0] + q * errors[$0]) },
            sse: minimum, rmse: (minimum / max(totalWeight, 1e-300)).squareRoot(), observations: observations,
            fittedSeries: series, evaluations: result.evaluations, converged: result.converged)
    }

    /// Inverse of a small symmetric matrix by Gauss–Jordan elimination with partial pivoting; nil if singular.
    static func invert(_ m: [[Double]]) -> [[Double]]? {
        let n = m.count
        var a = m.enumerated().map { i, row in row + (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for col in 0..<n {
            guard let pivot = (col..<n).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[pivot][col]) > 1e-300 else {
                return nil
            }
            a.swapAt(col, pivot)
            let d = a[col][col]
            for j in 0..<(2 * n) { a[col][j] /= d }
            for i in 0..<n where i != col {
                let factor = a[i][col]
                if factor != 0 { for j in 0..<(2 * n) { a[i][j] -= factor * a[col][j] } }
            }
        }
        return a.map { Array($0[n...]) }
    }
}

extension Calibration {
    /// The Jacobian of `f` at `x` by central differences: row t, column j is ∂fₜ/∂xⱼ, from steps of `step` × each
    /// range either way, kept inside [lower, upper]. Cost: 2p evaluations of `f`.
    static func centralDifferences(
        at x: [Double], lower: [Double], upper: [Double], step: Double, outputs: Int,
        _ f: ([Double]) throws -> [Double]
    ) throws -> [[Double]] {
        var jacobian = [[Double]](repeating: [Double](repeating: 0, count: x.count), count: outputs)
        for j in x.indices {
            let h = step * (upper[j] - lower[j])
            var up = x, down = x
            up[j] = min(upper[j], x[j] + h)
            down[j] = max(lower[j], x[j] - h)
            let a = try f(up), b = try f(down)
            for t in 0..<outputs { jacobian[t][j] = (a[t] - b[t]) / (up[j] - down[j]) }
        }
        return jacobian
    }
}
