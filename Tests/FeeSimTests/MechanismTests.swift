import FeeSimExperiments
import FeeSimModel
import Foundation
import Testing

/// Each mechanism of the household model (docs/MODEL.md §3) on a tiny community, moving the right way by a
/// justified amount.
@Suite struct MechanismTests {
    @Test func hardshipShareTendsToEntryOverEntryPlusExit() throws {
        var s = Fixture.quiet(households: 4000, buildings: 4, months: 160)
        s.behaviour.hardshipEntry = 0.01
        s.behaviour.hardshipExit = 0.15
        let record = try Fixture.simulation(s).run()
        // Stationary share of a two-state chain: η_in / (η_in + η_out) = 0.0625. Months 41–160 are past the
        // transient (0.84^40 ≈ 1e-3); their mean has a standard error near 0.002 (correlated months).
        let late = record.series(.hardshipShare)[40...]
        let mean = late.reduce(0, +) / Double(late.count)
        #expect(abs(mean - 0.0625) < 0.006)
        #expect(record[month: 1, .hardshipShare] < 0.02)   // starts at 0, first month ≈ η_in
    }

    @Test func quarterlyBillsAreIssuedEveryThirdMonthAndAYearAheadIsDiscounted() throws {
        var s = Fixture.quiet(households: 100, buildings: 2, months: 12, propensity: Fixture.alwaysPays)
        s.community.billingMonths = 3
        let quarterly = try Fixture.simulation(s).run()
        for t in 1...12 {
            let issued = (t - 1) % 3 == 0
            #expect(abs(quarterly[month: t, .billed] - (issued ? 3 * quarterly[month: t, .due] : 0)) < 1e-6)
            // Everyone pays at once: the year-to-date 收缴率 and the on-time rate are 1.
            #expect(abs(quarterly[month: t, .collectionRate] - 1) < 1e-12)
            if issued {
                #expect(abs(quarterly[month: t, .onTimeRate] - 1) < 1e-12)
            } else {
                #expect(quarterly[month: t, .onTimeRate].isNaN)
            }
        }
        s.community.billingMonths = 12
        s.community.annualDiscount = 0.05
        let yearly = try Fixture.simulation(s).run()
        #expect(abs(yearly[month: 1, .due] - 0.95 * quarterly[month: 1, .due]) < 1e-6)
        #expect(abs(yearly[month: 1, .billed] - 12 * yearly[month: 1, .due]) < 1e-6)
        #expect(yearly[month: 2, .billed] == 0)
    }

    @Test func paymentsSettleTheOldestMonthsFirstAndCountAsArrearsCollected() throws {
        // Everyone starts exactly 3 months behind and always pays all it owes: month 1 collects 3 months of
        // arrears (清欠, all from before month 1) and the current bill on time.
        var s = Fixture.quiet(households: 50, buildings: 1, months: 2, propensity: Fixture.alwaysPays)
        s.community.segments[0].arrearsProbability = 1
        s.community.segments[0].arrearsExtraMonths = 0
        s.community.segments[0].areaSigma = 0
        s.behaviour.repayAllProbability = 1
        s.behaviour.collectabilityHalfLife = 240
        let sim = try Fixture.simulation(s)
        #expect(sim.paidThroughMonth(of: 0) == 0)   // month 0, the month before the start, is owed …
        #expect(sim.arrearsMonths(of: 0) == 1)   // … and overdue
        let r = sim.run()
        let due = r[month: 1, .due]
        #expect(abs(r[month: 1, .recovered] - due) < 1e-6)   // 1 + Poisson(0) = 1 month of old arrears
        #expect(abs(r[month: 1, .recoveredPreStart] - due) < 1e-6)
        #expect(abs(r[month: 1, .paid] - due) < 1e-6)
        #expect(r[month: 1, .arrearsStock] == 0 && r[month: 1, .arrearsPreStart] == 0)
        #expect(abs(r[month: 1, .arrearsCollectionRateYTD] - 1) < 1e-12)
    }

    @Test func aPayerBehindPaysItsBillAndCatchesUpRatherThanStayingABillBehind() throws {
        // Everyone starts 1 month behind, always pays, never all at once: with catch_up_bills 1 it pays two
        // fee-months in month 1 and owes nothing after; with 0 (model v2) it pays one and stays a month behind.
        func stock(catchUp: Int) throws -> (Double, Double) {
            var s = Fixture.quiet(households: 50, buildings: 1, months: 3, propensity: Fixture.alwaysPays)
            s.community.segments[0].arrearsProbability = 1
            s.community.segments[0].arrearsExtraMonths = 0
            s.behaviour.repayAllProbability = 0
            s.behaviour.catchUpBills = catchUp
            let r = try Fixture.simulation(s).run()
            return (r[month: 3, .arrearsStock], r[month: 3, .due])
        }
        let caught = try stock(catchUp: 1), behind = try stock(catchUp: 0)
        #expect(caught.0 == 0)
        #expect(abs(behind.0 - behind.1) < 1e-6)   // one month's fees still owed by everyone
    }

