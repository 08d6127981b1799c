import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import GSLKit

/// `feesim run`: simulate scenarios and write their results.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenarios and write Results/<scenario>/ (manifest.json, monthly.csv, replications.csv, summary.md).",
        discussion: """
            Each scenario's replications run in parallel; replication r's random streams are seeded from \
            (seed, r) alone, so every output is identical for any --threads. A folder is replaced only when all \
            of its files are written: a failed or interrupted run leaves the previous results.
            """
    )

    @Argument(help: "Scenario files (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenarios: [String] = ["Scenarios/default.yaml"]
    @OptionGroup var overrides: ScenarioOverrides
    @OptionGroup var settings: RunSettingsOptions
    @Option(help: "GSL generator by name, for example mt19937, taus2, gfsr4, ranlxd1 (see `feesim generators`).") var generator: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let generator, !RandomStream.availableGenerators.contains(generator) {
            throw ValidationError("--generator '\(generator)' is not a GSL generator; see `feesim generators`.")
        }
        let names = scenarios.map(ScenarioLoader.name(ofFileAt:))   // the names their result folders take
        if let dup = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw ValidationError("two scenarios are named '\(dup)': their results would share Results/\(dup)/.")
        }
    }

    func run() throws {
        Interrupts.cleanUpOnSignal(outputFolder: output.folder)
        let workers = settings.threads ?? ProcessInfo.processInfo.activeProcessorCount
        for path in scenarios {   // one scenario file after another, each run on all workers
            let (loaded, scenario) = try overrides.load(path)
            let model = try CompiledModel(scenario, settings: settings.over(scenario.settings, generator: generator))
            let folder = try RunFolder(model, in: output.folder)
            let reporter = output.reporter(label: scenario.name)
            let ensemble = try MonteCarlo.run(model, threads: workers, progress: { reporter.update($0, $1) }, each: folder.append)
            reporter.finish()
            let (summary, wall) = try folder.commit(
                ensemble, loaded: loaded, path: path, toolVersion: FeeSim.version,
                gslVersion: GSL.version, threads: workers,
                overrides: overrides.parsed.map(\.description))
            print(summary)
            print("→ \(folder.target.path)/ (\(String(format: "%.2f", wall)) s)\n")
        }
    }
}
