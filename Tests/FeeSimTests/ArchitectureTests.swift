import Foundation
import Testing

/// The layering of docs/ARCHITECTURE.md, read from the sources: each target imports only what its layer allows,
/// Package.swift declares every target it imports, and neither the reports nor the workbench run a simulation.
@Suite struct ArchitectureTests {
    /// What each target may import besides the system's own modules.
    static let allowed: [String: Set<String>] = [
        "GSLKit": ["CGSL"],
        "FeeSimModel": ["GSLKit"],
        "FeeSimScenario": ["FeeSimModel", "GSLKit", "Yams", "ZIPFoundation", "XMLCoder"],
        "FeeSimExperiments": ["FeeSimModel", "FeeSimScenario", "GSLKit"],
        "FeeSimReports": ["FeeSimModel", "FeeSimScenario", "FeeSimExperiments", "CRename", "CXLSX"],
        // The workbench: the libraries behind HTTP; the only target that knows Hummingbird (and SwiftNIO's types).
        "FeeSimServer": ["FeeSimModel", "FeeSimScenario", "FeeSimExperiments", "FeeSimReports", "Hummingbird", "NIOCore"],
        "feesim": ["FeeSimModel", "FeeSimScenario", "FeeSimExperiments", "FeeSimReports", "FeeSimServer", "GSLKit", "ArgumentParser"]
    ]
    static let system: Set<String> = ["Foundation", "Dispatch", "Glibc", "Darwin"]

