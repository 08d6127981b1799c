internal import CXLSX
import Foundation

extension Workbook {
    /// A native chart's kind: lines over months, vertical bars, or horizontal bars (long category names).
    public enum ChartKind: Sendable {
        case line, column, bar
    }

    /// One series of a native chart: `name` in the legend, values from data rows `rows` of `column` in `sheet`.
    public struct ChartSeries: Sendable {
        public var name: String
        public var sheet: Workbook.Sheet
        public var column: Int
        public var rows: Range<Int>
        public init(name: String, sheet: Workbook.Sheet, column: Int, rows: Range<Int>) {
            self.name = name
            self.sheet = sheet
            self.column = column
            self.rows = rows
        }
    }

    /// Inserts a native Excel chart on `sheet` with its top-left corner at Excel cell (`row`, `column`), 0-based.
    /// `categories` are the x labels (a column of data rows, as a series), `series` the values, `valueFormat` the
    /// value axis's number format (a percent axis for 收缴率). About 720 pixels wide and `height` pixels high.
    /// - Throws: ``WorkbookError`` when libxlsxwriter cannot add or place the chart.
    public func addChart(
        _ kind: ChartKind, on sheet: Sheet, row: Int, column: Int, title: String, categories: ChartSeries,
        series: [ChartSeries], valueFormat: NumberFormat, categoryTitle: String? = nil, valueTitle: String? = nil,
        height: Double = 360
    ) throws {
        let type =
            switch kind {
            case .line: LXW_CHART_LINE
            case .column: LXW_CHART_COLUMN
            case .bar: LXW_CHART_BAR
            }
        guard let chart = workbook_add_chart(book, UInt8(type.rawValue)) else {
            throw WorkbookError(description: "\(path): cannot add the chart '\(title)'")
        }
        for s in series {
            guard let added = chart_add_series(chart, nil, nil) else {
                throw WorkbookError(description: "\(path): cannot add the series '\(s.name)' to the chart '\(title)'")
            }
            chart_series_set_categories(
                added, categories.sheet.name, lxw_row_t(categories.sheet.excelRow(categories.rows.lowerBound)),
                lxw_col_t(categories.column), lxw_row_t(categories.sheet.excelRow(categories.rows.upperBound - 1)),
                lxw_col_t(categories.column))
            chart_series_set_values(
                added, s.sheet.name, lxw_row_t(s.sheet.excelRow(s.rows.lowerBound)), lxw_col_t(s.column),
                lxw_row_t(s.sheet.excelRow(s.rows.upperBound - 1)), lxw_col_t(s.column))
            chart_series_set_name(added, s.name)
        }
        chart_title_set_name(chart, title)
        // libxlsxwriter names the axes by position: in horizontal bars the values run along x.
        let (categoryAxis, valueAxis) =
            kind == .bar ? (chart.pointee.y_axis, chart.pointee.x_axis) : (chart.pointee.x_axis, chart.pointee.y_axis)
        chart_axis_set_num_format(valueAxis, valueFormat.excel)
        if let categoryTitle { chart_axis_set_name(categoryAxis, categoryTitle) }
        if let valueTitle { chart_axis_set_name(valueAxis, valueTitle) }
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        var options = lxw_chart_options()
        options.x_scale = 1.5
        options.y_scale = height / 288   // libxlsxwriter's default chart is 480 × 288 pixels
        try check(
            worksheet_insert_chart_opt(sheets[sheet.index], lxw_row_t(row), lxw_col_t(column), chart, &options),
            "chart '\(title)'")
    }
}
