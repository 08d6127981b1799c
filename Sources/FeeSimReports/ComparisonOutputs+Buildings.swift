import FeeSimExperiments
import FeeSimModel
import Foundation

extension Labels {
    static let sheetBuildings = Text("By building", "按楼栋")
    static let byBuilding = Text("收缴率 by building", "各楼栋收缴率")
    static let building = Text("Building", "楼栋")
    static let pilotBuilding = Text("pilot building", "试点楼栋")
    static let pilotShareHeader = Text("Pilot in (share of replications)", "作为试点楼栋的重复模拟占比")
    static let pilotGroup = Text("Pilot buildings together", "试点楼栋合计")
    static let restGroup = Text("Other buildings together", "其余楼栋合计")
    static let buildingMonth = Text("收缴率, month %d", "第 %d 月收缴率")
    static let buildingsCaption = Text(
        "Each cell: the building's 收缴率 (year to date, as the community's, over its own fees), mean over the replications; one colour scale for both panels, from %@ (red) to %@ (green).",
        "每格为该楼栋的收缴率（当年累计，与小区口径相同，仅计本楼栋费用），各次重复模拟的均值；两幅图共用一个色阶，从 %@（红）到 %@（绿）。")
    static let buildingsStar = Text("★ and the outline mark the scenario's pilot buildings.", "★ 与方框标出情景指定的试点楼栋。")
    static let buildingsRandomPilot = Text(
        "Here each replication draws its %d pilot buildings at random, so a building's row averages replications in which it was and was not a pilot; the row “pilot buildings together” follows the drawn pilots.",
        "本情景中每次重复模拟随机抽取 %d 栋试点楼栋，因此各楼栋一行混合了其作为与不作为试点的模拟；“试点楼栋合计”一行跟随每次抽到的试点楼栋。")
    static let buildingsTooMany = Text(
        "%d buildings: only the two groups are drawn here; buildings.csv and the workbook have every building.",
        "共 %d 栋楼：此处只画两组合计，buildings.csv 与工作簿列出每栋楼。")
}

extension ComparisonOutputs {
    /// The most buildings the report's heat map draws row by row (more: only the pilot and other groups).
    static let heatMapRows = 60

    /// buildings.csv's header: tidy long, one row per strategy, building (or group) and month.
    public static let buildingsHeader = "strategy,building,pilot_share,month,metric,mean,p05,p95\n"

    /// buildings.csv: every strategy's building rates by month (``buildingsHeader``): `building` is the
    /// building's 0-based index (as replications.csv's pilot_buildings and the scenario's `pilot.buildings`
    /// list), or `pilot` / `rest` for the replication's pilot buildings together and the others together;
    /// `pilot_share` the share of replications in which it was a pilot building. Nil when the run did not
    /// collect building rates. O(strategies · B · T).
    public func buildingsCSV() -> String? {
        guard result.variants.allSatisfy({ $0.buildings != nil }) else { return nil }
        var out = Self.buildingsHeader
        for e in result.variants {
            let rates = e.buildings!
            let strategy = CSVFormat.field(e.model.scenario.name)
            func row(_ building: String, _ share: Double, _ t: Int, _ s: SampleSummary) {
                out +=
                    "\(strategy),\(building),\(CSVFormat.number(share)),\(t),building_collection_rate,"
                    + "\(CSVFormat.number(s.mean)),\(CSVFormat.number(s.p05)),\(CSVFormat.number(s.p95))\n"
            }
            for b in 0..<rates.buildings {
                for t in 1...rates.months { row(String(b), rates.pilotShare[b], t, rates.building(b, month: t)) }
            }
            for t in 1...rates.months { row("pilot", 1, t, rates.pilotGroup(month: t)) }
            for t in 1...rates.months { row("rest", 0, t, rates.restGroup(month: t)) }
        }
        return out
    }

    /// A building's label: "Building 3" / "楼栋 3", with "★" when the scenario lists it as a pilot building.
    func buildingLabel(_ rates: BuildingRates, _ b: Int) -> String {
        "\(L(Labels.building)) \(b)" + (rates.isPilot(b) ? " ★" : "")
    }

    /// The workbook's By building sheet: per strategy, a row per building (its label, whether it is a pilot
    /// building, its monthly mean 收缴率) and the two groups. Nil when the run did not collect building rates.
    func buildingSheetTable() -> (header: [String], rows: [[Workbook.Cell]])? {
        guard result.variants.allSatisfy({ $0.buildings != nil }) else { return nil }
        let months = baseline.months
        let header =
            [L(Labels.variant), L(Labels.building), L(Labels.pilotShareHeader)]
            + (1...months).map { format(Labels.buildingMonth, $0) }
        var rows: [[Workbook.Cell]] = []
        for (k, e) in result.variants.enumerated() {
            let rates = e.buildings!
            let name = title(e) + (k == 0 ? baselineMark : "")
            for b in 0..<rates.buildings {
                rows.append(
                    [.text(name), .text(buildingLabel(rates, b)), .number(rates.pilotShare[b], .percent)]
                        + (1...months).map { .number(rates.building(b, month: $0).mean, .percent) })
            }
            rows.append(
                [.text(name), .text(L(Labels.pilotGroup)), .number(1, .percent)]
                    + (1...months).map { .number(rates.pilotGroup(month: $0).mean, .percent) })
            rows.append(
                [.text(name), .text(L(Labels.restGroup)), .number(0, .percent)]
                    + (1...months).map { .number(rates.restGroup(month: $0).mean, .percent) })
        }
        return (header, rows)
    }

