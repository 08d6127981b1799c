import Foundation

/// Number formatting shared by every file FeeSim writes: deterministic, locale-free, round-trippable.
public enum CSVFormat {
    /// The shortest decimal that reads back as exactly `x`; an empty field for NaN. O(1).
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A column name R's `read.csv` and pandas read as it is: letters, digits and single underscores only
    /// (`collection_rate@12` → `collection_rate_at_12`, `levers.dunning.ladder[2].uplift` →
    /// `levers_dunning_ladder_2_uplift`). O(length).
    public static func columnName(_ name: String) -> String {
        var out = ""
        for ch in name.replacingOccurrences(of: "@", with: "_at_") { out.append(ch.isLetter || ch.isNumber ? ch : "_") }
        while out.contains("__") { out = out.replacingOccurrences(of: "__", with: "_") }
        while out.hasSuffix("_") { out.removeLast() }
        return out
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A manifest: how a run was made, written as `manifest.json` by ``JSONOutput``.
public protocol JSONManifest: Encodable {}

extension JSONManifest {
    /// Pretty JSON with sorted keys, slashes unescaped, a final newline.
    public func json() throws -> Data { try JSONOutput.encode(self) }
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
