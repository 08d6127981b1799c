import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimReports
@testable import FeeSimServer

/// Issue 21, through the binary and the workbench: FeeSim writes through no link planted at a path it writes, and
/// every write error, a real full disk included, is "cannot write PATH: reason" in the system's words.
@Suite(.serialized) struct WriteSafetyTests {
    static let precious = "precious: not FeeSim's to write\n"

    /// A file outside the output folder that a planted link points at, and a check that it is untouched.
    static func victim(in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent("victim.txt")
        try precious.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func untouched(_ url: URL) -> Bool { (try? String(contentsOf: url, encoding: .utf8)) == precious }

    @Test func aLinkAtTheLockFileIsRefusedAndItsTargetUntouched() throws {
        let dir = try ReliabilityTests.tinyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = try Self.victim(in: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("out/.feesim-lock-tiny").path,
            withDestinationPath: victim.path)
        let run = try Binary.feesim(["run", "tiny.yaml", "--out", "out", "-q"], in: dir)
        #expect(run.status != 0 && run.stderr.contains("symbolic link"), "\(run.stderr)")
        #expect(Self.untouched(victim))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/tiny").path))
    }

    @Test func linksPlantedAtEveryPathFeeSimWritesLeaveTheirTargetsUntouched() throws {
        let dir = try ReliabilityTests.tinyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let victim = try Self.victim(in: dir)
        let victimFolder = dir.appendingPathComponent("elsewhere")
        try fm.createDirectory(at: victimFolder, withIntermediateDirectories: true)
        try Self.precious.write(to: victimFolder.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
        try fm.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        // The result folder itself is a link to a folder elsewhere: the run replaces the link, never fills its target.
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("out/tiny").path, withDestinationPath: victimFolder.path)
        let run = try Binary.feesim(["run", "tiny.yaml", "--out", "out", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: victimFolder.path) == ["keep.txt"])
        #expect(Self.untouched(victimFolder.appendingPathComponent("keep.txt")))
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("out/tiny/manifest.json").path))
        // A ledger written over a link, and an import whose scenario and state files are links.
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("ledger.csv").path, withDestinationPath: victim.path)
        let ledger = try Binary.feesim(["ledger", "tiny.yaml", "--out", "ledger.csv"], in: dir)
        #expect(ledger.status == 0, "\(ledger.stderr)")
        #expect(Self.untouched(victim))
        try fm.createDirectory(at: dir.appendingPathComponent("imported"), withIntermediateDirectories: true)
        for file in ["ledger.yaml", "ledger-state.csv"] {
            try fm.createSymbolicLink(atPath: dir.appendingPathComponent("imported/\(file)").path, withDestinationPath: victim.path)
        }
        let imported = try Binary.feesim(["import", "ledger.csv", "--out", "imported"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(Self.untouched(victim))
    }

    @Test func theWorkbenchsExportWritesThroughNoLink() async throws {
        let root = try ServeTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let victim = try Self.victim(in: root)
        let results = root.appendingPathComponent("Results")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: results.appendingPathComponent(".feesim-lock-board").path,
            withDestinationPath: victim.path)
        let request = WorkbenchServer.FileRequest(variant: ServeTests.variant(), name: "board")
        try await ServeTests.app(ServeTests.server(root: root)).test(.router) { client in
            try await client.execute(uri: "/api/export", method: .post, headers: ServeTests.page, body: ServeTests.body(request)) {
                response in
                #expect(
                    response.status.code >= 400 && String(buffer: response.body).contains("symbolic link"),
                    "\(String(buffer: response.body))")
            }
        }
        #expect(Self.untouched(victim))
    }

    @Test func systemErrorsAreNamedInTheSystemsWords() throws {
        let url = URL(fileURLWithPath: "/some/where/report.html")
        for (error, words) in [
            (CocoaError(.fileWriteOutOfSpace) as Error, "No space left on device"),
            (POSIXError(.ENOSPC), "No space left on device"), (POSIXError(.EDQUOT), "quota"),
            (CocoaError(.fileWriteVolumeReadOnly), "Read-only file system"),
            (NSError(domain: NSCocoaErrorDomain, code: 640, userInfo: [:]), "No space left on device")
        ] {
            let thrown = #expect(throws: ResultFolderError.self) { try ResultFolderError.wrap("write", url) { throw error } }
            #expect(thrown?.description.hasPrefix("cannot write /some/where/report.html: ") == true)
            #expect(
                thrown?.description.contains(words) == true && thrown?.description.contains("Domain") == false,
                "\(String(describing: thrown))")
        }
    }

    /// A real full disk: a 64 KiB tmpfs, where the machine lets the tests mount one (root with CAP_SYS_ADMIN).
    @Test func aRealFullDiskIsNamedByEveryWriter() throws {
        let dir = try ReliabilityTests.tinyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let small = dir.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        func run(_ tool: String, _ arguments: [String]) -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = arguments
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { return -1 }
            p.waitUntilExit()
            return p.terminationStatus
        }
        guard getuid() == 0, run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", small.path]) == 0 else {
            print(
                "aRealFullDiskIsNamedByEveryWriter: skipped, this machine does not let the tests mount a tmpfs (needs root with CAP_SYS_ADMIN)"
            )
            return
        }
        defer { _ = run("/bin/umount", [small.path]) }
        let runFull = try Binary.feesim(["run", "tiny.yaml", "-r", "3000", "--out", small.path, "-q"], in: dir)
        let ledgerFull = try Binary.feesim(["ledger", "tiny.yaml", "--months", "1200", "--out", "\(small.path)/l.csv"], in: dir)
        for out in [runFull, ledgerFull] {
            #expect(out.status != 0)
            #expect(out.stderr.contains("cannot write \(small.path)") && out.stderr.contains("No space left on device"), "\(out.stderr)")
            #expect(!out.stderr.contains("NSCocoaErrorDomain") && !out.stderr.contains("Code="), "\(out.stderr)")
        }
    }
}
