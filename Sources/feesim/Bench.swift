import ArgumentParser
import FeeSimExperiments
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
    @Option(help: "Also time the probabilistic comparison of --psa-comparison with these numbers of parameter sets, comma-separated (e.g. 50,200), on one thread and on all.")
    var psa: String?
    @Option(help: "Comparison file for --psa.") var psaComparison: String = "Scenarios/mixed/compare.yaml"
    @Option(help: "Replications per strategy and parameter set for --psa.") var psaReplications: Int = 50
    @Option(help: "Where to write the JSON record.") var json: String = "Results/bench.json"

    func validate() throws {
        if households < 100 { throw ValidationError("--households must be at least 100 (got \(households)).") }
        if !(1...1200).contains(months) { throw ValidationError("--months must be in 1…1200 (got \(months)).") }
        if replications < 1 || repeats < 1 { throw ValidationError("--replications and --repeats must be at least 1.") }
        if let psa, commaList(psa, in: 2...100_000) == nil {
            throw ValidationError("--psa must be a comma-separated list of parameter-set counts in 2…100000, for example 50,200.")
        }
        if !(1...100_000).contains(psaReplications) { throw ValidationError("--psa-replications must be in 1…100000 (got \(psaReplications)).") }
        for g in generatorList where !RandomStream.availableGenerators.contains(g) {
            throw ValidationError("--generators: '\(g)' is not a GSL generator; see `feesim generators`.")
        }
    }

    var generatorList: [String] { generators.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }

    func run() throws {
        try CLIError.wrap {
            let base = try ScenarioLoader.load(path: scenario).scenario
            let cores = ProcessInfo.processInfo.activeProcessorCount
            var record = BenchmarkRecord(toolVersion: FeeSim.version, gslVersion: GSL.version, cores: cores, scenario: scenario,
                                         households: households, months: months, repeats: repeats,
                                         startResidentBytes: PeakMemory.currentBytes(), psaComparison: psaComparison)
            let reps = max(replications, cores)
            print("FeeSim \(FeeSim.version) bench — \(cores) cores, GSL \(GSL.version)")
            print("reference: \(scenario) scaled to \(households) households × \(months) months × \(reps) replications")
            print("best of \(repeats) interleaved measurements each (this machine's timings are noisy)\n")
            print(String(format: BenchmarkRecord.generatorHeader, cores))
            record.generators = try Benchmark.generatorRows(base, households: households, months: months, generators: generatorList,
                                                            replications: reps, repeats: repeats, cores: cores) {
                print(BenchmarkRecord.line($0))
            }
            record.peakResidentBytes = PeakMemory.residentBytes()
            record.residentBytesPerHouseholdPerReplicationInFlight = Double(record.peakResidentBytes - record.startResidentBytes) / Double(households * cores)
            let state = Benchmark.stateBytes(of: base)
            record.stateBytesPerHousehold = state.bytes
            print(record.memoryLines(rungs: state.rungs, capacitySlots: state.capacitySlots))
            if scaling {
                print("\nscaling (mt19937, \(cores) threads, \(cores) replications): seconds and ns per household-month\n" + BenchmarkRecord.scalingHeader)
                record.scaling = try Benchmark.scaling(base, cores: cores) { print(BenchmarkRecord.line($0)) }
            }
            if let counts = psa.flatMap({ commaList($0, in: 2...100_000) }) {
                let file = try ComparisonFile.load(path: psaComparison)
                let b = file.baseline.scenario
                print("\nprobabilistic comparison: \(psaComparison), \(file.all.count) strategies, \(b.community.households) households, "
                      + "\(b.months) months + \(b.community.warmupMonths) warm-up, \(psaReplications) replications per set\n" + BenchmarkRecord.psaHeader)
                record.probabilisticComparison = try Benchmark.probabilisticComparison(
                    file, sets: counts, replications: psaReplications, cores: cores) { print(BenchmarkRecord.line($0)) }
            }
            try record.write(to: URL(fileURLWithPath: json))
            print("\n→ \(json)")
        }
    }
}
