import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// What `feesim calibrate --targets` writes: the posterior sample (posterior.csv, beside the community's targets
/// file) and its diagnostics in the result folder — calibration.md, parameters.csv (prior and posterior intervals),
/// checks.csv (posterior predictive check of every target), correlations.csv and waves.csv.
public struct PosteriorOutputs: StudyFiles {
    public let posterior: Posterior
    public let targets: CalibrationTargets
    /// The scenario calibrated, as the command names it (for the header and the command that re-creates it).
    public let scenarioPath: String
    public let toolVersion: String

    public init(_ posterior: Posterior, targets: CalibrationTargets, scenarioPath: String, toolVersion: String) {
        (self.posterior, self.targets, self.scenarioPath, self.toolVersion) = (posterior, targets, scenarioPath, toolVersion)
    }

    private var names: [String] { posterior.problem.names }

    /// The command that re-creates the sample.
    public var command: String { "feesim calibrate \(scenarioPath) --targets \(targets.path)" }

    /// posterior.csv: a header of `#` lines (targets, seed, sampler, tool version, the command that re-creates it),
    /// then one row per particle of the final wave: its weight (sum 1), the parameter values and the simulated
    /// mean and variance of every target, at full precision.
    public func sampleCSV() -> String {
        let p = posterior, s = p.settings
        var out = "# FeeSim posterior sample of \(scenarioPath) given \(targets.path) (community: \(targets.community))\n"
        for t in targets.targets {
            out +=
                "# target \(t.name) = \(CSVFormat.number(t.value)) ± \(CSVFormat.number(t.sd)) (sd); source: "
                + (t.range.map { "\(t.source), range \(CSVFormat.number($0.lowerBound))–\(CSVFormat.number($0.upperBound))" } ?? t.source)
                + "\n"
        }
        for (j, name) in names.enumerated() {
            out += "# prior \(name) uniform \(CSVFormat.number(p.problem.lower[j]))–\(CSVFormat.number(p.problem.upper[j]))\n"
        }
        out +=
            "# seed \(s.seed); \(s.particles) particles per wave × \(s.replications) replications × \(targets.months) months "
            + "(common random numbers); \(p.waves.count) waves, temperatures "
            + p.waves.map { String(format: "%.4g", $0.temperature) }.joined(separator: ", ")
            + String(format: "; ESS %.1f of %d\n", p.ess, p.particles.count)
        out += "# tool feesim \(toolVersion); targets file sha256 \(targets.contentHash)\n"
        out += "# re-create: \(command)\n"
        return out + Self.table(p)
    }

    /// A posterior sample's column names and rows (after its `#` header): particle, weight, the parameter values,
    /// then the simulated mean and variance of every target, at full precision.
    static func table(_ p: Posterior) -> String {
        var out =
            (["particle", "weight"] + p.problem.names + p.problem.targetNames.map { "mean_\($0)" }
            + p.problem.targetNames.map { "var_\($0)" }).joined(separator: ",") + "\n"
        for (particle, w) in zip(p.particles, p.weights) {
            out +=
                ([String(particle.id), CSVFormat.number(w)] + particle.values.map(CSVFormat.number)
                + particle.simulated.mean.map(CSVFormat.number) + particle.simulated.variance.map(CSVFormat.number))
                .joined(separator: ",") + "\n"
        }
        return out
    }

    /// parameters.csv: prior and posterior 5/50/95% per parameter, and the share of the prior's width kept.
    public func parametersCSV() -> String {
        var csv = "parameter,prior_low,prior_high,prior_p05,prior_p95,posterior_p05,posterior_p50,posterior_p95,width_ratio\n"
        for (j, name) in names.enumerated() {
            let (a, b) = posterior.priorInterval(j)
            csv +=
                ([name]
                + [
                    posterior.problem.lower[j], posterior.problem.upper[j], a, b,
                    posterior.quantile(0.05, parameter: j), posterior.quantile(0.5, parameter: j),
                    posterior.quantile(0.95, parameter: j), posterior.widthRatio(j)
                ].map(CSVFormat.number))
                .joined(separator: ",") + "\n"
        }
        return csv
    }

    /// checks.csv: every target against the posterior's prediction of it.
    public func checksCSV() -> String {
        var csv =
            "target,observed,sd,source,simulated_p05,simulated_p50,simulated_p95,predictive_p05,predictive_p95,observed_quantile,covered\n"
        for (c, t) in zip(posterior.checks, targets.targets) {
            csv +=
                [c.name, CSVFormat.number(c.observed), CSVFormat.number(c.sd), CSVFormat.field(t.source)].joined(separator: ",") + ","
                + [c.meanLow, c.meanMedian, c.meanHigh, c.predictiveLow, c.predictiveHigh, c.observedQuantile]
                .map(CSVFormat.number).joined(separator: ",") + ",\(c.covered ? "yes" : "no")\n"
        }
        return csv
    }

