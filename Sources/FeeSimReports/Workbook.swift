internal import CXLSX
import Foundation

/// An Excel workbook written with libxlsxwriter (Debian's `libxlsxwriter-dev`, behind the `CXLSX` system-library
/// target). The only FeeSim code that touches that C library: sheets of typed cells with number formats, a bold
/// frozen header row and column widths. Every libxlsxwriter status becomes a ``WorkbookError``.
public final class Workbook {
    /// How a number is shown: percentages (0.823 → 82.3%), yuan with thousands separators, or plain.
    public enum NumberFormat: Sendable {
        case percent, yuan, decimal, integer

        var excel: String {
            switch self {
            case .percent: "0.0%"
            case .yuan: "#,##0"
            case .decimal: "0.000"
            case .integer: "0"
            }
        }
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

    private let book: UnsafeMutablePointer<lxw_workbook>
    private let path: String
    private var formats: [UnsafeMutablePointer<lxw_format>] = []   // header, then one per NumberFormat
    private var closed = false

    /// Starts a workbook that ``close()`` writes to `path`.
    public init(path: String) throws {
        guard let book = workbook_new(path) else {
            throw WorkbookError(description: "cannot start the workbook \(path)")
        }
        self.book = book
        self.path = path
        let header = workbook_add_format(book)!
        format_set_bold(header)
        format_set_text_wrap(header)
        formats.append(header)
        for f in [NumberFormat.percent, .yuan, .decimal, .integer] {
            let format = workbook_add_format(book)!
            format_set_num_format(format, f.excel)
            formats.append(format)
        }
    }

    deinit { if !closed { _ = workbook_close(book) } }

    private func format(_ f: NumberFormat) -> UnsafeMutablePointer<lxw_format> {
        switch f {
        case .percent: formats[1]
        case .yuan: formats[2]
        case .decimal: formats[3]
        case .integer: formats[4]
        }
    }

    /// Adds a sheet: a bold header row (frozen), then the rows. `name` is cut to Excel's 31 characters and cleared
    /// of the characters Excel forbids; `widths` are in characters (missing ones default to 14).
    /// - Complexity: O(cells).
    public func addSheet(_ name: String, header: [String], rows: [[Cell]], widths: [Double] = []) throws {
        let clean = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(31))
        guard let sheet = workbook_add_worksheet(book, clean) else {
            throw WorkbookError(description: "\(path): cannot add the sheet '\(clean)' (a duplicate name?)")
        }
        func check(_ status: lxw_error, _ what: String) throws {
            guard status == LXW_NO_ERROR else {
                throw WorkbookError(description: "\(path): \(what): \(String(cString: lxw_strerror(status)))")
            }
        }
        for c in 0..<max(header.count, 1) {
            let width = c < widths.count ? widths[c] : 14
            try check(worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), width, nil), "column width")
        }
        for (c, text) in header.enumerated() {
            try check(worksheet_write_string(sheet, 0, lxw_col_t(c), text, formats[0]), "header '\(text)'")
        }
        worksheet_freeze_panes(sheet, 1, 0)
        for (r, row) in rows.enumerated() {
            let excelRow = lxw_row_t(r + 1)
            for (c, cell) in row.enumerated() {
                switch cell {
                case .text(let s):
                    try check(worksheet_write_string(sheet, excelRow, lxw_col_t(c), s, nil), "row \(r + 2)")
                case .number(let x, let f) where x.isFinite:
                    try check(worksheet_write_number(sheet, excelRow, lxw_col_t(c), x, format(f)), "row \(r + 2)")
                case .number, .empty:
                    break
                }
            }
        }
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
