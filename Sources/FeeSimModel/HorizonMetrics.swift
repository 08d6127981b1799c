/// Per-replication figures over the whole horizon, computed from a ``MonthlyRecord``: the industry's period
/// measures for each year simulated, the plan's target window, totals and final states.
/// Figures of a year past the horizon (year 2 of a 12-month run) are NaN.
public struct HorizonMetrics: Sendable, Equatable {
    /// Column names, in output order.
    public let names: [String]
    public let values: [Double]

    /// The years reported (1, 2, 3): enough for the plan's six months, its rollout year and a steady-state check.
    public static let years = [1, 2, 3]

    /// The per-year measures: output name prefix and the year-to-date metric read at each year's end.
    static let yearly: [(String, Metric)] = [
        ("collection_rate", .collectionRate), ("on_time_rate", .onTimeRateYTD), ("voluntary_rate", .voluntaryRateYTD),
        ("arrears_collection_rate", .arrearsCollectionRateYTD), ("long_term_success", .longTermSuccessYTD),
        ("no_payment_share", .noPaymentShareYTD),
    ]

    /// Totals over the horizon.
    static let totals: [(String, Metric)] = [
        ("total_due", .due), ("total_billed", .billed), ("total_paid", .paid), ("total_recovered", .recovered),
        ("total_cash_in", .cashIn), ("total_cost", .costTotal), ("total_cost_status_quo_dunning", .costStatusQuoDunning),
        ("total_cost_transparency", .costTransparency), ("total_cost_dunning", .costDunning),
        ("total_cost_assistance", .costAssistance), ("total_cost_cogovernance", .costCogovernance),
        ("total_cost_legal", .costLegal), ("total_cost_phases", .costPhases), ("net_cash_total", .netCash),
        ("contacts_total", .contacts), ("new_enrolments_total", .newEnrolments),
        ("plan_completions_total", .planCompletions), ("legal_filings_total", .legalFilings),
        ("legal_settlements_total", .legalSettlements), ("legal_wins_total", .legalWins),
        ("legal_recovered_total", .legalRecovered),
    ]

    /// States at the horizon.
    static let finals: [(String, Metric)] = [
        ("arrears_stock_final", .arrearsStock), ("mean_trust_final", .meanTrust),
        ("perceived_quality_final", .perceivedQuality), ("service_quality_final", .serviceQuality),
        ("grievance_share_final", .grievanceShare), ("reason_grievance_final", .reasonGrievance),
        ("reason_low_willingness_final", .reasonLowWillingness), ("reason_hardship_final", .reasonHardship),
        ("reason_strategic_final", .reasonStrategic), ("reason_inattention_final", .reasonInattention),
        ("reason_vacancy_final", .reasonVacancy),
    ]

    /// Column names (they do not depend on the record).
    public static func names(targetMonth: Int) -> [String] {
        ["target_window_rate", "target_reached"]
            + years.flatMap { y in yearly.map { "\($0.0)_year_\(y)" } }
            + totals.map(\.0) + finals.map(\.0)
    }

    /// Summarises one replication. O(T · metrics).
    public init(record: MonthlyRecord, target: Target) {
        let t = record.months
        func at(_ month: Int, _ m: Metric) -> Double { month <= t ? record[month: month, m] : .nan }
        func total(_ m: Metric) -> Double { record.series(m).reduce(0, +) }
        names = HorizonMetrics.names(targetMonth: target.byMonth)
        values = [at(target.byMonth, .targetWindowRate), at(target.byMonth, .targetReached)]
            + HorizonMetrics.years.flatMap { y in HorizonMetrics.yearly.map { at(12 * y, $0.1) } }
            + HorizonMetrics.totals.map { total($0.1) } + HorizonMetrics.finals.map { record[month: t, $0.1] }
    }

    /// The value of a named column, or nil. O(columns).
    public subscript(name: String) -> Double? { names.firstIndex(of: name).map { values[$0] } }
}
