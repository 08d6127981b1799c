import ArgumentParser
import FeeSimExperiments
import FeeSimModel
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

    @Option(help: "Treated buildings per pilot (as many controls), comma-separated.")
    var treated: String?

    @Option(help: "Months observed, comma-separated.")
    var months: String = "3,6"

    @Option(name: [.short, .long], help: "Simulated pilots per (k, M).")
    var replications: Int = 200

    @Option(help: "Significance level of the evaluator's test.")
    var alpha: Double = 0.05

    @Option(help: "Power a pilot should have.")
    var power: Double = 0.8

    @Option(name: .customLong("measure"),
            help: "PATH, repeatable: a parameter the pilot measures (default: the piloted levers' uncertain parameters).")
    var measured: [String] = []

    @Option(help: "Simulated pilots per (k, M) for the narrowing, each with its own draw of the measured parameters (default: --replications).")
    var narrowingDraws: Int?

    @Flag(help: "Skip the prior-to-posterior narrowing (power only).")
    var noNarrowing = false

    @Option(name: [.short, .long], help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(name: [.short, .long], help: "Folder that receives the pilot study's folder.")
    var out: String = "Results"

    static func list(_ text: String) -> [Int]? {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        return values.contains(nil) || values.isEmpty ? nil : values.map { $0! }
    }

    func validate() throws {
        try validateOutputFolder(out)
        guard let ms = Self.list(months), ms.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--months must be a comma-separated list of months ≥ 1, for example 3,6.")
        }
        if let treated, Self.list(treated) == nil { throw ValidationError("--treated must be a comma-separated list, for example 2,3,4.") }
        if !(0.0001...0.5).contains(alpha) { throw ValidationError("--alpha must be in (0, 0.5] (got \(alpha)).") }
        if !(0.5...0.999).contains(power) { throw ValidationError("--power must be in [0.5, 0.999] (got \(power)).") }
        if !(10...100_000).contains(replications) {
            throw ValidationError("--replications must be in 10…100000 (got \(replications)).")
        }
        if let n = narrowingDraws, !(20...100_000).contains(n) {
            throw ValidationError("--narrowing-draws must be in 20…100000 (got \(n)).")
        }
        if noNarrowing && !measured.isEmpty { throw ValidationError("--measure has no effect with --no-narrowing.") }
    }

    func run() throws {
        let loaded = try CLIError.wrap { try ScenarioLoader.load(path: challenger) }
        var s = loaded.scenario
        try overrides.apply(to: &s)
        let folder = URL(fileURLWithPath: out).appendingPathComponent("\(s.name)-pilot")
        _ = try CLIError.wrap { try OutputLock.acquire(for: folder) }
        let levers = s.rollout.reduce(LeverSet()) { $0.union($1.levers) }
        guard levers.rawValue != 0 else {
            throw CLIError(description: "\(challenger): its rollout switches on no lever, so there is nothing to pilot")
        }
        let nb = s.community.buildings
        let ks = treated.flatMap(Self.list) ?? Array(2...max(2, min(8, nb / 2)))
        if let bad = ks.first(where: { $0 < 2 || 2 * $0 > nb }) {
            throw CLIError(description: "--treated \(bad): each pilot needs k ≥ 2 treated and k control buildings, and the community has \(nb)")
        }
        let ms = Self.list(months)!
        let measuredPaths = noNarrowing ? [] : try measuredParameters(of: s, levers: levers)
        let result = try CLIError.wrap {
            try PilotStudy.run(community: s, levers: levers, leverParameters: s.levers, treated: ks, months: ms,
                               replications: replications, alpha: alpha, targetPower: power, threads: threads)
        }
        var cells: [PilotStudy.NarrowingCell] = []
        let draws = narrowingDraws ?? replications
        if !measuredPaths.isEmpty {
            cells = try CLIError.wrap {
                try PilotStudy.narrowing(community: s, levers: levers, leverParameters: s.levers, measured: measuredPaths,
                                         treated: ks, months: ms, draws: draws, threads: threads)
            }
        }
        let outputs = PilotOutputs(title: s.title("en"), levers: levers.levers.map(\.key), power: result, months: ms,
                                   replications: replications, alpha: alpha, targetPower: power, narrowing: cells,
                                   measured: measuredPaths, draws: draws, narrowingSkipped: noNarrowing)
        let csv = outputs.powerCSV()
        let md = outputs.markdown()
        let narrowingCSV = cells.isEmpty ? nil : outputs.narrowingCSV()
        try CLIError.wrap {
            let files = try ResultFolder(replacing: folder)
            try files.write("power.csv", Data(csv.utf8))
            try files.write("pilot.md", Data(md.utf8))
            if let narrowingCSV { try files.write("narrowing.csv", Data(narrowingCSV.utf8)) }
            let manifest = PilotManifest(
                toolVersion: FeeSim.version, challenger: challenger, sha256: loaded.contentHash, replications: replications,
                alpha: alpha, power: power, treated: ks, months: ms, seed: s.seed, measured: measuredPaths.map(\.path),
                narrowingDraws: measuredPaths.isEmpty ? 0 : narrowingDraws ?? replications,
                overrides: overrides.parsed.map(\.description))
            try files.write("manifest.json", try manifest.json())
            try files.commit()
        }
        print(md)
        print("→ \(folder.path)/")
    }

    /// The parameters the narrowing draws: --measure's (checked, each needs a prior), or the uncertain parameters
    /// of the piloted levers.
    func measuredParameters(of s: Scenario, levers: LeverSet) throws -> [ParameterPath] {
        let all = s.parameterPaths
        if !measured.isEmpty {
            return try measured.map { path in
                guard let p = all.first(where: { $0.path == path }) else {
                    throw CLIError(description: "--measure \(path): no such parameter in \(challenger) (feesim paths lists them)")
                }
                guard p.prior != nil else {
                    throw CLIError(description: "--measure \(path): it has no declared prior, so there is nothing to narrow")
                }
                return p
            }
        }
        let prefixes = levers.levers.map { "levers.\($0.key)." }
        return ProbabilisticComparison.uncertainParameters(of: s).filter { p in prefixes.contains { p.path.hasPrefix($0) } }
    }
}
