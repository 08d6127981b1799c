import ArgumentParser
import FeeSimReports
import Foundation

/// The `feesim` command: a thin shell over the FeeSim libraries.
@main
struct FeeSim: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "feesim",
        abstract: "Agent-based simulator of property-fee collection plans (物业费收缴).",
        discussion: """
            Households with payment propensity, trust, hardship, grievances and arrears are stepped month by \
            month under the plan's strategies and phased rollout, over many Monte Carlo replications. \
            Scenarios are YAML files (see Scenarios/); results go to Results/<scenario>/.
            """,
        version: version,
        subcommands: [Run.self, Compare.self, SweepCommand.self, MergeCommand.self, PlanCommand.self, SensitivityCommand.self, CalibrateCommand.self, GoalCommand.self, PilotCommand.self, RobustCommand.self, ImportCommand.self, LedgerCommand.self, PathsCommand.self, Validate.self, Generators.self, Bench.self, ServeCommand.self],
        defaultSubcommand: Run.self
    )

    static func main() {
        FaultInjection.installFromEnvironment()
        main(nil)
    }
}

/// Fault injection for the reliability tests, off unless its environment variables are set:
/// FEESIM_FAULT_KILL_AT=<step> kills the process with SIGKILL at that step of a result folder's commit;
/// FEESIM_FAULT_NO_EXCHANGE=1 makes commits use two renames instead of the atomic exchange;
/// FEESIM_FAULT_DISK_FULL=1 makes every whole-file write into a result folder fail as on a full disk.
enum FaultInjection {
    static func installFromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) {
        if let step = env["FEESIM_FAULT_KILL_AT"] {
            ResultFolder.commitStepHook = { if $0 == step { kill(getpid(), SIGKILL) } }
        }
        if env["FEESIM_FAULT_NO_EXCHANGE"] == "1" { ResultFolder.exchangeDisabled = true }
        if env["FEESIM_FAULT_DISK_FULL"] == "1" { ResultFolder.writeFaultHook = { throw POSIXError(.ENOSPC) } }
    }
}
