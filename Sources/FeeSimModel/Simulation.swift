import Foundation
import GSLKit

/// One replication of one scenario: the households' state, the community's state, its random streams and
/// its monthly record. Create it, call ``run()`` (or ``step()`` month by month), read ``record``.
///
/// Memory: about 32 bytes of state per household, plus small per-building arrays and a block of random draws;
/// nothing is allocated per household or per month after ``init(model:replication:)``.
public final class Simulation {
    public let model: CompiledModel
    /// The replication index r; its streams are seeded from (scenario seed, r) alone.
    public let replication: Int
    /// The last month simulated (0 before the first ``step()``).
    public internal(set) var month = 0
    /// Q_t: service quality that the next month will use.
    public internal(set) var quality: Double
    /// The monthly record: row t − 1 holds month t, one column per ``MetricLayout`` name.
    public internal(set) var record: MonthlyRecord

    // Household state, struct of arrays (index i in 0..<N).
    let fee: FixedBuffer<Double>          // F_i, yuan per month
    let logitPropensity: FixedBuffer<Double>  // logit(p_i), fixed for the run
    let trust: FixedBuffer<Double>        // τ_i in [0, 1]
    let arrears: FixedBuffer<Int32>       // m_i, months
    let casePending: FixedBuffer<UInt8>   // c_i: months until a pending case resolves, 0 = none
    let orderMonths: FixedBuffer<UInt16>  // k_i: months of court order left
    let flags: FixedBuffer<UInt8>         // HouseholdFlag bits
    let segment: FixedBuffer<UInt8>       // index into community.segments

    // Building state (index b in 0..<B).
    let norm: FixedBuffer<Double>               // n_{b,t−1}
    let transparencyStart: FixedBuffer<Int32>   // first month transparency was active, 0 = never
    let activeLevers: FixedBuffer<UInt8>        // LeverSet raw value for this month
    let payers: FixedBuffer<Int32>
    /// Current fees paid in each building since month 1, yuan (for building-level analyses such as pilots).
    let buildingPaid: FixedBuffer<Double>
    /// Fees billed in each building per month, yuan.
    let buildingDue: FixedBuffer<Double>
    let filings: FixedBuffer<Int32>
    /// For each building and lever, the rollout phase that owns the lever's costs this month (−1 = none).
    let owner: FixedBuffer<Int16>
    /// Lever costs per building this month, [b * Lever.count + lever].
    let buildingCost: FixedBuffer<Double>
    /// Phase membership per replication (pilot is drawn): [phase * B + b].
    let inPhase: FixedBuffer<Bool>
    /// The pilot buildings of this replication, ascending.
    public let pilotBuildings: [Int]

    let streams: [RandomStream]
    let draws: FixedBuffer<Double>   // blockSize × monthly streams
    /// Both ladders' rungs and lookup table (copies of the model's, read through pointers in the loop).
    let rungs: FixedBuffer<RungData>
    let rungTable: FixedBuffer<Int16>
    /// Households eligible this month for each capacity-limited rung: slot s uses [s·N, s·N + count[s]).
    let candidates: FixedBuffer<Int32>
    let candidateCount: FixedBuffer<Int32>
    /// Scratch heap for picking the households with the largest arrears (size: the largest capacity).
    let heap: FixedBuffer<Int32>
    /// This month's record row while it is being added up.
    let monthRow: FixedBuffer<Double>
    static let blockSize = 1024

    /// Bytes of state per household per replication: fee, logit(p), trust (8 each), arrears (4), order months (2),
    /// pending case, flags, segment (1 each) — plus 4 per capacity-limited rung (``stateBytesPerCapacityRung``).
    public static let stateBytesPerHousehold = 8 + 8 + 8 + 4 + 2 + 1 + 1 + 1
    /// Extra bytes per household for each rung with a monthly capacity (its candidate list).
    public static let stateBytesPerCapacityRung = 4

    /// Households that started with ≥ 6 months of arrears (the long-term-arrears group).
    public let longTermCount: Int
    var cumulativePaid = 0.0
    var cumulativeDue = 0.0
    var targetReached = false
    /// Σ F_i: what is billed every month.
    public let monthlyDue: Double

