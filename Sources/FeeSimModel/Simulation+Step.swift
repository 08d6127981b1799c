import Foundation

extension Simulation {
    /// Simulates one month (docs/MODEL.md §3): steps 1–4 for every household, the capacity selection of
    /// capacity-limited rungs, steps 5–9 for every household, the legal public-trust penalty, then the
    /// community's accounting, service quality and norms. O(N), plus O(E log c) for E households eligible for
    /// a capacity-limited rung of capacity c. Allocates nothing per household (only a few per-month arrays of B
    /// or fewer).
    public func step() {
        precondition(month < model.months, "the horizon of \(model.months) months is over")
        month += 1
        let t = month
        prepareBuildings(month: t)
        let newEnrolments = householdStepsOneToFour()
        if !model.ladders.capacities.isEmpty { selectForCapacityLimitedRungs() }
        monthRow.reset(to: 0)
        var tally = MonthTally()
        tally.newEnrolments = newEnrolments
        householdStepsFiveToNine(&tally)
        applyPublicTrustPenalty(&tally)
        closeMonth(t, &tally)
    }

    /// The levers active in each building this month, the phase that owns each lever's costs, and the first
    /// month of transparency per building. O(B · phases).
    ///
    /// A lever's owner is kept after the lever stops in a building: households enrolled in assistance stay
    /// enrolled until their hardship ends, and their costs go to the last phase that ran assistance there.
    private func prepareBuildings(month t: Int) {
        let s = model.scenario
        let nb = model.buildings
        let leverCount = Lever.allCases.count
        for b in 0..<nb {
            var set = LeverSet()
            for (p, phase) in s.rollout.enumerated() where phase.covers(month: t) && inPhase[p * nb + b] {
                for lever in phase.levers.levers where !set.has(lever) {
                    owner[b * leverCount + lever.rawValue] = Int16(p)   // first listed phase owns the cost
                }
                set.formUnion(phase.levers)
            }
            activeLevers[b] = set.rawValue
            if set.has(.transparency) && transparencyStart[b] == 0 { transparencyStart[b] = Int32(t) }
        }
    }

