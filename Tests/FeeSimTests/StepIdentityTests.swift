import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimModel

/// The monthly step gives, to the last bit, what it gave when these fingerprints were taken (model v3, 2026-12-07):
/// a change made for speed must take the same random draws in the same order and add up in the same order.
///
/// Each fingerprint is FNV-1a over the bit patterns of every strategy's monthly record and of every household's
/// end state (trust, perceived service, paid-through month, arrears, withheld months, flags), for the shipped
/// communities' comparisons at 2 replications of 14 months after their 24-month warm-up. A change meant to alter
/// the model's numbers (a new mechanism, a fix) updates them, and says so in its commit and in docs/MODEL.md. The
/// values below are those of the communities' posterior medians (docs/CALIBRATION.md), the step unchanged; the
/// record's new last column, `collection_rate_12m` (2026-12-07), changed them and nothing else (every other column
/// of monthly.csv is byte-identical).
@Suite struct StepIdentityTests {
    static let expected: [String: UInt64] = [
        "mixed": 0x6322_090c_5324_10e9,
        "highend": 0xdb28_e1d9_3a1e_4a63,
        "old": 0x95bb_b4ff_c50d_c323
    ]

    struct FNV {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func add(_ x: UInt64) {
            var v = x
            for _ in 0..<8 {
                hash = (hash ^ (v & 0xFF)) &* 0x0000_0100_0000_01B3
                v >>= 8
            }
        }
        mutating func add(_ x: Double) { add(x.bitPattern) }
        mutating func add(_ x: Int) { add(UInt64(bitPattern: Int64(x))) }
        mutating func add(_ x: Bool) { add(x ? 1 : 0 as Int) }
    }

    static func fingerprint(community: String) throws -> UInt64 {
        let file = try ComparisonFile.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/\(community)/compare.yaml").path)
        let study = try ComparisonStudy(file, months: 14, replications: 2)
        var h = FNV()
        for model in study.models {
            for r in 0..<2 {
                let sim = try Simulation(model: model, replication: r)
                for v in sim.run().values { h.add(v) }
                for i in 0..<model.households {
                    h.add(sim.trust(of: i))
                    h.add(sim.perceivedService(of: i))
                    h.add(sim.paidThroughMonth(of: i))
                    h.add(sim.arrearsMonths(of: i))
                    h.add(sim.withheldMonths(of: i))
                    h.add(sim.lastDemandMonth(of: i) ?? -1)
                    h.add(sim.openCaseMonths(of: i))
                    h.add(sim.isInHardship(i))
                    h.add(sim.isEnrolled(i))
                    h.add(sim.hasGrievance(i))
                    h.add(sim.isWithholding(i))
                    h.add(sim.paidLastMonth(i))
                    h.add(sim.wasContactedLastMonth(i))
                }
                for b in 0..<model.buildings {
                    h.add(sim.norm(ofBuilding: b))
                    h.add(sim.deterrence(ofBuilding: b))
                }
            }
        }
        return h.hash
    }

    @Test(arguments: ["mixed", "highend", "old"])
    func theShippedComparisonsStepToTheirRecordedFingerprints(community: String) throws {
        let got = try Self.fingerprint(community: community)
        #expect(got == Self.expected[community], "\(community): fingerprint 0x\(String(got, radix: 16)); the step's numbers changed")
    }
}
