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
    var origin: UncertaintyAnalysis.Origin { analysis.origin }

    /// uncertainty.md's opening when every parameter is drawn from its prior: asked for, or for want of a posterior
    /// sample (said, with where it was looked for).
    func priorsParagraph() -> String {
        let n = result.draws.count
        var md = "\(n) parameter sets drawn from the declared priors (Latin hypercube; docs/MODEL.md §6), "
        md += "\(result.replications) replications per strategy and set on common random numbers. "
        md += "\(result.parameters.count) parameters drawn: every behaviour and lever parameter with a prior, except "
        md += "those the community sets itself (its calibrated values)"
        md += fixedText() + ".\n\n"
        switch origin.source {
        case .priorsWithoutPosterior(let expected):
            md += "**Not calibrated**: " + Language.en(Labels.uncertaintyNoPosterior).replacingOccurrences(of: "%@", with: "`\(expected)`")
            md += "\n\n"
        case .priors: md += "**\(Language.en(Labels.uncertaintyFromPriors))**\n\n"
        case .posterior: break
        }
        return md
    }

    /// uncertainty.md's opening for a posterior-based comparison: which parameters are calibrated (drawn from the
    /// posterior sample, named, with its effective sample size), which are assumptions (priors) and which are held.
    func posteriorParagraph() -> String {
        guard let sample = origin.source.posterior else { return priorsParagraph() }
        let list = { (paths: [String]) in paths.isEmpty ? "none" : paths.map { "`\($0)`" }.joined(separator: ", ") }
        var md = "\(result.draws.count) parameter sets, \(result.replications) replications per strategy and set on common "
        md += "random numbers\(fixedText()). Where each parameter comes from:\n\n"
        md += "- **Calibrated** to the community's status quo, drawn from its posterior sample `\(ProjectPath.relative(sample.path))` "
        md += "(\(sample.values.count) rows, effective sample size \(String(format: "%.1f", sample.effectiveSampleSize)); "
        md += "stratified weighted resampling of whole particles, so their correlations are kept): \(list(origin.calibrated)).\n"
        md += "- **Assumptions**, drawn from their priors by Latin hypercube (docs/MODEL.md §6; a status quo cannot inform "
        md += "a lever it has never seen): \(list(origin.assumptions)).\n"
        md += "- **Held** at the values the calibration was run with (household behaviour the posterior sample does not "
        md += "cover; the sample is conditional on them): \(list(origin.held)).\n\n"
        return md
    }

    func fixedText() -> String {
        fixed.isEmpty
            ? ""
            : " and those fixed here: "
                + fixed.sorted { $0.key < $1.key }.map { "`\($0.key)` = \(CSVFormat.number($0.value))" }.joined(separator: ", ")
    }

    /// The report's one-paragraph account of the probabilistic comparison (report.md, report.html): how many sets
    /// and replications, and where the values come from — calibrated (the posterior sample, with its effective
    /// sample size), assumptions (priors) and held — or that every parameter came from its prior and why.
    public func intro(language: Language) -> String {
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let L = language
        func f(_ t: Text, _ args: CVarArg...) -> String { String(format: L(t), arguments: args) }
        let n = result.draws.count, r = result.replications
        switch origin.source {
        case .posterior(let sample):
            return f(
                Labels.uncertaintyIntroPosterior, n, r, ProjectPath.relative(sample.path),
                String(format: "%.1f", sample.effectiveSampleSize),
                // A Chinese board reads the count (the paths are listed in uncertainty.md).
                L == .zh ? "\(origin.calibrated.count)" : origin.calibrated.joined(separator: L(Labels.comma)),
                origin.assumptions.count, origin.held.count)
        case .priorsWithoutPosterior(let expected):
            return f(Labels.uncertaintyIntro, n, r) + (L == .zh ? "" : " ") + f(Labels.uncertaintyNoPosterior, expected)
        case .priors:
            return f(Labels.uncertaintyIntro, n, r) + (L == .zh ? "" : " ") + L(Labels.uncertaintyFromPriors)
        }
    }

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
        md += origin.source.posterior == nil ? priorsParagraph() : posteriorParagraph()
        md += "**What the intervals cover**: the spread of each figure across the parameter sets — the uncertainty of the "
        md +=
            origin.source.posterior == nil
            ? "lever effects and behaviour as the priors describe it"
            : "calibrated behaviour as the posterior sample describes it and of the lever effects as their priors do"
        md += ", plus the Monte Carlo noise left after averaging "
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
        md += "information (EVPI) of the whole choice: **\(yuan(voi.evpi)) ± \(yuan(voi.evpiStandardError))** — what knowing "
        md += "every parameter before choosing would be worth; a study costing more cannot pay for itself through a better "
        md += "choice. ± is EVPI's Monte Carlo standard error over the \(n) parameter sets (the delta method: EVPI is the "
        md += "mean over the sets of the regret of the strategy best on average, so its error is the regret's standard "
        md += "deviation over √\(n)); it shrinks as 1/√(sets).\n\n"
        md += "| adopting … instead of the status quo | EVPI of that choice (± standard error) |\n|---|---|\n"
        for s in result.strategies.indices.dropFirst() {
            md += "| \(titles[s]) | \(yuan(voi.pairwiseEVPI[s])) ± \(yuan(voi.pairwiseStandardError[s])) |\n"
        }
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
            md += "the 5th and 95th percentile of its prior"
            md += origin.calibrated.isEmpty ? "" : " (a calibrated one: of the posterior sample)"
            md += ", the others as in the scenarios (net benefit at the "
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
        var lines = [f(Labels.evpiFinding, yuan(voi.evpi), yuan(voi.evpiStandardError))]
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
