import FeeSimExperiments
import FeeSimScenario
import Foundation

/// What `feesim calibrate --targets … --sbc N` writes: sbc.csv (each trial's true values and their ranks in the
/// posterior), sbc.md (coverage of the 50% and 90% intervals per parameter, and the rank histograms).
public struct CalibrationCheckOutputs: StudyFiles {
    public let result: CalibrationCheck.Result
    public let targets: CalibrationTargets
    /// How the scenario was made small for the check (for example "households 240"), for the report.
    public let size: String

    public init(_ result: CalibrationCheck.Result, targets: CalibrationTargets, size: String) {
        (self.result, self.targets, self.size) = (result, targets, size)
    }

    public func csv() -> String {
        var out = "trial,parameter,truth,rank,ess,waves\n"
        for t in result.trials {
            for (j, name) in result.names.enumerated() {
                out +=
                    "\(t.index + 1),\(name),\(CSVFormat.number(t.truth[j])),\(CSVFormat.number(t.ranks[j])),"
                    + "\(CSVFormat.number(t.ess)),\(t.waves)\n"
            }
        }
        return out
    }

    public func markdown() -> String {
        let r = result, s = r.settings
        let pct = { (x: Double) in Format.percent(x, digits: 0) }
        var md = "# Simulation-based calibration of the posterior of \(targets.community)\n\n"
        md += "\(r.trials.count) trials (Talts et al. 2018): parameters drawn from the prior, one history simulated at them on "
        md += "seeds the calibration does not use, measurement error of each target's sd added, the posterior sampled "
        md += "(\(s.particles) particles, \(s.replications) replications, at most \(s.waves) waves, seed \(s.seed)); \(size). "
        md += "A calibrated sampler covers the truth with its 50% and 90% central intervals in 50% and 90% of trials "
        let n = Double(r.trials.count)
        md += String(
            format: "(binomial sd over %d trials: %.1f and %.1f points).\n\n", r.trials.count,
            100 * (0.25 / n).squareRoot(), 100 * (0.09 / n).squareRoot())
        md += "| parameter | 50% interval covers | 90% interval covers | rank histogram (5 bins) |\n|---|---|---|---|\n"
        for (j, name) in r.names.enumerated() {
            md +=
                "| `\(name)` | \(pct(r.coverage(0.5, parameter: j))) | \(pct(r.coverage(0.9, parameter: j))) | "
                + r.histogram(parameter: j, bins: 5).map(String.init).joined(separator: " · ") + " |\n"
        }
        md += "| **all** | **\(pct(r.coverage(0.5)))** | **\(pct(r.coverage(0.9)))** | |\n"
        return md
    }

    public func files(markdown: String) -> [(name: String, text: String)] { [("sbc.md", markdown), ("sbc.csv", csv())] }
}

/// How a simulation-based calibration ran.
public struct CalibrationCheckManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    public var scenario: String
    public var targets: String
    public var trials: Int
    public var particles: Int
    public var replications: Int
    public var waves: Int
    public var seed: UInt64
    public var coverage50: Double
    public var coverage90: Double
    public var wallTimeSeconds: Double
    public var overrides: [String]

    public init(
        _ result: CalibrationCheck.Result, scenario: String, targets: String, overrides: [ParameterOverride],
        wallTimeSeconds: Double, toolVersion: String
    ) {
        (self.toolVersion, self.scenario, self.targets, trials) = (toolVersion, scenario, targets, result.trials.count)
        (particles, replications, waves, seed) = (
            result.settings.particles, result.settings.replications, result.settings.waves, result.settings.seed
        )
        (coverage50, coverage90) = (result.coverage(0.5), result.coverage(0.9))
        (self.wallTimeSeconds, self.overrides) = (wallTimeSeconds, overrides.map(\.description))
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", scenario, targets, trials, particles, replications, waves, seed
        case coverage50 = "coverage_50", coverage90 = "coverage_90", wallTimeSeconds = "wall_time_seconds", overrides
    }
}
