import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

extension StudySpec {
    /// The study's parameter ranges for the design functions.
    var parameterRanges: [ParameterRange] {
        zip(parameterNames, ranges).map { name, r in
            ParameterRange(name: name, values: r.values, min: r.min, max: r.max, levels: r.levels, whole: r.whole)
        }
    }

    /// The sweep's design points, in id order.
    func sweepPoints() throws -> [[Double]] {
        try Design.points(DesignKind(rawValue: design)!, ranges: parameterRanges, count: points, seed: seed)
    }

    /// Household-months one point costs (the warm-up months are simulated too).
    var householdMonthsPerPoint: Double {
        Double(base.scenario.community.households) * Double(base.scenario.months + base.scenario.community.warmupMonths)
            * Double(replications)
    }

    /// The header of points.csv: names R and pandas read as they are (`levers_dunning_ladder_0_uplift`,
    /// `collection_rate_at_12_mean`).
    func pointsHeader() -> String {
        (["point"] + parameterNames.map(CSVFormat.columnName)
            + outputs.flatMap { [CSVFormat.columnName($0) + "_mean", CSVFormat.columnName($0) + "_sd"] })
            .joined(separator: ",") + "\n"
    }
}

/// One row of points.csv.
func pointsRow(_ p: PointResult) -> String {
    ([String(p.id)] + p.values.map(CSVFormat.number)
        + zip(p.means, p.sds).flatMap { [CSVFormat.number($0), CSVFormat.number($1)] }).joined(separator: ",") + "\n"
}

extension Shard {
    /// The file a sweep shard writes its points to.
    var fileName: String { count == 1 ? "points.csv" : "points.shard-\(index)-of-\(count).csv" }
}

/// A sweep's ranked table: for each output, the parameters by the size of their Spearman rank correlation with
/// it over the sweep's points (a first screen; `feesim sensitivity` gives variance-based indices).
func sweepSummary(study: StudySpec, rows: [(id: Int, line: String)]) -> String {
    let k = study.parameterNames.count
    let table = rows.map { $0.line.dropLast().split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan } }
    var md = "# Sweep: \(study.name)\n\n"
    if !study.description.isEmpty { md += study.description + "\n\n" }
    md += "\(rows.count) points (\(study.design)), \(study.replications) replications each. Parameters ranked by "
    md += "|Spearman ρ| between the parameter and the output's mean over the points.\n\n"
    if let against = study.against {
        md += "Outputs are **differences against \(against.scenario.name)** (point minus it, replication by replication, "
        md += "on the same random numbers): effects, not levels.\n\n"
    }
    for (o, output) in study.outputs.enumerated() {
        let y = table.map { $0[1 + k + 2 * o] }
        let rho = (0..<k).map { p in (study.parameterNames[p], RankCorrelation.spearman(table.map { $0[1 + p] }, y)) }
            .sorted { (abs($0.1.isNaN ? 0 : $0.1), $1.0) > (abs($1.1.isNaN ? 0 : $1.1), $0.0) }
        let values = y.filter { !$0.isNaN }.sorted()
        func g(_ x: Double?) -> String { x.map { String(format: "%.4g", $0) } ?? "–" }
        md += "## \(output)\n\nacross points: min \(g(values.first)), median "
        md += "\(g(values.isEmpty ? nil : SampleSummary.quantile(sorted: values, 0.5))), max \(g(values.last))\n\n"
        md += "| rank | parameter | Spearman ρ |\n|---|---|---|\n"
        for (rank, (name, r)) in rho.enumerated() { md += "| \(rank + 1) | `\(name)` | \(String(format: "%+.3f", r)) |\n" }
        md += "\n"
    }
    return md
}
