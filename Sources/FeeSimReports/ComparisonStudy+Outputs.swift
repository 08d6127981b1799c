import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

extension ComparisonStudy {
    /// The result folder's name: `name` when given, else the comparison's, with `-zh` added for a Chinese report so
    /// that it never replaces the English one.
    public func folderName(_ name: String?, language: Language) -> String {
        name ?? (language == .en ? file.name : "\(file.name)-\(language.rawValue)")
    }

    /// The report's context: `name`, `title` (default: the comparison's description in `language`), every file read
    /// and their hash.
    public func context(name: String, title: String?, language: Language, toolVersion: String) -> ComparisonContext {
        ComparisonContext(name: name, description: title ?? file.description(language.rawValue), toolVersion: toolVersion,
                          scenarioFiles: file.scenarioFiles, contentHash: file.contentHash)
    }

    /// The probabilistic comparison's part of the report: `sets` (run here or merged from shards) and, when `u` asks
    /// for it, the tornado of the strategy with the highest expected net benefit in `result`, which it runs.
    /// Strategies are titled in `language`.
    public func uncertaintyOutputs(_ u: Uncertainty, sets: ProbabilisticComparison.Result, result: StrategyComparison,
                                   language: Language, threads: Int?) throws -> UncertaintyOutputs {
        let title = { (k: Int) in self.scenarios[k].title(language.rawValue) }
        let tornado = u.tornado ? try self.tornado(of: result, u, threads: threads) : nil
        return try UncertaintyOutputs(result: sets, titles: scenarios.indices.map(title),
                                      tornado: tornado.map { (title($0.strategy), $0.netBenefit, $0.rateGain, $0.bars) },
                                      fixed: u.fixed)
    }
}
