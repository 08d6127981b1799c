import FeeSimModel
import Foundation
import GSLKit

/// A sequential Monte Carlo sampler of a posterior over a simulator's parameters, in waves: ABC-SMC with a Gaussian
/// kernel, adaptive tempering and Metropolis–Hastings moves (Toni et al. 2009; Del Moral, Doucet & Jasra 2012).
/// docs/CALIBRATION.md explains the choice.
///
/// The observed figures zₖ are taken as one history of the community measured with error: zₖ = mₖ(θ) + one
/// replication's own variation + measurement error. The likelihood of θ is therefore Gaussian with variance
/// vₖ = sdₖ² + sₖ²(1 + 1/R), sₖ² the variance across replications at θ and sₖ²/R the Monte Carlo error of the
/// simulated mean mₖ over R replications. Every θ is simulated on the same seeds (common random numbers), so the
/// likelihood is a deterministic function of θ.
///
/// Wave 0 draws θ from the (uniform) prior by Latin hypercube. Each later wave k: the next temperature γₖ is the
/// largest whose incremental weights L^(γₖ − γₖ₋₁) keep an effective sample size of `essFraction` of the particles
/// (Del Moral et al.'s adaptive tolerance: the kernel's width is sd/√γ); the population is resampled
/// (systematic) and every particle proposes a Gaussian random-walk step on logit-transformed coordinates (so
/// moves stay inside the prior's box), with covariance 2.38²/d times the population's; the step is simulated and
/// accepted with the Metropolis–Hastings probability for prior × L^γₖ, so the population stays distributed as that
/// target. Once γ = 1 (or at the last wave allowed, which forces it) `finalMoves` waves of moves run at γ = 1;
/// the population then is an equally weighted sample of the posterior.
///
/// Every function here is deterministic in its inputs: a wave's proposals depend on (seed, wave) and on the
/// earlier waves' particles alone, so waves split into shards and merged give exactly the single run.
public enum PosteriorSampler {
    /// The problem: parameters with uniform priors on [lower, upper] and targets with their measurement sd.
    public struct Problem: Sendable, Equatable {
        public let names: [String]
        public let lower: [Double]
        public let upper: [Double]
        public let targetNames: [String]
        public let observed: [Double]
        public let sd: [Double]
        /// Targets before this index are already known to the population the sampler starts from (``Settings/initial``):
        /// their likelihood enters every wave at full weight, and only the later targets' is tempered in. 0: every
        /// target is tempered (a calibration from the prior).
        public let temperedFrom: Int
        public init(
            names: [String], lower: [Double], upper: [Double], targetNames: [String], observed: [Double], sd: [Double],
            temperedFrom: Int = 0
        ) {
            precondition(names.count == lower.count && names.count == upper.count && !names.isEmpty)
            precondition(targetNames.count == observed.count && observed.count == sd.count && !sd.isEmpty)
            precondition(temperedFrom >= 0 && temperedFrom < sd.count)
            (self.names, self.lower, self.upper) = (names, lower, upper)
            (self.targetNames, self.observed, self.sd) = (targetNames, observed, sd)
            self.temperedFrom = temperedFrom
        }
    }

    public struct Settings: Sendable, Equatable {
        public var particles: Int
        public var waves: Int
        /// Replications behind each simulated mean (for its Monte Carlo error).
        public var replications: Int
        public var seed: UInt64
        /// The effective sample size each tempered wave keeps, as a share of the particles.
        public var essFraction: Double
        /// Implausibility cut-off (Pukelsheim's three-sigma rule), for the diagnostics: a particle is plausible if
        /// every target lies within this many standard deviations (√vₖ) of its simulated mean.
        public var cutoff: Double
        /// Waves of moves at γ = 1 before the population is taken as the posterior.
        public var finalMoves: Int
        /// Wave 0's parameter sets (`particles` of them), already distributed as the prior times the likelihood of
        /// the targets before ``Problem/temperedFrom`` — an earlier posterior being updated; nil: a Latin hypercube
        /// over the prior's box.
        public var initial: [[Double]]?
        public init(
            particles: Int, waves: Int, replications: Int, seed: UInt64, essFraction: Double = 0.5, cutoff: Double = 3,
            finalMoves: Int = 2, initial: [[Double]]? = nil
        ) {
            precondition(initial == nil || initial!.count == particles)
            (self.particles, self.waves, self.replications, self.seed) = (particles, waves, replications, seed)
            (self.essFraction, self.cutoff, self.finalMoves) = (essFraction, cutoff, finalMoves)
            self.initial = initial
        }
    }