    @Test func aResolvedDisputeIsWithheldWhileCurrentFeesArePaidOrSettledInFull() throws {
        // Everyone starts with a grievance that resolves in month 1 and 1 + Poisson(6) months of arrears; once
        // resolved a household is willing and attentive (it would pay even with the grievance open), never pays
        // all by itself (repay_all_prob 0) and pays one bill at a time (catch_up_bills 0).
        func run(withhold: Double, release: Double) throws -> (Simulation, MonthlyRecord, [Int]) {
            var s = Fixture.quiet(households: 300, buildings: 3, months: 4, propensity: Fixture.alwaysPays)
            s.community.segments[0].grievance = 1
            s.community.segments[0].arrearsProbability = 1
            s.community.segments[0].arrearsExtraMonths = 6
            s.behaviour.grievanceExit = 1
            s.behaviour.repayAllProbability = 0
            s.behaviour.catchUpBills = 0
            s.behaviour.withholdShare = withhold
            s.behaviour.withholdRelease = release
            let sim = try Fixture.simulation(s)
            let owed = (0..<300).map { sim.arrearsMonths(of: $0) }
            return (sim, sim.run(), owed)
        }
        // Withholding: the arrears at the resolution stay, untouched, and every current bill is paid on time.
        let (held, r, owed) = try run(withhold: 1, release: 0)
        #expect(r[month: 4, .withholdingShare] == 1)
        #expect(abs(r[month: 4, .onTimeRate] - 1) < 1e-12)
        for i in 0..<300 { #expect(held.withheldMonths(of: i) == owed[i] && held.arrearsMonths(of: i) == owed[i]) }
        #expect(abs(r[month: 4, .reasonGrievance] - 1) < 1e-12)   // a withheld past is disputed arrears
        // Settling instead: the first payment after the resolution clears everything.
        let (_, settled, _) = try run(withhold: 0, release: 0)
        #expect(settled[month: 1, .arrearsStock] == 0 && settled[month: 1, .withholdingShare] == 0)
        // Giving the withholding up (release 1 in month 2): it then settles everything at its next payment.
        let (_, released, _) = try run(withhold: 1, release: 1)
        #expect(released[month: 1, .withholdingShare] == 1)
        #expect(released[month: 2, .withholdingShare] == 0 && released[month: 2, .arrearsStock] == 0)
    }

    @Test func theYearEndDriveChasesAgainThoseTheLadderHadGivenUpOn() throws {
        // Never-payers, one SMS per arrears episode: without a drive the ladder is silent after month 1; with a
        // drive in month 12 every household gets its SMS again then.
        func contacts(drive: Int) throws -> MonthlyRecord {
            var s = Fixture.quiet(households: 100, buildings: 1, months: 14, propensity: Fixture.neverPays)
            s.community.segments[0].arrearsProbability = 1
            s.statusQuoDunning = Ladder(
                rungs: [
                    Rung(
                        name: "sms", minArrearsMonths: 1, deliveryProbability: 1,
                        uplift: 0, costPerAttempt: 0.04, maxAttempts: 1)
                ],
                driveMonth: drive)
            return try Fixture.simulation(s).run()
        }
        let none = try contacts(drive: 0), drive = try contacts(drive: 12)
        #expect(none[month: 1, .contacts] == 100 && drive[month: 1, .contacts] == 100)
        #expect((2...14).allSatisfy { none[month: $0, .contacts] == 0 })
        #expect(drive[month: 12, .contacts] == 100 && drive[month: 11, .contacts] == 0 && drive[month: 13, .contacts] == 0)
    }

    @Test func setUpAndStaffCostsAreBookedOnceAndEveryMonth() throws {
        var s = Fixture.quiet(households: 100, buildings: 4, months: 6)
        s.community.collectionStaffCost = 3
        s.levers.transparency.setupCost = 8_000
        s.levers.transparency.monthlyCost = 0
        s.levers.transparency.costPerPublication = 0
        s.rollout = [
            Phase(name: "pilot", startMonth: 3, endMonth: 4, buildings: .list([2]), levers: [.transparency]),
            Phase(name: "rollout", startMonth: 5, endMonth: nil, buildings: .all, levers: [.transparency])
        ]
        let r = try Fixture.simulation(s).run()
        // The set-up cost once, in the first month the lever is active anywhere, to the lever and its phase.
        #expect((1...6).map { r[month: $0, .costTransparency] } == [0, 0, 8_000, 0, 0, 0])
        let pilot = r.layout.index(of: "cost_phase_pilot")!
        #expect(r.values[2 * r.layout.count + pilot] == 8_000)
        // Today's collection staff: 3 yuan a household every month, in the status quo's cost.
        #expect((1...6).allSatisfy { abs(r[month: $0, .costStatusQuoDunning] - 300) < 1e-9 })
    }

    @Test func lawsuitsRaiseGrievancesInTheirBuildingTheNextMonth() throws {
        // Two buildings of never-payers; suits are filed in building 0 only, every month from month 1.
        var s = Fixture.quiet(households: 2000, buildings: 2, months: 3, propensity: Fixture.neverPays)
        s.community.segments[0].arrearsProbability = 1
        s.levers.legal.minArrearsMonths = 1
        s.levers.legal.minAmount = 0
        s.levers.legal.capacityPerMonth = 50
        s.levers.legal.backlash = 0.002
        s.rollout = [Phase(name: "court", startMonth: 1, endMonth: nil, buildings: .list([0]), levers: [.legal])]
        let sim = try Fixture.simulation(s)
        let r = sim.run()
        // 50 suits in building 0 in month 1 → each of its 1,000 households starts a grievance with probability
        // 0.002 × 50 = 0.1 in month 2; building 1 has none (grievance onset is otherwise 0 here).
        #expect(r[month: 1, .grievanceShare] == 0)
        let inZero = (0..<1000).filter { sim.hasGrievance($0) }.count, inOne = (1000..<2000).filter { sim.hasGrievance($0) }.count
        #expect(inOne == 0)
        // Months 2 and 3 each add ≈ 10% of the remaining: ≈ 190 of 1,000 (s.d. ≈ 12).
        #expect(abs(Double(inZero) - 190) < 50)
    }

    @Test func collectiveDisputesStartAndEndAtTheirRates() throws {
        // 2,000 one-household buildings: the share in an episode tends to onset / (onset + end) = 0.02 / 0.1.
        var s = Fixture.quiet(households: 2000, buildings: 2000, months: 120)
        s.behaviour.episodeOnset = 0.02
        s.behaviour.episodeEnd = 0.08
        let r = try Fixture.simulation(s).run()
        // From 0 it approaches 0.2 as 1 − 0.9^t; months 41–120 are past the transient (0.9^40 ≈ 0.015). Their mean
        // has a standard error near 0.005 (a two-state chain, correlated months).
        let late = r.series(.episodesActive)[40...].map { $0 / 2000 }
        #expect(abs(late.reduce(0, +) / Double(late.count) - 0.2) < 0.02)
    }

    @Test func householdsOfAnEpisodeWithholdTogetherUntilItEnds() throws {
        // Every building starts in an episode that every household joins; willing, attentive households withhold
        // (−β_G = −20) until the episodes end by themselves in month 3.
        var s = Fixture.quiet(households: 200, buildings: 4, months: 4, propensity: Fixture.mostlyPays)
        s.community.disputeBuildings = 1
        s.behaviour.episodeJoin = 1
        s.behaviour.betaGrievance = 20
        s.behaviour.withholdShare = 0
        s.behaviour.episodeEnd = 0
        let r = try Fixture.simulation(s).run()
        #expect(r[month: 1, .episodeShare] == 1 && r[month: 2, .episodesActive] == 4)
        #expect(r[month: 1, .cashIn] < 0.01 * r[month: 1, .due])
        #expect(abs(r[month: 2, .reasonGrievance] - 1) < 1e-12)
        var ended = s
        ended.behaviour.episodeEnd = 1   // every episode ends in month 1
        let e = try Fixture.simulation(ended).run()
        #expect(e[month: 1, .episodeShare] == 0 && e[month: 1, .episodesActive] == 0)
        // Released, they settle everything at once (withhold_share 0): nothing is owed after month 1.
        #expect(e[month: 1, .arrearsStock] < 0.02 * e[month: 1, .due])
    }

    @Test func aCollectiveAgreementWaivesPartOfTheArrearsOfThoseWhoThenPay() throws {
        // Every building in an episode from the start (all join); the settlement lever reaches an agreement in
        // month 2 everywhere (agreement_prob 1), waiving half of each member's overdue fees.
        var s = Fixture.quiet(households: 400, buildings: 4, months: 3, propensity: Fixture.mostlyPays)
        s.behaviour.betaTrust = 0
        s.behaviour.betaValue = 0
        s.behaviour.betaNorm = 0   // willing with p ≈ 0.995 out of the episode, ≈ 0 in it (−β_G = −20)
        s.community.disputeBuildings = 1
        s.community.segments[0].arrearsProbability = 1
        s.community.segments[0].arrearsExtraMonths = 6
        s.behaviour.episodeJoin = 1
        s.behaviour.betaGrievance = 20   // withholding while in the episode, whatever the propensity
        s.behaviour.episodeEnd = 0
        s.behaviour.withholdShare = 0   // every member settles once the deal is struck
        s.levers.settlement.agreementProbability = 1
        s.levers.settlement.waiverShare = 0.5
        s.levers.settlement.costPerAgreement = 20_000
        s.levers.settlement.setupCost = 0
        s.rollout = [Phase(name: "deal", startMonth: 2, endMonth: nil, buildings: .all, levers: [.settlement])]
        let r = try Fixture.simulation(s).run()
        // Month 1: everyone withholds. Month 2: the agreement, then each pays all that is not waived.
        #expect(r[month: 1, .cashIn] == 0)
        #expect(r[month: 2, .episodesActive] == 0)
        #expect(abs(r[month: 2, .costSettlement] - 4 * 20_000) < 1e-6)
        // Waived: ⌊o/2⌋ fee-months of each payer; the rest (and this month's fee) paid: almost nothing owed after.
        let stock1 = r[month: 1, .arrearsStock]
        #expect(r[month: 2, .arrearsStock] < 0.02 * stock1)
        #expect(
            abs(
                stock1 + r[month: 2, .billed] - r[month: 2, .cashIn] - r[month: 2, .waived]
                    - r[month: 2, .arrearsStock]) < 1e-6)
        #expect(r[month: 2, .waived] > 0.4 * stock1 && r[month: 2, .waived] <= 0.5 * stock1 + 1e-6)
        // Where all would withhold their disputed past, the waiver wins over its share: half withhold instead of
        // all (≈ 200 of 400 members with arrears; s.d. 10).
        var holding = s
        holding.behaviour.withholdShare = 1
        let h = try Fixture.simulation(holding).run()
        #expect(abs(h[month: 2, .withholdingShare] - 0.5) < 0.08)
    }

