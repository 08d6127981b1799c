import FeeSimModel
import Foundation

/// Ranks strategies across many plausible worlds (uncertain parameters drawn by Latin hypercube): expected net
/// benefit, chance of meeting the target, worst case and regret; and, for the best strategy, where it fails.
public enum RobustChoice {
    /// One strategy's figures across worlds.
    public struct Row: Sendable {
        public let strategy: String
        public let meanNetBenefit: Double
        public let worstNetBenefit: Double
        /// Mean over worlds of P(collection rate ≥ target by the target month).
        public let meetsTarget: Double
        public let meanRegret: Double
        public let maxRegret: Double
    }

    /// A box of parameter ranges (PRIM) where a strategy misses the target more often than elsewhere.
    public struct FailureBox: Sendable {
        public let strategy: String
        /// (parameter, low, high) for every parameter the peeling restricted.
        public let bounds: [(parameter: String, low: Double, high: Double)]
        /// Share of all worlds inside the box, and the failure rate inside and overall.
        public let coverage: Double
        public let failureInside: Double
        public let failureOverall: Double
    }

    /// Per world and strategy: expected net benefit against the baseline and P(meets target).
    public struct WorldResults: Sendable {
        public let netBenefit: [[Double]]   // [world][strategy], baseline = 0
        public let meets: [[Double]]
        public init(netBenefit: [[Double]], meets: [[Double]]) {
            self.netBenefit = netBenefit
            self.meets = meets
        }
    }

    /// Summarises worlds × strategies. Regret of s in world w: best net benefit in w minus s's.
    /// Runs every strategy in every world: each world's parameter values set in every strategy (paths as in
    /// `feesim paths`), over `months` months with `replications`
    /// replications on the study's seed (common random numbers across strategies and worlds), and the paired
    /// comparison against the first strategy. Returns each world's net benefit (baseline 0) and P(target).
    /// - Complexity: worlds × strategies × replications runs; each world's runs spread over `threads`.
    public static func evaluate(
        strategies: [Scenario], worlds: [[Double]], parameters: [String], months: Int,
        replications: Int, seed: UInt64, targets: PlanTargets, threads: Int? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> WorldResults {
        var netBenefit: [[Double]] = [], meets: [[Double]] = []
        for (w, values) in worlds.enumerated() {
            let models = try strategies.map { base -> CompiledModel in
                var s = base
                for (name, v) in zip(parameters, values) { try s.resolveParameter(name).set(v, in: &s) }
                return try CompiledModel(s, settings: s.settings.overriding(months: months, replications: replications, seed: seed))
            }
            let result = try Comparison.run(
                baseline: models[0], challengers: Array(models.dropFirst()), threads: threads,
                targets: targets)
            netBenefit.append([0] + result.costBenefit.map { $0.figure(.netBenefit)!.mean })
            meets.append(result.targets.map(\.reachByFirstMonth))
            progress?(w + 1, worlds.count)
        }
        return WorldResults(netBenefit: netBenefit, meets: meets)
    }

    public static func rank(strategies: [String], results: WorldResults) -> [Row] {
        let worlds = results.netBenefit.count
        return strategies.indices.map { s in
            let nb = results.netBenefit.map { $0[s] }
            let regret = results.netBenefit.map { ($0.max() ?? 0) - $0[s] }
            return Row(
                strategy: strategies[s], meanNetBenefit: nb.reduce(0, +) / Double(worlds), worstNetBenefit: nb.min() ?? .nan,
                meetsTarget: results.meets.map { $0[s] }.reduce(0, +) / Double(worlds),
                meanRegret: regret.reduce(0, +) / Double(worlds), maxRegret: regret.max() ?? .nan)
        }
    }

    /// PRIM peeling (Friedman & Fisher 1999): from the full box, repeatedly remove the `alpha` share of the
    /// remaining worlds at one end of one parameter — the cut that leaves the highest failure rate — until the
    /// box holds fewer than `minimumSupport` of all worlds or no cut raises the rate.
    /// - Parameters:
    ///   - points: the worlds' parameter values, [world][parameter].
    ///   - failed: whether the strategy missed the target in each world.
    public static func peel(
        points: [[Double]], failed: [Bool], names: [String], strategy: String,
        alpha: Double = 0.1, minimumSupport: Double = 0.1
    ) -> FailureBox {
        let n = points.count
        let k = names.count
        var inside = Array(0..<n)
        var low = (0..<k).map { p in points.map { $0[p] }.min() ?? 0 }
        var high = (0..<k).map { p in points.map { $0[p] }.max() ?? 0 }
        var restricted = Set<Int>()   // membership only
        func rate(_ idx: [Int]) -> Double { idx.isEmpty ? 0 : Double(idx.filter { failed[$0] }.count) / Double(idx.count) }
        while Double(inside.count) * (1 - alpha) >= minimumSupport * Double(n) {
            var best: (rate: Double, idx: [Int], p: Int, lo: Double, hi: Double)?
            for p in 0..<k {
                let values = inside.map { points[$0][p] }.sorted()
                let cut = max(1, Int((alpha * Double(inside.count)).rounded()))
                guard cut < values.count else { continue }
                // With ties a cut may remove nothing: then cut at the next distinct value instead.
                var lowCut = values[cut], highCut = values[values.count - 1 - cut]
                if lowCut == values.first!, let next = values.first(where: { $0 > values.first! }) { lowCut = next }
                if highCut == values.last!, let previous = values.last(where: { $0 < values.last! }) { highCut = previous }
                for (lo, hi) in [(lowCut, high[p]), (low[p], highCut)] {
                    let kept = inside.filter { points[$0][p] >= lo && points[$0][p] <= hi }
                    guard kept.count < inside.count, !kept.isEmpty else { continue }
                    let r = rate(kept)
                    if best == nil || r > best!.rate || (r == best!.rate && p < best!.p) { best = (r, kept, p, lo, hi) }
                }
            }
            guard let b = best, b.rate > rate(inside) else { break }
            inside = b.idx
            low[b.p] = b.lo
            high[b.p] = b.hi
            restricted.insert(b.p)
        }
        let bounds = (0..<k).filter { restricted.contains($0) }.map { (names[$0], low[$0], high[$0]) }
        return FailureBox(
            strategy: strategy, bounds: bounds, coverage: Double(inside.count) / Double(n),
            failureInside: rate(inside), failureOverall: rate(Array(0..<n)))
    }
}
