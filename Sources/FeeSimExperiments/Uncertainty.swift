import FeeSimModel
import Foundation
import GSLKit

/// A probabilistic comparison (probabilistic sensitivity analysis, as health-technology assessment runs it):
/// N parameter sets drawn from the declared priors, and for each set every strategy run with R replications on
/// common random numbers. Separates the two kinds of uncertainty: Monte Carlo noise within a set (averaged out
/// by R) and parameter uncertainty across sets (what the intervals here cover).
public enum ProbabilisticComparison {
    /// The uncertain parameters of a comparison: every declared parameter with a prior among the behaviour and
    /// lever parameters (smart-ladder rungs and pre-due reminder included) — except those the baseline sets to
    /// something other than the declared default (a community's calibrated or chosen values, which are not
    /// drawn) and those the user fixes. In the scenario's path order.
    public static func uncertainParameters(of baseline: Scenario, fixed: [String] = []) -> [ParameterPath] {
        let reference = Levers(), behaviour = Behaviour()
        var defaults = baseline
        defaults.levers = reference
        defaults.behaviour = behaviour
        return baseline.parameterPaths.filter { p in
            guard p.prior != nil, !fixed.contains(p.path) else { return false }
            if p.path.hasPrefix("behaviour.") || (p.path.hasPrefix("levers.") && !p.path.hasPrefix("levers.dunning")) {
                return p.value(in: baseline) == p.value(in: defaults)
            }
            return p.path.hasPrefix("levers.dunning.")
        }
    }

    /// The group a parameter belongs to for value-of-information by group: what one pilot could measure.
    public static func group(of path: String) -> String {
        if path.hasPrefix("levers.dunning") { return "dunning response" }
        if path.hasPrefix("levers.cogovernance") { return "co-governance (mediation, peer effect)" }
        if path.hasPrefix("levers.legal") { return "legal recovery and deterrence" }
        if path.hasPrefix("levers.transparency") { return "transparency" }
        if path.hasPrefix("levers.assistance") { return "hardship help" }
        return "household behaviour"
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

        public init(strategies: [String], parameters: [String], totalSets: Int, sets: [Int], draws: [[Double]],
                    netBenefit: [[Double]], extraRevenue: [[Double]], extraCost: [[Double]], rateGain: [[Double]],
                    reachesTarget: [[Double]], replications: Int) {
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
            for p in parts where p.strategies != first.strategies || p.parameters != first.parameters
                || p.totalSets != first.totalSets || p.replications != first.replications {
                throw ShardError(message: "the shards are of different designs (strategies, parameters, sets or "
                                 + "replications differ): were they run from different comparison files or options?")
            }
            var at = [(part: Int, row: Int)?](repeating: nil, count: first.totalSets)
            for (k, p) in parts.enumerated() {
                for (row, id) in p.sets.enumerated() {
                    guard (0..<first.totalSets).contains(id) else {
                        throw ShardError(message: "set \(id + 1) is not one of the design's \(first.totalSets) sets")
                    }
                    if let seen = at[id], parts[seen.part].row(seen.row) != p.row(row) {
                        throw ShardError(message: "set \(id + 1) appears twice with different figures: were the shards "
                                         + "run from different comparison files or options?")
                    }
                    at[id] = (k, row)
                }
            }
            let missing = at.indices.filter { at[$0] == nil }
            guard missing.isEmpty else {
                throw ShardError(message: "\(missing.count) of \(first.totalSets) parameter sets are missing (sets "
                                 + missing.prefix(12).map { String($0 + 1) }.joined(separator: ", ")
                                 + (missing.count > 12 ? ", …" : "") + "): run their shards, then merge again")
            }
            let rows = at.map { parts[$0!.part].row($0!.row) }
            return Result(strategies: first.strategies, parameters: first.parameters, totalSets: first.totalSets,
                          sets: Array(0..<first.totalSets), draws: rows.map(\.draw), netBenefit: rows.map(\.nb),
                          extraRevenue: rows.map(\.revenue), extraCost: rows.map(\.cost), rateGain: rows.map(\.rate),
                          reachesTarget: rows.map(\.reach), replications: first.replications)
        }

        struct Row: Equatable {
            let draw, nb, revenue, cost, rate, reach: [Double]
        }

        func row(_ k: Int) -> Row {
            Row(draw: draws[k], nb: netBenefit[k], revenue: extraRevenue[k], cost: extraCost[k], rate: rateGain[k],
                reach: reachesTarget[k])
        }
    }

