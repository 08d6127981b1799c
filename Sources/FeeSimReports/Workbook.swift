internal import CXLSX
import Foundation

/// An Excel workbook written with libxlsxwriter (Debian's `libxlsxwriter-dev`, behind the `CXLSX` system-library
/// target). The only FeeSim code that touches that C library: sheets of typed cells with number formats under a
/// context row and a bold frozen header row, print set-up, colour scales, and native line and column charts
/// (`Workbook+Charts.swift`). Every libxlsxwriter status becomes a ``WorkbookError``.
public final class Workbook {
    /// How a number is shown.
    public enum NumberFormat: Sendable, CaseIterable {
        /// A share as a percentage with one decimal (0.823 → 82.3%), as the report's percentages.
        case percent
        /// Yuan, whole, with thousands separators (12345.6 → 12,346), as the report's English money.
        case yuan
        /// Yuan shown in 万元 (ten thousands) with one decimal: the cell holds yuan / 10,000 (123456 → 12.3), as
        /// the report's Chinese money (12.3万). Its column header must say 万元.
        case wan
        /// A ratio with two decimals (1.234 → 1.23), as the report's ratios.
        case ratio
        /// A count or a month: whole, no decimals (3 → 3, never 3.000).
        case integer
        /// Excel's General: as many digits as the number needs (0.35, 1, 240) — parameter values.
        case general

        var excel: String {
            switch self {
            case .percent: "0.0%"
            case .yuan: "#,##0"
            case .wan: "#,##0.0"
            case .ratio: "0.00"
            case .integer: "0"
            case .general: "General"
            }
        }

        /// The value a cell of this format stores for `x`: yuan / 10,000 for ``wan``, else `x`.
        func stored(_ x: Double) -> Double { self == .wan ? x / 10_000 : x }
    }

    /// One cell: text, a number with its format (non-finite numbers are left empty), or nothing.
    public enum Cell: Sendable {
        case text(String)
        case number(Double, NumberFormat)
        case empty
    }

    public struct WorkbookError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// A sheet already added, for charts that read its cells or sit on it. Data row 0 is the first row under the
    /// header.
    public struct Sheet: Sendable {
        /// The sheet's name as written (cut to 31 characters, forbidden characters replaced).
        public let name: String
        /// The 0-based Excel row of the header (1 under a context row, else 0).
        public let headerRow: Int
        /// The number of data rows.
        public let rowCount: Int
        let index: Int
        /// The 0-based Excel row of data row r.
        public func excelRow(_ r: Int) -> Int { headerRow + 1 + r }
    }

    let book: UnsafeMutablePointer<lxw_workbook>
    let path: String
    private var formats: [UnsafeMutablePointer<lxw_format>] = []   // one per NumberFormat, in allCases order
    private var header: UnsafeMutablePointer<lxw_format>
    private var contextFormat: UnsafeMutablePointer<lxw_format>
    var sheets: [UnsafeMutablePointer<lxw_worksheet>] = []
    private var closed = false

