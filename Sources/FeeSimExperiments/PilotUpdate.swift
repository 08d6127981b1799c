import FeeSimModel
import FeeSimScenario
import Foundation
import GSLKit

/// Learning from a pilot (docs/CALIBRATION.md, "Learning from a pilot"): the community's posterior, updated with a
/// building pilot's records, lever effects included, by the same sequential Monte Carlo sampler.
///
/// The target is p(θ, λ | status quo, pilot) ∝ π(θ) π(λ) L_sq(θ) L_pilot(θ, λ): θ the calibrated behaviour
/// parameters (uniform priors of the targets file), λ the piloted levers' uncertain effects (their declared
/// priors, sampled in each prior's probability coordinate, where it is uniform), L_sq the status-quo targets' likelihood and L_pilot the pilot figures' (``PilotEvidence/figures(_:sdFrom:)``).
/// The sampler starts from the community's posterior sample (a draw of π(θ) L_sq(θ)) resampled, each particle with
/// λ drawn from its prior, so the population already stands for π(θ) π(λ) L_sq(θ); it then tempers L_pilot in
/// (``/FeeSimExperiments/PosteriorSampler/Problem/temperedFrom``) with Metropolis–Hastings moves whose acceptance
/// uses the whole target, so every simulated parameter set is run both as the status quo and as the pilot.
public enum PilotUpdate {
    /// An update ready to run, checked before anything runs.
    public struct Plan: Sendable {
        /// The status quo's calibration: its scenario, targets, parameters and simulator.
        public let calibration: PosteriorStudy.Plan
        /// The strategy piloted (its lever parameters are the pilot's); its rollout is replaced by the pilot's.
        public let challenger: Scenario
        /// The levers switched on in the treated buildings: the union of the challenger's rollout's.
        public let levers: LeverSet
        public let records: PilotRecords
        public let observed: [PilotEvidence.Figure]
        /// The posterior sample updated (the community's, before the pilot).
        public let prior: PosteriorSample
        /// The piloted levers' uncertain parameters, learnt from the pilot.
        public let leverPaths: [ParameterPath]
        public let problem: PosteriorSampler.Problem
        public let settings: PosteriorSampler.Settings
        /// The pilot's buildings whose households in the file differ from the community's ("building 3: 80 in the
        /// file, 100 in the community"): a sign that the records come from another community, or that the
        /// community's scenario sizes its buildings otherwise. Empty when every building agrees.
        public let sizeMismatches: [String]

