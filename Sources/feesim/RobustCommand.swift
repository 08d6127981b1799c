import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim robust`: which strategy holds up across plausible worlds, and where the best one fails.
struct RobustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robust",
        abstract: "Rank strategies across sampled worlds: expected net benefit, P(target), worst case, regret.",
        discussion: """
            Draws the study's uncertain parameters by Latin hypercube (one "world" per point), runs every strategy \
            of its comparison file in every world with common random numbers, and ranks the strategies by mean \
            regret (how far each falls short of the best strategy of each world). For the top strategy, a \
            PRIM-style peeling search finds the parameter ranges in which it misses the target most often. \
            Writes <out>/<study>/: strategies.csv, worlds.csv, robust.md.
            """
    )

    @Argument(help: "Robust-choice study file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var spec: String

    @OptionGroup var options: StudyRunOptions

    func run() throws {
        let study = try CLIError.wrap { try RobustSpec.load(path: spec) }
        let folder = URL(fileURLWithPath: options.out).appendingPathComponent(study.name)
        _ = try CLIError.wrap { try OutputLock.acquire(for: folder) }
        let ranges = zip(study.parameterNames, study.ranges).map { name, r in
            ParameterRange(name: name, values: r.values, min: r.min, max: r.max, levels: r.levels, whole: r.whole)
        }
        let worlds = try CLIError.wrap { try Design.points(.latinHypercube, ranges: ranges, count: study.worlds, seed: study.seed) }
        let strategies = [study.comparison.baseline] + study.comparison.variants
        var targets = PlanTargets()
        targets.collectionRate = study.targetRate
        targets.firstMonth = study.targetMonth
        targets.secondMonth = study.targetMonth
        targets.voluntaryMonth = study.targetMonth
        targets.arrearsMonth = min(targets.arrearsMonth, study.months)
        let reporter = ProgressReporter(label: study.name, mode: options.progress, quiet: options.quiet)
        let results = try CLIError.wrap {
            try RobustChoice.evaluate(strategies: strategies.map(\.scenario), worlds: worlds, parameters: study.parameterNames,
                                      months: study.months, replications: study.replications, seed: study.seed,
                                      targets: targets, threads: options.threads, progress: { done, total in
                                          reporter.update(done, total, scenario: "\(study.name) world \(done)")
                                      })
        }
        let (netBenefit, meets) = (results.netBenefit, results.meets)
        reporter.finish()
        let names = strategies.map { $0.scenario.title("en") }
        let rows = RobustChoice.rank(strategies: names, results: results)
            .sorted { ($0.meanRegret, $0.strategy) < ($1.meanRegret, $1.strategy) }
        let top = names.firstIndex(of: rows[0].strategy)!
        let box = RobustChoice.peel(points: worlds, failed: meets.map { $0[top] < 0.5 }, names: study.parameterNames,
                                    strategy: rows[0].strategy)

        var csv = "strategy,mean_net_benefit,worst_net_benefit,p_meets_target,mean_regret,max_regret\n"
        for r in rows {
            csv += [CSVFormat.field(r.strategy), CSVFormat.number(r.meanNetBenefit), CSVFormat.number(r.worstNetBenefit),
                    CSVFormat.number(r.meetsTarget), CSVFormat.number(r.meanRegret), CSVFormat.number(r.maxRegret)]
                .joined(separator: ",") + "\n"
        }
        var worldsCSV = (["world"] + study.parameterNames + names.flatMap { ["\($0) net_benefit", "\($0) p_meets_target"] })
            .map(CSVFormat.field).joined(separator: ",") + "\n"
        for (w, values) in worlds.enumerated() {
            worldsCSV += ([String(w)] + values.map(CSVFormat.number)
                + names.indices.flatMap { [CSVFormat.number(netBenefit[w][$0]), CSVFormat.number(meets[w][$0])] })
                .joined(separator: ",") + "\n"
        }
        var md = "# Robust choice: \(study.name)\n\n"
        if !study.description.isEmpty { md += study.description + "\n\n" }
        md += "\(study.worlds) worlds (Latin hypercube over \(study.parameterNames.map { "`\($0)`" }.joined(separator: ", "))), "
        md += "\(study.replications) replications per strategy and world, \(study.months) months; target: collection rate ≥ "
        md += String(format: "%.0f%% by month %d. Net benefit against %@ (yuan, mean over replications).\n\n",
                     study.targetRate * 100, study.targetMonth, names[0] as NSString)
        md += "| rank | strategy | mean net benefit | worst case | P(meets target) | mean regret | max regret |\n|---|---|---|---|---|---|---|\n"
        for (k, r) in rows.enumerated() {
            md += "| \(k + 1) | \(r.strategy) | \(RunOutputs.groupThousands(r.meanNetBenefit)) | \(RunOutputs.groupThousands(r.worstNetBenefit)) | "
            md += String(format: "%.0f%% | ", r.meetsTarget * 100)
            md += "\(RunOutputs.groupThousands(r.meanRegret)) | \(RunOutputs.groupThousands(r.maxRegret)) |\n"
        }
        md += "\n## Where \(box.strategy) fails\n\n"
        md += String(format: "It misses the target (P < 50%%) in %.0f%% of all worlds", box.failureOverall * 100)
        if box.bounds.isEmpty {
            md += "; no parameter range concentrates the failures.\n"
        } else {
            md += String(format: ", and in %.0f%% of the worlds inside this box (%.0f%% of all worlds):\n\n", box.failureInside * 100, box.coverage * 100)
            md += "| parameter | from | to |\n|---|---|---|\n"
            for b in box.bounds { md += String(format: "| `%@` | %.4g | %.4g |\n", b.parameter as NSString, b.low, b.high) }
            md += "\nThese are the assumptions to watch: where the world looks like this box, the strategy is likely to fall short.\n"
        }
        try CLIError.wrap {
            let files = try ResultFolder(replacing: folder)
            try files.write("strategies.csv", Data(csv.utf8))
            try files.write("worlds.csv", Data(worldsCSV.utf8))
            try files.write("robust.md", Data(md.utf8))
            try files.commit()
        }
        print(md)
        print("→ \(folder.path)/")
    }
}
