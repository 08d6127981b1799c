import FeeSimExperiments
import FeeSimModel
import Foundation

extension Labels {
    static let sheetSummary = Text("Summary", "一览")
    static let ytdRate = Text("收缴率, year to date (mean)", "年初至今收缴率（均值）")
    static let sheetMeasures = Text("Measures", "行业指标")
    static let sheetTargets = Text("Targets", "目标")
    static let sheetCostBenefit = Text("Cost-benefit", "成本收益")
    static let sheetMonthly = Text("Monthly", "逐月")
    static let sheetAssumptions = Text("Assumptions", "假设与参数")
    static let low = Text("95% interval, low", "95% 区间下限")
    static let high = Text("95% interval, high", "95% 区间上限")
    static let p05 = Text("5th percentile", "第 5 百分位")
    static let p95 = Text("95th percentile", "第 95 百分位")
    static let parameter = Text("Parameter", "参数")
    static let meaning = Text("Meaning", "含义")
    static let value = Text("Value", "取值")
    static let unit = Text("Unit", "单位")
    static let allowed = Text("Allowed", "允许范围")
    static let arrearsStockYuan = Text("Arrears owed, yuan", "欠费存量（元）")
    static let costToDate = Text("Cost this month, yuan", "本月成本（元）")
    static let intervalCovers = Text("Interval covers", "区间含义")
    static let overParameters = Text("parameter uncertainty", "参数不确定性")
    static let monteCarloOnly = Text("Monte Carlo variation only", "仅随机波动")
}

