import FeeSimExperiments
import FeeSimModel
import Foundation

/// What `feesim pilot` writes: power.csv, narrowing.csv and pilot.md, from a pilot study's results.
public struct PilotOutputs {
    public let title: String
    public let levers: [String]
    public let power: [PilotStudy.Cell]
    public let months: [Int]
    public let replications: Int
    public let alpha: Double
    public let targetPower: Double
    public let narrowing: [PilotStudy.NarrowingCell]
    public let measured: [ParameterPath]
    public let draws: Int
    /// Whether the narrowing was switched off (rather than having nothing to narrow).
    public let narrowingSkipped: Bool

    public init(
        title: String, levers: [String], power: [PilotStudy.Cell], months: [Int], replications: Int, alpha: Double,
        targetPower: Double, narrowing: [PilotStudy.NarrowingCell], measured: [ParameterPath], draws: Int,
        narrowingSkipped: Bool
    ) {
        self.title = title
        self.levers = levers
        self.power = power
        self.months = months
        self.replications = replications
        self.alpha = alpha
        self.targetPower = targetPower
        self.narrowing = narrowing
        self.measured = measured
        self.draws = draws
        self.narrowingSkipped = narrowingSkipped
    }

    /// power.csv: one row per (treated buildings, months).
    public func powerCSV() -> String {
        var csv = "treated_buildings,control_buildings,months,power,power_low,power_high,mean_effect,detectable_effect\n"
        for c in power {
            csv +=
                "\(c.treated),\(c.treated),\(c.months),\(CSVFormat.number(c.power)),\(CSVFormat.number(c.powerLow)),"
                + "\(CSVFormat.number(c.powerHigh)),\(CSVFormat.number(c.meanEffect)),\(CSVFormat.number(c.detectableEffect))\n"
        }
        return csv
    }

    /// pilot.md: the power table, the smallest pilot per length, and the narrowing table.
    public func markdown() -> String {
        var md = "# Pilot power: \(title)\n\n"
        md += "Levers piloted: \(levers.joined(separator: ", ")). \(replications) simulated pilots per cell; "
        md += "Welch's t-test on building collection rates at α = \(alpha); power = share of pilots that detect a positive effect.\n\n"
        md +=
            "| treated + control buildings | months | power (95% interval) | mean effect | effect detectable with \(Int(targetPower * 100))% power |\n|---|---|---|---|---|\n"
        for c in power {
            md += String(
                format: "| %d + %d | %d | %.0f%% (%.0f–%.0f%%) | %+.1f pp | %.1f pp |\n", c.treated, c.treated, c.months,
                c.power * 100, c.powerLow * 100, c.powerHigh * 100, c.meanEffect * 100, c.detectableEffect * 100)
        }
        md += "\n"
        for m in months {
            let smallest = power.filter { $0.months == m && $0.power >= targetPower }.map(\.treated).min()
            md +=
                "- \(m) months: "
                + (smallest.map { "smallest pilot with \(Int(targetPower * 100))% power: \($0) treated + \($0) control buildings" }
                    ?? "no pilot size tried reaches \(Int(targetPower * 100))% power") + "\n"
        }
        if !narrowing.isEmpty {
            md += narrowingMarkdown()
        } else if !narrowingSkipped {
            md +=
                "\nNo parameter of the piloted levers is uncertain in this scenario (all are set by it), so there is "
                + "no prior to narrow; choose parameters with --measure.\n"
        }
        return md
    }

    /// narrowing.csv: one row per pilot design and measured parameter.
    public func narrowingCSV() -> String {
        var csv =
            "treated_buildings,control_buildings,months,parameter,prior_sd,posterior_sd_from_effect,"
            + "narrowing_from_effect,posterior_sd_with_records,narrowing_with_records\n"
        for c in narrowing {
            for p in c.parameters {
                csv +=
                    "\(c.treated),\(c.treated),\(c.months),\(p.parameter),\(CSVFormat.number(p.priorSD)),"
                    + "\(CSVFormat.number(p.posteriorSDFromEffect)),\(CSVFormat.number(p.narrowingFromEffect)),"
                    + "\(CSVFormat.number(p.posteriorSD)),\(CSVFormat.number(p.narrowing))\n"
            }
        }
        return csv
    }

