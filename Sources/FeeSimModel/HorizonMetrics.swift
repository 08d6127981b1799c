/// Per-replication figures over the whole horizon, computed from a ``MonthlyRecord``.
/// Months past the horizon (for example month 12 of a 6-month run) are NaN.
public struct HorizonMetrics: Sendable, Equatable {
    /// Column names, in output order.
    public let names: [String]
    public let values: [Double]

    /// Column names for a scenario with this target month (names do not depend on the record).
    public static func names(targetMonth: Int) -> [String] {
        [
            "cumulative_collection_rate", "collection_rate_month_1", "collection_rate_month_6",
            "collection_rate_month_12", "collection_rate_mean_months_1_6", "collection_rate_final",
            "voluntary_rate_final", "first_month_at_target", "target_reached_by_month_\(targetMonth)",
            "total_due", "total_paid", "total_recovered", "total_cash_in", "total_cost",
            "total_cost_status_quo_dunning", "total_cost_transparency", "total_cost_dunning",
            "total_cost_assistance", "total_cost_cogovernance", "total_cost_legal", "total_cost_phases",
            "net_cash_total", "arrears_stock_final", "long_term_cleared_share_final", "mean_trust_final",
            "service_quality_final", "contacts_total", "new_enrolments_total", "legal_filings_total",
            "legal_wins_total",
        ]
    }

    /// Summarises one replication against `target`. O(T).
    public init(record: MonthlyRecord, target: Target) {
        let t = record.months
        func at(_ month: Int, _ m: Metric) -> Double { month <= t ? record[month: month, m] : .nan }
        func total(_ m: Metric) -> Double { record.series(m).reduce(0, +) }
        let rates = record.series(.collectionRate)
        let firstSix = rates.prefix(6)
        let first = rates.firstIndex { $0 >= target.collectionRate }.map { Double($0 + 1) } ?? .nan
        names = HorizonMetrics.names(targetMonth: target.byMonth)
        values = [
            record[month: t, .cumulativeCollectionRate], at(1, .collectionRate), at(6, .collectionRate),
            at(12, .collectionRate), firstSix.reduce(0, +) / Double(firstSix.count), rates[t - 1],
            record[month: t, .voluntaryRate], first,
            target.byMonth <= t ? record[month: target.byMonth, .targetReached] : record[month: t, .targetReached],
            total(.due), total(.paid), total(.recovered), total(.cashIn), total(.costTotal),
            total(.costStatusQuoDunning), total(.costTransparency), total(.costDunning), total(.costAssistance),
            total(.costCogovernance), total(.costLegal), total(.costPhases), total(.netCash),
            record[month: t, .arrearsStock], record[month: t, .longTermClearedShare], record[month: t, .meanTrust],
            record[month: t, .serviceQuality], total(.contacts), total(.newEnrolments), total(.legalFilings),
            total(.legalWins),
        ]
    }

    /// The value of a named column, or nil. O(columns).
    public subscript(name: String) -> Double? { names.firstIndex(of: name).map { values[$0] } }
}
