import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimModel
@testable import FeeSimReports

/// The warm-up once: strategies that branch from one warm-up give, to the last bit, what each gives from scratch.
@Suite struct WarmStartTests {
    /// Bit patterns, so that NaN figures (a rate with nothing to divide) compare equal to themselves.
    static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    /// The mixed community's comparison (status quo first, then its seven strategies), with `months` and
    /// `replications`.
    static func mixed(months: Int, replications: Int, generator: String = "mt19937") throws -> [CompiledModel] {
        let file = try ComparisonFile.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/compare.yaml").path)
        let study = try ComparisonStudy(file, months: months, replications: replications)
        return try study.models.map { m in
            var settings = m.settings
            settings.generator = generator
            return try CompiledModel(m.scenario, settings: settings)
        }
    }

    @Test(arguments: ["mt19937", "taus2"])
    func everyStrategyBranchedFromTheStatusQuosWarmUpMatchesItsOwnReplication(generator: String) throws {
        let models = try Self.mixed(months: 14, replications: 2, generator: generator)
        #expect(models.count == 8 && models.allSatisfy { $0.sharesWarmUp(with: models[0]) })
        for r in 0..<2 {
            let warm = try Simulation(model: models[0], replication: r)
            for model in models {
                let branched = try warm.branch(model)
                let own = try Simulation(model: model, replication: r)
                #expect(branched.pilotBuildings == own.pilotBuildings)
                #expect(Self.bits(branched.run().values) == Self.bits(own.run().values), "\(model.scenario.name), replication \(r)")
            }
            // Branching leaves the warm replication as it was: run on, it is the status quo's own replication.
            #expect(Self.bits(warm.run().values) == Self.bits(try Simulation(model: models[0], replication: r).run().values))
        }
    }

