/// A complete, validated description of one simulation: the community, the behaviour parameters, the
/// status-quo dunning ladder, the levers' parameters and the rollout — and, as defaults that a run may replace
/// (`CompiledModel(scenario, settings:)`), its run settings.
///
/// This is plain data. Scenario files (see the `FeeSimScenario` library) decode into it; tests build it in
/// code. Every property's default is the reference model's value (docs/MODEL.md).
public struct Scenario: Sendable, Equatable {
    /// The display name for a language code, or `name`. O(1).
    public func title(_ language: String) -> String { titles[language] ?? titles["en"] ?? name }

    /// Short identifier used for result folders.
    public var name: String
    public var description: String
    /// Short display names by language code ("en", "zh"); reports fall back to `name`.
    public var titles: [String: String] = [:]
    /// How the scenario runs unless a run says otherwise (`CompiledModel(scenario, settings:)`).
    public var settings: RunSettings
    /// Horizon T in months (``settings``).
    public var months: Int {
        get { settings.months }
        set { settings.months = newValue }
    }
    /// Monte Carlo replications (``settings``).
    public var replications: Int {
        get { settings.replications }
        set { settings.replications = newValue }
    }
    /// Master seed (``settings``).
    public var seed: UInt64 {
        get { settings.seed }
        set { settings.seed = newValue }
    }
    /// GSL generator name (``settings``).
    public var generator: String {
        get { settings.generator }
        set { settings.generator = newValue }
    }
    /// The plan's collection target, used for "month first at target" and P(target reached).
    public var target: Target
    public var community: Community
    public var behaviour: Behaviour
    /// The ladder every community runs today; the smart ladder replaces it where dunning is active.
    public var statusQuoDunning: Ladder
    public var levers: Levers
    public var pilot: Pilot
    public var rollout: [Phase]
    /// The household decision rule: the reference model (docs/MODEL.md) unless the scenario picks another.
    public var behaviourModel: BehaviourModel = .reference

    public init(
        name: String = "scenario", description: String = "", months: Int = RunSettings.reference.months,
        replications: Int = RunSettings.reference.replications, seed: UInt64 = RunSettings.reference.seed,
        generator: String = RunSettings.reference.generator, target: Target = Target(),
        community: Community, behaviour: Behaviour = Behaviour(), statusQuoDunning: Ladder = .statusQuo,
        levers: Levers = Levers(), pilot: Pilot = .count(1), rollout: [Phase] = []
    ) {
        self.name = name
        self.description = description
        self.settings = RunSettings(months: months, replications: replications, seed: seed, generator: generator)
        self.target = target
        self.community = community
        self.behaviour = behaviour
        self.statusQuoDunning = statusQuoDunning
        self.levers = levers
        self.pilot = pilot
        self.rollout = rollout
    }
}

/// The plan's headline target (§1.2), read on the industry's measure: 收缴率 of the bills for months
/// `fromMonth…byMonth`, collected by the end of `byMonth`, at least `collectionRate`.
public struct Target: Sendable, Equatable {
    /// Period 收缴率 to reach, in [0, 1].
    public var collectionRate: Double = 0.90
    /// First month of the window whose bills are counted, ≥ 1.
    public var fromMonth: Int = 1
    /// Last month of the window; the rate is read at its end, ≥ `fromMonth`.
    public var byMonth: Int = 6
    /// A household owing at least this many months of fees at a year's start is a long-term debtor.
    public var longTermMonths: Int = 12
    public init(collectionRate: Double = 0.90, fromMonth: Int = 1, byMonth: Int = 6, longTermMonths: Int = 12) {
        self.collectionRate = collectionRate
        self.fromMonth = fromMonth
        self.byMonth = byMonth
        self.longTermMonths = longTermMonths
    }
}

/// Parameters of a Beta(a, b) distribution; a, b > 0. Mean a / (a + b).
public struct BetaParameters: Sendable, Equatable {
    public var a: Double
    public var b: Double
    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }
    public var mean: Double { a / (a + b) }
}

