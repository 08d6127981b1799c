import FeeSimReports
import FeeSimScenario
import Foundation
import Testing

/// From a ledger to a compare-ready community: import it as a folder, calibrate its status quo to the targets the
/// ledger observes, compare the plan's strategies.
@Suite(.serialized) struct LedgerCommunityTests {
    @Test func anXlsxLedgerBecomesACalibratedCommunityThatCompares() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenarios = dir.appendingPathComponent("Scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Fixture.packageRoot.appendingPathComponent("Scenarios/strategies"), to: scenarios.appendingPathComponent("strategies"))
        let ledger = Fixture.packageRoot.appendingPathComponent("Scenarios/observed/old-ledger.xlsx").path
        let imported = try Binary.feesim(["import", ledger, "--community", "oldx"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let folder = scenarios.appendingPathComponent("oldx")
        // The targets are what the ledger shows: the synthetic old community collects about 60% of a period's bills.
        let targets = try CalibrationTargets.load(
            path: folder.appendingPathComponent("targets.yaml").path,
            scenario: try ScenarioLoader.load(path: folder.appendingPathComponent("status-quo.yaml").path).scenario)
        let rate = try #require(targets.targets.first { $0.name == "collection_rate_year_1" })
        #expect(rate.value > 0.5 && rate.value < 0.7, "\(rate.value)")
        // A second import never replaces the community.
        let again = try Binary.feesim(["import", ledger, "--community", "oldx"], in: dir)
        #expect(again.status != 0 && again.stderr.contains("already exists"), "\(again.stderr)")
        let calibrated = try Binary.feesim(
            [
                "calibrate", "Scenarios/oldx/status-quo.yaml", "--targets", "Scenarios/oldx/targets.yaml", "--particles", "20", "-r", "2",
                "--waves", "2", "-q"
            ], in: dir)
        #expect(calibrated.status == 0, "\(calibrated.stderr)")
        let posterior = try PosteriorSample.load(path: folder.appendingPathComponent("posterior.csv").path)
        #expect(posterior.names.contains("community.segments.occupied.attention"))
        // The status quo now runs at the posterior medians (calibrated.yaml, which it extends).
        let statusQuo = try ScenarioLoader.load(path: folder.appendingPathComponent("status-quo.yaml").path).scenario
        for name in ["community.segments.occupied.attention", "behaviour.grievance_entry"] {
            let j = try #require(posterior.names.firstIndex(of: name))
            let sorted = posterior.values.indices.map { (posterior.values[$0][j], posterior.weights[$0]) }.sorted { $0.0 < $1.0 }
            var cumulative = 0.0
            let median = try #require(
                sorted.first {
                    cumulative += $0.1; return cumulative >= 0.5
                }?.0)
            let value = try #require(statusQuo.parameterPath(named: name)?.value(in: statusQuo))
            let spread = sorted.last!.0 - sorted.first!.0
            #expect(abs(value - median) <= 0.25 * spread + 1e-12, "\(name): status quo \(value), posterior median ≈ \(median)")
        }
        let compared = try Binary.feesim(["compare", "Scenarios/oldx/compare.yaml", "-r", "2", "-q"], in: dir)
        #expect(compared.status == 0, "\(compared.stderr)")
        let table = try String(contentsOf: dir.appendingPathComponent("Results/oldx-compare/costbenefit.csv"), encoding: .utf8)
        let strategies = Set(table.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })
        #expect(strategies == Set(Ledger.communityStrategies.map { "oldx-\($0.file)" }))
    }
}

extension LedgerCommunityTests {
    /// An imported community's starting state is one of its inputs: listed among the scenario's files and in its
    /// hash, so a manifest's hash and the workbench's cache change when the state file does.
    @Test func theObservedStartingStateIsListedAndHashedWithTheScenario() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = Fixture.packageRoot.appendingPathComponent("Scenarios/observed/old-ledger.csv").path
        let imported = try Binary.feesim(["import", ledger, "--name", "copy", "--out", "."], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let yaml = dir.appendingPathComponent("copy.yaml").path
        let before = try ScenarioLoader.load(path: yaml)
        #expect(before.files.count == 2 && before.files[1].hasSuffix("copy-state.csv"), "\(before.files)")
        let state = dir.appendingPathComponent("copy-state.csv")
        let text = try String(contentsOf: state, encoding: .utf8)
        try (text + "\n").write(to: state, atomically: true, encoding: .utf8)   // the same state, other bytes
        let after = try ScenarioLoader.load(path: yaml)
        #expect(after.contentHash != before.contentHash)
        #expect(after.scenario.community.initialState == before.scenario.community.initialState)
    }
}
