import FeeSimModel
import FeeSimScenario

/// What a study will cost before it runs (`feesim plan`): its runs and household-months, and core-hours estimated
/// from one replication of its base scenario timed on this machine (up to 12 months, one thread).
public struct StudyPlan: Sendable {
    /// The study's name.
    public let name: String
    /// "N points (design) × R replications" or "W worlds × S strategies × R replications".
    public let shape: String
    /// Points (sweep or sensitivity) or worlds × strategies (robust).
    public let units: Int
    /// Whether the study's points can be split into shards (sweeps and sensitivity studies; not robust studies).
    public let shardable: Bool
    public let runs: Int
    public let householdMonths: Double
    /// Measured seconds per household-month on one core.
    public let secondsPerHouseholdMonth: Double
    public var coreHours: Double { householdMonths * secondsPerHouseholdMonth / 3600 }

    /// Seconds per household-month of `scenario`, from one replication of up to 12 months on one thread.
    static func secondsPerHouseholdMonth(_ scenario: Scenario) throws -> (Double, CompiledModel) {
        let model = try CompiledModel(scenario, settings: scenario.settings.overriding(months: min(12, scenario.months), replications: 1))
        let timing = try Benchmark.time(model, replications: 1, threads: 1)
        return (timing.seconds / timing.householdMonths, model)
    }

    /// A sweep's (or with `sensitivity`, the Morris and Sobol designs') plan. Throws when a grid is too large to
    /// hold or an output is one a sweep would refuse, before anyone books a cluster.
    public init(_ study: StudySpec, sensitivity: Bool) throws {
        let k = study.parameterNames.count
        let points: Int
        let detail: String
        if sensitivity {
            let counts = study.sensitivityPointCounts
            points = counts.morris + counts.sobol
            detail =
                "Morris \(counts.morris) points (\(study.trajectories) trajectories × \(k + 1)), Sobol \(counts.sobol) points (\(study.samples) × \(k + 2))"
        } else {
            guard let n = study.sweepPointCount, n <= Design.maximumPoints else {
                throw ComparisonError(
                    message: "\(study.path): the \(study.design) design has more than \(Design.maximumPoints) points, "
                        + "which would not fit in memory: use fewer levels or a Latin hypercube")
            }
            points = n
            detail = "\(study.design) design"
        }
        let (perHM, model) = try Self.secondsPerHouseholdMonth(study.base.scenario)
        for output in study.outputs { _ = try StudyOutput(output, model: model) }
        name = study.name
        shape = "\(points) points (\(detail)) × \(study.replications) replications"
        units = points
        shardable = true
        runs = points * study.replications
        householdMonths = Double(points) * study.householdMonthsPerPoint
        secondsPerHouseholdMonth = perHM
    }

    /// A robust study's plan: every strategy in every world.
    public init(_ robust: RobustSpec) throws {
        let strategies = robust.comparison.all
        (secondsPerHouseholdMonth, _) = try Self.secondsPerHouseholdMonth(strategies[0].scenario)
        name = robust.name
        shape = "\(robust.worlds) worlds × \(strategies.count) strategies × \(robust.replications) replications"
        units = robust.worlds * strategies.count
        shardable = false
        runs = units * robust.replications
        householdMonths =
            Double(robust.worlds * robust.replications)
            * strategies.reduce(0.0) {
                $0 + Double($1.scenario.community.households * (robust.months + $1.scenario.community.warmupMonths))
            }
    }
}
