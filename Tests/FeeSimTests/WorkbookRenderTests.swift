import FeeSimModel
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimReports

/// The comparison workbook as a deck uses it: opened by LibreOffice (headless, converted to PDF, its first page
/// rendered to PNG), with native charts, a context row, print set-up, 万元 and integer formats, the payback
/// labelled as a mean, the Chinese assumptions sheet and the by-building sheet.
///
/// Needs `soffice` (Debian's libreoffice-calc-nogui), `pdftoppm` (poppler-utils) and python3 with openpyxl, as
/// .ci/run installs them. Skipped where soffice is missing, except in CI (`CI=true`), where it fails instead.
@Suite struct WorkbookRenderTests {
    static let soffice: String? = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let pdftoppm: String? = ["/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// A small comparison (the mixed community scaled down, the status quo and two strategies), its workbook
    /// written in Chinese into `dir`.
    static func writeWorkbook(in dir: URL) throws -> (URL, ComparisonOutputs) {
        let base = try CompiledModel(try BuildingRateTests.mixed("status-quo", replications: 4))
        let challengers = try ["full-plan", "smart-dunning"].map { try CompiledModel(try BuildingRateTests.mixed($0, replications: 4)) }
        let result = try Comparison.run(baseline: base, challengers: challengers, threads: 2)
        let context = ComparisonContext(
            name: "small-compare", description: "Small test comparison", toolVersion: "test", scenarioFiles: [], contentHash: "")
        let outputs = ComparisonOutputs(result: result, context: context, language: .zh)
        let url = dir.appendingPathComponent("comparison.xlsx")
        try outputs.writeWorkbook(to: url.path)
        return (url, outputs)
    }

    @Test(.enabled(if: soffice != nil || inCI, "needs LibreOffice (apt-get install libreoffice-calc-nogui, as .ci/run does)"))
    func theWorkbookOpensInLibreOfficeAndItsFirstPageRendersWithCharts() throws {
        let soffice = try #require(Self.soffice, "CI=true but soffice is missing: .ci/run installs libreoffice-calc-nogui")
        let pdftoppm = try #require(Self.pdftoppm, "pdftoppm is missing: .ci/run installs poppler-utils")
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (xlsx, _) = try Self.writeWorkbook(in: dir)
        // A profile of its own, so a LibreOffice running elsewhere on the machine cannot take the conversion over.
        let profile = dir.appendingPathComponent("profile").absoluteString
        let convert = try Binary.run(
            URL(fileURLWithPath: soffice),
            ["-env:UserInstallation=\(profile)", "--headless", "--convert-to", "pdf", "--outdir", dir.path, xlsx.path], in: dir)
        let pdf = dir.appendingPathComponent("comparison.pdf")
        #expect(convert.status == 0 && FileManager.default.fileExists(atPath: pdf.path), "\(convert.stdout)\(convert.stderr)")
        let pdfData = try Data(contentsOf: pdf)
        #expect(pdfData.starts(with: Array("%PDF".utf8)) && pdfData.count > 20_000)

        // The first page (the summary table and both charts) as a PNG, and as a PPM to count its inked pixels.
        let png = try Binary.run(
            URL(fileURLWithPath: pdftoppm), ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf.path, "page"], in: dir)
        #expect(png.status == 0, "\(png.stderr)")
        let pngData = try Data(contentsOf: dir.appendingPathComponent("page.png"))
        #expect(pngData.starts(with: [0x89, 0x50, 0x4E, 0x47]) && pngData.count > 15_000, "\(pngData.count) bytes")
        let ppm = try Binary.run(
            URL(fileURLWithPath: pdftoppm), ["-r", "30", "-f", "1", "-l", "1", "-singlefile", pdf.path, "page"], in: dir)
        #expect(ppm.status == 0, "\(ppm.stderr)")
        let image = try Data(contentsOf: dir.appendingPathComponent("page.ppm"))
        // P6 header: magic, width, height, max value, each followed by one whitespace byte; then RGB bytes.
        var fields: [String] = [], field = "", offset = 0
        for (i, byte) in image.enumerated() where fields.count < 4 {
            if byte == 0x20 || byte == 0x0A {
                if !field.isEmpty { fields.append(field) }
                field = ""
                offset = i + 1
            } else {
                field.append(Character(UnicodeScalar(byte)))
            }
        }
        #expect(fields.first == "P6")
        let pixels = image[offset...]
        var inked = 0, coloured = 0
        var index = pixels.startIndex
        while index + 2 < pixels.endIndex {
            let (r, g, b) = (Int(pixels[index]), Int(pixels[index + 1]), Int(pixels[index + 2]))
            if r + g + b < 600 { inked += 1 }
            if max(r, g, b) - min(r, g, b) > 60 { coloured += 1 }   // chart lines and bars, not black text
            index += 3
        }
        let total = pixels.count / 3
        #expect(inked > total / 100, "\(inked) of \(total) pixels inked: a blank page?")
        #expect(coloured > total / 500, "\(coloured) of \(total) pixels coloured: no chart on the first page?")
    }

