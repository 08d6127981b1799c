import ArgumentParser
import FeeSimReports
import FeeSimScenario

/// `feesim paths`: every numeric parameter of a scenario, by path, with its value, unit, range and source.
struct PathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "List a scenario's parameter paths (for sweeps, sensitivity and --parameter) with values, units, ranges and sources.",
        discussion: """
            Each line: path = value unit (allowed range; prior for uncertainty analysis) — source. \
            With --markdown and no scenario, prints the declaration of every parameter as the Markdown tables of \
            docs/MODEL.md.
            """
    )

    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"])) var scenario: String?
    @OptionGroup var overrides: ScenarioOverrides
    @Flag(help: "Print every declared parameter as Markdown tables (no scenario needed).") var markdown = false

    func validate() throws {
        if scenario == nil && !markdown { throw ValidationError("give a scenario file, or --markdown for the declaration tables.") }
    }

    func run() throws {
        if markdown && scenario == nil {
            print(ParameterTable.markdown(), terminator: "")
            return
        }
        let s = try overrides.load(scenario!).scenario
        for line in ParameterSpace.listing(of: s) { print(line) }
    }
}
