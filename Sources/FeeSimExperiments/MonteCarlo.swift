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

    /// The summary of a named horizon metric.
    public func horizon(_ name: String) -> SampleSummary? { horizonNames.firstIndex(of: name).map { horizon[$0] } }
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
    ///   - each: called with every replication's result, in replication order, never concurrently (for example
    ///     to stream rows to a file). An error it throws stops the run and is rethrown.
    /// - Throws: the first error of any replication or of `each`.
    /// - Complexity: O(R · N · T) work spread over `threads` cores; memory O(threads · N + T · M · exactLimit).
    public static func run(
        _ model: CompiledModel, replications: Int? = nil, threads: Int? = nil, keepRecords: Bool = false,
        exactLimit: Int? = nil, statistics: Bool = true, progress: Progress? = nil,
        each: ((ReplicationResult) throws -> Void)? = nil
    ) throws -> Ensemble {
        let count = replications ?? model.scenario.replications
        precondition(count >= 1, "replications must be ≥ 1")
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
        let cells = model.months * model.layout.count
        let limit = exactLimit ?? max(256, 8_000_000 / max(1, cells))
        let collector = Collector(model: model, total: count, exactLimit: limit, keepRecords: keepRecords,
                                  statistics: statistics, progress: progress, each: each)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let r = collector.claim() {
                do {
                    let simulation = try model.makeReplication(r)
                    let record = simulation.run()
                    let result = ReplicationResult(
                        replication: r, record: record,
                        horizon: HorizonMetrics(record: record, target: model.scenario.target),
                        pilotBuildings: simulation.pilotBuildings)
                    collector.deliver(result)
                } catch {
                    collector.fail(error)
                }
            }
        }
        return try collector.ensemble()
    }
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
    private var error: Error?

    private let statistics: Bool

    init(model: CompiledModel, total: Int, exactLimit: Int, keepRecords: Bool, statistics: Bool,
         progress: MonteCarlo.Progress?, each: ((ReplicationResult) throws -> Void)?) {
        self.statistics = statistics
        self.model = model
        self.total = total
        self.keepRecords = keepRecords
        self.progress = progress
        self.each = each
        monthly = Array(repeating: StreamingSummary(exactLimit: exactLimit), count: model.months * model.layout.count)
        horizon = Array(repeating: StreamingSummary(exactLimit: exactLimit),
                        count: HorizonMetrics.columnNames.count)
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
        }
        if keepRecords { records.append(result.record) }
        try each?(result)
    }

    func fail(_ e: Error) { lock.withLock { if error == nil { error = e } } }

    func ensemble() throws -> Ensemble {
        try lock.withLock {
            if let error { throw error }
            let columns = model.layout.count
            let table = statistics ? (0..<model.months).map { t in (0..<columns).map { monthly[t * columns + $0].summary } } : []
            return Ensemble(model: model, replications: total, monthly: table,
                            horizonNames: HorizonMetrics.columnNames,
                            horizon: statistics ? horizon.map(\.summary) : [], records: records)
        }
    }
}
