import Foundation
import GSLKit

/// One replication of one scenario: the households' state, the community's state, its random streams and
/// its monthly record. Create it, call ``run()`` (or ``step()`` month by month), read ``record``.
///
/// Fees are tracked in *fee-months*: household i owes its monthly fee F_i for every month from 1 on (and for
/// the months of its initial arrears before month 1). Payments settle the oldest fee-months first, so what a
/// household has paid is one number, `paidThrough` (the first month it has not paid for); everything it owes is
/// the run of months from there to the last month billed. See docs/MODEL.md §1.
///
/// Memory: 54 bytes of state per household (``stateBytesPerHousehold``), plus 3 per rung of the two ladders and 4
/// per capacity slot; small per-building and per-month arrays and a block of random draws. Nothing is allocated
/// per household or per month after ``init(model:replication:)``.
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
    let fee: FixedBuffer<Double>   // F_i, yuan per month (discounted for yearly billing)
    let logitPropensity: FixedBuffer<Double>   // logit(p_i), fixed for the run
    let trust: FixedBuffer<Double>   // τ_i in [0, 1]
    let perceived: FixedBuffer<Double>   // V_i in [0, 1], perceived service
    let paidThrough: FixedBuffer<Int32>   // P_i: first fee-month not yet paid (≤ 0 for arrears from before month 1)
    let heldEnd: FixedBuffer<Int32>   // D_i: end (exclusive) of the withheld block [P, D); D = P: no block
    let resume: FixedBuffer<Int32>   // C_i: first unpaid fee-month after the block; C = P when there is none
    let demandMonth: FixedBuffer<Int32>   // L_i: month of the last written demand (``neverDemanded``)
    let demandCutoff: FixedBuffer<Int32>   // K_i: the earliest fee-month still claimable at L_i
    let disputeState: FixedBuffer<UInt8>   // DisputeFlag bits
    let caseFees: FixedBuffer<Double>   // court and enforcement fees paid on the open case, yuan
    let boost: FixedBuffer<Float>   // r_i: attention uplift left from contacts, logit units
    let deterrence: FixedBuffer<Float>   // d_i: personal enforcement credibility in [0, 1]
    let flags: FixedBuffer<UInt8>   // HouseholdFlag bits
    let marks: FixedBuffer<UInt8>   // HouseholdMark bits
    let segment: FixedBuffer<UInt8>   // index into community.segments
    let caseMonths: FixedBuffer<UInt8>   // months since a lawsuit was filed, 0 = no open case
    let caseUnits: FixedBuffer<Int32>   // fee-months claimed (before judgment) or to be recovered (after a win)
    let chosenRung: FixedBuffer<Int16>   // this month's rung (global index), −1 = none; scratch
    let attempts: FixedBuffer<UInt8>   // [i · R + r]: attempts on rung r in the current arrears episode
    let lastAttempt: FixedBuffer<Int16>   // [i · R + r]: month of the last attempt on rung r (``neverAttempted``)

    // Per segment (small lookup tables).
    let cycle: [Int32]   // months one bill covers
    let attentionLogit: [Double]   // logit of the segment's attention; ±∞ at 1 and 0
    let absentee: [Bool]
    /// 0.5^(age / collectability half-life) for ages 0…240 months: how the chance of paying a debt in full falls
    /// with its age.
    let collectability: FixedBuffer<Double>
    /// This month's per-segment constants for the household loops (``SegmentMonth``), refilled by ``step()``: one
    /// table read through a pointer instead of several arrays, each with its own bounds check.
    let segmentMonth: FixedBuffer<SegmentMonth>

    // Building state (index b in 0..<B).
    let norm: FixedBuffer<Double>   // n_{b,t−1}: share in good standing
    let buildingDeterrence: FixedBuffer<Double>   // d_b in [0, 1]
    let transparencyStart: FixedBuffer<Int32>   // first month transparency was active, 0 = never
    let activeLevers: FixedBuffer<UInt8>   // LeverSet raw value for this month
    let goodStanding: FixedBuffer<Int32>
    /// Cash collected in each building since month 1, yuan.
    let buildingCash: FixedBuffer<Double>
    /// Per building, collections by the fee-month they pay for (a difference array like `collectedDiff`,
    /// `diffStride` entries per building): the building's own 收缴率, for pilots.
    let buildingDiff: FixedBuffer<Double>
    let diffStride: Int
    /// Fees for one month in each building, yuan.
    let buildingDue: FixedBuffer<Double>
    let filings: FixedBuffer<Int32>
    /// Grievances resolved by mediation in each building this month.
    let mediated: FixedBuffer<Int32>
    /// Whether each building is in a collective dispute episode (1) or not (0).
    let episode: FixedBuffer<UInt8>
    /// What happened to each building's episode this month (``EpisodeEvent``).
    let episodeEvent: FixedBuffer<UInt8>
    /// This month's building draws u_b.
    let buildingDraws: FixedBuffer<Double>
    /// For each building and lever, the rollout phase that owns the lever's costs this month (−1 = none).
    let owner: FixedBuffer<Int16>
    /// Lever costs per building this month, [b * Lever.count + lever].
    let buildingCost: FixedBuffer<Double>
    /// Phase membership per replication (pilot is drawn): [phase * B + b].
    let inPhase: FixedBuffer<Bool>
    /// The pilot buildings of this replication, ascending.
    public let pilotBuildings: [Int]

    // Community accounting.
    /// Collections by the fee-month they pay for, as a difference array over months 1 … T + 12: the amount
    /// collected so far for month s is Σ_{j ≤ s} collectedDiff[j].
    let collectedDiff: FixedBuffer<Double>
    /// The last 12 months' cash in and fees, for funding service (ring buffers indexed by month mod 12).
    let cashRing: FixedBuffer<Double>
    let dueRing: FixedBuffer<Double>
    var year = YearTally()
    /// Months stepped since set-up, warm-up included (for the rolling year of service funding).
    var monthsStepped = 0
    /// True while the warm-up months run (no levers, nothing recorded).
    var warmingUp = false
    var windowRate = Double.nan
    /// The arrears stock at the end of the last month simulated (at the start: the initial arrears), yuan.
    var lastArrearsStock = 0.0

    let streams: [RandomStream]
    let draws: FixedBuffer<Double>   // blockSize × monthly streams
    /// Both ladders' rungs (copies of the model's, read through pointers in the loop) and each ladder's order.
    let rungs: FixedBuffer<RungData>
    let rungOrder: FixedBuffer<Int32>   // status-quo order, then smart order
    /// Households eligible this month for each capacity slot: slot s uses [s·N, s·N + count[s]).
    let candidates: FixedBuffer<Int32>
    let candidateCount: FixedBuffer<Int32>
    /// Contacts that reached the household this month, per global rung (for a pilot's records).
    let reachedByRung: FixedBuffer<Int32>
    /// Scratch heap for picking the households with the largest arrears (size: the largest capacity), and each
    /// entry's overdue amount (computed once per candidate rather than at every comparison).
    let heap: FixedBuffer<Int32>
    let heapAmount: FixedBuffer<Double>
    /// This month's record row while it is being added up.
    let monthRow: FixedBuffer<Double>
    /// This month's cost of each lever, [lever], and of each rollout phase (its levers' costs in the buildings it
    /// owns, plus its own fixed and monthly costs), [phase]: scratch for the month-end, reset every month.
    let monthLeverCost: FixedBuffer<Double>
    let monthPhaseCost: FixedBuffer<Double>
    static let blockSize = 1024
    /// The last-attempt month of a rung never tried: far enough in the past for any repeat interval.
    static let neverAttempted: Int16 = -20_000
    /// The demand month of a household never sent a written demand: further back than any limitation period.
    static let neverDemanded: Int32 = -1_000_000
    /// Levers whose set-up cost has been booked (from month 1 on).
    var setUpLevers = LeverSet()
    /// The pilot records per building and month, when ``recordBuildingEvents()`` asked for them (nil: not kept).
    public internal(set) var buildingEvents: BuildingEvents?
    /// Scratch while recording them: each contact column's month total before the current building.
    var contactsSoFar: [Double] = []
    var reachedSoFar: [Int32] = []
    /// The levers active in any building this month.
    var monthLevers = LeverSet()

    /// Bytes of state per household per replication: fee, logit(p), trust, perceived (8 each), paid-through,
    /// case units (4 each), boost, deterrence (4 each), chosen rung (2), flags, marks, segment, case months (1
    /// each), held end, resume, demand month and cutoff (4 each), dispute state (1), case fees (8) — plus ``stateBytesPerRung`` per rung of the two ladders and 4 per capacity slot.
    public static let stateBytesPerHousehold = 8 * 4 + 4 * 2 + 4 * 2 + 2 + 4 + 4 * 4 + 1 + 8
    /// Extra bytes per household for each rung of either ladder (attempt count and last attempt month).
    public static let stateBytesPerRung = 3
    /// Extra bytes per household for each capacity slot (its candidate list).
    public static let stateBytesPerCapacityRung = 4

    /// Σ F_i: the fees for one month.
    public let monthlyDue: Double

    /// Sets up replication `replication`: draws the households from the setup stream (docs/MODEL.md §1).
    /// O(N log N) at most (segment shuffle is O(N)).
    /// - Throws: ``/GSLKit/GSLError`` if the generator name is unknown.
    public convenience init(model: CompiledModel, replication: Int) throws {
        try self.init(model: model, replication: replication, warmStart: nil)
    }

    /// Sets up replication `replication` of `model`: from `warmStart`'s state after its warm-up when given (see
    /// ``branch(_:)``; no draw is made), otherwise by drawing the households and running the warm-up.
    init(model: CompiledModel, replication: Int, warmStart: Simulation?) throws {
        self.model = model
        self.replication = replication
        let s = model.scenario
        let n = model.households, nb = model.buildings
        let rungCount = model.ladders.rungs.count
        streams = try RandomStreamID.allCases.map {
            try RandomStream(
                generator: s.generator,
                seed: SeedSequence.seed(master: s.seed, replication: UInt64(replication), household: $0))
        }
        fee = FixedBuffer(count: n, repeating: 0)
        logitPropensity = FixedBuffer(count: n, repeating: 0)
        trust = FixedBuffer(count: n, repeating: 0)
        perceived = FixedBuffer(count: n, repeating: 0)
        paidThrough = FixedBuffer(count: n, repeating: 1)
        heldEnd = FixedBuffer(count: n, repeating: 1)
        resume = FixedBuffer(count: n, repeating: 1)
        demandMonth = FixedBuffer(count: n, repeating: Simulation.neverDemanded)
        demandCutoff = FixedBuffer(count: n, repeating: Simulation.neverDemanded)
        disputeState = FixedBuffer(count: n, repeating: 0)
        caseFees = FixedBuffer(count: n, repeating: 0)
        boost = FixedBuffer(count: n, repeating: 0)
        deterrence = FixedBuffer(count: n, repeating: 0)
        flags = FixedBuffer(count: n, repeating: 0)
        marks = FixedBuffer(count: n, repeating: 0)
        segment = FixedBuffer(count: n, repeating: 0)
        caseMonths = FixedBuffer(count: n, repeating: 0)
        caseUnits = FixedBuffer(count: n, repeating: 0)
        chosenRung = FixedBuffer(count: n, repeating: -1)
        attempts = FixedBuffer(count: max(1, n * rungCount), repeating: 0)
        lastAttempt = FixedBuffer(count: max(1, n * rungCount), repeating: Simulation.neverAttempted)
        let segments = s.community.segments
        cycle = segments.indices.map { Int32(s.community.billingMonths(ofSegment: $0)) }
        attentionLogit = segments.map { log($0.attention / (1 - $0.attention)) }
        absentee = segments.map(\.absentee)
        collectability = FixedBuffer(count: 241, repeating: 0)
        for a in 0...240 { collectability[a] = pow(0.5, Double(a) / s.behaviour.collectabilityHalfLife) }
        segmentMonth = FixedBuffer(count: segments.count, repeating: SegmentMonth())
        for k in segments.indices {
            segmentMonth[k].cycle = cycle[k]
            segmentMonth[k].absentee = absentee[k]
            segmentMonth[k].attentionLogit = attentionLogit[k]
            segmentMonth[k].attentionThreshold = 1 / (1 + exp(-attentionLogit[k]))   // = Logistic.exactPays' threshold
        }
        norm = FixedBuffer(count: nb, repeating: 0)
        buildingDeterrence = FixedBuffer(count: nb, repeating: 0)
        transparencyStart = FixedBuffer(count: nb, repeating: 0)
        activeLevers = FixedBuffer(count: nb, repeating: 0)
        goodStanding = FixedBuffer(count: nb, repeating: 0)
        buildingCash = FixedBuffer(count: nb, repeating: 0)
        buildingDue = FixedBuffer(count: nb, repeating: 0)
        filings = FixedBuffer(count: nb, repeating: 0)
        mediated = FixedBuffer(count: nb, repeating: 0)
        episode = FixedBuffer(count: nb, repeating: 0)
        episodeEvent = FixedBuffer(count: nb, repeating: 0)
        buildingDraws = FixedBuffer(count: nb, repeating: 0)
        owner = FixedBuffer(count: nb * Lever.allCases.count, repeating: -1)
        buildingCost = FixedBuffer(count: nb * Lever.allCases.count, repeating: 0)
        inPhase = FixedBuffer(count: max(1, s.rollout.count * nb), repeating: false)
        collectedDiff = FixedBuffer(count: max(model.months, s.community.warmupMonths) + 14, repeating: 0)
        diffStride = collectedDiff.count
        buildingDiff = FixedBuffer(count: nb * diffStride, repeating: 0)
        cashRing = FixedBuffer(count: 12, repeating: 0)
        dueRing = FixedBuffer(count: 12, repeating: 0)
        draws = FixedBuffer(count: Simulation.blockSize * RandomStreamID.monthly.count, repeating: 0)
        let ladders = model.ladders
        rungs = FixedBuffer(
            count: max(1, rungCount),
            repeating: RungData(
                delivery: 0, uplift: 0, deterrence: 0, cost: 0, keepTrust: 1, minAge: 1, every: 1, maxAttempts: 0,
                column: 0, slot: -1, inPerson: false, written: false))
        for (r, rung) in ladders.rungs.enumerated() { rungs[r] = rung }
        rungOrder = FixedBuffer(count: max(1, rungCount), repeating: 0)
        for (k, r) in (ladders.order[0] + ladders.order[1]).enumerated() { rungOrder[k] = r }
        candidates = FixedBuffer(count: ladders.capacities.count * n, repeating: 0)
        candidateCount = FixedBuffer(count: ladders.capacities.count, repeating: 0)
        reachedByRung = FixedBuffer(count: ladders.rungs.count, repeating: 0)
        heap = FixedBuffer(count: max(1, min(n, ladders.capacities.max() ?? 0)), repeating: 0)
        heapAmount = FixedBuffer(count: heap.count, repeating: 0)
        monthRow = FixedBuffer(count: model.layout.count, repeating: 0)
        monthLeverCost = FixedBuffer(count: Lever.allCases.count, repeating: 0)
        monthPhaseCost = FixedBuffer(count: model.scenario.rollout.count, repeating: 0)
        record = MonthlyRecord(
            months: model.months, layout: model.layout,
            buildings: model.buildings <= MonthlyRecord.maximumBuildings ? model.buildings : 0)
        quality = s.community.initialQuality
        if let warmStart {
            pilotBuildings = warmStart.pilotBuildings
            monthlyDue = warmStart.monthlyDue
            markPhases()
            adoptState(of: warmStart)
            return
        }

        // Segments: the first round(share·N) indices to the first segment, and so on (never past N); the last
        // segment takes the remainder. Then one shuffle, so segments mix across buildings.
        var assignment = [Int32](repeating: 0, count: n)
        var next = 0
        for (k, seg) in segments.enumerated() {
            let isLast = k == segments.count - 1
            let size = isLast ? n - next : min(n - next, Int((seg.share * Double(n)).rounded()))
            for i in next..<(next + size) { assignment[i] = Int32(k) }
            next += size
        }
        let setup = streams[RandomStreamID.setup.rawValue]
        setup.shuffle(&assignment)
        let observed = s.community.initialState
        if let observed { for i in 0..<n { assignment[i] = Int32(observed[i].segment) } }

        let perceivedStart = max(0, s.community.initialQuality - s.behaviour.invisibilityGap)
        for i in 0..<n {
            let k = Int(assignment[i])
            let seg = segments[k]
            segment[i] = UInt8(k)
            let drawnArea = min(400, max(20, try setup.lognormal(zeta: log(seg.areaMedian), sigma: seg.areaSigma)))
            let area = observed?[i].area ?? drawnArea
            let discount = cycle[k] == 12 ? 1 - s.community.annualDiscount : 1
            fee[i] = s.community.feeRate * area * seg.feeMultiplier * discount
            let p = min(1 - 1e-9, max(1e-9, try setup.beta(a: seg.propensity.a, b: seg.propensity.b)))
            logitPropensity[i] = log(p / (1 - p))
            trust[i] = try setup.beta(a: seg.trust.a, b: seg.trust.b)
            perceived[i] = perceivedStart
            var f: UInt8 = 0
            if setup.uniform() < seg.hardship { f |= HouseholdFlag.hardship }
            if setup.uniform() < seg.grievance { f |= HouseholdFlag.grievance }
            if setup.uniform() < seg.strategic { f |= HouseholdFlag.strategic }
            let inArrears = setup.uniform() < seg.arrearsProbability
            let extra = try setup.poisson(mean: seg.arrearsExtraMonths)   // drawn always: fixed draw count
            let m = observed.map { Int32($0[i].arrearsMonths) } ?? (inArrears ? Int32(min(1200, 1 + extra)) : 0)
            paidThrough[i] = 1 - m
            heldEnd[i] = 1 - m
            resume[i] = 1 - m
            flags[i] = f
        }
        // Σ F summed building by building, in the order the monthly loop sums payments.
        for b in 0..<nb {
            for i in model.buildingStart[b]..<model.buildingStart[b + 1] { buildingDue[b] += fee[i] }
        }
        var due = 0.0
        for b in 0..<nb { due += buildingDue[b] }
        monthlyDue = due
        for i in 0..<n where paidThrough[i] <= 0 { lastArrearsStock += Double(1 - paidThrough[i]) * fee[i] }

        // Pilot buildings: one shuffle of the building indices, always drawn (fixed draw count).
        var order = (0..<nb).map { Int32($0) }
        setup.shuffle(&order)
        switch s.pilot {
        case .count(let k): pilotBuildings = order.prefix(k).map { Int($0) }.sorted()
        case .buildings(let list): pilotBuildings = Array(Set(list)).sorted()
        }
        markPhases()

        // Collective disputes at the start: each building is in one with probability `dispute_buildings`, and each of
        // its households joins with probability `episode_join` (always drawn: fixed draw count).
        for b in 0..<nb where setup.uniform() < s.community.disputeBuildings { episode[b] = 1 }
        for b in 0..<nb {
            for i in model.buildingStart[b]..<model.buildingStart[b + 1] {
                let u = setup.uniform()
                if episode[b] == 1 && u < s.behaviour.episodeJoin { disputeState[i] |= DisputeFlag.member }
            }
        }

        // n_{b,0}: share of households in b with nothing overdue at the start.
        for b in 0..<nb {
            let range = model.buildingStart[b]..<model.buildingStart[b + 1]
            let clear = range.reduce(0) { $0 + (paidThrough[$1] >= 1 ? 1 : 0) }
            norm[b] = Double(clear) / Double(range.count)
        }
        warmUp(months: s.community.warmupMonths)
    }

    /// Marks each rollout phase's buildings in ``inPhase`` from the pilot buildings and the phases. O(phases · B).
    private func markPhases() {
        let nb = model.buildings
        var isPilot = [Bool](repeating: false, count: nb)
        for b in pilotBuildings { isPilot[b] = true }
        for (p, phase) in model.scenario.rollout.enumerated() {
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
    }

    /// Runs `months` months of today's practice before month 1 (no lever, nothing recorded), so that arrears,
    /// grievances, trust, perceived and actual service start from the state today's practice produces rather
    /// than from the drawn one; then makes those months the past: bills of the warm-up become arrears from
    /// before month 1, contact months move back with them. Every scenario of a comparison runs the same warm-up
    /// on the same random numbers, so strategies part only from month 1. O(N · months).
    private func warmUp(months: Int) {
        guard months > 0 else { return }
        warmingUp = true
        for _ in 0..<months { step() }
        warmingUp = false
        let shift = Int32(months)
        for i in 0..<model.households {
            paidThrough[i] -= shift
            heldEnd[i] -= shift
            resume[i] -= shift
            if demandMonth[i] != Simulation.neverDemanded {
                demandMonth[i] -= shift
                demandCutoff[i] -= shift
            }
        }
        for k in 0..<lastAttempt.count {
            lastAttempt[k] = Int16(max(Int32(Simulation.neverAttempted), Int32(lastAttempt[k]) - shift))
        }
        collectedDiff.reset(to: 0)
        buildingDiff.reset(to: 0)
        for b in 0..<model.buildings {
            buildingCash[b] = 0
            transparencyStart[b] = 0
        }
        owner.reset(to: -1)
        month = 0
        year = YearTally()
        windowRate = .nan
    }

    /// Runs all remaining months and returns the record. O(N·T).
    @discardableResult
    public func run() -> MonthlyRecord {
        while month < model.months { step() }
        return record
    }

    /// The last fee-month billed by the end of month t for a household billed every `c` months: bills are
    /// issued in months 1, 1 + c, 1 + 2c, … and each covers c months. 0 for t = 0. O(1).
    @inline(__always)
    static func billedThrough(_ t: Int32, cycle c: Int32) -> Int32 { t <= 0 ? 0 : ((t + c - 1) / c) * c }

    /// Unpaid fee-months up to `through` of a household whose unpaid months are [p, d) ∪ [c, ∞). O(1).
    @inline(__always)
    static func units(_ p: Int32, _ d: Int32, _ c: Int32, through: Int32) -> Int32 {
        // Wrapping arithmetic: months stay within ±10⁶, far from Int32's limits, so no overflow check is needed.
        max(0, min(d, through &+ 1) &- p) &+ max(0, through &- c &+ 1)
    }

    /// Unpaid fee-months up to `through` that are `≥ k` (the claimable ones, for k the limitation cutoff). O(1).
    @inline(__always)
    static func units(_ p: Int32, _ d: Int32, _ c: Int32, through: Int32, from k: Int32) -> Int32 {
        max(0, min(d, through &+ 1) &- max(p, k)) &+ max(0, through &- max(c, k) &+ 1)
    }

    /// The first fee-month whose bill was issued in month m or later. O(1).
    @inline(__always)
    static func firstIssued(atOrAfter m: Int32, cycle c: Int32) -> Int32 { m <= 1 ? m : 1 + ((m - 2 + c) / c) * c }

    /// The earliest fee-month a court can still be asked for in month t (docs/MODEL.md §3, step 12): those billed
    /// within the last `limitation` months, and those still claimable at the last written demand L if it was
    /// within the limitation period (cutoff K then). O(1).
    @inline(__always)
    static func claimCutoff(_ t: Int32, limitation: Int32, cycle c: Int32, demand l: Int32, cutoff k: Int32) -> Int32 {
        let natural = firstIssued(atOrAfter: t - limitation, cycle: c)
        return t - l <= limitation ? min(natural, k) : natural
    }

    /// The month the bill for fee-month u was issued (u itself for months before month 1). O(1).
    @inline(__always)
    static func issueMonth(_ u: Int32, cycle c: Int32) -> Int32 { u <= 0 || c == 1 ? u : 1 + ((u - 1) / c) * c }

    /// The levers active in building b this month (after ``step()`` has prepared the month).
    public func levers(inBuilding b: Int) -> LeverSet { LeverSet(rawValue: activeLevers[b]) }

    /// Read-only views of household state, for tests and data collection. O(1) each.
    public func trust(of i: Int) -> Double { trust[i] }
    public func perceivedService(of i: Int) -> Double { perceived[i] }
    /// Fee-months overdue after the last month simulated (bills issued in months ≤ `month` and unpaid).
    public func arrearsMonths(of i: Int) -> Int {
        let c = cycle[Int(segment[i])]
        return Int(Simulation.units(paidThrough[i], heldEnd[i], resume[i], through: Simulation.billedThrough(Int32(month), cycle: c)))
    }
    /// Fee-months up to fee-month `u` that household i has not paid (nor had waived). O(1).
    public func unpaidMonths(of i: Int, through u: Int) -> Int {
        Int(Simulation.units(paidThrough[i], heldEnd[i], resume[i], through: Int32(clamping: u)))
    }
    /// The last fee-month billed to household i by the end of month t (its bills cover its segment's cycle). O(1).
    public func billedThrough(month t: Int, of i: Int) -> Int {
        Int(Simulation.billedThrough(Int32(clamping: t), cycle: cycle[Int(segment[i])]))
    }
    /// Fee-months household i withholds as a disputed past (its block [P, D)); 0 when it has none.
    public func withheldMonths(of i: Int) -> Int { Int(heldEnd[i] - paidThrough[i]) }
    /// Whether household i pays only its current fees, withholding a disputed past (art. 560 designation).
    public func isWithholding(_ i: Int) -> Bool { disputeState[i] & DisputeFlag.withholding != 0 }
    /// The month of household i's last written demand (lawyer's letter or filing), or nil.
    public func lastDemandMonth(of i: Int) -> Int? {
        demandMonth[i] == Simulation.neverDemanded ? nil : Int(demandMonth[i])
    }
    /// The first fee-month household i has not paid for.
    public func paidThroughMonth(of i: Int) -> Int { Int(paidThrough[i]) }
    public func fee(of i: Int) -> Double { fee[i] }
    public func isInHardship(_ i: Int) -> Bool { flags[i] & HouseholdFlag.hardship != 0 }
    public func isEnrolled(_ i: Int) -> Bool { flags[i] & HouseholdFlag.enrolled != 0 }
    public func hasGrievance(_ i: Int) -> Bool { flags[i] & HouseholdFlag.grievance != 0 }
    public func isStrategic(_ i: Int) -> Bool { flags[i] & HouseholdFlag.strategic != 0 }
    public func openCaseMonths(of i: Int) -> Int { Int(caseMonths[i]) }
    public func segment(of i: Int) -> Int { Int(segment[i]) }
    /// Attempts on global rung r in household i's current arrears episode.
    public func attempts(of i: Int, rung r: Int) -> Int { Int(attempts[i * model.ladders.rungs.count + r]) }
    /// Whether household i paid anything in the last month simulated.
    public func paidLastMonth(_ i: Int) -> Bool { marks[i] & HouseholdMark.paidThisMonth != 0 }
    /// Whether a dunning rung attempted household i in the last month simulated.
    public func wasContactedLastMonth(_ i: Int) -> Bool { marks[i] & HouseholdMark.attempted != 0 }
    public func norm(ofBuilding b: Int) -> Double { norm[b] }
    public func deterrence(ofBuilding b: Int) -> Double { buildingDeterrence[b] }
    /// Building b's 收缴率 from month s to the last month simulated t (docs/MODEL.md §4, building_collection_rate):
    /// Σ_{u = s … t} C_b(u, t) ÷ ((t − s + 1) · F_b), C_b(u, t) what b's households have paid by the end of month t
    /// for fee-month u. From the year's first month it is the recorded `buildingRates`; from month 1 (the default) a
    /// pilot's rate since it began. s in 1 … t. O(t).
    public func collectionRate(ofBuilding b: Int, from s: Int = 1) -> Double {
        guard month > 0 else { return .nan }
        precondition(s >= 1 && s <= month, "the first month \(s) is outside 1…\(month)")
        let d = buildingDiff.base + b * diffStride
        var running = 0.0, collected = 0.0
        for u in 1...month {
            running += d[u]
            if u >= s { collected += running }
        }
        return collected / (Double(month - s + 1) * buildingDue[b])
    }
}

