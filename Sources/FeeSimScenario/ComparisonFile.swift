import FeeSimModel
import Foundation

/// A comparison file: a baseline scenario and the variants to compare with it, over one community.
///
/// ```yaml
/// description: Mixed community — the plan's strategies against today's status quo.
/// baseline: status-quo.yaml            # paths relative to this file (Scenarios/<community>/compare.yaml)
/// variants: [transparency.yaml, full-plan.yaml]
/// replications: 200                    # optional: override every scenario's run settings
/// months: 24
/// seed: 20261127
/// uncertainty: {sets: 100, replications: 10}   # optional; also fix:, tornado:, posterior: FILE, from_priors: true
/// ```
public struct ComparisonFile: Sendable {
    /// The file name without extension: names the result folder.
    public let name: String
    /// What the comparison is about, by language code ("en", "zh"); a plain `description:` serves both.
    public let descriptions: [String: String]
    public let baseline: LoadedScenario
    public let variants: [LoadedScenario]
    /// SHA-256 over the comparison file and every scenario file it uses.
    public let contentHash: String
    /// The `uncertainty:` block, if any: a probabilistic comparison to run with the comparison.
    public var uncertainty: UncertaintySettings?

    /// The description in a language, falling back to English.
    public func description(_ language: String) -> String { descriptions[language] ?? descriptions["en"] ?? "" }

    /// The most strategies one comparison file may list under `variants:`, checked before any is loaded.
    public static let maximumVariants = 64

    /// Whether a YAML file is a comparison file (it has a top-level `baseline:` key) rather than a scenario. A file
    /// that does not parse counts as one when a line starts with `baseline:`, so that its error is called a
    /// comparison file's.
    public static func isComparison(path: String) -> Bool {
        guard let data = try? InputFile.read(path), let text = String(data: data, encoding: .utf8) else { return false }
        let parsed: SourceNode?
        do { parsed = try SourceNode.parse(text, file: path) } catch {
            return text.split(separator: "\n").contains { $0.hasPrefix("baseline:") }
        }
        guard let root = parsed, case .mapping(let entries) = root.value else { return false }
        return entries.contains { $0.key == "baseline" }
    }

