import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// `feesim bench`'s record (Results/bench.json, keys sorted) and its table lines on stdout.
public struct BenchmarkRecord: Encodable {
    public var toolVersion: String
    public var gslVersion: String
    public var cores: Int
    public var scenario: String
    public var households: Int
    public var months: Int
    public var repeats: Int
    public var drawsPerHouseholdMonth = Benchmark.drawsPerHouseholdMonth
    public var generators: [Benchmark.GeneratorRow] = []
    public var startResidentBytes: Int
    public var peakResidentBytes = 0
    /// Resident bytes above the start per household and replication in flight (one per core).
    public var residentBytesPerHouseholdPerReplicationInFlight = 0.0
    public var stateBytesPerHousehold = 0
    public var scaling: [Benchmark.ScalingRow] = []
    public var psaComparison: String
    public var probabilisticComparison: [Benchmark.PSARow] = []

    public init(
        toolVersion: String, gslVersion: String, cores: Int, scenario: String, households: Int, months: Int,
        repeats: Int, startResidentBytes: Int, psaComparison: String
    ) {
        self.toolVersion = toolVersion
        self.gslVersion = gslVersion
        self.cores = cores
        self.scenario = scenario
        self.households = households
        self.months = months
        self.repeats = repeats
        self.startResidentBytes = startResidentBytes
        self.psaComparison = psaComparison
    }

    enum CodingKeys: String, CodingKey {
        case toolVersion = "tool_version", gslVersion = "gsl_version", cores, scenario, households, months, repeats
        case drawsPerHouseholdMonth = "draws_per_household_month", generators, startResidentBytes = "start_resident_bytes"
        case peakResidentBytes = "peak_resident_bytes"
        case residentBytesPerHouseholdPerReplicationInFlight = "resident_bytes_per_household_per_replication_in_flight"
        case stateBytesPerHousehold = "state_bytes_per_household", scaling, psaComparison = "psa_comparison"
        case probabilisticComparison = "probabilistic_comparison"
    }

    /// Writes the record as pretty-printed JSON with sorted keys (the folder created if needed).
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try ResultFolderError.wrap("write", url) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try encoder.encode(self).write(to: url, options: .atomic)
        }
    }

    // The table lines, each under its header.
    public static let generatorHeader =
        "generator   ceiling (hm/s)   1 thread (hm/s)   ratio   %d threads (hm/s)   speed-up   ratio by CPU time"
    public static func line(_ r: Benchmark.GeneratorRow) -> String {
        String(
            format: "%-10@ %15.3g %17.3g %7.2f %18.3g %10.2f %19.2f", r.generator as NSString, r.ceiling, r.oneThread,
            r.ratioToCeiling, r.allThreads, r.speedup, r.ratioToCeilingCPU)
    }
    public static let scalingHeader = "households  months   seconds   ns/hm"
    public static func line(_ r: Benchmark.ScalingRow) -> String {
        String(format: "%10d %7d %9.3f %7.1f", r.households, r.months, r.seconds, r.nanosecondsPerHouseholdMonthPerThread)
    }
    public static let psaHeader = "sets  threads   seconds   household-months/s   peak resident MiB"
    public static func line(_ r: Benchmark.PSARow) -> String {
        String(
            format: "%4d %8d %9.1f %20.3g %19.1f", r.sets, r.threads, r.seconds, r.householdMonths / r.seconds,
            Double(r.peakResidentBytes) / 1_048_576)
    }

    /// The memory paragraph: peak resident memory, what the run added per household in flight, the state per household.
    public func memoryLines(rungs: Int, capacitySlots: Int) -> String {
        String(
            format:
                "\npeak resident memory: %.1f MiB, %.1f MiB above the process's start: %.0f bytes per household per replication in flight (%d in flight)\n",
            Double(peakResidentBytes) / 1_048_576, Double(peakResidentBytes - startResidentBytes) / 1_048_576,
            residentBytesPerHouseholdPerReplicationInFlight, cores)
            + "household state: \(stateBytesPerHousehold) bytes per household per replication (\(rungs) rungs, \(capacitySlots) capacity slots)"
    }

    /// The header lines printed before anything is measured.
    public func headerLines(replications: Int) -> String {
        "FeeSim \(toolVersion) bench — \(cores) cores, GSL \(gslVersion)\n"
            + "reference: \(scenario) scaled to \(households) households × \(months) months × \(max(replications, cores)) replications\n"
            + "best of \(repeats) interleaved measurements each (this machine's timings are noisy)\n\n"
            + String(format: Self.generatorHeader, cores)
    }

    /// The table text of one stage of ``/FeeSimExperiments/Benchmark/measure(_:households:months:generators:replications:repeats:cores:scaling:psa:report:)``;
    /// `psa` names what the probabilistic comparison runs.
    public func text(for stage: Benchmark.Stage, psa: Benchmark.PSAPlan?) -> String {
        switch stage {
        case .generator(let row): return Self.line(row)
        case .memory(let m):
            var copy = self
            copy.record(m)
            return copy.memoryLines(rungs: m.rungs, capacitySlots: m.capacitySlots)
        case .scalingStarts:
            return "\nscaling (mt19937, \(cores) threads, \(cores) replications): seconds and ns per household-month\n" + Self.scalingHeader
        case .scaling(let row): return Self.line(row)
        case .probabilisticComparisonStarts:
            guard let psa else { return "" }
            let b = psa.file.baseline.scenario
            return "\nprobabilistic comparison: \(psaComparison), \(psa.file.all.count) strategies, \(b.community.households) households, "
                + "\(b.months) months + \(b.community.warmupMonths) warm-up, \(psa.replications) replications per set\n" + Self.psaHeader
        case .probabilisticComparison(let row): return Self.line(row)
        }
    }

    /// Takes what was measured.
    public mutating func record(_ m: Benchmark.Measurement) {
        generators = m.generators
        peakResidentBytes = m.peakResidentBytes
        residentBytesPerHouseholdPerReplicationInFlight = Double(peakResidentBytes - startResidentBytes) / Double(households * cores)
        stateBytesPerHousehold = m.stateBytes
        if !m.scaling.isEmpty { scaling = m.scaling }
        if !m.probabilisticComparison.isEmpty { probabilisticComparison = m.probabilisticComparison }
    }
}
