import ArgumentParser
import FeeSimExperiments
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim pilot`: how many buildings and months a pilot needs to show the challenger's effect.
struct PilotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pilot",
        abstract: "Power of a building pilot: k treated and k control buildings, observed for M months.",
        discussion: """
            For each k and M, simulates many pilots of the challenger's levers (the union of its rollout's levers, \
            with its lever parameters) in k random buildings from month 1, with k other random buildings as \
            controls, and tests the building-level difference in collection rate with Welch's t-test, as an \
            evaluator would. Reports the power at α, the smallest k with the target power for each M, and the \
            effect each pilot can detect.

            It also reports what each pilot would teach: for the parameters the pilot measures (by default the \
            uncertain parameters of the piloted levers, as `feesim paths` lists them with their priors; choose with \
            --measure), pilots are simulated with those parameters drawn from their priors, and the spread each \
            parameter keeps once the pilot's estimated effect is known is compared with its prior spread \
            (prior-to-posterior narrowing). Writes <out>/<challenger>-pilot/: power.csv, narrowing.csv, pilot.md, \
            manifest.json.
            """
    )

    @Argument(help: "Challenger scenario (its community is the pilot's).", completion: .file(extensions: ["yaml", "yml"]))
    var challenger: String
    @OptionGroup var overrides: ScenarioOverrides
    @Option(
        help: "Treated buildings per pilot (as many controls), comma-separated (default: 2 up to min(8, buildings/2)).",
        transform: NumberList.parse) var treated: NumberList?
    @Option(help: "Months observed, comma-separated (default: 3,6).", transform: NumberList.parse) var months = NumberList([3, 6])
    @Option(name: [.short, .long], help: "Simulated pilots per (k, M), 10…100000.") var replications: Int = 200
    @Option(help: "Significance level of the evaluator's test, in [0.0001, 0.5].") var alpha: Double = 0.05
    @Option(help: "Power a pilot should have, in [0.5, 0.999].") var power: Double = 0.8
    @Option(
        name: .customLong("measure"),
        help: "PATH, repeatable: a parameter the pilot measures (default: the piloted levers' uncertain parameters).")
    var measured: [String] = []
    @Option(
        help:
            "Simulated pilots per (k, M) for the narrowing, each with its own draw of the measured parameters, 20…100000 (default: --replications)."
    )
    var narrowingDraws: Int?
    @Flag(help: "Skip the prior-to-posterior narrowing (power only).") var noNarrowing = false
    @OptionGroup var options: StudyRunOptions

    func validate() throws {
        if noNarrowing && !measured.isEmpty { throw ValidationError("--measure has no effect with --no-narrowing.") }
    }

    func run() throws {
        let (loaded, s) = try overrides.load(challenger)
        let plan = try PilotStudy.Plan(
            s, treated: treated?.values, months: months.values, replications: replications, alpha: alpha,
            targetPower: power, measure: noNarrowing ? [] : measured.isEmpty ? nil : measured,
            draws: narrowingDraws)
        let folder = try lockedFolder(options.output.folder, "\(s.name)-pilot")
        let reporter = options.output.reporter(label: s.name)
        let found = try PilotStudy.run(plan, threads: options.threads) { done, total in
            reporter.update(done, total, scenario: "\(s.name) pilot designs")
        }
        reporter.finish()
        let manifest = try PilotManifest(
            plan, path: challenger, sha256: loaded.contentHash, files: loaded.files, overrides: overrides.parsed,
            wallTimeSeconds: JobClock.seconds, toolVersion: FeeSim.version)
        print(
            try PilotOutputs(plan, power: found.power, narrowing: found.narrowing, narrowingSkipped: noNarrowing)
                .write(to: folder, manifest: manifest))
        print("→ \(folder.path)/")
    }
}
