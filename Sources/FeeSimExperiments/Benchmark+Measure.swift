import FeeSimModel
import FeeSimScenario
import Foundation

extension Benchmark {
    /// The probabilistic comparison to time: the comparison file (as loaded), the numbers of parameter sets, and
    /// replications per strategy and set.
    public struct PSAPlan: Sendable {
        public var file: ComparisonFile
        public var sets: [Int]
        public var replications: Int
        public init(file: ComparisonFile, sets: [Int], replications: Int) {
            (self.file, self.sets, self.replications) = (file, sets, replications)
        }
    }

    /// Everything `feesim bench` measures, for its record to hold.
    public struct Measurement: Sendable {
        public var generators: [GeneratorRow] = []
        public var peakResidentBytes = 0
        /// The household state per household per replication, and the rungs and capacity slots it is sized for.
        public var stateBytes = 0
        public var rungs = 0
        public var capacitySlots = 0
        public var scaling: [ScalingRow] = []
        public var probabilisticComparison: [PSARow] = []
    }

    /// What the suite reports as it goes, for a table on stdout.
    public enum Stage: Sendable {
        case generator(GeneratorRow)
        case memory(Measurement)
        case scalingStarts
        case scaling(ScalingRow)
        case probabilisticComparisonStarts
        case probabilisticComparison(PSARow)
    }

    /// Measures `base` scaled to `households` and `months`: each generator (with `replications` replications, at
    /// least one per core), the memory, and when asked the scaling table and `psa`, telling `report` each row as it
    /// is measured. Complexity: the timed runs, `repeats` times each.
    public static func measure(
        _ base: Scenario, households: Int, months: Int, generators: [String], replications: Int,
        repeats: Int, cores: Int, scaling: Bool, psa: PSAPlan?,
        report: (Stage) -> Void
    ) throws -> Measurement {
        var m = Measurement()
        m.generators = try generatorRows(
            base, households: households, months: months, generators: generators,
            replications: max(replications, cores), repeats: repeats, cores: cores
        ) {
            report(.generator($0))
        }
        m.peakResidentBytes = PeakMemory.residentBytes()
        let state = stateBytes(of: base)
        (m.stateBytes, m.rungs, m.capacitySlots) = (state.bytes, state.rungs, state.capacitySlots)
        report(.memory(m))
        if scaling {
            report(.scalingStarts)
            m.scaling = try Benchmark.scaling(base, cores: cores) { report(.scaling($0)) }
        }
        if let psa {
            report(.probabilisticComparisonStarts)
            m.probabilisticComparison = try probabilisticComparison(
                psa.file, sets: psa.sets, replications: psa.replications,
                cores: cores
            ) { report(.probabilisticComparison($0)) }
        }
        return m
    }
}
