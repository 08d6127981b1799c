import FeeSimModel
import Foundation

/// The plan's targets (§1.2) as the comparison checks them; every value can be changed from the command line.
public struct PlanTargets: Sendable, Equatable {
    /// 收缴率 to reach: for the bills of months 1…`firstMonth`, collected by its end (the plan's "within six
    /// months"), and for the year to date at `secondMonth` (12: the first year's annual rate).
    public var collectionRate: Double
    public var firstMonth: Int
    public var secondMonth: Int
    /// 主动缴费率 to reach (bills paid by their due date without dunning, year to date), and when.
    public var voluntaryRate: Double
    public var voluntaryMonth: Int
    /// Required relative rise in the long-term debtors' 催缴成功率 (share of those owing ≥ 12 months at the year's
    /// start who have paid all of it) against the baseline, and by which month.
    public var arrearsUplift: Double
    public var arrearsMonth: Int
    /// The plan's targets (§1.2), stated once: 90% by months 6 and 12, voluntary 80% by month 12, long-term
    /// arrears recovered 50% more often by month 6. The command line's defaults are these.
    public static let plan = PlanTargets(
        collectionRate: 0.90, firstMonth: 6, secondMonth: 12, voluntaryRate: 0.80,
        voluntaryMonth: 12, arrearsUplift: 0.50, arrearsMonth: 6)

    /// Targets with the plan's value for any not given.
    public init(
        collectionRate: Double = plan.collectionRate, firstMonth: Int = plan.firstMonth,
        secondMonth: Int = plan.secondMonth, voluntaryRate: Double = plan.voluntaryRate,
        voluntaryMonth: Int = plan.voluntaryMonth, arrearsUplift: Double = plan.arrearsUplift,
        arrearsMonth: Int = plan.arrearsMonth
    ) {
        self.collectionRate = collectionRate
        self.firstMonth = firstMonth
        self.secondMonth = secondMonth
        self.voluntaryRate = voluntaryRate
        self.voluntaryMonth = voluntaryMonth
        self.arrearsUplift = arrearsUplift
        self.arrearsMonth = arrearsMonth
    }

    /// Checks the targets, and that every month at which one is checked lies within `horizon` months. Throws
    /// ``/FeeSimModel/InputError``, its field named as the command line names the target (`target-rate`, `voluntary-target`,
    /// `arrears-uplift`, `target-month`, `second-month`, `voluntary-month`, `arrears-month`). O(1).
    public func check(horizon: Int = RunSettings.monthRange.upperBound) throws {
        try InputError.check(collectionRate, in: 0...1, field: "target-rate")
        try InputError.check(voluntaryRate, in: 0...1, field: "voluntary-target")
        try InputError.check(arrearsUplift, in: 0...Double.infinity, field: "arrears-uplift")
        for (field, month) in [
            ("target-month", firstMonth), ("second-month", secondMonth), ("voluntary-month", voluntaryMonth),
            ("arrears-month", arrearsMonth)
        ] {
            try InputError.check(month, in: 1...Int.max, field: field)
            if month > horizon {
                throw InputError(field: field, "\(month) is past the horizon of \(horizon) months: move the target or simulate more months")
            }
        }
    }
}
