import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import Testing

/// Identities that must hold in every month of every run, checked on the shipped full plan (scaled down).
@Suite struct AccountingTests {
    static func smallFullPlan() throws -> Scenario {
        var s = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/full-plan.yaml").path).scenario
        s.community.households = 600
        s.community.buildings = 6
        s.months = 24
        s.replications = 6
        return s
    }

    @Test func arrearsAndBillsReconcileEveryMonth() throws {
        let sim = try Fixture.simulation(try Self.smallFullPlan(), replication: 1)
        let n = sim.model.households
        // Arrears at the start (after the warm-up): every fee-month before month 1 not yet paid (a withheld
        // disputed past included).
        var stock = (0..<n).reduce(0.0) { $0 + Double(sim.arrearsMonths(of: $1)) * sim.fee(of: $1) }
        var preStart = stock
        var billed = 0.0, onTime = 0.0, lateForSimulatedBills = 0.0, waivedForSimulatedBills = 0.0
        let r = sim.run()
        for t in 1...r.months {
            // Cash = this month's bills paid on time + arrears collected (清欠).
            #expect(abs(r[month: t, .cashIn] - r[month: t, .paid] - r[month: t, .recovered]) < 1e-6)
            // The arrears stock changes by what was billed this month minus what was collected or waived.
            let expected = stock + r[month: t, .billed] - r[month: t, .cashIn] - r[month: t, .waived]
            #expect(abs(r[month: t, .arrearsStock] - expected) < 1e-6 * max(1, stock), "month \(t)")
            // Arrears from before month 1 only shrink, by what of them was collected or waived.
            #expect(
                abs(
                    r[month: t, .arrearsPreStart]
                        - (preStart - r[month: t, .recoveredPreStart]
                            - r[month: t, .waivedPreStart])) < 1e-6 * max(1, preStart))
            stock = r[month: t, .arrearsStock]
            preStart = r[month: t, .arrearsPreStart]
            billed += r[month: t, .billed]
            onTime += r[month: t, .paid]
            lateForSimulatedBills += r[month: t, .recovered] - r[month: t, .recoveredPreStart]
            waivedForSimulatedBills += r[month: t, .waived] - r[month: t, .waivedPreStart]
            // Every bill issued since month 1 is paid on time, paid late, waived, or still owed.
            #expect(
                abs(billed - (onTime + lateForSimulatedBills + waivedForSimulatedBills + (stock - preStart)))
                    < 1e-6 * max(1, billed))
        }
        #expect(r.series(.legalFilings).reduce(0, +) > 0)   // the identities were exercised with lawsuits
        #expect(r.series(.newEnrolments).reduce(0, +) > 0)   // … with instalment plans
        #expect(r.series(.legalRecovered).reduce(0, +) > 0)   // … with court recoveries
        #expect(r.series(.waived).reduce(0, +) > 0)   // … and with collective settlements' waivers
    }

    @Test func ratesStayInUnitIntervalAndCostsAddUp() throws {
        let ensemble = try MonteCarlo.run(try CompiledModel(try Self.smallFullPlan()), threads: 2, keepRecords: true)
        let layout = ensemble.model.layout
        let phaseColumns = layout.phaseCostOffset..<layout.count
        let rates: [Metric] = [
            .collectionRate, .onTimeRate, .voluntaryRate, .onTimeRateYTD, .voluntaryRateYTD,
            .arrearsCollectionRateYTD, .longTermSuccessYTD, .noPaymentShareYTD, .targetWindowRate,
            .arrearsHouseholdShare, .arrearsAge1to2, .arrearsAge3to5, .arrearsAge6to11,
            .arrearsAge12plus, .serviceQuality, .perceivedQuality, .meanTrust, .hardshipShare,
            .grievanceShare, .targetReached
        ]
        let reasons: [Metric] = [
            .reasonInattention, .reasonLowWillingness, .reasonGrievance, .reasonHardship,
            .reasonStrategic, .reasonVacancy
        ]
        let ages: [Metric] = [.arrearsAge1to2, .arrearsAge3to5, .arrearsAge6to11, .arrearsAge12plus]
        for r in ensemble.records {
            for t in 1...r.months {
                for m in rates {
                    let x = r[month: t, m]
                    #expect(x.isNaN || (0...1).contains(x), "\(m.key) = \(x) in month \(t)")
                }
                #expect(!(r[month: t, .voluntaryRate] > r[month: t, .onTimeRate] + 1e-12))
                if r[month: t, .arrearsStock] > 0 {
                    #expect(abs(reasons.reduce(0) { $0 + r[month: t, $1] } - 1) < 1e-9)   // every yuan has a reason
                    #expect(abs(ages.reduce(0) { $0 + r[month: t, $1] } - 1) < 1e-9)
                }
                let levers = CostPart.allCases.reduce(0) { $0 + r[month: t, $1.metric] }
                #expect(abs(r[month: t, .costTotal] - levers) < 1e-6)
                // Every lever cost belongs to the phase that switched the lever on.
                let phases = phaseColumns.reduce(0) { $0 + r[month: t, $1] }
                #expect(abs(r[month: t, .costTotal] - r[month: t, .costStatusQuoDunning] - phases) < 1e-6)
                // Contacts are the dunning rungs' attempts; a pre-due reminder is not dunning.
                let rungs = (layout.contactsOffset..<layout.phaseCostOffset)
                    .filter { !layout.names[$0].hasSuffix("_pre_due") }.reduce(0) { $0 + r[month: t, $1] }
                #expect(r[month: t, .contacts] == rungs)
            }
        }
    }
}
