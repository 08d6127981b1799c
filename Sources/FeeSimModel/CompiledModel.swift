import Foundation

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
        layout = MetricLayout(
            statusQuo: scenario.statusQuoDunning, smart: scenario.levers.dunning,
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
        ladders = LadderTables(
            statusQuo: scenario.statusQuoDunning, smart: scenario.levers.dunning,
            firstColumn: layout.contactsOffset, legalCapacity: scenario.levers.legal.capacityPerMonth)
    }

    /// The building of household i: floor(i·B / N). O(1).
    public func building(of i: Int) -> Int { i * buildings / households }
}
