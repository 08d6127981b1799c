import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimModel
@testable import FeeSimReports
@testable import FeeSimServer

/// The workbench keeps the status quo's replications across edits of the challenger: every answer is the one a
/// fresh run gives, field by field, and anything the status quo depends on makes it run again.
@Suite struct StatusQuoCacheTests {
    static func variant(
        _ set: [Workbench.Variant.Change] = [], levers: [String]? = nil, replications: Int = 6
    ) -> Workbench.Variant {
        Workbench.Variant(
            comparison: "Scenarios/mixed/compare.yaml", strategy: "mixed-full-plan", levers: levers, set: set,
            replications: replications, months: 12, seed: 11)
    }

    /// Every field of an answer but the time it took, as JSON (numbers at full precision, fragments as rendered).
    static func fields(_ a: Workbench.Answer) throws -> [String: String] {
        var a = a
        a.elapsedMilliseconds = 0
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(a)) as! [String: Any]
        return object.mapValues { value in
            guard JSONSerialization.isValidJSONObject([value]) else { return "\(value)" }
            let data = try! JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// `cached` equals `fresh` field by field, and the headline numbers bit for bit.
    static func expectSame(_ cached: Workbench.Answer, _ fresh: Workbench.Answer, _ label: String) throws {
        let c = try fields(cached), f = try fields(fresh)
        #expect(c.keys.sorted() == f.keys.sorted())
        for key in f.keys.sorted() { #expect(c[key] == f[key], "\(label): field \(key)") }
        let numbers: [(Workbench.Answer) -> Double] = [
            \.netBenefit, \.netBenefitLow, \.netBenefitHigh, \.pTarget, \.windowRate, \.baselineWindowRate
        ]
        for n in numbers { #expect(n(cached).bitPattern == n(fresh).bitPattern, "\(label)") }
    }

    @Test func successiveEditsAnswerFromTheKeptStatusQuoAndWarmUpsExactlyAsFreshRuns() throws {
        let workbench = Workbench(root: Fixture.packageRoot)
        let first = try workbench.run(Self.variant(), language: .en, threads: 2)
        // Both strategies' 6 replications run and kept, with their warm-ups (the full plan branched from them).
        #expect(workbench.statusQuo.counts == StatusQuoCache.Counts(resultMisses: 12, snapshotMisses: 6))
        try Self.expectSame(first, try Workbench(root: Fixture.packageRoot).run(Self.variant(), language: .en, threads: 2), "first")

        // Edits of the challenger: the status quo is never run again. Another pilot draws other pilot buildings at
        // set-up, so it warms up anew (and keeps that warm-up); switching levers off then starts from the kept one;
        // a lever parameter alone starts from the status quo's warm-up; the first edit again runs nothing.
        let pilot = Workbench.Variant.Change(path: "pilot.buildings", value: 5)
        let edits: [(Workbench.Variant, StatusQuoCache.Counts)] = [
            (Self.variant([pilot]), StatusQuoCache.Counts(resultHits: 6, resultMisses: 18, snapshotMisses: 12)),
            (
                Self.variant([pilot], levers: ["dunning", "transparency"]),
                StatusQuoCache.Counts(resultHits: 12, resultMisses: 24, snapshotHits: 6, snapshotMisses: 12)
            ),
            (
                Self.variant([.init(path: "levers.dunning.ladder[2].cost_per_attempt", value: 20)]),
                StatusQuoCache.Counts(resultHits: 18, resultMisses: 30, snapshotHits: 12, snapshotMisses: 12)
            ),
            (Self.variant([pilot]), StatusQuoCache.Counts(resultHits: 30, resultMisses: 30, snapshotHits: 12, snapshotMisses: 12))
        ]
        for (k, (edit, counts)) in edits.enumerated() {
            let cached = try workbench.run(edit, language: .en, threads: 2)
            #expect(workbench.statusQuo.counts == counts, "edit \(k + 1)")
            let fresh = try Workbench(root: Fixture.packageRoot).run(edit, language: .en, threads: 2)
            try Self.expectSame(cached, fresh, "edit \(k + 1)")
            #expect(cached.netBenefit != first.netBenefit, "the edit changed the challenger's answer")
        }
    }

    /// Replication r is seeded from the seed and r alone, so a run of 20 replications warms up replication r as a
    /// run of 200 does: a refined answer may branch from the first answer's snapshots.
    @Test func theReplicationCountDoesNotChangeTheWarmUp() throws {
        let few = try WarmStartTests.mixed(months: 10, replications: 3), many = try WarmStartTests.mixed(months: 10, replications: 9)
        #expect(many[5].sharesWarmUp(with: few[0]) && few[5].sharesWarmUp(with: many[0]))
        let branched = try Simulation(model: few[0], replication: 2).branch(many[5]).run()
        #expect(WarmStartTests.bits(branched.values) == WarmStartTests.bits(try Simulation(model: many[5], replication: 2).run().values))
    }

    @Test func aFirstAnswerFromFewerReplicationsFillsTheFullRunsFirstOnes() throws {
        let workbench = Workbench(root: Fixture.packageRoot)
        _ = try workbench.run(Self.variant(replications: 3), language: .zh, threads: 2)
        let full = try workbench.run(Self.variant(replications: 7), language: .zh, threads: 2)
        // Both strategies' first 3 replications are kept: only the last 4 run (and warm up).
        #expect(workbench.statusQuo.counts == StatusQuoCache.Counts(resultHits: 6, resultMisses: 6 + 8, snapshotMisses: 3 + 4))
        try Self.expectSame(
            full, try Workbench(root: Fixture.packageRoot).run(Self.variant(replications: 7), language: .zh, threads: 2), "7")
    }

    @Test func aChangedStatusQuoFileOrWorldParameterRunsTheStatusQuoAgain() throws {
        let root = try ServeTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let workbench = Workbench(root: root)
        let before = try workbench.run(Self.variant(), language: .en, threads: 2)

        // A behaviour parameter from the page changes the world of both strategies: the status quo is run again.
        let world = Self.variant([.init(path: "segments.owner_occupier.hardship", value: 0.06)])
        let changedWorld = try workbench.run(world, language: .en, threads: 2)
        #expect(workbench.statusQuo.counts.resultHits == 0 && workbench.statusQuo.counts.snapshotHits == 0)
        try Self.expectSame(changedWorld, try Workbench(root: root).run(world, language: .en, threads: 2), "world")
        #expect(changedWorld.baselineWindowRate != before.baselineWindowRate)

        // The status quo's file edited on disk: loaded afresh, a different scenario, not the kept one.
        let file = root.appendingPathComponent("Scenarios/mixed/status-quo.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("hardship: 0.04\n"))
        try text.replacingOccurrences(of: "hardship: 0.04\n", with: "hardship: 0.055\n").write(
            to: file, atomically: true, encoding: .utf8)
        let edited = try workbench.run(Self.variant(), language: .en, threads: 2)
        #expect(workbench.statusQuo.counts.resultHits == 0 && workbench.statusQuo.counts.snapshotHits == 0)
        try Self.expectSame(edited, try Workbench(root: root).run(Self.variant(), language: .en, threads: 2), "edited file")
        #expect(edited.baselineWindowRate != before.baselineWindowRate)
    }

    /// The comparison with the cache at a budget too small for snapshots, with none, and with room for all: the
    /// same results, field by field, as without it.
    @Test(arguments: [0, 1, 2])
    func aBoundedCacheGivesTheSameComparison(budgetCase: Int) throws {
        let models = try WarmStartTests.mixed(months: 9, replications: 4)
        let seeded = try models.map { m in
            var s = m.settings
            s.seed = 5
            return try CompiledModel(m.scenario, settings: s)
        }
        let resultSize = StatusQuoCache.resultBytes(of: models[0]), snapshotSize = StatusQuoCache.snapshotBytes(of: models[0])
        #expect(snapshotSize > 4 * resultSize)
        // 0: room for a few results, no snapshot; 1: nothing at all; 2: room for everything.
        let cache = [StatusQuoCache(budgetBytes: 6 * resultSize), StatusQuoCache(budgetBytes: 0), StatusQuoCache()][budgetCase]
        func table(_ c: StrategyComparison) -> [UInt64] {
            (c.costBenefit.flatMap { $0.figures.flatMap { [$0.mean, $0.ciLow, $0.ciHigh, $0.p05, $0.p95] } }
                + ([c.baseline] + c.challengers).flatMap { e in e.monthly.flatMap { $0.map(\.mean) } + e.horizon.map(\.sd) })
                .map(\.bitPattern)
        }
        let runs = [(models[0], models[5]), (models[0], models[3]), (seeded[0], seeded[2]), (models[0], models[1])]
        for (baseline, challenger) in runs {
            let fresh = try Comparison.run(baseline: baseline, challengers: [challenger], threads: 2)
            let cached = try Comparison.run(baseline: baseline, challengers: [challenger], threads: 2, statusQuo: cache)
            #expect(table(cached) == table(fresh), "\(challenger.scenario.name), seed \(baseline.settings.seed)")
            #expect("\(cached.targets)" == "\(fresh.targets)")   // (the baseline's uplift is NaN: no == for it)
        }
        switch budgetCase {
        case 0:
            // Results come and go within the budget; no snapshot ever fits.
            #expect(cache.counts.resultHits > 0 && cache.counts.snapshotHits == 0)
            #expect(cache.bytesKept <= 6 * resultSize)
        case 1:
            #expect(cache.counts == StatusQuoCache.Counts(resultMisses: 32, snapshotMisses: 16))
            #expect(cache.bytesKept == 0)
        default:
            // The second and fourth runs find the status quo's results and warm-up; the third (another seed) none.
            #expect(cache.counts == StatusQuoCache.Counts(resultHits: 8, resultMisses: 24, snapshotHits: 8, snapshotMisses: 8))
            let results = [models[0], models[5], models[3], seeded[0], seeded[2], models[1]].map(StatusQuoCache.resultBytes(of:))
            #expect(cache.bytesKept == 4 * results.reduce(0, +) + 2 * 4 * snapshotSize)
        }
    }
}
