/// The monthly metrics every replication records (docs/MODEL.md §4). Rates are in [0, 1], money in yuan.
/// The order of the cases is the column order of the monthly record.
public enum Metric: Int, CaseIterable, Sendable {
    case collectionRate
    case onTimeRate
    case voluntaryRate
    case onTimeRateYTD
    case voluntaryRateYTD
    case voluntaryPeriodRateYTD
    case arrearsCollectionRateYTD
    case longTermHouseholds
    case longTermSuccessYTD
    case noPaymentShareYTD
    case targetWindowRate
    case targetReached
    case due
    case billed
    case paid
    case recovered
    case recoveredPreStart
    case cashIn
    case arrearsStock
    case arrearsPreStart
    case arrearsHouseholdShare
    case arrearsAge1to2
    case arrearsAge3to5
    case arrearsAge6to11
    case arrearsAge12plus
    case reasonInattention
    case reasonLowWillingness
    case reasonGrievance
    case reasonHardship
    case reasonStrategic
    case reasonVacancy
    case serviceQuality
    case perceivedQuality
    case meanTrust
    case hardshipShare
    case grievanceShare
    case enrolled
    case newEnrolments
    case planCompletions
    case planDefaults
    case contacts
    case contactsReached
    case legalFilings
    case legalSettlements
    case legalWins
    case legalPending
    case legalRecovered
    case legalClaimed
    case legalTimeBarred
    case legalFees
    case withholdingShare
    case episodeShare
    case episodesActive
    case waived
    case waivedPreStart
    case costTotal
    case costStatusQuoDunning
    case costTransparency
    case costDunning
    case costAssistance
    case costCogovernance
    case costLegal
    case costSettlement
    case costPhases
    case netCash
    case collectionRate12Months

    /// The column name used in outputs.
    public var key: String {
        switch self {
        case .collectionRate: "collection_rate"
        case .onTimeRate: "on_time_rate"
        case .voluntaryRate: "voluntary_rate"
        case .onTimeRateYTD: "on_time_rate_ytd"
        case .voluntaryRateYTD: "voluntary_rate_ytd"
        case .voluntaryPeriodRateYTD: "voluntary_period_rate_ytd"
        case .arrearsCollectionRateYTD: "arrears_collection_rate_ytd"
        case .longTermHouseholds: "long_term_households"
        case .longTermSuccessYTD: "long_term_success_ytd"
        case .noPaymentShareYTD: "no_payment_share_ytd"
        case .targetWindowRate: "target_window_rate"
        case .targetReached: "target_reached"
        case .due: "due"
        case .billed: "billed"
        case .paid: "paid"
        case .recovered: "recovered"
        case .recoveredPreStart: "recovered_pre_start"
        case .cashIn: "cash_in"
        case .arrearsStock: "arrears_stock"
        case .arrearsPreStart: "arrears_pre_start"
        case .arrearsHouseholdShare: "arrears_household_share"
        case .arrearsAge1to2: "arrears_age_1_2"
        case .arrearsAge3to5: "arrears_age_3_5"
        case .arrearsAge6to11: "arrears_age_6_11"
        case .arrearsAge12plus: "arrears_age_12_plus"
        case .reasonInattention: "reason_inattention"
        case .reasonLowWillingness: "reason_low_willingness"
        case .reasonGrievance: "reason_grievance"
        case .reasonHardship: "reason_hardship"
        case .reasonStrategic: "reason_strategic"
        case .reasonVacancy: "reason_vacancy"
        case .serviceQuality: "service_quality"
        case .perceivedQuality: "perceived_quality"
        case .meanTrust: "mean_trust"
        case .hardshipShare: "hardship_share"
        case .grievanceShare: "grievance_share"
        case .enrolled: "enrolled"
        case .newEnrolments: "new_enrolments"
        case .planCompletions: "plan_completions"
        case .planDefaults: "plan_defaults"
        case .contacts: "contacts"
        case .contactsReached: "contacts_reached"
        case .legalFilings: "legal_filings"
        case .legalSettlements: "legal_settlements"
        case .legalWins: "legal_wins"
        case .legalPending: "legal_pending"
        case .legalRecovered: "legal_recovered"
        case .legalClaimed: "legal_claimed"
        case .legalTimeBarred: "legal_time_barred"
        case .legalFees: "legal_fees"
        case .withholdingShare: "withholding_share"
        case .episodeShare: "episode_share"
        case .episodesActive: "episodes_active"
        case .waived: "waived"
        case .waivedPreStart: "waived_pre_start"
        case .costTotal: "cost_total"
        case .costStatusQuoDunning: "cost_status_quo_dunning"
        case .costTransparency: "cost_transparency"
        case .costDunning: "cost_dunning"
        case .costAssistance: "cost_assistance"
        case .costCogovernance: "cost_cogovernance"
        case .costLegal: "cost_legal"
        case .costSettlement: "cost_settlement"
        case .costPhases: "cost_phases"
        case .netCash: "net_cash"
        case .collectionRate12Months: "collection_rate_12m"
        }
    }

