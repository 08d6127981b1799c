import FeeSimReports
import FeeSimScenario
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// No run loses a completed result: kills at every step of a result folder's commit, two runs into one folder,
/// a sweep rerun killed early, environment faults, and imports that refuse rather than guess.
@Suite(.serialized) struct ReliabilityTests {
    static func tinyFolder() throws -> URL {
        let dir = try Fixture.temporaryFolder()
        try Binary.tinyScenario.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    /// The files of a run's folder and their bytes.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            out[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return out
    }

    @Test(arguments: [("before", false), ("exchanged", false), ("before", true), ("moved-aside", true), ("renamed", true)])
    func aKillAtAnyCommitStepLeavesTheOldOrTheNewResultsWhole(step: String, twoRenames: Bool) throws {
        let dir = try Self.tinyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out/tiny")
        #expect(try Binary.feesim(["run", "tiny.yaml", "--out", "out", "-q"], in: dir).status == 0)
        let old = try Self.snapshot(target)
        var env = ["FEESIM_FAULT_KILL_AT": step]
        if twoRenames { env["FEESIM_FAULT_NO_EXCHANGE"] = "1" }
        let killed = try Binary.feesim(["run", "tiny.yaml", "--out", "out", "--seed", "12", "-q"], in: dir, environment: env)
        #expect(killed.status != 0)   // it really died there
        // A kill between the two renames leaves the name empty until the next run puts the old results back.
        if step == "moved-aside" {
            #expect(!FileManager.default.fileExists(atPath: target.path))
            let next = try Binary.feesim(
                [
                    "run", "tiny.yaml", "--out", "out", "--seed", "12", "-q",
                    "--replications", "1"
                ], in: dir, environment: ["FEESIM_FAULT_KILL_AT": "before"])
            #expect(next.status != 0)
        }
        let after = try Self.snapshot(target)
        #expect(after.keys.sorted() == old.keys.sorted())   // complete: every file
        let isOld = after == old
        #expect(
            isOld == (step == "before" || step == "moved-aside"),
            "after a kill at \(step) the folder holds the \(isOld ? "old" : "new") results")
        // The next run cleans up whatever the killed one left.
        #expect(try Binary.feesim(["run", "tiny.yaml", "--out", "out", "-q"], in: dir).status == 0)
        #expect(try Binary.visibleItems(dir.appendingPathComponent("out")) == ["tiny"])
        var final = try Self.snapshot(target), first = old
        final["manifest.json"] = nil; first["manifest.json"] = nil   // it records the run's start and wall time
        #expect(final == first)
    }

    @Test func aSecondRunIntoTheSameFolderStopsAtOnceAndTouchesNothing() throws {
        let dir = try Self.tinyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Binary.feesim(["run", "tiny.yaml", "--out", "out", "-q"], in: dir).status == 0)
        let before = try Self.snapshot(dir.appendingPathComponent("out/tiny"))
        // Another process holds the folder's lock, as a running feesim would.
        let lockFile = dir.appendingPathComponent("out/.feesim-lock-tiny")
        let fd = open(lockFile.path, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        _ = "4242\n".withCString { write(fd, $0, 5) }
        let second = try Binary.feesim(["run", "tiny.yaml", "--out", "out", "--seed", "12", "-q"], in: dir)
        #expect(second.status != 0)
        #expect(second.stderr.contains("another feesim run (process 4242) is writing"), "\(second.stderr)")
        #expect(try Self.snapshot(dir.appendingPathComponent("out/tiny")) == before)
        close(fd)
        // Once the holder is gone the folder is free again.
        #expect(try Binary.feesim(["run", "tiny.yaml", "--out", "out", "-q"], in: dir).status == 0)
    }

    @Test func twoRunsStartedTogetherIntoOneFolderNeverMixOrLoseResults() throws {
        let dir = try Self.tinyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A long first run (thousands of replications), and a second started while it holds the folder.
        let first = Process()
        first.executableURL = try Binary.executable()
        first.arguments = ["run", "tiny.yaml", "--out", "out", "--replications", "4000", "-q"]
        first.currentDirectoryURL = dir
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        let lockFile = dir.appendingPathComponent("out/.feesim-lock-tiny")
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline,
            (try? String(contentsOf: lockFile, encoding: .utf8))?.hasPrefix("\(first.processIdentifier)") != true
        {
            usleep(20_000)
        }
        let second = try Binary.feesim(["run", "tiny.yaml", "--out", "out", "--seed", "12", "-q"], in: dir)
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        if second.status != 0 {
            #expect(second.stderr.contains("another feesim run (process \(first.processIdentifier))"), "\(second.stderr)")
        }
        // Whichever order they ran in, the folder holds one complete run: the first's 4,000 replications, or the
        // second's 5 if it started after the first had finished.
        let rows =
            try String(contentsOf: dir.appendingPathComponent("out/tiny/replications.csv"), encoding: .utf8)
            .split(separator: "\n").count - 1
        #expect(rows == (second.status == 0 ? 5 : 4000))
        #expect(try Binary.visibleItems(dir.appendingPathComponent("out")) == ["tiny"])
    }

    @Test func aSweepRerunKilledEarlyKeepsTheCompletePointsFile() throws {
        let dir = try SweepCommandTests.studyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Binary.feesim(["sweep", "study.yaml", "--out", "out", "-q"], in: dir).status == 0)
        let file = dir.appendingPathComponent("out/study/points.csv")
        let complete = try Data(contentsOf: file)
        // A rerun that fails before its first row (here a folder stands where its partial file goes) leaves it whole:
        // rows go to points.csv.part, which replaces points.csv only when the run completes.
        let partial = dir.appendingPathComponent("out/study/points.csv.part")
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)   // a folder in the way
        let rerun = try Binary.feesim(["sweep", "study.yaml", "--out", "out", "-q"], in: dir)
        #expect(rerun.status != 0 && rerun.stderr.contains("points.csv.part"), "\(rerun.stderr)")
        #expect(try Data(contentsOf: file) == complete)
        try FileManager.default.removeItem(at: partial)
        #expect(try Binary.feesim(["sweep", "study.yaml", "--out", "out", "-q"], in: dir).status == 0)
        #expect(try Data(contentsOf: file) == complete)   // rerun to the end: the same points
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }

    @Test func aFullDiskFailsTheRunWithANamedErrorAndKeepsTheOldResults() throws {
        let dir = try Self.tinyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Binary.feesim(["run", "tiny.yaml", "--out", "out", "-q"], in: dir).status == 0)
        let before = try Self.snapshot(dir.appendingPathComponent("out/tiny"))
        let full = try Binary.feesim(
            ["run", "tiny.yaml", "--out", "out", "--seed", "12", "-q"], in: dir,
            environment: ["FEESIM_FAULT_DISK_FULL": "1"])
        #expect(full.status != 0)
        #expect(full.stderr.contains("cannot write") && full.stderr.contains("No space left on device"), "\(full.stderr)")
        #expect(try Self.snapshot(dir.appendingPathComponent("out/tiny")) == before)
        #expect(try Binary.visibleItems(dir.appendingPathComponent("out")) == ["tiny"])
    }

    @Test func formattingLargeOrNonFiniteFiguresNeverTraps() {
        #expect(Format.thousands(1_234_567.8) == "1,234,568")
        #expect(Format.thousands(-1_000) == "-1,000")
        #expect(Format.thousands(.nan) == "–" && Format.thousands(-.infinity) == "–")
        #expect(Format.thousands(1e19) == "1.000e+19")
        #expect(CSVFormat.number(1e300) == "1e+300" && CSVFormat.number(.nan) == "")
    }

    @Test func outputFolderFaultsAreNamedErrors() throws {
        let dir = try Self.tinyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("afile"))
        let atFile = try Binary.feesim(["run", "tiny.yaml", "--out", "afile", "-q"], in: dir)
        #expect(atFile.status != 0 && atFile.stderr.contains("'afile' is a file, not a folder"), "\(atFile.stderr)")
        let empty = try Binary.feesim(["run", "tiny.yaml", "--out", "", "-q"], in: dir)
        #expect(empty.status != 0 && empty.stderr.contains("--out must name a folder"))
        // A folder this user cannot write: the error names the path and the reason (root can write anywhere).
        if getuid() != 0 {
            let locked = dir.appendingPathComponent("locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            chmod(locked.path, 0o555)
            defer { chmod(locked.path, 0o755) }
            let denied = try Binary.feesim(["run", "tiny.yaml", "--out", "locked/sub", "-q"], in: dir)
            #expect(denied.status != 0 && denied.stderr.contains("locked") && !denied.stderr.contains("NSCocoaErrorDomain"))
        }
        #expect(!atFile.stderr.contains("NSCocoaErrorDomain") && !empty.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func importRefusesWhatItWouldOtherwiseGuess() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // GBK-encoded unit ids (物业): refused with the conversion command.
        var gbk = Data((Ledger.header + "\n").utf8)
        gbk += Data([0xCE, 0xEF, 0xD2, 0xB5]) + Data(",B1,80,1,160,160,,\n".utf8)
        let gbkError = #expect(throws: ScenarioError.self) { try Ledger.decode(gbk, file: "l.csv") }
        #expect(gbkError?.description.contains("iconv -f GB18030 -t UTF-8") == true)
        // A byte-order mark is fine.
        let bom = Data([0xEF, 0xBB, 0xBF]) + Data((Ledger.header + "\n").utf8)
        #expect(try Ledger.decode(bom, file: "l.csv").hasPrefix("unit_id"))
        // Month numbers order as numbers: 8, 9, …, 13, not "10" < "8".
        var text = Ledger.header + "\n"
        for m in 8...13 { text += "U1,B1,80,\(m),160,\(m == 13 ? 0 : 160),,\n" }
        let ledger = try Ledger.parse(text, file: "l.csv")
        let estimate = ledger.estimate(name: "x", stateFile: "x-state.csv", horizon: 12)
        #expect(estimate.months == 6)
        #expect(estimate.stateCSV.contains(",1\n"))   // unpaid in the last month (13): one month of arrears
        // Calendar months in two spellings are one month; non-finite amounts are refused.
        let twice = Ledger.header + "\nU1,B1,80,2025-3,160,160,,\nU1,B1,80,2025-03,160,160,,\n"
        #expect(throws: ScenarioError.self) { try Ledger.parse(twice, file: "l.csv") }
        let padded = Ledger.header + "\nU1,B1,80,3,160,160,,\nU1,B1,80,03,160,160,,\n"
        #expect(throws: ScenarioError.self) { try Ledger.parse(padded, file: "l.csv") }
        let inf = Ledger.header + "\nU1,B1,80,1,inf,160,,\n"
        #expect(throws: ScenarioError.self) { try Ledger.parse(inf, file: "l.csv") }
        // Through the command: --name cannot leave --out, and a failed import leaves nothing behind.
        try Data(text.utf8).write(to: dir.appendingPathComponent("ledger.csv"))
        let escape = try Binary.feesim(["import", "ledger.csv", "--name", "../../x", "--out", "out"], in: dir)
        #expect(escape.status != 0 && escape.stderr.contains("plain file name"))
        try gbk.write(to: dir.appendingPathComponent("gbk.csv"))
        let failed = try Binary.feesim(["import", "gbk.csv", "--out", "out"], in: dir)
        #expect(failed.status != 0 && failed.stderr.contains("iconv"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path)) ?? []).isEmpty)
    }

    @Test func studiesAndSeriesBeyondTheirLimitsAreRefusedBeforeAnythingRuns() throws {
        let dir = try SweepCommandTests.studyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try String(contentsOf: dir.appendingPathComponent("study.yaml"), encoding: .utf8)
        // A 1000⁵ grid: counted, not built.
        let grid = study.replacingOccurrences(of: "design: latin_hypercube", with: "design: grid")
            .replacingOccurrences(of: "{min: 0, max: 1}", with: "{min: 0, max: 1, levels: 1000}")
            .replacingOccurrences(of: "{values: [1, 2, 3]}", with: "{min: 0.5, max: 3, levels: 1000}")
            .replacingOccurrences(
                of: "parameters:\n",
                with: "parameters:\n"
                    + "  levers.transparency.reach: {min: 0, max: 1, levels: 1000}\n"
                    + "  levers.transparency.trust_gain: {min: 0, max: 0.1, levels: 1000}\n"
                    + "  levers.legal.win_prob: {min: 0.5, max: 1, levels: 1000}\n")
        try grid.write(to: dir.appendingPathComponent("grid.yaml"), atomically: true, encoding: .utf8)
        for command in ["plan", "sweep"] {
            let r = try Binary.feesim(
                [command, "grid.yaml", "--out", "out", "-q"].filter { command == "sweep" || !["--out", "out", "-q"].contains($0) }, in: dir)
            #expect(r.status != 0 && r.stderr.contains("10000000"), "\(command): \(r.stderr)")
        }
        // An output the sweep would refuse is refused by plan too.
        let badOutput = study.replacingOccurrences(of: "outputs: [", with: "outputs: [no_such_output, ")
        try badOutput.write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let plan = try Binary.feesim(["plan", "bad.yaml"], in: dir)
        #expect(plan.status != 0 && plan.stderr.contains("unknown output 'no_such_output'"), "\(plan.stderr)")
        // extends: at a file that is not YAML keys names the problem without printing the file.
        try "root:x:0:0:root:/root:/bin/bash\n".write(to: dir.appendingPathComponent("passwd"), atomically: true, encoding: .utf8)
        try "extends: passwd\n".write(to: dir.appendingPathComponent("ext.yaml"), atomically: true, encoding: .utf8)
        let ext = try Binary.feesim(["validate", "ext.yaml"], in: dir)
        #expect(ext.status != 0 && ext.stdout.contains("not a FeeSim input") && !ext.stdout.contains("root:x"), "\(ext.stdout)")
        // The same text in a file with a YAML name is read (it is in the project) and described, not quoted.
        try "root:x:0:0:root:/root:/bin/bash\n".write(to: dir.appendingPathComponent("passwd.yaml"), atomically: true, encoding: .utf8)
        try "extends: passwd.yaml\n".write(to: dir.appendingPathComponent("ext.yaml"), atomically: true, encoding: .utf8)
        let named = try Binary.feesim(["validate", "ext.yaml"], in: dir)
        #expect(named.status != 0 && named.stdout.contains("must be a mapping") && !named.stdout.contains("root:x"), "\(named.stdout)")
        // An observed month past the horizon limit.
        try "month,rate\n9223372036854775807,0.5\n".write(to: dir.appendingPathComponent("obs.csv"), atomically: true, encoding: .utf8)
        let series = try Binary.feesim(
            [
                "calibrate", "base.yaml", "--observed", "obs.csv", "--parameter",
                "behaviour.grievance_entry=0:0.1", "--out", "out"
            ], in: dir)
        #expect(series.status != 0 && series.stderr.contains("obs.csv:2") && series.stderr.contains("1…1200"), "\(series.stderr)")
    }
}
