import FeeSimModel

/// Summary statistics of a sample: mean, sample standard deviation and the 5%, 50% and 95% quantiles.
///
/// Quantiles interpolate linearly between order statistics (Hyndman & Fan type 7, the default of R, NumPy and
/// GSL's `gsl_stats_quantile_from_sorted_data`). NaN values are left out; an empty sample gives NaN everywhere.
public struct SampleSummary: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var sd: Double
    public var p05: Double
    public var p50: Double
    public var p95: Double

    public init(count: Int, mean: Double, sd: Double, p05: Double, p50: Double, p95: Double) {
        self.count = count
        self.mean = mean
        self.sd = sd
        self.p05 = p05
        self.p50 = p50
        self.p95 = p95
    }

    /// Summarises `values`. O(n log n).
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        let sorted = values.filter { !$0.isNaN }.sorted()
        count = sorted.count
        guard !sorted.isEmpty else {
            mean = .nan; sd = .nan; p05 = .nan; p50 = .nan; p95 = .nan
            return
        }
        // Welford's update: numerically stable and exact for constant samples.
        var m = 0.0, s2 = 0.0
        for (k, x) in sorted.enumerated() {
            let delta = x - m
            m += delta / Double(k + 1)
            s2 += delta * (x - m)
        }
        mean = m
        sd = sorted.count > 1 ? (s2 / Double(sorted.count - 1)).squareRoot() : 0
        p05 = SampleSummary.quantile(sorted: sorted, 0.05)
        p50 = SampleSummary.quantile(sorted: sorted, 0.50)
        p95 = SampleSummary.quantile(sorted: sorted, 0.95)
    }

    /// The type-7 quantile of ascending `sorted` at probability `p` in [0, 1]. O(1).
    public static func quantile(sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lo = WholeNumber.clamped(h, to: 0...(sorted.count - 1), rounding: .down)   // p may come from a file
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

/// Spearman's rank correlation: Pearson's correlation of the ranks (ties get their mean rank). O(n log n).
public enum RankCorrelation {
    public static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] != x[$1] ? x[$0] < x[$1] : $0 < $1 }
        var r = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let mean = Double(i + j) / 2 + 1
            for k in i...j { r[order[k]] = mean }
            i = j + 1
        }
        return r
    }

    /// ρ in [−1, 1]; NaN when either variable is constant or there are fewer than 3 pairs.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count >= 3 else { return .nan }
        let rx = ranks(x), ry = ranks(y)
        let mx = rx.reduce(0, +) / Double(rx.count), my = ry.reduce(0, +) / Double(ry.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(rx, ry) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
    }
}
