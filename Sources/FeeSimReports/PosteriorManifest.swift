import FeeSimExperiments
import FeeSimScenario
import Foundation

/// How a posterior calibration ran (`manifest.json` beside its diagnostics).
public struct PosteriorManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    public var scenario: String
    public var scenarioSHA256: String
    public var targets: String
    public var targetsSHA256: String
    public var posteriorFile: String
    public var parameters: [String]
    public var targetNames: [String]
    public var particles: Int
    public var replications: Int
    public var months: Int
    public var seed: UInt64
    public var waves: Int
    public var simulations: Int
    public var ess: Double
    public var mergedFromShards: Bool
    /// The whole job's wall time, seconds: the process that sampled every wave, or with `--merge-shards` the
    /// process that merged the last wave (the shards' own times are not added).
    public var wallTimeSeconds: Double
    public var overrides: [String]
    /// Every file read (the scenario's files, the targets file), relative to the project → its SHA-256.
    public var inputs: [String: String]

    /// How `plan` ran: the scenario at `scenarioPath` (its hash, its files `scenarioFiles`), the targets file, the
    /// sample written to `posteriorFile`. Paths are recorded relative to the project.
    /// - Throws: ``ResultFolderError`` when an input file can no longer be read.
    public init(
        _ plan: PosteriorStudy.Plan, posterior: Posterior, scenarioPath: String, scenarioSHA256: String,
        scenarioFiles: [String], posteriorFile: String, overrides: [ParameterOverride], mergedFromShards: Bool,
        wallTimeSeconds: Double, toolVersion: String
    ) throws {
        (self.toolVersion, scenario, self.scenarioSHA256) = (toolVersion, ProjectPath.relative(scenarioPath), scenarioSHA256)
        (targets, targetsSHA256) = (ProjectPath.relative(plan.targets.path), plan.targets.contentHash)
        self.posteriorFile = ProjectPath.relative(posteriorFile)
        inputs = try ProjectPath.hashes(of: scenarioFiles + [plan.targets.path])
        (parameters, targetNames) = (plan.problem.names, plan.problem.targetNames)
        (particles, replications, months, seed) = (plan.settings.particles, plan.settings.replications, plan.months, plan.settings.seed)
        (waves, simulations, ess) = (posterior.waves.count, posterior.simulations, posterior.ess)
        (self.mergedFromShards, self.wallTimeSeconds) = (mergedFromShards, wallTimeSeconds)
        self.overrides = overrides.map(\.description)
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", scenario, scenarioSHA256 = "scenario_sha256", targets
        case targetsSHA256 = "targets_sha256", posteriorFile = "posterior_file", parameters, targetNames = "target_names"
        case particles, replications, months, seed, waves, simulations, ess, mergedFromShards = "merged_from_shards"
        case wallTimeSeconds = "wall_time_seconds", overrides, inputs
    }
}
