import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// The comparison's CSV files: tidy cost-benefit, targets and the monthly series.
extension ComparisonOutputs {
    /// Tidy cost-benefit table: one row per challenger and figure. Money in yuan.
    public func costBenefitCSV() -> String {
        var out = "strategy,title,figure,label,mean,ci_low,ci_high,p05,p95,unpaired_ci_half_width\n"
        for (row, e) in zip(result.costBenefit, result.challengers) {
            for fig in row.figures {
                out +=
                    [
                        CSVFormat.field(row.variant), CSVFormat.field(title(e)), fig.key, CSVFormat.field(label(fig.figure)),
                        CSVFormat.number(fig.mean), CSVFormat.number(fig.ciLow), CSVFormat.number(fig.ciHigh),
                        CSVFormat.number(fig.p05), CSVFormat.number(fig.p95), CSVFormat.number(fig.unpairedHalfWidth)
                    ]
                    .joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// monthly.csv: every metric of every strategy by month, tidy long (``RunOutputs/monthlyHeader``: strategy,
    /// month, metric, mean, sd, p05, p50, p95), as a single run writes it. O(strategies · T · metrics).
    public func monthlyCSV() -> String { RunOutputs.monthlyCSV(result.variants) }

    /// The targets table: one row per strategy, baseline first.
    public func targetsCSV() -> String {
        let t = result.targetsUsed
        var out =
            "strategy,title,p_collection_\(Int(t.collectionRate * 100))_by_month_\(t.firstMonth),"
            + "p_collection_\(Int(t.collectionRate * 100))_by_month_\(t.secondMonth),"
            + "p_voluntary_\(Int(t.voluntaryRate * 100))_by_month_\(t.voluntaryMonth),"
            + "long_term_cleared_month_\(t.arrearsMonth),long_term_uplift_vs_baseline,meets_long_term_target,"
            + "median_first_month_12m_at_target\n"
        for (row, e) in zip(result.targets, result.variants) {
            let meets = row.longTermUpliftVsBaseline.isNaN ? "" : (row.longTermUpliftVsBaseline >= t.arrearsUplift ? "1" : "0")
            out +=
                [
                    CSVFormat.field(row.variant), CSVFormat.field(title(e)), CSVFormat.number(row.reachByFirstMonth),
                    CSVFormat.number(row.reachBySecondMonth), CSVFormat.number(row.voluntaryReach),
                    CSVFormat.number(row.longTermCleared), CSVFormat.number(row.longTermUpliftVsBaseline), meets,
                    row.medianFirstMonthAtTarget.map(String.init) ?? ""
                ].joined(separator: ",") + "\n"
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
