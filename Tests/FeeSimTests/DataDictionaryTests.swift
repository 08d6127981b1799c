import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimReports

/// docs/DATA.md, read as data: each heading's Markdown tables, and what their first column names.
struct DataDictionary {
    struct Table {
        let header: [String]
        let rows: [[String]]
        /// The header's first cell: `column`, `key`, `` `metric` value ``, `` `<part>` ``, ….
        var kind: String { header.first ?? "" }
    }

    /// Tables under each heading (the heading's text without its #s), in order.
    let sections: [String: [Table]]

    init(markdown: String) {
        var sections: [String: [Table]] = [:]
        var heading = ""
        var block: [String] = []
        func flush() {
            guard block.count >= 2 else { block = []; return }
            let cells = block.map { line in
                line.trimmingCharacters(in: .whitespaces).dropFirst().dropLast()
                    .split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            }
            sections[heading, default: []].append(Table(header: cells[0], rows: Array(cells.dropFirst(2))))
            block = []
        }
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("#") {
                flush()
                heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("|") {
                block.append(line)
            } else {
                flush()
            }
        }
        flush()
        self.sections = sections
    }

    static func load() throws -> DataDictionary {
        DataDictionary(markdown: try String(contentsOf: Fixture.packageRoot.appendingPathComponent("docs/DATA.md"), encoding: .utf8))
    }

    /// The first backticked text of a cell, or nil.
    static func code(_ cell: String) -> String? {
        let parts = cell.split(separator: "`", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }

    /// The names documented under `heading` in its tables of `kind` (first column, in backticks).
    func entries(_ heading: String, kind: String = "column") -> [String] {
        (sections[heading] ?? []).filter { $0.kind == kind }.flatMap { $0.rows.compactMap { $0.first.flatMap(Self.code) } }
    }

    /// The rows of the tables of `kind` under `heading`: first column (backticks removed) → the rest of the row.
    func rows(_ heading: String, kind: String = "column") -> [String: [String]] {
        var out: [String: [String]] = [:]
        for table in (sections[heading] ?? []) where table.kind == kind {
            for row in table.rows { if let name = row.first.flatMap(Self.code) { out[name] = Array(row.dropFirst()) } }
        }
        return out
    }

    /// Members of each placeholder that lists them: the tables whose header starts with `` `<name>` ``.
    var members: [String: [String]] {
        var out: [String: [String]] = [:]
        for table in sections.values.joined() {
            guard let name = Self.code(table.kind), let p = Self.placeholders(in: name).first, name == "<\(p)>" else { continue }
            out[p] = table.rows.compactMap { $0.first.flatMap(Self.code) }
        }
        return out
    }

    /// Placeholder names in an entry (`total_cost_<part>` → ["part"]).
    static func placeholders(in entry: String) -> [String] {
        var out: [String] = []
        var rest = Substring(entry)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            out.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out
    }

    /// Whether an entry is a placeholder alone (`<parameter>`): it stands for columns the test checks by name.
    static func isCatchAll(_ entry: String) -> Bool {
        let p = placeholders(in: entry)
        return p.count == 1 && entry == "<\(p[0])>"
    }

    /// The entry as an anchored pattern: a placeholder with listed members matches only them, any other matches
    /// one or more characters.
    func pattern(_ entry: String) -> NSRegularExpression {
        var regex = "^"
        var rest = Substring(entry)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            regex += NSRegularExpression.escapedPattern(for: String(rest[..<open]))
            let name = String(rest[rest.index(after: open)..<close])
            regex += members[name].map { "(?:" + $0.map(NSRegularExpression.escapedPattern).joined(separator: "|") + ")" } ?? "(.+)"
            rest = rest[rest.index(after: close)...]
        }
        regex += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        return try! NSRegularExpression(pattern: regex)
    }

    func matches(_ entry: String, _ name: String) -> Bool {
        pattern(entry).firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
    }

    /// The names no entry of `heading`'s `kind` tables documents (catch-all entries left out).
    func undocumented(_ names: [String], in heading: String, kind: String = "column") -> [String] {
        let documented = entries(heading, kind: kind).filter { !Self.isCatchAll($0) }
        return names.filter { name in !documented.contains { matches($0, name) } }
    }

    /// The entries of `heading`'s `kind` tables that match none of `names`: documented but not written.
    func invented(_ names: [String], in heading: String, kind: String = "column") -> [String] {
        entries(heading, kind: kind).filter { !Self.isCatchAll($0) }.filter { entry in !names.contains { matches(entry, $0) } }
    }
}

