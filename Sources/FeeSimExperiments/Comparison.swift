import FeeSimModel
import Foundation

/// Compares challenger scenarios with a baseline replication by replication, with common random numbers.
public enum Comparison {
    /// Monthly rate equivalent to an annual discount rate: (1 + annual)^(1/12) − 1.
    public static func monthlyRate(annual: Double) -> Double { pow(1 + annual, 1.0 / 12) - 1 }

    /// Net present value of a monthly stream (month 1 first) at a monthly rate: Σ xₜ / (1 + r)ᵗ. O(T).
    public static func presentValue(_ stream: [Double], monthlyRate r: Double) -> Double {
        var factor = 1.0, total = 0.0
        for x in stream {
            factor /= 1 + r
            total += x * factor
        }
        return total
    }

    /// First month at which the cumulative stream is ≥ 0 and stays so to the horizon; nil if it never does.
    public static func paybackMonth(_ stream: [Double]) -> Int? {
        var cumulative = 0.0
        var month: Int?
        for (t, x) in stream.enumerated() {
            cumulative += x
            if cumulative >= 0 { if month == nil { month = t + 1 } } else { month = nil }
        }
        return month
    }

    /// Runs the baseline and every challenger with the baseline's seed, replications, months and generator,
    /// and pairs them replication by replication. `isCancelled` is asked after every replication: when it says
    /// yes the run stops claiming replications and throws `CancellationError`. Replication r of every variant
    /// that shares the baseline's warm-up (``/FeeSimModel/CompiledModel/sharesWarmUp(with:)``) starts from one warm-up;
    /// `shareWarmUp: false` runs each from scratch, with the same results. With `statusQuo`, the baseline's
    /// replications and warm-up snapshots are taken from (and kept in) that cache, so that a comparison whose
    /// baseline was run before runs only its challengers (the workbench's edits); the results are the same.
    /// - Throws: ``ComparisonError`` when a challenger is not over the same community; any run error.
    public static func run(
        baseline: CompiledModel, challengers: [CompiledModel], threads: Int? = nil,
        targets: PlanTargets = PlanTargets(), annualDiscountRate: Double = 0.04,
        progress: ((_ variant: String, _ finished: Int, _ total: Int) -> Void)? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil, shareWarmUp: Bool = true, statusQuo: StatusQuoCache? = nil
    ) throws -> StrategyComparison {
        var b = baseline.scenario
        var baseline = baseline
        if b.target.collectionRate != targets.collectionRate || b.target.byMonth != targets.firstMonth {
            // The target window is computed inside the model: recompile with the window the comparison asks for.
            b.target.collectionRate = targets.collectionRate
            b.target.byMonth = targets.firstMonth
            b.target.fromMonth = min(b.target.fromMonth, targets.firstMonth)
            baseline = try CompiledModel(b)
        }
        for c in challengers where c.scenario.community != b.community {
            throw ComparisonError(
                message: "\(c.scenario.name) is not over the same community as \(b.name) "
                    + "(households, buildings, fee rate, segments must match) — common random numbers pair households by index")
        }
        let r = b.replications
        let rate = monthlyRate(annual: annualDiscountRate)
        // Every challenger runs with the baseline's settings and target window; a model compiled so already is
        // used as it is.
        let models = try challengers.map { challenger -> CompiledModel in
            guard challenger.settings != b.settings || challenger.scenario.target != b.target else { return challenger }
            var s = challenger.scenario
            s.target = b.target
            return try CompiledModel(s, settings: b.settings)
        }
        let phases = models.map { $0.scenario.rollout.map(\.name) }

        // Replication by replication, baseline first (its warm-up shared by every challenger that can): keep the
        // baseline's monthly cash and cost for the pairing, and every variant's target figures.
        var baseFlows = [BaselineFlow?](repeating: nil, count: r)
        var tallies = (0...models.count).map { _ in TargetTally(targets: targets, replications: r) }
        var values = models.map { _ in [[Double]](repeating: [], count: r) }
        var challengerRevenue = models.map { _ in [Double](repeating: 0, count: r) }
        let names = [b.name] + models.map(\.scenario.name)
        let ensembles = try MonteCarlo.run(
            variants: [baseline] + models, replications: nil, threads: threads, keepRecords: false, exactLimit: nil,
            statistics: true, shareWarmUp: shareWarmUp, warmStarts: nil, statusQuo: statusQuo, buildingRates: true,
            progress: { k, done, total in
                progress?(names[k], done, total)
            },
            each: { k, result in
                if isCancelled?() == true { throw CancellationError() }
                tallies[k].add(result.record)
                if k == 0 {
                    baseFlows[result.replication] = flow(of: result.record)
                } else {
                    values[k - 1][result.replication] = paired(
                        result.record, against: baseFlows[result.replication]!,
                        phases: phases[k - 1].count, monthlyRate: rate)
                    challengerRevenue[k - 1][result.replication] = result.record.series(.cashIn).reduce(0, +)
                }
            })
        let baseEnsemble = ensembles[0]
        let baseRevenue = baseFlows.map { $0!.paid + $0!.recovered }
        let baseCleared = tallies[0].clearedMean
        var rows: [TargetRow] = [tallies[0].row(variant: b.name, monthly: baseEnsemble.monthly, baselineCleared: .nan)]
        var costBenefit: [CostBenefitRow] = []
        for k in models.indices {
            rows.append(tallies[k + 1].row(variant: names[k + 1], monthly: ensembles[k + 1].monthly, baselineCleared: baseCleared))
            costBenefit.append(
                summarise(
                    variant: names[k + 1], keys: CostBenefitFigure.all(phases: phases[k]), values: values[k],
                    baselineRevenue: baseRevenue, challengerRevenue: challengerRevenue[k]))
        }
        return StrategyComparison(
            baseline: baseEnsemble, challengers: Array(ensembles.dropFirst()), costBenefit: costBenefit, targets: rows,
            targetsUsed: targets, annualDiscountRate: annualDiscountRate)
    }

