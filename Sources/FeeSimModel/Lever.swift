/// The plan's strategies, as levers a rollout switches on per building and month.
public enum Lever: Int, CaseIterable, Sendable, Comparable {
    /// §3.1 service value and open accounts: publications raise trust and perceived quality.
    case transparency
    /// §3.2 smart reminders and escalation: the smart ladder replaces the status-quo ladder.
    case dunning
    /// §3.3 differentiated communication and hardship help: instalments and deferral.
    case assistance
    /// §3.4 owners' committee, volunteer supervisors, mediation.
    case cogovernance
    /// §5.1 legal action as a last resort.
    case legal
    /// A collective settlement of a building's dispute episode: repairs and a waiver of part of the arrears.
    case settlement

    /// The name used in scenario files and outputs.
    public var key: String {
        switch self {
        case .transparency: "transparency"
        case .dunning: "dunning"
        case .assistance: "assistance"
        case .cogovernance: "cogovernance"
        case .legal: "legal"
        case .settlement: "settlement"
        }
    }

    /// The monthly record's column of what this lever costs.
    public var costMetric: Metric {
        switch self {
        case .transparency: .costTransparency
        case .dunning: .costDunning
        case .assistance: .costAssistance
        case .cogovernance: .costCogovernance
        case .legal: .costLegal
        case .settlement: .costSettlement
        }
    }

    public init?(key: String) {
        guard let lever = Lever.allCases.first(where: { $0.key == key }) else { return nil }
        self = lever
    }

    public static func < (lhs: Lever, rhs: Lever) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a run's cost is made of, in report order: the status-quo ladder, each lever, and the phases' own set-up and
/// running costs. Their sum is the month's total cost (docs/MODEL.md §4).
public enum CostPart: Hashable, Sendable, CaseIterable {
    case statusQuoDunning
    case lever(Lever)
    case phases

    public static var allCases: [CostPart] { [.statusQuoDunning] + Lever.allCases.map(CostPart.lever) + [.phases] }

    /// Its name in column names: `total_cost_<key>` in replications.csv, `extra_cost_<key>` in costbenefit.csv.
    public var key: String {
        switch self {
        case .statusQuoDunning: "status_quo_dunning"
        case .lever(let lever): lever.key
        case .phases: "phases"
        }
    }

    /// The monthly record's column of it.
    public var metric: Metric {
        switch self {
        case .statusQuoDunning: .costStatusQuoDunning
        case .lever(let lever): lever.costMetric
        case .phases: .costPhases
        }
    }
}

/// A set of levers as a bit mask: cheap to store per building and test in the monthly loop.
public struct LeverSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(_ lever: Lever) { self.rawValue = 1 << UInt8(lever.rawValue) }

    public init(_ levers: [Lever]) {
        self.rawValue = levers.reduce(0) { $0 | (1 << UInt8($1.rawValue)) }
    }

    public static let transparency = LeverSet(.transparency)
    public static let dunning = LeverSet(.dunning)
    public static let assistance = LeverSet(.assistance)
    public static let cogovernance = LeverSet(.cogovernance)
    public static let legal = LeverSet(.legal)
    public static let settlement = LeverSet(.settlement)
    public static let all = LeverSet(Lever.allCases)

    @inline(__always)
    public func has(_ lever: Lever) -> Bool { rawValue & (1 << UInt8(lever.rawValue)) != 0 }

    /// The members in the levers' declared order.
    public var levers: [Lever] { Lever.allCases.filter { has($0) } }
}
