import ArgumentParser
import FeeSimExperiments
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim sensitivity`: which uncertain parameters drive an output (Morris screening, Sobol indices).
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Global sensitivity: Morris elementary effects and Sobol indices with bootstrap intervals.",
        discussion: """
            Evaluates the study's base scenario at Morris trajectories (r·(k + 1) points) and/or Saltelli's \
            design (N·(k + 2) points), each as the mean of the study's replications, by default with the same \
            random numbers at every point so that differences reflect the parameters. Writes \
            <out>/<study>/sensitivity/: morris.csv, sobol.csv, sensitivity.md (ranked tables) and sensitivity.html (a sweep of the same study keeps its points beside it).
            """
    )

    @Argument(help: "Study file (YAML).", completion: .file(extensions: ["yaml", "yml"])) var spec: String
    @OptionGroup var options: StudyRunOptions

    func run() throws {
        let study = try StudySpec.load(path: spec)
        // Its own folder inside the study's, so that a sweep's points and summary there are never replaced.
        let folder = try lockedFolder(options.output.folder, study.name, "sensitivity")
        let reporter = options.output.reporter(label: study.name)
        let result = try SensitivityStudy.run(study, threads: options.threads) { done, total in
            reporter.update(done, total, scenario: "\(study.name) point \(done)")
        }
        reporter.finish()
        print(
            try SensitivityResults(study, result).write(
                to: folder,
                manifest: try SensitivityManifest(study, result, wallTimeSeconds: JobClock.seconds, toolVersion: FeeSim.version)))
        print("→ \(folder.path)/sensitivity.html")
    }
}