    @Test func branchingFromAReplicationWithoutWarmUpOrFromAnObservedStartMatchesToo() throws {
        var quiet = Fixture.quiet(households: 120, buildings: 3, months: 6)
        quiet.behaviour.hardshipEntry = 0.05
        var challenger = quiet
        challenger.rollout = [
            Phase(name: "all", startMonth: 2, endMonth: nil, buildings: .all, levers: LeverSet([.transparency, .cogovernance]))
        ]
        let a = try CompiledModel(quiet), b = try CompiledModel(challenger)
        #expect(b.sharesWarmUp(with: a))
        #expect(
            Self.bits(try Simulation(model: a, replication: 3).branch(b).run().values)
                == Self.bits(try Simulation(model: b, replication: 3).run().values))
    }

    @Test func scenariosThatDifferBeforeMonthOneDoNotShare() throws {
        let models = try Self.mixed(months: 12, replications: 1)
        var s = models[1].scenario
        s.behaviour.grievanceEntry += 0.001
        #expect(!(try CompiledModel(s)).sharesWarmUp(with: models[1]))
        s = models[1].scenario
        s.seed += 1
        #expect(!(try CompiledModel(s)).sharesWarmUp(with: models[1]))
        s = models[1].scenario
        s.statusQuoDunning.rungs[0].uplift += 0.1
        #expect(!(try CompiledModel(s)).sharesWarmUp(with: models[1]))
        s = models[1].scenario   // another shape of the state: one more rung
        s.levers.dunning.rungs.append(s.levers.dunning.rungs[0])
        #expect(!(try CompiledModel(s)).sharesWarmUp(with: models[1]))
        s = models[1].scenario
        s.name = "renamed"
        s.rollout = []
        #expect(try CompiledModel(s).sharesWarmUp(with: models[1]))
    }

    /// Goal seeking moves one lever parameter between evaluations: every lever parameter is invisible to the warm-up.
    @Test func aReplicationBranchedToOtherLeverParametersMatchesItsOwnToo() throws {
        let models = try Self.mixed(months: 13, replications: 1)
        var s = models[5].scenario   // the full plan
        s.levers.cogovernance.mediationProbability = 0.2
        s.levers.legal.capacityPerMonth = 9
        s.levers.legal.minArrearsMonths = 4
        s.levers.transparency.reach = 0.5
        s.levers.assistance.detectionProbability = 0.4
        s.levers.dunning.rungs[0].uplift = 0.9
        s.levers.dunning.rungs[0].minArrearsMonths = 2
        s.levers.dunning.preDueReminder = nil
        let model = try CompiledModel(s)
        #expect(model.sharesWarmUp(with: models[0]))
        for r in 0..<2 {
            #expect(
                Self.bits(try Simulation(model: models[0], replication: r).branch(model).run().values)
                    == Self.bits(try Simulation(model: model, replication: r).run().values))
        }
    }

    /// Goal seeking's evaluations through one cache of warm replications: each gives what it gives alone, whether
    /// the moved parameter is a lever's (branched from the kept warm-up), a behaviour's (set up afresh and kept
    /// instead) or the cache is full.
    @Test func runsThroughKeptWarmReplicationsGiveWhatEachGivesAlone() throws {
        let full = try Self.mixed(months: 12, replications: 3)[5]
        var evaluations: [CompiledModel] = []
        for (k, x) in [0.01, 0.3, 0.12].enumerated() {
            var s = full.scenario
            s.levers.cogovernance.mediationProbability = x
            if k == 2 { s.behaviour.grievanceEntry = 0.03 }
            evaluations.append(try CompiledModel(s))
        }
        evaluations.append(evaluations[0])
        for cache in [WarmStarts(), WarmStarts(budgetBytes: 0)] {
            for model in evaluations {
                let kept = try MonteCarlo.run(model, threads: 2, keepRecords: true, warmStarts: cache)
                let alone = try MonteCarlo.run(model, threads: 2, keepRecords: true)
                #expect(kept.records.map { Self.bits($0.values) } == alone.records.map { Self.bits($0.values) })
            }
        }
    }

    /// New state cannot be forgotten: every stored field of `Simulation` is a buffer (copied), or named in one
    /// of the warm start's lists. A field added to the model without a place in them fails here.
    @Test func everyFieldOfASimulationIsCopiedOrDeclaredTheModels() throws {
        let sim = try Simulation(model: CompiledModel(Fixture.quiet()), replication: 0)
        let labels = Mirror(reflecting: sim).children.compactMap(\.label)
        let buffers = Set(Mirror(reflecting: sim).children.compactMap { $0.value is any StateBuffer ? $0.label : nil })
        let named = Simulation.ownedByModel.union(Simulation.fixedAtSetUp).union(Simulation.copiedScalars)
            .union(Simulation.keptOnRequest)
        let unclassified = labels.filter { !buffers.contains($0) && !named.contains($0) }
        #expect(unclassified.isEmpty, "fields of Simulation the warm start does not know: \(unclassified)")
        #expect(buffers.count > 20 && labels.count == Set(labels).count)
        let stale = named.subtracting(labels)
        #expect(stale.isEmpty, "the warm start's lists name fields Simulation no longer has: \(stale)")
    }

    @Test func variantsRunTogetherGiveEachModelsOwnEnsembleAndResultsInOrder() throws {
        let models = try Self.mixed(months: 12, replications: 5)
        var shared: [String] = [], alone: [String] = []
        let together = try MonteCarlo.run(
            variants: models, threads: 2, keepRecords: true,
            each: { k, r in
                shared.append("\(k):\(r.replication)")
            })
        #expect(shared == (0..<5).flatMap { r in models.indices.map { "\($0):\(r)" } })
        let reference = try MonteCarlo.run(
            variants: models, threads: 1, keepRecords: true, shareWarmUp: false,
            each: { k, r in
                alone.append("\(k):\(r.replication)")
            })
        #expect(alone == shared)
        for (k, model) in models.enumerated() {
            let single = try MonteCarlo.run(model, threads: 2, keepRecords: true)
            for ensemble in [together[k], reference[k]] {
                #expect(ensemble.records.map { Self.bits($0.values) } == single.records.map { Self.bits($0.values) })
                #expect(ensemble.monthly.map { Self.bits($0.map(\.mean)) } == single.monthly.map { Self.bits($0.map(\.mean)) })
                #expect(Self.bits(ensemble.horizon.map(\.p50)) == Self.bits(single.horizon.map(\.p50)))
            }
        }
    }

    @Test func theComparisonsTablesAreByteIdenticalWithAndWithoutTheSharedWarmUp() throws {
        let models = try Self.mixed(months: 13, replications: 6)
        func tables(share: Bool) throws -> [String] {
            let result = try Comparison.run(
                baseline: models[0], challengers: Array(models.dropFirst()), threads: 2,
                shareWarmUp: share)
            let context = ComparisonContext(name: "t", description: "", toolVersion: "", scenarioFiles: [], contentHash: "")
            let out = ComparisonOutputs(result: result, context: context, language: .en)
            return [out.monthlyCSV(), out.costBenefitCSV(), out.targetsCSV()]
        }
        let shared = try tables(share: true)
        #expect(shared == (try tables(share: false)))
        #expect(shared[0].split(separator: "\n").count == 1 + models.reduce(0) { $0 + 13 * $1.layout.names.count })
    }

    @Test func theProbabilisticComparisonsSumsAreIdenticalWithAndWithoutTheSharedWarmUp() throws {
        let models = try Self.mixed(months: 12, replications: 3)
        let figures: [HorizonSums.Figure] = [
            .figure(.total(.cashIn)), .figure(.total(.costTotal)), .collectionRate,
            .figure(.targetReached), .net
        ]
        #expect(
            try HorizonSums.run(models, figures).map(Self.bits)
                == HorizonSums.run(models, figures, shareWarmUp: false).map(Self.bits))
    }
}
