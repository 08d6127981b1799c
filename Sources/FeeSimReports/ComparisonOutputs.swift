import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// What a comparison run records about itself, for the report's assumptions and the manifest.
public struct ComparisonContext: Sendable {
    public var name: String
    public var description: String
    public var toolVersion: String
    public var scenarioFiles: [String]
    public var contentHash: String
    public init(name: String, description: String, toolVersion: String, scenarioFiles: [String], contentHash: String) {
        self.name = name
        self.description = description
        self.toolVersion = toolVersion
        self.scenarioFiles = scenarioFiles
        self.contentHash = contentHash
    }
}

/// The files of a comparison: costbenefit.csv, targets.csv, report.md and report.html, in one language.
public struct ComparisonOutputs {
    public let result: StrategyComparison
    public let context: ComparisonContext
    public let language: Language
    /// The probabilistic comparison, when one ran: its summary joins the report.
    public var uncertainty: UncertaintyOutputs?

    /// The files of a Monte Carlo comparison alone (the workbench's answers and exports).
    public init(result: StrategyComparison, context: ComparisonContext, language: Language) {
        self.result = result
        self.context = context
        self.language = language
    }

    /// The files of a whole comparison study: its Monte Carlo comparison and, when one ran, its probabilistic
    /// comparison, with strategies titled in `language`.
    public init(_ study: ComparisonStudy.Result, context: ComparisonContext, language: Language) {
        self.init(result: study.monteCarlo, context: context, language: language)
        uncertainty = study.uncertainty.map { u in
            UncertaintyOutputs(u, titles: study.monteCarlo.variants.map { $0.model.scenario.title(language.rawValue) })
        }
    }

    var L: Language { language }
    var baseline: Scenario { result.baseline.model.scenario }
    func title(_ e: Ensemble) -> String { e.model.scenario.title(language.rawValue) }

    // MARK: Formatting

    func pct(_ x: Double, digits: Int = 1) -> String { Format.percent(x, digits: digits) }
    /// "(Baseline)" after the baseline's name: half-width brackets in English, full-width in Chinese.
    var baselineMark: String { language == .zh ? "（\(L(Labels.baseline))）" : " (\(L(Labels.baseline)))" }

    func yuan(_ x: Double) -> String { Format.yuan(x, in: language) }
    func ratio(_ x: Double) -> String { Format.ratio(x) }
    func format(_ text: Text, _ args: CVarArg...) -> String { String(format: L(text), arguments: args) }

    /// The label of a cost-benefit figure, in the report's language.
    func label(_ figure: CostBenefitFigure) -> String {
        switch figure {
        case .extraPaid: L(Labels.extraPaid)
        case .extraRecovered: L(Labels.extraRecovered)
        case .extraRevenue: L(Labels.extraRevenue)
        case .extraCost: L(Labels.extraCost)
        case .netBenefit: L(Labels.netBenefit)
        case .npv: L(Labels.npv)
        case .benefitCostRatio: L(Labels.bcr)
        case .costPerExtraYuan: L(Labels.costPerYuan)
        case .paybackMonth: L(Labels.payback)
        case .pNetBenefitPositive: L(Labels.pPositive)
        case .outsidePhases: "\(L(Labels.extraCost)): \(L(Labels.outsidePhases))"
        case .costPart(let part): "\(L(Labels.extraCost)): \(language.costPartName(part))"
        case .phaseCost(let phase): "\(L(Labels.extraCost)): \(phase)"
        }
    }

    // MARK: CSV

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

    // MARK: Tables shared by Markdown and HTML

    var targetHeader: [String] {
        let t = result.targetsUsed
        return [L(Labels.variant), format(Labels.reachWindow, pct(t.collectionRate, digits: 0), t.firstMonth),
                format(Labels.reachYear, pct(t.collectionRate, digits: 0), t.secondMonth),
                format(Labels.voluntaryBy, pct(t.voluntaryRate, digits: 0), t.voluntaryMonth),
                format(Labels.longTermCleared, t.arrearsMonth),
                format(Labels.longTermUplift, pct(t.arrearsUplift, digits: 0)),
                format(Labels.medianFirst, pct(t.collectionRate, digits: 0))]
    }

