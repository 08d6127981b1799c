import FeeSimModel
import Foundation
import GSLKit

/// A probabilistic comparison (probabilistic sensitivity analysis, as health-technology assessment runs it):
/// N parameter sets drawn from the declared priors (the calibrated ones from the community's posterior sample),
/// and for each set every strategy run with R replications on common random numbers. Separates the two kinds of uncertainty: Monte Carlo noise within a set (averaged out
/// by R) and parameter uncertainty across sets (what the intervals here cover).
public enum ProbabilisticComparison {
    /// The uncertain parameters of a comparison: every declared parameter with a prior and a value-of-information
    /// group (behaviour and the levers, smart-ladder rungs and pre-due reminder included; not today's ladder) —
    /// except those the baseline sets to something other than the declared default (a community's calibrated or
    /// chosen values, which are not drawn; the smart ladder is always drawn) and those the user fixes. In the
    /// scenario's path order.
    public static func uncertainParameters(of baseline: Scenario, fixed: [String] = []) -> [ParameterPath] {
        var defaults = baseline
        defaults.levers = Levers()
        defaults.behaviour = Behaviour()
        return baseline.parameterPaths.filter { p in
            guard p.prior != nil, let group = p.info.group, !fixed.contains(p.path) else { return false }
            return group == .dunning || p.value(in: baseline) == p.value(in: defaults)
        }
    }

    /// The value-of-information group of each of `parameters` (paths of `scenario`), as declared.
    public static func groups(of parameters: [String], in scenario: Scenario) -> [InformationGroup] {
        parameters.map { scenario.parameterPath(named: $0)?.info.group ?? .householdBehaviour }
    }

    /// Per parameter set and strategy (baseline first, its own figures against itself are 0).
    public struct Result: Sendable, Equatable {
        public let strategies: [String]
        public let parameters: [String]
        /// The design's number of parameter sets, and the ids (0-based, ascending) of those this result holds:
        /// all of them, or one shard's.
        public let totalSets: Int
        public let sets: [Int]
        /// The drawn values, [set][parameter].
        public let draws: [[Double]]
        /// Expected net benefit against the baseline (extra cash in − extra cost over the horizon, yuan), extra
        /// revenue, extra cost, and the gain in the year-1 收缴率 (points; the target window's when the horizon is
        /// under 12 months), each the mean over R replications: [set][strategy].
        public let netBenefit: [[Double]]
        public let extraRevenue: [[Double]]
        public let extraCost: [[Double]]
        public let rateGain: [[Double]]
        /// P(收缴率 of the target window ≥ target) within the set: [set][strategy].
        public let reachesTarget: [[Double]]
        public let replications: Int

        /// Whether every set of the design is here.
        public var isComplete: Bool { sets.count == totalSets }

        public init(
            strategies: [String], parameters: [String], totalSets: Int, sets: [Int], draws: [[Double]],
            netBenefit: [[Double]], extraRevenue: [[Double]], extraCost: [[Double]], rateGain: [[Double]],
            reachesTarget: [[Double]], replications: Int
        ) {
            self.strategies = strategies
            self.parameters = parameters
            self.totalSets = totalSets
            self.sets = sets
            self.draws = draws
            self.netBenefit = netBenefit
            self.extraRevenue = extraRevenue
            self.extraCost = extraCost
            self.rateGain = rateGain
            self.reachesTarget = reachesTarget
            self.replications = replications
        }

        /// Joins shards of one design into the result a single run gives (sets in id order). Throws when the parts
        /// are of different designs, when a set appears twice with different figures, or when sets are missing.
        /// O(total sets × strategies).
        public static func merging(_ parts: [Result]) throws -> Result {
            guard let first = parts.first else { throw ShardError(message: "no shards to merge") }
            for p in parts
            where p.strategies != first.strategies || p.parameters != first.parameters
                || p.totalSets != first.totalSets || p.replications != first.replications
            {
                throw ShardError(
                    message: "the shards are of different designs (strategies, parameters, sets or "
                        + "replications differ): were they run from different comparison files or options?")
            }
            var at = [(part: Int, row: Int)?](repeating: nil, count: first.totalSets)
            for (k, p) in parts.enumerated() {
                for (row, id) in p.sets.enumerated() {
                    guard (0..<first.totalSets).contains(id) else {
                        throw ShardError(message: "set \(id + 1) is not one of the design's \(first.totalSets) sets")
                    }
                    if let seen = at[id], parts[seen.part].row(seen.row) != p.row(row) {
                        throw ShardError(
                            message: "set \(id + 1) appears twice with different figures: were the shards "
                                + "run from different comparison files or options?")
                    }
                    at[id] = (k, row)
                }
            }
            let missing = at.indices.filter { at[$0] == nil }
            guard missing.isEmpty else {
                throw ShardError(
                    message: "\(missing.count) of \(first.totalSets) parameter sets are missing (sets "
                        + missing.prefix(12).map { String($0 + 1) }.joined(separator: ", ")
                        + (missing.count > 12 ? ", …" : "") + "): run their shards, then merge again")
            }
            let rows = at.map { parts[$0!.part].row($0!.row) }
            return Result(
                strategies: first.strategies, parameters: first.parameters, totalSets: first.totalSets,
                sets: Array(0..<first.totalSets), draws: rows.map(\.draw), netBenefit: rows.map(\.nb),
                extraRevenue: rows.map(\.revenue), extraCost: rows.map(\.cost), rateGain: rows.map(\.rate),
                reachesTarget: rows.map(\.reach), replications: first.replications)
        }

