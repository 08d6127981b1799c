/// §5.1: lawsuits as a last resort.
/// Its parameters are declared once, in ``declarations`` below: a new parameter is a field and an entry there.
public struct Legal: Sendable, Equatable {
    public var minArrearsMonths = 12
    public var minAmount = 1000.0
    public var capacityPerMonth = 2
    /// 1: cases run in simplified procedure (简易程序), which halves the court fee; 0: ordinary procedure.
    public var simplifiedProcedure = 1
    public var lawyerCost = 400.0
    public var settleProbability = 0.2
    public var lagMonths = 3
    public var winProbability = 0.9
    public var recoveryShare = 0.7
    public var enforcementMonths = 3
    public var suedWillingness = 0.0
    public var trustPenalty = 0.2
    public var neighbourDeterrence = 0.15
    public var neighbourTrustPenalty = 0.002
    public var limitationMonths = 36
    public var enforcementShare = 0.5
    public var backlash = 0.002
    public var setupCost = 4_000.0
    public init() {}
}

extension Legal {
    typealias D = ParameterDeclaration<Legal>

    /// Every numeric parameter of the lever, relative to `levers.legal` (``ParameterCatalog/scalars`` lifts them).
    static let declarations: [ParameterDeclaration<Legal>] = [
        D(
            "min_arrears_months", "Filing threshold (age)", zh: "起诉门槛（欠费月数）",
            "a household is sued only when its oldest bill is this many months overdue",
            unit: "months", .whole(1, 600), prior: nil, source: "the plan §5.1: last resort", int: \.minArrearsMonths),
        D(
            "min_amount", "Filing threshold (amount)", zh: "起诉门槛（欠费金额）", "… and it owes at least this much",
            unit: "yuan", .money, prior: nil, source: "assumption", \.minAmount),
        D(
            "capacity_per_month", "Filings per month", zh: "每月起诉上限", "at most this many suits a month, largest arrears first",
            unit: "cases", .whole(0, 100_000), prior: nil, source: "a choice of the plan", int: \.capacityPerMonth),
        D(
            "simplified_procedure", "Simplified procedure", zh: "简易程序",
            "1 if cases run in simplified procedure (简易程序, court fee halved), 0 for ordinary procedure; the fee itself follows the claim (docs/MODEL.md §3, step 12)",
            unit: "0 or 1", .whole(0, 1), prior: nil,
            source: "诉讼费用交纳办法 art. 13 (schedule) and art. 16 (halved); fee cases are routinely simplified", int: \.simplifiedProcedure),
        D(
            "lawyer_cost", "Lawyer and staff cost", zh: "律师与人员成本", "per case",
            unit: "yuan", .money, prior: nil, source: "batch lawyer fees a few hundred yuan a case", \.lawyerCost),
        D(
            "settle_prob", "Settlement", zh: "和解率", "monthly probability that a pending case settles (the household pays what was claimed)",
            unit: "per month", .probability, prior: .uniform(0.05, 0.4), source: "assumption", \.settleProbability),
        D(
            "lag_months", "Months to judgment", zh: "判决所需月数", "from filing to judgment",
            unit: "months", .whole(1, 60), prior: nil, source: "2–3 months plus enforcement (诉讼费用交纳办法; practice)", int: \.lagMonths),
        D(
            "win_prob", "Win rate", zh: "胜诉率", "probability that the company wins at judgment",
            unit: "probability", .probability, prior: .uniform(0.85, 0.95), source: "firms won > 90% of ≈ 7,000 cases (Beijing 2005)",
            \.winProbability),
        D(
            "recovery_share", "Recovery under enforcement", zh: "强制执行回收比例",
            "share of the claim that enforcement recovers (the rest is never found)",
            unit: "share", .probability, prior: .uniform(0.5, 1), source: "assumption: courts often cut penalties (china.org.cn 2005)",
            \.recoveryShare),
        D(
            "enforcement_months", "Months to enforce", zh: "执行所需月数", "from judgment to the money",
            unit: "months", .whole(0, 60), prior: nil, source: "assumption", int: \.enforcementMonths),
        D(
            "sued_willingness", "Willingness after a suit", zh: "被诉后的缴费意愿", "change in the sued household's later willingness",
            unit: "logit", .between(-10, 10), prior: .uniform(-1, 1),
            source: "68% of sued owners said relations worsened, yet some pay afterwards (2005); sign unknown", \.suedWillingness),
        D(
            "trust_penalty", "Trust cost to the sued", zh: "被诉户的信任损失", "relative trust loss of the sued household",
            unit: "share", .probability, prior: .uniform(0.05, 0.4), source: "68% said relations worsened (china.org.cn 2005)",
            \.trustPenalty),
        D(
            "neighbour_deterrence", "Deterrence of neighbours", zh: "对邻居的威慑", "enforcement credibility each suit adds in its building",
            unit: "0–1", .probability, prior: .uniform(0.05, 0.3),
            source: "spillovers to neighbours ≈ the direct effect (Drago, Mengel & Traxler 2020)", \.neighbourDeterrence),
        D(
            "neighbour_trust_penalty", "Trust cost to neighbours", zh: "对邻居的信任损失",
            "relative trust loss of each neighbour per suit in the building",
            unit: "share", .probability, prior: .uniform(0, 0.01),
            source: "credible notices did not change perceived fairness (Coville et al. 2020)", \.neighbourTrustPenalty),
        D(
            "limitation_months", "Limitation period", zh: "诉讼时效",
            "fees more than this many months past due, with no written demand since, cannot be claimed in court",
            unit: "months", .whole(1, 600), prior: nil,
            source: "Civil Code arts. 188 (three years) and 195 (interrupted by a demand or a filing)", int: \.limitationMonths),
        D(
            "enforcement_share", "Judgments needing enforcement", zh: "需申请强制执行的判决比例",
            "share of won cases the household does not pay after judgment, so the company applies for enforcement (fee by art. 14) and recovers recovery_share of the claim",
            unit: "share", .probability, prior: .uniform(0.3, 0.7), source: "assumption: 执行难 — many debtors pay only under enforcement",
            \.enforcementShare),
        D(
            "backlash", "Backlash", zh: "诉讼引发的不满",
            "extra monthly probability of a grievance for each household of a building, per lawsuit filed there the month before",
            unit: "per month per suit", .probability, prior: .uniform(0, 0.01),
            source: "the plan §5.2 names the risk to public opinion; size an assumption", \.backlash),
        D(
            "setup_cost", "Set-up cost", zh: "启动成本",
            "one-off cost of setting the lever up (lawyer's retainer, evidence files), booked in the first month it is active in any building",
            unit: "yuan", .money, prior: nil, source: "assumption: part of the plan's 30,000-yuan preparation", \.setupCost)
    ]
}

