import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// What `feesim update` writes: "what the pilot taught us" (update.md), the updated posterior sample (posterior.csv,
/// lever effects included, for `feesim compare --posterior`), each parameter's interval before and after
/// (parameters.csv), the pilot's figures against the updated model's prediction (checks.csv), the choice before and
/// after (decision.csv) and the sampler's waves (waves.csv).
public struct UpdateOutputs: StudyFiles {
    public let plan: PilotUpdate.Plan
    public let posterior: Posterior
    /// The probabilistic comparison with the community's posterior (before the pilot) and with the updated one.
    public let before: UncertaintyAnalysis
    public let after: UncertaintyAnalysis
    /// The strategies' names and titles, baseline first, and the piloted strategy's index among them.
    public let names: [String]
    public let titles: [String]
    public let piloted: Int
    /// The piloted levers' parameters with a prior that the strategy states a value for (not the declared
    /// default): the comparison holds them, so the update does not learn them.
    public var held: [String] {
        let prefixes = plan.levers.levers.map { "levers.\($0.key)." }
        let learnt = Set(plan.leverPaths.map(\.path))
        return plan.challenger.parameterPaths.filter { p in
            p.prior != nil && prefixes.contains { p.path.hasPrefix($0) } && !learnt.contains(p.path)
        }.map(\.path)
    }

    /// The command that re-creates the update, and the tool's version.
    public let command: String
    public let toolVersion: String

    public init(
        _ plan: PilotUpdate.Plan, posterior: Posterior, before: UncertaintyAnalysis, after: UncertaintyAnalysis,
        names: [String], titles: [String], piloted: Int, command: String, toolVersion: String
    ) {
        (self.plan, self.posterior, self.before, self.after) = (plan, posterior, before, after)
        (self.names, self.titles, self.piloted, self.command, self.toolVersion) = (names, titles, piloted, command, toolVersion)
    }

    /// The updated sample as a ``/FeeSimScenario/PosteriorSample`` (the population's weights), as the after-decision
    /// drew it.
    public static func sample(_ posterior: Posterior, path: String) -> PosteriorSample {
        PosteriorSample(
            path: path, names: posterior.problem.names, weights: posterior.weights,
            values: posterior.particles.map(\.values), header: [])
    }

    /// posterior.csv: `#` lines (what it was updated from, the targets and pilot figures, the priors, the sampler),
    /// then the particles as `feesim calibrate` writes them.
    public func sampleCSV() -> String {
        let p = posterior, s = p.settings, c = plan.calibration
        var out =
            "# FeeSim posterior sample of \(c.targets.community) updated with the pilot \(ProjectPath.relative(plan.records.path)) "
            + "(sha256 \(plan.records.contentHash)) of \(plan.challenger.name)\n"
        out += "# before the pilot: \(ProjectPath.relative(plan.prior.path)) (sha256 \(plan.prior.contentHash))\n"
        for k in p.problem.observed.indices {
            out +=
                "# target \(p.problem.targetNames[k]) = \(CSVFormat.number(p.problem.observed[k])) ± "
                + "\(CSVFormat.number(p.problem.sd[k])) (sd)\n"
        }
        for (j, name) in p.problem.names.enumerated() {
            out +=
                "# prior \(name) "
                + (prior(j)?.text ?? "uniform \(CSVFormat.number(p.problem.lower[j]))–\(CSVFormat.number(p.problem.upper[j]))") + "\n"
        }
        out +=
            "# seed \(s.seed); \(s.particles) particles per wave × \(s.replications) replications (common random numbers); "
            + "\(p.waves.count) waves; ESS \(String(format: "%.1f", p.ess)) of \(p.particles.count)\n"
        out += "# tool feesim \(toolVersion); targets file sha256 \(c.targets.contentHash)\n"
        out += "# re-create: \(command)\n"
        return out + PosteriorOutputs.table(p)
    }

    /// parameters.csv: per parameter, whether it is a lever effect, its prior 90% interval, its interval before the
    /// pilot (the community's posterior; the prior for a lever effect) and after, and the share of the before-width
    /// the pilot kept.
    public func parametersCSV() -> String {
        var csv = "parameter,kind,prior_p05,prior_p95,before_p05,before_p50,before_p95,after_p05,after_p50,after_p95,width_kept\n"
        for row in rows() {
            csv +=
                "\(row.name),\(row.lever ? "lever_effect" : "behaviour"),"
                + [row.prior.0, row.prior.1, row.before.0, row.before.1, row.before.2, row.after.0, row.after.1, row.after.2, row.kept]
                .map(CSVFormat.number).joined(separator: ",") + "\n"
        }
        return csv
    }

