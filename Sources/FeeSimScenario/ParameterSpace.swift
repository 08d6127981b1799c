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

    /// The path named `name` in `scenario`: ``/FeeSimModel/Scenario/resolveParameter(_:)``, FeeSim's one resolver.
    /// - Throws: ``/FeeSimModel/ParameterError`` naming the nearest valid paths.
    public static func resolve(_ name: String, in scenario: Scenario) throws -> ParameterPath {
        try scenario.resolveParameter(name)
    }
}