/// The community: its households, buildings, fee, billing and segments.
public struct Community: Sendable, Equatable {
    /// N, the number of households.
    public var households: Int
    /// B, the number of buildings, 1 ≤ B ≤ N. Household i lives in building floor(i·B/N).
    public var buildings: Int
    /// Fee rate in yuan per m² per month.
    public var feeRate: Double
    /// Q₁, the service quality in month 1, in [0, 1] (1 = the service the full fee pays for).
    public var initialQuality: Double
    /// Months one bill covers (1, 2, 3, 4, 6 or 12), unless a segment says otherwise.
    public var billingMonths: Int = 1
    /// Discount on the fee of households billed a year ahead (billing_months 12), in [0, 0.5].
    public var annualDiscount: Double = 0
    /// Months of today's practice simulated before month 1 (not recorded), so that the run starts from the
    /// state today's practice produces.
    public var warmupMonths: Int = 24
    /// Today's collection staff (收费员, 管家) time spent on fees, yuan per household per month; booked every month
    /// to the status-quo ladder's cost in every scenario.
    public var collectionStaffCost = 0.0
    /// Share of buildings in a collective dispute episode at the start (before the warm-up): a developer dispute.
    public var disputeBuildings = 0.0
    /// Segments in order; shares sum to 1.
    public var segments: [Segment]
    /// An observed starting state (for example from `feesim import`): one entry per household, in household
    /// order, sorted by building. When present it replaces the drawn segment, floor area and initial arrears of
    /// every household, and buildings take their observed sizes. Off (nil) by default.
    public var initialState: [ObservedHousehold]?

    public init(
        households: Int, buildings: Int, feeRate: Double, initialQuality: Double, segments: [Segment],
        initialState: [ObservedHousehold]? = nil
    ) {
        self.households = households
        self.buildings = buildings
        self.feeRate = feeRate
        self.initialQuality = initialQuality
        self.segments = segments
        self.initialState = initialState
    }

    /// Months one bill of segment k covers. O(1).
    public func billingMonths(ofSegment k: Int) -> Int { segments[k].billingMonths ?? billingMonths }
}

/// One household's observed starting state.
public struct ObservedHousehold: Sendable, Equatable {
    /// Building index, 0-based; entries are sorted by it.
    public var building: Int
    /// Index into the community's segments.
    public var segment: Int
    /// Floor area in m² (> 0).
    public var area: Double
    /// Months of arrears at the start (≥ 0).
    public var arrearsMonths: Int
    public init(building: Int, segment: Int, area: Double, arrearsMonths: Int) {
        self.building = building
        self.segment = segment
        self.area = area
        self.arrearsMonths = arrearsMonths
    }
}

/// A group of households drawn from the same distributions (owner-occupiers, landlords, vacant units, …).
/// Ranges and sources of each field: ``ParameterCatalog/segmentFields``.
public struct Segment: Sendable, Equatable {
    public var name: String
    /// Share of the N households.
    public var share: Double
    /// Median floor area in m²; areas are lognormal and clipped to [20, 400] m².
    public var areaMedian: Double = 90
    /// Lognormal sigma of the floor area.
    public var areaSigma: Double = 0.3
    /// Fee multiplier (for example 0.5 for vacant units).
    public var feeMultiplier: Double = 1
    /// Months one bill covers for this segment; nil = the community's `billingMonths`.
    public var billingMonths: Int?
    /// Absentee owners (vacant units, landlords abroad): no in-person rung reaches them; their non-payment, unless
    /// in a dispute, counts as vacancy.
    public var absentee: Bool = false
    /// ``absentee`` as 0 or 1, and ``billingMonths`` with 0 for the community's cycle: the parameter paths
    /// `community.segments.<name>.absentee` and `….billing_months`.
    public var absenteeValue: Int {
        get { absentee ? 1 : 0 }
        set { absentee = newValue != 0 }
    }
    public var billingMonthsValue: Int {
        get { billingMonths ?? 0 }
        set { billingMonths = newValue == 0 ? nil : newValue }
    }
    /// Intrinsic willingness p ~ Beta(a, b); never changes.
    public var propensity: BetaParameters
    /// Monthly probability that a willing, able household acts on what it owes (pays) without a reminder.
    public var attention: Double = 0.7
    /// Initial trust τ ~ Beta(a, b).
    public var trust: BetaParameters
    /// Share starting in hardship.
    public var hardship: Double = 0.05
    /// Share starting with an open grievance or dispute (developer-era defects, service failures).
    public var grievance: Double = 0.1
    /// Share of strategic non-payers (free riders who pay only under credible enforcement); a fixed trait.
    public var strategic: Double = 0.03
    /// Share starting in arrears.
    public var arrearsProbability: Double = 0.1
    /// Households in arrears start with 1 + Poisson(mean) months.
    public var arrearsExtraMonths: Double = 2

    public init(name: String, share: Double, propensity: BetaParameters, trust: BetaParameters) {
        self.name = name
        self.share = share
        self.propensity = propensity
        self.trust = trust
    }
}

