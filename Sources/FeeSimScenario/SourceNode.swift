import Foundation
import Yams

/// Where a value was written: file, line and column (1-based).
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    /// `file:line:column`, or just `file` when the problem is the file as a whole (line 0).
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

/// A YAML value with the place it came from, so that every error can name file and line even after
/// `extends:` has merged several files.
struct SourceNode {
    enum Value {
        /// A scalar and whether it was plain (unquoted): only plain scalars can be numbers, booleans or null.
        case scalar(String, plain: Bool)
        case mapping([Entry])
        case sequence([SourceNode])
    }

    struct Entry {
        let key: String
        let keyLocation: SourceLocation
        var value: SourceNode
    }

    var value: Value
    let location: SourceLocation

    /// Parses YAML text. Throws ``ScenarioError`` for syntax errors, duplicate keys (found by Yams) and
    /// non-scalar keys.
    static func parse(_ text: String, file: String) throws -> SourceNode? {
        guard text.utf8.count <= Limits.fileBytes else {
            throw ScenarioError(
                location: SourceLocation(file: file, line: 0, column: 0), keyPath: "", value: nil,
                problem: "the file is \(text.utf8.count) bytes; FeeSim's input files are at most "
                    + "\(Limits.fileBytes / 1_048_576) MiB")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError.syntax(file: file, text: text, error)
        }
        var walk = Walk()
        return try node.map { try convert($0, file: file, walk: &walk, depth: 0) }
    }

    /// Bounds on what a YAML input may hold: far above any real scenario, study or comparison, far below what
    /// would exhaust memory or time.
    enum Limits {
        static let fileBytes = 1_048_576
        static let nodes = 100_000
        static let depth = 64
    }

    /// The walk's state: nodes seen, and the furthest position reached. Yams expands aliases when it composes
    /// (an alias becomes a copy of its anchored node, which keeps the anchor's position), so an alias shows as a
    /// node that starts before a node already visited: in a tree without aliases, pre-order visits positions in
    /// increasing order. Refusing it at once keeps a "billion laughs" document from being expanded.
    /// (A container and its first child share a position, and libyaml places an empty value where the next
    /// token starts, so equal positions are allowed there.)
    struct Walk {
        var nodes = 0
        var last = (line: 0, column: 0)
        var lastWasEmpty = true
    }

    private static func location(_ node: Node, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    private static func convert(
        _ node: Node, file: String, walk: inout Walk, depth: Int,
        first: Bool = true
    ) throws -> SourceNode {
        let here = location(node, file)
        let position = (line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        var emptyScalar = false
        if case .scalar(let s) = node, s.string.isEmpty { emptyScalar = true }
        if position < walk.last || (position == walk.last && !first && !emptyScalar && !walk.lastWasEmpty) {
            throw ScenarioError(
                location: here, keyPath: "", value: nil,
                problem: "YAML anchors and aliases (&name, *name) are not supported: write the value out, "
                    + "or use extends: to share a file")
        }
        walk.last = position
        walk.lastWasEmpty = emptyScalar
        walk.nodes += 1
        guard walk.nodes <= Limits.nodes else {
            throw ScenarioError(
                location: here, keyPath: "", value: nil,
                problem: "the file holds more than \(Limits.nodes) values; FeeSim's input files hold far fewer")
        }
        guard depth <= Limits.depth else {
            throw ScenarioError(
                location: here, keyPath: "", value: nil,
                problem: "values are nested more than \(Limits.depth) levels deep")
        }
        switch node {
        case .scalar(let s):
            return SourceNode(value: .scalar(s.string, plain: s.style == .plain || s.style == .any), location: here)
        case .sequence(let seq):
            var items: [SourceNode] = []
            for (k, item) in seq.enumerated() {
                items.append(try convert(item, file: file, walk: &walk, depth: depth + 1, first: k == 0))
            }
            return SourceNode(value: .sequence(items), location: here)
        case .mapping(let map):
            var entries: [Entry] = []
            for (k, v) in map {
                let keyLocation = location(k, file)
                guard case .scalar(let ks) = k else {
                    throw ScenarioError(
                        location: keyLocation, keyPath: "", value: nil,
                        problem: "keys must be plain names")
                }
                _ = try convert(k, file: file, walk: &walk, depth: depth + 1, first: entries.isEmpty)   // position, budget
                entries.append(
                    Entry(
                        key: ks.string, keyLocation: keyLocation,
                        value: try convert(v, file: file, walk: &walk, depth: depth + 1, first: false)))
            }
            return SourceNode(value: .mapping(entries), location: here)
        case .alias:
            throw ScenarioError(location: here, keyPath: "", value: nil, problem: "YAML aliases are not supported")
        }
    }

    /// Reads and parses a YAML file that must hold a mapping: its bytes (for content hashes) and root node.
    /// `what` names the kind of file in errors ("comparison file", "study file").
    static func load(path: String, what: String) throws -> (data: Data, root: SourceNode) {
        let data = try InputFile.read(path, what: what, missing: ScenarioLoader.movedHint(path))
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(
                location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", value: nil,
                problem: "the \(what) is not UTF-8 text")
        }
        let root: SourceNode?
        do { root = try parse(text, file: path) } catch let e as ScenarioError {
            // Name the kind of file: a comparison file with a YAML error is not "a scenario".
            throw ScenarioError(location: e.location, keyPath: e.keyPath, value: e.value, problem: "\(e.problem) (in this \(what))")
        }
        guard let root else {
            throw ScenarioError(
                location: SourceLocation(file: path, line: 1, column: 1), keyPath: "", value: nil,
                problem: "the file is empty")
        }
        return (data, root)
    }

    /// `override` laid over `base`: mappings merge key by key (base order kept, new keys appended), anything
    /// else (scalars, lists) is replaced whole.
    static func merge(_ base: SourceNode, _ override: SourceNode) -> SourceNode {
        guard case .mapping(var entries) = base.value, case .mapping(let over) = override.value else {
            return override
        }
        for entry in over {
            if let k = entries.firstIndex(where: { $0.key == entry.key }) {
                entries[k].value = merge(entries[k].value, entry.value)
            } else {
                entries.append(entry)
            }
        }
        return SourceNode(value: .mapping(entries), location: override.location)
    }

    /// A short rendering of the value for error messages.
    var preview: String {
        switch value {
        case .scalar(let s, _):
            // At most 60 characters on one line: an error never reprints a whole file (say, a mistaken `extends:`).
            let line = s.replacingOccurrences(of: "\n", with: " ")
            return s.isEmpty ? "(empty)" : line.count > 60 ? String(line.prefix(60)) + "…" : line
        case .mapping: return "(a mapping)"
        case .sequence: return "(a list)"
        }
    }

    /// The value under `key` when this node is a mapping that has it, else nil. O(entries).
    func mappingValue(_ key: String) -> SourceNode? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.first { $0.key == key }?.value
    }

    var isNull: Bool {
        if case .scalar(let s, plain: true) = value { return ["", "~", "null", "Null", "NULL"].contains(s) }
        return false
    }
}
