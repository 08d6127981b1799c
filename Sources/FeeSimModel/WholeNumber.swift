/// Conversions of a `Double` that may come from outside (a file, an option, a request) to `Int`, which never trap:
/// Swift's `Int(_: Double)` stops the process on a non-finite value or one beyond `Int`'s range, such as a ledger's
/// due of `1e-320` dividing an amount.
public enum WholeNumber {
    /// A value that has no `Int`: non-finite, or beyond ±2⁵³ (past which doubles are not every whole number).
    public struct OutOfRange: Error, CustomStringConvertible, Sendable {
        public let value: Double
        public var description: String { "\(value) is not a whole number FeeSim can count with (at most ±2^53)" }
    }

    /// The largest magnitude converted: 2⁵³ = 9,007,199,254,740,992.
    public static let limit = 9_007_199_254_740_992.0

    /// `x` rounded by `rule` (default: toward zero, as `Int(_:)`) as an `Int`; throws ``OutOfRange`` for a
    /// non-finite value or one beyond ±``limit``.
    public static func int(_ x: Double, rounding rule: FloatingPointRoundingRule = .towardZero) throws -> Int {
        let r = x.rounded(rule)
        guard r.isFinite, abs(r) <= limit else { throw OutOfRange(value: x) }
        return Int(r)
    }

    /// `x` rounded by `rule` and held to `range`: NaN gives the range's lower end, ±∞ and any value beyond it the
    /// nearer end. For figures whose bounds are known (months of arrears, an index into a table).
    public static func clamped(_ x: Double, to range: ClosedRange<Int>, rounding rule: FloatingPointRoundingRule = .towardZero) -> Int {
        guard !x.isNaN else { return range.lowerBound }
        let r = x.rounded(rule)
        if r <= Double(range.lowerBound) { return range.lowerBound }
        if r >= Double(range.upperBound) { return range.upperBound }
        return Int(r)
    }
}
