/// §5.1: lawsuits as a last resort.
/// Its parameters are declared once, in ``declarations`` below: a new parameter is a field and an entry there.
public struct Legal: Sendable, Equatable {
    public var minArrearsMonths = 12
    public var minAmount = 1000.0
    public var capacityPerMonth = 2
    public var courtFee = 50.0
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
    public init() {}
}

extension Legal {
    typealias D = ParameterDeclaration<Legal>

    /// Every numeric parameter of the lever, relative to `levers.legal` (``ParameterCatalog/scalars`` lifts them).
    static let declarations: [ParameterDeclaration<Legal>] = [
        D("min_arrears_months", "Filing threshold (age)", "a household is sued only when its oldest bill is this many months overdue",
          unit: "months", .whole(1, 600), prior: nil, source: "the plan §5.1: last resort", int: \.minArrearsMonths),
        D("min_amount", "Filing threshold (amount)", "… and it owes at least this much",
          unit: "yuan", .money, prior: nil, source: "assumption", \.minAmount),
        D("capacity_per_month", "Filings per month", "at most this many suits a month, largest arrears first",
          unit: "cases", .whole(0, 100_000), prior: nil, source: "a choice of the plan", int: \.capacityPerMonth),
        D("court_fee", "Court fee", "per case; repaid by a losing household",
          unit: "yuan", .money, prior: nil, source: "诉讼费用交纳办法: 50 yuan for claims ≤ 10,000, halved in simplified procedure", \.courtFee),
        D("lawyer_cost", "Lawyer and staff cost", "per case",
          unit: "yuan", .money, prior: nil, source: "batch lawyer fees a few hundred yuan a case", \.lawyerCost),
        D("settle_prob", "Settlement", "monthly probability that a pending case settles (the household pays what was claimed)",
          unit: "per month", .probability, prior: .uniform(0.05, 0.4), source: "assumption", \.settleProbability),
        D("lag_months", "Months to judgment", "from filing to judgment",
          unit: "months", .whole(1, 60), prior: nil, source: "2–3 months plus enforcement (诉讼费用交纳办法; practice)", int: \.lagMonths),
        D("win_prob", "Win rate", "probability that the company wins at judgment",
          unit: "probability", .probability, prior: .uniform(0.85, 0.95), source: "firms won > 90% of ≈ 7,000 cases (Beijing 2005)", \.winProbability),
        D("recovery_share", "Recovery", "share of the arrears claimed that a won case recovers (courts cut penalties; some is never enforced)",
          unit: "share", .probability, prior: .uniform(0.5, 1), source: "assumption: courts often cut penalties (china.org.cn 2005)", \.recoveryShare),
        D("enforcement_months", "Months to enforce", "from judgment to the money",
          unit: "months", .whole(0, 60), prior: nil, source: "assumption", int: \.enforcementMonths),
        D("sued_willingness", "Willingness after a suit", "change in the sued household's later willingness",
          unit: "logit", .between(-10, 10), prior: .uniform(-1, 1),
          source: "68% of sued owners said relations worsened, yet some pay afterwards (2005); sign unknown", \.suedWillingness),
        D("trust_penalty", "Trust cost to the sued", "relative trust loss of the sued household",
          unit: "share", .probability, prior: .uniform(0.05, 0.4), source: "68% said relations worsened (china.org.cn 2005)", \.trustPenalty),
        D("neighbour_deterrence", "Deterrence of neighbours", "enforcement credibility each suit adds in its building",
          unit: "0–1", .probability, prior: .uniform(0.05, 0.3),
          source: "spillovers to neighbours ≈ the direct effect (Drago, Mengel & Traxler 2020)", \.neighbourDeterrence),
        D("neighbour_trust_penalty", "Trust cost to neighbours", "relative trust loss of each neighbour per suit in the building",
          unit: "share", .probability, prior: .uniform(0, 0.01),
          source: "credible notices did not change perceived fairness (Coville et al. 2020)", \.neighbourTrustPenalty),
    ]
}
