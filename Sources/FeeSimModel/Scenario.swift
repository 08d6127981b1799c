/// A complete, validated description of one simulation: the community, the behaviour parameters, the
/// status-quo dunning ladder, the levers' parameters, the rollout and the run settings.
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
    /// Horizon T in months, ≥ 1.
    public var months: Int
    /// Monte Carlo replications, ≥ 1.
    public var replications: Int
    /// Master seed; replication r's streams derive from (seed, r) alone.
    public var seed: UInt64
    /// GSL generator name (for example "mt19937", "taus2").
    public var generator: String
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
        name: String = "scenario", description: String = "", months: Int = 24, replications: Int = 100,
        seed: UInt64 = 20_261_127, generator: String = "mt19937", target: Target = Target(),
        community: Community, behaviour: Behaviour = Behaviour(), statusQuoDunning: Ladder = .statusQuo,
        levers: Levers = Levers(), pilot: Pilot = .count(1), rollout: [Phase] = []
    ) {
        self.name = name
        self.description = description
        self.months = months
        self.replications = replications
        self.seed = seed
        self.generator = generator
        self.target = target
        self.community = community
        self.behaviour = behaviour
        self.statusQuoDunning = statusQuoDunning
        self.levers = levers
        self.pilot = pilot
        self.rollout = rollout
    }
}

