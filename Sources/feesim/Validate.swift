import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimScenario

/// `feesim validate`: check scenario files without running them.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario, comparison, study and robust-study files strictly (unknown keys, types, ranges) without running them.",
        discussion: "The kind of each file is told from its keys: baseline: (comparison), comparison: and worlds: (robust study), base: and parameters: (sweep or sensitivity study), rollout: without community: or extends: (a shared strategy, checked over a reference community), else a scenario."
    )

    @Argument(help: "Scenario, comparison, study or robust-study files (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenarios: [String]

    func run() throws {
        var failures = 0
        for path in scenarios {
            do {
                switch InputFileKind.of(path: path) {
                case .comparison:
                    let c = try ComparisonFile.load(path: path)
                    for l in [c.baseline] + c.variants { _ = try CompiledModel(l.scenario) }
                    print("ok  \(path): comparison of \(c.baseline.scenario.name) with \(c.variants.count) variants")
                    continue
                case .robust:
                    let r = try RobustSpec.load(path: path)
                    for l in [r.comparison.baseline] + r.comparison.variants { _ = try CompiledModel(l.scenario) }
                    print("ok  \(path): robust study of \(r.comparison.variants.count + 1) strategies over \(r.worlds) worlds, "
                          + "\(r.parameterNames.count) uncertain parameters")
                    continue
                case .study:
                    let study = try StudySpec.load(path: path)
                    let model = try CompiledModel(study.base.scenario)
                    for output in study.outputs { _ = try StudyOutput(output, model: model) }
                    let points = Design.count(DesignKind(rawValue: study.design)!, ranges: study.parameterRanges, count: study.points)
                    print("ok  \(path): study of \(study.parameterNames.count) parameters and \(study.outputs.count) outputs "
                          + "over \(study.base.scenario.name); sweep design \(study.design) with "
                          + (points.map { "\($0) points" } ?? "too many points"))
                    continue
                case .strategy:
                    let loaded = try ScenarioLoader.loadStrategy(path: path)
                    _ = try CompiledModel(loaded.scenario)
                    print("ok  \(path): a strategy for extends: (\(loaded.scenario.rollout.count) phases, checked over a reference community)")
                    continue
                case .scenario:
                    break
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