    /// The modules a target's files import, with whether every import of C is `internal`.
    static func imports(of target: String) throws -> (modules: Set<String>, cImportsInternal: Bool) {
        var modules = Set<String>(), cInternal = true
        for file in try SourceTree.files(under: "Sources/\(target)") {
            for line in file.lines {
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
            let end =
                ["\n        .target(", "\n        .executableTarget(", "\n        .testTarget(", "\n        .systemLibrary("]
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

    /// A call that runs simulations, as the sources spell it, and why it is forbidden where it is.
    struct EngineCall {
        let symbol: String
        let pattern: String
        /// Whether FeeSimServer may call it: the workbench may ask a study of FeeSimExperiments for its result, but
        /// never build or run a model itself.
        let studyLevel: Bool
    }

    /// Every entry point that builds a runnable model or runs simulations. Reports only render results, so they
    /// call none of them; the workbench asks the studies (``studyLevel``), never the engine below them.
    static let engineCalls: [EngineCall] = [
        // The engine: a compiled model, a replication, Monte Carlo and the runners built directly on it.
        EngineCall(symbol: "CompiledModel(", pattern: #"\bCompiledModel\("#, studyLevel: false),
        EngineCall(symbol: "Simulation(", pattern: #"\b(Zaklan)?Simulation\("#, studyLevel: false),
        EngineCall(symbol: "MonteCarlo.", pattern: #"\bMonteCarlo\.\w"#, studyLevel: false),
        EngineCall(symbol: "Comparison.run(", pattern: #"\bComparison\.run\("#, studyLevel: false),
        EngineCall(symbol: "ProbabilisticComparison.run(", pattern: #"\bProbabilisticComparison\.run\("#, studyLevel: false),
        EngineCall(symbol: "Tornado.run( / Tornado.ofBest(", pattern: #"\bTornado\.(run|ofBest)\("#, studyLevel: false),
        EngineCall(symbol: "Sweep.run(", pattern: #"\bSweep\.run\("#, studyLevel: false),
        EngineCall(symbol: "Calibration.run(", pattern: #"\bCalibration\.run\("#, studyLevel: false),
        EngineCall(symbol: "ParallelMap.run(", pattern: #"\bParallelMap\.run\("#, studyLevel: false),
        EngineCall(symbol: "WarmStarts(", pattern: #"\bWarmStarts\("#, studyLevel: false),
        EngineCall(
            symbol: "Benchmark runs",
            pattern: #"\bBenchmark\.(scaled|generatorRows?|scaling|probabilisticComparison|generatorDrawsPerSecond|time)\("#,
            studyLevel: false),
        // The studies: one call runs a whole study.
        EngineCall(symbol: "ComparisonStudy's runs", pattern: #"\.(runShard\(|run\(targets:|run\($)"#, studyLevel: true),
        EngineCall(symbol: "SensitivityStudy.run(", pattern: #"\bSensitivityStudy\.run\("#, studyLevel: true),
        EngineCall(symbol: "CalibrationStudy.run(", pattern: #"\bCalibrationStudy\.run\("#, studyLevel: true),
        EngineCall(symbol: "PilotStudy.run(", pattern: #"\bPilotStudy\.run\("#, studyLevel: true),
        EngineCall(symbol: "RobustStudy.run(", pattern: #"\bRobustStudy\.run\("#, studyLevel: true),
        EngineCall(symbol: "GoalSeek.smallest( / GoalSeek.range(", pattern: #"\bGoalSeek\.(smallest|range)\("#, studyLevel: true)
    ]

    /// The lines of `target` (file:line and the call) that make one of `calls`, comments left out.
    static func engineCalls(in target: String, _ calls: [EngineCall]) throws -> [String] {
        let compiled = try calls.map { (call: $0, regex: try Regex($0.pattern)) }
        var found: [String] = []
        for file in try SourceTree.files(under: "Sources/\(target)") {
            for (i, line) in file.code.enumerated() {
                for (call, regex) in compiled where line.contains(regex) {
                    found.append("\(file.path):\(i + 1): \(call.symbol) — \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        return found
    }

    @Test func reportsOnlyRenderAndNeverRunASimulation() throws {
        for call in try Self.engineCalls(in: "FeeSimReports", Self.engineCalls) {
            Issue.record("FeeSimReports runs simulations (pass a study's result in instead): \(call)")
        }
    }

    @Test func theWorkbenchAsksTheStudiesAndNeverRunsTheEngineItself() throws {
        for call in try Self.engineCalls(in: "FeeSimServer", Self.engineCalls.filter { !$0.studyLevel }) {
            Issue.record("FeeSimServer builds or runs a model itself (ask a study of FeeSimExperiments instead): \(call)")
        }
    }

    /// The check sees what it forbids: the commands and the studies do make these calls.
    @Test func theEngineCallCheckRecognisesTheCallsWhereTheyBelong() throws {
        let experiments = try Self.engineCalls(in: "FeeSimExperiments", Self.engineCalls).joined(separator: "\n")
        let commands = try Self.engineCalls(in: "feesim", Self.engineCalls).joined(separator: "\n")
        for symbol in ["CompiledModel(", "MonteCarlo.", "Comparison.run(", "ProbabilisticComparison.run(", "Benchmark runs"] {
            #expect(experiments.contains(symbol), "\(symbol) is not found in FeeSimExperiments: the pattern is stale")
        }
        #expect(commands.contains("ComparisonStudy's runs"), "the compare command's study run is not recognised")
        // A comment naming a forbidden call is not a call.
        let file = SourceTree.File(
            path: "x.swift",
            lines: [
                "/// runs `CompiledModel(s)`", "let a = 1 // MonteCarlo.run(m)",
                "let b = \"https://CompiledModel(\""
            ])
        #expect(file.code == ["", "let a = 1 ", "let b = \"https://CompiledModel(\""])
    }

    /// Files whose suites are split when the comparison study is refactored (issue 26): their extra suites test the
    /// comparison's reports, which that change rewrites. Remove a file from here once it holds one suite.
    static let suitesAwaitingTheirFiles: Set<String> = []

    /// A test is found by its file: each file of tests holds one suite, named for the file (`ChartTests` in
    /// ChartTests.swift), and support files (`Support+Binary.swift`) hold none.
    @Test func everyTestFileHoldsOneSuiteNamedForIt() throws {
        let suite = try Regex(#"^@Suite(\([^)]*\))? (struct|final class|enum|actor) (\w+)"#)
        for file in try SourceTree.files(under: "Tests/FeeSimTests") {
            let name = String(file.path.split(separator: "/").last!.dropLast(".swift".count))
            let suites = file.lines.compactMap { line in line.firstMatch(of: suite).map { String($0.output[3].substring!) } }
            let hasTests = file.code.contains { $0.contains("@Test") }
            if Self.suitesAwaitingTheirFiles.contains("\(name).swift") {
                #expect(suites.count > 1, "\(name).swift holds one suite now: drop it from suitesAwaitingTheirFiles")
                continue
            }
            if hasTests {
                #expect(suites == [name], "\(file.path) holds the suites \(suites), not one suite \(name)")
            } else {
                #expect(suites.isEmpty, "\(file.path) has no tests but declares the suites \(suites)")
            }
        }
    }
}
