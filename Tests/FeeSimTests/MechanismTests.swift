import FeeSimModel
import Foundation
import Testing

/// Each mechanism of the reference model on a tiny community, moving the right way by a justified amount.
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

    @Test func transparencyRaisesTrustOnlyInPublicationMonthsAndOnlyWhereActive() throws {
        var s = Fixture.quiet(households: 100, buildings: 4, months: 9)
        s.levers.transparency.period = 3
        s.levers.transparency.reach = 1
        s.levers.transparency.trustGain = 0.2
        s.rollout = [Phase(name: "transparency", startMonth: 2, endMonth: nil, buildings: .list([1]),
                           levers: [.transparency])]
        let sim = try Fixture.simulation(s)
        let model = sim.model
        var before = (0..<100).map { sim.trust(of: $0) }
        for t in 1...9 {
            sim.step()
            let publication = t == 2 || t == 5 || t == 8    // first active month, then every 3 months
            for i in 0..<100 {
                let after = sim.trust(of: i)
                if model.building(of: i) == 1 && publication {
                    #expect(abs(after - (before[i] + 0.2 * (1 - before[i]))) < 1e-12)
                } else {
                    #expect(after == before[i])
                }
                before[i] = after
            }
        }
    }

    @Test func capacityCapsContactsAndPicksLargestArrearsFirst() throws {
        var s = Fixture.quiet(households: 60, buildings: 3, months: 1, propensity: Fixture.neverPays)
        s.community.segments[0].arrearsProbability = 1
        s.community.segments[0].arrearsExtraMonths = 4
        // One rung for everyone in arrears; its trust penalty halves trust, which marks who was contacted.
        s.statusQuoDunning = Ladder(rungs: [Rung(name: "visit", minArrearsMonths: 1, deliveryProbability: 1,
                                                 uplift: 0, costPerContact: 40, trustPenalty: 0.5,
                                                 capacityPerMonth: 7)])
        let sim = try Fixture.simulation(s)
        let amount = (0..<60).map { Double(sim.arrearsMonths(of: $0)) * sim.fee(of: $0) }
        let trust = (0..<60).map { sim.trust(of: $0) }
        let expected = (0..<60).sorted { amount[$0] != amount[$1] ? amount[$0] > amount[$1] : $0 < $1 }.prefix(7)
        sim.step()
        let contacted = (0..<60).filter { abs(sim.trust(of: $0) - trust[$0] * 0.5) < 1e-12 }
        #expect(contacted == expected.sorted())
        #expect(sim.record[month: 1, .contacts] == 7)
        #expect(abs(sim.record[month: 1, .costStatusQuoDunning] - 7 * 40) < 1e-9)
    }

    @Test func legalCaseResolvesAfterItsLagAndCourtOrderForcesPayment() throws {
        var s = Fixture.quiet(households: 50, buildings: 2, months: 10, propensity: Fixture.neverPays)
        s.community.segments[0].arrearsProbability = 1
        s.levers.legal.minArrearsMonths = 1
        s.levers.legal.filingProbability = 1
        s.levers.legal.lagMonths = 3
        s.levers.legal.winProbability = 1
        s.levers.legal.orderMonths = 4
        s.rollout = [Phase(name: "legal", startMonth: 1, endMonth: nil, buildings: .all, levers: [.legal])]
        let r = try Fixture.simulation(s).run()
        #expect(r[month: 1, .legalFilings] == 50)
        for t in 1...3 { #expect(r[month: t, .legalWins] == 0); #expect(r[month: t, .paid] == 0) }
        #expect(r[month: 4, .legalWins] == 50)                       // filed in month 1, lag 3
        #expect(r[month: 4, .arrearsStock] == 0)                      // all arrears recovered
        for t in 5...8 { #expect(r[month: t, .collectionRate] == 1) }  // order of 4 months: every bill paid
        #expect(r[month: 9, .collectionRate] == 0)                    // the order has run out
        #expect(r[month: 9, .legalFilings] == 50)                     // back in arrears, sued again
    }

    @Test func enrolmentGivesInstalmentsAndBlocksLegalRungsAndLawsuits() throws {
        var s = Fixture.quiet(households: 40, buildings: 2, months: 6, propensity: Fixture.alwaysPays)
        s.community.segments[0].hardship = 1
        s.community.segments[0].arrearsProbability = 1
        s.community.segments[0].arrearsExtraMonths = 3
        s.levers.assistance.detectionProbability = 1
        s.levers.assistance.abilityRestore = 1          // enrolled ability 1: every bill is paid
        s.levers.dunning = Ladder(rungs: [Rung(name: "letter", minArrearsMonths: 1, deliveryProbability: 1,
                                               uplift: 0, costPerContact: 1, legal: true)])
        s.levers.legal.minArrearsMonths = 1
        s.levers.legal.filingProbability = 1
        s.rollout = [Phase(name: "all", startMonth: 1, endMonth: nil, buildings: .all, levers: .all)]
        let sim = try Fixture.simulation(s)
        let start = (0..<40).map { sim.arrearsMonths(of: $0) }
        for t in 1...6 {
            sim.step()
            for i in 0..<40 {
                #expect(sim.isEnrolled(i))
                #expect(sim.arrearsMonths(of: i) == max(0, start[i] - t))   // one month repaid per paid month
            }
        }
        let r = sim.record
        for t in 1...6 {
            #expect(r[month: t, .contacts] == 0)
            #expect(r[month: t, .legalFilings] == 0)
            #expect(r[month: t, .collectionRate] == 1)
        }
    }

    @Test func rolloutActivatesLeversOnlyInTheRightBuildingsAndMonths() throws {
        var s = Fixture.quiet(households: 120, buildings: 6, months: 14)
        s.pilot = .count(2)
        s.rollout = Phase.planSchedule(levers: [.transparency, .dunning, .cogovernance])
        let sim = try Fixture.simulation(s, replication: 3)
        #expect(sim.pilotBuildings.count == 2)
        for t in 1...14 {
            sim.step()
            for b in 0..<6 {
                let expected: LeverSet = switch t {
                case 1...2: []
                case 3...6: sim.pilotBuildings.contains(b) ? [.transparency, .dunning, .cogovernance] : []
                default: [.transparency, .dunning, .cogovernance]
                }
                #expect(sim.levers(inBuilding: b) == expected, "month \(t), building \(b)")
            }
        }
    }

    @Test func lowCollectionLowersServiceQualityAndThenWillingness() throws {
        var s = Fixture.quiet(households: 2000, buildings: 4, months: 12, propensity: BetaParameters(a: 1, b: 3))
        s.community.initialQuality = 1
        s.behaviour.qualityAdjustment = 0.3
        let falling = try Fixture.simulation(s).run()
        // Q_{t+1} = Q_t + κ(ρ_t − Q_t), ρ_t = min(1, cash_t / (s_req · due_t)).
        for t in 1..<12 {
            let q = falling[month: t, .serviceQuality]
            let rho = min(1, falling[month: t, .cashIn] / (s.behaviour.serviceRequirement * falling[month: t, .due]))
            #expect(abs(falling[month: t + 1, .serviceQuality] - (q + 0.3 * (rho - q))) < 1e-12)
        }
        // Propensity Beta(1, 3) pays about a third of the bills: Q falls well below 1 (later recoveries of
        // arrears lift ρ a little, so Q need not fall every month).
        for t in 1...4 { #expect(falling[month: t + 1, .serviceQuality] < falling[month: t, .serviceQuality]) }
        #expect(falling[month: 12, .serviceQuality] < 0.6)
        // The same households and luck with quality held at 1 (κ = 0) pay more once quality has fallen.
        s.behaviour.qualityAdjustment = 0
        let held = try Fixture.simulation(s).run()
        #expect(falling[month: 1, .collectionRate] == held[month: 1, .collectionRate])
        // By month 12 Q has fallen by more than 0.4, so z falls by β_Q·0.4 ≈ 0.8 logits: several points of collection.
        #expect(held[month: 12, .collectionRate] - falling[month: 12, .collectionRate] > 0.05)
    }

    @Test func segmentsGetRoundedSharesAndBuildingsAreContiguous() throws {
        var s = Fixture.quiet(households: 101, buildings: 7, months: 1)
        let base = s.community.segments[0]
        s.community.segments = [base, base, base]
        s.community.segments[0].name = "a"; s.community.segments[0].share = 0.333
        s.community.segments[1].name = "b"; s.community.segments[1].share = 0.5
        s.community.segments[2].name = "c"; s.community.segments[2].share = 0.167
        let sim = try Fixture.simulation(s)
        let counts = (0..<3).map { k in (0..<101).filter { sim.segment(of: $0) == k }.count }
        #expect(counts == [34, 51, 16])   // round(33.63) = 34, round(50.5) = 51, remainder 16
        for i in 0..<101 {
            let b = sim.model.building(of: i)
            #expect(b == i * 7 / 101)
            #expect(sim.model.buildingStart[b] <= i && i < sim.model.buildingStart[b + 1])
        }
    }

    @Test func preDueReminderReachesEveryHouseholdWithoutArrears() throws {
        var s = Fixture.quiet(households: 80, buildings: 2, months: 1)
        s.statusQuoDunning = Ladder(preDueReminder: Reminder(uplift: 0.1, cost: 0.05), rungs: [])
        let r = try Fixture.simulation(s).run()
        #expect(r[month: 1, .contacts] == 80)
        #expect(abs(r[month: 1, .costStatusQuoDunning] - 80 * 0.05) < 1e-9)
    }
}

@Suite struct AssistanceAfterItsPhaseTests {
    @Test func enrolmentOutlivesItsPhaseUntilHardshipEndsAndKeepsItsCostOwner() throws {
        var s = Fixture.quiet(households: 30, buildings: 3, months: 4, propensity: Fixture.alwaysPays)
        s.community.segments[0].hardship = 1          // η_out = 0 in the fixture: hardship lasts
        s.levers.assistance.detectionProbability = 1
        s.levers.assistance.subsidyShare = 0
        s.levers.assistance.caseCost = 10
        s.rollout = [Phase(name: "help", startMonth: 1, endMonth: 2, buildings: .all, levers: [.assistance])]
        let sim = try Fixture.simulation(s)
        sim.run()
        for i in 0..<30 { #expect(sim.isEnrolled(i)) }
        let r = sim.record
        let helpColumn = r.layout.index(of: "cost_phase_help")!
        for t in 1...4 {
            #expect(r[month: t, .enrolled] == 30)
            #expect(abs(r[month: t, .costAssistance] - 300) < 1e-9)         // 30 households × 10 yuan
            #expect(abs(r[month: t, helpColumn] - 300) < 1e-9)
        }
        #expect(r[month: 1, .newEnrolments] == 30)
        #expect(r[month: 3, .newEnrolments] == 0)
    }
}
