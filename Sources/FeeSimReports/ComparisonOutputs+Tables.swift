import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// The tables and findings the Markdown and HTML reports share.
extension ComparisonOutputs {
    var targetHeader: [String] {
        let t = result.targetsUsed
        return [
            L(Labels.variant), format(Labels.reachWindow, pct(t.collectionRate, digits: 0), t.firstMonth),
            format(Labels.reachYear, pct(t.collectionRate, digits: 0), t.secondMonth),
            format(Labels.voluntaryBy, pct(t.voluntaryRate, digits: 0), t.voluntaryMonth),
            format(Labels.longTermCleared, t.arrearsMonth),
            format(Labels.longTermUplift, pct(t.arrearsUplift, digits: 0)),
            format(Labels.medianFirst, pct(t.collectionRate, digits: 0))
        ]
    }

    var targetRows: [[String]] {
        zip(result.targets, result.variants).enumerated().map { k, pair in
            let (row, e) = pair
            let u = row.longTermUpliftVsBaseline
            let uplift =
                u.isNaN
                ? "–"
                : (abs(u) < 0.005 ? "±0%" : (u > 0 ? "+" : "") + pct(u, digits: 0))
                    + (row.longTermUpliftVsBaseline >= result.targetsUsed.arrearsUplift ? " ✓" : "")
            return [
                title(e) + (k == 0 ? baselineMark : ""), pct(row.reachByFirstMonth, digits: 0),
                pct(row.reachBySecondMonth, digits: 0), pct(row.voluntaryReach, digits: 0),
                pct(row.longTermCleared, digits: 0), uplift,
                row.medianFirstMonthAtTarget.map(String.init) ?? L(Labels.never)
            ]
        }
    }

    /// The industry's measures per strategy (means across replications): 收缴率 by year and for the target
    /// window, on-time and voluntary rates, 清欠率, long-term 催缴成功率, households paying nothing, and the
    /// arrears by reason at the horizon.
    var measureHeader: [String] {
        let years = HorizonMetrics.years.filter { 12 * $0 <= result.baseline.model.months }
        return [L(Labels.variant)] + years.map { format(Labels.yearRate, $0) }
            + [
                format(Labels.windowRate, result.baseline.model.scenario.target.byMonth), L(Labels.onTimeYear1),
                L(Labels.voluntaryYear1), L(Labels.arrearsRateYear1), L(Labels.longTermYear1), L(Labels.noPaymentYear1),
                L(Labels.reasonMix)
            ]
    }

    var measureRows: [[String]] {
        let years = HorizonMetrics.years.filter { 12 * $0 <= result.baseline.model.months }
        return result.variants.enumerated().map { k, e in
            func mean(_ key: HorizonKey) -> Double { e.horizon(key)?.mean ?? .nan }
            func year1(_ m: YearlyMeasure) -> Double { mean(.yearly(m, year: 1)) }
            let reasons: [(Text, Metric)] = [
                (Labels.reasonGrievance, .reasonGrievance), (Labels.reasonLowWillingness, .reasonLowWillingness),
                (Labels.reasonStrategic, .reasonStrategic), (Labels.reasonHardship, .reasonHardship),
                (Labels.reasonInattention, .reasonInattention), (Labels.reasonVacancy, .reasonVacancy)
            ]
            let mix = reasons.map { "\(L($0.0)) \(pct(mean(.final($0.1)), digits: 0))" }
                .joined(separator: language == .zh ? "，" : ", ")
            return [title(e) + (k == 0 ? baselineMark : "")]
                + years.map { pct(mean(.yearly(.collectionRate, year: $0))) }
                + [
                    pct(mean(.targetWindowRate)), pct(year1(.onTimeRate)), pct(year1(.voluntaryRate)),
                    pct(year1(.arrearsCollectionRate)), pct(year1(.longTermSuccess)), pct(year1(.noPaymentShare)), mix
                ]
        }
    }

    /// The months "收缴率 to month m" is shown at on the first screen: 6, 12 and 24, those within the horizon.
    var glanceMonths: [Int] { [6, 12, 24].filter { $0 <= result.baseline.model.months } }

    /// The board's table: each strategy's 收缴率 to months 6, 12 and 24, its net benefit against the status quo
    /// (with its interval over parameter uncertainty when the comparison has one), P(best) and P(target).
    var glanceHeader: [String] {
        let t = result.targetsUsed
        return [L(Labels.variant)] + glanceMonths.map { format(Labels.rateToMonth, $0) }
            + [format(Labels.netBenefitVsBase, title(result.baseline)) + bracketed(L(Labels.interval))]
            + (uncertainty == nil ? [] : [L(Labels.pBest)])
            + [format(Labels.reachWindow, pct(t.collectionRate, digits: 0), t.firstMonth)]
    }