    /// Draws `sets` parameter sets by Latin hypercube over the priors (unit coordinates through each prior's
    /// inverse CDF; reproducible from `seed`) and runs every strategy on each with `replications` replications.
    /// Set j's replications use seeds from (seed, j) for every strategy: common random numbers within a set.
    /// A `shard` runs only its sets (every N-th from i); shards merged with ``Result/merging(_:)`` equal the
    /// single run exactly, since a set's draws and seeds depend on (seed, set id) alone.
    /// - Complexity: sets × strategies × replications runs (a shard's share of the sets), spread over `threads`
    ///   (by set; identical results for any thread count).
    public static func run(baseline: Scenario, challengers: [Scenario], sets: Int, replications: Int, seed: UInt64,
                           fixed: [String: Double] = [:], threads: Int? = nil, shard: Shard = .whole,
                           progress: ((Int, Int) -> Void)? = nil) throws -> Result {
        precondition(sets >= 2 && replications >= 1)
        var fixedBaseline = baseline
        var strategies = [baseline] + challengers
        for (path, value) in fixed.sorted(by: { $0.key < $1.key }) {
            for k in strategies.indices {
                let p = try resolve(path, in: strategies[k])
                try p.set(value, in: &strategies[k])
            }
            try resolve(path, in: fixedBaseline).set(value, in: &fixedBaseline)
        }
        let parameters = uncertainParameters(of: fixedBaseline, fixed: Array(fixed.keys))
        let units = try Design.points(.latinHypercube, ranges: parameters.map { ParameterRange(name: $0.path) },
                                      count: sets, seed: seed)
        let draws = units.map { u in zip(parameters, u).map { p, x in
            let v = p.prior!.quantile(x)
            return p.whole ? v.rounded() : v
        } }
        let done = LockedCounter()
        let mine = shard.ids(of: sets)
        let perSet = try ParallelMap.run(count: mine.count, threads: threads) { k -> [(Double, Double, Double, Double, Double)] in
            let j = mine[k]
            let setSeed = SeedSequence.seed(master: seed, replication: UInt64(j), stream: StreamIDs.uncertaintySet)
            let models = try strategies.map { strategy -> CompiledModel in
                var s = strategy
                for (p, v) in zip(parameters, draws[j]) {
                    // A parameter a strategy does not have (a rung index past its ladder) is skipped.
                    if let path = try? resolve(p.path, in: s) { try path.set(v, in: &s) }
                }
                return try CompiledModel(s, settings: s.settings.overriding(replications: replications, seed: setSeed))
            }
            // Every strategy's replication r branches from one warm-up where it can (the set's draws are the
            // same for every strategy, and the rollout is all that differs).
            let sums = try HorizonSums.run(models, names: ["total_cash_in", "total_cost", nil, "target_reached"])
            let n = Double(replications)
            let figures = sums.map { (cash: $0[0] / n, cost: $0[1] / n, rate: $0[2] / n, reach: $0[3] / n) }
            progress?(done.increment(), mine.count)
            let base = figures[0]
            return figures.map { f in
                ((f.cash - base.cash) - (f.cost - base.cost), f.cash - base.cash, f.cost - base.cost,
                 100 * (f.rate - base.rate), f.reach)
            }
        }
        return Result(strategies: strategies.map(\.name), parameters: parameters.map(\.path), totalSets: sets,
                      sets: mine, draws: mine.map { draws[$0] },
                      netBenefit: perSet.map { $0.map(\.0) }, extraRevenue: perSet.map { $0.map(\.1) },
                      extraCost: perSet.map { $0.map(\.2) }, rateGain: perSet.map { $0.map(\.3) },
                      reachesTarget: perSet.map { $0.map(\.4) }, replications: replications)
    }

