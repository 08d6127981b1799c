import FeeSimModel
import Foundation

/// A robust-choice study: the strategies of a comparison file, evaluated in many sampled worlds.
///
/// ```yaml
/// description: Which strategy holds up when the behaviour parameters are uncertain?
/// comparison: ../mixed/compare.yaml      # baseline and strategies (relative to this file)
/// worlds: 40                             # Latin-hypercube samples of the uncertain parameters
/// replications: 10                       # per strategy and world
/// months: 12
/// seed: 7
/// target: {collection_rate: 0.80, by_month: 12}
/// parameters:                            # uncertain parameters, applied to every strategy
///   behaviour.beta_trust: {min: 1, max: 3}
/// ```
public struct RobustSpec: Sendable {
    public let name: String
    public let description: String
    public let comparison: ComparisonFile
    public let worlds: Int
    public let replications: Int
    public let months: Int
    public let seed: UInt64
    public let targetRate: Double
    public let targetMonth: Int
    public let parameterNames: [String]
    public let ranges: [StudySpec.StudyRange]
    public let contentHash: String
    /// The comparison file's path (as the study's `comparison:` resolves it), for the manifest.
    public var comparisonPath = ""

    public static func load(path: String) throws -> RobustSpec {
        let (data, root) = try SourceNode.load(path: path, what: "study file")
        var r = try MappingReader(root, path: "")
        let description = try r.string("description", default: "")
        guard let cNode = r.value("comparison") else {
            throw r.missing("comparison", "the path of a comparison file (baseline and variants)")
        }
        let cPath = try ScenarioLoader.referencePath(
            cNode, keyPath: "comparison", root: InputFile.root(of: path),
            what: "comparison file")
        guard FileManager.default.fileExists(atPath: cPath) else {
            throw ScenarioError(
                location: cNode.location, keyPath: "comparison", value: cNode.preview,
                problem: "no such comparison file (looked for \(cPath))" + ScenarioLoader.movedHint(cPath))
        }
        let comparison = try ComparisonFile.load(path: cPath)
        let worlds = try r.int("worlds", .wholeAtLeast(2, atMost: 1_000_000), default: 40)
        let replications = try r.int("replications", .whole(in: RunSettings.replicationRange), default: 10)
        let months = try r.int("months", .whole(in: RunSettings.monthRange), default: comparison.baseline.scenario.months)
        var seed = comparison.baseline.scenario.seed
        if let v = try r.seed("seed") { seed = v }
        var rate = 0.9, month = min(12, months)
        if var t = try r.mapping("target") {
            rate = try t.double("collection_rate", .probability, default: rate)
            month = try t.int("by_month", .wholeAtLeast(1, atMost: months), default: month)
            try t.finish()
        }
        guard let paramNode = r.value("parameters") else {
            throw r.missing("parameters", "a mapping of uncertain parameter paths to {min, max}")
        }
        let (names, ranges) = try StudySpec.readParameters(paramNode, scenario: comparison.baseline.scenario)
        for variant in comparison.variants {
            for name in names {
                do { _ = try ParameterSpace.resolve(name, in: variant.scenario) } catch let e as ParameterError {
                    throw ScenarioError(
                        location: paramNode.location, keyPath: "parameters.\(name)", value: nil,
                        problem: "strategy \(variant.scenario.name) has no such parameter: \(e.message)")
                }
            }
        }
        try r.finish()
        var bytes = data
        bytes.append(Data(comparison.contentHash.utf8))
        return RobustSpec(
            name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
            description: description, comparison: comparison, worlds: worlds, replications: replications,
            months: months, seed: seed, targetRate: rate, targetMonth: month, parameterNames: names,
            ranges: ranges, contentHash: SHA256.hex(of: bytes), comparisonPath: cPath)
    }
}
