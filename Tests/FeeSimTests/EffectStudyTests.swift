import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

/// Studies of effects: outputs as differences against another strategy on the same random numbers.
@Suite(.serialized) struct EffectStudyTests {
    static func folder(against: String) throws -> URL {
        let dir = try Fixture.temporaryFolder()
        let scenarios = Fixture.packageRoot.appendingPathComponent("Scenarios").path
        try """
        base: \(scenarios)/mixed/full-plan.yaml
        against: \(against)
        months: 12
        replications: 3
        seed: 5
        design: latin_hypercube
        points: 4
        parameters:
          levers.cogovernance.mediation_prob: {min: 0.01, max: 0.1}
        outputs: [collection_rate_year_1, net_cash_total]
        """.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static func means(_ dir: URL) throws -> [[Double]] {
        let text = try String(contentsOf: dir.appendingPathComponent("out/study/points.csv"), encoding: .utf8)
        let header = text.split(separator: "\n")[0].split(separator: ",").map(String.init)
        let columns = header.indices.filter { header[$0].hasSuffix("_mean") }
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return columns.map { Double(f[$0])! }
        }
    }

    @Test func differencesAgainstItselfAreExactlyZeroAndAgainstTheStatusQuoTheEffect() throws {
        let scenarios = Fixture.packageRoot.appendingPathComponent("Scenarios").path
        let itself = try Self.folder(against: "\(scenarios)/mixed/full-plan.yaml")
        defer { try? FileManager.default.removeItem(at: itself) }
        let run = try Binary.feesim(["sweep", "study.yaml", "--out", "out", "-q"], in: itself)
        #expect(run.status == 0, "\(run.stderr)")
        // Same scenario, same parameter values, same random numbers: every difference is exactly 0.
        #expect(try Self.means(itself).allSatisfy { $0.allSatisfy { $0 == 0 } })
        let statusQuo = try Self.folder(against: "\(scenarios)/mixed/status-quo.yaml")
        defer { try? FileManager.default.removeItem(at: statusQuo) }
        let effect = try Binary.feesim(["sweep", "study.yaml", "--out", "out", "-q"], in: statusQuo)
        #expect(effect.status == 0, "\(effect.stderr)")
        // The full plan's effect on the year's 收缴率 is positive at every point (about +4 points here).
        #expect(try Self.means(statusQuo).allSatisfy { $0[0] > 0.01 })
        let summary = try String(contentsOf: statusQuo.appendingPathComponent("out/study/summary.md"), encoding: .utf8)
        #expect(summary.contains("differences against mixed-status-quo"))
    }
}
