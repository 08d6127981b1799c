import FeeSimModel
import FeeSimScenario
import Foundation

/// A comparison run end to end: a comparison's scenarios with the command's parameter changes, compiled once with
/// the baseline's run settings (so replication r of every strategy sees the same households and luck), the Monte
/// Carlo comparison, and, when asked, the probabilistic comparison over parameter sets drawn from the priors (whole
/// or one shard of it) and the tornado of the strategy with the highest net benefit.
public struct ComparisonStudy: Sendable {
    /// How the probabilistic comparison runs: a comparison file's `uncertainty:` block with the command line's
    /// values in its place.
    public struct Uncertainty: Sendable, Equatable {
        /// Parameter sets drawn from the priors, 2…100000.
        public var sets: Int
        /// Replications per strategy and set (default 20).
        public var replications: Int
        /// Whether to run the tornado of the strategy with the highest expected net benefit.
        public var tornado: Bool
        /// Parameters held at a value.
        public var fixed: [String: Double]

        /// The file's block with the caller's values over it; nil when neither asks for sets. Throws ``InputError``
        /// (field `uncertainty` or `uncertainty-replications`) when a given value is outside
        /// ``UncertaintySettings/setRange`` or ``UncertaintySettings/replicationRange``.
        public init?(file: UncertaintySettings?, sets: Int?, replications: Int?, tornado: Bool, fixes: [ParameterOverride]) throws {
            try InputError.check(sets, in: UncertaintySettings.setRange, field: "uncertainty")
            try InputError.check(replications, in: UncertaintySettings.replicationRange, field: "uncertainty-replications")
            guard let n = sets ?? file?.sets else { return nil }
            var fixed: [String: Double] = [:]
            for (p, v) in file?.fixed ?? [] { fixed[p] = v }
            for f in fixes { fixed[f.path] = f.value }
            self.sets = n
            self.replications = replications ?? file?.replications ?? 20
            self.tornado = tornado && (file?.tornado ?? true)
            self.fixed = fixed
        }
    }

    /// The comparison as loaded (names, descriptions, files, hash).
    public let file: ComparisonFile
    /// Baseline first, each with the parameter changes and the baseline's run settings.
    public let models: [CompiledModel]
    /// The parameter changes every strategy got, as given.
    public let overrides: [ParameterOverride]

    /// Applies `overrides` to every strategy alike (so the comparison stays paired) and compiles each with the
    /// baseline's settings with `settings`' values over them.
    public init(_ file: ComparisonFile, months: Int? = nil, replications: Int? = nil, seed: UInt64? = nil,
                overrides: [ParameterOverride] = []) throws {
        let settings = file.baseline.scenario.settings.overriding(months: months, replications: replications, seed: seed)
        self.file = file
        self.overrides = overrides
        models = try file.all.map { l in
            var s = l.scenario
            try s.apply(overrides)
            return try CompiledModel(s, settings: settings)
        }
    }

    /// The settings every strategy runs with.
    public var settings: RunSettings { models[0].settings }
    public var scenarios: [Scenario] { models.map(\.scenario) }

    /// Checks that every held parameter exists and admits its value, before anything runs.
    public func check(_ uncertainty: Uncertainty) throws {
        for (path, value) in uncertainty.fixed.sorted(by: { $0.key < $1.key }) {
            var probe = scenarios[0]
            try ParameterSpace.resolve(path, in: probe).set(value, in: &probe)
        }
    }

    /// Checks `targets` and the annual discount rate (in [0, 1]) against this study's horizon; ``run(targets:annualDiscountRate:threads:progress:)``
    /// does too, so a caller need only call this to refuse them before anything else. Throws ``InputError``.
    public func check(targets: PlanTargets, annualDiscountRate: Double) throws {
        try targets.check(horizon: settings.months)
        try InputError.check(annualDiscountRate, in: 0...1, field: "discount")
    }

    /// Runs the Monte Carlo comparison. `progress(strategy, done, total)` follows each strategy's replications.
    /// `annualDiscountRate` is a yearly rate in [0, 1], applied monthly. Throws ``InputError`` when it or `targets` are out of
    /// range, or a target month is past the horizon.
    public func run(targets: PlanTargets, annualDiscountRate: Double, threads: Int?,
                    progress: ((String, Int, Int) -> Void)? = nil) throws -> StrategyComparison {
        try check(targets: targets, annualDiscountRate: annualDiscountRate)
        return try Comparison.run(baseline: models[0], challengers: Array(models.dropFirst()), threads: threads,
                                  targets: targets, annualDiscountRate: annualDiscountRate, progress: progress)
    }

    /// Runs the probabilistic comparison's parameter sets (a shard's, or all). `progress(done, total)` follows sets.
    public func runUncertainty(_ u: Uncertainty, shard: Shard = .whole, threads: Int?,
                               progress: ((Int, Int) -> Void)? = nil) throws -> ProbabilisticComparison.Result {
        try ProbabilisticComparison.run(baseline: scenarios[0], challengers: Array(scenarios.dropFirst()), sets: u.sets,
                                        replications: u.replications, seed: settings.seed, fixed: u.fixed,
                                        threads: threads, shard: shard, progress: progress)
    }

    /// The tornado of the strategy with the highest expected net benefit in `result`: its index among the
    /// strategies (baseline 0), net benefit and collection-rate gain with the fixed parameters held, and its bars.
    public func tornado(of result: StrategyComparison, _ u: Uncertainty, threads: Int?)
        throws -> (strategy: Int, netBenefit: Double, rateGain: Double, bars: [Tornado.Bar])? {
        try Tornado.ofBest(result, baseline: scenarios[0], strategies: Array(scenarios.dropFirst()), fixed: u.fixed,
                           replications: u.replications, threads: threads).map { ($0.strategy + 1, $0.netBenefit, $0.rateGain, $0.bars) }
    }

    /// A fingerprint of everything that decides the probabilistic comparison's figures (files, sets, replications,
    /// settings, held parameters, parameter changes, tool version): shards merge only when theirs match.
    public func design(_ u: Uncertainty, toolVersion: String) -> String {
        let fixed = u.fixed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        let text = "\(file.contentHash)|sets=\(u.sets)|replications=\(u.replications)|seed=\(settings.seed)|"
            + "months=\(settings.months)|generator=\(settings.generator)|fixed=\(fixed)|tool=\(toolVersion)|"
            + "set=\(overrides.map(\.description).joined(separator: ";"))"
        return SHA256.hex(of: Data(text.utf8))
    }
}
