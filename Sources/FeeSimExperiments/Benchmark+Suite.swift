import FeeSimModel
import FeeSimScenario
import Foundation

/// `feesim bench`'s measurements: the engine against the generator's ceiling, how cost scales, and the
/// probabilistic comparison's time and memory. Each figure is the best of `repeats` measurements (this kind of
/// machine's timings are noisy); rows are handed to `each` as they are measured.
extension Benchmark {
    /// One generator: its ceiling (draws per second ÷ draws per household-month) and the engine on one thread and
    /// on all, in household-months per second.
    public struct GeneratorRow: Codable, Sendable {
        public let generator: String
        public let ceiling: Double
        public let oneThread: Double
        public let ratioToCeiling: Double
        public let threads: Int
        public let allThreads: Double
        public let speedup: Double
        /// The ceiling and the one-thread engine by CPU time (``Benchmark/processCPUSeconds()``), and their ratio:
        /// steadier than the wall-clock ratio where other work shares the machine.
        public let ceilingCPU: Double
        public let oneThreadCPU: Double
        public let ratioToCeilingCPU: Double
        enum CodingKeys: String, CodingKey {
            case generator, ceiling = "ceiling_household_months_per_second"
            case oneThread = "one_thread_household_months_per_second", ratioToCeiling = "ratio_to_ceiling", threads
            case allThreads = "all_threads_household_months_per_second", speedup
            case ceilingCPU = "ceiling_household_months_per_cpu_second"
            case oneThreadCPU = "one_thread_household_months_per_cpu_second", ratioToCeilingCPU = "ratio_to_ceiling_cpu"
        }
    }

    /// One cell of the scaling table: N households × T months on every core.
    public struct ScalingRow: Codable, Sendable {
        public let households: Int
        public let months: Int
        public let replications: Int
        public let seconds: Double
        public let nanosecondsPerHouseholdMonthPerThread: Double
        enum CodingKeys: String, CodingKey {
            case households, months, replications, seconds
            case nanosecondsPerHouseholdMonthPerThread = "ns_per_household_month_per_thread"
        }
    }

    /// One probabilistic comparison: N parameter sets on some threads, with the process's peak resident memory after.
    public struct PSARow: Codable, Sendable {
        public let sets: Int
        public let threads: Int
        public let replications: Int
        public let strategies: Int
        public let seconds: Double
        public let householdMonths: Double
        public let peakResidentBytes: Int
        enum CodingKeys: String, CodingKey {
            case sets, threads, replications, strategies, seconds, householdMonths = "household_months"
            case peakResidentBytes = "peak_resident_bytes"
        }
    }

    /// `base` scaled to `households` households in buildings of 100 (a counted pilot kept within them), run for
    /// `months` months with `generator`.
    public static func scaled(_ base: Scenario, households: Int, months: Int, generator: String) throws -> CompiledModel {
        var s = base
        s.community.households = households
        s.community.buildings = max(1, households / 100)
        if case .count(let k) = s.pilot { s.pilot = .count(min(k, s.community.buildings)) }
        return try CompiledModel(s, settings: s.settings.overriding(months: months, generator: generator))
    }

    /// ``generatorRow(_:households:months:generator:replications:repeats:cores:)`` for each of `generators`, in order.
    public static func generatorRows(
        _ base: Scenario, households: Int, months: Int, generators: [String], replications: Int,
        repeats: Int, cores: Int, each: (GeneratorRow) -> Void
    ) throws -> [GeneratorRow] {
        try generators.map { g in
            let row = try generatorRow(
                base, households: households, months: months, generator: g, replications: replications,
                repeats: repeats, cores: cores)
            each(row)
            return row
        }
    }

