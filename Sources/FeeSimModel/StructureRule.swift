/// The structural rules of a scenario beyond each parameter's own range, stated once: the scenario loader applies
/// them where it reads the value (so its error names the file and line) and ``CompiledModel`` applies them to
/// whatever it is given (a scenario built in code, or changed by `--set`). Each returns the problem in words, or
/// nil when the value is allowed. O(1) unless stated.
public enum StructureRule {
    /// Households in a community, and segments.
    public static let households = 1...50_000_000
    public static let segments = 1...255
    /// The months a bill may cover: they must divide the year.
    public static let billingCycles = [1, 2, 3, 4, 6, 12]
    /// How far the segments' shares may sum from 1.
    public static let shareTolerance = 1e-9

    /// A billing cycle of `months`.
    public static func billingCycle(_ months: Int) -> String? {
        billingCycles.contains(months) ? nil : "must be 1, 2, 3, 4, 6 or 12 (a bill's months must divide the year)"
    }

    /// `buildings` buildings for `households` households: 1 up to one building per household.
    public static func buildings(_ buildings: Int, households: Int) -> String? {
        (1...max(1, households)).contains(buildings)
            ? nil
            : "out of range: must be a whole number in 1…\(households) (no more buildings than households)"
    }

    /// The segments' shares: 1…255 segments whose shares sum to 1. O(segments).
    public static func segmentShares(_ segments: [Segment]) -> String? {
        guard self.segments.contains(segments.count) else { return "needs 1…255 segments" }
        let total = segments.reduce(0) { $0 + $1.share }
        return abs(total - 1) <= shareTolerance
            ? nil
            : "segment shares must sum to 1 (within 1e-9): " + segments.map { "\($0.name) \($0.share)" }.joined(separator: ", ")
    }

    /// The target window: its end not before its start.
    public static func targetWindow(from: Int, by: Int) -> String? {
        by >= from ? nil : "must be ≥ target.from_month (\(from))"
    }

    /// A rollout phase's end month, when it has one: not before its start.
    public static func phaseEnd(_ end: Int?, start: Int) -> String? {
        guard let end, end < start else { return nil }
        return "must be ≥ start_month (\(start))"
    }
}
