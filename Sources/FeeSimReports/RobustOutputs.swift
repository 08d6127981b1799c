import FeeSimExperiments
import FeeSimScenario
import Foundation

/// A robust-choice study's files: strategies.csv (the ranking), worlds.csv (every world's parameters and each
/// strategy's figures in it, one row per world and strategy) and robust.md (the ranking and where the top strategy
/// fails). The CSV files key strategies by scenario name (`strategy`), as every other file does.
public struct RobustOutputs: StudyFiles {
    public let study: RobustSpec
    public let result: RobustStudy.Result

    public init(_ study: RobustSpec, _ result: RobustStudy.Result) {
        self.study = study
        self.result = result
    }

    /// strategy (scenario name), title (English), mean and worst net benefit (yuan), P(meets target), mean and max
    /// regret (yuan): one row per strategy, best first.
    public func strategiesCSV() -> String {
        var csv = "strategy,title,mean_net_benefit,worst_net_benefit,p_meets_target,mean_regret,max_regret\n"
        for r in result.ranked {
            csv +=
                [
                    CSVFormat.field(r.strategy), CSVFormat.field(result.title(of: r.strategy)),
                    CSVFormat.number(r.meanNetBenefit), CSVFormat.number(r.worstNetBenefit),
                    CSVFormat.number(r.meetsTarget), CSVFormat.number(r.meanRegret), CSVFormat.number(r.maxRegret)
                ]
                .joined(separator: ",") + "\n"
        }
        return csv
    }

    /// Tidy long: one row per world and strategy (worlds in order, strategies baseline first within each): the
    /// world, its parameter values (one column per study parameter, named by its path), the strategy's scenario
    /// name, its net benefit against the baseline (yuan, mean over replications; 0 for the baseline) and the share of
    /// its replications meeting the target. Key: (`world`, `strategy`). O(worlds · strategies · parameters).
    public func worldsCSV() -> String {
        var csv =
            (["world"] + study.parameterNames + ["strategy", "net_benefit", "p_meets_target"])
            .map(CSVFormat.field).joined(separator: ",") + "\n"
        for (w, values) in result.worlds.enumerated() {
            let world = ([String(w)] + values.map(CSVFormat.number)).joined(separator: ",")
            for (s, name) in result.strategies.enumerated() {
                csv +=
                    [
                        world, CSVFormat.field(name), CSVFormat.number(result.results.netBenefit[w][s]),
                        CSVFormat.number(result.results.meets[w][s])
                    ]
                    .joined(separator: ",") + "\n"
            }
        }
        return csv
    }

    public func markdown() -> String {
        let box = result.failures
        var md = "# Robust choice: \(study.name)\n\n"
        if !study.description.isEmpty { md += study.description + "\n\n" }
        md += "\(study.worlds) worlds (Latin hypercube over \(study.parameterNames.map { "`\($0)`" }.joined(separator: ", "))), "
        md += "\(study.replications) replications per strategy and world, \(study.months) months; target: collection rate ≥ "
        md += String(
            format: "%.0f%% by month %d. Net benefit against %@ (yuan, mean over replications).\n\n",
            study.targetRate * 100, study.targetMonth, result.titles[0] as NSString)
        md +=
            "| rank | strategy | mean net benefit | worst case | P(meets target) | mean regret | max regret |\n|---|---|---|---|---|---|---|\n"
        for (k, r) in result.ranked.enumerated() {
            md +=
                "| \(k + 1) | \(result.title(of: r.strategy)) | \(Format.thousands(r.meanNetBenefit)) | \(Format.thousands(r.worstNetBenefit)) | "
            md += String(format: "%.0f%% | ", r.meetsTarget * 100)
            md += "\(Format.thousands(r.meanRegret)) | \(Format.thousands(r.maxRegret)) |\n"
        }
        md += "\n## Where \(result.title(of: box.strategy)) fails\n\n"
        md += String(format: "It misses the target (P < 50%%) in %.0f%% of all worlds", box.failureOverall * 100)
        if box.bounds.isEmpty {
            md += "; no parameter range concentrates the failures.\n"
        } else {
            md += String(
                format: ", and in %.0f%% of the worlds inside this box (%.0f%% of all worlds):\n\n", box.failureInside * 100,
                box.coverage * 100)
            md += "| parameter | from | to |\n|---|---|---|\n"
            for b in box.bounds { md += String(format: "| `%@` | %.4g | %.4g |\n", b.parameter as NSString, b.low, b.high) }
            md += "\nThese are the assumptions to watch: where the world looks like this box, the strategy is likely to fall short.\n"
        }
        return md
    }

    /// strategies.csv, worlds.csv and robust.md.
    public func files(markdown: String) -> [(name: String, text: String)] {
        [("strategies.csv", strategiesCSV()), ("worlds.csv", worldsCSV()), ("robust.md", markdown)]
    }
}
