import FeeSimExperiments
import FeeSimModel
import Foundation

/// A calibration's files: calibration.csv (the parameters: start, fit and, for a series, standard errors and 95%
/// intervals; for moments, whether they pin each parameter down), fit.csv (observed or targeted against reached),
/// calibration.md and manifest.json.
public struct CalibrationOutputs: StudyFiles {
    public let scenario: String
    public let fit: CalibrationStudy.Fit
    public let replications: Int
    public let seed: UInt64
    /// The observed series' file (series fits) and the monthly metric it measures.
    public let observedFile: String?
    public let metric: String?
    /// Months each evaluation simulated (moment fits).
    public let months: Int?

    /// The files of `fit`, the result of `plan`; `observedFile` names the series' file for a series fit.
    public init(_ plan: CalibrationStudy.Plan, fit: CalibrationStudy.Fit, observedFile: String?) {
        (scenario, self.fit, replications, seed, self.observedFile) = (plan.scenario.name, fit, plan.replications, plan.seed, observedFile)
        switch plan.target {
        case .series(_, let metric, _): (self.metric, months) = (metric.key, nil)
        case .moments(_, let months): (metric, self.months) = (nil, months)
        }
    }

    /// The parameters table (calibration.csv).
    public func parametersCSV() -> String {
        switch fit {
        case .series(let r):
            var table = "parameter,start,fitted,standard_error,ci_low,ci_high\n"
            for k in r.names.indices {
                table +=
                    [
                        r.names[k], CSVFormat.number(r.start[k]), CSVFormat.number(r.fitted[k]),
                        CSVFormat.number(r.standardErrors[k]), CSVFormat.number(r.low[k]), CSVFormat.number(r.high[k])
                    ]
                    .joined(separator: ",") + "\n"
            }
            return table
        case .moments(let f):
            var table = "parameter,start,fitted,pinned_down\n"
            for k in f.names.indices {
                table += "\(f.names[k]),\(CSVFormat.number(f.start[k])),\(CSVFormat.number(f.fitted[k])),\(f.flat[k] ? "no" : "yes")\n"
            }
            return table
        }
    }

    /// The fit against what it was fitted to (fit.csv).
    public func fitCSV() -> String {
        switch fit {
        case .series(let r):
            var csv = "month,observed,fitted,weight\n"
            for (o, f) in zip(r.observations, r.fittedSeries) {
                csv += "\(o.month),\(CSVFormat.number(o.value)),\(CSVFormat.number(f)),\(CSVFormat.number(o.weight))\n"
            }
            return csv
        case .moments(let f):
            var csv = "moment,target,reached,monte_carlo_se,weight\n"
            for (k, m) in f.moments.enumerated() {
                csv +=
                    "\(m.name),\(CSVFormat.number(m.target)),\(CSVFormat.number(f.reached[k])),"
                    + "\(CSVFormat.number(f.reachedStandardErrors[k])),\(CSVFormat.number(m.weight))\n"
            }
            return csv
        }
    }

    public func markdown() -> String {
        switch fit {
        case .series(let r): return seriesMarkdown(r)
        case .moments(let f): return momentsMarkdown(f)
        }
    }

    private func seriesMarkdown(_ r: CalibrationResult) -> String {
        var md = "# Calibration of \(scenario) to \(URL(fileURLWithPath: observedFile ?? "").lastPathComponent)\n\n"
        md += "\(r.observations.count) observed months of `\(metric ?? "")`; \(replications) replications per evaluation, seed "
        md += "\(seed); \(r.evaluations) evaluations, \(r.converged ? "converged" : "stopped at the iteration limit").\n\n"
        md += "| parameter | start | fitted | standard error | 95% interval |\n|---|---|---|---|---|\n"
        for k in r.names.indices {
            md += String(
                format: "| `%@` | %.4g | **%.4g** | %.3g | %.4g – %.4g |\n", r.names[k] as NSString,
                r.start[k], r.fitted[k], r.standardErrors[k], r.low[k], r.high[k])
        }
        md += String(format: "\nWeighted SSE %.3g, RMSE %.4f (%.2f percentage points).\n\n", r.sse, r.rmse, r.rmse * 100)
        md += "| month | observed | fitted |\n|---|---|---|\n"
        for (o, f) in zip(r.observations, r.fittedSeries) {
            md += String(format: "| %d | %.1f%% | %.1f%% |\n", o.month, o.value * 100, f * 100)
        }
        return md
    }

    private func momentsMarkdown(_ fit: MomentFit) -> String {
        var md = "# Calibration of \(scenario) to \(fit.moments.count) moments\n\n"
        md += "\(replications) replications per evaluation over \(months ?? 0) months, seed \(seed); "
        md += "\(fit.evaluations) evaluations, \(fit.converged ? "converged" : "stopped at the iteration limit"). "
        md += String(format: "Weighted squared distance %.3g.\n\n", fit.distance)
        md += "| moment | target | reached (± Monte Carlo s.e.) | weight |\n|---|---|---|---|\n"
        for (k, m) in fit.moments.enumerated() {
            md += String(
                format: "| `%@` | %.4g | %.4g ± %.2g | %g |\n", m.name as NSString, m.target, fit.reached[k],
                fit.reachedStandardErrors[k], m.weight)
        }
        md += "\n| parameter | start | fitted | pinned down by these moments? |\n|---|---|---|---|\n"
        for k in fit.names.indices {
            let pinned =
                fit.flat[k]
                ? String(format: "no: no moment moves %.1f pt over 10%% of its range", fit.flatThreshold * 100) : "yes"
            md += String(
                format: "| `%@` | %.4g | **%.4g** | %@ |\n", fit.names[k] as NSString, fit.start[k], fit.fitted[k],
                pinned as NSString)
        }
        md += "\nEffect on each moment of moving a parameter by 10% of its search range (at the fit):\n\n"
        md += "| moment | " + fit.names.map { "`\($0)`" }.joined(separator: " | ") + " |\n|---|"
        md += String(repeating: "---|", count: fit.names.count) + "\n"
        for (k, m) in fit.moments.enumerated() {
            md += "| `\(m.name)` | " + fit.sensitivity[k].map { String(format: "%+.4f", $0) }.joined(separator: " | ") + " |\n"
        }
        return md
    }

    /// calibration.csv, fit.csv and calibration.md.
    public func files(markdown: String) -> [(name: String, text: String)] {
        [("calibration.csv", parametersCSV()), ("fit.csv", fitCSV()), ("calibration.md", markdown)]
    }
}
