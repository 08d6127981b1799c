import Foundation

extension Simulation {
    /// Simulates one month (docs/MODEL.md §3): the year's bookkeeping if a year starts, steps 1–6 for every
    /// household (state changes, rung choice), the capacity selections, steps 7–12 for every household
    /// (contact, decision, payment, legal), the neighbours' trust cost of lawsuits, then the community's
    /// accounting, service quality, norms and deterrence. O(N·R) for R rungs in the active ladder, plus
    /// O(E log c) for E households eligible for a capacity of c. Allocates nothing per household.
    public func step() {
        precondition(warmingUp || month < model.months, "the horizon of \(model.months) months is over")
        month += 1
        monthsStepped += 1
        let t = month
        prepareBuildings(month: t)
        let newYear = (t - 1) % 12 == 0
        if newYear { year = YearTally(oldArrears: lastArrearsStock, start: Int32(t)) }
        // BT(t − 1), BT(t) and BT(year start − 1) per segment, once a month rather than once a household.
        for k in 0..<segmentMonth.count {
            let c = segmentMonth[k].cycle
            segmentMonth[k].before = Simulation.billedThrough(Int32(t) - 1, cycle: c)
            segmentMonth[k].through = Simulation.billedThrough(Int32(t), cycle: c)
            segmentMonth[k].oldEnd = Simulation.billedThrough(year.start - 1, cycle: c)
        }
        var tally = MonthTally()
        stepEpisodes()
        householdStepsOneToSix(&tally, newYear: newYear)
        year.longTerm += tally.newLongTerm
        selectForCapacitySlots()
        monthRow.reset(to: 0)
        householdStepsSevenToTwelve(&tally)
        applyNeighbourTrustCost(&tally)
        closeMonth(t, &tally)
    }

    /// The levers active in each building this month, the phase that owns each lever's costs, and the first
    /// month of transparency per building. O(B · phases).
    ///
    /// A lever's owner is kept after the lever stops in a building: instalment plans run to completion or
    /// default, and their costs go to the last phase that ran assistance there.
    private func prepareBuildings(month t: Int) {
        let s = model.scenario
        let nb = model.buildings
        let leverCount = Lever.allCases.count
        monthLevers = LeverSet()
        for b in 0..<nb {
            var set = LeverSet()
            for (p, phase) in s.rollout.enumerated() where !warmingUp && phase.covers(month: t) && inPhase[p * nb + b] {
                for lever in phase.levers.levers where !set.has(lever) {
                    owner[b * leverCount + lever.rawValue] = Int16(p)   // first listed phase owns the cost
                }
                set.formUnion(phase.levers)
            }
            set.subtract(s.levers.disabled)   // a lever switched off never acts, whatever the rollout
            activeLevers[b] = set.rawValue
            monthLevers.formUnion(set)
            if set.has(.transparency) && transparencyStart[b] == 0 { transparencyStart[b] = Int32(t) }
        }
    }

    /// Each building's collective dispute episode (docs/MODEL.md §3, "Buildings"): with this month's building draw
    /// u_b, an episode ends by a collective agreement (where `settlement` is active), by the owners' committee's
    /// mediation (where co-governance is active) or by itself, in that order of bands; a building without one
    /// starts one. O(B).
    private func stepEpisodes() {
        let s = model.scenario
        streams[RandomStreamID.building.rawValue].fill(buildingDraws.buffer)
        let agreement = s.levers.settlement.agreementProbability
        let mediation = s.levers.cogovernance.episodeMediation
        let selfEnd = s.behaviour.episodeEnd, onset = s.behaviour.episodeOnset
        for b in 0..<model.buildings {
            let set = LeverSet(rawValue: activeLevers[b])
            let u = buildingDraws[b]
            var event = EpisodeEvent.none
            if episode[b] == 1 {
                let a = set.has(.settlement) ? agreement : 0
                let m = set.has(.cogovernance) ? mediation : 0
                if u < a {
                    event = EpisodeEvent.agreement
                } else if u < a + m {
                    event = EpisodeEvent.mediated
                } else if u < a + m + selfEnd {
                    event = EpisodeEvent.ended
                }
                if event != EpisodeEvent.none { episode[b] = 0 }
            } else if u < onset {
                episode[b] = 1
                event = EpisodeEvent.started
            }
            episodeEvent[b] = event
        }
    }