/// A segment's constants for one month of the household loops (``Simulation/segmentMonth``).
struct SegmentMonth {
    /// Months one bill covers.
    var cycle: Int32 = 1
    /// BT(t − 1), BT(t) and BT(year start − 1): the last fee-month billed by the end of those months.
    var before: Int32 = 0, through: Int32 = 0, oldEnd: Int32 = 0
    /// The segment's attention logit and its logistic (fixed for the run).
    var attentionLogit = 0.0, attentionThreshold = 0.0
    var absentee = false
}

/// Bits of a household's `flags` byte: lasting state.
enum HouseholdFlag {
    static let hardship: UInt8 = 1 << 0   // h_i
    static let grievance: UInt8 = 1 << 1   // g_i
    static let enrolled: UInt8 = 1 << 2   // on an instalment plan
    static let strategic: UInt8 = 1 << 3   // s_i, a fixed trait
    static let sued: UInt8 = 1 << 4   // sued in the current arrears episode
    static let everSued: UInt8 = 1 << 5   // sued at some time (later willingness shifts)
    static let longTerm: UInt8 = 1 << 6   // owed ≥ long_term_months at the current year's start
    static let longTermCleared: UInt8 = 1 << 7   // … and has since paid all of that
}

/// Bits of a household's `disputeState` byte (model v3, docs/MODEL.md §3 steps 2 and 11).
enum DisputeFlag {
    /// Pays its current fees but withholds the disputed past [P, D) (Civil Code art. 560 designation).
    static let withholding: UInt8 = 1 << 0
    /// A dispute ended without withholding: its next payment settles everything it owes.
    static let settling: UInt8 = 1 << 1
    /// Withholds with its building in a collective dispute episode.
    static let member: UInt8 = 1 << 2
    /// A collective agreement waives `waiver_share` of its overdue fees when it next pays.
    static let waiverOffer: UInt8 = 1 << 3
}