    /// Loads a comparison file and every scenario it names; errors name file, line and key like scenario errors.
    public static func load(path: String) throws -> ComparisonFile {
        let (data, root) = try SourceNode.load(path: path, what: "comparison file")
        var r = try MappingReader(root, path: "")
        var descriptions: [String: String] = [:]
        if let node = r.value("description") {
            switch node.value {
            case .scalar(let text, _): descriptions = ["en": text, "zh": text]
            case .mapping:
                var d = try MappingReader(node, path: "description")
                for language in ["en", "zh"] {
                    if let v = d.value(language), case .scalar(let text, _) = v.value { descriptions[language] = text }
                }
                try d.finish()
            case .sequence:
                throw ScenarioError(
                    location: node.location, keyPath: "description", value: node.preview,
                    problem: "expected a text, or {en: …, zh: …}")
            }
        }
        let project = InputFile.root(of: path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func target(_ node: SourceNode) -> String {
            guard case .scalar(let relative, _) = node.value else { return "" }
            return relative.hasPrefix("/") ? relative : folder.appendingPathComponent(relative).path
        }
        func load(_ node: SourceNode, _ keyPath: String) throws -> LoadedScenario {
            try ScenarioLoader.loadReference(node, keyPath: keyPath, root: project)
        }
        guard let baseNode = r.value("baseline") else { throw r.missing("baseline", "the path of the baseline scenario") }
        var baseline = try load(baseNode, "baseline")
        guard let variantNodes = try r.sequence("variants"), !variantNodes.isEmpty else {
            throw r.missing("variants", "a list of scenario files to compare with the baseline")
        }
        // Counted and told apart before any is loaded: a long list costs nothing to refuse.
        if variantNodes.count > maximumVariants {
            throw ScenarioError(
                location: variantNodes[maximumVariants].location, keyPath: "variants", value: nil,
                problem: "has \(variantNodes.count) entries; at most \(maximumVariants) strategies are compared at once")
        }
        var seen = [ScenarioLoader.name(ofFileAt: target(baseNode))]
        for (k, node) in variantNodes.enumerated() {
            let name = ScenarioLoader.name(ofFileAt: target(node))
            if !target(node).isEmpty && seen.contains(name) {
                throw ScenarioError(
                    location: node.location, keyPath: "variants[\(k)]", value: node.preview,
                    problem: "each variant must be a different scenario file name")
            }
            seen.append(name)
        }
        var variants = try variantNodes.enumerated().map { k, node in try load(node, "variants[\(k)]") }
        let replications = try r.optionalInt("replications", .whole(in: RunSettings.replicationRange))
        let months = try r.optionalInt("months", .whole(in: RunSettings.monthRange))
        var seed: UInt64?
        if let v = try r.seed("seed") { seed = v }
        var uncertainty: UncertaintySettings?
        if var u = try r.mapping("uncertainty") {
            var settings = UncertaintySettings(sets: try u.int("sets", .whole(in: UncertaintySettings.setRange)))
            settings.replications = try u.int(
                "replications", .whole(in: UncertaintySettings.replicationRange), default: settings.replications)
            settings.tornado = try u.bool("tornado", default: settings.tornado)
            if var fix = try u.mapping("fix") {
                for key in fix.keys {
                    let value = try fix.double(key, .any)
                    let path: ParameterPath
                    do {
                        path = try ParameterSpace.resolve(key, in: baseline.scenario)
                    } catch let e as ParameterError {
                        throw ScenarioError(
                            location: fix.node.mappingValue(key)!.location, keyPath: "uncertainty.fix.\(key)",
                            value: nil, problem: e.message)
                    }
                    guard path.range.admits(value) else {
                        throw ScenarioError(
                            location: fix.node.mappingValue(key)!.location, keyPath: "uncertainty.fix.\(key)",
                            value: String(value), problem: "out of range: must be \(path.allowed)")
                    }
                    settings.fixed.append((key, value))
                }
                try fix.finish()
            }
            settings.fromPriors = try u.bool("from_priors", default: false)
            if let node = u.value("posterior") {
                let file = try u.string("posterior")
                if settings.fromPriors {
                    throw ScenarioError(
                        location: node.location, keyPath: "uncertainty.posterior", value: file,
                        problem: "cannot be given with from_priors: true (every parameter is then drawn from its prior)")
                }
                let full = file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path
                guard FileManager.default.fileExists(atPath: full) else {
                    throw ScenarioError(
                        location: node.location, keyPath: "uncertainty.posterior", value: file,
                        problem: "no such posterior sample (looked for \(full)): give a posterior.csv that "
                            + "`feesim calibrate --targets` wrote, relative to this file")
                }
                settings.posterior = full
            }
            try u.finish()
            uncertainty = settings
        }
        try r.finish()
        func apply(_ l: inout LoadedScenario) {
            // The file's run settings are every scenario's defaults here.
            var s = l.scenario
            s.settings = s.settings.overriding(months: months, replications: replications, seed: seed)
            l = LoadedScenario(scenario: s, files: l.files, contentHash: l.contentHash)
        }
        apply(&baseline)
        for k in variants.indices { apply(&variants[k]) }
        var bytes = data
        for l in [baseline] + variants { bytes.append(Data(l.contentHash.utf8)) }
        var file = ComparisonFile(
            name: ScenarioLoader.name(ofFileAt: path),
            descriptions: descriptions, baseline: baseline, variants: variants,
            contentHash: SHA256.hex(of: bytes))
        file.uncertainty = uncertainty
        return file
    }
}

extension ComparisonFile {
    /// A comparison from the command line: one comparison file, or a baseline scenario file followed by challenger
    /// scenario files (named by ``defaultName(_:)``, without a description, hashed over the scenarios' hashes).
    public static func load(paths: [String]) throws -> ComparisonFile {
        if paths.count == 1 { return try load(path: paths[0]) }
        let loaded = try paths.map { try ScenarioLoader.load(path: $0) }
        return ComparisonFile(
            name: defaultName(loaded.map(\.scenario.name)), descriptions: [:], baseline: loaded[0],
            variants: Array(loaded.dropFirst()),
            contentHash: SHA256.hex(of: Data(loaded.map(\.contentHash).joined().utf8)))
    }

