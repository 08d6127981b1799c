import FeeSimModel
import Foundation

/// One variant's figures against the plan's targets.
public struct TargetRow: Sendable, Equatable {
    public let variant: String
    /// P(收缴率 of the bills of months 1…first month ≥ target), and P(year-to-date 收缴率 at the second month ≥ target).
    public let reachByFirstMonth: Double
    public let reachBySecondMonth: Double
    /// P(year-to-date 主动缴费率 at its month ≥ target).
    public let voluntaryReach: Double
    /// Mean 催缴成功率 of the long-term debtors by the arrears month, and that rate relative to the baseline's
    /// (ratio − 1; NaN for the baseline itself or when the baseline's is 0).
    public let longTermCleared: Double
    public let longTermUpliftVsBaseline: Double
    /// First month (1-based) in which the median over the replications of 收缴率 over the last 12 months
    /// (`collection_rate_12m`, the reports' default fan chart) reaches the target rate; nil when it never does.
    public let medianFirstMonthAtTarget: Int?
}
