/// An input a study cannot take: which one (`field`, named as the command-line option is, without dashes:
/// `treated`, `measure`, `upper`) and what is wrong with it (`message`, which names the bad value and what is
/// allowed). The command line shows it as `--field message`; another caller can point at its own field.
public struct InputError: Error, CustomStringConvertible, Equatable {
    public let field: String
    public let message: String
    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { "\(field) \(message)" }
}

extension InputError {
    /// Throws `field must be in lo…hi (got value)` unless `range` holds `value`. O(1).
    public static func check(_ value: Int, in range: ClosedRange<Int>, field: String) throws {
        guard !range.contains(value) else { return }
        throw InputError(
            field: field,
            range.upperBound == .max
                ? "must be at least \(range.lowerBound) (got \(value))"
                : "must be in \(range.lowerBound)…\(range.upperBound) (got \(value))")
    }

    /// Throws `field must be in [lo, hi] (got value)` unless `range` holds `value` (NaN never is). O(1).
    public static func check(_ value: Double, in range: ClosedRange<Double>, field: String) throws {
        guard !range.contains(value) else { return }
        let (lo, hi, v) = (number(range.lowerBound), number(range.upperBound), number(value))
        throw InputError(
            field: field, range.upperBound == .infinity ? "must be at least \(lo) (got \(v))" : "must be in [\(lo), \(hi)] (got \(v))")
    }

    /// A number as a person writes it: whole numbers without ".0" (1, not 1.0), others in Swift's shortest form.
    static func number(_ x: Double) -> String {
        x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }

    /// `check(value, in:field:)` for an input that may be absent (nil passes).
    public static func check(_ value: Int?, in range: ClosedRange<Int>, field: String) throws {
        if let value { try check(value, in: range, field: field) }
    }
}