    @Test(.enabled(if: CompareCommandTests.python != nil || inCI, "needs python3 with openpyxl"))
    func theWorkbookHasChartsAContextRowPrintSetUpAndDeckFormats() throws {
        let python = try #require(CompareCommandTests.python, "python3 with openpyxl is missing: .ci/run installs python3-openpyxl")
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (xlsx, outputs) = try Self.writeWorkbook(in: dir)
        let script = """
            import json, sys, zipfile, openpyxl
            names = zipfile.ZipFile(sys.argv[1]).namelist()
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {"charts": sorted(n for n in names if n.startswith("xl/charts/chart")), "sheets": {}}
            for ws in wb.worksheets:
                rules = [r.type for cf in ws.conditional_formatting for r in cf.rules]
                out["sheets"][ws.title] = {
                    "context": ws["A1"].value, "header": [c.value for c in ws[2]], "bold": ws["A2"].font.b,
                    "rows": [[c.value for c in r] for r in ws.iter_rows(min_row=3)],
                    "formats": [c.number_format for c in ws[3]], "freeze": ws.freeze_panes,
                    "landscape": ws.page_setup.orientation, "fitWidth": ws.page_setup.fitToWidth,
                    "fitHeight": ws.page_setup.fitToHeight, "fitToPage": ws.sheet_properties.pageSetUpPr.fitToPage,
                    "titles": ws.print_title_rows, "pageHeader": ws.oddHeader.left.text, "footer": ws.oddFooter.center.text,
                    "rules": rules}
            print(json.dumps(out, ensure_ascii=False))
            """
        try script.write(to: dir.appendingPathComponent("read.py"), atomically: true, encoding: .utf8)
        let read = try Binary.run(URL(fileURLWithPath: python), [dir.appendingPathComponent("read.py").path, xlsx.path], in: dir)
        #expect(read.status == 0, "\(read.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any])
        // Two native charts: 收缴率 by month and the net benefits.
        #expect(json["charts"] as? [String] == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"])
        let sheets = try #require(json["sheets"] as? [String: [String: Any]])
        #expect(Set(sheets.keys) == ["一览", "行业指标", "目标", "成本收益", "逐月", "按楼栋", "假设与参数"])
        for (name, sheet) in sheets {
            // The context row: community and run as the report's header says them, and what the intervals cover.
            let context = try #require(sheet["context"] as? String, "\(name): no context row")
            #expect(context.contains("240 户") && context.contains("8 栋楼") && context.contains("4 次重复模拟"), "\(name): \(context)")
            #expect(context.contains("95% 区间，仅反映各次重复模拟的随机波动"), "\(name): \(context)")
            #expect(sheet["bold"] as? Bool == true && sheet["freeze"] as? String == "A3", "\(name): header row bold and frozen")
            // Print set-up: landscape, one page wide, the context and header rows on every page, header and footer.
            #expect(sheet["landscape"] as? String == "landscape", "\(name)")
            // fitToWidth 1 is the file format's default, so it may be left out.
            #expect((sheet["fitWidth"] as? Int ?? 1) == 1 && sheet["fitHeight"] as? Int == 0, "\(name)")
            #expect(sheet["fitToPage"] as? Bool == true, "\(name)")
            #expect(sheet["titles"] as? String == "$1:$2", "\(name): \(sheet["titles"] ?? "")")
            #expect((sheet["pageHeader"] as? String)?.contains("small-compare") == true, "\(name)")
            #expect(sheet["footer"] as? String == "&P / &N", "\(name): \(sheet["footer"] ?? "")")
        }
        // Money in 万元: the cost-benefit sheet's net benefit is the costbenefit figure ÷ 10,000 with one decimal.
        let cost = try #require(sheets["成本收益"])
        let header = try #require(cost["header"] as? [String])
        #expect(header[3] == "净收益（万元）" && header[4] == "95% 区间下限（万元）")
        #expect((cost["formats"] as? [String])?[3] == "#,##0.0")
        let rows = try #require(cost["rows"] as? [[Any]])
        let net = try #require(outputs.result.costBenefit[0].figure(.netBenefit)?.mean)
        let shown = try #require(rows[0][3] as? Double)
        #expect(abs(shown - net / 10_000) <= 1e-9 * max(1, abs(net)))
        #expect(String(format: "%.1f万", shown) == Format.yuan(net, in: .zh) || abs(net) < 10_000)
        // The payback: a mean over the replications that pay back, a whole month, with the share that do.
        #expect(header[8] == "回本月份（仅对回本的重复模拟取均值）" && header[9] == "回本的重复模拟占比")
        let payback = outputs.result.costBenefit.map { $0.figure(.paybackMonth)! }
        for (k, figure) in payback.enumerated() {
            if figure.valueShare == 0 {
                #expect(rows[k][8] as? String == "未回本")
            } else {
                #expect(abs((rows[k][8] as? Double ?? -1) - figure.mean) <= 1e-9)
            }
            #expect(abs((rows[k][9] as? Double ?? -1) - figure.valueShare) <= 1e-12)
        }
        #expect((cost["formats"] as? [String])?[8] == "0" && (cost["formats"] as? [String])?[9] == "0.0%")
        // Integers as integers: the month column of the monthly sheet.
        #expect((sheets["逐月"]?["formats"] as? [String])?[1] == "0")
        #expect((sheets["逐月"]?["rows"] as? [[Any]])?.first?[1] as? Int == 1)
        // By building: a colour scale, each building of each strategy, the two groups.
        let buildings = try #require(sheets["按楼栋"])
        #expect(buildings["rules"] as? [String] == ["colorScale"])
        #expect((buildings["rows"] as? [[Any]])?.count == 3 * (8 + 2))
        #expect((buildings["header"] as? [String])?[1] == "楼栋")
        // The Chinese assumptions sheet: no English in its header, a Chinese name for every parameter, ranges
        // and whole numbers in Chinese and as integers.
        let assumptions = try #require(sheets["假设与参数"])
        let assumptionHeader = try #require(assumptions["header"] as? [String])
        #expect(assumptionHeader == ["情景文件中的路径", "参数", "取值", "单位", "允许范围", "来源"])
        let parameters = try #require(assumptions["rows"] as? [[Any]])
        func isChinese(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        #expect(parameters.allSatisfy { isChinese($0[1] as? String ?? "") })
        #expect(parameters.allSatisfy { !($0[4] as? String ?? "").contains("number") })
        // Sources: the project's own words in Chinese (citations stay as published).
        for english in ["assumption", "calibrated", "the plan", "a choice", "community data", "a setting", "industry"] {
            #expect(!parameters.contains { ($0[5] as? String ?? "").contains(english) }, "untranslated source words: \(english)")
        }
        #expect(parameters.first { $0[0] as? String == "target.collection_rate" }?[5] as? String == "计划第 1.2 节")
        let byMonth = try #require(parameters.first { $0[0] as? String == "target.by_month" })
        #expect(byMonth[2] as? Int == 6 && byMonth[4] as? String == "1…1200 的整数")
    }
}
