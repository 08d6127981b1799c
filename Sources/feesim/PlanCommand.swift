import ArgumentParser
import FeeSimExperiments
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim plan`: what a sweep or sensitivity study will cost, before anything runs.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print a study's number of runs and an estimate of its core-hours, before running it.",
        discussion:
            "Takes a sweep or sensitivity study file, or a robust study file. The estimate times one short replication of the base scenario on this machine (a second or less)."
    )

    @Argument(help: "Study file (YAML).", completion: .file(extensions: ["yaml", "yml"])) var spec: String
    @Flag(help: "Plan the sensitivity study (Morris and/or Sobol points) instead of the sweep.") var sensitivity = false
    @Option(help: "Shards the points will be split into.") var shards: Int = 1
    @Option(help: "Warn (on stderr) when the estimate passes this many core-hours.") var warnCoreHours: Double = 1000

    func validate() throws {
        if !(1...100_000).contains(shards) { throw ValidationError("--shards must be in 1…100000 (got \(shards)).") }
        if !(warnCoreHours > 0) { throw ValidationError("--warn-core-hours must be > 0 (got \(warnCoreHours)).") }
    }

    func run() throws {
        let kind = InputFileKind.of(path: spec)
        if kind == .comparison {
            throw CLIError(
                description: "\(spec) is a comparison file: `feesim compare` runs it; plan estimates sweep, "
                    + "sensitivity and robust study files")
        }
        let plan =
            kind == .robust
            ? try StudyPlan(try RobustSpec.load(path: spec))
            : try StudyPlan(try StudySpec.load(path: spec), sensitivity: sensitivity)
        print(plan.summary(cores: ProcessInfo.processInfo.activeProcessorCount, shards: shards))
        if plan.coreHours > warnCoreHours {
            FileHandle.standardError.write(
                Data(
                    String(
                        format: "warning: %.3g core-hours is past --warn-core-hours %.3g: check the "
                            + "design before booking it\n", plan.coreHours, warnCoreHours
                    ).utf8))
        }
    }
}
