import FeeSimExperiments
import FeeSimModel
import Foundation

/// What `feesim compare --uncertainty N` adds: the probabilistic sample in the long format that R's BCEA, dampack
/// and voi read, and a Markdown page with net benefit over parameter uncertainty, P(best), P(target), the
/// acceptability curve, EVPI, EVPPI by group and parameter, and the tornado.
public struct UncertaintyOutputs {
    /// What the study computed; this type only renders it.
    public let analysis: UncertaintyAnalysis
    /// Every strategy's title in the report's language, baseline first.
    public let titles: [String]

    public init(_ analysis: UncertaintyAnalysis, titles: [String]) {
        self.analysis = analysis
        self.titles = titles
    }

    var result: ProbabilisticComparison.Result { analysis.sets }
    var voi: ValueOfInformation { analysis.valueOfInformation }
    var fixed: [String: Double] { analysis.fixed }
    var tornado: Tornado.Result? { analysis.tornado }

    /// psa.csv: one row per (parameter set, strategy): the drawn values, then the strategy's figures, every number
    /// at full precision (the shortest decimal that reads back exactly).
    static func six(_ x: Double) -> String { CSVFormat.number(x) }

    public func psaCSV() -> String {
        var out =
            "set,strategy," + result.parameters.joined(separator: ",")
            + ",net_benefit,extra_revenue,extra_cost,collection_rate_gain_points,p_target\n"
        for (j, draw) in result.draws.enumerated() {
            for (s, name) in result.strategies.enumerated() {
                out += "\(result.sets[j] + 1),\(CSVFormat.field(name))," + draw.map(Self.six).joined(separator: ",") + ","
                out +=
                    [
                        result.netBenefit[j][s], result.extraRevenue[j][s], result.extraCost[j][s], result.rateGain[j][s],
                        result.reachesTarget[j][s]
                    ].map(Self.six).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// The wide shape BCEA (`bcea(e, c)`), dampack (`make_psa_obj(cost, effectiveness, parameters)`) and voi
    /// (`evppi(outputs, inputs)`) read: one row per parameter set, one column per strategy (by name, baseline
    /// first). `psa_costs.csv` holds each strategy's extra cost against the baseline and `psa_effects.csv` its
    /// extra revenue, both in yuan, so that net benefit = effect − cost (BCEA's k = 1);
    /// `psa_parameters.csv` the drawn values. Full precision. O(sets · strategies).
    public func wideCSVs() -> (costs: String, effects: String, parameters: String) {
        let header = "set," + result.strategies.map(CSVFormat.field).joined(separator: ",") + "\n"
        func table(_ values: [[Double]]) -> String {
            header
                + zip(result.sets, values).map { set, row in
                    "\(set + 1)," + row.map(CSVFormat.number).joined(separator: ",") + "\n"
                }.joined()
        }
        let parameters =
            "set," + result.parameters.map(CSVFormat.field).joined(separator: ",") + "\n"
            + zip(result.sets, result.draws).map { set, row in "\(set + 1)," + row.map(CSVFormat.number).joined(separator: ",") + "\n" }
            .joined()
        return (table(result.extraCost), table(result.extraRevenue), parameters)
    }

    public func markdown() -> String {
        let yuan = Format.thousands, pts = Format.points, pct = { Format.percent($0, digits: 0) }
        let n = result.draws.count
        var md = "# Decisions under uncertainty\n\n"
        md += "\(n) parameter sets drawn from the declared priors (Latin hypercube; docs/MODEL.md §6), "
        md += "\(result.replications) replications per strategy and set on common random numbers. "
        md += "\(result.parameters.count) parameters drawn: every behaviour and lever parameter with a prior, except "
        md += "those the community sets itself (its calibrated values)"
        md +=
            fixed.isEmpty
            ? ".\n\n"
            : " and those fixed here: "
                + fixed.sorted { $0.key < $1.key }.map { "`\($0.key)` = \(CSVFormat.number($0.value))" }.joined(separator: ", ") + ".\n\n"
        md += "**What the intervals cover**: the spread of each figure across the parameter sets — the uncertainty of the "
        md += "lever effects and behaviour as the priors describe it, plus the Monte Carlo noise left after averaging "
        md += "\(result.replications) replications. They do not cover errors in the model's structure or in the "
        md += "community's own data.\n\n"
        md += "| Strategy | Net benefit vs status quo, mean (95% interval over parameters), yuan | P(net benefit > 0) | P(best) | "
        md += "Gain in 收缴率, points (95% interval) | P(收缴率 target met) |\n|---|---|---|---|---|---|\n"
        for (s, f) in analysis.strategies.enumerated() {
            md += "| \(titles[s])\(s == 0 ? " (baseline)" : "") | "
            md +=
                s == 0
                ? "0 | – | \(pct(f.pBest)) | – | \(pct(f.pTarget)) |\n"
                : "\(yuan(f.netBenefit)) (\(yuan(f.netBenefitLow)) – \(yuan(f.netBenefitHigh))) | \(pct(f.pPositive)) | "
                    + "\(pct(f.pBest)) | \(pts(f.rateGain)) (\(pts(f.rateGainLow)) – \(pts(f.rateGainHigh))) | \(pct(f.pTarget)) |\n"
        }
        md += "\n**Acceptability curve**: P(each strategy is best) when one point of year-1 收缴率 is worth λ yuan "
        md += "to the manager on top of the cash (net monetary benefit = net benefit + λ × points gained).\n\n"
        md += "| λ (yuan per point) | " + titles.joined(separator: " | ") + " |\n|---|"
        md += String(repeating: "---|", count: titles.count) + "\n"
        for (lambda, row) in zip(UncertaintyAnalysis.acceptabilityValues, analysis.acceptability) {
            md += "| \(yuan(lambda)) | " + row.map(pct).joined(separator: " | ") + " |\n"
        }
        md += "\n**Value of information** (yuan, for this community over the horizon). Expected value of perfect "
        md += "information (EVPI) of the whole choice: **\(yuan(voi.evpi))** — what knowing every parameter before choosing "
        md += "would be worth; a study costing more cannot pay for itself through a better choice.\n\n"
        md += "| adopting … instead of the status quo | EVPI of that choice |\n|---|---|\n"
        for s in result.strategies.indices.dropFirst() { md += "| \(titles[s]) | \(yuan(voi.pairwiseEVPI[s])) |\n" }
        if let decision = voi.decision {
            md += "\nThe same strategy is best in nearly every parameter set, so hardly any measurement would change the whole choice. "
            md += "The ranking below is for the most uncertain single choice: adopting *\(titles[decision])* or not.\n"
        }
        md += "\nExpected value of partial perfect information (EVPPI; regression estimator of Strong, Oakley & Brennan "
        md += "2014, ± bootstrap standard error), by what a pilot could measure. "
        let bound = voi.bound
        func flag(_ e: ValueOfInformation.Estimate) -> String {
            if e.value > bound * 1.05 { return " (above the EVPI of this choice: estimation noise)" }
            if e.value < 2 * e.standardError { return " (not distinguishable from 0)" }
            return e.isAboveNullFloor ? "" : " (not above its null floor: noise)"
        }
        func row(_ e: ValueOfInformation.Estimate, _ name: String) -> String {
            "| \(name) | \(yuan(e.value)) ± \(yuan(e.standardError))\(flag(e)) | \(yuan(e.nullFloor)) (95th percentile \(yuan(e.nullFloorHigh))) |\n"
        }
        md += "The null floor is what the same estimator finds when the inputs are shuffled so that they carry nothing "
        md += "(20 shuffles): an estimate not above its 95th percentile is noise, and never becomes pilot advice.\n\n"
        md += "| group | EVPPI | null floor |\n|---|---|---|\n"
        for g in voi.groups { md += row(g, g.name) }
        md += "\nBy parameter (the ten largest):\n\n| parameter | EVPPI | null floor |\n|---|---|---|\n"
        for p in voi.singles.prefix(10) { md += row(p, "`\(p.name)`") }
        md += "\nWith few parameter sets the estimates are noisy (their standard errors say how much): 200 sets or more "
        md += "give a usable ranking.\n"
        if let tornado {
            md += "\n**One-way sensitivity (tornado)** of *\(titles[tornado.strategy])* against the status quo: each parameter at "
            md += "the 5th and 95th percentile of its prior, the others as in the scenarios (net benefit at the "
            md += "scenarios' values: \(yuan(tornado.netBenefit)) yuan, \(pts(tornado.rateGain)) points of 收缴率). "
            md +=
                "The ten widest:\n\n| parameter | low – high value | net benefit at low / high, yuan | 收缴率 gain at low / high, points |\n|---|---|---|---|\n"
            for b in tornado.bars.prefix(10) {
                md += "| `\(b.parameter)` | \(String(format: "%.3g", b.low)) – \(String(format: "%.3g", b.high)) | "
                md += "\(yuan(b.netBenefitAtLow)) / \(yuan(b.netBenefitAtHigh)) | \(pts(b.rateGainAtLow)) / \(pts(b.rateGainAtHigh)) |\n"
            }
        }
        md += "\nFiles: `psa.csv` (one row per parameter set and strategy: the drawn values and the strategy's figures, long), "
        md += "`psa_costs.csv`, `psa_effects.csv` and `psa_parameters.csv` (one row per set, a column per strategy or "
        md += "parameter: the wide shape BCEA, dampack and voi read; effect = extra revenue, so net benefit = effect − cost), "
        md += "`tornado.csv`.\n"
        return md
    }

    public func tornadoCSV() -> String {
        var out = "strategy,parameter,low,high,net_benefit_at_low,net_benefit_at_high,rate_gain_at_low,rate_gain_at_high\n"
        let strategy = tornado.map { CSVFormat.field(result.strategies[$0.strategy]) } ?? ""
        for b in tornado?.bars ?? [] {
            out +=
                "\(strategy),\(b.parameter),"
                + [b.low, b.high, b.netBenefitAtLow, b.netBenefitAtHigh, b.rateGainAtLow, b.rateGainAtHigh]
                .map(CSVFormat.number).joined(separator: ",") + "\n"
        }
        return out
    }

    /// One row per strategy for the report: net benefit over parameters, P(NB > 0), P(best), 收缴率 gain, P(target).
    public func summaryRows(titles: [String], language: Language) -> [[String]] {
        let yuan = { Format.yuan($0, in: language) }, pts = Format.points, pct = { Format.percent($0, digits: 0) }
        return analysis.strategies.enumerated().map { s, f in
            if s == 0 { return [titles[s], "0", "–", pct(f.pBest), "–", pct(f.pTarget)] }
            return [
                titles[s], language.interval(yuan(f.netBenefit), yuan(f.netBenefitLow), yuan(f.netBenefitHigh)),
                pct(f.pPositive), pct(f.pBest),
                language.interval(pts(f.rateGain), pts(f.rateGainLow), pts(f.rateGainHigh)), pct(f.pTarget)
            ]
        }
    }

    /// Plain-words findings: EVPI, what a pilot should measure (groups clearly above their error), the tornado's
    /// top three.
    public func findings(language: Language) -> [String] {
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let L = language
        let yuan = { Format.yuan($0, in: language) }
        let (open, close) = L == .zh ? ("（", "）") : (" (", ")")
        func f(_ t: Text, _ args: CVarArg...) -> String { String(format: L(t), arguments: args) }
        var lines = [f(Labels.evpiFinding, yuan(voi.evpi))]
        // Clearly above its error, and not above the EVPI of the same decision (an estimate above it is noise).
        let clear = voi.groups.filter(voi.isClear).prefix(3)
        if clear.isEmpty {
            lines.append(L(Labels.evppiNone))
        } else {
            let decisionText = voi.decision.map { f(Labels.evppiDecision, titles[$0]) } ?? ""
            lines.append(
                f(
                    Labels.evppiFinding, decisionText,
                    clear.map { "\(L.groupName($0.name))\(open)\(yuan($0.value)) ± \(yuan($0.standardError))\(close)" }.joined(
                        separator: L(Labels.comma))))
        }
        if let tornado {
            lines.append(
                f(
                    Labels.tornadoFinding, titles[tornado.strategy],
                    tornado.bars.prefix(3).map {
                        "\(L.parameterName($0.name, chinese: $0.chineseName))\(open)\(yuan($0.netBenefitAtLow)) – \(yuan($0.netBenefitAtHigh))\(close)"
                    }
                    .joined(separator: L(Labels.comma))))
        }
        return lines
    }
}
