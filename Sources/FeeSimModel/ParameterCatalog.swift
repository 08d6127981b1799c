/// The values a parameter may take: bounds (open or closed) and whether it must be whole. The engine's types
/// set the outer limits (for example a month count fits in 16 bits).
public struct ValueRange: Sendable, Equatable {
    public var lower: Double?
    public var lowerOpen = false
    public var upper: Double?
    public var upperOpen = false
    public var whole = false

    public static let probability = ValueRange(lower: 0, upper: 1)
    public static let positive = ValueRange(lower: 0, lowerOpen: true, upper: 1e12)
    public static let money = ValueRange(lower: 0, upper: 1e9)
    /// Any finite number, and any finite number ≥ 0.
    public static let any = ValueRange()
    public static let nonNegative = ValueRange(lower: 0)
    /// Any finite number > `x`.
    public static func above(_ x: Double) -> ValueRange { ValueRange(lower: x, lowerOpen: true) }
    /// [lo, hi], or (lo, hi] when `open`.
    public static func between(_ lo: Double, _ hi: Double, open: Bool = false) -> ValueRange {
        ValueRange(lower: lo, lowerOpen: open, upper: hi)
    }
    public static func whole(_ lo: Int, _ hi: Int) -> ValueRange {
        ValueRange(lower: Double(lo), upper: Double(hi), whole: true)
    }
    /// A whole number ≥ `n` (and ≤ `max` when given).
    public static func wholeAtLeast(_ n: Int, atMost max: Int? = nil) -> ValueRange {
        ValueRange(lower: Double(n), upper: max.map(Double.init), whole: true)
    }
    /// A whole number in `range` (a declared limit such as ``RunSettings/monthRange``).
    public static func whole(in range: ClosedRange<Int>) -> ValueRange { whole(range.lowerBound, range.upperBound) }

    /// Whether `x` is allowed. Non-finite values never are. O(1).
    public func admits(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        if whole && x.rounded() != x { return false }
        if let lower, lowerOpen ? x <= lower : x < lower { return false }
        if let upper, upperOpen ? x >= upper : x > upper { return false }
        return true
    }

    /// The rule in words, as errors and docs say it ("a number in [0, 1]").
    public var text: String {
        func f(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
        if whole, let lower, let upper { return "a whole number in \(f(lower))…\(f(upper))" }
        if whole, let lower { return "a whole number ≥ \(f(lower))" }
        switch (lower, upper) {
        case let (lo?, hi?):
            return "a number in \(lowerOpen ? "(" : "[")\(f(lo)), \(f(hi))\(upperOpen ? ")" : "]")"
        case let (lo?, nil): return lowerOpen ? "a number > \(f(lo))" : "a number ≥ \(f(lo))"
        case let (nil, hi?): return "a number ≤ \(f(hi))"
        default: return "a number"
        }
    }
}

/// A distribution over a parameter's plausible values, for uncertainty analysis (probabilistic comparisons,
/// robust choice). Wide where the evidence is thin.
public enum Prior: Sendable, Equatable {
    /// Uniform on [low, high].
    case uniform(Double, Double)
    /// Triangular on [low, high] with its mode.
    case triangular(low: Double, mode: Double, high: Double)
    /// Uniform halves: half the probability spread uniformly over [low, median], half over [median, high], so the
    /// median is `median` exactly. The prior a stated value makes of a declared one (``centred(on:within:)``).
    case halves(low: Double, median: Double, high: Double)

    /// The value at cumulative probability u ∈ [0, 1] (inverse CDF). O(1).
    public func quantile(_ u: Double) -> Double {
        switch self {
        case .uniform(let lo, let hi): return lo + u * (hi - lo)
        case .triangular(let lo, let mode, let hi):
            guard hi > lo else { return lo }
            let f = (mode - lo) / (hi - lo)
            return u < f
                ? lo + ((u * (hi - lo) * (mode - lo)).squareRoot())
                : hi - (((1 - u) * (hi - lo) * (hi - mode)).squareRoot())
        case .halves(let lo, let median, let hi):
            return u < 0.5 ? lo + 2 * u * (median - lo) : median + (2 * u - 1) * (hi - median)
        }
    }

