import FeeSimModel
import GSLKit

/// An output a sweep or sensitivity study records for each point: a horizon metric (`collection_rate_year_1`)
/// or a monthly metric at a month (`collection_rate@12`), as the mean over the point's replications.
public struct StudyOutput: Sendable, Equatable {
    public let name: String
    let horizonIndex: Int?
    let column: Int?
    let month: Int?

    /// Resolves `name` against a model's outputs.
    public init(_ name: String, model: CompiledModel) throws {
        self.name = name
        let horizon = HorizonMetrics.columnNames
        if let k = horizon.firstIndex(of: name) {
            horizonIndex = k; column = nil; month = nil
            return
        }
        let parts = name.split(separator: "@")
        if parts.count == 2, let c = model.layout.index(of: String(parts[0])), let t = Int(parts[1]),
            (1...model.months).contains(t)
        {
            horizonIndex = nil; column = c; month = t
            return
        }
        throw ComparisonError(
            message: "unknown output '\(name)': use a horizon metric (\(horizon.joined(separator: ", "))) "
                + "or METRIC@MONTH with a monthly metric (for example collection_rate@12) and a month in 1…\(model.months)")
    }

    func value(_ result: ReplicationResult) -> Double {
        if let horizonIndex { return result.horizon.values[horizonIndex] }
        return result.record[month: month!, column!]
    }
}

/// One evaluated point: its id, parameter values and, per output, mean and sd over its replications.
public struct PointResult: Sendable {
    public let id: Int
    public let values: [Double]
    public let means: [Double]
    public let sds: [Double]

    public init(id: Int, values: [Double], means: [Double], sds: [Double]) {
        (self.id, self.values, self.means, self.sds) = (id, values, means, sds)
    }
}

/// Runs scenarios at design points.
public enum Sweep {
    /// The seed of point `id`'s replications: derived from (study seed, id) alone, or the study seed itself
    /// when all points share their random numbers.
    public static func pointSeed(studySeed: UInt64, id: Int, commonRandomNumbers: Bool) -> UInt64 {
        commonRandomNumbers ? studySeed : SeedSequence.mix(SeedSequence.mix(studySeed) ^ UInt64(id))
    }

    /// Evaluates the points `ids` (in the order given) of `points`, calling `each` after every point.
    /// - Parameters:
    ///   - build: makes the scenario of a point from its parameter values (throws for values a scenario rejects).
    ///   - against: makes the scenario to take differences against at a point (nil: outputs are levels). It runs
    ///     with the point's seed, and each output is the point's value minus its value, replication by
    ///     replication (common random numbers), so the noise shared by the two cancels.
    public static func run(
        ids: [Int], points: [[Double]], outputs names: [String], replications: Int, studySeed: UInt64,
        commonRandomNumbers: Bool, threads: Int?, build: ([Double]) throws -> Scenario,
        against: (([Double]) throws -> Scenario?)? = nil, each: (PointResult) throws -> Void
    ) throws {
        for id in ids {
            let scenario = try build(points[id])
            // The point's seed and the study's replications, over the scenario's horizon and generator.
            let settings = scenario.settings.overriding(
                replications: replications, seed: pointSeed(studySeed: studySeed, id: id, commonRandomNumbers: commonRandomNumbers))
            let model = try CompiledModel(scenario, settings: settings)
            let outputs = try names.map { try StudyOutput($0, model: model) }
            // The reference (when there is one) runs first in each replication, sharing its warm-up with the
            // point where it can; its value of every output in every replication (empty without `against`).
            var models = [model]
            var otherOutputs: [StudyOutput] = []
            if let other = try against?(points[id]) {
                let otherModel = try CompiledModel(
                    other,
                    settings: other.settings.overriding(
                        months: settings.months, replications: replications, seed: settings.seed))
                otherOutputs = try names.map { try StudyOutput($0, model: otherModel) }
                models.insert(otherModel, at: 0)
            }
            var reference = [[Double]](repeating: [], count: replications)
            var sums = [StreamingSummary](repeating: StreamingSummary(exactLimit: 5), count: outputs.count)
            _ = try MonteCarlo.run(
                variants: models, threads: threads, statistics: false,
                each: { k, result in
                    if k < models.count - 1 {
                        reference[result.replication] = otherOutputs.map { $0.value(result) }
                        return
                    }
                    let base = reference[result.replication]
                    for (k, o) in outputs.enumerated() { sums[k].add(o.value(result) - (base.isEmpty ? 0 : base[k])) }
                })
            try each(
                PointResult(
                    id: id, values: points[id], means: sums.map { $0.summary.mean },
                    sds: sums.map { $0.summary.sd }))
        }
    }
}