    @Test func coGovernanceMediatesEpisodesAtItsCost() throws {
        var s = Fixture.quiet(households: 100, buildings: 5, months: 2)
        s.community.disputeBuildings = 1
        s.behaviour.episodeEnd = 0
        s.levers.cogovernance.episodeMediation = 1
        s.levers.cogovernance.costPerEpisode = 5_000
        s.levers.cogovernance.monthlyCost = 0
        s.levers.cogovernance.setupCost = 0
        s.rollout = [Phase(name: "committee", startMonth: 1, endMonth: nil, buildings: .list([0, 1]), levers: [.cogovernance])]
        let r = try Fixture.simulation(s).run()
        // The two co-governed buildings' episodes are mediated in month 1; the other three go on.
        #expect(r[month: 1, .episodesActive] == 3)
        #expect(abs(r[month: 1, .costCogovernance] - 2 * 5_000) < 1e-6)
        #expect(r[month: 2, .costCogovernance] == 0)
    }

    @Test func aLeverSwitchedOffNeverActsWhateverTheRollout() throws {
        // Never-payers with old arrears and lawsuits in every building from month 1: 50 suits a month, unless the
        // lever is switched off (then the run is the status quo's, month by month).
        var s = Fixture.quiet(households: 400, buildings: 4, months: 6, propensity: Fixture.neverPays)
        s.community.segments[0].arrearsProbability = 1
        s.levers.legal.minArrearsMonths = 1
        s.levers.legal.minAmount = 0
        s.levers.legal.capacityPerMonth = 50
        let baseline = try Fixture.simulation(s).run()
        s.rollout = [Phase(name: "court", startMonth: 1, endMonth: nil, buildings: .all, levers: [.legal])]
        let on = try Fixture.simulation(s).run()
        #expect(on[month: 1, .legalFilings] == 50)
        var off = s
        try #require(off.parameterPath(named: "levers.legal.enabled")).set(0, in: &off)
        let r = try Fixture.simulation(off).run()
        #expect((1...6).allSatisfy { r[month: $0, .legalFilings] == 0 && r[month: $0, .costLegal] == 0 })
        #expect(r.series(.cashIn) == baseline.series(.cashIn))
    }

