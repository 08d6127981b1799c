import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

@Suite struct ScenarioFileTests {
    /// The shipped scenarios: the top-level files and each community folder's strategies (not its comparison or its
    /// calibration targets).
    static let shipped: [String] = {
        let dir = Fixture.packageRoot.appendingPathComponent("Scenarios")
        var names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yaml") }
        for community in communities {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(community).path)) ?? []
            names += files.filter { $0.hasSuffix(".yaml") && $0 != "compare.yaml" && $0 != "targets.yaml" }.map { "\(community)/\($0)" }
        }
        return names.sorted().map { dir.appendingPathComponent($0).path }
    }()
    static let communities = Fixture.shippedCommunities
    static let strategies = Fixture.shippedStrategies

    @Test func theShippedCommunitiesAndStrategiesAreFoundAndEachCommunityHasItsComparison() {
        // Found in Scenarios/, not listed here; the three documented communities are among them.
        #expect(Set(["highend", "mixed", "old"]).isSubset(of: Self.communities), "\(Self.communities)")
        #expect(Self.strategies.contains("full-plan") && Self.strategies.count >= 7, "\(Self.strategies)")
        let dir = Fixture.packageRoot.appendingPathComponent("Scenarios")
        for community in Self.communities {
            #expect(
                ComparisonFile.isComparison(path: dir.appendingPathComponent("\(community)/compare.yaml").path),
                "Scenarios/\(community)/ has a status-quo.yaml but no compare.yaml")
        }
    }

    @Test func comparisonFilesAreToldApartFromScenarios() {
        let dir = Fixture.packageRoot.appendingPathComponent("Scenarios")
        #expect(ComparisonFile.isComparison(path: dir.appendingPathComponent("mixed/compare.yaml").path))
        #expect(!ComparisonFile.isComparison(path: dir.appendingPathComponent("mixed/full-plan.yaml").path))
    }

    @Test func scenariosFolderShipsTheDefaultAndAllThreeCommunities() {
        let root = Fixture.packageRoot.appendingPathComponent("Scenarios").path + "/"
        let names = Self.shipped.map { String($0.dropFirst(root.count)) }
        for name in [
            "default.yaml", "mixed/status-quo.yaml", "mixed/full-plan.yaml", "old/status-quo.yaml",
            "old/full-plan.yaml", "highend/status-quo.yaml", "highend/full-plan.yaml"
        ] {
            #expect(names.contains(name))
        }
    }

    @Test(arguments: shipped)
    func everyShippedScenarioLoadsAndCompiles(path: String) throws {
        let loaded = try ScenarioLoader.load(path: path)
        _ = try CompiledModel(loaded.scenario)
        #expect(loaded.contentHash.count == 64)
    }

    @Test func extendsLaysTheVariantOverItsBase() throws {
        let plan = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/full-plan.yaml").path)
        let base = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/status-quo.yaml").path)
        #expect(plan.files.count == 3)   // itself, the community, the strategy
        #expect(plan.scenario.community == base.scenario.community)   // inherited
        #expect(base.scenario.rollout.isEmpty)
        #expect(plan.scenario.rollout.map(\.name) == ["preparation", "pilot", "rollout", "operation"])
        #expect(plan.scenario.levers.dunning.rungs.map(\.name) == ["sms", "call", "visit", "lawyer_letter"])
        #expect(plan.scenario.name == "mixed-full-plan")
    }

    @Test func namedRungsChangeWithoutRewritingTheLadder() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/full-plan.yaml").path
        try "extends: \(plan)\nlevers: {dunning: {rungs: {visit: {cost_per_attempt: 20, max_attempts: 1}}}}\n"
            .write(to: dir.appendingPathComponent("cheap-visits.yaml"), atomically: true, encoding: .utf8)
        let base = try ScenarioLoader.load(path: plan).scenario
        let variant = try ScenarioLoader.load(path: dir.appendingPathComponent("cheap-visits.yaml").path).scenario
        let k = try #require(base.levers.dunning.rungs.firstIndex { $0.name == "visit" })
        var expected = base.levers.dunning
        expected.rungs[k].costPerAttempt = 20
        expected.rungs[k].maxAttempts = 1
        #expect(variant.levers.dunning == expected)   // that rung, those fields, nothing else
        #expect(variant.statusQuoDunning == base.statusQuoDunning)
        // A rung the ladder does not have is named with the ones it has.
        try "extends: \(plan)\nlevers: {dunning: {rungs: {vist: {cost_per_attempt: 20}}}}\n"
            .write(to: dir.appendingPathComponent("typo.yaml"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: dir.appendingPathComponent("typo.yaml").path) }
        #expect(error?.description.contains("levers.dunning.rungs.vist") == true)
        #expect(error?.description.contains("sms, call, visit") == true)
    }

    @Test func omittedKeysTakeTheReferenceDefaults() throws {
        let s = try ScenarioLoader.load(
            yaml: """
                community:
                  households: 10
                  buildings: 2
                  fee_rate: 1.5
                  segments:
                    everyone: {share: 1, propensity: {a: 2, b: 1}, trust: {a: 3, b: 3}}
                """)
        #expect(s.behaviour == Behaviour())
        #expect(s.levers == Levers())
        #expect(s.months == 24 && s.generator == "mt19937")
    }
}
