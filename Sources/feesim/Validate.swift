import ArgumentParser
import FeeSimExperiments

/// `feesim validate`: check scenario files without running them.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario, comparison, study and robust-study files strictly (unknown keys, types, ranges) without running them.",
        discussion:
            "The kind of each file is told from its keys: baseline: (comparison), comparison: and worlds: (robust study), base: and parameters: (sweep or sensitivity study), rollout: without community: or extends: (a shared strategy, checked over a reference community), else a scenario."
    )

    @Argument(help: "Scenario, comparison, study or robust-study files (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenarios: [String]

    func run() throws {
        var failures = 0
        for path in scenarios {
            do {
                print("ok  \(path): " + (try InputCheck.describe(path: path)))
            } catch {
                failures += 1
                print("bad \(error)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
