import FeeSimModel

/// Every numeric value of a scenario, by path: the paths come from the single parameter declaration
/// (``/FeeSimModel/ParameterCatalog``, through ``/FeeSimModel/Scenario/parameterPaths``).
public enum ParameterSpace {
    /// All paths of `scenario`, in scenario-file order. O(parameters).
    public static func paths(in s: Scenario) -> [ParameterPath] { s.parameterPaths }

    /// `feesim paths`' listing: one line per parameter, `path = value unit    (allowed range; prior) — source`.
    public static func listing(of s: Scenario) -> [String] {
        s.parameterPaths.map { p in
            let v = p.value(in: s)
            let prior = p.prior.map { "; prior \($0.text)" } ?? ""
            return "\(p.path) = \(p.whole ? String(Int(v)) : "\(v)") \(p.unit)    (\(p.allowed)\(prior)) — \(p.source)"
        }
    }

    /// The path named `name` in `scenario` (`segments.` is short for `community.segments.`).
    /// - Throws: ``/FeeSimModel/ParameterError`` naming the nearest valid paths.
    public static func resolve(_ name: String, in scenario: Scenario) throws -> ParameterPath {
        if let hit = scenario.parameterPath(named: name) { return hit }
        // Bounded before any suggestion: the edit distance is quadratic in the name's length.
        guard name.count <= 256 else {
            throw ParameterError(message: "unknown parameter path '\(name.prefix(60))…' (\(name.count) characters; paths are "
                                 + "at most 256). (`feesim paths SCENARIO` lists them all.)")
        }
        let wanted = name.hasPrefix("segments.") ? "community." + name : name
        let all = paths(in: scenario)
        let scored: [(path: String, distance: Int)] = all.map { ($0.path, editDistance(wanted, $0.path)) }
        let sorted = scored.sorted { a, b in a.distance != b.distance ? a.distance < b.distance : a.path < b.path }
        let ranked: [String] = sorted.prefix(5).map { $0.path }
        throw ParameterError(message: "unknown parameter path '\(name)'. Nearest valid paths: "
                             + ranked.joined(separator: ", ") + ". (`feesim paths SCENARIO` lists them all.)")
    }
}
