import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import Testing

/// The studies the commands run, called as libraries (no binary): input parsing, the study types, their renderers
/// and the run settings they take.
@Suite(.serialized) struct StudyPipelineTests {
    // MARK: Inputs

    @Test func anObservedSeriesIsReadWithItsWeightsThroughAByteOrderMarkAndCRLF() throws {
        let text = "\u{FEFF}month,rate,weight\r\n1,0.60\r\n2, 0.65 ,2\r\n\r\n6,0.7,\r\n"
        let series = try ObservedSeries.parse(text, file: "obs.csv")
        #expect(
            series == [
                Observation(month: 1, value: 0.60), Observation(month: 2, value: 0.65, weight: 2),
                Observation(month: 6, value: 0.7)
            ])
    }

    @Test(arguments: [
        ("rate,month\n1,0.5\n", "obs.csv:1:1", "header"),
        ("month,rate\n1,0.5\n1201,0.5\n", "obs.csv:3:1", "1…1200"),
        ("month,rate\n1,1.5\n", "obs.csv:2:1", "[0, 1]"),
        ("month,rate,weight\n1,0.5,-1\n", "obs.csv:2:1", "weight"),
        ("month,rate\n1,0.5\n1,0.6\n", "obs.csv:3:1", "appears twice"),
        ("month,rate\n", "obs.csv", "no observations")
    ])
    func everyBadRowOfAnObservedSeriesIsNamedByItsLine(text: String, location: String, problem: String) {
        do {
            _ = try ObservedSeries.parse(text, file: "obs.csv")
            Issue.record("accepted \(text.debugDescription)")
        } catch let e as ScenarioError {
            #expect(e.location.description == location && e.problem.contains(problem), "\(e)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func boundsAndMomentsParseOnlyTheirOwnShapes() {
        let b = CalibrationStudy.Bounds(parsing: "behaviour.grievance_entry=0.005:0.08")
        #expect(b?.path == "behaviour.grievance_entry" && b?.lower == 0.005 && b?.upper == 0.08)
        for bad in ["behaviour.x=0.1", "behaviour.x=0.2:0.1", "behaviour.x=a:b", "0.1:0.2"] {
            #expect(CalibrationStudy.Bounds(parsing: bad) == nil, "\(bad)")
        }
        #expect(Moment(parsing: "collection_rate_year_1=0.75") == Moment(name: "collection_rate_year_1", target: 0.75))
        #expect(Moment(parsing: "on_time_rate_year_1=0.55:0.5") == Moment(name: "on_time_rate_year_1", target: 0.55, weight: 0.5))
        for bad in ["x", "x=nan", "x=0.5:-1", "x=0.5:1:2"] { #expect(Moment(parsing: bad) == nil, "\(bad)") }
        #expect(Metric(key: "collection_rate") == .collectionRate && Metric(key: "no_such_metric") == nil)
    }

    // MARK: Run settings

    @Test func settingsGivenToTheModelRunAsIfTheScenarioHadThemAndLeaveItAlone() throws {
        let s = Fixture.quiet(households: 120, buildings: 3, months: 12)
        let settings = s.settings.overriding(months: 7, replications: 5, seed: 42)
        let given = try CompiledModel(s, settings: settings)
        var edited = s
        edited.months = 7
        edited.replications = 5
        edited.seed = 42
        let a = try MonteCarlo.run(given, threads: 2, keepRecords: true)
        let b = try MonteCarlo.run(try CompiledModel(edited), threads: 1, keepRecords: true)
        #expect(given.months == 7 && given.settings == settings && s.months == 12)
        #expect(a.replications == 5 && a.records.count == 5)
        for metric in [Metric.cashIn, .collectionRate, .costTotal] {
            #expect(a.records.map { $0.series(metric) } == b.records.map { $0.series(metric) }, "\(metric)")
        }
    }

    // MARK: Horizon figures

    @Test func everyHorizonFigureIsNamedOnceAndComputedFromTheRecordItNames() throws {
        let names = HorizonMetrics.figures.map(\.name)
        #expect(Set(names).count == names.count)
        for lever in Lever.allCases { #expect(names.contains("total_cost_\(lever.key)")) }
        let s = Fixture.quiet(households: 60, buildings: 2, months: 14)
        let result = try MonteCarlo.run(try CompiledModel(s), threads: 1, keepRecords: true)
        let record = result.records[0]
        let h = HorizonMetrics(record: record, target: s.target)
        #expect(h["total_paid"] == record.series(.paid).reduce(0, +))
        #expect(h["collection_rate_year_1"] == record[month: 12, .collectionRate])
        #expect(h["collection_rate_year_2"]!.isNaN)   // month 24 is past a 14-month horizon
        #expect(h["mean_trust_final"] == record[month: 14, .meanTrust])
        #expect(h["no_such_figure"] == nil && h.values.count == names.count)
    }

    // MARK: Sweeps and their files

    @Test func shardFilesMergeInPointOrderCountingDuplicatesAndMissingAndRefusingConflicts() throws {
        let dir = try SweepCommandTests.studyFolder(points: 6)
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try StudySpec.load(path: dir.appendingPathComponent("study.yaml").path)
        let header = PointsFile.header(study)
        func row(_ id: Int, _ mean: Double) -> String {
            PointsFile.row(PointResult(id: id, values: [0.5, 2], means: [mean, mean, 1], sds: [0, 0, 0]))
        }
        let folder = dir.appendingPathComponent("out/study")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try (header + row(0, 0.1) + row(2, 0.3) + row(4, 0.5)).write(
            to: folder.appendingPathComponent("points.shard-0-of-2.csv"), atomically: true, encoding: .utf8)
        try (header + row(1, 0.2) + row(2, 0.3)).write(
            to: folder.appendingPathComponent("points.shard-1-of-2.csv"), atomically: true, encoding: .utf8)
        let merged = try PointsFile.merge(study, in: folder, total: 6)
        #expect(merged.shardFiles == 2 && merged.duplicated == [2] && merged.missing == [3, 5])
        #expect(merged.rows.map(\.id) == [0, 1, 2, 4])
        #expect(
            merged.summary == "2 shard files, 6 points: 4 present, 2 missing, 1 duplicated (identical, kept once)\n"
                + "duplicated: 2\nmissing: 3, 5")
        #expect(merged.text == header + row(0, 0.1) + row(1, 0.2) + row(2, 0.3) + row(4, 0.5))
        // The same point with another result: the shards came from different study files.
        try (header + row(1, 0.2) + row(2, 0.9)).write(
            to: folder.appendingPathComponent("points.shard-1-of-2.csv"), atomically: true, encoding: .utf8)
        #expect(throws: ResultFolderError.self) { try PointsFile.merge(study, in: folder, total: 6) }
        // A point outside the study.
        try (header + row(7, 0.2)).write(to: folder.appendingPathComponent("points.shard-1-of-2.csv"), atomically: true, encoding: .utf8)
        #expect(throws: ResultFolderError.self) { try PointsFile.merge(study, in: folder, total: 6) }
    }

    @Test func aResumedPointsFileKeepsItsCompleteRowsAndDropsAPartialLastLine() throws {
        let dir = try SweepCommandTests.studyFolder(points: 5)
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try StudySpec.load(path: dir.appendingPathComponent("study.yaml").path)
        let folder = dir.appendingPathComponent("out/study")
        let points = try study.sweepPoints()
        do {
            let first = try PointsFileWriter(study, folder: folder, shard: .whole, points: points.count, resume: false, toolVersion: "test")
            #expect(first.todo == [0, 1, 2, 3, 4])
            try Sweep.run(study, ids: [0, 1], points: points, commonRandomNumbers: false, threads: 2) { try first.append($0) }
        }
        // A killed run: the .part holds two complete rows and half of a third.
        let part = folder.appendingPathComponent("points.csv.part")
        let handle = try FileHandle(forWritingTo: part)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2,0.1,".utf8))
        try handle.close()
        let resumed = try PointsFileWriter(study, folder: folder, shard: .whole, points: points.count, resume: true, toolVersion: "test")
        #expect(resumed.todo == [2, 3, 4] && resumed.inShard == 5)
        try Sweep.run(study, ids: resumed.todo, points: points, commonRandomNumbers: false, threads: 1) { try resumed.append($0) }
        try resumed.finish()
        let (rows, _) = try PointsFile.rows(at: resumed.file, header: PointsFile.header(study))
        #expect(rows.map(\.id) == [0, 1, 2, 3, 4])
        #expect(!FileManager.default.fileExists(atPath: part.path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.json").path))
        #expect(SweepSummary.markdown(study, rows: rows).contains("| 1 | `"))
    }

    @Test func aSensitivityStudyEvaluatesItsDesignsPointsAndRanksEveryParameterForEveryOutput() throws {
        let dir = try SweepCommandTests.studyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try String(contentsOf: dir.appendingPathComponent("study.yaml"), encoding: .utf8)
            .appending("\nmethod: morris\ntrajectories: 3\n")
            .write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        let study = try StudySpec.load(path: dir.appendingPathComponent("study.yaml").path)
        var seen: [Int] = []
        let result = try SensitivityStudy.run(study, threads: 2) { done, _ in seen.append(done) }
        #expect(result.points == 3 * (2 + 1) && seen == Array(1...9))
        #expect(result.sobol.isEmpty && result.morris.count == 3 && result.morris.allSatisfy { $0.count == 2 })
        #expect(result.commonRandomNumbers)
        let md = SensitivityResults(study, result).markdown()
        #expect(md.contains("behaviour.beta_trust") && md.contains("collection_rate_year_1"))
    }

    @Test func aStudyPlanCountsRunsAndHouseholdMonthsFromTheStudyAlone() throws {
        let dir = try SweepCommandTests.studyFolder(points: 40)
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try StudySpec.load(path: dir.appendingPathComponent("study.yaml").path)
        let plan = try StudyPlan(study, sensitivity: false)
        let warmup = study.base.scenario.community.warmupMonths
        #expect(plan.units == 40 && plan.runs == 80)
        #expect(plan.householdMonths == 40 * 30 * Double(3 + warmup) * 2)
        #expect(plan.secondsPerHouseholdMonth > 0 && plan.coreHours > 0)
        // Its summary: the runs first; 40 points in 3 shards are about 14 points each; one shard adds no shard line.
        let lines = plan.summary(cores: 2, shards: 3).split(separator: "\n")
        #expect(lines.count == 4 && lines[0] == "\(plan.name): \(plan.shape) = 80 runs")
        #expect(lines[3].hasPrefix("with 3 shards: about 14 points and "))
        #expect(plan.summary(cores: 2).split(separator: "\n").count == 3)
        let morris = try StudyPlan(study, sensitivity: true)
        #expect(morris.units == study.sensitivityPointCounts.morris + study.sensitivityPointCounts.sobol)
    }

    // MARK: Robust choice

    static func robustFolder() throws -> URL {
        let dir = try Fixture.temporaryFolder()
        let community = """
            months: 6
            community:
              households: 40
              buildings: 4
              fee_rate: 2
              segments:
                owner: {share: 1, propensity: {a: 3, b: 1}, trust: {a: 4, b: 2}}
            """
        try (community + "\nrollout: []\n").write(to: dir.appendingPathComponent("none.yaml"), atomically: true, encoding: .utf8)
        try (community + "\nrollout:\n  - {name: all, start_month: 1, buildings: all, levers: [dunning, transparency]}\n")
            .write(to: dir.appendingPathComponent("both.yaml"), atomically: true, encoding: .utf8)
        try "baseline: none.yaml\nvariants: [both.yaml]\n".write(
            to: dir.appendingPathComponent("compare.yaml"), atomically: true, encoding: .utf8)
        try """
        comparison: compare.yaml
        worlds: 4
        replications: 2
        months: 6
        seed: 7
        target: {collection_rate: 0.8, by_month: 6}
        parameters:
          behaviour.beta_trust: {min: 1.0, max: 3.0}
        """.write(to: dir.appendingPathComponent("robust.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func aRobustStudyRanksEveryStrategyInEveryWorldTheSameOnAnyThreadCount() throws {
        let dir = try Self.robustFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try RobustSpec.load(path: dir.appendingPathComponent("robust.yaml").path)
        let one = try RobustStudy.run(study, threads: 1)
        let two = try RobustStudy.run(study, threads: 2)
        #expect(one.worlds.count == 4 && one.worlds.allSatisfy { $0.count == 1 && (1...3).contains($0[0]) })
        #expect(one.results.netBenefit == two.results.netBenefit && one.results.meets == two.results.meets)
        #expect(one.results.netBenefit.allSatisfy { $0[0] == 0 })   // the baseline against itself
        #expect(one.ranked.count == 2 && one.ranked.allSatisfy { $0.meanRegret >= 0 })
        let outputs = RobustOutputs(study, one)
        #expect(outputs.strategiesCSV().split(separator: "\n").count == 3)
        #expect(outputs.worldsCSV().split(separator: "\n").count == 1 + 4 * 2)   // one row per world and strategy
        #expect(outputs.markdown().contains("## Where \(one.title(of: one.ranked[0].strategy)) fails"))
    }

    @Test func theRobustCommandWritesItsTablesAndATypedManifest() throws {
        let dir = try Self.robustFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.feesim(["robust", "robust.yaml", "--out", "out", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let folder = dir.appendingPathComponent("out/robust")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == ["manifest.json", "robust.md", "strategies.csv", "worlds.csv"])
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any])
        #expect(manifest["worlds"] as? Int == 4 && manifest["strategies"] as? [String] == ["none", "both"])
        #expect(manifest["target_rate"] as? Double == 0.8 && (manifest["sha256"] as? String)?.count == 64)
    }

    // MARK: Comparisons

    @Test func aComparisonStudyCompilesEveryStrategyWithTheBaselinesSettingsAndChecksBeforeRunning() throws {
        let file = try ComparisonFile.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/compare.yaml").path)
        let study = try ComparisonStudy(
            file, months: 5, replications: 3, seed: 11,
            overrides: [try ParameterOverride(parsing: "levers.legal.win_prob=0.85")])
        #expect(study.models.count == 8 && study.models.allSatisfy { $0.settings == study.settings })
        #expect(study.settings.months == 5 && study.settings.replications == 3 && study.settings.seed == 11)
        #expect(study.scenarios.allSatisfy { $0.levers.legal.winProbability == 0.85 })
        #expect(file.baseline.scenario.months != 5)   // the file's scenarios are left as loaded
        // The report names every file read once (strategies share their community's files and the shared strategies').
        let files = study.context(name: "x", title: nil, language: .en, toolVersion: "t").scenarioFiles
        #expect(Set(files).count == files.count && files.contains { $0.hasSuffix("strategies/full-plan.yaml") })
        #expect(files.first?.hasSuffix("mixed/status-quo.yaml") == true)
        // A target month past the horizon is refused before anything runs.
        #expect(throws: InputError(field: "target-month", "6 is past the horizon of 5 months: move the target or simulate more months")) {
            try study.run(targets: PlanTargets(), annualDiscountRate: 0.04, threads: 1)
        }
        // Held parameters are checked before anything runs, and decide the shards' design.
        var u = try #require(
            try ComparisonStudy.Uncertainty(file: file.uncertainty, sets: nil, replications: nil, tornado: true, fixes: []))
        #expect(u.sets == 100 && u.replications == 10 && u.tornado)
        let design = study.design(u, toolVersion: "t")
        #expect(design == study.design(u, toolVersion: "t") && design.count == 64)
        u.fixed["levers.legal.win_prob"] = 0.8
        #expect(study.design(u, toolVersion: "t") != design)
        u.fixed["levers.legal.no_such"] = 1
        #expect(throws: ParameterError.self) { try study.check(u) }
        #expect(try ComparisonStudy.Uncertainty(file: nil, sets: nil, replications: nil, tornado: true, fixes: []) == nil)
        // Counts outside the declared limits are refused, naming the input, the value and the limits.
        #expect(throws: InputError(field: "uncertainty", "must be in 2…100000 (got 1)")) {
            try ComparisonStudy.Uncertainty(file: nil, sets: 1, replications: nil, tornado: true, fixes: [])
        }
        #expect(throws: InputError(field: "uncertainty-replications", "must be in 1…100000 (got 0)")) {
            try ComparisonStudy.Uncertainty(file: file.uncertainty, sets: nil, replications: 0, tornado: true, fixes: [])
        }
    }

    @Test func scenarioFilesComparedDirectlyAreNamedAfterTheBaselineAndShortenedChallengers() {
        #expect(
            ComparisonFile.defaultName(["mixed-status-quo", "mixed-full-plan", "mixed-cogovernance"])
                == "mixed-status-quo-vs-full-plan-cogovernance")
        let many = ComparisonFile.defaultName(["mixed-status-quo"] + (1...12).map { "mixed-strategy-number-\($0)" })
        #expect(many.count <= 80 + "-and-12-more".count && many.hasSuffix("-more"))
    }

    // MARK: Goal seeking, input checks, ledgers

    @Test func aGoalSearchRangeDefaultsToTheScenarioAndTheDeclaredUpperBound() throws {
        let s = try ParameterPathTests.mixed()
        let peer = try ParameterSpace.resolve("levers.cogovernance.peer_multiplier", in: s)
        let (lo, hi) = try GoalSeek.range(of: peer, in: s, lower: nil, upper: nil)
        #expect(lo == peer.value(in: s) && hi == peer.upper)
        #expect(throws: InputError(field: "lower", "-1.0 is outside what levers.cogovernance.peer_multiplier allows (\(peer.allowed))")) {
            try GoalSeek.range(of: peer, in: s, lower: -1, upper: nil)
        }
        let fee = try ParameterSpace.resolve("community.fee_rate", in: s)
        if (fee.upper ?? .infinity) >= 1e6 {
            #expect(throws: InputError.self) { try GoalSeek.range(of: fee, in: s, lower: nil, upper: nil) }
        }
    }

    @Test func aCalibrationPlanResolvesItsParametersAndNamesTheInputItCannotTakeBeforeAnythingRuns() throws {
        let s = try ParameterPathTests.mixed()
        let bounds = [try #require(CalibrationStudy.Bounds(parsing: "behaviour.grievance_entry=0.005:0.08"))]
        func plan(
            bounds: [CalibrationStudy.Bounds] = bounds, moment: String = "collection_rate_year_1", months: Int = 24,
            replications: Int = 4
        ) throws -> CalibrationStudy.Plan {
            try CalibrationStudy.Plan(
                s, bounds: bounds, target: .moments([Moment(name: moment, target: 0.75)], months: months),
                replications: replications, seed: nil, maxIterations: 10)
        }
        let ok = try plan()
        #expect(ok.seed == s.seed && ok.paths.map(\.path) == ["behaviour.grievance_entry"] && ok.targetDescription == "1 moment")
        #expect(throws: InputError(field: "replications", "must be in 2…1000000 (got 1)")) { try plan(replications: 1) }
        #expect(throws: InputError(field: "months", "must be in 1…1200 (got 0)")) { try plan(months: 0) }
        #expect(throws: InputError(field: "parameter", "is missing: give at least one PATH=MIN:MAX")) { try plan(bounds: []) }
        #expect { try plan(moment: "collection_rate_year_9") } throws: { ($0 as? InputError)?.field == "target" }
        let wide = try #require(CalibrationStudy.Bounds(parsing: "behaviour.grievance_entry=-1:0.08"))
        #expect { try plan(bounds: [wide]) } throws: { ($0 as? InputError)?.field == "parameter" }
    }

    @Test func aLedgerStartsAtAYearAndMonthAndASyntheticLedgerRefusesAnyOtherStart() throws {
        #expect(Ledger.yearMonth("2025-01").map { [$0.year, $0.month] } == [2025, 1])
        for bad in ["2025-13", "202501", "25-01", "2025", "x"] { #expect(Ledger.yearMonth(bad) == nil, "\(bad)") }
        let s = try ParameterPathTests.mixed()
        #expect(throws: InputError(field: "start", "must be a month YYYY-MM with a year in 1900…2200 (got 2025-13)")) {
            try Ledger.synthetic(from: s, replication: 0, start: "2025-13")
        }
        #expect(throws: InputError(field: "replication", "must be at least 0 (got -1)")) {
            try Ledger.synthetic(from: s, replication: -1, start: "2025-01")
        }
    }

    @Test func aPilotPlanMeasuresThePilotedLeversPriorsAndNamesTheInputItCannotTake() throws {
        let s = try ParameterPathTests.mixed()   // 12 buildings, every lever in its rollout
        func plan(treated: [Int]? = nil, measure: [String]? = nil) throws -> PilotStudy.Plan {
            try PilotStudy.Plan(
                s, treated: treated, months: [3], replications: 10, alpha: 0.05, targetPower: 0.8,
                measure: measure, draws: nil)
        }
        let defaults = try plan()
        #expect(defaults.treated == [2, 3, 4, 5, 6] && defaults.draws == 10)
        #expect(!defaults.measured.isEmpty && defaults.measured.allSatisfy { $0.prior != nil && $0.path.hasPrefix("levers.") })
        #expect(try plan(measure: []).measured.isEmpty)
        #expect(throws: InputError(field: "treated", "7: each pilot needs k ≥ 2 treated and k control buildings, and the community has 12"))
        {
            try plan(treated: [2, 7])
        }
        #expect(throws: InputError.self) { try plan(measure: ["levers.legal.no_such"]) }
        #expect(throws: InputError(field: "measure", "levers.transparency.period: it has no declared prior, so there is nothing to narrow"))
        {
            try plan(measure: ["levers.transparency.period"])
        }
        // Numbers outside their stated ranges are refused before anything runs, naming the input and the range.
        #expect(throws: InputError(field: "alpha", "must be in [0.0001, 0.5] (got 0.7)")) {
            try PilotStudy.Plan(s, treated: nil, months: [3], replications: 10, alpha: 0.7, targetPower: 0.8, measure: nil, draws: nil)
        }
        #expect(throws: InputError(field: "months", "must be in 1…1200 (got 0)")) {
            try PilotStudy.Plan(s, treated: nil, months: [3, 0], replications: 10, alpha: 0.05, targetPower: 0.8, measure: nil, draws: nil)
        }
        #expect(throws: InputError(field: "narrowing-draws", "must be in 20…100000 (got 5)")) {
            try PilotStudy.Plan(s, treated: nil, months: [3], replications: 10, alpha: 0.05, targetPower: 0.8, measure: nil, draws: 5)
        }
        // Progress counts the study's (k, M) cells: the power's, then the narrowing's.
        var seen: [[Int]] = []
        let small = try PilotStudy.Plan(
            s, treated: [2], months: [2, 3], replications: 10, alpha: 0.05, targetPower: 0.8,
            measure: ["levers.legal.win_prob"], draws: 20)
        let found = try PilotStudy.run(small, threads: 1) { seen.append([$0, $1]) }
        #expect(found.power.count == 2 && found.narrowing.count == 2)
        #expect(seen == [[1, 4], [2, 4], [3, 4], [4, 4]])
    }

    @Test func everyKindOfInputFileIsDescribedOrRefusedWithoutRunning() throws {
        let root = Fixture.packageRoot.appendingPathComponent("Scenarios")
        let cases: [(String, String)] = [
            ("mixed/compare.yaml", "comparison of mixed-status-quo with 7 variants"),
            ("studies/mixed-robust.yaml", "robust study of 8 strategies over 40 worlds"),
            ("studies/mixed-dunning-sweep.yaml", "study of "),
            ("strategies/full-plan.yaml", "a strategy for extends:"),
            ("mixed/full-plan.yaml", "1200 households, 12 buildings, 4 phases, 24 months")
        ]
        for (file, start) in cases {
            let text = try InputCheck.describe(path: root.appendingPathComponent(file).path)
            #expect(text.hasPrefix(start), "\(file): \(text)")
        }
        #expect(throws: ScenarioError.self) { try InputCheck.describe(path: root.appendingPathComponent("no-such.yaml").path) }
    }

    @Test func aLedgerThatCannotBeReadLeavesNothingInTheFolder() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "\(Ledger.header)\nnot,a,row\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) {
            try Ledger.importFile(at: dir.appendingPathComponent("bad.csv").path, name: nil, into: dir, horizon: 12, skipBadRows: false)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.csv"])
        #expect(Ledger.isPlainName("mixed-2025.v1") && !Ledger.isPlainName("../x") && !Ledger.isPlainName(".hidden"))
    }
}
