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

    /// Yuan in `language`: whole yuan with separators in English ("−9,000", "722,345"); in Chinese always in 万, so
    /// a column never mixes units: one decimal from ten thousand up ("72.2万", "−2.8万", "11,766.7万"), two below
    /// ("0.71万", "−0.02万"), and "0" for what rounds to nothing. O(digits).
    public static func yuan(_ x: Double, in language: Language) -> String {
        guard x.isFinite else { return "–" }
        guard language == .zh, abs(x) < 1e18 else { return (x.rounded() < 0 ? "−" : "") + thousands(abs(x)) }
        let wan = abs(x) / 10_000
        let digits = wan >= 0.995 ? 1 : 2
        let text = String(format: "%.\(digits)f", wan)
        guard Double(text) != 0 else { return "0" }
        let parts = text.split(separator: ".")
        return (x < 0 ? "−" : "") + thousands(Double(parts[0])!) + "." + parts[1] + "万"
    }
}