    /// Sets up replication `replication`: draws the households from the setup stream (docs/MODEL.md §1).
    /// O(N log N) at most (segment shuffle is O(N)).
    /// - Throws: ``GSLError`` if the generator name is unknown.
    public init(model: CompiledModel, replication: Int) throws {
        self.model = model
        self.replication = replication
        let s = model.scenario
        let n = model.households, nb = model.buildings
        streams = try RandomStreamID.allCases.map {
            try RandomStream(generator: s.generator,
                             seed: SeedSequence.seed(master: s.seed, replication: UInt64(replication),
                                                     stream: UInt64($0.rawValue)))
        }
        fee = FixedBuffer(count: n, repeating: 0)
        logitPropensity = FixedBuffer(count: n, repeating: 0)
        trust = FixedBuffer(count: n, repeating: 0)
        arrears = FixedBuffer(count: n, repeating: 0)
        casePending = FixedBuffer(count: n, repeating: 0)
        orderMonths = FixedBuffer(count: n, repeating: 0)
        flags = FixedBuffer(count: n, repeating: 0)
        segment = FixedBuffer(count: n, repeating: 0)
        norm = FixedBuffer(count: nb, repeating: 0)
        transparencyStart = FixedBuffer(count: nb, repeating: 0)
        activeLevers = FixedBuffer(count: nb, repeating: 0)
        payers = FixedBuffer(count: nb, repeating: 0)
        buildingPaid = FixedBuffer(count: nb, repeating: 0)
        buildingDue = FixedBuffer(count: nb, repeating: 0)
        filings = FixedBuffer(count: nb, repeating: 0)
        owner = FixedBuffer(count: nb * Lever.allCases.count, repeating: -1)
        buildingCost = FixedBuffer(count: nb * Lever.allCases.count, repeating: 0)
        inPhase = FixedBuffer(count: max(1, s.rollout.count * nb), repeating: false)
        draws = FixedBuffer(count: Simulation.blockSize * RandomStreamID.monthly.count, repeating: 0)
        let ladders = model.ladders
        rungs = FixedBuffer(count: ladders.rungs.count, repeating: RungData(delivery: 0, uplift: 0, cost: 0,
                                                                            keepTrust: 1, column: 0, slot: -1, ladder: 0))
        for (r, rung) in ladders.rungs.enumerated() { rungs[r] = rung }
        rungTable = FixedBuffer(count: ladders.table.count, repeating: -1)
        for (k, v) in ladders.table.enumerated() { rungTable[k] = v }
        candidates = FixedBuffer(count: ladders.capacities.count * n, repeating: 0)
        candidateCount = FixedBuffer(count: ladders.capacities.count, repeating: 0)
        heap = FixedBuffer(count: min(n, ladders.capacities.max() ?? 0), repeating: 0)
        monthRow = FixedBuffer(count: model.layout.count, repeating: 0)
        record = MonthlyRecord(months: model.months, layout: model.layout)
        quality = s.community.initialQuality

        // Segments: the first round(share·N) indices to the first segment, and so on (never past N); the last
        // segment takes the remainder. Then one shuffle, so segments mix across buildings.
        var assignment = [Int32](repeating: 0, count: n)
        var next = 0
        for (k, seg) in s.community.segments.enumerated() {
            let isLast = k == s.community.segments.count - 1
            let size = isLast ? n - next : min(n - next, Int((seg.share * Double(n)).rounded()))
            for i in next..<(next + size) { assignment[i] = Int32(k) }
            next += size
        }
        let setup = streams[RandomStreamID.setup.rawValue]
        setup.shuffle(&assignment)
        let observed = s.community.initialState
        if let observed { for i in 0..<n { assignment[i] = Int32(observed[i].segment) } }

        var longTerm = 0
        for i in 0..<n {
            let k = Int(assignment[i])
            let seg = s.community.segments[k]
            segment[i] = UInt8(k)
            let drawnArea = min(400, max(20, try setup.lognormal(zeta: log(seg.areaMedian), sigma: seg.areaSigma)))
            let area = observed?[i].area ?? drawnArea
            fee[i] = s.community.feeRate * area * seg.feeMultiplier
            let p = min(1 - 1e-9, max(1e-9, try setup.beta(a: seg.propensity.a, b: seg.propensity.b)))
            logitPropensity[i] = log(p / (1 - p))
            trust[i] = try setup.beta(a: seg.trust.a, b: seg.trust.b)
            var f: UInt8 = 0
            if setup.uniform() < seg.hardship { f |= HouseholdFlag.hardship }
            if setup.uniform() < seg.grievance { f |= HouseholdFlag.grievance }
            let inArrears = setup.uniform() < seg.arrearsProbability
            let extra = try setup.poisson(mean: seg.arrearsExtraMonths)   // drawn always: fixed draw count
            let m = observed.map { Int32($0[i].arrearsMonths) } ?? (inArrears ? Int32(1 + extra) : 0)
            arrears[i] = m
            if m >= 6 {
                f |= HouseholdFlag.longTerm
                longTerm += 1
            }
            flags[i] = f
        }
        longTermCount = longTerm
        // Σ F summed building by building, in the order the monthly loop sums payments, so that a month in which
        // everyone pays has paid == due exactly.
        for b in 0..<nb {
            for i in model.buildingStart[b]..<model.buildingStart[b + 1] { buildingDue[b] += fee[i] }
        }
        var due = 0.0
        for b in 0..<nb { due += buildingDue[b] }
        monthlyDue = due

        // Pilot buildings: one shuffle of the building indices, always drawn (fixed draw count).
        var order = (0..<nb).map { Int32($0) }
        setup.shuffle(&order)
        switch s.pilot {
        case .count(let k): pilotBuildings = order.prefix(k).map { Int($0) }.sorted()
        case .buildings(let list): pilotBuildings = Array(Set(list)).sorted()
        }
        var isPilot = [Bool](repeating: false, count: nb)
        for b in pilotBuildings { isPilot[b] = true }
        for (p, phase) in s.rollout.enumerated() {
            for b in 0..<nb {
                let member: Bool
                switch phase.buildings {
                case .all: member = true
                case .pilot: member = isPilot[b]
                case .rest: member = !isPilot[b]
                case .list(let list): member = list.contains(b)
                }
                inPhase[p * nb + b] = member
            }
        }

        // n_{b,0}: share of households in b with no arrears at the start.
        for b in 0..<nb {
            let range = model.buildingStart[b]..<model.buildingStart[b + 1]
            let clear = range.reduce(0) { $0 + (arrears[$1] == 0 ? 1 : 0) }
            norm[b] = Double(clear) / Double(range.count)
        }
    }

