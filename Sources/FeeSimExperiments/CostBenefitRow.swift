import FeeSimModel
import Foundation

/// One challenger's cost-benefit figures against the baseline.
public struct CostBenefitRow: Sendable {
    public let variant: String
    public let figures: [PairedFigure]
    /// The figure asked for; nil only for a phase the challenger does not have. O(figures).
    public func figure(_ figure: CostBenefitFigure) -> PairedFigure? { figures.first { $0.figure == figure } }
}
