import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// `feesim plan`: what a sweep or sensitivity study will cost, before anything runs.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print a study's number of runs and an estimate of its core-hours, before running it.",
        discussion: "Takes a sweep or sensitivity study file, or a robust study file. The estimate times one short replication of the base scenario on this machine (a second or less)."
    )

    @Argument(help: "Study file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var spec: String

    @Flag(help: "Plan the sensitivity study (Morris and/or Sobol points) instead of the sweep.")
    var sensitivity = false

    @Option(help: "Shards the points will be split into.")
    var shards: Int = 1

    @Option(help: "Warn (on stderr) when the estimate passes this many core-hours.")
    var warnCoreHours: Double = 1000

    func validate() throws {
        if !(1...100_000).contains(shards) { throw ValidationError("--shards must be in 1…100000 (got \(shards)).") }
        if !(warnCoreHours > 0) { throw ValidationError("--warn-core-hours must be > 0 (got \(warnCoreHours)).") }
    }

    func run() throws {
        if InputFileKind.of(path: spec) == .robust { return try planRobust() }
        if InputFileKind.of(path: spec) == .comparison {
            throw CLIError(description: "\(spec) is a comparison file: `feesim compare` runs it; plan estimates sweep, "
                           + "sensitivity and robust study files")
        }
        let study = try CLIError.wrap { try StudySpec.load(path: spec) }
        let k = study.parameterNames.count
        let points: Int
        var detail: String
        if sensitivity {
            let morris = study.method != "sobol" ? study.trajectories * (k + 1) : 0
            let sobol = study.method != "morris" ? study.samples * (k + 2) : 0
            points = morris + sobol
            detail = "Morris \(morris) points (\(study.trajectories) trajectories × \(k + 1)), Sobol \(sobol) points (\(study.samples) × \(k + 2))"
        } else {
            // Counted without building the design, which may not fit in memory.
            guard let n = Design.count(DesignKind(rawValue: study.design)!, ranges: study.parameterRanges, count: study.points),
                  n <= Design.maximumPoints else {
                throw CLIError(description: "\(spec): the \(study.design) design has more than \(Design.maximumPoints) points, "
                               + "which would not fit in memory: use fewer levels or a Latin hypercube")
            }
            points = n
            detail = "\(study.design) design"
        }
        // Time one replication of the base scenario for up to 12 months.
        var probe = study.base.scenario
        probe.months = min(12, probe.months)
        probe.replications = 1
        let model = try CLIError.wrap { try CompiledModel(probe) }
        // The outputs a sweep would refuse are refused here, before anyone books a cluster.
        for output in study.outputs { _ = try CLIError.wrap { try StudyOutput(output, model: model) } }
        let timing = try Benchmark.time(model, replications: 1, threads: 1)
        let secondsPerHM = timing.seconds / timing.householdMonths
        let runs = points * study.replications
        let hm = Double(points) * study.householdMonthsPerPoint
        let coreHours = hm * secondsPerHM / 3600
        print("\(study.name): \(points) points (\(detail)) × \(study.replications) replications = \(runs) runs")
        print(String(format: "%.3g household-months; measured %.0f ns per household-month on one core here", hm, secondsPerHM * 1e9))
        print(String(format: "estimate: %.3g core-hours (%.2g hours on %d cores)", coreHours, coreHours / Double(ProcessInfo.processInfo.activeProcessorCount), ProcessInfo.processInfo.activeProcessorCount))
        if coreHours > warnCoreHours {
            FileHandle.standardError.write(Data(String(format: "warning: %.3g core-hours is past --warn-core-hours %.3g: check the "
                + "design before booking it\n", coreHours, warnCoreHours).utf8))
        }
        if shards > 1 {
            print(String(format: "with %d shards: about %d points and %.3g core-hours each", shards, (points + shards - 1) / shards, coreHours / Double(shards)))
        }
    }

    /// A robust study runs every strategy in every sampled world: worlds × strategies × replications runs.
    func planRobust() throws {
        let robust = try CLIError.wrap { try RobustSpec.load(path: spec) }
        let strategies = [robust.comparison.baseline] + robust.comparison.variants
        var probe = strategies[0].scenario
        probe.months = min(12, robust.months)
        probe.replications = 1
        let timing = try CLIError.wrap { try Benchmark.time(try CompiledModel(probe), replications: 1, threads: 1) }
        let secondsPerHM = timing.seconds / timing.householdMonths
        let hm = Double(robust.worlds * robust.replications) * strategies.reduce(0.0) {
            $0 + Double($1.scenario.community.households * (robust.months + $1.scenario.community.warmupMonths))
        }
        let runs = robust.worlds * strategies.count * robust.replications
        let coreHours = hm * secondsPerHM / 3600
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("\(robust.name): \(robust.worlds) worlds × \(strategies.count) strategies × \(robust.replications) replications = \(runs) runs")
        print(String(format: "%.3g household-months; measured %.0f ns per household-month on one core here", hm, secondsPerHM * 1e9))
        print(String(format: "estimate: %.3g core-hours (%.2g hours on %d cores)", coreHours, coreHours / Double(cores), cores))
        if coreHours > warnCoreHours {
            FileHandle.standardError.write(Data(String(format: "warning: %.3g core-hours is past --warn-core-hours %.3g\n",
                                                       coreHours, warnCoreHours).utf8))
        }
    }
}
