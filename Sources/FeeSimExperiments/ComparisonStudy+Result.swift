extension ComparisonStudy {
    /// Everything a comparison's reports show, computed by ``ComparisonStudy/run(targets:annualDiscountRate:uncertainty:mergedSets:threads:progress:isCancelled:statusQuo:)``:
    /// renderers (Markdown, HTML, CSV, workbook, the workbench's JSON) only read it.
    public struct Result: Sendable {
        /// The Monte Carlo comparison at the scenarios' values: ensembles, cost-benefit and targets.
        public let monteCarlo: StrategyComparison
        /// The probabilistic comparison, its value of information and tornado; nil when none was asked for.
        public let uncertainty: UncertaintyAnalysis?
        /// Wall time of each part, seconds: `comparison`, and with an uncertainty analysis `probabilistic` (or
        /// `probabilistic_merge` when its sets came from shards) and `tornado_and_value_of_information`.
        public let partSeconds: [String: Double]
    }

    /// What a running study reports, for progress displays.
    public enum Event: Sendable {
        /// A strategy's Monte Carlo replications: `done` of `total`.
        case replications(strategy: String, done: Int, total: Int)
        /// The probabilistic comparison's parameter sets: `done` of `total`.
        case parameterSets(done: Int, total: Int)
        /// The tornado and the value of information are being computed.
        case tornado
    }
}
