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

/// A dunning ladder prepared for the monthly loop: rung lookup by arrears months is a table read.
@usableFromInline
struct CompiledLadder: Sendable {
    var delivery: [Double]
    var uplift: [Double]
    var cost: [Double]
    var keepTrust: [Double]            // 1 − trust penalty
    var capacity: [Int]                // −1 = unlimited
    /// rung for m arrears months (index min(m, table.count − 1)); −1 = none.
    var rungFor: [Int16]
    /// The same, skipping legal rungs (for households enrolled in assistance).
    var rungForNonLegal: [Int16]
    var hasPreDue: Bool
    var preDueUplift: Double
    var preDueCost: Double
    /// Column of the first rung's contact count in the monthly record; the pre-due column follows the rungs.
    var contactColumn: Int

    init(_ ladder: Ladder, contactColumn: Int) {
        let rungs = ladder.rungs
        delivery = rungs.map(\.deliveryProbability)
        uplift = rungs.map(\.uplift)
        cost = rungs.map(\.costPerContact)
        keepTrust = rungs.map { 1 - $0.trustPenalty }
        capacity = rungs.map { $0.capacityPerMonth ?? -1 }
        let top = (rungs.map(\.minArrearsMonths).max() ?? 0) + 1
        func table(skipLegal: Bool) -> [Int16] {
            (0..<top).map { m -> Int16 in
                var best: Int16 = -1
                var bestMin = Int.min
                for (r, rung) in rungs.enumerated() where m >= 1 && rung.minArrearsMonths <= m {
                    if skipLegal && rung.legal { continue }
                    if rung.minArrearsMonths > bestMin {   // the largest threshold ≤ m; first listed wins ties
                        bestMin = rung.minArrearsMonths
                        best = Int16(r)
                    }
                }
                return best
            }
        }
        rungFor = table(skipLegal: false)
        rungForNonLegal = table(skipLegal: true)
        hasPreDue = ladder.preDueReminder != nil
        preDueUplift = ladder.preDueReminder?.uplift ?? 0
        preDueCost = ladder.preDueReminder?.cost ?? 0
        self.contactColumn = contactColumn
    }

    var rungCount: Int { delivery.count }
    var hasCapacity: Bool { capacity.contains { $0 >= 0 } }

    /// The rung for `m` months of arrears, or −1. O(1).
    @inline(__always)
    func rung(arrears m: Int32, enrolled: Bool) -> Int {
        let table = enrolled ? rungForNonLegal : rungFor
        return Int(table[min(Int(m), table.count - 1)])
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
    @usableFromInline let ladders: [CompiledLadder]   // [status quo, smart]

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
        buildingStart = (0...b).map { (($0 * n) + b - 1) / b }
        let sq = CompiledLadder(scenario.statusQuoDunning, contactColumn: layout.contactsOffset)
        let sqColumns = scenario.statusQuoDunning.rungs.count + (scenario.statusQuoDunning.preDueReminder == nil ? 0 : 1)
        let smart = CompiledLadder(scenario.levers.dunning, contactColumn: layout.contactsOffset + sqColumns)
        ladders = [sq, smart]
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
        for (p, phase) in s.rollout.enumerated() {
            if case .list(let list) = phase.buildings, list.contains(where: { $0 < 0 || $0 >= c.buildings }) {
                try fail("rollout[\(p)].buildings", "building indices must be in 0…\(c.buildings - 1)")
            }
        }
    }
}
