import Foundation
import Testing

/// The shipped Slurm job-array scripts (cluster/slurm/) on a real cluster: a sweep, a probabilistic comparison and
/// a posterior calibration (an array per wave) split with `sbatch --array`, merged, and byte for byte a single
/// run's files. CI starts a one-node cluster on
/// localhost first (`cluster/slurm/local-cluster.sh start` in .ci/run); elsewhere the test runs when `sinfo`
/// answers with an idle node and is skipped otherwise.
@Suite(.serialized) struct SlurmJobArrayTests {
    /// Why no job can be submitted here, or nil when a Slurm cluster answers with an idle node.
    static let unavailable: String? = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["timeout", "10", "sinfo", "-h", "-o", "%T"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        do { try process.run() } catch { return "sinfo cannot be run (\(error))" }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 { return "no Slurm cluster answers (sinfo exited with \(process.terminationStatus))" }
        if !text.split(separator: "\n").contains(where: { $0.hasPrefix("idle") || $0.hasPrefix("mix") }) {
            return "the Slurm cluster has no idle node (sinfo: \(text.split(separator: "\n").joined(separator: ", ")))"
        }
        return nil
    }()

    @Test(
        .enabled(
            if: unavailable == nil,
            "needs a Slurm cluster: `sinfo` must answer with an idle node (as root: `bash cluster/slurm/local-cluster.sh start`)"))
    func sweepProbabilisticComparisonAndCalibrationJobArraysMergeToTheSingleRunsFiles() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            Fixture.packageRoot.appendingPathComponent("cluster/slurm/test-job-arrays.sh").path,
            try Binary.executable().path
        ]
        process.currentDirectoryURL = Fixture.packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let log = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(log, terminator: "")   // the submitted / completed / merged / byte-identical lines, for CI's log
        #expect(process.terminationStatus == 0, "\(log)")
        for line in [
            "sweep: submitted job", "sweep: completed 4 of 4 tasks", "sweep: points.csv byte-identical",
            "psa: submitted job", "psa: completed 3 of 3 tasks", "psa: merged 3 shard files",
            "psa: psa.csv byte-identical", "calibrate-wave-1: submitted job", "calibrate-wave-1: completed 3 of 3 tasks",
            "calibrate: merged", "calibrate: single-posterior.csv byte-identical",
            "calibrate: calibration.md byte-identical", "all job arrays merged byte-identical"
        ] {
            #expect(log.contains(line), "the job-array log lacks '\(line)'")
        }
    }
}
