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

    /// The CPU time this process has used, in seconds (`CLOCK_PROCESS_CPUTIME_ID`): on a machine shared with other
    /// work, a one-thread measurement's CPU time leaves out the time the thread waited for a core, so ratios of
    /// two such measurements taken a minute apart stay comparable where wall-clock ones do not.
    public static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Uniform draws per second of one GSL generator on one thread, through FeeSim's batch path
    /// (``/GSLKit/RandomStream/fill(_:)``), measured for about `seconds`.
    public static func generatorDrawsPerSecond(generator: String, seconds: Double = 0.5) throws -> Double {
        try generatorRate(generator: generator, seconds: seconds).wall
    }

    /// ``generatorDrawsPerSecond(generator:seconds:)`` by the wall clock and by the process's CPU time.
    public static func generatorRate(generator: String, seconds: Double = 0.5) throws -> (wall: Double, cpu: Double) {
        let stream = try RandomStream(generator: generator, seed: 1)
        let block = 4096
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: block)
        defer { buffer.deallocate() }
        var draws = 0
        var sink = 0.0
        let cpuStart = processCPUSeconds()
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
        let cpu = processCPUSeconds() - cpuStart
        if sink.isNaN { print("") }   // keeps the optimiser from dropping the loop
        return (Double(draws) / elapsed, Double(draws) / cpu)
    }

    /// One timed run of a model.
    public struct Timing: Sendable {
        public let households: Int
        public let months: Int
        public let replications: Int
        public let threads: Int
        public let seconds: Double
        /// The process's CPU time over the run (all its threads).
        public var cpuSeconds = Double.nan
        public var householdMonths: Double { Double(households) * Double(months) * Double(replications) }
        public var householdMonthsPerSecond: Double { householdMonths / seconds }
        /// Household-months per second of CPU time: for a one-thread run, the engine's speed on the core it got.
        public var householdMonthsPerCPUSecond: Double { householdMonths / cpuSeconds }
    }

    /// Times `replications` replications of `model` on `threads` threads, through the same path as `feesim run`
    /// (simulation plus aggregation across replications).
    public static func time(_ model: CompiledModel, replications: Int, threads: Int) throws -> Timing {
        let cpuStart = processCPUSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try MonteCarlo.run(model, replications: replications, threads: threads)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // The warm-up months are stepped like any other (same draws, same work), so they count.
        return Timing(
            households: model.households, months: model.months + model.scenario.community.warmupMonths,
            replications: replications, threads: threads, seconds: seconds,
            cpuSeconds: processCPUSeconds() - cpuStart)
    }
}
