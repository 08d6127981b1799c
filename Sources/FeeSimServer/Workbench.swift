import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

/// The what-if workbench behind `feesim serve`, without the HTTP layer: lists the shipped comparisons and their
/// parameters, runs one strategy against its comparison's baseline on common random numbers, seeks a goal, saves a
/// variant as a scenario file and exports its report. Every path a request names is checked to stay inside
/// `Scenarios/` (read) or `Results/` (write) under `root`.
public struct Workbench: Sendable {
    /// The project folder holding `Scenarios/` and `Results/`.
    public let root: URL
    public let limits: Limits
    /// Comparison files already parsed, shared by every copy of this workbench.
    let cache = ComparisonCache()
    /// Replications already run — the status quo's, recent challengers', and their warm-up snapshots; at most 8
    /// entries and 256 MiB —, shared by every copy of this workbench: an edit of the challenger runs the challenger
    /// only, from a kept warm-up when it shares one, and an undone edit runs nothing.
    public let statusQuo = StatusQuoCache()

    /// Bounds on one request's work, so that no request can hold the machine.
    public struct Limits: Sendable {
        /// Households × months × replications × strategies of one run (the mixed community's default comparison of
        /// two strategies, 1,200 × (24 warm-up + 24) × 200 × 2, is 23 million). Warm-up months count: they cost as much.
        public var householdMonths = 60_000_000
        public var replications = 2_000
        public var months = 120
        /// Replications per evaluation of a goal search (about ten evaluations each).
        public var goalReplications = 200
        public init() {}
    }

    public init(root: URL, limits: Limits = Limits()) {
        self.root = root.standardizedFileURL
        self.limits = limits
    }

    var scenariosFolder: URL { root.appendingPathComponent("Scenarios") }
    var resultsFolder: URL { root.appendingPathComponent("Results") }

    // MARK: What can be chosen

    /// A comparison file under Scenarios/ (a community's strategies against its status quo).
    public struct ComparisonEntry: Codable, Sendable, Equatable {
        public var file: String
        public var title: String
        public var baseline: String
        public var strategies: [Strategy]
        /// The file's own replications (the count an answer refines to when the page does not set one); 0 when the
        /// file does not load.
        public var replications: Int = 0
        /// Why the file cannot be used (it does not load), or nil; such an entry has no strategies.
        public var error: String?
        public struct Strategy: Codable, Sendable, Equatable {
            public var name: String
            public var title: String
            public var levers: [String]
        }
    }