    struct ParameterRow {
        let name: String
        let lever: Bool
        let prior: (Double, Double)
        let before: (Double, Double, Double)
        let after: (Double, Double, Double)
        var kept: Double { (after.2 - after.0) / max(1e-300, before.2 - before.0) }
    }

    /// Parameter j's declared prior when it is a lever effect (nil for a behaviour parameter: uniform on its box).
    func prior(_ j: Int) -> Prior? {
        let behaviour = plan.prior.names.count
        return j < behaviour ? nil : plan.leverPaths[j - behaviour].prior
    }

    func rows() -> [ParameterRow] {
        let p = posterior, behaviour = plan.prior.names.count
        let low = plan.prior.quantiles(0.05), mid = plan.prior.quantiles(0.5), high = plan.prior.quantiles(0.95)
        return p.problem.names.indices.map { j in
            let prior = self.prior(j)?.central90 ?? p.priorInterval(j)
            let before = j < behaviour ? (low[j], mid[j], high[j]) : (prior.0, self.prior(j)!.median, prior.1)
            return ParameterRow(
                name: p.problem.names[j], lever: j >= behaviour, prior: prior, before: before,
                after: (p.quantile(0.05, parameter: j), p.quantile(0.5, parameter: j), p.quantile(0.95, parameter: j)))
        }
    }

    /// checks.csv: the pilot's figures (and the status quo's targets) against the updated model's prediction.
    public func checksCSV() -> String {
        var csv = "target,observed,sd,simulated_p05,simulated_p50,simulated_p95,predictive_p05,predictive_p95,covered\n"
        for c in posterior.checks {
            csv +=
                "\(c.name),"
                + [c.observed, c.sd, c.meanLow, c.meanMedian, c.meanHigh, c.predictiveLow, c.predictiveHigh]
                .map(CSVFormat.number).joined(separator: ",") + ",\(c.covered ? "yes" : "no")\n"
        }
        return csv
    }

    /// decision.csv: per strategy, before and after the pilot, the mean net benefit over the parameter sets with its
    /// 5–95% range, P(net benefit > 0) and P(best); then a row `evpi` with EVPI and its standard error.
    public func decisionCSV() -> String {
        var csv =
            "strategy,when,net_benefit_mean,net_benefit_p05,net_benefit_p95,p_positive,p_best,evpi,evpi_standard_error\n"
        for (when, a) in [("before", before), ("after", after)] {
            for (s, f) in a.strategies.enumerated() {
                csv +=
                    "\(CSVFormat.field(names[s])),\(when),"
                    + [f.netBenefit, f.netBenefitLow, f.netBenefitHigh, f.pPositive, f.pBest].map(CSVFormat.number)
                    .joined(separator: ",") + ",,\n"
            }
            csv +=
                "evpi,\(when),,,,,,\(CSVFormat.number(a.valueOfInformation.evpi)),"
                + "\(CSVFormat.number(a.valueOfInformation.evpiStandardError))\n"
        }
        return csv
    }

    public func wavesCSV() -> String { PosteriorOutputs.wavesCSV(posterior) }

    /// The recommendation in one sentence: roll out the strategy the updated choice picks, or stay.
    public var recommendation: String {
        let b = PilotUpdate.choice(before), a = PilotUpdate.choice(after)
        let f = after.strategies[a]
        let changed = a == b ? "the same choice as before the pilot" : "before the pilot it was \(titles[b])"
        if a == 0 {
            return "**Do not roll out.** After the pilot no strategy's expected net benefit is above the status quo's (\(changed))."
        }
        return "**Roll out \(titles[a]).** Expected net benefit \(Format.thousands(f.netBenefit)) yuan (5–95% over the "
            + "parameter sets: \(Format.thousands(f.netBenefitLow)) to \(Format.thousands(f.netBenefitHigh))), P(best) "
            + "\(Format.percent(f.pBest, digits: 0)), P(net benefit > 0) \(Format.percent(f.pPositive, digits: 0)); \(changed)."
    }

