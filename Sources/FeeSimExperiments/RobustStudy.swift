import FeeSimModel
import FeeSimScenario

/// A robust-choice study file run end to end: its worlds drawn by Latin hypercube over the uncertain parameters,
/// every strategy of its comparison in every world on common random numbers, the strategies ranked by mean regret,
/// and the box of worlds where the top strategy fails (``RobustChoice``).
public enum RobustStudy {
    public struct Result: Sendable {
        /// The strategies' scenario names (the key every file joins on), baseline first: the order of `results`'
        /// columns.
        public let strategies: [String]
        /// Their English titles, in the same order (for people: robust.md).
        public let titles: [String]
        /// The worlds' parameter values, one row per world, in the study's parameter order.
        public let worlds: [[Double]]
        /// Net benefit and P(meets target) per world and strategy.
        public let results: RobustChoice.WorldResults
        /// The strategies ranked by mean regret (ties by English title); each row's `strategy` is a scenario name.
        public let ranked: [RobustChoice.Row]
        /// Where the top-ranked strategy misses the target (`strategy`: its scenario name).
        public let failures: RobustChoice.FailureBox

        /// The English title of the strategy with scenario name `name` (the name itself when it is none's). O(strategies).
        public func title(of name: String) -> String { strategies.firstIndex(of: name).map { titles[$0] } ?? name }
    }

    /// The plan targets a robust study checks: its collection rate by its month (the other targets at that month too;
    /// long-term arrears no later than the horizon).
    public static func targets(_ study: RobustSpec) -> PlanTargets {
        let m = study.targetMonth
        return PlanTargets(
            collectionRate: study.targetRate, firstMonth: m, secondMonth: m, voluntaryMonth: m,
            arrearsMonth: min(PlanTargets().arrearsMonth, study.months))
    }

    /// Runs the study. `progress(done, total)` follows the worlds. Cost: worlds × strategies × replications runs.
    public static func run(_ study: RobustSpec, threads: Int?, progress: ((Int, Int) -> Void)? = nil) throws -> Result {
        let worlds = try Design.points(.latinHypercube, ranges: study.parameterRanges, count: study.worlds, seed: study.seed)
        let strategies = study.comparison.all
        let results = try RobustChoice.evaluate(
            strategies: strategies.map(\.scenario), worlds: worlds,
            parameters: study.parameterNames, months: study.months,
            replications: study.replications, seed: study.seed,
            targets: targets(study), threads: threads, progress: progress)
        let names = strategies.map(\.scenario.name)
        let titles = strategies.map { $0.scenario.title("en") }
        let title = Dictionary(zip(names, titles), uniquingKeysWith: { first, _ in first })   // lookup only
        let ranked = RobustChoice.rank(strategies: names, results: results)
            .sorted { ($0.meanRegret, title[$0.strategy]!, $0.strategy) < ($1.meanRegret, title[$1.strategy]!, $1.strategy) }
        let top = names.firstIndex(of: ranked[0].strategy) ?? 0
        let box = RobustChoice.peel(
            points: worlds, failed: results.meets.map { $0[top] < 0.5 }, names: study.parameterNames,
            strategy: ranked[0].strategy)
        return Result(strategies: names, titles: titles, worlds: worlds, results: results, ranked: ranked, failures: box)
    }
}
