import FeeSimExperiments
import FeeSimModel
import Foundation

extension Labels {
    static let sheetSummary = Text("Summary", "一览")
    static let ytdRate = Text("收缴率, year to date (mean)", "当年累计收缴率（均值）")
    static let rate12m = Text("收缴率, last 12 months (mean)", "近 12 个月收缴率（均值）")
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
    static let path = Text("Path in the scenario file", "情景文件中的路径")
    static let arrearsStockYuan = Text("Arrears owed", "欠费存量")
    static let costToDate = Text("Cost this month", "本月成本")
    static let intervalCovers = Text("Interval covers", "区间含义")
    static let overParameters = Text("parameter uncertainty", "参数不确定性")
    static let monteCarloOnly = Text("Monte Carlo variation only", "仅随机波动")
    static let paybackMean = Text(
        "Payback month (mean over the replications that pay back)", "回本月份（仅对回本的重复模拟取均值）")
    static let paybackShare = Text("Share of replications that pay back", "回本的重复模拟占比")
    static let neverPaysBack = Text("never", "未回本")
    static let workbookRates = Text(
        "收缴率: mean over the replications (the Monthly sheet adds their 5th and 95th percentiles).",
        "收缴率：各次重复模拟的均值（逐月表另列第 5、95 百分位）。")
    static let workbookNet = Text("Net benefit: %@.", "净收益：%@。")
    static let workbookSets = Text(
        "Net benefit, its interval and P(best) over %d parameter sets × %d replications each.",
        "净收益、其区间与最优概率基于 %d 组参数 × 每组 %d 次重复模拟。")
    static let chartRates = Text("收缴率 by month (last 12 months, mean)", "逐月收缴率（近 12 个月，均值）")
    static let chartNet = Text("Net benefit vs the baseline", "相对基线的净收益")
}

extension ComparisonOutputs {
    /// The workbook's money format: 万元 in Chinese (the report's 12.3万), whole yuan in English (12,346).
    var moneyFormat: Workbook.NumberFormat { language == .zh ? .wan : .yuan }

    /// A money column's header with its unit: "…（万元）" in Chinese, "…, yuan" in English.
    func moneyHeader(_ text: Text) -> String { L(text) + (language == .zh ? "（万元）" : ", yuan") }

    /// The context row over every sheet: the comparison, its community and run (the report's header line), and
    /// what the intervals cover, in the report's words.
    var workbookContext: String {
        var parts = ["\(context.name) — \(metaLine)", L(Labels.workbookRates), format(Labels.workbookNet, netBenefitCovers)]
        if let sets = uncertainty?.analysis.sets {
            parts.append(format(Labels.workbookSets, sets.sets.count, sets.replications))
        }
        return parts.joined(separator: language == .zh ? "" : " ")
    }

