import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import GSLKit

/// `feesim bench`: how fast the engine runs, against the ceiling the random number generator sets.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure household-months per second against the GSL generator's ceiling, and how cost scales.",
        discussion: """
            The reference is the mixed community with the full plan (Scenarios/mixed/full-plan.yaml) scaled to \
            --households households in buildings of 100 over --months months. Every household-month draws \
            \(Benchmark.drawsPerHouseholdMonth) uniform numbers, so the generator's draws per second divided by \
            \(Benchmark.drawsPerHouseholdMonth) is the ceiling. Prints a table and writes it as JSON.
            """
    )

    @Option(help: "Reference scenario to scale.") var scenario: String = "Scenarios/mixed/full-plan.yaml"
    @Option(help: "Households in the reference run.") var households: Int = 100_000
    @Option(help: "Months in the reference run.") var months: Int = 120
    @Option(help: "GSL generators to measure, comma-separated.") var generators: String = "mt19937,taus2"
    @Option(help: "Replications per timed run (at least the thread count, so every thread has work).") var replications: Int = 2
    @Option(help: "Measurements per figure; the best is kept.") var repeats: Int = 3
    @Flag(help: "Also time the scaling table (N = 10³…10⁶ households, T = 12…240 months).") var scaling = false
    @Option(
        help:
            "Also time the probabilistic comparison of --psa-comparison with these numbers of parameter sets, comma-separated (e.g. 50,200), on one thread and on all.",
        transform: NumberList.parse) var psa: NumberList?
    @Option(help: "Comparison file for --psa.") var psaComparison: String = "Scenarios/mixed/compare.yaml"
    @Option(help: "Replications per strategy and parameter set for --psa.") var psaReplications: Int = 50
    @Option(help: "Where to write the JSON record.") var json: String = "Results/bench.json"

    func validate() throws {
        try checked {
            try InputError.check(households, in: 100...Int.max, field: "households")
            try RunSettings.check(months: months, replications: replications)
            try InputError.check(repeats, in: 1...Int.max, field: "repeats")
            for sets in psa?.values ?? [] { try InputError.check(sets, in: UncertaintySettings.setRange, field: "psa") }
            try InputError.check(psaReplications, in: UncertaintySettings.replicationRange, field: "psa-replications")
        }
        for g in generatorList where !RandomStream.availableGenerators.contains(g) {
            throw ValidationError("--generators: '\(g)' is not a GSL generator; see `feesim generators`.")
        }
    }

    var generatorList: [String] { generators.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }

    func run() throws {
        let base = try ScenarioLoader.load(path: scenario).scenario
        let psaPlan = try psa.map {
            Benchmark.PSAPlan(
                file: try ComparisonFile.load(path: psaComparison), sets: $0.values,
                replications: psaReplications)
        }
        var record = BenchmarkRecord(
            toolVersion: FeeSim.version, gslVersion: GSL.version,
            cores: ProcessInfo.processInfo.activeProcessorCount, scenario: scenario,
            households: households, months: months, repeats: repeats,
            startResidentBytes: PeakMemory.currentBytes(), psaComparison: psaComparison)
        print(record.headerLines(replications: replications))
        let measured = try Benchmark.measure(
            base, households: households, months: months, generators: generatorList,
            replications: replications, repeats: repeats, cores: record.cores,
            scaling: scaling, psa: psaPlan
        ) { print(record.text(for: $0, psa: psaPlan)) }
        record.record(measured)
        try record.write(to: URL(fileURLWithPath: json))
        print("\n→ \(json)")
    }
}