@Suite(.serialized) struct DataDictionaryTests {
    static func header(_ csv: String) -> [String] {
        String(csv.prefix { $0 != "\n" }).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// Top-level keys of a manifest as written.
    static func keys(_ data: Data) throws -> [String] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys.sorted()
    }

    /// Every column the code writes is documented and every documented column is written.
    static func expectExactly(
        _ names: [String], _ heading: String, kind: String = "column", _ doc: DataDictionary,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(
            !doc.entries(heading, kind: kind).isEmpty, "docs/DATA.md has no table of \(kind) under '\(heading)'",
            sourceLocation: sourceLocation)
        #expect(
            doc.undocumented(names, in: heading, kind: kind) == [], "written but not in docs/DATA.md under '\(heading)'",
            sourceLocation: sourceLocation)
        #expect(
            doc.invented(names, in: heading, kind: kind) == [], "in docs/DATA.md under '\(heading)' but never written",
            sourceLocation: sourceLocation)
    }

    /// The mixed community's status quo and full plan, tiny, with a pre-due reminder on both ladders so that every
    /// family of monthly columns appears.
    static func mixed() throws -> (CompiledModel, CompiledModel) {
        func load(_ name: String) throws -> Scenario {
            var s = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/\(name).yaml").path).scenario
            s.community.households = 160
            s.community.buildings = 8
            s.community.warmupMonths = 12
            s.months = 12
            s.replications = 2
            s.statusQuoDunning.preDueReminder = Reminder(uplift: 0.1, cost: 0.04)
            s.levers.dunning.preDueReminder = Reminder(uplift: 0.1, cost: 0.04)
            return s
        }
        return (try CompiledModel(load("status-quo")), try CompiledModel(load("full-plan")))
    }

    @Test func everyPlaceholderIsDeclaredAndItsMembersAreTheCodes() throws {
        let doc = try DataDictionary.load()
        let declared = Set(doc.entries("Placeholders", kind: "placeholder"))
        let used = doc.sections.values.joined().flatMap { $0.rows.compactMap { $0.first.flatMap(DataDictionary.code) } }
            .flatMap(DataDictionary.placeholders)
        #expect(Set(used).subtracting(declared.compactMap { DataDictionary.placeholders(in: $0).first }) == [])
        let members = doc.members
        #expect(members["measure"] == YearlyMeasure.allCases.map(\.rawValue))
        #expect(members["y"] == HorizonMetrics.years.map(String.init))
        #expect(members["part"] == CostPart.allCases.map(\.key))
        // The ladders' labels as the monthly record names them: contacts_<ladder>_<rung>.
        let layout = MetricLayout(statusQuo: .statusQuo, smart: .statusQuo, phases: [])
        let ladders = layout.names.filter { $0.hasPrefix("contacts_") && $0.hasSuffix("_sms") }
            .map { String($0.dropFirst("contacts_".count).dropLast("_sms".count)) }
        #expect(members["ladder"] == ladders)
    }

    @Test func monthlyCSVsColumnsAndEveryMetricItWritesAreDocumented() throws {
        let doc = try DataDictionary.load()
        Self.expectExactly(Self.header(RunOutputs.monthlyHeader), "monthly.csv", doc)
        let (base, plan) = try Self.mixed()
        #expect(plan.layout.names.contains { $0.hasSuffix("_pre_due") } && plan.layout.names.contains { $0.hasPrefix("cost_phase_") })
        let metrics = Array(Set(base.layout.names + plan.layout.names))
        Self.expectExactly(metrics, "monthly.csv", kind: "`metric` value", doc)
        #expect(
            doc.entries("monthly.csv", kind: "`metric` value").filter { !$0.contains("<") }
                == Metric.allCases.map(\.key), "the fixed metrics, in the record's order")
    }

    @Test func replicationsCSVsColumnsAreDocumented() throws {
        let doc = try DataDictionary.load()
        let (_, plan) = try Self.mixed()
        let columns = Self.header(RunOutputs.replicationsHeader(plan).trimmingCharacters(in: .newlines))
        #expect(Array(columns.dropFirst(2)) == HorizonMetrics.columnNames)
        Self.expectExactly(columns, "replications.csv", doc)
    }

    @Test func aComparisonsCostBenefitTargetsAndMonthlyFilesAreDocumented() throws {
        let doc = try DataDictionary.load()
        let (base, plan) = try Self.mixed()
        let result = try Comparison.run(baseline: base, challengers: [plan], threads: 2)
        let context = ComparisonContext(name: "t", description: "", toolVersion: "", scenarioFiles: [], contentHash: "")
        let outputs = ComparisonOutputs(result: result, context: context, language: .en)
        Self.expectExactly(Self.header(outputs.costBenefitCSV()), "costbenefit.csv", doc)
        let figures = result.costBenefit.flatMap { $0.figures.map(\.key) }
        #expect(figures.contains { $0.hasPrefix("cost_phase_") })
        Self.expectExactly(figures, "costbenefit.csv", kind: "`figure` value", doc)
        Self.expectExactly(Self.header(outputs.targetsCSV()), "targets.csv", doc)
        #expect(Self.header(outputs.monthlyCSV()) == Self.header(RunOutputs.monthlyHeader))
        Self.expectExactly(Self.header(try #require(outputs.buildingsCSV())), "buildings.csv", doc)
    }

    @Test func theProbabilisticComparisonsFilesAreDocumented() throws {
        let doc = try DataDictionary.load()
        let parameters = ["behaviour.beta_trust", "levers.dunning.ladder[2].uplift"]
        let n = 8
        var draws: [[Double]] = [], netBenefit: [[Double]] = [], revenue: [[Double]] = [], cost: [[Double]] = []
        var gain: [[Double]] = [], reach: [[Double]] = []
        for j in 0..<n {
            let x = Double(j)
            draws.append([1 + x / 4, Double(j % 3) / 2])
            netBenefit.append([0, Double(j * 37 % 11) - 5])
            revenue.append([0, x])
            cost.append([0, 1])
            gain.append([0, x / 3])
            reach.append([0, Double(j % 2)])
        }
        let sets = ProbabilisticComparison.Result(
            strategies: ["a", "b"], parameters: parameters, totalSets: n, sets: Array(0..<n), draws: draws,
            netBenefit: netBenefit, extraRevenue: revenue, extraCost: cost, rateGain: gain, reachesTarget: reach, replications: 1)
        let voi = try ValueOfInformation(sets, groups: [.householdBehaviour, .dunning], resamples: 5)
        let outputs = UncertaintyOutputs(
            UncertaintyAnalysis(sets: sets, valueOfInformation: voi, tornado: nil, fixed: [:]),
            titles: ["A", "B"])
        let psa = Self.header(outputs.psaCSV())
        #expect(psa.filter(parameters.contains) == parameters)
        #expect(doc.entries("psa.csv").contains("<parameter>"))
        Self.expectExactly(psa.filter { !parameters.contains($0) }, "psa.csv", doc)
        Self.expectExactly(Self.header(outputs.tornadoCSV()), "tornado.csv", doc)
        let shard = try PSAShardFile.encode(sets, design: "d", shard: .whole).split(separator: "\n")[1]
        Self.expectExactly(Self.header(String(shard)).filter { !parameters.contains($0) }, "psa.shard-i-of-N.csv", doc)
    }

    @Test func aSweepsPointsAndManifestAreDocumented() throws {
        let doc = try DataDictionary.load()
        let dir = try SweepCommandTests.studyFolder(points: 4)
        defer { try? FileManager.default.removeItem(at: dir) }
        let study = try StudySpec.load(path: dir.appendingPathComponent("study.yaml").path)
        let columns = Self.header(PointsFile.header(study))
        #expect(columns.filter(study.parameterNames.contains) == study.parameterNames)
        #expect(doc.entries("points.csv").contains("<parameter>"))
        Self.expectExactly(columns.filter { !study.parameterNames.contains($0) }, "points.csv", doc)
        // Keys left out when they do not apply (`against`, and the wall time while a shard runs) set here.
        var sweep = try SweepManifest(study, points: 4, shard: .whole, toolVersion: "t", wallTimeSeconds: 1)
        sweep.against = "Scenarios/mixed/status-quo.yaml"
        Self.expectExactly(try Self.keys(sweep.json()), "sweep manifest.json", kind: "key", doc)
        let none = SensitivityStudy.Result(morris: [], sobol: [], points: 0, commonRandomNumbers: true)
        var sensitivity = try SensitivityManifest(study, none, wallTimeSeconds: 1, toolVersion: "t")
        sensitivity.against = "Scenarios/mixed/status-quo.yaml"
        Self.expectExactly(try Self.keys(sensitivity.json()), "sensitivity manifest.json", kind: "key", doc)
    }

    @Test func sensitivityPilotAndCalibrationTablesAreDocumented() throws {
        let doc = try DataDictionary.load()
        let sensitivity = SensitivityResults(study: "s", description: "", outputs: [], morris: [], sobol: [])
        Self.expectExactly(Self.header(sensitivity.morrisCSV()), "morris.csv", doc)
        Self.expectExactly(Self.header(sensitivity.sobolCSV()), "sobol.csv", doc)

        let pilot = PilotOutputs(
            title: "p", levers: [], power: [], months: [], replications: 1, alpha: 0.05, targetPower: 0.8,
            narrowing: [], measured: [], draws: 0, narrowingSkipped: true)
        Self.expectExactly(Self.header(pilot.powerCSV()), "power.csv", doc)
        Self.expectExactly(Self.header(pilot.narrowingCSV()), "narrowing.csv", doc)
        let (_, plan) = try Self.mixed()
        let pilotPlan = try PilotStudy.Plan(
            plan.scenario, treated: [2], months: [6], replications: 10, alpha: 0.05, targetPower: 0.8,
            measure: nil, draws: nil)
        Self.expectExactly(
            try Self.keys(
                PilotManifest(
                    pilotPlan, path: "p.yaml", sha256: "", files: [], overrides: [], wallTimeSeconds: 1, toolVersion: "t"
                ).json()),
            "pilot manifest.json", kind: "key", doc)

        // Both kinds of fit, whose columns differ: each file's table documents their union.
        let scenario = Fixture.quiet(households: 40, buildings: 2, months: 6)
        let bounds = [try #require(CalibrationStudy.Bounds(parsing: "behaviour.beta_trust=1:3"))]
        let observations = [Observation(month: 1, value: 0.5)]
        let seriesPlan = try CalibrationStudy.Plan(
            scenario, bounds: bounds, target: .series(observations, metric: .collectionRate, observedMeanOf: 1),
            replications: 2, seed: nil, maxIterations: 5)
        let momentPlan = try CalibrationStudy.Plan(
            scenario, bounds: bounds,
            target: .moments([Moment(name: "collection_rate_year_1", target: 0.8)], months: 12),
            replications: 2, seed: nil, maxIterations: 5)
        let series = CalibrationStudy.Fit.series(
            CalibrationResult(
                names: ["behaviour.beta_trust"], start: [2], fitted: [2.1], standardErrors: [0.1], low: [1.9], high: [2.3], sse: 0, rmse: 0,
                observations: observations, fittedSeries: [0.5], evaluations: 3, converged: true))
        let moments = CalibrationStudy.Fit.moments(
            MomentFit(
                names: ["behaviour.beta_trust"], start: [2], fitted: [2.1], moments: [Moment(name: "collection_rate_year_1", target: 0.8)],
                reached: [0.79], reachedStandardErrors: [0.01], sensitivity: [[0.02]], flat: [false], flatThreshold: 0.005, distance: 0,
                evaluations: 3, converged: true))
        let fits = [
            CalibrationOutputs(seriesPlan, fit: series, observedFile: "obs.csv"),
            CalibrationOutputs(momentPlan, fit: moments, observedFile: nil)
        ]
        Self.expectExactly(fits.flatMap { Self.header($0.parametersCSV()) }, "calibration.csv", doc)
        Self.expectExactly(fits.flatMap { Self.header($0.fitCSV()) }, "fit.csv", doc)
        let manifests = [
            try CalibrationManifest(
                seriesPlan, fit: series, path: "s.yaml", sha256: "", files: [], observedFile: "", overrides: [],
                wallTimeSeconds: 1, toolVersion: "t"),
            try CalibrationManifest(
                momentPlan, fit: moments, path: "s.yaml", sha256: "", files: [], observedFile: nil, overrides: [],
                wallTimeSeconds: 1, toolVersion: "t")
        ]
        Self.expectExactly(try manifests.flatMap { try Self.keys($0.json()) }, "calibration manifest.json", kind: "key", doc)
    }

    @Test func aRobustStudysTablesAndManifestAreDocumented() throws {
        let doc = try DataDictionary.load()
        let dir = try StudyPipelineTests.robustFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("robust.yaml").path
        let study = try RobustSpec.load(path: path)
        let outputs = RobustOutputs(study, try RobustStudy.run(study, threads: 2))
        Self.expectExactly(Self.header(outputs.strategiesCSV()), "strategies.csv", doc)
        let worlds = Self.header(outputs.worldsCSV())
        #expect(worlds.filter(study.parameterNames.contains) == study.parameterNames)
        #expect(doc.entries("worlds.csv").contains("<parameter>"))
        Self.expectExactly(worlds.filter { !study.parameterNames.contains($0) }, "worlds.csv", doc)
        Self.expectExactly(
            try Self.keys(RobustManifest(study, path: path, wallTimeSeconds: 1, toolVersion: "t").json()), "robust manifest.json",
            kind: "key", doc)
    }

    @Test func theRunAndComparisonManifestsAreDocumented() throws {
        let doc = try DataDictionary.load()
        let path = Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/status-quo.yaml").path
        let loaded = try ScenarioLoader.load(path: path)
        let run = RunManifest(
            try CompiledModel(loaded.scenario), loaded: loaded, path: path, threads: 2, toolVersion: "t",
            gslVersion: "g", start: Date(), wallTimeSeconds: 1)
        Self.expectExactly(try Self.keys(run.json()), "run manifest.json", kind: "key", doc)

        var compare = ComparisonManifest(
            toolVersion: "t", gslVersion: "g", comparison: "c.yaml", variants: ["a", "b"], scenarioFiles: [],
            sha256: "", seed: 1, generator: "mt19937", replications: 2, months: 12, threads: 2,
            language: "en", discountRate: 0.04, startTime: "", wallTimeSeconds: 0)
        compare.record(try ComparisonStudy.Uncertainty(file: nil, sets: 10, replications: 2, tornado: true, fixes: []))
        compare.timed(total: 2, parts: ["comparison": 1])
        compare.overrides = ["behaviour.beta_trust=2"]
        compare.files = ["costbenefit.csv": "00"]
        Self.expectExactly(try Self.keys(compare.json()), "compare manifest.json", kind: "key", doc)
        let uncertainty = try #require(doc.rows("compare manifest.json", kind: "key")["uncertainty"]?.joined(separator: " "))
        for key in ["sets", "replications", "tornado", "fixed", "draws", "posterior", "calibrated", "assumptions", "held"] {
            #expect(uncertainty.contains("`\(key)`"), "\(key)")
        }
    }

    @Test func theBenchmarkRecordsKeysAreDocumented() throws {
        let doc = try DataDictionary.load()
        var record = BenchmarkRecord(
            toolVersion: "t", gslVersion: "g", cores: 2, scenario: "s", households: 10, months: 12, repeats: 1,
            startResidentBytes: 0, psaComparison: "c")
        record.generators = [
            Benchmark.GeneratorRow(
                generator: "mt19937", ceiling: 1, oneThread: 1, ratioToCeiling: 1, threads: 2,
                allThreads: 1, speedup: 1, ceilingCPU: 1, oneThreadCPU: 1, ratioToCeilingCPU: 1)
        ]
        record.scaling = [
            Benchmark.ScalingRow(households: 10, months: 12, replications: 2, seconds: 1, nanosecondsPerHouseholdMonthPerThread: 1)
        ]
        record.probabilisticComparison = [
            Benchmark.PSARow(
                sets: 2, threads: 2, replications: 1, strategies: 2, seconds: 1, householdMonths: 1,
                peakResidentBytes: 0)
        ]
        let data = try JSONEncoder().encode(record)
        let object = try JSONSerialization.jsonObject(with: data)
        let json = try #require(object as? [String: Any])
        Self.expectExactly(json.keys.sorted(), "bench.json", kind: "key", doc)
        // The lists' objects: each key named in its list's row.
        let rows = doc.rows("bench.json", kind: "key")
        for list in ["generators", "scaling", "probabilistic_comparison"] {
            let object = try #require((json[list] as? [[String: Any]])?.first, "\(list)")
            let meaning = rows[list]?.joined(separator: " ") ?? ""
            for key in object.keys { #expect(meaning.contains("`\(key)`"), "\(list).\(key)") }
        }
    }

    @Test func theLedgerAndTheImportedStateFileAreDocumented() throws {
        let doc = try DataDictionary.load()
        Self.expectExactly(Ledger.header.split(separator: ",").map(String.init), "ledger CSV", doc)
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var s = Fixture.quiet(households: 12, buildings: 2, months: 3)
        s.name = "tiny"
        let ledger = dir.appendingPathComponent("tiny.csv")
        try Ledger.synthetic(from: s, replication: 0, start: "2025-01").write(to: ledger, atomically: true, encoding: .utf8)
        _ = try Ledger.importFile(at: ledger.path, name: "imported", into: dir, horizon: 12, skipBadRows: false)
        let state = try String(contentsOf: dir.appendingPathComponent("imported-state.csv"), encoding: .utf8)
        Self.expectExactly(Self.header(state), "`<name>-state.csv`", doc)
    }
}
