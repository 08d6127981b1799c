import FeeSimModel
import Foundation
import GSLKit

/// An estimate with its 95% bootstrap interval.
public struct Estimate: Sendable, Equatable {
    public let value: Double
    public let low: Double
    public let high: Double
}

/// Morris elementary effects (Morris 1991; μ* of Campolongo et al. 2007) on the unit cube.
public enum Morris {
    /// `trajectories` one-at-a-time paths of k + 1 points each on a grid of `levels` levels, step
    /// Δ = levels / (2(levels − 1)). Each path starts at a random grid point and moves every coordinate once,
    /// in a random order, up by Δ where it can and down otherwise.
    /// - Returns: the points (trajectory by trajectory) and, per step, which coordinate moved and the signed Δ.
    public static func design(parameters k: Int, trajectories r: Int, levels p: Int, seed: UInt64) throws
        -> (points: [[Double]], moves: [(coordinate: Int, delta: Double)])
    {
        let rng = try RandomStream(
            generator: "mt19937", seed: SeedSequence.seed(master: seed, replication: 0, stream: StreamIDs.morrisDesign))
        let delta = Double(p) / (2 * Double(p - 1))
        var points: [[Double]] = []
        var moves: [(Int, Double)] = []
        for _ in 0..<r {
            var x = (0..<k).map { _ in Double(Int(rng.uniform() * Double(p))) / Double(p - 1) }
            points.append(x)
            var order = (0..<k).map { Int32($0) }
            rng.shuffle(&order)
            for c in order.map({ Int($0) }) {
                let step = x[c] + delta <= 1 + 1e-12 ? delta : -delta
                x[c] += step
                points.append(x)
                moves.append((c, step))
            }
        }
        return (points, moves)
    }

    /// μ* (mean |EE|) with a bootstrap interval over trajectories, μ (mean EE) and σ (sd of EE) per coordinate.
    public static func analyse(
        outputs f: [Double], parameters k: Int, trajectories r: Int,
        moves: [(coordinate: Int, delta: Double)], bootstrap: Int, seed: UInt64
    ) throws
        -> [(muStar: Estimate, mu: Double, sigma: Double)]
    {
        // effects[t][c]: trajectory t's elementary effect of coordinate c.
        var effects = [[Double]](repeating: [Double](repeating: .nan, count: k), count: r)
        for t in 0..<r {
            for s in 0..<k {
                let move = moves[t * k + s]
                let before = f[t * (k + 1) + s], after = f[t * (k + 1) + s + 1]
                effects[t][move.coordinate] = (after - before) / move.delta
            }
        }
        let rng = try RandomStream(
            generator: "mt19937", seed: SeedSequence.seed(master: seed, replication: 0, stream: StreamIDs.morrisBootstrap))
        return (0..<k).map { c in
            let ee = effects.map { $0[c] }
            let muStar = ee.map(abs).reduce(0, +) / Double(r)
            let mu = ee.reduce(0, +) / Double(r)
            let sigma = r > 1 ? (ee.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(r - 1)).squareRoot() : 0
            var resampled: [Double] = []
            for _ in 0..<bootstrap {
                var total = 0.0
                for _ in 0..<r { total += abs(ee[Int(rng.uniform() * Double(r))]) }
                resampled.append(total / Double(r))
            }
            resampled.sort()
            let low = bootstrap > 0 ? SampleSummary.quantile(sorted: resampled, 0.025) : .nan
            let high = bootstrap > 0 ? SampleSummary.quantile(sorted: resampled, 0.975) : .nan
            return (Estimate(value: muStar, low: low, high: high), mu, sigma)
        }
    }
}

/// Sobol' first-order and total indices from Saltelli's sampling scheme with Jansen's estimators
/// (Saltelli et al. 2010, table 2: estimators (b) for Sᵢ's complement and (f) for Sₜᵢ).
public enum SobolIndices {
    /// Saltelli's design on the unit cube: matrices A and B (N rows each) from a 2k-dimensional Sobol sequence,
    /// and for each coordinate i the matrix A_B⁽ⁱ⁾ (A with column i from B). Points are ordered A, B, A_B⁽¹⁾, …,
    /// A_B⁽ᵏ⁾: N(k + 2) in all.
    public static func design(parameters k: Int, samples n: Int) throws -> [[Double]] {
        let q = try QuasiRandomSequence(.sobol, dimension: 2 * k)
        _ = try q.next()   // skip the origin
        var a: [[Double]] = [], b: [[Double]] = []
        for _ in 0..<n {
            let u = try q.next()
            a.append(Array(u[0..<k]))
            b.append(Array(u[k..<(2 * k)]))
        }
        var points = a + b
        for i in 0..<k {
            points += (0..<n).map { row in
                var x = a[row]
                x[i] = b[row][i]
                return x
            }
        }
        return points
    }

    /// First-order Sᵢ and total Sₜᵢ per coordinate, with 95% percentile-bootstrap intervals over the N rows.
    /// `f` holds the outputs in ``design(parameters:samples:)`` order.
    public static func analyse(outputs f: [Double], parameters k: Int, samples n: Int, bootstrap: Int, seed: UInt64)
        throws -> [(first: Estimate, total: Estimate)]
    {
        let fa = Array(f[0..<n]), fb = Array(f[n..<(2 * n)])
        let fab = (0..<k).map { i in Array(f[((2 + i) * n)..<((3 + i) * n)]) }
        func indices(_ rows: [Int]) -> [(Double, Double)] {
            let m = Double(rows.count)
            var mean = 0.0
            for r in rows { mean += fa[r] + fb[r] }
            mean /= 2 * m
            var variance = 0.0
            for r in rows { variance += (fa[r] - mean) * (fa[r] - mean) + (fb[r] - mean) * (fb[r] - mean) }
            variance /= 2 * m - 1
            return (0..<k).map { i in
                var first = 0.0, total = 0.0
                for r in rows {
                    first += (fb[r] - fab[i][r]) * (fb[r] - fab[i][r])
                    total += (fa[r] - fab[i][r]) * (fa[r] - fab[i][r])
                }
                guard variance > 0 else { return (Double.nan, Double.nan) }
                return ((variance - first / (2 * m)) / variance, total / (2 * m) / variance)
            }
        }
        let point = indices(Array(0..<n))
        let rng = try RandomStream(
            generator: "mt19937", seed: SeedSequence.seed(master: seed, replication: 0, stream: StreamIDs.sobolBootstrap))
        var firsts = [[Double]](repeating: [], count: k), totals = [[Double]](repeating: [], count: k)
        for _ in 0..<bootstrap {
            let rows = (0..<n).map { _ in Int(rng.uniform() * Double(n)) }
            for (i, (s1, st)) in indices(rows).enumerated() {
                firsts[i].append(s1)
                totals[i].append(st)
            }
        }
        return (0..<k).map { i in
            let s = firsts[i].sorted(), t = totals[i].sorted()
            func ci(_ v: [Double]) -> (Double, Double) {
                v.isEmpty ? (.nan, .nan) : (SampleSummary.quantile(sorted: v, 0.025), SampleSummary.quantile(sorted: v, 0.975))
            }
            let (sl, sh) = ci(s), (tl, th) = ci(t)
            return (Estimate(value: point[i].0, low: sl, high: sh), Estimate(value: point[i].1, low: tl, high: th))
        }
    }
}
