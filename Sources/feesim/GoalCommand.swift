import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim goal`: what value of a parameter would it take for a figure to reach a target.
struct GoalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goal",
        abstract: "What would it take: the smallest value of a parameter at which a figure reaches a target.",
        discussion: """
            Bisection on common random numbers (every evaluation uses the same seed), assuming the figure rises \
            with the parameter; both ends are checked first, and the answer says when even the upper bound does \
            not reach the target. The figure is the mean over replications of a column of replications.csv: \
            target_reached (the share of replications whose 收缴率 of the target window reaches the target, i.e. \
            P(target)), collection_rate_year_1, net_cash_total, … Example: what would co-governance's peer effect \
            have to be for the full plan to reach 90% for months 1–6 with 80% probability:
              feesim goal Scenarios/mixed/full-plan.yaml --parameter levers.cogovernance.peer_multiplier \\
                --figure target_reached --at-least 0.8
            """
    )

    @Argument(help: "Scenario (YAML).", completion: .file(extensions: ["yaml", "yml"])) var scenario: String
    @OptionGroup var overrides: ScenarioOverrides
    @Option(help: "Parameter path to move (see `feesim paths`).") var parameter: String
    @Option(help: "Lower end of the search (default: the scenario's value).") var lower: Double?
    @Option(help: "Upper end of the search (default: the parameter's largest allowed value).") var upper: Double?
    @Option(help: "Figure of replications.csv to raise (its mean over replications).") var figure: String = "target_reached"
    @Option(help: "Value the figure must reach.") var atLeast: Double = 0.8
    @Option(help: "Stop when the bracket is this narrow (default: 1% of the search range).") var tolerance: Double?
    @Option(name: [.short, .long], help: "Replications per evaluation.") var replications: Int = 50
    @Option(help: "Months to simulate (default: the scenario's).") var months: Int?
    @Option(help: "Seed shared by every evaluation (default: the scenario's).") var seed: UInt64?
    @Option(name: [.short, .long], help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(name: [.short, .long], help: "Print no evaluation lines on stderr (the answer still goes to stdout).") var quiet = false

    func validate() throws { try checked { try RunSettings.check(months: months, replications: replications, threads: threads) } }

    func run() throws {
        let base = try overrides.load(scenario).scenario
        let path = try ParameterSpace.resolve(parameter, in: base)
        let (lo, hi) = try GoalSeek.range(of: path, in: base, lower: lower, upper: upper)
        let step = tolerance ?? (hi - lo) / 100
        var evaluations: [(Double, Double)] = []
        let outcome = try GoalSeek.smallest(
            path, in: base, lower: lo, upper: hi, tolerance: step, figure: figure,
            atLeast: atLeast, settings: base.settings.overriding(months: months, replications: replications, seed: seed),
            threads: threads,
            evaluated: { x, value in
                evaluations.append((x, value))
                if !quiet {
                    FileHandle.standardError.write(
                        Data(
                            String(
                                format: "  %@ = %.4g → %@ = %.4g\n", path.path as NSString, x,
                                figure as NSString, value
                            ).utf8))
                }
            })
        print(
            GoalReport(
                scenario: base.name, parameter: path, figure: figure, atLeast: atLeast, replications: replications,
                lower: lo, upper: hi, tolerance: step
            ).markdown(outcome, evaluations: evaluations), terminator: "")
    }
}
