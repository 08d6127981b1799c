import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// What `feesim run` records about a run besides its numbers.
public struct RunManifest: Codable, Sendable, Equatable, JSONManifest {
    public var tool: String
    public var toolVersion: String
    public var gslVersion: String
    public var scenario: String
    public var scenarioFiles: [String]
    public var scenarioSHA256: String
    public var seed: UInt64
    public var generator: String
    public var replications: Int
    public var months: Int
    public var households: Int
    public var threads: Int
    public var startTime: String
    public var wallTimeSeconds: Double
    /// `--set PATH=VALUE` options applied to the scenario.
    public var overrides: [String] = []

    /// How `model` ran: the scenario file at `path` as `loaded` (its files and hash), on `threads` workers (at most
    /// one per replication), from `start` for `wallTimeSeconds` (rounded to the millisecond).
    public init(
        _ model: CompiledModel, loaded: LoadedScenario, path: String, threads: Int, toolVersion: String, gslVersion: String,
        start: Date, wallTimeSeconds: Double
    ) {
        let s = model.settings
        tool = "feesim"
        (self.toolVersion, self.gslVersion, scenario, scenarioFiles) = (
            toolVersion, gslVersion, ProjectPath.relative(path),
            loaded.files.map(ProjectPath.relative)
        )
        (scenarioSHA256, seed, generator, replications) = (loaded.contentHash, s.seed, s.generator, s.replications)
        (months, households, self.threads) = (s.months, model.households, min(threads, s.replications))
        startTime = ISO8601DateFormatter().string(from: start)
        self.wallTimeSeconds = (wallTimeSeconds * 1000).rounded() / 1000
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", gslVersion = "gsl_version", scenario
        case scenarioFiles = "scenario_files", scenarioSHA256 = "scenario_sha256", seed, generator, replications
        case months, households, threads, startTime = "start_time", wallTimeSeconds = "wall_time_seconds"
        case overrides
    }
}

/// The text files of one scenario's results: monthly.csv, replications.csv and summary.md.
/// Everything here depends only on the ensemble, never on thread count or timing.
public enum RunOutputs {
    /// The header of every monthly.csv (a run's and a comparison's alike): tidy long, one row per strategy, month
    /// and metric, summarised across replications.
    public static let monthlyHeader = "strategy,month,metric,mean,sd,p05,p50,p95\n"

    /// Tidy long format (``monthlyHeader``) for the ensembles given, in order; `strategy` is each scenario's name.
    /// O(ensembles · T · M).
    public static func monthlyCSV(_ ensembles: [Ensemble]) -> String {
        var out = monthlyHeader
        for ensemble in ensembles {
            let strategy = CSVFormat.field(ensemble.model.scenario.name)
            for (t, row) in ensemble.monthly.enumerated() {
                for (c, s) in row.enumerated() {
                    out +=
                        "\(strategy),\(t + 1),\(ensemble.model.layout.names[c]),\(CSVFormat.number(s.mean)),"
                        + "\(CSVFormat.number(s.sd)),\(CSVFormat.number(s.p05)),\(CSVFormat.number(s.p50)),"
                        + "\(CSVFormat.number(s.p95))\n"
                }
            }
        }
        return out
    }

    /// One scenario's monthly.csv.
    public static func monthlyCSV(_ ensemble: Ensemble) -> String { monthlyCSV([ensemble]) }

    /// The header of replications.csv: replication, pilot buildings, then the horizon metrics.
    public static func replicationsHeader(_ model: CompiledModel) -> String {
        "replication,pilot_buildings,"
            + HorizonMetrics.columnNames
            .joined(separator: ",") + "\n"
    }

    /// One row of replications.csv. O(columns).
    public static func replicationRow(_ result: ReplicationResult) -> String {
        let pilot = result.pilotBuildings.map(String.init).joined(separator: " ")
        return "\(result.replication),\(pilot)," + result.horizon.values.map(CSVFormat.number).joined(separator: ",") + "\n"
    }

