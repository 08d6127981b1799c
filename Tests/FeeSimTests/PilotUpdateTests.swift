import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import GSLKit
import Testing

/// Learning from a pilot (`feesim update`): the sampler's update of an earlier posterior on problems with an analytic
/// answer, the per-building counts a pilot keeps, the pilot file, and an update of the mixed community end to end.
@Suite struct PilotUpdateTests {
    /// `count` draws of N(mean, sd) at stratified quantiles (a deterministic stand-in for an earlier posterior).
    static func normalSample(_ mean: Double, _ sd: Double, count: Int) -> [Double] {
        (0..<count).map { mean + sd * Distribution.normalQuantile((Double($0) + 0.5) / Double(count)) }
    }

    static func moments(_ p: Posterior, _ j: Int) -> (mean: Double, sd: Double) {
        let mean = zip(p.particles, p.weights).reduce(0) { $0 + $1.1 * $1.0.values[j] }
        let v = zip(p.particles, p.weights).reduce(0) { $0 + $1.1 * ($1.0.values[j] - mean) * ($1.0.values[j] - mean) }
        return (mean, v.squareRoot())
    }

    /// θ ~ U(0, 1); the earlier data saw θ = 0.3 ± 0.05 and the population starts as that posterior; the pilot sees
    /// θ = 0.4 ± 0.05. The updated posterior is the product of the two Gaussians: mean 0.35, sd 0.05/√2 ≈ 0.0354.
    @Test func anUpdateMultipliesTheEarlierPosteriorByTheNewLikelihood() throws {
        let problem = PosteriorSampler.Problem(
            names: ["theta"], lower: [0], upper: [1], targetNames: ["earlier", "pilot"], observed: [0.3, 0.4],
            sd: [0.05, 0.05], temperedFrom: 1)
        let m = 600
        let settings = PosteriorSampler.Settings(
            particles: m, waves: 12, replications: 8, seed: 17, initial: Self.normalSample(0.3, 0.05, count: m).map { [$0] })
        let (waves, state) = try PosteriorSampler.run(problem: problem, settings: settings, threads: 2) { x in
            PosteriorSampler.Simulated(mean: [x[0], x[0]], variance: [0, 0])
        }
        let posterior = Posterior(problem: problem, settings: settings, waves: waves, state: state)
        #expect(state.done && !state.forced)
        #expect(waves[0].map(\.values) == settings.initial!, "wave 0 is the earlier posterior, not prior draws")
        let (mean, sd) = Self.moments(posterior, 0)
        // Monte Carlo error of the mean with ESS ≥ 150 is about 0.003; allow 0.01, and 25% on the sd.
        #expect(abs(mean - 0.35) < 0.01, "mean \(mean)")
        #expect(abs(sd - 0.0354) < 0.009, "sd \(sd)")
    }

    /// A lever effect the pilot says nothing about keeps its declared prior — here uniform halves with a point mass:
    /// half the probability at exactly 0 (a stated value at the edge of its range), half spread over (0, 1]. The
    /// update samples it in the prior's probability coordinate u, where it is uniform, and maps u to the prior's
    /// quantile; moves in the value itself would spread the point mass out (no density describes it).
    @Test func aLeverEffectThePilotCannotSeeKeepsItsDeclaredPriorPointMassIncluded() throws {
        let prior = Prior.halves(low: 0, median: 0, high: 1)
        let problem = PosteriorSampler.Problem(
            names: ["theta", "effect"], lower: [0, 0], upper: [1, 1], targetNames: ["earlier", "pilot"],
            observed: [0.3, 0.4], sd: [0.05, 0.05], temperedFrom: 1)
        let m = 800
        let theta = Self.normalSample(0.3, 0.05, count: m)
        // The effect's coordinate u, stratified and paired with θ in a shuffled order.
        let rng = try RandomStream(seed: 5)
        var order = (0..<m).map { Int32($0) }
        rng.shuffle(&order)
        let initial = (0..<m).map { [theta[$0], (Double(order[$0]) + 0.5) / Double(m)] }
        let settings = PosteriorSampler.Settings(particles: m, waves: 14, replications: 8, seed: 23, finalMoves: 6, initial: initial)
        let (waves, state) = try PosteriorSampler.run(problem: problem, settings: settings, threads: 2) { x in
            PosteriorSampler.Simulated(mean: [x[0], x[0]], variance: [0, 0])
        }
        let posterior = Posterior(problem: problem, settings: settings, waves: waves, state: state)
        let effects = posterior.particles.map { prior.quantile($0.values[1]) }
        let atZero = Double(effects.filter { $0 == 0 }.count) / Double(m)
        let belowHalf = Double(effects.filter { $0 < 0.5 }.count) / Double(m)
        // Binomial sd of a share near ½ over an effective sample of ≥ 150 is ≤ 0.041; allow twice that.
        #expect(abs(atZero - 0.5) < 0.08, "P(effect = 0) = \(atZero)")
        #expect(abs(belowHalf - 0.75) < 0.08, "P(effect < 0.5) = \(belowHalf)")
        #expect(abs(Self.moments(posterior, 0).mean - 0.35) < 0.015)
    }

