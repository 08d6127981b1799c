import Dispatch
import FeeSimModel
import Foundation
import GSLKit

/// Throughput measurements for `feesim bench`: the engine's household-months per second and the ceiling the
/// random number generator sets on the same machine in the same run.
public enum Benchmark {
    /// Uniform draws the monthly step takes per household-month: one per monthly stream (docs/MODEL.md §5).
    /// Warm-up months draw the same.
    public static let drawsPerHouseholdMonth = RandomStreamID.monthly.count

    /// Uniform draws per second of one GSL generator on one thread, through FeeSim's batch path
    /// (``/GSLKit/RandomStream/fill(_:)``), measured for about `seconds`.
    public static func generatorDrawsPerSecond(generator: String, seconds: Double = 0.5) throws -> Double {
        let stream = try RandomStream(generator: generator, seed: 1)
        let block = 4096
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: block)
        defer { buffer.deallocate() }
        var draws = 0
        var sink = 0.0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            for _ in 0..<64 {
                stream.fill(buffer)
                sink += buffer[block - 1]
            }
            draws += 64 * block
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < seconds
        if sink.isNaN { print("") }   // keeps the optimiser from dropping the loop
        return Double(draws) / elapsed
    }

    /// One timed run of a model.
    public struct Timing: Sendable {
        public let households: Int
        public let months: Int
        public let replications: Int
        public let threads: Int
        public let seconds: Double
        public var householdMonths: Double { Double(households) * Double(months) * Double(replications) }
        public var householdMonthsPerSecond: Double { householdMonths / seconds }
    }

    /// Times `replications` replications of `model` on `threads` threads, through the same path as `feesim run`
    /// (simulation plus aggregation across replications).
    public static func time(_ model: CompiledModel, replications: Int, threads: Int) throws -> Timing {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try MonteCarlo.run(model, replications: replications, threads: threads)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // The warm-up months are stepped like any other (same draws, same work), so they count.
        return Timing(households: model.households, months: model.months + model.scenario.community.warmupMonths,
                      replications: replications, threads: threads, seconds: seconds)
    }
}