    /// This prior moved so that its median is the stated value `value`: uniform halves over the same support,
    /// split at `value`. A value outside the support widens it on that side to `value` ± half the support's width,
    /// within `range` (so a value at the edge of what is allowed keeps half the probability there). The stated
    /// value of a parameter is thereby both its point value and its prior's median, and a probabilistic comparison
    /// is centred on the deterministic one. O(1).
    public func centred(on value: Double, within range: ValueRange) -> Prior {
        let s = support
        let half = (s.upperBound - s.lowerBound) / 2
        var lo = s.lowerBound, hi = s.upperBound
        if value < lo { lo = value - half }
        if value > hi { hi = value + half }
        if let lower = range.lower { lo = max(lo, lower) }
        if let upper = range.upper { hi = min(hi, upper) }
        return .halves(low: min(lo, value), median: value, high: max(hi, value))
    }

    /// The cumulative probability at `x` (the inverse of ``quantile(_:)`` on the support), in [0, 1]. O(1).
    public func cumulative(_ x: Double) -> Double {
        let s = support
        if x <= s.lowerBound { return 0 }
        if x >= s.upperBound { return 1 }
        switch self {
        case .uniform(let lo, let hi): return (x - lo) / (hi - lo)
        case .triangular(let lo, let mode, let hi):
            return x < mode
                ? (x - lo) * (x - lo) / ((hi - lo) * (mode - lo)) : 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - mode))
        case .halves(let lo, let median, let hi):
            return x < median ? 0.5 * (x - lo) / (median - lo) : 0.5 + 0.5 * (x - median) / (hi - median)
        }
    }

    /// The value at cumulative probability 0.5. O(1).
    public var median: Double { quantile(0.5) }

    /// Every value the prior gives weight to: [low, high].
    public var support: ClosedRange<Double> {
        switch self {
        case .uniform(let lo, let hi): return min(lo, hi)...max(lo, hi)
        case .triangular(let lo, _, let hi): return min(lo, hi)...max(lo, hi)
        case .halves(let lo, _, let hi): return min(lo, hi)...max(lo, hi)
        }
    }

    /// The 5th–95th percentile range, for docs and reports.
    public var central90: (Double, Double) { (quantile(0.05), quantile(0.95)) }

    /// In words ("uniform 0.1–0.5").
    public var text: String {
        func f(_ x: Double) -> String { String(format: "%g", x) }
        switch self {
        case .uniform(let lo, let hi): return "uniform \(f(lo))–\(f(hi))"
        case .triangular(let lo, let mode, let hi): return "triangular \(f(lo))–\(f(hi)), mode \(f(mode))"
        case .halves(let lo, let median, let hi): return "uniform halves \(f(lo))–\(f(hi)), median \(f(median))"
        }
    }
}

/// What a parameter is, for people and for checks: its path, name, meaning, unit, allowed range, prior and source.
public struct ParameterInfo: Sendable {
    /// The key path as scenario files spell it (`behaviour.beta_trust`; relative to its root in a declaration, so
    /// `uplift` for a rung field).
    public let path: String
    /// Plain name, for reports, in English and in Chinese (the words a property manager uses).
    public let name: String
    public let chineseName: String
    public let meaning: String
    public let unit: String
    public let range: ValueRange
    /// nil where the value is a setting rather than an uncertain quantity (costs the manager sets, schedules).
    public let prior: Prior?
    /// Where the default comes from: a source, or "assumption".
    public let source: String
    /// The value-of-information group it is reported in; nil for a setting (a parameter the lever or behaviour
    /// it belongs to gives when it joins the scenario).
    public internal(set) var group: InformationGroup?

    /// The same parameter under `prefix` (`levers.dunning.ladder[2]` + `uplift`), in `group` when given.
    func prefixed(_ prefix: String, group: InformationGroup? = nil) -> ParameterInfo {
        var out =
            prefix.isEmpty
            ? self
            : ParameterInfo(
                path: "\(prefix).\(path)", name: name, chineseName: chineseName, meaning: meaning, unit: unit,
                range: range, prior: prior, source: source, group: self.group)
        if let group { out.group = group }
        return out
    }
}

/// One parameter, declared once: what it is (``ParameterInfo``) and where its value lives. Its default is the value
/// of the reference structures (``Behaviour/init()``, ``Levers/init()``, ``Ladder/smart``, …), read through `get`, so it
/// cannot drift from the code that uses it.
///
/// This declaration drives the scenario loader's reads and range checks, `feesim paths`, sweeps, the engine's
/// checks (``ModelError``), the parameter table of docs/MODEL.md and the reports' assumptions.
@dynamicMemberLookup
public struct ParameterDeclaration<Root>: @unchecked Sendable {
    public private(set) var info: ParameterInfo
    let getter: (Root) -> Double
    let setter: (inout Root, Double) -> Void

