import FeeSimModel
import Yams

/// A problem in a scenario file, with everything a user needs to fix it: file, line, key path, the bad value
/// and what is allowed.
public struct ScenarioError: Error, CustomStringConvertible, Equatable {
    public let location: SourceLocation
    /// Dotted key path, for example `community.segments.owner.share` or `rollout[2].start_month`.
    public let keyPath: String
    /// The offending value as written, if there is one.
    public let value: String?
    /// What is wrong and what is allowed.
    public let problem: String
    /// What kind of problem: a file that does not exist (which callers may explain further) or anything else.
    public let kind: Kind

    public enum Kind: Sendable, Equatable {
        case missingFile
        case invalid
    }

    public init(location: SourceLocation, keyPath: String, value: String?, problem: String, kind: Kind = .invalid) {
        self.location = location
        // Cut once, here: a value is at most 60 characters on one line, whoever built the error.
        self.keyPath = keyPath.count > 200 ? String(keyPath.prefix(200)) + "…" : keyPath
        self.value = value.map { v in
            let line = v.replacingOccurrences(of: "\n", with: " ")
            return line.count > 61 ? String(line.prefix(60)) + "…" : line
        }
        self.problem = problem
        self.kind = kind
    }

    /// A file that is not there (an input named on the command line, not inside a YAML file).
    public static func missingFile(_ path: String) -> ScenarioError {
        ScenarioError(
            location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", value: nil,
            problem: "no such file", kind: .missingFile)
    }

    public var description: String {
        var text = "\(location): "
        if !keyPath.isEmpty { text += "\(keyPath)" }
        if let value { text += " = \(value)" }
        if !keyPath.isEmpty || value != nil { text += ": " }
        return text + problem
    }

    static func syntax(file: String, text: String, _ error: YamlError) -> ScenarioError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ScenarioError(
                location: SourceLocation(file: file, line: mark.line, column: mark.column),
                keyPath: "", value: nil, problem: "YAML syntax error: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.sorted().first ?? ""
            // Point at the second place the key is written (Yams gives only the mapping's position).
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let places = lines.indices.filter {
                lines[$0].drop(while: { $0 == " " || $0 == "-" }).hasPrefix("\(key):")
            }
            let line = places.count > 1 ? places[1] + 1 : context.mark.line
            return ScenarioError(
                location: SourceLocation(file: file, line: line, column: 1), keyPath: key, value: nil,
                problem: "key '\(key)' appears twice in the same mapping"
                    + (places.count > 1 ? " (first at line \(places[0] + 1))" : ""))
        default:
            return ScenarioError(
                location: SourceLocation(file: file, line: 0, column: 0), keyPath: "", value: nil,
                problem: "YAML error: \(error)")
        }
    }
}

/// The allowed name closest to `name`, if it is close enough to be a likely typo.
/// Names over 256 characters get no suggestion: the edit distance is quadratic in the name's length.
func nearest(_ name: String, in allowed: [String]) -> String? {
    guard name.count <= 256 else { return nil }
    let scored = allowed.map { ($0, editDistance(name.lowercased(), $0)) }
    guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
    if best.1 <= max(2, name.count / 3) { return best.0 }
    // A longer or shorter spelling of a known key (win_probability for win_prob) is a likely slip too.
    let lower = name.lowercased()
    return allowed.filter { $0.count >= 4 && (lower.hasPrefix($0) || $0.hasPrefix(lower)) }.max { $0.count < $1.count }
}
