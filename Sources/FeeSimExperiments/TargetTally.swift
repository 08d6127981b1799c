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

    /// The first month (1-based) in which the median over the replications of 收缴率 over the last 12 months
    /// (`collection_rate_12m`'s `p50`, the line of the reports' default fan chart) is at least `target` (a share in
    /// 0–1); nil when no month's is. `monthly` is ``Ensemble/monthly``: `[month − 1][column]`. O(T).
    static func firstMonthAtTarget(_ monthly: [[SampleSummary]], target: Double) -> Int? {
        monthly.firstIndex { $0[Metric.collectionRate12Months.rawValue].p50 >= target }.map { $0 + 1 }
    }

    /// The variant's row, `monthly` its summaries across replications by month (``Ensemble/monthly``).
    func row(variant: String, monthly: [[SampleSummary]], baselineCleared: Double) -> TargetRow {
        let n = Double(replications)
        let firstMedian = Self.firstMonthAtTarget(monthly, target: targets.collectionRate)
        let uplift = baselineCleared.isNaN || baselineCleared == 0 ? Double.nan : clearedMean / baselineCleared - 1
        return TargetRow(
            variant: variant, reachByFirstMonth: Double(first) / n, reachBySecondMonth: Double(second) / n,
            voluntaryReach: Double(voluntary) / n, longTermCleared: clearedMean,
            longTermUpliftVsBaseline: uplift, medianFirstMonthAtTarget: firstMedian)
    }
}
