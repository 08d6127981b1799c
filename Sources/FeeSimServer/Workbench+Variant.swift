import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

extension Workbench {
    /// One difference between a variant and its strategy's files, in words: a lever switched off or a value changed.
    public struct ChangeLine: Codable, Sendable, Equatable {
        /// The parameter path (`pilot.buildings`), or `levers` for a lever switched off.
        public var path: String
        /// The parameter's (or lever's) name in the page's language.
        public var label: String
        public var unit: String
        /// The value in the strategy's files, and the variant's; nil for a lever switched off.
        public var fileValue: Double?
        public var value: Double?
        /// The parameter's plausible range: its prior's support (`docs/MODEL.md` §6), nil where it has no prior (a
        /// setting of the plan, such as a cost).
        public var plausibleLower: Double?
        public var plausibleUpper: Double?
        /// The change in words: "Pilot buildings: 5 buildings (file: 3)" / "legal action (§5.1) off".
        public var text: String
        /// Set when `value` is outside the plausible range: says so and gives the range.
        public var warning: String?
    }

    /// A variant as the page names it and a saved file titles it.
    public struct VariantDescription: Codable, Sendable, Equatable {
        /// A file name for it (`checkedName(_:field:)` accepts it): the strategy's name and the changes, at most
        /// 64 characters ("mixed-full-plan-no-legal-buildings-4").
        public var name: String
        /// The strategy's title and, when anything changed, "— changed: " and the changes (at most three, then how
        /// many more).
        public var title: String
        public var changes: [ChangeLine]
    }

    /// What `v` changes from its strategy's files (levers switched off, then values in the order sent, a value equal
    /// to the file's left out), its title and a file name, in `language`. O(changes × parameters).
    public func describe(_ v: Variant, prepared p: Prepared, language: Language) throws -> VariantDescription {
        let original = try pick(v.strategy, in: p.file).scenario
        let zh = language == .zh
        var lines: [ChangeLine] = []
        var slugs: [String] = []
        let on = Self.levers(of: p.strategy)
        for lever in Self.levers(of: original) where !on.contains(lever) {
            let name = language.leverName(lever)
            lines.append(
                ChangeLine(
                    path: "levers", label: name, unit: "", fileValue: nil, value: nil, plausibleLower: nil,
                    plausibleUpper: nil, text: zh ? "关闭\(name)" : "\(name) off", warning: nil))
            slugs.append("no-\(lever.key)")
        }
        // Each path once, where it was first sent, with the last value sent for it (the one that holds).
        var paths: [String] = []
        var last: [String: Double] = [:]
        for change in v.set {
            if last[change.path] == nil { paths.append(change.path) }
            last[change.path] = change.value
        }
        for name in paths {
            guard let value = last[name], let path = try? ParameterSpace.resolve(name, in: original) else { continue }
            let before = path.value(in: original)
            guard before != value else { continue }
            lines.append(line(path, in: original, from: before, to: value, language: language))
            slugs.append(Self.slug(path.path) + "-" + Self.slug(Self.number(value)))
        }
        let strategyTitle = p.strategy.title(language.rawValue)
        var title = strategyTitle
        if !lines.isEmpty {
            let shown = lines.prefix(3).map { $0.path == "levers" ? $0.text : Self.short($0, language) }
            let more = lines.count - shown.count
            title += zh ? "（修改：" : " — changed: "
            title += shown.joined(separator: zh ? "；" : "; ")
            if more > 0 { title += zh ? "；另 \(more) 项" : "; and \(more) more" }
            if zh { title += "）" }
        }
        return VariantDescription(name: Self.fileName(v.strategy, slugs), title: title, changes: lines)
    }

    /// A changed value in words, with its plausible range and a warning when outside it.
    func line(_ path: ParameterPath, in s: Scenario, from before: Double, to value: Double, language: Language) -> ChangeLine {
        let zh = language == .zh
        let label = Self.label(path, in: s, language)
        let unit = language.unit(path.unit)
        let plausible = path.info.prior?.support
        var warning: String?
        if let r = plausible, !r.contains(value) {
            let range = "\(Self.number(r.lowerBound))–\(Self.number(r.upperBound))\(unit.isEmpty ? "" : " " + unit)"
            warning =
                zh
                ? "\(label) = \(Self.number(value)) 超出合理范围 \(range)（先验分布的取值范围）：模型对此取值没有依据"
                : "\(label) = \(Self.number(value)) is outside its plausible range \(range) (its prior's support): "
                    + "the model has no evidence for it"
        }
        let text =
            zh
            ? "\(label)：\(Self.quantity(value, unit))（文件：\(Self.quantity(before, unit))）"
            : "\(label): \(Self.quantity(value, unit)) (file: \(Self.quantity(before, unit)))"
        return ChangeLine(
            path: path.path, label: label, unit: unit, fileValue: before, value: value,
            plausibleLower: plausible?.lowerBound, plausibleUpper: plausible?.upperBound, text: text, warning: warning)
    }

    /// "Pilot buildings 5" for a title: the name and the new value only.
    static func short(_ line: ChangeLine, _ language: Language) -> String {
        guard let value = line.value else { return line.text }
        return "\(line.label) \(quantity(value, line.unit))"
    }

    /// A parameter's name as the page shows it: a rung's or a phase's name first where it has one
    /// ("visit: Cost per attempt", "pilot: Phase end").
    static func label(_ p: ParameterPath, in s: Scenario, _ language: Language) -> String {
        if p.path.contains("ladder[") { return rungLabel(p, in: s, language) }
        let name = language.parameterName(p.info)
        if p.path.hasPrefix("rollout["), let k = Int(p.path.dropFirst("rollout[".count).prefix { $0 != "]" }), k < s.rollout.count {
            return "\(language.phaseName(s.rollout[k].name))\(language == .zh ? "：" : ": ")\(name)"
        }
        return name
    }

    /// A value as the page prints it: whole numbers whole, others to 4 significant digits ("0.05", "1.35", "20").
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.4g", x)
    }

    /// A value with its unit: "20 yuan", "5 buildings", "1.6 ×" ("20 元" in Chinese).
    static func quantity(_ x: Double, _ unit: String) -> String {
        unit.isEmpty ? number(x) : "\(number(x)) \(unit)"
    }

    /// Lower-case letters, digits and single hyphens of `text`'s last path component (`ladder[2].cost_per_attempt`
    /// → `cost-per-attempt`; `0.05` → `0p05`).
    static func slug(_ text: String) -> String {
        let last = text.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? text
        let source = Double(text) != nil ? text.replacingOccurrences(of: ".", with: "p") : last
        var out = ""
        for ch in source.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch) } else if !out.hasSuffix("-") && !out.isEmpty { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    /// The strategy's name and the changes' slugs, cut at a hyphen to at most 64 characters; a plain name always.
    static func fileName(_ strategy: String, _ slugs: [String]) -> String {
        var name = slug(strategy.replacingOccurrences(of: ".", with: "-"))
        if name.isEmpty { name = "variant" }
        for s in slugs where !s.isEmpty {
            guard name.count + 1 + s.count <= 64 else { break }
            name += "-" + s
        }
        return String(name.prefix(64))
    }
}
