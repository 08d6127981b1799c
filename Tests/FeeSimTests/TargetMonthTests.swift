import FeeSimModel
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimReports

/// "收缴率 first reaches 90% in month m" has one meaning: the first month the median over the replications of 收缴率
/// over the last 12 months (the default fan chart's line) is at the target — not the year-to-date 收缴率's.
@Suite struct TargetMonthTests {
    /// Two years of three replications whose rolling 12-month 收缴率 crosses 90% in month 16 while the year-to-date
    /// 收缴率, starting again in month 13, crosses it only in month 22 (in year 1 the two are equal, as the model's).
    static func records() -> [MonthlyRecord] {
        let layout = MetricLayout(statusQuo: .statusQuo, smart: .statusQuo, phases: [])
        return [-0.004, 0, 0.004].map { shift in
            var record = MonthlyRecord(months: 24, layout: layout)
            for t in 1...24 {
                let rolling: Double, yearToDate: Double
                if t <= 12 {
                    rolling = 0.5 + 0.03 * Double(t)   // 0.53 … 0.86: below 0.9 all year
                    yearToDate = rolling
                } else {
                    rolling = 0.86 + 0.01 * Double(t - 12)   // 0.87, 0.88, 0.89, 0.90 (month 16), …
                    yearToDate = 0.5 + 0.04 * Double(t - 12)   // 0.54 in month 13 … 0.86 in month 21, 0.90 in 22
                }
                record[month: t, .collectionRate12Months] = rolling + shift
                record[month: t, .collectionRate] = yearToDate + shift
            }
            return record
        }
    }

    /// The records' summaries across replications by month, as ``Ensemble/monthly`` holds them.
    static func monthly(_ records: [MonthlyRecord]) -> [[SampleSummary]] {
        let columns = records[0].layout.count
        return (1...records[0].months).map { t in (0..<columns).map { c in SampleSummary(records.map { $0[month: t, c] }) } }
    }

    @Test func theTargetMonthIsTheRolling12MonthMediansFirstMonthAtTheTargetNotTheYearToDates() throws {
        let records = Self.records()
        let monthly = Self.monthly(records)
        let ytd = monthly.firstIndex { $0[Metric.collectionRate.rawValue].p50 >= 0.9 - 1e-12 }.map { $0 + 1 }
        #expect(ytd == 22, "the constructed year-to-date median crosses in another month")
        var tally = TargetTally(targets: PlanTargets(collectionRate: 0.9 - 1e-12), replications: records.count)
        for r in records { tally.add(r) }
        let row = tally.row(variant: "v", monthly: monthly, baselineCleared: .nan)
        #expect(row.medianFirstMonthAtTarget == 16)
        #expect(TargetTally.firstMonthAtTarget(monthly, target: 0.9 - 1e-12) == 16)
        // The median, not the first replication to get there (0.904 in month 16 is the upper one's, 0.896 the lower's).
        #expect(TargetTally.firstMonthAtTarget(monthly, target: 0.903) == 17)
        #expect(TargetTally.firstMonthAtTarget(monthly, target: 0.99) == nil)
    }

    /// A tiny mixed community: status quo and full plan, 24 months, 4 replications.
    static func comparison(targetRate: Double) throws -> StrategyComparison {
        let (base, plan) = try DataDictionaryTests.mixed()
        func longer(_ m: CompiledModel) throws -> CompiledModel {
            var s = m.scenario
            s.months = 24
            s.replications = 4
            return try CompiledModel(s)
        }
        return try Comparison.run(
            baseline: try longer(base), challengers: [try longer(plan)], threads: 2,
            targets: PlanTargets(collectionRate: targetRate))
    }

    @Test func theDecisionSentenceNamesTheRolling12MonthRateAndTheMonthItsMedianLineCrossesTheTarget() throws {
        // A target the full plan's median line reaches: its own value in month 18, so the crossing is at or before 18.
        let probe = try Self.comparison(targetRate: 0.9)
        let line = probe.challengers[0].monthly.map { $0[Metric.collectionRate12Months.rawValue].p50 }
        let target = (line[17] * 1000).rounded(.down) / 1000
        let result = try Self.comparison(targetRate: target)
        let expected = try #require(line.firstIndex { $0 >= target }.map { $0 + 1 })
        #expect(result.targets[1].medianFirstMonthAtTarget == expected)
        let context = ComparisonContext(name: "t", description: "", toolVersion: "", scenarioFiles: [], contentHash: "")
        for language in [Language.en, .zh] {
            let outputs = ComparisonOutputs(result: result, context: context, language: language)
            let sentence = outputs.decision.joined()
            let reach = outputs.format(Labels.decisionReach, outputs.pct(target, digits: 0), expected)
            #expect(sentence.contains(reach), "\(language): \(sentence)")
            #expect(sentence.contains(language == .zh ? "近 12 个月收缴率" : "收缴率 over the last 12 months"))
            #expect(outputs.targetHeader.last?.contains(language == .zh ? "近 12 个月收缴率" : "over the last 12 months") == true)
        }
        // targets.csv names the column for the series and holds the same month.
        let csv = ComparisonOutputs(result: result, context: context, language: .en).targetsCSV()
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(csv[0].last == "median_first_month_12m_at_target")
        #expect(csv[2].last == String(expected))   // the last column (a title may hold a quoted comma)
    }
}