    /// The comparison as an Excel workbook, numbers as numbers with their formats, each sheet under the context
    /// row and set up for printing: Summary (the first screen's table, with a native line chart of every
    /// strategy's monthly 收缴率 and a column chart of the net benefits with their interval), Measures, Targets,
    /// Cost-benefit, Monthly (every strategy's year-to-date 收缴率, 主动缴费率, arrears and cost by month), By
    /// building (each building's monthly 收缴率 under a colour scale, the pilot buildings marked; when the run
    /// collected them) and Assumptions (every parameter of the baseline with unit, range and source).
    public func writeWorkbook(to path: String) throws {
        let book = try Workbook(path: path)
        typealias C = Workbook.Cell
        let names = result.variants.enumerated().map { k, e in title(e) + (k == 0 ? baselineMark : "") }
        let psa = uncertainty?.analysis.strategies
        let money = moneyFormat
        let pageTitle = "\(L(Labels.reportTitle)) — \(context.name)"
        /// Adds a sheet; the sheet is returned for the few that get a chart.
        @discardableResult
        func sheet(_ name: Text, header: [String], rows: [[C]], widths: [Double], colorScale: Range<Int>? = nil) throws
            -> Workbook.Sheet
        {
            try book.addSheet(
                L(name), context: workbookContext, title: pageTitle, header: header, rows: rows, widths: widths,
                colorScale: colorScale)
        }

        // Summary.
        let collection = result.baseline.model.layout.names.firstIndex(of: Metric.collectionRate.key)
        var summary: [[C]] = []
        for (k, e) in result.variants.enumerated() {
            var row: [C] = [.text(names[k])]
            row += glanceMonths.map { m in collection.map { .number(e.monthly[m - 1][$0].mean, .percent) } ?? .empty }
            if let f = psa?[k] {
                row += [
                    .number(f.netBenefit, money), .number(f.netBenefitLow, money), .number(f.netBenefitHigh, money),
                    .text(L(Labels.overParameters))
                ]
            } else if k == 0 {
                row += [.number(0, money), .empty, .empty, .text(L(Labels.monteCarloOnly))]
            } else {
                let f = result.costBenefit[k - 1].figure(.netBenefit)!
                row += [.number(f.mean, money), .number(f.ciLow, money), .number(f.ciHigh, money), .text(L(Labels.monteCarloOnly))]
            }
            if let psa { row.append(.number(psa[k].pBest, .percent)) }
            row.append(.number(result.targets[k].reachByFirstMonth, .percent))
            summary.append(row)
        }
        let t = result.targetsUsed
        let netHeader = format(Labels.netBenefitVsBase, title(result.baseline))
        let summarySheet = try sheet(
            Labels.sheetSummary,
            header: [L(Labels.variant)] + glanceMonths.map { format(Labels.rateToMonth, $0) }
                + [
                    language == .zh ? netHeader.replacingOccurrences(of: "（元）", with: "（万元）") : netHeader,
                    moneyHeader(Labels.low), moneyHeader(Labels.high), L(Labels.intervalCovers)
                ]
                + (psa == nil ? [] : [L(Labels.pBest)])
                + [format(Labels.reachWindow, pct(t.collectionRate, digits: 0), t.firstMonth)],
            rows: summary, widths: [30] + glanceMonths.map { _ in 14 } + [18, 14, 14, 40] + (psa == nil ? [] : [12]) + [30])

        // Measures.
        let years = HorizonMetrics.years.filter { 12 * $0 <= result.baseline.model.months }
        let measureNames =
            years.map { "collection_rate_year_\($0)" }
            + [
                "target_window_rate", "on_time_rate_year_1", "voluntary_rate_year_1", "arrears_collection_rate_year_1",
                "long_term_success_year_1", "no_payment_share_year_1"
            ]
        try sheet(
            Labels.sheetMeasures, header: Array(measureHeader.dropLast()),
            rows: result.variants.enumerated().map { k, e in
                [.text(names[k])] + measureNames.map { .number(e.horizon($0)?.mean ?? .nan, .percent) }
            }, widths: [30] + measureNames.map { _ in 14 })

        // Targets.
        try sheet(
            Labels.sheetTargets, header: Array(targetHeader.dropLast()),
            rows: zip(result.targets, names).map { row, name in
                [
                    .text(name), .number(row.reachByFirstMonth, .percent), .number(row.reachBySecondMonth, .percent),
                    .number(row.voluntaryReach, .percent), .number(row.longTermCleared, .percent),
                    .number(row.longTermUpliftVsBaseline, .percent)
                ]
            }, widths: [30, 18, 18, 18, 18, 18])

        // Cost-benefit: the report's one set of money figures, then the Monte Carlo-only appendix figures.
        let costSheet = try sheet(
            Labels.sheetCostBenefit,
            header: [
                L(Labels.variant), moneyHeader(Labels.extraRevenue), moneyHeader(Labels.extraCost),
                moneyHeader(Labels.netBenefit), moneyHeader(Labels.low), moneyHeader(Labels.high),
                L(Labels.intervalCovers),
                L(Labels.pPositive), L(Labels.paybackMean), L(Labels.paybackShare), moneyHeader(Labels.npv),
                L(Labels.bcr), L(Labels.costPerYuan)
            ],
            rows: zip(result.costBenefit, names.dropFirst()).enumerated().map { i, pair in
                let (row, name) = pair
                let m = self.money(i + 1)
                let payback = row.figure(.paybackMonth)!
                return [
                    .text(name), .number(m.revenue, money), .number(m.cost, money), .number(m.net, money),
                    .number(m.low, money), .number(m.high, money), .text(netBenefitCovers),
                    .number(m.pPositive, .percent),
                    payback.mean.isFinite ? .number(payback.mean, .integer) : .text(L(Labels.neverPaysBack)),
                    .number(payback.valueShare, .percent),
                    .number(row.figure(.npv)!.mean, money),
                    .number(row.figure(.benefitCostRatio)!.mean, .ratio),
                    .number(row.figure(.costPerExtraYuan)!.mean, .ratio)
                ]
            }, widths: [30, 14, 14, 14, 14, 14, 40, 12, 18, 14, 14, 12, 14])

        // Monthly, long: one row per strategy and month.
        let layout = result.baseline.model.layout.names
        // 收缴率 over the last 12 months first (the report's default view, which a new year does not reset), with
        // its percentiles; the year-to-date rate beside it.
        let series: [(String, Workbook.NumberFormat)] = [
            (Metric.collectionRate12Months.key, .percent), (Metric.collectionRate.key, .percent),
            (Metric.voluntaryRateYTD.key, .percent),
            (Metric.arrearsStock.key, money), (Metric.costTotal.key, money)
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
        let monthlySheet = try sheet(
            Labels.sheetMonthly,
            header: [
                L(Labels.variant), L(Labels.month), L(Labels.rate12m), L(Labels.p05), L(Labels.p95), L(Labels.ytdRate),
                L(Labels.voluntaryRate) + (language == .zh ? "（当年累计）" : ", year to date"),
                moneyHeader(Labels.arrearsStockYuan), moneyHeader(Labels.costToDate)
            ],
            rows: monthly, widths: [30, 8, 16, 14, 14, 16, 16, 18, 16])

        // Native charts on the summary sheet, under its table: 收缴率 by month, and the net benefits.
        let months = result.baseline.model.months
        let chartRow = summarySheet.excelRow(summarySheet.rowCount) + 2
        try book.addChart(
            .line, on: summarySheet, row: chartRow, column: 0, title: L(Labels.chartRates),
            categories: .init(name: L(Labels.month), sheet: monthlySheet, column: 1, rows: 0..<months),
            series: names.indices.map { k in
                .init(name: names[k], sheet: monthlySheet, column: 2, rows: k * months..<(k + 1) * months)
            }, valueFormat: .percent, categoryTitle: L(Labels.month))
        if costSheet.rowCount > 0 {
            let rows = 0..<costSheet.rowCount
            try book.addChart(
                .bar, on: summarySheet, row: chartRow + 20, column: 0,
                title: "\(L(Labels.chartNet)) (\(netBenefitCovers))",
                categories: .init(name: L(Labels.variant), sheet: costSheet, column: 0, rows: rows),
                series: [
                    .init(name: L(Labels.low), sheet: costSheet, column: 4, rows: rows),
                    .init(name: L(Labels.netBenefit), sheet: costSheet, column: 3, rows: rows),
                    .init(name: L(Labels.high), sheet: costSheet, column: 5, rows: rows)
                ], valueFormat: money, valueTitle: language == .zh ? "万元" : "yuan",
                height: 120 + 28 * Double(costSheet.rowCount))
        }

        // By building, when the run collected the building rates.
        if let table = buildingSheetTable() {
            try sheet(
                Labels.sheetBuildings, header: table.header, rows: table.rows,
                widths: [30, 12, 12] + (0..<months).map { _ in 7 }, colorScale: 3..<(3 + months))
        }

        // Assumptions: every parameter of the baseline scenario; in Chinese without the English meanings (the
        // Chinese name says what the parameter is) and with the ranges in Chinese.
        let base = result.baseline.model.scenario
        let zh = language == .zh
        try sheet(
            Labels.sheetAssumptions,
            header: [L(Labels.path), L(Labels.parameter)] + (zh ? [] : [L(Labels.meaning)])
                + [L(Labels.value), L(Labels.unit), L(Labels.allowed), L(Labels.source)],
            rows: base.parameterPaths.map { p in
                [.text(p.path), .text(language.parameterName(p.info))] + (zh ? [] : [.text(p.meaning)])
                    + [
                        .number(p.value(in: base), p.whole ? .integer : .general), .text(language.unit(p.unit)),
                        .text(zh ? Self.allowedZh(p.info.range) : p.allowed), .text(language.source(p.source))
                    ]
            }, widths: zh ? [38, 28, 10, 10, 24, 60] : [38, 24, 50, 10, 10, 24, 60])
        try book.close()
    }

    /// A parameter's allowed values in Chinese, as ``/FeeSimModel/ValueRange/text`` says them in English
    /// ("a number in [0, 1]" → "[0, 1] 内的数"). O(1).
    static func allowedZh(_ range: ValueRange) -> String {
        func f(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
        if range.whole, let lower = range.lower, let upper = range.upper { return "\(f(lower))…\(f(upper)) 的整数" }
        if range.whole, let lower = range.lower { return "≥ \(f(lower)) 的整数" }
        switch (range.lower, range.upper) {
        case let (lo?, hi?):
            return "\(range.lowerOpen ? "(" : "[")\(f(lo)), \(f(hi))\(range.upperOpen ? ")" : "]") 内的数"
        case let (lo?, nil): return range.lowerOpen ? "> \(f(lo)) 的数" : "≥ \(f(lo)) 的数"
        case let (nil, hi?): return "≤ \(f(hi)) 的数"
        default: return "任意数"
        }
    }
}
