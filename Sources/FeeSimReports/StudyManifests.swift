import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// How a sweep shard ran (`manifest.json`, or `manifest.shard-i-of-N.json`).
public struct SweepManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    /// The study file, relative to the project (``ProjectPath/relative(_:)``).
    public var study: String
    /// SHA-256 over the study file and the scenarios' files (the study's fingerprint).
    public var sha256: String
    /// Every file read (the study file, the base scenario's files, the `against:` scenario's), relative to the
    /// project → the SHA-256 of its bytes.
    public var inputs: [String: String]
    public var design: String
    public var points: Int
    public var replications: Int
    /// Months each point simulates (the study's `months:`, else the base scenario's).
    public var months: Int
    /// The GSL generator every point runs on (the base scenario's).
    public var generator: String
    public var seed: UInt64
    public var parameters: [String]
    public var outputs: [String]
    public var shard: String
    public var commonRandomNumbers: Bool
    /// The `against:` scenario, relative to the project; nil (left out) when outputs are levels.
    public var against: String?
    /// Wall time of the whole process that wrote the points file, seconds (with `--resume`, the resumed process's);
    /// nil (left out) while the shard runs, so a killed shard's manifest has none.
    public var wallTimeSeconds: Double?

    /// How `study` ran in `shard` of its `points` points. Reads the study's input files to hash them.
    /// - Throws: ``ResultFolderError`` when an input file can no longer be read.
    public init(_ study: StudySpec, points: Int, shard: Shard, toolVersion: String, wallTimeSeconds: Double? = nil) throws {
        (self.toolVersion, self.study, sha256, design) = (toolVersion, ProjectPath.relative(study.path), study.contentHash, study.design)
        inputs = try ProjectPath.hashes(of: [study.path] + study.base.files + (study.against?.files ?? []))
        (self.points, replications, seed) = (points, study.replications, study.seed)
        (months, generator) = (study.base.scenario.months, study.base.scenario.settings.generator)
        (parameters, outputs) = (study.parameterNames, study.outputs)
        (self.shard, commonRandomNumbers) = (shard.description, study.commonRandomNumbers ?? false)
        against = study.against?.files.first.map(ProjectPath.relative)
        self.wallTimeSeconds = wallTimeSeconds
    }

    /// The manifest's file name for `shard`: `manifest.json`, or `manifest.shard-i-of-N.json` for one of several.
    public static func fileName(_ shard: Shard) -> String {
        shard.count == 1 ? "manifest.json" : "manifest.shard-\(shard.index)-of-\(shard.count).json"
    }

    /// Writes the manifest into `folder` under ``fileName(_:)`` of its shard, atomically.
    public func write(in folder: URL, shard: Shard) throws {
        let url = folder.appendingPathComponent(Self.fileName(shard))
        try ResultFolderError.wrap("write", url) { try json().write(to: url, options: .atomic) }
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", study, sha256, inputs, design, points, replications, months, generator
        case seed, parameters, outputs, shard, commonRandomNumbers = "common_random_numbers", against
        case wallTimeSeconds = "wall_time_seconds"
    }

}

