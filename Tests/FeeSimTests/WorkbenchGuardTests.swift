import FeeSimModel
import FeeSimReports
import Foundation
import Hummingbird
import Testing

@testable import FeeSimServer

/// Issue 21: only the workbench's own page can drive it, slow clients cannot hold it, one bad comparison file
/// does not hide the others, and answers are never NaN for a horizon the target window does not fit in.
@Suite(.serialized) struct WorkbenchGuardTests {
    static let save = WorkbenchServer.FileRequest(variant: ServeTests.variant(), name: "evil")

    /// Requests another site could send (or a DNS-rebound name), each with the status it must get.
    static let foreign: [(what: String, headers: HTTPFields, status: Int)] = {
        var cases: [(String, HTTPFields, Int)] = []
        var origin = ServeTests.page
        origin[.origin] = "http://evil.example"
        cases.append(("foreign Origin", origin, 403))
        var site = ServeTests.page
        site[RequestGuard.secFetchSite] = "cross-site"
        cases.append(("Sec-Fetch-Site cross-site", site, 403))
        var text = ServeTests.page
        text[.contentType] = "text/plain"
        cases.append(("text/plain body (no preflight)", text, 415))
        var form = ServeTests.page
        form[.contentType] = "application/x-www-form-urlencoded"
        cases.append(("form body", form, 415))
        cases.append(("no token", [.contentType: "application/json"], 403))
        var wrong = ServeTests.page
        wrong[RequestGuard.tokenHeader] = String(ServeTests.token.reversed())
        cases.append(("wrong token", wrong, 403))
        return cases
    }()

    @Test func requestsFromAnotherSiteAreRefusedAndChangeNothing() async throws {
        let root = try ServeTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try await ServeTests.app(ServeTests.server(root: root)).test(.router) { client in
            for route in ["save", "export", "run", "goal"] {
                for c in Self.foreign {
                    try await client.execute(uri: "/api/\(route)", method: .post, headers: c.headers, body: ServeTests.body(Self.save)) {
                        response in
                        #expect(Int(response.status.code) == c.status, "\(route): \(c.what)")
                        let e = try ServeTests.decode(WorkbenchError.self, response.body)
                        #expect(!e.error.isEmpty)
                    }
                }
            }
            // The page's own request, same body: accepted (its origin is the address the server is bound to).
            var own = ServeTests.page
            own[.origin] = "http://127.0.0.1:\(client.port)"
            own[RequestGuard.secFetchSite] = "same-origin"
            try await client.execute(uri: "/api/save", method: .post, headers: own, body: ServeTests.body(Self.save)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Results").path))
        // Only the one accepted save wrote a file.
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Scenarios/mixed/evil.yaml").path))
    }

    @Test func thePageCarriesItsTokenAndSendsItWithJSON() async throws {
        try await ServeTests.app(ServeTests.server()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(ServeTests.token) && page.contains("'X-FeeSim-Token': TOKEN"))
                #expect(page.contains("'Content-Type': 'application/json'"))
            }
        }
        // Every process draws its own.
        let a = WorkbenchServer(workbench: Workbench(root: Fixture.packageRoot), toolVersion: "t", gslVersion: "t")
        let b = WorkbenchServer(workbench: Workbench(root: Fixture.packageRoot), toolVersion: "t", gslVersion: "t")
        #expect(a.token != b.token && a.token.count == 32)
    }

    @Test func hostHeadersOtherThanTheBoundAddressAreRefused() {
        let bound = BoundAddress()
        for host in ["localhost", "127.0.0.1:8080", "LOCALHOST:1", "[::1]:9"] { #expect(bound.admits(authority: host), "\(host)") }
        for host in ["evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost:x", "127.0.0.2"] {
            #expect(!bound.admits(authority: host), "\(host)")
        }
        bound.set(host: "127.0.0.1", port: 8123)
        #expect(bound.admits(authority: "127.0.0.1:8123") && bound.admits(authority: "localhost:8123"))
        for host in ["127.0.0.1:8124", "127.0.0.1", "evil.example:8123"] { #expect(!bound.admits(authority: host), "\(host)") }
    }

    @Test func oneBrokenComparisonFileIsListedWithItsErrorWhileTheOthersWork() async throws {
        let root = try ServeTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try "baseline: mixed/status-quo.yaml\nvariants: [mixed/no-such.yaml]\n"
            .write(to: root.appendingPathComponent("Scenarios/broken.yaml"), atomically: true, encoding: .utf8)
        try "baseline: [\n".write(to: root.appendingPathComponent("Scenarios/garbled.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("Scenarios/linked.yaml").path,
            withDestinationPath: "/etc/hostname")
        try await ServeTests.app(ServeTests.server(root: root)).test(.router) { client in
            try await client.execute(uri: "/api/comparisons", method: .get) { response in
                #expect(response.status == .ok)
                let list = try ServeTests.decode([Workbench.ComparisonEntry].self, response.body)
                let broken = try #require(list.first { $0.file == "Scenarios/broken.yaml" })
                #expect(broken.error?.contains("no-such.yaml") == true && broken.strategies.isEmpty)
                #expect(list.first { $0.file == "Scenarios/garbled.yaml" }?.error?.contains("comparison file") == true)
                let mixed = try #require(list.first { $0.file == "Scenarios/mixed/compare.yaml" })
                #expect(mixed.error == nil && !mixed.strategies.isEmpty)
            }
        }
    }

    @Test func runAndGoalRefuseAHorizonShorterThanTheTargetWindow() async throws {
        try await ServeTests.app(ServeTests.server()).test(.router) { client in
            let run = WorkbenchServer.RunRequest(variant: ServeTests.variant(months: 3))
            try await client.execute(uri: "/api/run", method: .post, headers: ServeTests.page, body: ServeTests.body(run)) { response in
                #expect(response.status.code == 422)
                let e = try ServeTests.decode(WorkbenchError.self, response.body)
                #expect(e.field == "months" && e.error.contains("target window"), "\(e)")
            }
            for atLeast in [0.5, 2] {
                let q = Workbench.GoalQuestion(
                    variant: ServeTests.variant(replications: 4, months: 3),
                    parameter: "levers.cogovernance.mediation_prob", figure: "target_reached",
                    atLeast: atLeast, replications: 4)
                let body = ServeTests.body(WorkbenchServer.GoalRequest(question: q, client: "g"))
                try await client.execute(uri: "/api/goal", method: .post, headers: ServeTests.page, body: body) { response in
                    #expect(response.status.code == 422)
                    let text = String(buffer: response.body)
                    #expect(!text.contains("NaN") && text.contains("months"), "\(text)")
                }
            }
        }
    }

    @Test func theWorkBoundCountsWarmUpMonths() async throws {
        // 1,200 households × 12 months × 8 replications × 2 = 230,400 without the 24 warm-up months, 691,200 with.
        var limits = Workbench.Limits()
        limits.householdMonths = 500_000
        try await ServeTests.app(ServeTests.server(limits: limits)).test(.router) { client in
            let run = WorkbenchServer.RunRequest(variant: ServeTests.variant())
            try await client.execute(uri: "/api/run", method: .post, headers: ServeTests.page, body: ServeTests.body(run)) { response in
                #expect(response.status.code == 413, "\(String(buffer: response.body))")
                #expect(String(buffer: response.body).contains("warm-up"))
            }
        }
    }
}
