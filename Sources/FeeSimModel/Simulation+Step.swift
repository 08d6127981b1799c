import Foundation

extension Simulation {
    /// Simulates one month (docs/MODEL.md §3): steps 1–4 for every household, the capacity selection of
    /// capacity-limited rungs, steps 5–9 for every household, the legal public-trust penalty, then the
    /// community's accounting, service quality and norms. O(N), plus O(E log E) for E households eligible for
    /// a capacity-limited rung. Allocates nothing per household (only a few per-month arrays of B or fewer).
    public func step() {
        precondition(month < model.months, "the horizon of \(model.months) months is over")
        month += 1
        let t = month
        prepareBuildings(month: t)
        let newEnrolments = householdStepsOneToFour()
        if model.ladders.contains(where: { $0.hasCapacity }) { selectForCapacityLimitedRungs() }
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

    /// Steps 1–4 for every household: hardship, grievance, trust, assistance enrolment.
    /// - Returns: the number of households enrolled this month.
    private func householdStepsOneToFour() -> Int {
        let s = model.scenario
        let bh = s.behaviour
        let n = model.households
        let q = quality
        let etaIn = bh.hardshipEntry, etaOut = bh.hardshipExit
        let grievanceIn = bh.grievanceEntry * (1 - q)
        let mu = bh.trustDrift
        let tr = s.levers.transparency
        let cg = s.levers.cogovernance
        let detect = s.levers.assistance.detectionProbability
        let month = self.month
        let flags = self.flags.base, trust = self.trust.base
        let levers = activeLevers.base, start = transparencyStart.base
        let bounds = model.buildingStart
        let block = Simulation.blockSize
        let uHardship = draws.base, uGrievance = uHardship + block, uReach = uGrievance + block
        let uEnrol = uReach + block
        var b = 0
        // Per-building constants, refreshed when the loop enters a new building.
        var publication = false, cogovernance = false, assistance = false, grievanceOut = 0.0
        func enter(_ b: Int) {
            let set = LeverSet(rawValue: levers[b])
            publication = set.has(.transparency) && (month - Int(start[b])) % tr.period == 0
            cogovernance = set.has(.cogovernance)
            assistance = set.has(.assistance)
            grievanceOut = min(1, bh.grievanceExit + (cogovernance ? cg.mediationProbability : 0))
        }
        enter(0)
        var enrolments = 0
        var first = 0
        while first < n {
            let count = min(block, n - first)
            fillDraws(.hardship, uHardship, count)
            fillDraws(.grievance, uGrievance, count)
            fillDraws(.transparencyReach, uReach, count)
            fillDraws(.enrolment, uEnrol, count)
            for k in 0..<count {
                let i = first + k
                while i >= bounds[b + 1] { b += 1; enter(b) }
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
                if publication && uReach[k] < tr.reach { tau += tr.trustGain * (1 - tau) }
                if cogovernance { tau += cg.trustGain * (1 - tau) }
                trust[i] = min(1, max(0, tau))
                // 4. Assistance enrolment where the lever is active (enrolment lasts until hardship ends).
                if assistance && f & (HouseholdFlag.hardship | HouseholdFlag.enrolled) == HouseholdFlag.hardship
                    && uEnrol[k] < detect {
                    f |= HouseholdFlag.enrolled
                    enrolments += 1
                }
                flags[i] = f
            }
            first += count
        }
        return enrolments
    }

    /// Marks, for each capacity-limited rung, the `capacity` eligible households with the largest arrears
    /// amount (m·F, ties by index). O(E log E) for E eligible households.
    private func selectForCapacityLimitedRungs() {
        let nb = model.buildings
        let flags = self.flags.base, arrears = self.arrears.base, fee = self.fee.base
        let bounds = model.buildingStart
        for (li, ladder) in model.ladders.enumerated() {
            for r in 0..<ladder.rungCount where ladder.capacity[r] >= 0 {
                var found = 0
                for b in 0..<nb where (LeverSet(rawValue: activeLevers[b]).has(.dunning) ? 1 : 0) == li {
                    for i in bounds[b]..<bounds[b + 1] where arrears[i] >= 1 {
                        let enrolled = flags[i] & HouseholdFlag.enrolled != 0
                        if ladder.rung(arrears: arrears[i], enrolled: enrolled) == r {
                            candidates[found] = Int32(i)
                            found += 1
                        }
                    }
                }
                var picked = UnsafeMutableBufferPointer(start: candidates.base, count: found)
                picked.sort { x, y in
                    let ax = Double(arrears[Int(x)]) * fee[Int(x)], ay = Double(arrears[Int(y)]) * fee[Int(y)]
                    return ax != ay ? ax > ay : x < y
                }
                for j in 0..<min(found, ladder.capacity[r]) { flags[Int(picked[j])] |= HouseholdFlag.selected }
            }
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
        let legal = s.levers.legal
        let lag = UInt8(legal.lagMonths), order = UInt16(legal.orderMonths)
        let legalMin = Int32(legal.minArrearsMonths)
        let keepTrustSued = 1 - legal.trustPenalty
        let tr = s.levers.transparency
        let cg = s.levers.cogovernance
        let flags = self.flags.base, trust = self.trust.base, arrears = self.arrears.base, fee = self.fee.base
        let logitP = logitPropensity.base, pending = casePending.base, orders = orderMonths.base
        let levers = activeLevers.base, norm = self.norm.base, payers = self.payers.base
        let filings = self.filings.base, cost = buildingCost.base
        let bounds = model.buildingStart
        let row = monthRow.base
        let block = Simulation.blockSize
        let uDelivery = draws.base, uPay = uDelivery + block, uRepay = uPay + block, uFile = uRepay + block
        let uOutcome = uFile + block
        let longTermCleared = HouseholdFlag.longTerm | HouseholdFlag.cleared
        buildingCost.reset(to: 0)
        payers.update(repeating: 0, count: model.buildings)
        filings.update(repeating: 0, count: model.buildings)

        var b = 0
        var ladder = model.ladders[0], usesSmart = false, legalActive = false
        var zBuilding = 0.0   // the terms of z shared by every household in the building this month
        func enter(_ b: Int) {
            let set = LeverSet(rawValue: levers[b])
            usesSmart = set.has(.dunning)
            ladder = model.ladders[usesSmart ? 1 : 0]
            legalActive = set.has(.legal)
            let perceived = set.has(.transparency) ? min(1, q + tr.perceptionBoost) : q
            let peerWeight = set.has(.cogovernance) ? cg.peerMultiplier : 1
            zBuilding = bh.betaQuality * (perceived - 0.5) + bh.betaNorm * peerWeight * (norm[b] - 0.5)
                - betaTrust * 0.5
        }
        enter(0)
        var first = 0
        while first < n {
            let count = min(block, n - first)
            fillDraws(.contactDelivery, uDelivery, count)
            fillDraws(.payment, uPay, count)
            fillDraws(.arrearsRepayment, uRepay, count)
            fillDraws(.legalFiling, uFile, count)
            fillDraws(.legalOutcome, uOutcome, count)
            for k in 0..<count {
                let i = first + k
                while i >= bounds[b + 1] { b += 1; enter(b) }
                var f = flags[i]
                var m = arrears[i]
                let bill = fee[i]
                var tau = trust[i]
                let enrolled = f & HouseholdFlag.enrolled != 0
                // 5. Contact.
                var uplift = 0.0
                if m >= 1 {
                    let r = ladder.rung(arrears: m, enrolled: enrolled)
                    if r >= 0 && (ladder.capacity[r] < 0 || f & HouseholdFlag.selected != 0)
                        && uDelivery[k] < ladder.delivery[r] {
                        uplift = ladder.uplift[r]
                        tau *= ladder.keepTrust[r]
                        row[ladder.contactColumn + r] += 1
                        if usesSmart { cost[b * leverCount + Lever.dunning.rawValue] += ladder.cost[r] }
                        else { tally.statusQuoDunningCost += ladder.cost[r] }
                    }
                } else if ladder.hasPreDue {
                    uplift = ladder.preDueUplift
                    row[ladder.contactColumn + ladder.rungCount] += 1
                    if usesSmart { cost[b * leverCount + Lever.dunning.rawValue] += ladder.preDueCost }
                    else { tally.statusQuoDunningCost += ladder.preDueCost }
                }
                // 6. Willingness.
                var z = logitP[i] + betaTrust * tau + zBuilding + uplift * (1 - iota * tau)
                if f & HouseholdFlag.grievance != 0 { z -= betaGrievance }
                let willingness = 1 / (1 + exp(-z))
                // 7. Ability.
                let ability = f & HouseholdFlag.hardship == 0 ? 1 : (enrolled ? abilityEnrolled : cH)
                if enrolled {
                    cost[b * leverCount + Lever.assistance.rawValue] += assist.subsidyShare * bill + assist.caseCost
                    tally.enrolled += 1
                }
                // 8. Payment (a court order makes it certain).
                let underOrder = orders[i] > 0
                if underOrder || uPay[k] < willingness * ability {
                    tally.paid += bill
                    payers[b] += 1
                    if m == 0 {
                        tally.voluntary += 1
                    } else if enrolled {
                        m -= 1
                        tally.recovered += bill
                    } else if uRepay[k] < phi {
                        tally.recovered += Double(m) * bill
                        m = 0
                    }
                } else {
                    m += 1
                }
                if underOrder { orders[i] -= 1 }
                // 9. Legal: a pending case resolves after its lag; otherwise an eligible household may be sued.
                if pending[i] > 0 {
                    pending[i] -= 1
                    if pending[i] == 0 {
                        if uOutcome[k] < legal.winProbability {
                            tally.recovered += Double(m) * bill
                            m = 0
                            orders[i] = order
                            tally.legalWins += 1
                        }
                    } else {
                        tally.legalPending += 1
                    }
                } else if legalActive && m >= legalMin && !enrolled && uFile[k] < legal.filingProbability {
                    pending[i] = lag
                    tally.legalPending += 1
                    filings[b] += 1
                    tally.legalFilings += 1
                    cost[b * leverCount + Lever.legal.rawValue] += legal.costPerCase
                    tau *= keepTrustSued
                    f |= HouseholdFlag.sued
                }
                if f & longTermCleared == HouseholdFlag.longTerm && m == 0 { f |= HouseholdFlag.cleared }
                if orders[i] > 0 { tally.courtOrders += 1 }
                f &= ~HouseholdFlag.selected
                flags[i] = f
                arrears[i] = m
                trust[i] = tau
                // Tallies for the month.
                tally.arrearsStock += Double(m) * bill
                if m > 0 { tally.inArrears += 1 }
                if f & HouseholdFlag.hardship != 0 { tally.hardship += 1 }
                if f & HouseholdFlag.grievance != 0 { tally.grievance += 1 }
                if f & HouseholdFlag.cleared != 0 { tally.cleared += 1 }
                tally.trustSum += tau
            }
            first += count
        }
        // Building-level lever costs: publications, monthly running costs.
        for b in 0..<model.buildings {
            let set = LeverSet(rawValue: levers[b])
            if set.has(.transparency) {
                var c = tr.monthlyCost
                if (month - Int(transparencyStart[b])) % tr.period == 0 { c += tr.costPerPublication }
                cost[b * leverCount + Lever.transparency.rawValue] += c
            }
            if set.has(.cogovernance) { cost[b * leverCount + Lever.cogovernance.rawValue] += cg.monthlyCost }
        }
    }

    /// Every other household in a building where lawsuits were filed this month loses trust:
    /// τ ← τ(1 − public_trust_penalty) per lawsuit against a neighbour. Applied after the household loop so that
    /// the result does not depend on household order. O(households in those buildings).
    private func applyPublicTrustPenalty(_ tally: inout MonthTally) {
        guard tally.legalFilings > 0 else { return }
        let keep = 1 - model.scenario.levers.legal.publicTrustPenalty
        let flags = self.flags.base, trust = self.trust.base
        for b in 0..<model.buildings where filings[b] > 0 {
            for i in model.buildingStart[b]..<model.buildingStart[b + 1] {
                let own = flags[i] & HouseholdFlag.sued != 0 ? 1 : 0
                let before = trust[i]
                let after = before * pow(keep, Double(Int(filings[b]) - own))
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
