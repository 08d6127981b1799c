import FeeSimScenario
import Foundation

/// A ledger (``/FeeSimScenario/Ledger``'s CSV text) written as an Excel workbook: one sheet, the same columns, the
/// areas and amounts as numbers and everything else as text — the shape `feesim import` reads back
/// (``/FeeSimScenario/LedgerWorkbook``). Written beside the target and moved into place only when complete.
public enum LedgerWorkbookWriter {
    /// Columns written as numbers (floor area, amounts); the rest are text.
    static let numericColumns: Set<String> = ["floor_area", "amount_due", "amount_paid"]   // membership only

    /// Writes `csv` (a header line, then plain comma-separated rows) to the .xlsx file `url`.
    /// - Throws: ``ResultFolderError`` naming the file when it cannot be written; nothing is left behind.
    public static func write(csv: String, to url: URL) throws {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard !lines.isEmpty else { return }
        let header = lines.removeFirst()
        let numeric = header.map { numericColumns.contains($0) }
        let rows: [[Workbook.Cell]] = lines.map { fields in
            fields.enumerated().map { k, text in
                if text.isEmpty { return .empty }
                if k < numeric.count, numeric[k], let x = Double(text) { return .number(x, .general) }
                return .text(text)
            }
        }
        let partial = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier).xlsx")
        defer { try? FileManager.default.removeItem(at: partial) }
        try ResultFolderError.wrap("write", url) {
            let book = try Workbook(path: partial.path)
            try book.addSheet("ledger", header: header, rows: rows, widths: [12, 10, 11, 10, 12, 12, 13, 14])
            try book.close()
            guard rename(partial.path, url.path) == 0 else {
                throw ResultFolderError("cannot write \(url.path): \(String(cString: strerror(errno)))")
            }
        }
    }
}
