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
        abstract:
            "Calibrate a scenario: a posterior sample given a community's targets file, or a best fit to moments or a monthly series.",
        discussion: """
            Posterior (--targets FILE, e.g. Scenarios/old/targets.yaml): a weighted sample of the parameters the file \
            lists given its targets, each with its measurement sd (ABC-SMC with adaptive tempering, docs/CALIBRATION.md), \
            written to posterior.csv beside the targets file (or --posterior-file) with its diagnostics in \
            <out>/<community>-posterior/. Its waves split over a job array: for each wave W in turn, run \
            `--wave W --shard i/N` for every i, then `--wave W --merge-shards`, which says whether another wave is \
            needed; the final merge writes what a single run writes, byte for byte (cluster/slurm/calibrate.sbatch).

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
    @Option(
        name: .customLong("target"), help: "NAME=VALUE[:WEIGHT], repeatable: a moment to fit (instead of --observed).",
        transform: parsing("must look like NAME=VALUE[:WEIGHT], for example collection_rate_year_1=0.75", Moment.init(parsing:)))
    var targets: [Moment] = []
    @Option(help: "Months each evaluation simulates when fitting moments (36 covers year-3 figures).") var months: Int = 36
    @Option(
        name: .customLong("parameter"), help: "PATH=MIN:MAX, repeatable (for example behaviour.grievance_entry=0.005:0.08).",
        transform: parsing(
            "must look like PATH=MIN:MAX with MIN < MAX, for example behaviour.grievance_entry=0.005:0.08",
            CalibrationStudy.Bounds.init(parsing:)))
    var parameters: [CalibrationStudy.Bounds] = []
    @Option(help: "Monthly metric the series measures (default: collection_rate).")
    var metric: Metric?
    @Option(
        name: .customLong("targets"),
        help: "A community's targets file (targets, calibrated parameters and their priors): sample the posterior.",
        completion: .file(extensions: ["yaml", "yml"]))
    var targetsFile: String?
    @Option(help: "With --targets: where the posterior sample goes (default: posterior.csv beside the targets file).")
    var posteriorFile: String?
    @Option(help: "With --targets: particles per wave (default: the targets file's).") var particles: Int?
    @Option(help: "With --targets: waves at most (default: the targets file's).") var waves: Int?
    @Option(help: "With --targets: run wave W (1-based) of a job array; with --shard or --merge-shards.") var wave: Int?
    @Option(
        help: ArgumentHelp(
            "With --targets --wave W: run only every N-th particle from i and write it to <out>/<community>-posterior-shards/.",
            discussion: "In Slurm: --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT (ids from 0)."),
        transform: parsing("must be i/N with 0 ≤ i < N, for example 0/4", Shard.init))
    var shard: Shard?
    @Flag(help: "With --targets --wave W: merge wave W's shards; the last wave's merge writes the posterior.") var mergeShards = false
    @Option(
        help:
            "With --targets: instead of the posterior, check the sampler by simulation-based calibration over N trials (writes <out>/<community>-sbc/)."
    )
    var sbc: Int?
    @Option(name: [.short, .long], help: "Replications per evaluation (at least 2; default 20, or the targets file's).") var replications:
        Int?
    @Option(help: "Seed shared by every evaluation (default: the scenario's).") var seed: UInt64?
    @Option(help: "How many communities the observed series averages (1: one community's history).") var observedMeanOf: Int = 1
    @Option(help: "Nelder–Mead iterations at most.") var maxIterations: Int = 150
    @OptionGroup var options: StudyRunOptions

    func validate() throws {
        let modes = [observed != nil, !targets.isEmpty, targetsFile != nil].filter { $0 }.count
        if modes != 1 {
            throw ValidationError("give one of --targets FILE (a posterior), --observed SERIES.csv or --target NAME=VALUE[:WEIGHT].")
        }
        if targetsFile == nil
            && (posteriorFile != nil || particles != nil || waves != nil || wave != nil || shard != nil || mergeShards || sbc != nil)
        {
            throw ValidationError("--posterior-file, --particles, --waves, --wave, --shard, --merge-shards and --sbc need --targets FILE.")
        }
        if sbc != nil && (wave != nil || posteriorFile != nil) {
            throw ValidationError(
                "--sbc checks the sampler in one process: it takes no --wave, --shard, --merge-shards or --posterior-file.")
        }
        if shard != nil && mergeShards { throw ValidationError("--shard and --merge-shards cannot be used together.") }
        if (shard != nil || mergeShards) != (wave != nil) {
            throw ValidationError("--shard and --merge-shards need --wave W (the wave they split), and --wave needs one of them.")
        }
        if let wave, wave < 1 { throw ValidationError("--wave must be at least 1 (got \(wave)).") }
    }

    func run() throws {
        if let targetsFile { return try runPosterior(targetsFile) }
        let (loaded, base) = try overrides.load(scenario)
        let target: CalibrationStudy.Target =
            try observed.map {
                .series(try ObservedSeries.read(path: $0), metric: metric ?? .collectionRate, observedMeanOf: observedMeanOf)
            } ?? .moments(targets, months: months)
        let plan = try CalibrationStudy.Plan(
            base, bounds: parameters, target: target, replications: replications ?? 20, seed: seed,
            maxIterations: maxIterations)
        let folder = try lockedFolder(options.output.folder, "\(base.name)-calibration")
        options.output.log("calibrating \(parameters.count) parameter\(parameters.count == 1 ? "" : "s") to \(plan.targetDescription) …")
        let fit = try CalibrationStudy.run(plan, threads: options.threads)
        let manifest = try CalibrationManifest(
            plan, fit: fit, path: scenario, sha256: loaded.contentHash, files: loaded.files, observedFile: observed,
            overrides: overrides.parsed, wallTimeSeconds: JobClock.seconds, toolVersion: FeeSim.version)
        print(try CalibrationOutputs(plan, fit: fit, observedFile: observed).write(to: folder, manifest: manifest))
        print("→ \(folder.path)/")
    }
}
