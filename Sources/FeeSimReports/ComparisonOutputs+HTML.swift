import FeeSimExperiments
import FeeSimModel
import Foundation

extension ComparisonOutputs {
    /// One self-contained HTML file: inline CSS and SVG, no scripts, no fonts or anything else fetched.
    public func html() -> String {
        let esc = SVGChart.escape
        let months = baseline.months
        let variants = result.variants
        let colors = variants.indices.map { SVGChart.palette[$0 % SVGChart.palette.count] }
        func series(_ e: Ensemble, _ metric: Metric, _ pick: (SampleSummary) -> Double) -> [Double] {
            e.monthly.map { pick($0[metric.rawValue]) }
        }

        let fans = fanCharts().map { "<figure class=\"panel\">\($0)</figure>" }.joined()

        // Voluntary rate and arrears stock: medians of every variant on one chart each.
        let voluntary = variants.enumerated().map { k, e in
            ChartSeries(name: title(e), color: colors[k], values: series(e, .voluntaryRateYTD, \.p50), dashed: k == 0)
        }
        let vValues = voluntary.flatMap(\.values) + [result.targetsUsed.voluntaryRate]
        let voluntaryChart = SVGChart.lines(
            title: L(Labels.voluntaryRate), series: voluntary, months: months,
            yRange: (max(0, ((vValues.min() ?? 0) * 20).rounded(.down) / 20), min(1, ((vValues.max() ?? 1) * 20).rounded(.up) / 20)),
            yFormat: { pct($0, digits: 0) }, xLabel: L(Labels.month),
            target: (result.targetsUsed.voluntaryRate, "\(L(Labels.target)) \(pct(result.targetsUsed.voluntaryRate, digits: 0))"))
        let arrears = variants.enumerated().map { k, e in
            ChartSeries(name: title(e), color: colors[k], values: series(e, .arrearsStock, \.p50), dashed: k == 0)
        }
        let aMax = arrears.flatMap(\.values).max() ?? 1
        let arrearsChart = SVGChart.lines(
            title: L(Labels.arrearsStock), series: arrears, months: months, yRange: (0, aMax * 1.08),
            yFormat: { shortYuan($0) }, xLabel: L(Labels.month))

        // Net benefit with its interval.
        // Net benefit with the same interval as every table (over parameters when they were drawn).
        let barRows = result.challengers.enumerated().map { k, e in
            let m = money(k + 1)
            return (label: title(e), mean: m.net, low: m.low, high: m.high, color: colors[k + 1])
        }
        let barChart = SVGChart.bars(
            title: "\(L(Labels.netBenefit)) (\(netBenefitCovers))", rows: barRows,
            format: { shortYuan($0) })

        func table(_ header: [String], _ rows: [[String]], firstIsName: Bool = true) -> String {
            Self.htmlTable(header, rows, firstIsName: firstIsName)
        }

        var html = """
            <!doctype html>
            <html lang="\(language == .zh ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(L(Labels.reportTitle))) — \(esc(context.name))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>\(esc(L(Labels.reportTitle)))</h1>
            <p class="subtitle">\(esc(context.description))</p>
            <p class="meta">\(esc(metaLine))</p>
            \(changesLine.map { "<p class=\"changes\"><strong>\(esc($0.replacingOccurrences(of: "`", with: "")))</strong></p>" } ?? "")
            </header>
            <section class="findings">
            <h2>\(esc(L(Labels.keyFindings)))</h2>
            <ul>\(findings.map { "<li>\(Self.strong(esc($0)))</li>" }.joined())</ul>
            </section>
            <section class="glance">
            <h2>\(esc(L(Labels.glance)))</h2>
            \(table(glanceHeader, glanceRows))
            <p class="caption">\(esc(glanceCaption))</p>
            </section>
            <section>
            <h2>\(esc(L(Labels.collectionRate)))</h2>
            <div class="fans">\(fans)</div>
            <p class="caption">\(esc(L(Labels.fanCaption)))</p>
            </section>
            \(buildingsSection())
            <section>
            <h2>\(esc(L(Labels.measures)))</h2>
            \(table(measureHeader, measureRows))
            <p class="caption">\(esc(L(Labels.measuresCaption)))</p>
            </section>
            <section>
            <h2>\(esc(L(Labels.targets)))</h2>
            \(table(targetHeader, targetRows))
            </section>
            <section>
            <h2>\(esc(L(Labels.costBenefit)))</h2>
            <figure class="wide">\(barChart)</figure>
            <p class="caption">\(esc(L(Labels.costBenefitCaption)))</p>
            \(table(costHeader, costRows))
            <h3>\(esc(L(Labels.costSplit)))</h3>
            \(table(leverHeader, leverRows))
            </section>
            \(uncertaintySection(table))
            <section>
            <h2>\(esc(L(Labels.appendixTitle)))</h2>
            \(table(appendixHeader, appendixRows))
            </section>
            <section>
            <h2>\(esc(L(Labels.voluntaryRate))) · \(esc(L(Labels.arrearsStock)))</h2>
            <div class="pair"><figure>\(voluntaryChart)</figure><figure>\(arrearsChart)</figure></div>
            <p class="caption">\(esc(L(Labels.voluntaryCaption))) \(esc(L(Labels.arrearsCaption)))</p>
            </section>
            <section class="assumptions">
            <h2>\(esc(L(Labels.assumptions)))</h2>
            """
        html +=
            "<h3>\(esc(L(Labels.lever)))</h3>"
            + table(
                [L(Labels.variant), L(Labels.lever)],
                variants.map { e in [title(e), phaseSummary(e.model.scenario)] })
        html +=
            "<h3>\(esc(L(Labels.behaviour)))</h3>"
            + table([L(Labels.parameter), L(Labels.value), L(Labels.priorRange), L(Labels.source)], behaviourRows(), firstIsName: true)
        html +=
            "<h3>\(esc(L(Labels.leverParameters)))</h3>"
            + table([L(Labels.parameter), L(Labels.value), L(Labels.priorRange), L(Labels.source)], leverParameterRows(), firstIsName: true)
        if language == .zh { html += "<p class=\"caption\">来源中的文献按原文引用。</p>" }
        html += "<p class=\"meta\">\(esc(L(Labels.version))) \(esc(context.toolVersion)) · \(esc(metaLine)) · SHA-256 "
        html +=
            "\(esc(String(context.contentHash.prefix(16))))… · \(esc(Self.shortPaths(context.scenarioFiles).joined(separator: ", ")))</p>"
        html += "</section>\n<footer>\(esc(format(Labels.generatedBy, context.toolVersion)))</footer>\n</main>\n</body>\n</html>\n"
        return html
    }

