import FeeSimModel
import FeeSimScenario

/// A study file's global sensitivity analysis: Morris elementary effects and/or Sobol indices of every output,
/// each point the mean of the study's replications (by default on common random numbers, so that differences
/// between points reflect the parameters).
public enum SensitivityStudy {
    /// One parameter's Morris statistics for one output: μ* (with its bootstrap interval), μ and σ.
    public struct MorrisRow: Sendable {
        public let parameter: String
        public let muStar: Estimate
        public let mu: Double
        public let sigma: Double
        public init(parameter: String, muStar: Estimate, mu: Double, sigma: Double) {
            self.parameter = parameter
            self.muStar = muStar
            self.mu = mu
            self.sigma = sigma
        }
    }

    /// One parameter's Sobol indices for one output: first-order and total, with bootstrap intervals.
    public struct SobolRow: Sendable {
        public let parameter: String
        public let first: Estimate
        public let total: Estimate
        public init(parameter: String, first: Estimate, total: Estimate) {
            self.parameter = parameter
            self.first = first
            self.total = total
        }
    }

    /// Per output, in the study's order; an array is empty when its method was not run.
    public struct Result: Sendable {
        public let morris: [[MorrisRow]]
        public let sobol: [[SobolRow]]
        /// Points evaluated (Morris and Saltelli together).
        public let points: Int
        /// Whether every point used the same random numbers.
        public let commonRandomNumbers: Bool
    }

    /// Runs the study's Morris and/or Sobol designs. `progress(done, total)` follows the points.
    /// Cost: `points × replications` replications of the base scenario (twice with `against:`).
    public static func run(_ study: StudySpec, threads: Int?, progress: (Int, Int) -> Void = { _, _ in }) throws -> Result {
        let k = study.parameterNames.count
        let ranges = study.parameterRanges
        let crn = study.commonRandomNumbers ?? true
        let counts = study.sensitivityPointCounts
        let total = counts.morris + counts.sobol
        var evaluated = 0

        /// Means of every output at unit-cube points.
        func evaluate(_ unit: [[Double]]) throws -> [[Double]] {
            let points = unit.map { u in ranges.indices.map { ranges[$0].value(at: min(u[$0], 1 - 1e-12)) } }
            var means = [[Double]](repeating: [], count: study.outputs.count)
            try Sweep.run(study, ids: Array(points.indices), points: points, commonRandomNumbers: crn, threads: threads) { p in
                for o in means.indices { means[o].append(p.means[o]) }
                evaluated += 1
                progress(evaluated, total)
            }
            return means
        }

        var morris: [[MorrisRow]] = []
        var sobol: [[SobolRow]] = []
        if counts.morris > 0 {
            let design = try Morris.design(parameters: k, trajectories: study.trajectories, levels: study.levels, seed: study.seed)
            morris = try evaluate(design.points).map { f in
                try Morris.analyse(
                    outputs: f, parameters: k, trajectories: study.trajectories, moves: design.moves,
                    bootstrap: study.bootstrap, seed: study.seed
                ).enumerated().map { i, r in
                    MorrisRow(parameter: study.parameterNames[i], muStar: r.muStar, mu: r.mu, sigma: r.sigma)
                }
            }
        }
        if counts.sobol > 0 {
            let design = try SobolIndices.design(parameters: k, samples: study.samples)
            sobol = try evaluate(design).map { f in
                try SobolIndices.analyse(
                    outputs: f, parameters: k, samples: study.samples, bootstrap: study.bootstrap,
                    seed: study.seed
                ).enumerated().map { i, r in
                    SobolRow(parameter: study.parameterNames[i], first: r.first, total: r.total)
                }
            }
        }
        return Result(morris: morris, sobol: sobol, points: total, commonRandomNumbers: crn)
    }
}

extension Sweep {
    /// Evaluates the points `ids` of a study file's design, building each point's scenario (and the scenario it is
    /// compared against, when the study has `against:`) from the study. See ``run(ids:points:outputs:replications:studySeed:commonRandomNumbers:threads:build:against:each:)``.
    public static func run(
        _ study: StudySpec, ids: [Int], points: [[Double]], commonRandomNumbers: Bool, threads: Int?,
        each: (PointResult) throws -> Void
    ) throws {
        try run(
            ids: ids, points: points, outputs: study.outputs, replications: study.replications, studySeed: study.seed,
            commonRandomNumbers: commonRandomNumbers, threads: threads, build: { try study.scenario(with: $0) },
            against: study.against == nil ? nil : { try study.againstScenario(with: $0) }, each: each)
    }
}
