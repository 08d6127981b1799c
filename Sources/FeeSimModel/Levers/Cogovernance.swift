/// §3.4: owners' committee, volunteer supervisors, mediation.
/// Its parameters are declared once, in ``declarations`` below: a new parameter is a field and an entry there.
public struct Cogovernance: Sendable, Equatable {
    public var peerMultiplier = 1.25
    public var trustGain = 0.005
    public var mediationProbability = 0.03
    public var monthlyCost = 80.0
    public var costPerMediation = 500.0
    public var episodeMediation = 0.025
    public var costPerEpisode = 30_000.0
    public var setupCost = 5_000.0
    public init() {}
}

extension Cogovernance {
    typealias D = ParameterDeclaration<Cogovernance>

    /// Every numeric parameter of the lever, relative to `levers.cogovernance` (``ParameterCatalog/scalars`` lifts them).
    static let declarations: [ParameterDeclaration<Cogovernance>] = [
        D(
            "peer_multiplier", "Peer effect", zh: "同伴效应", "multiplies the weight of the building norm where owners co-govern",
            unit: "×", .between(0, 10), prior: .uniform(1, 2),
            source: "participatory institutions collect more (Touchton et al. 2019); size uncertain", \.peerMultiplier),
        D(
            "trust_gain", "Trust gain", zh: "信任提升", "monthly share of the way to full trust where owners co-govern",
            unit: "per month", .probability, prior: .uniform(0, 0.02), source: "assumption", \.trustGain),
        D(
            "mediation_prob", "Mediation", zh: "调解成功率", "extra monthly probability that a grievance is resolved by mediation",
            unit: "per month", .probability, prior: .uniform(0.01, 0.1),
            source: "mediation cut property lawsuits 84% in one district (Legal Daily); assumption", \.mediationProbability),
        D(
            "monthly_cost", "Committee cost", zh: "业委会运行成本", "per building per month (meetings, supervisors' stipends)",
            unit: "yuan", .money, prior: nil, source: "assumption", \.monthlyCost),
        D(
            "cost_per_mediation", "Cost per mediated dispute", zh: "每宗调解成本", "mediator's time and the small repairs that settle a dispute",
            unit: "yuan", .money, prior: nil, source: "assumption (a few staff days plus minor repairs)", \.costPerMediation),
        D(
            "episode_mediation", "Mediating a collective dispute", zh: "业委会调解集体纠纷",
            "extra monthly probability that a building's dispute episode ends through the owners' committee's mediation",
            unit: "per month", .probability, prior: .uniform(0, 0.05),
            source: "assumption: no effect size found; owners' committees broker most turnarounds reported", \.episodeMediation),
        D(
            "cost_per_episode", "Cost per mediated episode", zh: "每宗集体纠纷调解成本",
            "meetings, a mediator and the repairs agreed when a building's episode is mediated",
            unit: "yuan", .money, prior: nil,
            source: "assumption: the committee brokers, the company pays the repairs agreed (tens of thousands of yuan for a building)",
            \.costPerEpisode),
        D(
            "setup_cost", "Set-up cost", zh: "启动成本",
            "one-off cost of setting the lever up (owners' meetings, choosing supervisors), booked in the first month it is active in any building",
            unit: "yuan", .money, prior: nil, source: "assumption: part of the plan's 30,000-yuan preparation", \.setupCost)
    ]
}
