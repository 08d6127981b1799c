import FeeSimModel
import Foundation

/// A community's calibration targets and what is calibrated to them: the file beside the community
/// (`Scenarios/<community>/targets.yaml`) that `feesim calibrate --targets` reads.
///
/// ```yaml
/// months: 36                                   # each simulation's horizon (covers every target's year)
/// targets:                                     # horizon figures of replications.csv, observed once
///   collection_rate_year_1: {value: 0.60, sd: 0.02, source: "the plan, §7.2"}
///   owing_share_year_1: {value: 0.42, sd: 0.06, source: assumption, range: [0.30, 0.55]}
/// parameters:                                  # calibrated, each with a uniform prior on [min, max]
///   behaviour.grievance_entry: {min: 0.002, max: 0.08}
/// posterior: {particles: 400, replications: 8, waves: 5, seed: 20261127}
/// ```
///
/// A target's `sd` is its measurement uncertainty (one standard deviation); a target that no source gives is
/// written `source: assumption` with the `range` it is believed to lie in. Every problem is a ``ScenarioError``
/// with file, line, key, the bad value and what is allowed.
public struct CalibrationTargets: Sendable, Equatable {
    /// One observed figure.
    public struct Target: Sendable, Equatable {
        /// A per-replication horizon figure (``/FeeSimModel/HorizonMetrics/columnNames``), e.g. `collection_rate_year_1`.
        public let name: String
        public let value: Double
        /// Measurement uncertainty, one standard deviation (> 0).
        public let sd: Double
        /// Where the value comes from, or "assumption".
        public let source: String
        /// The plausible range of an assumption (nil for a sourced figure).
        public let range: ClosedRange<Double>?

        public var isAssumption: Bool { source == CalibrationTargets.assumption }

        public init(name: String, value: Double, sd: Double, source: String, range: ClosedRange<Double>? = nil) {
            (self.name, self.value, self.sd, self.source, self.range) = (name, value, sd, source, range)
        }
    }

    /// A calibrated parameter and its prior, uniform on [lower, upper] (inside what the parameter allows).
    public struct Parameter: Sendable, Equatable {
        public let path: String
        public let lower: Double
        public let upper: Double
        public init(path: String, lower: Double, upper: Double) { (self.path, self.lower, self.upper) = (path, lower, upper) }
    }

    /// How the posterior is sampled (each can be overridden on the command line).
    public struct Sampling: Sendable, Equatable {
        /// Parameter sets simulated per wave.
        public var particles: Int
        /// Replications per parameter set (common random numbers: the same seeds for every set).
        public var replications: Int
        /// Waves at most (the last one always targets the full posterior).
        public var waves: Int
        public var seed: UInt64
        public init(particles: Int = 400, replications: Int = 8, waves: Int = 5, seed: UInt64 = 20261127) {
            (self.particles, self.replications, self.waves, self.seed) = (particles, replications, waves, seed)
        }
        public static let particleRange = 20...100_000
        public static let waveRange = 1...20
    }

    /// The word that marks a target no source gives.
    public static let assumption = "assumption"

    /// The file it was read from, and its community (the folder's name).
    public let path: String
    public let community: String
    public let months: Int
    public let targets: [Target]
    public let parameters: [Parameter]
    public let sampling: Sampling
    /// SHA-256 of the file's bytes.
    public let contentHash: String

    public init(
        path: String, community: String, months: Int, targets: [Target], parameters: [Parameter],
        sampling: Sampling, contentHash: String = ""
    ) {
        (self.path, self.community, self.months, self.targets) = (path, community, months, targets)
        (self.parameters, self.sampling, self.contentHash) = (parameters, sampling, contentHash)
    }