    /// `path`, `name`, `chineseName`, `meaning`, `unit`, `range`, `prior`, `source`, `group` of ``info``.
    public subscript<T>(dynamicMember field: KeyPath<ParameterInfo, T>) -> T { info[keyPath: field] }

    init(
        _ path: String, _ name: String, zh chineseName: String, _ meaning: String, unit: String, _ range: ValueRange,
        prior: Prior?, source: String, _ kp: WritableKeyPath<Root, Double>
    ) {
        info = ParameterInfo(
            path: path, name: name, chineseName: chineseName, meaning: meaning, unit: unit, range: range,
            prior: prior, source: source, group: nil)
        getter = { $0[keyPath: kp] }
        setter = { $0[keyPath: kp] = $1 }
    }

    init(
        _ path: String, _ name: String, zh chineseName: String, _ meaning: String, unit: String, _ range: ValueRange,
        prior: Prior?, source: String, int kp: WritableKeyPath<Root, Int>
    ) {
        info = ParameterInfo(
            path: path, name: name, chineseName: chineseName, meaning: meaning, unit: unit, range: range,
            prior: prior, source: source, group: nil)
        getter = { Double($0[keyPath: kp]) }
        setter = { $0[keyPath: kp] = WholeNumber.clamped($1, to: Int.min...Int.max) }
    }

    /// The key (last path component).
    public var key: String { String(info.path.split(separator: ".").last ?? Substring(info.path)) }
    /// The section (path without its key), "" at the top.
    public var section: String {
        guard let dot = info.path.lastIndex(of: ".") else { return "" }
        return String(info.path[..<dot])
    }
    public func get(_ root: Root) -> Double { getter(root) }
    /// This declaration for the value at `kp` of a larger root, its path under `prefix` (`levers.legal` +
    /// `win_prob`), in `group`: how a lever's own declarations join the scenario's (nil: settings, never drawn).
    func lifted<Outer>(to prefix: String, _ kp: WritableKeyPath<Outer, Root>, group: InformationGroup?) -> ParameterDeclaration<Outer> {
        ParameterDeclaration<Outer>(
            info: info.prefixed(prefix, group: group), getter: { getter($0[keyPath: kp]) },
            setter: { setter(&$0[keyPath: kp], $1) })
    }

    /// This declaration in `group` (the behaviour section's declarations are household behaviour).
    func grouped(_ group: InformationGroup) -> ParameterDeclaration {
        var copy = self
        copy.info.group = group
        return copy
    }

    private init(info: ParameterInfo, getter: @escaping (Root) -> Double, setter: @escaping (inout Root, Double) -> Void) {
        self.info = info
        self.getter = getter
        self.setter = setter
    }

    /// Sets the value without checking it (callers check `range` first).
    public func set(_ value: Double, in root: inout Root) { setter(&root, value) }
}

/// Every declared parameter of the model. See docs/MODEL.md for the equations that use them.
public enum ParameterCatalog {
    typealias S = ParameterDeclaration<Scenario>

