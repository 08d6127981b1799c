/// One per-replication figure over the whole horizon: its column name (replications.csv, studies' outputs, goal
/// seeking) and how it is computed from a replication's record, together.
public struct HorizonFigure: Sendable {
    public let name: String
    /// The figure of one record under the scenario's target; NaN for a month past the horizon. O(T) at most.
    public let value: @Sendable (MonthlyRecord, Target) -> Double

    init(_ name: String, _ value: @escaping @Sendable (MonthlyRecord, Target) -> Double) {
        self.name = name
        self.value = value
    }

    /// A metric read at a month (NaN past the horizon).
    static func at(_ name: String, month: @escaping @Sendable (Target) -> Int, _ m: Metric) -> HorizonFigure {
        HorizonFigure(name) { r, t in month(t) <= r.months ? r[month: month(t), m] : .nan }
    }
    /// A metric summed over the horizon.
    static func total(_ name: String, _ m: Metric) -> HorizonFigure {
        HorizonFigure(name) { r, _ in r.series(m).reduce(0, +) }
    }
    /// Cash ÷ billing of year `y`: all cash collected in months 12(y − 1) + 1 … 12y (this year's bills and any
    /// arrears) over the bills issued in those months; NaN past the horizon or when nothing was billed. It exceeds
    /// the year's 收缴率 by what arrears collection brings in, and 1 when arrears fall.
    static func cashToBilling(year y: Int) -> HorizonFigure {
        HorizonFigure("cash_to_billing_year_\(y)") { r, _ in
            guard 12 * y <= r.months else { return .nan }
            var cash = 0.0, billed = 0.0
            for t in (12 * (y - 1) + 1)...(12 * y) {
                cash += r[month: t, .cashIn]
                billed += r[month: t, .billed]
            }
            return billed > 0 ? cash / billed : .nan
        }
    }
    /// A metric at the horizon's last month.
    static func final(_ name: String, _ m: Metric) -> HorizonFigure {
        HorizonFigure(name) { r, _ in r[month: r.months, m] }
    }
}

/// Per-replication figures over the whole horizon, computed from a ``MonthlyRecord``: the industry's period
/// measures for each year simulated (with the share of households owing at the year's end and cash ÷ billing, the
/// calibration targets of docs/CALIBRATION.md), the plan's target window, totals and final states (``figures``).
/// Figures of a year past the horizon (year 2 of a 12-month run) are NaN.
public struct HorizonMetrics: Sendable, Equatable {
    /// Column names, in output order (``figures``' names).
    public var names: [String] { HorizonMetrics.columnNames }
    /// The values, in the order of ``figures``.
    public let values: [Double]

    /// The years reported (1, 2, 3): enough for the plan's six months, its rollout year and a steady-state check.
    public static let years = [1, 2, 3]

    /// The per-year measures: output name prefix and the year-to-date metric read at each year's end.
    static let yearly: [(String, Metric)] = [
        ("collection_rate", .collectionRate), ("on_time_rate", .onTimeRateYTD), ("voluntary_rate", .voluntaryRateYTD),
        ("arrears_collection_rate", .arrearsCollectionRateYTD), ("long_term_success", .longTermSuccessYTD),
        ("no_payment_share", .noPaymentShareYTD), ("voluntary_period_rate", .voluntaryPeriodRateYTD),
    ]

    /// Every figure, in output order: the target window's 收缴率 and whether it reached the target, each yearly
    /// measure for each year, totals over the horizon, states at the horizon.
    public static let figures: [HorizonFigure] = [
        .at("target_window_rate", month: { $0.byMonth }, .targetWindowRate),
        .at("target_reached", month: { $0.byMonth }, .targetReached),
    ] + years.flatMap { y in
        yearly.map { HorizonFigure.at("\($0.0)_year_\(y)", month: { _ in 12 * y }, $0.1) }
            + [.at("owing_share_year_\(y)", month: { _ in 12 * y }, .arrearsHouseholdShare), .cashToBilling(year: y)]
    } + [
        .total("total_due", .due), .total("total_billed", .billed), .total("total_paid", .paid),
        .total("total_recovered", .recovered), .total("total_cash_in", .cashIn), .total("total_cost", .costTotal),
    ] + CostPart.allCases.map { HorizonFigure.total("total_cost_\($0.key)", $0.metric) } + [   // a lever's cost column comes with the lever
        .total("net_cash_total", .netCash), .total("contacts_total", .contacts),
        .total("new_enrolments_total", .newEnrolments), .total("plan_completions_total", .planCompletions),
        .total("legal_filings_total", .legalFilings), .total("legal_settlements_total", .legalSettlements),
        .total("legal_wins_total", .legalWins), .total("legal_recovered_total", .legalRecovered),
        .total("legal_claimed_total", .legalClaimed), .total("legal_time_barred_total", .legalTimeBarred),
        .total("legal_fees_total", .legalFees),
        .final("arrears_stock_final", .arrearsStock), .final("mean_trust_final", .meanTrust),
        .final("perceived_quality_final", .perceivedQuality), .final("service_quality_final", .serviceQuality),
        .final("grievance_share_final", .grievanceShare), .final("reason_grievance_final", .reasonGrievance),
        .final("reason_low_willingness_final", .reasonLowWillingness), .final("reason_hardship_final", .reasonHardship),
        .final("reason_strategic_final", .reasonStrategic), .final("reason_inattention_final", .reasonInattention),
        .final("reason_vacancy_final", .reasonVacancy),
    ]

    /// The figures' names, in column order: replications.csv's columns after the replication's own.
    public static let columnNames = figures.map(\.name)

    /// Summarises one replication. O(T · figures).
    public init(record: MonthlyRecord, target: Target) {
        values = HorizonMetrics.figures.map { $0.value(record, target) }
    }

    /// The value of a named column, or nil. O(columns).
    public subscript(name: String) -> Double? { HorizonMetrics.columnNames.firstIndex(of: name).map { values[$0] } }
}