        /// - Parameters:
        ///   - calibration: the community's status quo and targets (the targets file's settings: replications,
        ///     months and seed are the ones `prior` was made with).
        ///   - particles, waves: the sampler's, each nil for the targets file's.
        /// - Throws: ``/FeeSimModel/ParameterError`` when the challenger switches on no lever, or the prior sample's
        ///   columns are not the targets file's parameters; ``/FeeSimScenario/ScenarioError`` when a building of the
        ///   records is not in the community.
        public init(
            calibration: PosteriorStudy.Plan, challenger: Scenario, records: PilotRecords, prior: PosteriorSample,
            particles: Int? = nil, waves: Int? = nil
        ) throws {
            let levers = challenger.rollout.reduce(LeverSet()) { $0.union($1.levers) }
            guard levers.rawValue != 0 else {
                throw ParameterError(message: "\(challenger.name): its rollout switches on no lever, so a pilot of it tests nothing")
            }
            guard prior.names == calibration.problem.names else {
                throw ParameterError(
                    message: "\(prior.path): its columns (\(prior.names.joined(separator: ", "))) are not the parameters of "
                        + "\(calibration.targets.path) (\(calibration.problem.names.joined(separator: ", "))): give the "
                        + "posterior that `feesim calibrate` made from those targets (an updated posterior is not updated again)")
            }
            let used = calibration.settings
            let made = [
                "targets file sha256 \(calibration.targets.contentHash)",
                "seed \(used.seed);", "× \(used.replications) replications × \(calibration.months) months"
            ]
            for mark in made where !prior.header.contains(where: { $0.contains(mark) }) {
                throw ParameterError(
                    message: "\(prior.path): its header does not record '\(mark)', so its particles were not drawn under "
                        + "\(calibration.targets.path) as it is now (an edited targets file, or other settings): re-run "
                        + "`feesim calibrate` with it, then update")
            }
            let records = try records.checked(buildings: challenger.community.buildings)
            let compiled = try CompiledModel(challenger)
            let (contactColumns, reachedColumns) = BuildingEvents.columns(of: compiled)
            sizeMismatches = (records.buildings(.treated) + records.buildings(.control)).sorted().compactMap { b in
                let inModel = compiled.buildingStart[b] - compiled.buildingStart[b - 1]
                let inFile = records.rows.first { $0.building == b }!.households
                return inFile == inModel ? nil : "building \(b): \(inFile) in the file, \(inModel) in the community"
            }
            for c in records.contactColumns + records.reachedColumns where !(contactColumns + reachedColumns).contains(c) {
                throw ScenarioError(
                    location: SourceLocation(file: records.path, line: records.notes.count + 1, column: 1), keyPath: c, value: c,
                    problem: "not a rung of \(challenger.name)'s ladders: its columns are "
                        + (contactColumns + reachedColumns).joined(separator: ", "))
            }
            let prefixes = levers.levers.map { "levers.\($0.key)." }
            let leverPaths = ProbabilisticComparison.uncertainParameters(of: challenger).filter { p in
                prefixes.contains { p.path.hasPrefix($0) }
            }
            let observed = PilotEvidence.figures(records)
            let base = calibration.problem
            // Lever effects are sampled in their prior's probability coordinate u ∈ [0, 1] (value = the prior's
            // quantile at u), where every declared prior is uniform — a prior with a point mass (a stated value at
            // the edge of its range) included.
            let problem = PosteriorSampler.Problem(
                names: base.names + leverPaths.map(\.path), lower: base.lower + leverPaths.map { _ in 0 },
                upper: base.upper + leverPaths.map { _ in 1 },
                targetNames: base.targetNames + observed.map { "pilot_\($0.name)" },
                observed: base.observed + observed.map(\.value), sd: base.sd + observed.map(\.sd),
                temperedFrom: base.targetNames.count)
            let m = particles ?? calibration.settings.particles
            try InputError.check(m, in: CalibrationTargets.Sampling.particleRange, field: "particles")
            let w = waves ?? calibration.settings.waves
            try InputError.check(w, in: CalibrationTargets.Sampling.waveRange, field: "waves")
            let seed = calibration.settings.seed
            let rows = try ProbabilisticComparison.resample(
                weights: prior.weights, count: m,
                seed: SeedSequence.seed(master: seed, replication: 0, stream: StreamIDs.pilotUpdateStart))
            let effects =
                leverPaths.isEmpty
                ? Array(repeating: [], count: m)
                : try Design.points(
                    .latinHypercube, ranges: leverPaths.map { ParameterRange(name: $0.path) }, count: m,
                    seed: SeedSequence.seed(master: seed, replication: 1, stream: StreamIDs.pilotUpdateStart))
            let initial = zip(rows, effects).map { prior.values[$0] + $1 }
            settings = PosteriorSampler.Settings(
                particles: m, waves: w, replications: calibration.settings.replications, seed: seed, initial: initial)
            (self.calibration, self.challenger, self.levers, self.records) = (calibration, challenger, levers, records)
            (self.observed, self.prior, self.leverPaths, self.problem) = (observed, prior, leverPaths, problem)
        }

        /// The parameter values at the sampler's point `x`: behaviour as it is, each lever effect the quantile of
        /// its prior at its coordinate u (rounded for a whole-number parameter).
        public func values(at x: [Double]) -> [Double] {
            let behaviour = calibration.problem.names.count
            return x.enumerated().map { j, v in
                guard j >= behaviour else { return v }
                let p = leverPaths[j - behaviour]
                let value = p.prior!.quantile(min(1, max(0, v)))
                return p.whole ? value.rounded() : value
            }
        }

        /// The challenger at the sampler's point `x`, running only the pilot: the levers in the treated buildings
        /// over the pilot's months, every other building and month as the status quo.
        public func pilotScenario(at x: [Double]) throws -> Scenario {
            var s = challenger
            for (name, v) in zip(problem.names, values(at: x)) { try ParameterSpace.resolve(name, in: s).set(v, in: &s) }
            let months = records.months
            s.rollout = [
                Phase(
                    name: "pilot", startMonth: months.lowerBound, endMonth: months.upperBound,
                    buildings: .list(records.buildings(.treated).map { $0 - 1 }), levers: levers)
            ]
            return s
        }

