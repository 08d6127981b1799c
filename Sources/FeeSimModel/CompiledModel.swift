import Foundation

/// The random streams of one replication (docs/MODEL.md §5). Each monthly stream draws exactly one uniform
/// number per household per month, needed or not, so that scenarios compared on the same replication see the
/// same luck for each household (common random numbers).
public enum RandomStreamID: Int, CaseIterable, Sendable {
    case setup, hardship, grievance, transparencyReach, enrolment, contactDelivery, willingness, ability, attention
    case repayment, legal, dispute, episode, building

    /// The streams that draw one uniform per household every month (all but setup and the building stream, which
    /// draws one per building).
    public static let monthly: [RandomStreamID] = allCases.filter { $0 != .setup && $0 != .building }
}

/// One rung of either ladder, laid out for the monthly loop.
public struct RungData: Sendable, Equatable, BitwiseCopyable {
    var delivery: Double
    var uplift: Double
    var deterrence: Double
    var cost: Double
    /// 1 − trust penalty.
    var keepTrust: Double
    var minAge: Int32
    var every: Int32
    var maxAttempts: Int32
    /// Column of this rung's attempt count in the monthly record.
    var column: Int32
    /// Index of this rung's capacity slot, or −1 when the rung has no monthly capacity.
    var slot: Int32
    var inPerson: Bool
    /// A written demand: interrupts the limitation period when it reaches the household.
    var written: Bool
}

/// Both dunning ladders prepared for the monthly loop. Global rung indices count the status-quo ladder's rungs
/// first; each household keeps an attempt count and last-attempt month per global rung.
public struct LadderTables: Sendable {
    /// Every rung, status-quo ladder first.
    public internal(set) var rungs: [RungData] = []
    /// Per ladder (0 status quo, 1 smart): its global rung indices, highest trigger first (ties: listed first).
    var order: [[Int32]] = [[], []]
    /// Per ladder: pre-due reminder uplift, cost and contact column (column −1 = no reminder).
    var preDueUplift: [Double] = [0, 0]
    var preDueCost: [Double] = [0, 0]
    var preDueColumn: [Int32] = [-1, -1]
    /// Monthly capacity of each capacity slot (rungs with `capacity_per_month`, then the legal lever's filings).
    public internal(set) var capacities: [Int] = []
    /// The capacity slot of lawsuit filings.
    var legalSlot = 0
    /// Per ladder: its global rung indices are ladderStart[l] ..< ladderStart[l + 1].
    var ladderStart: [Int] = [0, 0, 0]
    /// Per ladder: the month of the year of its drive (attempt counts restart), 0 = none.
    var driveMonth: [Int] = [0, 0]

