/// §3.1: publish accounts and service records every `period` months.
/// Its parameters are declared once, in ``declarations`` below: a new parameter is a field and an entry there.
public struct Transparency: Sendable, Equatable {
    public var period = 3
    public var reach = 0.6
    public var perceptionGain = 0.5
    public var trustGain = 0.03
    public var costPerPublication = 150.0
    public var monthlyCost = 20.0
    public var setupCost = 8_000.0
    public init() {}
}

extension Transparency {
    typealias D = ParameterDeclaration<Transparency>

    /// Every numeric parameter of the lever, relative to `levers.transparency` (``ParameterCatalog/scalars`` lifts them).
    static let declarations: [ParameterDeclaration<Transparency>] = [
        D(
            "period", "Publication period", zh: "公示周期", "months between publications of accounts and service records",
            unit: "months", .whole(1, 120), prior: nil, source: "the plan §3.1 (quarterly)", int: \.period),
        D(
            "reach", "Publication reach", zh: "公示触达率", "probability that a publication reaches a household",
            unit: "probability", .probability, prior: .uniform(0.3, 0.9), source: "assumption", \.reach),
        D(
            "perception_gain", "Perception correction", zh: "感知纠偏",
            "share of the gap between perceived and actual service a reached household closes",
            unit: "share", .probability, prior: .uniform(0.2, 0.8),
            source: "visible service changes +1.5–4.8 pp (Fernández Sierra et al. 2025); size assumed", \.perceptionGain),
        D(
            "trust_gain", "Trust gain per publication", zh: "每次公示的信任提升", "share of the way to full trust a reached household moves",
            unit: "share", .probability, prior: .uniform(0, 0.08),
            source: "reciprocity letters: no average effect; tax morale ≈ +1.4 pp (Castro & Scartascini 2015)", \.trustGain),
        D(
            "cost_per_publication", "Cost per publication", zh: "每次公示成本", "per building per publication (preparing, printing, posting)",
            unit: "yuan", .money, prior: nil, source: "assumption (a few staff hours)", \.costPerPublication),
        D(
            "monthly_cost", "Running cost", zh: "运行成本", "per building per month (platform, record keeping)",
            unit: "yuan", .money, prior: nil, source: "assumption", \.monthlyCost),
        D(
            "setup_cost", "Set-up cost", zh: "启动成本",
            "one-off cost of setting the lever up (accounts platform, notice boards), booked in the first month it is active in any building",
            unit: "yuan", .money, prior: nil, source: "assumption: part of the plan's 30,000-yuan preparation", \.setupCost)
    ]
}
