import FeeSimModel
import Foundation

/// Small scenarios built in code, so that each test controls exactly the mechanisms it checks.
enum Fixture {
    /// One segment, every stochastic mechanism quiet unless the test turns it on: no hardship, no grievance, no
    /// free riders, perfect attention, no drift of trust, perception or service, no dunning, no levers, no warm-up.
    static func quiet(
        households: Int = 200, buildings: Int = 4, months: Int = 12,
        propensity: BetaParameters = BetaParameters(a: 2, b: 2)
    ) -> Scenario {
        var segment = Segment(name: "all", share: 1, propensity: propensity, trust: BetaParameters(a: 2, b: 2))
        segment.hardship = 0
        segment.grievance = 0
        segment.strategic = 0
        segment.attention = 1
        segment.arrearsProbability = 0
        var behaviour = Behaviour()
        behaviour.hardshipEntry = 0
        behaviour.hardshipExit = 0
        behaviour.grievanceEntry = 0
        behaviour.grievanceExit = 0
        behaviour.trustDrift = 0
        behaviour.perceptionDrift = 0
        behaviour.qualityAdjustment = 0
        var community = Community(
            households: households, buildings: buildings, feeRate: 2, initialQuality: 0.8,
            segments: [segment])
        community.warmupMonths = 0
        var scenario = Scenario(
            name: "fixture", months: months, replications: 4, seed: 7, community: community,
            behaviour: behaviour, statusQuoDunning: Ladder(rungs: []))
        scenario.levers.dunning = Ladder(rungs: [])
        return scenario
    }

    /// A propensity that is 0 or 1 for all practical purposes (logit ≈ ∓20, beyond any other term of z).
    static let neverPays = BetaParameters(a: 0.001, b: 1000)
    static let alwaysPays = BetaParameters(a: 1000, b: 0.001)
    /// Willing unless a strong reason says otherwise: p ≈ 0.995, logit ≈ 5.3, so that a refusal term of 20 logit
    /// (the largest a scenario allows) makes a household refuse for all practical purposes.
    static let mostlyPays = BetaParameters(a: 200, b: 1)

    static func simulation(_ scenario: Scenario, replication: Int = 0) throws -> Simulation {
        try Simulation(model: try CompiledModel(scenario), replication: replication)
    }

    /// The package root (this file is Tests/FeeSimTests/Support.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped communities, found in Scenarios/: each folder holding a `status-quo.yaml` (a community also has its
    /// `compare.yaml` and a file per strategy; ScenarioFileTests checks that), sorted. A new community is tested
    /// without a test being edited.
    static let shippedCommunities: [String] = {
        let scenarios = packageRoot.appendingPathComponent("Scenarios")
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? []
        return folders.filter {
            FileManager.default.fileExists(atPath: scenarios.appendingPathComponent("\($0)/status-quo.yaml").path)
        }.sorted()
    }()

    /// The shipped strategies: the files of Scenarios/strategies/ (`full-plan` for `full-plan.yaml`), sorted.
    static let shippedStrategies: [String] = {
        let folder = packageRoot.appendingPathComponent("Scenarios/strategies")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }()

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("feesim-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