    var targetRows: [[String]] {
        zip(result.targets, result.variants).enumerated().map { k, pair in
            let (row, e) = pair
            let u = row.longTermUpliftVsBaseline
            let uplift = u.isNaN ? "–" : (abs(u) < 0.005 ? "±0%" : (u > 0 ? "+" : "") + pct(u, digits: 0))
                + (row.longTermUpliftVsBaseline >= result.targetsUsed.arrearsUplift ? " ✓" : "")
            return [title(e) + (k == 0 ? baselineMark : ""), pct(row.reachByFirstMonth, digits: 0),
                    pct(row.reachBySecondMonth, digits: 0), pct(row.voluntaryReach, digits: 0),
                    pct(row.longTermCleared, digits: 0), uplift,
                    row.medianFirstMonthAtTarget.map(String.init) ?? L(Labels.never)]
        }
    }

    /// The industry's measures per strategy (means across replications): 收缴率 by year and for the target
    /// window, on-time and voluntary rates, 清欠率, long-term 催缴成功率, households paying nothing, and the
    /// arrears by reason at the horizon.
    var measureHeader: [String] {
        let years = HorizonMetrics.years.filter { 12 * $0 <= result.baseline.model.months }
        return [L(Labels.variant)] + years.map { format(Labels.yearRate, $0) }
            + [format(Labels.windowRate, result.baseline.model.scenario.target.byMonth), L(Labels.onTimeYear1),
               L(Labels.voluntaryYear1), L(Labels.arrearsRateYear1), L(Labels.longTermYear1), L(Labels.noPaymentYear1),
               L(Labels.reasonMix)]
    }

    var measureRows: [[String]] {
        let years = HorizonMetrics.years.filter { 12 * $0 <= result.baseline.model.months }
        return result.variants.enumerated().map { k, e in
            func mean(_ key: HorizonKey) -> Double { e.horizon(key)?.mean ?? .nan }
            func year1(_ m: YearlyMeasure) -> Double { mean(.yearly(m, year: 1)) }
            let reasons: [(Text, Metric)] = [(Labels.reasonGrievance, .reasonGrievance), (Labels.reasonLowWillingness, .reasonLowWillingness),
                                             (Labels.reasonStrategic, .reasonStrategic), (Labels.reasonHardship, .reasonHardship),
                                             (Labels.reasonInattention, .reasonInattention), (Labels.reasonVacancy, .reasonVacancy)]
            let mix = reasons.map { "\(L($0.0)) \(pct(mean(.final($0.1)), digits: 0))" }
                .joined(separator: language == .zh ? "，" : ", ")
            return [title(e) + (k == 0 ? baselineMark : "")]
                + years.map { pct(mean(.yearly(.collectionRate, year: $0))) }
                + [pct(mean(.targetWindowRate)), pct(year1(.onTimeRate)), pct(year1(.voluntaryRate)),
                   pct(year1(.arrearsCollectionRate)), pct(year1(.longTermSuccess)), pct(year1(.noPaymentShare)), mix]
        }
    }

    /// The months "收缴率 to month m" is shown at on the first screen: 6, 12 and 24, those within the horizon.
    var glanceMonths: [Int] { [6, 12, 24].filter { $0 <= result.baseline.model.months } }

    /// The board's table: each strategy's 收缴率 to months 6, 12 and 24, its net benefit against the status quo
    /// (with its interval over parameter uncertainty when the comparison has one), P(best) and P(target).
    var glanceHeader: [String] {
        let t = result.targetsUsed
        return [L(Labels.variant)] + glanceMonths.map { format(Labels.rateToMonth, $0) }
            + [format(Labels.netBenefitVsBase, title(result.baseline)) + " (\(L(Labels.interval)))"]
            + (uncertainty == nil ? [] : [L(Labels.pBest)])
            + [format(Labels.reachWindow, pct(t.collectionRate, digits: 0), t.firstMonth)]
    }