    static func resolve(_ path: String, in s: Scenario) throws -> ParameterPath {
        guard let p = s.parameterPath(named: path) else {
            throw ParameterError(message: "unknown parameter path '\(path)' (feesim paths SCENARIO lists them)")
        }
        return p
    }
}

/// A counter shared by worker threads (for progress).
final class LockedCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

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

    /// EVPPI of the inputs (one parameter, or a group), by regression (Strong, Oakley & Brennan 2014): each
    /// strategy's net benefit is regressed on the inputs (a cubic for one input; linear terms for a group, so that
    /// a group does not overfit a small sample), and EVPPI = E[max_s ĝ_s] − max_s E[ĝ_s] over the fitted values. The standard error is the
    /// bootstrap's over the sets (`resamples`, seeded). Never above EVPI up to estimation error; ≈ 0 for inputs
    /// that do not move the decision.
    public static func evppi(netBenefit nb: [[Double]], inputs: [[Double]], resamples: Int = 200,
                             seed: UInt64 = 1) throws -> (value: Double, standardError: Double) {
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

/// One-way sensitivity of a strategy's effect: each uncertain parameter moved to the 5th and the 95th
/// percentile of its prior, every other at its value in the scenarios, baseline and strategy on common random
/// numbers. Bars ranked by the width of the net-benefit range.
public enum Tornado {
    public struct Bar: Sendable {
        public let parameter: String
        public let name: String
        public let low: Double
        public let high: Double
        /// Net benefit against the baseline (yuan) and gain in 收缴率 (points) at the low and the high value.
        public let netBenefitAtLow: Double
        public let netBenefitAtHigh: Double
        public let rateGainAtLow: Double
        public let rateGainAtHigh: Double
        public var width: Double { abs(netBenefitAtHigh - netBenefitAtLow) }
    }

    /// The tornado of the challenger with the highest expected net benefit in `comparison` (ties: the earlier),
    /// with `fixed` parameters held at their values in both scenarios and every other uncertain parameter at its
    /// 5th and 95th percentile; nil when there is no challenger. `strategy` is the challenger's index.
    /// - Throws: ``ParameterError`` for a fixed path the scenarios do not have; any run error.
    public static func ofBest(_ comparison: StrategyComparison, baseline: Scenario, strategies: [Scenario],
                              fixed: [String: Double], replications: Int, threads: Int? = nil)
        throws -> (strategy: Int, netBenefit: Double, rateGain: Double, bars: [Bar])? {
        let rows = comparison.costBenefit
        guard let best = rows.indices.max(by: {
            (rows[$0].figure("net_benefit")!.mean, $1) < (rows[$1].figure("net_benefit")!.mean, $0)
        }) else { return nil }
        var base = baseline, strategy = strategies[best]
        for (path, value) in fixed.sorted(by: { $0.key < $1.key }) {
            guard let inBase = base.parameterPath(named: path), let inStrategy = strategy.parameterPath(named: path) else {
                throw ParameterError(message: "unknown parameter path '\(path)' (`feesim paths SCENARIO` lists them)")
            }
            try inBase.set(value, in: &base)
            try inStrategy.set(value, in: &strategy)
        }
        let parameters = ProbabilisticComparison.uncertainParameters(of: base, fixed: Array(fixed.keys))
        let t = try run(baseline: base, strategy: strategy, parameters: parameters, replications: replications,
                        seed: base.seed, threads: threads)
        return (best, t.netBenefit, t.rateGain, t.bars)
    }

    /// The strategy's net benefit and 收缴率 gain with every parameter at its scenario value, and the bars.
    public static func run(baseline: Scenario, strategy: Scenario, parameters: [ParameterPath], replications: Int,
                           seed: UInt64, threads: Int? = nil) throws -> (netBenefit: Double, rateGain: Double, bars: [Bar]) {
        func effect(_ change: ((inout Scenario) throws -> Void)?) throws -> (Double, Double) {
            let models = try [baseline, strategy].map { scenario -> CompiledModel in
                var s = scenario
                try change?(&s)
                return try CompiledModel(s, settings: s.settings.overriding(replications: replications, seed: seed))
            }
            let figures = try HorizonSums.run(models, names: ["net", nil]).map {
                ($0[0] / Double(replications), $0[1] / Double(replications))
            }
            return (figures[1].0 - figures[0].0, 100 * (figures[1].1 - figures[0].1))
        }
        let jobs = parameters.count * 2 + 1
        let results = try ParallelMap.run(count: jobs, threads: threads) { job -> (Double, Double) in
            if job == jobs - 1 { return try effect(nil) }
            let p = parameters[job / 2]
            let u = job % 2 == 0 ? 0.05 : 0.95
            let v = p.prior!.quantile(u)
            return try effect { s in
                if let path = try? ProbabilisticComparison.resolve(p.path, in: s) {
                    try path.set(p.whole ? v.rounded() : v, in: &s)
                }
            }
        }
        let bars = parameters.enumerated().map { k, p in
            Bar(parameter: p.path, name: p.name, low: p.prior!.quantile(0.05), high: p.prior!.quantile(0.95),
                netBenefitAtLow: results[2 * k].0, netBenefitAtHigh: results[2 * k + 1].0,
                rateGainAtLow: results[2 * k].1, rateGainAtHigh: results[2 * k + 1].1)
        }.sorted { $0.width != $1.width ? $0.width > $1.width : $0.parameter < $1.parameter }
        return (results[jobs - 1].0, results[jobs - 1].1, bars)
    }
}

/// "What would it take": the smallest value of a parameter at which a figure reaches a target, by bisection on
/// common random numbers, assuming the figure rises with the parameter (checked at both ends).
public enum GoalSeek {
    public enum Outcome: Sendable, Equatable {
        /// The figure reaches the target from this value on (within the tolerance); `figure` is its value there.
        case found(value: Double, figure: Double)
        /// Even the lower bound reaches it.
        case alreadyAtLower(figure: Double)
        /// No value up to the upper bound reaches it; `figure` is the figure at the upper bound.
        case never(figureAtUpper: Double)
    }

    /// Bisection on [lower, upper] to `tolerance`: O(log₂((upper − lower)/tolerance)) evaluations of `figure`.
    public static func smallest(lower: Double, upper: Double, tolerance: Double, target: Double,
                                figure: (Double) throws -> Double) rethrows -> Outcome {
        let atLower = try figure(lower)
        if atLower >= target { return .alreadyAtLower(figure: atLower) }
        let atUpper = try figure(upper)
        if atUpper < target { return .never(figureAtUpper: atUpper) }
        var lo = lower, hi = upper, best = atUpper
        while hi - lo > tolerance {
            let mid = (lo + hi) / 2
            let f = try figure(mid)
            if f >= target { hi = mid; best = f } else { lo = mid }
        }
        return .found(value: hi, figure: best)
    }

    /// The smallest value of `parameter` in [lower, upper] at which the mean over the replications of the horizon
    /// figure `figure` (`target_reached`, `collection_rate_year_1`, …) reaches `atLeast`. Every evaluation runs the
    /// scenario with `settings` (one seed: common random numbers); a whole parameter is rounded. `evaluated` hears each
    /// (value, figure) pair; `isCancelled` is asked before each evaluation (then `CancellationError`). Used by
    /// `feesim goal` and the workbench alike. Throws ``InputError`` (field `figure` or `tolerance`) for a figure that
    /// is not a column of replications.csv or a tolerance that is not positive, before anything runs.
    public static func smallest(
        _ parameter: ParameterPath, in scenario: Scenario, lower: Double, upper: Double, tolerance: Double,
        figure: String, atLeast: Double, settings: RunSettings, threads: Int? = nil,
        isCancelled: (() -> Bool)? = nil, evaluated: ((_ value: Double, _ figure: Double) -> Void)? = nil
    ) throws -> Outcome {
        let figures = HorizonMetrics.columnNames
        guard figures.contains(figure) else {
            throw InputError(field: "figure", "'\(figure)' is not a column of replications.csv; for example target_reached, "
                             + "collection_rate_year_1, net_cash_total")
        }
        guard tolerance > 0 else { throw InputError(field: "tolerance", "must be > 0 (got \(tolerance))") }
        try scenario.target.checkHorizon(settings.months)
        // Where the parameter is invisible to the warm-up (a lever's), every evaluation branches replication r
        // from one warm-up.
        let warmStarts = WarmStarts()
        return try smallest(lower: lower, upper: upper, tolerance: tolerance, target: atLeast) { x in
            if isCancelled?() == true { throw CancellationError() }
            var s = scenario
            try parameter.set(parameter.whole ? x.rounded() : x, in: &s)
            let model = try CompiledModel(s, settings: settings)
            let value = try MonteCarlo.run(model, threads: threads, warmStarts: warmStarts).horizon(figure)?.mean ?? .nan
            // A figure the horizon leaves undefined is no answer: say so instead of comparing NaN.
            guard value.isFinite else {
                throw InputError(field: "months", "\(figure) is undefined over \(settings.months) months (no finite value): "
                                 + "give a longer horizon")
            }
            evaluated?(x, value)
            return value
        }
    }

    /// The search range for `parameter` in `scenario`: `lower` (default: the scenario's value) to `upper` (default:
    /// the parameter's largest allowed value when below 10⁶). Throws ``InputError`` (field `upper` or `lower`) when
    /// there is no upper end, an end is outside what the parameter allows, or the lower end is not below the upper.
    public static func range(of parameter: ParameterPath, in scenario: Scenario, lower: Double?, upper: Double?) throws
        -> (lower: Double, upper: Double) {
        let lo = lower ?? parameter.value(in: scenario)
        guard let hi = upper ?? parameter.upper.flatMap({ $0 < 1e6 ? $0 : nil }) else {
            throw InputError(field: "upper", "is needed: \(parameter.path) has no small upper bound (\(parameter.allowed))")
        }
        for v in [lo, hi] where !parameter.range.admits(v) {
            throw InputError(field: v == lo ? "lower" : "upper", "\(v) is outside what \(parameter.path) allows (\(parameter.allowed))")
        }
        guard lo < hi else { throw InputError(field: "lower", "\(lo) is not below the upper end \(hi)") }
        return (lo, hi)
    }
}

/// Sums over replications of horizon figures, for several strategies run together on one thread (their warm-up
/// shared where they can, ``MonteCarlo/run(variants:replications:threads:keepRecords:exactLimit:statistics:shareWarmUp:progress:each:)``).
enum HorizonSums {
    /// For each model, the sum over its replications of each named horizon figure, added in replication order.
    /// A nil name is the model's 收缴率 figure (the first year's when it runs 12 months or more, else the target
    /// window's); "net" is total cash in minus total cost. O(replications · models) runs on one thread.
    static func run(_ models: [CompiledModel], names: [String?], shareWarmUp: Bool = true) throws -> [[Double]] {
        var sums = models.map { _ in [Double](repeating: 0, count: names.count) }
        let keys = models.map { m in
            names.map { $0 ?? (m.scenario.months >= 12 ? "collection_rate_year_1" : "target_window_rate") }
        }
        _ = try MonteCarlo.run(variants: models, threads: 1, statistics: false, shareWarmUp: shareWarmUp, each: { k, r in
            for (c, key) in keys[k].enumerated() {
                sums[k][c] += key == "net"
                    ? (r.horizon["total_cash_in"] ?? .nan) - (r.horizon["total_cost"] ?? .nan)
                    : r.horizon[key] ?? .nan
            }
        })
        return sums
    }
}
