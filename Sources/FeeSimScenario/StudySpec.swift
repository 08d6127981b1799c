import FeeSimModel
import Foundation

/// A sweep or sensitivity study file (YAML):
///
/// ```yaml
/// description: Dunning uplifts and trust weights, mixed community
/// base: ../mixed/full-plan.yaml          # the scenario the parameters are set on (relative to this file)
/// months: 12                             # optional overrides of the base's run settings
/// replications: 10                       # per point
/// seed: 7
/// design: latin_hypercube                # sweeps: grid, latin_hypercube, sobol or halton
/// points: 200                            # (not for a grid: the grid's size is the product of its levels)
/// common_random_numbers: false           # every point the same seed (default: sweeps false, sensitivity true)
/// parameters:
///   behaviour.beta_trust: {min: 1, max: 3}            # a range (grid: add levels: 5)
///   levers.dunning.ladder[2].uplift: {values: [0.3, 0.5, 0.7]}
/// outputs: [collection_rate_year_1, collection_rate@6, total_cost]
/// method: sobol                          # sensitivity: morris, sobol or both
/// samples: 64                            # Sobol base samples N (N·(k + 2) points)
/// trajectories: 20                       # Morris trajectories r (r·(k + 1) points)
/// levels: 4                              # Morris grid levels
/// bootstrap: 500                         # resamples for the intervals
/// ```
public struct StudySpec: Sendable {
    public let name: String
    public let path: String
    public let description: String
    public let base: LoadedScenario
    public let replications: Int
    public let seed: UInt64
    public let design: String
    public let points: Int
    public let commonRandomNumbers: Bool?
    public let parameterNames: [String]
    public let ranges: [StudyRange]
    public let outputs: [String]
    public let method: String
    public let samples: Int
    public let trajectories: Int
    public let levels: Int
    public let bootstrap: Int
    /// SHA-256 over the study file and the base scenario's files.
    public let contentHash: String
    /// `against:` — a second scenario (for example the status quo) run at every point with the same parameter
    /// values (where it has them) and the same random numbers; outputs are then differences, point minus this,
    /// replication by replication: effects rather than levels.
    public var against: LoadedScenario?

    /// A parameter's values: a list or a range (with grid levels).
    public struct StudyRange: Sendable, Equatable {
        public let values: [Double]?
        public let min: Double
        public let max: Double
        public let levels: Int
        public let whole: Bool
    }

    public static let designs = ["grid", "latin_hypercube", "sobol", "halton"]
    public static let methods = ["morris", "sobol", "both"]

    public static func load(path: String) throws -> StudySpec {
        let (data, root) = try SourceNode.load(path: path, what: "study file")
        var r = try MappingReader(root, path: "")
        let description = try r.string("description", default: "")
        guard let baseNode = r.value("base"), case .scalar = baseNode.value else {
            throw r.missing("base", "the path of the scenario the study varies")
        }
        let project = InputFile.root(of: path)
        var base = try ScenarioLoader.loadReference(baseNode, keyPath: "base", root: project)
        var scenario = base.scenario
        if let months = try r.optionalInt("months", .whole(in: RunSettings.monthRange)) { scenario.months = months }
        let replications = try r.int("replications", .whole(in: RunSettings.replicationRange), default: 10)
        var seed = scenario.seed
        if let v = try r.seed("seed") { seed = v }
        base = LoadedScenario(scenario: scenario, files: base.files, contentHash: base.contentHash)
        let design = try r.string("design", default: "latin_hypercube")
        if let node = r.value("design"), !designs.contains(design) {
            throw ScenarioError(
                location: node.location, keyPath: "design", value: design,
                problem: "expected one of \(designs.joined(separator: ", "))")
        }
        let points = try r.int("points", .wholeAtLeast(1, atMost: 10_000_000), default: 100)
        var crn: Bool?
        if r.isPresent("common_random_numbers") {
            crn = try r.bool("common_random_numbers", default: false)
        } else {
            _ = r.value("common_random_numbers")
        }
        guard let paramNode = r.value("parameters") else {
            throw r.missing("parameters", "a mapping of parameter paths to {min, max} or {values: […]}")
        }
        let (names, ranges) = try readParameters(paramNode, scenario: scenario)
        guard !names.isEmpty else { throw r.missing("parameters", "at least one parameter") }
        guard
            let outputs = try r.sequence("outputs")?.map({ node -> String in
                guard case .scalar(let s, _) = node.value else {
                    throw ScenarioError(location: node.location, keyPath: "outputs", value: node.preview, problem: "expected output names")
                }
                return s
            }), !outputs.isEmpty
        else { throw r.missing("outputs", "a list of output names, for example [collection_rate_year_1]") }
        let method = try r.string("method", default: "both")
        if let node = r.value("method"), !methods.contains(method) {
            throw ScenarioError(
                location: node.location, keyPath: "method", value: method,
                problem: "expected one of \(methods.joined(separator: ", "))")
        }
        let samples = try r.int("samples", .wholeAtLeast(2, atMost: 1_000_000), default: 64)
        let trajectories = try r.int("trajectories", .wholeAtLeast(2, atMost: 100_000), default: 20)
        let levels = try r.int("levels", .wholeAtLeast(2, atMost: 100), default: 4)
        let bootstrap = try r.int("bootstrap", .wholeAtLeast(0, atMost: 100_000), default: 500)
        var against: LoadedScenario?
        if let node = r.value("against") {
            guard case .scalar(let other, _) = node.value, !other.isEmpty else {
                throw ScenarioError(
                    location: node.location, keyPath: "against", value: node.preview,
                    problem: "expected the path of the scenario to take differences against")
            }
            var loaded = try ScenarioLoader.loadReference(node, keyPath: "against", root: project)
            var s = loaded.scenario
            s.months = scenario.months
            loaded = LoadedScenario(scenario: s, files: loaded.files, contentHash: loaded.contentHash)
            against = loaded
            if against!.scenario.community != scenario.community {
                throw ScenarioError(
                    location: node.location, keyPath: "against", value: other,
                    problem: "must be over the same community as base (households are paired by index)")
            }
        }
        try r.finish()
        var bytes = data
        bytes.append(Data(base.contentHash.utf8))
        if let against { bytes.append(Data(against.contentHash.utf8)) }
        var spec = StudySpec(
            name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, path: path,
            description: description, base: base, replications: replications, seed: seed, design: design,
            points: points, commonRandomNumbers: crn, parameterNames: names, ranges: ranges, outputs: outputs,
            method: method, samples: samples, trajectories: trajectories, levels: levels, bootstrap: bootstrap,
            contentHash: SHA256.hex(of: bytes))
        spec.against = against
        return spec
    }

