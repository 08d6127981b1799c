import Dispatch
import FeeSimModel
import Foundation

/// What one replication produced.
public struct ReplicationResult: Sendable {
    public let replication: Int
    public let record: MonthlyRecord
    public let horizon: HorizonMetrics
    /// The pilot buildings this replication drew, ascending.
    public let pilotBuildings: [Int]
}

/// The replications of one scenario, summarised across replications.
///
/// Replications stream into running statistics in replication order, so memory stays flat however many
/// replications run (unless `keepRecords` asked for every record) and every figure is identical for any
/// thread count.
public struct Ensemble: Sendable {
    public let model: CompiledModel
    public let replications: Int
    /// Mean, sd and quantiles across replications of every column in every month: `[month − 1][column]`.
    public let monthly: [[SampleSummary]]
    /// Names of the horizon metrics, and their summaries across replications.
    public let horizonNames: [String]
    public let horizon: [SampleSummary]
    /// Every replication's record, in order — only when the run kept them.
    public let records: [MonthlyRecord]
    /// Each building's monthly 收缴率 across replications — only when the run collected them (a comparison's run
    /// of a community of at most ``BuildingRates/maximumBuildings`` buildings).
    public var buildings: BuildingRates? = nil

    /// The summary of a named horizon metric.
    public func horizon(_ name: String) -> SampleSummary? { horizonNames.firstIndex(of: name).map { horizon[$0] } }
    /// The summary of a horizon figure across replications, or nil when `key` is not one. O(figures).
    public func horizon(_ key: HorizonKey) -> SampleSummary? { HorizonMetrics.index(of: key).map { horizon[$0] } }
}

/// Runs the replications of a compiled scenario on worker threads.
public enum MonteCarlo {
    /// Progress callback: (replications finished, replications in all). Called in replication order, never
    /// concurrently.
    public typealias Progress = (_ finished: Int, _ total: Int) -> Void

    /// Runs replications 0..<`replications` (default: the scenario's count).
    /// - Parameters:
    ///   - threads: worker threads, ≥ 1 (default: the number of active cores). Results do not depend on it.
    ///   - keepRecords: also return every replication's monthly record (memory grows with replications).
    ///   - exactLimit: quantiles are exact up to this many replications, then P² estimates (default: as many as
    ///     fit in about 64 MB of stored values, at least 256).
    ///   - statistics: summarise across replications (off when the caller only needs `each`: the returned
    ///     ensemble's summaries are then empty).
    ///   - warmStarts: replications kept after their warm-up by earlier runs, to branch from (``WarmStarts``).
    ///   - each: called with every replication's result, in replication order, never concurrently (for example
    ///     to stream rows to a file). An error it throws stops the run and is rethrown.
    /// - Throws: the first error of any replication or of `each`.
    /// - Complexity: O(R · N · T) work spread over `threads` cores; memory O(threads · N + T · M · exactLimit).
    public static func run(
        _ model: CompiledModel, replications: Int? = nil, threads: Int? = nil, keepRecords: Bool = false,
        exactLimit: Int? = nil, statistics: Bool = true, warmStarts: WarmStarts? = nil, progress: Progress? = nil,
        each: ((ReplicationResult) throws -> Void)? = nil
    ) throws -> Ensemble {
        try run(
            variants: [model], replications: replications, threads: threads, keepRecords: keepRecords,
            exactLimit: exactLimit, statistics: statistics, warmStarts: warmStarts,
            progress: progress.map { p in { _, done, total in p(done, total) } },
            each: each.map { e in { _, result in try e(result) } })[0]
    }

