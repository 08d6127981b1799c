import FeeSimModel
import Foundation

/// Replications after their warm-up, kept across runs of models that share it (``/FeeSimModel/CompiledModel/sharesWarmUp(with:)``),
/// so that a search that runs the same scenario again and again with one lever parameter moved — goal seeking —
/// sets up and warms up each replication once: every later run branches from the kept one
/// (``/FeeSimModel/Simulation/branch(_:)``) and gives the same numbers as a run from scratch.
///
/// Memory is bounded: replications are kept while their state fits in `budgetBytes` (about 100 bytes per
/// household each); past that, a replication is set up afresh every time, as without the cache.
public final class WarmStarts: @unchecked Sendable {
    private let lock = NSLock()
    private let budgetBytes: Int
    private var kept: [Int: Simulation] = [:]   // by replication; looked up only, never iterated
    private var usedBytes = 0

    /// A cache that keeps at most about `budgetBytes` of state (default 256 MiB).
    public init(budgetBytes: Int = 256 << 20) { self.budgetBytes = budgetBytes }

    /// Replication `r` of `model`, ready for month 1: branched from the kept warm replication when it shares
    /// `model`'s warm-up, otherwise set up and warmed up now (and kept while the budget allows). Concurrent calls
    /// must ask for different replications. O(N) with a kept replication, O(N · warm-up months) without.
    func replication(_ model: CompiledModel, _ r: Int) throws -> Simulation {
        if let warm = lock.withLock({ kept[r] }), model.sharesWarmUp(with: warm.model) { return try warm.branch(model) }
        let warm = try Simulation(model: model, replication: r)
        let bytes = Self.bytes(of: model)
        let keep = lock.withLock {
            let old = kept[r].map { Self.bytes(of: $0.model) } ?? 0
            guard usedBytes - old + bytes <= budgetBytes else { return false }
            usedBytes += bytes - old
            kept[r] = warm
            return true
        }
        return keep ? try warm.branch(model) : warm
    }

    /// About what one replication of `model` holds: its household state, 2 KB per building and 64 KB of tables.
    static func bytes(of model: CompiledModel) -> Int {
        let perHousehold =
            Simulation.stateBytesPerHousehold + Simulation.stateBytesPerRung * model.ladders.rungs.count
            + Simulation.stateBytesPerCapacityRung * model.ladders.capacities.count
        return model.households * perHousehold + model.buildings * 2048 + 65536
    }
}