/// The plan's headline target (§1.2): collection rate ≥ `collectionRate` by month `byMonth`.
public struct Target: Sendable, Equatable {
    /// Current-period collection rate by amount, in [0, 1]. Default 0.90.
    public var collectionRate: Double = 0.90
    /// The month by which the target should be reached, ≥ 1. Default 6.
    public var byMonth: Int = 6
    public init(collectionRate: Double = 0.90, byMonth: Int = 6) {
        self.collectionRate = collectionRate
        self.byMonth = byMonth
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

/// The community: its households, buildings, fee and segments.
public struct Community: Sendable, Equatable {
    /// N, the number of households, ≥ 1.
    public var households: Int
    /// B, the number of buildings, 1 ≤ B ≤ N. Household i lives in building floor(i·B/N).
    public var buildings: Int
    /// Fee rate in yuan per m² per month, > 0.
    public var feeRate: Double
    /// Q₁, the service quality in month 1, in [0, 1].
    public var initialQuality: Double
    /// Segments in order; shares sum to 1.
    public var segments: [Segment]
    /// An observed starting state (for example from `feesim import`): one entry per household, in household
    /// order, sorted by building. When present it replaces the drawn segment, floor area and initial arrears of
    /// every household, and buildings take their observed sizes. Off (nil) by default.
    public var initialState: [ObservedHousehold]?

    public init(households: Int, buildings: Int, feeRate: Double, initialQuality: Double, segments: [Segment],
                initialState: [ObservedHousehold]? = nil) {
        self.households = households
        self.buildings = buildings
        self.feeRate = feeRate
        self.initialQuality = initialQuality
        self.segments = segments
        self.initialState = initialState
    }
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
public struct Segment: Sendable, Equatable {
    public var name: String
    /// Share of the N households, in [0, 1].
    public var share: Double
    /// Median floor area in m² (> 0); areas are lognormal and clipped to [20, 400] m².
    public var areaMedian: Double
    /// Lognormal sigma of the floor area, ≥ 0.
    public var areaSigma: Double
    /// Fee multiplier, ≥ 0 (for example 0.5 for vacant units).
    public var feeMultiplier: Double
    /// Intrinsic willingness p ~ Beta(a, b); never changes.
    public var propensity: BetaParameters
    /// Initial trust τ ~ Beta(a, b).
    public var trust: BetaParameters
    /// h₀: probability of starting in hardship, in [0, 1].
    public var hardship: Double
    /// g₀: probability of starting with an open grievance, in [0, 1].
    public var grievance: Double
    /// q₀: probability of starting in arrears, in [0, 1].
    public var arrearsProbability: Double
    /// λ_m: households in arrears start with 1 + Poisson(λ_m) months, λ_m ≥ 0.
    public var arrearsExtraMonths: Double

    public init(
        name: String, share: Double, areaMedian: Double = 90, areaSigma: Double = 0.3, feeMultiplier: Double = 1,
        propensity: BetaParameters, trust: BetaParameters, hardship: Double = 0.0625, grievance: Double = 0.1,
        arrearsProbability: Double = 0.1, arrearsExtraMonths: Double = 2
    ) {
        self.name = name
        self.share = share
        self.areaMedian = areaMedian
        self.areaSigma = areaSigma
        self.feeMultiplier = feeMultiplier
        self.propensity = propensity
        self.trust = trust
        self.hardship = hardship
        self.grievance = grievance
        self.arrearsProbability = arrearsProbability
        self.arrearsExtraMonths = arrearsExtraMonths
    }
}

/// Behaviour parameters shared by every household (docs/MODEL.md §3).
public struct Behaviour: Sendable, Equatable {
    /// η_in, monthly probability of entering hardship. Default 0.01.
    public var hardshipEntry = 0.01
    /// η_out, monthly probability of leaving hardship. Default 0.15.
    public var hardshipExit = 0.15
    /// c_H, ability to pay while in hardship, in [0, 1]. Default 0.25.
    public var hardshipAbility = 0.25
    /// γ_in, monthly grievance rate at quality 0 (scaled by 1 − Q). Default 0.10.
    public var grievanceEntry = 0.10
    /// γ_out, monthly probability that a grievance resolves by itself. Default 0.25.
    public var grievanceExit = 0.25
    /// μ, monthly drift of trust towards service quality. Default 0.05.
    public var trustDrift = 0.05
    /// β_τ, weight of trust in willingness (logit units). Default 2.
    public var betaTrust = 2.0
    /// β_Q, weight of perceived quality. Default 2.
    public var betaQuality = 2.0
    /// β_N, weight of the building's payment norm. Default 2.
    public var betaNorm = 2.0
    /// β_G, penalty of an open grievance. Default 1.
    public var betaGrievance = 1.0
    /// ι in [0, 1]: how much trust damps a contact's uplift (coercion works less on the trusting). Default 0.5.
    public var trustPowerInteraction = 0.5
    /// φ: probability that a paying household in arrears repays all of it. Default 0.5.
    public var repayAllProbability = 0.5
    /// κ: monthly adjustment of service quality towards funding. Default 0.2.
    public var qualityAdjustment = 0.2
    /// s_req: share of the due amount needed to fund full service, in (0, 1]. Default 0.95.
    public var serviceRequirement = 0.95

    public init() {}
}

/// A pre-due reminder sent to every household with no arrears.
public struct Reminder: Sendable, Equatable {
    /// Uplift in logit units.
    public var uplift: Double
    /// Cost per reminder in yuan.
    public var cost: Double
    public init(uplift: Double, cost: Double) {
        self.uplift = uplift
        self.cost = cost
    }
}

/// One step of a dunning ladder.
public struct Rung: Sendable, Equatable {
    public var name: String
    /// The rung applies to households with at least this many months of arrears (≥ 1).
    public var minArrearsMonths: Int
    /// Probability that an attempted contact happens, in [0, 1].
    public var deliveryProbability: Double
    /// Uplift of willingness in logit units when the contact happens.
    public var uplift: Double
    /// Cost per contact that happens, in yuan.
    public var costPerContact: Double
    /// Relative trust loss of a contacted household, in [0, 1]: τ ← τ(1 − penalty).
    public var trustPenalty: Double
    /// At most this many households are contacted on this rung per month (largest arrears first); nil = no cap.
    public var capacityPerMonth: Int?
    /// A legal rung (for example a lawyer's letter) is never used on households enrolled in assistance.
    public var legal: Bool

    public init(
        name: String, minArrearsMonths: Int, deliveryProbability: Double, uplift: Double, costPerContact: Double,
        trustPenalty: Double = 0, capacityPerMonth: Int? = nil, legal: Bool = false
    ) {
        self.name = name
        self.minArrearsMonths = minArrearsMonths
        self.deliveryProbability = deliveryProbability
        self.uplift = uplift
        self.costPerContact = costPerContact
        self.trustPenalty = trustPenalty
        self.capacityPerMonth = capacityPerMonth
        self.legal = legal
    }
}

/// A dunning ladder: rungs in increasing `minArrearsMonths`, and an optional pre-due reminder.
public struct Ladder: Sendable, Equatable {
    public var preDueReminder: Reminder?
    public var rungs: [Rung]
    public init(preDueReminder: Reminder? = nil, rungs: [Rung]) {
        self.preDueReminder = preDueReminder
        self.rungs = rungs
    }

    /// A typical community today: an SMS from the first month in arrears, a phone call from the third.
    public static let statusQuo = Ladder(rungs: [
        Rung(name: "sms", minArrearsMonths: 1, deliveryProbability: 0.9, uplift: 0.25, costPerContact: 0.04),
        Rung(name: "call", minArrearsMonths: 3, deliveryProbability: 0.6, uplift: 0.3, costPerContact: 3,
             trustPenalty: 0.01),
    ])

    /// The plan's smart ladder (§3.2): app/SMS reminder before the due date, then SMS → call → visit →
    /// lawyer's letter. The lawsuit itself is the `legal` lever.
    public static let smart = Ladder(
        preDueReminder: Reminder(uplift: 0.1, cost: 0.04),
        rungs: [
            Rung(name: "sms", minArrearsMonths: 1, deliveryProbability: 0.95, uplift: 0.25, costPerContact: 0.04),
            Rung(name: "call", minArrearsMonths: 2, deliveryProbability: 0.7, uplift: 0.3, costPerContact: 2,
                 trustPenalty: 0.01),
            Rung(name: "visit", minArrearsMonths: 4, deliveryProbability: 0.8, uplift: 0.5, costPerContact: 40,
                 trustPenalty: 0.01, capacityPerMonth: 60),
            Rung(name: "lawyer_letter", minArrearsMonths: 9, deliveryProbability: 0.95, uplift: 0.4,
                 costPerContact: 50, trustPenalty: 0.03, legal: true),
        ])
}

/// Parameters of every lever (docs/MODEL.md §2). A lever acts only where a rollout phase switches it on.
public struct Levers: Sendable, Equatable {
    public var transparency = Transparency()
    public var dunning = Ladder.smart
    public var assistance = Assistance()
    public var cogovernance = Cogovernance()
    public var legal = Legal()
    public init() {}
}

/// §3.1: publish accounts every `period` months.
public struct Transparency: Sendable, Equatable {
    /// Months between publications, ≥ 1. Default 3 (quarterly).
    public var period = 3
    /// Probability that a publication reaches a household, in [0, 1]. Default 0.7.
    public var reach = 0.7
    /// λ_T: a reached household's trust moves this share of the way to 1. Default 0.15.
    public var trustGain = 0.15
    /// Added to the quality a household perceives where the lever is active (capped at 1). Default 0.05.
    public var perceptionBoost = 0.05
    /// Yuan per building per publication. Default 200.
    public var costPerPublication = 200.0
    /// Yuan per building per active month. Default 20.
    public var monthlyCost = 20.0
    public init() {}
}

/// §3.3: hardship detection, instalments and deferral.
public struct Assistance: Sendable, Equatable {
    /// Monthly probability that a household in hardship is found and enrolled. Default 0.3.
    public var detectionProbability = 0.3
    /// Share of the hardship ability gap restored by enrolment, in [0, 1]. Default 0.6.
    public var abilityRestore = 0.6
    /// Share of the monthly fee the company subsidises per enrolled household-month, in [0, 1]. Default 0.1.
    public var subsidyShare = 0.1
    /// Case-work cost per enrolled household-month in yuan. Default 15.
    public var caseCost = 15.0
    public init() {}
}

/// §3.4: owners' committee, volunteer supervisors, mediation.
public struct Cogovernance: Sendable, Equatable {
    /// Multiplies the weight of the building's payment norm, ≥ 0. Default 1.5.
    public var peerMultiplier = 1.5
    /// λ_C: each month trust moves this share of the way to 1. Default 0.01.
    public var trustGain = 0.01
    /// Extra monthly probability that a grievance is mediated away, in [0, 1]. Default 0.2.
    public var mediationProbability = 0.2
    /// Yuan per building per active month. Default 100.
    public var monthlyCost = 100.0
    public init() {}
}

/// §5.1: lawsuits as a last resort.
public struct Legal: Sendable, Equatable {
    /// Only households with at least this many months of arrears are sued (≥ 1). Default 12.
    public var minArrearsMonths = 12
    /// Monthly probability that an eligible household is sued, in [0, 1]. Default 0.05.
    public var filingProbability = 0.05
    /// Yuan per case (court fee, lawyer, staff). Default 2,000.
    public var costPerCase = 2000.0
    /// Relative trust loss of the sued household. Default 0.3.
    public var trustPenalty = 0.3
    /// Relative trust loss of every other household in its building. Default 0.02.
    public var publicTrustPenalty = 0.02
    /// Months from filing to resolution, ≥ 1. Default 6.
    public var lagMonths = 6
    /// Probability that the company wins and recovers all arrears. Default 0.95.
    public var winProbability = 0.9
    /// Months a court order makes the household pay every bill, ≥ 0. Default 12.
    public var orderMonths = 12
    public init() {}
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
}

/// One phase of a rollout.
public struct Phase: Sendable, Equatable {
    public var name: String
    /// First month of the phase, ≥ 1.
    public var startMonth: Int
    /// Last month of the phase (inclusive); nil = to the end of the horizon.
    public var endMonth: Int?
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
            Phase(name: "preparation", startMonth: 1, endMonth: 2, buildings: .all, levers: [],
                  fixedCost: preparationCost),
            Phase(name: "pilot", startMonth: 3, endMonth: 6, buildings: .pilot, levers: levers),
            Phase(name: "rollout", startMonth: 7, endMonth: 12, buildings: .all, levers: levers),
            Phase(name: "operation", startMonth: 13, endMonth: nil, buildings: .all, levers: levers),
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
