import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `feesim serve` as a user meets it: the binary on a free loopback port, the page in real headless Chromium
/// driven by Selenium (Tests/e2e/workbench_e2e.py), and a graceful stop on SIGTERM.
@Suite(.serialized) struct ServeBrowserTests {
    /// Debian's python3 with Selenium (installed from PyPI by .ci/run) and chromedriver from chromium-driver.
    static let ready: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
            let python = CompareCommandTests.python
        else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import selenium"]
        p.standardError = Pipe()
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// A running `feesim serve --port 0` over `root`, and the URL it printed.
    final class Server {
        let process = Process()
        var url = ""
        private let output = Pipe()

        init(root: URL) throws {
            process.executableURL = try Binary.executable()
            process.arguments = ["serve", "--port", "0", "--root", root.path]
            process.standardOutput = output
            process.standardError = Pipe()
            try process.run()
            // The first line says where it listens: "FeeSim workbench: open http://127.0.0.1:PORT/ (Ctrl-C to stop)".
            var text = ""
            let deadline = Date().addingTimeInterval(30)
            while !text.contains("\n") && Date() < deadline {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let start = text.range(of: "http://"), let end = text[start.lowerBound...].firstIndex(of: " ") else {
                process.terminate()
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "feesim serve printed: \(text)"])
            }
            url = String(text[start.lowerBound..<end])
        }

        /// Sends `signal` (SIGTERM, or SIGINT as Ctrl-C does) and waits; returns the exit status and the seconds it took.
        func stop(_ signal: Int32 = SIGTERM) -> (Int32, Double) {
            let start = Date()
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            return (process.terminationStatus, Date().timeIntervalSince(start))
        }
    }

    @Test(.enabled(if: ready, "needs chromium, chromium-driver and Selenium (installed by .ci/run)"))
    func aPlannerEditsSwitchesStrategyAndBackKeepingEditsSeesErrorsBesideFieldsAsksWhatItTakesSavesAndExports() throws {
        let root = try ServeTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try Server(root: root)
        defer { _ = server.stop() }
        let script = Fixture.packageRoot.appendingPathComponent("Tests/e2e/workbench_e2e.py").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CompareCommandTests.python!)
        // A debug build simulates about ten times slower than a release one: a smaller question keeps it quick. 30
        // replications: the page answers from the first 20, then refines to all 30 (the script checks both).
        p.arguments = [script, server.url, root.path, "--replications", "30", "--months", "12"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(e)")
        // Every change had a first answer from 20 replications before the full one (the script checks what each said).
        #expect(o.contains("\"timings_ms\"") && o.contains("\"first_answer_ms\": {\"") && !o.contains("\"first_answer_ms\": {}"), "\(o)")
        // What the page saved and exported is on disk, and nothing else was written outside Scenarios/ and Results/.
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Scenarios/mixed/e2e-variant.yaml").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Results/e2e-variant/report.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["Results", "Scenarios"])
    }

    @Test func theServerStopsGracefullyOnSIGTERMWithNothingHalfWritten() throws {
        let root = try ServeTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try Server(root: root)
        #expect(server.url.hasPrefix("http://127.0.0.1:"))
        // It answers, then stops within seconds with status 0.
        let page = try Data(contentsOf: URL(string: server.url + "healthz")!)
        #expect(String(decoding: page, as: UTF8.self) == "ok")
        // A second server on the same port says so in one line.
        let port = String(server.url.split(separator: ":").last!.dropLast())
        let second = try Binary.feesim(["serve", "--port", port, "--root", root.path], in: root)
        #expect(second.status == 1 && second.stderr.contains("is in use"), "\(second.stderr)")
        let (status, seconds) = server.stop()
        #expect(status == 0)
        #expect(seconds < 15)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Results").path))
    }

    /// Ctrl-C (SIGINT) is a graceful stop too: Hummingbird's service lifecycle shuts the server down and the command
    /// returns with status 0.
    @Test func ctrlCStopsTheServerGracefully() throws {
        let root = try ServeTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try Server(root: root)
        let page = try Data(contentsOf: URL(string: server.url + "healthz")!)
        #expect(String(decoding: page, as: UTF8.self) == "ok")
        let (status, seconds) = server.stop(SIGINT)
        #expect(status == 0)
        #expect(seconds < 15)
    }
}
