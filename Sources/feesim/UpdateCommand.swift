import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim update`: what a pilot taught — the community's posterior updated with a pilot's records, and the rollout
/// decided again.
struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Learn from a pilot: update the community's posterior with its records and decide the rollout again.",
        discussion: """
            Reads a pilot's records (a CSV, one row per building and month, treated or control: fees billed and \
            collected, contacts, plans, mediations, lawsuits; docs/DATA.md) and updates the community's posterior \
            (posterior.csv beside the comparison's baseline, or --posterior) with them — the piloted levers' effects \
            included, from their priors — by the same sampler as `feesim calibrate` (docs/CALIBRATION.md, "Learning \
            from a pilot"). Then runs the comparison file's probabilistic comparison twice, with the posterior before \
            and after the pilot, and says whether to roll out. Writes <out>/<comparison>-update/: update.md ("what the \
            pilot taught us"), parameters.csv, checks.csv, decision.csv, waves.csv, posterior.csv (the updated sample: \
            `feesim compare --posterior` reads it), manifest.json. `feesim pilot-records` simulates a pilot's records \
            with the truth known.
            """
    )

    @Argument(help: "The comparison file (its baseline is the status quo).", completion: .file(extensions: ["yaml", "yml"]))
    var comparison: String
    @Option(help: "The pilot's records (CSV; docs/DATA.md, \"Pilot records\").", completion: .file(extensions: ["csv"]))
    var pilot: String
    @Option(help: "The strategy piloted: a variant's name in the comparison file, or its end (full-plan for mixed-full-plan).")
    var strategy = "full-plan"
    @Option(
        help: "The community's targets file (default: targets.yaml beside the baseline).", completion: .file(extensions: ["yaml"]))
    var targets: String?
    @Option(
        help: "The posterior sample before the pilot (default: posterior.csv beside the baseline).",
        completion: .file(extensions: ["csv"]))
    var posterior: String?
    @Option(help: "Particles per wave (default: the targets file's).") var particles: Int?
    @Option(help: "Waves at most (default: the targets file's).") var waves: Int?
    @Option(help: "Parameter sets of each decision (default: the comparison file's uncertainty: block, else 100).")
    var uncertainty: Int?
    @Option(
        name: .customLong("uncertainty-replications"),
        help: "Replications per strategy and set in each decision (default: the file's, else \(UncertaintySettings.defaultReplications)).")
    var uncertaintyReplications: Int?
    @OptionGroup var options: StudyRunOptions

    func validate() throws {
        for (flag, path) in [("--pilot", Optional(pilot)), ("--targets", targets), ("--posterior", posterior)] {
            if let path, !FileManager.default.fileExists(atPath: path) { throw ValidationError("\(flag): no such file \(path).") }
        }
    }

    func run() throws {
        let file = try ComparisonFile.load(paths: [comparison])
        let study = try ComparisonStudy(file)
        let names = study.scenarios.map(\.name)
        guard
            let piloted = names.indices.dropFirst().first(where: { names[$0] == strategy })
                ?? names.indices.dropFirst().first(where: { names[$0].hasSuffix("-" + strategy) })
        else {
            throw CLIError(
                description: "--strategy \(strategy): \(comparison) has no such variant; its variants are "
                    + names.dropFirst().joined(separator: ", "))
        }
        let folderOfBaseline = URL(fileURLWithPath: file.baseline.files[0]).deletingLastPathComponent()
        let targetsPath = targets ?? folderOfBaseline.appendingPathComponent("targets.yaml").path
        let posteriorPath = posterior ?? folderOfBaseline.appendingPathComponent("posterior.csv").path
        let statusQuo = study.scenarios[0]
        let calibration = try PosteriorStudy.Plan(statusQuo, targets: try CalibrationTargets.load(path: targetsPath, scenario: statusQuo))
        let before = try PosteriorSample.load(path: posteriorPath).checked(against: statusQuo)
        let plan = try PilotUpdate.Plan(
            calibration: calibration, challenger: study.scenarios[piloted], records: try PilotRecords.load(path: pilot),
            prior: before, particles: particles, waves: waves)
        var u =
            try ComparisonStudy.Uncertainty(
                file: file.uncertainty, sets: uncertainty ?? (file.uncertainty == nil ? 100 : nil),
                replications: uncertaintyReplications, tornado: false, fixes: [])!
        let folder = try lockedFolder(options.output.folder, "\(file.name)-update")
        var parts: [String: Double] = [:]
        var mark = Date()
        options.output.log(
            "updating \(plan.problem.names.count) parameters (\(plan.leverPaths.count) lever effects) with \(plan.observed.count) pilot figures …"
        )
        let bar = WaveProgress(options.output)
        let updated = try PilotUpdate.run(plan, threads: options.threads) { bar.update(wave: $0, $1, $2) }
        parts["update"] = Date().timeIntervalSince(mark)
        mark = Date()
        u.source = .posterior(before)
        let decisionBefore = try PilotUpdate.decide(study, u, threads: options.threads, progress: progress("before the pilot"))
        parts["decision_before"] = Date().timeIntervalSince(mark)
        mark = Date()
        let sampleURL = folder.appendingPathComponent("posterior.csv")
        u.source = .posterior(UpdateOutputs.sample(updated, path: ProjectPath.relative(sampleURL.path)))
        let decisionAfter = try PilotUpdate.decide(study, u, threads: options.threads, progress: progress("after the pilot"))
        parts["decision_after"] = Date().timeIntervalSince(mark)
        let command =
            "feesim update \(ProjectPath.relative(comparison)) --pilot \(ProjectPath.relative(pilot)) --strategy \(strategy)"
            + (particles.map { " --particles \($0)" } ?? "") + (waves.map { " --waves \($0)" } ?? "")
            + (uncertainty.map { " --uncertainty \($0)" } ?? "")
            + (uncertaintyReplications.map { " --uncertainty-replications \($0)" } ?? "")
        let outputs = UpdateOutputs(
            plan, posterior: updated, before: decisionBefore, after: decisionAfter, names: names,
            titles: study.scenarios.map { $0.title("en") }, piloted: piloted, command: command, toolVersion: FeeSim.version)
        let manifest = try UpdateManifest(
            outputs, comparison: comparison, comparisonSHA256: file.contentHash, uncertainty: u, inputs: file.scenarioFiles,
            wallTimeSeconds: JobClock.seconds, partSeconds: parts)
        print(try outputs.write(to: folder, manifest: manifest))
        print("→ \(folder.path)/update.md")
    }

    func progress(_ label: String) -> (Int, Int) -> Void {
        let reporter = options.output.reporter(label: label)
        return { done, total in
            reporter.update(done, total, scenario: "parameter sets")
            if done == total { reporter.finish() }
        }
    }
}