    /// Measures `generator`'s ceiling and the engine on `base` scaled to `households` × `months`, `replications`
    /// replications per timed run, on one thread and on `cores`; the best of `repeats` each, interleaved.
    public static func generatorRow(
        _ base: Scenario, households: Int, months: Int, generator: String, replications: Int,
        repeats: Int, cores: Int
    ) throws -> GeneratorRow {
        let model = try scaled(base, households: households, months: months, generator: generator)
        var ceiling = 0.0, one = 0.0, all = 0.0, ceilingCPU = 0.0, oneCPU = 0.0
        for _ in 0..<repeats {
            let rate = try generatorRate(generator: generator)
            ceiling = max(ceiling, rate.wall / Double(drawsPerHouseholdMonth))
            ceilingCPU = max(ceilingCPU, rate.cpu / Double(drawsPerHouseholdMonth))
            let single = try time(model, replications: replications, threads: 1)
            one = max(one, single.householdMonthsPerSecond)
            oneCPU = max(oneCPU, single.householdMonthsPerCPUSecond)
            all = max(all, try time(model, replications: replications, threads: cores).householdMonthsPerSecond)
        }
        return GeneratorRow(
            generator: generator, ceiling: ceiling, oneThread: one, ratioToCeiling: one / ceiling,
            threads: cores, allThreads: all, speedup: all / one, ceilingCPU: ceilingCPU, oneThreadCPU: oneCPU,
            ratioToCeilingCPU: oneCPU / ceilingCPU)
    }

    /// Times N = 10³…10⁶ households × T = 12, 60, 240 months (mt19937, `cores` replications on `cores` threads).
    public static func scaling(_ base: Scenario, cores: Int, each: (ScalingRow) -> Void) throws -> [ScalingRow] {
        var rows: [ScalingRow] = []
        for n in [1_000, 10_000, 100_000, 1_000_000] {
            for t in [12, 60, 240] {
                let timing = try time(try scaled(base, households: n, months: t, generator: "mt19937"), replications: cores, threads: cores)
                let row = ScalingRow(
                    households: n, months: t, replications: cores, seconds: timing.seconds,
                    nanosecondsPerHouseholdMonthPerThread: timing.seconds * 1e9 / timing.householdMonths * Double(cores))
                each(row)
                rows.append(row)
            }
        }
        return rows
    }

    /// Times the probabilistic comparison of `file` (no tornado, no Monte Carlo-only comparison) for each number of
    /// sets, in increasing order, on one thread and on `cores`, so the peak resident memory after each shows
    /// whether memory grows with the sets.
    public static func probabilisticComparison(
        _ file: ComparisonFile, sets counts: [Int], replications: Int, cores: Int,
        each: (PSARow) -> Void
    ) throws -> [PSARow] {
        let scenarios = file.all.map(\.scenario)
        let base = scenarios[0]
        var rows: [PSARow] = []
        for n in counts.sorted() {
            for threads in Array(Set([1, cores])).sorted() {
                let start = Date()
                _ = try ProbabilisticComparison.run(
                    baseline: base, challengers: Array(scenarios.dropFirst()), sets: n,
                    replications: replications, seed: base.seed, threads: threads)
                let hm = Double(
                    n * scenarios.count * replications * base.community.households
                        * (base.months + base.community.warmupMonths))
                let row = PSARow(
                    sets: n, threads: threads, replications: replications, strategies: scenarios.count,
                    seconds: Date().timeIntervalSince(start), householdMonths: hm,
                    peakResidentBytes: PeakMemory.residentBytes())
                each(row)
                rows.append(row)
            }
        }
        return rows
    }

    /// Bytes of household state per household and replication for `scenario`: the fixed arrays, plus the rungs of
    /// both ladders and a slot per capacity-limited rung and for lawsuit filings.
    public static func stateBytes(of scenario: Scenario) -> (bytes: Int, rungs: Int, capacitySlots: Int) {
        let ladders = [scenario.levers.dunning, scenario.statusQuoDunning]
        let rungs = ladders.reduce(0) { $0 + $1.rungs.count }
        let slots = ladders.reduce(0) { $0 + $1.rungs.filter { $0.capacityPerMonth != nil }.count } + 1
        return (
            Simulation.stateBytesPerHousehold + slots * Simulation.stateBytesPerCapacityRung
                + rungs * Simulation.stateBytesPerRung, rungs, slots
        )
    }
}

/// Resident memory of this process from /proc/self/status (Linux); 0 where that is not available.
public enum PeakMemory {
    /// Peak resident memory so far (VmHWM), in bytes.
    public static func residentBytes() -> Int { field("VmHWM:") }
    /// Resident memory now (VmRSS), in bytes.
    public static func currentBytes() -> Int { field("VmRSS:") }

    private static func field(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
        }
        return 0
    }
}