        struct Row: Equatable {
            let draw, nb, revenue, cost, rate, reach: [Double]
        }

        func row(_ k: Int) -> Row {
            Row(
                draw: draws[k], nb: netBenefit[k], revenue: extraRevenue[k], cost: extraCost[k], rate: rateGain[k],
                reach: reachesTarget[k])
        }
    }

    /// Draws `sets` parameter sets as `source` says (``layout(of:fixed:source:)``, ``draws(_:count:seed:)``: by
    /// Latin hypercube over the priors, unit coordinates through each prior's inverse CDF, and with a posterior
    /// sample its calibrated parameters by stratified weighted resampling; reproducible from `seed`) and runs every
    /// strategy on each with `replications` replications.
    /// Set j's replications use seeds from (seed, j) for every strategy: common random numbers within a set.
    /// A `shard` runs only its sets (every N-th from i); shards merged with ``Result/merging(_:)`` equal the
    /// single run exactly, since a set's draws and seeds depend on (seed, set id) alone.
    /// - Complexity: sets × strategies × replications runs (a shard's share of the sets), spread over `threads`
    ///   (by set; identical results for any thread count).
    public static func run(
        baseline: Scenario, challengers: [Scenario], sets: Int, replications: Int, seed: UInt64,
        fixed: [String: Double] = [:], source: Source = .priors, threads: Int? = nil, shard: Shard = .whole,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> Result {
        precondition(sets >= 2 && replications >= 1)
        var fixedBaseline = baseline
        var strategies = [baseline] + challengers
        for (path, value) in fixed.sorted(by: { $0.key < $1.key }) {
            for k in strategies.indices {
                let p = try strategies[k].resolveParameter(path)
                try p.set(value, in: &strategies[k])
            }
            try fixedBaseline.resolveParameter(path).set(value, in: &fixedBaseline)
        }
        let layout = layout(of: fixedBaseline, fixed: Array(fixed.keys), source: source)
        let parameters = layout.parameters
        let draws = try self.draws(layout, count: sets, seed: seed)
        let done = LockedCounter()
        let mine = shard.ids(of: sets)
        let perSet = try ParallelMap.run(count: mine.count, threads: threads) { k -> [(Double, Double, Double, Double, Double)] in
            let j = mine[k]
            let setSeed = SeedSequence.seed(master: seed, replication: UInt64(j), stream: StreamIDs.uncertaintySet)
            let models = try strategies.map { strategy -> CompiledModel in
                var s = strategy
                for (p, v) in zip(parameters, draws[j]) {
                    // A parameter a strategy does not have (a rung index past its ladder) is skipped.
                    if let path = s.parameterPath(named: p.path) { try path.set(v, in: &s) }
                }
                return try CompiledModel(s, settings: s.settings.overriding(replications: replications, seed: setSeed))
            }
            // Every strategy's replication r branches from one warm-up where it can (the set's draws are the
            // same for every strategy, and the rollout is all that differs).
            let sums = try HorizonSums.run(
                models, [.figure(.total(.cashIn)), .figure(.total(.costTotal)), .collectionRate, .figure(.targetReached)])
            let n = Double(replications)
            let figures = sums.map { (cash: $0[0] / n, cost: $0[1] / n, rate: $0[2] / n, reach: $0[3] / n) }
            progress?(done.increment(), mine.count)
            let base = figures[0]
            return figures.map { f in
                (
                    (f.cash - base.cash) - (f.cost - base.cost), f.cash - base.cash, f.cost - base.cost,
                    100 * (f.rate - base.rate), f.reach
                )
            }
        }
        return Result(
            strategies: strategies.map(\.name), parameters: parameters.map(\.path), totalSets: sets,
            sets: mine, draws: mine.map { draws[$0] },
            netBenefit: perSet.map { $0.map(\.0) }, extraRevenue: perSet.map { $0.map(\.1) },
            extraCost: perSet.map { $0.map(\.2) }, rateGain: perSet.map { $0.map(\.3) },
            reachesTarget: perSet.map { $0.map(\.4) }, replications: replications)
    }
}