    /// Files as a reader recognises them: the path under `Scenarios/` (`mixed/full-plan.yaml`), else the file name;
    /// each once, in first-seen order. O(files²) for a handful of files.
    /// Escaped text with its Markdown `**bold**` spans as `<strong>`.
    static func strong(_ escaped: String) -> String {
        let parts = escaped.components(separatedBy: "**")
        return parts.enumerated().map { $0.offset % 2 == 1 && $0.offset < parts.count - 1 ? "<strong>\($0.element)</strong>" : $0.element }
            .joined()
    }

    static func shortPaths(_ files: [String]) -> [String] {
        var out: [String] = []
        for file in files {
            let parts = URL(fileURLWithPath: file).pathComponents
            let short = parts.lastIndex(of: "Scenarios").map { parts[($0 + 1)...].joined(separator: "/") } ?? parts.last ?? file
            if !out.contains(short) { out.append(short) }
        }
        return out
    }

    /// A table with escaped cells; the first cell of each row is its header when `firstIsName`.
    static func htmlTable(_ header: [String], _ rows: [[String]], firstIsName: Bool = true) -> String {
        let esc = SVGChart.escape
        var h = "<table><thead><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            h +=
                "<tr>"
                + row.enumerated().map { j, cell in
                    j == 0 && firstIsName ? "<th scope=\"row\">\(esc(cell))</th>" : "<td>\(esc(cell))</td>"
                }.joined() + "</tr>"
        }
        return h + "</tbody></table>"
    }

    /// The collection-rate fan of every variant (inline SVG), on a shared scale, with the target, the phase bands
    /// and the baseline's median. O(variants × months).
    func fanCharts() -> [String] {
        let months = baseline.months
        let variants = result.variants
        let colors = variants.indices.map { SVGChart.palette[$0 % SVGChart.palette.count] }
        func series(_ e: Ensemble, _ metric: Metric, _ pick: (SampleSummary) -> Double) -> [Double] {
            e.monthly.map { pick($0[metric.rawValue]) }
        }
        // Collection-rate fans: one small chart per variant, on a shared scale.
        let lows = variants.flatMap { series($0, .collectionRate, \.p05) }
        let highs = variants.flatMap { series($0, .collectionRate, \.p95) }
        let target = result.targetsUsed.collectionRate
        let yLow = max(0, (min(lows.min() ?? 0, target) * 20).rounded(.down) / 20)
        let yHigh = min(1, (max(highs.max() ?? 1, target) * 20).rounded(.up) / 20 + 0.0001)
        let baseMedian = series(result.baseline, .collectionRate, \.p50)
        // Year-to-date series start again each year: mark months 13, 25, … so the drop is read as a new year.
        let yearStarts = stride(from: 13, through: months, by: 12).map { (month: $0, label: format(Labels.yearStart, ($0 - 1) / 12 + 1)) }
        var fans: [String] = []
        for (k, e) in variants.enumerated() {
            var lines = [
                ChartSeries(
                    name: "\(L(Labels.median)) · \(L(Labels.band))", color: colors[k], values: series(e, .collectionRate, \.p50),
                    low: series(e, .collectionRate, \.p05), high: series(e, .collectionRate, \.p95))
            ]
            if k > 0 { lines.append(ChartSeries(name: L(Labels.baseline), color: "#777", values: baseMedian, dashed: true)) }
            fans.append(
                SVGChart.lines(
                    title: title(e) + (k == 0 ? baselineMark : ""), series: lines, months: months,
                    yRange: (yLow, yHigh), yFormat: { pct($0, digits: 0) }, xLabel: L(Labels.month),
                    spans: spans(e.model.scenario), target: (target, "\(L(Labels.target)) \(pct(target, digits: 0))"),
                    width: 460, height: 266, legend: true, yearStarts: yearStarts))
        }
        return fans
    }

    /// What the workbench page (`feesim serve`) shows of a comparison: the same components as the report.
    public struct Fragments: Sendable, Codable {
        public var findings: [String]
        /// The at-a-glance table (HTML).
        public var glance: String
        /// One collection-rate fan per variant (SVG), baseline first.
        public var fans: [String]
        /// Extra cost by lever (HTML table).
        public var costs: String
        public var glanceCaption: String
    }

    public func fragments() -> Fragments {
        Fragments(
            findings: findings, glance: Self.htmlTable(glanceHeader, glanceRows), fans: fanCharts(),
            costs: Self.htmlTable(leverHeader, leverRows), glanceCaption: glanceCaption)
    }

    /// The probabilistic comparison's summary, when one ran (tables only; uncertainty.md has the rest).
    func uncertaintySection(_ table: ([String], [[String]], Bool) -> String) -> String {
        guard let u = uncertainty else { return "" }
        let esc = SVGChart.escape
        var h = "<section>\n<h2>\(esc(L(Labels.uncertaintyTitle)))</h2>\n"
        h += "<p class=\"caption\">\(esc(format(Labels.uncertaintyIntro, u.result.draws.count, u.result.replications)))</p>\n"
        h += table(uncertaintyHeader, u.summaryRows(titles: result.variants.map(title), language: language), true)
        h += "<ul>" + u.findings(language: language).map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
        h += uncertaintyCharts(u)
        return h + "</section>"
    }

    /// The tornado, the EVPPI bars and the acceptability curve of a probabilistic comparison.
    func uncertaintyCharts(_ u: UncertaintyOutputs) -> String {
        let esc = SVGChart.escape
        var h = ""
        if let t = u.tornado, !t.bars.isEmpty {
            let rows = t.bars.prefix(10).map {
                (label: language.parameterName($0.name, chinese: $0.chineseName), atLow: $0.netBenefitAtLow, atHigh: $0.netBenefitAtHigh)
            }
            h +=
                "<figure class=\"wide\">"
                + SVGChart.tornado(
                    title: format(Labels.tornadoTitle, u.titles[t.strategy]), base: t.netBenefit, rows: Array(rows),
                    format: { shortYuan($0) }, lowLabel: L(Labels.tornadoLow), highLabel: L(Labels.tornadoHigh)) + "</figure>"
            h += "<p class=\"caption\">\(esc(L(Labels.tornadoCaption)))</p>\n"
        }
        let colors = result.variants.indices.map { SVGChart.palette[$0 % SVGChart.palette.count] }
        let evppi = SVGChart.bars(
            title: L(Labels.evppiTitle),
            rows: u.voi.groups.map { g in
                (
                    label: language.groupName(g.name), mean: g.value, low: max(0, g.value - 2 * g.standardError),
                    high: g.value + 2 * g.standardError, color: "#4c78a8"
                )
            },
            format: { shortYuan($0) }, width: 560)
        let curve = u.analysis.acceptability
        let series = result.variants.indices.map { s in
            ChartSeries(name: title(result.variants[s]), color: colors[s], values: curve.map { $0[s] }, dashed: s == 0)
        }
        let acceptability = SVGChart.categoryLines(
            title: L(Labels.acceptabilityTitle), categories: UncertaintyAnalysis.acceptabilityValues.map { shortYuan($0) },
            series: series, yRange: (0, 1), yFormat: { String(format: "%.0f%%", $0 * 100) }, xLabel: L(Labels.acceptabilityAxis),
            width: 560, height: 340)
        h += "<div class=\"pair\"><figure>\(evppi)</figure><figure>\(acceptability)</figure></div>"
        // The bars are for the decision the estimates rank (the closest call when the whole choice is settled).
        let decision = u.voi.decision.map { format(Labels.evppiDecision, title(result.variants[$0])) } ?? ""
        h += "<p class=\"caption\">\(esc(format(Labels.evppiCaption, decision))) \(esc(L(Labels.acceptabilityCaption)))</p>\n"
        return h
    }

    /// Yuan for chart labels and axes: "722k", "−7k", "1.18M"; in Chinese "72.2万", "−0.7万", "1.18亿".
    func shortYuan(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        let a = abs(x), sign = x < 0 ? "−" : ""
        func trimmed(_ s: String) -> String { s.hasSuffix(".0") ? String(s.dropLast(2)) : s }
        if language == .zh {
            if a >= 100_000_000 { return sign + trimmed(String(format: "%.2f", a / 100_000_000)) + "亿" }
            if a >= 1_000 { return sign + trimmed(String(format: "%.1f", a / 10_000)) + "万" }
            return sign + String(format: "%.0f", a)
        }
        if a >= 1_000_000 { return sign + String(format: "%.2fM", a / 1_000_000) }
        if a >= 1_000 { return sign + String(format: "%.0fk", a / 1_000) }
        return sign + String(format: "%.0f", a)
    }

    /// Shaded months of a rollout: phases with no lever (preparation) and pilot phases.
    func spans(_ s: Scenario) -> [ChartSpan] {
        s.rollout.compactMap { p -> ChartSpan? in
            let end = p.endMonth ?? s.months
            if p.levers.rawValue == 0 { return ChartSpan(from: p.startMonth, to: end, label: L(Labels.phasePreparation), fill: "#eeeeee") }
            if p.buildings == .pilot { return ChartSpan(from: p.startMonth, to: end, label: L(Labels.phasePilot), fill: "#fff3d6") }
            return nil
        }
    }

    func phaseSummary(_ s: Scenario) -> String {
        guard !s.rollout.isEmpty else { return L(Labels.none) }
        return s.rollout.map { p in
            let months = p.endMonth.map { "\(p.startMonth)–\($0)" } ?? "\(p.startMonth)+"
            let buildingsText: String
            switch p.buildings {
            case .all: buildingsText = language == .zh ? "全部楼栋" : "all buildings"
            case .pilot: buildingsText = language == .zh ? "试点楼栋" : "pilot buildings"
            case .rest: buildingsText = language == .zh ? "其余楼栋" : "other buildings"
            case .list(let l): buildingsText = (language == .zh ? "楼栋 " : "buildings ") + l.map(String.init).joined(separator: ",")
            }
            let levers = p.levers.levers.map(language.leverName)
            let name = language.phaseName(p.name)
            let (open, close) = language == .zh ? ("（", "）") : (" (", ")")
            let colon = language == .zh ? "：" : ": "
            return "\(name)\(open)\(months)\(L(Labels.comma))\(buildingsText)\(close)\(colon)"
                + (levers.isEmpty ? L(Labels.none) : levers.joined(separator: L(Labels.comma)))
        }.joined(separator: language == .zh ? "；" : "; ")
    }

    /// One row per declared parameter under `prefix`: plain name, value with unit, plausible range, source
    /// (from the single declaration, ``/FeeSimModel/ParameterCatalog``).
    func declaredRows(_ scenario: Scenario, prefix: String) -> [[String]] {
        ParameterCatalog.scalars.filter { $0.path.hasPrefix(prefix) }.map { d in
            let range =
                d.prior.map { p -> String in
                    let (lo, hi) = p.central90
                    return "\(Self.significant(lo))–\(Self.significant(hi))"
                } ?? "–"
            let unit = language.unit(d.unit)
            let value = Self.significant(d.get(scenario))
            return [language.parameterName(d.info), unit.isEmpty ? value : "\(value) \(unit)", range, language.source(d.source)]
        }
    }

    /// A parameter value as people write it: whole numbers whole, others to three significant digits
    /// (0.12000000000000001 → "0.12", 0.0267 → "0.0267"). O(1).
    static func significant(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        if x == x.rounded() && abs(x) < 1e15 { return Format.thousands(x) }
        return String(format: "%.3g", x)
    }

    func behaviourRows() -> [[String]] { declaredRows(baseline, prefix: "behaviour.") }

    func leverParameterRows() -> [[String]] {
        guard let plan = result.challengers.first(where: { !$0.model.scenario.rollout.isEmpty })?.model.scenario else { return [] }
        let n = Self.significant
        var rows = declaredRows(plan, prefix: "levers.")
        for rung in plan.levers.dunning.rungs {
            let text: String
            if language == .zh {
                let policy = rung.maxAttempts == 1 ? "一次" : "每 \(rung.everyMonths) 个月一次，最多 \(rung.maxAttempts) 次"
                text =
                    "欠费 ≥ \(rung.minArrearsMonths) 个月，\(policy)，触达率 \(n(rung.deliveryProbability))，"
                    + "+\(n(rung.uplift)) logit，每次 \(n(rung.costPerAttempt)) 元"
            } else {
                let policy = rung.maxAttempts == 1 ? "once" : "every \(rung.everyMonths) mo, ≤ \(rung.maxAttempts)×"
                text =
                    "≥ \(rung.minArrearsMonths) mo overdue, \(policy), reach \(n(rung.deliveryProbability)), "
                    + "+\(n(rung.uplift)) logit, \(n(rung.costPerAttempt)) yuan"
            }
            rows.append([
                "\(language.leverName(.dunning))\(language == .zh ? "：" : ": ")\(language.rungName(rung.name))", text,
                "", language.source(ParameterCatalog.rungFields.first { $0.path == "uplift" }!.source)
            ])
        }
        return rows
    }

    public static let css = """
        :root { --ink: #1d2733; --muted: #5b6673; --rule: #d9dee4; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff;
          font-family: -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
            "WenQuanYi Zen Hei", "Helvetica Neue", Arial, sans-serif; line-height: 1.45; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 40px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        .subtitle { font-size: 16px; margin: 0 0 4px; }
        .meta, .caption, footer { color: var(--muted); font-size: 13px; }
        .findings ul { margin: 0; padding-left: 20px; }
        .findings li { margin: 3px 0; }
        .fans { display: grid; grid-template-columns: repeat(2, 1fr); gap: 8px 16px; }
        .pair { display: grid; grid-template-columns: repeat(2, 1fr); gap: 16px; }
        figure { margin: 0; }
        svg { width: 100%; height: auto; display: block; }
        svg text { font-size: 11px; fill: var(--ink); font-family: inherit; }
        svg .ct { font-size: 13px; font-weight: 600; }
        svg .ax, svg .cs { fill: var(--muted); }
        svg .lg { font-size: 11.5px; }
        svg .tl { fill: #c0392b; font-size: 11px; }
        svg .grid { stroke: #eceff2; stroke-width: 1; }
        svg .frame { fill: none; stroke: #c4cad1; stroke-width: 1; }
        svg .break { fill: none; stroke: #5b6670; stroke-width: 1.2; }
        svg .year { stroke: #5b6670; stroke-width: 1; stroke-dasharray: 2 3; }
        svg .target { stroke: #c0392b; stroke-width: 1.5; stroke-dasharray: 6 3; }
        svg .zero { stroke: #333; stroke-width: 1; }
        svg .whisker { stroke: #222; stroke-width: 1.3; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 12px; }
        th, td { border-bottom: 1px solid var(--rule); padding: 5px 7px; text-align: right; vertical-align: top; }
        th[scope=row], thead th:first-child { text-align: left; }
        thead th { background: #f4f6f8; font-weight: 600; }
        .assumptions td { text-align: left; }
        footer { margin-top: 28px; border-top: 1px solid var(--rule); padding-top: 8px; }
        @media (max-width: 760px) { .fans, .pair { grid-template-columns: 1fr; } }
        @media print {
          main { max-width: none; padding: 0; }
          section { break-inside: avoid-page; }
          figure, table { break-inside: avoid; }
          h2 { break-after: avoid; }
        }
        """
}
