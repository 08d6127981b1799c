import Dispatch
import FeeSimModel
import Foundation

/// The replications of one scenario, run in parallel, and everything they recorded.
///
/// Replication r is seeded from (scenario seed, r) alone and writes only its own slot, so every output is
/// bit-identical for any thread count.
public struct Ensemble: Sendable {
    public let model: CompiledModel
    /// One record per replication, in replication order.
    public let records: [MonthlyRecord]
    /// Horizon metrics per replication, in replication order.
    public let horizon: [HorizonMetrics]
    /// Pilot buildings drawn by each replication.
    public let pilotBuildings: [[Int]]

    /// Mean, sd and quantiles across replications of every column in every month: `[month − 1][column]`.
    /// O(R log R · T · M).
    public func monthlySummary() -> [[SampleSummary]] {
        let layout = model.layout
        return (1...model.months).map { t in
            (0..<layout.count).map { c in SampleSummary(records.lazy.map { $0[month: t, c] }) }
        }
    }

    /// Summary across replications of each horizon column.
    public func horizonSummary() -> [SampleSummary] {
        guard let names = horizon.first?.names else { return [] }
        return names.indices.map { c in SampleSummary(horizon.lazy.map { $0.values[c] }) }
    }
}

/// Runs the replications of a compiled scenario on `threads` worker threads.
public enum MonteCarlo {
    /// Progress callback: (replications finished, replications in all). Called from worker threads, in
    /// completion order, never concurrently.
    public typealias Progress = @Sendable (_ finished: Int, _ total: Int) -> Void

    /// Runs replications 0..<`replications` (default: the scenario's count).
    /// - Parameters:
    ///   - threads: worker threads, ≥ 1 (default: the number of active cores). Results do not depend on it.
    /// - Throws: the first error of any replication (for example an unknown generator).
    /// - Complexity: O(R · N · T) work spread over `threads` cores; memory O(threads · N + R · T · M).
    public static func run(
        _ model: CompiledModel, replications: Int? = nil, threads: Int? = nil, progress: Progress? = nil
    ) throws -> Ensemble {
        let count = replications ?? model.scenario.replications
        precondition(count >= 1, "replications must be ≥ 1")
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
        let slots = Slots(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let r = slots.claim() {
                do {
                    let simulation = try Simulation(model: model, replication: r)
                    let record = simulation.run()
                    let finished = slots.store(r, record, simulation.pilotBuildings)
                    progress?(finished, count)
                } catch {
                    slots.fail(error)
                }
            }
        }
        let (records, pilots) = try slots.results()
        let horizon = records.map { HorizonMetrics(record: $0, target: model.scenario.target) }
        return Ensemble(model: model, records: records, horizon: horizon, pilotBuildings: pilots)
    }
}

/// Per-replication result slots shared by the workers. Every access holds the lock; each slot is written
/// once, by the worker that claimed it.
private final class Slots: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var finished = 0
    private var records: [MonthlyRecord?]
    private var pilots: [[Int]]
    private var error: Error?

    init(count: Int) {
        records = Array(repeating: nil, count: count)
        pilots = Array(repeating: [], count: count)
    }

    /// The next unclaimed replication, or nil when all are claimed or one has failed.
    func claim() -> Int? {
        lock.withLock {
            guard error == nil, next < records.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ r: Int, _ record: MonthlyRecord, _ pilot: [Int]) -> Int {
        lock.withLock {
            records[r] = record
            pilots[r] = pilot
            finished += 1
            return finished
        }
    }

    func fail(_ e: Error) { lock.withLock { if error == nil { error = e } } }

    func results() throws -> ([MonthlyRecord], [[Int]]) {
        try lock.withLock {
            if let error { throw error }
            return (records.map { $0! }, pilots)
        }
    }
}