    /// Runs replications 0..<`replications` (default: the first model's count) of several models of one
    /// community, replication by replication, and returns one ensemble per model — each identical to what
    /// ``run(_:replications:threads:keepRecords:exactLimit:statistics:warmStarts:progress:each:)`` gives for that
    /// model alone.
    ///
    /// Models that share the warm-up (``/FeeSimModel/CompiledModel/sharesWarmUp(with:)``: the same scenario but for the
    /// rollout) share it: replication r sets up and warms up once, and every such model's replication r branches
    /// from it (``/FeeSimModel/Simulation/branch(_:)``) — for K strategies of 24 months after a 24-month warm-up, 24 + 24·K
    /// months stepped instead of 48·K. `shareWarmUp: false` runs every model from scratch (the reference the
    /// tests compare against). With `warmStarts`, the warm replications come from (and are kept in) that cache.
    /// - Parameters:
    ///   - buildingRates: also summarise each building's monthly 收缴率 (``Ensemble/buildings``), when the
    ///     community has at most ``BuildingRates/maximumBuildings`` buildings (O(B · T) per replication).
    ///   - progress: (model index, replications finished for it, replications in all), in replication order for
    ///     each model, never concurrently; the models' progress interleaves.
    ///   - each: called with (model index, result) in replication order, and within a replication in model
    ///     order (model 0's replication r before model 1's), never concurrently. An error it throws stops the
    ///     run and is rethrown.
    /// - Throws: the first error of any replication or of `each`.
    /// - Complexity: O(R · N · (W + K · T)) work with sharing (W warm-up months, K models), spread over
    ///   `threads` cores; memory O(threads · N) for the state in flight (two replications' state per thread while
    ///   a warm replication is branched), plus the statistics of every model.
    public static func run(
        variants models: [CompiledModel], replications: Int? = nil, threads: Int? = nil, keepRecords: Bool = false,
        exactLimit: Int? = nil, statistics: Bool = true, shareWarmUp: Bool = true, warmStarts: WarmStarts? = nil,
        buildingRates: Bool = false, progress: ((_ model: Int, _ finished: Int, _ total: Int) -> Void)? = nil,
        each: ((_ model: Int, ReplicationResult) throws -> Void)? = nil
    ) throws -> [Ensemble] {
        try run(
            variants: models, replications: replications, threads: threads, keepRecords: keepRecords,
            exactLimit: exactLimit, statistics: statistics, shareWarmUp: shareWarmUp, warmStarts: warmStarts,
            statusQuo: nil, buildingRates: buildingRates, progress: progress, each: each)
    }

    /// ``run(variants:replications:threads:keepRecords:exactLimit:statistics:shareWarmUp:warmStarts:buildingRates:progress:each:)``
    /// with a cache of replications kept across runs (``StatusQuoCache``; with sharing, without `warmStarts`):
    /// replication r of a model is taken from `statusQuo` when kept there, every model starts from a kept warm-up
    /// snapshot that it shares, and what is run is kept there. The results are the same as without it.
    static func run(
        variants models: [CompiledModel], replications: Int?, threads: Int?, keepRecords: Bool,
        exactLimit: Int?, statistics: Bool, shareWarmUp: Bool, warmStarts: WarmStarts?,
        statusQuo: StatusQuoCache?, buildingRates: Bool, progress: ((_ model: Int, _ finished: Int, _ total: Int) -> Void)?,
        each: ((_ model: Int, ReplicationResult) throws -> Void)?
    ) throws -> [Ensemble] {
        precondition(!models.isEmpty, "at least one model")
        let count = replications ?? models[0].scenario.replications
        precondition(count >= 1, "replications must be ≥ 1")
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
        let collectors = models.indices.map { k in
            let model = models[k]
            let cells = model.months * model.layout.count
            return Collector(
                model: model, total: count, exactLimit: exactLimit ?? max(256, 8_000_000 / max(1, cells)),
                keepRecords: keepRecords, statistics: statistics,
                buildingRates: buildingRates && model.buildings <= BuildingRates.maximumBuildings,
                progress: progress.map { p in { done, total in p(k, done, total) } },
                each: each.map { e in { result in try e(k, result) } })
        }
        let plan = WarmUpGroups(
            models, share: shareWarmUp, kept: shareWarmUp ? warmStarts : nil,
            statusQuo: shareWarmUp && warmStarts == nil ? statusQuo : nil)
        let order = Reorderer(total: count, collectors: collectors)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let r = order.claim() {
                do {
                    order.deliver(r, try plan.results(replication: r))
                } catch {
                    order.fail(error)
                }
            }
        }
        try order.rethrow()
        return try collectors.map { try $0.ensemble() }
    }
}

