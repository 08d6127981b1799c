import FeeSimModel
import Foundation

/// The result of comparing variants over one community.
public struct StrategyComparison: Sendable {
    public let baseline: Ensemble
    public let challengers: [Ensemble]
    public let costBenefit: [CostBenefitRow]
    /// Baseline first, then the challengers.
    public let targets: [TargetRow]
    public let targetsUsed: PlanTargets
    public let annualDiscountRate: Double
    public var variants: [Ensemble] { [baseline] + challengers }
}