    /// One line of meaning and unit, for docs and reports.
    public var meaning: String {
        switch self {
        case .collectionRate:
            "收缴率 period to date: fees for the months of the current year up to this month, collected by its end, over those fees"
        case .onTimeRate: "share of this month's bills (by amount) paid by their due date, the month's end (NaN when no bill was issued)"
        case .voluntaryRate:
            "share of this month's bills paid by their due date with no dunning attempt that month (pre-due reminders do not count) (NaN when none issued)"
        case .onTimeRateYTD: "on-time rate of the current year's bills so far"
        case .voluntaryRateYTD: "主动缴费率 of the current year's bills so far: paid by the due date without dunning, over billed"
        case .voluntaryPeriodRateYTD:
            "主动缴费率, period definition, so far this year: the year's bills paid within it by households no dunning rung had attempted in the year before they paid, over the year's billing"
        case .arrearsCollectionRateYTD:
            "清欠率 so far this year: arrears from before the year collected in it, over those arrears at the year's start"
        case .longTermHouseholds: "households owing ≥ target.long_term_months months at the start of the current year"
        case .longTermSuccessYTD: "催缴成功率 of the long-term group so far this year: share that has paid all it owed at the year's start"
        case .noPaymentShareYTD: "share of households with a fee that have paid nothing so far this year"
        case .targetWindowRate: "收缴率 of the bills of the target window (target.from_month…by_month), from its last month on (NaN before)"
        case .targetReached: "1 from the target window's last month on if its 收缴率 reached the target, else 0 (NaN before)"
        case .due: "fees for this month (Σ monthly fees), yuan"
        case .billed: "bills issued this month (a bill covers billing_months months), yuan"
        case .paid: "this month's bills paid by their due date (collections that are not arrears), yuan"
        case .recovered: "清欠: overdue fees collected this month (voluntary, settlements, court recoveries), yuan"
        case .recoveredPreStart: "part of `recovered` owed from before month 1, yuan"
        case .cashIn: "paid + recovered, yuan"
        case .arrearsStock: "overdue fees owed at the month's end, yuan"
        case .arrearsPreStart: "part of the arrears stock owed from before month 1, yuan"
        case .arrearsHouseholdShare: "share of households with anything overdue at the month's end"
        case .arrearsAge1to2: "share of the arrears stock whose household's oldest unpaid bill is 1–2 months overdue"
        case .arrearsAge3to5: "… 3–5 months overdue"
        case .arrearsAge6to11: "… 6–11 months overdue"
        case .arrearsAge12plus: "… 12 months or more overdue"
        case .reasonInattention: "share of the arrears stock held by households willing and able but late (or repaying slowly)"
        case .reasonLowWillingness: "… unwilling for low trust or low perceived value"
        case .reasonGrievance: "… withholding over a grievance or dispute"
        case .reasonHardship: "… unable to pay (hardship), or repaying on a hardship plan"
        case .reasonStrategic: "… strategic non-payers (free riders)"
        case .reasonVacancy: "… absentee owners (vacant units) who did not act or will not pay for a flat they do not live in"
        case .serviceQuality: "service quality Q used this month, in [0, 1]"
        case .perceivedQuality: "mean perceived service at the month's end, in [0, 1]"
        case .meanTrust: "mean trust at the month's end, in [0, 1]"
        case .hardshipShare: "share of households in hardship"
        case .grievanceShare: "share of households with an open grievance"
        case .enrolled: "households on a hardship instalment plan at the month's end"
        case .newEnrolments: "households enrolled this month"
        case .planCompletions: "instalment plans completed this month (arrears cleared)"
        case .planDefaults: "instalment plans that failed this month"
        case .contacts: "dunning attempts this month (all rungs, both ladders; pre-due reminders are not dunning and not counted)"
        case .contactsReached: "dunning attempts that reached the household (pre-due reminders excluded)"
        case .legalFilings: "lawsuits filed this month"
        case .legalSettlements: "cases settled before judgment this month"
        case .legalWins: "judgments won this month"
        case .legalPending: "cases open (before judgment or enforcement) at the month's end"
        case .legalRecovered: "arrears collected through settlements and enforcement this month, yuan"
        case .legalClaimed: "fees claimed in the lawsuits filed this month (overdue fees not yet time-barred), yuan"
        case .legalTimeBarred: "overdue fees of the households sued this month that the limitation period kept out of their claims, yuan"
        case .legalFees: "court and enforcement application fees paid this month (诉讼费用交纳办法 arts. 13–14), before any repayment, yuan"
        case .withholdingShare: "share of households withholding a disputed past while paying their current fees"
        case .episodeShare: "share of households withholding with their building in a collective dispute episode"
        case .episodesActive: "buildings in a collective dispute episode at the month's end"
        case .waived: "overdue fees waived by collective settlements this month (revenue given up, not cash), yuan"
        case .waivedPreStart: "part of `waived` owed from before month 1, yuan"
        case .costTotal: "all costs this month, yuan"
        case .costStatusQuoDunning: "cost of the status-quo ladder, yuan"
        case .costTransparency: "cost of the transparency lever, yuan"
        case .costDunning: "cost of the smart dunning ladder, yuan"
        case .costAssistance: "cost of hardship assistance (case work and subsidy), yuan"
        case .costCogovernance: "cost of co-governance, yuan"
        case .costLegal: "cost of lawsuits (lawyer, staff, court fees) net of court fees repaid by losing households, yuan"
        case .costSettlement: "cost of collective settlements this month (agreements, set-up), yuan"
        case .costPhases: "fixed and monthly costs of rollout phases, yuan"
        case .netCash: "cash in − cost total, yuan"
        case .collectionRate12Months:
            "收缴率 over the last 12 months: fees for months max(1, t − 11)…t, collected by month t's end, over those fees (before month 12: since month 1, equal to collection_rate)"
        }
    }
}

