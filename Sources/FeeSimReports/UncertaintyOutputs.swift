import FeeSimExperiments
import FeeSimModel
import Foundation

/// What `feesim compare --uncertainty N` adds: the probabilistic sample in the long format that R's BCEA, dampack
/// and voi read, and a Markdown page with net benefit over parameter uncertainty, P(best), P(target), the
/// acceptability curve, EVPI, EVPPI by group and parameter, and the tornado.
public struct UncertaintyOutputs {
    public let result: ProbabilisticComparison.Result
    public let titles: [String]
    /// EVPPI by group and by single parameter: (label, value, standard error), ranked — for `decision`.
    public let groups: [(String, Double, Double)]
    public let singles: [(String, Double, Double)]
    /// EVPI of the whole choice, and of each challenger's own choice against the status quo (adopt it or not).
    public let evpi: Double
    public let pairwiseEVPI: [Double]
    /// The decision the EVPPI ranking is for: nil = the whole choice; k = adopting strategy k or not (used when
    /// the whole choice has little value of information — under 10% of the most uncertain single choice's —
    /// because the same strategy is best in nearly every parameter set).
    public let decision: Int?
    public let tornado: (strategy: String, netBenefit: Double, rateGain: Double, bars: [Tornado.Bar])?
    public let fixed: [String: Double]

    /// Values of one point of year-1 收缴率 for the acceptability curve, yuan.
    public static let acceptabilityValues: [Double] = [0, 10_000, 20_000, 50_000, 100_000, 200_000]

    /// Computes the value-of-information estimates (bootstrap with `resamples`).
    public init(result: ProbabilisticComparison.Result, titles: [String], tornado: (String, Double, Double, [Tornado.Bar])?,
                fixed: [String: Double], resamples: Int = 200) throws {
        guard result.isComplete else {
            throw ShardError(message: "the probabilistic comparison holds \(result.sets.count) of its \(result.totalSets) "
                             + "parameter sets: merge every shard before reporting")
        }
        self.result = result
        self.titles = titles
        self.fixed = fixed
        self.tornado = tornado.map { (strategy: $0.0, netBenefit: $0.1, rateGain: $0.2, bars: $0.3) }
        let whole = result.netBenefit
        let wholeEVPI = DecisionAnalysis.evpi(whole)
        let pairwise = result.strategies.indices.map { s in DecisionAnalysis.evpi(whole.map { [0, $0[s]] }) }
        evpi = wholeEVPI
        pairwiseEVPI = pairwise
        var chosen: Int?
        if let k = pairwise.indices.dropFirst().max(by: { pairwise[$0] < pairwise[$1] }), pairwise[k] > 0,
           wholeEVPI < 0.1 * pairwise[k] {
            chosen = k
        }
        decision = chosen
        let nb = chosen.map { k in whole.map { [0, $0[k]] } } ?? whole
        var groupNames: [String] = []
        for p in result.parameters where !groupNames.contains(ProbabilisticComparison.group(of: p)) {
            groupNames.append(ProbabilisticComparison.group(of: p))
        }
        groups = try groupNames.map { g in
            let columns = result.parameters.indices.filter { ProbabilisticComparison.group(of: result.parameters[$0]) == g }
            let e = try DecisionAnalysis.evppi(netBenefit: nb,
                                               inputs: result.draws.map { row in columns.map { row[$0] } },
                                               resamples: resamples)
            return (g, e.value, e.standardError)
        }.sorted { $0.1 > $1.1 }
        singles = try result.parameters.indices.map { k in
            let e = try DecisionAnalysis.evppi(netBenefit: nb, inputs: result.draws.map { [$0[k]] },
                                               resamples: resamples)
            return (result.parameters[k], e.value, e.standardError)
        }.sorted { $0.1 > $1.1 }
    }

    /// psa.csv: one row per (parameter set, strategy): the drawn values, then the strategy's figures.
    /// Six significant digits: far finer than any of these figures is known.
    static func six(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "" }

