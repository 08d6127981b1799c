import FeeSimModel
import FeeSimScenario

/// `feesim validate`'s check of one input file, by its kind (``/FeeSimScenario/InputFileKind``): loaded strictly, every scenario it
/// names compiled, a study's outputs resolved, nothing run.
public enum InputCheck {
    /// A one-line description of the valid file at `path`; throws the first problem (located where the loader can).
    public static func describe(path: String) throws -> String {
        switch InputFileKind.of(path: path) {
        case .comparison:
            let c = try ComparisonFile.load(path: path)
            for l in c.all { _ = try CompiledModel(l.scenario) }
            return "comparison of \(c.baseline.scenario.name) with \(c.variants.count) variants"
        case .robust:
            let r = try RobustSpec.load(path: path)
            for l in r.comparison.all { _ = try CompiledModel(l.scenario) }
            return "robust study of \(r.comparison.variants.count + 1) strategies over \(r.worlds) worlds, "
                + "\(r.parameterNames.count) uncertain parameters"
        case .study:
            let study = try StudySpec.load(path: path)
            let model = try CompiledModel(study.base.scenario)
            for output in study.outputs { _ = try StudyOutput(output, model: model) }
            return "study of \(study.parameterNames.count) parameters and \(study.outputs.count) outputs over "
                + "\(study.base.scenario.name); sweep design \(study.design) with "
                + (study.sweepPointCount.map { "\($0) points" } ?? "too many points")
        case .strategy:
            let loaded = try ScenarioLoader.loadStrategy(path: path)
            _ = try CompiledModel(loaded.scenario)
            return "a strategy for extends: (\(loaded.scenario.rollout.count) phases, checked over a reference community)"
        case .scenario:
            let s = try ScenarioLoader.load(path: path).scenario
            _ = try CompiledModel(s)
            return "\(s.community.households) households, \(s.community.buildings) buildings, \(s.rollout.count) phases, \(s.months) months"
        }
    }
}
