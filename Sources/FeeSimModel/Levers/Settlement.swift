/// A collective settlement of a building's dispute (model v3): the company negotiates with the households that
/// withhold together — repairs, and a waiver of part of their arrears for those who then pay (减免清欠, 打折清欠).
/// An agreement ends the building's dispute episode. Its parameters are declared once, in ``declarations`` below.
public struct Settlement: Sendable, Equatable {
    public var agreementProbability = 0.2
    public var waiverShare = 0.3
    public var costPerAgreement = 20_000.0
    public var setupCost = 2_000.0
    public init() {}
}

extension Settlement {
    typealias D = ParameterDeclaration<Settlement>

    /// Every numeric parameter of the lever, relative to `levers.settlement` (``ParameterCatalog/scalars`` lifts them).
    static let declarations: [ParameterDeclaration<Settlement>] = [
        D(
            "agreement_prob", "Agreement", zh: "达成集体和解",
            "monthly probability that negotiation reaches a collective agreement in a building with a dispute episode, ending it",
            unit: "per month", .probability, prior: .uniform(0.05, 0.5),
            source: "assumption: turnarounds settle developer disputes within months once repairs are offered (Xidi, Tianjin)",
            \.agreementProbability),
        D(
            "waiver_share", "Arrears waived", zh: "减免欠费比例",
            "share of its overdue fees waived for a household of the episode that then pays the rest",
            unit: "share", .probability, prior: nil,
            source: "a choice of the plan; turnarounds waive late fees and part of the arrears (减免滞纳金, 打折清欠)", \.waiverShare),
        D(
            "cost_per_agreement", "Cost per agreement", zh: "每宗和解成本", "repairs and negotiation that an agreement in one building costs",
            unit: "yuan", .money, prior: nil, source: "assumption (minor repairs and several meetings)", \.costPerAgreement),
        D(
            "setup_cost", "Set-up cost", zh: "启动成本",
            "one-off cost of setting the lever up (legal review of the waiver terms), booked in the first month it is active in any building",
            unit: "yuan", .money, prior: nil, source: "assumption", \.setupCost)
    ]
}