    /// The simulated figures of one parameter set: per target, the mean over R replications and the variance
    /// across them.
    public struct Simulated: Sendable, Equatable {
        public let mean: [Double]
        public let variance: [Double]
        public init(mean: [Double], variance: [Double]) { (self.mean, self.variance) = (mean, variance) }
    }

    /// One simulated parameter set of a wave.
    public struct Particle: Sendable, Equatable {
        public let wave: Int
        /// Its index in the wave (0-based).
        public let id: Int
        public let values: [Double]
        public let simulated: Simulated
        public init(wave: Int, id: Int, values: [Double], simulated: Simulated) {
            (self.wave, self.id, self.values, self.simulated) = (wave, id, values, simulated)
        }
    }

    /// What a wave did: its temperature, the effective sample size of its reweighting (before resampling), how
    /// many of its moves were accepted and how many particles of the population it leaves pass the
    /// implausibility cut-off.
    public struct Wave: Sendable, Equatable {
        public let index: Int
        public let temperature: Double
        public let ess: Double
        public let accepted: Int
        public let plausible: Int
        public let particles: Int
    }

    // MARK: Coordinates

    static func logit(_ u: Double) -> Double { log(u / (1 - u)) }
    static func sigmoid(_ y: Double) -> Double { 1 / (1 + exp(-y)) }

    /// Unit coordinates of θ, clamped away from the box's faces.
    static func toY(_ x: [Double], _ p: Problem) -> [Double] {
        x.indices.map { j in logit(min(1 - 1e-12, max(1e-12, (x[j] - p.lower[j]) / (p.upper[j] - p.lower[j])))) }
    }

    static func toX(_ y: [Double], _ p: Problem) -> [Double] {
        y.indices.map { j in p.lower[j] + (p.upper[j] - p.lower[j]) * sigmoid(y[j]) }
    }

    /// log density of the uniform prior in logit coordinates: Σ log u(1 − u).
    static func logPrior(y: [Double]) -> Double {
        y.reduce(0) { total, v in
            let u = sigmoid(v)
            return total + log(max(1e-300, u * (1 - u)))
        }
    }

    // MARK: Likelihood

    /// The Gaussian log-likelihood of the observed figures at one particle (−∞ when a figure is NaN).
    public static func logLikelihood(_ s: Simulated, _ p: Problem, replications: Int) -> Double {
        logLikelihood(s, p, replications: replications, targets: p.observed.indices)
    }

    /// The log-likelihood split at ``Problem/temperedFrom``: the known targets' part and the tempered part.
    static func parts(_ s: Simulated, _ p: Problem, replications: Int) -> (known: Double, tempered: Double) {
        (
            p.temperedFrom == 0 ? 0 : logLikelihood(s, p, replications: replications, targets: 0..<p.temperedFrom),
            logLikelihood(s, p, replications: replications, targets: p.temperedFrom..<p.observed.count)
        )
    }

    static func logLikelihood(_ s: Simulated, _ p: Problem, replications: Int, targets: Range<Int>) -> Double {
        var total = 0.0
        for k in targets {
            let m = s.mean[k], v = variance(s, k, p, replications: replications)
            guard m.isFinite, v.isFinite else { return -.infinity }
            total -= 0.5 * ((m - p.observed[k]) * (m - p.observed[k]) / v + log(v))
        }
        return total
    }

