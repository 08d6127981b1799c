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
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
