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
            target: (result.targetsUsed.voluntaryRate, "\(L(Labels.target)) \(pct(result.targetsUsed.voluntaryRate, digits: 0))"),
            width: 460, height: 266)
        let arrears = variants.enumerated().map { k, e in
            ChartSeries(name: title(e), color: colors[k], values: series(e, .arrearsStock, \.p50), dashed: k == 0)
        }
        let aMax = arrears.flatMap(\.values).max() ?? 1
        let arrearsChart = SVGChart.lines(
            title: L(Labels.arrearsStock), series: arrears, months: months, yRange: (0, aMax * 1.08),
            yFormat: { shortYuan($0) }, xLabel: L(Labels.month), width: 460, height: 266)

        // Net benefit with the same interval as every table (over parameters when they were drawn), each bar
        // labelled with the tables' figure.
        let barRows = result.challengers.enumerated().map { k, e in
            let m = money(k + 1)
            return (label: title(e), mean: m.net, low: m.low, high: m.high, color: colors[k + 1])
        }
        let barChart = SVGChart.bars(
            title: language == .zh
                ? "\(L(Labels.netBenefit))（元，\(netBenefitCovers)）" : "\(L(Labels.netBenefit)), yuan (\(netBenefitCovers))",
            rows: barRows, format: { yuan($0) },
            valueAttributes: result.challengers.map { Self.netBenefitAttributes(title($0)) })

        func table(_ header: [String], _ rows: [[String]], firstIsName: Bool = true) -> String {
            Self.htmlTable(header, rows, firstIsName: firstIsName, language: language)
        }

        var html = """
            <!doctype html>
            <html lang="\(language == .zh ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(pageTitle))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>\(esc(L(Labels.reportTitle)))</h1>
            <p class="subtitle">\(esc(context.description))</p>
            <p class="meta">\(codeSpans(esc(metaLine)))</p>
            \(changesLine.map { "<p class=\"changes\"><strong>\(esc($0.replacingOccurrences(of: "`", with: "")))</strong></p>" } ?? "")
            </header>
            <section class="findings">
            <h2>\(esc(L(Labels.keyFindings)))</h2>
            <ul>\(findingItems())</ul>
            </section>
            <section class="glance">
            <h2>\(esc(L(Labels.glance)))</h2>
            \(Self.htmlTable(glanceHeader, glanceRows, language: language, netBenefit: glanceNetBenefitColumn))
            <p class="caption">\(codeSpans(esc(glanceCaption)))</p>
            </section>
            <section>
            <h2>\(esc(L(Labels.collectionRate12)))</h2>
            <div class="fans">\(fans)</div>
            <p class="caption">\(esc(L(Labels.fanCaption)))</p>
            <details class="ytd"><summary>\(esc(L(Labels.ytdView)))</summary>
            <figure class="wide">\(yearToDateChart())</figure>
            <p class="caption">\(esc(L(Labels.ytdCaption)))</p>
            </details>
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
            <p class="caption">\(esc(format(Labels.costBenefitCaption, netBenefitCovers)))</p>
            \(Self.htmlTable(costHeader, costRows, language: language, netBenefit: (3, result.challengers.map(title))))
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
            + Self.htmlTable(
                [L(Labels.parameter), L(Labels.value), L(Labels.priorRange), L(Labels.source)], behaviourRows(), language: language,
                sources: true)
        html +=
            "<h3>\(esc(L(Labels.leverParameters)))</h3>"
            + Self.htmlTable(
                [L(Labels.parameter), L(Labels.value), L(Labels.priorRange), L(Labels.source)], leverParameterRows(),
                language: language, sources: true)
        if language == .zh { html += "<p class=\"caption\">来源中的文献按原文引用（作者、刊物与年份）。</p>" }
        html += "<p class=\"meta\">\(esc(L(Labels.version))) \(esc(context.toolVersion)) · \(codeSpans(esc(metaLine))) · "
        html +=
            "\(esc(L(Labels.fingerprint))) <code>\(esc(String(context.contentHash.prefix(16))))…</code> · "
            + Self.shortPaths(context.scenarioFiles).map { "<code>\(esc($0))</code>" }.joined(separator: ", ") + "</p>"
        html += "</section>\n<footer>\(esc(format(Labels.generatedBy, context.toolVersion)))</footer>\n</main>\n</body>\n</html>\n"
        return html
    }

    /// The browser tab's title: the report's and the comparison's description (its name when it has none), in
    /// the page's language.
    var pageTitle: String {
        let about = context.description.isEmpty ? context.name : context.description
        let trimmed = about.hasSuffix("。") || about.hasSuffix(".") ? String(about.dropLast()) : about
        return L(Labels.reportTitle) + (language == .zh ? " · " : " — ") + trimmed
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

    /// A table with escaped cells; the first cell of each row is its header when `firstIsName`. In Chinese, header
    /// cells break only between words (``breakableHeader(_:)``). `netBenefit` names the column holding each row's
    /// net benefit and the strategy of each row (nil: not tagged): the figure before its interval is marked
    /// `data-figure="net-benefit" data-strategy="…"`, so the page can be checked to show one value per strategy.
    /// With `sources`, the last column's citations are marked `<cite>`.
    static func htmlTable(
        _ header: [String], _ rows: [[String]], firstIsName: Bool = true, language: Language = .en,
        netBenefit: (column: Int, strategies: [String?])? = nil, sources: Bool = false
    ) -> String {
        let esc = SVGChart.escape
        func head(_ text: String) -> String { language == .zh ? breakableHeader(esc(text)) : esc(text) }
        var h = "<table><thead><tr>" + header.map { "<th>\(head($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (i, row) in rows.enumerated() {
            h +=
                "<tr>"
                + row.enumerated().map { j, cell in
                    if j == 0 && firstIsName { return "<th scope=\"row\">\(head(cell))</th>" }
                    if let n = netBenefit, j == n.column, i < n.strategies.count, let strategy = n.strategies[i] {
                        return "<td>\(tagNetBenefit(esc(cell), strategy: strategy))</td>"
                    }
                    if sources && j == row.count - 1 { return "<td>\(citations(esc(cell)))</td>" }
                    return "<td>\(esc(cell))</td>"
                }.joined() + "</tr>"
        }
        return h + "</tbody></table>"
    }

    /// The attributes that mark an element as showing `strategy`'s net benefit (escaped, with a leading space).
    static func netBenefitAttributes(_ strategy: String) -> String {
        " data-figure=\"net-benefit\" data-strategy=\"\(SVGChart.escape(strategy))\""
    }

    /// An escaped "figure (low – high)" cell with the figure wrapped in a span marked as `strategy`'s net benefit.
    static func tagNetBenefit(_ escaped: String, strategy: String) -> String {
        let cut = [escaped.range(of: "（"), escaped.range(of: " (")].compactMap { $0?.lowerBound }.min() ?? escaped.endIndex
        return "<span\(netBenefitAttributes(strategy))>\(escaped[..<cut])</span>\(escaped[cut...])"
    }

    /// An escaped Chinese header that wraps only between words: its spaces become no-break spaces (a number stays
    /// with its unit and its 第 … 月), and a break is allowed (a zero-width space) only after 年 or 月 ending a
    /// time (not before 份, 末, 底, 的, 起 or 内), after 的, 、, ， and a closing bracket, and before an opening one; the page sets
    /// `word-break: keep-all` on headers, so nothing else breaks. O(characters).
    static func breakableHeader(_ escaped: String) -> String {
        let chars = Array(escaped.replacingOccurrences(of: " ", with: "\u{00A0}"))
        var out = ""
        for (k, ch) in chars.enumerated() {
            let next = k + 1 < chars.count ? chars[k + 1] : nil
            if (ch == "（" || ch == "(") && k > 0 { out += "\u{200B}" }
            out.append(ch)
            guard let next, next != "\u{00A0}", next != "）", next != "(", next != "（" else { continue }
            if (ch == "年" || ch == "月") && !["份", "末", "底", "的", "起", "内"].contains(next) { out += "\u{200B}" }
            if ch == "的" || ch == "、" || ch == "，" || ch == "）" { out += "\u{200B}" }
        }
        return out
    }

    /// An escaped source note with its citations — bracketed parts that name an author, a publication or a
    /// year in Latin letters — marked `<cite>`: on the Chinese page they stay as published. O(characters).
    static func citations(_ escaped: String) -> String {
        escaped.replacingOccurrences(
            of: "（([^（）]*[A-Za-z][^（）]*)）", with: "（<cite>$1</cite>）", options: .regularExpression)
    }

    /// Escaped text with its command-line options, file names and generator names marked `<code>`: names a reader
    /// types or looks up, never translated. O(characters).
    func codeSpans(_ escaped: String) -> String {
        escaped.replacingOccurrences(
            of: "(--[a-z][a-z-]*( N)?|[A-Za-z0-9_./-]+\\.(md|csv|yaml|html|xlsx)|\\b\(baseline.generator)\\b)",
            with: "<code>$1</code>", options: .regularExpression)
    }

    /// The key findings as list items: the decision first (marked `decision`, with its net benefit tagged like the
    /// tables'), then the rest.
    func findingItems() -> String {
        let esc = SVGChart.escape
        let decisionCount = decision.count
        return findings.enumerated().map { k, line in
            var item = Self.strong(codeSpans(esc(line)))
            guard k < decisionCount else { return "<li>\(item)</li>" }
            // The decision names its strategy first; its net benefit is the first figure after the name.
            let named = result.challengers.indices.compactMap { i -> (String.Index, Int)? in
                item.range(of: esc(title(result.challengers[i]))).map { ($0.lowerBound, i) }
            }.min { $0.0 < $1.0 }
            if let (at, i) = named, let r = item.range(of: esc(yuan(money(i + 1).net)), range: at..<item.endIndex) {
                item.replaceSubrange(
                    r, with: "<span\(Self.netBenefitAttributes(title(result.challengers[i])))>\(item[r])</span>")
            }
            return "<li class=\"decision\">\(item)</li>"
        }.joined()
    }

    /// The glance table's net-benefit column and its rows' strategies (the baseline's "0" untagged).
    var glanceNetBenefitColumn: (column: Int, strategies: [String?]) {
        (1 + glanceMonths.count, [nil] + result.challengers.map(title))
    }

    /// The year-to-date 收缴率 of every strategy (medians), which starts again each year: the second view of the
    /// collection rate, with each new year marked.
    func yearToDateChart() -> String {
        let months = baseline.months
        let series = result.variants.enumerated().map { k, e in
            ChartSeries(
                name: title(e), color: SVGChart.palette[k % SVGChart.palette.count],
                values: e.monthly.map { $0[Metric.collectionRate.rawValue].p50 }, dashed: k == 0)
        }
        let values = series.flatMap(\.values).filter(\.isFinite) + [result.targetsUsed.collectionRate]
        let low = max(0, ((values.min() ?? 0) * 10).rounded(.down) / 10)
        let yearStarts = stride(from: 13, through: months, by: 12).map { (month: $0, label: format(Labels.yearStart, ($0 - 1) / 12 + 1)) }
        let target = result.targetsUsed.collectionRate
        return SVGChart.lines(
            title: L(Labels.ytdTitle), series: series, months: months, yRange: (low, 1), yFormat: { pct($0, digits: 0) },
            xLabel: L(Labels.month), target: (target, "\(L(Labels.target)) \(pct(target, digits: 0))"), width: 760,
            height: 300, yearStarts: yearStarts)
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
        // Collection-rate fans over the last 12 months: one small chart per variant, on a shared scale.
        let rate = Metric.collectionRate12Months
        let lows = variants.flatMap { series($0, rate, \.p05) }
        let highs = variants.flatMap { series($0, rate, \.p95) }
        let target = result.targetsUsed.collectionRate
        let yLow = max(0, (min(lows.min() ?? 0, target) * 20).rounded(.down) / 20)
        // Headroom above the highest of the band and the target, for the phase labels over the target line.
        let yHigh = min(1, ((max(highs.max() ?? 1, target) * 20).rounded(.down) + 1) / 20 + 0.0001)
        let baseMedian = series(result.baseline, rate, \.p50)
        var fans: [String] = []
        for (k, e) in variants.enumerated() {
            var lines = [
                ChartSeries(
                    name: "\(L(Labels.median)) · \(L(Labels.band))", color: colors[k], values: series(e, rate, \.p50),
                    low: series(e, rate, \.p05), high: series(e, rate, \.p95))
            ]
            if k > 0 { lines.append(ChartSeries(name: L(Labels.baseline), color: "#777", values: baseMedian, dashed: true)) }
            fans.append(
                SVGChart.lines(
                    title: title(e) + (k == 0 ? baselineMark : ""), series: lines, months: months,
                    yRange: (yLow, yHigh), yFormat: { pct($0, digits: 0) }, xLabel: L(Labels.month),
                    spans: spans(e.model.scenario), target: (target, "\(L(Labels.target)) \(pct(target, digits: 0))"),
                    width: 460, height: 266, legend: true))
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
        h += "<p class=\"caption\">\(codeSpans(esc(u.intro(language: language))))</p>\n"
        h += Self.htmlTable(
            uncertaintyHeader, u.summaryRows(titles: result.variants.map(title), language: language), language: language,
            netBenefit: (1, [nil] + result.challengers.map(title)))
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
            format: { shortYuan($0) }, width: 460)
        let curve = u.analysis.acceptability
        let series = result.variants.indices.map { s in
            ChartSeries(name: title(result.variants[s]), color: colors[s], values: curve.map { $0[s] }, dashed: s == 0)
        }
        // Worth per point on a log axis (1万, 2万, 5万 … as far apart as their ratios); 0, cash alone, apart before it.
        let worth = UncertaintyAnalysis.acceptabilityValues
        let acceptability = SVGChart.categoryLines(
            title: L(Labels.acceptabilityTitle), categories: worth.map { shortYuan($0) },
            series: series, yRange: (0, 1), yFormat: { String(format: "%.0f%%", $0 * 100) }, xLabel: L(Labels.acceptabilityAxis),
            width: 460, height: 300, positions: SVGChart.logPositions(worth), detachedFirst: worth.first == 0)
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

    /// One row per declared parameter under `prefix`: plain name, value with unit, plausible range (the 5–95% of the
    /// distribution the probabilistic comparison draws it from), source
    /// (from the single declaration, ``/FeeSimModel/ParameterCatalog``).
    func declaredRows(_ scenario: Scenario, prefix: String) -> [[String]] {
        let declared = ParameterCatalog.scalars.filter { $0.path.hasPrefix(prefix) }
        // A name that several levers share ("set-up cost", "enabled") says whose it is.
        let names = declared.map { language.parameterName($0.info) }
        func shownName(_ k: Int) -> String {
            let parts = declared[k].path.split(separator: ".")
            guard names.filter({ $0 == names[k] }).count > 1, parts.count > 2, parts[0] == "levers",
                let lever = Lever.allCases.first(where: { $0.key == parts[1] })
            else { return names[k] }
            return language.leverName(lever) + (language == .zh ? "：" : ": ") + names[k]
        }
        return declared.enumerated().map { k, d in
            // The range the probabilistic comparison draws from: the declared prior centred on the stated value.
            let range =
                (scenario.parameterPath(named: d.path)?.prior ?? d.prior).map { p -> String in
                    let (lo, hi) = p.central90
                    return "\(Self.significant(lo))–\(Self.significant(hi))"
                } ?? "–"
            let unit = language.unit(d.unit)
            let value = Self.significant(d.get(scenario))
            let shown: String
            if d.unit == "0 or 1" {   // a switch: on or off, not a number with a unit
                shown = L(d.get(scenario) != 0 ? Labels.switchOn : Labels.switchOff)
            } else if unit.isEmpty {
                shown = value
            } else {
                shown = unit.hasPrefix("（") || unit.hasPrefix("/") ? value + unit : "\(value) \(unit)"
            }
            return [shownName(k), shown, range, language.source(d.source)]
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
                    + "缴费倾向 +\(n(rung.uplift))\(language.unit("logit"))，每次 \(n(rung.costPerAttempt)) 元"
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
        svg text { font-size: 13px; fill: var(--ink); font-family: inherit; }
        svg .ct { font-size: 14px; font-weight: 600; }
        svg .ax, svg .cs { fill: var(--muted); }
        svg .tl { fill: #c0392b; }
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
        :lang(zh) thead th, :lang(zh) th[scope=row], :lang(zh) section:not(.assumptions) td { word-break: keep-all; }
        cite { font-style: normal; }
        code { font-family: inherit; font-size: inherit; }
        details.ytd { margin: 10px 0 0; }
        details.ytd summary { cursor: pointer; font-size: 14px; font-weight: 600; }
        .findings li.decision { font-size: 16px; }
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