/// Which models of a ``MonteCarlo/run(variants:replications:threads:keepRecords:exactLimit:statistics:shareWarmUp:progress:each:)``
/// share a warm-up, and one replication of all of them.
private struct WarmUpGroups {
    let models: [CompiledModel]
    /// For each model, the first model it shares the warm-up with (itself when none before it), or nil when it
    /// shares with no other model (it then runs from scratch).
    let leader: [Int?]
    /// For each model that shares, whether it is the last of its group (it then runs the warm replication
    /// itself instead of a copy).
    let isLast: [Bool]

    /// Warm replications kept across runs, or nil.
    let kept: WarmStarts?
    /// The models' results and warm-up snapshots kept across runs, or nil.
    let statusQuo: StatusQuoCache?

    init(_ models: [CompiledModel], share: Bool, kept: WarmStarts?, statusQuo: StatusQuoCache?) {
        self.models = models
        self.kept = kept
        self.statusQuo = statusQuo
        var leader = [Int?](repeating: nil, count: models.count)
        if share {
            for k in models.indices where leader[k] == nil {
                let group = models.indices.filter { $0 >= k && leader[$0] == nil && models[k].sharesWarmUp(with: models[$0]) }
                if group.count > 1 { for j in group { leader[j] = k } }
            }
        }
        self.leader = leader
        isLast = models.indices.map { k in
            guard let l = leader[k] else { return false }
            return !models.indices.contains { $0 > k && leader[$0] == l }
        }
    }

    /// Replication r of every model, in model order. O(N · (W + K · T)) with sharing; with ``statusQuo``, no model
    /// is run whose result is kept there, and no warm-up that is kept there.
    func results(replication r: Int) throws -> [ReplicationResult] {
        var warm: [Int: Simulation] = [:]
        let keptResults = models.map { statusQuo?.result(of: $0, replication: r) }
        let results = try models.indices.map { k -> ReplicationResult in
            if let kept = keptResults[k] { return kept }
            let model = models[k]
            let simulation: any ReplicationModel
            if let statusQuo, case .reference = model.scenario.behaviourModel {
                // This replication's warm-up of the model's group: from an earlier model of the group, else kept by
                // an earlier run, else run now and kept. It is only ever branched, never stepped.
                let l = leader[k] ?? k
                let start: Simulation
                if let s = warm[l] {
                    start = s
                } else if let s = statusQuo.snapshot(for: model, replication: r) {
                    start = s
                } else {
                    start = try Simulation(model: models[l], replication: r)
                    statusQuo.keep(snapshot: start, of: models[l], replication: r)
                }
                warm[l] = start
                simulation = try start.branch(model)
            } else if let kept, case .reference = model.scenario.behaviourModel {
                simulation = try kept.replication(model, r)
            } else if let l = leader[k] {
                let start = try warm[l] ?? Simulation(model: models[l], replication: r)
                if isLast[k] {
                    warm[l] = nil
                    simulation = l == k ? start : try start.branch(model)
                } else {
                    warm[l] = start
                    simulation = try start.branch(model)
                }
            } else {
                simulation = try model.makeReplication(r)
            }
            let record = simulation.run()
            return ReplicationResult(
                replication: r, record: record,
                horizon: HorizonMetrics(record: record, target: model.scenario.target),
                pilotBuildings: simulation.pilotBuildings)
        }
        if let statusQuo {
            for k in models.indices where keptResults[k] == nil { statusQuo.keep(result: results[k], of: models[k], replication: r) }
        }
        return results
    }
}

