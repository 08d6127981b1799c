import FeeSimModel
import FeeSimScenario

extension StudySpec.StudyRange {
    /// This range as the design functions take it.
    func parameterRange(named name: String) -> ParameterRange {
        ParameterRange(name: name, values: values, min: min, max: max, levels: levels, whole: whole)
    }
}

extension StudySpec {
    /// The study's parameter ranges for the design functions, in the study file's order.
    public var parameterRanges: [ParameterRange] {
        zip(parameterNames, ranges).map { $1.parameterRange(named: $0) }
    }

    /// The sweep's design kind (the loader admits only the names of ``DesignKind``).
    public var designKind: DesignKind { DesignKind(rawValue: design) ?? .grid }

    /// The number of sweep points, counted without building the design (which may not fit in memory); nil when it
    /// passes what an `Int` holds.
    public var sweepPointCount: Int? { Design.count(designKind, ranges: parameterRanges, count: points) }

    /// The sweep's design points, in id order.
    public func sweepPoints() throws -> [[Double]] {
        try Design.points(designKind, ranges: parameterRanges, count: points, seed: seed)
    }

    /// Points the sensitivity study evaluates: r·(k + 1) Morris points and N·(k + 2) Saltelli points, by `method`.
    public var sensitivityPointCounts: (morris: Int, sobol: Int) {
        let k = parameterNames.count
        return (method != "sobol" ? trajectories * (k + 1) : 0, method != "morris" ? samples * (k + 2) : 0)
    }

    /// Household-months one point costs (warm-up months included), over the study's replications.
    public var householdMonthsPerPoint: Double {
        Double(base.scenario.community.households) * Double(base.scenario.months + base.scenario.community.warmupMonths)
            * Double(replications)
    }
}

extension RobustSpec {
    /// The worlds' parameter ranges for the design functions, in the study file's order.
    public var parameterRanges: [ParameterRange] {
        zip(parameterNames, ranges).map { $1.parameterRange(named: $0) }
    }
}
