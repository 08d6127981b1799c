import Foundation

/// One line of a chart: a value per month (index 0 = month 1), optionally with a shaded band.
struct ChartSeries {
    var name: String
    var color: String
    var values: [Double]
    var low: [Double]? = nil
    var high: [Double]? = nil
    var dashed = false
}

/// A shaded span of months (for rollout phases).
struct ChartSpan {
    var from: Int
    var to: Int
    var label: String
    var fill: String
}

/// Text for HTML and SVG: `&`, `<`, `>` and `"` escaped, so any string is safe in an element or an attribute.
public enum HTMLText {
    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Inline SVG charts for the self-contained HTML report: no scripts, no external resources.
enum SVGChart {
    static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
        "#7f7f7f", "#bcbd22"
    ]

    static func escape(_ s: String) -> String { HTMLText.escape(s) }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// Round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10^k, about `count` of them.
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var out: [Double] = []
        var v = (lo / step).rounded(.up) * step
        while v <= hi + step * 1e-9 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    /// The range of the finite `values`, widened by `fraction` of its width on each side (a single value: to one
    /// unit above it), for a bar chart's value axis. O(values).
    static func paddedDomain(_ values: [Double], by fraction: Double) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if hi == lo { hi = lo + 1 }
        let pad = (hi - lo) * fraction
        return (lo - pad, hi + pad)
    }

    /// The font sizes the report's style sheet gives chart text, in px of the chart's own coordinates: axis and
    /// legend text (`svg text`, `.lg`, `.tl`) and titles (`.ct`). A chart is drawn no wider than the column it
    /// sits in, so these are also (at least) the rendered sizes — never under 12 px.
    static let textSize = 13.0, titleSize = 14.0
    /// Rows of legend entries and of a wrapped title: this far apart, px (a line of CJK text at 13–14 px takes
    /// about 1.45 em).
    static let rowHeight = 21.0

    /// The estimated width of `text` at `size` px: CJK characters one em, others 0.6 em (wider than the average
    /// Latin letter or digit, so an estimate errs on the side of room). O(characters).
    static func textWidth(_ text: String, size: Double = textSize) -> Double {
        text.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E80 ? size : 0.6 * size) }
    }

    /// `title` in lines no wider than `width` (estimated, ``textWidth(_:size:)``): broken at spaces, or between
    /// CJK characters (never before closing punctuation, never inside a Latin word or number). O(characters).
    static func wrap(_ title: String, width: Double, size: Double = titleSize) -> [String] {
        var lines: [String] = [], line = "", word = ""
        let noBreakBefore: Set<Character> = ["，", "。", "；", "：", "）", "、", ")", ",", ";", ":", "%", "）"]
        func flush(_ piece: String) {
            if !line.isEmpty && textWidth(line + piece, size: size) > width {
                lines.append(line.trimmingCharacters(in: .whitespaces))
                line = piece.hasPrefix(" ") ? String(piece.dropFirst()) : piece
            } else {
                line += piece
            }
        }
        for ch in title {
            let cjk = ch.unicodeScalars.first.map { $0.value > 0x2E80 } ?? false
            if ch == " " {
                flush(word)
                word = " "
            } else if cjk && !noBreakBefore.contains(ch) {
                flush(word)
                word = String(ch)
            } else {
                word.append(ch)
            }
        }
        flush(word)
        if !line.isEmpty { lines.append(line.trimmingCharacters(in: .whitespaces)) }
        return lines
    }

    /// A chart title, wrapped to `width` from (`x`, 18), and the y of the first thing below it.
    static func titleSVG(_ title: String, x: Double, width: Double) -> (svg: String, bottom: Double) {
        let lines = wrap(title, width: width)
        let svg = lines.enumerated().map { k, line in
            "<text x=\"\(f(x))\" y=\"\(f(18 + Double(k) * rowHeight))\" class=\"ct\">\(escape(line))</text>"
        }.joined()
        return (svg, 18 + Double(lines.count - 1) * rowHeight + 12)
    }

    /// Legend entries flowing left to right and wrapping within `width`: each entry's (x offset, row), from the
    /// names' estimated widths (``textWidth(_:size:)``), and the number of rows. O(series).
    static func legendLayout(_ series: [ChartSeries], width: Double) -> ([(x: Double, row: Int)], Int) {
        var at: [(x: Double, row: Int)] = []
        var cursor = 0.0, row = 0
        for s in series {
            let w = 24 + textWidth(s.name)
            if cursor > 0 && cursor + w > width { cursor = 0; row += 1 }
            at.append((cursor, row))
            cursor += w + 14
        }
        return (at, series.isEmpty ? 0 : row + 1)
    }

    /// The legend's swatches and names at the positions of ``legendLayout(_:width:)``, rows ``rowHeight`` apart
    /// from the baseline `top`.
    static func legendSVG(_ series: [ChartSeries], at: [(x: Double, row: Int)], left: Double, top: Double) -> String {
        var svg = ""
        for (k, s) in series.enumerated() {
            let lx = left + at[k].x, ly = top + Double(at[k].row) * rowHeight
            let dash = s.dashed ? " stroke-dasharray=\"5 4\"" : ""
            svg +=
                "<line x1=\"\(f(lx))\" x2=\"\(f(lx + 18))\" y1=\"\(f(ly - 4))\" y2=\"\(f(ly - 4))\" stroke=\"\(s.color)\" stroke-width=\"2.5\"\(dash)/>"
            svg += "<text x=\"\(f(lx + 24))\" y=\"\(f(ly))\" class=\"lg\">\(escape(s.name))</text>"
        }
        return svg
    }

    /// A line chart over months 1…T with optional bands, shaded spans and a horizontal target line.
    static func lines(
        title: String, series: [ChartSeries], months: Int, yRange: (Double, Double), yFormat: (Double) -> String,
        xLabel: String, spans: [ChartSpan] = [], target: (value: Double, label: String)? = nil,
        width: Double = 560, height: Double = 270, legend: Bool = true, yearStarts: [(month: Int, label: String)] = []
    ) -> String {
        let left = 62.0, right = 14.0
        let (titleText, top) = titleSVG(title, x: left, width: width - left - right)
        let (legendAt, legendRows) = legend ? legendLayout(series, width: width - left - right) : ([], 0)
        // `height` as if the title took one line and the legend one row; more of either makes the chart taller.
        let plotW = width - left - right, plotH = height - 86
        let total = top + plotH + (legendRows > 0 ? 72 + Double(legendRows - 1) * rowHeight : 48)
        let (y0, y1) = yRange
        func x(_ month: Double) -> Double { left + (month - 1) / Double(max(1, months - 1)) * plotW }
        func y(_ v: Double) -> Double { top + (1 - (min(max(v, y0), y1) - y0) / (y1 - y0)) * plotH }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(total))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += titleText
        for span in spans where span.from <= months {
            let a = x(Double(span.from) - 0.5 < 1 ? 1 : Double(span.from) - 0.5)
            let b = x(min(Double(months), Double(span.to) + 0.5))
            svg += "<rect x=\"\(f(a))\" y=\"\(f(top))\" width=\"\(f(max(0, b - a)))\" height=\"\(f(plotH))\" fill=\"\(span.fill)\"/>"
            if b - a >= textWidth(span.label) + 6 {
                svg += "<text x=\"\(f((a + b) / 2))\" y=\"\(f(top + 14))\" class=\"cs\" text-anchor=\"middle\">\(escape(span.label))</text>"
            } else if b - a >= 15 {   // a narrow span is labelled along its height: CJK stacked upright, else turned
                if span.label.unicodeScalars.contains(where: { $0.value > 0x2E80 }) {
                    svg +=
                        "<text x=\"\(f((a + b) / 2))\" y=\"\(f(top + 5))\" class=\"cs\" writing-mode=\"vertical-rl\" "
                        + "style=\"writing-mode: vertical-rl\">\(escape(span.label))</text>"
                } else {
                    let cx = (a + b) / 2 + 4.5, cy = top + 5
                    svg +=
                        "<text x=\"\(f(cx))\" y=\"\(f(cy))\" class=\"cs\" text-anchor=\"end\" "
                        + "transform=\"rotate(-90 \(f(cx)) \(f(cy)))\">\(escape(span.label))</text>"
                }
            }
        }
        for tick in ticks(y0, y1) {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" class=\"ax\">\(escape(yFormat(tick)))</text>"
        }
        let step = months <= 12 ? 1 : (months <= 36 ? 3 : (months <= 120 ? 12 : 24))
        for m in 1...months where m == 1 || m % step == 0 {
            svg += "<text x=\"\(f(x(Double(m))))\" y=\"\(f(top + plotH + 17))\" text-anchor=\"middle\" class=\"ax\">\(m)</text>"
        }
        svg +=
            "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(top + plotH + 39))\" text-anchor=\"middle\" class=\"ax\">\(escape(xLabel))</text>"
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" class=\"frame\"/>"
        if y0 > 0 {
            // The axis does not start at zero: a break mark on it says so.
            let by = top + plotH - 6
            svg += "<path d=\"M\(f(left - 5)) \(f(by + 3)) l10 -4 M\(f(left - 5)) \(f(by + 7)) l10 -4\" class=\"break\"/>"
        }
        for s in series {
            if let low = s.low, let high = s.high {
                var points = (0..<months).map { "\(f(x(Double($0 + 1)))),\(f(y(high[$0])))" }
                points += (0..<months).reversed().map { "\(f(x(Double($0 + 1)))),\(f(y(low[$0])))" }
                svg += "<polygon points=\"\(points.joined(separator: " "))\" fill=\"\(s.color)\" fill-opacity=\"0.18\" stroke=\"none\"/>"
            }
        }
        // Where a year-to-date series starts again: a dotted line before the year's first month, labelled.
        for start in yearStarts where start.month > 1 && start.month <= months {
            let xv = x(Double(start.month) - 0.5)
            svg += "<line x1=\"\(f(xv))\" x2=\"\(f(xv))\" y1=\"\(f(top))\" y2=\"\(f(top + plotH))\" class=\"year\"/>"
            svg += "<text x=\"\(f(xv + 4))\" y=\"\(f(top + 15))\" class=\"cs\">\(escape(start.label))</text>"
        }
        if let target {
            svg +=
                "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y(target.value)))\" y2=\"\(f(y(target.value)))\" class=\"target\"/>"
            svg +=
                "<text x=\"\(f(left + plotW - 4))\" y=\"\(f(y(target.value) - 4))\" text-anchor=\"end\" class=\"tl\">\(escape(target.label))</text>"
        }
        for s in series {
            // A value that does not exist (NaN) breaks the line: one polyline per run of defined months.
            var runs: [[String]] = [[]]
            for m in 0..<months {
                if s.values[m].isFinite {
                    runs[runs.count - 1].append("\(f(x(Double(m + 1)))),\(f(y(s.values[m])))")
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            let dash = s.dashed ? " stroke-dasharray=\"5 4\"" : ""
            for run in runs where !run.isEmpty {
                svg += "<polyline points=\"\(run.joined(separator: " "))\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash)/>"
            }
        }
        if legend { svg += legendSVG(series, at: legendAt, left: left, top: top + plotH + 64) }
        return svg + "</svg>"
    }

    /// Horizontal bars with 95% whiskers, one row per item, with a zero line. The row labels' column is as wide
    /// as the longest label needs (at most 45% of `width`); `valueAttributes[k]`, when given, goes on row k's value
    /// label (e.g. ` data-figure="net-benefit" data-strategy="…"`, already escaped), so a page can be checked for
    /// the figure it shows.
    static func bars(
        title: String, rows: [(label: String, mean: Double, low: Double, high: Double, color: String)],
        format: (Double) -> String, width: Double = 760, valueAttributes: [String] = []
    ) -> String {
        let left = min(width * 0.45, (rows.map { textWidth($0.label) }.max() ?? 0) + 20)
        let right = (rows.map { textWidth(format($0.mean)) }.max() ?? 0) + 16, rowH = 26.0
        let (titleText, titleBottom) = titleSVG(title, x: 8, width: width - 16)
        let top = titleBottom + 4
        let height = top + rowH * Double(rows.count) + 40
        let plotW = width - left - right
        let (lo, hi) = paddedDomain(rows.flatMap { [$0.low, $0.high, $0.mean] } + [0], by: 0.05)
        func x(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * plotW }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += titleText
        // Tick labels at least a label's width apart: fewer ticks on a narrow chart.
        let widest = ticks(lo, hi, count: 6).map { textWidth(format($0)) }.max() ?? 30
        let count = max(2, min(6, Int(plotW / (widest + 14))))
        for tick in ticks(lo, hi, count: count) {
            svg += "<line x1=\"\(f(x(tick)))\" x2=\"\(f(x(tick)))\" y1=\"\(f(top))\" y2=\"\(f(height - 34))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(height - 16))\" text-anchor=\"middle\" class=\"ax\">\(escape(format(tick)))</text>"
        }
        svg += "<line x1=\"\(f(x(0)))\" x2=\"\(f(x(0)))\" y1=\"\(f(top - 4))\" y2=\"\(f(height - 34))\" class=\"zero\"/>"
        for (k, row) in rows.enumerated() {
            let cy = top + rowH * Double(k) + rowH / 2
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(cy + 4.5))\" text-anchor=\"end\" class=\"lg\">\(escape(row.label))</text>"
            if row.mean.isFinite {
                let a = x(min(0, row.mean)), b = x(max(0, row.mean))
                svg +=
                    "<rect x=\"\(f(a))\" y=\"\(f(cy - 8))\" width=\"\(f(max(1, b - a)))\" height=\"16\" fill=\"\(row.color)\" fill-opacity=\"0.75\"/>"
            }
            if row.low.isFinite && row.high.isFinite {
                svg += "<line x1=\"\(f(x(row.low)))\" x2=\"\(f(x(row.high)))\" y1=\"\(f(cy))\" y2=\"\(f(cy))\" class=\"whisker\"/>"
                svg += "<line x1=\"\(f(x(row.low)))\" x2=\"\(f(x(row.low)))\" y1=\"\(f(cy - 5))\" y2=\"\(f(cy + 5))\" class=\"whisker\"/>"
                svg += "<line x1=\"\(f(x(row.high)))\" x2=\"\(f(x(row.high)))\" y1=\"\(f(cy - 5))\" y2=\"\(f(cy + 5))\" class=\"whisker\"/>"
            }
            let labelX = x(max(row.high.isFinite ? row.high : row.mean, 0)) + 6
            let attributes = k < valueAttributes.count ? valueAttributes[k] : ""
            svg +=
                "<text x=\"\(f(min(labelX, width - right + 6)))\" y=\"\(f(cy + 4.5))\" class=\"lg\"\(attributes)>"
                + "\(escape(format(row.mean)))</text>"
        }
        return svg + "</svg>"
    }

    /// A tornado: one row per parameter, a bar from the outcome at the reference values (`base`, the vertical
    /// line) to the outcome with that parameter at its low value and another to its high value. Rows in the given
    /// order (widest first). O(rows).
    static func tornado(
        title: String, base: Double, rows: [(label: String, atLow: Double, atHigh: Double)],
        format: (Double) -> String, lowLabel: String, highLabel: String, width: Double = 760
    ) -> String {
        let left = min(width * 0.45, (rows.map { textWidth($0.label) }.max() ?? 0) + 20), right = 70.0, rowH = 24.0
        let (titleText, titleBottom) = titleSVG(title, x: 8, width: width - 16)
        let top = titleBottom + 4
        let height = top + rowH * Double(rows.count) + 60
        let plotW = width - left - right
        let (lo, hi) = paddedDomain(rows.flatMap { [$0.atLow, $0.atHigh] } + [base, 0], by: 0.04)
        func x(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * plotW }
        let lowColor = "#4c78a8", highColor = "#f58518"
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += titleText
        let axisY = top + rowH * Double(rows.count)
        for tick in ticks(lo, hi, count: 6) {
            svg += "<line x1=\"\(f(x(tick)))\" x2=\"\(f(x(tick)))\" y1=\"\(f(top))\" y2=\"\(f(axisY))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(axisY + 16))\" text-anchor=\"middle\" class=\"ax\">\(escape(format(tick)))</text>"
        }
        if lo < 0 && hi > 0 {
            svg += "<line x1=\"\(f(x(0)))\" x2=\"\(f(x(0)))\" y1=\"\(f(top - 4))\" y2=\"\(f(axisY))\" class=\"zero\"/>"
        }
        for (k, row) in rows.enumerated() {
            let cy = top + rowH * Double(k) + rowH / 2
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(cy + 4.5))\" text-anchor=\"end\" class=\"lg\">\(escape(row.label))</text>"
            for (value, color) in [(row.atLow, lowColor), (row.atHigh, highColor)] where value.isFinite {
                let a = x(min(base, value)), b = x(max(base, value))
                svg +=
                    "<rect x=\"\(f(a))\" y=\"\(f(cy - 7))\" width=\"\(f(max(1, b - a)))\" height=\"14\" fill=\"\(color)\" fill-opacity=\"0.8\"/>"
            }
        }
        svg +=
            "<line x1=\"\(f(x(base)))\" x2=\"\(f(x(base)))\" y1=\"\(f(top - 4))\" y2=\"\(f(axisY))\" stroke=\"#1d2733\" stroke-width=\"1.5\"/>"
        let ly = axisY + 42
        svg += "<rect x=\"\(f(left))\" y=\"\(f(ly - 10))\" width=\"14\" height=\"10\" fill=\"\(lowColor)\"/>"
        svg += "<text x=\"\(f(left + 20))\" y=\"\(f(ly))\" class=\"lg\">\(escape(lowLabel))</text>"
        let second = left + 34 + textWidth(lowLabel)
        svg += "<rect x=\"\(f(second))\" y=\"\(f(ly - 10))\" width=\"14\" height=\"10\" fill=\"\(highColor)\"/>"
        svg += "<text x=\"\(f(second + 20))\" y=\"\(f(ly))\" class=\"lg\">\(escape(highLabel))</text>"
        return svg + "</svg>"
    }

    /// Lines over a few categories on the x axis, each labelled, with a dot at every point and a legend: for
    /// curves read at chosen values, such as an acceptability curve. `series[k].values` has one value per
    /// category. Categories are equally spaced unless `positions` (one per category, 0…1 across the plot) places
    /// them; with `detachedFirst`, the first category stands apart from a scale the others share (0 before a log
    /// axis): a break mark on the axis after it, and the segments from it dotted. O(series × categories).
    static func categoryLines(
        title: String, categories: [String], series: [ChartSeries], yRange: (Double, Double),
        yFormat: (Double) -> String, xLabel: String, width: Double = 460, height: Double = 300,
        positions: [Double]? = nil, detachedFirst: Bool = false
    ) -> String {
        let left = 52.0, right = 18.0
        let (titleText, top) = titleSVG(title, x: left, width: width - left - right)
        let (legendAt, legendRows) = legendLayout(series, width: width - left - right)
        let plotW = width - left - right, plotH = height - 86
        let total = top + plotH + (legendRows > 0 ? 72 + Double(legendRows - 1) * rowHeight : 48)
        let (y0, y1) = yRange
        let n = max(1, categories.count - 1)
        let at = positions ?? categories.indices.map { Double($0) / Double(n) }
        func x(_ k: Int) -> Double { left + at[k] * plotW }
        func y(_ v: Double) -> Double { top + (1 - (min(max(v, y0), y1) - y0) / (y1 - y0)) * plotH }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(total))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += titleText
        for tick in ticks(y0, y1) {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" class=\"ax\">\(escape(yFormat(tick)))</text>"
        }
        for (k, c) in categories.enumerated() {
            svg += "<text x=\"\(f(x(k)))\" y=\"\(f(top + plotH + 17))\" text-anchor=\"middle\" class=\"ax\">\(escape(c))</text>"
        }
        svg +=
            "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(top + plotH + 39))\" text-anchor=\"middle\" class=\"ax\">\(escape(xLabel))</text>"
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" class=\"frame\"/>"
        if detachedFirst && categories.count > 1 {
            // The first category is off the scale: the axis is broken between it and the second.
            let bx = (x(0) + x(1)) / 2, by = top + plotH
            svg += "<path d=\"M\(f(bx - 5)) \(f(by + 4)) l4 -8 M\(f(bx - 1)) \(f(by + 4)) l4 -8\" class=\"break\"/>"
        }
        for s in series {
            let points = s.values.indices.filter { s.values[$0].isFinite }
            let dash = s.dashed ? " stroke-dasharray=\"5 4\"" : ""
            let first = detachedFirst ? points.filter { $0 >= 1 } : points
            svg +=
                "<polyline points=\"\(first.map { "\(f(x($0))),\(f(y(s.values[$0])))" }.joined(separator: " "))\" "
                + "fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash)/>"
            if detachedFirst, points.contains(0), points.contains(1) {
                svg +=
                    "<line x1=\"\(f(x(0)))\" y1=\"\(f(y(s.values[0])))\" x2=\"\(f(x(1)))\" y2=\"\(f(y(s.values[1])))\" "
                    + "stroke=\"\(s.color)\" stroke-width=\"1.5\" stroke-dasharray=\"1 3\"/>"
            }
            for k in points {
                svg += "<circle cx=\"\(f(x(k)))\" cy=\"\(f(y(s.values[k])))\" r=\"2.5\" fill=\"\(s.color)\"/>"
            }
        }
        svg += legendSVG(series, at: legendAt, left: left, top: top + plotH + 64)
        return svg + "</svg>"
    }

    /// Where `values` (the first one 0, the others positive and increasing) sit on a log axis across 0…1: 0 at
    /// 0, the smallest positive value at `gap`, the largest at 1, the rest by their logarithm. O(values).
    static func logPositions(_ values: [Double], gap: Double = 0.14) -> [Double] {
        let positive = values.filter { $0 > 0 }
        guard let lo = positive.min(), let hi = positive.max(), hi > lo else {
            return values.indices.map { Double($0) / Double(max(1, values.count - 1)) }
        }
        return values.map { $0 > 0 ? gap + (1 - gap) * log(($0 / lo)) / log(hi / lo) : 0 }
    }
}
