import ArgumentParser
import FeeSimExperiments
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim robust`: which strategy holds up across plausible worlds, and where the best one fails.
struct RobustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robust",
        abstract: "Rank strategies across sampled worlds: expected net benefit, P(target), worst case, regret.",
        discussion: """
            Draws the study's uncertain parameters by Latin hypercube (one "world" per point), runs every strategy \
            of its comparison file in every world with common random numbers, and ranks the strategies by mean \
            regret (how far each falls short of the best strategy of each world). For the top strategy, a \
            PRIM-style peeling search finds the parameter ranges in which it misses the target most often. \
            Writes <out>/<study>/: strategies.csv, worlds.csv, robust.md, manifest.json.
            """
    )

    @Argument(help: "Robust-choice study file (YAML).", completion: .file(extensions: ["yaml", "yml"])) var spec: String
    @OptionGroup var options: StudyRunOptions

    func run() throws {
        let study = try RobustSpec.load(path: spec)
        let folder = try lockedFolder(options.output.folder, study.name)
        let reporter = options.output.reporter(label: study.name)
        let result = try RobustStudy.run(study, threads: options.threads) { done, total in
            reporter.update(done, total, scenario: "\(study.name) world \(done)")
        }
        reporter.finish()
        let manifest = try RobustManifest(study, path: spec, wallTimeSeconds: JobClock.seconds, toolVersion: FeeSim.version)
        print(try RobustOutputs(study, result).write(to: folder, manifest: manifest))
        print("→ \(folder.path)/")
    }
}
