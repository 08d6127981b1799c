@testable import FeeSimExperiments
import FeeSimModel
@testable import FeeSimReports
import FeeSimScenario
import Foundation
import Testing

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
        ComparisonOutputs(result: result, context: ComparisonContext(name: "t", description: "", toolVersion: "test",
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
        costly.rollout = [Phase(name: "staff", startMonth: 1, endMonth: nil, buildings: .all, levers: LeverSet([]),
                                fixedCost: 5_000_000)]
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
            let v = Comparison.paired(c, against: Comparison.flow(of: b), phases: plan.scenario.rollout.count,
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
        #expect(lo == 0 && hi > 0 && hi < 0.02)              // 0 of 200: upper bound ≈ 0.019
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
        let outputs = ComparisonOutputs(result: result, context: ComparisonContext(
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

/// Money and parameter values as the reports print them.
@Suite struct ReportNumberTests {
    @Test func chineseTablesCountInWanAndYiWithATrueMinus() {
        #expect(Language.zh.money(672_549) == "67.3万")
        #expect(Language.zh.money(-27_740) == "−2.8万")
        #expect(Language.zh.money(117_667_000) == "1.18亿")
        #expect(Language.zh.money(9_000) == "9,000")
        #expect(Language.en.money(-27_740) == "−27,740" && Language.en.money(1_176_670) == "1,176,670")
        #expect(Language.en.money(.nan) == "–" && Language.zh.money(.infinity) == "–")
        #expect(Language.zh.interval("1", "0", "2") == "1（0 – 2）" && Language.en.interval("1", "0", "2") == "1 (0 – 2)")
    }

    @Test func chineseSourcesTranslateTheProjectsOwnWordsOnly() {
        #expect(Language.zh.source("assumption") == "假设")
        #expect(Language.zh.source("calibrated; assumption") == "校准；假设")
        #expect(Language.zh.source("assumption (a few staff hours)") == "假设 (a few staff hours)")
        #expect(Language.zh.source("the plan §2: size is an assumption") == "计划 §2: size is an assumption")
        #expect(Language.en.source("calibrated; assumption") == "calibrated; assumption")
    }

    @Test func reportsNameFilesByTheirPathUnderScenariosOnce() {
        #expect(ComparisonOutputs.shortPaths(["/a/Scenarios/mixed/full-plan.yaml", "/a/Scenarios/strategies/full-plan.yaml",
                                              "/a/Scenarios/mixed/full-plan.yaml", "/tmp/x/mine.yaml"])
                == ["mixed/full-plan.yaml", "strategies/full-plan.yaml", "mine.yaml"])
    }

    @Test func parameterValuesPrintToThreeSignificantDigits() {
        #expect(ComparisonOutputs.significant(0.12000000000000001) == "0.12")
        #expect(ComparisonOutputs.significant(0.33499999999999996) == "0.335")
        #expect(ComparisonOutputs.significant(0.0267) == "0.0267" && ComparisonOutputs.significant(30_000) == "30,000")
    }
}

/// Charts that do not mislead: a cut axis is marked, every phase band is labelled, legends do not overlap.
@Suite struct ChartTests {
    static func chart(yFrom: Double, labels: [String]) -> String {
        let series = labels.map { ChartSeries(name: $0, color: "#000", values: Array(repeating: 0.7, count: 24)) }
        return SVGChart.lines(title: "t", series: series, months: 24, yRange: (yFrom, 1), yFormat: { "\($0)" }, xLabel: "Month",
                              spans: [ChartSpan(from: 1, to: 2, label: "preparation", fill: "#eee"),
                                      ChartSpan(from: 3, to: 6, label: "pilot", fill: "#ffe")], width: 460, height: 266)
    }

    @Test func aCutAxisCarriesABreakMarkAndAZeroBasedOneDoesNot() {
        #expect(Self.chart(yFrom: 0.5, labels: ["a"]).contains("class=\"break\""))
        #expect(!Self.chart(yFrom: 0, labels: ["a"]).contains("class=\"break\""))
    }

    @Test func aNewYearIsMarkedWhereTheYearToDateRateStartsAgain() {
        let series = [ChartSeries(name: "a", color: "#000", values: Array(repeating: 0.7, count: 24))]
        let svg = SVGChart.lines(title: "t", series: series, months: 24, yRange: (0.5, 1), yFormat: { "\($0)" },
                                 xLabel: "Month", yearStarts: [(13, "year 2"), (25, "year 3")])
        #expect(svg.components(separatedBy: "class=\"year\"").count - 1 == 1)   // month 25 is past the horizon
        #expect(svg.contains(">year 2</text>") && !svg.contains("year 3"))
    }

    @Test func tornadoBarsRunFromTheReferenceValueToEachEnd() throws {
        // Base 100 on a 0…200 axis: the low bar (50) ends at the base line, the high bar (180) starts there.
        let svg = SVGChart.tornado(title: "t", base: 100, rows: [(label: "a", atLow: 50, atHigh: 180)],
                                   format: { "\($0)" }, lowLabel: "low", highLabel: "high")
        let rects = svg.components(separatedBy: "<rect ").dropFirst().filter { $0.contains("height=\"14\"") }
        #expect(rects.count == 2)
        func attr(_ t: String, _ name: String) -> Double {
            let start = t.range(of: "\(name)=\"")!.upperBound
            return Double(t[start...].prefix { $0 != "\"" })!
        }
        let baseX = try #require(svg.components(separatedBy: "stroke=\"#1d2733\"").first?.components(separatedBy: "<line x1=\"").last)
        let x = Double(baseX.prefix { $0 != "\"" })!
        #expect(abs(attr(rects[0], "x") + attr(rects[0], "width") - x) < 0.11)     // low bar ends at the base
        #expect(abs(attr(rects[1], "x") - x) < 0.11)                               // high bar starts there
        #expect(attr(rects[1], "width") > attr(rects[0], "width"))                 // 80 > 50
        #expect(svg.contains(">low</text>") && svg.contains(">high</text>"))
    }

    @Test func categoryLinesMarkEveryPointAndLabelEveryCategory() {
        let series = [ChartSeries(name: "A", color: "#000", values: [0.2, 0.5, 0.9]),
                      ChartSeries(name: "B", color: "#111", values: [0.8, 0.5, 0.1])]
        let svg = SVGChart.categoryLines(title: "t", categories: ["0", "10k", "20k"], series: series, yRange: (0, 1),
                                         yFormat: { "\($0)" }, xLabel: "λ")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 6)
        #expect(svg.contains(">10k</text>") && svg.contains(">A</text>") && svg.contains(">B</text>"))
    }

    @Test func narrowPhaseBandsAreLabelledToo() {
        let svg = Self.chart(yFrom: 0.5, labels: ["a"])
        #expect(svg.contains(">preparation</text>") && svg.contains(">pilot</text>"))
        #expect(svg.contains("rotate(-90"))                                  // the two-month band, turned
    }

    @Test func legendEntriesFlowWithoutOverlapping() throws {
        let names = ["median · 5–95% of replications", "Baseline", "a third, longer series name"]
        let svg = Self.chart(yFrom: 0.5, labels: names)
        // x of each legend label, in order; each starts after the previous one's estimated end, or on a new row.
        let texts = svg.components(separatedBy: "<text ").filter { $0.contains("class=\"lg\"") }
        let positions = texts.map { t -> (Double, Double) in
            func attr(_ name: String) -> Double {
                let start = t.range(of: "\(name)=\"")!.upperBound
                return Double(t[start...].prefix { $0 != "\"" })!
            }
            return (attr("x"), attr("y"))
        }
        #expect(positions.count == 3)
        for k in 1..<positions.count where positions[k].1 == positions[k - 1].1 {
            #expect(positions[k].0 - positions[k - 1].0 > 6 * Double(names[k - 1].count))   // past the previous name
        }
    }
}

/// Chinese reports name every parameter in Chinese.
@Suite struct ChineseNameTests {
    @Test func everyDeclaredParameterAndGroupHasAChineseName() throws {
        // The full plan has every kind of path: scalars, segments, both ladders, phases (with ends) and the pilot.
        let s = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/full-plan.yaml").path).scenario
        #expect(s.parameterPaths.contains { $0.path == "pilot.buildings" } && s.parameterPaths.contains { $0.path.hasSuffix("end_month") })
        var missing: [String] = []
        for p in s.parameterPaths where !p.chineseName.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) {
            missing.append("\(p.path) (\(p.name): '\(p.chineseName)')")
        }
        #expect(missing.isEmpty, "declare a Chinese name with: \(missing.joined(separator: ", "))")
        let units = Set(s.parameterPaths.map(\.unit)).sorted().filter { Language.unitsZh[$0] == nil }
        #expect(units.isEmpty, "add to Language.unitsZh: \(units)")
        for group in InformationGroup.allCases { #expect(Language.zh.groupName(group.name) == group.chinese) }
    }
}
