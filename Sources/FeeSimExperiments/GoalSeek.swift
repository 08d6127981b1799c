import FeeSimModel
import Foundation
import GSLKit

/// "What would it take": the smallest value of a parameter at which a figure reaches a target, by bisection on
/// common random numbers, assuming the figure rises with the parameter (checked at both ends).
public enum GoalSeek {
    public enum Outcome: Sendable, Equatable {
        /// The figure reaches the target from this value on (within the tolerance); `figure` is its value there.
        case found(value: Double, figure: Double)
        /// Even the lower bound reaches it.
        case alreadyAtLower(figure: Double)
        /// No value up to the upper bound reaches it; `figure` is the figure at the upper bound.
        case never(figureAtUpper: Double)
    }

    /// Bisection on [lower, upper] to `tolerance`: O(log₂((upper − lower)/tolerance)) evaluations of `figure`.
    public static func smallest(
        lower: Double, upper: Double, tolerance: Double, target: Double,
        figure: (Double) throws -> Double
    ) rethrows -> Outcome {
        let atLower = try figure(lower)
        if atLower >= target { return .alreadyAtLower(figure: atLower) }
        let atUpper = try figure(upper)
        if atUpper < target { return .never(figureAtUpper: atUpper) }
        var lo = lower, hi = upper, best = atUpper
        while hi - lo > tolerance {
            let mid = (lo + hi) / 2
            let f = try figure(mid)
            if f >= target { hi = mid; best = f } else { lo = mid }
        }
        return .found(value: hi, figure: best)
    }

    /// The smallest value of `parameter` in [lower, upper] at which the mean over the replications of the horizon
    /// figure `figure` (`target_reached`, `collection_rate_year_1`, …) reaches `atLeast`. Every evaluation runs the
    /// scenario with `settings` (one seed: common random numbers); a whole parameter is rounded. `evaluated` hears each
    /// (value, figure) pair; `isCancelled` is asked before each evaluation (then `CancellationError`). Used by
    /// `feesim goal` and the workbench alike. Throws ``/FeeSimModel/InputError`` (field `figure` or `tolerance`) for a figure that
    /// is not a column of replications.csv or a tolerance that is not positive, before anything runs.
    public static func smallest(
        _ parameter: ParameterPath, in scenario: Scenario, lower: Double, upper: Double, tolerance: Double,
        figure: String, atLeast: Double, settings: RunSettings, threads: Int? = nil,
        isCancelled: (() -> Bool)? = nil, evaluated: ((_ value: Double, _ figure: Double) -> Void)? = nil
    ) throws -> Outcome {
        let figures = HorizonMetrics.columnNames
        guard figures.contains(figure) else {
            throw InputError(
                field: "figure",
                "'\(figure)' is not a column of replications.csv; for example target_reached, "
                    + "collection_rate_year_1, net_cash_total")
        }
        guard tolerance > 0 else { throw InputError(field: "tolerance", "must be > 0 (got \(tolerance))") }
        try scenario.target.checkHorizon(settings.months)
        // Where the parameter is invisible to the warm-up (a lever's), every evaluation branches replication r
        // from one warm-up.
        let warmStarts = WarmStarts()
        return try smallest(lower: lower, upper: upper, tolerance: tolerance, target: atLeast) { x in
            if isCancelled?() == true { throw CancellationError() }
            var s = scenario
            try parameter.set(parameter.whole ? x.rounded() : x, in: &s)
            let model = try CompiledModel(s, settings: settings)
            let value = try MonteCarlo.run(model, threads: threads, warmStarts: warmStarts).horizon(figure)?.mean ?? .nan
            // A figure the horizon leaves undefined is no answer: say so instead of comparing NaN.
            guard value.isFinite else {
                throw InputError(
                    field: "months",
                    "\(figure) is undefined over \(settings.months) months (no finite value): "
                        + "give a longer horizon")
            }
            evaluated?(x, value)
            return value
        }
    }

    /// The search range for `parameter` in `scenario`: `lower` (default: the scenario's value) to `upper` (default:
    /// the parameter's largest allowed value when below 10⁶). Throws ``/FeeSimModel/InputError`` (field `upper` or `lower`) when
    /// there is no upper end, an end is outside what the parameter allows, or the lower end is not below the upper.
    public static func range(of parameter: ParameterPath, in scenario: Scenario, lower: Double?, upper: Double?) throws
        -> (lower: Double, upper: Double)
    {
        let lo = lower ?? parameter.value(in: scenario)
        guard let hi = upper ?? parameter.upper.flatMap({ $0 < 1e6 ? $0 : nil }) else {
            throw InputError(field: "upper", "is needed: \(parameter.path) has no small upper bound (\(parameter.allowed))")
        }
        for v in [lo, hi] where !parameter.range.admits(v) {
            throw InputError(field: v == lo ? "lower" : "upper", "\(v) is outside what \(parameter.path) allows (\(parameter.allowed))")
        }
        guard lo < hi else { throw InputError(field: "lower", "\(lo) is not below the upper end \(hi)") }
        return (lo, hi)
    }
}