    public func psaCSV() -> String {
        var out = "set,strategy," + result.parameters.map(Self.rSafe).joined(separator: ",")
            + ",net_benefit,extra_revenue,extra_cost,collection_rate_gain_points,p_target\n"
        for (j, draw) in result.draws.enumerated() {
            for (s, name) in result.strategies.enumerated() {
                out += "\(result.sets[j] + 1),\(name)," + draw.map(Self.six).joined(separator: ",") + ","
                out += [result.netBenefit[j][s], result.extraRevenue[j][s], result.extraCost[j][s], result.rateGain[j][s],
                        result.reachesTarget[j][s]].map(Self.six).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// A parameter path as a column name R and pandas read unchanged: `levers.dunning.ladder[2].uplift` →
    /// `levers_dunning_ladder_2_uplift`.
    static func rSafe(_ path: String) -> String { CSVFormat.columnName(path) }

    static func quantile(_ values: [Double], _ p: Double) -> Double {
        SampleSummary.quantile(sorted: values.sorted(), p)
    }

    public func markdown() -> String {
        func yuan(_ x: Double) -> String { x.isFinite ? RunOutputs.groupThousands(x) : "–" }
        func pct(_ x: Double) -> String { x.isFinite ? String(format: "%.0f%%", x * 100) : "–" }
        func pts(_ x: Double) -> String { x.isFinite ? String(format: "%+.1f", x) : "–" }
        let n = result.draws.count
        let best = DecisionAnalysis.probabilityBest(result.netBenefit)
        var md = "# Decisions under uncertainty\n\n"
        md += "\(n) parameter sets drawn from the declared priors (Latin hypercube; docs/MODEL.md §6), "
        md += "\(result.replications) replications per strategy and set on common random numbers. "
        md += "\(result.parameters.count) parameters drawn: every behaviour and lever parameter with a prior, except "
        md += "those the community sets itself (its calibrated values)"
        md += fixed.isEmpty ? ".\n\n" : " and those fixed here: "
            + fixed.sorted { $0.key < $1.key }.map { "`\($0.key)` = \(CSVFormat.number($0.value))" }.joined(separator: ", ") + ".\n\n"
        md += "**What the intervals cover**: the spread of each figure across the parameter sets — the uncertainty of the "
        md += "lever effects and behaviour as the priors describe it, plus the Monte Carlo noise left after averaging "
        md += "\(result.replications) replications. They do not cover errors in the model's structure or in the "
        md += "community's own data.\n\n"
        md += "| Strategy | Net benefit vs status quo, mean (95% interval over parameters), yuan | P(net benefit > 0) | P(best) | "
        md += "Gain in 收缴率, points (95% interval) | P(收缴率 target met) |\n|---|---|---|---|---|---|\n"
        for s in result.strategies.indices {
            let nb = result.netBenefit.map { $0[s] }, gain = result.rateGain.map { $0[s] }
            let mean = nb.reduce(0, +) / Double(n), meanGain = gain.reduce(0, +) / Double(n)
            let positive = Double(nb.filter { $0 > 0 }.count) / Double(n)
            let reach = result.reachesTarget.map { $0[s] }.reduce(0, +) / Double(n)
            md += "| \(titles[s])\(s == 0 ? " (baseline)" : "") | "
            md += s == 0 ? "0 | – | \(pct(best[s])) | – | \(pct(reach)) |\n"
                : "\(yuan(mean)) (\(yuan(Self.quantile(nb, 0.025))) – \(yuan(Self.quantile(nb, 0.975)))) | \(pct(positive)) | "
                    + "\(pct(best[s])) | \(pts(meanGain)) (\(pts(Self.quantile(gain, 0.025))) – \(pts(Self.quantile(gain, 0.975)))) | \(pct(reach)) |\n"
        }
        md += "\n**Acceptability curve**: P(each strategy is best) when one point of year-1 收缴率 is worth λ yuan "
        md += "to the manager on top of the cash (net monetary benefit = net benefit + λ × points gained).\n\n"
        md += "| λ (yuan per point) | " + titles.joined(separator: " | ") + " |\n|---|"
        md += String(repeating: "---|", count: titles.count) + "\n"
        let curve = DecisionAnalysis.acceptability(netBenefit: result.netBenefit, effect: result.rateGain,
                                                   values: Self.acceptabilityValues)
        for (lambda, row) in zip(Self.acceptabilityValues, curve) {
            md += "| \(yuan(lambda)) | " + row.map(pct).joined(separator: " | ") + " |\n"
        }
        md += "\n**Value of information** (yuan, for this community over the horizon). Expected value of perfect "
        md += "information (EVPI) of the whole choice: **\(yuan(evpi))** — what knowing every parameter before choosing "
        md += "would be worth; a study costing more cannot pay for itself through a better choice.\n\n"
        md += "| adopting … instead of the status quo | EVPI of that choice |\n|---|---|\n"
        for s in result.strategies.indices.dropFirst() { md += "| \(titles[s]) | \(yuan(pairwiseEVPI[s])) |\n" }
        if let decision {
            md += "\nThe same strategy is best in nearly every parameter set, so hardly any measurement would change the whole choice. "
            md += "The ranking below is for the most uncertain single choice: adopting *\(titles[decision])* or not.\n"
        }
        md += "\nExpected value of partial perfect information (EVPPI; regression estimator of Strong, Oakley & Brennan "
        md += "2014, ± bootstrap standard error), by what a pilot could measure:\n\n| group | EVPPI |\n|---|---|\n"
        let bound = decision.map { pairwiseEVPI[$0] } ?? evpi
        func flag(_ value: Double, _ se: Double) -> String {
            value > bound * 1.05 ? " (above the EVPI of this choice: estimation noise)"
                : (value < 2 * se ? " (not distinguishable from 0)" : "")
        }
        for g in groups { md += "| \(g.0) | \(yuan(g.1)) ± \(yuan(g.2))\(flag(g.1, g.2)) |\n" }
        md += "\nBy parameter (the ten largest):\n\n| parameter | EVPPI |\n|---|---|\n"
        for p in singles.prefix(10) { md += "| `\(p.0)` | \(yuan(p.1)) ± \(yuan(p.2))\(flag(p.1, p.2)) |\n" }
        md += "\nWith few parameter sets the estimates are noisy (their standard errors say how much): 200 sets or more "
        md += "give a usable ranking.\n"
        if let tornado {
            md += "\n**One-way sensitivity (tornado)** of *\(tornado.strategy)* against the status quo: each parameter at "
            md += "the 5th and 95th percentile of its prior, the others as in the scenarios (net benefit at the "
            md += "scenarios' values: \(yuan(tornado.netBenefit)) yuan, \(pts(tornado.rateGain)) points of 收缴率). "
            md += "The ten widest:\n\n| parameter | low – high value | net benefit at low / high, yuan | 收缴率 gain at low / high, points |\n|---|---|---|---|\n"
            for b in tornado.bars.prefix(10) {
                md += "| `\(b.parameter)` | \(String(format: "%.3g", b.low)) – \(String(format: "%.3g", b.high)) | "
                md += "\(yuan(b.netBenefitAtLow)) / \(yuan(b.netBenefitAtHigh)) | \(pts(b.rateGainAtLow)) / \(pts(b.rateGainAtHigh)) |\n"
            }
        }
        md += "\nFiles: `psa.csv` (one row per parameter set and strategy: the drawn values and the strategy's figures — "
        md += "the long format BCEA, dampack and voi read), `tornado.csv`.\n"
        return md
    }

    public func tornadoCSV() -> String {
        var out = "parameter,low,high,net_benefit_at_low,net_benefit_at_high,rate_gain_at_low,rate_gain_at_high\n"
        for b in tornado?.bars ?? [] {
            out += "\(b.parameter)," + [b.low, b.high, b.netBenefitAtLow, b.netBenefitAtHigh, b.rateGainAtLow, b.rateGainAtHigh]
                .map(CSVFormat.number).joined(separator: ",") + "\n"
        }
        return out
    }

    /// One row per strategy for the report: net benefit over parameters, P(NB > 0), P(best), 收缴率 gain, P(target).
    public func summaryRows(titles: [String], language: Language) -> [[String]] {
        func yuan(_ x: Double) -> String { language.money(x) }
        func pct(_ x: Double) -> String { x.isFinite ? String(format: "%.0f%%", x * 100) : "–" }
        func pts(_ x: Double) -> String { x.isFinite ? String(format: "%+.1f", x) : "–" }
        let n = Double(result.draws.count)
        let best = DecisionAnalysis.probabilityBest(result.netBenefit)
        return result.strategies.indices.map { s in
            let nb = result.netBenefit.map { $0[s] }, gain = result.rateGain.map { $0[s] }
            let reach = result.reachesTarget.map { $0[s] }.reduce(0, +) / n
            if s == 0 { return [titles[s], "0", "–", pct(best[s]), "–", pct(reach)] }
            return [titles[s],
                    language.interval(yuan(nb.reduce(0, +) / n), yuan(Self.quantile(nb, 0.025)), yuan(Self.quantile(nb, 0.975))),
                    pct(Double(nb.filter { $0 > 0 }.count) / n), pct(best[s]),
                    language.interval(pts(gain.reduce(0, +) / n), pts(Self.quantile(gain, 0.025)), pts(Self.quantile(gain, 0.975))),
                    pct(reach)]
        }
    }

    /// Plain-words findings: EVPI, what a pilot should measure (groups clearly above their error), the tornado's
    /// top three.
    public func findings(language: Language) -> [String] {
        let L = language
        func yuan(_ x: Double) -> String { language.money(x) }
        let (open, close) = L == .zh ? ("（", "）") : (" (", ")")
        func f(_ t: Text, _ args: CVarArg...) -> String { String(format: L(t), arguments: args) }
        var lines = [f(Labels.evpiFinding, yuan(evpi))]
        // Clearly above its error, and not above the EVPI of the same decision (an estimate above it is noise).
        let bound = decision.map { pairwiseEVPI[$0] } ?? evpi
        let clear = groups.filter { $0.1 > 2 * $0.2 && $0.1 > 0 && $0.1 <= bound * 1.05 }.prefix(3)
        if clear.isEmpty {
            lines.append(L(Labels.evppiNone))
        } else {
            let decisionText = decision.map { f(Labels.evppiDecision, titles[$0]) } ?? ""
            lines.append(f(Labels.evppiFinding, decisionText,
                           clear.map { "\(L.groupName($0.0))\(open)\(yuan($0.1)) ± \(yuan($0.2))\(close)" }.joined(separator: L(Labels.comma))))
        }
        if let tornado {
            lines.append(f(Labels.tornadoFinding, tornado.strategy,
                           tornado.bars.prefix(3).map { "\(L.parameterName($0.name))\(open)\(yuan($0.netBenefitAtLow)) – \(yuan($0.netBenefitAtHigh))\(close)" }
                            .joined(separator: L(Labels.comma))))
        }
        return lines
    }
}