    /// Reads a `parameters:` mapping of paths to `{min, max[, levels]}` or `{values: […]}`, checked against what
    /// each path allows in `scenario`.
    static func readParameters(_ paramNode: SourceNode, scenario: Scenario) throws -> ([String], [StudyRange]) {
        var params = try MappingReader(paramNode, path: "parameters")
        var names: [String] = [], ranges: [StudyRange] = []
        for key in params.keys {
            let entryNode = try params.present(key, expected: "a range {min:, max:} or a list {values: […]}")
            let parameter: ParameterPath
            do {
                parameter = try ParameterSpace.resolve(key, in: scenario)
            } catch let e as ParameterError {
                throw ScenarioError(location: entryNode.location, keyPath: "parameters.\(key)", value: nil, problem: e.message)
            }
            var range = try MappingReader(entryNode, path: "parameters.\(key)")
            let rule = parameter.range
            var values: [Double]?
            if let list = try range.sequence("values") {
                values = try list.enumerated().map { k, n in
                    try MappingReader.number(n, path: "parameters.\(key).values[\(k)]", rule)
                }
                if values!.isEmpty { throw range.missing("values", "at least one value") }
            }
            let lo = try range.optionalDouble("min", rule), hi = try range.optionalDouble("max", rule)
            let levels = try range.int("levels", .wholeAtLeast(1, atMost: 1000), default: 5)
            try range.finish()
            if values == nil {
                guard let lo, let hi else { throw range.missing(lo == nil ? "min" : "max", "a range {min, max} or a list {values: […]}") }
                guard lo <= hi else {
                    throw ScenarioError(
                        location: entryNode.location, keyPath: "parameters.\(key)", value: "min \(lo) > max \(hi)",
                        problem: "min must not exceed max")
                }
            }
            names.append(parameter.path)
            ranges.append(StudyRange(values: values, min: lo ?? 0, max: hi ?? 0, levels: levels, whole: parameter.whole))
        }
        try params.finish()
        return (names, ranges)
    }

    /// The base scenario with the study's parameters set to `values` (in `parameterNames` order).
    public func scenario(with values: [Double]) throws -> Scenario {
        var s = base.scenario
        for (name, v) in zip(parameterNames, values) { try ParameterSpace.resolve(name, in: s).set(v, in: &s) }
        return s
    }

    /// The `against:` scenario with the study's parameters set to `values` where it has them (a parameter of a
    /// lever it does not run, or a rung it lacks, is left alone), or nil without `against:`.
    public func againstScenario(with values: [Double]) throws -> Scenario? {
        guard var s = against?.scenario else { return nil }
        for (name, v) in zip(parameterNames, values) {
            if let p = try? ParameterSpace.resolve(name, in: s) { try p.set(v, in: &s) }
        }
        return s
    }
}
