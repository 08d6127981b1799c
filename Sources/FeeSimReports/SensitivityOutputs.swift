import FeeSimExperiments
import FeeSimScenario
import Foundation

/// Results of a sensitivity study, per output: Morris (μ*, μ, σ) and Sobol (first-order and total) per parameter.
public struct SensitivityResults: Sendable {
    public typealias MorrisRow = SensitivityStudy.MorrisRow
    public typealias SobolRow = SensitivityStudy.SobolRow

    public let study: String
    public let description: String
    public let outputs: [String]
    /// Per output (same order as `outputs`); empty when the method was not run.
    public let morris: [[MorrisRow]]
    public let sobol: [[SobolRow]]

    public init(study: String, description: String, outputs: [String], morris: [[MorrisRow]], sobol: [[SobolRow]]) {
        self.study = study
        self.description = description
        self.outputs = outputs
        self.morris = morris
        self.sobol = sobol
    }

    public func morrisCSV() -> String {
        var out = "output,parameter,mu_star,mu_star_low,mu_star_high,mu,sigma\n"
        for (o, rows) in zip(outputs, morris) {
            for r in rows {
                out +=
                    [
                        o, r.parameter, CSVFormat.number(r.muStar.value), CSVFormat.number(r.muStar.low),
                        CSVFormat.number(r.muStar.high), CSVFormat.number(r.mu), CSVFormat.number(r.sigma)
                    ]
                    .joined(separator: ",") + "\n"
            }
        }
        return out
    }

    public func sobolCSV() -> String {
        var out = "output,parameter,first_order,first_order_low,first_order_high,total,total_low,total_high\n"
        for (o, rows) in zip(outputs, sobol) {
            for r in rows {
                out +=
                    [
                        o, r.parameter, CSVFormat.number(r.first.value), CSVFormat.number(r.first.low),
                        CSVFormat.number(r.first.high), CSVFormat.number(r.total.value), CSVFormat.number(r.total.low),
                        CSVFormat.number(r.total.high)
                    ].joined(separator: ",") + "\n"
            }
        }
        return out
    }

    func f(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "–" }

    /// Ranked tables: parameters by Sobol total index (or Morris μ*), most influential first.
    public func markdown() -> String {
        var md = "# Sensitivity: \(study)\n\n"
        if !description.isEmpty { md += description + "\n\n" }
        for (k, output) in outputs.enumerated() {
            md += "## \(output)\n\n"
            if !sobol.isEmpty {
                let rows = sobol[k].sorted { ($0.total.value, $1.parameter) > ($1.total.value, $0.parameter) }
                md += "Sobol indices (Saltelli sampling, Jansen estimators; 95% bootstrap intervals), ranked by total index:\n\n"
                md += "| rank | parameter | total Sₜ | first-order S₁ |\n|---|---|---|---|\n"
                for (rank, r) in rows.enumerated() {
                    md +=
                        "| \(rank + 1) | `\(r.parameter)` | \(f(r.total.value)) (\(f(r.total.low)) – \(f(r.total.high))) | "
                        + "\(f(r.first.value)) (\(f(r.first.low)) – \(f(r.first.high))) |\n"
                }
                md += "\n"
                let cautions = sobolCautions(k)
                if !cautions.isEmpty { md += "**Caution.** " + cautions.joined(separator: " ") + "\n\n" }
            }
            if !morris.isEmpty {
                let rows = morris[k].sorted { ($0.muStar.value, $1.parameter) > ($1.muStar.value, $0.parameter) }
                md += "Morris elementary effects, ranked by μ* (per unit of each parameter's range):\n\n"
                md += "| rank | parameter | μ* | μ | σ |\n|---|---|---|---|---|\n"
                for (rank, r) in rows.enumerated() {
                    md +=
                        "| \(rank + 1) | `\(r.parameter)` | \(f(r.muStar.value)) (\(f(r.muStar.low)) – \(f(r.muStar.high))) | \(f(r.mu)) | \(f(r.sigma)) |\n"
                }
                md += "\n"
            }
        }
        return md
    }

    /// A self-contained page with a bar chart per output (Sobol total indices, or Morris μ*).
    public func html() -> String {
        let esc = SVGChart.escape
        var body = "<h1>\(esc("Sensitivity: " + study))</h1><p class=\"subtitle\">\(esc(description))</p>"
        for (k, output) in outputs.enumerated() {
            body += "<section><h2>\(esc(output))</h2>"
            if !sobol.isEmpty {
                let rows = sobol[k].sorted { ($0.total.value, $1.parameter) > ($1.total.value, $0.parameter) }
                body +=
                    "<figure class=\"wide\">"
                    + SVGChart.bars(
                        title: "Sobol total index Sₜ (95% interval)",
                        rows: rows.map {
                            (label: $0.parameter, mean: $0.total.value, low: $0.total.low, high: $0.total.high, color: "#1f77b4")
                        },
                        format: { String(format: "%.2f", $0) }, width: 900) + "</figure>"
                let cautions = sobolCautions(k)
                if !cautions.isEmpty {
                    body += "<p class=\"caption\"><strong>Caution.</strong> \(esc(cautions.joined(separator: " ")))</p>"
                }
            }
            if !morris.isEmpty {
                let rows = morris[k].sorted { ($0.muStar.value, $1.parameter) > ($1.muStar.value, $0.parameter) }
                body +=
                    "<figure class=\"wide\">"
                    + SVGChart.bars(
                        title: "Morris μ* (95% interval)",
                        rows: rows.map {
                            (label: $0.parameter, mean: $0.muStar.value, low: $0.muStar.low, high: $0.muStar.high, color: "#ff7f0e")
                        },
                        format: { String(format: "%.3g", $0) }, width: 900) + "</figure>"
            }
            body += "</section>"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc("Sensitivity — " + study))</title><style>\(ComparisonOutputs.css)</style></head>
            <body><main>\(body)<footer>Generated by FeeSim</footer></main></body></html>

            """
    }
}

extension SensitivityResults {
    /// The results of `study`, its description saying when the outputs are differences against another scenario.
    public init(_ study: StudySpec, _ result: SensitivityStudy.Result) {
        let effects =
            study.against.map {
                "\n\nOutputs are differences against \($0.scenario.name) (point minus it, replication by replication, on the "
                    + "same random numbers): effects, not levels."
            } ?? ""
        self.init(
            study: study.name, description: study.description + effects, outputs: study.outputs,
            morris: result.morris, sobol: result.sobol)
    }

}

extension SensitivityResults: StudyFiles {
    /// morris.csv and sobol.csv (those of the methods run), sensitivity.md and sensitivity.html.
    public func files(markdown: String) -> [(name: String, text: String)] {
        (morris.isEmpty ? [] : [("morris.csv", morrisCSV())]) + (sobol.isEmpty ? [] : [("sobol.csv", sobolCSV())])
            + [("sensitivity.md", markdown), ("sensitivity.html", html())]
    }
}
