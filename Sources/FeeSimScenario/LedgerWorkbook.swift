import Foundation
import XMLCoder
import ZIPFoundation

/// The first worksheet of an Excel workbook (.xlsx, Office Open XML) as ledger lines, so that a ledger exported by a
/// property-management system goes through the same checks as a CSV one (``Ledger``).
///
/// The .xlsx container is read with ZIPFoundation and its XML parts with XMLCoder: the workbook's first sheet (by
/// its relationship), the shared strings, and the sheet's cells. Each sheet row becomes one line, numbered as the
/// sheet numbers it (row 5 is line 5, so errors name the row Excel shows); missing rows become empty lines, which
/// the ledger skips. Cells are read as shown in the sheet's raw value:
/// - text (shared, inline or a formula's string) as it is; numbers in their shortest exact decimal form
///   (`39.9`, `1200`); booleans as 0/1;
/// - a number in the `month` column is taken as an Excel date serial (days since 1899-12-30) and written as its
///   calendar month (`2025-03`) when it is at least 20000 (1954); smaller numbers are month numbers (`3`);
///   a number in `payment_date` becomes its date (`2025-03-15`).
///
/// Headers may be in Chinese as property-management systems export them (``chineseHeaders``), and are mapped to the
/// ledger's columns. A cell that holds a comma is refused with its cell reference (ledger fields are plain). The
/// file is read whole (at most ``InputFile/dataLimit`` bytes), and no part of it may unpack to more than that.
public enum LedgerWorkbook {
    /// Chinese column headers, as property-management systems' exports name them, and the ledger column each is.
    public static let chineseHeaders: [(header: String, column: String)] = [
        ("房号", "unit_id"), ("房屋编号", "unit_id"), ("户号", "unit_id"), ("楼栋", "building"), ("楼号", "building"),
        ("建筑面积", "floor_area"), ("面积", "floor_area"), ("月份", "month"), ("账期", "month"), ("计费月份", "month"),
        ("应收金额", "amount_due"), ("应收", "amount_due"), ("实收金额", "amount_paid"), ("实收", "amount_paid"),
        ("缴费日期", "payment_date"), ("收款日期", "payment_date"), ("标记", "flags"), ("备注", "flags")
    ]

    /// Chinese flag words and the ledger's flag each is.
    public static let chineseFlags: [(word: String, flag: String)] = [("空置", "vacant"), ("困难", "hardship"), ("困难户", "hardship")]

