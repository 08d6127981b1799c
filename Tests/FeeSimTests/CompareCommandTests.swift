import Foundation
import Testing

/// End to end: `feesim compare` on a small comparison, and its HTML report in a real headless browser.
@Suite(.serialized) struct CompareCommandTests {
    /// A comparison of the mixed community's status quo with two strategies, small enough for a debug build.
    static func comparisonFolder(uncertainty: Bool = false) throws -> URL {
        let dir = try Fixture.temporaryFolder()
        let scenarios = Fixture.packageRoot.appendingPathComponent("Scenarios").path
        let text = """
            description: Small test comparison
            baseline: \(scenarios)/mixed/status-quo.yaml
            variants: [\(scenarios)/mixed/full-plan.yaml, \(scenarios)/mixed/cogovernance.yaml]
            replications: 6
            months: 12
            """ + (uncertainty ? "\nuncertainty: {sets: 4, replications: 1}\n" : "")
        try text.write(to: dir.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func aSetVariantGetsItsOwnFolderTitleAndFlagsAnImplausibleValue() throws {
        let dir = try Self.comparisonFolder(uncertainty: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // mediation_prob's prior is uniform 0.01–0.1 (docs/MODEL.md §6): 0.35 is 3.5× above it.
        let args = ["compare", "small.yaml", "--out", "out", "-q", "--no-uncertainty", "--set", "levers.cogovernance.mediation_prob=0.35"]
        let result = try Binary.feesim(args, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path)
        let folder = try #require(folders.first { $0.hasPrefix("small-set-") }, "\(folders)")
        #expect(folder.count == "small-set-".count + 8 && !folders.contains("small"))   // never the files' own folder
        let report = try String(contentsOf: dir.appendingPathComponent("out/\(folder)/report.md"), encoding: .utf8)
        #expect(
            report.hasPrefix(
                "# Fee-collection strategies compared: Small test comparison — changed: levers.cogovernance.mediation_prob=0.35"))
        #expect(report.contains("`levers.cogovernance.mediation_prob` = 0.35 (⚠ outside the plausible range"))
        // --no-uncertainty skipped the file's uncertainty: block.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/\(folder)/psa.csv").path))
        let refused = try Binary.feesim(["compare", "small.yaml", "--no-uncertainty", "--uncertainty", "4"], in: dir)
        #expect(refused.status != 0 && refused.stderr.contains("--no-uncertainty cannot be used with --uncertainty"))
    }

    @Test func compareWritesTablesAndReportsAndStreamsJSONProgress() throws {
        let dir = try Self.comparisonFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Binary.feesim(["compare", "small.yaml", "--out", "out", "--excel", "--progress", "json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let folder = dir.appendingPathComponent("out/small")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(
            files == [
                "buildings.csv", "comparison.xlsx", "costbenefit.csv", "manifest.json", "monthly.csv", "report.html", "report.md",
                "targets.csv"
            ])
        // The series behind the charts: a row per month, median and band per strategy, names R reads as they are.
        let monthly = try String(contentsOf: folder.appendingPathComponent("monthly.csv"), encoding: .utf8)
            .replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\n")
        #expect(monthly[0] == "strategy,month,metric,mean,sd,p05,p50,p95")
        let rows = monthly.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(Set(rows.map { String($0[0]) }).count == 3 && Set(rows.map { String($0[1]) }).count == 12)
        #expect(rows.contains { $0[0] == "mixed-status-quo" && $0[1] == "12" && $0[2] == "collection_rate" })
        let csv = try Data(contentsOf: folder.appendingPathComponent("costbenefit.csv"))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])   // --excel
        let targets = try String(contentsOf: folder.appendingPathComponent("targets.csv"), encoding: .utf8)
        #expect(targets.split(separator: "\n").count == 4)   // header + 3 variants
        // One JSON line per finished replication: 3 variants × 6 replications.
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("{\"scenario\":") }
        #expect(lines.count == 18)
        #expect(lines.last?.contains("\"finished\":6,\"total\":6") == true)
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        // A fan per variant, the year-to-date view, 3 more charts, and the by-building heat maps of the baseline and the
        // recommended strategy.
        #expect(html.components(separatedBy: "<svg").count - 1 == 3 + 4 + 2)
        #expect(!html.contains("<script"))
        #expect(!html.contains("%%"), "a format escape printed as text")
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
    }

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Debian's python3 with python3-openpyxl (installed by .ci/run), to read the workbook back.
    static let python: String? = ["/usr/bin/python3", "/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func theWorkbookHoldsTheReportsNumbersAsNumbersInEverySheet() throws {
        let dir = try Self.comparisonFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.feesim(["compare", "small.yaml", "--out", "out", "--lang", "zh", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let python = try #require(Self.python, "needs python3 with openpyxl (apt-get install python3-openpyxl, as .ci/run does)")
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {}
            for ws in wb.worksheets:
                out[ws.title] = {"rows": [[c.value for c in r] for r in ws.iter_rows(min_row=2)], "freeze": ws.freeze_panes,
                                 "formats": [c.number_format for c in ws[3]], "bold": ws["A2"].font.b}
            print(json.dumps(out, ensure_ascii=False))
            """
        try script.write(to: dir.appendingPathComponent("read.py"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [dir.appendingPathComponent("read.py").path, dir.appendingPathComponent("out/small-zh/comparison.xlsx").path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(errors)")
        let sheets = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        #expect(Set(sheets.keys) == ["一览", "行业指标", "目标", "成本收益", "逐月", "按楼栋", "假设与参数"])
        for (name, sheet) in sheets {
            #expect(sheet["freeze"] as? String == "A3", "\(name): the context and header rows frozen")
            #expect(sheet["bold"] as? Bool == true, "\(name): bold header")
        }
        // Cost-benefit: the same net benefit as costbenefit.csv, as a number in 万元 (the Chinese report's unit).
        let cost = try #require(sheets["成本收益"]?["rows"] as? [[Any]])
        let csv = try String(contentsOf: dir.appendingPathComponent("out/small-zh/costbenefit.csv"), encoding: .utf8)
        func fields(_ line: Substring) -> [String] {   // RFC 4180: quoted fields may hold commas
            var out: [String] = [], field = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { out.append(field); field = "" } else { field.append(ch) }
            }
            return out + [field]
        }
        let csvRows = csv.split(separator: "\n").map(fields)
        let mean = try #require(csvRows[0].firstIndex(of: "mean"))
        let net = try #require(csvRows.first { $0.first == "mixed-full-plan" && $0[2] == "net_benefit" })
        let csvNet = try #require(Double(net[mean]))
        let sheetNet = try #require(cost[1][3] as? Double)
        #expect(abs(sheetNet * 10_000 - csvNet) <= 1e-6 * max(1, abs(csvNet)))
        #expect((sheets["成本收益"]?["formats"] as? [String])?[3] == "#,##0.0")
        // Monthly: 3 strategies × 12 months, rates as percentages; the assumptions list every parameter.
        let monthly = try #require(sheets["逐月"]?["rows"] as? [[Any]])
        #expect(monthly.count == 1 + 3 * 12)
        #expect((sheets["逐月"]?["formats"] as? [String])?[2] == "0.0%")
        let assumptions = try #require(sheets["假设与参数"]?["rows"] as? [[Any]])
        #expect(assumptions.contains { ($0.first as? String) == "levers.cogovernance.mediation_prob" })
    }

    @Test func scenariosComparedDirectlyGetAReadableFolderAndTheGivenTitle() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenarios = Fixture.packageRoot.appendingPathComponent("Scenarios").path
        let run = try Binary.feesim(
            [
                "compare", "\(scenarios)/mixed/status-quo.yaml", "\(scenarios)/mixed/full-plan.yaml",
                "\(scenarios)/mixed/cogovernance.yaml", "-r", "2", "--months", "12",
                "--title", "Board meeting, March", "--out", "out", "-q"
            ], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try String(
            contentsOf: dir.appendingPathComponent("out/mixed-status-quo-vs-full-plan-cogovernance/report.md"),
            encoding: .utf8)
        #expect(report.hasPrefix("# Fee-collection strategies compared: Board meeting, March"))
    }

    @Test(.enabled(if: chromium != nil, "needs Debian's chromium (installed by .ci/run)"), arguments: ["en", "zh"])
    func reportRendersInHeadlessChromiumWithoutConsoleErrors(language: String) throws {
        let dir = try Self.comparisonFolder(uncertainty: true)   // the page with every section
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.feesim(["compare", "small.yaml", "--out", "out", "--lang", language, "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        // Each language has its own folder: the Chinese report never replaces the English one.
        let report = dir.appendingPathComponent(language == "zh" ? "out/small-zh/report.html" : "out/small/report.html")
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains(language == "zh" ? "收缴率" : "Collection rate"))
        #expect(html.contains(language == "zh" ? "一览" : "At a glance"))
        #expect(html.contains(language == "zh" ? "不确定性下的决策" : "Decisions under uncertainty"))
        let shot = dir.appendingPathComponent("shot.png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromium!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr",
            "--v=0", "--window-size=1100,2400", "--screenshot=\(shot.path)", report.absoluteString
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // The page logs nothing to its console (it has no scripts; any message would be an error or warning).
        #expect(!log.contains("CONSOLE"), "\(log)")
        #expect(!log.contains("Uncaught"))
        // Not blank: an empty page of this size shoots to about 16 kB of PNG; the report's charts to several
        // hundred kB.
        let size = (try FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
        #expect(size > 100_000, "screenshot is \(size) bytes")

        // The page as the browser built it: every chart present — a fan per strategy (3), the year-to-date view, net
        // benefit, tornado, EVPPI, acceptability, voluntary rate, arrears, and the by-building heat maps of the baseline
        // and the recommended strategy — each with its title.
        let dom = try Self.renderedDOM(report)
        #expect(dom.components(separatedBy: "<svg").count - 1 == 3 + 7 + 2)
        for title in language == "zh"
            ? ["的净收益：每次只让一个参数", "先摸清各项情况的价值", "各方案最优的概率"]
            : ["one parameter at a time", "What measuring each group first is worth", "P(best) when a point of 收缴率"]
        {
            #expect(dom.contains("aria-label=\"") && dom.contains(title), "\(title)")
        }
        // Visible text (tags, styles and the citations of sources aside): on the Chinese page, none of the report's
        // own English words; the English page shows that the extraction finds them.
        let text = Self.visibleText(dom)
        if language == "en" {
            #expect(text.contains("Status quo") && text.contains("preparation") && text.contains("per month"))
            #expect(text.contains("EVPPI: what knowing one group"))   // the bars say what they are worth and for what
        } else {
            for english in [
                "Status quo", "Baseline", "preparation", "pilot", "rollout", "per month", "assumption",
                "calibrated", "overdue", "median", "replications", "Month", "year 2", "Net benefit",
                "Plausible range", "target", "yuan", "probability", "logit,", "every "
            ] {
                #expect(!text.contains(english), "untranslated on the Chinese page: \(english)")
            }
            #expect(!text.contains("k<") && !text.contains("0k "), "thousands as k on the Chinese page")
        }
    }

    /// The DOM chromium builds from a page (`--dump-dom`).
    static func renderedDOM(_ page: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The text a reader sees: no style block, no tags, and no sources column (citations stay as published).
    static func visibleText(_ dom: String) -> String {
        var text = dom
        if let a = text.range(of: "<style>"), let b = text.range(of: "</style>") { text.removeSubrange(a.lowerBound..<b.upperBound) }
        // Drop the last cell of each assumptions row (the source) before stripping tags.
        if let start = text.range(of: "class=\"assumptions\"") {
            var tail = String(text[start.lowerBound...])
            tail = tail.replacingOccurrences(of: "<td>[^<]*</td></tr>", with: "</tr>", options: .regularExpression)
            text = String(text[..<start.lowerBound]) + tail
        }
        return text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
    }
}