    /// Steps 1–6 for every household: hardship, grievance, perception and trust, instalment plans, fading of
    /// reminders and deterrence, and the choice of this month's rung and lawsuit candidates. At a year's start
    /// also marks the long-term debtors.
    private func householdStepsOneToSix(_ tally: inout MonthTally, newYear: Bool) {
        let s = model.scenario
        let bh = s.behaviour
        let n = model.households
        let t = Int32(month)
        let q = quality
        let etaIn = bh.hardshipEntry, etaOut = bh.hardshipExit
        let gIn = bh.grievanceEntry, gOutPlain = min(1, bh.grievanceExit)
        let gOutMediated = min(1, bh.grievanceExit + s.levers.cogovernance.mediationProbability)
        let visible = max(0, q - bh.invisibilityGap)
        let muV = bh.perceptionDrift, muT = bh.trustDrift
        let tr = s.levers.transparency
        let reach = tr.reach, period = tr.period, gainV = tr.perceptionGain, gainT = tr.trustGain
        let gainC = s.levers.cogovernance.trustGain
        let detect = s.levers.assistance.detectionProbability, planDefault = s.levers.assistance.planDefault
        let fadeReminder = Float(pow(0.5, 1 / bh.reminderHalfLife))
        let fadeDeterrence = Float(pow(0.5, 1 / bh.deterrenceHalfLife))
        let longTermMonths = Int32(s.target.longTermMonths)
        let legal = s.levers.legal
        let legalAge = Int32(legal.minArrearsMonths), legalAmount = legal.minAmount
        let limitation = Int32(legal.limitationMonths), backlash = legal.backlash
        let withholdShare = bh.withholdShare, withholdRelease = bh.withholdRelease
        let heldEnd = self.heldEnd.base, resume = self.resume.base, dispute = disputeState.base
        let demandMonth = self.demandMonth.base, demandCutoff = self.demandCutoff.base
        let filingsLastMonth = filings.base
        // The year-end drive: each ladder whose drive month this is starts afresh (attempt counts restart).
        let monthOfYear = (month - 1) % 12 + 1
        let driveRanges = (0..<2).compactMap { l -> Range<Int>? in
            model.ladders.driveMonth[l] == monthOfYear ? model.ladders.ladderStart[l]..<model.ladders.ladderStart[l + 1] : nil
        }
        // The drive ranges of both ladders as two plain ranges (empty when no drive starts this month).
        let driveA = driveRanges.first ?? 0..<0, driveB = driveRanges.count > 1 ? driveRanges[1] : 0..<0
        let drive = !driveRanges.isEmpty
        let flags = self.flags.base, marks = self.marks.base, trust = self.trust.base
        let perceived = self.perceived.base, paidThrough = self.paidThrough.base, fee = self.fee.base
        let boost = self.boost.base, deterrence = self.deterrence.base, segment = self.segment.base
        let caseMonths = self.caseMonths.base, chosen = chosenRung.base
        let attempts = self.attempts.base, last = lastAttempt.base
        let levers = activeLevers.base, start = transparencyStart.base, mediated = self.mediated.base
        let rungs = self.rungs.base, order = rungOrder.base
        let rungCount = model.ladders.rungs.count
        let orderStart = [0, model.ladders.order[0].count], orderCount = [model.ladders.order[0].count, model.ladders.order[1].count]
        let legalSlot = model.ladders.legalSlot
        let segments = segmentMonth.base
        let bounds = model.buildingStart
        let block = Simulation.blockSize
        let uHardship = draws.base, uGrievance = uHardship + block, uReach = uGrievance + block
        let uEnrol = uReach + block, uDispute = uEnrol + block, uEpisode = uDispute + block
        let join = bh.episodeJoin, waiverShare = s.levers.settlement.waiverShare
        let events = episodeEvent.base
        let candidates = self.candidates.base, counts = candidateCount.base
        candidateCount.reset(to: 0)
        let keepMarks = HouseholdMark.paidThisYear | HouseholdMark.chasedThisYear
        let resetFlags = newYear ? ~(HouseholdFlag.longTerm | HouseholdFlag.longTermCleared) : 0xFF

        var blockStart = 0, blockEnd = 0
        for b in 0..<model.buildings {
            let set = LeverSet(rawValue: levers[b])
            let publication = set.has(.transparency) && (month - Int(start[b])) % period == 0
            let cogovernance = set.has(.cogovernance)
            let assistance = set.has(.assistance)
            let legalActive = set.has(.legal)
            let gOut = cogovernance ? gOutMediated : gOutPlain
            let gBacklash = backlash * Double(filingsLastMonth[b])   // suits filed here last month
            let l = set.has(.dunning) ? 1 : 0
            let firstOrder = orderStart[l], orderLength = orderCount[l]
            var mediatedHere: Int32 = 0
            let startsBefore = tally.newEnrolments, defaultsBefore = tally.planDefaults
            defer {
                mediated[b] = mediatedHere
                if buildingEvents != nil {
                    recordStepsOneToSix(
                        building: b, starts: tally.newEnrolments - startsBefore,
                        defaults: tally.planDefaults - defaultsBefore, mediations: mediatedHere)
                }
            }
            for i in bounds[b]..<bounds[b + 1] {
                if i == blockEnd {
                    let count = min(block, n - i)
                    fillDraws(.hardship, uHardship, count)
                    fillDraws(.grievance, uGrievance, count)
                    fillDraws(.transparencyReach, uReach, count)
                    fillDraws(.enrolment, uEnrol, count)
                    fillDraws(.dispute, uDispute, count)
                    fillDraws(.episode, uEpisode, count)
                    blockStart = i
                    blockEnd = i + count
                }
                let k = i &- blockStart   // in 0..<blockSize: no overflow check needed
                var f = flags[i] & resetFlags
                var mk = marks[i] & keepMarks
                let sm = segments + Int(segment[i])
                let c = sm.pointee.cycle, before = sm.pointee.before
                let p = paidThrough[i], d = heldEnd[i], cr = resume[i]
                let overdue = Simulation.units(p, d, cr, through: before)
                var ds = dispute[i]
                if newYear {
                    mk = 0
                    if overdue >= longTermMonths {
                        f |= HouseholdFlag.longTerm
                        tally.newLongTerm &+= 1
                    }
                }
                // 1. Hardship.
                if f & HouseholdFlag.hardship == 0 {
                    if uHardship[k] < etaIn { f |= HouseholdFlag.hardship }
                } else if uHardship[k] < etaOut {
                    f &= ~HouseholdFlag.hardship
                }
                // 2. Grievance: onset grows with perceived shortfall of service; mediation resolves.
                var v = perceived[i]
                //    A dispute that ends while something is owed: the household withholds the disputed past and
                //    pays from now on, or settles everything at its next payment. A withholding household may
                //    give it up.
                var resolved = false
                if f & HouseholdFlag.grievance == 0 {
                    if uGrievance[k] < gIn * (1 - v) * (1 - v) + gBacklash { f |= HouseholdFlag.grievance }
                } else if uGrievance[k] < gOut {
                    f &= ~HouseholdFlag.grievance
                    resolved = true
                    // Resolved by mediation (not by itself): the draw fell in the mediation band.
                    if cogovernance && uGrievance[k] >= gOutPlain { mediatedHere &+= 1 }
                }
                //    The building's episode: a household joins one that starts; one that ends releases its members, and
                //    a collective agreement offers them its waiver (they settle at their next payment).
                let event = events[b]
                if event == EpisodeEvent.started && uEpisode[k] < join { ds |= DisputeFlag.member }
                var agreed = false
                if ds & DisputeFlag.member != 0 && event >= EpisodeEvent.ended {
                    ds &= ~DisputeFlag.member
                    resolved = true
                    agreed = event == EpisodeEvent.agreement
                }
                if resolved && overdue > 0 {
                    // A collective agreement's waiver wins over part of those who would withhold the past.
                    if uDispute[k] < (agreed ? withholdShare * (1 - waiverShare) : withholdShare) {
                        ds = (ds | DisputeFlag.withholding) & ~(DisputeFlag.settling | DisputeFlag.waiverOffer)
                        if d == p {   // the block: everything overdue now
                            let end = before + 1
                            heldEnd[i] = end
                            resume[i] = end
                        }
                    } else {
                        ds = (ds | DisputeFlag.settling | (agreed ? DisputeFlag.waiverOffer : 0)) & ~DisputeFlag.withholding
                    }
                } else if ds & DisputeFlag.withholding != 0 && uDispute[k] < withholdRelease {
                    ds = (ds | DisputeFlag.settling) & ~DisputeFlag.withholding
                }
                // 3. Perceived service drifts to the visible service; a publication shows the actual service.
                //    Trust drifts to perceived service; publications and co-governance build it.
                v += muV * (visible - v)
                var tau = trust[i]
                tau += muT * (v - tau)
                if publication && uReach[k] < reach {
                    v += gainV * (q - v)
                    tau += gainT * (1 - tau)
                }
                if cogovernance { tau += gainC * (1 - tau) }
                perceived[i] = min(1, max(0, v))
                trust[i] = min(1, max(0, tau))
                // 4. Instalment plans: a plan may fail; where help is offered, hardship in arrears is detected.
                if f & HouseholdFlag.enrolled != 0 {
                    if uEnrol[k] < planDefault {
                        f &= ~HouseholdFlag.enrolled
                        tally.planDefaults &+= 1
                    }
                } else if assistance && f & HouseholdFlag.hardship != 0 && overdue > 0 && uEnrol[k] < detect {
                    f |= HouseholdFlag.enrolled
                    tally.newEnrolments &+= 1
                }
                // 5. Contacts and enforcement fade (a boost below 0.001 logit is dropped: it no longer matters).
                let faded = boost[i] * fadeReminder
                boost[i] = faded < 0.001 ? 0 : faded
                deterrence[i] *= fadeDeterrence
                // 6. An arrears episode ends when nothing is overdue: the contact policies start afresh.
                let row = i &* rungCount
                if drive {
                    for r in driveA { attempts[row + r] = 0 }
                    for r in driveB { attempts[row + r] = 0 }
                }
                if overdue <= 0 {
                    ds &= ~(DisputeFlag.settling | DisputeFlag.waiverOffer)
                    if f & HouseholdFlag.sued != 0 || marks[i] & HouseholdMark.inEpisode != 0 {
                        for r in 0..<rungCount { attempts[row + r] = 0 }
                        if caseMonths[i] == 0 { f &= ~HouseholdFlag.sued }
                    }
                } else {
                    mk |= marks[i] & HouseholdMark.inEpisode
                }
                //    This month's rung: the highest trigger reached whose policy allows an attempt now.
                //    Households on a plan are not dunned (deferral).
                var pick: Int16 = -1
                if overdue > 0 && f & HouseholdFlag.enrolled == 0 {
                    let age = t - Simulation.issueMonth(p, cycle: c)
                    for o in firstOrder..<(firstOrder + orderLength) {
                        let r = Int(order[o])
                        let rung = rungs[r]
                        if rung.minAge > age || Int32(attempts[row + r]) >= rung.maxAttempts { continue }
                        if t - Int32(last[row + r]) < rung.every { continue }
                        if rung.inPerson && sm.pointee.absentee { continue }
                        pick = Int16(r)
                        if rung.slot >= 0 {
                            let slot = Int(rung.slot)
                            candidates[slot * n + Int(counts[slot])] = Int32(i)
                            counts[slot] &+= 1
                        }
                        break
                    }
                    // Lawsuit candidates: old and large enough, not on a plan, not already sued for this debt.
                    //    Only fees a court can still be asked for count (the limitation period).
                    if legalActive && f & HouseholdFlag.sued == 0 && caseMonths[i] == 0 && age >= legalAge {
                        let cutoff = Simulation.claimCutoff(
                            t, limitation: limitation, cycle: c, demand: demandMonth[i],
                            cutoff: demandCutoff[i])
                        let claimable = Simulation.units(p, heldEnd[i], resume[i], through: before, from: cutoff)
                        if claimable > 0 && Double(claimable) * fee[i] >= legalAmount {
                            candidates[legalSlot * n + Int(counts[legalSlot])] = Int32(i)
                            counts[legalSlot] &+= 1
                        }
                    }
                }
                chosen[i] = pick
                flags[i] = f
                marks[i] = mk
                dispute[i] = ds
            }
        }
    }

