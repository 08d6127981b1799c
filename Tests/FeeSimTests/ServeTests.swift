import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import Hummingbird
import Testing

@testable import FeeSimServer

/// `feesim serve`: the JSON API over loopback through a plain HTTP client, the page in real headless Chromium, a small
/// load test on loopback, and a graceful stop.
@Suite(.serialized) struct ServeTests {
    /// A project folder with a copy of the shipped Scenarios/, so saves and exports never touch the repository.
    static func projectCopy() throws -> URL {
        let dir = try Fixture.temporaryFolder()
        try FileManager.default.copyItem(
            at: Fixture.packageRoot.appendingPathComponent("Scenarios"),
            to: dir.appendingPathComponent("Scenarios"))
        return dir
    }

    static func server(root: URL = Fixture.packageRoot, waiting: Int = 8, limits: Workbench.Limits = Workbench.Limits()) -> WorkbenchServer
    {
        WorkbenchServer(
            workbench: Workbench(root: root, limits: limits), toolVersion: "test", gslVersion: "test", waiting: waiting,
            token: token)
    }

    /// The token the test servers give their page, and the headers the page sends with every POST.
    static let token = "0123456789abcdef0123456789abcdef"
    static let page: HTTPFields = [.contentType: "application/json", RequestGuard.tokenHeader: token]

    /// The server on a free loopback port for the length of a test (``LoopbackApp``: no TLS in the test build).
    static func app(_ server: WorkbenchServer) -> LoopbackApp {
        LoopbackApp(server: server)
    }

    /// A small question: the mixed community's full plan, 8 replications of 12 months.
    static func variant(
        _ set: [Workbench.Variant.Change] = [], replications: Int = 8, months: Int = 12,
        strategy: String = "mixed-full-plan"
    ) -> Workbench.Variant {
        Workbench.Variant(
            comparison: "Scenarios/mixed/compare.yaml", strategy: strategy, set: set,
            replications: replications, months: months, seed: 7)
    }

