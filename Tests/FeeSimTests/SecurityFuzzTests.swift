import FeeSimModel
import FeeSimScenario
import Foundation
import Hummingbird
import PropertyBased
import Testing

@testable import FeeSimServer

/// Issue 21's fuzzing: `extends:` targets that are not project inputs (special files, links, huge sparse files,
/// pipes), every route and field of the workbench, and ledgers and observed series in other locales' formats.
/// `FEESIM_FUZZ_COUNT` sets the inputs per property (default small); `FEESIM_FUZZ_REPORT_SECURITY=FILE` writes the
/// counts.
@Suite(.serialized) struct SecurityFuzzTests {
    static var count: Int { ProcessInfo.processInfo.environment["FEESIM_FUZZ_COUNT"].flatMap(Int.init) ?? 120 }

    /// Tallies of one property's outcomes, by name.
    final class Counts: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [String: Int] = [:]
        func add(_ key: String) { lock.withLock { counts[key, default: 0] += 1 } }
        var all: [String: Int] { lock.withLock { counts } }
        func report(_ title: String) {
            guard let path = ProcessInfo.processInfo.environment["FEESIM_FUZZ_REPORT_SECURITY"] else { return }
            let line = "\(title): " + all.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
            if let h = FileHandle(forWritingAtPath: path) {
                h.seekToEndOfFile()
                h.write(Data(line.utf8))
                h.closeFile()
            } else {
                try? line.write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
    }

    static let secret = "FUZZSECRET-7f3a"

    /// Targets for `extends:`, as written in a file of `project/Scenarios/c/`; the fixture below creates the files.
    static let targets = [
        "/proc/self/environ", "/proc/self/maps", "/proc/self/status", "/dev/zero", "/dev/urandom", "/dev/null", "/etc/passwd",
        "/etc/shadow", "/etc/hostname", "/", "/proc", "../../../outside/secret.yaml", "../../../outside/shadow",
        "OUTSIDE/secret.yaml", "escape.yaml", "inside-link.yaml", "huge.yaml", "pipe.yaml", "folder.yaml", "dangling.yaml",
        "base.yaml", "no-such.yaml", "../c/base.yaml", "./base.yaml", "base.yml", "base.YAML", "base.json", "base.yaml/",
        String(repeating: "a/", count: 3_000) + "x.yaml", String(repeating: "../", count: 40) + "etc/passwd", ""
    ]

    static func fixture() throws -> (root: URL, community: URL) {
        let dir = try Fixture.temporaryFolder()
        let fm = FileManager.default
        let community = dir.appendingPathComponent("project/Scenarios/c"), outside = dir.appendingPathComponent("outside")
        for f in [community, outside, community.appendingPathComponent("folder.yaml")] {
            try fm.createDirectory(at: f, withIntermediateDirectories: true)
        }
        try Binary.tinyScenario.write(to: community.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try Binary.tinyScenario.write(to: community.appendingPathComponent("base.yml"), atomically: true, encoding: .utf8)
        try "\(secret): 1\n".write(to: outside.appendingPathComponent("secret.yaml"), atomically: true, encoding: .utf8)
        try "root:\(secret):19000:0:99999:7:::\n".write(to: outside.appendingPathComponent("shadow"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(
            atPath: community.appendingPathComponent("escape.yaml").path,
            withDestinationPath: outside.appendingPathComponent("secret.yaml").path)
        try fm.createSymbolicLink(atPath: community.appendingPathComponent("inside-link.yaml").path, withDestinationPath: "base.yaml")
        try fm.createSymbolicLink(atPath: community.appendingPathComponent("dangling.yaml").path, withDestinationPath: "gone.yaml")
        fm.createFile(atPath: community.appendingPathComponent("huge.yaml").path, contents: nil)
        _ = truncate(community.appendingPathComponent("huge.yaml").path, 2 << 30)
        _ = mkfifo(community.appendingPathComponent("pipe.yaml").path, 0o600)
        return (dir, community)
    }

    @Test(.timeLimit(.minutes(30))) func everyExtendsTargetIsReadOnlyWhenItIsAProjectInput() async throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: f.root) }
        setenv("FEESIM_FUZZ_SECRET", Self.secret, 1)
        let counts = Counts()
        let outside = f.root.appendingPathComponent("outside").path
        await propertyCheck(
            count: Self.count, input: Gen.int(in: 0..<Self.targets.count), Gen.int(in: 0..<4), Gen.int(in: 0..<Self.targets.count)
        ) { t, form, other in
            let target = Self.targets[t].replacingOccurrences(of: "OUTSIDE", with: outside)
            let second = Self.targets[other].replacingOccurrences(of: "OUTSIDE", with: outside)
            let quoted = { (s: String) in "'\(s.replacingOccurrences(of: "'", with: "''"))'" }
            let text: String
            switch form {
            case 0: text = "extends: \(quoted(target))\n"
            case 1: text = "extends: [base.yaml, \(quoted(target))]\n"
            case 2: text = "extends: [\(quoted(target)), base.yaml]\nmonths: 6\n"
            default: text = "extends: [\(quoted(target)), \(quoted(second))]\n"
            }
            let file = f.community.appendingPathComponent("fuzz-\(t)-\(form)-\(other).yaml")
            let start = Date()
            do {
                try text.write(to: file, atomically: true, encoding: .utf8)
                _ = try ScenarioLoader.load(path: file.path)
                counts.add("loaded")
            } catch let error as ScenarioError {
                counts.add("refused")
                #expect(!error.description.contains(Self.secret), "\(target): \(error.description.prefix(300))")
                #expect(
                    error.description.contains("fuzz-") && error.description.utf8.count < 2_000,
                    "\(target): \(error.description.prefix(300))")
            } catch {
                Issue.record("\(target): unexpected \(type(of: error)): \(error)")
            }
            #expect(Date().timeIntervalSince(start) < 5, "\(target) took \(Date().timeIntervalSince(start)) s")
            try? FileManager.default.removeItem(at: file)
        }
        counts.report("extends targets (\(Self.count))")
        #expect(counts.all["refused", default: 0] > 0)
    }

    /// Values put into one field of a request: extremes, wrong types, long and hostile strings.
    static let hostile: [String] = [
        "1e308", "-1", "0", "1e19", "9223372036854775808", "-9223372036854775809", "1e-320", "\"NaN\"", "\"Infinity\"", "null", "[]", "{}",
        "true", "\"\"", "\"../../etc/passwd\"", "\"/etc/shadow\"", "\"Scenarios/../secret.yaml\"",
        "\"\(String(repeating: "x", count: 10_000))\"",
        "\"levers.dunning.ladder[99999999999999999999].cost_per_attempt\"", "\"rollout[-1].end_month\"", "\"a\\u0000b\"", "\"物业\"", "2.5"
    ]
    static let fields = [
        "comparison", "strategy", "replications", "months", "seed", "set", "set.path", "set.value", "levers", "name",
        "lang", "client", "parameter", "figure", "atLeast", "question.replications", "variant"
    ]
    static let routes = [
        "/api/run", "/api/goal", "/api/save", "/api/export", "/api/comparisons", "/api/parameters", "/", "/healthz", "/nope"
    ]

    /// A small request body for `route` with `field` replaced by `value` (JSON text).
    static func body(route: String, field: String, value: String) -> String {
        func variant(_ f: String) -> String {
            var parts: [String: String] = [
                "comparison": "\"Scenarios/mixed/compare.yaml\"", "strategy": "\"mixed-full-plan\"",
                "replications": "2", "months": "24", "seed": "3",
                "set": "[{\"path\": \"pilot.buildings\", \"value\": 3}]"
            ]
            if f == "set.path" {
                parts["set"] = "[{\"path\": \(value), \"value\": 3}]"
            } else if f == "set.value" {
                parts["set"] = "[{\"path\": \"pilot.buildings\", \"value\": \(value)}]"
            } else if f == "variant" {
                return value
            } else if parts[f] != nil || f == "levers" {
                parts[f] = value
            }
            return "{" + parts.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
        switch route {
        case "/api/goal":
            var q = [
                "variant": variant(field), "parameter": "\"levers.cogovernance.mediation_prob\"", "figure": "\"collection_rate_year_1\"",
                "atLeast": "0.5", "replications": "2"
            ]
            if ["parameter", "figure", "atLeast"].contains(field) { q[field] = value }
            if field == "question.replications" { q["replications"] = value }
            let question = "{" + q.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
            return "{\"question\": \(question), \"client\": \(field == "client" ? value : "\"f\"")}"
        default:
            let name = field == "name" ? value : "\"fuzz\""
            let lang = field == "lang" ? value : "\"en\""
            return "{\"variant\": \(variant(field)), \"name\": \(name), \"lang\": \(lang)}"
        }
    }