    /// Marks, for each capacity slot, the `capacity` candidates with the largest overdue amount (ties by lower
    /// index). A bounded heap keeps the best so far, each entry with its amount (computed once per candidate):
    /// O(E log c) for E candidates and capacity c, no allocation.
    private func selectForCapacitySlots() {
        let n = model.households
        let marks = self.marks.base, paidThrough = self.paidThrough.base, fee = self.fee.base
        let heldEnd = self.heldEnd.base, resume = self.resume.base
        let segment = self.segment.base, segments = segmentMonth.base
        let heap = self.heap.base, amounts = heapAmount.base
        @inline(__always) func amount(_ x: Int32) -> Double {
            let i = Int(x)
            let before = segments[Int(segment[i])].before
            return Double(Simulation.units(paidThrough[i], heldEnd[i], resume[i], through: before)) * fee[i]
        }
        // Entry j ranks before entry k: larger amount, then lower index.
        @inline(__always) func before(_ j: Int, _ k: Int) -> Bool {
            let aj = amounts[j], ak = amounts[k]
            return aj != ak ? aj > ak : heap[j] < heap[k]
        }
        @inline(__always) func swapEntries(_ j: Int, _ k: Int) {
            let x = heap[j], a = amounts[j]
            heap[j] = heap[k]
            amounts[j] = amounts[k]
            heap[k] = x
            amounts[k] = a
        }
        @inline(__always) func siftDown(_ size: Int) {
            var parent = 0
            while true {
                let left = 2 * parent + 1
                if left >= size { return }
                var worst = left
                if left + 1 < size && before(worst, left + 1) { worst = left + 1 }
                if !before(parent, worst) { return }
                swapEntries(parent, worst)
                parent = worst
            }
        }
        for (slot, capacity) in model.ladders.capacities.enumerated() {
            let mark = slot == model.ladders.legalSlot ? HouseholdMark.legalSelected : HouseholdMark.selected
            let list = candidates.base + slot * n
            let count = Int(candidateCount[slot])
            if count <= capacity {
                for j in 0..<count { marks[Int(list[j])] |= mark }
                continue
            }
            guard capacity > 0 else { continue }
            var size = 0
            for j in 0..<count {
                let x = list[j]
                let a = amount(x)
                if size < capacity {
                    var child = size
                    heap[child] = x
                    amounts[child] = a
                    size += 1
                    while child > 0 {
                        let parent = (child - 1) / 2
                        if !before(parent, child) { break }
                        swapEntries(parent, child)
                        child = parent
                    }
                } else if a != amounts[0] ? a > amounts[0] : x < heap[0] {   // x ranks before the worst kept
                    heap[0] = x
                    amounts[0] = a
                    siftDown(size)
                }
            }
            for j in 0..<size { marks[Int(heap[j])] |= mark }
        }
    }

