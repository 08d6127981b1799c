import FeeSimModel
import FeeSimScenario
import Foundation

/// A comparison run end to end: a comparison's scenarios with the command's parameter changes, compiled once with
/// the baseline's run settings (so replication r of every strategy sees the same households and luck). One call,
/// ``run(targets:annualDiscountRate:uncertainty:mergedSets:threads:progress:isCancelled:statusQuo:)``, returns everything a report shows
/// as one ``Result``: the Monte Carlo comparison and, when asked, the probabilistic comparison over parameter sets
/// drawn from the priors, its value of information and the tornado of the strategy with the highest net benefit.
/// A job array's shard runs alone with ``runShard(_:shard:threads:progress:)``.
public struct ComparisonStudy: Sendable {
    /// The comparison as loaded (names, descriptions, files, hash).
    public let file: ComparisonFile
    /// Baseline first, each with the parameter changes and the baseline's run settings.
    public let models: [CompiledModel]
    /// The parameter changes every strategy got, as given.
    public let overrides: [ParameterOverride]

    /// Applies `overrides` to every strategy alike (so the comparison stays paired) and compiles each with the
    /// baseline's settings with `settings`' values over them.
    public init(
        _ file: ComparisonFile, months: Int? = nil, replications: Int? = nil, seed: UInt64? = nil,
        overrides: [ParameterOverride] = []
    ) throws {
        let settings = file.baseline.scenario.settings.overriding(months: months, replications: replications, seed: seed)
        self.file = file
        self.overrides = overrides
        models = try file.all.map { l in
            var s = l.scenario
            try s.apply(overrides)
            return try CompiledModel(s, settings: settings)
        }
    }

    /// A study of scenarios already changed by the caller (the workbench's edited variant): `scenarios` baseline
    /// first, every one compiled with `settings`. Throws ``/FeeSimModel/ModelError`` for a scenario the engine
    /// cannot run.
    public init(_ file: ComparisonFile, scenarios: [Scenario], settings: RunSettings) throws {
        self.file = file
        self.overrides = []
        models = try scenarios.map { try CompiledModel($0, settings: settings) }
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

    /// Checks `targets` and the annual discount rate (in [0, 1]) against this study's horizon; ``run(targets:annualDiscountRate:uncertainty:mergedSets:threads:progress:isCancelled:statusQuo:)``
    /// does too, so a caller need only call this to refuse them before anything else. Throws ``/FeeSimModel/InputError``.
    public func check(targets: PlanTargets, annualDiscountRate: Double) throws {
        try targets.check(horizon: settings.months)
        try InputError.check(annualDiscountRate, in: 0...1, field: "discount")
    }

    /// A fingerprint of everything that decides the probabilistic comparison's figures (files, sets, replications,
    /// settings, held parameters, parameter changes, where the draws come from — priors, or which posterior
    /// sample —, tool version): shards merge only when theirs match.
    public func design(_ u: Uncertainty, toolVersion: String) -> String {
        let fixed = u.fixed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        let text =
            "\(file.contentHash)|sets=\(u.sets)|replications=\(u.replications)|seed=\(settings.seed)|"
            + "months=\(settings.months)|generator=\(settings.generator)|fixed=\(fixed)|tool=\(toolVersion)|"
            + "set=\(overrides.map(\.description).joined(separator: ";"))|draws=\(u.source.fingerprint)"
        return SHA256.hex(of: Data(text.utf8))
    }
}
