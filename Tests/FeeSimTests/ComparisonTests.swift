import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimReports

@Suite struct ComparisonTests {
    /// The mixed community's status quo and full plan, scaled down for speed.
    static func pair(replications: Int = 30) throws -> (CompiledModel, CompiledModel) {
        func load(_ name: String) throws -> Scenario {
            var s = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/\(name).yaml").path).scenario
            s.community.households = 400
            s.community.buildings = 8
            s.months = 12
            s.replications = replications
            // No collective dispute at the start: where the plan's settlement ends one, the plan's revenue no
            // longer shares the baseline's luck, and the pairing tests below are about the households' luck.
            s.community.disputeBuildings = 0
            return s
        }
        return (try CompiledModel(load("mixed/status-quo")), try CompiledModel(load("mixed/full-plan")))
    }

    static func outputs(_ result: StrategyComparison, _ language: Language = .en) -> ComparisonOutputs {
        ComparisonOutputs(
            result: result,
            context: ComparisonContext(
                name: "t", description: "", toolVersion: "test",
                scenarioFiles: [], contentHash: ""), language: language)
    }

    @Test func theReportOpensWithTheDecisionAndItsFiguresAsEveryTableShowsThem() throws {
        let (base, plan) = try Self.pair(replications: 8)
        let result = try Comparison.run(baseline: base, challengers: [plan], threads: 2)
        let out = Self.outputs(result)
        let first = try #require(out.findings.first)
        let net = result.costBenefit[0].figure(.netBenefit)!
        #expect(net.mean > 0)
        #expect(first.hasPrefix("**Decision: choose \(plan.scenario.title("en")).**"))
        // The same net benefit, with the same interval, in the decision, the first table and the cost table.
        let shown = Language.en.interval(Format.yuan(net.mean, in: .en), Format.yuan(net.ciLow, in: .en), Format.yuan(net.ciHigh, in: .en))
        #expect(first.contains(Format.yuan(net.mean, in: .en)))
        #expect(out.glanceRows[1].contains(shown) && out.costRows[0].contains(shown))
        #expect(!out.appendixHeader.contains { $0.hasPrefix("Net benefit") })   // the appendix never shows a second one
        #expect(Self.outputs(result, .zh).findings.first?.hasPrefix("**决策建议：选择") == true)
    }

    @Test func whenNothingPaysTheDecisionSaysWhy() throws {
        var (base, plan) = try Self.pair(replications: 4)
        var costly = plan.scenario
        costly.rollout = [
            Phase(
                name: "staff", startMonth: 1, endMonth: nil, buildings: .all, levers: LeverSet([]),
                fixedCost: 5_000_000)
        ]
        plan = try CompiledModel(costly)
        let result = try Comparison.run(baseline: base, challengers: [plan], threads: 2)
        let first = try #require(Self.outputs(result).findings.first)
        #expect(first.hasPrefix("**No strategy pays for itself here.**"), "\(first)")
    }

    @Test func presentValueOfAConstantStreamMatchesTheAnnuityFormula() {
        let r = Comparison.monthlyRate(annual: 0.04)
        #expect(abs(pow(1 + r, 12) - 1.04) < 1e-12)
        let pv = Comparison.presentValue(Array(repeating: 1000, count: 36), monthlyRate: r)
        let closedForm = 1000 * (1 - pow(1 + r, -36)) / r
        #expect(abs(pv - closedForm) < 1e-8)
        #expect(Comparison.presentValue([500], monthlyRate: 0) == 500)
    }

    @Test func paybackIsTheMonthTheCumulativeNetTurnsAndStaysNonNegative() {
        #expect(Comparison.paybackMonth([-100, 30, 30, 40, 10]) == 4)
        #expect(Comparison.paybackMonth([-100, 150, -100, 20]) == nil)
        #expect(Comparison.paybackMonth([5, 5]) == 1)
        #expect(Comparison.paybackMonth([-1, -1]) == nil)
    }

    @Test func netBenefitIsExtraRevenueMinusExtraCostReplicationByReplication() throws {
        let (base, plan) = try Self.pair(replications: 6)
        let keys = CostBenefitFigure.all(phases: plan.scenario.rollout.map(\.name))
        for r in 0..<6 {
            let b = try Simulation(model: base, replication: r).run()
            let c = try Simulation(model: plan, replication: r).run()
            let v = Comparison.paired(
                c, against: Comparison.flow(of: b), phases: plan.scenario.rollout.count,
                monthlyRate: 0.003)
            func x(_ k: CostBenefitFigure) -> Double { v[keys.firstIndex(of: k)!] }
            let revenue = c.series(.cashIn).reduce(0, +) - b.series(.cashIn).reduce(0, +)
            let cost = c.series(.costTotal).reduce(0, +) - b.series(.costTotal).reduce(0, +)
            #expect(abs(x(.extraRevenue) - revenue) < 1e-6)
            #expect(abs(x(.extraPaid) + x(.extraRecovered) - revenue) < 1e-6)
            // Brought forward: how much less is overdue at the horizon; the rest is revenue the baseline never had owed.
            let lessOverdue = b[month: b.months, .arrearsStock] - c[month: c.months, .arrearsStock]
            #expect(abs(x(.extraRevenueTiming) - lessOverdue) < 1e-6)
            #expect(abs(x(.extraRevenueTiming) + x(.extraRevenuePermanent) - revenue) < 1e-6)
            #expect(abs(x(.extraCost) - cost) < 1e-6)
            #expect(abs(x(.netBenefit) - (revenue - cost)) < 1e-6)
            // Cost splits add up: by lever, and by phase plus what lies outside the phases.
            let levers = CostPart.allCases.reduce(0) { $0 + x(.costPart($1)) }
            #expect(abs(levers - cost) < 1e-6)
            let phases = plan.scenario.rollout.reduce(0) { $0 + x(.phaseCost($1.name)) }
            #expect(abs(phases + x(.outsidePhases) - cost) < 1e-6)
        }
    }

