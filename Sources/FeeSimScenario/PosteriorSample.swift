import Foundation

/// A community's posterior sample as `feesim calibrate --targets` writes it (`Scenarios/<community>/posterior.csv`):
/// `#` header lines, then a row per particle — `particle`, `weight`, the parameter values, then the simulated
/// `mean_…` and `var_…` of each target. Read for its parameters and weights.
public struct PosteriorSample: Sendable, Equatable {
    public let path: String
    /// The calibrated parameters' paths, in column order.
    public let names: [String]
    /// Normalised weights (sum 1), one per particle.
    public let weights: [Double]
    /// values[particle][parameter].
    public let values: [[Double]]
    /// The `#` header lines, without their `# `.
    public let header: [String]

    /// SHA-256 (hex) of the file's bytes; empty for a sample not read from a file.
    public let contentHash: String

    public init(
        path: String, names: [String], weights: [Double], values: [[Double]], header: [String], contentHash: String = ""
    ) {
        (self.path, self.names, self.weights, self.values, self.header) = (path, names, weights, values, header)
        self.contentHash = contentHash
    }

    /// The weighted median of each parameter (the smallest value whose cumulative weight reaches ½).
    public var medians: [Double] { quantiles(0.5) }

    /// The weighted `p`-quantile of each parameter, p in [0, 1]: the smallest value whose cumulative weight reaches
    /// p (ties in value broken by row). O(parameters · particles · log particles).
    public func quantiles(_ p: Double) -> [Double] {
        names.indices.map { j in Self.weightedQuantile(values.map { $0[j] }, weights, p) }
    }

    /// The weighted `q`-quantile of `values`: the smallest value whose cumulative weight (normalised to 1, NaNs
    /// and zero weights left out, ties in row order) reaches `q`; NaN when no weight is left. The one definition
    /// the posterior's diagnostics and its draws use. O(n log n).
    public static func weightedQuantile(_ values: [Double], _ weights: [Double], _ q: Double) -> Double {
        let order = values.indices.filter { !values[$0].isNaN && weights[$0] > 0 }
            .sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
        let total = order.reduce(0) { $0 + weights[$1] }
        guard total > 0 else { return .nan }
        var cumulative = 0.0
        for i in order {
            cumulative += weights[i] / total
            if cumulative >= q - 1e-12 { return values[i] }
        }
        return values[order.last!]
    }

    /// Kish's effective sample size of the distinct particles, 1 / Σ wᵢ², after the weights of rows with equal
    /// values are added up (an ABC-SMC population repeats a particle once per copy it keeps, so its rows overstate
    /// what the sample knows). In [1, rows]. O(particles · log particles · parameters).
    public var effectiveSampleSize: Double { Self.effectiveSampleSize(values: values, weights: weights) }

    /// Kish's effective sample size of `values` (one row per particle) with normalised `weights`, rows with equal
    /// values counted as one particle: the one definition a sample's file and its sampler report.
    /// O(particles · log particles · parameters).
    public static func effectiveSampleSize(values: [[Double]], weights: [Double]) -> Double {
        let order = values.indices.sorted { a, b in
            values[a] != values[b] ? values[a].lexicographicallyPrecedes(values[b]) : a < b
        }
        var total = 0.0, run = 0.0
        for (k, i) in order.enumerated() {
            run += weights[i]
            if k + 1 == order.count || values[order[k + 1]] != values[i] {
                total += run * run
                run = 0
            }
        }
        return total > 0 ? 1 / total : 0
    }

    /// Reads a posterior sample.
    /// - Throws: ``ScenarioError`` naming the file, line, column and what is wrong.
    public static func load(path: String) throws -> PosteriorSample {
        let data = try InputFile.read(
            path, limit: 8 * InputFile.yamlLimit, what: "posterior sample",
            missing: ": run `feesim calibrate SCENARIO --targets TARGETS` to make it")
        func fail(_ line: Int, _ column: String, _ value: String?, _ problem: String) -> ScenarioError {
            ScenarioError(location: SourceLocation(file: path, line: line, column: 1), keyPath: column, value: value, problem: problem)
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var header: [String] = []
        var n = 0
        while n < lines.count, lines[n].hasPrefix("#") {
            header.append(String(lines[n].dropFirst(lines[n].hasPrefix("# ") ? 2 : 1)))
            n += 1
        }
        guard n < lines.count else { throw fail(n, "", nil, "no column names: expected particle,weight,<parameters…>") }
        let columns = lines[n].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard columns.count >= 3, columns[0] == "particle", columns[1] == "weight" else {
            throw fail(n + 1, "", lines[n], "expected the columns particle,weight,<parameter paths…>,mean_…,var_…")
        }
        let names = Array(columns.dropFirst(2).prefix { !$0.hasPrefix("mean_") && !$0.hasPrefix("var_") })
        guard !names.isEmpty else { throw fail(n + 1, "", lines[n], "no parameter columns between weight and mean_…") }
        var weights: [Double] = [], values: [[Double]] = []
        for (k, line) in lines.enumerated().dropFirst(n + 1) where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == columns.count else {
                throw fail(k + 1, "", nil, "\(fields.count) fields where the header has \(columns.count)")
            }
            guard let w = Double(fields[1]), w.isFinite, w >= 0 else {
                throw fail(k + 1, "weight", String(fields[1]), "expected a number ≥ 0")
            }
            var row: [Double] = []
            for j in names.indices {
                guard let v = Double(fields[2 + j]), v.isFinite else {
                    throw fail(k + 1, names[j], String(fields[2 + j]), "expected a number")
                }
                row.append(v)
            }
            weights.append(w)
            values.append(row)
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { throw fail(lines.count, "weight", nil, "no particle has a positive weight") }
        return PosteriorSample(
            path: path, names: names, weights: weights.map { $0 / total }, values: values, header: header,
            contentHash: SHA256.hex(of: data))
    }
}