    /// Steps 7–12 for every household: contact, willingness, ability, attention, payment, lawsuits; then the
    /// month-end tallies (arrears by age and by reason, plans completed, good standing).
    private func householdStepsSevenToTwelve(_ tally: inout MonthTally) {
        let s = model.scenario
        let bh = s.behaviour
        let n = model.households
        let t = Int32(month)
        let horizonEnd = Int32(model.months + 12)
        let leverCount = Lever.allCases.count
        let betaTrust = bh.betaTrust, betaValue = bh.betaValue, betaNorm = bh.betaNorm
        let betaGrievance = bh.betaGrievance, betaStrategic = bh.betaStrategic
        let phi = bh.repayAllProbability, cH = bh.hardshipAbility
        let assist = s.levers.assistance
        let abilityEnrolled = cH + (1 - cH) * min(1, assist.abilityRestore + assist.subsidyShare)
        let subsidy = assist.subsidyShare, caseCost = assist.caseCost, planUplift = assist.planReminderUplift
        let legal = s.levers.legal
        let lag = UInt8(legal.lagMonths), enforcement = UInt8(legal.enforcementMonths)
        let settle = legal.settleProbability, win = legal.winProbability, recovery = legal.recoveryShare
        let lawyerCost = legal.lawyerCost, simplified = legal.simplifiedProcedure != 0
        let enforcedWin = win * legal.enforcementShare
        let limitation = Int32(legal.limitationMonths)
        let catchUp = Int32(bh.catchUpBills)
        let waiverShare = s.levers.settlement.waiverShare
        let events = episodeEvent.base
        let heldEnd = self.heldEnd.base, resume = self.resume.base, dispute = disputeState.base
        let demandMonth = self.demandMonth.base, demandCutoff = self.demandCutoff.base, caseFees = self.caseFees.base
        let keepTrustSued = 1 - legal.trustPenalty, suedShift = legal.suedWillingness
        let peer = s.levers.cogovernance.peerMultiplier
        let flags = self.flags.base, marks = self.marks.base, trust = self.trust.base, perceived = self.perceived.base
        let paidThrough = self.paidThrough.base, fee = self.fee.base, logitP = logitPropensity.base
        let boost = self.boost.base, deterrence = self.deterrence.base, segment = self.segment.base
        let caseMonths = self.caseMonths.base, caseUnits = self.caseUnits.base, chosen = chosenRung.base
        let attempts = self.attempts.base, last = lastAttempt.base
        let levers = activeLevers.base, norm = self.norm.base, standing = goodStanding.base
        let mediated = self.mediated.base
        let buildingDeterrence = self.buildingDeterrence.base
        let filings = self.filings.base, cost = buildingCost.base, buildingCash = self.buildingCash.base
        let diff = collectedDiff.base, stride = diffStride
        let collectability = self.collectability.base
        let segments = segmentMonth.base
        let rungCount = model.ladders.rungs.count
        let bounds = model.buildingStart
        let row = monthRow.base
        let rungs = self.rungs.base
        let preDueUplift = model.ladders.preDueUplift, preDueCost = model.ladders.preDueCost
        let preDueColumn = model.ladders.preDueColumn
        let block = Simulation.blockSize
        let uDelivery = draws.base, uWill = uDelivery + block, uAble = uWill + block, uAct = uAble + block
        let uRepay = uAct + block, uLegal = uRepay + block
        buildingCost.reset(to: 0)
        reachedByRung.reset(to: 0)
        let reachedRung = reachedByRung.base
        self.goodStanding.reset(to: 0)
        self.filings.reset(to: 0)

        var m = MonthTotals()
        // The totals every household adds to, kept in locals so that they can live in registers.
        var billed = 0.0, voluntary = 0.0, trustSum = 0.0, perceivedSum = 0.0
        var noPaymentYet = 0, hardship = 0, grievance = 0, longTermCleared = 0, withholdingCount = 0, memberCount = 0
        var blockStart = 0, blockEnd = 0
        for b in 0..<model.buildings {
            let set = LeverSet(rawValue: levers[b])
            let smart = set.has(.dunning)
            let l = smart ? 1 : 0
            let hasPreDue = preDueColumn[l] >= 0
            let dueUplift = preDueUplift[l], dueCost = preDueCost[l], dueColumn = Int(preDueColumn[l])
            let peerWeight = set.has(.cogovernance) ? peer : 1
            // The terms of z shared by every household in the building this month.
            let zBuilding = betaNorm * peerWeight * (norm[b] - 0.5) - 0.5 * (betaTrust + betaValue)
            let credibility = buildingDeterrence[b]
            let diffHere = buildingDiff.base + b * stride
            var dunningCost = 0.0, assistanceCost = 0.0, legalCost = 0.0
            var buildingStanding: Int32 = 0, buildingFilings: Int32 = 0
            var cashHere = 0.0
            let reachedBefore = Int(m.reached), settlementsBefore = Int(m.settlements)
            for i in bounds[b]..<bounds[b + 1] {
                if i == blockEnd {
                    let count = min(block, n - i)
                    fillDraws(.contactDelivery, uDelivery, count)
                    fillDraws(.willingness, uWill, count)
                    fillDraws(.ability, uAble, count)
                    fillDraws(.attention, uAct, count)
                    fillDraws(.repayment, uRepay, count)
                    fillDraws(.legal, uLegal, count)
                    blockStart = i
                    blockEnd = i + count
                }
                let k = i &- blockStart   // in 0..<blockSize: no overflow check needed
                var f = flags[i]
                var mk = marks[i]
                let sm = segments + Int(segment[i])
                let c = sm.pointee.cycle
                let bill = fee[i]
                var p = paidThrough[i], d = heldEnd[i], cr = resume[i]
                var ds = dispute[i]
                let withholding = ds & DisputeFlag.withholding != 0
                let before = sm.pointee.before   // fee-months overdue are ≤ before
                let through = sm.pointee.through   // … and owed, once this month's bill is out
                let issued = through - before   // fee-months billed this month
                let oldEnd = sm.pointee.oldEnd
                var tau = trust[i]
                let enrolled = f & HouseholdFlag.enrolled != 0
                // 7. Contact: this month's rung (if it won a capacity place), or the pre-due reminder.
                var extraAttention = 0.0
                let r = Int(chosen[i])
                if r >= 0 {
                    let rung = rungs[r]
                    if rung.slot < 0 || mk & HouseholdMark.selected != 0 {
                        dunningCost += rung.cost
                        row[Int(rung.column)] += 1
                        attempts[i &* rungCount &+ r] &+= 1
                        last[i &* rungCount &+ r] = Int16(t)
                        mk |= HouseholdMark.attempted | HouseholdMark.inEpisode | HouseholdMark.chasedThisYear
                        if uDelivery[k] < rung.delivery {
                            m.reached &+= 1
                            reachedRung[r] &+= 1
                            if rung.written {   // a written demand interrupts the limitation period
                                demandCutoff[i] = Simulation.claimCutoff(
                                    t, limitation: limitation, cycle: c,
                                    demand: demandMonth[i], cutoff: demandCutoff[i])
                                demandMonth[i] = t
                            }
                            boost[i] = max(boost[i], Float(rung.uplift))
                            deterrence[i] = max(deterrence[i], Float(rung.deterrence))
                            tau *= rung.keepTrust
                        }
                    }
                } else if hasPreDue && issued > 0 && d == p && before < cr && through >= cr {
                    extraAttention = dueUplift
                    row[dueColumn] += 1
                    dunningCost += dueCost
                }
                // What the household considers owing: all it owes, or, withholding a disputed past, its fees from
                // the block's end on.
                let outstanding = withholding ? max(0, through - cr + 1) : Simulation.units(p, d, cr, through: through)
                // 8–10. Willing (a fresh draw on persistent reasons), able, and acting this month — decided only for
                //       a household that owes something (the draws are taken either way), and each only if the
                //       one before holds: what is not decided is not needed.
                var willing = false, able = false, acts = false
                if outstanding > 0 {
                    var z = logitP[i] + betaTrust * tau + betaValue * perceived[i] + zBuilding
                    if f & HouseholdFlag.grievance != 0 || ds & DisputeFlag.member != 0 { z -= betaGrievance }
                    if f & HouseholdFlag.strategic != 0 {
                        z -= betaStrategic * (1 - max(credibility, Double(deterrence[i])))
                    }
                    if f & HouseholdFlag.everSued != 0 { z += suedShift }
                    willing = Logistic.pays(z: z, ability: 1, uniform: uWill[k])
                    if willing {
                        able = f & HouseholdFlag.hardship == 0 || uAble[k] < (enrolled ? abilityEnrolled : cH)
                        if able {
                            let nudge = Double(boost[i]) + extraAttention + (enrolled ? planUplift : 0)
                            // With no nudge the chance is the segment's own, precomputed exactly once.
                            acts =
                                nudge == 0
                                ? uAct[k] < sm.pointee.attentionThreshold
                                : Logistic.pays(z: sm.pointee.attentionLogit + nudge, ability: 1, uniform: uAct[k])
                        }
                    }
                }
                // 11. Payment: all that is owed (less likely the older the debt; always after a dispute settled),
                //     or the current bill and `catch_up_bills` bills of arrears (on a plan at least two fee-months).
                //     Oldest first (art. 560), unless withholding: then from the block's end on (designated).
                var units: Int32 = 0
                var owing = outstanding
                if acts && ds & DisputeFlag.waiverOffer != 0 {
                    // A collective agreement's waiver: the oldest ⌊waiver_share × overdue⌋ fee-months are forgiven
                    // (revenue given up), then the household settles the rest.
                    let overdueNow = Simulation.units(p, d, cr, through: before)
                    let forgiven = Int32((waiverShare * Double(overdueNow)).rounded(.down))
                    if forgiven > 0 {
                        let preStartBefore = Simulation.units(p, d, cr, through: 0)
                        forgiveOldestFirst(forgiven, p: &p, d: &d, c: &cr)
                        m.waived += Double(forgiven) * bill
                        m.waivedPreStart += Double(preStartBefore - Simulation.units(p, d, cr, through: 0)) * bill
                        owing -= forgiven
                    }
                    ds &= ~DisputeFlag.waiverOffer
                }
                if acts && owing > 0 {
                    let oldest = withholding ? cr : p
                    let age = t - Simulation.issueMonth(oldest, cycle: c)
                    let all = ds & DisputeFlag.settling != 0 ? 1 : (age <= 0 ? phi : phi * collectability[Int(min(age, 240))])
                    let part = enrolled ? max((1 + catchUp) * c, 2) : (1 + catchUp) * c
                    units = uRepay[k] < all ? owing : min(owing, part)
                }
                var voluntaryUnits: Int32 = 0
                if units > 0 {
                    let earlierYears = m.oldCollected
                    let onTime =
                        withholding
                        ? payDesignated(
                            units, p: &p, d: &d, c: &cr, &m, bill: bill, before: before, oldEnd: oldEnd,
                            horizonEnd: horizonEnd, diff: diff, buildingDiff: diffHere)
                        : payOldestFirst(
                            units, p: &p, d: &d, c: &cr, &m, bill: bill, before: before, oldEnd: oldEnd,
                            horizonEnd: horizonEnd, diff: diff, buildingDiff: diffHere)
                    ds &= ~DisputeFlag.settling
                    if mk & HouseholdMark.attempted == 0 { voluntaryUnits = onTime }
                    // The year's own fee-months in this payment (what did not go to earlier years' arrears).
                    if mk & HouseholdMark.chasedThisYear == 0 {
                        m.unchased += Double(units) * bill - (m.oldCollected - earlierYears)
                    }
                    mk |= HouseholdMark.paidThisMonth | HouseholdMark.paidThisYear
                    cashHere += Double(units) * bill
                }
                if voluntaryUnits > 0 { voluntary += Double(voluntaryUnits) * bill }
                if enrolled {
                    assistanceCost += subsidy * bill + caseCost
                    m.enrolled &+= 1
                }
                // 12. Lawsuits: settlement before judgment, judgment, enforcement; or a new filing.
                let cm = caseMonths[i]
                if cm > 0 {
                    let now = cm &+ 1
                    caseMonths[i] = now
                    var collect: Int32 = 0
                    if now <= lag {
                        if uLegal[k] < settle {
                            collect = caseUnits[i]
                            caseMonths[i] = 0
                            m.settlements &+= 1
                        }
                    } else if now == lag &+ 1 {
                        // Judgment: won and not paid, so enforcement is applied for (its fee by art. 14; it will
                        // recover `recovery_share` of the claim); won and paid now with the court fee; or lost.
                        if uLegal[k] < enforcedWin {
                            m.wins &+= 1
                            let fee = Legal.enforcementFee(claim: Double(caseUnits[i]) * bill)
                            legalCost += fee
                            m.legalFees += fee
                            caseFees[i] += fee
                            caseUnits[i] = Int32((recovery * Double(caseUnits[i])).rounded(.down))
                            if enforcement == 0 {
                                collect = caseUnits[i]
                                caseMonths[i] = 0
                                legalCost -= recovery * caseFees[i]
                            }
                        } else if uLegal[k] < win {
                            m.wins &+= 1
                            collect = caseUnits[i]
                            caseMonths[i] = 0
                            legalCost -= caseFees[i]   // the losing household repays the court fee
                        } else {
                            caseMonths[i] = 0
                        }
                    } else if now >= lag &+ 1 &+ enforcement {
                        collect = caseUnits[i]
                        caseMonths[i] = 0
                        legalCost -= recovery * caseFees[i]   // the fees, in the share enforcement recovers
                    }
                    if caseMonths[i] == 0 { caseFees[i] = 0 }
                    // A court collects the claim, but never more than is overdue now (payments since the filing
                    // count; this month's bill is not the court's).
                    let owed = Simulation.units(p, d, cr, through: before)
                    let forced = min(collect, max(0, owed))
                    if forced > 0 {
                        _ = payOldestFirst(
                            forced, p: &p, d: &d, c: &cr, &m, bill: bill, before: before, oldEnd: oldEnd,
                            horizonEnd: horizonEnd, diff: diff, buildingDiff: diffHere)
                        m.legalRecovered += Double(forced) * bill
                        cashHere += Double(forced) * bill
                        mk |= HouseholdMark.paidThisMonth | HouseholdMark.paidThisYear
                    }
                    if caseMonths[i] > 0 { m.pending &+= 1 }
                } else if mk & HouseholdMark.legalSelected != 0 {
                    // A filing claims the overdue fees not yet time-barred (what this month's payment left); it is
                    // a written demand, and costs the court fee by the claim (art. 13) and the lawyer.
                    let cutoff = Simulation.claimCutoff(
                        t, limitation: limitation, cycle: c, demand: demandMonth[i],
                        cutoff: demandCutoff[i])
                    let claim = Simulation.units(p, d, cr, through: before, from: cutoff)
                    if claim > 0 {
                        demandCutoff[i] = cutoff
                        demandMonth[i] = t
                        caseMonths[i] = 1
                        caseUnits[i] = claim
                        let courtFee = Legal.courtFee(claim: Double(claim) * bill, simplified: simplified)
                        caseFees[i] = courtFee
                        legalCost += courtFee + lawyerCost
                        m.legalFees += courtFee
                        m.legalClaimed += Double(claim) * bill
                        m.legalTimeBarred += Double(Simulation.units(p, d, cr, through: before) - claim) * bill
                        tau *= keepTrustSued
                        deterrence[i] = 1
                        f |= HouseholdFlag.sued | HouseholdFlag.everSued
                        mk |= HouseholdMark.filedNow
                        buildingFilings &+= 1
                        m.pending &+= 1
                    }
                }
                if d == p { ds &= ~DisputeFlag.withholding }   // a court paid the block off: nothing left to withhold
                if f & HouseholdFlag.longTerm != 0 && p > oldEnd { f |= HouseholdFlag.longTermCleared }
                // Month-end state: what is overdue now, how old, and why.
                let overdueEnd = Simulation.units(p, d, cr, through: through)
                if overdueEnd > 0 {
                    let amount = Double(overdueEnd) * bill
                    m.stock += amount
                    m.arrearsHouseholds &+= 1
                    if p <= 0 { m.preStart += Double(Simulation.units(p, d, cr, through: 0)) * bill }
                    let age = t + 1 - Simulation.issueMonth(p, cycle: c)
                    m.addAge(age, amount)
                    let reason: Int
                    if enrolled && f & HouseholdFlag.enrolled != 0 {
                        reason = Reason.hardship
                    } else if ds & DisputeFlag.withholding != 0 && d > p {
                        reason = Reason.grievance   // a disputed past withheld
                    } else if units > 0 {
                        reason = Reason.inattention
                    } else if !willing {
                        // An absent owner who will not pay for a flat it does not live in (没住不交) is vacancy,
                        // unless it is in a dispute.
                        reason =
                            f & HouseholdFlag.grievance != 0 || ds & DisputeFlag.member != 0
                            ? Reason.grievance
                            : (sm.pointee.absentee
                                ? Reason.vacancy
                                : (f & HouseholdFlag.strategic != 0 ? Reason.strategic : Reason.lowWillingness))
                    } else if !able {
                        reason = Reason.hardship
                    } else {
                        reason = sm.pointee.absentee ? Reason.vacancy : Reason.inattention
                    }
                    m.addReason(reason, amount)
                } else {
                    buildingStanding &+= 1
                    if f & HouseholdFlag.enrolled != 0 {
                        f &= ~HouseholdFlag.enrolled
                        m.completions &+= 1
                    }
                }
                // The counts, without a branch each: a flag's bit shifted down is 0 or 1.
                if mk & HouseholdMark.paidThisYear == 0 && bill > 0 { noPaymentYet &+= 1 }
                hardship &+= Int(f & HouseholdFlag.hardship)
                grievance &+= Int((f & HouseholdFlag.grievance) >> 1)
                withholdingCount &+= Int(ds & DisputeFlag.withholding)
                memberCount &+= Int((ds & DisputeFlag.member) >> 2)
                longTermCleared &+= Int(f >> 7)
                if issued > 0 { billed += Double(issued) * bill }
                flags[i] = f
                marks[i] = mk
                paidThrough[i] = p
                heldEnd[i] = d
                resume[i] = cr
                dispute[i] = ds
                trust[i] = tau
                trustSum += tau
                perceivedSum += perceived[i]
            }
            standing[b] = buildingStanding
            filings[b] = buildingFilings
            if buildingEvents != nil {
                recordStepsSevenToTwelve(
                    building: b, reached: Int(m.reached) - reachedBefore, lawsuits: buildingFilings,
                    settlements: Int(m.settlements) - settlementsBefore,
                    episodeMediated: events[b] == EpisodeEvent.mediated, row: row)
            }
            m.filings += Int(buildingFilings)
            buildingCash[b] += cashHere
            if smart { cost[b * leverCount + Lever.dunning.rawValue] = dunningCost } else { m.statusQuoCost += dunningCost }
            cost[b * leverCount + Lever.assistance.rawValue] = assistanceCost
            cost[b * leverCount + Lever.legal.rawValue] = legalCost
            if set.has(.transparency) {
                var c = s.levers.transparency.monthlyCost
                if (month - Int(transparencyStart[b])) % s.levers.transparency.period == 0 {
                    c += s.levers.transparency.costPerPublication
                }
                cost[b * leverCount + Lever.transparency.rawValue] = c
            }
            if set.has(.cogovernance) {
                cost[b * leverCount + Lever.cogovernance.rawValue] =
                    s.levers.cogovernance.monthlyCost
                    + Double(mediated[b]) * s.levers.cogovernance.costPerMediation
                    + (events[b] == EpisodeEvent.mediated ? s.levers.cogovernance.costPerEpisode : 0)
            }
            if events[b] == EpisodeEvent.agreement {
                cost[b * leverCount + Lever.settlement.rawValue] = s.levers.settlement.costPerAgreement
                m.agreements &+= 1
            }
            if episode[b] == 1 { m.episodes &+= 1 }
        }
        m.billed = billed
        m.voluntary = voluntary
        m.trustSum = trustSum
        m.perceivedSum = perceivedSum
        m.noPaymentYet = noPaymentYet
        m.hardship = hardship
        m.grievance = grievance
        m.longTermCleared = longTermCleared
        m.withholding = withholdingCount
        m.members = memberCount
        tally.totals = m
    }