    /// Scalar parameters of a scenario, in scenario-file order (target, community, behaviour, levers); each lever's
    /// come from its own file (`Levers/`), lifted under `levers.<key>`.
    public static let scalars: [ParameterDeclaration<Scenario>] =
        [
            S(
                "target.collection_rate", "Target 收缴率", zh: "目标收缴率", "collection rate the plan aims for in its target window",
                unit: "share", .probability, prior: nil, source: "the plan, §1.2", \.target.collectionRate),
            S(
                "target.from_month", "Target window start", zh: "目标窗口开始月", "first month whose bills count towards the target",
                unit: "month", .whole(1, 1200), prior: nil, source: "the plan, §1.2 (six months)", int: \.target.fromMonth),
            S(
                "target.by_month", "Target window end", zh: "目标窗口结束月", "last month of the target window; the rate is read at its end",
                unit: "month", .whole(1, 1200), prior: nil, source: "the plan, §1.2 (six months)", int: \.target.byMonth),
            S(
                "target.long_term_months", "Long-term arrears", zh: "长期欠费",
                "a household owing at least this many months at a year's start is a long-term debtor",
                unit: "months", .whole(1, 600), prior: nil, source: "industry usage (≥ 1 year); a choice", int: \.target.longTermMonths),

            S(
                "community.fee_rate", "Fee rate", zh: "物业费单价", "property fee per m² of floor area per month",
                unit: "yuan/m²/month", .between(0.01, 100), prior: nil,
                source: "price caps, e.g. Chongqing 2024: 1.0–1.9 with lifts, 0.6–1.35 walk-ups (NBD 2024)", \.community.feeRate),
            S(
                "community.initial_quality", "Initial service quality", zh: "初始服务质量",
                "service quality Q before the warm-up (in month 1 without one; 1 = what the full fee pays for)",
                unit: "0–1", .probability, prior: nil, source: "calibrated (docs/CALIBRATION.md)", \.community.initialQuality),
            S(
                "community.billing_months", "Billing cycle", zh: "计费周期", "months one bill covers (1, 2, 3, 4, 6 or 12)",
                unit: "months", .whole(1, 12), prior: nil, source: "industry practice: monthly, quarterly, half-yearly or yearly",
                int: \.community.billingMonths),
            S(
                "community.annual_discount", "Pay-a-year-ahead discount", zh: "预缴一年折扣",
                "discount on the fee of households billed yearly in advance",
                unit: "share", .between(0, 0.5), prior: nil, source: "common practice (a few per cent); assumption",
                \.community.annualDiscount),

            S(
                "community.collection_staff_cost", "Collection staff", zh: "收费人员成本",
                "today's collection staff (收费员, 管家) time spent on fees, booked to the status quo's cost in every scenario",
                unit: "yuan/household/month", .money, prior: nil,
                source:
                    "0 = not counted; communities set it (a 管家 per ~400 households spending a fifth of the time on fees at 36 yuan/hour, NBS 2023, ≈ 3)",
                \.community.collectionStaffCost),
            S(
                "community.dispute_buildings", "Buildings in a dispute at the start", zh: "期初集体纠纷楼栋比例",
                "share of buildings in a collective dispute episode before the warm-up (a developer dispute)",
                unit: "share", .probability, prior: nil, source: "community data (docs/CALIBRATION.md)", \.community.disputeBuildings),
            S(
                "community.warmup_months", "Warm-up", zh: "预热期",
                "months of today's practice simulated before month 1 and not recorded, so the run starts from the state it produces",
                unit: "months", .whole(0, 240), prior: nil, source: "modelling choice: long enough for arrears and grievances to settle",
                int: \.community.warmupMonths),

            S(
                "behaviour.hardship_entry", "Hardship entry", zh: "陷入困难的概率", "monthly probability that a household falls into hardship",
                unit: "per month", .probability, prior: .uniform(0.005, 0.02),
                source: "labour flows: job loss ≈ 0.013/month (US); no China figure found", \.behaviour.hardshipEntry),
            S(
                "behaviour.hardship_exit", "Hardship exit", zh: "摆脱困难的概率", "monthly probability that hardship ends",
                unit: "per month", .probability, prior: .uniform(0.08, 0.3),
                source: "labour flows: job finding ≈ 0.28/month (US); assumption for China", \.behaviour.hardshipExit),
            S(
                "behaviour.hardship_ability", "Ability in hardship", zh: "困难时的支付能力",
                "probability that a household in hardship can pay in a month",
                unit: "probability", .probability, prior: .uniform(0.1, 0.5), source: "assumption", \.behaviour.hardshipAbility),
            S(
                "behaviour.grievance_entry", "Grievance onset", zh: "纠纷产生率",
                "monthly probability of a new grievance at perceived service 0 (scaled by (1 − perceived service)²)",
                unit: "per month", .probability, prior: .uniform(0.01, 0.08),
                source: "calibrated: service dissatisfaction is the main stated reason (Legal Daily 2022)", \.behaviour.grievanceEntry),
            S(
                "behaviour.grievance_exit", "Grievance resolution", zh: "纠纷自行化解率",
                "monthly probability that a grievance resolves by itself",
                unit: "per month", .probability, prior: .uniform(0.005, 0.04),
                source: "assumption: disputes persist for years (Xinhua 2024, China Daily 2009)", \.behaviour.grievanceExit),
            S(
                "behaviour.perception_drift", "Perception drift", zh: "感知调整速度",
                "monthly share of the gap between perceived and visible service closed",
                unit: "per month", .probability, prior: .uniform(0.05, 0.3), source: "assumption", \.behaviour.perceptionDrift),
            S(
                "behaviour.invisibility_gap", "Invisibility gap", zh: "服务感知差距",
                "how much worse than actual service households perceive it without open accounts",
                unit: "0–1", .probability, prior: .uniform(0.05, 0.35),
                source: "the plan §2: owners do not see what the fee buys; size is an assumption", \.behaviour.invisibilityGap),
            S(
                "behaviour.trust_drift", "Trust drift", zh: "信任调整速度", "monthly share of the gap between trust and perceived service closed",
                unit: "per month", .probability, prior: .uniform(0.03, 0.2), source: "assumption", \.behaviour.trustDrift),
            S(
                "behaviour.beta_trust", "Weight of trust", zh: "信任的权重", "effect of trust on willingness to pay (per unit of trust)",
                unit: "logit", .between(-20, 20), prior: .uniform(0.5, 3.5), source: "calibrated; assumption", \.behaviour.betaTrust),
            S(
                "behaviour.beta_value", "Weight of perceived service", zh: "感知服务的权重",
                "effect of perceived service on willingness (per unit)",
                unit: "logit", .between(-20, 20), prior: .uniform(0.5, 3.5), source: "calibrated; assumption", \.behaviour.betaValue),
            S(
                "behaviour.beta_norm", "Weight of the building norm", zh: "楼栋风气的权重",
                "effect of the share of neighbours in good standing on willingness",
                unit: "logit", .between(-20, 20), prior: .uniform(0, 2),
                source: "assumption (social-norm letters +1.3 to +5.1 pp, Hallsworth et al. 2017)", \.behaviour.betaNorm),
            S(
                "behaviour.beta_grievance", "Protest withholding", zh: "抗议性拒缴", "drop in willingness while a grievance is open",
                unit: "logit", .between(0, 20), prior: .uniform(4, 8),
                source: "calibrated: disputes are the main reason in dispute communities, withholding is near total (Xinhua 2024)",
                \.behaviour.betaGrievance),
            S(
                "behaviour.beta_strategic", "Free riding", zh: "攀比不缴（策略性欠费）",
                "drop in willingness of a strategic household facing no credible enforcement",
                unit: "logit", .between(0, 20), prior: .uniform(4, 8), source: "assumption", \.behaviour.betaStrategic),
            S(
                "behaviour.repay_all_prob", "Full repayment", zh: "一次性结清",
                "probability that a paying household in arrears pays all it owes (else one bill's worth)",
                unit: "probability", .probability, prior: .uniform(0.3, 0.8), source: "assumption", \.behaviour.repayAllProbability),
            S(
                "behaviour.collectability_half_life", "Collectability half-life", zh: "欠款可回收性半衰期",
                "age of a debt (months overdue) at which the chance that a paying household clears all of it has halved",
                unit: "months", .between(0.1, 240), prior: .uniform(6, 24),
                source:
                    "calibrated; collections rules of thumb (≈ 50% collectable after 90 days, ≈ 20% after 6–12 months) mix this with unwillingness, which the model has separately",
                \.behaviour.collectabilityHalfLife),
            S(
                "behaviour.reminder_half_life", "Reminder half-life", zh: "提醒效果半衰期", "months for a contact's attention uplift to halve",
                unit: "months", .between(0.1, 24), prior: .uniform(0.5, 3),
                source: "effects fade: SA visits gone within 3 months (Szabó & Ujhelyi 2015); reminders fade (Antinyan & Asatryan 2025)",
                \.behaviour.reminderHalfLife),
            S(
                "behaviour.deterrence_half_life", "Deterrence half-life", zh: "威慑效应半衰期", "months for enforcement credibility to halve",
                unit: "months", .between(0.1, 120), prior: .uniform(3, 24), source: "assumption", \.behaviour.deterrenceHalfLife),
            S(
                "behaviour.quality_adjustment", "Service adjustment speed", zh: "服务调整速度",
                "monthly share of the gap between service and its funding closed",
                unit: "per month", .probability, prior: .uniform(0.05, 0.3), source: "assumption", \.behaviour.qualityAdjustment),
            S(
                "behaviour.service_requirement", "Funding for full service", zh: "全额服务所需资金",
                "share of billing that must come in (rolling year) to fund full service",
                unit: "share", ValueRange(lower: 0, lowerOpen: true, upper: 1), prior: .uniform(0.85, 1), source: "assumption",
                \.behaviour.serviceRequirement),
            S(
                "behaviour.catch_up_bills", "Catching up", zh: "补缴欠费期数",
                "bills' worth of arrears a paying household in arrears adds to its current bill when it does not pay all it owes",
                unit: "bills", .whole(0, 12), prior: nil,
                source: "assumption: a household behind pays more than one bill when it pays (v2's 0 left steady payers owing forever)",
                int: \.behaviour.catchUpBills),
            S(
                "behaviour.withhold_share", "Withholding a disputed past", zh: "保留争议欠费（只缴当期）",
                "probability that a household whose grievance resolves while it owes something pays its fees from then on but withholds the disputed past (Civil Code art. 560: the payer may designate)",
                unit: "probability", .probability, prior: .uniform(0.6, 0.95),
                source:
                    "assumption: dispute communities report owners resuming payment while refusing the disputed years unless a deal waives part of them (Xinhua 2024)",
                \.behaviour.withholdShare),
            S(
                "behaviour.episode_onset", "Collective dispute onset", zh: "集体纠纷发生率",
                "monthly probability that a collective dispute episode (a service conflict, defects) starts in a building that has none",
                unit: "per month", .probability, prior: .uniform(0, 0.01),
                source: "assumption: collective fee strikes are reported but rare (Xinhua 2024)", \.behaviour.episodeOnset),
            S(
                "behaviour.episode_join", "Joining a collective dispute", zh: "参与集体拒缴的概率",
                "probability that a household joins its building's episode when it starts, withholding with it",
                unit: "probability", .probability, prior: .uniform(0.3, 0.9),
                source: "Xidi, Tianjin: 1,200 of 1,500 households refused together; assumption", \.behaviour.episodeJoin),
            S(
                "behaviour.episode_end", "Collective dispute ending", zh: "集体纠纷自行化解率",
                "monthly probability that an episode ends by itself (repairs, negotiation, time)",
                unit: "per month", .probability, prior: .uniform(0.01, 0.08),
                source: "assumption: disputes persist for years (Xinhua 2024, China Daily 2009)", \.behaviour.episodeEnd),
            S(
                "behaviour.withhold_release", "Giving up withholding", zh: "放弃保留争议欠费",
                "monthly probability that a household withholding a disputed past gives it up (a sale or move needs a clear account, a deal)",
                unit: "per month", .probability, prior: .uniform(0.005, 0.05),
                source: "assumption (resale turnover a few per cent a year, plus deals)", \.behaviour.withholdRelease)
        ]
        // The behaviour section's parameters are household behaviour; each lever's are lifted in its own group.
        .map { $0.path.hasPrefix("behaviour.") ? $0.grouped(.householdBehaviour) : $0 }
        + Transparency.declarations.map { $0.lifted(to: "levers.transparency", \Scenario.levers.transparency, group: .transparency) }
        + Assistance.declarations.map { $0.lifted(to: "levers.assistance", \Scenario.levers.assistance, group: .hardshipHelp) }
        + Cogovernance.declarations.map { $0.lifted(to: "levers.cogovernance", \Scenario.levers.cogovernance, group: .cogovernance) }
        + Legal.declarations.map { $0.lifted(to: "levers.legal", \Scenario.levers.legal, group: .legal) }
        + Settlement.declarations.map { $0.lifted(to: "levers.settlement", \Scenario.levers.settlement, group: .settlement) }
        + ladderFields.filter { $0.path == "drive_month" }
        .map { $0.lifted(to: "status_quo_dunning", \Scenario.statusQuoDunning, group: nil) }   // today's practice: not a lever
        + ladderFields.map { $0.lifted(to: "levers.dunning", \Scenario.levers.dunning, group: .dunning) }
        + Lever.allCases.map { lever in
            S(
                "levers.\(lever.key).enabled", "Switched on", zh: "启用",
                "1: the lever acts where a rollout phase switches it on; 0: never, whatever the rollout (so `--set levers.legal.enabled=0` takes lawsuits out of a strategy)",
                unit: "0 or 1", .whole(0, 1), prior: nil, source: "a setting", int: \Scenario.levers[enabled: lever])
        }

