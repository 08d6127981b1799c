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

    @Option(name: [.short, .long], help: "Monte Carlo replications (overrides the scenario's `replications`).")
    var replications: Int?

    @Option(name: [.short, .long], help: "Months to simulate (overrides the scenario's `months`).")
    var months: Int?

    @Option(help: "Master seed (overrides the scenario's `seed`).")
    var seed: UInt64?

    @Option(help: "GSL generator by name, for example mt19937, taus2, gfsr4, ranlxd1 (see `feesim generators`).")
    var generator: String?

    @Option(name: [.short, .long], help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Option(name: [.short, .long], help: "Folder that receives one sub-folder per scenario.")
    var out: String = "Results"

    @Flag(name: [.short, .long], help: "Print no progress on stderr.")
    var quiet = false

    @Option(help: "Progress on stderr: bar (with ETA, when stderr is a terminal), json (a line per finished replication) or none.")
    var progress: ProgressMode = .bar

    func validate() throws {
        try validateOutputFolder(out)
        if let replications, replications < 1 {
            throw ValidationError("--replications must be at least 1 (got \(replications)).")
        }
        if let months, !(1...1200).contains(months) {
            throw ValidationError("--months must be in 1…1200 (got \(months)).")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads)).") }
        if let generator, !RandomStream.availableGenerators.contains(generator) {
            throw ValidationError("--generator '\(generator)' is not a GSL generator; see `feesim generators`.")
        }
        let names = scenarios.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        if let dup = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw ValidationError("two scenarios are named '\(dup)': their results would share Results/\(dup)/.")
        }
    }

    func run() throws {
        let outURL = URL(fileURLWithPath: out)
        Interrupts.cleanUpOnSignal(outputFolder: outURL)
        let workers = threads ?? ProcessInfo.processInfo.activeProcessorCount
        for path in scenarios {
            let loaded = try CLIError.wrap { try ScenarioLoader.load(path: path) }
            var scenario = loaded.scenario
            if let replications { scenario.replications = replications }
            if let months { scenario.months = months }
            if let seed { scenario.seed = seed }
            try overrides.apply(to: &scenario)
            if let generator { scenario.generator = generator }
            let model = try CLIError.wrap { try CompiledModel(scenario) }

            let start = Date()
            let folder = outURL.appendingPathComponent(scenario.name)
            let results = try CLIError.wrap { try ResultFolder(replacing: folder) }
            let rows = try CLIError.wrap { try results.stream("replications.csv") }
            try CLIError.wrap { try rows.append(RunOutputs.replicationsHeader(model)) }
            let reporter = ProgressReporter(label: scenario.name, mode: progress, quiet: quiet)
            let ensemble = try CLIError.wrap {
                try MonteCarlo.run(model, threads: workers, progress: { done, total in reporter.update(done, total) },
                                   each: { try rows.append(RunOutputs.replicationRow($0)) })
            }
            reporter.finish()
            let wall = Date().timeIntervalSince(start)

            var manifest = RunManifest(
                toolVersion: FeeSim.version, gslVersion: GSL.version, scenario: path,
                scenarioFiles: loaded.files, scenarioSHA256: loaded.contentHash, seed: scenario.seed,
                generator: scenario.generator, replications: scenario.replications, months: scenario.months,
                households: scenario.community.households, threads: min(workers, scenario.replications),
                startTime: ISO8601DateFormatter().string(from: start), wallTimeSeconds: (wall * 1000).rounded() / 1000)
            manifest.overrides = overrides.parsed.map(\.description)
            let summary = RunOutputs.summaryMarkdown(ensemble, manifest: manifest)
            try CLIError.wrap {
                try rows.close()
                try results.write("manifest.json", try manifest.json())
                try results.write("monthly.csv", Data(RunOutputs.monthlyCSV(ensemble).utf8))
                try results.write("summary.md", Data(summary.utf8))
                try results.commit()
            }
            print(summary)
            print("→ \(folder.path)/ (\(String(format: "%.2f", wall)) s)\n")
        }
    }
}
