import ArgumentParser
import FeeSimModel
import FeeSimScenario

/// `feesim validate`: check scenario files without running them.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files strictly (unknown keys, types, ranges) without running them."
    )

    @Argument(help: "Scenario files (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenarios: [String]

    func run() throws {
        var failures = 0
        for path in scenarios {
            do {
                let loaded = try ScenarioLoader.load(path: path)
                _ = try CompiledModel(loaded.scenario)
                let s = loaded.scenario
                print("ok  \(path): \(s.community.households) households, \(s.community.buildings) buildings, "
                      + "\(s.rollout.count) phases, \(s.months) months")
            } catch {
                failures += 1
                print("bad \(error)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
