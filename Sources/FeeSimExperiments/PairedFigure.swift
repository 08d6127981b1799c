import FeeSimModel
import Foundation

/// A paired figure of a challenger against the baseline: mean over replications with its 95% confidence
/// interval, and the 5–95% spread of the replication values.
public struct PairedFigure: Sendable, Equatable {
    /// Which figure this is.
    public let figure: CostBenefitFigure
    /// Its column value in costbenefit.csv.
    public var key: String { figure.key }
    public let mean: Double
    public let ciLow: Double
    public let ciHigh: Double
    public let p05: Double
    public let p95: Double
    /// Half-width of the 95% interval had the two scenarios been run with independent random numbers
    /// (NaN where it does not apply): what common random numbers save.
    public let unpairedHalfWidth: Double
    /// The share of replications in which the figure has a value, in [0, 1]: for the payback month, the share of
    /// replications that pay back within the horizon (its mean is over those alone); 1 for every other figure.
    public var valueShare: Double = 1
}
