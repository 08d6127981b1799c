import FeeSimModel
import Foundation
import GSLKit

/// Sums over replications of horizon figures, for several strategies run together on one thread (their warm-up
/// shared where they can, ``MonteCarlo/run(variants:replications:threads:keepRecords:exactLimit:statistics:shareWarmUp:warmStarts:buildingRates:progress:each:)``).
enum HorizonSums {
    /// What to sum: a horizon figure, the model's 收缴率 figure (the first year's when it runs 12 months or more,
    /// else the target window's), or the net cash (total cash in − total cost).
    enum Figure {
        case figure(HorizonKey)
        case collectionRate
        case net
    }

    /// For each model, the sum over its replications of each figure, added in replication order.
    /// O(replications · models) runs on one thread.
    static func run(_ models: [CompiledModel], _ figures: [Figure], shareWarmUp: Bool = true) throws -> [[Double]] {
        var sums = models.map { _ in [Double](repeating: 0, count: figures.count) }
        let rate = models.map { m in m.scenario.months >= 12 ? HorizonKey.yearly(.collectionRate, year: 1) : .targetWindowRate }
        _ = try MonteCarlo.run(
            variants: models, threads: 1, statistics: false, shareWarmUp: shareWarmUp,
            each: { k, r in
                for (c, figure) in figures.enumerated() {
                    switch figure {
                    case .figure(let key): sums[k][c] += r.horizon[key]
                    case .collectionRate: sums[k][c] += r.horizon[rate[k]]
                    case .net: sums[k][c] += r.horizon[.total(.cashIn)] - r.horizon[.total(.costTotal)]
                    }
                }
            })
        return sums
    }
}