    typealias C = ParameterDeclaration<Community>
    /// The community's size (`community.households`, `community.buildings`): read by the loader on its own (it checks
    /// buildings ≤ households and an observed starting state), settable like any parameter.
    public static let communityStructure: [ParameterDeclaration<Community>] = [
        C(
            "households", "Households", zh: "户数", "N, the households of the community", unit: "households", .whole(1, 50_000_000),
            prior: nil, source: "community data", int: \.households),
        C(
            "buildings", "Buildings", zh: "楼栋数", "B, its buildings; household i lives in building ⌊i·B/N⌋", unit: "buildings",
            .whole(1, 50_000_000), prior: nil, source: "community data", int: \.buildings)
    ]

    /// A segment's billing cycle and whether its owners are absent (`community.segments.<name>.billing_months`,
    /// `….absentee`): read by the loader on its own, settable like any parameter.
    public static let segmentStructure: [ParameterDeclaration<Segment>] = [
        ParameterDeclaration<Segment>(
            "billing_months", "Billing cycle (segment)", zh: "计费周期（分群）",
            "months one bill of this segment covers (1, 2, 3, 4, 6 or 12); 0 = the community's",
            unit: "months", .whole(0, 12), prior: nil, source: "community data", int: \.billingMonthsValue),
        ParameterDeclaration<Segment>(
            "absentee", "Absent owners", zh: "业主不在住",
            "1 if the segment's owners are absent (no visit reaches them; their non-payment is vacancy), else 0",
            unit: "0 or 1", .whole(0, 1), prior: nil, source: "community data", int: \.absenteeValue)
    ]

