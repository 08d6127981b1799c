import Foundation
import Testing

/// End to end: `feesim compare` on a small comparison, and its HTML report in a real headless browser.
@Suite(.serialized) struct CompareCommandTests {
    /// A comparison of the mixed community's status quo with two strategies, small enough for a debug build.
    static func comparisonFolder(uncertainty: Bool = false) throws -> URL {
        let dir = try Fixture.temporaryFolder()
        let scenarios = Fixture.packageRoot.appendingPathComponent("Scenarios").path
        let text = """
            description: Small test comparison
            baseline: \(scenarios)/mixed-status-quo.yaml
            variants: [\(scenarios)/mixed-full-plan.yaml, \(scenarios)/mixed-cogovernance.yaml]
            replications: 6
            months: 12
            """ + (uncertainty ? "\nuncertainty: {sets: 4, replications: 1}\n" : "")
        try text.write(to: dir.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func compareWritesTablesAndReportsAndStreamsJSONProgress() throws {
        let dir = try Self.comparisonFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CommandLineTests.feesim(["compare", "small.yaml", "--out", "out", "--excel", "--progress", "json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let folder = dir.appendingPathComponent("out/small")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["costbenefit.csv", "manifest.json", "report.html", "report.md", "targets.csv"])
        let csv = try Data(contentsOf: folder.appendingPathComponent("costbenefit.csv"))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])                 // --excel
        let targets = try String(contentsOf: folder.appendingPathComponent("targets.csv"), encoding: .utf8)
        #expect(targets.split(separator: "\n").count == 4)                    // header + 3 variants
        // One JSON line per finished replication: 3 variants × 6 replications.
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("{\"scenario\":") }
        #expect(lines.count == 18)
        #expect(lines.last?.contains("\"finished\":6,\"total\":6") == true)
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg").count - 1 == 3 + 3)      // a fan per variant, 3 more charts
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
    }

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func scenariosComparedDirectlyGetAReadableFolderAndTheGivenTitle() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenarios = Fixture.packageRoot.appendingPathComponent("Scenarios").path
        let run = try CommandLineTests.feesim(["compare", "\(scenarios)/mixed-status-quo.yaml", "\(scenarios)/mixed-full-plan.yaml",
                                               "\(scenarios)/mixed-cogovernance.yaml", "-r", "2", "--months", "12",
                                               "--title", "Board meeting, March", "--out", "out", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try String(contentsOf: dir.appendingPathComponent("out/mixed-status-quo-vs-full-plan-cogovernance/report.md"),
                                encoding: .utf8)
        #expect(report.hasPrefix("# Fee-collection strategies compared: Board meeting, March"))
    }

    @Test(.enabled(if: chromium != nil, "needs Debian's chromium (installed by .ci/run)"), arguments: ["en", "zh"])
    func reportRendersInHeadlessChromiumWithoutConsoleErrors(language: String) throws {
        let dir = try Self.comparisonFolder(uncertainty: true)   // the page with every section
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CommandLineTests.feesim(["compare", "small.yaml", "--out", "out", "--lang", language, "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        // Each language has its own folder: the Chinese report never replaces the English one.
        let report = dir.appendingPathComponent(language == "zh" ? "out/small-zh/report.html" : "out/small/report.html")
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains(language == "zh" ? "收缴率" : "Collection rate"))
        #expect(html.contains(language == "zh" ? "一览" : "At a glance"))
        #expect(html.contains(language == "zh" ? "不确定性下的决策" : "Decisions under uncertainty"))
        let shot = dir.appendingPathComponent("shot.png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr",
                             "--v=0", "--window-size=1100,2400", "--screenshot=\(shot.path)", report.absoluteString]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // The page logs nothing to its console (it has no scripts; any message would be an error or warning).
        #expect(!log.contains("CONSOLE"), "\(log)")
        #expect(!log.contains("Uncaught"))
        // Not blank: an empty page of this size shoots to about 16 kB of PNG; the report's charts to several
        // hundred kB.
        let size = (try FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
        #expect(size > 100_000, "screenshot is \(size) bytes")
    }
}