    /// A readable folder name for scenario files compared directly: the baseline, then the challengers without the
    /// community prefix they share with it (`mixed-status-quo-vs-full-plan-cogovernance`), cut to 80 characters
    /// with the number left out (`…-and-3-more`).
    public static func defaultName(_ names: [String]) -> String {
        let base = names[0]
        let community = base.split(separator: "-").first.map { "\($0)-" } ?? ""
        let challengers = names.dropFirst().map {
            $0.hasPrefix(community) && $0.count > community.count ? String($0.dropFirst(community.count)) : $0
        }
        var name = "\(base)-vs"
        for (k, c) in challengers.enumerated() {
            let rest = challengers.count - k - 1
            let tail = rest > 0 ? "-and-\(rest + 1)-more" : ""
            if k > 0 && (name + "-" + c).count + tail.count > 80 { return name + "-and-\(rest + 1)-more" }
            name += "-" + c
        }
        return name
    }

    /// Every scenario of the comparison, baseline first.
    public var all: [LoadedScenario] { [baseline] + variants }

    /// Every scenario file the strategies read (their own and what they extend), each once, in the order first read.
    /// O(files²), a few dozen at most.
    public var scenarioFiles: [String] { LoadedScenario.distinctFiles(all) }
}

extension LoadedScenario {
    /// The files `scenarios` read, each once, in the order first read. O(files²).
    public static func distinctFiles(_ scenarios: [LoadedScenario]) -> [String] {
        scenarios.flatMap(\.files).reduce(into: []) { seen, file in if !seen.contains(file) { seen.append(file) } }
    }
}

/// A comparison file's `uncertainty:` block: `{sets: N, replications: R, tornado: true, fix: {path: value}}`.
public struct UncertaintySettings: @unchecked Sendable {
    /// Parameter sets drawn from the priors, in ``setRange``.
    public var sets: Int
    /// Replications per strategy and set, in ``replicationRange`` (default ``defaultReplications``).
    public var replications = UncertaintySettings.defaultReplications
    /// Whether to run the one-way sensitivity of the strategy with the highest expected net benefit.
    public var tornado = true
    /// Parameters held at a value (in file order).
    public var fixed: [(String, Double)] = []
    /// `posterior:` — the posterior sample to draw the calibrated parameters from (a path, resolved against the
    /// comparison file's folder and checked to exist); nil for the default, `posterior.csv` beside the baseline.
    public var posterior: String?
    /// `from_priors: true` — every uncertain parameter from its prior, no posterior sample (the behaviour before
    /// posteriors were drawn from).
    public var fromPriors = false
    public init(sets: Int) { self.sets = sets }

    /// Parameter sets a probabilistic comparison may draw: 2…100,000.
    public static let setRange = 2...100_000
    /// Replications per strategy and set when neither the file nor the command line says: 20 (an assumption,
    /// enough for the mean of each set's paired difference to sit well inside the spread across sets). The one
    /// place this default is stated.
    public static let defaultReplications = 20
    /// Replications per strategy and set: 1…100,000.
    public static let replicationRange = 1...100_000
}

/// The kinds of YAML file FeeSim reads, told apart by their top-level keys.
public enum InputFileKind: String, Sendable {
    /// `baseline:` and `variants:`.
    case comparison
    /// `comparison:` and `worlds:`: a robust choice across sampled worlds.
    case robust
    /// `base:` and `parameters:`: a sweep or sensitivity study.
    case study
    /// `rollout:` without `community:` or `extends:`: a strategy shared by communities (Scenarios/strategies/),
    /// which community files list in their `extends:`.
    case strategy
    /// Anything else: a scenario (possibly with `extends:`).
    case scenario

    /// The kind of the file at `path` (a scenario when it cannot be read: the scenario loader then names the problem).
    public static func of(path: String) -> InputFileKind {
        guard let data = try? InputFile.read(path), let text = String(data: data, encoding: .utf8),
            let root = try? SourceNode.parse(text, file: path),
            case .mapping(let entries) = root.value
        else { return .scenario }
        let keys = Set(entries.map(\.key))   // membership only
        if keys.contains("baseline") { return .comparison }
        if keys.contains("comparison") && keys.contains("worlds") { return .robust }
        if keys.contains("base") && keys.contains("parameters") { return .study }
        if keys.contains("rollout") && !keys.contains("community") && !keys.contains("extends") { return .strategy }
        return .scenario
    }
}
