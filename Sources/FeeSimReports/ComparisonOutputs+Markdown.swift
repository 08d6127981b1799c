import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// report.md.
extension ComparisonOutputs {
    public func markdown() -> String {
        func table(_ header: [String], _ rows: [[String]]) -> String {
            var md = "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
            for row in rows { md += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
            return md
        }
        var md = "# \(L(Labels.reportTitle)): \(context.description.isEmpty ? context.name : context.description)\n\n"
        md +=
            metaLine + "\n\n" + (changesLine.map { "**\($0)**\n\n" } ?? "") + "## \(L(Labels.keyFindings))\n\n"
            + findings.map { "- \($0)" }.joined(separator: "\n") + "\n\n"
        md += "## \(L(Labels.glance))\n\n" + table(glanceHeader, glanceRows) + "\n" + glanceCaption + "\n\n"
        md += "## \(L(Labels.measures))\n\n" + table(measureHeader, measureRows) + "\n" + L(Labels.measuresCaption) + "\n\n"
        md += "## \(L(Labels.targets))\n\n" + table(targetHeader, targetRows) + "\n"
        md += "## \(L(Labels.costBenefit))\n\n" + table(costHeader, costRows) + "\n"
        md += "### \(L(Labels.costSplit))\n\n" + table(leverHeader, leverRows) + "\n"
        md += "### \(L(Labels.appendixTitle))\n\n" + table(appendixHeader, appendixRows) + "\n"
        if let u = uncertainty {
            md += "## \(L(Labels.uncertaintyTitle))\n\n\(u.intro(language: language))\n\n"
            md += table(uncertaintyHeader, u.summaryRows(titles: result.variants.map(title), language: language)) + "\n"
            md += u.findings(language: language).map { "- \($0)" }.joined(separator: "\n") + "\n\n"
        }
        md += "\(format(Labels.generatedBy, context.toolVersion)) — `report.html`, `costbenefit.csv`, `targets.csv`.\n"
        return md
    }
}