    /// Pays `units` fee-months from `p` on, oldest first, and books them: arrears (overdue before this month),
    /// arrears from before month 1, arrears from before the year (for 清欠率), this month's bill (on time), and
    /// collections by fee-month. - Returns: the fee-months of this month's bill paid (on time). O(1).
    @inline(__always)
    private func pay(
        _ units: Int32, from p: inout Int32, _ m: inout MonthTotals, bill: Double, before: Int32,
        oldEnd: Int32, horizonEnd: Int32, diff: UnsafeMutablePointer<Double>,
        buildingDiff: UnsafeMutablePointer<Double>
    ) -> Int32 {
        let end = p + units
        let overdue = max(0, min(end, before + 1) - p)
        m.recovered += Double(overdue) * bill
        m.recoveredPreStart += Double(max(0, min(end, 1) - p)) * bill
        m.oldCollected += Double(max(0, min(end, oldEnd + 1) - p)) * bill
        let onTime = units - overdue
        m.paid += Double(onTime) * bill
        let first = max(p, 1), lastMonth = min(end - 1, horizonEnd)
        if lastMonth >= first {
            diff[Int(first)] += bill
            diff[Int(lastMonth) + 1] -= bill
            buildingDiff[Int(first)] += bill
            buildingDiff[Int(lastMonth) + 1] -= bill
        }
        p = end
        return onTime
    }

