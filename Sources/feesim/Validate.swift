import ArgumentParser
import FeeSimModel
import FeeSimScenario

/// `feesim validate`: check scenario files without running them.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario and comparison files strictly (unknown keys, types, ranges) without running them."
    )

    @Argument(help: "Scenario or comparison files (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenarios: [String]

    func run() throws {
        var failures = 0
        for path in scenarios {
            do {
                if ComparisonFile.isComparison(path: path) {
                    let c = try ComparisonFile.load(path: path)
                    for l in [c.baseline] + c.variants { _ = try CompiledModel(l.scenario) }
                    print("ok  \(path): comparison of \(c.baseline.scenario.name) with \(c.variants.count) variants")
                    continue
                }
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