    /// The lines of the first worksheet of the .xlsx file at `path` (header first).
    /// - Throws: ``ScenarioError`` naming the file (and the cell, for a bad cell) when the file is missing, too large,
    ///   not an .xlsx workbook, or holds a comma in a cell.
    public static func lines(path: String) throws -> [String] {
        func fail(_ problem: String, row: Int = 0, column: Int = 0) -> ScenarioError {
            ScenarioError(location: SourceLocation(file: path, line: row, column: column), keyPath: "", value: nil, problem: problem)
        }
        let data: Data
        do { data = try InputFile.read(path, limit: InputFile.dataLimit) } catch let refusal as InputFile.Refusal {
            if refusal.isMissing { throw ScenarioError.missingFile(path) }
            throw fail(refusal.reason)
        }
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw fail("not an .xlsx workbook (it is not a zip container): save it from Excel as .xlsx, or export CSV")
        }
        func part(_ name: String) throws -> Data? {
            guard let entry = archive[name] else { return nil }
            guard entry.uncompressedSize <= UInt64(InputFile.dataLimit) else {
                throw fail("its part \(name) unpacks to more than \(InputFile.dataLimit >> 20) MiB")
            }
            var out = Data()
            do {
                _ = try archive.extract(entry) { chunk in
                    out.append(chunk)
                    if out.count > InputFile.dataLimit { throw ArchiveTooLarge() }
                }
            } catch is ArchiveTooLarge {
                throw fail("its part \(name) unpacks to more than \(InputFile.dataLimit >> 20) MiB")
            } catch {
                throw fail("its part \(name) cannot be unpacked (\(error))")
            }
            return out
        }
        let decoder = XMLDecoder(trimValueWhitespaces: false)
        decoder.shouldProcessNamespaces = true
        func decode<T: Decodable>(_ type: T.Type, _ name: String, _ data: Data) throws -> T {
            do { return try decoder.decode(type, from: data) } catch {
                throw fail("its part \(name) is not the XML an .xlsx workbook holds (\(error))")
            }
        }
        guard let workbookXML = try part("xl/workbook.xml") else {
            throw fail("not an .xlsx workbook (no xl/workbook.xml): save it from Excel as .xlsx, or export CSV")
        }
        let workbook = try decode(WorkbookXML.self, "xl/workbook.xml", workbookXML)
        guard let first = workbook.sheets.sheet.first else { throw fail("the workbook has no worksheet") }
        var sheetPath = "xl/worksheets/sheet1.xml"
        if let relsXML = try part("xl/_rels/workbook.xml.rels"), let id = first.id {
            let rels = try decode(RelationshipsXML.self, "xl/_rels/workbook.xml.rels", relsXML)
            if let target = rels.relationships.first(where: { $0.id == id })?.target {
                sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        guard let sheetXML = try part(sheetPath) else { throw fail("the workbook's first sheet (\(sheetPath)) is missing") }
        let shared = try part("xl/sharedStrings.xml").map { try decode(SharedStringsXML.self, "xl/sharedStrings.xml", $0) }
        let strings = shared?.si?.map(\.text) ?? []
        let sheet = try decode(WorksheetXML.self, sheetPath, sheetXML)

        var lines: [String] = []
        var columnNames: [String] = []   // the header row's column names, by column index
        for row in sheet.sheetData.row ?? [] {
            let number = row.r ?? lines.count + 1
            guard number > lines.count else { throw fail("rows out of order at row \(number)", row: number) }
            // Excel's last row; a larger number (a crafted file) would make millions of empty lines.
            guard number <= 1_048_576 else { throw fail("row \(number) lies beyond Excel's last row (1,048,576)", row: number) }
            while lines.count < number - 1 { lines.append("") }
            var fields: [String] = []
            for (k, cell) in (row.c ?? []).enumerated() {
                let column = cell.r.flatMap(columnIndex) ?? k
                var value: String
                switch cell.t {
                case "s":
                    guard let i = cell.v?.value.flatMap({ Int($0) }), strings.indices.contains(i) else {
                        throw fail("cell \(cell.r ?? "?") refers to a shared string that does not exist", row: number, column: column + 1)
                    }
                    value = strings[i]
                case "inlineStr": value = cell.is?.text ?? ""
                case "str", "e": value = cell.v?.value ?? ""
                case "b": value = cell.v?.value == "1" ? "1" : "0"
                default: value = cell.v?.value ?? ""
                }
                value = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if number == 1 {
                    value = chineseHeaders.first { $0.header == value }?.column ?? value
                    while columnNames.count <= column { columnNames.append("") }
                    columnNames[column] = value.lowercased()
                } else if cell.t == nil || cell.t == "n", let x = Double(value) {
                    value = converted(x, column: columnNames.indices.contains(column) ? columnNames[column] : nil)
                } else if columnNames.indices.contains(column) && columnNames[column] == "flags" {
                    value = value.split(whereSeparator: { ";；、 ".contains($0) }).map { word in
                        chineseFlags.first { $0.word == String(word) }?.flag ?? String(word)
                    }.joined(separator: ";")
                }
                guard !value.contains(",") && !value.contains("\n") else {
                    throw fail(
                        "cell \(cell.r ?? "?") holds '\(value.prefix(40))': ledger fields are plain (no commas or line breaks)",
                        row: number, column: column + 1)
                }
                while fields.count < column { fields.append("") }
                if fields.count == column { fields.append(value) } else { fields[column] = value }
            }
            if number > 1 && !fields.isEmpty { while fields.count < columnNames.count { fields.append("") } }   // empty trailing cells
            lines.append(fields.joined(separator: ","))
        }
        return lines
    }

    /// A numeric cell as ledger text: a date serial in `month` / `payment_date`, else its shortest exact decimal.
    static func converted(_ x: Double, column: String?) -> String {
        func date(_ serial: Double) -> DateComponents {
            let base = DateComponents(
                calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 1899, month: 12, day: 30)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let day = calendar.date(byAdding: .day, value: Int(serial.rounded(.down)), to: base.date!)!
            return calendar.dateComponents([.year, .month, .day], from: day)
        }
        switch column {
        case "month" where x >= 20000 && x < 2_958_466:
            let d = date(x)
            return String(format: "%04d-%02d", d.year!, d.month!)
        case "payment_date" where x >= 1 && x < 2_958_466:
            let d = date(x)
            return String(format: "%04d-%02d-%02d", d.year!, d.month!, d.day!)
        default:
            if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
            return "\(x)"
        }
    }

    /// The 0-based column of a cell reference ("C5" → 2, "AA1" → 26); nil when it is not one.
    static func columnIndex(_ reference: String) -> Int? {
        let letters = reference.prefix { $0.isASCII && $0.isLetter }.uppercased()
        guard !letters.isEmpty, letters.count <= 3 else { return nil }
        return letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    private struct ArchiveTooLarge: Error {}
}

// The parts of SpreadsheetML read here (ECMA-376 Part 1, §18.2 workbook, §18.3 sheets, §18.4 shared strings).

private struct WorkbookXML: Decodable {
    struct Sheets: Decodable { let sheet: [Sheet] }
    struct Sheet: Decodable {
        let name: String?
        let id: String?   // r:id, the relationship naming the sheet's part
    }
    let sheets: Sheets
}

private struct RelationshipsXML: Decodable {
    struct Relationship: Decodable {
        let id: String
        let target: String
        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case target = "Target"
        }
    }
    let relationships: [Relationship]
    enum CodingKeys: String, CodingKey { case relationships = "Relationship" }
}

/// Text that may carry attributes (`<t xml:space="preserve">`) or be empty (`<t/>`).
private struct TextXML: Decodable {
    let value: String?
    enum CodingKeys: String, CodingKey { case value = "" }
}

/// A shared or inline string: one `<t>`, or rich-text runs `<r><t>…</t></r>`.
private struct RichTextXML: Decodable {
    struct Run: Decodable { let t: TextXML? }
    let t: TextXML?
    let r: [Run]?
    var text: String { t?.value ?? r?.compactMap { $0.t?.value }.joined() ?? "" }
}

private struct SharedStringsXML: Decodable {
    let si: [RichTextXML]?
}

private struct WorksheetXML: Decodable {
    struct SheetData: Decodable { let row: [Row]? }
    struct Row: Decodable {
        let r: Int?
        let c: [Cell]?
    }
    struct Cell: Decodable {
        let r: String?
        let t: String?
        let v: TextXML?
        let `is`: RichTextXML?
    }
    let sheetData: SheetData
}
