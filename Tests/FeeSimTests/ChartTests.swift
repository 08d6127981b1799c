import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimReports

/// Charts that do not mislead: a cut axis is marked, every phase band is labelled, legends do not overlap.
@Suite struct ChartTests {
    static func chart(yFrom: Double, labels: [String]) -> String {
        let series = labels.map { ChartSeries(name: $0, color: "#000", values: Array(repeating: 0.7, count: 24)) }
        return SVGChart.lines(
            title: "t", series: series, months: 24, yRange: (yFrom, 1), yFormat: { "\($0)" }, xLabel: "Month",
            spans: [
                ChartSpan(from: 1, to: 2, label: "preparation", fill: "#eee"),
                ChartSpan(from: 3, to: 6, label: "pilot", fill: "#ffe")
            ], width: 460, height: 266)
    }

    @Test func aCutAxisCarriesABreakMarkAndAZeroBasedOneDoesNot() {
        #expect(Self.chart(yFrom: 0.5, labels: ["a"]).contains("class=\"break\""))
        #expect(!Self.chart(yFrom: 0, labels: ["a"]).contains("class=\"break\""))
    }

    @Test func aNewYearIsMarkedWhereTheYearToDateRateStartsAgain() {
        let series = [ChartSeries(name: "a", color: "#000", values: Array(repeating: 0.7, count: 24))]
        let svg = SVGChart.lines(
            title: "t", series: series, months: 24, yRange: (0.5, 1), yFormat: { "\($0)" },
            xLabel: "Month", yearStarts: [(13, "year 2"), (25, "year 3")])
        #expect(svg.components(separatedBy: "class=\"year\"").count - 1 == 1)   // month 25 is past the horizon
        #expect(svg.contains(">year 2</text>") && !svg.contains("year 3"))
    }

    @Test func tornadoBarsRunFromTheReferenceValueToEachEnd() throws {
        // Base 100 on a 0…200 axis: the low bar (50) ends at the base line, the high bar (180) starts there.
        let svg = SVGChart.tornado(
            title: "t", base: 100, rows: [(label: "a", atLow: 50, atHigh: 180)],
            format: { "\($0)" }, lowLabel: "low", highLabel: "high")
        let rects = svg.components(separatedBy: "<rect ").dropFirst().filter { $0.contains("height=\"14\"") }
        #expect(rects.count == 2)
        func attr(_ t: String, _ name: String) -> Double {
            let start = t.range(of: "\(name)=\"")!.upperBound
            return Double(t[start...].prefix { $0 != "\"" })!
        }
        let baseX = try #require(svg.components(separatedBy: "stroke=\"#1d2733\"").first?.components(separatedBy: "<line x1=\"").last)
        let x = Double(baseX.prefix { $0 != "\"" })!
        #expect(abs(attr(rects[0], "x") + attr(rects[0], "width") - x) < 0.11)   // low bar ends at the base
        #expect(abs(attr(rects[1], "x") - x) < 0.11)   // high bar starts there
        #expect(attr(rects[1], "width") > attr(rects[0], "width"))   // 80 > 50
        #expect(svg.contains(">low</text>") && svg.contains(">high</text>"))
    }

    @Test func categoryLinesMarkEveryPointAndLabelEveryCategory() {
        let series = [
            ChartSeries(name: "A", color: "#000", values: [0.2, 0.5, 0.9]),
            ChartSeries(name: "B", color: "#111", values: [0.8, 0.5, 0.1])
        ]
        let svg = SVGChart.categoryLines(
            title: "t", categories: ["0", "10k", "20k"], series: series, yRange: (0, 1),
            yFormat: { "\($0)" }, xLabel: "λ")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 6)
        #expect(svg.contains(">10k</text>") && svg.contains(">A</text>") && svg.contains(">B</text>"))
    }

    @Test func narrowPhaseBandsAreLabelledToo() {
        let svg = Self.chart(yFrom: 0.5, labels: ["a"])
        #expect(svg.contains(">preparation</text>") && svg.contains(">pilot</text>"))
        #expect(svg.contains("rotate(-90"))   // the two-month band, turned
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
