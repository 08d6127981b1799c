import FeeSimExperiments
import Foundation

extension PosteriorOutputs {
    /// The name of the overlay a community opts into by having it beside its targets file (``overlayYAML()``).
    public static let overlayFile = "calibrated.yaml"

    /// The posterior medians as a scenario overlay: a YAML mapping that sets each calibrated parameter (nested by
    /// its dotted path) to its posterior median, for a status quo that `extends:` it (an imported community's
    /// does: `extends: [ledger.yaml, calibrated.yaml]`), so its point values are the calibrated ones. A parameter
    /// whose path holds an index (`ladder[2]`) cannot be nested and is listed in a comment instead.
    public func overlayYAML() -> String {
        let names = posterior.problem.names
        var out = "# Posterior medians of posterior.csv, written by `\(command)`.\n"
        out += "# A status quo that extends this file starts from the calibrated values; re-calibrating rewrites it.\n"
        out += "description: calibrated to \(targets.path) (posterior medians)\n"
        // Nested mappings in the order the paths first name them (never a dictionary's order).
        struct Node {
            var key: String
            var value: Double?
            var children: [Node] = []
        }
        var root = Node(key: "")
        var skipped: [String] = []
        for (j, name) in names.enumerated() {
            let keys = name.split(separator: ".").map(String.init)
            guard !name.contains("["), !keys.isEmpty else { skipped.append(name); continue }
            func insert(_ node: inout Node, _ rest: ArraySlice<String>, _ value: Double) {
                guard let first = rest.first else { node.value = value; return }
                if let k = node.children.firstIndex(where: { $0.key == first }) {
                    insert(&node.children[k], rest.dropFirst(), value)
                } else {
                    var child = Node(key: first)
                    insert(&child, rest.dropFirst(), value)
                    node.children.append(child)
                }
            }
            insert(&root, keys[...], posterior.quantile(0.5, parameter: j))
        }
        func render(_ node: Node, _ indent: String) -> String {
            node.children.map { child in
                if let v = child.value { return "\(indent)\(child.key): \(v)\n" }
                return "\(indent)\(child.key):\n" + render(child, indent + "  ")
            }.joined()
        }
        out += render(root, "")
        for name in skipped { out += "# \(name): \(posterior.quantile(0.5, parameter: names.firstIndex(of: name)!)) (set it by hand)\n" }
        return out
    }

    /// Rewrites the overlay beside posterior.csv at `sample` when the community has one (atomically); returns its
    /// URL, or nil when there is none to rewrite.
    public func writeOverlay(besideSample sample: URL) throws -> URL? {
        let url = sample.deletingLastPathComponent().appendingPathComponent(Self.overlayFile)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        try ResultFolderError.wrap("write", url) { try Data(overlayYAML().utf8).write(to: url, options: .atomic) }
        return url
    }
}
