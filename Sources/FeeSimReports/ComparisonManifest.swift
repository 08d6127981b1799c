import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

public struct ComparisonManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    public var gslVersion: String
    public var comparison: String
    public var variants: [String]
    public var scenarioFiles: [String]
    public var sha256: String
    public var seed: UInt64
    public var generator: String
    public var replications: Int
    public var months: Int
    public var threads: Int
    public var language: String
    public var discountRate: Double
    public var startTime: String
    /// The whole job's wall time, seconds: every part below, from the first replication to the files' writing.
    public var wallTimeSeconds: Double
    /// Each part's wall time, seconds: `comparison` (the Monte Carlo comparison), and with a probabilistic comparison
    /// `probabilistic` (its parameter sets, or reading and merging their shards: `probabilistic_merge`) and
    /// `tornado_and_value_of_information`. Empty where the caller timed no parts.
    public var wallTimePartsSeconds: [String: Double] = [:]
    /// `--set PATH=VALUE` options applied to every strategy.
    public var overrides: [String] = []
    /// The probabilistic comparison's settings, when one ran: parameter sets, replications per set and strategy,
    /// whether the tornado ran, and the parameters held at a value.
    public var uncertainty: UncertaintySettingsRecord?
    /// SHA-256 of every file written beside this manifest, by file name.
    public var files: [String: String] = [:]

    /// ``/FeeSimExperiments/ComparisonStudy/Uncertainty`` as the manifest records it.
    public struct UncertaintySettingsRecord: Codable, Sendable, Equatable {
        public var sets: Int
        public var replications: Int
        public var tornado: Bool
        public var fixed: [String: Double]
        /// Where the parameter sets come from: `posterior` (the calibrated parameters from a posterior sample, the
        /// rest from priors), `priors` (asked for) or `priors_no_posterior` (no sample where one was looked for).
        public var draws: String = "priors"
        /// The posterior sample drawn from (path relative to the project, SHA-256, rows, effective sample size), or
        /// with `priors_no_posterior` the path looked for (`file` only).
        public var posterior: PosteriorRecord?
        /// The parameters drawn from the posterior sample, from priors, and held at the calibration's values.
        public var calibrated: [String] = []
        public var assumptions: [String] = []
        public var held: [String] = []

        enum CodingKeys: String, CodingKey {
            case sets, replications, tornado, fixed, draws, posterior, calibrated, assumptions, held
        }
    }

    /// The posterior sample a probabilistic comparison drew from.
    public struct PosteriorRecord: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String?
        public var rows: Int?
        public var effectiveSampleSize: Double?

        enum CodingKeys: String, CodingKey {
            case file, sha256, rows, effectiveSampleSize = "effective_sample_size"
        }
    }

    public init(
        toolVersion: String, gslVersion: String, comparison: String, variants: [String], scenarioFiles: [String],
        sha256: String, seed: UInt64, generator: String, replications: Int, months: Int, threads: Int,
        language: String, discountRate: Double, startTime: String, wallTimeSeconds: Double
    ) {
        self.toolVersion = toolVersion
        self.gslVersion = gslVersion
        self.comparison = comparison
        self.variants = variants
        self.scenarioFiles = scenarioFiles
        self.sha256 = sha256
        self.seed = seed
        self.generator = generator
        self.replications = replications
        self.months = months
        self.threads = threads
        self.language = language
        self.discountRate = discountRate
        self.startTime = startTime
        self.wallTimeSeconds = wallTimeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", gslVersion = "gsl_version", comparison, variants
        case scenarioFiles = "scenario_files", sha256 = "sha256", seed, generator, replications, months, threads
        case language, discountRate = "annual_discount_rate", startTime = "start_time", wallTimeSeconds = "wall_time_seconds"
        case wallTimePartsSeconds = "wall_time_parts_seconds", overrides, uncertainty, files
    }

}

extension ComparisonManifest {
    /// How `study` ran: its files, strategies and settings, the parameter changes it got, and this run's clock.
    public init(
        _ study: ComparisonStudy, comparison: String, context: ComparisonContext, gslVersion: String, threads: Int?,
        language: Language, discountRate: Double, start: Date, wallTimeSeconds: Double
    ) {
        let settings = study.settings
        self.init(
            toolVersion: context.toolVersion, gslVersion: gslVersion, comparison: comparison,
            variants: study.scenarios.map(\.name), scenarioFiles: context.scenarioFiles.map(ProjectPath.relative),
            sha256: context.contentHash,
            seed: settings.seed, generator: settings.generator, replications: settings.replications,
            months: settings.months, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
            language: language.rawValue, discountRate: discountRate,
            startTime: ISO8601DateFormatter().string(from: start), wallTimeSeconds: (wallTimeSeconds * 1000).rounded() / 1000)
        overrides = study.overrides.map(\.description)
    }

    /// Records the probabilistic comparison's settings and where its draws came from; `origin` (the analysis's)
    /// adds which parameters were calibrated, assumed or held.
    public mutating func record(_ u: ComparisonStudy.Uncertainty?, origin: UncertaintyAnalysis.Origin? = nil) {
        uncertainty = u.map {
            var r = UncertaintySettingsRecord(sets: $0.sets, replications: $0.replications, tornado: $0.tornado, fixed: $0.fixed)
            switch $0.source {
            case .priors: r.draws = "priors"
            case .priorsWithoutPosterior(let expected):
                r.draws = "priors_no_posterior"
                r.posterior = PosteriorRecord(file: expected)
            case .posterior(let sample):
                r.draws = "posterior"
                r.posterior = PosteriorRecord(
                    file: ProjectPath.relative(sample.path), sha256: sample.contentHash, rows: sample.values.count,
                    effectiveSampleSize: (sample.effectiveSampleSize * 10).rounded() / 10)
            }
            r.calibrated = origin?.calibrated ?? []
            r.assumptions = origin?.assumptions ?? []
            r.held = origin?.held ?? []
            return r
        }
    }

    /// Records the whole job's wall time and its parts' (seconds, kept to the millisecond).
    public mutating func timed(total: Double, parts: [String: Double]) {
        wallTimeSeconds = (total * 1000).rounded() / 1000
        wallTimePartsSeconds = parts.mapValues { ($0 * 1000).rounded() / 1000 }
    }
}