    public func correlationsCSV() -> String {
        "parameter_a,parameter_b,correlation\n"
            + posterior.correlations.map { "\(names[$0.0]),\(names[$0.1]),\(CSVFormat.number($0.2))" }.joined(separator: "\n") + "\n"
    }

    public func wavesCSV() -> String { Self.wavesCSV(posterior) }

    /// waves.csv of a posterior (a calibration's or an update's): one row per wave of the sampler.
    static func wavesCSV(_ posterior: Posterior) -> String {
        "wave,temperature,ess,moves_accepted,plausible,particles\n"
            + posterior.waves.map {
                "\($0.index + 1),\(CSVFormat.number($0.temperature)),\(CSVFormat.number($0.ess)),\($0.accepted),\($0.plausible),\($0.particles)"
            }.joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        let p = posterior, s = p.settings
        func f(_ x: Double) -> String { String(format: "%.4g", x) }
        let pct = { (x: Double) in Format.percent(x) }
        var md = "# Posterior of \(targets.community): \(names.count) parameters given \(targets.targets.count) targets\n\n"
        md +=
            "ABC-SMC with a Gaussian kernel, adaptive tempering and Metropolis–Hastings moves (docs/CALIBRATION.md): \(s.particles) particles per wave, "
        md += "\(s.replications) replications of \(targets.months) months each on common random numbers (seed \(s.seed)); "
        md += "\(p.waves.count) waves, \(p.simulations) simulations. Effective sample size "
        md += String(
            format: "**%.0f** of %d (distinct particles of the final population, duplicates' weights added up)", p.ess, p.particles.count)
        md += p.reachedTarget ? ".\n\n" : "; γ = 1 was **forced** by the wave limit: run more waves or particles.\n\n"
        md += "Re-create: `\(command)`.\n\n"
        md +=
            "| wave | temperature γ | ESS of the reweighting | moves accepted | plausible (implausibility ≤ \(f(s.cutoff))) |\n|---|---|---|---|---|\n"
        for w in p.waves {
            let share = { (n: Int) in "\(n) of \(w.particles) (\(pct(Double(n) / Double(max(1, w.particles)))))" }
            md +=
                "| \(w.index + 1) | \(f(w.temperature)) | \(String(format: "%.0f", w.ess)) | \(w.index == 0 ? "– (prior draws)" : share(w.accepted)) | \(share(w.plausible)) |\n"
        }
        md +=
            "\n## Parameters: prior and posterior\n\n| parameter | prior 90% | posterior median | posterior 90% | width kept |\n|---|---|---|---|---|\n"
        for (j, name) in names.enumerated() {
            let (a, b) = p.priorInterval(j)
            md += "| `\(name)` | \(f(a)) – \(f(b)) | **\(f(p.quantile(0.5, parameter: j)))** | "
            md += "\(f(p.quantile(0.05, parameter: j))) – \(f(p.quantile(0.95, parameter: j))) | \(pct(p.widthRatio(j))) |\n"
        }
        md += "\n## Posterior predictive check\n\nThe simulated mean over the posterior, and the 90% interval of a new observation "
        md += "(the model's own variation and the measurement error included); the observed value's place in it.\n\n"
        md +=
            "| target | observed ± sd | source | simulated mean (5–95%) | predictive 90% | observed at | |\n|---|---|---|---|---|---|---|\n"
        for (c, t) in zip(p.checks, targets.targets) {
            md +=
                "| `\(c.name)` | \(f(c.observed)) ± \(f(c.sd)) | \(t.isAssumption ? "assumption" + (t.range.map { " (\(f($0.lowerBound))–\(f($0.upperBound)))" } ?? "") : t.source) | "
            md += "\(f(c.meanMedian)) (\(f(c.meanLow))–\(f(c.meanHigh))) | \(f(c.predictiveLow)) – \(f(c.predictiveHigh)) | "
            md += "\(pct(c.observedQuantile)) | \(c.covered ? "inside" : "**outside**") |\n"
        }
        md += "\n## Most correlated pairs (posterior)\n\n| parameters | correlation |\n|---|---|\n"
        for (a, b, r) in p.correlations.prefix(5) { md += "| `\(names[a])` × `\(names[b])` | \(String(format: "%+.2f", r)) |\n" }
        return md
    }

    /// Writes posterior.csv to `url` (atomically: a reader never sees half a file).
    public func writeSample(to url: URL) throws {
        try ResultFolderError.wrap("write", url) {
            try Data(sampleCSV().utf8).write(to: url, options: .atomic)
        }
    }

    public func files(markdown: String) -> [(name: String, text: String)] {
        [
            ("calibration.md", markdown), ("parameters.csv", parametersCSV()), ("checks.csv", checksCSV()),
            ("correlations.csv", correlationsCSV()), ("waves.csv", wavesCSV()), ("posterior.csv", sampleCSV())
        ]
    }
}