/// Behaviour parameters shared by every household (docs/MODEL.md §3). Defaults, ranges, priors and sources
/// are declared once, in ``ParameterCatalog/scalars``.
public struct Behaviour: Sendable, Equatable {
    public var hardshipEntry = 0.01
    public var hardshipExit = 0.15
    public var hardshipAbility = 0.3
    public var grievanceEntry = 0.03
    public var grievanceExit = 0.015
    public var perceptionDrift = 0.1
    public var invisibilityGap = 0.2
    public var trustDrift = 0.1
    public var betaTrust = 2.0
    public var betaValue = 2.0
    public var betaNorm = 1.0
    public var betaGrievance = 6.0
    public var betaStrategic = 6.0
    public var repayAllProbability = 0.8
    public var collectabilityHalfLife = 12.0
    public var reminderHalfLife = 1.0
    public var deterrenceHalfLife = 6.0
    public var qualityAdjustment = 0.15
    public var serviceRequirement = 0.95
    /// Bills' worth of arrears a paying household adds to its current bill when it does not pay all it owes (v3).
    public var catchUpBills = 1
    /// Probability that a household whose grievance resolves while it owes something withholds that disputed
    /// past and pays only its fees from then on (Civil Code art. 560: the payer may designate).
    public var withholdShare = 0.8
    /// Monthly probability that a household withholding a disputed past gives it up (sale, move, a deal).
    public var withholdRelease = 0.02
    /// Monthly probability that a collective dispute episode starts in a building that has none.
    public var episodeOnset = 0.002
    /// Probability that a household of the building joins an episode when it starts (withholds with it).
    public var episodeJoin = 0.5
    /// Monthly probability that an episode ends by itself (repairs, negotiation, time).
    public var episodeEnd = 0.03
    public init() {}
}

/// A pre-due reminder: sent in the month a bill is issued to every household with nothing overdue. It is not
/// dunning: a bill paid after it still counts as paid voluntarily.
public struct Reminder: Sendable, Equatable {
    /// Attention uplift in logit units, for that month only.
    public var uplift: Double
    /// Cost per reminder in yuan.
    public var cost: Double
    public init(uplift: Double, cost: Double) {
        self.uplift = uplift
        self.cost = cost
    }
}

/// One step of a dunning ladder, with its contact policy. Ranges and sources: ``ParameterCatalog/rungFields``.
public struct Rung: Sendable, Equatable {
    public var name: String
    /// The rung applies once the oldest unpaid bill is at least this many months overdue (≥ 1).
    public var minArrearsMonths: Int
    /// Right-party contact: probability that an attempt reaches the household.
    public var deliveryProbability: Double
    /// Attention uplift (logit units) at contact; it fades with `behaviour.reminder_half_life` and does not add
    /// up: a new contact raises the household's boost to at least this value.
    public var uplift: Double
    /// Personal enforcement credibility a contact creates in [0, 1] (lawyer's letters): it removes that share of
    /// a strategic household's refusal, fading with `behaviour.deterrence_half_life`.
    public var deterrence: Double = 0
    /// Cost per attempt in yuan (charged whether or not the household is reached).
    public var costPerAttempt: Double
    /// Relative trust loss of a reached household: τ ← τ(1 − penalty).
    public var trustPenalty: Double = 0
    /// Contact policy: at most one attempt every `everyMonths` months …
    public var everyMonths: Int = 1
    /// … and at most `maxAttempts` attempts per arrears episode (an episode ends when nothing is overdue).
    public var maxAttempts: Int = 255
    /// At most this many attempts on this rung per month (largest arrears first); nil = no cap.
    public var capacityPerMonth: Int?
    /// A visit or other in-person contact: absentee households cannot be reached.
    public var inPerson: Bool = false
    /// A written demand (a lawyer's letter): when it reaches the household it interrupts the limitation period
    /// of the fees it demands (Civil Code art. 195).
    public var writtenDemand: Bool = false
    /// ``writtenDemand`` as 0 or 1, for the parameter path `written_demand`.
    public var writtenDemandValue: Int {
        get { writtenDemand ? 1 : 0 }
        set { writtenDemand = newValue != 0 }
    }