extension Legal {
    /// The court fee of a property claim of `claim` yuan (诉讼费用交纳办法 art. 13(1)): 50 yuan up to 10,000, then
    /// by bands (2.5% to 100,000, 2% to 200,000, 1.5% to 500,000, 1% to 1,000,000, 0.9% to 2,000,000, 0.8% to
    /// 5,000,000, 0.7% to 10,000,000, 0.6% to 20,000,000, 0.5% above), halved in simplified procedure (art. 16).
    public static func courtFee(claim: Double, simplified: Bool) -> Double {
        let fee = banded(claim, courtFeeBands)
        return simplified ? fee / 2 : fee
    }

    /// The enforcement application fee for `claim` yuan (诉讼费用交纳办法 art. 14(1)): 50 yuan up to 10,000, then
    /// 1.5% to 500,000, 1% to 5,000,000, 0.5% to 10,000,000, 0.1% above.
    public static func enforcementFee(claim: Double) -> Double { banded(claim, enforcementFeeBands) }

    /// Both schedules' rule: 50 yuan up to 10,000, then each band's marginal rate on the part of the claim in it.
    /// O(bands).
    static func banded(_ claim: Double, _ bands: [(Double, Double)]) -> Double {
        var fee = 50.0, lower = 10_000.0
        for (upper, rate) in bands where claim > lower {
            fee += (min(claim, upper) - lower) * rate
            lower = upper
        }
        return fee
    }

    /// Art. 13(1)'s bands above 10,000 yuan: (upper bound, marginal rate).
    static let courtFeeBands: [(Double, Double)] = [
        (100_000, 0.025), (200_000, 0.02), (500_000, 0.015), (1_000_000, 0.01), (2_000_000, 0.009),
        (5_000_000, 0.008), (10_000_000, 0.007), (20_000_000, 0.006), (.infinity, 0.005)
    ]
    /// Art. 14(1)'s bands above 10,000 yuan: (upper bound, marginal rate).
    static let enforcementFeeBands: [(Double, Double)] = [
        (500_000, 0.015), (5_000_000, 0.01), (10_000_000, 0.005), (.infinity, 0.001)
    ]
}
