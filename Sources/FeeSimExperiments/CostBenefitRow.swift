import FeeSimModel
import Foundation

/// One challenger's cost-benefit figures against the baseline.
public struct CostBenefitRow: Sendable {
    public let variant: String
    public let figures: [PairedFigure]
    public func figure(_ key: String) -> PairedFigure? { figures.first { $0.key == key } }
}
