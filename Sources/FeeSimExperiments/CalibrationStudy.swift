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

    /// Fits `bounds`' parameters of `base` to `target`. Throws ``ParameterError`` for an unknown path and
    /// ``InputError`` (field `parameter`) for bounds outside what a parameter allows, before anything runs.
    /// - Complexity: the optimiser's evaluations (at most about `maxIterations` + 2p + 1) × `replications` runs.
    public static func run(_ base: Scenario, bounds: [Bounds], target: Target, replications: Int, seed: UInt64,
                           threads: Int?, maxIterations: Int) throws -> Fit {
        let paths = try bounds.map { try ParameterSpace.resolve($0.path, in: base) }
        for (p, b) in zip(paths, bounds) where b.lower < (p.lower ?? -.infinity) || b.upper > (p.upper ?? .infinity) {
            throw InputError(field: "parameter", "\(b.path): bounds \(b.lower):\(b.upper) go outside what it allows (\(p.allowed))")
        }
        let build: ([Double]) throws -> Scenario = { x in
            var s = base
            for (p, v) in zip(paths, x) { try p.set(p.whole ? v.rounded() : v, in: &s) }
            return s
        }
        let (names, lower, upper, start) = (paths.map(\.path), bounds.map(\.lower), bounds.map(\.upper), paths.map { $0.value(in: base) })
        switch target {
        case .series(let observations, let metric, let meanOf):
            return .series(try Calibration.run(
                names: names, lower: lower, upper: upper, start: start, observations: observations, metric: metric,
                replications: replications, seed: seed, threads: threads, observedIsMeanOf: meanOf,
                maxIterations: maxIterations, build: build))
        case .moments(let moments, let months):
            return .moments(try Calibration.fitMoments(
                names: names, lower: lower, upper: upper, start: start, moments: moments, months: months,
                replications: replications, seed: seed, threads: threads, maxIterations: maxIterations, build: build))
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
