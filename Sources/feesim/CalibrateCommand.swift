import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

extension Metric: ExpressibleByArgument {
    public init?(argument: String) { self.init(key: argument) }
    public static var allValueStrings: [String] { allCases.map(\.key) }
}

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
    @Option(name: .customLong("target"), help: "NAME=VALUE[:WEIGHT], repeatable: a moment to fit (instead of --observed).",
            transform: parsing("must look like NAME=VALUE[:WEIGHT], for example collection_rate_year_1=0.75", Moment.init(parsing:)))
    var targets: [Moment] = []
    @Option(help: "Months each evaluation simulates when fitting moments (36 covers year-3 figures).") var months: Int = 36
    @Option(name: .customLong("parameter"), help: "PATH=MIN:MAX, repeatable (for example behaviour.grievance_entry=0.005:0.08).",
            transform: parsing("must look like PATH=MIN:MAX with MIN < MAX, for example behaviour.grievance_entry=0.005:0.08",
                               CalibrationStudy.Bounds.init(parsing:)))
    var parameters: [CalibrationStudy.Bounds] = []
    @Option(help: "Monthly metric the series measures (default: collection_rate).")
    var metric: Metric?
    @Option(name: [.short, .long], help: "Replications per evaluation (at least 2).") var replications: Int = 20
    @Option(help: "Seed shared by every evaluation (default: the scenario's).") var seed: UInt64?
    @Option(help: "How many communities the observed series averages (1: one community's history).") var observedMeanOf: Int = 1
    @Option(help: "Nelder–Mead iterations at most.") var maxIterations: Int = 150
    @OptionGroup var options: StudyRunOptions

    func validate() throws {
        if (observed == nil) == targets.isEmpty {
            throw ValidationError("give either --observed SERIES.csv or one or more --target NAME=VALUE[:WEIGHT], not both.")
        }
    }

    func run() throws {
        let (loaded, base) = try overrides.load(scenario)
        let target: CalibrationStudy.Target = try observed.map {
            .series(try ObservedSeries.read(path: $0), metric: metric ?? .collectionRate, observedMeanOf: observedMeanOf)
        } ?? .moments(targets, months: months)
        let plan = try CalibrationStudy.Plan(base, bounds: parameters, target: target, replications: replications, seed: seed,
                                             maxIterations: maxIterations)
        let folder = try lockedFolder(options.output.folder, "\(base.name)-calibration")
        options.output.log("calibrating \(parameters.count) parameter\(parameters.count == 1 ? "" : "s") to \(plan.targetDescription) …")
        let start = Date()
        let fit = try CalibrationStudy.run(plan, threads: options.threads)
        let manifest = CalibrationManifest(plan, fit: fit, path: scenario, sha256: loaded.contentHash, observedFile: observed,
                                           overrides: overrides.parsed, wallTimeSeconds: Date().timeIntervalSince(start),
                                           toolVersion: FeeSim.version)
        print(try CalibrationOutputs(plan, fit: fit, observedFile: observed).write(to: folder, manifest: manifest))
        print("→ \(folder.path)/")
    }
}