    /// The cost columns split by part, in ``CostBenefitFigure/all(phases:)`` order: the status-quo ladder, each lever, phases.
    static let leverMetrics: [Metric] = CostPart.allCases.map(\.metric)

    static func flow(of record: MonthlyRecord) -> BaselineFlow {
        BaselineFlow(
            cashIn: record.series(.cashIn), cost: record.series(.costTotal),
            paid: record.series(.paid).reduce(0, +), recovered: record.series(.recovered).reduce(0, +),
            leverCost: leverMetrics.map { record.series($0).reduce(0, +) },
            arrearsFinal: record[month: record.months, .arrearsStock])
    }

    /// One replication's paired figures, in ``CostBenefitFigure/all(phases:)`` order.
    static func paired(_ record: MonthlyRecord, against base: BaselineFlow, phases: Int, monthlyRate: Double)
        -> [Double]
    {
        let mine = flow(of: record)
        let extraPaid = mine.paid - base.paid
        let extraRecovered = mine.recovered - base.recovered
        let extraRevenue = extraPaid + extraRecovered
        let timing = base.arrearsFinal - mine.arrearsFinal
        let extraCost = mine.cost.reduce(0, +) - base.cost.reduce(0, +)
        let levers = zip(mine.leverCost, base.leverCost).map { $0 - $1 }
        let phaseCosts = (0..<phases).map { p in
            record.series(named: record.layout.names[record.layout.phaseCostOffset + p])!.reduce(0, +)
        }
        let outside = extraCost - phaseCosts.reduce(0, +)
        let net = (0..<record.months).map { (mine.cashIn[$0] - base.cashIn[$0]) - (mine.cost[$0] - base.cost[$0]) }
        let bcr = extraCost > 0 ? extraRevenue / extraCost : .nan
        let perYuan = extraRevenue > 0 ? extraCost / extraRevenue : .nan
        let payback = paybackMonth(net).map(Double.init) ?? .nan
        return [extraPaid, extraRecovered, extraRevenue, timing, extraRevenue - timing, extraCost] + levers + phaseCosts + [outside]
            + [
                extraRevenue - extraCost, presentValue(net, monthlyRate: monthlyRate), bcr, perYuan, payback,
                extraRevenue - extraCost > 0 ? 1 : 0
            ]
    }

    static func summarise(
        variant: String, keys: [CostBenefitFigure], values: [[Double]], baselineRevenue: [Double],
        challengerRevenue: [Double]
    ) -> CostBenefitRow {
        let n = Double(values.count)
        let figures = keys.indices.map { k -> PairedFigure in
            let column = values.map { $0[k] }
            let s = SampleSummary(column)
            let half = s.count > 1 ? 1.959964 * s.sd / Double(s.count).squareRoot() : .nan
            var mean = s.mean, low = s.mean - half, high = s.mean + half
            let key = keys[k]
            if key == .benefitCostRatio || key == .costPerExtraYuan {
                // Ratios: the ratio of the mean revenue and cost (stable where single replications are not),
                // with a delta-method interval.
                let r = keys.firstIndex(of: .extraRevenue)!, c = keys.firstIndex(of: .extraCost)!
                let revenue = values.map { $0[r] }, cost = values.map { $0[c] }
                let (ratio, ratioHalf) =
                    key == .benefitCostRatio
                    ? ratioOfMeans(revenue, cost) : ratioOfMeans(cost, revenue)
                // Meaningless unless both the expected revenue and the expected cost are positive.
                let valid = revenue.reduce(0, +) > 0 && cost.reduce(0, +) > 0
                mean = valid ? ratio : .nan
                low = valid ? ratio - ratioHalf : .nan
                high = valid ? ratio + ratioHalf : .nan
            }
            if key == .pNetBenefitPositive {
                // A proportion: Wilson's 95% interval.
                let (lo, hi) = wilson(successes: column.reduce(0, +), n: n)
                low = lo
                high = hi
            }
            var unpaired = Double.nan
            if key == .extraRevenue || key == .netBenefit {
                let vb = SampleSummary(baselineRevenue).sd, vc = SampleSummary(challengerRevenue).sd
                unpaired = 1.959964 * ((vb * vb + vc * vc) / n).squareRoot()
            }
            return PairedFigure(
                figure: key, mean: mean, ciLow: low, ciHigh: high, p05: s.p05, p95: s.p95,
                unpairedHalfWidth: unpaired, valueShare: n > 0 ? Double(s.count) / n : .nan)
        }
        return CostBenefitRow(variant: variant, figures: figures)
    }

    /// mean(a) / mean(b) and the half-width of its 95% interval by the delta method.
    static func ratioOfMeans(_ a: [Double], _ b: [Double]) -> (Double, Double) {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        guard mb != 0, n > 1 else { return (.nan, .nan) }
        let ratio = ma / mb
        var v = 0.0
        for (x, y) in zip(a, b) { v += pow((x - ma) - ratio * (y - mb), 2) }
        v /= (n - 1)
        return (ratio, 1.959964 * (v / n).squareRoot() / abs(mb))
    }

    /// Wilson score interval for a proportion at 95%.
    static func wilson(successes: Double, n: Double) -> (Double, Double) {
        guard n > 0 else { return (.nan, .nan) }
        let z = 1.959964, p = successes / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / (1 + z * z / n)
        return (max(0, centre - half), min(1, centre + half))
    }
}