    /// Starts a workbook that ``close()`` writes to `path`.
    public init(path: String) throws {
        guard let book = workbook_new(path) else {
            throw WorkbookError(description: "cannot start the workbook \(path)")
        }
        self.book = book
        self.path = path
        header = workbook_add_format(book)!
        format_set_bold(header)
        format_set_text_wrap(header)
        format_set_align(header, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        format_set_bottom(header, UInt8(LXW_BORDER_THIN.rawValue))
        contextFormat = workbook_add_format(book)!
        format_set_italic(contextFormat)
        for f in NumberFormat.allCases {
            let format = workbook_add_format(book)!
            format_set_num_format(format, f.excel)
            formats.append(format)
        }
    }

    deinit { if !closed { _ = workbook_close(book) } }

    private func format(_ f: NumberFormat) -> UnsafeMutablePointer<lxw_format> {
        formats[NumberFormat.allCases.firstIndex(of: f)!]
    }

    func check(_ status: lxw_error, _ what: String) throws {
        guard status == LXW_NO_ERROR else {
            throw WorkbookError(description: "\(path): \(what): \(String(cString: lxw_strerror(status)))")
        }
    }

    /// Adds a sheet: an optional context row (what the numbers are: community, replications, what an interval
    /// covers), a bold header row (frozen with the rows above it), then the rows. `name` is cut to Excel's 31
    /// characters and cleared of the characters Excel forbids; `widths` are in characters (missing ones default
    /// to 14). Printing is set up: landscape A4, fitted to one page wide, the header rows repeated on every page,
    /// `title` at the top left and the sheet's name at the top right, "page / pages" at the bottom.
    /// `colorScale` gives the columns whose data cells get a red–yellow–green colour scale (low red, high green).
    /// - Complexity: O(cells).
    @discardableResult
    public func addSheet(
        _ name: String, context: String? = nil, title: String? = nil, header: [String], rows: [[Cell]],
        widths: [Double] = [], colorScale: Range<Int>? = nil
    ) throws -> Sheet {
        let clean = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(31))
        guard let sheet = workbook_add_worksheet(book, clean) else {
            throw WorkbookError(description: "\(path): cannot add the sheet '\(clean)' (a duplicate name?)")
        }
        let headerRow = context == nil ? 0 : 1
        for c in 0..<max(header.count, 1) {
            let width = c < widths.count ? widths[c] : 14
            try check(worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), width, nil), "column width")
        }
        if let context {
            try check(worksheet_write_string(sheet, 0, 0, context, contextFormat), "context row")
        }
        for (c, text) in header.enumerated() {
            try check(worksheet_write_string(sheet, lxw_row_t(headerRow), lxw_col_t(c), text, self.header), "header '\(text)'")
        }
        // Room for three lines of a wrapped header (LibreOffice does not grow a row for wrapped text on its own).
        try check(worksheet_set_row(sheet, lxw_row_t(headerRow), 45, nil), "header row height")
        worksheet_freeze_panes(sheet, lxw_row_t(headerRow + 1), 0)
        for (r, row) in rows.enumerated() {
            let excelRow = lxw_row_t(headerRow + 1 + r)
            for (c, cell) in row.enumerated() {
                switch cell {
                case .text(let s):
                    try check(worksheet_write_string(sheet, excelRow, lxw_col_t(c), s, nil), "row \(r + headerRow + 2)")
                case .number(let x, let f) where x.isFinite:
                    try check(
                        worksheet_write_number(sheet, excelRow, lxw_col_t(c), f.stored(x), format(f)),
                        "row \(r + headerRow + 2)")
                case .number, .empty:
                    break
                }
            }
        }
        if let colorScale, !rows.isEmpty, !colorScale.isEmpty {
            var rule = lxw_conditional_format()
            rule.type = UInt8(LXW_CONDITIONAL_3_COLOR_SCALE.rawValue)
            rule.min_rule_type = UInt8(LXW_CONDITIONAL_RULE_TYPE_MINIMUM.rawValue)
            rule.min_color = 0xF8696B
            rule.mid_rule_type = UInt8(LXW_CONDITIONAL_RULE_TYPE_PERCENTILE.rawValue)
            rule.mid_value = 50
            rule.mid_color = 0xFFEB84
            rule.max_rule_type = UInt8(LXW_CONDITIONAL_RULE_TYPE_MAXIMUM.rawValue)
            rule.max_color = 0x63BE7B
            try check(
                worksheet_conditional_format_range(
                    sheet, lxw_row_t(headerRow + 1), lxw_col_t(colorScale.lowerBound), lxw_row_t(headerRow + rows.count),
                    lxw_col_t(colorScale.upperBound - 1), &rule), "colour scale")
        }
        // Print set-up.
        worksheet_set_landscape(sheet)
        worksheet_set_paper(sheet, 9)   // A4
        worksheet_fit_to_pages(sheet, 1, 0)
        try check(worksheet_repeat_rows(sheet, 0, lxw_row_t(headerRow)), "repeated header rows")
        let escaped = (title ?? "").replacingOccurrences(of: "&", with: "&&")
        try check(worksheet_set_header(sheet, String("&L\(escaped)".prefix(200)) + "&R&A"), "page header")
        try check(worksheet_set_footer(sheet, "&C&P / &N"), "page footer")
        sheets.append(sheet)
        return Sheet(name: clean, headerRow: headerRow, rowCount: rows.count, index: sheets.count - 1)
    }

    /// Writes the file. Throws when libxlsxwriter cannot (an unwritable path, a full disk).
    public func close() throws {
        guard !closed else { return }
        closed = true
        let status = workbook_close(book)
        guard status == LXW_NO_ERROR else {
            throw WorkbookError(description: "cannot write \(path): \(String(cString: lxw_strerror(status)))")
        }
    }
}
