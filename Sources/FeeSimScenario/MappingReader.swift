import FeeSimModel

/// Reads one YAML mapping strictly: every key it is asked for counts as known; ``finish()`` rejects any other
/// key, suggesting the nearest known one. Values are type- and range-checked with their location.
struct MappingReader {
    let node: SourceNode
    let path: String
    private let entries: [SourceNode.Entry]
    private var known: [String] = []

    init(_ node: SourceNode, path: String) throws {
        guard case .mapping(let entries) = node.value else {
            throw ScenarioError(
                location: node.location, keyPath: path, value: node.preview,
                problem: "expected a mapping of keys to values")
        }
        self.node = node
        self.path = path
        self.entries = entries
    }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Every key present, in file order.
    var keys: [String] { entries.map(\.key) }

    /// The node under `key`, or nil if absent or null. Marks `key` as known.
    mutating func value(_ key: String) -> SourceNode? {
        known.append(key)
        guard let node = entries.first(where: { $0.key == key })?.value, !node.isNull else { return nil }
        return node
    }

    /// Whether `key` is written, even as null (for `pre_due_reminder: null` that removes an inherited value).
    func isPresent(_ key: String) -> Bool { entries.contains { $0.key == key } }

    func missing(_ key: String, _ what: String) -> ScenarioError {
        ScenarioError(location: node.location, keyPath: child(key), value: nil, problem: "is required: \(what)")
    }

    mutating func double(_ key: String, _ rule: ValueRange, default fallback: Double? = nil) throws -> Double {
        guard let node = value(key) else {
            if let fallback { return fallback }
            throw missing(key, rule.text)
        }
        return try MappingReader.number(node, path: child(key), rule)
    }

    mutating func optionalDouble(_ key: String, _ rule: ValueRange) throws -> Double? {
        guard let node = value(key) else { return nil }
        return try MappingReader.number(node, path: child(key), rule)
    }

    mutating func int(_ key: String, _ rule: ValueRange, default fallback: Int? = nil) throws -> Int {
        try WholeNumber.int(try double(key, rule, default: fallback.map(Double.init)))
    }

    mutating func optionalInt(_ key: String, _ rule: ValueRange) throws -> Int? {
        try optionalDouble(key, rule).map { try WholeNumber.int($0) }
    }

    mutating func string(_ key: String, default fallback: String? = nil) throws -> String {
        guard let node = value(key) else {
            if let fallback { return fallback }
            throw missing(key, "a text value")
        }
        guard case .scalar(let s, _) = node.value else {
            throw ScenarioError(
                location: node.location, keyPath: child(key), value: node.preview,
                problem: "expected a text value")
        }
        return s
    }

    mutating func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let node = value(key) else { return fallback }
        if case .scalar(let s, plain: true) = node.value {
            if ["true", "True", "TRUE", "yes"].contains(s) { return true }
            if ["false", "False", "FALSE", "no"].contains(s) { return false }
        }
        throw ScenarioError(
            location: node.location, keyPath: child(key), value: node.preview,
            problem: "expected true or false")
    }

    /// A seed: a whole number in 0…2⁶⁴ − 1, or nil when absent.
    mutating func seed(_ key: String) throws -> UInt64? {
        guard let node = value(key) else { return nil }
        guard case .scalar(let text, plain: true) = node.value, let seed = UInt64(text) else {
            throw ScenarioError(
                location: node.location, keyPath: child(key), value: node.preview,
                problem: "expected a whole number in 0…\(UInt64.max)")
        }
        return seed
    }

    /// The value of a key that is written (one of ``keys``) but must not be empty: a null there is an error naming
    /// the key and `expected`.
    mutating func present(_ key: String, expected: String) throws -> SourceNode {
        guard let node = value(key) else {
            let location = entries.first { $0.key == key }?.keyLocation ?? self.node.location
            throw ScenarioError(location: location, keyPath: child(key), value: "(empty)", problem: "expected \(expected)")
        }
        return node
    }

    mutating func mapping(_ key: String) throws -> MappingReader? {
        guard let node = value(key) else { return nil }
        return try MappingReader(node, path: child(key))
    }

    mutating func sequence(_ key: String) throws -> [SourceNode]? {
        guard let node = value(key) else { return nil }
        guard case .sequence(let items) = node.value else {
            throw ScenarioError(
                location: node.location, keyPath: child(key), value: node.preview,
                problem: "expected a list")
        }
        return items
    }

    /// Rejects keys that were never asked for, naming the nearest known key.
    func finish() throws {
        for entry in entries where !known.contains(entry.key) {
            var problem = "unknown key '\(entry.key)'"
            if let guess = nearest(entry.key, in: known) { problem += "; did you mean '\(guess)'?" }
            let allowed = known.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }   // each once, in order
            problem += " Allowed here: \(allowed.joined(separator: ", "))."
            throw ScenarioError(location: entry.keyLocation, keyPath: child(entry.key), value: nil, problem: problem)
        }
    }

    /// A plain scalar read as a number (YAML's `1_000` digit groups allowed) and checked against `rule`.
    static func number(_ node: SourceNode, path: String, _ rule: ValueRange) throws -> Double {
        guard case .scalar(let s, plain: true) = node.value,
            let x = Double(s.replacingOccurrences(of: "_", with: ""))
        else {
            throw ScenarioError(
                location: node.location, keyPath: path, value: node.preview,
                problem: "expected \(rule.text)")
        }
        guard rule.admits(x) else {
            throw ScenarioError(
                location: node.location, keyPath: path, value: node.preview,
                problem: "out of range: must be \(rule.text)")
        }
        return x
    }
}