    /// The narrowing table: parameters (most narrowed first, by the largest pilot) × pilot designs (up to three
    /// sizes — smallest, middle, largest — for each length; narrowing.csv has every cell).
    func narrowingMarkdown() -> String {
        let cells = narrowing
        let ks = Array(Set(cells.map(\.treated))).sorted()
        let shownK = ks.count <= 3 ? ks : [ks[0], ks[ks.count / 2], ks[ks.count - 1]]
        let shown = cells.filter { shownK.contains($0.treated) }.sorted { ($0.months, $0.treated) < ($1.months, $1.treated) }
        guard let largest = shown.last else { return "" }
        let order = measured.indices.sorted {
            (largest.parameters[$0].narrowing, measured[$1].path) > (largest.parameters[$1].narrowing, measured[$0].path)
        }
        var md = "\n## What each pilot would teach: prior-to-posterior narrowing\n\n"
        md += "For each pilot design, \(draws) simulated pilots with the measured parameters drawn together from their "
        md += "priors (everything else at the scenario's values). Each cell is 1 − (expected posterior sd ÷ prior sd) of the "
        md += "parameter (regression estimator, Strong, Oakley & Brennan 2014): 0% = the pilot teaches nothing about it. "
        md += "First figure: from the evaluator's treated − control difference in collection rate alone; second: with the "
        md += "pilot's records as well (share of contacts that reached the household, share of instalment plans that "
        md += "defaulted, shares of lawsuits settled and won, and end-of-pilot surveys of trust and perceived service in "
        md += "treated against control buildings). "
        md += String(
            format: "Narrowing under about %.0f%% (√(2/n), n = %d draws) is within this estimate's noise: a parameter that "
                + "does not move the result shows that much by chance.\n\n", 100 * (2 / Double(draws)).squareRoot(), draws)
        md +=
            "| parameter | prior sd | " + shown.map { "\($0.treated)+\($0.treated) bldgs, \($0.months) mo" }.joined(separator: " | ")
            + " |\n"
        md += "|---|---|" + String(repeating: "---|", count: shown.count) + "\n"
        for j in order {
            md += "| \(measured[j].name) (`\(measured[j].path)`) | \(String(format: "%.3g", shown[0].parameters[j].priorSD)) | "
            md +=
                shown.map {
                    String(format: "%.0f%% / %.0f%%", 100 * $0.parameters[j].narrowingFromEffect, 100 * $0.parameters[j].narrowing)
                }.joined(separator: " | ") + " |\n"
        }
        return md
    }
}

extension PilotOutputs {
    /// The outputs of a pilot study's `plan` and what it found.
    public init(_ plan: PilotStudy.Plan, power: [PilotStudy.Cell], narrowing: [PilotStudy.NarrowingCell], narrowingSkipped: Bool) {
        self.init(
            title: plan.scenario.title("en"), levers: plan.levers.levers.map(\.key), power: power, months: plan.months,
            replications: plan.replications, alpha: plan.alpha, targetPower: plan.targetPower, narrowing: narrowing,
            measured: plan.measured, draws: plan.draws, narrowingSkipped: narrowingSkipped)
    }

}

extension PilotOutputs: StudyFiles {
    /// power.csv, pilot.md and narrowing.csv (when parameters were measured).
    public func files(markdown: String) -> [(name: String, text: String)] {
        [("power.csv", powerCSV()), ("pilot.md", markdown)] + (narrowing.isEmpty ? [] : [("narrowing.csv", narrowingCSV())])
    }
}