        /// The pilot's figures in each of `replications` replications of the pilot at `x` (seed: the targets
        /// file's), as ``PilotEvidence/figures(_:sdFrom:)`` computes them from the records each would keep.
        public func simulatedPilots(at x: [Double], replications: Int) throws -> [[Double]] {
            let s = try pilotScenario(at: x)
            let model = try CompiledModel(
                s, settings: s.settings.overriding(months: records.months.upperBound, replications: replications, seed: settings.seed))
            return try (0..<replications).map { r in
                let sim = try Simulation(model: model, replication: r)
                sim.recordBuildingEvents()
                _ = sim.run()
                let kept = PilotEvidence.records(
                    of: sim, treated: records.buildings(.treated), control: records.buildings(.control), months: records.months)
                return PilotEvidence.figures(PilotEvidence.restricted(kept, to: records), sdFrom: observed).map(\.value)
            }
        }

        /// The simulator: the status quo's targets (``PosteriorStudy/Plan/simulator``) at the behaviour values, then
        /// the pilot's figures, each as the mean and variance over the targets file's replications.
        public var simulator: @Sendable ([Double]) throws -> PosteriorSampler.Simulated {
            let plan = self
            let statusQuo = calibration.simulator
            let behaviour = calibration.problem.names.count
            return { x in
                let known = try statusQuo(Array(x.prefix(behaviour)))
                let pilots = try plan.simulatedPilots(at: x, replications: plan.settings.replications)
                let n = Double(pilots.count)
                var means: [Double] = [], variances: [Double] = []
                for k in plan.observed.indices {
                    let v = pilots.map { $0[k] }
                    let mean = v.reduce(0, +) / n
                    means.append(mean)
                    variances.append(n > 1 ? v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0)
                }
                return PosteriorSampler.Simulated(mean: known.mean + means, variance: known.variance + variances)
            }
        }
    }

    /// Runs the update here: the posterior given the status quo and the pilot, each lever effect in its own units
    /// (the problem's bounds for it: its prior's support).
    /// - Complexity: at most waves × particles × replications simulations of the status quo and as many of the pilot.
    public static func run(
        _ plan: Plan, threads: Int? = nil, progress: ((_ wave: Int, _ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> Posterior {
        let (waves, state) = try PosteriorSampler.run(
            problem: plan.problem, settings: plan.settings, threads: threads, progress: progress, simulate: plan.simulator)
        let p = plan.problem, behaviour = plan.calibration.problem.names.count
        let supports = plan.leverPaths.map { $0.prior!.support }
        let inUnits = PosteriorSampler.Problem(
            names: p.names, lower: Array(p.lower.prefix(behaviour)) + supports.map(\.lowerBound),
            upper: Array(p.upper.prefix(behaviour)) + supports.map(\.upperBound), targetNames: p.targetNames,
            observed: p.observed, sd: p.sd, temperedFrom: p.temperedFrom)
        return Posterior(problem: p, settings: plan.settings, waves: waves, state: state).mapped(plan.values(at:), problem: inUnits)
    }
}

extension PilotUpdate {
    /// The choice over a probabilistic comparison of `study` with `u`'s sets (drawn as `u.source` says): each
    /// strategy's figures over the sets, P(best) and the value of information, without the tornado.
    /// - Complexity: sets × strategies × `u.replications` runs, spread over `threads` (identical for any count).
    public static func decide(
        _ study: ComparisonStudy, _ u: ComparisonStudy.Uncertainty, threads: Int? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> UncertaintyAnalysis {
        try study.check(u)
        let sets = try study.runShard(u, threads: threads, progress: progress)
        let voi = try ValueOfInformation(sets, groups: ProbabilisticComparison.groups(of: sets.parameters, in: study.scenarios[0]))
        let layout = ProbabilisticComparison.layout(
            of: try study.baselineWithFixed(u.fixed), fixed: Array(u.fixed.keys).sorted(), source: u.source)
        return UncertaintyAnalysis(
            sets: sets, valueOfInformation: voi, tornado: nil, fixed: u.fixed, origin: UncertaintyAnalysis.Origin(layout))
    }

    /// The strategy a decision maker picks from `analysis`: the highest mean net benefit over the sets (the status
    /// quo, index 0, when none is above 0); ties go to the earlier strategy.
    public static func choice(_ analysis: UncertaintyAnalysis) -> Int {
        var best = 0
        for (s, f) in analysis.strategies.enumerated() where f.netBenefit > analysis.strategies[best].netBenefit { best = s }
        return best
    }
}