    public init(
        name: String, minArrearsMonths: Int, deliveryProbability: Double, uplift: Double,
        costPerAttempt: Double, deterrence: Double = 0, trustPenalty: Double = 0, everyMonths: Int = 1,
        maxAttempts: Int = 255, capacityPerMonth: Int? = nil, inPerson: Bool = false, writtenDemand: Bool = false
    ) {
        self.name = name
        self.minArrearsMonths = minArrearsMonths
        self.deliveryProbability = deliveryProbability
        self.uplift = uplift
        self.deterrence = deterrence
        self.costPerAttempt = costPerAttempt
        self.trustPenalty = trustPenalty
        self.everyMonths = everyMonths
        self.maxAttempts = maxAttempts
        self.capacityPerMonth = capacityPerMonth
        self.inPerson = inPerson
        self.writtenDemand = writtenDemand
    }
}

/// A dunning ladder: rungs in increasing `minArrearsMonths`, and an optional pre-due reminder.
public struct Ladder: Sendable, Equatable {
    public var preDueReminder: Reminder?
    public var rungs: [Rung]
    /// One-off cost of setting the ladder up as a lever (platform, scripts, training), yuan; booked in the first
    /// month the smart ladder is active anywhere. Unused for the status-quo ladder.
    public var setupCost = 0.0
    /// Month of the year (1…12) of the year-end drive, when every household's attempt counts on this ladder
    /// restart, so chronic debtors are chased again; 0 = none. Used for the status-quo ladder.
    public var driveMonth = 0
    public init(preDueReminder: Reminder? = nil, rungs: [Rung], setupCost: Double = 0, driveMonth: Int = 0) {
        self.preDueReminder = preDueReminder
        self.rungs = rungs
        self.setupCost = setupCost
        self.driveMonth = driveMonth
    }

    /// A typical community today: a monthly SMS from the first month overdue, a phone call every third month
    /// from the third. Costs: cloud SMS 0.036–0.045 yuan; a 3–5 minute call ≈ 2–4 yuan of staff time (NBS 2023).
    public static let statusQuo = Ladder(
        rungs: [
            Rung(
                name: "sms", minArrearsMonths: 1, deliveryProbability: 0.9, uplift: 0.3, costPerAttempt: 0.04,
                maxAttempts: 12),
            Rung(
                name: "call", minArrearsMonths: 3, deliveryProbability: 0.5, uplift: 0.5, costPerAttempt: 3,
                everyMonths: 3, maxAttempts: 4)
        ], driveMonth: 12)

    /// The plan's smart ladder (§3.2): a reminder before the due date, then SMS → call → visit → lawyer's
    /// letter, each with a contact policy. The lawsuit itself is the `legal` lever.
    public static let smart = Ladder(
        preDueReminder: Reminder(uplift: 0.3, cost: 0.04),
        rungs: [
            Rung(
                name: "sms", minArrearsMonths: 1, deliveryProbability: 0.95, uplift: 0.3, costPerAttempt: 0.04,
                maxAttempts: 6),
            Rung(
                name: "call", minArrearsMonths: 2, deliveryProbability: 0.6, uplift: 0.6, costPerAttempt: 3,
                everyMonths: 2, maxAttempts: 3),
            Rung(
                name: "visit", minArrearsMonths: 4, deliveryProbability: 0.7, uplift: 0.8, costPerAttempt: 30,
                deterrence: 0.1, everyMonths: 4, maxAttempts: 2, capacityPerMonth: 60, inPerson: true),
            Rung(
                name: "lawyer_letter", minArrearsMonths: 9, deliveryProbability: 0.95, uplift: 0.3,
                costPerAttempt: 50, deterrence: 0.5, trustPenalty: 0.05, maxAttempts: 1, capacityPerMonth: 20,
                writtenDemand: true)
        ], setupCost: 10_000, driveMonth: 12)
}

/// Parameters of every lever (docs/MODEL.md §2). A lever acts only where a rollout phase switches it on.
public struct Levers: Sendable, Equatable {
    public var transparency = Transparency()
    public var dunning = Ladder.smart
    public var assistance = Assistance()
    public var cogovernance = Cogovernance()
    public var legal = Legal()
    public var settlement = Settlement()
    /// Levers switched off whatever the rollout says (`levers.<lever>.enabled` 0).
    public var disabled = LeverSet()
    public init() {}

    /// 1 if `lever` acts where a rollout switches it on, 0 if it is switched off (the parameter
    /// `levers.<lever>.enabled`). O(1).
    public subscript(enabled lever: Lever) -> Int {
        get { disabled.has(lever) ? 0 : 1 }
        set {
            if newValue == 0 { disabled.formUnion(LeverSet(lever)) } else { disabled.subtract(LeverSet(lever)) }
        }
    }
}

