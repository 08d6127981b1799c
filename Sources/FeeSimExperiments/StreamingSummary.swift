/// Summary statistics of a quantity over replications, fed one value at a time in replication order, in
/// memory that stops growing once `exactLimit` values have been seen.
///
/// Up to `exactLimit` values the summary is exact (the same as ``SampleSummary``). Past it, the stored values
/// seed three P² estimators (Jain & Chlamtac 1985) for the 5%, 50% and 95% quantiles and are dropped; mean and
/// sd continue exactly (Welford). Values are fed in replication order, so the result is deterministic.
public struct StreamingSummary: Sendable {
    public let exactLimit: Int
    /// Non-NaN values seen.
    public private(set) var count = 0
    private var mean = 0.0
    private var m2 = 0.0
    private var exact: [Double] = []
    private var sketches: [P2Quantile] = []

    public init(exactLimit: Int) {
        precondition(exactLimit >= 5, "the P² estimator needs at least 5 values to start from")
        self.exactLimit = exactLimit
    }

    /// Whether the quantiles are still exact.
    public var isExact: Bool { sketches.isEmpty }

    /// Adds one value; NaN is skipped. O(1) amortised (O(exactLimit log exactLimit) once, at the switch).
    public mutating func add(_ x: Double) {
        guard !x.isNaN else { return }
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
        if sketches.isEmpty {
            exact.append(x)
            if exact.count > exactLimit {
                let sorted = exact.sorted()
                sketches = [0.05, 0.50, 0.95].map { P2Quantile(p: $0, sorted: sorted) }
                exact = []
            }
        } else {
            for k in sketches.indices { sketches[k].add(x) }
        }
    }

    /// The summary so far.
    public var summary: SampleSummary {
        if sketches.isEmpty { return SampleSummary(exact) }
        return SampleSummary(
            count: count, mean: mean, sd: count > 1 ? (m2 / Double(count - 1)).squareRoot() : 0,
            p05: sketches[0].estimate, p50: sketches[1].estimate, p95: sketches[2].estimate)
    }
}

/// The P² algorithm for one quantile: five markers whose heights track the minimum, p/2, p, (1+p)/2 quantiles
/// and the maximum, adjusted by piecewise-parabolic interpolation. O(1) memory and time per value.
struct P2Quantile: Sendable {
    let p: Double
    private var q: [Double]   // marker heights
    private var n: [Double]   // marker positions (1-based)
    private var desired: [Double]
    private let increment: [Double]

    /// Starts from an ascending sample of at least 5 values, placing the markers at its own quantiles.
    init(p: Double, sorted: [Double]) {
        self.p = p
        let count = Double(sorted.count)
        let probabilities = [0, p / 2, p, (1 + p) / 2, 1]
        increment = probabilities
        desired = probabilities.map { 1 + (count - 1) * $0 }
        // Whole positions from 1 to count, strictly increasing (count ≥ 5 leaves room for all five).
        var positions = desired.map { $0.rounded() }
        positions[0] = 1
        positions[4] = count
        for j in 1...3 { positions[j] = max(positions[j], positions[j - 1] + 1) }
        for j in stride(from: 3, through: 1, by: -1) { positions[j] = min(positions[j], positions[j + 1] - 1) }
        n = positions
        q = positions.map { sorted[Int($0) - 1] }
    }

    var estimate: Double { q[2] }

    mutating func add(_ x: Double) {
        let k: Int
        if x < q[0] {
            q[0] = x; k = 0
        } else if x < q[1] {
            k = 0
        } else if x < q[2] {
            k = 1
        } else if x < q[3] {
            k = 2
        } else if x <= q[4] {
            k = 3
        } else {
            q[4] = x; k = 3
        }
        for j in (k + 1)..<5 { n[j] += 1 }
        for j in 0..<5 { desired[j] += increment[j] }
        for j in 1...3 {
            let d = desired[j] - n[j]
            if (d >= 1 && n[j + 1] - n[j] > 1) || (d <= -1 && n[j - 1] - n[j] < -1) {
                let s: Double = d > 0 ? 1 : -1
                let parabolic =
                    q[j] + s / (n[j + 1] - n[j - 1])
                    * ((n[j] - n[j - 1] + s) * (q[j + 1] - q[j]) / (n[j + 1] - n[j])
                        + (n[j + 1] - n[j] - s) * (q[j] - q[j - 1]) / (n[j] - n[j - 1]))
                if q[j - 1] < parabolic && parabolic < q[j + 1] {
                    q[j] = parabolic
                } else {
                    let other = j + Int(s)
                    q[j] += s * (q[other] - q[j]) / (n[other] - n[j])
                }
                n[j] += s
            }
        }
    }
}