    /// The mixed community's full plan, scaled down: 240 households in 8 buildings, 8 months after a 12-month
    /// warm-up, levers in buildings 0–2 from month 3.
    static func pilotSimulation(recording: Bool) throws -> Simulation {
        let path = Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/full-plan.yaml").path
        var s = try ScenarioLoader.load(path: path).scenario
        (s.community.households, s.community.buildings, s.community.warmupMonths, s.months) = (240, 8, 12, 8)
        let levers = s.rollout.reduce(LeverSet()) { $0.union($1.levers) }
        s.rollout = [Phase(name: "pilot", startMonth: 3, endMonth: 8, buildings: .list([0, 1, 2]), levers: levers)]
        let sim = try Simulation(model: try CompiledModel(s), replication: 1)
        if recording { sim.recordBuildingEvents() }
        return sim
    }

    @Test func eachBuildingsCountsAddUpToTheCommunitysMonthlyRecord() throws {
        let sim = try Self.pilotSimulation(recording: true)
        let record = sim.run()
        let unrecorded = try Self.pilotSimulation(recording: false).run()
        #expect(
            zip(record.values, unrecorded.values).allSatisfy { $0.bitPattern == $1.bitPattern }
                && zip(record.buildingRates, unrecorded.buildingRates).allSatisfy { $0.bitPattern == $1.bitPattern },
            "recording changes nothing simulated")
        let events = try #require(sim.buildingEvents)
        let pairs: [(BuildingEvent, Metric)] = [
            (.contacts, .contacts), (.contactsReached, .contactsReached), (.plansStarted, .newEnrolments),
            (.plansDefaulted, .planDefaults), (.lawsuits, .legalFilings), (.settlements, .legalSettlements)
        ]
        var seen = [Int](repeating: 0, count: pairs.count)
        for t in 1...8 {
            for (k, (event, metric)) in pairs.enumerated() {
                let sum = (0..<8).reduce(0) { $0 + events.count(event, building: $1, month: t) }
                #expect(Double(sum) == record[month: t, metric], "\(event.key) in month \(t)")
                seen[k] += sum
            }
            for (j, column) in events.contactColumns.enumerated() {
                let sum = (0..<8).reduce(0) { $0 + events.contacts(column: j, building: $1, month: t) }
                let c = sim.model.layout.names.firstIndex(of: column)!
                #expect(Double(sum) == record[month: t, c], "\(column) in month \(t)")
            }
        }
        // Per rung, the contacts that reached add up to the building's reached contacts, and none exceeds the
        // rung's contacts.
        let rungColumns = events.reachedColumns.map { name in
            events.contactColumns.firstIndex(of: "contacts_" + name.dropFirst("reached_".count))!
        }
        for t in 1...8 {
            for b in 0..<8 {
                let perRung = events.reachedColumns.indices.map { events.reached(rung: $0, building: b, month: t) }
                #expect(perRung.reduce(0, +) == events.count(.contactsReached, building: b, month: t))
                for (r, j) in rungColumns.enumerated() {
                    #expect(perRung[r] <= events.contacts(column: j, building: b, month: t))
                }
            }
        }
        // The counts are not all zero: contacts, reached contacts, plans and lawsuits happen in 8 months.
        #expect(seen[0] > 0 && seen[1] > 0 && seen[2] > 0 && seen[4] > 0, "\(seen)")
        // Buildings without levers start no plan (hardship help runs only in the treated buildings 0–2).
        #expect((3..<8).allSatisfy { b in (1...8).allSatisfy { events.count(.plansStarted, building: b, month: $0) == 0 } })
        // A building's collections by fee-month add up to its 收缴率 since month 1.
        for b in 0..<8 {
            let collected = (1...8).reduce(0) { $0 + sim.collected(ofBuilding: b, feeMonth: $1) }
            #expect(abs(collected / (sim.monthlyFees(ofBuilding: b) * 8) - sim.collectionRate(ofBuilding: b)) < 1e-12)
        }
    }

    @Test func pilotRecordsSurviveTheirFileAndTheirFiguresAreSharesOfTheRows() throws {
        let sim = try Self.pilotSimulation(recording: true)
        _ = sim.run()
        let records = PilotEvidence.records(of: sim, treated: [1, 2, 3], control: [5, 6], months: 3...8, notes: ["simulated"])
        let text = PilotRecordsFile.csv(records)
        let read = try PilotRecords.parse(text, path: "pilot.csv")
        #expect(read.rows == records.rows && read.notes == ["simulated"] && read.columns == records.columns)
        #expect(read.buildings(.treated) == [1, 2, 3] && read.buildings(.control) == [5, 6] && read.months == 3...8)
        let figures = PilotEvidence.figures(read)
        let treated = read.rows.filter { $0.arm == .treated }
        let rate = treated.reduce(0) { $0 + $1.collected } / treated.reduce(0) { $0 + $1.billed }
        #expect(figures[0].name == "collection_rate_treated" && abs(figures[0].value - rate) < 1e-12)
        let starts = Double(treated.reduce(0) { $0 + $1.counts[BuildingEvent.plansStarted.rawValue] })
        let householdMonths = Double(treated.reduce(0) { $0 + $1.households })
        let planFigure = try #require(figures.first { $0.name == "plans_started_per_1000_household_months" })
        #expect(abs(planFigure.value - 1000 * starts / householdMonths) < 1e-9)
        // A file that recorded fewer counts gives fewer figures, and the simulated records restricted to its columns
        // give the same figures' names.
        let few = try PilotRecords.parse(
            "building,month,arm,households,billed,collected,contacts\n1,3,treated,10,100,90,4\n2,3,control,10,100,80,2\n",
            path: "few.csv")
        #expect(
            PilotEvidence.figures(few).map(\.name) == [
                "collection_rate_treated", "collection_rate_control", "contacts_per_household_treated"
            ])
        #expect(PilotEvidence.figures(PilotEvidence.restricted(records, to: few)).map(\.name) == PilotEvidence.figures(few).map(\.name))
    }

    @Test(arguments: [
        ("building,month,arm\n", "the first columns must be"),
        ("building,month,arm,households,billed,collected,calls\n", "not a pilot column"),
        ("building,month,arm,households,billed,collected\n1,3,pilot,10,100,90\n", "expected treated or control"),
        ("building,month,arm,households,billed,collected\n1,3,treated,10,100,120\n", "more than the 100 yuan billed"),
        ("building,month,arm,households,billed,collected\n1,3,treated,10,100,90\n1,3,treated,10,100,90\n", "month 3 twice"),
        ("building,month,arm,households,billed,collected\n1,3,treated,10,100,90\n1,4,control,10,100,90\n", "in one arm"),
        ("building,month,arm,households,billed,collected\n1,3,treated,10,100,90\n1,4,treated,10,100,90\n", "no control building"),
        (
            "building,month,arm,households,billed,collected\n1,3,treated,10,100,90\n1,4,treated,10,100,90\n2,3,control,10,100,90\n",
            "every building needs every month"
        ),
        ("building,month,arm,households,billed,collected\n1,3,treated,10,1 000,90\n", "expected an amount in yuan")
    ])
    func aBadPilotFileIsAnErrorNamingTheFileAndTheProblem(text: String, problem: String) {
        do {
            _ = try PilotRecords.parse(text, path: "Scenarios/x/pilot.csv")
            Issue.record("accepted: \(text)")
        } catch let e as ScenarioError {
            #expect(e.location.file == "Scenarios/x/pilot.csv")
            #expect(e.description.contains(problem), "\(e.description)")
        } catch { Issue.record("\(error)") }
    }

    /// The shipped simulated pilot of the mixed community's full plan against its posterior: the update's first
    /// population is the posterior's particles with the lever effects drawn from their priors, its targets are the
    /// status quo's then the pilot's, and one simulated parameter set gives a finite mean for every target.
    @Test func anUpdateOfTheMixedCommunityStartsFromItsPosteriorWithLeverEffectsFromTheirPriors() throws {
        let root = Fixture.packageRoot.appendingPathComponent("Scenarios/mixed")
        let statusQuo = try ScenarioLoader.load(path: root.appendingPathComponent("status-quo.yaml").path).scenario
        let challenger = try ScenarioLoader.load(path: root.appendingPathComponent("full-plan.yaml").path).scenario
        let targets = try CalibrationTargets.load(path: root.appendingPathComponent("targets.yaml").path, scenario: statusQuo)
        let calibration = try PosteriorStudy.Plan(statusQuo, targets: targets)
        let before = try PosteriorSample.load(path: root.appendingPathComponent("posterior.csv").path)
        let records = try PilotRecords.load(path: root.appendingPathComponent("pilot-observed.csv").path)
        let plan = try PilotUpdate.Plan(
            calibration: calibration, challenger: challenger, records: records, prior: before, particles: 20, waves: 2)
        let behaviour = before.names.count
        #expect(plan.problem.names.prefix(behaviour).elementsEqual(before.names))
        #expect(plan.leverPaths.contains { $0.path == "levers.assistance.detection_prob" })
        #expect(plan.problem.temperedFrom == targets.targets.count)
        #expect(plan.problem.targetNames.dropFirst(targets.targets.count).first == "pilot_collection_rate_treated")
        let initial = try #require(plan.settings.initial)
        #expect(initial.allSatisfy { x in before.values.contains { $0 == Array(x.prefix(behaviour)) } })
        #expect(initial.allSatisfy { x in x.dropFirst(behaviour).allSatisfy { (0...1).contains($0) } })
        // A posterior made under other settings (here: other replications) is refused, naming what differs.
        let other = try PosteriorStudy.Plan(statusQuo, targets: targets, replications: 2)
        #expect(throws: ParameterError.self) {
            _ = try PilotUpdate.Plan(calibration: other, challenger: challenger, records: records, prior: before, particles: 20)
        }
        // Lever effects are sampled in their prior's probability coordinate: the value is the prior's quantile, a
        // point mass (a rung's deterrence stated 0, its prior uniform halves from 0 with median 0) included.
        let reach = try #require(plan.leverPaths.firstIndex { $0.path == "levers.assistance.detection_prob" })
        let mass = try #require(plan.leverPaths.firstIndex { $0.prior!.median == $0.prior!.support.lowerBound })
        var x = initial[0]
        (x[behaviour + reach], x[behaviour + mass]) = (0.25, 0.3)
        let values = plan.values(at: x)
        #expect(values[behaviour + reach] == plan.leverPaths[reach].prior!.quantile(0.25))
        #expect(values[behaviour + mass] == plan.leverPaths[mass].prior!.support.lowerBound)
        #expect(values.prefix(behaviour).elementsEqual(x.prefix(behaviour)))
        let simulated = try plan.simulator(initial[0])
        #expect(simulated.mean.count == plan.problem.targetNames.count && simulated.mean.allSatisfy(\.isFinite))
        // The shipped pilot comes from this community: every building's households agree. Records whose buildings
        // hold other numbers of households are flagged, building by building.
        #expect(plan.sizeMismatches.isEmpty)
        let resized = PilotRecords(
            events: records.events, contactColumns: records.contactColumns, reachedColumns: records.reachedColumns,
            rows: records.rows.map { r in
                PilotRecords.Row(
                    building: r.building, month: r.month, arm: r.arm,
                    households: r.building == records.buildings(.control)[0] ? 80 : r.households,
                    billed: r.billed, collected: r.collected, counts: r.counts)
            }, path: records.path)
        let flagged = try PilotUpdate.Plan(calibration: calibration, challenger: challenger, records: resized, prior: before, particles: 20)
        #expect(flagged.sizeMismatches == ["building \(records.buildings(.control)[0]): 80 in the file, 100 in the community"])
        // Records from another community size are refused with the building named.
        let tooSmall = try PilotRecords.parse(
            "building,month,arm,households,billed,collected\n40,3,treated,10,100,90\n2,3,control,10,100,80\n", path: "p.csv")
        #expect(throws: ScenarioError.self) {
            _ = try PilotUpdate.Plan(calibration: calibration, challenger: challenger, records: tooSmall, prior: before, particles: 20)
        }
    }
}
