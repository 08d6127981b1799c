import FeeSimModel

extension PosteriorSample {
    /// Checks the sample against the scenario it will be drawn into (a comparison's baseline): every parameter
    /// column must name a path of `scenario`, once, and every particle's value must be one the parameter allows.
    /// Returns the sample unchanged, so a caller can load and check in one expression.
    /// - Throws: ``ScenarioError`` naming the file, the line, the column and what is wrong (for an unknown path, the
    ///   nearest valid paths). O(particles · parameters + parameters · paths).
    @discardableResult
    public func checked(against scenario: Scenario) throws -> PosteriorSample {
        // The column names sit on the line after the `#` header; particle k on the line after that plus k.
        let columnLine = header.count + 1
        func fail(_ line: Int, _ column: String, _ value: String?, _ problem: String) -> ScenarioError {
            ScenarioError(location: SourceLocation(file: path, line: line, column: 1), keyPath: column, value: value, problem: problem)
        }
        var paths: [ParameterPath] = []
        for (j, name) in names.enumerated() {
            if names[..<j].contains(name) {
                throw fail(columnLine, name, name, "this parameter column appears twice: each parameter once")
            }
            do {
                paths.append(try scenario.resolveParameter(name))
            } catch let e as ParameterError {
                throw fail(
                    columnLine, name, name,
                    "is not a parameter of the comparison's baseline (a posterior column must be a parameter path): "
                        + e.message)
            }
        }
        for (k, row) in values.enumerated() {
            for (j, p) in paths.enumerated() where !p.info.range.admits(row[j]) {
                throw fail(columnLine + 1 + k, names[j], "\(row[j])", "out of range: \(p.path) must be \(p.allowed)")
            }
        }
        return self
    }
}
