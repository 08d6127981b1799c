import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import GSLKit

extension Language: ExpressibleByArgument {}

/// `feesim compare`: strategies against a baseline, with cost-benefit tables and a report.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare strategies with a baseline: cost-benefit, the plan's targets, report.md and report.html.",
        discussion: """
            Give one comparison file (a `baseline:` and its `variants:`, see Scenarios/<community>/compare.yaml), or a \
            baseline scenario followed by challenger scenarios over the same community. Every variant runs with \
            the baseline's seed, replications, months and generator, so replication r of each variant sees the \
            same households and the same luck (common random numbers) and the differences are paired. \
            Writes Results/<comparison>/: costbenefit.csv, targets.csv, monthly.csv (the series behind the charts), \
            report.md, report.html, comparison.xlsx (the \
            same tables as an Excel workbook, with the monthly series and the assumptions), manifest.json.

            With --uncertainty N (or the file's uncertainty: block) it also runs a probabilistic comparison over N \
            parameter sets (uncertainty.md, psa.csv, tornado.csv): the behaviour parameters the community's posterior \
            sample covers (posterior.csv beside the baseline, or --posterior) drawn from it, lever effects from their \
            priors; --from-priors draws every parameter from its prior. Its sets are \
            independent: run `--shard i/N` for each i (a job array), then the same command with --merge-shards; \
            the results equal a single run's byte for byte.
            """
    )

    @Argument(help: "A comparison file, or BASELINE CHALLENGER… scenario files.", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String] = ["Scenarios/mixed/compare.yaml"]
    @OptionGroup var overrides: ScenarioOverrides
    @OptionGroup var settings: RunSettingsOptions
    @Option(help: "Name of the result folder (default: the comparison file's name, or <baseline>-vs-<challenger>).") var name: String?
    @Option(help: "Title of the report (default: the comparison file's description, or its name).") var title: String?
    @Option(help: "Report language: en or zh (zh results go to <comparison>-zh unless --name is given).") var lang: Language = .en
    @Flag(help: "Write the CSV files with a UTF-8 byte-order mark, so Excel in a Chinese locale opens them correctly.") var excel = false
    @Option(help: "Annual discount rate for the NPV (0.04 = 4% a year; applied monthly).") var discount: Double = 0.04
    @OptionGroup var targets: PlanTargetOptions
    @Option(
        help:
            "Also run a probabilistic comparison over N parameter sets, calibrated parameters from the posterior sample, the rest from priors (writes uncertainty.md, psa.csv, tornado.csv)."
    )
    var uncertainty: Int?
    @Option(
        name: .customLong("uncertainty-replications"),
        help:
            "Replications per strategy and parameter set in the probabilistic comparison (default \(UncertaintySettings.defaultReplications), or the file's)."
    )
    var uncertaintyReplications: Int?
    @Option(
        name: .customLong("fix"), help: "PATH=VALUE, repeatable: hold a parameter at a value in the probabilistic comparison.",
        transform: parsing("must look like PATH=VALUE, for example levers.legal.win_prob=0.9") { try? ParameterOverride(parsing: $0) })
    var fixes: [ParameterOverride] = []
    @Flag(help: "With --uncertainty: skip the one-way sensitivity (tornado) of the strategy with the highest expected net benefit.")
    var noTornado = false
    @Flag(help: "Skip the comparison file's uncertainty: block (the Monte Carlo comparison only, at the parameters' stated values).")
    var noUncertainty = false
    @Option(
        help: ArgumentHelp(
            "With --uncertainty: the posterior sample to draw the calibrated behaviour parameters from (default: the file's uncertainty: posterior:, else posterior.csv beside the baseline scenario).",
            discussion:
                "Lever effects are drawn from their priors either way. Without a posterior sample every parameter comes from its prior, and the report says so."
        ), completion: .file(extensions: ["csv"]))
    var posterior: String?
    @Flag(
        help:
            "With --uncertainty: draw every uncertain parameter from its prior, ignoring the community's posterior sample (the behaviour before posteriors)."
    )
    var fromPriors = false
    @Option(
        help: ArgumentHelp(
            "With --uncertainty: run only every N-th parameter set from i (0 ≤ i < N) and write it to <out>/<name>-psa-shards/, for a cluster's job array.",
            discussion:
                "In Slurm: --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT (ids from 0). Then run the same command with --merge-shards instead."
        ),
        transform: parsing("must be i/N with 0 ≤ i < N, for example 0/4", Shard.init))
    var shard: Shard?
    @Flag(
        help:
            "With --uncertainty: take the parameter sets from the shards in <out>/<name>-psa-shards/ instead of running them; the result is byte-identical to a single run."
    )
    var mergeShards = false
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if files.count == 1 && !ComparisonFile.isComparison(path: files[0]) && FileManager.default.fileExists(atPath: files[0]) {
            throw ValidationError(
                "\(files[0]) is a scenario, not a comparison file: give a comparison file (with baseline: and variants:) or BASELINE CHALLENGER…."
            )
        }
        if let name, name.isEmpty || name.contains("/") { throw ValidationError("--name must be a plain folder name.") }
        if shard != nil && mergeShards { throw ValidationError("--shard and --merge-shards cannot be used together.") }
        if noUncertainty && (uncertainty != nil || shard != nil || mergeShards) {
            throw ValidationError("--no-uncertainty cannot be used with --uncertainty, --shard or --merge-shards.")
        }
        if fromPriors && posterior != nil { throw ValidationError("--posterior and --from-priors cannot be used together.") }
        if let posterior, !FileManager.default.fileExists(atPath: posterior) {
            throw ValidationError(
                "--posterior: no such file \(posterior): give a posterior.csv that `feesim calibrate … --targets` wrote.")
        }
    }

    func run() throws {
        Interrupts.cleanUpOnSignal(outputFolder: output.folder)
        let file = try ComparisonFile.load(paths: files)
        let study = try ComparisonStudy(
            file, months: settings.months, replications: settings.replications,
            seed: settings.seed, overrides: overrides.parsed)
        var psa = try ComparisonStudy.Uncertainty(
            file: noUncertainty ? nil : file.uncertainty, sets: uncertainty,
            replications: uncertaintyReplications,
            tornado: !noTornado, fixes: fixes)
        if var u = psa {
            u.source = try drawSource(file, study: study)
            try study.check(u)
            psa = u
        } else if shard != nil || mergeShards {
            throw CLIError(
                description: "--shard and --merge-shards split a probabilistic comparison: give --uncertainty N "
                    + "or a comparison file with an uncertainty: block")
        }
        try study.check(targets: targets.planTargets, annualDiscountRate: discount)
        let resultName = study.folderName(name, language: lang)
        let shardFolder = output.folder.appendingPathComponent("\(resultName)-psa-shards")
        let design = psa.map { study.design($0, toolVersion: FeeSim.version) } ?? ""
        if let psa, let part = shard {
            // A shard runs only its parameter sets; the Monte Carlo comparison and the tornado run at the merge.
            let sets = try study.runShard(psa, shard: part, threads: settings.threads, progress: progress("uncertainty"))
            let written = try PSAShardFile.write(sets, design: design, shard: part, in: shardFolder)
            print("shard \(part): \(sets.sets.count) of \(sets.totalSets) parameter sets → \(written.path)")
            return
        }
        let folder = try lockedFolder(output.folder, resultName)   // before anything runs: a second run stops here
        let start = Date()
        let merged = try mergeShards && psa != nil ? merged(in: shardFolder, design: design) : nil
        let mergeSeconds = Date().timeIntervalSince(start)
        let result = try study.run(
            targets: targets.planTargets, annualDiscountRate: discount, uncertainty: psa,
            mergedSets: merged, threads: settings.threads, progress: progress(label: file.name))
        let context = study.context(name: resultName, title: title, language: lang, toolVersion: FeeSim.version)
        let outputs = ComparisonOutputs(result, context: context, language: lang)
        var manifest = ComparisonManifest(
            study, comparison: files.joined(separator: " "), context: context,
            gslVersion: GSL.version, threads: settings.threads, language: lang,
            discountRate: discount, start: start, wallTimeSeconds: 0)
        // The manifest's wall time is the whole job's, and each part's is recorded beside it.
        manifest.record(psa, origin: result.uncertainty?.origin)
        var parts = result.partSeconds
        if merged != nil { parts["probabilistic_merge"] = mergeSeconds }
        manifest.timed(total: Date().timeIntervalSince(start), parts: parts)
        print(try outputs.write(to: folder, manifest: manifest, excel: excel))
        print("→ \(folder.path)/report.html (\(String(format: "%.2f", manifest.wallTimeSeconds)) s)")
    }

    /// Where the probabilistic comparison draws from: every prior with --from-priors (or the file's `from_priors:
    /// true`); else the posterior sample --posterior names, or the file's `posterior:`, or `posterior.csv` beside the
    /// baseline scenario — checked against the baseline (every column a parameter path, every value allowed). When
    /// the default file is absent every parameter comes from its prior and the report and manifest say so.
    /// - Throws: `ScenarioError` naming the file, line and column of a bad sample.
    func drawSource(_ file: ComparisonFile, study: ComparisonStudy) throws -> ProbabilisticComparison.Source {
        if fromPriors || (posterior == nil && file.uncertainty?.fromPriors == true) { return .priors }
        let named = posterior ?? file.uncertainty?.posterior
        let path =
            named
            ?? URL(fileURLWithPath: file.baseline.files[0]).deletingLastPathComponent().appendingPathComponent("posterior.csv").path
        if named == nil && !FileManager.default.fileExists(atPath: path) {
            output.log(
                "no posterior sample at \(ProjectPath.relative(path)): every uncertain parameter is drawn from its prior "
                    + "(`feesim calibrate STATUS-QUO --targets TARGETS` makes one)")
            return .priorsWithoutPosterior(expected: ProjectPath.relative(path))
        }
        return .posterior(try PosteriorSample.load(path: path).checked(against: study.scenarios[0]))
    }

    /// Progress of the whole study on stderr: each strategy's replications, then the parameter sets, then a line
    /// when the tornado and the value of information start.
    func progress(label: String) -> (ComparisonStudy.Event) -> Void {
        let strategies = output.reporter(label: label)
        let sets = progress("uncertainty")
        return { event in
            switch event {
            case .replications(let strategy, let done, let total):
                strategies.update(done, total, scenario: strategy)
                if done == total { strategies.finish() }
            case .parameterSets(let done, let total): sets(done, total)
            case .tornado: output.log("tornado and value of information …")
            }
        }
    }

    /// Progress of the probabilistic comparison's parameter sets.
    func progress(_ label: String) -> (Int, Int) -> Void {
        let reporter = output.reporter(label: label)
        return { done, total in
            reporter.update(done, total, scenario: "parameter sets")
            if done == total { reporter.finish() }
        }
    }

    /// The parameter sets of every shard in `folder`, merged; each shard must be of `design`.
    func merged(in folder: URL, design: String) throws -> ProbabilisticComparison.Result {
        let (merged, files) = try PSAShardFile.merge(in: folder, design: design)
        output.log("merged \(files) shard files: \(merged.totalSets) parameter sets")
        return merged
    }
}
