import FeeSimModel
import FeeSimScenario

extension PilotStudy {
    /// A pilot study of a challenger scenario: what is piloted, in how many buildings, for how long, and what the
    /// narrowing measures.
    public struct Plan: Sendable {
        /// The challenger with the command's parameter changes: its community is the pilot's.
        public let scenario: Scenario
        /// The union of the levers its rollout switches on.
        public let levers: LeverSet
        /// Treated buildings per pilot (as many controls), each k ≥ 2 with 2k within the community.
        public let treated: [Int]
        /// Months observed.
        public let months: [Int]
        /// Simulated pilots per (k, M), in 10…100,000.
        public let replications: Int
        /// Significance level of the evaluator's test, in [0.0001, 0.5].
        public let alpha: Double
        /// Power a pilot should have, in [0.5, 0.999].
        public let targetPower: Double
        /// The parameters the narrowing draws (empty: no narrowing), and pilots per (k, M) for it (20…100,000).
        public let measured: [ParameterPath]
        public let draws: Int

        /// Checks the plan against the scenario. `treated` nil: 2…min(8, buildings/2). `measure` nil: the uncertain
        /// parameters of the piloted levers; empty: no narrowing. Throws ``/FeeSimModel/ParameterError`` when the rollout
        /// switches on no lever, and ``/FeeSimModel/InputError`` (field `treated` or `measure`) when a k does not fit the community or
        /// a measured path is unknown or has no prior; and (fields `months`, `replications`, `alpha`, `power`,
        /// `narrowing-draws`) when a number is outside the range its property states.
        public init(
            _ scenario: Scenario, treated: [Int]?, months: [Int], replications: Int, alpha: Double, targetPower: Double,
            measure: [String]?, draws: Int?
        ) throws {
            for m in months { try InputError.check(m, in: RunSettings.monthRange, field: "months") }
            if months.isEmpty { throw InputError(field: "months", "must list at least one month") }
            try InputError.check(replications, in: 10...100_000, field: "replications")
            try InputError.check(alpha, in: 0.0001...0.5, field: "alpha")
            try InputError.check(targetPower, in: 0.5...0.999, field: "power")
            try InputError.check(draws, in: 20...100_000, field: "narrowing-draws")
            let levers = scenario.rollout.reduce(LeverSet()) { $0.union($1.levers) }
            guard levers.rawValue != 0 else {
                throw ParameterError(message: "\(scenario.name): its rollout switches on no lever, so there is nothing to pilot")
            }
            let nb = scenario.community.buildings
            let ks = treated ?? Array(2...max(2, min(8, nb / 2)))
            if let bad = ks.first(where: { $0 < 2 || 2 * $0 > nb }) {
                throw InputError(
                    field: "treated", "\(bad): each pilot needs k ≥ 2 treated and k control buildings, and the community has \(nb)")
            }
            let all = scenario.parameterPaths
            var measured: [ParameterPath]
            if let measure, !measure.isEmpty {
                measured = try measure.map { path in
                    guard let p = all.first(where: { $0.path == path }) else {
                        throw InputError(field: "measure", "\(path): no such parameter in \(scenario.name) (feesim paths lists them)")
                    }
                    guard p.prior != nil else {
                        throw InputError(field: "measure", "\(path): it has no declared prior, so there is nothing to narrow")
                    }
                    return p
                }
            } else if measure == nil {
                let prefixes = levers.levers.map { "levers.\($0.key)." }
                measured = ProbabilisticComparison.uncertainParameters(of: scenario).filter { p in
                    prefixes.contains { p.path.hasPrefix($0) }
                }
            } else {
                measured = []
            }
            (self.scenario, self.levers, self.treated, self.months) = (scenario, levers, ks, months)
            (self.replications, self.alpha, self.targetPower) = (replications, alpha, targetPower)
            self.measured = measured
            self.draws = draws ?? replications
        }
    }

    /// The power of every (k, M) pilot and, when parameters are measured, their narrowing.
    /// `progress(done, total)` counts the (k, M) cells finished: the power's, then the narrowing's.
    public static func run(_ plan: Plan, threads: Int?, progress: ((Int, Int) -> Void)? = nil)
        throws -> (power: [Cell], narrowing: [NarrowingCell])
    {
        let s = plan.scenario
        let cellCount = plan.treated.count * plan.months.count
        let total = plan.measured.isEmpty ? cellCount : 2 * cellCount
        let power = try run(
            community: s, levers: plan.levers, leverParameters: s.levers, treated: plan.treated, months: plan.months,
            replications: plan.replications, alpha: plan.alpha, targetPower: plan.targetPower, threads: threads,
            progress: progress.map { p in { done, _ in p(done, total) } })
        let cells =
            plan.measured.isEmpty
            ? []
            : try narrowing(
                community: s, levers: plan.levers, leverParameters: s.levers, measured: plan.measured, treated: plan.treated,
                months: plan.months, draws: plan.draws, threads: threads,
                progress: progress.map { p in { done, _ in p(cellCount + done, total) } })
        return (power, cells)
    }
}