    var glanceRows: [[String]] {
        let collection = result.baseline.model.layout.names.firstIndex(of: Metric.collectionRate.key)
        let psa = uncertainty?.analysis.strategies
        return result.variants.enumerated().map { k, e in
            let rates = glanceMonths.map { m in collection.map { pct(e.monthly[m - 1][$0].mean) } ?? "–" }
            var net = "–"
            if let f = psa?[k] {
                net = k == 0 ? "0" : language.interval(yuan(f.netBenefit), yuan(f.netBenefitLow), yuan(f.netBenefitHigh))
            } else if k == 0 {
                net = "0"
            } else if let f = result.costBenefit[k - 1].figure(.netBenefit) {
                net = language.interval(yuan(f.mean), yuan(f.ciLow), yuan(f.ciHigh))
            }
            return [title(e) + (k == 0 ? baselineMark : "")] + rates + [net]
                + (psa.map { [pct($0[k].pBest, digits: 0)] } ?? []) + [pct(result.targets[k].reachByFirstMonth, digits: 0)]
        }
    }

    var glanceCaption: String {
        guard let u = uncertainty else { return L(Labels.glanceCaptionMC) }
        return format(Labels.glanceCaptionPSA, u.result.draws.count, u.result.replications)
    }

    var uncertaintyHeader: [String] {
        [L(Labels.variant), L(Labels.netBenefitOverParameters), L(Labels.pPositive), L(Labels.pBest),
         L(Labels.rateGainOverParameters), L(Labels.pTarget)]
    }

    var costHeader: [String] {
        [L(Labels.variant), L(Labels.extraRevenue), L(Labels.extraCost), L(Labels.netBenefit) + " (\(L(Labels.interval)))",
         L(Labels.npv), L(Labels.bcr), L(Labels.costPerYuan), L(Labels.payback), L(Labels.pPositive)]
    }

    var costRows: [[String]] {
        zip(result.costBenefit, result.challengers).map { row, e in
            func fig(_ k: CostBenefitFigure) -> PairedFigure { row.figure(k)! }
            let net = fig(.netBenefit)
            let payback = fig(.paybackMonth)
            return [title(e), yuan(fig(.extraRevenue).mean), yuan(fig(.extraCost).mean),
                    language.interval(yuan(net.mean), yuan(net.ciLow), yuan(net.ciHigh)), yuan(fig(.npv).mean),
                    ratio(fig(.benefitCostRatio).mean), ratio(fig(.costPerExtraYuan).mean),
                    payback.p05.isNaN && payback.mean.isNaN ? L(Labels.never) : (payback.mean.isFinite ? String(format: "%.0f", payback.mean) : L(Labels.never)),
                    pct(fig(.pNetBenefitPositive).mean, digits: 0)]
        }
    }

    var leverHeader: [String] {
        [L(Labels.variant)] + CostPart.allCases.map(language.costPartName)
    }

    var leverRows: [[String]] {
        zip(result.costBenefit, result.challengers).map { row, e in
            [title(e)] + CostPart.allCases.map { yuan(row.figure(.costPart($0))!.mean) }
        }
    }

    var findings: [String] {
        var lines: [String] = []
        let b = result.baseline
        let t = result.targetsUsed
        let year1 = b.horizon(.yearly(.collectionRate, year: 1))?.mean ?? .nan
        let window = b.horizon(.targetWindowRate)?.mean ?? .nan
        let onTime = b.horizon(.yearly(.onTimeRate, year: 1))?.mean ?? .nan
        lines.append(format(Labels.baselineRate, pct(year1), pct(window), t.firstMonth, t.firstMonth, pct(onTime)))
        if let best = zip(result.costBenefit, result.challengers).max(by: {
            ($0.0.figure(.netBenefit)!.mean, $1.0.variant) < ($1.0.figure(.netBenefit)!.mean, $0.0.variant)
        }) {
            let net = best.0.figure(.netBenefit)!
            if net.mean > 0 {
                lines.append(format(Labels.bestNet, title(best.1), yuan(net.mean), yuan(net.ciLow), yuan(net.ciHigh)))
            } else {
                lines.append(format(Labels.noneBeats, title(best.1), yuan(net.mean)))
            }
        }
        // What the strategy with the highest 收缴率 in the last full year achieves, against the status quo.
        let lastYear = min(baseline.months / 12, 2)
        if lastYear >= 1, let top = result.challengers.max(by: {
            ($0.horizon(.yearly(.collectionRate, year: lastYear))?.mean ?? -1, $1.model.scenario.name)
                < ($1.horizon(.yearly(.collectionRate, year: lastYear))?.mean ?? -1, $0.model.scenario.name)
        }) {
            let rate = { (e: Ensemble, y: Int) in e.horizon(.yearly(.collectionRate, year: y))?.mean ?? .nan }
            let years = (1...lastYear).map { y in format(Labels.yearVsStatusQuo, y, pct(rate(top, y)), pct(rate(b, y))) }
            lines.append(format(Labels.achieves, title(top), years.joined(separator: L(Labels.comma))))
        }
        let reach = zip(result.targets, result.variants).map { ($0.0.reachByFirstMonth, $0.1) }
        if let closest = reach.max(by: { $0.0 < $1.0 }), closest.0 < 0.05 {
            // Nobody gets there: say so, with how close the best gets, instead of a list of 0%.
            let nearest = result.variants.max { ($0.horizon(.targetWindowRate)?.mean ?? -1) < ($1.horizon(.targetWindowRate)?.mean ?? -1) }!
            let odds = closest.0 == 0 ? L(Labels.inAnyReplication) : format(Labels.inMoreThan, pct(closest.0, digits: 0))
            lines.append(format(Labels.targetNone, pct(t.collectionRate, digits: 0), t.firstMonth, odds,
                                title(nearest), pct(nearest.horizon(.targetWindowRate)?.mean ?? .nan)))
        } else {
            let odds = reach.map { "\(title($0.1)) \(pct($0.0, digits: 0))" }
            lines.append(format(Labels.targetOdds, pct(t.collectionRate, digits: 0), t.firstMonth, odds.joined(separator: L(Labels.comma))))
        }
        lines.append(L(Labels.crn))
        return lines
    }

