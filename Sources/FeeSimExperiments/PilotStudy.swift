import FeeSimModel
import Foundation
import GSLKit

/// Power of a real pilot: k buildings get the challenger's levers, k others stay as they are, both are observed
/// for M months, and an evaluator compares the buildings' collection rates with Welch's t-test.
public enum PilotStudy {
    /// One cell of the power table.
    public struct Cell: Sendable, Equatable {
        public let treated: Int
        public let months: Int
        /// Share of simulated pilots whose test rejects "no effect" at α in the effect's direction.
        public let power: Double
        public let powerLow: Double
        public let powerHigh: Double
        /// Mean treated − control difference in building collection rate (rate units).
        public let meanEffect: Double
        /// Smallest true effect this pilot detects with the target power: (t₁₋α/₂ + t_power)·SE, SE the median
        /// standard error of the difference across simulated pilots.
        public let detectableEffect: Double
    }

    /// Welch's two-sample t-test: the statistic, its degrees of freedom and the two-sided p-value.
    public static func welch(_ a: [Double], _ b: [Double]) -> (t: Double, dof: Double, p: Double, se: Double) {
        func meanVar(_ x: [Double]) -> (Double, Double) {
            let m = x.reduce(0, +) / Double(x.count)
            let v = x.count > 1 ? x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count - 1) : 0
            return (m, v)
        }
        let (ma, va) = meanVar(a), (mb, vb) = meanVar(b)
        let qa = va / Double(a.count), qb = vb / Double(b.count)
        let se = (qa + qb).squareRoot()
        guard se > 0, a.count > 1, b.count > 1 else { return (.nan, .nan, .nan, se) }
        let t = (ma - mb) / se
        let dof = (qa + qb) * (qa + qb) / (qa * qa / Double(a.count - 1) + qb * qb / Double(b.count - 1))
        let p = 2 * (1 - Distribution.studentT(abs(t), dof: dof))
        return (t, dof, p, se)
    }

    /// Closed-form power of a two-sided two-sample test with k units per arm, true difference δ and unit sd σ,
    /// by the normal approximation: Φ(δ/(σ√(2/k)) − z₁₋α/₂).
    public static func normalPower(effect: Double, sd: Double, perArm k: Int, alpha: Double) -> Double {
        Distribution.normal(effect / (sd * (2 / Double(k)).squareRoot()) - Distribution.normalQuantile(1 - alpha / 2))
    }

    /// Simulates `replications` pilots for every (k, M): the challenger's levers switched on in k random
    /// buildings from month 1 to M, k other random buildings as controls.
    /// - Parameters:
    ///   - community: the scenario whose community, behaviour and status-quo ladder the pilot runs in (its own
    ///     rollout is replaced).
    ///   - levers: the challenger's levers and their parameters.
    public static func run(
        community base: Scenario, levers: LeverSet, leverParameters: Levers, treated ks: [Int], months ms: [Int],
        replications: Int, alpha: Double = 0.05, targetPower: Double = 0.8, threads: Int? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> [Cell] {
        let nb = base.community.buildings
        precondition(ks.allSatisfy { $0 >= 2 && 2 * $0 <= nb }, "every k must leave room for k controls")
        var cells: [Cell] = []
        let total = ks.count * ms.count
        for k in ks {
            for m in ms {
                // Per replication: effect, SE of the difference, p-value, rejected in the effect's direction.
                let outcomes = try ParallelMap.run(count: replications, threads: threads) { r -> (Double, Double, Double, Bool) in
                    var s = base
                    s.levers = leverParameters
                    let pilot = try simulate(s, levers: levers, treated: k, months: m, replication: r)
                    return (pilot.effect, pilot.se, pilot.p, pilot.p < alpha && pilot.effect > 0)
                }
                let rejections = outcomes.filter(\.3).count
                let effects = outcomes.map(\.0)
                let ses = outcomes.map(\.1)
                let power = Double(rejections) / Double(replications)
                let (lo, hi) = Comparison.wilson(successes: Double(rejections), n: Double(replications))
                let dof = Double(2 * k - 2)
                let seMedian = SampleSummary.quantile(sorted: ses.filter { !$0.isNaN }.sorted(), 0.5)
                let mde =
                    (Distribution.studentTQuantile(1 - alpha / 2, dof: dof)
                        + Distribution.studentTQuantile(targetPower, dof: dof)) * seMedian
                cells.append(
                    Cell(
                        treated: k, months: m, power: power, powerLow: lo, powerHigh: hi,
                        meanEffect: effects.reduce(0, +) / Double(replications), detectableEffect: mde))
                progress?(cells.count, total)
            }
        }
        return cells
    }

    /// What an evaluator records from one pilot: the treated − control difference in building collection rate, its
    /// Welch standard error and p-value, and the pilot's own records (``PilotStudy/recordNames``).
    struct Observation {
        let effect: Double
        let se: Double
        let p: Double
        let records: [Double]
    }

    /// The pilot's records beside the collection-rate difference, as the evaluator would keep them: the share of
    /// contacts that reached the household, the share of new instalment plans that defaulted, the share of
    /// lawsuits settled and won, and two end-of-pilot surveys (mean trust and perceived service, treated − control).
    /// Counts are over the pilot's months; a share with no cases is 0.
    public static let recordNames = [
        "contact_reach_share", "plan_default_share", "lawsuit_settled_share",
        "lawsuit_won_share", "trust_survey_difference", "perceived_service_difference"
    ]

    /// One simulated pilot: `levers` switched on in k random buildings of `scenario`'s community from month 1 to M,
    /// k other random buildings as controls (both drawn from stream 1000 + k of the replication).
    static func simulate(
        _ scenario: Scenario, levers: LeverSet, treated k: Int, months m: Int,
        replication r: Int
    ) throws -> Observation {
        let nb = scenario.community.buildings
        let rng = try RandomStream(
            seed: SeedSequence.seed(
                master: scenario.seed, replication: UInt64(r),
                stream: .pilotBuildings, offset: UInt64(k)))
        var order = (0..<nb).map { Int32($0) }
        rng.shuffle(&order)
        let treated = order.prefix(k).map { Int($0) }
        let control = order.dropFirst(k).prefix(k).map { Int($0) }
        var s = scenario
        s.rollout = [Phase(name: "pilot", startMonth: 1, endMonth: m, buildings: .list(treated.sorted()), levers: levers)]
        let model = try CompiledModel(s, settings: s.settings.overriding(months: m))
        let sim = try Simulation(model: model, replication: r)
        let record = sim.run()
        let a = treated.map { sim.collectionRate(ofBuilding: $0) }
        let b = control.map { sim.collectionRate(ofBuilding: $0) }
        let test = welch(a, b)
        func total(_ metric: Metric) -> Double { (1...m).reduce(0) { $0 + record[month: $1, metric] } }
        func share(_ part: Metric, of whole: Metric) -> Double {
            let w = total(whole)
            return w > 0 ? total(part) / w : 0
        }
        func survey(_ value: (Int) -> Double) -> Double {
            func mean(_ buildings: [Int]) -> Double {
                var sum = 0.0, count = 0
                for bl in buildings {
                    for i in model.buildingStart[bl]..<model.buildingStart[bl + 1] { sum += value(i); count += 1 }
                }
                return count > 0 ? sum / Double(count) : 0
            }
            return mean(treated) - mean(control)
        }
        let records = [
            share(.contactsReached, of: .contacts), share(.planDefaults, of: .newEnrolments),
            share(.legalSettlements, of: .legalFilings), share(.legalWins, of: .legalFilings),
            survey(sim.trust(of:)), survey(sim.perceivedService(of:))
        ]
        return Observation(
            effect: a.reduce(0, +) / Double(k) - b.reduce(0, +) / Double(k), se: test.se, p: test.p,
            records: records)
    }

    /// What a pilot would teach about one parameter: its prior spread and the spread expected after the pilot.
    public struct Narrowing: Sendable, Equatable {
        public let parameter: String
        /// Prior standard deviation, and the expected posterior standard deviation √E[Var(θ | pilot data)], in the
        /// parameter's units: given the evaluator's collection-rate estimate alone, and given it with the pilot's
        /// records.
        public let priorSD: Double
        public let posteriorSDFromEffect: Double
        public let posteriorSD: Double
        /// 1 − posterior sd / prior sd: 0 = the pilot teaches nothing about it, 1 = it pins it down.
        public var narrowing: Double { priorSD > 0 ? max(0, 1 - posteriorSD / priorSD) : 0 }
        public var narrowingFromEffect: Double { priorSD > 0 ? max(0, 1 - posteriorSDFromEffect / priorSD) : 0 }
    }

    /// One pilot design's narrowing of each measured parameter.
    public struct NarrowingCell: Sendable, Equatable {
        public let treated: Int
        public let months: Int
        public let parameters: [Narrowing]
    }

    /// The expected posterior standard deviation of θ after observing the data dᵢ (one or more numbers per pilot),
    /// from a joint sample (θᵢ, dᵢ) of the prior predictive: E[Var(θ | d)] = Var(θ) − Var(E[θ | d]), with E[θ | d]
    /// fitted by least squares — a cubic for one number, linear terms for several — and the residual variance
    /// taken over n − (number of terms) degrees of freedom (the regression approach to expected posterior variance,
    /// as in Strong, Oakley & Brennan's EVPPI and Heath's EVSI methods). O(n·d²).
    public static func expectedPosteriorSD(theta: [Double], data: [[Double]]) -> (prior: Double, posterior: Double) {
        let n = theta.count, columns = data.first?.count ?? 0
        // Columns that never vary (no lawsuit in any pilot) are dropped by the fit, so they cost no freedom.
        let varying = (0..<columns).filter { c in data.contains { $0[c] != data[0][c] } }.count
        let terms = Double(columns == 1 ? 4 : 1 + varying)
        guard Double(n) > terms + 1 else { return (.nan, .nan) }
        let mean = theta.reduce(0, +) / Double(n)
        let prior = (theta.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)).squareRoot()
        let fitted = DecisionAnalysis.fit(nb: theta.map { [$0] }, x: data).map { $0[0] }
        let residual = zip(theta, fitted).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / (Double(n) - terms)
        return (prior, min(prior, residual.squareRoot()))
    }

    /// Prior-to-posterior narrowing: for each (k, M), `draws` pilots, each with the measured parameters drawn
    /// together from their priors (Latin hypercube, reproducible from the scenario's seed) and everything else at
    /// the scenario's values. What the pilot observes is the evaluator's estimate (treated − control difference in
    /// collection rate) and the pilot's own records (``recordNames``); each parameter's expected posterior spread
    /// given the estimate alone, and given it with the records, is estimated by ``expectedPosteriorSD(theta:data:)``.
    /// Parameters drawn together act as each other's nuisance, as they would in the field.
    /// - Complexity: ks × ms × draws pilot simulations, spread over `threads` (identical for any thread count).
    public static func narrowing(
        community base: Scenario, levers: LeverSet, leverParameters: Levers, measured: [ParameterPath],
        treated ks: [Int], months ms: [Int], draws: Int, threads: Int? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> [NarrowingCell] {
        precondition(draws > 5 && !measured.isEmpty && measured.allSatisfy { $0.prior != nil })
        let seed = SeedSequence.seed(master: base.seed, replication: 0, stream: StreamIDs.pilotPriorDraws)
        let values = try Design.priorDraws(measured, count: draws, seed: seed)
        var cells: [NarrowingCell] = []
        for k in ks {
            for m in ms {
                let observed = try ParallelMap.run(count: draws, threads: threads) { r -> [Double] in
                    var s = base
                    s.levers = leverParameters
                    for (p, v) in zip(measured, values[r]) { try p.set(v, in: &s) }
                    let o = try simulate(s, levers: levers, treated: k, months: m, replication: r)
                    return [o.effect] + o.records
                }
                let effectOnly = observed.map { [$0[0]] }
                let parameters = measured.enumerated().map { j, p in
                    let theta = values.map { $0[j] }
                    let fromEffect = expectedPosteriorSD(theta: theta, data: effectOnly)
                    let withRecords = expectedPosteriorSD(theta: theta, data: observed)
                    return Narrowing(
                        parameter: p.path, priorSD: withRecords.prior, posteriorSDFromEffect: fromEffect.posterior,
                        posteriorSD: withRecords.posterior)
                }
                cells.append(NarrowingCell(treated: k, months: m, parameters: parameters))
                progress?(cells.count, ks.count * ms.count)
            }
        }
        return cells
    }
}
