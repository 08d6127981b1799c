import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimReports

/// 收缴率 by building (docs/MODEL.md §4, building_collection_rate): what each replication records, and what a
/// comparison's Monte Carlo run summarises.
@Suite struct BuildingRateTests {
    /// A mixed-community scenario from Scenarios/mixed, scaled down for a debug build: 240 households in 8
    /// buildings, 12 months after a 12-month warm-up.
    static func mixed(_ name: String, pilot: Pilot? = nil, replications: Int = 6) throws -> Scenario {
        let path = Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/\(name).yaml").path
        var s = try ScenarioLoader.load(path: path).scenario
        s.community.households = 240
        s.community.buildings = 8
        s.community.warmupMonths = 12
        s.months = 12
        s.replications = replications
        s.seed = 20_251_207
        if let pilot { s.pilot = pilot }
        return s
    }

    @Test func buildingRatesWeightedByTheirFeesAverageToTheCommunityRateEveryMonth() throws {
        for r in 0..<3 {
            let simulation = try Fixture.simulation(try Self.mixed("full-plan"), replication: r)
            let record = simulation.run()
            #expect(record.buildings == 8)
            #expect(record.buildingDue.allSatisfy { $0 > 0 })
            #expect(abs(record.buildingDue.reduce(0, +) - simulation.monthlyDue) <= 1e-9 * simulation.monthlyDue)
            for t in 1...record.months {
                var weighted = 0.0
                for b in 0..<8 { weighted += record.collectionRate(month: t, building: b) * record.buildingDue[b] }
                let community = record[month: t, .collectionRate]
                #expect(abs(weighted / simulation.monthlyDue - community) <= 1e-9, "replication \(r), month \(t)")
                for b in 0..<8 {
                    let rate = record.collectionRate(month: t, building: b)
                    #expect(rate >= 0 && rate <= 1 + 1e-9, "building \(b), month \(t): \(rate)")
                }
            }
            // At the end, the rate of the last building equals Simulation's own per-building 收缴率 of month 12
            // (its year is the whole run).
            #expect(abs(record.collectionRate(month: 12, building: 7) - simulation.collectionRate(ofBuilding: 7)) <= 1e-12)
        }
    }

    /// One definition: the recorded rate of every building in every month of two years is Simulation's own rate
    /// from the year's first month, and the rate since month 1 (a pilot's) parts from it in year 2.
    @Test func theRecordedBuildingRateIsTheSimulationsRateFromTheYearsFirstMonthEveryMonth() throws {
        var scenario = try Self.mixed("full-plan")
        scenario.months = 24
        let simulation = try Fixture.simulation(scenario, replication: 1)
        var parted = false
        for t in 1...24 {
            simulation.step()
            let yearStart = 12 * ((t - 1) / 12) + 1
            for b in 0..<8 {
                let recorded = simulation.record.collectionRate(month: t, building: b)
                #expect(
                    recorded.bitPattern == simulation.collectionRate(ofBuilding: b, from: yearStart).bitPattern, "building \(b), month \(t)"
                )
                if t <= 12 {
                    #expect(simulation.collectionRate(ofBuilding: b).bitPattern == recorded.bitPattern)
                } else if abs(simulation.collectionRate(ofBuilding: b) - recorded) > 1e-6 {
                    parted = true
                }
            }
        }
        #expect(parted, "after month 12 the rate since month 1 differs from the year's for some building")
    }

    @Test func pilotBuildingsUnderAPilotOnlyLeverCollectMoreThanTheOthersInMonths3To6() throws {
        // The full bundle in the listed pilot buildings 1, 4 and 6 in months 3–6, everywhere from month 7; the
        // status quo as the baseline, on common random numbers.
        let pilot = Pilot.buildings([1, 4, 6])
        let base = try CompiledModel(try Self.mixed("status-quo", pilot: pilot, replications: 10))
        let challenger = try CompiledModel(try Self.mixed("full-plan", pilot: pilot, replications: 10))
        #expect(challenger.scenario.rollout.contains { $0.buildings == .pilot && $0.startMonth == 3 && $0.endMonth == 6 })
        let result = try Comparison.run(baseline: base, challengers: [challenger], threads: 2)
        let b = try #require(result.baseline.buildings), c = try #require(result.challengers[0].buildings)
        #expect(b.pilotShare == [0, 1, 0, 0, 1, 0, 1, 0] && c.pilotShare == b.pilotShare)
        #expect((0..<8).map(c.isPilot) == [false, true, false, false, true, false, true, false])
        func uplift(_ buildings: [Int], _ t: Int) -> Double {
            buildings.map { c.building($0, month: t).mean - b.building($0, month: t).mean }.reduce(0, +) / Double(buildings.count)
        }
        var report: [String] = []
        for t in 3...6 {
            let pilotUplift = c.pilotGroup(month: t).mean - b.pilotGroup(month: t).mean
            let restUplift = c.restGroup(month: t).mean - b.restGroup(month: t).mean
            report.append("month \(t): pilot +\(pilotUplift), others +\(restUplift)")
            #expect(pilotUplift > restUplift + 0.005, "\(report.last!)")
            // Building by building: the pilot buildings' mean gain is above the other buildings'.
            #expect(uplift([1, 4, 6], t) > uplift([0, 2, 3, 5, 7], t) + 0.005, "month \(t)")
            // Each building's 5–95% range brackets its mean.
            #expect(c.building(1, month: t).p05 <= c.building(1, month: t).mean)
            #expect(c.building(1, month: t).mean <= c.building(1, month: t).p95)
        }
        // Before the pilot (months 1–2) nothing differs anywhere: the same households and luck, no lever yet.
        for t in 1...2 { #expect(abs(uplift(Array(0..<8), t)) <= 1e-12, "month \(t)") }
        #expect(c.pilotGroup(month: 6).mean - b.pilotGroup(month: 6).mean > 0.01, "\(report)")
    }

    @Test func aRandomPilotIsCountedPerReplicationAndBuildingsCSVHasEveryBuildingAndBothGroups() throws {
        let base = try CompiledModel(try Self.mixed("status-quo", pilot: .count(2), replications: 10))
        let plan = try CompiledModel(try Self.mixed("full-plan", pilot: .count(2), replications: 10))
        let result = try Comparison.run(baseline: base, challengers: [plan], threads: 2)
        let rates = try #require(result.challengers[0].buildings)
        // Two of eight buildings per replication: the shares add up to 2, and each is a multiple of 1/10.
        #expect(abs(rates.pilotShare.reduce(0, +) - 2) <= 1e-12)
        #expect(rates.pilotShare.allSatisfy { abs($0 * 10 - ($0 * 10).rounded()) <= 1e-9 })
        let context = ComparisonContext(name: "t", description: "", toolVersion: "", scenarioFiles: [], contentHash: "")
        let csv = try #require(ComparisonOutputs(result: result, context: context, language: .en).buildingsCSV())
        let lines = csv.split(separator: "\n")
        #expect(lines[0] == "strategy,building,pilot_share,month,metric,mean,p05,p95")
        #expect(lines.count == 1 + 2 * (8 + 2) * 12)
        #expect(lines.contains { $0.hasPrefix("mixed-full-plan,pilot,1,6,building_collection_rate,") })
        #expect(lines.contains { $0.hasPrefix("mixed-status-quo,7,") })
        // Runs that do not ask for building rates (every one but a comparison's) collect none.
        #expect(try MonteCarlo.run(plan, replications: 2, threads: 1).buildings == nil)
    }
}