    static func body(_ value: some Encodable) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONEncoder().encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }

    @Test func thePageIsServedInBothLanguagesAndFetchesNothingFromElsewhere() async throws {
        try await Self.app(Self.server()).test(.router) { client in
            for (query, title) in [("", "FeeSim workbench"), ("?lang=zh", "FeeSim 方案推演台")] {
                try await client.execute(uri: "/\(query)", method: .get) { response in
                    #expect(response.status == .ok)
                    let page = String(decoding: Data(response.body.readableBytesView), as: UTF8.self)
                    #expect(page.contains("<title data-t=\"title\">\(title)"))
                    #expect(!page.contains("src=\"http") && !page.contains("href=\"http") && !page.contains("import "))
                }
            }
            try await client.execute(uri: "/api/comparisons", method: .get) { response in
                let list = try Self.decode([Workbench.ComparisonEntry].self, response.body)
                #expect(list.map(\.file).contains("Scenarios/mixed/compare.yaml"))
                #expect(
                    list.first { $0.file == "Scenarios/mixed/compare.yaml" }?.strategies.contains { $0.name == "mixed-full-plan" } == true)
            }
            try await client.execute(
                uri: "/api/parameters?comparison=Scenarios/mixed/compare.yaml&strategy=mixed-full-plan&lang=zh",
                method: .get
            ) { response in
                let list = try Self.decode([Workbench.ParameterInfo].self, response.body)
                let pilot = try #require(list.first { $0.path == "pilot.buildings" })
                #expect(pilot.value == 3 && pilot.whole && pilot.group == "rollout" && pilot.label == "试点楼栋数")
                let visit = try #require(list.first { $0.path == "levers.dunning.ladder[2].cost_per_attempt" })
                #expect(visit.label.hasPrefix("上门") && visit.unit == "元" && visit.value == 30)
                #expect(list.allSatisfy { !$0.source.isEmpty && $0.sliderUpper >= $0.value && $0.sliderLower <= $0.value })
            }
        }
    }

    @Test func theServerGivesTheCommandLinesNumbersForTheSameFilesAndSeed() async throws {
        let v = Self.variant([.init(path: "behaviour.grievance_entry", value: 0.03)])
        let a = try await Self.app(Self.server()).test(.router) { client in
            try await client.execute(
                uri: "/api/run", method: .post, headers: Self.page, body: Self.body(WorkbenchServer.RunRequest(variant: v))
            ) { response in
                #expect(response.status == .ok)
                return try Self.decode(Workbench.Answer.self, response.body)
            }
        }
        // The same comparison from the command line: the two files, the same settings and --set (which changes
        // every strategy alike, as the server does for a behaviour parameter).
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenarios = Fixture.packageRoot.appendingPathComponent("Scenarios").path
        let cli = try Binary.feesim(
            [
                "compare", "\(scenarios)/mixed/status-quo.yaml", "\(scenarios)/mixed/full-plan.yaml",
                "-r", "8", "--months", "12", "--seed", "7", "--set", "behaviour.grievance_entry=0.03",
                "--name", "cli", "--out", "out", "-q"
            ], in: dir)
        #expect(cli.status == 0, "\(cli.stderr)")
        let csv = try String(contentsOf: dir.appendingPathComponent("out/cli/costbenefit.csv"), encoding: .utf8)
        // The title is quoted and holds a comma: read the fields after the figure's name (label, then mean).
        let line = try #require(csv.split(separator: "\n").first { $0.contains(",net_benefit,") })
        let after = line[line.range(of: ",net_benefit,")!.upperBound...].split(separator: ",")
        let cliNet = try #require(Double(after[1]))
        #expect(abs(a.netBenefit - cliNet) <= 1e-9 * max(1, abs(cliNet)), "server \(a.netBenefit), CLI \(cliNet)")
        #expect(a.replications == 8 && a.months == 12 && a.seed == 7 && a.fragments.fans.count == 2)
    }

    @Test func badValuesGetTheLoadersErrorNamingTheField() async throws {
        try await Self.app(Self.server()).test(.router) { client in
            let cases: [(Workbench.Variant, Int, String?, String)] = [
                (Self.variant([.init(path: "pilot.buildings", value: 99)]), 422, "pilot.buildings", "pilot.buildings"),
                (
                    Self.variant([.init(path: "levers.dunning.ladder[2].cost_per_attempt", value: -5)]), 422,
                    "levers.dunning.ladder[2].cost_per_attempt", "cost_per_attempt"
                ),
                (Self.variant([.init(path: "levers.no_such_thing", value: 1)]), 422, "levers.no_such_thing", "no_such_thing"),
                (Self.variant(strategy: "mixed-nothing"), 404, "strategy", "mixed-full-plan"),
                (Self.variant(replications: 2000, months: 120), 413, "replications", "limit"),
                (Self.variant(replications: 0), 413, "replications", "replications")
            ]
            for (v, status, field, words) in cases {
                try await client.execute(
                    uri: "/api/run", method: .post, headers: Self.page, body: Self.body(WorkbenchServer.RunRequest(variant: v))
                ) { response in
                    #expect(response.status.code == status, "\(v.set)")
                    let e = try Self.decode(WorkbenchError.self, response.body)
                    #expect(e.field == field && e.error.contains(words), "\(e)")
                }
            }
            try await client.execute(uri: "/api/run", method: .post, headers: Self.page, body: ByteBuffer(string: "{\"variant\": 3}")) {
                response in
                #expect(response.status == .badRequest)
                let e = try Self.decode(WorkbenchError.self, response.body)
                #expect(e.error.contains("variant"))
            }
        }
    }

    @Test func noRequestReadsOrWritesOutsideScenariosAndResults() async throws {
        let root = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try "secret".write(to: root.appendingPathComponent("secret.yaml"), atomically: true, encoding: .utf8)
        try await Self.app(Self.server(root: root)).test(.router) { client in
            for comparison in [
                "../secret.yaml", "Scenarios/../secret.yaml", "/etc/passwd", "Scenarios/../../etc/passwd",
                "secret.yaml", "Scenarios/./mixed/compare.yaml", "Scenarios\\..\\secret.yaml"
            ] {
                var v = Self.variant()
                v.comparison = comparison
                try await client.execute(
                    uri: "/api/run", method: .post, headers: Self.page, body: Self.body(WorkbenchServer.RunRequest(variant: v))
                ) { response in
                    #expect(response.status == .forbidden, "\(comparison)")
                }
                let q = comparison.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                try await client.execute(uri: "/api/parameters?comparison=\(q)&strategy=x", method: .get) { response in
                    #expect(response.status == .forbidden, "\(comparison)")
                }
            }
            for name in ["../escape", "a/b", "/tmp/x", "..", "", "UPPER", String(repeating: "a", count: 65)] {
                for kind in ["save", "export"] {
                    let body = WorkbenchServer.FileRequest(variant: Self.variant(), name: name)
                    try await client.execute(uri: "/api/\(kind)", method: .post, headers: Self.page, body: Self.body(body)) { response in
                        #expect(response.status == .forbidden, "\(kind) \(name)")
                    }
                }
            }
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("escape.yaml").path))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/x.yaml"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Results").path))
    }

    @Test func whatWouldItTakeFindsTheSmallestValueThatReachesTheFigure() async throws {
        let server = Self.server()
        func ask(_ atLeast: Double) async throws -> Workbench.GoalAnswer {
            let q = Workbench.GoalQuestion(
                variant: Self.variant(replications: 4, months: 12),
                parameter: "levers.cogovernance.mediation_prob", figure: "collection_rate_year_1",
                atLeast: atLeast, replications: 4)
            return try await Self.app(server).test(.router) { client in
                try await client.execute(
                    uri: "/api/goal", method: .post, headers: Self.page,
                    body: Self.body(WorkbenchServer.GoalRequest(question: q, client: "g"))
                ) { response in
                    #expect(response.status == .ok)
                    return try Self.decode(Workbench.GoalAnswer.self, response.body)
                }
            }
        }
        // A rate never exceeds 1; any rate is at least 0: both ends answer at once (one or two evaluations).
        let never = try await ask(1.01)
        #expect(never.outcome == "never" && never.value == nil && never.evaluations == 2)
        let already = try await ask(0)
        #expect(already.outcome == "already" && already.evaluations == 1)
        // Halfway between the figure at the two ends: found inside the range, with the figure reached there.
        let low = already.figureValue, high = never.figureValue
        #expect(high > low)   // more mediation, more collected
        let found = try await ask((low + high) / 2)
        #expect(found.outcome == "found")
        let value = try #require(found.value)
        #expect(value > found.lower && value <= found.upper && found.figureValue >= (low + high) / 2)
    }

    @Test func aSavedVariantLoadsBackAsTheSameScenarioAndIsNeverOverwritten() async throws {
        let root = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        var v = Self.variant([
            .init(path: "pilot.buildings", value: 5), .init(path: "levers.dunning.ladder[2].cost_per_attempt", value: 20),
            .init(path: "rollout[1].end_month", value: 8), .init(path: "levers.cogovernance.peer_multiplier", value: 1.6)
        ])
        v.levers = ["transparency", "dunning", "assistance", "cogovernance"]
        let bench = Workbench(root: root)
        let saved = try bench.save(v, name: "pilot5-visit20")
        // Beside the community's files, extending the strategy's file there.
        #expect(saved.file == "Scenarios/mixed/pilot5-visit20.yaml")
        #expect(saved.yaml.contains("extends: full-plan.yaml"))
        #expect(saved.yaml.contains("rungs:") && saved.yaml.contains("visit:") && saved.yaml.contains("cost_per_attempt: 20"))
        #expect(!saved.yaml.contains("legal]"))   // the lever switched off is off in every phase
        // The file the workbench wrote, loaded by the ordinary loader, is the variant it ran (save checks this too).
        let loaded = try FeeSimScenario.ScenarioLoader.load(path: root.appendingPathComponent(saved.file).path).scenario
        #expect(loaded.pilot.count == 5 && loaded.levers.dunning.rungs[2].costPerAttempt == 20 && loaded.rollout[1].endMonth == 8)
        #expect(loaded.rollout.allSatisfy { !$0.levers.has(.legal) })
        #expect(throws: WorkbenchError.self) { try bench.save(v, name: "pilot5-visit20") }
        #expect((try? bench.save(v, name: "pilot5-visit20")) == nil)
        #expect(try String(contentsOf: root.appendingPathComponent(saved.file), encoding: .utf8) == saved.yaml)
    }

    /// The page's first answer asks for fewer replications than the full one: its figures are those of the full
    /// run's first replications exactly (replication r is seeded from the seed and r alone), not an extrapolation.
    @Test func aFirstAnswerFromFewerReplicationsIsExactlyTheFullRunsFirstReplications() throws {
        let workbench = Workbench(root: Fixture.packageRoot)
        let change = [Workbench.Variant.Change(path: "pilot.buildings", value: 5)]
        let first = try workbench.run(Self.variant(change, replications: 4), language: .en, threads: 2)
        #expect(first.replications == 4)
        // The full run's replications one by one: each strategy's 收缴率 of the target window and whether it reached it.
        let p = try workbench.prepare(Self.variant(change, replications: 10))
        func ensemble(_ s: Scenario) throws -> [MonthlyRecord] {
            try MonteCarlo.run(try CompiledModel(s, settings: p.settings), threads: 2, keepRecords: true).records
        }
        let strategy = try ensemble(p.strategy), baseline = try ensemble(p.baseline)
        #expect(strategy.count == 10 && baseline.count == 10)
        func mean(_ records: ArraySlice<MonthlyRecord>, _ metric: Metric) -> Double {
            records.map { $0.series(metric).last! }.reduce(0, +) / Double(records.count)
        }
        #expect(abs(first.windowRate - mean(strategy.prefix(4), .targetWindowRate)) <= 1e-12)
        #expect(abs(first.baselineWindowRate - mean(baseline.prefix(4), .targetWindowRate)) <= 1e-12)
        #expect(abs(first.pTarget - mean(strategy.prefix(4), .targetReached)) <= 1e-12)
        // … and they are not the full run's: the first answer is a different (smaller) sample.
        #expect(abs(first.windowRate - mean(strategy.prefix(10), .targetWindowRate)) > 1e-9)
    }

    @Test func anExportWritesTheReportFolderAndNothingHalfWritten() throws {
        let root = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let exported = try Workbench(root: root).export(
            Self.variant([.init(path: "pilot.buildings", value: 5)]),
            name: "board-variant", language: .zh, toolVersion: "test", gslVersion: "test")
        #expect(exported.folder == "Results/board-variant")
        #expect(Set(exported.files).isSuperset(of: ["report.html", "report.md", "costbenefit.csv", "comparison.xlsx", "manifest.json"]))
        let html = try String(contentsOf: root.appendingPathComponent("Results/board-variant/report.html"), encoding: .utf8)
        #expect(html.contains("收缴率"))
        let manifest = try String(contentsOf: root.appendingPathComponent("Results/board-variant/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("pilot.buildings=5"))
        // Only the folder and its lock file: no staging folder left beside it.
        #expect(try Binary.visibleItems(root.appendingPathComponent("Results")) == ["board-variant"])
    }

    @Test func aNewerRequestFromTheSamePageCancelsTheOlderOne() async throws {
        try await Self.app(Self.server()).test(.router) { client in
            let slow = WorkbenchServer.RunRequest(variant: Self.variant(replications: 400, months: 24), client: "page-1")
            let fast = WorkbenchServer.RunRequest(variant: Self.variant(replications: 2, months: 6), client: "page-1")
            async let first: Int = client.execute(uri: "/api/run", method: .post, headers: Self.page, body: Self.body(slow)) {
                $0.status.code
            }
            try await Task.sleep(for: .milliseconds(300))
            let second = try await client.execute(uri: "/api/run", method: .post, headers: Self.page, body: Self.body(fast)) {
                $0.status.code
            }
            let firstStatus = try await first
            #expect(second == 200)
            #expect(firstStatus == 409)   // superseded, well before its 400 replications would have finished
        }
    }

    @Test func beyondTheQueueRequestsAreToldTheServerIsBusy() async throws {
        try await Self.app(Self.server(waiting: 0)).test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for k in 0..<3 {
                    group.addTask {
                        let r = WorkbenchServer.RunRequest(variant: Self.variant(replications: 60), client: "page-\(k)")
                        return try await client.execute(uri: "/api/run", method: .post, headers: Self.page, body: Self.body(r)) {
                            $0.status.code
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count >= 1)
            #expect(statuses.filter { $0 == 503 }.count >= 1)
            #expect(statuses.allSatisfy { $0 == 200 || $0 == 503 })
        }
    }

    /// 50 concurrent requests over real loopback connections: every answer is the right one or a clear "busy".
    @Test func fiftyConcurrentRequestsOnLoopbackGetTheRightAnswerOrBusy() async throws {
        let small = Self.variant(replications: 2, months: 6)
        let expected = try Workbench(root: Fixture.packageRoot).run(small, language: .en).netBenefit
        let started = Date()
        try await Self.app(Self.server(waiting: 8)).test(.live) { client in
            let answers = try await withThrowingTaskGroup(of: (Int, Double?).self) { group in
                for k in 0..<50 {
                    group.addTask {
                        let r = WorkbenchServer.RunRequest(variant: small, client: "load-\(k)")
                        return try await client.execute(uri: "/api/run", method: .post, headers: Self.page, body: Self.body(r)) {
                            response in
                            (
                                Int(response.status.code),
                                response.status == .ok ? try Self.decode(Workbench.Answer.self, response.body).netBenefit : nil
                            )
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.count == 50)
            #expect(answers.allSatisfy { $0.0 == 200 || $0.0 == 503 })
            #expect(answers.filter { $0.0 == 200 }.count >= 9)   // one running and eight waiting at least
            for (_, net) in answers where net != nil { #expect(net == expected) }
        }
        #expect(Date().timeIntervalSince(started) < 120)
    }
}