    /// Every comparison file in Scenarios/ and its folders one level down (sorted by path), in `language`.
    public func comparisons(language: Language) throws -> [ComparisonEntry] {
        let fm = FileManager.default
        let top = ((try? fm.contentsOfDirectory(atPath: scenariosFolder.path)) ?? []).sorted()
        var files: [String] = []
        for item in top {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: scenariosFolder.appendingPathComponent(item).path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                let inner = (try? fm.contentsOfDirectory(atPath: scenariosFolder.appendingPathComponent(item).path)) ?? []
                files += inner.sorted().map { "\(item)/\($0)" }
            } else {
                files.append(item)
            }
        }
        return files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().compactMap { name in
            let path = scenariosFolder.appendingPathComponent(name).path
            guard ComparisonFile.isComparison(path: path) else { return nil }
            let file: ComparisonFile
            do { file = try load(comparison: "Scenarios/\(name)") } catch {
                // One broken file is listed with its error; the others stay usable.
                let message = (error as? WorkbenchError)?.error ?? "\(error)"
                return ComparisonEntry(
                    file: "Scenarios/\(name)", title: name, baseline: "", strategies: [],
                    error: message.count > 300 ? String(message.prefix(300)) + "…" : message)
            }
            return ComparisonEntry(
                file: "Scenarios/\(name)",
                title: file.description(language.rawValue).isEmpty ? file.name : file.description(language.rawValue),
                baseline: file.baseline.scenario.title(language.rawValue),
                strategies: file.variants.map { v in
                    ComparisonEntry.Strategy(
                        name: v.scenario.name, title: v.scenario.title(language.rawValue),
                        levers: Self.levers(of: v.scenario).map(\.key))
                }, replications: file.baseline.scenario.settings.replications)
        }
    }

    /// A parameter the page offers, from the single declaration: label, unit, range, value, source.
    public struct ParameterInfo: Codable, Sendable, Equatable {
        public var path: String
        /// The lever it belongs to (`dunning`, …), or `rollout` for the pilot and the phases' months.
        public var group: String
        public var label: String
        public var meaning: String
        public var unit: String
        public var value: Double
        public var lower: Double?
        public var upper: Double?
        public var whole: Bool
        public var allowed: String
        public var source: String
        /// A range for a slider: the allowed range where it is small, else up to a few times the value.
        public var sliderLower: Double
        public var sliderUpper: Double
        /// The plausible range: the support of the parameter's prior (docs/MODEL.md §6); nil for a setting of the
        /// plan (a cost, a month), which has no prior. The page warns on a value outside it.
        public var plausibleLower: Double?
        public var plausibleUpper: Double?
        /// The value-of-information group of an uncertain parameter (its name in the page's language), nil for a
        /// setting of the plan.
        public var uncertain: String?
    }

    /// The strategy's lever parameters, the pilot size and the phases' months.
    public func parameters(comparison: String, strategy: String, language: Language) throws -> [ParameterInfo] {
        let file = try load(comparison: comparison)
        let s = try pick(strategy, in: file).scenario
        return s.parameterPaths.compactMap { p -> ParameterInfo? in
            let group: String
            if p.path.hasPrefix("levers.") {
                group = String(p.path.dropFirst("levers.".count).prefix { $0 != "." })
            } else if p.path.hasPrefix("pilot.") || p.path.hasPrefix("rollout[") {
                group = "rollout"
            } else {
                return nil
            }
            let value = p.value(in: s)
            let lo = p.lower ?? 0
            var hi = p.upper ?? max(1, value * 3)
            if hi - lo > 1_000 || hi > max(1, value) * 10 { hi = max(lo + 1, value > 0 ? value * 3 : 1) }
            if let upper = p.upper { hi = min(hi, upper) }
            if p.path.hasPrefix("rollout[") || p.path.hasPrefix("pilot.") {
                hi = min(p.upper ?? hi, Double(max(s.months, s.community.buildings)))
            }
            let plausible = p.info.prior?.support
            return ParameterInfo(
                path: p.path, group: group, label: Self.label(p, in: s, language), meaning: p.meaning,
                unit: language.unit(p.unit), value: value, lower: p.lower, upper: p.upper, whole: p.whole, allowed: p.allowed,
                source: language.source(p.source), sliderLower: lo, sliderUpper: max(hi, value),
                plausibleLower: plausible?.lowerBound, plausibleUpper: plausible?.upperBound,
                uncertain: p.prior == nil ? nil : p.info.group.map { language == .zh ? $0.chinese : $0.name })
        }
    }

    static func rungLabel(_ p: ParameterPath, in s: Scenario, _ language: Language) -> String {
        // levers.dunning.ladder[2].cost_per_attempt → "visit: Cost per attempt"
        guard let open = p.path.firstIndex(of: "["), let close = p.path.firstIndex(of: "]"),
            let k = Int(p.path[p.path.index(after: open)..<close])
        else { return language.parameterName(p.info) }
        let rungs = p.path.hasPrefix("levers.") ? s.levers.dunning.rungs : s.statusQuoDunning.rungs
        let rung = k < rungs.count ? language.rungName(rungs[k].name) : "\(k)"
        return "\(rung)\(language == .zh ? "：" : ": ")\(language.parameterName(p.info))"
    }

    /// The levers a scenario's rollout uses at any time, in their declared order.
    static func levers(of s: Scenario) -> [Lever] {
        LeverSet(rawValue: s.rollout.reduce(0) { $0 | $1.levers.rawValue }).levers
    }

    // MARK: Loading, inside Scenarios/ only

    /// A path relative to `root`, which must name a file inside Scenarios/ (no "..", no absolute path, no link
    /// out of it).
    func scenarioFile(_ relative: String) throws -> URL {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\\"), !relative.contains("\0"),
            !relative.split(separator: "/").contains(where: { $0 == ".." || $0 == "." })
        else {
            throw WorkbenchError.forbidden("'\(WorkbenchError.cut(relative))' is not a path inside Scenarios/", field: "comparison")
        }
        let url = root.appendingPathComponent(relative).standardizedFileURL.resolvingSymlinksInPath()
        let folder = scenariosFolder.standardizedFileURL.resolvingSymlinksInPath().path + "/"
        guard url.path.hasPrefix(folder) else {
            throw WorkbenchError.forbidden("'\(WorkbenchError.cut(relative))' is not a path inside Scenarios/", field: "comparison")
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw WorkbenchError.notFound("no such file: \(WorkbenchError.cut(relative))", field: "comparison")
        }
        return url
    }

    /// The comparison file at `relative` (inside Scenarios/), parsed once and kept while its files are unchanged
    /// (`ComparisonCache`).
    func load(comparison relative: String) throws -> ComparisonFile {
        let url = try scenarioFile(relative)
        return try cache.file(at: url.path) {
            guard ComparisonFile.isComparison(path: url.path) else {
                throw WorkbenchError.invalid(
                    "\(WorkbenchError.cut(relative)) is not a comparison file (baseline: and variants:)", field: "comparison")
            }
            do { return try ComparisonFile.load(path: url.path) } catch {
                throw WorkbenchError.invalid("\(error)", field: "comparison")
            }
        }
    }

    func pick(_ strategy: String, in file: ComparisonFile) throws -> LoadedScenario {
        guard let v = file.variants.first(where: { $0.scenario.name == strategy }) else {
            throw WorkbenchError.notFound(
                "no strategy '\(WorkbenchError.cut(strategy))' in \(file.name); it has "
                    + file.variants.map(\.scenario.name).joined(separator: ", "), field: "strategy")
        }
        return v
    }
}

