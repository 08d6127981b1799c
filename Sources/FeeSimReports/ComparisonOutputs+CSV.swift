import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// The comparison's CSV files: tidy cost-benefit, targets and the monthly series.
extension ComparisonOutputs {
    /// Tidy cost-benefit table: one row per challenger and figure. Money in yuan.
    public func costBenefitCSV() -> String {
        var out = "variant,title,figure,label,mean,ci_low,ci_high,p05,p95,unpaired_ci_half_width\n"
        for (row, e) in zip(result.costBenefit, result.challengers) {
            for fig in row.figures {
                out += [row.variant, CSVFormat.field(title(e)), fig.key, CSVFormat.field(label(fig.figure)),
                        CSVFormat.number(fig.mean), CSVFormat.number(fig.ciLow), CSVFormat.number(fig.ciHigh),
                        CSVFormat.number(fig.p05), CSVFormat.number(fig.p95), CSVFormat.number(fig.unpairedHalfWidth)]
                    .joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// The targets table: one row per variant, baseline first.
    /// The series behind every chart, wide: one row per month; for each strategy its year-to-date 收缴率 (median,
    /// 5th and 95th percentile across replications, as the fan charts show), year-to-date 主动缴费率 and arrears stock
    /// (medians). Column names R and pandas read as they are: `<strategy>_collection_rate_ytd_p50`, … O(T · strategies).
    public func monthlyCSV() -> String {
        let layout = result.baseline.model.layout.names
        let columns: [(Metric, String, [KeyPath<SampleSummary, Double>])] = [
            (.collectionRate, "collection_rate_ytd", [\.p50, \.p05, \.p95]),
            (.voluntaryRateYTD, "voluntary_rate_ytd", [\.p50]),
            (.arrearsStock, "arrears_stock", [\.p50]),
        ]
        let suffixes = ["p50", "p05", "p95"]
        var header = ["month"]
        for e in result.variants {
            let name = CSVFormat.columnName(e.model.scenario.name)
            for (_, key, paths) in columns { header += paths.indices.map { "\(name)_\(key)_\(suffixes[$0])" } }
        }
        var out = header.joined(separator: ",") + "\n"
        for m in 1...result.baseline.model.months {
            var row = [String(m)]
            for e in result.variants {
                for (metric, _, paths) in columns {
                    guard let c = layout.firstIndex(of: metric.key) else { row += paths.map { _ in "" }; continue }
                    row += paths.map { CSVFormat.number(e.monthly[m - 1][c][keyPath: $0]) }
                }
            }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    public func targetsCSV() -> String {
        let t = result.targetsUsed
        var out = "variant,title,p_collection_\(Int(t.collectionRate * 100))_by_month_\(t.firstMonth),"
            + "p_collection_\(Int(t.collectionRate * 100))_by_month_\(t.secondMonth),"
            + "p_voluntary_\(Int(t.voluntaryRate * 100))_by_month_\(t.voluntaryMonth),"
            + "long_term_cleared_month_\(t.arrearsMonth),long_term_uplift_vs_baseline,meets_long_term_target,"
            + "median_first_month_at_target\n"
        for (row, e) in zip(result.targets, result.variants) {
            let meets = row.longTermUpliftVsBaseline.isNaN ? "" : (row.longTermUpliftVsBaseline >= t.arrearsUplift ? "1" : "0")
            out += [row.variant, CSVFormat.field(title(e)), CSVFormat.number(row.reachByFirstMonth),
                    CSVFormat.number(row.reachBySecondMonth), CSVFormat.number(row.voluntaryReach),
                    CSVFormat.number(row.longTermCleared), CSVFormat.number(row.longTermUpliftVsBaseline), meets,
                    row.medianFirstMonthAtTarget.map(String.init) ?? ""].joined(separator: ",") + "\n"
        }
        return out
    }

    /// UTF-8 bytes, with a byte-order mark when `excel` (so Excel in a Chinese locale reads them as UTF-8).
    public static func csvData(_ text: String, excel: Bool) -> Data {
        var data = excel ? Data([0xEF, 0xBB, 0xBF]) : Data()
        data.append(contentsOf: text.utf8)
        return data
    }
}
