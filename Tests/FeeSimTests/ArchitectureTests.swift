import FeeSimModel
import Foundation
import Testing

/// The layering of docs/ARCHITECTURE.md, read from the sources: each target imports only what its layer allows,
/// and Package.swift declares every target it imports.
@Suite struct ArchitectureTests {
    /// What each target may import besides the system's own modules.
    static let allowed: [String: Set<String>] = [
        "GSLKit": ["CGSL"],
        "FeeSimModel": ["GSLKit"],
        "FeeSimScenario": ["FeeSimModel", "GSLKit", "Yams"],
        "FeeSimExperiments": ["FeeSimModel", "FeeSimScenario", "GSLKit"],
        "FeeSimReports": ["FeeSimModel", "FeeSimScenario", "FeeSimExperiments", "CRename", "CXLSX"],
        // The workbench: the libraries behind HTTP; the only target that knows Hummingbird (and SwiftNIO's types).
        "FeeSimServer": ["FeeSimModel", "FeeSimScenario", "FeeSimExperiments", "FeeSimReports", "Hummingbird", "NIOCore"],
        "feesim": ["FeeSimModel", "FeeSimScenario", "FeeSimExperiments", "FeeSimReports", "FeeSimServer", "GSLKit", "ArgumentParser"],
    ]
    static let system: Set<String> = ["Foundation", "Dispatch", "Glibc", "Darwin"]

    /// The modules a target's files import, with whether every import of C is `internal`.
    static func imports(of target: String) throws -> (modules: Set<String>, cImportsInternal: Bool) {
        let folder = Fixture.packageRoot.appendingPathComponent("Sources/\(target)")
        var modules = Set<String>(), cInternal = true
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                guard let i = words.firstIndex(of: "import"), i <= 1, i + 1 < words.count,
                      i == 0 || ["internal", "public", "@_implementationOnly", "private", "fileprivate"].contains(words[0])
                else { continue }
                let module = words[i + 1]
                modules.insert(module)
                if module.hasPrefix("C"), module != "CustomDump", words.first != "internal" { cInternal = false }
            }
        }
        return (modules, cInternal)
    }

    @Test func layersImportOnlyWhatTheyDeclare() throws {
        let manifest = try String(contentsOf: Fixture.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let package = try #require(manifest.range(of: "\n    targets: [").map { manifest[$0.upperBound...] })
        for (target, allowed) in Self.allowed.sorted(by: { $0.key < $1.key }) {
            let (modules, cInternal) = try Self.imports(of: target)
            let extra = modules.subtracting(allowed).subtracting(Self.system)
            #expect(extra.isEmpty, "\(target) imports \(extra.sorted()), outside its layer")
            #expect(cInternal, "\(target) imports a C module without `internal import`")
            // Its entry in Package.swift names every module it imports.
            guard let start = package.range(of: "name: \"\(target)\"") else {
                Issue.record("\(target) is not in Package.swift"); continue
            }
            let rest = package[start.upperBound...]
            let end = ["\n        .target(", "\n        .executableTarget(", "\n        .testTarget(", "\n        .systemLibrary("]
                .compactMap { rest.range(of: $0)?.lowerBound }.min() ?? rest.endIndex
            let entry = rest[..<end]
            for module in modules.subtracting(Self.system).sorted() {
                #expect(entry.contains("\"\(module)\""), "Package.swift: \(target) imports \(module) without declaring it")
            }
        }
    }

    @Test func onlyGSLKitTouchesGSLAndOnlyReportsTouchTheSystemShimAndTheWorkbookLibrary() throws {
        for target in Self.allowed.keys.sorted() {
            let modules = try Self.imports(of: target).modules
            #expect(modules.contains("CGSL") == (target == "GSLKit"), "\(target) and CGSL")
            #expect(modules.contains("CRename") == (target == "FeeSimReports"), "\(target) and CRename")
            #expect(modules.contains("CXLSX") == (target == "FeeSimReports"), "\(target) and CXLSX")
        }
    }
}

@Suite struct StreamRegistryTests {
    @Test func noTwoUsesShareARandomStreamID() {
        let fixed = StreamIDs.all.map(\.1)
        let household = RandomStreamID.allCases.map { UInt64($0.rawValue) }
        #expect(Set(fixed + household).count == fixed.count + household.count)
        // The pilots' range (1000 + k) stays clear of every other id.
        #expect(fixed.filter { $0 > StreamIDs.pilotBuildings }.isEmpty && household.allSatisfy { $0 < StreamIDs.pilotBuildings })
    }
}