    var metaLine: String {
        let c = baseline.community
        let comma = L(Labels.comma)
        let seed = language == .zh ? "（\(baseline.generator)）" : " (\(baseline.generator))"
        return "\(c.households) \(L(Labels.households))\(comma)\(c.buildings) \(L(Labels.buildings))\(comma)\(baseline.months) "
            + "\(L(Labels.months))\(comma)\(baseline.replications) \(L(Labels.replications))\(comma)\(L(Labels.seed)) \(baseline.seed)"
            + "\(seed)\(L(Labels.period))\(format(Labels.discount, pct(result.annualDiscountRate)))"
    }

    // MARK: Markdown

    public func markdown() -> String {
        func table(_ header: [String], _ rows: [[String]]) -> String {
            var md = "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
            for row in rows { md += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
            return md
        }
        var md = "# \(L(Labels.reportTitle)): \(context.description.isEmpty ? context.name : context.description)\n\n"
        md += metaLine + "\n\n## \(L(Labels.keyFindings))\n\n" + findings.map { "- \($0)" }.joined(separator: "\n") + "\n\n"
        md += "## \(L(Labels.glance))\n\n" + table(glanceHeader, glanceRows) + "\n" + glanceCaption + "\n\n"
        md += "## \(L(Labels.measures))\n\n" + table(measureHeader, measureRows) + "\n" + L(Labels.measuresCaption) + "\n\n"
        md += "## \(L(Labels.targets))\n\n" + table(targetHeader, targetRows) + "\n"
        md += "## \(L(Labels.costBenefit))\n\n" + table(costHeader, costRows) + "\n"
        md += "### \(L(Labels.costSplit))\n\n" + table(leverHeader, leverRows) + "\n"
        if let u = uncertainty {
            md += "## \(L(Labels.uncertaintyTitle))\n\n\(format(Labels.uncertaintyIntro, u.result.draws.count, u.result.replications))\n\n"
            md += table(uncertaintyHeader, u.summaryRows(titles: result.variants.map(title), language: language)) + "\n"
            md += u.findings(language: language).map { "- \($0)" }.joined(separator: "\n") + "\n\n"
        }
        md += "\(format(Labels.generatedBy, context.toolVersion)) — `report.html`, `costbenefit.csv`, `targets.csv`.\n"
        return md
    }
}

/// How a comparison was run.
extension ComparisonOutputs {
    /// Writes the comparison's files into `folder`, replacing it atomically (``ResultFolder``): costbenefit.csv,
    /// targets.csv, monthly.csv, report.md, report.html, comparison.xlsx, manifest.json, and with a probabilistic
    /// comparison uncertainty.md, psa.csv and tornado.csv. Nothing half-written is ever left under `folder`'s name.
    /// The caller holds the folder's ``OutputLock``. Returns the Markdown report.
    @discardableResult
    public func write(to folder: URL, manifest: ComparisonManifest, excel: Bool = false) throws -> String {
        let markdown = markdown()
        let results = try ResultFolder(replacing: folder)
        try results.write("costbenefit.csv", Self.csvData(costBenefitCSV(), excel: excel))
        try results.write("targets.csv", Self.csvData(targetsCSV(), excel: excel))
        try results.write("monthly.csv", Self.csvData(monthlyCSV(), excel: excel))
        try results.write("report.md", Data(markdown.utf8))
        try results.write("report.html", Data(html().utf8))
        if let uncertainty {
            try results.write("uncertainty.md", Data(uncertainty.markdown().utf8))
            try results.write("psa.csv", Self.csvData(uncertainty.psaCSV(), excel: excel))
            try results.write("tornado.csv", Self.csvData(uncertainty.tornadoCSV(), excel: excel))
        }
        try writeWorkbook(to: results.staging.appendingPathComponent("comparison.xlsx").path)
        try results.write("manifest.json", try manifest.json())
        try results.commit()
        return markdown
    }
}

public struct ComparisonManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    public var gslVersion: String
    public var comparison: String
    public var variants: [String]
    public var scenarioFiles: [String]
    public var sha256: String
    public var seed: UInt64
    public var generator: String
    public var replications: Int
    public var months: Int
    public var threads: Int
    public var language: String
    public var discountRate: Double
    public var startTime: String
    /// The whole job's wall time, seconds: every part below, from the first replication to the files' writing.
    public var wallTimeSeconds: Double
    /// Each part's wall time, seconds: `comparison` (the Monte Carlo comparison), and with a probabilistic comparison
    /// `probabilistic` (its parameter sets, or reading and merging their shards: `probabilistic_merge`) and
    /// `tornado_and_value_of_information`. Empty where the caller timed no parts.
    public var wallTimePartsSeconds: [String: Double] = [:]
    /// `--set PATH=VALUE` options applied to every strategy.
    public var overrides: [String] = []

