import FeeSimModel

/// One numeric scenario value named by its key path, as scenario files spell it
/// (`behaviour.beta_trust`, `levers.dunning.ladder[2].uplift`, `community.segments.owner.propensity.a`).
public struct ParameterPath {
    public let path: String
    /// What values are allowed, in words, and as bounds.
    public let allowed: String
    public let lower: Double?
    public let upper: Double?
    public let whole: Bool
    let read: (Scenario) -> Double
    let write: (inout Scenario, Double) -> Void

    /// The value in `scenario`.
    public func value(in scenario: Scenario) -> Double { read(scenario) }

    /// Sets the value, checking it against what the scenario file would allow.
    public func set(_ value: Double, in scenario: inout Scenario) throws {
        let rule = NumberRule(lower: lower, upper: upper, whole: whole, text: allowed)
        guard rule.admits(value) else {
            throw ParameterError(message: "\(path) = \(value): out of range: must be \(allowed)")
        }
        write(&scenario, value)
    }
}

/// A parameter path that does not exist, or a value it does not allow.
public struct ParameterError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Every numeric value of a scenario, by path.
public enum ParameterSpace {
    /// All paths of `scenario`, in scenario-file order. O(parameters).
    public static func paths(in s: Scenario) -> [ParameterPath] {
        var out: [ParameterPath] = []
        func d(_ path: String, _ kp: WritableKeyPath<Scenario, Double>, _ rule: NumberRule) {
            out.append(ParameterPath(path: path, allowed: rule.text, lower: rule.lower, upper: rule.upper, whole: false,
                                     read: { $0[keyPath: kp] }, write: { $0[keyPath: kp] = $1 }))
        }
        func i(_ path: String, _ kp: WritableKeyPath<Scenario, Int>, _ rule: NumberRule) {
            out.append(ParameterPath(path: path, allowed: rule.text, lower: rule.lower, upper: rule.upper, whole: true,
                                     read: { Double($0[keyPath: kp]) }, write: { $0[keyPath: kp] = Int($1) }))
        }
        let p = NumberRule.probability
        d("target.collection_rate", \.target.collectionRate, p)
        d("community.fee_rate", \.community.feeRate, .positive)
        d("community.initial_quality", \.community.initialQuality, p)
        for (k, seg) in s.community.segments.enumerated() {
            let base = "community.segments.\(seg.name)"
            d("\(base).share", \.community.segments[k].share, p)
            d("\(base).area.median", \.community.segments[k].areaMedian, .between(20, 400))
            d("\(base).area.sigma", \.community.segments[k].areaSigma, .between(0, 3))
            d("\(base).fee_multiplier", \.community.segments[k].feeMultiplier, .between(0, 10))
            d("\(base).propensity.a", \.community.segments[k].propensity.a, .positive)
            d("\(base).propensity.b", \.community.segments[k].propensity.b, .positive)
            d("\(base).trust.a", \.community.segments[k].trust.a, .positive)
            d("\(base).trust.b", \.community.segments[k].trust.b, .positive)
            d("\(base).hardship", \.community.segments[k].hardship, p)
            d("\(base).grievance", \.community.segments[k].grievance, p)
            d("\(base).arrears.probability", \.community.segments[k].arrearsProbability, p)
            d("\(base).arrears.extra_months_mean", \.community.segments[k].arrearsExtraMonths, .between(0, 240))
        }
        let beta = NumberRule.between(-20, 20)
        d("behaviour.hardship_entry", \.behaviour.hardshipEntry, p)
        d("behaviour.hardship_exit", \.behaviour.hardshipExit, p)
        d("behaviour.hardship_ability", \.behaviour.hardshipAbility, p)
        d("behaviour.grievance_entry", \.behaviour.grievanceEntry, p)
        d("behaviour.grievance_exit", \.behaviour.grievanceExit, p)
        d("behaviour.trust_drift", \.behaviour.trustDrift, p)
        d("behaviour.beta_trust", \.behaviour.betaTrust, beta)
        d("behaviour.beta_quality", \.behaviour.betaQuality, beta)
        d("behaviour.beta_norm", \.behaviour.betaNorm, beta)
        d("behaviour.beta_grievance", \.behaviour.betaGrievance, beta)
        d("behaviour.trust_power_interaction", \.behaviour.trustPowerInteraction, p)
        d("behaviour.repay_all_prob", \.behaviour.repayAllProbability, p)
        d("behaviour.quality_adjustment", \.behaviour.qualityAdjustment, p)
        d("behaviour.service_requirement", \.behaviour.serviceRequirement, .between(0, 1, open: true))
        func ladder(_ name: String, _ kp: WritableKeyPath<Scenario, Ladder>, _ ladder: Ladder) {
            if ladder.preDueReminder != nil {
                d("\(name).pre_due_reminder.uplift", kp.appending(path: \Ladder.preDueReminder!.uplift), .between(-10, 10))
                d("\(name).pre_due_reminder.cost", kp.appending(path: \Ladder.preDueReminder!.cost), .nonNegative)
            }
            for r in ladder.rungs.indices {
                let base = "\(name).ladder[\(r)]"
                i("\(base).min_arrears_months", kp.appending(path: \Ladder.rungs[r].minArrearsMonths), .wholeAtLeast(1, atMost: 1200))
                d("\(base).delivery_prob", kp.appending(path: \Ladder.rungs[r].deliveryProbability), p)
                d("\(base).uplift", kp.appending(path: \Ladder.rungs[r].uplift), .between(-10, 10))
                d("\(base).cost_per_contact", kp.appending(path: \Ladder.rungs[r].costPerContact), .nonNegative)
                d("\(base).trust_penalty", kp.appending(path: \Ladder.rungs[r].trustPenalty), p)
            }
        }
        ladder("status_quo_dunning", \.statusQuoDunning, s.statusQuoDunning)
        i("levers.transparency.period", \.levers.transparency.period, .wholeAtLeast(1, atMost: 120))
        d("levers.transparency.reach", \.levers.transparency.reach, p)
        d("levers.transparency.trust_gain", \.levers.transparency.trustGain, p)
        d("levers.transparency.perception_boost", \.levers.transparency.perceptionBoost, p)
        d("levers.transparency.cost_per_publication", \.levers.transparency.costPerPublication, .nonNegative)
        d("levers.transparency.monthly_cost", \.levers.transparency.monthlyCost, .nonNegative)
        ladder("levers.dunning", \.levers.dunning, s.levers.dunning)
        d("levers.assistance.detection_prob", \.levers.assistance.detectionProbability, p)
        d("levers.assistance.ability_restore", \.levers.assistance.abilityRestore, p)
        d("levers.assistance.subsidy_share", \.levers.assistance.subsidyShare, p)
        d("levers.assistance.case_cost", \.levers.assistance.caseCost, .nonNegative)
        d("levers.cogovernance.peer_multiplier", \.levers.cogovernance.peerMultiplier, .between(0, 10))
        d("levers.cogovernance.trust_gain", \.levers.cogovernance.trustGain, p)
        d("levers.cogovernance.mediation_prob", \.levers.cogovernance.mediationProbability, p)
        d("levers.cogovernance.monthly_cost", \.levers.cogovernance.monthlyCost, .nonNegative)
        i("levers.legal.min_arrears_months", \.levers.legal.minArrearsMonths, .wholeAtLeast(1, atMost: 1200))
        d("levers.legal.filing_prob", \.levers.legal.filingProbability, p)
        d("levers.legal.cost_per_case", \.levers.legal.costPerCase, .nonNegative)
        d("levers.legal.trust_penalty", \.levers.legal.trustPenalty, p)
        d("levers.legal.public_trust_penalty", \.levers.legal.publicTrustPenalty, p)
        i("levers.legal.lag_months", \.levers.legal.lagMonths, .wholeAtLeast(1, atMost: 255))
        d("levers.legal.win_prob", \.levers.legal.winProbability, p)
        i("levers.legal.order_months", \.levers.legal.orderMonths, .wholeAtLeast(0, atMost: 65_535))
        for k in s.rollout.indices {
            d("rollout[\(k)].fixed_cost", \.rollout[k].fixedCost, .nonNegative)
            d("rollout[\(k)].monthly_cost", \.rollout[k].monthlyCost, .nonNegative)
        }
        return out
    }

    /// The path named `name` in `scenario` (`segments.` is short for `community.segments.`).
    /// - Throws: ``ParameterError`` naming the nearest valid paths.
    public static func resolve(_ name: String, in scenario: Scenario) throws -> ParameterPath {
        let wanted = name.hasPrefix("segments.") ? "community." + name : name
        let all = paths(in: scenario)
        if let hit = all.first(where: { $0.path == wanted }) { return hit }
        let scored: [(path: String, distance: Int)] = all.map { ($0.path, editDistance(wanted, $0.path)) }
        let sorted = scored.sorted { a, b in a.distance != b.distance ? a.distance < b.distance : a.path < b.path }
        let ranked: [String] = sorted.prefix(5).map { $0.path }
        throw ParameterError(message: "unknown parameter path '\(name)'. Nearest valid paths: "
                             + ranked.joined(separator: ", ") + ". (`feesim paths SCENARIO` lists them all.)")
    }
}
