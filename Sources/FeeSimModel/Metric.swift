/// The monthly metrics every replication records (docs/MODEL.md §4). Rates are in [0, 1], money in yuan.
public enum Metric: Int, CaseIterable, Sendable {
    case collectionRate, collectionRateHouseholds, voluntaryRate, cumulativeCollectionRate, targetReached
    case due, paid, recovered, cashIn, arrearsStock, arrearsHouseholdShare, longTermClearedShare
    case serviceQuality, meanTrust, hardshipShare, grievanceShare
    case enrolled, newEnrolments, contacts, legalFilings, legalWins, legalPending, courtOrders
    case costTotal, costStatusQuoDunning, costTransparency, costDunning, costAssistance, costCogovernance
    case costLegal, costPhases, netCash

    /// The column name used in outputs.
    public var key: String {
        switch self {
        case .collectionRate: "collection_rate"
        case .collectionRateHouseholds: "collection_rate_households"
        case .voluntaryRate: "voluntary_rate"
        case .cumulativeCollectionRate: "cumulative_collection_rate"
        case .targetReached: "target_reached"
        case .due: "due"
        case .paid: "paid"
        case .recovered: "recovered"
        case .cashIn: "cash_in"
        case .arrearsStock: "arrears_stock"
        case .arrearsHouseholdShare: "arrears_household_share"
        case .longTermClearedShare: "long_term_cleared_share"
        case .serviceQuality: "service_quality"
        case .meanTrust: "mean_trust"
        case .hardshipShare: "hardship_share"
        case .grievanceShare: "grievance_share"
        case .enrolled: "enrolled"
        case .newEnrolments: "new_enrolments"
        case .contacts: "contacts"
        case .legalFilings: "legal_filings"
        case .legalWins: "legal_wins"
        case .legalPending: "legal_pending"
        case .courtOrders: "court_orders"
        case .costTotal: "cost_total"
        case .costStatusQuoDunning: "cost_status_quo_dunning"
        case .costTransparency: "cost_transparency"
        case .costDunning: "cost_dunning"
        case .costAssistance: "cost_assistance"
        case .costCogovernance: "cost_cogovernance"
        case .costLegal: "cost_legal"
        case .costPhases: "cost_phases"
        case .netCash: "net_cash"
        }
    }

    /// One line of meaning and unit, for docs and reports.
    public var meaning: String {
        switch self {
        case .collectionRate: "current-period collection rate by amount, paid / due (收缴率)"
        case .collectionRateHouseholds: "share of households that paid this month's bill"
        case .voluntaryRate: "share of households that paid with no arrears before the month (主动缴费率)"
        case .cumulativeCollectionRate: "Σ paid / Σ due from month 1 to this month"
        case .targetReached: "1 once the collection rate has reached the target in any month so far, else 0"
        case .due: "fees billed this month, yuan"
        case .paid: "current fees paid this month, yuan"
        case .recovered: "arrears repaid this month (instalments, full repayment, court wins), yuan"
        case .cashIn: "paid + recovered, yuan"
        case .arrearsStock: "Σ arrears months × monthly fee at the end of the month, yuan"
        case .arrearsHouseholdShare: "share of households with at least one month of arrears"
        case .longTermClearedShare: "share of households that started with ≥ 6 months of arrears and have since cleared them"
        case .serviceQuality: "service quality Q used this month, in [0, 1]"
        case .meanTrust: "mean trust at the end of the month, in [0, 1]"
        case .hardshipShare: "share of households in hardship"
        case .grievanceShare: "share of households with an open grievance"
        case .enrolled: "households enrolled in hardship assistance at the end of the month"
        case .newEnrolments: "households enrolled this month"
        case .contacts: "dunning contacts that happened this month (all rungs, both ladders, pre-due reminders)"
        case .legalFilings: "lawsuits filed this month"
        case .legalWins: "cases won this month"
        case .legalPending: "cases pending at the end of the month"
        case .courtOrders: "households under a court order at the end of the month"
        case .costTotal: "all costs this month, yuan"
        case .costStatusQuoDunning: "cost of the status-quo ladder, yuan"
        case .costTransparency: "cost of the transparency lever, yuan"
        case .costDunning: "cost of the smart dunning ladder, yuan"
        case .costAssistance: "cost of hardship assistance (subsidy and case work), yuan"
        case .costCogovernance: "cost of co-governance, yuan"
        case .costLegal: "cost of lawsuits filed, yuan"
        case .costPhases: "fixed and monthly costs of rollout phases, yuan"
        case .netCash: "cash in − cost total, yuan"
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