    @Test func theCommunitysSizeAndASegmentsCycleAndAbsenceAreParameters() throws {
        var s = Fixture.quiet(households: 100, buildings: 4, months: 3)
        for (path, value) in [
            ("community.households", 300.0), ("community.buildings", 6), ("community.segments.all.billing_months", 3),
            ("community.segments.all.absentee", 1)
        ] {
            try #require(s.parameterPath(named: path), "\(path)").set(value, in: &s)
        }
        #expect(s.community.households == 300 && s.community.buildings == 6)
        #expect(s.community.segments[0].billingMonths == 3 && s.community.segments[0].absentee)
        // 0 months is the community's cycle; the engine refuses a cycle that is not 1, 2, 3, 4, 6 or 12.
        try #require(s.parameterPath(named: "community.segments.all.billing_months")).set(0, in: &s)
        #expect(s.community.segments[0].billingMonths == nil)
        try #require(s.parameterPath(named: "community.segments.all.billing_months")).set(5, in: &s)
        #expect(throws: ModelError.self) { try CompiledModel(s) }
    }

    @Test func thePeriodVoluntaryRateCountsOnlyTheYearsBillsOfHouseholdsNotChasedBeforeTheyPaid() throws {
        // Everyone pays everything every month; half start in arrears, and an SMS reaches each of those in month 1
        // before it pays. Their year's bills are then paid "chased"; the others' are paid unchased.
        var s = Fixture.quiet(households: 400, buildings: 4, months: 12, propensity: Fixture.alwaysPays)
        s.community.segments[0].arrearsProbability = 0.5
        s.behaviour.repayAllProbability = 1
        s.statusQuoDunning = Ladder(rungs: [
            Rung(
                name: "sms", minArrearsMonths: 1, deliveryProbability: 1, uplift: 0,
                costPerAttempt: 0.04, maxAttempts: 1)
        ])
        let sim = try Fixture.simulation(s)
        let chased = (0..<400).map { sim.arrearsMonths(of: $0) > 0 }
        let fees = (0..<400).map { sim.fee(of: $0) }
        let r = sim.run()
        let unchased = (0..<400).filter { !chased[$0] }.reduce(0.0) { $0 + fees[$1] } / fees.reduce(0, +)
        #expect(chased.contains(true) && chased.contains(false))
        #expect(abs(r[month: 12, .voluntaryPeriodRateYTD] - unchased) < 1e-12)
        #expect(abs(r[month: 12, .collectionRate] - 1) < 1e-12)   // every bill of the year was paid within it
    }

    @Test func aWarmUpThatIsNotAWholeNumberOfBillingCyclesIsRefused() throws {
        // Quarterly bills: 22 warm-up months would move the bills' calendar by a month when they become the past.
        var s = Fixture.quiet(households: 100, buildings: 2, months: 6)
        s.community.billingMonths = 3
        s.community.warmupMonths = 22
        do {
            _ = try CompiledModel(s)
            Issue.record("a 22-month warm-up with quarterly bills was accepted")
        } catch let e as ModelError {
            #expect(e.keyPath == "community.warmup_months" && e.message.contains("3 months"), "\(e)")
        }
        s.community.warmupMonths = 24
        _ = try CompiledModel(s)
    }

    @Test func transparencyShowsTheActualServiceOnlyInPublicationMonthsAndOnlyWhereActive() throws {
        var s = Fixture.quiet(households: 100, buildings: 4, months: 9)
        s.levers.transparency.period = 3
        s.levers.transparency.reach = 1
        s.levers.transparency.perceptionGain = 0.5
        s.levers.transparency.trustGain = 0.2
        s.rollout = [
            Phase(
                name: "transparency", startMonth: 2, endMonth: nil, buildings: .list([1]),
                levers: [.transparency])
        ]
        let sim = try Fixture.simulation(s)
        let model = sim.model
        let q = s.community.initialQuality   // service does not move (quality_adjustment 0)
        var trustBefore = (0..<100).map { sim.trust(of: $0) }
        var seenBefore = (0..<100).map { sim.perceivedService(of: $0) }
        for t in 1...9 {
            sim.step()
            let publication = t == 2 || t == 5 || t == 8   // first active month, then every 3 months
            for i in 0..<100 {
                if model.building(of: i) == 1 && publication {
                    #expect(abs(sim.perceivedService(of: i) - (seenBefore[i] + 0.5 * (q - seenBefore[i]))) < 1e-12)
                    #expect(abs(sim.trust(of: i) - (trustBefore[i] + 0.2 * (1 - trustBefore[i]))) < 1e-12)
                } else {
                    #expect(sim.perceivedService(of: i) == seenBefore[i])
                    #expect(sim.trust(of: i) == trustBefore[i])
                }
                // Transparency narrows the gap; it never shows more than the actual service.
                #expect(sim.perceivedService(of: i) <= q + 1e-12)
                trustBefore[i] = sim.trust(of: i)
                seenBefore[i] = sim.perceivedService(of: i)
            }
        }
    }

    @Test func capacityCapsAttemptsAndPicksLargestArrearsFirst() throws {
        var s = Fixture.quiet(households: 60, buildings: 3, months: 1, propensity: Fixture.neverPays)
        s.community.segments[0].arrearsProbability = 1
        s.community.segments[0].arrearsExtraMonths = 4
        // One rung for everyone in arrears; its trust penalty halves trust, which marks who was reached.
        s.statusQuoDunning = Ladder(rungs: [
            Rung(
                name: "visit", minArrearsMonths: 1, deliveryProbability: 1,
                uplift: 0, costPerAttempt: 40, trustPenalty: 0.5,
                capacityPerMonth: 7)
        ])
        let sim = try Fixture.simulation(s)
        // Overdue at the start of month 1: the initial arrears, 1 − paid-through fee-months.
        let amount = (0..<60).map { Double(1 - sim.paidThroughMonth(of: $0)) * sim.fee(of: $0) }
        let trust = (0..<60).map { sim.trust(of: $0) }
        let expected = (0..<60).sorted { amount[$0] != amount[$1] ? amount[$0] > amount[$1] : $0 < $1 }.prefix(7)
        sim.step()
        let contacted = (0..<60).filter { abs(sim.trust(of: $0) - trust[$0] * 0.5) < 1e-12 }
        #expect(contacted == expected.sorted())
        #expect(sim.record[month: 1, .contacts] == 7)
        #expect(abs(sim.record[month: 1, .costStatusQuoDunning] - 7 * 40) < 1e-9)
    }

