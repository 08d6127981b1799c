import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim calibrate`: fit parameters to an observed monthly series or to moments.
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

    @Argument(help: "Scenario to calibrate (YAML).", completion: .file(extensions: ["yaml", "yml"])) var scenario: String
    @OptionGroup var overrides: ScenarioOverrides
    @Option(help: "Observed series (CSV: month,rate[,weight]).", completion: .file(extensions: ["csv"])) var observed: String?
    @Option(name: .customLong("target"), help: "NAME=VALUE[:WEIGHT], repeatable: a moment to fit (instead of --observed).")
    var targets: [String] = []
    @Option(help: "Months each evaluation simulates when fitting moments (36 covers year-3 figures).") var months: Int = 36
    @Option(name: .customLong("parameter"), help: "PATH=MIN:MAX, repeatable (for example behaviour.grievance_entry=0.005:0.08).")
    var parameters: [String] = []
    @Option(help: "Monthly metric the series measures.") var metric: String = "collection_rate"
    @Option(name: [.short, .long], help: "Replications per evaluation.") var replications: Int = 20
    @Option(help: "Seed shared by every evaluation (default: the scenario's).") var seed: UInt64?
    @Option(help: "How many communities the observed series averages (1: one community's history).") var observedMeanOf: Int = 1
    @Option(help: "Nelder–Mead iterations at most.") var maxIterations: Int = 150
    @Option(name: [.short, .long], help: "Worker threads (default: all cores).") var threads: Int?
    @Option(name: [.short, .long], help: "Folder that receives the calibration's folder.") var out: String = "Results"

    func validate() throws {
        try validateOutputFolder(out)
        if parameters.isEmpty { throw ValidationError("give at least one --parameter PATH=MIN:MAX.") }
        if (observed == nil) == targets.isEmpty {
            throw ValidationError("give either --observed SERIES.csv or one or more --target NAME=VALUE[:WEIGHT], not both.")
        }
        let known = HorizonMetrics.names(targetMonth: 6)
        for t in targets {
            guard let m = Moment(parsing: t) else {
                throw ValidationError("--target '\(t)' must look like NAME=VALUE[:WEIGHT], for example collection_rate_year_1=0.75.")
            }
            guard known.contains(m.name) else {
                throw ValidationError("--target '\(m.name)' is not a figure of replications.csv. Allowed: \(known.joined(separator: ", ")).")
            }
        }
        if !(1...1200).contains(months) { throw ValidationError("--months must be in 1…1200 (got \(months)).") }
        if replications < 2 { throw ValidationError("--replications must be at least 2 (got \(replications)).") }
        if observedMeanOf < 1 { throw ValidationError("--observed-mean-of must be at least 1.") }
        for p in parameters where CalibrationStudy.Bounds(parsing: p) == nil {
            throw ValidationError("--parameter '\(p)' must look like PATH=MIN:MAX with MIN < MAX, for example behaviour.grievance_entry=0.005:0.08.")
        }
        if Metric(key: metric) == nil {
            throw ValidationError("--metric '\(metric)' is not a monthly metric; for example collection_rate, voluntary_rate.")
        }
    }

    func run() throws {
        try CLIError.wrap {
            let (loaded, base) = try overrides.load(scenario)
            let folder = try lockedFolder(URL(fileURLWithPath: out), "\(base.name)-calibration")
            let target: CalibrationStudy.Target = try observed.map {
                .series(try ObservedSeries.read(path: $0), metric: Metric(key: metric)!, observedMeanOf: observedMeanOf)
            } ?? .moments(targets.compactMap(Moment.init(parsing:)), months: months)
            let count = switch target { case .series(let o, _, _): "\(o.count) months"; case .moments(let m, _): "\(m.count) moments" }
            FileHandle.standardError.write(Data("calibrating \(parameters.count) parameter\(parameters.count == 1 ? "" : "s") to \(count) …\n".utf8))
            let start = Date()
            let fit = try CalibrationStudy.run(base, bounds: parameters.compactMap(CalibrationStudy.Bounds.init(parsing:)),
                                               target: target, replications: replications, seed: seed ?? base.seed,
                                               threads: threads, maxIterations: maxIterations)
            let (evaluations, converged) = switch fit { case .series(let r): (r.evaluations, r.converged); case .moments(let f): (f.evaluations, f.converged) }
            let manifest = CalibrationManifest(
                toolVersion: FeeSim.version, scenario: scenario, scenarioSHA256: loaded.contentHash, observed: observed,
                metric: observed == nil ? nil : metric, observedMeanOf: observed == nil ? nil : observedMeanOf,
                targets: observed == nil ? targets : nil, parameters: parameters, replications: replications,
                months: observed == nil ? months : nil, seed: seed ?? base.seed, evaluations: evaluations, converged: converged,
                wallTimeSeconds: Date().timeIntervalSince(start), overrides: overrides.parsed.map(\.description))
            print(try CalibrationOutputs(scenario: base.name, fit: fit, replications: replications, seed: seed ?? base.seed,
                                         observedFile: observed, metric: metric, months: months)
                .write(to: folder, manifest: manifest))
            print("→ \(folder.path)/")
        }
    }
}
