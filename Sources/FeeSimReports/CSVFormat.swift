import Foundation

/// Number formatting shared by every file FeeSim writes: deterministic, locale-free, round-trippable.
public enum CSVFormat {
    /// The shortest decimal that reads back as exactly `x`; an empty field for NaN. O(1).
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// JSON as FeeSim writes it: pretty, keys sorted, slashes unescaped, a final newline.
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
