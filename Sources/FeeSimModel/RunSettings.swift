/// How a scenario is run, apart from what it describes: the horizon, the number of replications, the master seed
/// and the generator. A scenario file gives defaults (``Scenario/settings``); a run may take others
/// (`CompiledModel(scenario, settings:)`) without the scenario being copied and edited.
public struct RunSettings: Sendable, Equatable {
    /// Horizon T in months, in ``monthRange``.
    public var months: Int
    /// Monte Carlo replications, in ``replicationRange``.
    public var replications: Int
    /// Master seed; replication r's streams derive from (seed, r) alone.
    public var seed: UInt64
    /// GSL generator name (for example "mt19937", "taus2").
    public var generator: String

    /// The reference model's defaults (docs/MODEL.md), stated once: 24 months, 100 replications, seed 20261127,
    /// mt19937. A scenario file's own settings replace them.
    public static let reference = RunSettings(months: 24, replications: 100, seed: 20_261_127, generator: "mt19937")

    /// Settings with ``reference``'s values for any not given.
    public init(
        months: Int = reference.months, replications: Int = reference.replications, seed: UInt64 = reference.seed,
        generator: String = reference.generator
    ) {
        self.months = months
        self.replications = replications
        self.seed = seed
        self.generator = generator
    }

    /// Horizons a run may have: 1…1200 months (a century; the model's month counters and arrears ages are sized for it).
    public static let monthRange = 1...1200
    /// Replications a run may have: 1…1,000,000.
    public static let replicationRange = 1...1_000_000

    /// Checks run settings a caller gives (nil: not given) against ``monthRange``, ``replicationRange`` and at least one
    /// worker thread. Throws ``InputError`` (field `months`, `replications` or `threads`). O(1).
    public static func check(months: Int? = nil, replications: Int? = nil, threads: Int? = nil) throws {
        try InputError.check(months, in: monthRange, field: "months")
        try InputError.check(replications, in: replicationRange, field: "replications")
        try InputError.check(threads, in: 1...Int.max, field: "threads")
    }

    /// These settings with each given value in place of its own (nil keeps it). O(1).
    public func overriding(
        months: Int? = nil, replications: Int? = nil, seed: UInt64? = nil,
        generator: String? = nil
    ) -> RunSettings {
        RunSettings(
            months: months ?? self.months, replications: replications ?? self.replications,
            seed: seed ?? self.seed, generator: generator ?? self.generator)
    }
}