    /// Pays `units` fee-months oldest first (Civil Code art. 560 without designation) from a household's unpaid
    /// months [p, d) ∪ [c, ∞): the withheld block first, then from c on; afterwards a paid-off block is gone
    /// (p = d = c). - Returns: the fee-months of this month's bill paid (on time). O(1).
    @inline(__always)
    private func payOldestFirst(
        _ units: Int32, p: inout Int32, d: inout Int32, c: inout Int32, _ m: inout MonthTotals,
        bill: Double, before: Int32, oldEnd: Int32, horizonEnd: Int32,
        diff: UnsafeMutablePointer<Double>, buildingDiff: UnsafeMutablePointer<Double>
    ) -> Int32 {
        let inBlock = min(units, d - p)
        var onTime: Int32 = 0
        if inBlock > 0 {
            onTime += pay(
                inBlock, from: &p, &m, bill: bill, before: before, oldEnd: oldEnd, horizonEnd: horizonEnd,
                diff: diff, buildingDiff: buildingDiff)
            if p < d { return onTime }   // the block is not paid off yet
            p = c
        }
        if units > inBlock {
            onTime += pay(
                units - inBlock, from: &p, &m, bill: bill, before: before, oldEnd: oldEnd,
                horizonEnd: horizonEnd, diff: diff, buildingDiff: buildingDiff)
        }
        d = p
        c = p
        return onTime
    }