    public func markdown() -> String {
        func g(_ x: Double) -> String { String(format: "%.3g", x) }
        let r = plan.records, m = r.months
        var md = "# What the pilot taught us: \(titles[piloted]) in \(plan.calibration.targets.community)\n\n"
        md += recommendation + "\n\n"
        md +=
            "The pilot: \(r.buildings(.treated).count) treated buildings (\(r.buildings(.treated).map(String.init).joined(separator: ", "))) "
            + "and \(r.buildings(.control).count) control buildings (\(r.buildings(.control).map(String.init).joined(separator: ", "))), "
            + "months \(m.lowerBound)–\(m.upperBound), from `\(ProjectPath.relative(r.path))`. "
        md +=
            "The community's posterior (`\(ProjectPath.relative(plan.prior.path))`) was updated with its figures by the same "
            + "sequential Monte Carlo sampler as `feesim calibrate`, the piloted levers' effects included "
            + "(docs/CALIBRATION.md, \"Learning from a pilot\"): \(posterior.settings.particles) particles, "
            + "\(posterior.waves.count) waves, \(posterior.simulations) simulations of the status quo and as many of the "
            + "pilot; effective sample size \(String(format: "%.0f", posterior.ess)) (distinct particles), "
            + "\(posterior.waves.last.map { "\($0.accepted) of \($0.particles)" } ?? "–") moves accepted in the last wave.\n\n"
        if posterior.forced {
            md +=
                "**Caution: γ = 1 was forced by the wave limit**, so the sample is rougher than the sampler would make it: "
                + "run again with more `--waves` (or `--particles`).\n\n"
        }
        if !plan.sizeMismatches.isEmpty {
            md +=
                "**Caution: the pilot's buildings are not the community's size** — "
                + plan.sizeMismatches.joined(separator: "; ")
                + ". Are these records from this community? The figures are per household, so they still compare, "
                + "but the simulated buildings are not the observed ones.\n\n"
        }
        if !held.isEmpty {
            md +=
                "Held at the strategy's stated values, not learnt (as the comparison holds them): "
                + held.map { "`\($0)`" }.joined(separator: ", ") + ".\n\n"
        }
        md += "Re-create: `\(command)`.\n\n"
        md += "## What the pilot observed, and what the updated model predicts\n\n"
        md += "| figure | observed ± sd | updated model: mean (5–95%) | predictive 90% | |\n|---|---|---|---|---|\n"
        for c in posterior.checks where c.name.hasPrefix("pilot_") {
            md += "| `\(c.name.dropFirst(6))` | \(g(c.observed)) ± \(g(c.sd)) | \(g(c.meanMedian)) (\(g(c.meanLow))–\(g(c.meanHigh))) | "
            md += "\(g(c.predictiveLow)) – \(g(c.predictiveHigh)) | \(c.covered ? "inside" : "**outside**") |\n"
        }
        md += "\n## Lever effects: prior and after the pilot\n\n"
        md += "A width kept near 100% means the pilot could not tell that effect's values apart.\n\n"
        md +=
            "A width kept above 100% is Monte Carlo noise of the sample (its effective size is above); a point mass of the "
            + "prior (a stated value at the edge of its range) shows as an interval ending at it.\n\n"
        md += "| parameter | prior 90% | after the pilot: median (90%) | width kept |\n|---|---|---|---|\n"
        for row in rows() where row.lever {
            md +=
                "| `\(row.name)` | \(g(row.before.0)) – \(g(row.before.2)) | **\(g(row.after.1))** (\(g(row.after.0)) – \(g(row.after.2))) | "
                + "\(Format.percent(row.kept, digits: 0)) |\n"
        }
        md += "\n## Household behaviour: the community's posterior before and after\n\n"
        md += "| parameter | before: median (90%) | after: median (90%) | width kept |\n|---|---|---|---|\n"
        for row in rows() where !row.lever {
            md +=
                "| `\(row.name)` | \(g(row.before.1)) (\(g(row.before.0)) – \(g(row.before.2))) | \(g(row.after.1)) (\(g(row.after.0)) – \(g(row.after.2))) | "
                + "\(Format.percent(row.kept, digits: 0)) |\n"
        }
        md += "\n## The choice before and after\n\n"
        md +=
            "Each column is a probabilistic comparison over \(after.sets.totalSets) parameter sets × \(after.sets.replications) "
            + "replications: before, behaviour from the community's posterior and lever effects from their priors; after, "
            + "both from the updated posterior. Net benefit in yuan over the horizon against the status quo, mean over "
            + "the sets (5–95%). Each strategy runs as written, from month 1 — the pilot's months included — so the "
            + "comparison is of the plans as designed, now with what the pilot taught about their effects.\n\n"
        md += "| strategy | before: net benefit | P(best) | after: net benefit | P(best) |\n|---|---|---|---|---|\n"
        for s in names.indices.dropFirst() {
            let x = before.strategies[s], y = after.strategies[s]
            let mark = s == piloted ? " (piloted)" : ""
            md +=
                "| \(titles[s])\(mark) | \(Format.thousands(x.netBenefit)) (\(Format.thousands(x.netBenefitLow)) – \(Format.thousands(x.netBenefitHigh))) | "
            md +=
                "\(Format.percent(x.pBest, digits: 0)) | \(Format.thousands(y.netBenefit)) (\(Format.thousands(y.netBenefitLow)) – \(Format.thousands(y.netBenefitHigh))) | "
            md += "\(Format.percent(y.pBest, digits: 0)) |\n"
        }
        let e0 = before.valueOfInformation, e1 = after.valueOfInformation
        md +=
            "\nExpected value of perfect information (what resolving every remaining uncertainty would be worth to this "
            + "choice): \(Format.thousands(e0.evpi)) ± \(Format.thousands(e0.evpiStandardError)) yuan before the pilot, "
            + "\(Format.thousands(e1.evpi)) ± \(Format.thousands(e1.evpiStandardError)) after (± one Monte Carlo standard error).\n"
        return md
    }

