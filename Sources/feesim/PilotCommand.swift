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
    @Option(help: "Treated buildings per pilot (as many controls), comma-separated.") var treated: String?
    @Option(help: "Months observed, comma-separated.") var months: String = "3,6"
    @Option(name: [.short, .long], help: "Simulated pilots per (k, M).") var replications: Int = 200
    @Option(help: "Significance level of the evaluator's test.") var alpha: Double = 0.05
    @Option(help: "Power a pilot should have.") var power: Double = 0.8
    @Option(name: .customLong("measure"), help: "PATH, repeatable: a parameter the pilot measures (default: the piloted levers' uncertain parameters).")
    var measured: [String] = []
    @Option(help: "Simulated pilots per (k, M) for the narrowing, each with its own draw of the measured parameters (default: --replications).")
    var narrowingDraws: Int?
    @Flag(help: "Skip the prior-to-posterior narrowing (power only).") var noNarrowing = false
    @Option(name: [.short, .long], help: "Worker threads (default: all cores).") var threads: Int?
    @Option(name: [.short, .long], help: "Folder that receives the pilot study's folder.") var out: String = "Results"

    func validate() throws {
        try validateOutputFolder(out)
        guard commaList(months, in: 1...Int.max) != nil else {
            throw ValidationError("--months must be a comma-separated list of months ≥ 1, for example 3,6.")
        }
        if let treated, commaList(treated) == nil { throw ValidationError("--treated must be a comma-separated list, for example 2,3,4.") }
        if !(0.0001...0.5).contains(alpha) { throw ValidationError("--alpha must be in (0, 0.5] (got \(alpha)).") }
        if !(0.5...0.999).contains(power) { throw ValidationError("--power must be in [0.5, 0.999] (got \(power)).") }
        if !(10...100_000).contains(replications) { throw ValidationError("--replications must be in 10…100000 (got \(replications)).") }
        if let n = narrowingDraws, !(20...100_000).contains(n) { throw ValidationError("--narrowing-draws must be in 20…100000 (got \(n)).") }
        if noNarrowing && !measured.isEmpty { throw ValidationError("--measure has no effect with --no-narrowing.") }
    }

    func run() throws {
        try CLIError.wrap {
            let (loaded, s) = try overrides.load(challenger)
            let folder = try lockedFolder(URL(fileURLWithPath: out), "\(s.name)-pilot")
            let plan = try PilotStudy.Plan(s, treated: treated.flatMap { commaList($0) }, months: commaList(months) ?? [],
                                           replications: replications, alpha: alpha, targetPower: power,
                                           measure: noNarrowing ? [] : measured.isEmpty ? nil : measured, draws: narrowingDraws)
            let found = try PilotStudy.run(plan, threads: threads)
            let manifest = PilotManifest(
                toolVersion: FeeSim.version, challenger: challenger, sha256: loaded.contentHash, replications: replications,
                alpha: alpha, power: power, treated: plan.treated, months: plan.months, seed: s.seed, measured: plan.measured.map(\.path),
                narrowingDraws: plan.measured.isEmpty ? 0 : plan.draws, overrides: overrides.parsed.map(\.description))
            print(try PilotOutputs(plan, power: found.power, narrowing: found.narrowing, narrowingSkipped: noNarrowing)
                .write(to: folder, manifest: manifest))
            print("→ \(folder.path)/")
        }
    }
}
