import ArgumentParser
import FeeSimReports
import FeeSimScenario
import Foundation

/// The `feesim` command: a thin shell over the FeeSim libraries. Asynchronous so that `feesim serve` runs on
/// Hummingbird's service lifecycle; every other command is synchronous and runs as before.
@main
struct FeeSim: AsyncParsableCommand {
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
        subcommands: [
            Run.self, Compare.self, SweepCommand.self, MergeCommand.self, PlanCommand.self, SensitivityCommand.self, CalibrateCommand.self,
            GoalCommand.self, PilotCommand.self, PilotRecordsCommand.self, UpdateCommand.self, RobustCommand.self, ImportCommand.self,
            LedgerCommand.self, PathsCommand.self,
            Validate.self, Generators.self, Bench.self, ServeCommand.self
        ],
        defaultSubcommand: Run.self
    )

    /// Parses the command line and runs the command (awaited when it is asynchronous); whatever a command's `run()`
    /// throws is shown as one clear line (``CLIError/presenting(_:)``), never a trace.
    static func main() async {
        _ = JobClock.started   // the manifests' wall time is the whole job's, from here
        FaultInjection.installFromEnvironment()
        // Counted before the parser sees them: it takes time quadratic in the number of times an option repeats.
        let sets = CommandLine.arguments.filter { $0 == "--set" || $0.hasPrefix("--set=") }.count
        if sets > ParameterOverride.maximumCount {
            exit(withError: ValidationError("--set is given \(sets) times; at most \(ParameterOverride.maximumCount) are taken."))
        }
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do {
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: CLIError.presenting(error))
        }
    }
}