    @Test func noRungAttemptsAHouseholdMoreOftenThanItsPolicyAllows() throws {
        var s = Fixture.quiet(households: 200, buildings: 2, months: 24, propensity: Fixture.neverPays)
        s.community.segments[0].arrearsProbability = 1
        s.statusQuoDunning = Ladder(rungs: [
            Rung(
                name: "sms", minArrearsMonths: 1, deliveryProbability: 0.9, uplift: 0.3, costPerAttempt: 0.04,
                maxAttempts: 5),
            Rung(
                name: "call", minArrearsMonths: 3, deliveryProbability: 0.5, uplift: 0.5, costPerAttempt: 3,
                everyMonths: 3, maxAttempts: 2),
            Rung(
                name: "letter", minArrearsMonths: 6, deliveryProbability: 1, uplift: 0.3, costPerAttempt: 50,
                maxAttempts: 1)
        ])
        let sim = try Fixture.simulation(s)
        var lastCall = [Int?](repeating: nil, count: 200)
        var previous = [[Int]](repeating: [0, 0, 0], count: 200)
        for t in 1...24 {
            sim.step()
            for i in 0..<200 {
                let now = (0..<3).map { sim.attempts(of: i, rung: $0) }
                let new = (0..<3).map { now[$0] - previous[i][$0] }
                #expect(new.allSatisfy { $0 >= 0 } && new.reduce(0, +) <= 1)   // one attempt a month at most
                #expect(now[0] <= 5 && now[1] <= 2 && now[2] <= 1)   // per episode (never ends here)
                if new[1] == 1 {
                    if let last = lastCall[i] { #expect(t - last >= 3) }
                    lastCall[i] = t
                }
                previous[i] = now
            }
        }
        // Everyone is a never-payer in one endless episode: 5 SMS + 2 calls + 1 letter each, no more.
        #expect(sim.record.series(.contacts).reduce(0, +) == 200 * 8)
        let cost = sim.record.series(.costStatusQuoDunning).reduce(0, +)
        #expect(abs(cost - 200 * (5 * 0.04 + 2 * 3 + 50)) < 1e-6)   // costs reconcile with attempts
    }

    @Test func remindersRaiseTheOnTimeRateMoreThanTheAnnualRate() throws {
        // Willing households that act on what they owe with probability 0.7 a month: reminders make them pay sooner.
        var s = Fixture.quiet(households: 3000, buildings: 6, months: 12, propensity: Fixture.alwaysPays)
        s.community.segments[0].attention = 0.7
        s.replications = 4
        var dunned = s
        dunned.levers.dunning = Ladder(
            preDueReminder: Reminder(uplift: 0.5, cost: 0.04),
            rungs: [
                Rung(name: "sms", minArrearsMonths: 1, deliveryProbability: 1, uplift: 0.8, costPerAttempt: 0.04)
            ])
        dunned.rollout = [Phase(name: "all", startMonth: 1, endMonth: nil, buildings: .all, levers: [.dunning])]
        let base = try MonteCarlo.run(try CompiledModel(s), threads: 2)
        let test = try MonteCarlo.run(try CompiledModel(dunned), threads: 2)
        func year(_ e: Ensemble, _ name: String) -> Double { e.horizon(name)!.mean }
        let onTime = year(test, "on_time_rate_year_1") - year(base, "on_time_rate_year_1")
        let annual = year(test, "collection_rate_year_1") - year(base, "collection_rate_year_1")
        // The pre-due reminder lifts acting on a new bill from 0.7 to logistic(logit 0.7 + 0.5) ≈ 0.79 and the
        // SMS the late months' chance to 0.84: several points on time. Late payers pay within a month or two
        // either way, so the year's rate gains only the months still unpaid at its end: less than half as much.
        #expect(onTime > 0.05, "on time +\(onTime)")
        #expect(annual > 0 && annual < onTime / 2, "annual +\(annual), on time +\(onTime)")
    }

    @Test func leversDoNothingWhereTheirReasonIsAbsent() throws {
        // Some households never pay (low willingness only): no hardship, no grievance, perfect attention.
        var s = Fixture.quiet(households: 1000, buildings: 4, months: 12, propensity: BetaParameters(a: 2, b: 2))
        s.behaviour.betaNorm = 0
        s.replications = 2
        func collections(_ levers: LeverSet, _ change: (inout Scenario) -> Void = { _ in }) throws -> [Double] {
            var v = s
            change(&v)
            v.rollout = [Phase(name: "all", startMonth: 1, endMonth: nil, buildings: .all, levers: levers)]
            return try MonteCarlo.run(try CompiledModel(v), threads: 1, keepRecords: true).records
                .flatMap { $0.series(.cashIn) }
        }
        let base = try collections([])
        // Reminders with perfect attention: nothing to speed up (only costs), once the lawyer's letter's trust
        // cost is taken out.
        #expect(
            try collections([.dunning]) {
                $0.levers.dunning = .smart
                for r in $0.levers.dunning.rungs.indices { $0.levers.dunning.rungs[r].trustPenalty = 0 }
            } == base)
        // Help with no hardship: nobody to enrol.
        #expect(try collections([.assistance]) == base)
        // Mediation with no grievance (and co-governance's other channels shut): nothing to resolve.
        #expect(
            try collections([.cogovernance]) {
                $0.levers.cogovernance.peerMultiplier = 1
                $0.levers.cogovernance.trustGain = 0
            } == base)
    }

    @Test func lawsuitsAreEnforcedForAPartPayTheFeesByTheClaimAndForceNoFuturePayments() throws {
        var s = Fixture.quiet(households: 400, buildings: 4, months: 30, propensity: Fixture.neverPays)
        s.community.segments[0].arrearsProbability = 1
        s.community.segments[0].arrearsExtraMonths = 12
        s.levers.legal.minArrearsMonths = 1
        s.levers.legal.minAmount = 0
        s.levers.legal.capacityPerMonth = 400
        s.levers.legal.settleProbability = 0
        s.levers.legal.winProbability = 1
        s.levers.legal.enforcementShare = 1
        s.levers.legal.recoveryShare = 0.5
        s.levers.legal.lagMonths = 3
        s.levers.legal.enforcementMonths = 2
        s.levers.legal.lawyerCost = 400
        s.levers.legal.setupCost = 0
        s.levers.legal.limitationMonths = 600
        s.rollout = [Phase(name: "legal", startMonth: 1, endMonth: nil, buildings: .all, levers: [.legal])]
        let sim = try Fixture.simulation(s)
        let owed = (0..<400).map { 1 - sim.paidThroughMonth(of: $0) }
        let claims = (0..<400).map { Double(owed[$0]) * sim.fee(of: $0) }
        let r = sim.run()
        // All 400 filed in month 1: the lawyer plus the court fee by the claim, halved (simplified procedure);
        // every claim is under 10,000 yuan here, so 25 yuan each.
        #expect(claims.allSatisfy { $0 < 10_000 })
        #expect(r[month: 1, .legalFilings] == 400)
        #expect(abs(r[month: 1, .costLegal] - 400 * 425) < 1e-6)
        #expect(abs(r[month: 1, .legalFees] - 400 * 25) < 1e-6)
        #expect(abs(r[month: 1, .legalClaimed] - claims.reduce(0, +)) < 1e-6)
        // Judgment after 3 months, all needing enforcement: the enforcement fee (50 yuan under 10,000) is paid;
        // 2 months later half the claim is recovered, and the fees in the same share.
        #expect(r[month: 4, .legalWins] == 400)
        #expect(abs(r[month: 4, .costLegal] - 400 * 50) < 1e-6)
        let recovered = (0..<400).reduce(0.0) { $0 + Double(owed[$1] / 2) * sim.fee(of: $1) }
        #expect(abs(r[month: 6, .legalRecovered] - recovered) < 1e-6)
        #expect(abs(r[month: 6, .costLegal] + 400 * 0.5 * (25 + 50)) < 1e-6)
        // No forced future payments: never-payers pay nothing after the recovery, and are not sued again.
        for t in 7...30 {
            #expect(r[month: t, .cashIn] == 0)
            #expect(r[month: t, .legalFilings] == 0)
        }
    }

    @Test func aJudgmentPaidWithoutEnforcementRecoversTheWholeClaimAndTheCourtFee() throws {
        var s = Fixture.quiet(households: 100, buildings: 1, months: 6, propensity: Fixture.neverPays)
        s.community.segments[0].arrearsProbability = 1
        s.levers.legal.minArrearsMonths = 1
        s.levers.legal.minAmount = 0
        s.levers.legal.capacityPerMonth = 100
        s.levers.legal.settleProbability = 0
        s.levers.legal.winProbability = 1
        s.levers.legal.enforcementShare = 0
        s.levers.legal.lagMonths = 2
        s.levers.legal.lawyerCost = 0
        s.levers.legal.setupCost = 0
        s.levers.legal.simplifiedProcedure = 0
        s.rollout = [Phase(name: "legal", startMonth: 1, endMonth: nil, buildings: .all, levers: [.legal])]
        let sim = try Fixture.simulation(s)
        let claims = (0..<100).map { Double(1 - sim.paidThroughMonth(of: $0)) * sim.fee(of: $0) }
        let r = sim.run()
        // Ordinary procedure: 50 yuan a case; judgment in month 3 is paid at once, with the court fee.
        #expect(abs(r[month: 1, .costLegal] - 100 * 50) < 1e-6)
        #expect(abs(r[month: 3, .legalRecovered] - claims.reduce(0, +)) < 1e-6)
        #expect(abs(r[month: 3, .costLegal] + 100 * 50) < 1e-6)
    }

    @Test func courtAndEnforcementFeesFollowTheScheduleOfTheFeeMeasures() {
        // 诉讼费用交纳办法 art. 13(1): 50 up to 10,000; 2.5% to 100,000; 2% to 200,000 … (halved if simplified).
        #expect(Legal.courtFee(claim: 8_000, simplified: false) == 50)
        #expect(abs(Legal.courtFee(claim: 30_000, simplified: false) - (50 + 20_000 * 0.025)) < 1e-9)
        #expect(abs(Legal.courtFee(claim: 150_000, simplified: false) - (50 + 90_000 * 0.025 + 50_000 * 0.02)) < 1e-9)
        #expect(abs(Legal.courtFee(claim: 30_000, simplified: true) - 275) < 1e-9)
        // Art. 14(1): 50 up to 10,000; 1.5% to 500,000.
        #expect(Legal.enforcementFee(claim: 9_999) == 50)
        #expect(abs(Legal.enforcementFee(claim: 20_000) - 200) < 1e-9)
    }

    @Test func theLimitationPeriodKeepsOldFeesOutOfAClaimUnlessAWrittenDemandInterruptedIt() throws {
        // Every household starts owing 1 + Poisson(30) months from before month 1, billed monthly; it never pays.
        func scenario(letter: Bool) -> Scenario {
            var s = Fixture.quiet(households: 200, buildings: 2, months: 14, propensity: Fixture.neverPays)
            s.community.segments[0].arrearsProbability = 1
            s.community.segments[0].arrearsExtraMonths = 30
            s.levers.legal.minArrearsMonths = 1
            s.levers.legal.minAmount = 0
            s.levers.legal.capacityPerMonth = 200
            s.levers.legal.limitationMonths = 12
            s.levers.legal.settleProbability = 0
            s.levers.legal.winProbability = 0
            s.levers.dunning = Ladder(rungs: [
                Rung(
                    name: "lawyer_letter", minArrearsMonths: 1, deliveryProbability: 1, uplift: 0, costPerAttempt: 0,
                    maxAttempts: 1, writtenDemand: letter)
            ])
            // A letter in month 1, the lawsuit from month 3.
            s.rollout = [
                Phase(name: "letters", startMonth: 1, endMonth: 1, buildings: .all, levers: [.dunning]),
                Phase(name: "court", startMonth: 3, endMonth: nil, buildings: .all, levers: [.legal])
            ]
            return s
        }
        for letter in [false, true] {
            let s = scenario(letter: letter)
            let sim = try Fixture.simulation(s)
            let fee = (0..<200).map { sim.fee(of: $0) }
            let owedAtStart = (0..<200).map { 1 - sim.paidThroughMonth(of: $0) }
            let r = sim.run()
            // Overdue at the filing in month 3: the start's arrears plus months 1 and 2.
            let overdue = (0..<200).reduce(0.0) { $0 + Double(owedAtStart[$1] + 2) * fee[$1] }
            // Without a letter: billed in months −9 … 2 (12 fee-months). With the letter in month 1: what was
            // claimable then, billed in months 1 − 12 = −11 … 0, stays claimable: −11 … 2 (14 fee-months).
            let months: Double = letter ? 14 : 12
            let claimable = (0..<200).reduce(0.0) { $0 + min(months, Double(owedAtStart[$1] + 2)) * fee[$1] }
            #expect(r[month: 3, .legalFilings] == 200)
            #expect(abs(r[month: 3, .legalClaimed] - claimable) < 1e-6)
            #expect(abs(r[month: 3, .legalTimeBarred] - (overdue - claimable)) < 1e-6)
        }
    }

    @Test func settlementPaysTheClaimBeforeJudgment() throws {
        var s = Fixture.quiet(households: 2000, buildings: 4, months: 6, propensity: Fixture.neverPays)
        s.community.segments[0].arrearsProbability = 1
        s.levers.legal.minArrearsMonths = 1
        s.levers.legal.minAmount = 0
        s.levers.legal.capacityPerMonth = 2000
        s.levers.legal.settleProbability = 0.3
        s.levers.legal.lagMonths = 3
        s.rollout = [Phase(name: "legal", startMonth: 1, endMonth: nil, buildings: .all, levers: [.legal])]
        let r = try Fixture.simulation(s).run()
        // Settlement chances in months 2 and 3: 1 − 0.7² = 51% settle (s.e. ≈ 1.1 pt at N = 2000).
        let settled = (r[month: 2, .legalSettlements] + r[month: 3, .legalSettlements]) / 2000
        #expect(abs(settled - 0.51) < 0.04)
        #expect(r[month: 4, .legalWins] <= 2000 * 0.49 * 1.1)
    }

    @Test func suitsDeterStrategicNeighboursAndCostTheirTrustSeparately() throws {
        // Strategic households pay only under credible enforcement; one building's neighbours see suits.
        var s = Fixture.quiet(households: 2000, buildings: 2, months: 3, propensity: Fixture.mostlyPays)
        s.community.segments[0].strategic = 1
        s.community.segments[0].arrearsProbability = 0.02
        s.community.segments[0].arrearsExtraMonths = 12
        s.behaviour.betaStrategic = 20   // no strategic household pays without enforcement (z ≈ 6 − 20)
        s.levers.legal.minArrearsMonths = 1
        s.levers.legal.minAmount = 0
        s.levers.legal.capacityPerMonth = 5
        s.levers.legal.neighbourDeterrence = 0.2
        s.levers.legal.neighbourTrustPenalty = 0.01
        s.rollout = [Phase(name: "legal", startMonth: 1, endMonth: nil, buildings: .list([0]), levers: [.legal])]
        let sim = try Fixture.simulation(s)
        let trust = (0..<2000).map { sim.trust(of: $0) }
        sim.step()
        // Month 1: 5 suits in building 0; its other households lose 1% of trust per suit, building 1 nothing.
        let filed = sim.record[month: 1, .legalFilings]
        #expect(filed == 5)
        for i in stride(from: 0, to: 2000, by: 37) where sim.openCaseMonths(of: i) == 0 {
            let expected = sim.model.building(of: i) == 0 ? trust[i] * pow(0.99, filed) : trust[i]
            #expect(abs(sim.trust(of: i) - expected) < 1e-12)
        }
        #expect(abs(sim.deterrence(ofBuilding: 0) - 1) < 1e-12)   // min(1, 5 × 0.2)
        #expect(sim.deterrence(ofBuilding: 1) == 0)
        sim.step()
        // Month 2: building 0's strategic households now pay (credibility 1·0.5^(1/6) ≈ 0.89 removes most of
        // the refusal); building 1's still do not.
        let paidShare = { (b: Int) -> Double in
            let range = sim.model.buildingStart[b]..<sim.model.buildingStart[b + 1]
            return Double(range.filter { sim.paidLastMonth($0) }.count) / Double(range.count)
        }
        #expect(paidShare(0) > 0.5)
        #expect(paidShare(1) < 0.05)
    }

    @Test func instalmentPlanPaysTheBillAndOneMonthOfArrearsAndEndsWhenCleared() throws {
        // Everyone in hardship, 3 months behind, unable to pay without help (ability 0, full restore on a plan).
        var s = Fixture.quiet(households: 4000, buildings: 4, months: 12, propensity: Fixture.alwaysPays)
        s.community.segments[0].hardship = 1
        s.community.segments[0].arrearsProbability = 1
        s.community.segments[0].arrearsExtraMonths = 0   // 1 month from before month 1 …
        s.behaviour.hardshipAbility = 0
        s.levers.assistance.detectionProbability = 1
        s.levers.assistance.abilityRestore = 1
        s.levers.assistance.planDefault = 0.2
        s.rollout = [Phase(name: "help", startMonth: 1, endMonth: nil, buildings: .all, levers: [.assistance])]
        let r = try Fixture.simulation(s).run()
        // Month 1: all enrol and pay the month's bill plus one month of arrears, which clears the 1-month debt:
        // a plan completes unless it defaulted first (it can default from month 2 only), so nearly all complete.
        #expect(r[month: 1, .newEnrolments] == 4000)
        #expect(r[month: 1, .planCompletions] == 4000)
        #expect(r[month: 1, .arrearsStock] == 0)
        #expect(r[month: 1, .costAssistance] > 0)
    }

    @Test func instalmentPlansCompleteAtTheRateTheirDefaultProbabilityImplies() throws {
        // Everyone in hardship and 6 months behind, offered a plan in month 1 only; a plan pays the month's bill
        // and one month of arrears, so it clears in month 6 unless it fails first (chances in months 2–6).
        var s = Fixture.quiet(households: 4000, buildings: 4, months: 12, propensity: Fixture.alwaysPays)
        s.community.segments[0].hardship = 1
        s.community.segments[0].arrearsProbability = 1
        s.community.segments[0].arrearsExtraMonths = 5
        s.behaviour.hardshipAbility = 0
        s.levers.assistance.detectionProbability = 1
        s.levers.assistance.abilityRestore = 1
        s.levers.assistance.planDefault = 0.2
        s.behaviour.repayAllProbability = 0   // a plan's household pays the plan, never all at once
        s.rollout = [Phase(name: "help", startMonth: 1, endMonth: 1, buildings: .all, levers: [.assistance])]
        let r = try Fixture.simulation(s).run()
        let enrolled = r.series(.newEnrolments).reduce(0, +)
        let completed = r.series(.planCompletions).reduce(0, +)
        let firstMonth = r.series(.newEnrolments)[0]
        #expect(enrolled == firstMonth)   // Poisson(5) + 1 months: all overdue, all enrolled in month 1
        // Completion = P(no failure in the months before clearing): 0.8^(months behind − 1) per household,
        // ≈ 0.8^5 = 0.33 at the mean; the debt varies (1 + Poisson(5)), so allow the spread of E[0.8^(1+X)−1].
        let expected = exp(-5 * 0.2)   // E[0.8^X] for X ~ Poisson(5) = e^(−5·0.2)
        #expect(abs(completed / enrolled - expected) < 0.03)
        #expect(completed / enrolled > 0.21 && completed / enrolled < 0.45)   // the evidence: 21–38% complete
    }

    @Test func lowCollectionLowersServicePerceptionAndTrust() throws {
        var s = Fixture.quiet(households: 500, buildings: 5, months: 36, propensity: Fixture.neverPays)
        s.community.initialQuality = 1
        s.behaviour.qualityAdjustment = 0.2
        s.behaviour.perceptionDrift = 0.2
        s.behaviour.trustDrift = 0.2
        let falling = try Fixture.simulation(s).run()
        // No cash: Q_{t+1} = Q_t(1 − κ) exactly; perception and trust follow it down.
        for t in 2...36 {
            #expect(abs(falling[month: t, .serviceQuality] - falling[month: t - 1, .serviceQuality] * 0.8) < 1e-12)
        }
        #expect(falling[month: 36, .perceivedQuality] < 0.05)
        #expect(falling[month: 36, .meanTrust] < 0.1)
        s.community.segments[0].propensity = Fixture.alwaysPays
        let paying = try Fixture.simulation(s).run()
        #expect(paying[month: 36, .serviceQuality] == 1)
        #expect(abs(paying[month: 36, .perceivedQuality] - 0.8) < 1e-3)   // visible service: Q − invisibility gap
    }

    @Test func nonPaymentIsAttributedToItsReason() throws {
        var s = Fixture.quiet(households: 1000, buildings: 2, months: 3, propensity: Fixture.mostlyPays)
        s.community.segments[0].grievance = 0.3
        s.behaviour.betaGrievance = 20
        let r = try Fixture.simulation(s).run()
        // Grievance households never pay (z ≈ 5.3 − 20); the others refuse about 0.5% of months (W ≈ 0.995) and
        // then pay it all next month, so nearly all of the arrears is grievance arrears.
        #expect(r[month: 3, .reasonGrievance] > 0.97)
        #expect(r[month: 3, .arrearsHouseholdShare] >= r[month: 3, .grievanceShare])
        #expect(r[month: 3, .arrearsHouseholdShare] - r[month: 3, .grievanceShare] < 0.02)
        s.community.segments[0].grievance = 0
        s.community.segments[0].hardship = 1
        s.behaviour.hardshipAbility = 0
        let h = try Fixture.simulation(s).run()
        #expect(h[month: 3, .reasonHardship] > 0.97)
    }

    @Test func rolloutActivatesLeversOnlyInTheRightBuildingsAndMonths() throws {
        var s = Fixture.quiet(households: 120, buildings: 6, months: 8)
        s.pilot = .count(2)
        s.rollout = Phase.planSchedule(levers: [.transparency, .dunning])
        let sim = try Fixture.simulation(s)
        #expect(sim.pilotBuildings.count == 2)
        for t in 1...8 {
            sim.step()
            for b in 0..<6 {
                let levers = sim.levers(inBuilding: b)
                let expected: LeverSet =
                    t <= 2
                    ? []
                    : (t <= 6
                        ? (sim.pilotBuildings.contains(b) ? [.transparency, .dunning] : [])
                        : [.transparency, .dunning])
                #expect(levers == expected, "month \(t), building \(b)")
            }
        }
    }

    @Test func segmentsGetRoundedSharesAndBuildingsAreContiguous() throws {
        var s = Fixture.quiet(households: 101, buildings: 7, months: 1)
        var second = s.community.segments[0]
        second.name = "other"
        s.community.segments[0].share = 0.3
        second.share = 0.7
        s.community.segments.append(second)
        let sim = try Fixture.simulation(s)
        let counts = (0..<101).reduce(into: [0, 0]) { $0[sim.segment(of: $1)] += 1 }
        #expect(counts == [30, 71])
        let model = sim.model
        for b in 0..<7 {
            for i in model.buildingStart[b]..<model.buildingStart[b + 1] { #expect(model.building(of: i) == b) }
        }
    }

    @Test func warmUpStartsFromTodaysStateWithTheSameDrawsForEveryStrategy() throws {
        var s = Fixture.quiet(households: 300, buildings: 3, months: 6, propensity: BetaParameters(a: 2, b: 2))
        s.community.warmupMonths = 12
        var full = s
        full.rollout = [Phase(name: "all", startMonth: 1, endMonth: nil, buildings: .all, levers: .all)]
        let a = try Fixture.simulation(s), b = try Fixture.simulation(full)
        // The warm-up runs today's practice in both: identical state at the start of month 1.
        for i in 0..<300 {
            #expect(a.paidThroughMonth(of: i) == b.paidThroughMonth(of: i))
            #expect(a.trust(of: i) == b.trust(of: i))
        }
        // Twelve months of a half-willing community leave arrears from before month 1.
        #expect((0..<300).contains { a.paidThroughMonth(of: $0) < 1 })
        #expect(a.month == 0)
    }
}
