import FeeSimModel
import Foundation

/// The parameter tables of docs/MODEL.md and of `feesim paths`, generated from the single declaration
/// (``/FeeSimModel/ParameterCatalog``) so that the documentation cannot drift from the code.
public enum ParameterTable {
    /// Paths without a default: a scenario file must give them.
    static let required: Set<String> = ["community.fee_rate"]

    /// The reference values: the model's own defaults (``/FeeSimModel/Behaviour/init()``, ``/FeeSimModel/Levers/init()``,
    /// ``/FeeSimModel/Target``'s, a community's defaults), read through the same declarations the loader uses.
    static let reference: Scenario = {
        var c = Community(households: 1, buildings: 1, feeRate: 1, initialQuality: 0.8, segments: [])
        c.segments = [
            Segment(
                name: "segment", share: 1, propensity: BetaParameters(a: 1, b: 1),
                trust: BetaParameters(a: 1, b: 1))
        ]
        return Scenario(community: c)
    }()

    static func number(_ x: Double, whole: Bool) -> String {
        whole ? String(Int(x)) : String(format: "%g", x)
    }

    static func prior(_ p: Prior?) -> String {
        guard let p else { return "– (a setting)" }
        return p.text
    }

    static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
    }

    /// Markdown tables of every declared parameter: scalars, then segment, rung and reminder fields, with path,
    /// meaning, unit, default, allowed range, prior for uncertainty analysis and source. O(parameters).
    public static func markdown() -> String {
        let header =
            row(["path", "meaning", "unit", "default", "allowed", "prior", "source"])
            + "|---|---|---|---|---|---|---|\n"
        var md = "Scenario parameters (defaults are the model's own; a community file overrides those of its community):\n\n"
        md += header
        for d in ParameterCatalog.scalars {
            let value = required.contains(d.path) ? "required" : number(d.get(reference), whole: d.range.whole)
            md += row(["`\(d.path)`", d.meaning, d.unit, value, d.range.text, prior(d.prior), d.source])
        }
        func fields<Root>(_ title: String, _ prefix: String, _ list: [ParameterDeclaration<Root>], _ root: Root?) {
            md += "\n\(title):\n\n" + header
            for d in list {
                let value = root.map { number(d.get($0), whole: d.range.whole) } ?? "per file"
                md += row(["`\(prefix).\(d.path)`", d.meaning, d.unit, value, d.range.text, prior(d.prior), d.source])
            }
        }
        fields(
            "The community's size (`community`; values are the community's own)", "community",
            ParameterCatalog.communityStructure, Optional<Community>.none)
        fields(
            "Segment fields (every segment of `community.segments`; values are the community's own)",
            "community.segments.<name>", ParameterCatalog.segmentFields + ParameterCatalog.segmentStructure,
            Optional<Segment>.none)
        fields(
            "Rung fields (each rung of `status_quo_dunning.ladder` and `levers.dunning.ladder`; defaults: the smart ladder's SMS rung)",
            "levers.dunning.ladder[k]", ParameterCatalog.rungFields, Ladder.smart.rungs.first)
        fields(
            "Pre-due reminder fields (`levers.dunning.pre_due_reminder`; defaults: the smart ladder's)",
            "levers.dunning.pre_due_reminder", ParameterCatalog.reminderFields, Ladder.smart.preDueReminder)
        fields("Rollout phase fields (`rollout[k]`)", "rollout[k]", ParameterCatalog.phaseFields, Optional<Phase>.none)
        fields("The pilot (`pilot`, when it is a number of buildings)", "pilot", ParameterCatalog.pilotFields, Optional<Pilot>.none)
        return md
    }
}