    var glanceRows: [[String]] {
        let collection = result.baseline.model.layout.names.firstIndex(of: Metric.collectionRate.key)
        let psa = uncertainty?.analysis.strategies
        return result.variants.enumerated().map { k, e in
            let rates = glanceMonths.map { m in collection.map { pct(e.monthly[m - 1][$0].mean) } ?? "–" }
            var net = "–"
            if k == 0 {
                net = "0"
            } else {
                let m = money(k)
                net = language.interval(yuan(m.net), yuan(m.low), yuan(m.high))
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
        [
            L(Labels.variant), L(Labels.netBenefitOverParameters), L(Labels.pPositive), L(Labels.pBest),
            L(Labels.rateGainOverParameters), L(Labels.pTarget)
        ]
    }

    /// A challenger's (k ≥ 1) one set of money figures, the same on every page: over the parameter sets when the
    /// comparison ran them (means, the net benefit's 2.5–97.5th percentiles, the share of sets above 0), else
    /// across replications at the stated values (means, the net benefit's 95% confidence interval, the share of
    /// replications above 0). ``netBenefitCovers`` says which.
    func money(_ k: Int) -> (revenue: Double, cost: Double, net: Double, low: Double, high: Double, pPositive: Double) {
        if let f = uncertainty?.analysis.strategies[k] {
            return (f.extraRevenue, f.extraCost, f.netBenefit, f.netBenefitLow, f.netBenefitHigh, f.pPositive)
        }
        let row = result.costBenefit[k - 1]
        let net = row.figure(.netBenefit)!
        return (
            row.figure(.extraRevenue)!.mean, row.figure(.extraCost)!.mean, net.mean, net.ciLow, net.ciHigh,
            row.figure(.pNetBenefitPositive)!.mean
        )
    }

    /// `text` in brackets after a label: " (text)" in English, "（text）" in Chinese.
    func bracketed(_ text: String) -> String { language == .zh ? "（\(text)）" : " (\(text))" }

    /// What the net benefit's interval covers, in words.
    var netBenefitCovers: String { L(uncertainty == nil ? Labels.intervalMonteCarlo : Labels.intervalParameters) }

    var costHeader: [String] {
        [
            L(Labels.variant), L(Labels.extraRevenue), L(Labels.extraCost), L(Labels.netBenefit) + bracketed(netBenefitCovers),
            L(Labels.pPositive), L(Labels.payback)
        ]
    }

    /// The payback month of challenger k (≥ 1): a mean over the replications that pay back, or "never".
    func payback(_ k: Int) -> String {
        let payback = result.costBenefit[k - 1].figure(.paybackMonth)!
        return payback.mean.isFinite ? String(format: "%.0f", payback.mean) : L(Labels.never)
    }

    var costRows: [[String]] {
        result.challengers.enumerated().map { i, e in
            let m = money(i + 1)
            return [
                title(e), yuan(m.revenue), yuan(m.cost), language.interval(yuan(m.net), yuan(m.low), yuan(m.high)),
                pct(m.pPositive, digits: 0), payback(i + 1)
            ]
        }
    }

    /// The technical appendix: figures only the Monte Carlo comparison at the stated values gives (present value,
    /// ratios, where the revenue comes from), never a second net benefit.
    var appendixHeader: [String] {
        [
            L(Labels.variant), L(Labels.npv), L(Labels.bcr), L(Labels.costPerYuan), L(Labels.extraRevenueTiming),
            L(Labels.extraRevenuePermanent)
        ]
    }

    var appendixRows: [[String]] {
        zip(result.costBenefit, result.challengers).map { row, e in
            func mean(_ k: CostBenefitFigure) -> Double { row.figure(k)!.mean }
            return [
                title(e), yuan(mean(.npv)), ratio(mean(.benefitCostRatio)), ratio(mean(.costPerExtraYuan)),
                yuan(mean(.extraRevenueTiming)), yuan(mean(.extraRevenuePermanent))
            ]
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

    /// The board's answer, first: what to choose and what it brings (revenue, cost, net benefit with its
    /// interval, payback, 收缴率 before and after), what to pilot and measure (when the value of information names
    /// a group clearly above its error), when 收缴率 reaches the target or how close the best gets; or why
    /// nothing pays (every strategy loses money) or nothing is needed (the target is already met).
    /// The challenger the report recommends (an index into `result.challengers`): the largest net benefit, the
    /// figure every page shows (``money(_:)``), ties to the earlier; nil when there is none. O(strategies).
    var recommendedChallenger: Int? {
        result.challengers.indices.max(by: { (money($0 + 1).net, $1) < (money($1 + 1).net, $0) })
    }

    var decision: [String] {
        let b = result.baseline, t = result.targetsUsed
        let rate1 = { (e: Ensemble) in e.horizon(.yearly(.collectionRate, year: 1))?.mean ?? .nan }
        guard let best = recommendedChallenger else { return [] }
        let m = money(best + 1), top = result.challengers[best]
        var lines: [String] = []
        if rate1(b) >= t.collectionRate && m.net <= 0 {
            return [format(Labels.decisionAlreadyMet, pct(rate1(b)), pct(t.collectionRate, digits: 0))]
        }
        if m.net <= 0 {
            lines.append(format(Labels.decisionAllLose, title(top), yuan(-m.net), yuan(m.cost), yuan(m.revenue), pct(rate1(b))))
        } else {
            lines.append(
                format(
                    Labels.decisionChoose, title(top), yuan(m.net), netBenefitCovers, yuan(m.low), yuan(m.high),
                    yuan(m.revenue), yuan(m.cost), payback(best + 1), pct(rate1(b)), pct(rate1(top))))
            if let voi = uncertainty?.voi, let group = voi.groups.first(where: voi.isClear) {
                lines.append(format(Labels.decisionPilot, language.groupName(group.name)))
            }
        }
        if let month = result.targets[best + 1].medianFirstMonthAtTarget {
            lines.append(format(Labels.decisionReach, pct(t.collectionRate, digits: 0), month))
        } else if rate1(b) < t.collectionRate {
            let lastYear = max(1, min(baseline.months / 12, 3))
            let closest = result.variants.max {
                ($0.horizon(.yearly(.collectionRate, year: lastYear))?.mean ?? -1)
                    < ($1.horizon(.yearly(.collectionRate, year: lastYear))?.mean ?? -1)
            }!
            lines.append(
                format(
                    Labels.decisionNoReach, pct(t.collectionRate, digits: 0), baseline.months, title(closest),
                    pct(closest.horizon(.yearly(.collectionRate, year: lastYear))?.mean ?? .nan)))
        }
        return [lines.joined(separator: language == .zh ? "" : " ")]
    }

    var findings: [String] {
        var lines: [String] = decision
        let b = result.baseline
        let t = result.targetsUsed
        let year1 = b.horizon(.yearly(.collectionRate, year: 1))?.mean ?? .nan
        let window = b.horizon(.targetWindowRate)?.mean ?? .nan
        let onTime = b.horizon(.yearly(.onTimeRate, year: 1))?.mean ?? .nan
        lines.append(format(Labels.baselineRate, pct(year1), pct(window), t.firstMonth, t.firstMonth, pct(onTime)))
        // The best net benefit (or the least loss) is the decision's, above: it is not repeated.
        // What the strategy with the highest 收缴率 in the last full year achieves, against the status quo.
        let lastYear = min(baseline.months / 12, 2)
        if lastYear >= 1,
            let top = result.challengers.max(by: {
                ($0.horizon(.yearly(.collectionRate, year: lastYear))?.mean ?? -1, $1.model.scenario.name)
                    < ($1.horizon(.yearly(.collectionRate, year: lastYear))?.mean ?? -1, $0.model.scenario.name)
            })
        {
            let rate = { (e: Ensemble, y: Int) in e.horizon(.yearly(.collectionRate, year: y))?.mean ?? .nan }
            let years = (1...lastYear).map { y in format(Labels.yearVsStatusQuo, y, pct(rate(top, y)), pct(rate(b, y))) }
            lines.append(format(Labels.achieves, title(top), years.joined(separator: L(Labels.comma))))
        }
        let reach = zip(result.targets, result.variants).map { ($0.0.reachByFirstMonth, $0.1) }
        if let closest = reach.max(by: { $0.0 < $1.0 }), closest.0 < 0.05 {
            // Nobody gets there: say so, with how close the best gets, instead of a list of 0%.
            let nearest = result.variants.max { ($0.horizon(.targetWindowRate)?.mean ?? -1) < ($1.horizon(.targetWindowRate)?.mean ?? -1) }!
            let odds = closest.0 == 0 ? L(Labels.inAnyReplication) : format(Labels.inMoreThan, pct(closest.0, digits: 0))
            lines.append(
                format(
                    Labels.targetNone, pct(t.collectionRate, digits: 0), t.firstMonth, odds,
                    title(nearest), pct(nearest.horizon(.targetWindowRate)?.mean ?? .nan)))
        } else {
            let odds = reach.map { "\(title($0.1)) \(pct($0.0, digits: 0))" }
            lines.append(format(Labels.targetOdds, pct(t.collectionRate, digits: 0), t.firstMonth, odds.joined(separator: L(Labels.comma))))
        }
        lines.append(L(Labels.crn))
        return lines
    }

    /// What `--set` changed from the files, each flagged when outside the range its prior calls plausible; nil
    /// when nothing was changed.
    var changesLine: String? {
        guard !context.changes.isEmpty else { return nil }
        let items = context.changes.map { c -> String in
            let value = "`\(c.path)` = \(CSVFormat.number(c.value))"
            guard c.isImplausible, let r = c.plausible else { return value }
            return value + format(Labels.implausible, CSVFormat.number(r.lowerBound), CSVFormat.number(r.upperBound))
        }
        return L(Labels.changedFromFiles) + items.joined(separator: L(Labels.comma))
    }

    var metaLine: String {
        let c = baseline.community
        let comma = L(Labels.comma)
        let seed = language == .zh ? "（\(baseline.generator)）" : " (\(baseline.generator))"
        return "\(c.households) \(L(Labels.households))\(comma)\(c.buildings) \(L(Labels.buildings))\(comma)\(baseline.months) "
            + "\(L(Labels.months))\(comma)\(baseline.replications) \(L(Labels.replications))\(comma)\(L(Labels.seed)) \(baseline.seed)"
            + "\(seed)\(L(Labels.period))\(format(Labels.discount, pct(result.annualDiscountRate)))"
    }
}
