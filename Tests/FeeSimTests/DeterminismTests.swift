import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import Testing

/// Reproducibility: thread count never matters, and scenarios share their random numbers.
@Suite struct DeterminismTests {
    /// Runs and returns (monthly.csv, replications.csv) as the CLI would write them.
    static func outputs(_ model: CompiledModel, replications: Int, threads: Int, exactLimit: Int? = nil)
        throws -> (String, String, Ensemble)
    {
        var rows = RunOutputs.replicationsHeader(model)
        let ensemble = try MonteCarlo.run(
            model, replications: replications, threads: threads, keepRecords: true,
            exactLimit: exactLimit, each: { rows += RunOutputs.replicationRow($0) })
        return (RunOutputs.monthlyCSV(ensemble), rows, ensemble)
    }

    @Test func oneAndTwoThreadsWriteByteIdenticalCSVs() throws {
        let model = try CompiledModel(try AccountingTests.smallFullPlan())
        let one = try Self.outputs(model, replications: 5, threads: 1)
        let two = try Self.outputs(model, replications: 5, threads: 2)
        #expect(one.0 == two.0)
        #expect(one.1 == two.1)
        // and replication r is the same whether run alone or among others
        let alone = try Simulation(model: model, replication: 3).run()
        #expect(alone.values.map(\.bitPattern) == one.2.records[3].values.map(\.bitPattern))   // NaN included
    }

    @Test func streamedQuantilesPastTheExactLimitAreStillThreadIndependent() throws {
        var s = try AccountingTests.smallFullPlan()
        s.community.households = 120
        s.community.buildings = 4
        s.months = 6
        let model = try CompiledModel(s)
        let one = try Self.outputs(model, replications: 24, threads: 1, exactLimit: 8)
        let two = try Self.outputs(model, replications: 24, threads: 2, exactLimit: 8)
        #expect(one.0 == two.0)
        #expect(one.1 == two.1)
    }

    @Test func scenariosThatDifferOnlyInLeversSeeIdenticalHardshipPaths() throws {
        let plan = try AccountingTests.smallFullPlan()
        var statusQuo = plan
        statusQuo.rollout = []
        let a = try Fixture.simulation(plan, replication: 2)
        let b = try Fixture.simulation(statusQuo, replication: 2)
        #expect(a.pilotBuildings == b.pilotBuildings)
        var differentPayments = false
        for _ in 1...plan.months {
            a.step()
            b.step()
            for i in 0..<plan.community.households {
                #expect(a.isInHardship(i) == b.isInHardship(i))
                if a.arrearsMonths(of: i) != b.arrearsMonths(of: i) { differentPayments = true }
            }
        }
        #expect(differentPayments)   // the levers did change behaviour; only the luck is shared
    }

    @Test func differentSeedsGiveDifferentRuns() throws {
        var s = try AccountingTests.smallFullPlan()
        let a = try Fixture.simulation(s).run()
        s.seed += 1
        let b = try Fixture.simulation(s).run()
        #expect(a != b)
    }
}
