import Foundation

/// The random streams of one replication (docs/MODEL.md §5). Each monthly stream draws exactly one uniform
/// number per household per month, needed or not, so that scenarios compared on the same replication see the
/// same luck for each household (common random numbers).
public enum RandomStreamID: Int, CaseIterable, Sendable {
    case setup, hardship, grievance, transparencyReach, enrolment, contactDelivery, payment, arrearsRepayment
    case legalFiling, legalOutcome

    /// The streams drawn every month (all but setup).
    public static let monthly: [RandomStreamID] = Array(allCases.dropFirst())
}

/// One rung of either ladder, laid out for the monthly loop.
public struct RungData: Sendable, Equatable, BitwiseCopyable {
    /// Probability that an attempted contact happens.
    var delivery: Double
    /// Logit uplift when it happens.
    var uplift: Double
    /// Yuan per contact that happens.
    var cost: Double
    /// 1 − trust penalty.
    var keepTrust: Double
    /// Column of this rung's contact count in the monthly record.
    var column: Int32
    /// Index of this rung's capacity slot, or −1 when the rung has no monthly capacity.
    var slot: Int32
    /// 0 = status-quo ladder, 1 = smart ladder.
    var ladder: Int32
}

/// Both dunning ladders prepared for the monthly loop: rung lookup by (ladder, enrolled, arrears months) is one
/// table read. Built once per scenario. Global rung indices count the status-quo ladder's rungs first.
public struct LadderTables: Sendable {
    /// Every rung, status-quo ladder first.
    public internal(set) var rungs: [RungData] = []
    /// `table[((ladder * 2 + enrolled) * size) + min(m, size − 1)]` = global rung index for m months of
    /// arrears, or −1 for none (m = 0, or no rung low enough). Enrolled rows skip legal rungs.
    var table: [Int16] = []
    /// Row length of `table`: one more than the largest `min_arrears_months` of either ladder.
    var size = 1
    /// Per ladder: pre-due reminder uplift, cost and contact column (column −1 = no reminder).
    var preDueUplift: [Double] = [0, 0]
    var preDueCost: [Double] = [0, 0]
    var preDueColumn: [Int32] = [-1, -1]
    /// Monthly capacity of each capacity slot (rungs with `capacity_per_month`), in rung order.
    public internal(set) var capacities: [Int] = []

    init(statusQuo: Ladder, smart: Ladder, firstColumn: Int) {
        let ladders = [statusQuo, smart]
        size = (ladders.flatMap { $0.rungs.map(\.minArrearsMonths) }.max() ?? 0) + 1
        var column = firstColumn
        var offsets: [Int] = []
        for (l, ladder) in ladders.enumerated() {
            offsets.append(rungs.count)
            for rung in ladder.rungs {
                var slot: Int32 = -1
                if let cap = rung.capacityPerMonth {
                    slot = Int32(capacities.count)
                    capacities.append(cap)
                }
                rungs.append(RungData(delivery: rung.deliveryProbability, uplift: rung.uplift,
                                      cost: rung.costPerContact, keepTrust: 1 - rung.trustPenalty,
                                      column: Int32(column), slot: slot, ladder: Int32(l)))
                column += 1
            }
            if let reminder = ladder.preDueReminder {
                preDueUplift[l] = reminder.uplift
                preDueCost[l] = reminder.cost
                preDueColumn[l] = Int32(column)
                column += 1
            }
        }
        for (l, ladder) in ladders.enumerated() {
            for skipLegal in [false, true] {
                for m in 0..<size {
                    var best: Int16 = -1
                    var bestMin = Int.min
                    // The largest threshold ≤ m; the first listed rung wins ties.
                    for (r, rung) in ladder.rungs.enumerated() where m >= 1 && rung.minArrearsMonths <= m {
                        if skipLegal && rung.legal { continue }
                        if rung.minArrearsMonths > bestMin {
                            bestMin = rung.minArrearsMonths
                            best = Int16(offsets[l] + r)
                        }
                    }
                    table.append(best)
                }
            }
        }
    }

    /// The global rung for `m` months of arrears on `ladder` (0 status quo, 1 smart), or −1. O(1).
    public func rung(ladder: Int, arrears m: Int, enrolled: Bool) -> Int {
        Int(table[(ladder * 2 + (enrolled ? 1 : 0)) * size + min(m, size - 1)])
    }
}

/// A scenario prepared for simulation: everything that does not change between replications.
///
/// Building one is O(N + B + T); it is shared read-only by every replication.
public struct CompiledModel: Sendable {
    public let scenario: Scenario
    public let layout: MetricLayout
    /// N households, B buildings, T months.
    public let households: Int
    public let buildings: Int
    public let months: Int
    /// Household index range of building b: buildingStart[b] ..< buildingStart[b + 1].
    public let buildingStart: [Int]
    /// Both dunning ladders as lookup tables.
    public let ladders: LadderTables

