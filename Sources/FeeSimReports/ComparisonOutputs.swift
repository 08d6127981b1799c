import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// The files of a comparison: costbenefit.csv, targets.csv, report.md and report.html, in one language.
public struct ComparisonOutputs {
    public let result: StrategyComparison
    public let context: ComparisonContext
    public let language: Language
    /// The probabilistic comparison, when one ran: its summary joins the report.
    public var uncertainty: UncertaintyOutputs?

    /// The files of a Monte Carlo comparison alone (the workbench's answers and exports).
    public init(result: StrategyComparison, context: ComparisonContext, language: Language) {
        self.result = result
        self.context = context
        self.language = language
    }

    /// The files of a whole comparison study: its Monte Carlo comparison and, when one ran, its probabilistic
    /// comparison, with strategies titled in `language`.
    public init(_ study: ComparisonStudy.Result, context: ComparisonContext, language: Language) {
        self.init(result: study.monteCarlo, context: context, language: language)
        uncertainty = study.uncertainty.map { u in
            UncertaintyOutputs(u, titles: study.monteCarlo.variants.map { $0.model.scenario.title(language.rawValue) })
        }
    }

    /// The report's language, called as `L(text)`: short, because nearly every line of the renderers says it.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var L: Language { language }
    var baseline: Scenario { result.baseline.model.scenario }
    func title(_ e: Ensemble) -> String { e.model.scenario.title(language.rawValue) }

    // MARK: Formatting

    func pct(_ x: Double, digits: Int = 1) -> String { Format.percent(x, digits: digits) }
    /// "(Baseline)" after the baseline's name: half-width brackets in English, full-width in Chinese.
    var baselineMark: String { language == .zh ? "（\(L(Labels.baseline))）" : " (\(L(Labels.baseline)))" }

    func yuan(_ x: Double) -> String { Format.yuan(x, in: language) }
    func ratio(_ x: Double) -> String { Format.ratio(x) }
    func format(_ text: Text, _ args: CVarArg...) -> String { String(format: L(text), arguments: args) }

    /// The label of a cost-benefit figure, in the report's language.
    func label(_ figure: CostBenefitFigure) -> String {
        switch figure {
        case .extraPaid: L(Labels.extraPaid)
        case .extraRecovered: L(Labels.extraRecovered)
        case .extraRevenue: L(Labels.extraRevenue)
        case .extraRevenueTiming: L(Labels.extraRevenueTiming)
        case .extraRevenuePermanent: L(Labels.extraRevenuePermanent)
        case .extraCost: L(Labels.extraCost)
        case .netBenefit: L(Labels.netBenefit)
        case .npv: L(Labels.npv)
        case .benefitCostRatio: L(Labels.bcr)
        case .costPerExtraYuan: L(Labels.costPerYuan)
        case .paybackMonth: L(Labels.payback)
        case .pNetBenefitPositive: L(Labels.pPositive)
        case .outsidePhases: "\(L(Labels.extraCost)): \(L(Labels.outsidePhases))"
        case .costPart(let part): "\(L(Labels.extraCost)): \(language.costPartName(part))"
        case .phaseCost(let phase): "\(L(Labels.extraCost)): \(phase)"
        }
    }
}