    typealias L = ParameterDeclaration<Ladder>
    /// Numeric fields of a whole ladder (`status_quo_dunning.drive_month`, `levers.dunning.…`); the status-quo
    /// ladder has no set-up cost.
    public static let ladderFields: [ParameterDeclaration<Ladder>] = [
        L(
            "drive_month", "Year-end drive", zh: "年底清欠",
            "month of the year (1–12) when the ladder starts afresh for every household (attempt counts restart), so chronic debtors are chased again; 0 = never",
            unit: "month of year", .whole(0, 12), prior: nil, source: "industry practice: a year-end 清欠 drive (年底清欠); assumption",
            int: \.driveMonth),
        L(
            "setup_cost", "Set-up cost", zh: "启动成本",
            "one-off cost of the reminder platform, scripts and training, booked in the first month the smart ladder is active in any building",
            unit: "yuan", .money, prior: nil, source: "assumption: part of the plan's 30,000-yuan preparation", \.setupCost)
    ]

    typealias R = ParameterDeclaration<Rung>
    /// Fields of a dunning rung (`status_quo_dunning.ladder[k].…`, `levers.dunning.ladder[k].…`).
    public static let rungFields: [ParameterDeclaration<Rung>] = [
        R(
            "min_arrears_months", "Trigger", zh: "触发条件（欠费月数）", "the rung applies once the oldest unpaid bill is this many months overdue",
            unit: "months", .whole(1, 600), prior: nil, source: "a choice of the plan", int: \.minArrearsMonths),
        R(
            "delivery_prob", "Right-party contact", zh: "有效触达率", "probability that an attempt reaches the household",
            unit: "probability", .probability, prior: .uniform(0.4, 1), source: "assumption", \.deliveryProbability),
        R(
            "uplift", "Attention uplift", zh: "提醒带来的关注提升", "rise in the monthly chance to act on what is owed, at contact",
            unit: "logit", .between(-10, 10), prior: .uniform(0, 1.2),
            source:
                "SMS ≈ +2.7 pp, fading (Antinyan & Asatryan 2025); calls +25 pp, promises not kept (Mogollón et al. 2021); visits +25%, gone in 3 months (Szabó & Ujhelyi 2015)",
            \.uplift),
        R(
            "deterrence", "Deterrence", zh: "威慑效应", "enforcement credibility a contact creates for a strategic household",
            unit: "0–1", .probability, prior: .uniform(0, 0.8),
            source: "threat letters strongest (Fellner et al. 2013); +3.2 pp over reminders (Antinyan & Asatryan 2025)", \.deterrence),
        R(
            "cost_per_attempt", "Cost per attempt", zh: "每次催缴成本", "staff time and channel cost of one attempt",
            unit: "yuan", .money, prior: nil,
            source: "SMS 0.036–0.045; call 2–4; visit 18–40 (36 yuan/hour, NBS 2023)", \.costPerAttempt),
        R(
            "trust_penalty", "Trust cost", zh: "信任损失", "relative trust loss of a reached household",
            unit: "share", .probability, prior: .uniform(0, 0.02),
            source: "credible notices: no change in perceived fairness (Coville et al. 2020)", \.trustPenalty),
        R(
            "every_months", "Repeat interval", zh: "重复间隔", "at most one attempt every this many months",
            unit: "months", .whole(1, 120), prior: nil, source: "a choice of the plan", int: \.everyMonths),
        R(
            "max_attempts", "Attempts per episode", zh: "每轮催缴次数上限", "at most this many attempts per arrears episode",
            unit: "attempts", .whole(1, 255), prior: nil, source: "a choice of the plan; extra reminders are not additive",
            int: \.maxAttempts),
        R(
            "written_demand", "Written demand", zh: "书面催告",
            "1 if the rung is a written demand (a lawyer's letter) that interrupts the limitation period when it reaches the household, else 0",
            unit: "0 or 1", .whole(0, 1), prior: nil, source: "Civil Code art. 195", int: \.writtenDemandValue)
    ]

