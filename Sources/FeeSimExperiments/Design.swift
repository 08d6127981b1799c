import FeeSimModel
import GSLKit

/// The values one swept parameter may take: a list, or a range [min, max] (with `levels` for a grid).
public struct ParameterRange: Sendable, Equatable {
    public var name: String
    public var values: [Double]?
    public var min: Double
    public var max: Double
    /// Grid levels for a range (evenly spaced, both ends included).
    public var levels: Int
    /// Round to whole numbers (for counts such as months).
    public var whole: Bool

    public init(name: String, values: [Double]? = nil, min: Double = 0, max: Double = 1, levels: Int = 5, whole: Bool = false) {
        self.name = name
        self.values = values
        self.min = min
        self.max = max
        self.levels = levels
        self.whole = whole
    }

    /// The parameter value at unit coordinate u in [0, 1). O(1).
    public func value(at u: Double) -> Double {
        if let values { return values[Swift.min(values.count - 1, Int(u * Double(values.count)))] }
        let x = min + u * (max - min)
        return whole ? x.rounded() : x
    }

    /// The grid values: the list, or `levels` evenly spaced values from min to max.
    public var gridValues: [Double] {
        if let values { return values }
        if levels <= 1 { return [min] }
        return (0..<levels).map { k in
            let x = min + Double(k) / Double(levels - 1) * (max - min)
            return whole ? x.rounded() : x
        }
    }
}

/// How the points of a sweep are laid out over the parameters' ranges.
public enum DesignKind: String, CaseIterable, Sendable {
    /// Every combination of every parameter's grid values (the count is their product).
    case grid
    /// Latin hypercube: each parameter's range cut into `points` strata, each stratum used once.
    case latinHypercube = "latin_hypercube"
    /// GSL's Sobol sequence (up to 40 parameters).
    case sobol
    /// GSL's Halton sequence.
    case halton
}

/// Sweep designs: the list of points (one value per parameter), in a fixed order that gives every point a
/// stable id (its index).
public enum Design {
    /// The most points a design may have: every point is kept in memory (a few hundred bytes each) and a study of
    /// more would not finish anyway.
    public static let maximumPoints = 10_000_000

    /// How many points a design has, without building it; nil when the count overflows. O(parameters).
    public static func count(_ kind: DesignKind, ranges: [ParameterRange], count: Int) -> Int? {
        guard kind == .grid else { return count }
        var product = 1
        for r in ranges {
            let (p, overflow) = product.multipliedReportingOverflow(by: r.values?.count ?? (r.levels <= 1 ? 1 : r.levels))
            if overflow { return nil }
            product = p
        }
        return product
    }

    /// `count` draws of `parameters` from their priors by Latin hypercube on `seed`: each unit coordinate mapped
    /// through the prior's inverse CDF, whole-number parameters rounded. Every parameter must have a prior.
    /// [draw][parameter]. O(count · parameters).
    public static func priorDraws(_ parameters: [ParameterPath], count: Int, seed: UInt64) throws -> [[Double]] {
        let units = try points(.latinHypercube, ranges: parameters.map { ParameterRange(name: $0.path) }, count: count, seed: seed)
        return units.map { u in
            zip(parameters, u).map { p, x in
                let v = p.prior!.quantile(x)
                return p.whole ? v.rounded() : v
            }
        }
    }

    /// Points of a design. `count` is ignored for a grid. `seed` drives the Latin hypercube's shuffles.
    /// - Complexity: O(points · parameters).
    public static func points(_ kind: DesignKind, ranges: [ParameterRange], count: Int, seed: UInt64) throws -> [[Double]] {
        guard let n = self.count(kind, ranges: ranges, count: count), n <= maximumPoints else {
            throw ShardError(
                message: "the \(kind.rawValue) design has "
                    + (self.count(kind, ranges: ranges, count: count).map { "\($0)" } ?? "more than 2⁶³")
                    + " points; at most \(maximumPoints) fit in memory: use fewer levels or a Latin hypercube")
        }
        switch kind {
        case .grid:
            var out: [[Double]] = [[]]
            for range in ranges {   // the first parameter varies slowest
                out = out.flatMap { prefix in range.gridValues.map { prefix + [$0] } }
            }
            return out
        case .latinHypercube:
            let rng = try RandomStream(
                generator: "mt19937", seed: SeedSequence.seed(master: seed, replication: 0, stream: StreamIDs.latinHypercube))
            var columns: [[Double]] = []
            for _ in ranges {
                var strata = (0..<count).map { Int32($0) }
                rng.shuffle(&strata)
                columns.append(strata.map { (Double($0) + rng.uniform()) / Double(count) })
            }
            return (0..<count).map { i in ranges.indices.map { ranges[$0].value(at: columns[$0][i]) } }
        case .sobol, .halton:
            let q = try QuasiRandomSequence(kind == .sobol ? .sobol : .halton, dimension: max(1, ranges.count))
            return try (0..<count).map { _ in
                let u = try q.next()
                return ranges.indices.map { ranges[$0].value(at: u[$0]) }
            }
        }
    }
}
