import FeeSimModel
import FeeSimScenario

extension CalibrationStudy {
    /// A calibration ready to run: what is fitted, to what, and how each evaluation runs; checked before anything runs.
    public struct Plan: Sendable {
        /// The scenario whose parameters are fitted (the search starts from its values).
        public let scenario: Scenario
        public let bounds: [Bounds]
        /// The bounds' parameters, in order.
        public let paths: [ParameterPath]
        public let target: Target
        /// Replications per evaluation, ≥ 2 (a fit needs their standard error).
        public let replications: Int
        /// The seed every evaluation shares (common random numbers).
        public let seed: UInt64
        /// Nelder–Mead iterations at most, ≥ 1.
        public let maxIterations: Int

        /// Throws ``/FeeSimModel/ParameterError`` for an unknown path and ``/FeeSimModel/InputError`` for: no bounds or bounds outside what a
        /// parameter allows (field `parameter`); a moment that is not a figure of replications.csv (`target`);
        /// months outside ``/FeeSimModel/RunSettings/monthRange`` (`months`); fewer than 2 replications (`replications`); a series
        /// averaging fewer than one community (`observed-mean-of`); fewer than one iteration (`max-iterations`).
        public init(
            _ scenario: Scenario, bounds: [Bounds], target: Target, replications: Int, seed: UInt64?,
            maxIterations: Int
        ) throws {
            guard !bounds.isEmpty else { throw InputError(field: "parameter", "is missing: give at least one PATH=MIN:MAX") }
            paths = try bounds.map { try ParameterSpace.resolve($0.path, in: scenario) }
            for (p, b) in zip(paths, bounds) where b.lower < (p.lower ?? -.infinity) || b.upper > (p.upper ?? .infinity) {
                throw InputError(field: "parameter", "\(b.path): bounds \(b.lower):\(b.upper) go outside what it allows (\(p.allowed))")
            }
            switch target {
            case .series(_, _, let meanOf):
                try InputError.check(meanOf, in: 1...Int.max, field: "observed-mean-of")
            case .moments(let moments, let months):
                try InputError.check(months, in: RunSettings.monthRange, field: "months")
                let known = HorizonMetrics.columnNames
                if let m = moments.first(where: { !known.contains($0.name) }) {
                    throw InputError(
                        field: "target", "'\(m.name)' is not a figure of replications.csv. Allowed: \(known.joined(separator: ", "))")
                }
            }
            try InputError.check(replications, in: 2...RunSettings.replicationRange.upperBound, field: "replications")
            try InputError.check(maxIterations, in: 1...Int.max, field: "max-iterations")
            (self.scenario, self.bounds, self.target) = (scenario, bounds, target)
            (self.replications, self.seed, self.maxIterations) = (replications, seed ?? scenario.seed, maxIterations)
        }

        /// What is fitted to, in words: "12 months" of a series, or "3 moments".
        public var targetDescription: String {
            switch target {
            case .series(let o, _, _): o.count == 1 ? "1 month" : "\(o.count) months"
            case .moments(let m, _): m.count == 1 ? "1 moment" : "\(m.count) moments"
            }
        }
    }
}