    /// Steps 1–4 for every household: hardship, grievance, trust, assistance enrolment. Also lists, for each
    /// capacity-limited rung, the households it would contact (their rung is known once enrolment is).
    /// - Returns: the number of households enrolled this month.
    private func householdStepsOneToFour() -> Int {
        let s = model.scenario
        let bh = s.behaviour
        let n = model.households
        let q = quality
        let etaIn = bh.hardshipEntry, etaOut = bh.hardshipExit
        let grievanceIn = bh.grievanceEntry * (1 - q)
        let grievanceOutPlain = min(1, bh.grievanceExit)
        let grievanceOutMediated = min(1, bh.grievanceExit + s.levers.cogovernance.mediationProbability)
        let mu = bh.trustDrift
        let reach = s.levers.transparency.reach, period = s.levers.transparency.period
        let gainT = s.levers.transparency.trustGain, gainC = s.levers.cogovernance.trustGain
        let detect = s.levers.assistance.detectionProbability
        let month = self.month
        let flags = self.flags.base, trust = self.trust.base, arrears = self.arrears.base
        let levers = activeLevers.base, start = transparencyStart.base
        let bounds = model.buildingStart
        let block = Simulation.blockSize
        let uHardship = draws.base, uGrievance = uHardship + block, uReach = uGrievance + block
        let uEnrol = uReach + block
        let collect = !model.ladders.capacities.isEmpty
        let rungs = self.rungs.base, table = rungTable.base, tableSize = model.ladders.size
        let candidates = self.candidates.base, counts = candidateCount.base
        candidateCount.reset(to: 0)

        var enrolments = 0
        var blockStart = 0, blockEnd = 0
        for b in 0..<model.buildings {
            // Per-building constants for the month.
            let set = LeverSet(rawValue: levers[b])
            let publication = set.has(.transparency) && (month - Int(start[b])) % period == 0
            let cogovernance = set.has(.cogovernance)
            let assistance = set.has(.assistance)
            let grievanceOut = cogovernance ? grievanceOutMediated : grievanceOutPlain
            let ladderRow = (set.has(.dunning) ? 2 : 0) * tableSize
            for i in bounds[b]..<bounds[b + 1] {
                if i == blockEnd {
                    let count = min(block, n - i)
                    fillDraws(.hardship, uHardship, count)
                    fillDraws(.grievance, uGrievance, count)
                    fillDraws(.transparencyReach, uReach, count)
                    fillDraws(.enrolment, uEnrol, count)
                    blockStart = i
                    blockEnd = i + count
                }
                let k = i - blockStart
                var f = flags[i]
                // 1. Hardship (leaving it ends enrolment).
                if f & HouseholdFlag.hardship == 0 {
                    if uHardship[k] < etaIn { f |= HouseholdFlag.hardship }
                } else if uHardship[k] < etaOut {
                    f &= ~(HouseholdFlag.hardship | HouseholdFlag.enrolled)
                }
                // 2. Grievance.
                if f & HouseholdFlag.grievance == 0 {
                    if uGrievance[k] < grievanceIn { f |= HouseholdFlag.grievance }
                } else if uGrievance[k] < grievanceOut {
                    f &= ~HouseholdFlag.grievance
                }
                // 3. Trust: drift to quality, then publication and co-governance.
                var tau = trust[i]
                tau += mu * (q - tau)
                if publication && uReach[k] < reach { tau += gainT * (1 - tau) }
                if cogovernance { tau += gainC * (1 - tau) }
                trust[i] = min(1, max(0, tau))
                // 4. Assistance enrolment where the lever is active (enrolment lasts until hardship ends).
                if assistance && f & (HouseholdFlag.hardship | HouseholdFlag.enrolled) == HouseholdFlag.hardship
                    && uEnrol[k] < detect {
                    f |= HouseholdFlag.enrolled
                    enrolments &+= 1
                }
                flags[i] = f
                // Candidates of capacity-limited rungs.
                let m = Int(arrears[i])
                if collect && m >= 1 {
                    let enrolledRow = f & HouseholdFlag.enrolled != 0 ? tableSize : 0
                    let r = Int(table[ladderRow + enrolledRow + min(m, tableSize - 1)])
                    if r >= 0 {
                        let slot = Int(rungs[r].slot)
                        if slot >= 0 {
                            candidates[slot * n + Int(counts[slot])] = Int32(i)
                            counts[slot] &+= 1
                        }
                    }
                }
            }
        }
        return enrolments
    }

