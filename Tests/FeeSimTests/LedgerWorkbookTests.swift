import FeeSimReports
import FeeSimScenario
import Foundation
import Testing

/// A ledger in an Excel workbook (.xlsx) imports exactly as the same ledger in CSV, including the shapes property-
/// management systems export (Chinese headers, Excel dates, Chinese flags), and a bad workbook is refused by name.
@Suite(.serialized) struct LedgerWorkbookTests {
    @Test func anXlsxLedgerImportsToTheSameCommunityAsItsCSV() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = Fixture.packageRoot.appendingPathComponent("Scenarios/old/status-quo.yaml").path
        for file in ["ledger.csv", "ledger.xlsx"] {
            let written = try Binary.feesim(["ledger", scenario, "-o", file, "--months", "6"], in: dir)
            #expect(written.status == 0, "\(written.stderr)")
        }
        // The workbook is a real .xlsx (a zip container with a worksheet), not CSV under another name.
        let bytes = try Data(contentsOf: dir.appendingPathComponent("ledger.xlsx"))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try LedgerWorkbook.lines(path: dir.appendingPathComponent("ledger.xlsx").path).count == 960 * 6 + 1)
        for (file, folder) in [("ledger.csv", "from-csv"), ("ledger.xlsx", "from-xlsx")] {
            let imported = try Binary.feesim(["import", file, "--name", "old-copy", "--out", folder], in: dir)
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        for file in ["old-copy.yaml", "old-copy-state.csv"] {
            let a = try String(contentsOf: dir.appendingPathComponent("from-csv/\(file)"), encoding: .utf8)
            let b = try String(contentsOf: dir.appendingPathComponent("from-xlsx/\(file)"), encoding: .utf8)
            #expect(a == b, "\(file) differs between the CSV and the .xlsx import")
        }
    }

    /// A workbook as a Chinese system exports it: Chinese headers, months and payment dates as Excel dates,
    /// flags in Chinese.
    @Test func chineseHeadersExcelDatesAndChineseFlagsAreRead() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("导出.xlsx").path
        let book = try Workbook(path: path)
        // 45658 is 2025-01-01 and 45667 is 2025-01-10 in Excel's day count (from 1899-12-30).
        try book.addSheet(
            "台账", header: ["房号", "楼栋", "建筑面积", "月份", "应收金额", "实收金额", "缴费日期", "标记"],
            rows: [
                [
                    .text("A1"), .text("1号楼"), .number(80, .general), .number(45658, .integer), .number(160, .yuan),
                    .number(160, .yuan), .number(45667, .integer), .empty
                ],
                [
                    .text("A2"), .text("1号楼"), .number(60.5, .general), .number(45658, .integer), .number(121, .yuan),
                    .number(0, .yuan), .empty, .text("困难")
                ],
                [
                    .text("A3"), .text("2号楼"), .number(70, .general), .number(45658, .integer), .number(70, .yuan),
                    .number(0, .yuan), .empty, .text("空置")
                ]
            ])
        try book.close()
        let lines = try LedgerWorkbook.lines(path: path)
        #expect(lines[0] == "unit_id,building,floor_area,month,amount_due,amount_paid,payment_date,flags")
        #expect(lines[1] == "A1,1号楼,80,2025-01,160,160,2025-01-10,")
        #expect(lines[2] == "A2,1号楼,60.5,2025-01,121,0,,hardship")
        #expect(lines[3] == "A3,2号楼,70,2025-01,70,0,,vacant")
        let ledger = try Ledger.parse(lines.joined(separator: "\n"), file: path)
        #expect(ledger.rows.map(\.hardship) == [false, true, false] && ledger.rows.map(\.vacant) == [false, false, true])
        #expect(ledger.rows[1].area == 60.5 && ledger.rows[0].month == "2025-01")
    }

    @Test func aCellWithACommaIsRefusedWithItsCellReference() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.xlsx").path
        let book = try Workbook(path: path)
        try book.addSheet(
            "ledger", header: Ledger.header.split(separator: ",").map(String.init),
            rows: [[.text("A1"), .text("1,2"), .number(80, .general), .text("2025-01"), .number(1, .general), .number(1, .general)]])
        try book.close()
        #expect {
            try LedgerWorkbook.lines(path: path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("bad.xlsx") && text.contains("cell B2") && text.contains("'1,2'")
        }
    }

    @Test func aFileThatIsNotAWorkbookIsRefusedByName() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ledger.xlsx")
        try Data(LedgerTestsText.csv.utf8).write(to: path)
        let run = try Binary.feesim(["import", "ledger.xlsx", "--out", "out"], in: dir)
        #expect(run.status != 0)
        #expect(run.stderr.contains("ledger.xlsx") && run.stderr.contains("not an .xlsx workbook"), "\(run.stderr)")
        #expect(
            !run.stderr.contains("Fatal error")
                && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/ledger.yaml").path))
    }
}

private enum LedgerTestsText {
    static let csv = "unit_id,building,floor_area,month,amount_due,amount_paid,payment_date,flags\nA1,1,80,1,160,160,,\n"
}