/// Hands out replication indices and feeds each replication's results (one per model) to the models'
/// collectors strictly in replication order, and within a replication in model order. Every access holds the lock.
private final class Reorderer: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let collectors: [Collector]
    private var next = 0
    private var nextToFeed = 0
    private var pending: [Int: [ReplicationResult]] = [:]   // looked up by index only, never iterated
    private var error: Error?

    init(total: Int, collectors: [Collector]) {
        self.total = total
        self.collectors = collectors
    }

    /// The next unclaimed replication, or nil when all are claimed or the run has failed.
    func claim() -> Int? {
        lock.withLock {
            guard error == nil, !collectors.contains(where: \.hasFailed), next < total else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func deliver(_ r: Int, _ results: [ReplicationResult]) {
        lock.withLock {
            guard error == nil else { return }
            pending[r] = results
            while let ready = pending.removeValue(forKey: nextToFeed) {
                for (collector, result) in zip(collectors, ready) {
                    // Once a model's `each` has failed, no later result is fed (a later model's `each` may
                    // rely on an earlier model's result of the same replication).
                    if collectors.contains(where: \.hasFailed) { return }
                    collector.deliver(result)
                }
                nextToFeed += 1
            }
        }
    }

    func fail(_ e: Error) { lock.withLock { if error == nil { error = e } } }

    /// The first error of a replication (the collectors rethrow their own from `ensemble()`).
    func rethrow() throws { try lock.withLock { if let error { throw error } } }
}

/// Hands out replication indices and takes results back, feeding them to the statistics strictly in
/// replication order (results that finish early wait in `pending`). Every access holds the lock.
private final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private let model: CompiledModel
    private let total: Int
    private let keepRecords: Bool
    private let progress: MonteCarlo.Progress?
    private let each: ((ReplicationResult) throws -> Void)?
    private var next = 0
    private var nextToFeed = 0
    private var pending: [Int: ReplicationResult] = [:]   // looked up by index only, never iterated
    private var monthly: [StreamingSummary]
    private var horizon: [StreamingSummary]
    private var records: [MonthlyRecord] = []
    private var buildings: BuildingRateTally?
    private var error: Error?

    private let statistics: Bool

    init(
        model: CompiledModel, total: Int, exactLimit: Int, keepRecords: Bool, statistics: Bool, buildingRates: Bool,
        progress: MonteCarlo.Progress?, each: ((ReplicationResult) throws -> Void)?
    ) {
        self.statistics = statistics
        self.model = model
        self.total = total
        self.keepRecords = keepRecords
        self.progress = progress
        self.each = each
        monthly = Array(repeating: StreamingSummary(exactLimit: exactLimit), count: model.months * model.layout.count)
        horizon = Array(
            repeating: StreamingSummary(exactLimit: exactLimit),
            count: HorizonMetrics.columnNames.count)
        if buildingRates {
            buildings = BuildingRateTally(
                buildings: model.buildings, months: model.months,
                exactLimit: max(256, 8_000_000 / max(1, model.months * (model.buildings + 2))))
        }
    }

    /// The next unclaimed replication, or nil when all are claimed or the run has failed.
    func claim() -> Int? {
        lock.withLock {
            guard error == nil, next < total else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func deliver(_ result: ReplicationResult) {
        lock.withLock {
            guard error == nil else { return }
            pending[result.replication] = result
            while let ready = pending.removeValue(forKey: nextToFeed) {
                do {
                    try feed(ready)
                } catch {
                    self.error = error
                    return
                }
                nextToFeed += 1
                progress?(nextToFeed, total)
            }
        }
    }

    private func feed(_ result: ReplicationResult) throws {
        if statistics {
            let values = result.record.values
            for c in monthly.indices { monthly[c].add(values[c]) }
            for c in horizon.indices { horizon[c].add(result.horizon.values[c]) }
            if result.record.buildings == model.buildings { buildings?.add(result.record, pilot: result.pilotBuildings) }
        }
        if keepRecords { records.append(result.record) }
        try each?(result)
    }

    func fail(_ e: Error) { lock.withLock { if error == nil { error = e } } }

    /// True once a replication or `each` has failed.
    var hasFailed: Bool { lock.withLock { error != nil } }

    func ensemble() throws -> Ensemble {
        try lock.withLock {
            if let error { throw error }
            let columns = model.layout.count
            let table = statistics ? (0..<model.months).map { t in (0..<columns).map { monthly[t * columns + $0].summary } } : []
            return Ensemble(
                model: model, replications: total, monthly: table,
                horizonNames: HorizonMetrics.columnNames,
                horizon: statistics ? horizon.map(\.summary) : [], records: records,
                buildings: statistics && (buildings?.replications ?? 0) > 0 ? buildings?.summary : nil)
        }
    }
}