    /// Checks the structure the engine relies on and prepares lookup tables.
    /// - Throws: ``ModelError`` when the scenario cannot be simulated (the scenario loader reports the same
    ///   problems earlier, with file and line).
    public init(_ scenario: Scenario) throws {
        try ModelError.check(scenario)
        self.scenario = scenario
        households = scenario.community.households
        buildings = scenario.community.buildings
        months = scenario.months
        layout = MetricLayout(statusQuo: scenario.statusQuoDunning, smart: scenario.levers.dunning,
                              phases: scenario.rollout)
        // b(i) = floor(i·B/N) is non-decreasing, so each building is one contiguous index range; its first
        // household is the smallest i with i·B ≥ b·N, i.e. ceil(b·N / B).
        let n = households, b = buildings
        if let state = scenario.community.initialState {
            // Observed buildings: each building's households are the contiguous run with its index.
            var starts = [Int](repeating: n, count: b + 1)
            for (i, h) in state.enumerated().reversed() { starts[h.building] = i }
            for k in stride(from: b - 1, through: 0, by: -1) where starts[k] == n { starts[k] = starts[k + 1] }
            buildingStart = starts
        } else {
            buildingStart = (0...b).map { (($0 * n) + b - 1) / b }
        }
        ladders = LadderTables(statusQuo: scenario.statusQuoDunning, smart: scenario.levers.dunning,
                               firstColumn: layout.contactsOffset)
    }

    /// The building of household i: floor(i·B / N). O(1).
    public func building(of i: Int) -> Int { i * buildings / households }
}

/// A scenario the engine cannot run, with the key path of the offending value.
public struct ModelError: Error, CustomStringConvertible, Equatable {
    public let keyPath: String
    public let message: String
    public var description: String { "\(keyPath): \(message)" }

    static func check(_ s: Scenario) throws {
        func fail(_ path: String, _ message: String) throws -> Never { throw ModelError(keyPath: path, message: message) }
        let c = s.community
        if s.months < 1 { try fail("months", "must be ≥ 1, got \(s.months)") }
        if s.replications < 1 { try fail("replications", "must be ≥ 1, got \(s.replications)") }
        if c.households < 1 { try fail("community.households", "must be ≥ 1, got \(c.households)") }
        if c.buildings < 1 || c.buildings > c.households {
            try fail("community.buildings", "must be in 1…\(c.households) (households), got \(c.buildings)")
        }
        if c.segments.isEmpty { try fail("community.segments", "needs at least one segment") }
        let total = c.segments.reduce(0) { $0 + $1.share }
        if abs(total - 1) > 1e-9 { try fail("community.segments", "shares must sum to 1, got \(total)") }
        for ladder in [("status_quo_dunning", s.statusQuoDunning), ("levers.dunning", s.levers.dunning)] {
            for (r, rung) in ladder.1.rungs.enumerated() where rung.minArrearsMonths < 1 {
                try fail("\(ladder.0).ladder[\(r)].min_arrears_months", "must be ≥ 1, got \(rung.minArrearsMonths)")
            }
        }
        if s.levers.legal.lagMonths < 1 { try fail("levers.legal.lag_months", "must be ≥ 1") }
        if s.levers.legal.minArrearsMonths < 1 { try fail("levers.legal.min_arrears_months", "must be ≥ 1") }
        if s.levers.transparency.period < 1 { try fail("levers.transparency.period", "must be ≥ 1") }
        switch s.pilot {
        case .count(let k) where k < 0 || k > c.buildings:
            try fail("pilot.buildings", "must be in 0…\(c.buildings), got \(k)")
        case .buildings(let list) where list.contains { $0 < 0 || $0 >= c.buildings }:
            try fail("pilot.buildings", "building indices must be in 0…\(c.buildings - 1)")
        default: break
        }
        if let state = c.initialState {
            if state.count != c.households {
                try fail("community.initial_state", "has \(state.count) households, but community.households is \(c.households)")
            }
            for (i, h) in state.enumerated() {
                if h.building < 0 || h.building >= c.buildings || (i > 0 && h.building < state[i - 1].building) {
                    try fail("community.initial_state", "household \(i): buildings must be in 0…\(c.buildings - 1) and sorted")
                }
                if h.segment < 0 || h.segment >= c.segments.count || !(h.area > 0) || h.arrearsMonths < 0 {
                    try fail("community.initial_state", "household \(i): segment, area or arrears out of range")
                }
            }
            let used = Set(state.map(\.building))
            if used.count != c.buildings { try fail("community.initial_state", "every building needs at least one household") }
        }
        for (p, phase) in s.rollout.enumerated() {
            if case .list(let list) = phase.buildings, list.contains(where: { $0 < 0 || $0 >= c.buildings }) {
                try fail("rollout[\(p)].buildings", "building indices must be in 0…\(c.buildings - 1)")
            }
        }
    }
}
