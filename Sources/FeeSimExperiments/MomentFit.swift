/// Fitted parameters against several moments, the moments reached, and what the moments can tell apart.
public struct MomentFit: Sendable {
    public let names: [String]
    public let start: [Double]
    public let fitted: [Double]
    public let moments: [Moment]
    /// Simulated mean of each moment at the fit, and its Monte Carlo standard error.
    public let reached: [Double]
    public let reachedStandardErrors: [Double]
    /// ∂moment/∂parameter at the fit, scaled to a move of 10% of the parameter's search range:
    /// `sensitivity[moment][parameter]`.
    public let sensitivity: [[Double]]
    /// Parameters no moment moves by more than `flatThreshold` over 10% of their range: the data cannot pin
    /// them down (their fitted value is close to wherever the search happened to stop).
    public let flat: [Bool]
    public let flatThreshold: Double
    /// Weighted sum of squared distances at the fit.
    public let distance: Double
    public let evaluations: Int
    public let converged: Bool
}