    @Test func pairedIntervalIsNarrowerThanTheUnpairedOne() throws {
        let (base, plan) = try Self.pair()
        let result = try Comparison.run(baseline: base, challengers: [plan], threads: 2)
        let revenue = result.costBenefit[0].figure(.extraRevenue)!
        let net = result.costBenefit[0].figure(.netBenefit)!
        let pairedHalf = (revenue.ciHigh - revenue.ciLow) / 2
        // Common random numbers remove the households' shared luck: the paired half-width is √(1 − ρ) times the
        // unpaired one for a correlation ρ between the two runs' revenues. The shared warm-up and draws give
        // ρ ≈ 0.3 here (model v3: mediation, lawsuits and plans end disputes differently in the plan, and a
        // dispute that ends is settled in one lump payment or withheld, which sends households far apart), so
        // the paired interval is about 0.8 of the unpaired one, and at most 0.9 (ρ > 0.19).
        #expect(pairedHalf < revenue.unpairedHalfWidth * 0.9)
        #expect(abs(net.mean - (revenue.mean - result.costBenefit[0].figure(.extraCost)!.mean)) < 1e-6)
        #expect(result.targets.count == 2)
        #expect((0...1).contains(result.targets[1].reachByFirstMonth))
    }

    @Test func challengerOverAnotherCommunityIsRefused() throws {
        let (base, _) = try Self.pair()
        var other = base.scenario
        other.community.households = 401
        #expect(throws: ComparisonError.self) {
            try Comparison.run(baseline: base, challengers: [try CompiledModel(other)])
        }
    }

    @Test func wilsonIntervalBracketsTheProportion() {
        let (lo, hi) = Comparison.wilson(successes: 0, n: 200)
        #expect(lo == 0 && hi > 0 && hi < 0.02)   // 0 of 200: upper bound ≈ 0.019
        let (a, b) = Comparison.wilson(successes: 100, n: 200)
        #expect(abs((a + b) / 2 - 0.5) < 1e-12 && abs(b - a - 2 * 0.0685) < 0.002)
    }

    @Test(arguments: Fixture.shippedCommunities.map { "\($0)/compare.yaml" })
    func everyShippedComparisonFileRuns(file: String) throws {
        let c = try ComparisonFile.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/\(file)").path)
        #expect(c.variants.count == 7)
        func small(_ l: LoadedScenario) throws -> CompiledModel {
            var s = l.scenario
            s.replications = 3
            s.months = 8
            return try CompiledModel(s)
        }
        let result = try Comparison.run(baseline: try small(c.baseline), challengers: try c.variants.map(small), threads: 2)
        #expect(result.costBenefit.count == 7)
        let outputs = ComparisonOutputs(
            result: result,
            context: ComparisonContext(
                name: c.name, description: c.description("zh"), toolVersion: "test", scenarioFiles: [], contentHash: c.contentHash),
            language: .zh)
        #expect(outputs.markdown().contains("收缴率"))
        #expect(outputs.targetsCSV().split(separator: "\n").count == 9)
        // The board's table: 收缴率 to month 6 (month 12 and 24 are past this 8-month horizon), read from the
        // year-to-date series, and Monte Carlo intervals said to be only that.
        #expect(outputs.glanceMonths == [6])
        let column = try #require(result.baseline.model.layout.names.firstIndex(of: "collection_rate"))
        for (row, e) in zip(outputs.glanceRows, result.variants) {
            #expect(row[1] == String(format: "%.1f%%", e.monthly[5][column].mean * 100))
            #expect(row.count == outputs.glanceHeader.count)
        }
        #expect(outputs.markdown().contains("## 一览") && outputs.glanceCaption.contains("仅反映随机波动"))
        // Every cost figure has a label of its own: the extra cost outside the phases is not the status-quo ladder's.
        let labels = Set(result.costBenefit[0].figures.map { outputs.label($0.figure) })
        #expect(labels.count == result.costBenefit[0].figures.count)
    }

    @Test func excelFlagAddsAByteOrderMark() {
        let plain = ComparisonOutputs.csvData("a,b\n", excel: false)
        let excel = ComparisonOutputs.csvData("a,b\n", excel: true)
        #expect(Array(excel.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(excel.dropFirst(3) == plain)
    }
}
