import FeeSimModel
import Foundation
import Testing

/// No two uses of randomness share a stream: the ids are read from the code's own declarations (`StreamIDs`,
/// `RandomStreamID`), and the sources are read to check that every seed is taken through them.
@Suite struct StreamRegistryTests {
    @Test func studyStreamsAndHouseholdStreamsNeverShareAnID() {
        let study = StreamIDs.allCases.map(\.rawValue)
        let household = RandomStreamID.allCases.map { UInt64($0.rawValue) }
        let shared = Set(study).intersection(household)
        #expect(shared.isEmpty, "ids used both by a study stream and a household stream: \(shared.sorted())")
        // A range stream (this + k, k ≥ 0) lies above every single id, so no offset reaches another stream.
        for range in StreamIDs.allCases where range.isRange {
            let below = StreamIDs.allCases.filter { $0 != range }.map(\.rawValue) + household
            #expect(below.allSatisfy { $0 < range.rawValue }, "\(range) (\(range.rawValue) + k) reaches another stream's id")
        }
        #expect(StreamIDs.allCases.filter(\.isRange).count <= 1, "two open ranges of ids would overlap")
    }

    /// Every `SeedSequence.seed(…)` call outside GSLKit names its stream by a case of the registry: a numeric
    /// literal, a `rawValue`, a conversion or arithmetic there would seed a stream the registry does not know.
    @Test func everySeedInTheSourcesIsTakenThroughTheRegistry() throws {
        var calls = 0
        for target in try SourceTree.swiftTargets() where target != "GSLKit" {
            for file in try SourceTree.files(under: "Sources/\(target)") where !file.path.hasSuffix("/StreamIDs.swift") {
                let code = file.code
                for (i, line) in code.enumerated() {
                    var rest = Substring(line)
                    while let call = rest.range(of: "SeedSequence.seed(") {
                        calls += 1
                        let arguments = Self.arguments(from: code, line: i, column: call.upperBound, in: line)
                        #expect(
                            arguments.contains("stream:") || arguments.contains("household:"),
                            "\(file.path):\(i + 1): a seed without a named stream: \(arguments)")
                        if let label = arguments.range(of: "stream:") {
                            let stream = arguments[label.upperBound...].prefix { $0 != "," && $0 != ")" }
                                .trimmingCharacters(in: .whitespaces)
                            let bare =
                                stream.contains("rawValue") || stream.contains("UInt64(") || stream.contains("+")
                                || stream.first?.isNumber == true
                            #expect(!bare, "\(file.path):\(i + 1): stream \(stream) is a bare number, not a case of StreamIDs")
                        }
                        rest = rest[call.upperBound...]
                    }
                }
            }
        }
        #expect(calls >= 8, "found only \(calls) seeds: the scan no longer sees the sources")
    }

    /// No registered stream is dead: each case of `StreamIDs` is seeded somewhere outside its declaration.
    @Test func everyRegisteredStreamIsSeededSomewhere() throws {
        var text = ""
        for target in try SourceTree.swiftTargets() {
            for file in try SourceTree.files(under: "Sources/\(target)") where !file.path.hasSuffix("/StreamIDs.swift") {
                text += file.code.joined(separator: "\n")
            }
        }
        for stream in StreamIDs.allCases where !text.contains(".\(stream)") {
            Issue.record("StreamIDs.\(stream) is declared but never seeded: remove it or use it")
        }
    }

    /// The text of a call's arguments, from just after its `(` to the matching `)`, across lines.
    static func arguments(from code: [String], line: Int, column: String.Index, in first: String) -> String {
        var depth = 1, text = ""
        var chunk = Substring(first[column...]), index = line
        while true {
            for c in chunk {
                if c == "(" { depth += 1 }
                if c == ")" { depth -= 1 }
                if depth == 0 { return text }
                text.append(c)
            }
            index += 1
            guard index < code.count else { return text }
            chunk = Substring(code[index])
            text.append(" ")
        }
    }
}