extension ComparisonOutputs {
    /// The comparison as an Excel workbook, numbers as numbers with their formats: Summary (the first screen's
    /// table), Measures, Targets, Cost-benefit, Monthly (every strategy's year-to-date 收缴率, 主动缴费率, arrears and
    /// cost by month) and Assumptions (every parameter of the baseline with unit, range and source).
    public func writeWorkbook(to path: String) throws {
        let book = try Workbook(path: path)
        typealias C = Workbook.Cell
        let names = result.variants.enumerated().map { k, e in title(e) + (k == 0 ? baselineMark : "") }
        let psa = uncertainty?.analysis.strategies

        // Summary.
        let collection = result.baseline.model.layout.names.firstIndex(of: Metric.collectionRate.key)
        var summary: [[C]] = []
        for (k, e) in result.variants.enumerated() {
            var row: [C] = [.text(names[k])]
            row += glanceMonths.map { m in collection.map { .number(e.monthly[m - 1][$0].mean, .percent) } ?? .empty }
            if let f = psa?[k] {
                row += [
                    .number(f.netBenefit, .yuan), .number(f.netBenefitLow, .yuan), .number(f.netBenefitHigh, .yuan),
                    .text(L(Labels.overParameters))
                ]
            } else if k == 0 {
                row += [.number(0, .yuan), .empty, .empty, .text(L(Labels.monteCarloOnly))]
            } else {
                let f = result.costBenefit[k - 1].figure(.netBenefit)!
                row += [.number(f.mean, .yuan), .number(f.ciLow, .yuan), .number(f.ciHigh, .yuan), .text(L(Labels.monteCarloOnly))]
            }
            if let psa { row.append(.number(psa[k].pBest, .percent)) }
            row.append(.number(result.targets[k].reachByFirstMonth, .percent))
            summary.append(row)
        }
        let t = result.targetsUsed
        try book.addSheet(
            L(Labels.sheetSummary),
            header: [L(Labels.variant)] + glanceMonths.map { format(Labels.rateToMonth, $0) }
                + [
                    format(Labels.netBenefitVsBase, title(result.baseline)), L(Labels.low), L(Labels.high),
                    L(Labels.intervalCovers)
                ]
                + (psa == nil ? [] : [L(Labels.pBest)])
                + [format(Labels.reachWindow, pct(t.collectionRate, digits: 0), t.firstMonth)],
            rows: summary, widths: [30] + glanceMonths.map { _ in 14 } + [18, 14, 14, 24, 12, 22])

        // Measures.
        let years = HorizonMetrics.years.filter { 12 * $0 <= result.baseline.model.months }
        let measureNames =
            years.map { "collection_rate_year_\($0)" }
            + [
                "target_window_rate", "on_time_rate_year_1", "voluntary_rate_year_1", "arrears_collection_rate_year_1",
                "long_term_success_year_1", "no_payment_share_year_1"
            ]
        try book.addSheet(
            L(Labels.sheetMeasures), header: Array(measureHeader.dropLast()),
            rows: result.variants.enumerated().map { k, e in
                [.text(names[k])] + measureNames.map { .number(e.horizon($0)?.mean ?? .nan, .percent) }
            }, widths: [30] + measureNames.map { _ in 14 })

        // Targets.
        try book.addSheet(
            L(Labels.sheetTargets), header: Array(targetHeader.dropLast()),
            rows: zip(result.targets, names).map { row, name in
                [
                    .text(name), .number(row.reachByFirstMonth, .percent), .number(row.reachBySecondMonth, .percent),
                    .number(row.voluntaryReach, .percent), .number(row.longTermCleared, .percent),
                    .number(row.longTermUpliftVsBaseline, .percent)
                ]
            }, widths: [30, 18, 18, 18, 18, 18])

        // Cost-benefit: the report's one set of money figures, then the Monte Carlo-only appendix figures.
        try book.addSheet(
            L(Labels.sheetCostBenefit),
            header: [
                L(Labels.variant), L(Labels.extraRevenue), L(Labels.extraCost), L(Labels.netBenefit),
                L(Labels.low), L(Labels.high), L(Labels.intervalCovers), L(Labels.pPositive),
                L(Labels.payback), L(Labels.npv), L(Labels.bcr), L(Labels.costPerYuan)
            ],
            rows: zip(result.costBenefit, names.dropFirst()).enumerated().map { i, pair in
                let (row, name) = pair
                let m = money(i + 1)
                let payback = row.figure(.paybackMonth)!.mean
                return [
                    .text(name), .number(m.revenue, .yuan), .number(m.cost, .yuan), .number(m.net, .yuan),
                    .number(m.low, .yuan), .number(m.high, .yuan), .text(netBenefitCovers),
                    .number(m.pPositive, .percent),
                    payback.isFinite ? .number(payback, .integer) : .text(L(Labels.never)),
                    .number(row.figure(.npv)!.mean, .yuan),
                    .number(row.figure(.benefitCostRatio)!.mean, .decimal),
                    .number(row.figure(.costPerExtraYuan)!.mean, .decimal)
                ]
            }, widths: [30, 14, 14, 14, 14, 14, 28, 12, 12, 14, 12, 14])

        // Monthly, long: one row per strategy and month.
        let layout = result.baseline.model.layout.names
        let series: [(String, Workbook.NumberFormat)] = [
            (Metric.collectionRate.key, .percent),
            (Metric.voluntaryRateYTD.key, .percent),
            (Metric.arrearsStock.key, .yuan), (Metric.costTotal.key, .yuan)
        ]
        var monthly: [[C]] = []
        for (k, e) in result.variants.enumerated() {
            for m in 1...e.model.months {
                var row: [C] = [.text(names[k]), .number(Double(m), .integer)]
                for (s, (key, f)) in series.enumerated() {
                    guard let c = layout.firstIndex(of: key) else { row.append(.empty); continue }
                    let summary = e.monthly[m - 1][c]
                    row.append(.number(summary.mean, f))
                    if s == 0 { row += [.number(summary.p05, f), .number(summary.p95, f)] }
                }
                monthly.append(row)
            }
        }
        try book.addSheet(
            L(Labels.sheetMonthly),
            header: [
                L(Labels.variant), L(Labels.month), L(Labels.ytdRate), L(Labels.p05), L(Labels.p95),
                L(Labels.voluntaryRate) + (language == .zh ? "（年初至今）" : ", year to date"), L(Labels.arrearsStockYuan), L(Labels.costToDate)
            ],
            rows: monthly, widths: [30, 8, 16, 14, 14, 16, 18, 16])

        // Assumptions: every parameter of the baseline scenario.
        let base = result.baseline.model.scenario
        try book.addSheet(
            L(Labels.sheetAssumptions),
            header: [
                "path", L(Labels.parameter), L(Labels.meaning), L(Labels.value), L(Labels.unit),
                L(Labels.allowed), L(Labels.source)
            ],
            rows: base.parameterPaths.map { p in
                [
                    .text(p.path), .text(language.parameterName(p.info)), .text(p.meaning), .number(p.value(in: base), .decimal),
                    .text(language.unit(p.unit)), .text(p.allowed), .text(language.source(p.source))
                ]
            }, widths: [38, 24, 50, 10, 10, 24, 60])
        try book.close()
    }
}