    static func variance(_ s: Simulated, _ k: Int, _ p: Problem, replications: Int) -> Double {
        p.sd[k] * p.sd[k] + max(0, s.variance[k]) * (1 + 1 / Double(max(1, replications)))
    }

    /// Largest standardised distance of a target from its simulated mean (history matching's implausibility).
    public static func implausibility(_ s: Simulated, _ p: Problem, replications: Int) -> Double {
        var worst = 0.0
        for k in p.observed.indices {
            let m = s.mean[k]
            guard m.isFinite else { return .infinity }
            worst = max(worst, abs(m - p.observed[k]) / variance(s, k, p, replications: replications).squareRoot())
        }
        return worst
    }

    // MARK: Waves

    /// The population after some waves: its particles (each the simulated parameter set it sits at) and
    /// temperature, with each wave's summary.
    public struct State: Sendable, Equatable {
        public let waves: [Wave]
        public let population: [Particle]
        /// Whether the sampler has reached the posterior (γ = 1 and its final moves done, or the wave limit).
        public let done: Bool
        /// Whether γ = 1 was forced by the wave limit rather than reached.
        public let forced: Bool
        /// The next wave to simulate (nil when done).
        public var nextWave: Int? { done ? nil : waves.count }
    }

    /// Replays the waves (each in id order) to the population they leave. O(W · M · (p² + K)).
    public static func state(_ waves: [[Particle]], problem p: Problem, settings: Settings) throws -> State {
        var summaries: [Wave] = []
        guard let first = waves.first else { return State(waves: [], population: [], done: false, forced: false) }
        var population = first
        var known = first.map { parts($0.simulated, p, replications: settings.replications) }
        var logL = known.map(\.tempered)
        var gamma = 0.0
        summaries.append(
            Wave(
                index: 0, temperature: 0, ess: Double(first.count), accepted: first.count,
                plausible: plausible(first, p, settings), particles: first.count))
        var atOne = 0, forced = false
        for k in 1..<max(1, waves.count) where k < waves.count {
            let step = try move(population, logL: logL, gamma: gamma, wave: k, problem: p, settings: settings)
            let proposals = waves[k]
            let rng = try stream(settings, wave: k, StreamIDs.posteriorAcceptance)
            var accepted = 0
            var next: [Particle] = [], nextParts: [(known: Double, tempered: Double)] = []
            for (i, a) in step.ancestors.enumerated() {
                let proposal = proposals[i]
                let new = parts(proposal.simulated, p, replications: settings.replications), old = known[a]
                let yOld = toY(population[a].values, p), yNew = toY(proposal.values, p)
                let logRatio =
                    new.tempered.isFinite && new.known.isFinite
                    ? (new.known - old.known) + step.gamma * (new.tempered - old.tempered) + logPrior(y: yNew)
                        - logPrior(y: yOld) : -.infinity
                let u = rng.uniform()
                if old.tempered == -.infinity || old.known == -.infinity || log(max(u, 1e-300)) < logRatio {
                    next.append(proposal)
                    nextParts.append(new)
                    accepted += 1
                } else {
                    next.append(population[a])
                    nextParts.append(old)
                }
            }
            (population, known, gamma) = (next, nextParts, step.gamma)
            logL = known.map(\.tempered)
            forced = forced || step.forced
            if gamma == 1 { atOne += 1 }
            summaries.append(
                Wave(
                    index: k, temperature: gamma, ess: step.ess, accepted: accepted,
                    plausible: plausible(population, p, settings), particles: population.count))
        }
        let done = atOne >= settings.finalMoves || waves.count >= settings.waves
        return State(waves: summaries, population: population, done: done, forced: forced || (done && gamma < 1))
    }

    static func plausible(_ particles: [Particle], _ p: Problem, _ settings: Settings) -> Int {
        particles.filter { implausibility($0.simulated, p, replications: settings.replications) <= settings.cutoff }.count
    }