    init(statusQuo: Ladder, smart: Ladder, firstColumn: Int, legalCapacity: Int) {
        var column = firstColumn
        for (l, ladder) in [statusQuo, smart].enumerated() {
            let offset = rungs.count
            for rung in ladder.rungs {
                var slot: Int32 = -1
                if let cap = rung.capacityPerMonth {
                    slot = Int32(capacities.count)
                    capacities.append(cap)
                }
                rungs.append(RungData(delivery: rung.deliveryProbability, uplift: rung.uplift,
                                      deterrence: rung.deterrence, cost: rung.costPerAttempt,
                                      keepTrust: 1 - rung.trustPenalty, minAge: Int32(rung.minArrearsMonths),
                                      every: Int32(rung.everyMonths), maxAttempts: Int32(rung.maxAttempts),
                                      column: Int32(column), slot: slot, inPerson: rung.inPerson,
                                      written: rung.writtenDemand))
                column += 1
            }
            if let reminder = ladder.preDueReminder {
                preDueUplift[l] = reminder.uplift
                preDueCost[l] = reminder.cost
                preDueColumn[l] = Int32(column)
                column += 1
            }
            ladderStart[l + 1] = rungs.count
            driveMonth[l] = ladder.driveMonth
            order[l] = ladder.rungs.indices.sorted { a, b in
                ladder.rungs[a].minArrearsMonths != ladder.rungs[b].minArrearsMonths
                    ? ladder.rungs[a].minArrearsMonths > ladder.rungs[b].minArrearsMonths : a < b
            }.map { Int32(offset + $0) }
        }
        legalSlot = capacities.count
        capacities.append(legalCapacity)
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
    /// Both dunning ladders, prepared for the monthly loop.
    public let ladders: LadderTables
    /// How this model runs: horizon, replications, seed, generator.
    public var settings: RunSettings { scenario.settings }

    /// Checks the structure the engine relies on and prepares lookup tables, to run `scenario` with `settings`
    /// (default: the scenario's own); ``scenario`` then carries the settings it runs with.
    /// - Throws: ``ModelError`` when the scenario cannot be simulated (the scenario loader reports the same
    ///   problems earlier, with file and line).
    public init(_ scenario: Scenario, settings: RunSettings? = nil) throws {
        var scenario = scenario
        if let settings { scenario.settings = settings }
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
                               firstColumn: layout.contactsOffset, legalCapacity: scenario.levers.legal.capacityPerMonth)
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
        do { try RunSettings.check(months: s.months, replications: s.replications) } catch let e as InputError { try fail(e.field, e.message) }
        if !StructureRule.households.contains(c.households) {
            try fail("community.households", "must be in 1…50000000, got \(c.households)")
        }
        if let problem = StructureRule.buildings(c.buildings, households: c.households) {
            try fail("community.buildings", "\(problem), got \(c.buildings)")
        }
        if let problem = StructureRule.segmentShares(c.segments) { try fail("community.segments", problem) }
        // Every declared parameter within its declared range: the same rule the scenario loader applies.
        for p in s.parameterPaths where !p.range.admits(p.value(in: s)) {
            try fail(p.path, "must be \(p.allowed), got \(p.value(in: s))")
        }
        for k in c.segments.indices {
            if let problem = StructureRule.billingCycle(c.billingMonths(ofSegment: k)) {
                try fail("community.segments.\(c.segments[k].name).billing_months", problem)
            }
        }
        if let problem = StructureRule.billingCycle(c.billingMonths) { try fail("community.billing_months", problem) }
        // The warm-up's months become the past by a shift of its length: bills keep their calendar only if it is a
        // whole number of every cycle in use (12 always is).
        let cycles = Set(c.segments.indices.map { c.billingMonths(ofSegment: $0) })
        if let cycle = cycles.sorted().last(where: { c.warmupMonths % $0 != 0 }) {
            try fail("community.warmup_months", "must be a multiple of every billing cycle in use (\(cycle) months here; 12 always is), got \(c.warmupMonths)")
        }
        if let problem = StructureRule.targetWindow(from: s.target.fromMonth, by: s.target.byMonth) {
            try fail("target.by_month", "\(problem), got \(s.target.byMonth)")
        }
        if s.statusQuoDunning.rungs.count + s.levers.dunning.rungs.count > 64 {
            try fail("levers.dunning.ladder", "both ladders together may have at most 64 rungs")
        }
        for ladder in [("status_quo_dunning", s.statusQuoDunning), ("levers.dunning", s.levers.dunning)] {
            for (r, rung) in ladder.1.rungs.enumerated() {
                if let cap = rung.capacityPerMonth, cap < 0 || cap > 50_000_000 {
                    try fail("\(ladder.0).ladder[\(r)].capacity_per_month", "must be in 0…50000000, got \(cap)")
                }
            }
        }
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
                if h.segment < 0 || h.segment >= c.segments.count || !(h.area > 0) || h.arrearsMonths < 0
                    || h.arrearsMonths > 1200 {
                    try fail("community.initial_state", "household \(i): segment, area or arrears (0…1200 months) out of range")
                }
            }
            let used = Set(state.map(\.building))
            if used.count != c.buildings { try fail("community.initial_state", "every building needs at least one household") }
        }
        for (p, phase) in s.rollout.enumerated() {
            if case .list(let list) = phase.buildings, list.contains(where: { $0 < 0 || $0 >= c.buildings }) {
                try fail("rollout[\(p)].buildings", "building indices must be in 0…\(c.buildings - 1)")
            }
            if let problem = StructureRule.phaseEnd(phase.endMonth, start: phase.startMonth) {
                try fail("rollout[\(p)].end_month", "\(problem), got \(phase.endMonth ?? 0)")
            }
        }
    }
}
