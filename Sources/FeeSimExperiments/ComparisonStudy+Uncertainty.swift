import FeeSimModel
import FeeSimScenario

extension ComparisonStudy {
    /// How the probabilistic comparison runs: a comparison file's `uncertainty:` block with the command line's
    /// values in its place.
    public struct Uncertainty: Sendable, Equatable {
        /// Parameter sets drawn, 2…100000.
        public var sets: Int
        /// Replications per strategy and set (default ``/FeeSimScenario/UncertaintySettings/defaultReplications``).
        public var replications: Int
        /// Whether to run the tornado of the strategy with the highest expected net benefit.
        public var tornado: Bool
        /// Parameters held at a value.
        public var fixed: [String: Double]
        /// Where the parameter sets come from: the caller (the command line) sets it from the comparison's posterior
        /// sample, `--posterior` or `--from-priors`; every uncertain parameter from its prior until it does.
        public var source: ProbabilisticComparison.Source = .priors

        /// The file's block with the caller's values over it; nil when neither asks for sets. Throws ``/FeeSimModel/InputError``
        /// (field `uncertainty` or `uncertainty-replications`) when a given value is outside
        /// ``/FeeSimScenario/UncertaintySettings/setRange`` or ``/FeeSimScenario/UncertaintySettings/replicationRange``.
        public init?(file: UncertaintySettings?, sets: Int?, replications: Int?, tornado: Bool, fixes: [ParameterOverride]) throws {
            try InputError.check(sets, in: UncertaintySettings.setRange, field: "uncertainty")
            try InputError.check(replications, in: UncertaintySettings.replicationRange, field: "uncertainty-replications")
            guard let n = sets ?? file?.sets else { return nil }
            var fixed: [String: Double] = [:]
            for (p, v) in file?.fixed ?? [] { fixed[p] = v }
            for f in fixes { fixed[f.path] = f.value }
            self.sets = n
            self.replications = replications ?? file?.replications ?? UncertaintySettings.defaultReplications
            self.tornado = tornado && (file?.tornado ?? true)
            self.fixed = fixed
        }
    }
}
