import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

/// Issue 21, through the `feesim` binary: no file that is not a project input is read or echoed, none is read
/// whole before its size is known, every count and length is bounded before the work it would cause, and the
/// messages say what is wrong in a few words.
@Suite(.serialized) struct InputConfinementTests {
    /// A project folder: `project/Scenarios/c/` holding the tiny community as `base.yaml`, and beside the project a
    /// folder `outside/` that is not part of it.
    static func project() throws -> (root: URL, community: URL, outside: URL) {
        let dir = try Fixture.temporaryFolder()
        let community = dir.appendingPathComponent("project/Scenarios/c")
        let outside = dir.appendingPathComponent("outside")
        for folder in [community, outside] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try Binary.tinyScenario.write(to: community.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        return (dir, community, outside)
    }

    static func write(_ text: String, _ url: URL) throws { try text.write(to: url, atomically: true, encoding: .utf8) }

    /// `feesim validate FILE`, which prints its verdict on stdout: both streams are returned as `stderr`.
    static func validate(_ file: URL, in dir: URL, environment: [String: String] = [:]) throws -> Binary.Output {
        var out = try Binary.feesim(["validate", file.path], in: dir, environment: environment)
        out.stderr = out.stdout + out.stderr
        return out
    }

    @Test func extendsAtProcSelfEnvironIsRefusedWithoutPrintingTheEnvironment() throws {
        let p = try Self.project()
        defer { try? FileManager.default.removeItem(at: p.root) }
        let file = p.community.appendingPathComponent("leak.yaml")
        try Self.write("extends: /proc/self/environ\n", file)
        let out = try Self.validate(file, in: p.root, environment: ["FEESIM_TEST_SECRET": "hunter2-environ-secret"])
        #expect(out.status != 0)
        #expect(!out.stderr.contains("hunter2") && !out.stdout.contains("hunter2"), "\(out.stderr.prefix(400))")
        #expect(out.stderr.contains("leak.yaml:1") && out.stderr.contains("not a FeeSim input"), "\(out.stderr)")
    }

    @Test func aShadowLikeFileOrAYAMLFileOutsideTheProjectIsNeverQuoted() throws {
        let p = try Self.project()
        defer { try? FileManager.default.removeItem(at: p.root) }
        try Self.write(
            "root:$6$SALTSECRET$hashhashhash:19000:0:99999:7:::\nsecret_key: KEYSECRET\n", p.outside.appendingPathComponent("shadow"))
        try Self.write("secret_key: YAMLSECRET\n", p.outside.appendingPathComponent("secret.yaml"))
        for (name, target) in [("a", "\(p.outside.path)/shadow"), ("b", "../../../outside/secret.yaml"), ("c", "/etc/shadow")] {
            let file = p.community.appendingPathComponent("\(name).yaml")
            try Self.write("extends: [base.yaml, \(target)]\n", file)
            let out = try Self.validate(file, in: p.root)
            #expect(out.status != 0)
            for secret in ["SALTSECRET", "KEYSECRET", "YAMLSECRET", "secret_key", "root:"] {
                #expect(!out.stderr.contains(secret), "\(target): \(out.stderr)")
            }
            #expect(out.stderr.contains("outside the project") || out.stderr.contains("not a FeeSim input"), "\(out.stderr)")
        }
    }

    @Test func aLinkOutOfTheProjectIsRefusedAndOneInsideItIsFollowed() throws {
        let p = try Self.project()
        defer { try? FileManager.default.removeItem(at: p.root) }
        try Self.write("secret_key: LINKSECRET\n", p.outside.appendingPathComponent("secret.yaml"))
        let fm = FileManager.default
        try fm.createSymbolicLink(
            atPath: p.community.appendingPathComponent("escape.yaml").path,
            withDestinationPath: p.outside.appendingPathComponent("secret.yaml").path)
        try fm.createSymbolicLink(atPath: p.community.appendingPathComponent("alias.yaml").path, withDestinationPath: "base.yaml")
        try Self.write("extends: escape.yaml\n", p.community.appendingPathComponent("bad.yaml"))
        try Self.write("extends: alias.yaml\nmonths: 6\n", p.community.appendingPathComponent("good.yaml"))
        let bad = try Self.validate(p.community.appendingPathComponent("bad.yaml"), in: p.root)
        #expect(bad.status != 0 && !bad.stderr.contains("LINKSECRET") && bad.stderr.contains("is a link to"), "\(bad.stderr)")
        let good = try Self.validate(p.community.appendingPathComponent("good.yaml"), in: p.root)
        #expect(good.status == 0, "\(good.stderr)")
    }

    @Test(.timeLimit(.minutes(1))) func aHugeSparseFileAndAPipeAreRefusedBeforeAnythingIsRead() throws {
        let p = try Self.project()
        defer { try? FileManager.default.removeItem(at: p.root) }
        let huge = p.community.appendingPathComponent("huge.yaml")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        #expect(truncate(huge.path, 3 << 30) == 0)   // 3 GiB, sparse: costs no disk
        #expect(mkfifo(p.community.appendingPathComponent("pipe.yaml").path, 0o600) == 0)
        for target in ["huge.yaml", "pipe.yaml"] {
            let file = p.community.appendingPathComponent("x-\(target)")
            try Self.write("extends: \(target)\n", file)
            let start = Date()
            let out = try Self.validate(file, in: p.root)
            #expect(out.status != 0)
            #expect(Date().timeIntervalSince(start) < 10, "\(target) took \(Date().timeIntervalSince(start)) s")
            #expect(out.stderr.contains(target == "huge.yaml" ? "refused before reading" : "not a regular file"), "\(out.stderr)")
        }
        // The file named on the command line gets the same checks.
        let direct = try Self.validate(huge, in: p.root)
        #expect(direct.status != 0 && direct.stderr.contains("refused before reading"), "\(direct.stderr)")
    }

    @Test func twoStrategiesSharingABaseAreADiamondNotACycle() throws {
        let p = try Self.project()
        defer { try? FileManager.default.removeItem(at: p.root) }
        try Self.write("extends: base.yaml\nmonths: 9\n", p.community.appendingPathComponent("left.yaml"))
        try Self.write("extends: base.yaml\nreplications: 3\n", p.community.appendingPathComponent("right.yaml"))
        try Self.write("extends: [left.yaml, right.yaml]\n", p.community.appendingPathComponent("top.yaml"))
        let diamond = try Self.validate(p.community.appendingPathComponent("top.yaml"), in: p.root)
        #expect(diamond.status == 0, "\(diamond.stderr)")
        // A real cycle is still one, and named with its files.
        try Self.write("extends: loop-b.yaml\n", p.community.appendingPathComponent("loop-a.yaml"))
        try Self.write("extends: loop-a.yaml\n", p.community.appendingPathComponent("loop-b.yaml"))
        let cycle = try Self.validate(p.community.appendingPathComponent("loop-a.yaml"), in: p.root)
        #expect(cycle.status != 0 && cycle.stderr.contains("cycle"), "\(cycle.stderr)")
    }

    @Test func aComparisonFileWithAYAMLErrorIsCalledAComparisonFile() throws {
        let p = try Self.project()
        defer { try? FileManager.default.removeItem(at: p.root) }
        let file = p.community.appendingPathComponent("compare.yaml")
        try Self.write("baseline: base.yaml\nvariants: [base.yaml\n", file)
        let out = try Binary.feesim(["compare", file.path, "--out", "out", "-q"], in: p.root)
        #expect(out.status != 0)
        #expect(out.stderr.contains("comparison file") && !out.stderr.contains("is a scenario"), "\(out.stderr)")
        #expect(out.stderr.contains("compare.yaml:"), "\(out.stderr)")
    }

    @Test func manyVariantsAreCountedAndToldApartBeforeAnyIsLoaded() throws {
        let p = try Self.project()
        defer { try? FileManager.default.removeItem(at: p.root) }
        let many = p.community.appendingPathComponent("many.yaml")
        try Self.write("baseline: base.yaml\nvariants:\n" + String(repeating: "  - base.yaml\n", count: 5_000), many)
        var start = Date()
        let out = try Self.validate(many, in: p.root)
        #expect(out.status != 0 && out.stderr.contains("at most \(ComparisonFile.maximumVariants)"), "\(out.stderr.prefix(300))")
        #expect(Date().timeIntervalSince(start) < 5)
        // A duplicate is refused before the files are read: here the duplicate does not even load.
        try Self.write("months: [", p.community.appendingPathComponent("broken.yaml"))
        let twice = p.community.appendingPathComponent("twice.yaml")
        try Self.write("baseline: base.yaml\nvariants: [broken.yaml, broken.yaml]\n", twice)
        start = Date()
        let dup = try Self.validate(twice, in: p.root)
        #expect(dup.status != 0 && dup.stderr.contains("different scenario file"), "\(dup.stderr)")
    }

    @Test func longValuesAreCutOnceAndLongPathsGetNoSlowSuggestions() throws {
        let p = try Self.project()
        defer { try? FileManager.default.removeItem(at: p.root) }
        let long = String(repeating: "v", count: 100_000)
        let file = p.community.appendingPathComponent("long.yaml")
        try Self.write("baseline: base.yaml\nvariants: [\(long).yaml]\n", file)
        let out = try Self.validate(file, in: p.root)
        #expect(out.status != 0 && out.stderr.utf8.count < 2_000, "\(out.stderr.utf8.count) bytes")
        // An unknown --set path of 100,000 characters, and 5,000 --set options: answered at once.
        var start = Date()
        let set = try Binary.feesim(
            ["run", "Scenarios/c/base.yaml", "--set", "\(long)=1", "--out", "out", "-q"],
            in: p.root.appendingPathComponent("project"))
        #expect(set.status != 0 && set.stderr.utf8.count < 2_000 && Date().timeIntervalSince(start) < 10, "\(set.stderr.prefix(300))")
        start = Date()
        let repeated = try Binary.feesim(
            ["run", "Scenarios/c/base.yaml", "--out", "out", "-q"]
                + Array(repeating: ["--set", "months=7"], count: 5_000).flatMap { $0 },
            in: p.root.appendingPathComponent("project"))
        #expect(
            repeated.status != 0 && repeated.stderr.contains("at most \(ParameterOverride.maximumCount)"), "\(repeated.stderr.prefix(300))")
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test func goalRefusesAHorizonShorterThanTheTargetWindowInsteadOfAnsweringNaN() throws {
        let p = try Self.project()
        defer { try? FileManager.default.removeItem(at: p.root) }
        let out = try Binary.feesim(
            [
                "goal", "Scenarios/c/base.yaml", "--parameter", "levers.cogovernance.mediation_prob",
                "--months", "3", "-r", "2", "--at-least", "2", "-q"
            ],
            in: p.root.appendingPathComponent("project"))
        #expect(out.status != 0 && out.stderr.contains("--months") && out.stderr.contains("target window"), "\(out.stderr)")
        #expect(!out.stdout.contains("NaN") && !out.stdout.contains("found"), "\(out.stdout)")
    }

    @Test func messagesNameFileAndLineAndListEachAllowedKeyOnce() throws {
        let p = try Self.project()
        defer { try? FileManager.default.removeItem(at: p.root) }
        let cost = p.community.appendingPathComponent("cost.yaml")
        try Self.write("extends: base.yaml\nrollout:\n  - {name: p, start_month: 1, buildings: all, levers: all, fixed_cost: 1e19}\n", cost)
        let out = try Self.validate(cost, in: p.root)
        #expect(out.status != 0 && out.stderr.contains("cost.yaml:3") && out.stderr.contains("rollout[0].fixed_cost"), "\(out.stderr)")
        let typo = p.community.appendingPathComponent("typo.yaml")
        try Self.write("extends: base.yaml\ncommunity: {households: 60, buildings: 3, fee_rate: 2, segmnets: {}}\n", typo)
        let t = try Self.validate(typo, in: p.root)
        let allowed = t.stderr.components(separatedBy: "Allowed here: ").last ?? ""
        let keys = allowed.split(separator: ".").first.map { $0.components(separatedBy: ", ") } ?? []
        #expect(t.status != 0 && !keys.isEmpty && Set(keys).count == keys.count, "\(t.stderr)")
    }
}
