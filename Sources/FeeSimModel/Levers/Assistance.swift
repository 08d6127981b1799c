/// §3.3: hardship detection, instalment plans with deferral of dunning, optional subsidy.
/// Its parameters are declared once, in ``declarations`` below: a new parameter is a field and an entry there.
public struct Assistance: Sendable, Equatable {
    public var detectionProbability = 0.3
    public var abilityRestore = 0.6
    public var planDefault = 0.3
    public var planReminderUplift = 1.0
    public var subsidyShare = 0.0
    public var caseCost = 10.0
    public var setupCost = 3_000.0
    public init() {}
}

extension Assistance {
    typealias D = ParameterDeclaration<Assistance>

    /// Every numeric parameter of the lever, relative to `levers.assistance` (``ParameterCatalog/scalars`` lifts them).
    static let declarations: [ParameterDeclaration<Assistance>] = [
        D(
            "detection_prob", "Hardship detection", zh: "困难户识别率",
            "monthly probability that a household in hardship and in arrears is found and offered a plan",
            unit: "per month", .probability, prior: .uniform(0.1, 0.5), source: "assumption", \.detectionProbability),
        D(
            "ability_restore", "Affordability of a plan", zh: "分期方案的可负担性", "share of the hardship ability gap an instalment plan closes",
            unit: "share", .probability, prior: .uniform(0.3, 0.9), source: "assumption", \.abilityRestore),
        D(
            "plan_default", "Plan default", zh: "分期违约率", "monthly probability that an instalment plan fails",
            unit: "per month", .probability, prior: .uniform(0.15, 0.45),
            source:
                "debt-management plans completed by 21–38% (NFCC 2002), over years of consumer debt; fee plans are a few months long, so 0.3 still completes 44–75% of the shipped communities' plans",
            \.planDefault),
        D(
            "plan_reminder_uplift", "Plan schedule", zh: "分期提醒效果",
            "attention uplift of a household on a plan (fixed payment dates and reminders)",
            unit: "logit", .between(-10, 10), prior: .uniform(0, 2), source: "assumption", \.planReminderUplift),
        D(
            "subsidy_share", "Subsidy", zh: "补贴", "share of an enrolled household's fee the company waives and pays",
            unit: "share", .probability, prior: nil, source: "a choice of the plan; default none", \.subsidyShare),
        D(
            "case_cost", "Case work", zh: "个案处理", "per enrolled household per month",
            unit: "yuan", .money, prior: nil, source: "≈ 15–20 minutes of staff time at 36 yuan/hour (NBS 2023)", \.caseCost),
        D(
            "setup_cost", "Set-up cost", zh: "启动成本",
            "one-off cost of setting the lever up (hardship rules, staff training), booked in the first month it is active in any building",
            unit: "yuan", .money, prior: nil, source: "assumption: part of the plan's 30,000-yuan preparation", \.setupCost)
    ]
}