extension Levers {
    /// The one-off set-up cost of `lever`, yuan (each lever's `setup_cost`). O(1).
    public func setupCost(of lever: Lever) -> Double {
        switch lever {
        case .transparency: transparency.setupCost
        case .dunning: dunning.setupCost
        case .assistance: assistance.setupCost
        case .cogovernance: cogovernance.setupCost
        case .legal: legal.setupCost
        case .settlement: settlement.setupCost
        }
    }
}

/// Which buildings a phase covers.
public enum BuildingSet: Sendable, Equatable {
    case all
    case pilot
    case rest
    case list([Int])
}

/// How the pilot buildings are chosen.
public enum Pilot: Sendable, Equatable {
    /// This many buildings, chosen at random by each replication's setup stream.
    case count(Int)
    /// These building indices (0-based).
    case buildings([Int])

    /// The number of buildings (for `pilot.buildings`); setting it makes the pilot a random draw of that many.
    public var count: Int {
        get {
            switch self {
            case .count(let k): k
            case .buildings(let list): list.count
            }
        }
        set { self = .count(newValue) }
    }
}

/// One phase of a rollout.
public struct Phase: Sendable, Equatable {
    public var name: String
    /// First month of the phase, ≥ 1.
    public var startMonth: Int
    /// Last month of the phase (inclusive); nil = to the end of the horizon.
    public var endMonth: Int?

    /// `endMonth` as a parameter (`rollout[k].end_month`); only offered for phases that have one.
    public var endMonthValue: Int {
        get { endMonth ?? 0 }
        set { endMonth = newValue }
    }
    public var buildings: BuildingSet
    public var levers: LeverSet
    /// One-off cost in yuan, charged in the start month (training, set-up, …).
    public var fixedCost: Double
    /// Cost in yuan charged in every month of the phase.
    public var monthlyCost: Double

    public init(
        name: String, startMonth: Int, endMonth: Int?, buildings: BuildingSet, levers: LeverSet,
        fixedCost: Double = 0, monthlyCost: Double = 0
    ) {
        self.name = name
        self.startMonth = startMonth
        self.endMonth = endMonth
        self.buildings = buildings
        self.levers = levers
        self.fixedCost = fixedCost
        self.monthlyCost = monthlyCost
    }

    /// Whether the phase covers month `t`. O(1).
    @inline(__always)
    public func covers(month t: Int) -> Bool {
        t >= startMonth && (endMonth.map { t <= $0 } ?? true)
    }

    /// The plan's own schedule (§8) for a set of levers: preparation (1–2, no lever), pilot (3–6, pilot
    /// buildings), rollout (7–12, all), long-term operation (13+, all).
    public static func planSchedule(levers: LeverSet, preparationCost: Double = 0) -> [Phase] {
        [
            Phase(
                name: "preparation", startMonth: 1, endMonth: 2, buildings: .all, levers: [],
                fixedCost: preparationCost),
            Phase(name: "pilot", startMonth: 3, endMonth: 6, buildings: .pilot, levers: levers),
            Phase(name: "rollout", startMonth: 7, endMonth: 12, buildings: .all, levers: levers),
            Phase(name: "operation", startMonth: 13, endMonth: nil, buildings: .all, levers: levers)
        ]
    }
}

/// The household decision rules FeeSim can run. Each is a ``ReplicationModel``.
public enum BehaviourModel: Sendable, Equatable {
    /// docs/MODEL.md: propensity, trust, quality, norms, hardship, levers.
    case reference
    /// Zaklan, Westerhoff & Stauffer (2009): honest/evading agents on a periodic L×L lattice, heat-bath updates
    /// at temperature T, audits of evaders with probability p that enforce honesty for k periods.
    case zaklan(ZaklanParameters)
}

/// Parameters of the Ising-type tax-evasion model of Zaklan, Westerhoff & Stauffer (2009).
public struct ZaklanParameters: Sendable, Equatable {
    /// L: the lattice is L × L with periodic boundaries; N = L².
    public var latticeSize: Int = 100
    /// T: the "temperature" (noise of individual decisions); the 2-D Ising critical value is 2/ln(1 + √2) ≈ 2.269.
    public var temperature: Double = 2.6
    /// p: probability that an evader is audited in a period.
    public var auditProbability: Double = 0.05
    /// k: periods an audited evader stays honest.
    public var penaltyPeriods: Int = 10
    /// Share of agents honest in period 0.
    public var initialHonest: Double = 1
    public init() {}
}
