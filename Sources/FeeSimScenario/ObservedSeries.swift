import Foundation

/// One observed value of a monthly metric (for example the collection rate in month 6), with its weight.
public struct Observation: Sendable, Equatable {
    public let month: Int
    public let value: Double
    public let weight: Double
    public init(month: Int, value: Double, weight: Double = 1) {
        self.month = month
        self.value = value
        self.weight = weight
    }
}

/// An observed monthly series for calibration: a CSV file `month,rate[,weight]` (a byte-order mark and CRLF line
/// ends allowed), one row per month in 1…1200, rates in [0, 1], weights in [0, 1e6] (default 1).
public enum ObservedSeries {
    /// Reads the series at `path`; every bad row is an error naming the file and its line.
    public static func read(path: String) throws -> [Observation] {
        let data: Data
        do { data = try InputFile.read(path) } catch let refusal as InputFile.Refusal {
            if refusal.isMissing { throw ScenarioError.missingFile(path) }
            throw ScenarioError(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", value: nil, problem: refusal.reason)
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses the series' text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> [Observation] {
        func fail(_ line: Int, _ problem: String) -> ScenarioError {
            ScenarioError(
                location: SourceLocation(file: file, line: line, column: line > 0 ? 1 : 0), keyPath: "",
                value: nil, problem: problem)
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first?.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "\u{FEFF}", with: ""),
            header.hasPrefix("month,")
        else {
            throw fail(1, "the header must be month,rate[,weight]")
        }
        var out: [Observation] = []
        for (k, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            // As many fields as the header names (month,rate or month,rate,weight): a decimal comma adds one.
            if f.count > min(3, max(2, header.split(separator: ",").count)) || line.contains("\"") {
                throw fail(
                    k + 1,
                    "'\(line.prefix(60))': expected month,rate[,weight] written plainly (no quotes; a decimal "
                        + "point, not a comma: 0.5, not 0,5)")
            }
            guard f.count >= 2, let month = Int(f[0]), (1...1200).contains(month), let rate = Ledger.plainNumber(f[1]),
                (0...1).contains(rate)
            else {
                throw fail(k + 1, "'\(line.prefix(80))': expected a month in 1…1200 and a rate in [0, 1]")
            }
            var weight = 1.0
            if f.count >= 3, !f[2].isEmpty {
                guard let w = Ledger.plainNumber(f[2]), (0...1e6).contains(w) else {
                    throw fail(k + 1, "'\(line.prefix(80))': the weight must be a number in [0, 1e6]")
                }
                weight = w
            }
            if out.contains(where: { $0.month == month }) { throw fail(k + 1, "month \(month) appears twice") }
            out.append(Observation(month: month, value: rate, weight: weight))
        }
        guard !out.isEmpty else { throw fail(0, "no observations") }
        return out
    }
}