/// A request's failure, with the HTTP status the server answers and the field the page shows it next to.
public struct WorkbenchError: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    public var status: Int
    public var error: String
    public var field: String?

    public var description: String { error }

    /// A value as a message quotes it: at most 60 characters, on one line.
    static func cut(_ value: String) -> String {
        let line = value.replacingOccurrences(of: "\n", with: " ")
        return line.count > 61 ? String(line.prefix(60)) + "…" : line
    }

    static func invalid(_ message: String, field: String? = nil) -> WorkbenchError { .init(status: 422, error: message, field: field) }
    static func notFound(_ message: String, field: String? = nil) -> WorkbenchError { .init(status: 404, error: message, field: field) }
    static func forbidden(_ message: String, field: String? = nil) -> WorkbenchError { .init(status: 403, error: message, field: field) }
    static func tooLarge(_ message: String, field: String? = nil) -> WorkbenchError { .init(status: 413, error: message, field: field) }
    static func conflict(_ message: String, field: String? = nil) -> WorkbenchError { .init(status: 409, error: message, field: field) }
    /// Another request from the same page replaced this one.
    public static let superseded = WorkbenchError(status: 409, error: "superseded by a newer request from the same page", field: nil)
    /// Too many requests are waiting for the engine.
    public static let busy = WorkbenchError(status: 503, error: "busy: other requests are running; try again in a moment", field: nil)
    /// The server cannot listen: another program holds the address.
    static func addressInUse(host: String, port: Int) -> WorkbenchError {
        .init(
            status: 0, error: "\(host):\(port) is in use: stop the program listening there, or give another --port (0: any free port)",
            field: "port")
    }
}
