import FeeSimModel
import Foundation
import GSLKit

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