    /// A readable Markdown summary: headline rates at months 1, 6, 12 and the horizon, voluntary rate, arrears
    /// and costs, each as the mean with the 5–95% range across replications.
    public static func summaryMarkdown(_ ensemble: Ensemble, manifest: RunManifest) -> String {
        let s = ensemble.model.scenario
        let monthly = ensemble.monthly
        let tMax = ensemble.model.months
        let pct = { Format.percent($0) }, yuan = Format.thousands
        func cell(_ m: SampleSummary, _ f: (Double) -> String) -> String {
            "\(f(m.mean)) (\(f(m.p05)) – \(f(m.p95)))"
        }
        func h(_ name: String) -> SampleSummary { ensemble.horizon(name)! }
        func at(_ t: Int, _ metric: Metric) -> SampleSummary? { t <= tMax ? monthly[t - 1][metric.rawValue] : nil }

        var md = "# \(s.name)\n\n"
        if !s.description.isEmpty { md += "\(s.description.trimmingCharacters(in: .whitespacesAndNewlines))\n\n" }
        md += "\(s.community.households) households in \(s.community.buildings) buildings, \(tMax) months, "
        md += "\(manifest.replications) replications (seed \(s.seed), \(s.generator)). "
        md += "Mean across replications, with the 5–95% range across replications in brackets: Monte Carlo "
        md += "variation only, not the uncertainty of the model's parameters.\n\n"
        let years = HorizonMetrics.years.filter { 12 * $0 <= tMax }
        if !years.isEmpty {
            md += "**The industry's measures, per year** (year k = months 12k − 11 … 12k)\n\n"
            md += "| | " + years.map { "year \($0)" }.joined(separator: " | ") + " |\n|---|"
            md += String(repeating: "---|", count: years.count) + "\n"
            for (label, key, f) in [
                ("收缴率 (fees of the year collected within it)", "collection_rate", pct),
                ("On-time rate (bills paid by their due date)", "on_time_rate", pct),
                ("主动缴费率 (paid by the due date without dunning)", "voluntary_rate", pct),
                ("清欠率 (earlier arrears collected / owed at the year's start)", "arrears_collection_rate", pct),
                (
                    "Long-term debtors' 催缴成功率 (owing ≥ \(s.target.longTermMonths) months at the start, paid it all)", "long_term_success",
                    pct
                ),
                ("Households paying nothing all year", "no_payment_share", pct),
                ("Households owing at the year's end", "owing_share", pct),
                ("Cash ÷ billing (all cash of the year / the year's bills)", "cash_to_billing", pct)
            ] {
                md += "| \(label) | " + years.map { cell(h("\(key)_year_\($0)"), f) }.joined(separator: " | ") + " |\n"
            }
            md += "\n"
        }
        md += "| month | 6 | 12 | \(tMax) (horizon) |\n|---|---|---|---|\n"
        for (label, metric) in [
            ("收缴率, year to date", Metric.collectionRate), ("Service quality", .serviceQuality),
            ("Perceived service", .perceivedQuality), ("Mean trust", .meanTrust),
            ("Households with a grievance", .grievanceShare),
            ("Households in hardship", .hardshipShare)
        ] {
            let cells = [6, 12, tMax].map { t in at(t, metric).map { cell($0, pct) } ?? "–" }
            md += "| \(label) | \(cells.joined(separator: " | ")) |\n"
        }
        let stock = [6, 12, tMax].map { t in at(t, .arrearsStock).map { cell($0, yuan) } ?? "–" }
        md += "| Arrears owed (yuan) | \(stock.joined(separator: " | ")) |\n\n"

        md += "**Why arrears are unpaid** (share of the arrears owed at the horizon, by the household's reason)\n\n"
        md += "| reason | share |\n|---|---|\n"
        for (label, metric) in [
            ("Grievance or dispute (protest withholding)", Metric.reasonGrievance),
            ("Low willingness (low trust, low perceived value)", .reasonLowWillingness),
            ("Strategic non-payment (free riding)", .reasonStrategic),
            ("Hardship (cannot pay, or on a plan)", .reasonHardship),
            ("Inattention or slow repayment", .reasonInattention),
            ("Vacancy / absentee owner", .reasonVacancy)
        ] {
            md += "| \(label) | \(cell(monthly[tMax - 1][metric.rawValue], pct)) |\n"
        }
        md += "\n| Over the horizon | value |\n|---|---|\n"
        let window = "\(s.target.fromMonth)–\(s.target.byMonth)"
        if s.target.byMonth <= tMax {
            md += "| 收缴率 of the bills of months \(window) by month \(s.target.byMonth) | \(cell(h("target_window_rate"), pct)) |\n"
            md += "| P(that rate ≥ \(pct(s.target.collectionRate))) | \(pct(h("target_reached").mean)) |\n"
        }
        md += "| Fees collected on time (yuan) | \(cell(h("total_paid"), yuan)) |\n"
        md += "| Overdue fees collected (the year's late payments and 清欠 of earlier years, yuan) | \(cell(h("total_recovered"), yuan)) |\n"
        md += "| Total cost (yuan) | \(cell(h("total_cost"), yuan)) |\n"
        for part in CostPart.allCases {
            let c = h("total_cost_\(part.key)")
            if c.mean != 0 { md += "| — \(Language.en.costPartName(part)) | \(cell(c, yuan)) |\n" }
        }
        md += "| Cash in − cost (yuan) | \(cell(h("net_cash_total"), yuan)) |\n\n"
        md += "Files: `monthly.csv` (every metric by month), `replications.csv` (one row per replication), "
        md += "`manifest.json` (how this was run). Definitions: docs/MODEL.md §4.\n"
        return md
    }

}

