import Foundation

/// Every number a report, table or page prints, formatted in one place. Locale-free; never traps: a non-finite
/// value prints as "–".
public enum Format {
    /// A share as a percentage: 0.8234 → "82.3%" (`digits` after the point).
    public static func percent(_ x: Double, digits: Int = 1) -> String {
        x.isFinite ? String(format: "%.\(digits)f%%", x * 100) : "–"
    }

    /// Percentage points with their sign: 3.24 → "+3.2".
    public static func points(_ x: Double) -> String { x.isFinite ? String(format: "%+.1f", x) : "–" }

    /// A ratio to two decimals: 1.236 → "1.24".
    public static func ratio(_ x: Double) -> String { x.isFinite ? String(format: "%.2f", x) : "–" }

    /// A whole number with thousands separators: 1234567.8 → "1,234,568". Magnitudes past 10¹⁸ (beyond Int64) in
    /// scientific notation. O(digits).
    public static func thousands(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        guard abs(x) < 1e18 else { return String(format: "%.3e", x) }
        let n = Int64(x.rounded())
        let digits = String(abs(n))
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Yuan in `language`: whole yuan with separators in English ("−9,000", "722,345"); in Chinese in 万 from ten
    /// thousand up and 亿 from a hundred million ("72.2万", "−2.8万", "1.18亿"), whole yuan below. O(digits).
    public static func yuan(_ x: Double, in language: Language) -> String {
        guard x.isFinite else { return "–" }
        let a = abs(x), sign = x.rounded() < 0 ? "−" : ""
        if language == .zh && a >= 100_000_000 && a < 1e18 { return sign + String(format: "%.2f亿", a / 100_000_000) }
        if language == .zh && a >= 10_000 && a < 1e18 { return sign + String(format: "%.1f万", a / 10_000) }
        return sign + thousands(a)
    }
}