    /// Runs all remaining months and returns the record. O(N·T).
    @discardableResult
    public func run() -> MonthlyRecord {
        while month < model.months { step() }
        return record
    }

    /// The levers active in building b this month (after ``step()`` has prepared the month).
    public func levers(inBuilding b: Int) -> LeverSet { LeverSet(rawValue: activeLevers[b]) }

    /// Read-only views of household state, for tests and data collection. O(1) each.
    public func trust(of i: Int) -> Double { trust[i] }
    public func arrearsMonths(of i: Int) -> Int { Int(arrears[i]) }
    public func fee(of i: Int) -> Double { fee[i] }
    public func isInHardship(_ i: Int) -> Bool { flags[i] & HouseholdFlag.hardship != 0 }
    public func isEnrolled(_ i: Int) -> Bool { flags[i] & HouseholdFlag.enrolled != 0 }
    public func hasGrievance(_ i: Int) -> Bool { flags[i] & HouseholdFlag.grievance != 0 }
    public func courtOrderMonths(of i: Int) -> Int { Int(orderMonths[i]) }
    public func pendingCaseMonths(of i: Int) -> Int { Int(casePending[i]) }
    public func segment(of i: Int) -> Int { Int(segment[i]) }
    /// Whether household i paid its bill in the last month simulated.
    public func paidLastMonth(_ i: Int) -> Bool { flags[i] & HouseholdFlag.paid != 0 }
    public func norm(ofBuilding b: Int) -> Double { norm[b] }
    /// Building b's collection rate by amount over the months simulated so far (paid / due). O(1).
    public func collectionRate(ofBuilding b: Int) -> Double {
        month > 0 ? buildingPaid[b] / (buildingDue[b] * Double(month)) : .nan
    }
}

/// Bits of a household's `flags` byte.
enum HouseholdFlag {
    static let hardship: UInt8 = 1 << 0      // h_i
    static let grievance: UInt8 = 1 << 1     // g_i
    static let enrolled: UInt8 = 1 << 2      // e_i
    static let longTerm: UInt8 = 1 << 3      // started with ≥ 6 months of arrears
    static let cleared: UInt8 = 1 << 4       // long-term household that has since reached 0 arrears
    static let selected: UInt8 = 1 << 5     // picked this month by a capacity-limited rung
    static let sued: UInt8 = 1 << 6          // sued this month (exempt from its own public penalty)
    static let paid: UInt8 = 1 << 7          // paid this month's bill
}
