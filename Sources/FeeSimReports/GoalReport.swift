import FeeSimExperiments
import FeeSimModel
import Foundation

/// `feesim goal`'s answer as Markdown: what value of a parameter makes a figure reach a target, and every
/// evaluation of the search.
public struct GoalReport {
    public let scenario: String
    public let parameter: ParameterPath
    public let figure: String
    public let atLeast: Double
    public let replications: Int
    public let lower: Double
    public let upper: Double
    public let tolerance: Double

    public init(
        scenario: String, parameter: ParameterPath, figure: String, atLeast: Double, replications: Int,
        lower: Double, upper: Double, tolerance: Double
    ) {
        (self.scenario, self.parameter, self.figure, self.atLeast) = (scenario, parameter, figure, atLeast)
        (self.replications, self.lower, self.upper, self.tolerance) = (replications, lower, upper, tolerance)
    }

    /// The answer and the table of evaluations (parameter value → figure), in increasing value.
    public func markdown(_ outcome: GoalSeek.Outcome, evaluations: [(Double, Double)]) -> String {
        func short(_ x: Double) -> String { String(format: "%.4g", x) }
        let p = parameter.path
        var md = "# What would it take: \(p) for \(figure) ≥ \(short(atLeast))\n\n"
        md += "\(scenario), \(replications) replications per evaluation (common random numbers), searched \(short(lower))…"
        md += "\(short(upper)) (\(parameter.unit)); \(parameter.name): \(parameter.meaning).\n\n"
        switch outcome {
        case .found(let x, let f):
            md += "**\(p) ≥ \(short(x))** (within \(short(tolerance))): there \(figure) = \(short(f)).\n"
        case .alreadyAtLower(let f):
            md += "Already reached at \(short(lower)): \(figure) = \(short(f)).\n"
        case .never(let f):
            md +=
                "**No value up to \(short(upper)) reaches it**: at \(short(upper)), \(figure) = \(short(f)). "
                + "Something else has to change as well.\n"
        }
        md += "\n| \(p) | \(figure) |\n|---|---|\n"
        for (x, v) in evaluations.sorted(by: { $0.0 < $1.0 }) { md += "| \(short(x)) | \(short(v)) |\n" }
        return md
    }
}
