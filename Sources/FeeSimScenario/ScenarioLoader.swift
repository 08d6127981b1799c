import FeeSimModel
import Foundation
import GSLKit

/// A scenario read from a file, with the files it was built from.
public struct LoadedScenario: Sendable {
    public let scenario: Scenario
    /// The scenario file first, then each file it `extends:`, nearest first, then the observed starting state
    /// (`community.initial_state`) when it names one.
    public let files: [String]
    /// SHA-256 (hex) of the files' bytes in that order: changes whenever any of them changes.
    public let contentHash: String

    public init(scenario: Scenario, files: [String], contentHash: String) {
        self.scenario = scenario
        self.files = files
        self.contentHash = contentHash
    }
}

/// Reads scenario files (YAML) strictly into ``/FeeSimModel/Scenario`` values.
///
/// A file may `extends:` another (a path relative to it): the base is read first and the file's keys are laid
/// over it (mappings merge key by key; lists and scalars replace). Omitted keys take the reference model's
/// defaults. Every error is a ``ScenarioError`` naming file, line, key path, value and what is allowed.
public enum ScenarioLoader {
    /// Loads the scenario at `path`. Its name comes from its path (``name(ofFileAt:)``).
    /// `project` is the folder its `extends:` may refer into (default: ``InputFile/root(of:)`` of `path`; a
    /// comparison or study passes its own).
    public static func load(path: String, project: String? = nil) throws -> LoadedScenario {
        var files: [String] = []
        var bytes = Data()
        guard let root = try readChain(path: path, root: project ?? InputFile.root(of: path), chain: [], files: &files, bytes: &bytes)
        else {
            throw ScenarioError(
                location: SourceLocation(file: path, line: 1, column: 1), keyPath: "", value: nil,
                problem: "the file is empty")
        }
        let scenario = try decode(root, name: name(ofFileAt: path))
        // The observed starting state is an input too: listed with the files and in the hash, so a manifest's hash
        // and the workbench's cache see a change to it.
        if let state = initialStateFile(in: root), let data = try? InputFile.read(state, limit: InputFile.dataLimit) {
            files.append(state)
            bytes.append(data)
        }
        return LoadedScenario(scenario: scenario, files: files, contentHash: SHA256.hex(of: bytes))
    }

    /// The file `community.initial_state` names in the merged scenario `root`, resolved as its reader resolves it;
    /// nil when there is none.
    static func initialStateFile(in root: SourceNode) -> String? {
        guard case .mapping(let top) = root.value, let community = top.first(where: { $0.key == "community" })?.value,
            case .mapping(let entries) = community.value,
            let node = entries.first(where: { $0.key == "initial_state" })?.value,
            case .scalar(let relative, _) = node.value
        else { return nil }
        return try? InputFile.resolve(
            relative, from: node.location.file, root: InputFile.root(of: node.location.file), extensions: ["csv"])
    }

    /// Loads a shared strategy file (``InputFileKind/strategy``) over a small reference community of 10
    /// buildings, so that its rollout, pilot and lever values get every check a community's file would give them.
    public static func loadStrategy(path: String) throws -> LoadedScenario {
        var files: [String] = []
        var bytes = Data()
        guard let part = try readChain(path: path, root: InputFile.root(of: path), chain: [], files: &files, bytes: &bytes) else {
            throw ScenarioError(
                location: SourceLocation(file: path, line: 1, column: 1), keyPath: "", value: nil,
                problem: "the file is empty")
        }
        let reference = """
            community:
              households: 100
              buildings: 10
              fee_rate: 1
              segments:
                everyone: {share: 1, area: {median: 80, sigma: 0.2}, propensity: {a: 2, b: 1}, trust: {a: 2, b: 2}}
            """
        let base = try SourceNode.parse(reference, file: "<reference community>")!
        let scenario = try decode(SourceNode.merge(base, part), name: name(ofFileAt: path))
        return LoadedScenario(scenario: scenario, files: files, contentHash: SHA256.hex(of: bytes))
    }