    /// The report's By building section: heat maps (building × month, mean 收缴率) of the baseline and the
    /// recommended strategy (the largest net benefit, as the decision), on one colour scale, the pilot buildings
    /// marked. Empty when the run did not collect building rates.
    func buildingsSection() -> String {
        guard let base = result.baseline.buildings, !result.challengers.isEmpty,
            let best = recommendedChallenger,
            let top = result.challengers[best].buildings
        else { return "" }
        let esc = SVGChart.escape
        let drawn = base.buildings <= Self.heatMapRows ? Array(0..<base.buildings) : []
        func values(_ r: BuildingRates) -> [Double] {
            (1...r.months).flatMap { t in
                drawn.map { r.building($0, month: t).mean } + [r.pilotGroup(month: t).mean, r.restGroup(month: t).mean]
            }
        }
        let all = (values(base) + values(top)).filter(\.isFinite)
        let lo = all.min() ?? 0, hi = max(all.max() ?? 1, lo + 1e-9)
        let panels = [(result.baseline, base), (result.challengers[best], top)].map { e, rates in
            "<figure class=\"wide\">\(heatMap(title: title(e), rates: rates, rows: drawn, scale: (lo, hi)))</figure>"
        }
        var caption = format(Labels.buildingsCaption, pct(lo), pct(hi))
        if (0..<base.buildings).contains(where: base.isPilot) { caption += " " + L(Labels.buildingsStar) }
        if case .count(let k) = baseline.pilot, k > 0 { caption += " " + format(Labels.buildingsRandomPilot, k) }
        if drawn.isEmpty { caption += " " + format(Labels.buildingsTooMany, base.buildings) }
        return "<section>\n<h2>\(esc(L(Labels.byBuilding)))</h2>\n\(panels.joined())\n<p class=\"caption\">\(esc(caption))</p>\n</section>"
    }

    /// One heat map: a row per drawn building and for the two groups, a column per month, colours from red (`scale`'s
    /// low) through yellow to green (high), 12-pixel text, month labels every three months.
    func heatMap(title: String, rates: BuildingRates, rows: [Int], scale: (Double, Double)) -> String {
        let esc = SVGChart.escape
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        let months = rates.months
        let labels = rows.map { buildingLabel(rates, $0) } + [L(Labels.pilotGroup), L(Labels.restGroup)]
        let left = 175.0, top = 34.0, cellH = 20.0, width = 700.0   // rows far enough apart that labels never touch once scaled
        let cellW = min(28, (width - left - 10) / Double(months))
        let height = top + cellH * Double(labels.count) + 40
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(esc(title))\">"
        svg += "<text x=\"0\" y=\"18\" class=\"ct\">\(esc(title))</text>"
        for (r, label) in labels.enumerated() {
            let y = top + cellH * Double(r)
            let isGroup = r >= rows.count
            let isPilot = !isGroup && rates.isPilot(rows[r])
            svg +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(y + cellH - 6))\" text-anchor=\"end\" style=\"font-size:12px\""
                + (isPilot || isGroup ? " font-weight=\"600\"" : "") + ">\(esc(label))</text>"
            for t in 1...months {
                let v =
                    isGroup
                    ? (r == rows.count ? rates.pilotGroup(month: t).mean : rates.restGroup(month: t).mean)
                    : rates.building(rows[r], month: t).mean
                let x = left + cellW * Double(t - 1)
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cellW - 1))\" height=\"\(f(cellH - 1))\" fill=\"\(Self.heatColor(v, scale))\">"
                    + "<title>\(esc(label)) · \(esc(L(Labels.month))) \(t): \(esc(pct(v)))</title></rect>"
            }
            if isPilot || (isGroup && r == rows.count) {
                svg +=
                    "<rect x=\"\(f(left))\" y=\"\(f(y))\" width=\"\(f(cellW * Double(months) - 1))\" height=\"\(f(cellH - 1))\" "
                    + "fill=\"none\" stroke=\"#222\" stroke-width=\"1.2\"/>"
            }
        }
        let axisY = top + cellH * Double(labels.count) + 16
        for t in 1...months where t == 1 || t % 3 == 0 {
            svg +=
                "<text x=\"\(f(left + cellW * (Double(t) - 0.5)))\" y=\"\(f(axisY))\" text-anchor=\"middle\" style=\"font-size:12px\">\(t)</text>"
        }
        svg +=
            "<text x=\"\(f(left + cellW * Double(months) / 2))\" y=\"\(f(axisY + 18))\" text-anchor=\"middle\" style=\"font-size:12px\">"
            + "\(esc(L(Labels.month)))</text>"
        return svg + "</svg>"
    }

    /// The colour of `v` on a red (#F8696B) – yellow (#FFEB84) – green (#63BE7B) scale over `scale` (the
    /// workbook's colour scale); light grey for NaN.
    static func heatColor(_ v: Double, _ scale: (Double, Double)) -> String {
        guard v.isFinite else { return "#eeeeee" }
        let u = min(1, max(0, (v - scale.0) / (scale.1 - scale.0)))
        let (a, b, w) = u < 0.5 ? ((0xF8, 0x69, 0x6B), (0xFF, 0xEB, 0x84), u * 2) : ((0xFF, 0xEB, 0x84), (0x63, 0xBE, 0x7B), u * 2 - 1)
        func mix(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * w).rounded()) }
        return String(format: "#%02X%02X%02X", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}