    /// Marks, for each capacity-limited rung, the `capacity` candidates with the largest arrears amount (m·F,
    /// ties by lower index). A bounded heap keeps the best so far: O(E log c) for E candidates and capacity c,
    /// no allocation.
    private func selectForCapacityLimitedRungs() {
        let n = model.households
        let flags = self.flags.base, arrears = self.arrears.base, fee = self.fee.base
        let heap = self.heap.buffer
        // x ranks before y: larger amount, then lower index.
        @inline(__always) func before(_ x: Int32, _ y: Int32) -> Bool {
            let ax = Double(arrears[Int(x)]) * fee[Int(x)], ay = Double(arrears[Int(y)]) * fee[Int(y)]
            return ax != ay ? ax > ay : x < y
        }
        // Min-heap on rank: heap[0] is the worst household kept so far.
        @inline(__always) func siftDown(_ size: Int) {
            var parent = 0
            while true {
                let left = 2 * parent + 1
                if left >= size { return }
                var worst = left
                if left + 1 < size && before(heap[worst], heap[left + 1]) { worst = left + 1 }
                if !before(heap[parent], heap[worst]) { return }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
        for (slot, capacity) in model.ladders.capacities.enumerated() {
            let list = candidates.base + slot * n
            let count = Int(candidateCount[slot])
            if count <= capacity {
                for j in 0..<count { flags[Int(list[j])] |= HouseholdFlag.selected }
                continue
            }
            guard capacity > 0 else { continue }
            var size = 0
            for j in 0..<count {
                let x = list[j]
                if size < capacity {
                    // Sift up.
                    var child = size
                    heap[child] = x
                    size += 1
                    while child > 0 {
                        let parent = (child - 1) / 2
                        if !before(heap[parent], heap[child]) { break }
                        heap.swapAt(parent, child)
                        child = parent
                    }
                } else if before(x, heap[0]) {
                    heap[0] = x
                    siftDown(size)
                }
            }
            for j in 0..<size { flags[Int(heap[j])] |= HouseholdFlag.selected }
        }
    }

    /// Steps 5–9 for every household: contact, willingness, ability, payment, legal.
    private func householdStepsFiveToNine(_ tally: inout MonthTally) {
        let s = model.scenario
        let bh = s.behaviour
        let n = model.households
        let leverCount = Lever.allCases.count
        let q = quality
        let betaTrust = bh.betaTrust, betaGrievance = bh.betaGrievance, iota = bh.trustPowerInteraction
        let phi = bh.repayAllProbability
        let cH = bh.hardshipAbility
        let assist = s.levers.assistance
        let abilityEnrolled = cH + (1 - cH) * assist.abilityRestore
        let subsidy = assist.subsidyShare, caseCost = assist.caseCost
        let legal = s.levers.legal
        let lag = UInt8(legal.lagMonths), order = UInt16(legal.orderMonths)
        let legalMin = Int32(legal.minArrearsMonths)
        let keepTrustSued = 1 - legal.trustPenalty
        let win = legal.winProbability, file = legal.filingProbability, caseFee = legal.costPerCase
        let boost = s.levers.transparency.perceptionBoost, peer = s.levers.cogovernance.peerMultiplier
        let flags = self.flags.base, trust = self.trust.base, arrears = self.arrears.base, fee = self.fee.base
        let logitP = logitPropensity.base, pending = casePending.base, orders = orderMonths.base
        let levers = activeLevers.base, norm = self.norm.base, payers = self.payers.base
        let filings = self.filings.base, cost = buildingCost.base, buildingPaid = self.buildingPaid.base
        let bounds = model.buildingStart
        let row = monthRow.base
        let rungs = self.rungs.base, table = rungTable.base, tableSize = model.ladders.size
        let preDueUplift = model.ladders.preDueUplift, preDueCost = model.ladders.preDueCost
        let preDueColumn = model.ladders.preDueColumn
        let block = Simulation.blockSize
        let uDelivery = draws.base, uPay = uDelivery + block, uRepay = uPay + block, uFile = uRepay + block
        let uOutcome = uFile + block
        let longTermCleared = HouseholdFlag.longTerm | HouseholdFlag.cleared
        buildingCost.reset(to: 0)
        payers.update(repeating: 0, count: model.buildings)
        filings.update(repeating: 0, count: model.buildings)

        // Month totals, kept in locals so that they can live in registers.
        var paid = 0.0, recovered = 0.0, stock = 0.0, trustSum = 0.0, statusQuoCost = 0.0
        var voluntary = 0, inArrears = 0, hardship = 0, grievance = 0, cleared = 0, enrolledCount = 0
        var legalFilings = 0, legalWins = 0, legalPending = 0, courtOrders = 0

        var blockStart = 0, blockEnd = 0
        for b in 0..<model.buildings {
            // Per-building constants for the month.
            let set = LeverSet(rawValue: levers[b])
            let smart = set.has(.dunning)
            let l = smart ? 1 : 0
            let ladderRow = 2 * l * tableSize
            let hasPreDue = preDueColumn[l] >= 0
            let dueUplift = preDueUplift[l], dueCost = preDueCost[l], dueColumn = Int(preDueColumn[l])
            let legalActive = set.has(.legal)
            let perceived = set.has(.transparency) ? min(1, q + boost) : q
            let peerWeight = set.has(.cogovernance) ? peer : 1
            // The terms of z shared by every household in the building this month.
            let zBuilding = bh.betaQuality * (perceived - 0.5) + bh.betaNorm * peerWeight * (norm[b] - 0.5)
                - betaTrust * 0.5
            var dunningCost = 0.0, assistanceCost = 0.0, legalCost = 0.0
            var buildingPayers: Int32 = 0, buildingFilings: Int32 = 0
            var paidHere = 0.0
            for i in bounds[b]..<bounds[b + 1] {
                if i == blockEnd {
                    let count = min(block, n - i)
                    fillDraws(.contactDelivery, uDelivery, count)
                    fillDraws(.payment, uPay, count)
                    fillDraws(.arrearsRepayment, uRepay, count)
                    fillDraws(.legalFiling, uFile, count)
                    fillDraws(.legalOutcome, uOutcome, count)
                    blockStart = i
                    blockEnd = i + count
                }
                let k = i - blockStart
                var f = flags[i]
                var m = arrears[i]
                let bill = fee[i]
                var tau = trust[i]
                let enrolled = f & HouseholdFlag.enrolled != 0
                // 5. Contact.
                var uplift = 0.0
                if m >= 1 {
                    let r = Int(table[ladderRow + (enrolled ? tableSize : 0) + min(Int(m), tableSize - 1)])
                    if r >= 0 {
                        let rung = rungs[r]
                        if (rung.slot < 0 || f & HouseholdFlag.selected != 0) && uDelivery[k] < rung.delivery {
                            uplift = rung.uplift
                            tau *= rung.keepTrust
                            row[Int(rung.column)] += 1
                            dunningCost += rung.cost
                        }
                    }
                } else if hasPreDue {
                    uplift = dueUplift
                    row[dueColumn] += 1
                    dunningCost += dueCost
                }
                // 8 (court order): the household pays whatever its willingness.
                let underOrder = orders[i] > 0
                var pays = underOrder
                if !underOrder {
                    // 6. Willingness.
                    var z = logitP[i] + betaTrust * tau + zBuilding + uplift * (1 - iota * tau)
                    if f & HouseholdFlag.grievance != 0 { z -= betaGrievance }
                    // 7. Ability.
                    let ability = f & HouseholdFlag.hardship == 0 ? 1 : (enrolled ? abilityEnrolled : cH)
                    // 8. Pays with probability W·A, W = 1 / (1 + e^(−z)) (decided exactly; see Logistic).
                    pays = Logistic.pays(z: z, ability: ability, uniform: uPay[k])
                }
                if enrolled {
                    assistanceCost += subsidy * bill + caseCost
                    enrolledCount &+= 1
                }
                // 8. Payment.
                if pays {
                    paidHere += bill
                    buildingPayers &+= 1
                    if m == 0 {
                        voluntary &+= 1
                    } else if enrolled {
                        m &-= 1
                        recovered += bill
                    } else if uRepay[k] < phi {
                        recovered += Double(m) * bill
                        m = 0
                    }
                } else {
                    m &+= 1
                }
                if underOrder { orders[i] &-= 1 }
                // 9. Legal: a pending case resolves after its lag; otherwise an eligible household may be sued.
                let c = pending[i]
                if c > 0 {
                    pending[i] = c &- 1
                    if c == 1 {
                        if uOutcome[k] < win {
                            recovered += Double(m) * bill
                            m = 0
                            orders[i] = order
                            legalWins &+= 1
                        }
                    } else {
                        legalPending &+= 1
                    }
                } else if legalActive && m >= legalMin && !enrolled && uFile[k] < file {
                    pending[i] = lag
                    legalPending &+= 1
                    buildingFilings &+= 1
                    legalCost += caseFee
                    tau *= keepTrustSued
                    f |= HouseholdFlag.sued
                }
                if f & longTermCleared == HouseholdFlag.longTerm && m == 0 { f |= HouseholdFlag.cleared }
                if orders[i] > 0 { courtOrders &+= 1 }
                f &= ~HouseholdFlag.selected
                if pays { f |= HouseholdFlag.paid } else { f &= ~HouseholdFlag.paid }
                flags[i] = f
                arrears[i] = m
                trust[i] = tau
                // Tallies for the month.
                stock += Double(m) * bill
                if m > 0 { inArrears &+= 1 }
                if f & HouseholdFlag.hardship != 0 { hardship &+= 1 }
                if f & HouseholdFlag.grievance != 0 { grievance &+= 1 }
                if f & HouseholdFlag.cleared != 0 { cleared &+= 1 }
                trustSum += tau
            }
            payers[b] = buildingPayers
            filings[b] = buildingFilings
            paid += paidHere
            buildingPaid[b] += paidHere
            legalFilings += Int(buildingFilings)
            if smart { cost[b * leverCount + Lever.dunning.rawValue] = dunningCost } else { statusQuoCost += dunningCost }
            cost[b * leverCount + Lever.assistance.rawValue] = assistanceCost
            cost[b * leverCount + Lever.legal.rawValue] = legalCost
            // Building-level lever costs: publications and monthly running costs.
            if set.has(.transparency) {
                var c = s.levers.transparency.monthlyCost
                if (month - Int(transparencyStart[b])) % s.levers.transparency.period == 0 {
                    c += s.levers.transparency.costPerPublication
                }
                cost[b * leverCount + Lever.transparency.rawValue] = c
            }
            if set.has(.cogovernance) {
                cost[b * leverCount + Lever.cogovernance.rawValue] = s.levers.cogovernance.monthlyCost
            }
        }
        tally.paid = paid
        tally.recovered = recovered
        tally.arrearsStock = stock
        tally.trustSum = trustSum
        tally.statusQuoDunningCost = statusQuoCost
        tally.voluntary = voluntary
        tally.inArrears = inArrears
        tally.hardship = hardship
        tally.grievance = grievance
        tally.cleared = cleared
        tally.enrolled = enrolledCount
        tally.legalFilings = legalFilings
        tally.legalWins = legalWins
        tally.legalPending = legalPending
        tally.courtOrders = courtOrders
    }

    /// Every other household in a building where lawsuits were filed this month loses trust:
    /// τ ← τ(1 − public_trust_penalty) per lawsuit against a neighbour. Applied after the household loop so that
    /// the result does not depend on household order. O(households in those buildings).
    private func applyPublicTrustPenalty(_ tally: inout MonthTally) {
        guard tally.legalFilings > 0 else { return }
        let keep = 1 - model.scenario.levers.legal.publicTrustPenalty
        let flags = self.flags.base, trust = self.trust.base
        for b in 0..<model.buildings where filings[b] > 0 {
            // A neighbour loses (1 − penalty) per lawsuit in its building; a sued household not for its own.
            let neighbour = pow(keep, Double(filings[b])), sued = pow(keep, Double(filings[b] - 1))
            for i in model.buildingStart[b]..<model.buildingStart[b + 1] {
                let before = trust[i]
                let after = before * (flags[i] & HouseholdFlag.sued != 0 ? sued : neighbour)
                trust[i] = after
                tally.trustSum += after - before
                flags[i] &= ~HouseholdFlag.sued
            }
        }
    }

    /// Steps 10–11: accounting, costs by lever and phase, service quality and norms; writes month t's record.
    private func closeMonth(_ t: Int, _ tally: inout MonthTally) {
        let s = model.scenario
        let n = Double(model.households)
        let leverCount = Lever.allCases.count
        let due = monthlyDue
        // Costs by lever, attributed to the phase that switched the lever on in that building.
        var leverCost = [Double](repeating: 0, count: leverCount)
        var phaseCost = [Double](repeating: 0, count: s.rollout.count)
        for b in 0..<model.buildings {
            for l in 0..<leverCount {
                let c = buildingCost[b * leverCount + l]
                guard c != 0 else { continue }
                leverCost[l] += c
                phaseCost[Int(owner[b * leverCount + l])] += c
            }
        }
        var fixed = 0.0
        for (p, phase) in s.rollout.enumerated() where phase.covers(month: t) {
            let c = phase.monthlyCost + (t == phase.startMonth ? phase.fixedCost : 0)
            fixed += c
            phaseCost[p] += c
        }
        let totalCost = tally.statusQuoDunningCost + leverCost.reduce(0, +) + fixed

        cumulativePaid += tally.paid
        cumulativeDue += due
        let rate = tally.paid / due
        if rate >= s.target.collectionRate { targetReached = true }

        let row = monthRow.base
        func set(_ m: Metric, _ v: Double) { row[m.rawValue] = v }
        set(.collectionRate, rate)
        set(.collectionRateHouseholds, Double(payers.buffer.reduce(0) { $0 + Int($1) }) / n)
        set(.voluntaryRate, Double(tally.voluntary) / n)
        set(.cumulativeCollectionRate, cumulativePaid / cumulativeDue)
        set(.targetReached, targetReached ? 1 : 0)
        set(.due, due)
        set(.paid, tally.paid)
        set(.recovered, tally.recovered)
        set(.cashIn, tally.paid + tally.recovered)
        set(.arrearsStock, tally.arrearsStock)
        set(.arrearsHouseholdShare, Double(tally.inArrears) / n)
        set(.longTermClearedShare, longTermCount > 0 ? Double(tally.cleared) / Double(longTermCount) : .nan)
        set(.serviceQuality, quality)
        set(.meanTrust, tally.trustSum / n)
        set(.hardshipShare, Double(tally.hardship) / n)
        set(.grievanceShare, Double(tally.grievance) / n)
        set(.enrolled, Double(tally.enrolled))
        set(.legalFilings, Double(tally.legalFilings))
        set(.legalWins, Double(tally.legalWins))
        set(.legalPending, Double(tally.legalPending))
        set(.courtOrders, Double(tally.courtOrders))
        set(.costTotal, totalCost)
        set(.costStatusQuoDunning, tally.statusQuoDunningCost)
        set(.costTransparency, leverCost[Lever.transparency.rawValue])
        set(.costDunning, leverCost[Lever.dunning.rawValue])
        set(.costAssistance, leverCost[Lever.assistance.rawValue])
        set(.costCogovernance, leverCost[Lever.cogovernance.rawValue])
        set(.costLegal, leverCost[Lever.legal.rawValue])
        set(.costPhases, fixed)
        set(.netCash, tally.paid + tally.recovered - totalCost)
        let contactColumns = model.layout.contactsOffset..<model.layout.phaseCostOffset
        set(.contacts, contactColumns.reduce(0) { $0 + row[$1] })
        for p in 0..<s.rollout.count { row[model.layout.phaseCostOffset + p] = phaseCost[p] }
        set(.newEnrolments, Double(tally.newEnrolments))
        let start = (t - 1) * model.layout.count
        record.values.withUnsafeMutableBufferPointer { values in
            for c in 0..<model.layout.count { values[start + c] = row[c] }
        }

        // 11. Service quality and norms for next month.
        let rho = min(1, (tally.paid + tally.recovered) / (s.behaviour.serviceRequirement * due))
        quality = min(1, max(0, quality + s.behaviour.qualityAdjustment * (rho - quality)))
        for b in 0..<model.buildings {
            norm[b] = Double(payers[b]) / Double(model.buildingStart[b + 1] - model.buildingStart[b])
        }
    }

    @inline(__always)
    private func fillDraws(_ stream: RandomStreamID, _ into: UnsafeMutablePointer<Double>, _ count: Int) {
        streams[stream.rawValue].fill(UnsafeMutableBufferPointer(start: into, count: count))
    }
}

/// What one month's household loop adds up: plain counters (contact counts go straight to `monthRow`).
struct MonthTally {
    var paid = 0.0, recovered = 0.0, arrearsStock = 0.0, trustSum = 0.0, statusQuoDunningCost = 0.0
    var voluntary = 0, inArrears = 0, hardship = 0, grievance = 0, cleared = 0, enrolled = 0
    var legalFilings = 0, legalWins = 0, legalPending = 0, courtOrders = 0, newEnrolments = 0
}