    static func stream(_ settings: Settings, wave: Int, _ id: StreamIDs) throws -> RandomStream {
        try RandomStream(generator: "mt19937", seed: SeedSequence.seed(master: settings.seed, replication: UInt64(wave), stream: id))
    }

    /// Wave k's step from a population at temperature `gamma`: its temperature, the ESS of the reweighting, the
    /// resampled ancestors and the proposed parameter sets.
    struct Step {
        let gamma: Double
        let ess: Double
        let forced: Bool
        let ancestors: [Int]
        let proposals: [[Double]]
    }

    static func move(
        _ population: [Particle], logL: [Double], gamma: Double, wave k: Int, problem p: Problem,
        settings: Settings
    ) throws -> Step {
        let m = population.count, d = p.names.count
        let isLast = k == settings.waves - 1
        var next = gamma >= 1 ? 1 : temperature(logL: logL, from: gamma, target: settings.essFraction * Double(m))
        let forced = isLast && next < 1
        if isLast { next = 1 }
        let weights = normalised(logL.map { $0 == -.infinity ? -.infinity : (next - gamma) * $0 })
        let ess = effectiveSize(weights)
        // Random-walk covariance: 2.38²/d × the reweighted population's, in logit coordinates, plus a small ridge.
        let ys = population.map { toY($0.values, p) }
        var mean = [Double](repeating: 0, count: d)
        for (y, w) in zip(ys, weights) { for j in 0..<d { mean[j] += w * y[j] } }
        var cov = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for (y, w) in zip(ys, weights) {
            for a in 0..<d { for b in 0..<d { cov[a][b] += w * (y[a] - mean[a]) * (y[b] - mean[b]) } }
        }
        let scale = 2.38 * 2.38 / Double(d)
        for a in 0..<d { for b in 0..<d { cov[a][b] *= scale }; cov[a][a] += 1e-6 }
        let l = cholesky(cov)
        let rng = try stream(settings, wave: k, StreamIDs.posteriorProposal)
        let start = rng.uniform()
        var ancestors: [Int] = []
        ancestors.reserveCapacity(m)
        var cumulative = weights[0], i = 0
        for n in 0..<m {
            let target = (Double(n) + start) / Double(m)
            while i < m - 1 && cumulative < target {
                i += 1
                cumulative += weights[i]
            }
            ancestors.append(i)
        }
        var proposals: [[Double]] = []
        proposals.reserveCapacity(m)
        for a in ancestors {
            var z: [Double] = []
            for _ in 0..<d { z.append(rng.standardNormal()) }
            var y = ys[a]
            for r in 0..<d { for c in 0...r { y[r] += l[r][c] * z[c] } }
            proposals.append(toX(y, p))
        }
        return Step(gamma: next, ess: ess, forced: forced, ancestors: ancestors, proposals: proposals)
    }

    /// The parameter sets of wave `wave`, given every earlier wave's particles (in id order).
    public static func points(wave: Int, earlier: [[Particle]], problem p: Problem, settings: Settings) throws -> [[Double]] {
        precondition(earlier.count == wave, "wave \(wave) needs the \(wave) waves before it")
        let m = settings.particles, dims = p.names.count
        if wave == 0, let initial = settings.initial { return initial }
        if wave == 0 {
            let rng = try stream(settings, wave: 0, StreamIDs.posteriorProposal)
            var columns: [[Double]] = []
            for _ in 0..<dims {
                var strata = (0..<m).map { Int32($0) }
                rng.shuffle(&strata)
                columns.append(strata.map { (Double($0) + rng.uniform()) / Double(m) })
            }
            var points: [[Double]] = []
            for i in 0..<m {
                var x: [Double] = []
                for j in 0..<dims {
                    let span: Double = p.upper[j] - p.lower[j]
                    x.append(p.lower[j] + span * columns[j][i])
                }
                points.append(x)
            }
            return points
        }
        let state = try self.state(earlier, problem: p, settings: settings)
        guard !state.done else {
            throw ShardError(message: "the posterior was reached after wave \(state.waves.count): no wave \(wave + 1) to run")
        }
        let logL = state.population.map { parts($0.simulated, p, replications: settings.replications).tempered }
        let gamma = state.waves.last?.temperature ?? 0
        return try move(state.population, logL: logL, gamma: gamma, wave: wave, problem: p, settings: settings).proposals
    }

