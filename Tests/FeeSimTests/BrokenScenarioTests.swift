import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

/// Broken scenario files: each names the file, the line, the key path, the bad value and what is allowed.
@Suite struct BrokenScenarioTests {
    static let community = """
        community:
          households: 100
          buildings: 4
          fee_rate: 2
          segments:
            owner: {share: 0.7, propensity: {a: 2, b: 1}, trust: {a: 3, b: 3}}
            vacant: {share: 0.3, fee_multiplier: 0.5, propensity: {a: 1, b: 2}, trust: {a: 2, b: 3}}
        """

    /// Writes `text` to a fresh file and returns the error loading it raises.
    func error(_ text: String, name: String = "broken.yaml", extra: [String: String] = [:]) throws -> ScenarioError {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (file, body) in extra { try body.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8) }
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader.load(path: path)
        } catch let e as ScenarioError {
            #expect(e.location.file.hasSuffix(name) || extra.keys.contains { e.location.file.hasSuffix($0) })
            return e
        }
        Issue.record("loading succeeded but should have failed")
        return ScenarioError(location: SourceLocation(file: "", line: 0, column: 0), keyPath: "", value: nil, problem: "")
    }

    @Test func unknownKeySuggestsTheNearestValidKey() throws {
        let e = try error("monts: 12\n" + Self.community)
        #expect(e.keyPath == "monts")
        #expect(e.location.line == 1)
        #expect(e.problem.contains("did you mean 'months'?"))
    }

    @Test func unknownNestedKeyNamesItsFullPath() throws {
        let e = try error(Self.community + "\nlevers:\n  legal:\n    win_probability: 0.9\n")
        #expect(e.keyPath == "levers.legal.win_probability")
        #expect(e.location.line == 10)
        #expect(e.problem.contains("did you mean 'win_prob'?"))
    }

    @Test func probabilityOutOfRangeNamesValueAndRange() throws {
        let e = try error(Self.community + "\nbehaviour:\n  hardship_exit: 1.5\n")
        #expect(e.keyPath == "behaviour.hardship_exit")
        #expect(e.value == "1.5")
        #expect(e.location.line == 9)
        #expect(e.problem.contains("[0, 1]"))
        #expect(e.description.contains("broken.yaml:9:"))
    }

    @Test func sharesThatDoNotSumToOneAreRejected() throws {
        let e = try error(Self.community.replacingOccurrences(of: "share: 0.3", with: "share: 0.2"))
        #expect(e.keyPath == "community.segments")
        #expect(e.problem.contains("sum to 1"))
    }

    @Test func wrongTypeSaysWhatWasExpected() throws {
        let e = try error(Self.community.replacingOccurrences(of: "households: 100", with: "households: many"))
        #expect(e.keyPath == "community.households")
        #expect(e.value == "many")
        #expect(e.problem.contains("whole number"))
    }

    @Test func fractionalCountIsRejected() throws {
        let e = try error("replications: 2.5\n" + Self.community)
        #expect(e.keyPath == "replications")
        #expect(e.problem.contains("whole number in 1…"))
    }

    @Test func missingRequiredKeyIsNamed() throws {
        let e = try error(Self.community.replacingOccurrences(of: "  fee_rate: 2\n", with: ""))
        #expect(e.keyPath == "community.fee_rate")
        #expect(e.problem.contains("required"))
    }

    @Test func moreBuildingsThanHouseholdsIsRejected() throws {
        let e = try error(Self.community.replacingOccurrences(of: "buildings: 4", with: "buildings: 400"))
        #expect(e.keyPath == "community.buildings")
        #expect(e.problem.contains("1…100"))
    }

    @Test func unknownLeverInARolloutPhaseSuggestsOne() throws {
        let e = try error(Self.community + "\nrollout:\n  - {name: p, start_month: 1, levers: [transparancy]}\n")
        #expect(e.keyPath == "rollout[0].levers[0]")
        #expect(e.problem.contains("did you mean 'transparency'?"))
    }

    @Test func phaseEndingBeforeItStartsIsRejected() throws {
        let e = try error(Self.community + "\nrollout:\n  - {name: p, start_month: 5, end_month: 3}\n")
        #expect(e.keyPath == "rollout[0].end_month")
        #expect(e.problem.contains("5…"))
    }

    @Test func unknownGeneratorIsRejectedWithASuggestion() throws {
        let e = try error("generator: mt1993\n" + Self.community)
        #expect(e.keyPath == "generator")
        #expect(e.problem.contains("mt19937"))
    }

    @Test func duplicateKeyIsRejected() throws {
        let e = try error("months: 6\nmonths: 7\n" + Self.community)
        #expect(e.location.line == 2)
        #expect(e.keyPath == "months")
        #expect(e.problem.contains("twice") && e.problem.contains("line 1"))
    }

    @Test func yamlSyntaxErrorGivesItsLine() throws {
        let e = try error(Self.community + "\nlevers: {legal: [\n")
        #expect(e.problem.contains("YAML syntax error"))
        #expect(e.location.line >= 9)
    }

    @Test func eachCommunityFolderHoldsEveryStrategyOverTheSharedStrategyFile() throws {
        let dir = Fixture.packageRoot.appendingPathComponent("Scenarios")
        for strategy in ScenarioFileTests.strategies {
            let shared = try ScenarioLoader.loadStrategy(path: dir.appendingPathComponent("strategies/\(strategy).yaml").path).scenario
            for community in ScenarioFileTests.communities {
                let loaded = try ScenarioLoader.load(path: dir.appendingPathComponent("\(community)/\(strategy).yaml").path)
                let s = loaded.scenario
                // Named by its path; its rollout and title from the shared file; the plan's set-up is each lever's
                // own cost, not a phase's (the old community's levers cost 20,000 rather than 30,000 yuan to set up).
                #expect(s.name == "\(community)-\(strategy)")
                #expect(s.titles == shared.titles)
                #expect(
                    s.rollout.map(\.levers) == shared.rollout.map(\.levers)
                        && s.rollout.map(\.startMonth) == shared.rollout.map(\.startMonth))
                #expect(s.rollout.map(\.fixedCost).reduce(0, +) == 0)
                let plan: [Lever] = [.transparency, .dunning, .assistance, .cogovernance, .legal]
                #expect(plan.reduce(0) { $0 + s.levers.setupCost(of: $1) } == (community == "old" ? 20_000 : 30_000))
                #expect(loaded.files.contains { $0.hasSuffix("strategies/\(strategy).yaml") })
                #expect(loaded.files.contains { $0.hasSuffix("\(community)/status-quo.yaml") })
            }
        }
    }

    @Test func extendsAListMergesItsFilesInOrderAndThisFileLast() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenarios = Fixture.packageRoot.appendingPathComponent("Scenarios").path
        try "months: 10\nreplications: 3\n".write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "months: 11\nseed: 5\n".write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try "extends: [\(scenarios)/mixed/status-quo.yaml, a.yaml, b.yaml]\nseed: 6\n"
            .write(to: dir.appendingPathComponent("v.yaml"), atomically: true, encoding: .utf8)
        let s = try ScenarioLoader.load(path: dir.appendingPathComponent("v.yaml").path).scenario
        #expect(s.months == 11 && s.replications == 3 && s.seed == 6 && s.community.households == 1200)
        try "extends: [a.yaml, missing.yaml]\n".write(to: dir.appendingPathComponent("w.yaml"), atomically: true, encoding: .utf8)
        #expect { try ScenarioLoader.load(path: dir.appendingPathComponent("w.yaml").path) } throws: { error in
            "\(error)".contains("w.yaml:1:") && "\(error)".contains("missing.yaml") && "\(error)".contains("no such scenario file")
        }
        try "extends: []\n".write(to: dir.appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
        #expect { try ScenarioLoader.load(path: dir.appendingPathComponent("x.yaml").path) } throws: {
            "\($0)".contains("a list of 1 to 16")
        }
    }

    @Test func namedPhasesChangeWithoutRewritingTheRollout() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenarios = Fixture.packageRoot.appendingPathComponent("Scenarios").path
        try "extends: \(scenarios)/mixed/full-plan.yaml\nphases: {pilot: {end_month: 8}, preparation: {fixed_cost: 1000}}\n"
            .write(to: dir.appendingPathComponent("v.yaml"), atomically: true, encoding: .utf8)
        let s = try ScenarioLoader.load(path: dir.appendingPathComponent("v.yaml").path).scenario
        #expect(s.rollout[1].endMonth == 8 && s.rollout[0].fixedCost == 1000)
        #expect(s.rollout[3].endMonth == nil)   // untouched phases keep running to the horizon
        try "extends: \(scenarios)/mixed/full-plan.yaml\nphases: {pilots: {end_month: 8}}\n"
            .write(to: dir.appendingPathComponent("w.yaml"), atomically: true, encoding: .utf8)
        #expect { try ScenarioLoader.load(path: dir.appendingPathComponent("w.yaml").path) } throws: { error in
            "\(error)".contains("phases.pilots") && "\(error)".contains("preparation, pilot, rollout, operation")
        }
    }

    @Test func theOldFlatNamesSayWhereTheFileWent() throws {
        let old = Fixture.packageRoot.appendingPathComponent("Scenarios/mixed-full-plan.yaml").path
        #expect { try ScenarioLoader.load(path: old) } throws: {
            "\($0)".contains("moved to") && "\($0)".hasSuffix("Scenarios/mixed/full-plan.yaml")
        }
        #expect(ScenarioLoader.name(ofFileAt: "/x/Scenarios/old/no-legal.yaml") == "old-no-legal")
        #expect(ScenarioLoader.name(ofFileAt: "/tmp/elsewhere/my-variant.yaml") == "my-variant")
        #expect(InputFileKind.of(path: Fixture.packageRoot.appendingPathComponent("Scenarios/strategies/full-plan.yaml").path) == .strategy)
    }

    @Test func missingBaseFileIsNamed() throws {
        let e = try error("extends: nowhere.yaml\n")
        #expect(e.keyPath == "extends")
        #expect(e.value == "nowhere.yaml")
        #expect(e.problem.contains("no such scenario file"))
    }

    @Test func extendsCycleIsDetected() throws {
        let e = try error("extends: b.yaml\n", name: "a.yaml", extra: ["b.yaml": "extends: a.yaml\n"])
        #expect(e.problem.contains("cycle"))
    }

    @Test func errorInABaseFileNamesTheBaseFile() throws {
        let e = try error(
            "extends: base.yaml\nmonths: 6\n", name: "variant.yaml",
            extra: ["base.yaml": Self.community + "\nbehaviour: {beta_trust: lots}\n"])
        #expect(e.location.file.hasSuffix("base.yaml"))
        #expect(e.keyPath == "behaviour.beta_trust")
    }
}