/// What happened to a building's collective dispute episode this month (docs/MODEL.md §3).
enum EpisodeEvent {
    static let none: UInt8 = 0, started: UInt8 = 1, ended: UInt8 = 2, mediated: UInt8 = 3, agreement: UInt8 = 4
}

/// Bits of a household's `marks` byte: this month's and this year's events.
enum HouseholdMark {
    static let selected: UInt8 = 1 << 0   // picked this month by a capacity-limited rung
    static let legalSelected: UInt8 = 1 << 1   // picked this month for a lawsuit
    static let filedNow: UInt8 = 1 << 2   // sued this month (exempt from its own neighbour penalty)
    static let attempted: UInt8 = 1 << 3   // a dunning rung attempted it this month
    static let paidThisMonth: UInt8 = 1 << 4
    static let paidThisYear: UInt8 = 1 << 5
    static let inEpisode: UInt8 = 1 << 6   // some rung has attempted it in the current arrears episode
    static let chasedThisYear: UInt8 = 1 << 7   // some rung has attempted it this year
}

/// What the current year (months 12k + 1 … 12k + 12) has added up so far.
struct YearTally {
    var billed = 0.0, onTime = 0.0, voluntary = 0.0
    /// The year's bills paid within it by households not yet chased in it (主动缴费率, period definition).
    var unchased = 0.0
    /// Arrears owed at the year's start, and the part of them collected since.
    var oldArrears = 0.0, oldCollected = 0.0
    var longTerm = 0
    var start: Int32 = 1
}