/// One scenario's result folder as its run goes: replications.csv streams in as replications finish (memory stays
/// flat), then manifest.json, monthly.csv and summary.md are written and the folder replaces the previous one
/// only when all are in.
public final class RunFolder {
    public let model: CompiledModel
    private let folder: ResultFolder
    private let rows: StreamedFile
    private let start = Date()

    /// Opens the staging folder for `<parent>/<scenario name>` and writes replications.csv's header.
    public init(_ model: CompiledModel, in parent: URL) throws {
        self.model = model
        folder = try ResultFolder(replacing: parent.appendingPathComponent(model.scenario.name))
        rows = try folder.stream("replications.csv")
        try rows.append(RunOutputs.replicationsHeader(model))
    }

    /// The final folder.
    public var target: URL { folder.target }

    /// Appends one replication's row (called in replication order).
    public func append(_ result: ReplicationResult) throws { try rows.append(RunOutputs.replicationRow(result)) }

    /// Writes the manifest (for `loaded`, with `threads` workers and this run's clock), monthly.csv and summary.md,
    /// and swaps the folder in. Returns the summary and the wall time in seconds.
    public func commit(
        _ ensemble: Ensemble, loaded: LoadedScenario, path: String, toolVersion: String, gslVersion: String,
        threads: Int, overrides: [String]
    ) throws -> (summary: String, seconds: Double) {
        let wall = Date().timeIntervalSince(start)
        var manifest = RunManifest(
            model, loaded: loaded, path: path, threads: threads, toolVersion: toolVersion,
            gslVersion: gslVersion, start: start, wallTimeSeconds: wall)
        manifest.overrides = overrides
        let summary = RunOutputs.summaryMarkdown(ensemble, manifest: manifest)
        try rows.close()
        try folder.write("manifest.json", try manifest.json())
        try folder.write("monthly.csv", Data(RunOutputs.monthlyCSV(ensemble).utf8))
        try folder.write("summary.md", Data(summary.utf8))
        try folder.commit()
        return (summary, wall)
    }
}
