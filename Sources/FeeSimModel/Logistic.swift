import Foundation

/// The payment decision `u < A / (1 + e^(−z))` (willingness W = logistic(z) times ability A), decided with a
/// cheap approximation of the exponential wherever that approximation's error bound settles it, and with the
/// exact `exp` otherwise. The result is therefore always the one the exact formula gives; only the cost differs
/// (the exact path runs for about one decision in ten thousand).
enum Logistic {
    /// The exact decision, as docs/MODEL.md writes it.
    @inline(__always)
    static func exactPays(z: Double, ability: Double, uniform u: Double) -> Bool {
        u < 1 / (1 + exp(-z)) * ability
    }

    /// Relative error bound of ``approximateExp(_:)`` (its true error is below 3·10⁻⁷ on the clamped range).
    static let approximationError = 1e-5

    /// e^x within a relative error of ``approximationError`` for x in [−700, 700] (clamped outside):
    /// x = (n + f)·ln 2 with n whole and |f| ≤ ½, 2^f by a degree-7 Taylor polynomial of e^(f·ln 2), 2^n from the
    /// exponent bits. O(1), no branches but the clamp.
    @inline(__always)
    static func approximateExp(_ x: Double) -> Double {
        let y = min(700, max(-700, x)) * 1.4426950408889634   // log2(e)
        // Round to nearest by the 1.5·2⁵² trick: exact for |y| < 2⁵¹, and inline (no call to rint, which
        // baseline x86-64 has no instruction for). The sum's low mantissa bits hold 2⁵¹ + n.
        let shifted = y + 6_755_399_441_055_744.0
        let n = shifted - 6_755_399_441_055_744.0
        let r = (y - n) * 0.6931471805599453   // in [−0.347, 0.347]
        // e^r by its degree-7 Taylor polynomial (the first omitted term r⁸/8! is below 5·10⁻¹⁰) in Estrin's form:
        // four independent pairs of terms joined by r² and r⁴, so that the payment decision that waits on it waits
        // for three multiplications in a row instead of Horner's seven multiply-adds. (Only the rounding of the
        // last bits differs from Horner's; the decision does not depend on them — see ``pays(z:ability:uniform:)``.)
        let r2 = r * r
        let r4 = r2 * r2
        let low = (1 + r) + r2 * (0.5 + r * (1.0 / 6))
        let high = (1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720 + r * (1.0 / 5040))
        let p = low + r4 * high
        // 2^n, n in [−1010, 1010]: the exponent field n + 1023 from the sum's low bits (2⁵¹ + n) without converting
        // n back to an integer (Int64(n) checks its range); the shift drops everything above those 11 bits.
        let scale = Double(bitPattern: (shifted.bitPattern &+ (1023 &- (1 << 51))) << 52)
        return p * scale
    }

    /// Whether a household with willingness logit `z`, ability `ability` and uniform draw `u` pays: the same
    /// answer as ``exactPays(z:ability:uniform:)``, computed exactly only when the approximation cannot decide.
    @inline(__always)
    static func pays(z: Double, ability: Double, uniform u: Double) -> Bool {
        // u < A / (1 + e^(−z))  ⇔  u·(1 + e^(−z)) < A, which needs no division. With ẽ = e^(−z)(1 ± ε), the
        // left side is within u·e^(−z)·ε ≤ 2ε of itself relatively; a margin of 4ε also covers the rounding of
        // both formulas.
        let lhs = u * (1 + approximateExp(-z))
        let margin = 4 * approximationError * lhs
        if lhs < ability - margin { return true }
        if lhs > ability + margin { return false }
        return exactPays(z: z, ability: ability, uniform: u)
    }
}