    /// Loads a scenario from YAML text (for tests and tools); `file` names it in errors.
    public static func load(yaml: String, file: String = "<text>", name: String = "scenario") throws -> Scenario {
        guard let root = try SourceNode.parse(yaml, file: file) else {
            throw ScenarioError(
                location: SourceLocation(file: file, line: 1, column: 1), keyPath: "", value: nil,
                problem: "the text is empty")
        }
        if case .mapping(let entries) = root.value, let e = entries.first(where: { $0.key == "extends" }) {
            throw ScenarioError(
                location: e.keyLocation, keyPath: "extends", value: nil,
                problem: "extends: needs a scenario file, not text")
        }
        return try decode(root, name: name)
    }

    /// Reads `path` and what it `extends:`. `root` is the project the chain may refer into (``InputFile``);
    /// `chain` the files extending this one, outermost first: a file that extends itself through them is a cycle,
    /// while two strategies sharing one base (a diamond) read that base twice, as they should.
    private static func readChain(
        path: String, root: String, chain: [String], files: inout [String],
        bytes: inout Data
    ) throws -> SourceNode? {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if chain.contains(url.path) {
            throw ScenarioError(
                location: SourceLocation(file: path, line: 1, column: 1), keyPath: "extends",
                value: path, problem: "extends: forms a cycle (\((chain + [url.path]).joined(separator: " → ")))")
        }
        let data: Data
        do { data = try InputFile.read(url.path) } catch let refusal as InputFile.Refusal {
            throw ScenarioError(
                location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", value: nil,
                problem: refusal.isMissing ? "no such scenario file" + movedHint(url.path) : refusal.reason,
                kind: refusal.isMissing ? .missingFile : .invalid)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(
                location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", value: nil,
                problem: "the file is not UTF-8 text")
        }
        if !files.contains(url.path) { files.append(url.path) }
        bytes.append(data)
        guard var node = try SourceNode.parse(text, file: path) else { return nil }
        guard case .mapping(var entries) = node.value else {
            // The content is not shown: a mistaken path (say, `extends:` at a system file) must not print that file.
            throw ScenarioError(
                location: node.location, keyPath: "", value: nil,
                problem: "a scenario file must be a mapping of keys to values (key: value lines); this "
                    + "file holds \(node.preview.hasPrefix("(") ? node.preview.dropFirst().dropLast() : "plain text")")
        }
        guard let k = entries.firstIndex(where: { $0.key == "extends" }) else { return node }
        let entry = entries.remove(at: k)
        // One file, or a list merged in order (a community, then a shared strategy): later ones win, this file last.
        let parents: [(relative: String, node: SourceNode)]
        switch entry.value.value {
        case .scalar(let relative, _) where !relative.isEmpty:
            parents = [(relative, entry.value)]
        case .sequence(let items) where !items.isEmpty && items.count <= 16:
            parents = try items.map { item in
                guard case .scalar(let relative, _) = item.value, !relative.isEmpty else {
                    throw ScenarioError(
                        location: item.location, keyPath: "extends", value: item.preview,
                        problem: "expected the path of another scenario file, relative to this one")
                }
                return (relative, item)
            }
        default:
            throw ScenarioError(
                location: entry.value.location, keyPath: "extends", value: entry.value.preview,
                problem: "expected the path of another scenario file, or a list of 1 to 16 of them, relative to this one")
        }
        node.value = .mapping(entries)
        var merged: SourceNode?
        for parent in parents {
            let basePath: String
            do { basePath = try InputFile.resolve(parent.relative, from: url.path, root: root) } catch let refusal as InputFile.Refusal {
                throw ScenarioError(
                    location: parent.node.location, keyPath: "extends", value: parent.node.preview,
                    problem: refusal.reason)
            }
            do {
                if let base = try readChain(path: basePath, root: root, chain: chain + [url.path], files: &files, bytes: &bytes) {
                    merged = merged.map { SourceNode.merge($0, base) } ?? base
                }
            } catch let error as ScenarioError where error.kind == .missingFile {
                throw ScenarioError(
                    location: parent.node.location, keyPath: "extends", value: parent.relative,
                    problem: "no such scenario file (looked for \(basePath))" + movedHint(basePath))
            } catch let error as ScenarioError where error.location.line == 0 && error.location.file == basePath {
                // The base could not be read at all (too large, not a regular file, not UTF-8): say so where it is named.
                throw ScenarioError(
                    location: parent.node.location, keyPath: "extends", value: parent.relative,
                    problem: "\(basePath): \(error.problem)")
            }
        }
        return merged.map { SourceNode.merge($0, node) } ?? node
    }

    /// The path a `baseline:`, `variants:`, `base:`, `against:` or `comparison:` entry names, checked as an input of
    /// the project at `root` (``InputFile/resolve(_:from:root:extensions:)``) before anything of it is read.
    static func referencePath(_ node: SourceNode, keyPath: String, root: String, what: String = "scenario file") throws -> String {
        guard case .scalar(let relative, _) = node.value, !relative.isEmpty else {
            throw ScenarioError(
                location: node.location, keyPath: keyPath, value: node.preview,
                problem: "expected the path of a \(what), relative to this file")
        }
        do { return try InputFile.resolve(relative, from: node.location.file, root: root) } catch let refusal as InputFile.Refusal {
            throw ScenarioError(location: node.location, keyPath: keyPath, value: node.preview, problem: refusal.reason)
        }
    }

    /// Loads the scenario a comparison or study names at `node` (see ``referencePath(_:keyPath:root:what:)``); a
    /// missing file is named at the entry that names it.
    static func loadReference(_ node: SourceNode, keyPath: String, root: String) throws -> LoadedScenario {
        let full = try referencePath(node, keyPath: keyPath, root: root)
        do {
            return try load(path: full, project: root)
        } catch let e as ScenarioError where e.kind == .missingFile {
            throw ScenarioError(
                location: node.location, keyPath: keyPath, value: node.preview,
                problem: "no such scenario file (looked for \(full))" + movedHint(full))
        }
    }

    /// Where a shipped file of the old flat layout went: `Scenarios/mixed/full-plan.yaml` is now
    /// `Scenarios/mixed/full-plan.yaml`. Empty when there is no such file.
    static func movedHint(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let file = url.deletingPathExtension().lastPathComponent
        guard let dash = file.firstIndex(of: "-") else { return "" }
        let moved = url.deletingLastPathComponent().appendingPathComponent(String(file[..<dash]))
            .appendingPathComponent(String(file[file.index(after: dash)...]) + "." + url.pathExtension)
        guard FileManager.default.fileExists(atPath: moved.path) else { return "" }
        return "; the shipped scenarios are now one folder per community: it moved to \(moved.path)"
    }

    /// A scenario's name: its path under the nearest folder named `Scenarios`, without the extension, with `-` for
    /// `/` (`Scenarios/mixed/full-plan.yaml` is `mixed-full-plan`, safe as a folder name and in R); elsewhere the
    /// file's name.
    public static func name(ofFileAt path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL.deletingPathExtension()
        var parts: [String] = []
        for component in url.pathComponents.reversed() {
            if component == "Scenarios" { return parts.reversed().joined(separator: "-") }
            parts.append(component)
        }
        return url.lastPathComponent
    }

    // MARK: Decoding

    static func decode(_ root: SourceNode, name: String) throws -> Scenario {
        var top = try MappingReader(root, path: "")
        var s = Scenario(
            name: name,
            community: Community(
                households: 1, buildings: 1, feeRate: 1, initialQuality: 1,
                segments: []))
        s.description = try top.string("description", default: "")
        if let t = top.value("title") {
            switch t.value {
            case .scalar(let text, _): s.titles = ["en": text, "zh": text]
            case .mapping:
                var titles = try MappingReader(t, path: "title")
                for language in ["en", "zh"] {
                    if let text = titles.value(language), case .scalar(let v, _) = text.value { s.titles[language] = v }
                }
                try titles.finish()
            case .sequence:
                throw ScenarioError(
                    location: t.location, keyPath: "title", value: t.preview,
                    problem: "expected a name, or {en: …, zh: …}")
            }
        }
        s.months = try top.int("months", .whole(in: RunSettings.monthRange), default: s.months)
        s.replications = try top.int("replications", .whole(in: RunSettings.replicationRange), default: s.replications)
        if let seed = try top.seed("seed") { s.seed = seed }
        if let g = top.value("generator") {
            let name = try top.string("generator")
            try checkGenerator(name, at: g.location)
        }
        s.generator = try top.string("generator", default: s.generator)
        if var target = try top.mapping("target") {
            try readDeclared(&target, ParameterCatalog.scalars, prefix: "target.", into: &s)
            if let problem = StructureRule.targetWindow(from: s.target.fromMonth, by: s.target.byMonth),
                let node = target.node.mappingValue("by_month")
            {
                throw ScenarioError(location: node.location, keyPath: "target.by_month", value: node.preview, problem: problem)
            }
            try target.finish()
        }
        let modelName = try top.string("behaviour_model", default: "reference")
        if let node = top.value("behaviour_model"), !["reference", "zaklan2009"].contains(modelName) {
            throw ScenarioError(
                location: node.location, keyPath: "behaviour_model", value: modelName,
                problem: "expected reference (docs/MODEL.md) or zaklan2009 (the Ising tax-evasion model)")
        }
        if modelName == "zaklan2009" {
            var z = ZaklanParameters()
            if var zr = try top.mapping("zaklan") {
                z.latticeSize = try zr.int("lattice_size", .wholeAtLeast(2, atMost: 10_000), default: z.latticeSize)
                z.temperature = try zr.double("temperature", .above(0), default: z.temperature)
                z.auditProbability = try zr.double("audit_prob", .probability, default: z.auditProbability)
                z.penaltyPeriods = try zr.int("penalty_periods", .wholeAtLeast(0, atMost: 100_000), default: z.penaltyPeriods)
                z.initialHonest = try zr.double("initial_honest", .probability, default: z.initialHonest)
                try zr.finish()
            }
            s.behaviourModel = .zaklan(z)
            // The lattice is the community: L² agents, one fee each, no segments to speak of.
            let n = z.latticeSize * z.latticeSize
            s.community = Community(
                households: n, buildings: 1, feeRate: 1, initialQuality: 1,
                segments: [
                    Segment(name: "agents", share: 1, propensity: BetaParameters(a: 1, b: 1), trust: BetaParameters(a: 1, b: 1))
                ])
        } else {
            _ = top.value("zaklan")
            if let node = top.value("zaklan") {
                throw ScenarioError(
                    location: node.location, keyPath: "zaklan", value: nil,
                    problem: "only used with behaviour_model: zaklan2009")
            }
            guard var community = try top.mapping("community") else {
                throw top.missing("community", "households, buildings, fee_rate and segments")
            }
            s.community = try decodeCommunity(&community, into: s)
        }
        if var behaviour = try top.mapping("behaviour") {
            try readDeclared(&behaviour, ParameterCatalog.scalars, prefix: "behaviour.", into: &s)
            try behaviour.finish()
        }
        if var ladder = try top.mapping("status_quo_dunning") {
            s.statusQuoDunning = try decodeLadder(
                &ladder, default: s.statusQuoDunning,
                fields: ParameterCatalog.ladderFields.filter { $0.path == "drive_month" })
        }
        if var levers = try top.mapping("levers") { try decodeLevers(&levers, into: &s) }
        if let pilot = top.value("pilot") {
            s.pilot = try decodePilot(pilot, buildings: s.community.buildings)
        }
        if let phases = try top.sequence("rollout") {
            s.rollout = try phases.enumerated().map { k, node in
                try decodePhase(node, path: "rollout[\(k)]", buildings: s.community.buildings)
            }
            try checkPhaseNames(s.rollout, phases)
        }
        // `phases: {preparation: {fixed_cost: 20000}}` changes named phases of the rollout (written here or
        // inherited through `extends:`) without rewriting the list, as `rungs:` does for a ladder.
        if let changesNode = top.value("phases") {
            var changes = try MappingReader(changesNode, path: "phases")
            for name in changes.keys {
                guard let k = s.rollout.firstIndex(where: { $0.name == name }) else {
                    throw ScenarioError(
                        location: changesNode.location, keyPath: changes.child(name), value: name,
                        problem: "no phase of that name in the rollout (its phases: "
                            + (s.rollout.isEmpty ? "none" : s.rollout.map(\.name).joined(separator: ", ")) + ")")
                }
                var reader = try MappingReader(
                    try changes.present(name, expected: "a mapping of the phase's fields to change"),
                    path: changes.child(name))
                // Only the fields written: an absent end_month stays absent (the phase runs to the horizon).
                let written = ParameterCatalog.phaseFields.filter { reader.isPresent($0.path) }
                try readDeclared(&reader, written, prefix: "", into: &s.rollout[k], required: [])
                try reader.finish()
            }
            try changes.finish()
        }
        try top.finish()
        return s
    }

    static func checkGenerator(_ name: String, at location: SourceLocation) throws {
        let known = RandomStream.availableGenerators
        guard known.contains(name) else {
            var problem = "unknown GSL generator"
            if let guess = nearest(name, in: known) { problem += "; did you mean '\(guess)'?" }
            problem += " Common choices: mt19937 (default), taus2, gfsr4, ranlxd1, ranlux389."
            throw ScenarioError(location: location, keyPath: "generator", value: name, problem: problem)
        }
    }

    private static func decodeCommunity(_ r: inout MappingReader, into base: Scenario) throws -> Community {
        let households = try r.int("households", .whole(in: StructureRule.households))
        let buildingsNode = r.value("buildings")
        let buildings = try r.int("buildings", .whole(in: StructureRule.households))
        if let problem = StructureRule.buildings(buildings, households: households), let node = buildingsNode {
            throw ScenarioError(location: node.location, keyPath: r.child("buildings"), value: node.preview, problem: problem)
        }
        var s = base
        s.community = Community(households: households, buildings: buildings, feeRate: 1, initialQuality: 0.8, segments: [])
        try readDeclared(&r, ParameterCatalog.scalars, prefix: "community.", into: &s, required: ["fee_rate"])
        try checkBillingMonths(s.community.billingMonths, r.node.mappingValue("billing_months"), path: r.child("billing_months"))
        guard let segmentsNode = r.value("segments") else {
            throw r.missing("segments", "a mapping of segment names to their share and distributions")
        }
        var segmentsReader = try MappingReader(segmentsNode, path: r.child("segments"))
        var segments: [Segment] = []
        for key in segmentsReader.keys {
            try checkName(key, path: segmentsReader.child(key), at: segmentsNode.location)
            var seg = try MappingReader(
                try segmentsReader.present(key, expected: "a mapping of the segment's share and distributions"),
                path: segmentsReader.child(key))
            segments.append(try decodeSegment(&seg, name: key))
        }
        try segmentsReader.finish()
        if let problem = StructureRule.segmentShares(segments) {
            let value =
                StructureRule.segments.contains(segments.count)
                ? "shares sum to \(segments.reduce(0) { $0 + $1.share })" : "\(segments.count) segments"
            throw ScenarioError(location: segmentsNode.location, keyPath: r.child("segments"), value: value, problem: problem)
        }
        s.community.segments = segments
        if let node = r.value("initial_state") {
            s.community.initialState = try readInitialState(
                node, segments: segments, households: households,
                buildings: buildings, keyPath: r.child("initial_state"))
        }
        try r.finish()
        return s.community
    }

    /// Bills cover 1, 2, 3, 4, 6 or 12 months, so that they divide the year.
    private static func checkBillingMonths(_ months: Int, _ node: SourceNode?, path: String) throws {
        guard let node, let problem = StructureRule.billingCycle(months) else { return }
        throw ScenarioError(location: node.location, keyPath: path, value: node.preview, problem: problem)
    }

    /// Reads every declared parameter under `prefix` from `r` (and from the nested mappings the paths name),
    /// checking each against its declared range; an absent key keeps the value `root` has. Keys listed in
    /// `required` (relative to `prefix`) must be present.
    static func readDeclared<Root>(
        _ r: inout MappingReader, _ declarations: [ParameterDeclaration<Root>],
        prefix: String, into root: inout Root, required: [String] = []
    ) throws {
        var groups: [String] = []
        for d in declarations where d.path.hasPrefix(prefix) {
            let rest = String(d.path.dropFirst(prefix.count))
            if let dot = rest.firstIndex(of: ".") {
                let group = String(rest[..<dot])
                if !groups.contains(group) { groups.append(group) }
                continue
            }
            if required.contains(rest) && !r.isPresent(rest) { throw r.missing(rest, d.range.text) }
            let value = try r.double(rest, d.range, default: d.get(root))
            d.set(value, in: &root)
        }
        for group in groups {
            if required.contains(group) && !r.isPresent(group) {
                throw r.missing(group, "a mapping (\(group) …)")
            }
            guard var nested = try r.mapping(group) else { continue }
            let inner = required.filter { $0.hasPrefix(group + ".") }.map { String($0.dropFirst(group.count + 1)) }
            try readDeclared(&nested, declarations, prefix: prefix + group + ".", into: &root, required: inner)
            try nested.finish()
        }
    }

    /// Reads an observed starting state: a CSV (`unit_id,building,segment,floor_area,arrears_months`, buildings
    /// 0-based and sorted) beside the scenario file.
    private static func readInitialState(
        _ node: SourceNode, segments: [Segment], households: Int, buildings: Int,
        keyPath: String
    ) throws -> [ObservedHousehold] {
        guard case .scalar(let relative, _) = node.value, !relative.isEmpty else {
            throw ScenarioError(
                location: node.location, keyPath: keyPath, value: node.preview,
                problem: "expected the path of a CSV file (unit_id,building,segment,floor_area,arrears_months)")
        }
        let data: Data
        let path: String
        do {
            path = try InputFile.resolve(
                relative, from: node.location.file, root: InputFile.root(of: node.location.file),
                extensions: ["csv"])
            data = try InputFile.read(path, limit: InputFile.dataLimit)
        } catch let refusal as InputFile.Refusal {
            throw ScenarioError(
                location: node.location, keyPath: keyPath, value: node.preview,
                problem: refusal.isMissing ? "no such file" : refusal.reason)
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first?.hasPrefix("unit_id,building,segment,floor_area,arrears_months") == true else {
            throw ScenarioError(
                location: SourceLocation(file: path, line: 1, column: 1), keyPath: "", value: nil,
                problem: "the header must be unit_id,building,segment,floor_area,arrears_months")
        }
        var out: [ObservedHousehold] = []
        for (k, line) in lines.enumerated().dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let segment = f.count == 5 ? segments.firstIndex { $0.name == f[2] } : nil
            guard f.count == 5, let b = Int(f[1]), (0..<buildings).contains(b), let seg = segment,
                let area = Double(f[3]), area > 0, let m = Int(f[4]), m >= 0
            else {
                throw ScenarioError(
                    location: SourceLocation(file: path, line: k + 1, column: 1), keyPath: "", value: String(line),
                    problem: "expected unit_id, a building in 0…\(buildings - 1), a segment of the scenario "
                        + "(\(segments.map(\.name).joined(separator: ", "))), an area > 0 and arrears months ≥ 0")
            }
            if let last = out.last, b < last.building {
                throw ScenarioError(
                    location: SourceLocation(file: path, line: k + 1, column: 1), keyPath: "", value: String(line),
                    problem: "rows must be sorted by building")
            }
            out.append(ObservedHousehold(building: b, segment: seg, area: area, arrearsMonths: m))
        }
        guard out.count == households else {
            throw ScenarioError(
                location: node.location, keyPath: keyPath, value: relative,
                problem: "has \(out.count) households but community.households is \(households)")
        }
        return out
    }

    private static func decodeSegment(_ r: inout MappingReader, name: String) throws -> Segment {
        var seg = Segment(name: name, share: 0, propensity: BetaParameters(a: 1, b: 1), trust: BetaParameters(a: 1, b: 1))
        try readDeclared(
            &r, ParameterCatalog.segmentFields, prefix: "", into: &seg,
            required: ["share", "propensity", "propensity.a", "propensity.b", "trust", "trust.a", "trust.b"])
        if let node = r.value("billing_months") {
            let months = try WholeNumber.int(try MappingReader.number(node, path: r.child("billing_months"), .wholeAtLeast(1, atMost: 12)))
            try checkBillingMonths(months, node, path: r.child("billing_months"))
            seg.billingMonths = months
        }
        seg.absentee = try r.bool("absentee", default: false)
        try r.finish()
        return seg
    }

    private static func decodeReminder(_ r: inout MappingReader) throws -> Reminder {
        var reminder = Reminder(uplift: 0, cost: 0)
        try readDeclared(&r, ParameterCatalog.reminderFields, prefix: "", into: &reminder, required: ["uplift", "cost"])
        try r.finish()
        return reminder
    }

    private static func decodeLadder(
        _ r: inout MappingReader, default base: Ladder,
        fields: [ParameterDeclaration<Ladder>]
    ) throws -> Ladder {
        var ladder = base
        try readDeclared(&r, fields, prefix: "", into: &ladder)
        if r.isPresent("pre_due_reminder") {
            ladder.preDueReminder = nil
            if var reminder = try r.mapping("pre_due_reminder") { ladder.preDueReminder = try decodeReminder(&reminder) }
        } else {
            _ = r.value("pre_due_reminder")
        }
        if let rungs = try r.sequence("ladder") {
            if rungs.count > 32 {
                throw ScenarioError(
                    location: rungs[32].location, keyPath: r.child("ladder"), value: "\(rungs.count) rungs",
                    problem: "a ladder may have at most 32 rungs")
            }
            ladder.rungs = try rungs.enumerated().map { k, node in
                var reader = try MappingReader(node, path: r.child("ladder[\(k)]"))
                let name = try reader.string("name")
                try checkName(name, path: reader.child("name"), at: node.location)
                var rung = Rung(name: name, minArrearsMonths: 1, deliveryProbability: 1, uplift: 0, costPerAttempt: 0)
                try readDeclared(
                    &reader, ParameterCatalog.rungFields, prefix: "", into: &rung,
                    required: ["min_arrears_months", "uplift"])
                rung.capacityPerMonth = try reader.optionalInt("capacity_per_month", .wholeAtLeast(0, atMost: 50_000_000))
                rung.inPerson = try reader.bool("in_person", default: false)
                try reader.finish()
                return rung
            }
            var seen: [String] = []
            for (k, rung) in ladder.rungs.enumerated() {
                if seen.contains(rung.name) {
                    throw ScenarioError(
                        location: rungs[k].location, keyPath: r.child("ladder[\(k)].name"),
                        value: rung.name, problem: "rung names must be unique within a ladder")
                }
                seen.append(rung.name)
            }
        }
        // `rungs: {visit: {cost_per_attempt: 20}}` changes named rungs of the ladder (written here or inherited
        // through `extends:`) without rewriting the list.
        if let changesNode = r.value("rungs") {
            var changes = try MappingReader(changesNode, path: r.child("rungs"))
            for name in changes.keys {
                guard let k = ladder.rungs.firstIndex(where: { $0.name == name }) else {
                    throw ScenarioError(
                        location: changesNode.location, keyPath: changes.child(name), value: name,
                        problem: "no rung of that name in this ladder (its rungs: "
                            + ladder.rungs.map(\.name).joined(separator: ", ") + ")")
                }
                var reader = try MappingReader(
                    try changes.present(name, expected: "a mapping of the rung's fields to change"),
                    path: changes.child(name))
                try readDeclared(&reader, ParameterCatalog.rungFields, prefix: "", into: &ladder.rungs[k], required: [])
                if reader.isPresent("capacity_per_month") {
                    ladder.rungs[k].capacityPerMonth = try reader.optionalInt("capacity_per_month", .wholeAtLeast(0, atMost: 50_000_000))
                }
                if reader.isPresent("in_person") { ladder.rungs[k].inPerson = try reader.bool("in_person", default: false) }
                try reader.finish()
            }
            try changes.finish()
        }
        try r.finish()
        return ladder
    }

    private static func decodeLevers(_ r: inout MappingReader, into s: inout Scenario) throws {
        s.levers = Levers()
        for lever in Lever.allCases where lever != .dunning {   // dunning is a ladder, read below
            guard var section = try r.mapping(lever.key) else { continue }
            try readDeclared(&section, ParameterCatalog.scalars, prefix: "levers.\(lever.key).", into: &s)
            try section.finish()
        }
        if var d = try r.mapping("dunning") {
            try readDeclared(
                &d, ParameterCatalog.scalars.filter { $0.path == "levers.dunning.enabled" }, prefix: "levers.dunning.",
                into: &s)
            s.levers.dunning = try decodeLadder(&d, default: s.levers.dunning, fields: ParameterCatalog.ladderFields)
        }
        try r.finish()
    }

    private static func decodeIndices(_ node: SourceNode, path: String, buildings: Int) throws -> [Int] {
        guard case .sequence(let items) = node.value else {
            throw ScenarioError(
                location: node.location, keyPath: path, value: node.preview,
                problem: "expected a list of building indices")
        }
        return try items.enumerated().map { k, item in
            try WholeNumber.int(try MappingReader.number(item, path: "\(path)[\(k)]", .wholeAtLeast(0, atMost: buildings - 1)))
        }
    }

    private static func decodePilot(_ node: SourceNode, buildings: Int) throws -> Pilot {
        var r = try MappingReader(node, path: "pilot")
        guard let b = r.value("buildings") else { throw r.missing("buildings", "a count or a list of building indices") }
        let pilot: Pilot
        if case .sequence = b.value {
            pilot = .buildings(try decodeIndices(b, path: "pilot.buildings", buildings: buildings))
        } else {
            pilot = .count(
                try WholeNumber.int(
                    try MappingReader.number(
                        b, path: "pilot.buildings",
                        .wholeAtLeast(0, atMost: buildings))))
        }
        try r.finish()
        return pilot
    }

    private static func decodePhase(_ node: SourceNode, path: String, buildings: Int) throws -> Phase {
        var r = try MappingReader(node, path: path)
        let name = try r.string("name")
        try checkName(name, path: r.child("name"), at: node.location)
        let start = try r.int("start_month", .wholeAtLeast(1, atMost: 1200))
        let endNode = r.value("end_month")
        var end: Int?
        if let endNode {
            end = try WholeNumber.int(try MappingReader.number(endNode, path: r.child("end_month"), .wholeAtLeast(start, atMost: 1200)))
        }
        var set = BuildingSet.all
        if let b = r.value("buildings") {
            if case .scalar(let word, _) = b.value {
                switch word {
                case "all": set = .all
                case "pilot": set = .pilot
                case "rest": set = .rest
                default:
                    throw ScenarioError(
                        location: b.location, keyPath: r.child("buildings"), value: word,
                        problem: "expected all, pilot, rest or a list of building indices")
                }
            } else {
                set = .list(try decodeIndices(b, path: r.child("buildings"), buildings: buildings))
            }
        }
        var levers = LeverSet()
        if let l = r.value("levers") {
            let allowed = Lever.allCases.map(\.key)
            switch l.value {
            case .scalar("all", _): levers = .all
            case .sequence(let items):
                for (k, item) in items.enumerated() {
                    guard case .scalar(let word, _) = item.value, let lever = Lever(key: word) else {
                        var problem = "unknown lever"
                        if case .scalar(let word, _) = item.value, let guess = nearest(word, in: allowed) {
                            problem += "; did you mean '\(guess)'?"
                        }
                        throw ScenarioError(
                            location: item.location, keyPath: "\(r.child("levers"))[\(k)]",
                            value: item.preview,
                            problem: problem + " Allowed: \(allowed.joined(separator: ", ")).")
                    }
                    levers.insert(LeverSet(lever))
                }
            default:
                throw ScenarioError(
                    location: l.location, keyPath: r.child("levers"), value: l.preview,
                    problem: "expected a list of levers (\(allowed.joined(separator: ", "))) or all")
            }
        }
        // Held to the declared money range here, so that an error names the file and line (the engine's own check
        // cannot).
        let money = ValueRange.money
        let fixed = try r.double("fixed_cost", money, default: 0)
        let monthly = try r.double("monthly_cost", money, default: 0)
        try r.finish()
        return Phase(
            name: name, startMonth: start, endMonth: end, buildings: set, levers: levers, fixedCost: fixed,
            monthlyCost: monthly)
    }

    private static func checkPhaseNames(_ phases: [Phase], _ nodes: [SourceNode]) throws {
        for (k, phase) in phases.enumerated() where phases[..<k].contains(where: { $0.name == phase.name }) {
            throw ScenarioError(
                location: nodes[k].location, keyPath: "rollout[\(k)].name", value: phase.name,
                problem: "phase names must be unique (they name output columns)")
        }
    }

    /// Names become output columns: letters, digits and underscores only.
    private static func checkName(_ name: String, path: String, at location: SourceLocation) throws {
        let ok =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "_"
            }
        if !ok {
            throw ScenarioError(
                location: location, keyPath: path, value: name,
                problem: "names may use only ASCII letters, digits and underscores")
        }
    }
}
