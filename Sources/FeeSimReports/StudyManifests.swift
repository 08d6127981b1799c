import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// How a sweep shard ran (`manifest.json`, or `manifest.shard-i-of-N.json`).
public struct SweepManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    public var study: String
    public var sha256: String
    public var design: String
    public var points: Int
    public var replications: Int
    public var seed: UInt64
    public var parameters: [String]
    public var outputs: [String]
    public var shard: String
    public var commonRandomNumbers: Bool

    /// How `study` ran in `shard` of its `points` points.
    public init(_ study: StudySpec, points: Int, shard: Shard, toolVersion: String) {
        (self.toolVersion, self.study, sha256, design) = (toolVersion, study.path, study.contentHash, study.design)
        (self.points, replications, seed) = (points, study.replications, study.seed)
        (parameters, outputs) = (study.parameterNames, study.outputs)
        (self.shard, commonRandomNumbers) = (shard.description, study.commonRandomNumbers ?? false)
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", study, sha256, design, points, replications, seed, parameters, outputs
        case shard, commonRandomNumbers = "common_random_numbers"
    }

}

/// How a sensitivity analysis ran.
public struct SensitivityManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    public var study: String
    public var sha256: String
    public var method: String
    public var parameters: [String]
    public var outputs: [String]
    public var replications: Int
    public var seed: UInt64
    public var samples: Int
    public var trajectories: Int
    public var levels: Int
    public var bootstrap: Int
    public var commonRandomNumbers: Bool
    public var points: Int

    /// How `study` ran, as `result` says.
    public init(_ study: StudySpec, _ result: SensitivityStudy.Result, toolVersion: String) {
        (self.toolVersion, self.study, sha256, method) = (toolVersion, study.path, study.contentHash, study.method)
        (parameters, outputs, replications, seed) = (study.parameterNames, study.outputs, study.replications, study.seed)
        (samples, trajectories, levels, bootstrap) = (study.samples, study.trajectories, study.levels, study.bootstrap)
        (commonRandomNumbers, points) = (result.commonRandomNumbers, result.points)
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", study, sha256, method, parameters, outputs, replications, seed, samples
        case trajectories, levels, bootstrap, commonRandomNumbers = "common_random_numbers", points
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
    public var wallTimeSeconds: Double
    public var overrides: [String]

    /// How `plan` ran: the scenario file at `path` (its hash `sha256`) with `overrides` applied, the observed series'
    /// file for a series fit, the fit's evaluations, and the wall time.
    public init(
        _ plan: CalibrationStudy.Plan, fit: CalibrationStudy.Fit, path: String, sha256: String, observedFile: String?,
        overrides: [ParameterOverride], wallTimeSeconds: Double, toolVersion: String
    ) {
        (self.toolVersion, scenario, scenarioSHA256, observed) = (toolVersion, path, sha256, observedFile)
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
        case wallTimeSeconds = "wall_time_seconds", overrides
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

    /// How `plan` ran: the challenger file at `path` (its content hash) with `overrides` applied.
    public init(_ plan: PilotStudy.Plan, path: String, sha256: String, overrides: [ParameterOverride], toolVersion: String) {
        self.toolVersion = toolVersion
        self.challenger = path
        self.sha256 = sha256
        (replications, alpha, power) = (plan.replications, plan.alpha, plan.targetPower)
        (treated, months, seed) = (plan.treated, plan.months, plan.scenario.seed)
        measured = plan.measured.map(\.path)
        narrowingDraws = plan.measured.isEmpty ? 0 : plan.draws
        self.overrides = overrides.map(\.description)
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", challenger, sha256, replications, alpha, power, treated, months, seed
        case measured, narrowingDraws = "narrowing_draws", overrides
    }

}

/// How a robust-choice study ran (`manifest.json` beside strategies.csv, worlds.csv and robust.md).
public struct RobustManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    public var study: String
    public var sha256: String
    public var strategies: [String]
    public var parameters: [String]
    public var worlds: Int
    public var replications: Int
    public var months: Int
    public var seed: UInt64
    public var targetRate: Double
    public var targetMonth: Int

    /// The manifest of `study` as `feesim robust <path>` ran it.
    public init(_ study: RobustSpec, path: String, toolVersion: String) {
        self.toolVersion = toolVersion
        self.study = path
        sha256 = study.contentHash
        strategies = study.comparison.all.map(\.scenario.name)
        parameters = study.parameterNames
        (worlds, replications, months, seed) = (study.worlds, study.replications, study.months, study.seed)
        (targetRate, targetMonth) = (study.targetRate, study.targetMonth)
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", study, sha256, strategies, parameters, worlds, replications, months, seed
        case targetRate = "target_rate", targetMonth = "target_month"
    }
}
