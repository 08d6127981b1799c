import FeeSimModel

/// One cost-benefit figure of a challenger against the baseline, over the horizon: the key of a
/// ``PairedFigure``. Its ``key`` is the column value in costbenefit.csv (`extra_revenue`, `cost_phase_pilot`, …);
/// code names a figure by its case, never by that text.
public enum CostBenefitFigure: Sendable, Hashable {
    /// Extra bills paid (current and late) and extra arrears recovered, yuan; their sum, extra revenue.
    case extraPaid, extraRecovered, extraRevenue
    /// Extra revenue split, yuan: `extraRevenueTiming` is how much less is overdue at the horizon than under the
    /// baseline — money the baseline still has owed to it and might collect later (brought forward); the rest,
    /// `extraRevenuePermanent`, is revenue the baseline does not have even as arrears (negative when a strategy
    /// waives arrears: revenue given up).
    case extraRevenueTiming, extraRevenuePermanent
    /// Extra cost, yuan: in all, by part (the status-quo ladder, each lever), by rollout phase, and outside every phase.
    case extraCost
    case costPart(CostPart)
    case phaseCost(String)
    case outsidePhases
    /// Net benefit (extra revenue − extra cost, yuan) and its present value at the comparison's discount rate.
    case netBenefit, npv
    /// Extra revenue ÷ extra cost and its inverse (ratios of the means).
    case benefitCostRatio, costPerExtraYuan
    /// First month from which the cumulative net benefit stays ≥ 0 (mean over the replications that pay back).
    case paybackMonth
    /// P(net benefit > 0) over the replications.
    case pNetBenefitPositive

    /// The column value in costbenefit.csv.
    public var key: String {
        switch self {
        case .extraPaid: "extra_paid"
        case .extraRecovered: "extra_recovered"
        case .extraRevenue: "extra_revenue"
        case .extraRevenueTiming: "extra_revenue_timing"
        case .extraRevenuePermanent: "extra_revenue_permanent"
        case .extraCost: "extra_cost"
        case .costPart(let part): "extra_cost_\(part.key)"
        case .phaseCost(let phase): "cost_phase_\(phase)"
        case .outsidePhases: "extra_cost_outside_phases"
        case .netBenefit: "net_benefit"
        case .npv: "npv"
        case .benefitCostRatio: "benefit_cost_ratio"
        case .costPerExtraYuan: "cost_per_extra_yuan"
        case .paybackMonth: "payback_month"
        case .pNetBenefitPositive: "p_net_benefit_positive"
        }
    }

    /// Every figure of a challenger with these rollout phases, in output order.
    public static func all(phases: [String]) -> [CostBenefitFigure] {
        [.extraPaid, .extraRecovered, .extraRevenue, .extraRevenueTiming, .extraRevenuePermanent, .extraCost]
            + CostPart.allCases.map { .costPart($0) }
            + phases.map { .phaseCost($0) } + [.outsidePhases]
            + [.netBenefit, .npv, .benefitCostRatio, .costPerExtraYuan, .paybackMonth, .pNetBenefitPositive]
    }
}