    /// The largest γ in [from, 1] whose incremental weights L^(γ − from) keep an effective sample size ≥ target.
    static func temperature(logL: [Double], from: Double, target: Double) -> Double {
        func ess(_ g: Double) -> Double {
            effectiveSize(normalised(logL.map { $0 == -.infinity ? -.infinity : (g - from) * $0 }))
        }
        if ess(1) >= target { return 1 }
        var lo = from, hi = 1.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if ess(mid) >= target { lo = mid } else { hi = mid }
        }
        // Always move forward a little, so a stuck population cannot loop at one temperature.
        return max(lo, min(1, from + 1e-4))
    }

    /// exp of log-weights, normalised to sum 1 (−∞ gives 0; all −∞ gives equal weights).
    static func normalised(_ logW: [Double]) -> [Double] {
        let top = logW.filter(\.isFinite).max() ?? 0
        let w = logW.map { $0.isFinite ? exp($0 - top) : 0 }
        let total = w.reduce(0, +)
        guard total > 0 else { return [Double](repeating: 1 / Double(max(1, logW.count)), count: logW.count) }
        return w.map { $0 / total }
    }

    /// Kish's effective sample size of normalised weights, 1 / Σ w².
    public static func effectiveSize(_ w: [Double]) -> Double {
        let s = w.reduce(0) { $0 + $1 * $1 }
        return s > 0 ? 1 / s : 0
    }

    /// Lower-triangular L with LLᵀ = a (a symmetric positive semi-definite; a tiny pivot is floored).
    static func cholesky(_ a: [[Double]]) -> [[Double]] {
        let d = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d {
            for j in 0...i {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j { l[i][i] = max(s, 1e-12).squareRoot() } else { l[i][j] = s / l[j][j] }
            }
        }
        return l
    }

    /// Runs every wave in this process: simulate(θ) gives the figures at θ. Waves' particles run in parallel
    /// (`threads`), each particle's figures identical whatever the thread count.
    /// - Returns: the particles of every wave (in id order) and the final state.
    public static func run(
        problem p: Problem, settings: Settings, threads: Int? = nil,
        progress: ((_ wave: Int, _ done: Int, _ total: Int) -> Void)? = nil,
        simulate: @escaping @Sendable ([Double]) throws -> Simulated
    ) throws -> (waves: [[Particle]], state: State) {
        var waves: [[Particle]] = []
        while waves.count < settings.waves {
            let w = waves.count
            waves.append(
                try evaluate(
                    wave: w, ids: Array(0..<settings.particles), earlier: waves, problem: p,
                    settings: settings, threads: threads, progress: progress.map { f in { f(w, $0, $1) } },
                    simulate: simulate))
            let state = try self.state(waves, problem: p, settings: settings)
            if state.done { return (waves, state) }
        }
        return (waves, try state(waves, problem: p, settings: settings))
    }

    /// Simulates the particles `ids` of wave `wave` (a shard's share, or all of them), in id order.
    public static func evaluate(
        wave: Int, ids: [Int], earlier: [[Particle]], problem p: Problem, settings: Settings,
        threads: Int? = nil, progress: ((Int, Int) -> Void)? = nil,
        simulate: @escaping @Sendable ([Double]) throws -> Simulated
    ) throws -> [Particle] {
        let points = try self.points(wave: wave, earlier: earlier, problem: p, settings: settings)
        let counter = ProgressCounter(total: ids.count, report: progress)
        return try ParallelMap.run(count: ids.count, threads: threads) { k in
            let id = ids[k]
            let s = try simulate(points[id])
            counter.tick()
            return Particle(wave: wave, id: id, values: points[id], simulated: s)
        }
    }
}