    public func files(markdown: String) -> [(name: String, text: String)] {
        [
            ("update.md", markdown), ("parameters.csv", parametersCSV()), ("checks.csv", checksCSV()),
            ("decision.csv", decisionCSV()), ("waves.csv", wavesCSV()), ("posterior.csv", sampleCSV())
        ]
    }
}

/// How an update ran: its inputs (paths relative to the project, sha256 of each), the sampler's and the
/// comparison's settings, and the whole wall time with each part's.
public struct UpdateManifest: Codable, Sendable, JSONManifest {
    public var tool = "feesim"
    public var toolVersion: String
    public var comparison: String
    public var comparisonSHA256: String
    public var strategy: String
    public var pilot: String
    public var pilotSHA256: String
    public var posteriorBefore: String
    public var posteriorBeforeSHA256: String
    public var targets: String
    public var targetsSHA256: String
    public var parameters: [String]
    public var targetNames: [String]
    public var particles: Int
    public var replications: Int
    public var seed: UInt64
    public var waves: Int
    public var simulations: Int
    public var ess: Double
    public var uncertaintySets: Int
    public var uncertaintyReplications: Int
    /// Every file the update read (the comparison's scenario files, its targets, the pilot, the posterior before),
    /// relative to the project, → its SHA-256.
    public var inputs: [String: String]
    public var wallTimeSeconds: Double
    public var partSeconds: [String: Double]

    public init(
        _ outputs: UpdateOutputs, comparison: String, comparisonSHA256: String, uncertainty: ComparisonStudy.Uncertainty,
        inputs: [String], wallTimeSeconds: Double, partSeconds: [String: Double]
    ) throws {
        let plan = outputs.plan, p = outputs.posterior
        (toolVersion, self.comparison, self.comparisonSHA256) = (outputs.toolVersion, ProjectPath.relative(comparison), comparisonSHA256)
        strategy = outputs.names[outputs.piloted]
        (pilot, pilotSHA256) = (ProjectPath.relative(plan.records.path), plan.records.contentHash)
        (posteriorBefore, posteriorBeforeSHA256) = (ProjectPath.relative(plan.prior.path), plan.prior.contentHash)
        (targets, targetsSHA256) = (ProjectPath.relative(plan.calibration.targets.path), plan.calibration.targets.contentHash)
        (parameters, targetNames) = (p.problem.names, p.problem.targetNames)
        (particles, replications, seed) = (p.settings.particles, p.settings.replications, p.settings.seed)
        (waves, simulations, ess) = (p.waves.count, p.simulations, p.ess)
        (uncertaintySets, uncertaintyReplications) = (uncertainty.sets, uncertainty.replications)
        (self.wallTimeSeconds, self.partSeconds) = (wallTimeSeconds, partSeconds)
        self.inputs = try ProjectPath.hashes(
            of: [comparison] + inputs + [plan.calibration.targets.path, plan.records.path, plan.prior.path])
    }

    enum CodingKeys: String, CodingKey {
        case tool, toolVersion = "tool_version", comparison, comparisonSHA256 = "comparison_sha256", strategy, pilot
        case pilotSHA256 = "pilot_sha256", posteriorBefore = "posterior_before", posteriorBeforeSHA256 = "posterior_before_sha256"
        case targets, targetsSHA256 = "targets_sha256", parameters, targetNames = "target_names", particles, replications
        case seed, waves, simulations, ess, uncertaintySets = "uncertainty_sets"
        case uncertaintyReplications = "uncertainty_replications", inputs, wallTimeSeconds = "wall_time_seconds"
        case partSeconds = "part_seconds"
    }
}
