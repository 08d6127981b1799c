import ArgumentParser
import FeeSimScenario

/// `feesim paths`: every numeric parameter of a scenario, by path, with its value and what it allows.
struct PathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "List a scenario's parameter paths (for sweeps and sensitivity studies) with values and ranges."
    )

    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    func run() throws {
        let s = try CLIError.wrap { try ScenarioLoader.load(path: scenario).scenario }
        for p in ParameterSpace.paths(in: s) {
            let v = p.value(in: s)
            let text = p.whole ? String(Int(v)) : "\(v)"
            print("\(p.path) = \(text)    (\(p.allowed))")
        }
    }
}
