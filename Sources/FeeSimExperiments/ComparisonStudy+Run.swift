import FeeSimModel
import FeeSimScenario
import Foundation

extension ComparisonStudy {
    /// Runs the whole comparison and returns it as one ``Result``: the Monte Carlo comparison; with `uncertainty`,
    /// the probabilistic comparison over its parameter sets (run here, or `mergedSets` from a job array's shards),
    /// its value of information, and the tornado of the strategy with the highest Monte Carlo net benefit when
    /// `uncertainty` asks for it. `annualDiscountRate` is a yearly rate in [0, 1], applied monthly. `isCancelled` is
    /// asked after every Monte Carlo replication; when it says yes the run throws `CancellationError`. `statusQuo`
    /// keeps replications and warm-ups across runs (the workbench's edits): the same figures, to the last bit.
    /// - Throws: ``/FeeSimModel/InputError`` when it or `targets` are out of range or a target month is past the horizon;
    ///   ``ShardError`` when `mergedSets` is incomplete; ``/FeeSimModel/ParameterError`` for a held parameter the scenarios do
    ///   not have; any run error.
    /// - Complexity: strategies × replications runs, plus sets × strategies × uncertainty replications, plus
    ///   (2 · parameters + 1) × 2 × uncertainty replications for the tornado; spread over `threads` with the same
    ///   results for any thread count.
    public func run(
        targets: PlanTargets, annualDiscountRate: Double, uncertainty: Uncertainty? = nil,
        mergedSets: ProbabilisticComparison.Result? = nil, threads: Int?,
        progress: ((Event) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil, statusQuo: StatusQuoCache? = nil
    ) throws -> Result {
        try check(targets: targets, annualDiscountRate: annualDiscountRate)
        if let uncertainty { try check(uncertainty) }
        var parts: [String: Double] = [:]
        var mark = Date()
        let monteCarlo = try Comparison.run(
            baseline: models[0], challengers: Array(models.dropFirst()), threads: threads,
            targets: targets, annualDiscountRate: annualDiscountRate,
            progress: { progress?(.replications(strategy: $0, done: $1, total: $2)) },
            isCancelled: isCancelled, statusQuo: statusQuo)
        parts["comparison"] = Date().timeIntervalSince(mark)
        guard let uncertainty else { return Result(monteCarlo: monteCarlo, uncertainty: nil, partSeconds: parts) }

        mark = Date()
        let sets = try mergedSets ?? runShard(uncertainty, threads: threads) { progress?(.parameterSets(done: $0, total: $1)) }
        parts[mergedSets == nil ? "probabilistic" : "probabilistic_merge"] = Date().timeIntervalSince(mark)
        mark = Date()
        progress?(.tornado)
        let voi = try ValueOfInformation(sets, groups: ProbabilisticComparison.groups(of: sets.parameters, in: scenarios[0]))
        let tornado =
            uncertainty.tornado
            ? try Tornado.ofBest(
                monteCarlo, baseline: scenarios[0], strategies: Array(scenarios.dropFirst()),
                fixed: uncertainty.fixed, source: uncertainty.source, replications: uncertainty.replications,
                threads: threads)
            : nil
        parts["tornado_and_value_of_information"] = Date().timeIntervalSince(mark)
        let layout = ProbabilisticComparison.layout(
            of: try baselineWithFixed(uncertainty.fixed), fixed: Array(uncertainty.fixed.keys), source: uncertainty.source)
        let analysis = UncertaintyAnalysis(
            sets: sets, valueOfInformation: voi, tornado: tornado, fixed: uncertainty.fixed,
            origin: UncertaintyAnalysis.Origin(layout))
        return Result(monteCarlo: monteCarlo, uncertainty: analysis, partSeconds: parts)
    }

    /// Runs the probabilistic comparison's parameter sets of one `shard` of a job array (or all of them), for
    /// `PSAShardFile` (FeeSimReports) to write; their merge is passed to ``run(targets:annualDiscountRate:uncertainty:mergedSets:threads:progress:isCancelled:statusQuo:)``.
    /// `progress(done, total)` follows sets.
    public func runShard(
        _ u: Uncertainty, shard: Shard = .whole, threads: Int?,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> ProbabilisticComparison.Result {
        try check(u)
        return try ProbabilisticComparison.run(
            baseline: scenarios[0], challengers: Array(scenarios.dropFirst()), sets: u.sets,
            replications: u.replications, seed: settings.seed, fixed: u.fixed, source: u.source,
            threads: threads, shard: shard, progress: progress)
    }

    /// The baseline with the held parameters at their values (what the probabilistic comparison lays out).
    func baselineWithFixed(_ fixed: [String: Double]) throws -> Scenario {
        var s = scenarios[0]
        for (path, value) in fixed.sorted(by: { $0.key < $1.key }) { try s.resolveParameter(path).set(value, in: &s) }
        return s
    }
}
