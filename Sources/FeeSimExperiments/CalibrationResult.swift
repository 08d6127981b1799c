import FeeSimModel
import FeeSimScenario

/// Fitted parameters with their uncertainty, and the fit month by month.
public struct CalibrationResult: Sendable {
    public let names: [String]
    public let start: [Double]
    public let fitted: [Double]
    /// Standard errors from the local linearisation at the optimum (see ``Calibration``).
    public let standardErrors: [Double]
    /// 95% intervals (t quantile with n − p degrees of freedom), clipped to the bounds.
    public let low: [Double]
    public let high: [Double]
    /// Weighted sum of squared errors and root mean squared error at the optimum.
    public let sse: Double
    public let rmse: Double
    public let observations: [Observation]
    public let fittedSeries: [Double]
    public let evaluations: Int
    public let converged: Bool
}
