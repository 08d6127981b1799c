import FeeSimModel
import Foundation

/// Counts, replication by replication, how often a variant meets the plan's targets.
struct TargetTally {
    let targets: PlanTargets
    let replications: Int
    var first = 0, second = 0, voluntary = 0
    var clearedSum = 0.0, clearedCount = 0

    init(targets: PlanTargets, replications: Int) {
        self.targets = targets
        self.replications = replications
    }

    /// Reads one replication's record: the target window's 收缴率 (the model computes it at the window's end),
    /// the year-to-date 收缴率 and 主动缴费率 at their months, and the long-term group's success so far.
    mutating func add(_ record: MonthlyRecord) {
        func at(_ month: Int, _ metric: Metric) -> Double { record[month: min(month, record.months), metric] }
        if at(targets.firstMonth, .targetWindowRate) >= targets.collectionRate { first += 1 }
        if at(targets.secondMonth, .collectionRate) >= targets.collectionRate { second += 1 }
        if at(targets.voluntaryMonth, .voluntaryRateYTD) >= targets.voluntaryRate { voluntary += 1 }
        let cleared = at(targets.arrearsMonth, .longTermSuccessYTD)
        if !cleared.isNaN {
            clearedSum += cleared
            clearedCount += 1
        }
    }

    var clearedMean: Double { clearedCount > 0 ? clearedSum / Double(clearedCount) : .nan }

    func row(variant: String, ensemble: Ensemble, baselineCleared: Double) -> TargetRow {
        let n = Double(replications)
        let median = ensemble.monthly.map { $0[Metric.collectionRate.rawValue].p50 }
        let firstMedian = median.firstIndex { $0 >= targets.collectionRate }.map { $0 + 1 }
        let uplift = baselineCleared.isNaN || baselineCleared == 0 ? Double.nan : clearedMean / baselineCleared - 1
        return TargetRow(
            variant: variant, reachByFirstMonth: Double(first) / n, reachBySecondMonth: Double(second) / n,
            voluntaryReach: Double(voluntary) / n, longTermCleared: clearedMean,
            longTermUpliftVsBaseline: uplift, medianFirstMonthAtTarget: firstMedian)
    }
}
