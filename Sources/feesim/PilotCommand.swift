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
            effect each pilot can detect. Writes <out>/<challenger>-pilot/: power.csv, pilot.md, manifest.json.
            """
    )

    @Argument(help: "Challenger scenario (its community is the pilot's).", completion: .file(extensions: ["yaml", "yml"]))
    var challenger: String

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

    @Option(name: [.short, .long], help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(name: [.short, .long], help: "Folder that receives the pilot study's folder.")
    var out: String = "Results"

    static func list(_ text: String) -> [Int]? {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        return values.contains(nil) || values.isEmpty ? nil : values.map { $0! }
    }

    func validate() throws {
        guard let ms = Self.list(months), ms.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--months must be a comma-separated list of months ≥ 1, for example 3,6.")
        }
        if let treated, Self.list(treated) == nil { throw ValidationError("--treated must be a comma-separated list, for example 2,3,4.") }
        if !(0.0001...0.5).contains(alpha) { throw ValidationError("--alpha must be in (0, 0.5] (got \(alpha)).") }
        if !(0.5...0.999).contains(power) { throw ValidationError("--power must be in [0.5, 0.999] (got \(power)).") }
        if replications < 10 { throw ValidationError("--replications must be at least 10 (got \(replications)).") }
    }

    func run() throws {
        let loaded = try CLIError.wrap { try ScenarioLoader.load(path: challenger) }
        let s = loaded.scenario
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
        let result = try CLIError.wrap {
            try PilotStudy.run(community: s, levers: levers, leverParameters: s.levers, treated: ks, months: ms,
                               replications: replications, alpha: alpha, targetPower: power, threads: threads)
        }
        var csv = "treated_buildings,control_buildings,months,power,power_low,power_high,mean_effect,detectable_effect\n"
        for c in result {
            csv += "\(c.treated),\(c.treated),\(c.months),\(CSVFormat.number(c.power)),\(CSVFormat.number(c.powerLow)),"
                + "\(CSVFormat.number(c.powerHigh)),\(CSVFormat.number(c.meanEffect)),\(CSVFormat.number(c.detectableEffect))\n"
        }
        var md = "# Pilot power: \(s.title("en"))\n\n"
        md += "Levers piloted: \(levers.levers.map(\.key).joined(separator: ", ")). \(replications) simulated pilots per cell; "
        md += "Welch's t-test on building collection rates at α = \(alpha); power = share of pilots that detect a positive effect.\n\n"
        md += "| treated + control buildings | months | power (95% interval) | mean effect | effect detectable with \(Int(power * 100))% power |\n|---|---|---|---|---|\n"
        for c in result {
            md += String(format: "| %d + %d | %d | %.0f%% (%.0f–%.0f%%) | %+.1f pp | %.1f pp |\n", c.treated, c.treated, c.months,
                         c.power * 100, c.powerLow * 100, c.powerHigh * 100, c.meanEffect * 100, c.detectableEffect * 100)
        }
        md += "\n"
        for m in ms {
            let smallest = result.filter { $0.months == m && $0.power >= power }.map(\.treated).min()
            md += "- \(m) months: " + (smallest.map { "smallest pilot with \(Int(power * 100))% power: \($0) treated + \($0) control buildings" }
                ?? "no pilot size tried reaches \(Int(power * 100))% power") + "\n"
        }
        let folder = URL(fileURLWithPath: out).appendingPathComponent("\(s.name)-pilot")
        try CLIError.wrap {
            let files = try ResultFolder(replacing: folder)
            try files.write("power.csv", Data(csv.utf8))
            try files.write("pilot.md", Data(md.utf8))
            let manifest: [String: Any] = ["tool": "feesim", "tool_version": FeeSim.version, "challenger": challenger,
                                           "sha256": loaded.contentHash, "replications": replications, "alpha": alpha,
                                           "power": power, "treated": ks, "months": ms, "seed": s.seed]
            try files.write("manifest.json", try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]))
            try files.commit()
        }
        print(md)
        print("→ \(folder.path)/")
    }
}
