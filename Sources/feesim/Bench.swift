import ArgumentParser
import FeeSimExperiments
import FeeSimModel
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

    @Option(help: "Reference scenario to scale.")
    var scenario: String = "Scenarios/mixed/full-plan.yaml"

    @Option(help: "Households in the reference run.")
    var households: Int = 100_000

    @Option(help: "Months in the reference run.")
    var months: Int = 120

    @Option(help: "GSL generators to measure, comma-separated.")
    var generators: String = "mt19937,taus2"

    @Option(help: "Replications per timed run (at least the thread count, so every thread has work).")
    var replications: Int = 2

    @Option(help: "Measurements per figure; the best is kept.")
    var repeats: Int = 3

    @Flag(help: "Also time the scaling table (N = 10³…10⁶ households, T = 12…240 months).")
    var scaling = false

    @Option(help: "Also time the probabilistic comparison of --psa-comparison with these numbers of parameter sets, comma-separated (e.g. 50,200), on one thread and on all.")
    var psa: String?

    @Option(help: "Comparison file for --psa.")
    var psaComparison: String = "Scenarios/mixed/compare.yaml"

    @Option(help: "Replications per strategy and parameter set for --psa.")
    var psaReplications: Int = 50

    @Option(help: "Where to write the JSON record.")
    var json: String = "Results/bench.json"

    func validate() throws {
        if households < 100 { throw ValidationError("--households must be at least 100 (got \(households)).") }
        if !(1...1200).contains(months) { throw ValidationError("--months must be in 1…1200 (got \(months)).") }
        if replications < 1 { throw ValidationError("--replications must be at least 1.") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1.") }
        if let psa, psaSets(psa) == nil {
            throw ValidationError("--psa must be a comma-separated list of parameter-set counts in 2…100000, for example 50,200.")
        }
        if !(1...100_000).contains(psaReplications) {
            throw ValidationError("--psa-replications must be in 1…100000 (got \(psaReplications)).")
        }
        for g in generatorList where !RandomStream.availableGenerators.contains(g) {
            throw ValidationError("--generators: '\(g)' is not a GSL generator; see `feesim generators`.")
        }
    }

    func psaSets(_ text: String) -> [Int]? {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0.map { (2...100_000).contains($0) } ?? false }) else { return nil }
        return values.map { $0! }
    }

    /// Times the probabilistic comparison (no tornado, no Monte Carlo-only comparison) for each number of sets, on
    /// one thread and on all, in increasing N so that the peak resident memory after each shows whether it grows.
    func psaTable(cores: Int) throws -> [[String: Any]] {
        guard let psa, let counts = psaSets(psa) else { return [] }
        let file = try CLIError.wrap { try ComparisonFile.load(path: psaComparison) }
        let scenarios = ([file.baseline] + file.variants).map(\.scenario)
        let base = scenarios[0]
        print("\nprobabilistic comparison: \(psaComparison), \(scenarios.count) strategies, \(base.community.households) "
              + "households, \(base.months) months + \(base.community.warmupMonths) warm-up, \(psaReplications) replications per set")
        print("sets  threads   seconds   household-months/s   peak resident MiB")
        var rows: [[String: Any]] = []
        for n in counts.sorted() {
            for threads in Array(Set([1, cores])).sorted() {
                let start = Date()
                _ = try CLIError.wrap {
                    try ProbabilisticComparison.run(baseline: base, challengers: Array(scenarios.dropFirst()), sets: n,
                                                    replications: psaReplications, seed: base.seed, threads: threads)
                }
                let seconds = Date().timeIntervalSince(start)
                let hm = Double(n * scenarios.count * psaReplications * base.community.households
                                * (base.months + base.community.warmupMonths))
                let rss = PeakMemory.residentBytes()
                print(String(format: "%4d %8d %9.1f %20.3g %19.1f", n, threads, seconds, hm / seconds, Double(rss) / 1_048_576))
                rows.append(["sets": n, "threads": threads, "replications": psaReplications, "strategies": scenarios.count,
                             "seconds": seconds, "household_months": hm, "peak_resident_bytes": rss])
            }
        }
        return rows
    }

    var generatorList: [String] { generators.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }

    func scaled(_ base: Scenario, households n: Int, months t: Int, generator: String) -> Scenario {
        var s = base
        s.community.households = n
        s.community.buildings = max(1, n / 100)
        if case .count(let k) = s.pilot { s.pilot = .count(min(k, s.community.buildings)) }
        s.months = t
        s.generator = generator
        return s
    }

    func run() throws {
        let base = try CLIError.wrap { try ScenarioLoader.load(path: scenario).scenario }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let baseline = PeakMemory.currentBytes()
        let reps = max(replications, cores)
        var rows: [[String: Any]] = []
        print("FeeSim \(FeeSim.version) bench — \(cores) cores, GSL \(GSL.version)")
        print("reference: \(scenario) scaled to \(households) households × \(months) months × \(reps) replications")
        print("best of \(repeats) interleaved measurements each (this machine's timings are noisy)\n")
        print("generator   ceiling (hm/s)   1 thread (hm/s)   ratio   \(cores) threads (hm/s)   speed-up")
        for g in generatorList {
            let model = try CLIError.wrap { try CompiledModel(scaled(base, households: households, months: months, generator: g)) }
            var ceiling = 0.0, one = 0.0, all = 0.0
            for _ in 0..<repeats {
                ceiling = max(ceiling, try Benchmark.generatorDrawsPerSecond(generator: g) / Double(Benchmark.drawsPerHouseholdMonth))
                one = max(one, try Benchmark.time(model, replications: reps, threads: 1).householdMonthsPerSecond)
                all = max(all, try Benchmark.time(model, replications: reps, threads: cores).householdMonthsPerSecond)
            }
            let ratio = one / ceiling
            let speedup = all / one
            print(String(format: "%-10@ %15.3g %17.3g %7.2f %18.3g %10.2f", g as NSString, ceiling, one, ratio, all, speedup))
            rows.append(["generator": g, "ceiling_household_months_per_second": ceiling,
                         "one_thread_household_months_per_second": one, "ratio_to_ceiling": ratio, "threads": cores,
                         "all_threads_household_months_per_second": all, "speedup": speedup])
        }
        let rss = PeakMemory.residentBytes()
        let perHousehold = Double(rss - baseline) / Double(households * cores)
        print(String(format: "\npeak resident memory: %.1f MiB, %.1f MiB above the process's start: %.0f bytes per household per replication in flight (%d in flight)",
                     Double(rss) / 1_048_576, Double(rss - baseline) / 1_048_576, perHousehold, cores))
        let capacityRungs = base.levers.dunning.rungs.filter { $0.capacityPerMonth != nil }.count
            + base.statusQuoDunning.rungs.filter { $0.capacityPerMonth != nil }.count
        let rungs = base.levers.dunning.rungs.count + base.statusQuoDunning.rungs.count
        let capacitySlots = capacityRungs + 1   // the rungs with a capacity, and lawsuit filings
        let state = Simulation.stateBytesPerHousehold + capacitySlots * Simulation.stateBytesPerCapacityRung
            + rungs * Simulation.stateBytesPerRung
        print("household state: \(state) bytes per household per replication (\(rungs) rungs, \(capacitySlots) capacity slots)")

        var table: [[String: Any]] = []
        if scaling {
            print("\nscaling (mt19937, \(cores) threads, \(cores) replications): seconds and ns per household-month")
            print("households  months   seconds   ns/hm")
            for n in [1_000, 10_000, 100_000, 1_000_000] {
                for t in [12, 60, 240] {
                    let model = try CompiledModel(scaled(base, households: n, months: t, generator: "mt19937"))
                    let timing = try Benchmark.time(model, replications: cores, threads: cores)
                    let ns = timing.seconds * 1e9 / timing.householdMonths * Double(cores)
                    print(String(format: "%10d %7d %9.3f %7.1f", n, t, timing.seconds, ns))
                    table.append(["households": n, "months": t, "replications": cores, "seconds": timing.seconds,
                                  "ns_per_household_month_per_thread": ns])
                }
            }
        }
        let psaRows = try psaTable(cores: cores)
        let record: [String: Any] = [
            "probabilistic_comparison": psaRows, "psa_comparison": psaComparison,
            "tool_version": FeeSim.version, "gsl_version": GSL.version, "cores": cores, "scenario": scenario,
            "households": households, "months": months, "draws_per_household_month": Benchmark.drawsPerHouseholdMonth,
            "generators": rows, "peak_resident_bytes": rss, "start_resident_bytes": baseline,
            "resident_bytes_per_household_per_replication_in_flight": perHousehold,
            "state_bytes_per_household": state, "scaling": table, "repeats": repeats,
        ]
        let data = try JSONSerialization.data(withJSONObject: record, options: [.prettyPrinted, .sortedKeys])
        let url = URL(fileURLWithPath: json)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
        print("\n→ \(json)")
    }
}

/// Resident memory of this process from /proc/self/status (Linux); 0 where that is not available.
enum PeakMemory {
    /// Peak resident memory so far (VmHWM).
    static func residentBytes() -> Int { field("VmHWM:") }
    /// Resident memory now (VmRSS).
    static func currentBytes() -> Int { field("VmRSS:") }

    private static func field(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }
}