    @Test(.timeLimit(.minutes(60))) func everyRouteAndFieldAnswersWithJSONOrThePageAndNeverAnUnnamedError() async throws {
        let root = try ServeTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let counts = Counts()
        let server = ServeTests.server(root: root)
        // Each request is a property input; the router client is shared.
        try await ServeTests.app(server).test(.router) { client in
            let n = max(20, Self.count / 4)
            var generator = Xoshiro(seed: 2_026_1207)
            for _ in 0..<n {
                let route = Self.routes[Int.random(in: 0..<Self.routes.count, using: &generator)]
                let field = Self.fields[Int.random(in: 0..<Self.fields.count, using: &generator)]
                let value = Self.hostile[Int.random(in: 0..<Self.hostile.count, using: &generator)]
                let headerSet = Int.random(in: 0..<5, using: &generator)
                var headers = ServeTests.page
                switch headerSet {
                case 1: headers[.origin] = "http://evil.example"
                case 2: headers[.contentType] = "text/plain"
                case 3: headers[RequestGuard.tokenHeader] = nil
                default: break
                }
                let method: HTTPRequest.Method =
                    route.hasPrefix("/api/") && !["/api/comparisons", "/api/parameters"].contains(route)
                    ? (headerSet == 4 ? .put : .post) : .get
                let uri =
                    route == "/api/parameters"
                    ? "/api/parameters?comparison=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&strategy=x"
                    : route
                let body = method == .get ? nil : ByteBuffer(string: Self.body(route: route, field: field, value: value))
                let label = "\(method) \(route) \(field)=\(value.prefix(40)) headers \(headerSet)"
                try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
                    let code = Int(response.status.code)
                    counts.add("\(code / 100)xx")
                    #expect(code != 500, "\(label): \(String(buffer: response.body).prefix(300))")
                    if route.hasPrefix("/api/") && code >= 400 {
                        let e = try? ServeTests.decode(WorkbenchError.self, response.body)
                        #expect(e != nil || response.body.readableBytes == 0, "\(label): \(String(buffer: response.body).prefix(300))")
                        #expect((e?.error.utf8.count ?? 0) < 4_000, "\(label): a long message")
                    }
                }
            }
        }
        counts.report("workbench requests (\(max(20, Self.count / 4)))")
        // Nothing was written outside Results/ and Scenarios/.
        let top = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(Set(top).isSubset(of: ["Results", "Scenarios"]), "\(top)")
    }

    /// Numbers as other locales and spreadsheets write them, and quoting gone wrong.
    static let localeValues = [
        "1,5", "1.234,56", "1 234", "1\u{00A0}234", "0x10", "0X1F", "1_000", "１２", "٣", "−5", "+5", ".5", "5.",
        "1e-320", "4.9e-324", "1e308", "1,000.50", "\"80", "80\"", "\"80\"", "\"U1", "'80'", "80%", "¥80", "80 m²"
    ]

    @Test func ledgersAndSeriesInOtherLocalesFormatsAreReadOrRefusedWithLineAndColumn() async throws {
        var rows = [Ledger.header]
        for unit in 1...4 { for m in 1...3 { rows.append("U\(unit),B\(unit % 2),\(60 + unit),2025-0\(m),120,\(m == 2 ? 0 : 120),,") } }
        let counts = Counts()
        await propertyCheck(
            count: Self.count, input: Gen.int(in: 1..<rows.count), Gen.int(in: 0..<6), Gen.int(in: 0..<Self.localeValues.count)
        ) { row, column, v in
            var lines = rows
            var fields = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[column] = Self.localeValues[v]
            lines[row] = fields.joined(separator: ",")
            do {
                let ledger = try Ledger.parse(lines.joined(separator: "\n"), file: "ledger.csv")
                let estimate = ledger.estimate(name: "x", stateFile: "x-state.csv", horizon: 12)
                #expect(estimate.collectionRate.isFinite)
                counts.add("ledger read")
                // What is read is a plain number or a text column (unit, building, month).
                if [2, 4, 5].contains(column) {
                    #expect(Self.localeValues[v].allSatisfy { "+-.0123456789eE".contains($0) }, "read \(Self.localeValues[v])")
                }
            } catch let error as ScenarioError {
                counts.add("ledger refused")
                #expect(
                    error.description.range(of: #"^ledger\.csv:[0-9]+:[0-9]+: "#, options: .regularExpression) != nil,
                    "\(error.description.prefix(200))")
            } catch {
                Issue.record("\(Self.localeValues[v]): unexpected \(error)")
            }
            // The same value as an observed rate.
            let series = "month,rate\n1,0.5\n2,\(Self.localeValues[v])\n"
            do {
                _ = try ObservedSeries.parse(series, file: "observed.csv")
                counts.add("series read")
                #expect(Self.localeValues[v].allSatisfy { "+-.0123456789eE".contains($0) }, "read \(Self.localeValues[v])")
            } catch let error as ScenarioError {
                counts.add("series refused")
                #expect(error.description.hasPrefix("observed.csv:3:"), "\(error.description.prefix(200))")
            } catch {
                Issue.record("\(Self.localeValues[v]): unexpected \(error)")
            }
        }
        counts.report("ledgers and series (\(Self.count))")
    }
}

/// A small seeded generator (xoshiro256**) for the request fuzzer's choices.
struct Xoshiro: RandomNumberGenerator {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    init(seed: UInt64) {
        var x = seed
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (next(), next(), next(), next())
    }
    mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3; s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }
}