    /// Forgives `units` fee-months oldest first, as ``payOldestFirst`` would pay them but with no cash and no
    /// collection booked (a collective agreement's waiver). O(1).
    @inline(__always)
    private func forgiveOldestFirst(_ units: Int32, p: inout Int32, d: inout Int32, c: inout Int32) {
        let inBlock = min(units, d - p)
        if inBlock > 0 {
            p += inBlock
            if p < d { return }
            p = c
        }
        p += units - inBlock
        d = p
        c = p
    }

    /// Pays `units` fee-months designated to the fees after the withheld block (from c on), leaving [p, d)
    /// unpaid (Civil Code art. 560: the payer designates). - Returns: the fee-months of this month's bill paid. O(1).
    @inline(__always)
    private func payDesignated(
        _ units: Int32, p: inout Int32, d: inout Int32, c: inout Int32, _ m: inout MonthTotals,
        bill: Double, before: Int32, oldEnd: Int32, horizonEnd: Int32,
        diff: UnsafeMutablePointer<Double>, buildingDiff: UnsafeMutablePointer<Double>
    ) -> Int32 {
        let onTime = pay(
            units, from: &c, &m, bill: bill, before: before, oldEnd: oldEnd, horizonEnd: horizonEnd,
            diff: diff, buildingDiff: buildingDiff)
        if d == p {   // no block: the household simply paid from its first unpaid month
            p = c
            d = c
        }
        return onTime
    }

    /// Every other household in a building where lawsuits were filed this month loses trust:
    /// τ ← τ(1 − neighbour_trust_penalty) per lawsuit against a neighbour. Applied after the household loop so
    /// that the result does not depend on household order. O(households in those buildings).
    private func applyNeighbourTrustCost(_ tally: inout MonthTally) {
        guard tally.totals.filings > 0 else { return }
        let keep = 1 - model.scenario.levers.legal.neighbourTrustPenalty
        let marks = self.marks.base, trust = self.trust.base
        for b in 0..<model.buildings where filings[b] > 0 {
            let neighbour = pow(keep, Double(filings[b])), sued = pow(keep, Double(filings[b] - 1))
            for i in model.buildingStart[b]..<model.buildingStart[b + 1] {
                let before = trust[i]
                let after = before * (marks[i] & HouseholdMark.filedNow != 0 ? sued : neighbour)
                trust[i] = after
                tally.totals.trustSum += after - before
            }
        }
    }

    /// Accounting, costs by lever and phase, the period measures, service quality, norms and deterrence;
    /// writes month t's record. O(B · levers + T).
    private func closeMonth(_ t: Int, _ tally: inout MonthTally) {
        let s = model.scenario
        let m = tally.totals
        let n = Double(model.households)
        let leverCount = Lever.allCases.count
        let due = monthlyDue
        let leverCost = monthLeverCost, phaseCost = monthPhaseCost
        leverCost.reset(to: 0)
        phaseCost.reset(to: 0)
        for b in 0..<model.buildings {
            for l in 0..<leverCount {
                let c = buildingCost[b * leverCount + l]
                guard c != 0 else { continue }
                leverCost[l] += c
                phaseCost[Int(owner[b * leverCount + l])] += c
            }
        }
        // Each lever's set-up cost, once, in the first month it is active anywhere: to the lever, and to the phase
        // that owns it in the first building where it is active.
        if !warmingUp {
            for lever in Lever.allCases where monthLevers.has(lever) && !setUpLevers.has(lever) {
                setUpLevers.formUnion(LeverSet(lever))
                let c = s.levers.setupCost(of: lever)
                leverCost[lever.rawValue] += c
                if let b = (0..<model.buildings).first(where: { levers(inBuilding: $0).has(lever) }) {
                    phaseCost[Int(owner[b * leverCount + lever.rawValue])] += c
                }
            }
        }
        var fixed = 0.0
        for (p, phase) in s.rollout.enumerated() where !warmingUp && phase.covers(month: t) {
            let c = phase.monthlyCost + (t == phase.startMonth ? phase.fixedCost : 0)
            fixed += c
            phaseCost[p] += c
        }
        let statusQuoCost = m.statusQuoCost + s.community.collectionStaffCost * n
        let totalCost = statusQuoCost + (0..<leverCount).reduce(0) { $0 + leverCost[$1] } + fixed
        let cashIn = m.paid + m.recovered

        year.billed += m.billed
        year.onTime += m.paid
        year.voluntary += m.voluntary
        year.unchased += m.unchased
        year.oldCollected += m.oldCollected
        // Collections by fee-month so far: a running sum of the difference array.
        let yearStart = Int(year.start)
        // The rolling year: the bills of the last 12 fee-months (since month 1 before month 12), so that a new
        // year does not start the rate again.
        let rollingStart = max(1, t - 11)
        var collected = 0.0, yearCollected = 0.0, windowCollected = 0.0, rollingCollected = 0.0
        let window = s.target.fromMonth...s.target.byMonth
        for u in 1...t {
            collected += collectedDiff[u]
            if u >= yearStart { yearCollected += collected }
            if u >= rollingStart { rollingCollected += collected }
            if t == s.target.byMonth && window.contains(u) { windowCollected += collected }
        }
        if t == s.target.byMonth { windowRate = windowCollected / (Double(window.count) * due) }

        let row = monthRow.base
        func set(_ metric: Metric, _ v: Double) { row[metric.rawValue] = v }
        func share(_ x: Double, _ of: Double) -> Double { of > 0 ? x / of : .nan }
        set(.collectionRate, yearCollected / (Double(t - yearStart + 1) * due))
        set(.collectionRate12Months, rollingCollected / (Double(t - rollingStart + 1) * due))
        set(.onTimeRate, share(m.paid, m.billed))
        set(.voluntaryRate, share(m.voluntary, m.billed))
        set(.onTimeRateYTD, share(year.onTime, year.billed))
        set(.voluntaryRateYTD, share(year.voluntary, year.billed))
        set(.voluntaryPeriodRateYTD, share(year.unchased, year.billed))
        set(.arrearsCollectionRateYTD, share(year.oldCollected, year.oldArrears))
        set(.longTermHouseholds, Double(year.longTerm))
        set(.longTermSuccessYTD, year.longTerm > 0 ? Double(m.longTermCleared) / Double(year.longTerm) : .nan)
        set(.noPaymentShareYTD, Double(m.noPaymentYet) / n)
        set(.targetWindowRate, t >= s.target.byMonth ? windowRate : .nan)
        set(.targetReached, t >= s.target.byMonth ? (windowRate >= s.target.collectionRate ? 1 : 0) : .nan)
        set(.due, due)
        set(.billed, m.billed)
        set(.paid, m.paid)
        set(.recovered, m.recovered)
        set(.recoveredPreStart, m.recoveredPreStart)
        set(.cashIn, cashIn)
        set(.arrearsStock, m.stock)
        set(.arrearsPreStart, m.preStart)
        set(.arrearsHouseholdShare, Double(m.arrearsHouseholds) / n)
        set(.arrearsAge1to2, share(m.age1to2, m.stock))
        set(.arrearsAge3to5, share(m.age3to5, m.stock))
        set(.arrearsAge6to11, share(m.age6to11, m.stock))
        set(.arrearsAge12plus, share(m.age12plus, m.stock))
        set(.reasonInattention, share(m.inattention, m.stock))
        set(.reasonLowWillingness, share(m.lowWillingness, m.stock))
        set(.reasonGrievance, share(m.grievanceAmount, m.stock))
        set(.reasonHardship, share(m.hardshipAmount, m.stock))
        set(.reasonStrategic, share(m.strategic, m.stock))
        set(.reasonVacancy, share(m.vacancy, m.stock))
        set(.serviceQuality, quality)
        set(.perceivedQuality, m.perceivedSum / n)
        set(.meanTrust, m.trustSum / n)
        set(.hardshipShare, Double(m.hardship) / n)
        set(.grievanceShare, Double(m.grievance) / n)
        set(.enrolled, Double(m.enrolled - m.completions))
        set(.newEnrolments, Double(tally.newEnrolments))
        set(.planCompletions, Double(m.completions))
        set(.planDefaults, Double(tally.planDefaults))
        set(.contactsReached, Double(m.reached))
        set(.legalFilings, Double(m.filings))
        set(.legalSettlements, Double(m.settlements))
        set(.legalWins, Double(m.wins))
        set(.legalPending, Double(m.pending))
        set(.legalRecovered, m.legalRecovered)
        set(.legalClaimed, m.legalClaimed)
        set(.legalTimeBarred, m.legalTimeBarred)
        set(.legalFees, m.legalFees)
        set(.withholdingShare, Double(m.withholding) / n)
        set(.episodeShare, Double(m.members) / n)
        set(.episodesActive, Double(m.episodes))
        set(.waived, m.waived)
        set(.waivedPreStart, m.waivedPreStart)
        set(.costTotal, totalCost)
        set(.costStatusQuoDunning, statusQuoCost)
        for lever in Lever.allCases { set(lever.costMetric, leverCost[lever.rawValue]) }
        set(.costPhases, fixed)
        set(.netCash, cashIn - totalCost)
        let contactColumns = model.layout.contactsOffset..<model.layout.phaseCostOffset
        let preDue = model.ladders.preDueColumn   // a pre-due reminder is not dunning
        set(.contacts, contactColumns.reduce(0) { $0 + (preDue.contains(Int32($1)) ? 0 : row[$1]) })
        for p in 0..<s.rollout.count { row[model.layout.phaseCostOffset + p] = phaseCost[p] }
        if !warmingUp {
            let start = (t - 1) * model.layout.count
            record.values.withUnsafeMutableBufferPointer { values in
                for c in 0..<model.layout.count { values[start + c] = row[c] }
            }
            if record.buildings > 0 { recordBuildingRates(t, yearStart: yearStart) }
        }
        lastArrearsStock = m.stock

        // Service is funded by the cash of the last 12 months (fewer at the start); norms and deterrence.
        cashRing[(monthsStepped - 1) % 12] = cashIn
        dueRing[(monthsStepped - 1) % 12] = due
        var cash12 = 0.0, due12 = 0.0
        for k in 0..<min(monthsStepped, 12) {
            cash12 += cashRing[k]
            due12 += dueRing[k]
        }
        let funded = min(1, cash12 / (s.behaviour.serviceRequirement * due12))
        quality = min(1, max(0, quality + s.behaviour.qualityAdjustment * (funded - quality)))
        let fade = pow(0.5, 1 / s.behaviour.deterrenceHalfLife)
        let perFiling = s.levers.legal.neighbourDeterrence
        for b in 0..<model.buildings {
            norm[b] = Double(goodStanding[b]) / Double(model.buildingStart[b + 1] - model.buildingStart[b])
            buildingDeterrence[b] = min(1, buildingDeterrence[b] * fade + Double(filings[b]) * perFiling)
        }
    }

