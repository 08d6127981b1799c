import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim calibrate`: fit parameters to an observed monthly series.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit scenario parameters to observed figures: several moments at once, or a monthly series (GSL Nelder–Mead).",
        discussion: """
            Moments: each --target is NAME=VALUE[:WEIGHT], NAME a per-replication figure of replications.csv \
            (for example collection_rate_year_1=0.75, collection_rate_year_3=0.75, on_time_rate_year_1=0.55:0.5, \
            no_payment_share_year_1=0.15); the fit minimises the weighted squared distance between the simulated \
            means and the targets, and reports which parameters the targets cannot pin down. \
            Series: --observed is a CSV with a header and columns month, rate and optionally weight (one row per \
            month). Each --parameter is PATH=MIN:MAX (see `feesim paths`); the search starts from the scenario's \
            own values and stays inside the bounds. Every evaluation uses the same seed (common random numbers). \
            Writes <out>/<scenario>-calibration/: calibration.csv, fit.csv, calibration.md and manifest.json.
            """
    )

    @Argument(help: "Scenario to calibrate (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @OptionGroup var overrides: ScenarioOverrides

    @Option(help: "Observed series (CSV: month,rate[,weight]).", completion: .file(extensions: ["csv"]))
    var observed: String?

    @Option(name: .customLong("target"), help: "NAME=VALUE[:WEIGHT], repeatable: a moment to fit (instead of --observed).")
    var targets: [String] = []

    @Option(help: "Months each evaluation simulates when fitting moments (36 covers year-3 figures).")
    var months: Int = 36

    @Option(name: .customLong("parameter"), help: "PATH=MIN:MAX, repeatable (for example behaviour.grievance_entry=0.005:0.08).")
    var parameters: [String] = []

    @Option(help: "Monthly metric the series measures.")
    var metric: String = "collection_rate"

    @Option(name: [.short, .long], help: "Replications per evaluation.")
    var replications: Int = 20

    @Option(help: "Seed shared by every evaluation (default: the scenario's).")
    var seed: UInt64?

    @Option(help: "How many communities the observed series averages (1: one community's history).")
    var observedMeanOf: Int = 1

    @Option(help: "Nelder–Mead iterations at most.")
    var maxIterations: Int = 150

    @Option(name: [.short, .long], help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(name: [.short, .long], help: "Folder that receives the calibration's folder.")
    var out: String = "Results"

    func validate() throws {
        try validateOutputFolder(out)
        if parameters.isEmpty { throw ValidationError("give at least one --parameter PATH=MIN:MAX.") }
        if (observed == nil) == targets.isEmpty {
            throw ValidationError("give either --observed SERIES.csv or one or more --target NAME=VALUE[:WEIGHT], not both.")
        }
        let known = HorizonMetrics.names(targetMonth: 6)
        for t in targets {
            guard let m = parseTarget(t) else {
                throw ValidationError("--target '\(t)' must look like NAME=VALUE[:WEIGHT], for example collection_rate_year_1=0.75.")
            }
            guard known.contains(m.name) else {
                throw ValidationError("--target '\(m.name)' is not a figure of replications.csv. Allowed: \(known.joined(separator: ", ")).")
            }
        }
        if !(1...1200).contains(months) { throw ValidationError("--months must be in 1…1200 (got \(months)).") }
        if replications < 2 { throw ValidationError("--replications must be at least 2 (got \(replications)).") }
        if observedMeanOf < 1 { throw ValidationError("--observed-mean-of must be at least 1.") }
        for p in parameters where parse(p) == nil {
            throw ValidationError("--parameter '\(p)' must look like PATH=MIN:MAX with MIN < MAX, for example behaviour.grievance_entry=0.005:0.08.")
        }
        guard Metric.allCases.contains(where: { $0.key == metric }) else {
            throw ValidationError("--metric '\(metric)' is not a monthly metric; for example collection_rate, voluntary_rate.")
        }
    }

    func parse(_ text: String) -> (path: String, lower: Double, upper: Double)? {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let bounds = parts[1].split(separator: ":")
        guard bounds.count == 2, let lo = Double(bounds[0]), let hi = Double(bounds[1]), lo < hi else { return nil }
        return (String(parts[0]), lo, hi)
    }

    func parseTarget(_ text: String) -> Moment? {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let value = parts[1].split(separator: ":")
        guard (1...2).contains(value.count), let v = Double(value[0]), v.isFinite else { return nil }
        let w = value.count == 2 ? Double(value[1]) : 1
        guard let w, w.isFinite, w >= 0 else { return nil }
        return Moment(name: String(parts[0]), target: v, weight: w)
    }

    /// Reads month,rate[,weight] rows; every bad row is an error naming its line.
    static func readSeries(_ path: String) throws -> [Observation] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(description: "\(path): no such file")
        }
        let lines = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first?.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "\u{FEFF}", with: ""),
              header.hasPrefix("month,") else {
            throw CLIError(description: "\(path):1: the header must be month,rate[,weight]")
        }
        var out: [Observation] = []
        for (k, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count >= 2, let month = Int(f[0]), (1...1200).contains(month), let rate = Double(f[1]),
                  (0...1).contains(rate) else {
                throw CLIError(description: "\(path):\(k + 1): '\(line.prefix(80))': expected a month in 1…1200 and a rate in [0, 1]")
            }
            var weight = 1.0
            if f.count >= 3, !f[2].isEmpty {
                guard let w = Double(f[2]), (0...1e6).contains(w) else {
                    throw CLIError(description: "\(path):\(k + 1): '\(line.prefix(80))': the weight must be a number in [0, 1e6]")
                }
                weight = w
            }
            if out.contains(where: { $0.month == month }) {
                throw CLIError(description: "\(path):\(k + 1): month \(month) appears twice")
            }
            out.append(Observation(month: month, value: rate, weight: weight))
        }
        guard !out.isEmpty else { throw CLIError(description: "\(path): no observations") }
        return out
    }

    func run() throws {
        let loaded = try CLIError.wrap { try ScenarioLoader.load(path: scenario) }
        var base = loaded.scenario
        try overrides.apply(to: &base)
        _ = try CLIError.wrap { try OutputLock.acquire(for: URL(fileURLWithPath: out).appendingPathComponent("\(base.name)-calibration")) }
        let specs = parameters.compactMap(parse)
        let paths = try specs.map { spec in try CLIError.wrap { try ParameterSpace.resolve(spec.path, in: base) } }
        for (p, spec) in zip(paths, specs) where spec.lower < (p.lower ?? -.infinity) || spec.upper > (p.upper ?? .infinity) {
            throw CLIError(description: "--parameter \(spec.path): bounds \(spec.lower):\(spec.upper) go outside what it allows (\(p.allowed))")
        }
        guard let observed else {
            return try fitMoments(loaded, paths: paths, specs: specs)
        }
        let observations = try Self.readSeries(observed)
        let metricCase = Metric.allCases.first { $0.key == metric }!
        FileHandle.standardError.write(Data("calibrating \(paths.count) parameter\(paths.count == 1 ? "" : "s") to \(observations.count) months …\n".utf8))
        let start = Date()
        let result = try CLIError.wrap {
            try Calibration.run(
                names: paths.map(\.path), lower: specs.map(\.lower), upper: specs.map(\.upper),
                start: paths.map { $0.value(in: base) }, observations: observations, metric: metricCase,
                replications: replications, seed: seed ?? base.seed, threads: threads, observedIsMeanOf: observedMeanOf,
                maxIterations: maxIterations, build: { x in
                    var s = base
                    for (p, v) in zip(paths, x) { try p.set(p.whole ? v.rounded() : v, in: &s) }
                    return s
                })
        }
        var table = "parameter,start,fitted,standard_error,ci_low,ci_high\n"
        for k in result.names.indices {
            table += [result.names[k], CSVFormat.number(result.start[k]), CSVFormat.number(result.fitted[k]),
                      CSVFormat.number(result.standardErrors[k]), CSVFormat.number(result.low[k]),
                      CSVFormat.number(result.high[k])].joined(separator: ",") + "\n"
        }
        var fit = "month,observed,fitted,weight\n"
        for (o, f) in zip(result.observations, result.fittedSeries) {
            fit += "\(o.month),\(CSVFormat.number(o.value)),\(CSVFormat.number(f)),\(CSVFormat.number(o.weight))\n"
        }
        var md = "# Calibration of \(base.name) to \(URL(fileURLWithPath: observed).lastPathComponent)\n\n"
        md += "\(observations.count) observed months of `\(metric)`; \(replications) replications per evaluation, seed "
        md += "\(seed ?? base.seed); \(result.evaluations) evaluations, \(result.converged ? "converged" : "stopped at the iteration limit").\n\n"
        md += "| parameter | start | fitted | standard error | 95% interval |\n|---|---|---|---|---|\n"
        for k in result.names.indices {
            md += String(format: "| `%@` | %.4g | **%.4g** | %.3g | %.4g – %.4g |\n", result.names[k] as NSString,
                         result.start[k], result.fitted[k], result.standardErrors[k], result.low[k], result.high[k])
        }
        md += String(format: "\nWeighted SSE %.3g, RMSE %.4f (%.2f percentage points).\n\n", result.sse, result.rmse, result.rmse * 100)
        md += "| month | observed | fitted |\n|---|---|---|\n"
        for (o, f) in zip(result.observations, result.fittedSeries) {
            md += String(format: "| %d | %.1f%% | %.1f%% |\n", o.month, o.value * 100, f * 100)
        }
        let manifest = CalibrationManifest(
            toolVersion: FeeSim.version, scenario: scenario, scenarioSHA256: loaded.contentHash, observed: observed,
            metric: metric, observedMeanOf: observedMeanOf, parameters: parameters, replications: replications,
            seed: seed ?? base.seed, evaluations: result.evaluations, converged: result.converged,
            wallTimeSeconds: Date().timeIntervalSince(start), overrides: overrides.parsed.map(\.description))
        try write(base.name, table: table, fit: fit, markdown: md, manifest: manifest)
    }

    /// The moments branch: fit, then write calibration.csv (parameters), fit.csv (targets against reached),
    /// calibration.md and manifest.json.
    func fitMoments(_ loaded: LoadedScenario, paths: [ParameterPath],
                    specs: [(path: String, lower: Double, upper: Double)]) throws {
        let base = loaded.scenario
        let moments = targets.compactMap(parseTarget)
        FileHandle.standardError.write(Data("calibrating \(paths.count) parameter\(paths.count == 1 ? "" : "s") to \(moments.count) moments …\n".utf8))
        let start = Date()
        let fit = try CLIError.wrap {
            try Calibration.fitMoments(
                names: paths.map(\.path), lower: specs.map(\.lower), upper: specs.map(\.upper),
                start: paths.map { $0.value(in: base) }, moments: moments, months: months, replications: replications,
                seed: seed ?? base.seed, threads: threads, maxIterations: maxIterations, build: { x in
                    var s = base
                    for (p, v) in zip(paths, x) { try p.set(p.whole ? v.rounded() : v, in: &s) }
                    return s
                })
        }
        var table = "parameter,start,fitted,pinned_down\n"
        for k in fit.names.indices {
            table += "\(fit.names[k]),\(CSVFormat.number(fit.start[k])),\(CSVFormat.number(fit.fitted[k])),\(fit.flat[k] ? "no" : "yes")\n"
        }
        var csv = "moment,target,reached,monte_carlo_se,weight\n"
        for (k, m) in fit.moments.enumerated() {
            csv += "\(m.name),\(CSVFormat.number(m.target)),\(CSVFormat.number(fit.reached[k])),"
                + "\(CSVFormat.number(fit.reachedStandardErrors[k])),\(CSVFormat.number(m.weight))\n"
        }
        var md = "# Calibration of \(base.name) to \(moments.count) moments\n\n"
        md += "\(replications) replications per evaluation over \(months) months, seed \(seed ?? base.seed); "
        md += "\(fit.evaluations) evaluations, \(fit.converged ? "converged" : "stopped at the iteration limit"). "
        md += String(format: "Weighted squared distance %.3g.\n\n", fit.distance)
        md += "| moment | target | reached (± Monte Carlo s.e.) | weight |\n|---|---|---|---|\n"
        for (k, m) in fit.moments.enumerated() {
            md += String(format: "| `%@` | %.4g | %.4g ± %.2g | %g |\n", m.name as NSString, m.target, fit.reached[k],
                         fit.reachedStandardErrors[k], m.weight)
        }
        md += "\n| parameter | start | fitted | pinned down by these moments? |\n|---|---|---|---|\n"
        for k in fit.names.indices {
            let pinned = fit.flat[k]
                ? String(format: "no: no moment moves %.1f pt over 10%% of its range", fit.flatThreshold * 100) : "yes"
            md += String(format: "| `%@` | %.4g | **%.4g** | %@ |\n", fit.names[k] as NSString, fit.start[k], fit.fitted[k],
                         pinned as NSString)
        }
        md += "\nEffect on each moment of moving a parameter by 10% of its search range (at the fit):\n\n"
        md += "| moment | " + fit.names.map { "`\($0)`" }.joined(separator: " | ") + " |\n|---|"
        md += String(repeating: "---|", count: fit.names.count) + "\n"
        for (k, m) in fit.moments.enumerated() {
            md += "| `\(m.name)` | " + fit.sensitivity[k].map { String(format: "%+.4f", $0) }.joined(separator: " | ") + " |\n"
        }
        let manifest = CalibrationManifest(
            toolVersion: FeeSim.version, scenario: scenario, scenarioSHA256: loaded.contentHash, targets: targets,
            parameters: parameters, replications: replications, months: months, seed: seed ?? base.seed,
            evaluations: fit.evaluations, converged: fit.converged, wallTimeSeconds: Date().timeIntervalSince(start),
            overrides: overrides.parsed.map(\.description))
        try write(base.name, table: table, fit: csv, markdown: md, manifest: manifest)
    }

    /// Writes `<out>/<name>-calibration/` (calibration.csv, fit.csv, calibration.md, manifest.json) atomically and
    /// prints where.
    func write(_ name: String, table: String, fit: String, markdown: String, manifest: CalibrationManifest) throws {
        let folder = URL(fileURLWithPath: out).appendingPathComponent("\(name)-calibration")
        try CLIError.wrap {
            let files = try ResultFolder(replacing: folder)
            try files.write("calibration.csv", Data(table.utf8))
            try files.write("fit.csv", Data(fit.utf8))
            try files.write("calibration.md", Data(markdown.utf8))
            try files.write("manifest.json", try manifest.json())
            try files.commit()
        }
        print(markdown)
        print("→ \(folder.path)/")
    }
}
