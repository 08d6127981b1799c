import FeeSimModel

/// Each building's monthly 收缴率 across the replications of one strategy (docs/MODEL.md §4,
/// building_collection_rate), with two groups: the replication's pilot buildings together and the other buildings
/// together (each group's fees collected over its fees, so the building rates weighted by their fees).
///
/// Collected only by the comparison's Monte Carlo run (``MonteCarlo/run(variants:replications:threads:keepRecords:exactLimit:statistics:shareWarmUp:warmStarts:buildingRates:progress:each:)``
/// with `buildingRates: true`) and only for communities of at most ``maximumBuildings`` buildings.
public struct BuildingRates: Sendable {
    /// The largest community (in buildings) whose building rates a comparison collects: a table or heat map of
    /// more rows is unreadable, and the statistics grow with B · T.
    public static let maximumBuildings = MonthlyRecord.maximumBuildings

    /// B, the community's buildings (indices 0 ..< B, as in the scenario's `pilot.buildings` list).
    public let buildings: Int
    /// T, the months simulated.
    public let months: Int
    /// The share of replications in which each building was a pilot building, in [0, 1]: 0 or 1 when the
    /// scenario lists its pilot buildings, about k / B when each replication draws k of them.
    public let pilotShare: [Double]
    /// Summaries across replications, `[(t − 1) · (B + 2) + column]`: columns 0 ..< B the buildings, B the pilot
    /// group, B + 1 the other buildings.
    let summaries: [SampleSummary]

    /// Building b's 收缴率 in month t (1-based) across replications. O(1).
    public func building(_ b: Int, month t: Int) -> SampleSummary { summaries[(t - 1) * (buildings + 2) + b] }
    /// The pilot buildings' 收缴率 together in month t across replications (NaN with no pilot). O(1).
    public func pilotGroup(month t: Int) -> SampleSummary { summaries[(t - 1) * (buildings + 2) + buildings] }
    /// The other (non-pilot) buildings' 收缴率 together in month t across replications. O(1).
    public func restGroup(month t: Int) -> SampleSummary { summaries[(t - 1) * (buildings + 2) + buildings + 1] }
    /// Whether building b was a pilot building in every replication (a listed pilot, or every building piloted).
    public func isPilot(_ b: Int) -> Bool { pilotShare[b] == 1 }
}

/// Adds up building rates replication by replication, in replication order: flat arrays of running summaries, no
/// allocation per replication beyond the record's own.
struct BuildingRateTally {
    let buildings: Int
    let months: Int
    private var cells: [StreamingSummary]
    private var pilotCount: [Int]
    /// Replications added so far.
    private(set) var replications = 0

    init(buildings: Int, months: Int, exactLimit: Int) {
        self.buildings = buildings
        self.months = months
        cells = Array(repeating: StreamingSummary(exactLimit: exactLimit), count: months * (buildings + 2))
        pilotCount = [Int](repeating: 0, count: buildings)
    }

    /// Adds one replication: its buildings' rates, and the fee-weighted rates of its pilot buildings (`pilot`,
    /// ascending) and of the others. O(B · T).
    mutating func add(_ record: MonthlyRecord, pilot: [Int]) {
        precondition(record.buildings == buildings, "the record keeps \(record.buildings) buildings, not \(buildings)")
        replications += 1
        for b in pilot where b < buildings { pilotCount[b] += 1 }
        let width = buildings + 2
        for t in 1...months {
            var next = 0   // the next pilot building in `pilot` (ascending)
            var pilotCollected = 0.0, pilotDue = 0.0, restCollected = 0.0, restDue = 0.0
            for b in 0..<buildings {
                let rate = record.collectionRate(month: t, building: b), due = record.buildingDue[b]
                cells[(t - 1) * width + b].add(rate)
                let isPilot = next < pilot.count && pilot[next] == b
                if isPilot { next += 1 }
                guard due > 0 else { continue }   // a building that bills nothing adds nothing to a group (its rate is 0/0)
                if isPilot {
                    pilotCollected += rate * due
                    pilotDue += due
                } else {
                    restCollected += rate * due
                    restDue += due
                }
            }
            cells[(t - 1) * width + buildings].add(pilotDue > 0 ? pilotCollected / pilotDue : .nan)
            cells[(t - 1) * width + buildings + 1].add(restDue > 0 ? restCollected / restDue : .nan)
        }
    }

    var summary: BuildingRates {
        BuildingRates(
            buildings: buildings, months: months,
            pilotShare: pilotCount.map { replications > 0 ? Double($0) / Double(replications) : 0 },
            summaries: cells.map(\.summary))
    }
}