    /// Writes each building's 收缴率 of month t into the record: the fees of its months yearStart … t collected by
    /// the end of month t, over (t − yearStart + 1) months of its fees — `collection_rate` over one building's
    /// households (docs/MODEL.md §4). O(B · t), no allocation.
    private func recordBuildingRates(_ t: Int, yearStart: Int) {
        let nb = model.buildings, due = buildingDue.base
        record.buildingRates.withUnsafeMutableBufferPointer { rates in
            for b in 0..<nb { rates[(t - 1) * nb + b] = collectionRate(ofBuilding: b, from: yearStart) }
        }
        if t == 1 { record.buildingDue.withUnsafeMutableBufferPointer { for b in 0..<nb { $0[b] = due[b] } } }
    }

    @inline(__always)
    private func fillDraws(_ stream: RandomStreamID, _ into: UnsafeMutablePointer<Double>, _ count: Int) {
        streams[stream.rawValue].fill(UnsafeMutableBufferPointer(start: into, count: count))
    }
}

/// Why a household's arrears are unpaid this month (docs/MODEL.md §3, step 13): indices into
/// `MonthTotals`' amounts by reason (its fields `inattention` … `vacancy`).
enum Reason {
    static let inattention = 0, lowWillingness = 1, grievance = 2, hardship = 3, strategic = 4, vacancy = 5
}

/// What the household loops add up in a month (contact counts go straight to `monthRow`).
struct MonthTotals {
    var paid = 0.0, recovered = 0.0, recoveredPreStart = 0.0, oldCollected = 0.0, voluntary = 0.0, billed = 0.0
    var stock = 0.0, preStart = 0.0, trustSum = 0.0, perceivedSum = 0.0, statusQuoCost = 0.0, legalRecovered = 0.0
    var legalClaimed = 0.0, legalTimeBarred = 0.0, legalFees = 0.0, waived = 0.0, waivedPreStart = 0.0, unchased = 0.0
    var members = 0, episodes = 0, agreements = 0
    /// Arrears by age of the oldest unpaid bill: 1–2, 3–5, 6–11, 12+ months.
    var age1to2 = 0.0, age3to5 = 0.0, age6to11 = 0.0, age12plus = 0.0
    /// Arrears by ``Reason``.
    var inattention = 0.0, lowWillingness = 0.0, grievanceAmount = 0.0, hardshipAmount = 0.0, strategic = 0.0
    var vacancy = 0.0
    var arrearsHouseholds = 0, hardship = 0, grievance = 0, enrolled = 0, completions = 0, noPaymentYet = 0
    var longTermCleared = 0, reached = 0, filings = 0, settlements = 0, wins = 0, pending = 0, withholding = 0
}

extension MonthTotals {
    @inline(__always)
    mutating func addAge(_ age: Int32, _ amount: Double) {
        if age <= 2 {
            age1to2 += amount
        } else if age <= 5 {
            age3to5 += amount
        } else if age <= 11 {
            age6to11 += amount
        } else {
            age12plus += amount
        }
    }

    @inline(__always)
    mutating func addReason(_ reason: Int, _ amount: Double) {
        switch reason {
        case Reason.inattention: inattention += amount
        case Reason.lowWillingness: lowWillingness += amount
        case Reason.grievance: grievanceAmount += amount
        case Reason.hardship: hardshipAmount += amount
        case Reason.strategic: strategic += amount
        default: vacancy += amount
        }
    }
}

struct MonthTally {
    var totals = MonthTotals()
    var newLongTerm = 0, newEnrolments = 0, planDefaults = 0
}
