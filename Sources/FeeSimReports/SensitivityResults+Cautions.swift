extension SensitivityResults {
    /// The widest 95% interval of an index that still ranks parameters: wider than this, an index says little.
    static let wideInterval = 0.3

    /// Why output `k`'s Sobol estimates should not be read at face value, one sentence each, or none: a negative
    /// first-order index (impossible for the true index: the sample is too small), first-order indices summing to
    /// more than 1 or a total index above 1 (likewise), and intervals wider than ``wideInterval``. Each names the
    /// parameters and says what to do (more points). O(parameters).
    public func sobolCautions(_ k: Int) -> [String] {
        guard sobol.indices.contains(k) else { return [] }
        let rows = sobol[k]
        func names(_ picked: [SobolRow]) -> String { picked.map { "`\($0.parameter)`" }.joined(separator: ", ") }
        var out: [String] = []
        let negative = rows.filter { $0.first.value < -0.01 }
        if !negative.isEmpty {
            out.append(
                "Negative first-order indices (\(names(negative))): a true index is never below 0, so the sample is too small for them.")
        }
        let sum = rows.reduce(0) { $0 + $1.first.value }
        if sum > 1.05 {
            out.append(String(format: "The first-order indices sum to %.2f, above 1, which true indices cannot.", sum))
        }
        let over = rows.filter { $0.total.value > 1.05 }
        if !over.isEmpty { out.append("Total indices above 1 (\(names(over))), which true indices cannot be.") }
        let wide = rows.filter { $0.total.high - $0.total.low > Self.wideInterval || $0.first.high - $0.first.low > Self.wideInterval }
        if !wide.isEmpty {
            out.append(
                String(format: "Intervals wider than %.1f (", Self.wideInterval) + names(wide)
                    + "): these indices do not rank the parameters reliably.")
        }
        if !out.isEmpty { out.append("Run more points (`points:` in the study file) before relying on these indices.") }
        return out
    }
}
