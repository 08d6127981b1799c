import Foundation

/// The package's own Swift sources, for tests that check what the code does rather than what a list says it does.
enum SourceTree {
    /// One Swift file: its path from the package root and its lines.
    struct File {
        let path: String
        let lines: [String]

        /// The lines with comments blanked (whole-line `//` comments, doc comments and `/* … */` blocks; a trailing
        /// `// …` is cut where it is not inside a string literal), keeping line numbers.
        var code: [String] {
            var inBlock = false
            return lines.map { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if inBlock {
                    if trimmed.contains("*/") { inBlock = false }
                    return ""
                }
                if trimmed.hasPrefix("/*") {
                    inBlock = !trimmed.contains("*/")
                    return ""
                }
                if trimmed.hasPrefix("//") { return "" }
                return Self.cutTrailingComment(line)
            }
        }

        /// `line` without a `//` comment that starts outside a string literal.
        static func cutTrailingComment(_ line: String) -> String {
            var inString = false, previous: Character = " ", index = line.startIndex
            while index < line.endIndex {
                let c = line[index]
                if c == "\"" && previous != "\\" { inString.toggle() }
                if !inString && c == "/" && previous == "/" {
                    return String(line[..<line.index(before: index)])
                }
                previous = c
                index = line.index(after: index)
            }
            return line
        }
    }

    /// Every `.swift` file under `folder` (a path from the package root, such as `Sources/FeeSimReports`), in
    /// subfolders too, sorted by path.
    static func files(under folder: String) throws -> [File] {
        let root = Fixture.packageRoot.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var files: [File] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
            files.append(File(path: "\(folder)/\(relative)", lines: text.components(separatedBy: "\n")))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The library and executable targets (the folders of Sources/ holding Swift files).
    static func swiftTargets() throws -> [String] {
        let sources = Fixture.packageRoot.appendingPathComponent("Sources")
        return try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted().filter {
            !(try files(under: "Sources/\($0)")).isEmpty
        }
    }
}