/// How a sensitivity analysis ran.
public struct SensitivityManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    /// The study file, relative to the project.
    public var study: String
    public var sha256: String
    /// Every file read, relative to the project → the SHA-256 of its bytes (as ``SweepManifest/inputs``).
    public var inputs: [String: String]
    public var method: String
    public var parameters: [String]
    public var outputs: [String]
    public var replications: Int
    /// Months each point simulates, and the GSL generator (the base scenario's).
    public var months: Int
    public var generator: String
    public var seed: UInt64
    public var samples: Int
    public var trajectories: Int
    public var levels: Int
    public var bootstrap: Int
    public var commonRandomNumbers: Bool
    public var points: Int
    /// The `against:` scenario, relative to the project; nil (left out) when outputs are levels.
    public var against: String?
    /// The whole job's wall time, seconds.
    public var wallTimeSeconds: Double

    /// How `study` ran, as `result` says, in `wallTimeSeconds` seconds. Reads the study's input files to hash them.
    /// - Throws: ``ResultFolderError`` when an input file can no longer be read.
    public init(_ study: StudySpec, _ result: SensitivityStudy.Result, wallTimeSeconds: Double, toolVersion: String) throws {
        (self.toolVersion, self.study, sha256, method) = (toolVersion, ProjectPath.relative(study.path), study.contentHash, study.method)
        inputs = try ProjectPath.hashes(of: [study.path] + study.base.files + (study.against?.files ?? []))
        (parameters, outputs, replications, seed) = (study.parameterNames, study.outputs, study.replications, study.seed)
        (months, generator) = (study.base.scenario.months, study.base.scenario.settings.generator)
        (samples, trajectories, levels, bootstrap) = (study.samples, study.trajectories, study.levels, study.bootstrap)
        (commonRandomNumbers, points) = (result.commonRandomNumbers, result.points)
        against = study.against?.files.first.map(ProjectPath.relative)
        self.wallTimeSeconds = wallTimeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", study, sha256, inputs, method, parameters, outputs, replications, months
        case generator, seed, samples, trajectories, levels, bootstrap, commonRandomNumbers = "common_random_numbers"
        case points, against, wallTimeSeconds = "wall_time_seconds"
    }

}

/// How a calibration ran: to an observed series (`observed`, `metric`, `observedMeanOf`) or to moments (`targets`).
public struct CalibrationManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    public var scenario: String
    public var scenarioSHA256: String
    public var observed: String?
    public var metric: String?
    public var observedMeanOf: Int?
    public var targets: [String]?
    public var parameters: [String]
    public var replications: Int
    public var months: Int?
    public var seed: UInt64
    public var evaluations: Int
    public var converged: Bool
    /// The whole job's wall time, seconds.
    public var wallTimeSeconds: Double
    public var overrides: [String]
    /// Every file read (the scenario's files, the observed series), relative to the project → its SHA-256.
    public var inputs: [String: String]

    /// How `plan` ran: the scenario file at `path` (its hash `sha256`, its files `files`: the scenario, what it
    /// extends, its state file) with `overrides` applied, the observed series' file for a series fit, the fit's
    /// evaluations, and the whole job's wall time. Paths are recorded relative to the project.
    /// - Throws: ``ResultFolderError`` when an input file can no longer be read.
    public init(
        _ plan: CalibrationStudy.Plan, fit: CalibrationStudy.Fit, path: String, sha256: String, files: [String],
        observedFile: String?, overrides: [ParameterOverride], wallTimeSeconds: Double, toolVersion: String
    ) throws {
        (self.toolVersion, scenario, scenarioSHA256) = (toolVersion, ProjectPath.relative(path), sha256)
        observed = observedFile.map(ProjectPath.relative)
        inputs = try ProjectPath.hashes(of: files + (observedFile.map { [$0] } ?? []))
        parameters = plan.bounds.map { "\($0.path)=\(CSVFormat.number($0.lower)):\(CSVFormat.number($0.upper))" }
        switch plan.target {
        case .series(_, let metric, let meanOf):
            (self.metric, observedMeanOf) = (metric.key, meanOf)
        case .moments(let moments, let months):
            targets = moments.map { "\($0.name)=\(CSVFormat.number($0.target)):\(CSVFormat.number($0.weight))" }
            self.months = months
        }
        (replications, seed) = (plan.replications, plan.seed)
        switch fit {
        case .series(let r): (evaluations, converged) = (r.evaluations, r.converged)
        case .moments(let f): (evaluations, converged) = (f.evaluations, f.converged)
        }
        self.wallTimeSeconds = wallTimeSeconds
        self.overrides = overrides.map(\.description)
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", scenario, scenarioSHA256 = "scenario_sha256", observed, metric
        case observedMeanOf = "observed_mean_of", targets, parameters, replications, months, seed, evaluations, converged
        case wallTimeSeconds = "wall_time_seconds", overrides, inputs
    }

}

