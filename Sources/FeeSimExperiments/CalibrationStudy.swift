import FeeSimModel
import FeeSimScenario

/// A calibration run end to end: the parameters to fit (by path, within search bounds inside what each allows),
/// fitted to an observed monthly series (``Calibration/run(names:lower:upper:start:observations:metric:replications:seed:threads:observedIsMeanOf:maxIterations:build:)``)
/// or to moments (``Calibration/fitMoments(names:lower:upper:start:moments:months:replications:seed:threads:maxIterations:flatThreshold:build:)``),
/// starting from the scenario's values, every evaluation on one seed.
public enum CalibrationStudy {
    /// A parameter to fit and its search bounds, written `PATH=MIN:MAX` (MIN < MAX).
    public struct Bounds: Sendable, Equatable {
        public let path: String
        public let lower: Double
        public let upper: Double

        public init?(parsing text: String) {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let bounds = parts[1].split(separator: ":")
            guard bounds.count == 2, let lo = Double(bounds[0]), let hi = Double(bounds[1]), lo < hi else { return nil }
            (path, lower, upper) = (String(parts[0]), lo, hi)
        }
    }

    /// What the parameters are fitted to.
    public enum Target: Sendable {
        /// An observed series of a monthly metric; `observedMeanOf` communities averaged in each observation.
        case series([Observation], metric: Metric, observedMeanOf: Int)
        /// Figures of replications.csv (horizon metrics) with their targets, over `months` months.
        case moments([Moment], months: Int)
    }

    /// The fit, of the kind of its target.
    public enum Fit: Sendable {
        case series(CalibrationResult)
        case moments(MomentFit)
    }

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

        /// Throws ``ParameterError`` for an unknown path and ``InputError`` for: no bounds or bounds outside what a
        /// parameter allows (field `parameter`); a moment that is not a figure of replications.csv (`target`);
        /// months outside ``RunSettings/monthRange`` (`months`); fewer than 2 replications (`replications`); a series
        /// averaging fewer than one community (`observed-mean-of`); fewer than one iteration (`max-iterations`).
        public init(_ scenario: Scenario, bounds: [Bounds], target: Target, replications: Int, seed: UInt64?,
                    maxIterations: Int) throws {
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
                    throw InputError(field: "target", "'\(m.name)' is not a figure of replications.csv. Allowed: \(known.joined(separator: ", "))")
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

    /// Fits the plan's parameters to its target.
    /// - Complexity: the optimiser's evaluations (at most about `maxIterations` + 2p + 1) × `replications` runs.
    public static func run(_ plan: Plan, threads: Int?) throws -> Fit {
        let (base, paths, bounds) = (plan.scenario, plan.paths, plan.bounds)
        let build: ([Double]) throws -> Scenario = { x in
            var s = base
            for (p, v) in zip(paths, x) { try p.set(p.whole ? v.rounded() : v, in: &s) }
            return s
        }
        let (names, lower, upper, start) = (paths.map(\.path), bounds.map(\.lower), bounds.map(\.upper), paths.map { $0.value(in: base) })
        switch plan.target {
        case .series(let observations, let metric, let meanOf):
            return .series(try Calibration.run(
                names: names, lower: lower, upper: upper, start: start, observations: observations, metric: metric,
                replications: plan.replications, seed: plan.seed, threads: threads, observedIsMeanOf: meanOf,
                maxIterations: plan.maxIterations, build: build))
        case .moments(let moments, let months):
            return .moments(try Calibration.fitMoments(
                names: names, lower: lower, upper: upper, start: start, moments: moments, months: months,
                replications: plan.replications, seed: plan.seed, threads: threads, maxIterations: plan.maxIterations, build: build))
        }
    }
}

extension Moment {
    /// A moment written `NAME=VALUE[:WEIGHT]` (weight ≥ 0, default 1); nil when it is not of that shape.
    public init?(parsing text: String) {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let value = parts[1].split(separator: ":")
        guard (1...2).contains(value.count), let v = Double(value[0]), v.isFinite else { return nil }
        let w = value.count == 2 ? Double(value[1]) : 1
        guard let w, w.isFinite, w >= 0 else { return nil }
        self.init(name: String(parts[0]), target: v, weight: w)
    }
}

extension Metric {
    /// The monthly metric whose column is named `key` (`collection_rate`), or nil.
    public init?(key: String) {
        guard let m = Metric.allCases.first(where: { $0.key == key }) else { return nil }
        self = m
    }
}
