/// One per-replication figure over the whole horizon: its column name (replications.csv, studies' outputs, goal
/// seeking) and how it is computed from a replication's record, together.
public struct HorizonFigure: Sendable {
    /// What the figure is, for code (``HorizonKey``), and its column name, for files.
    public let key: HorizonKey
    public let name: String
    /// The figure of one record under the scenario's target; NaN for a month past the horizon. O(T) at most.
    public let value: @Sendable (MonthlyRecord, Target) -> Double

    init(_ key: HorizonKey, _ name: String, _ value: @escaping @Sendable (MonthlyRecord, Target) -> Double) {
        self.key = key
        self.name = name
        self.value = value
    }

    /// A metric read at a month (NaN past the horizon).
    static func at(_ key: HorizonKey, _ name: String, month: @escaping @Sendable (Target) -> Int, _ m: Metric) -> HorizonFigure {
        HorizonFigure(key, name) { r, t in month(t) <= r.months ? r[month: month(t), m] : .nan }
    }
    /// A metric summed over the horizon.
    static func total(_ name: String, _ m: Metric) -> HorizonFigure {
        HorizonFigure(.total(m), name) { r, _ in r.series(m).reduce(0, +) }
    }
    /// Cash ÷ billing of year `y`: all cash collected in months 12(y − 1) + 1 … 12y (this year's bills and any
    /// arrears) over the bills issued in those months; NaN past the horizon or when nothing was billed. It exceeds
    /// the year's 收缴率 by what arrears collection brings in, and 1 when arrears fall.
    static func cashToBilling(year y: Int) -> HorizonFigure {
        HorizonFigure(.cashToBilling(year: y), "cash_to_billing_year_\(y)") { r, _ in
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
        HorizonFigure(.final(m), name) { r, _ in r[month: r.months, m] }
    }
}

/// A per-replication horizon figure as code names it: typed, so that a lookup cannot misspell a column.
/// Its column name is ``HorizonMetrics/name(of:)``.
public enum HorizonKey: Sendable, Hashable {
    /// The plan's target window's 收缴率 at its end month, and whether it reached the target (1 or 0).
    case targetWindowRate, targetReached
    /// A yearly measure at the end of year `year` (1…3).
    case yearly(YearlyMeasure, year: Int)
    /// Cash ÷ billing of a year (1…3): all cash collected in its months over the bills issued in them.
    case cashToBilling(year: Int)
    /// A metric summed over the horizon, or read at its last month.
    case total(Metric)
    case final(Metric)
}

/// The industry's period measures, reported for each simulated year.
public enum YearlyMeasure: String, CaseIterable, Sendable {
    case collectionRate = "collection_rate", onTimeRate = "on_time_rate", voluntaryRate = "voluntary_rate"
    case arrearsCollectionRate = "arrears_collection_rate", longTermSuccess = "long_term_success"
    case noPaymentShare = "no_payment_share", voluntaryPeriodRate = "voluntary_period_rate"
    /// The share of households owing anything at the year's end.
    case owingShare = "owing_share"

    /// The year-to-date metric read at each year's end.
    public var metric: Metric {
        switch self {
        case .collectionRate: .collectionRate
        case .onTimeRate: .onTimeRateYTD
        case .voluntaryRate: .voluntaryRateYTD
        case .arrearsCollectionRate: .arrearsCollectionRateYTD
        case .longTermSuccess: .longTermSuccessYTD
        case .noPaymentShare: .noPaymentShareYTD
        case .voluntaryPeriodRate: .voluntaryPeriodRateYTD
        case .owingShare: .arrearsHouseholdShare
        }
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

    /// Every figure, in output order: the target window's 收缴率 and whether it reached the target, each yearly
    /// measure for each year, totals over the horizon, states at the horizon.
    public static let figures: [HorizonFigure] =
        [
            .at(.targetWindowRate, "target_window_rate", month: { $0.byMonth }, .targetWindowRate),
            .at(.targetReached, "target_reached", month: { $0.byMonth }, .targetReached)
        ]
        + years.flatMap { y in
            YearlyMeasure.allCases.map {
                HorizonFigure.at(.yearly($0, year: y), "\($0.rawValue)_year_\(y)", month: { _ in 12 * y }, $0.metric)
            }
                + [.cashToBilling(year: y)]
        } + [
            .total("total_due", .due), .total("total_billed", .billed), .total("total_paid", .paid),
            .total("total_recovered", .recovered), .total("total_cash_in", .cashIn), .total("total_cost", .costTotal)
        ]
        // A lever's cost column comes with the lever.
        + CostPart.allCases.map { HorizonFigure.total("total_cost_\($0.key)", $0.metric) } + [
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
            .final("reason_vacancy_final", .reasonVacancy)
        ]

    /// The figures' names, in column order: replications.csv's columns after the replication's own.
    public static let columnNames = figures.map(\.name)

    /// Summarises one replication. O(T · figures).
    public init(record: MonthlyRecord, target: Target) {
        values = HorizonMetrics.figures.map { $0.value(record, target) }
    }

    /// The value of a named column, or nil. O(columns).
    public subscript(name: String) -> Double? { HorizonMetrics.columnNames.firstIndex(of: name).map { values[$0] } }

    /// The value of a figure; NaN for a key that is not a figure (a yearly measure past year 3). O(columns).
    public subscript(key: HorizonKey) -> Double { HorizonMetrics.index(of: key).map { values[$0] } ?? .nan }

    /// The column index of a figure, or nil. O(columns).
    public static func index(of key: HorizonKey) -> Int? { figures.firstIndex { $0.key == key } }

    /// The column name of a figure, or nil when `key` is not one. O(columns).
    public static func name(of key: HorizonKey) -> String? { index(of: key).map { columnNames[$0] } }
}