    public init(toolVersion: String, gslVersion: String, comparison: String, variants: [String], scenarioFiles: [String],
                sha256: String, seed: UInt64, generator: String, replications: Int, months: Int, threads: Int,
                language: String, discountRate: Double, startTime: String, wallTimeSeconds: Double) {
        self.toolVersion = toolVersion
        self.gslVersion = gslVersion
        self.comparison = comparison
        self.variants = variants
        self.scenarioFiles = scenarioFiles
        self.sha256 = sha256
        self.seed = seed
        self.generator = generator
        self.replications = replications
        self.months = months
        self.threads = threads
        self.language = language
        self.discountRate = discountRate
        self.startTime = startTime
        self.wallTimeSeconds = wallTimeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", gslVersion = "gsl_version", comparison, variants
        case scenarioFiles = "scenario_files", sha256 = "sha256", seed, generator, replications, months, threads
        case language, discountRate = "annual_discount_rate", startTime = "start_time", wallTimeSeconds = "wall_time_seconds"
        case wallTimePartsSeconds = "wall_time_parts_seconds", overrides
    }

}

extension ComparisonManifest {
    /// How `study` ran: its files, strategies and settings, the parameter changes it got, and this run's clock.
    public init(_ study: ComparisonStudy, comparison: String, context: ComparisonContext, gslVersion: String, threads: Int?,
                language: Language, discountRate: Double, start: Date, wallTimeSeconds: Double) {
        let settings = study.settings
        self.init(toolVersion: context.toolVersion, gslVersion: gslVersion, comparison: comparison,
                  variants: study.scenarios.map(\.name), scenarioFiles: context.scenarioFiles, sha256: context.contentHash,
                  seed: settings.seed, generator: settings.generator, replications: settings.replications,
                  months: settings.months, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                  language: language.rawValue, discountRate: discountRate,
                  startTime: ISO8601DateFormatter().string(from: start), wallTimeSeconds: (wallTimeSeconds * 1000).rounded() / 1000)
        overrides = study.overrides.map(\.description)
    }

    /// Records the whole job's wall time and its parts' (seconds, kept to the millisecond).
    public mutating func timed(total: Double, parts: [String: Double]) {
        wallTimeSeconds = (total * 1000).rounded() / 1000
        wallTimePartsSeconds = parts.mapValues { ($0 * 1000).rounded() / 1000 }
    }
}
