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
            Give one comparison file (a `baseline:` and its `variants:`, see Scenarios/*-compare.yaml), or a \
            baseline scenario followed by challenger scenarios over the same community. Every variant runs with \
            the baseline's seed, replications, months and generator, so replication r of each variant sees the \
            same households and the same luck (common random numbers) and the differences are paired. \
            Writes Results/<comparison>/: costbenefit.csv, targets.csv, monthly.csv (the series behind the charts), \
            report.md, report.html, comparison.xlsx (the \
            same tables as an Excel workbook, with the monthly series and the assumptions), manifest.json.

            With --uncertainty N (or the file's uncertainty: block) it also runs a probabilistic comparison over N \
            parameter sets drawn from the declared priors (uncertainty.md, psa.csv, tornado.csv). Its sets are \
            independent: run `--shard i/N` for each i (a job array), then the same command with --merge-shards; \
            the results equal a single run's byte for byte.
            """
    )

    @Argument(help: "A comparison file, or BASELINE CHALLENGER… scenario files.",
              completion: .file(extensions: ["yaml", "yml"]))
    var files: [String] = ["Scenarios/mixed/compare.yaml"]

    @OptionGroup var overrides: ScenarioOverrides

    @Option(help: "Name of the result folder (default: the comparison file's name, or <baseline>-vs-<challenger>).")
    var name: String?

    @Option(help: "Title of the report (default: the comparison file's description, or its name).")
    var title: String?

    @Option(name: [.short, .long], help: "Monte Carlo replications for every variant.")
    var replications: Int?

    @Option(name: [.short, .long], help: "Months to simulate for every variant.")
    var months: Int?

    @Option(help: "Master seed shared by every variant.")
    var seed: UInt64?

    @Option(name: [.short, .long], help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Option(name: [.short, .long], help: "Folder that receives the comparison's folder.")
    var out: String = "Results"

    @Option(help: "Report language: en or zh (zh results go to <comparison>-zh unless --name is given).")
    var lang: Language = .en

    @Flag(help: "Write the CSV files with a UTF-8 byte-order mark, so Excel in a Chinese locale opens them correctly.")
    var excel = false

    @Option(help: "Annual discount rate for the NPV (0.04 = 4% a year; applied monthly).")
    var discount: Double = 0.04

    @Option(help: "Collection-rate target (收缴率).")
    var targetRate: Double = 0.90

    @Option(help: "First month by which the collection-rate target is checked.")
    var targetMonth: Int = 6

    @Option(help: "Second month by which the collection-rate target is checked.")
    var secondMonth: Int = 12

    @Option(help: "Voluntary payment rate target (主动缴费率).")
    var voluntaryTarget: Double = 0.80

    @Option(help: "Month by which the voluntary-rate target is checked.")
    var voluntaryMonth: Int = 12

    @Option(help: "Required rise in long-term arrears recovery against the baseline (0.5 = +50%).")
    var arrearsUplift: Double = 0.50

    @Option(help: "Month at which long-term arrears recovery is compared.")
    var arrearsMonth: Int = 6

    @Option(help: "Also run a probabilistic comparison over N parameter sets drawn from the declared priors (writes uncertainty.md, psa.csv, tornado.csv).")
    var uncertainty: Int?

    @Option(name: .customLong("uncertainty-replications"),
            help: "Replications per strategy and parameter set in the probabilistic comparison (default 20, or the file's).")
    var uncertaintyReplicationsOption: Int?

    @Option(name: .customLong("fix"), help: "PATH=VALUE, repeatable: hold a parameter at a value in the probabilistic comparison.")
    var fixes: [String] = []

    @Flag(help: "With --uncertainty: skip the one-way sensitivity (tornado) of the strategy with the highest expected net benefit.")
    var noTornado = false

    @Option(help: ArgumentHelp("With --uncertainty: run only every N-th parameter set from i (0 ≤ i < N) and write it to <out>/<name>-psa-shards/, for a cluster's job array.",
                               discussion: "In Slurm: --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT (ids from 0). Then run the same command with --merge-shards instead."))
    var shard: String?

    @Flag(help: "With --uncertainty: take the parameter sets from the shards in <out>/<name>-psa-shards/ instead of running them; the result is byte-identical to a single run.")
    var mergeShards = false

    @Flag(name: [.short, .long], help: "Print no progress on stderr.")
    var quiet = false

    @Option(help: "Progress on stderr: bar (with ETA, when stderr is a terminal), json (a line per finished replication) or none.")
    var progress: ProgressMode = .bar

    func validate() throws {
        try validateOutputFolder(out)
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1 (got \(replications)).") }
        if let months, !(1...1200).contains(months) { throw ValidationError("--months must be in 1…1200 (got \(months)).") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads)).") }
        if !(0...1).contains(discount) { throw ValidationError("--discount must be an annual rate in [0, 1] (got \(discount)).") }
        for (flag, v) in [("--target-rate", targetRate), ("--voluntary-target", voluntaryTarget)] where !(0...1).contains(v) {
            throw ValidationError("\(flag) must be in [0, 1] (got \(v)).")
        }
        if arrearsUplift < 0 { throw ValidationError("--arrears-uplift must be ≥ 0 (got \(arrearsUplift)).") }
        for (flag, m) in [("--target-month", targetMonth), ("--second-month", secondMonth),
                          ("--voluntary-month", voluntaryMonth), ("--arrears-month", arrearsMonth)] where m < 1 {
            throw ValidationError("\(flag) must be at least 1 (got \(m)).")
        }
        if files.count == 1 && !ComparisonFile.isComparison(path: files[0]) && FileManager.default.fileExists(atPath: files[0]) {
            throw ValidationError("\(files[0]) is a scenario, not a comparison file: give a comparison file (with baseline: and variants:) or BASELINE CHALLENGER….")
        }
        if let name, name.isEmpty || name.contains("/") { throw ValidationError("--name must be a plain folder name.") }
        if let uncertainty, !(2...100_000).contains(uncertainty) {
            throw ValidationError("--uncertainty must be a number of parameter sets in 2…100000 (got \(uncertainty)).")
        }
        if let r = uncertaintyReplicationsOption, !(1...100_000).contains(r) {
            throw ValidationError("--uncertainty-replications must be in 1…100000 (got \(r)).")
        }
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard '\(shard)' must be i/N with 0 ≤ i < N, for example 0/4.")
        }
        if shard != nil && mergeShards { throw ValidationError("--shard and --merge-shards cannot be used together.") }
        for f in fixes where parseFix(f) == nil {
            throw ValidationError("--fix '\(f)' must look like PATH=VALUE, for example levers.legal.win_prob=0.9.")
        }
    }

    /// A readable folder name for scenario files compared directly: the baseline, then the challengers without the
    /// community prefix they share with it (`mixed-status-quo-vs-full-plan-cogovernance`), cut to 80 characters
    /// with the number left out (`…-and-3-more`).
    static func defaultName(_ names: [String]) -> String {
        let base = names[0]
        let community = base.split(separator: "-").first.map { "\($0)-" } ?? ""
        let challengers = names.dropFirst().map { $0.hasPrefix(community) && $0.count > community.count ? String($0.dropFirst(community.count)) : $0 }
        var name = "\(base)-vs"
        for (k, c) in challengers.enumerated() {
            let rest = challengers.count - k - 1
            let tail = rest > 0 ? "-and-\(rest + 1)-more" : ""
            if k > 0 && (name + "-" + c).count + tail.count > 80 { return name + "-and-\(rest + 1)-more" }
            name += "-" + c
        }
        return name
    }

    func parseFix(_ text: String) -> (String, Double)? {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let v = Double(parts[1]), v.isFinite else { return nil }
        return (String(parts[0]), v)
    }

    /// How the probabilistic comparison runs: the command line overrides the comparison file's `uncertainty:`
    /// block (--uncertainty 0 is refused, so a file's block runs unless the options say otherwise).
    struct PSASettings {
        var sets: Int
        var replications: Int
        var tornado: Bool
        var fixed: [String: Double]
    }

    func psaSettings(file: UncertaintySettings?) -> PSASettings? {
        guard let sets = uncertainty ?? file?.sets else { return nil }
        var fixed: [String: Double] = [:]
        for (p, v) in file?.fixed ?? [] { fixed[p] = v }
        for f in fixes { if let (p, v) = parseFix(f) { fixed[p] = v } }
        return PSASettings(sets: sets, replications: uncertaintyReplicationsOption ?? file?.replications ?? 20,
                           tornado: !noTornado && (file?.tornado ?? true), fixed: fixed)
    }

    /// A fingerprint of everything that decides the probabilistic comparison's figures: shards merge only when
    /// theirs match.
    func psaDesign(_ settings: PSASettings, contentHash: String, base: Scenario) -> String {
        let fixed = settings.fixed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        let text = "\(contentHash)|sets=\(settings.sets)|replications=\(settings.replications)|seed=\(base.seed)|"
            + "months=\(base.months)|generator=\(base.generator)|fixed=\(fixed)|tool=\(FeeSim.version)|"
            + "set=\(overrides.parsed.map(\.description).joined(separator: ";"))"
        return SHA256.hex(of: Data(text.utf8))
    }

    /// Runs the probabilistic comparison's sets (a shard's, or all).
    func runPSA(_ scenarios: [Scenario], _ settings: PSASettings, shard: Shard) throws -> ProbabilisticComparison.Result {
        let reporter = ProgressReporter(label: "uncertainty", mode: progress, quiet: quiet)
        return try CLIError.wrap {
            try ProbabilisticComparison.run(baseline: scenarios[0], challengers: Array(scenarios.dropFirst()),
                                            sets: settings.sets, replications: settings.replications,
                                            seed: scenarios[0].seed, fixed: settings.fixed, threads: threads, shard: shard,
                                            progress: { done, total in
                                                reporter.update(done, total, scenario: "parameter sets")
                                                if done == total { reporter.finish() }
                                            })
        }
    }

    /// The parameter sets of every shard in `folder`, merged; each shard must be of `design`.
    func mergedPSA(in folder: URL, design: String) throws -> ProbabilisticComparison.Result {
        let (merged, files) = try CLIError.wrap { try PSAShardFile.merge(in: folder, design: design) }
        if !quiet {
            FileHandle.standardError.write(Data("merged \(files) shard files: \(merged.totalSets) parameter sets\n".utf8))
        }
        return merged
    }

    /// The probabilistic comparison's value-of-information estimates and tornado, rendered.
    func uncertaintyOutputs(_ loaded: [LoadedScenario], result: StrategyComparison, settings: PSASettings,
                            psa: ProbabilisticComparison.Result) throws -> UncertaintyOutputs {
        let fixed = settings.fixed
        let scenarios = loaded.map(\.scenario)
        var tornado: (String, Double, Double, [Tornado.Bar])?
        if settings.tornado {
            if !quiet { FileHandle.standardError.write(Data("tornado of the strategy with the highest net benefit …\n".utf8)) }
            tornado = try CLIError.wrap {
                try Tornado.ofBest(result, baseline: scenarios[0], strategies: Array(scenarios.dropFirst()), fixed: fixed,
                                   replications: settings.replications, threads: threads)
            }.map { (scenarios[$0.strategy + 1].title(lang.rawValue), $0.netBenefit, $0.rateGain, $0.bars) }
        }
        return try CLIError.wrap {
            try UncertaintyOutputs(result: psa, titles: scenarios.map { $0.title(lang.rawValue) }, tornado: tornado,
                                   fixed: fixed)
        }
    }

    func run() throws {
        let outURL = URL(fileURLWithPath: out)
        Interrupts.cleanUpOnSignal(outputFolder: outURL)
        // Load the comparison.
        let comparisonName: String
        var description: String
        var loaded: [LoadedScenario]
        var hash: String
        var fileUncertainty: UncertaintySettings?
        if files.count == 1 {
            let file = try CLIError.wrap { try ComparisonFile.load(path: files[0]) }
            fileUncertainty = file.uncertainty
            comparisonName = file.name
            description = file.description(lang.rawValue)
            loaded = [file.baseline] + file.variants
            hash = file.contentHash
        } else {
            loaded = try files.map { path in try CLIError.wrap { try ScenarioLoader.load(path: path) } }
            comparisonName = Self.defaultName(loaded.map(\.scenario.name))
            description = ""
            hash = SHA256.hex(of: Data(loaded.map(\.contentHash).joined().utf8))
        }
        if let title { description = title }
        for k in loaded.indices {
            var s = loaded[k].scenario
            if let replications { s.replications = replications }
            if let months { s.months = months }
            if let seed { s.seed = seed }
            try overrides.apply(to: &s)   // every strategy alike, so the comparison stays paired
            loaded[k] = LoadedScenario(scenario: s, files: loaded[k].files, contentHash: loaded[k].contentHash)
        }
        let models = try loaded.map { l in try CLIError.wrap { try CompiledModel(l.scenario) } }
        // --fix paths and values are checked before anything runs.
        for f in fixes {
            guard let (path, value) = parseFix(f) else { continue }
            var probe = loaded[0].scenario
            try CLIError.wrap { try ParameterSpace.resolve(path, in: probe).set(value, in: &probe) }
        }
        // Each language has its own folder unless --name says otherwise: a Chinese report never replaces the English one.
        let resultName = name ?? (lang == .en ? comparisonName : "\(comparisonName)-\(lang.rawValue)")
        let folder = outURL.appendingPathComponent(resultName)
        let psaSettings = psaSettings(file: fileUncertainty)
        if (shard != nil || mergeShards) && psaSettings == nil {
            throw CLIError(description: "--shard and --merge-shards split a probabilistic comparison: give --uncertainty N "
                           + "or a comparison file with an uncertainty: block")
        }
        let shardFolder = outURL.appendingPathComponent("\(resultName)-psa-shards")
        let design = psaSettings.map { psaDesign($0, contentHash: hash, base: models[0].scenario) } ?? ""
        if let psaSettings, let part = shard.flatMap(Shard.init) {
            // A shard runs only its parameter sets; the Monte Carlo-only comparison and the tornado run at the merge.
            let psa = try runPSA(loaded.map(\.scenario), psaSettings, shard: part)
            let file = shardFolder.appendingPathComponent(PSAShardFile.fileName(part))
            try CLIError.wrap {
                try FileManager.default.createDirectory(at: shardFolder, withIntermediateDirectories: true)
                try Data(PSAShardFile.encode(psa, design: design, shard: part).utf8).write(to: file, options: .atomic)
            }
            print("shard \(part): \(psa.sets.count) of \(psa.totalSets) parameter sets → \(file.path)")
            return
        }
        _ = try CLIError.wrap { try OutputLock.acquire(for: folder) }
        var targets = PlanTargets()
        targets.collectionRate = targetRate
        targets.firstMonth = targetMonth
        targets.secondMonth = secondMonth
        targets.voluntaryRate = voluntaryTarget
        targets.voluntaryMonth = voluntaryMonth
        targets.arrearsUplift = arrearsUplift
        targets.arrearsMonth = arrearsMonth
        let base = models[0].scenario
        if [targetMonth, secondMonth, voluntaryMonth, arrearsMonth].contains(where: { $0 > base.months }) {
            throw CLIError(description: "a target month is past the horizon of \(base.months) months: "
                           + "raise --months or lower --target-month/--second-month/--voluntary-month/--arrears-month")
        }

        let start = Date()
        let reporter = ProgressReporter(label: comparisonName, mode: progress, quiet: quiet)
        let result = try CLIError.wrap {
            try Comparison.run(baseline: models[0], challengers: Array(models.dropFirst()), threads: threads,
                               targets: targets, annualDiscountRate: discount,
                               progress: { scenario, done, total in
                                   reporter.update(done, total, scenario: scenario)
                                   if done == total { reporter.finish() }
                               })
        }
        let wall = Date().timeIntervalSince(start)
        let context = ComparisonContext(name: resultName, description: description, toolVersion: FeeSim.version,
                                        scenarioFiles: loaded.flatMap(\.files), contentHash: hash)
        var outputs = ComparisonOutputs(result: result, context: context, language: lang)
        var manifest = ComparisonManifest(
            toolVersion: FeeSim.version, gslVersion: GSL.version, comparison: files.joined(separator: " "),
            variants: loaded.map(\.scenario.name), scenarioFiles: context.scenarioFiles, sha256: hash,
            seed: base.seed, generator: base.generator, replications: base.replications, months: base.months,
            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, language: lang.rawValue,
            discountRate: discount, startTime: ISO8601DateFormatter().string(from: start),
            wallTimeSeconds: (wall * 1000).rounded() / 1000)
        manifest.overrides = overrides.parsed.map(\.description)
        var uncertain: UncertaintyOutputs?
        if let psaSettings {
            let psa = mergeShards ? try mergedPSA(in: shardFolder, design: design)
                                  : try runPSA(loaded.map(\.scenario), psaSettings, shard: .whole)
            uncertain = try uncertaintyOutputs(loaded, result: result, settings: psaSettings, psa: psa)
        }
        outputs.uncertainty = uncertain
        let markdown = try CLIError.wrap { try outputs.write(to: folder, manifest: manifest, excel: excel) }
        print(markdown)
        print("→ \(folder.path)/report.html (\(String(format: "%.2f", wall)) s)")
    }
}
