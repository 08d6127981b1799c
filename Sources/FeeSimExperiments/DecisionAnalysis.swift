import FeeSimModel
import Foundation
import GSLKit

/// Decision measures over a probabilistic sample: which strategy is best how often, the acceptability curve,
/// and the expected value of perfect and partial perfect information (Strong, Oakley & Brennan 2014).
public enum DecisionAnalysis {
    /// P(each strategy has the highest net benefit), over the sets; ties go to the first listed. Sums to 1.
    public static func probabilityBest(_ nb: [[Double]]) -> [Double] {
        guard let k = nb.first?.count else { return [] }
        var wins = [Double](repeating: 0, count: k)
        for row in nb { wins[argmax(row)] += 1 }
        return wins.map { $0 / Double(nb.count) }
    }

    static func argmax(_ row: [Double]) -> Int {
        var best = 0
        for s in row.indices where row[s] > row[best] { best = s }
        return best
    }

    /// The cost-effectiveness acceptability curve: for each value λ of one unit of the effect (yuan per point of
    /// 收缴率), P(each strategy has the highest net monetary benefit NB + λ·effect). [λ][strategy].
    public static func acceptability(netBenefit nb: [[Double]], effect: [[Double]], values: [Double]) -> [[Double]] {
        values.map { lambda in
            probabilityBest(zip(nb, effect).map { n, e in zip(n, e).map { $0 + lambda * $1 } })
        }
    }

    /// EVPI = E[max_s NB_s] − max_s E[NB_s]: what knowing every parameter would be worth, in the units of NB.
    public static func evpi(_ nb: [[Double]]) -> Double {
        guard let k = nb.first?.count, !nb.isEmpty else { return .nan }
        let n = Double(nb.count)
        let expectedMax = nb.map { $0.max()! }.reduce(0, +) / n
        let means = (0..<k).map { s in nb.map { $0[s] }.reduce(0, +) / n }
        return expectedMax - means.max()!
    }

    /// The Monte Carlo standard error of ``evpi(_:)`` over the sets, by the delta method: EVPI is exactly the mean
    /// over the n sets of the regret rᵢ = maxₛ NBᵢₛ − NBᵢₛ* of s*, the strategy with the highest mean (ties: the
    /// first), so its standard error is sd(r)/√n — which strategy s* is taken as known. Deterministic; NaN for
    /// fewer than 2 sets. In the units of NB. O(sets · strategies).
    public static func evpiStandardError(_ nb: [[Double]]) -> Double {
        guard let k = nb.first?.count, k > 0, nb.count >= 2 else { return .nan }
        let n = Double(nb.count)
        let chosen = argmax((0..<k).map { s in nb.map { $0[s] }.reduce(0, +) / n })
        let regret = nb.map { $0.max()! - $0[chosen] }
        let mean = regret.reduce(0, +) / n
        let variance = regret.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
        return (variance / n).squareRoot()
    }

    /// The null floor of ``evppi(netBenefit:inputs:resamples:seed:)``: the same estimator with the rows of `inputs`
    /// shuffled, so that they carry no information about the net benefit, over `permutations` shuffles. Returns the
    /// mean and the 95th percentile of those estimates (yuan): an EVPPI estimate not above the 95th percentile is
    /// indistinguishable from what the regression finds in noise of the same size. O(permutations · fit).
    public static func evppiNullFloor(
        netBenefit nb: [[Double]], inputs: [[Double]], permutations: Int = 20,
        seed: UInt64 = 1
    ) throws -> (mean: Double, p95: Double) {
        let rng = try RandomStream(seed: SeedSequence.seed(master: seed, replication: 0, stream: StreamIDs.valueOfInformationNullFloor))
        var values: [Double] = []
        for _ in 0..<max(1, permutations) {
            var order = Array(inputs.indices)
            for k in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(k, min(k, Int(rng.uniform() * Double(k + 1))))
            }
            values.append(max(0, evpi(fit(nb: nb, x: order.map { inputs[$0] }))))
        }
        let sorted = values.sorted()
        return (values.reduce(0, +) / Double(values.count), SampleSummary.quantile(sorted: sorted, 0.95))
    }

    /// EVPPI of the inputs (one parameter, or a group), by regression (Strong, Oakley & Brennan 2014): each
    /// strategy's net benefit is regressed on the inputs (a cubic for one input; linear terms for a group, so that
    /// a group does not overfit a small sample), and EVPPI = E[max_s ĝ_s] − max_s E[ĝ_s] over the fitted values. The standard error is the
    /// bootstrap's over the sets (`resamples`, seeded). Never above EVPI up to estimation error; ≈ 0 for inputs
    /// that do not move the decision.
    public static func evppi(
        netBenefit nb: [[Double]], inputs: [[Double]], resamples: Int = 200,
        seed: UInt64 = 1
    ) throws -> (value: Double, standardError: Double) {
        func estimate(_ rows: [Int]) -> Double {
            let fitted = fit(nb: rows.map { nb[$0] }, x: rows.map { inputs[$0] })
            return evpi(fitted)
        }
        let all = Array(nb.indices)
        let value = estimate(all)
        guard resamples > 1 else { return (value, .nan) }
        let rng = try RandomStream(seed: SeedSequence.seed(master: seed, replication: 0, stream: StreamIDs.bootstrap))
        var values: [Double] = []
        for _ in 0..<resamples {
            let rows = all.map { _ in min(all.count - 1, Int(rng.uniform() * Double(all.count))) }
            values.append(estimate(rows))
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        return (max(0, value), sd)
    }

    /// Least-squares fitted values of each strategy's column on [1, x, x², x³] for one input, [1, x₁, …, x_d] for
    /// several (inputs standardised).
    static func fit(nb: [[Double]], x: [[Double]]) -> [[Double]] {
        let n = nb.count, k = nb.first?.count ?? 0, d = x.first?.count ?? 0
        // Standardise each input, then the design matrix.
        var columns: [[Double]] = [[Double](repeating: 1, count: n)]
        for j in 0..<d {
            let v = x.map { $0[j] }
            let m = v.reduce(0, +) / Double(n)
            let sd = max(1e-12, (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(n)).squareRoot())
            let z = v.map { ($0 - m) / sd }
            if z.allSatisfy({ $0 == 0 }) { continue }
            columns += d == 1 ? [z, z.map { $0 * $0 }, z.map { $0 * $0 * $0 }] : [z]
        }
        let p = min(columns.count, max(1, n - 2))
        let design = Array(columns.prefix(p))
        var xtx = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for a in 0..<p { for b in 0..<p { xtx[a][b] = zip(design[a], design[b]).reduce(0) { $0 + $1.0 * $1.1 } } }
        // A small ridge keeps collinear designs (few sets, discrete inputs) solvable without changing fits.
        for a in 0..<p { xtx[a][a] += 1e-9 * Double(n) }
        guard let inverse = Calibration.invert(xtx) else { return nb }
        var fitted = [[Double]](repeating: [Double](repeating: 0, count: k), count: n)
        for s in 0..<k {
            let y = nb.map { $0[s] }
            let xty = (0..<p).map { a in zip(design[a], y).reduce(0) { $0 + $1.0 * $1.1 } }
            let beta = (0..<p).map { a in (0..<p).reduce(0) { $0 + inverse[a][$1] * xty[$1] } }
            for i in 0..<n { fitted[i][s] = (0..<p).reduce(0) { $0 + beta[$1] * design[$1][i] } }
        }
        return fitted
    }
}