    typealias M = ParameterDeclaration<Reminder>
    /// Fields of a pre-due reminder.
    public static let reminderFields: [ParameterDeclaration<Reminder>] = [
        M(
            "uplift", "Pre-due attention uplift", zh: "到期前提醒的关注提升", "rise in the chance to pay on time in the month the bill is issued",
            unit: "logit", .between(-10, 10), prior: .uniform(0, 0.6),
            source: "monthly SMS before the due date +7–9% on-time repayment (Cadena & Schoar 2011)", \.uplift),
        M(
            "cost", "Cost per reminder", zh: "每次提醒成本", "per reminder sent", unit: "yuan", .money, prior: nil,
            source: "cloud SMS 0.036–0.045 yuan", \.cost)
    ]

    typealias G = ParameterDeclaration<Segment>
    /// Numeric fields of a segment (`community.segments.<name>.…`).
    public static let segmentFields: [ParameterDeclaration<Segment>] = [
        G("share", "Share", zh: "占比", "share of households", unit: "share", .probability, prior: nil, source: "community data", \.share),
        G(
            "area.median", "Median floor area", zh: "建筑面积中位数", "lognormal median, clipped to [20, 400]", unit: "m²", .between(20, 400),
            prior: nil, source: "community data", \.areaMedian),
        G(
            "area.sigma", "Floor area spread", zh: "建筑面积离散度", "lognormal sigma", unit: "log m²", .between(0, 3), prior: nil,
            source: "community data", \.areaSigma),
        G(
            "fee_multiplier", "Fee multiplier", zh: "收费系数", "share of the full fee charged (vacant units 0.5–0.7)", unit: "×",
            .between(0, 10), prior: nil, source: "local rules charge vacant units 50–70%", \.feeMultiplier),
        G(
            "propensity.a", "Willingness a", zh: "缴费意愿 a", "Beta a of intrinsic willingness", unit: "", .between(0.001, 1000),
            prior: nil, source: "calibrated (docs/CALIBRATION.md)", \.propensity.a),
        G(
            "propensity.b", "Willingness b", zh: "缴费意愿 b", "Beta b of intrinsic willingness", unit: "", .between(0.001, 1000),
            prior: nil, source: "calibrated", \.propensity.b),
        G(
            "attention", "Attention", zh: "关注度", "monthly chance that a willing, able household pays without a reminder",
            unit: "probability", .probability, prior: nil, source: "calibrated to the on-time rate", \.attention),
        G(
            "trust.a", "Trust a", zh: "信任度 a", "Beta a of initial trust", unit: "", .between(0.001, 1000), prior: nil,
            source: "calibrated", \.trust.a),
        G(
            "trust.b", "Trust b", zh: "信任度 b", "Beta b of initial trust", unit: "", .between(0.001, 1000), prior: nil,
            source: "calibrated", \.trust.b),
        G(
            "hardship", "Hardship at start", zh: "初始困难户比例", "share starting in hardship", unit: "share", .probability, prior: nil,
            source: "η_in / (η_in + η_out) unless the segment is poorer", \.hardship),
        G(
            "grievance", "Grievance at start", zh: "初始纠纷比例", "share starting with a grievance or dispute", unit: "share", .probability,
            prior: nil, source: "calibrated; dispute communities 20–70% (Xinhua 2024)", \.grievance),
        G(
            "strategic", "Strategic non-payers", zh: "策略性欠费户", "share of free riders (fixed trait)", unit: "share", .probability,
            prior: nil, source: "assumption", \.strategic),
        G(
            "arrears.probability", "In arrears at start", zh: "初始欠费户比例", "share starting in arrears", unit: "share", .probability,
            prior: nil, source: "calibrated", \.arrearsProbability),
        G(
            "arrears.extra_months_mean", "Initial arrears", zh: "初始欠费月数", "households in arrears start with 1 + Poisson(this) months",
            unit: "months", .between(0, 240), prior: nil, source: "calibrated", \.arrearsExtraMonths)
    ]

    /// The declaration of a scalar path, or nil. O(parameters).
    public static func scalar(_ path: String) -> ParameterDeclaration<Scenario>? { scalars.first { $0.path == path } }
}