/// The columns of one replication's monthly record: the fixed ``Metric``s, then contacts per rung of each
/// ladder, then cost per rollout phase. Built once per scenario.
public struct MetricLayout: Sendable, Equatable {
    /// Every column name, fixed metrics first.
    public let names: [String]
    /// Index of the first "contacts_status_quo_<rung>" column; the status-quo ladder's rungs follow in order,
    /// then its pre-due reminder (if any), then the smart ladder's rungs and pre-due reminder.
    public let contactsOffset: Int
    /// Index of the first "cost_phase_<name>" column, one per phase in rollout order.
    public let phaseCostOffset: Int

    public var count: Int { names.count }

    public init(statusQuo: Ladder, smart: Ladder, phases: [Phase]) {
        var names = Metric.allCases.map(\.key)
        contactsOffset = names.count
        for (label, ladder) in [("status_quo", statusQuo), ("smart", smart)] {
            names += ladder.rungs.map { "contacts_\(label)_\($0.name)" }
            if ladder.preDueReminder != nil { names.append("contacts_\(label)_pre_due") }
        }
        phaseCostOffset = names.count
        names += phases.map { "cost_phase_\($0.name)" }
        self.names = names
    }

    /// The column of a named metric, or nil. O(columns); not for hot loops.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }
}