/// How a pilot study ran.
public struct PilotManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    public var challenger: String
    public var sha256: String
    public var replications: Int
    public var alpha: Double
    public var power: Double
    public var treated: [Int]
    public var months: [Int]
    public var seed: UInt64
    public var measured: [String]
    public var narrowingDraws: Int
    public var overrides: [String]
    /// Every file read (the challenger's files: itself, what it extends, its state file), relative to the project
    /// → its SHA-256.
    public var inputs: [String: String]
    /// The whole job's wall time, seconds.
    public var wallTimeSeconds: Double

    /// How `plan` ran: the challenger file at `path` (its content hash, its files `files`) with `overrides` applied,
    /// in `wallTimeSeconds` seconds. Paths are recorded relative to the project.
    /// - Throws: ``ResultFolderError`` when an input file can no longer be read.
    public init(
        _ plan: PilotStudy.Plan, path: String, sha256: String, files: [String], overrides: [ParameterOverride],
        wallTimeSeconds: Double, toolVersion: String
    ) throws {
        self.toolVersion = toolVersion
        self.challenger = ProjectPath.relative(path)
        self.sha256 = sha256
        inputs = try ProjectPath.hashes(of: files)
        self.wallTimeSeconds = wallTimeSeconds
        (replications, alpha, power) = (plan.replications, plan.alpha, plan.targetPower)
        (treated, months, seed) = (plan.treated, plan.months, plan.scenario.seed)
        measured = plan.measured.map(\.path)
        narrowingDraws = plan.measured.isEmpty ? 0 : plan.draws
        self.overrides = overrides.map(\.description)
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", challenger, sha256, replications, alpha, power, treated, months, seed
        case measured, narrowingDraws = "narrowing_draws", overrides, inputs, wallTimeSeconds = "wall_time_seconds"
    }

}

/// How a robust-choice study ran (`manifest.json` beside strategies.csv, worlds.csv and robust.md).
public struct RobustManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    /// The study file and its comparison file, relative to the project.
    public var study: String
    public var comparison: String
    public var sha256: String
    /// Every file read (the study file, the comparison file, every strategy's files), relative to the project →
    /// its SHA-256.
    public var inputs: [String: String]
    public var strategies: [String]
    public var parameters: [String]
    public var worlds: Int
    public var replications: Int
    public var months: Int
    public var seed: UInt64
    public var targetRate: Double
    public var targetMonth: Int
    /// The whole job's wall time, seconds.
    public var wallTimeSeconds: Double

    /// The manifest of `study` as `feesim robust <path>` ran it in `wallTimeSeconds` seconds. Reads its input
    /// files to hash them.
    /// - Throws: ``ResultFolderError`` when an input file can no longer be read.
    public init(_ study: RobustSpec, path: String, wallTimeSeconds: Double, toolVersion: String) throws {
        self.toolVersion = toolVersion
        self.study = ProjectPath.relative(path)
        comparison = ProjectPath.relative(study.comparisonPath)
        sha256 = study.contentHash
        inputs = try ProjectPath.hashes(of: [path, study.comparisonPath] + study.comparison.scenarioFiles)
        strategies = study.comparison.all.map(\.scenario.name)
        parameters = study.parameterNames
        (worlds, replications, months, seed) = (study.worlds, study.replications, study.months, study.seed)
        (targetRate, targetMonth) = (study.targetRate, study.targetMonth)
        self.wallTimeSeconds = wallTimeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", study, comparison, sha256, inputs, strategies, parameters, worlds
        case replications, months, seed, targetRate = "target_rate", targetMonth = "target_month"
        case wallTimeSeconds = "wall_time_seconds"
    }
}
