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
                    // Buildings for this pilot: 2k drawn at random, the first k treated.
                    let rng = try RandomStream(seed: SeedSequence.seed(master: base.seed, replication: UInt64(r),
                                                                        stream: UInt64(1000 + k)))
                    var order = (0..<nb).map { Int32($0) }
                    rng.shuffle(&order)
                    let treated = order.prefix(k).map { Int($0) }
                    let control = order.dropFirst(k).prefix(k).map { Int($0) }
                    var s = base
                    s.months = m
                    s.levers = leverParameters
                    s.rollout = [Phase(name: "pilot", startMonth: 1, endMonth: m, buildings: .list(treated.sorted()),
                                       levers: levers)]
                    let sim = try Simulation(model: try CompiledModel(s), replication: r)
                    sim.run()
                    let a = treated.map { sim.collectionRate(ofBuilding: $0) }
                    let b = control.map { sim.collectionRate(ofBuilding: $0) }
                    let test = welch(a, b)
                    let effect = a.reduce(0, +) / Double(k) - b.reduce(0, +) / Double(k)
                    return (effect, test.se, test.p, test.p < alpha && effect > 0)
                }
                let rejections = outcomes.filter(\.3).count
                let effects = outcomes.map(\.0)
                let ses = outcomes.map(\.1)
                let power = Double(rejections) / Double(replications)
                let (lo, hi) = Comparison.wilson(successes: Double(rejections), n: Double(replications))
                let dof = Double(2 * k - 2)
                let seMedian = SampleSummary.quantile(sorted: ses.filter { !$0.isNaN }.sorted(), 0.5)
                let mde = (Distribution.studentTQuantile(1 - alpha / 2, dof: dof)
                           + Distribution.studentTQuantile(targetPower, dof: dof)) * seMedian
                cells.append(Cell(treated: k, months: m, power: power, powerLow: lo, powerHigh: hi,
                                  meanEffect: effects.reduce(0, +) / Double(replications), detectableEffect: mde))
                progress?(cells.count, total)
            }
        }
        return cells
    }
}

