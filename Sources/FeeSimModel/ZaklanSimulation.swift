import Foundation
import GSLKit

/// The Ising-type tax-evasion model of Zaklan, Westerhoff & Stauffer (2009, J. Econ. Interact. Coord. 4:1–14):
/// N = L² agents on a periodic square lattice, each honest (+1) or evading (−1). Every period:
///
/// 1. each agent in turn (typewriter order, using its neighbours' current choices) that is not serving a
///    penalty chooses honesty with the heat-bath probability 1 / (1 + e^(−2h/T)), h = the sum of its four
///    neighbours' choices; an agent serving a penalty stays honest and counts one period off;
/// 2. the period's compliance is recorded (share honest);
/// 3. each evader is audited with probability p; an audited evader turns honest for the next k periods.
///
/// In FeeSim's terms every agent owes a fee of 1 each period and pays it when honest, so `collection_rate` is
/// the compliance share and `1 − collection_rate` the paper's tax-evasion share. Other metrics are zero.
public final class ZaklanSimulation {
    public let model: CompiledModel
    public let parameters: ZaklanParameters
    public private(set) var record: MonthlyRecord
    public let pilotBuildings: [Int] = []
    public private(set) var month = 0
    private var spin: [Int8]
    private var penalty: [Int32]
    private let update: RandomStream
    private let audit: RandomStream
    /// e^(−2h/T) for h = −4, −2, 0, 2, 4 (index (h + 4) / 2).
    private let boltzmann: [Double]

    public init(model: CompiledModel, parameters p: ZaklanParameters, replication: Int) throws {
        self.model = model
        self.parameters = p
        let s = model.scenario
        let n = p.latticeSize * p.latticeSize
        let seed = { (stream: StreamIDs) in SeedSequence.seed(master: s.seed, replication: UInt64(replication), stream: stream) }
        let setup = try RandomStream(generator: s.generator, seed: seed(StreamIDs.zaklanSetup))
        update = try RandomStream(generator: s.generator, seed: seed(StreamIDs.zaklanUpdate))
        audit = try RandomStream(generator: s.generator, seed: seed(StreamIDs.zaklanAudit))
        spin = (0..<n).map { _ in setup.uniform() < p.initialHonest ? 1 : -1 }
        penalty = [Int32](repeating: 0, count: n)
        boltzmann = stride(from: -4, through: 4, by: 2).map { exp(-2 * Double($0) / p.temperature) }
        record = MonthlyRecord(months: model.months, layout: model.layout)
    }

    /// Simulates one period. O(L²).
    public func step() {
        let l = parameters.latticeSize
        let n = l * l
        month += 1
        spin.withUnsafeMutableBufferPointer { s in
            penalty.withUnsafeMutableBufferPointer { locked in
                for i in 0..<n {
                    let u = update.uniform()   // one draw per agent per period, needed or not
                    if locked[i] > 0 {
                        locked[i] -= 1
                        s[i] = 1
                        continue
                    }
                    let x = i % l, y = i / l
                    let h =
                        Int(s[y * l + (x + 1) % l]) + Int(s[y * l + (x + l - 1) % l])
                        + Int(s[((y + 1) % l) * l + x]) + Int(s[((y + l - 1) % l) * l + x])
                    s[i] = u < 1 / (1 + boltzmann[(h + 4) / 2]) ? 1 : -1
                }
            }
        }
        let honest = spin.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        for i in 0..<n {
            let u = audit.uniform()
            if spin[i] < 0 && u < parameters.auditProbability {
                spin[i] = 1
                penalty[i] = Int32(parameters.penaltyPeriods)
            }
        }
        let rate = Double(honest) / Double(n)
        let row = (month - 1) * model.layout.count
        record.values.withUnsafeMutableBufferPointer { v in
            for c in 0..<model.layout.count { v[row + c] = 0 }
            // The period's compliance (share honest) stands for every payment rate: each agent owes one unit a
            // period and either pays it (honest) or evades; there are no arrears.
            for metric in [Metric.collectionRate, .collectionRate12Months, .onTimeRate, .voluntaryRate, .onTimeRateYTD, .voluntaryRateYTD] {
                v[row + metric.rawValue] = rate
            }
            v[row + Metric.due.rawValue] = Double(n)
            v[row + Metric.billed.rawValue] = Double(n)
            v[row + Metric.paid.rawValue] = Double(honest)
            v[row + Metric.cashIn.rawValue] = Double(honest)
            v[row + Metric.netCash.rawValue] = Double(honest)
            for metric in [Metric.arrearsCollectionRateYTD, .longTermSuccessYTD, .targetWindowRate, .targetReached] {
                v[row + metric.rawValue] = .nan
            }
        }
    }

    @discardableResult
    public func run() -> MonthlyRecord {
        while month < model.months { step() }
        return record
    }
}

extension ZaklanSimulation: ReplicationModel {}