    /// Reads a targets file; `scenario` is the scenario calibrated (its parameter paths are checked against it).
    /// - Throws: ``ScenarioError`` naming the file, line, key, bad value and what is allowed.
    public static func load(path: String, scenario: Scenario) throws -> CalibrationTargets {
        let (data, root) = try SourceNode.load(path: path, what: "targets file")
        var r = try MappingReader(root, path: "")
        let months = try r.int("months", .whole(in: RunSettings.monthRange), default: 36)
        guard let targetNode = r.value("targets") else {
            throw r.missing("targets", "a mapping of horizon figures to {value, sd, source}")
        }
        var t = try MappingReader(targetNode, path: "targets")
        var targets: [Target] = []
        let known = HorizonMetrics.columnNames
        for key in t.keys {
            let node = try t.present(key, expected: "{value, sd, source}")
            guard known.contains(key) else {
                let near = known.filter { $0.hasSuffix("_year_1") }.joined(separator: ", ")
                throw ScenarioError(
                    location: node.location, keyPath: "targets.\(key)", value: key,
                    problem: "not a figure of replications.csv; calibration targets are per-year figures such as \(near) (years 1–3)")
            }
            if let year = key.split(separator: "_").last.flatMap({ Int($0) }), key.contains("_year_"), 12 * year > months {
                throw ScenarioError(
                    location: node.location, keyPath: "targets.\(key)", value: key,
                    problem: "year \(year) ends after the horizon of \(months) months: raise months to at least \(12 * year)")
            }
            var e = try MappingReader(node, path: "targets.\(key)")
            let value = try e.double("value", .between(0, 10))
            let sd = try e.double("sd", .between(0, 1, open: true))
            let source = try e.string("source")
            guard !source.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ScenarioError(
                    location: node.location, keyPath: "targets.\(key).source", value: "(empty)",
                    problem: "expected where the value comes from, or '\(assumption)'")
            }
            var range: ClosedRange<Double>?
            if let list = try e.sequence("range") {
                guard list.count == 2 else {
                    throw ScenarioError(
                        location: node.location, keyPath: "targets.\(key).range", value: "\(list.count) values",
                        problem: "expected [low, high], two numbers")
                }
                let lo = try MappingReader.number(list[0], path: "targets.\(key).range[0]", .between(0, 10))
                let hi = try MappingReader.number(list[1], path: "targets.\(key).range[1]", .between(0, 10))
                guard lo <= value, value <= hi else {
                    throw ScenarioError(
                        location: list[0].location, keyPath: "targets.\(key).range", value: "[\(lo), \(hi)]",
                        problem: "must contain the value \(value): low ≤ value ≤ high")
                }
                range = lo...hi
            }
            if source == assumption, range == nil {
                throw ScenarioError(
                    location: node.location, keyPath: "targets.\(key).range", value: nil,
                    problem: "is required for an assumption: the range [low, high] the value is believed to lie in")
            }
            try e.finish()
            targets.append(Target(name: key, value: value, sd: sd, source: source, range: range))
        }
        guard !targets.isEmpty else { throw r.missing("targets", "at least one target") }

        guard let paramNode = r.value("parameters") else {
            throw r.missing("parameters", "a mapping of calibrated parameter paths to {min, max}")
        }
        var p = try MappingReader(paramNode, path: "parameters")
        var parameters: [Parameter] = []
        for key in p.keys {
            let node = try p.present(key, expected: "a prior range {min, max}")
            let declared: ParameterPath
            do { declared = try ParameterSpace.resolve(key, in: scenario) } catch let error as ParameterError {
                throw ScenarioError(location: node.location, keyPath: "parameters.\(key)", value: key, problem: error.message)
            }
            guard !declared.whole else {
                throw ScenarioError(
                    location: node.location, keyPath: "parameters.\(key)", value: key,
                    problem: "is a whole number; only continuous parameters can be calibrated")
            }
            var b = try MappingReader(node, path: "parameters.\(key)")
            let rule = declared.range
            let lo = try b.double("min", rule), hi = try b.double("max", rule)
            guard lo < hi else {
                throw ScenarioError(
                    location: node.location, keyPath: "parameters.\(key).max", value: "\(hi)",
                    problem: "must be greater than min (\(lo))")
            }
            try b.finish()
            parameters.append(Parameter(path: key, lower: lo, upper: hi))
        }
        guard !parameters.isEmpty else { throw r.missing("parameters", "at least one parameter") }

        var sampling = Sampling(seed: scenario.seed)
        if var s = try r.mapping("posterior") {
            sampling.particles = try s.int("particles", .whole(in: Sampling.particleRange), default: sampling.particles)
            sampling.replications = try s.int(
                "replications", .whole(in: 2...RunSettings.replicationRange.upperBound),
                default: sampling.replications)
            sampling.waves = try s.int("waves", .whole(in: Sampling.waveRange), default: sampling.waves)
            if let seed = try s.seed("seed") { sampling.seed = seed }
            try s.finish()
        }
        try r.finish()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.lastPathComponent
        return CalibrationTargets(
            path: path, community: folder.isEmpty ? "community" : folder, months: months,
            targets: targets, parameters: parameters, sampling: sampling,
            contentHash: SHA256.hex(of: data))
    }
}
