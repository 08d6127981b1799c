import Foundation
import Testing

/// The README starts with the answer, and that answer is the shipped report's, word for word.
@Suite struct ReadmeTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: Fixture.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func theBottomLineIsTheCommittedReportsDecisionWordForWord() throws {
        let readme = try Self.text("README.md")
        let begin = try #require(readme.range(of: "<!-- bottom-line:begin"))
        let end = try #require(readme.range(of: "<!-- bottom-line:end -->"))
        let block = readme[begin.upperBound..<end.lowerBound].split(separator: "\n").dropFirst()
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let report = try Self.text("Results/mixed-compare/report.md")
        let firstFinding = try #require(report.split(separator: "\n").first { $0.hasPrefix("- ") })
        #expect(block == "> " + firstFinding.dropFirst(2))
        #expect(block.contains("Decision: choose"))
    }

    @Test func theReadmeIsShortAndItsLinksResolve() throws {
        let readme = try Self.text("README.md")
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count <= 150)
        let links = readme.components(separatedBy: "](").dropFirst().compactMap { $0.split(separator: ")").first.map(String.init) }
        #expect(!links.isEmpty)
        for link in links where !link.hasPrefix("http") {
            #expect(FileManager.default.fileExists(atPath: Fixture.packageRoot.appendingPathComponent(link).path), "\(link)")
        }
    }
}
