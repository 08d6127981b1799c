import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

extension Workbench {
    /// A file name the workbench may create: lower-case letters, digits and hyphens, 1–64 characters, starting
    /// with a letter or digit — never a path.
    static func checkedName(_ name: String, field: String = "name") throws -> String {
        let ok =
            !name.isEmpty && name.count <= 64 && name.first.map { $0.isASCII && ($0.isLowercase || $0.isNumber) } == true
            && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        guard ok else {
            throw WorkbenchError.forbidden(
                "'\(WorkbenchError.cut(name))' is not a plain name: use lower-case letters, digits and hyphens "
                    + "(for example mixed-full-plan-pilot5)", field: field)
        }
        return name
    }

    // MARK: Save as scenario

    public struct Saved: Codable, Sendable {
        /// The new file, relative to the project folder, beside the comparison's own files
        /// (`Scenarios/mixed/mixed-full-plan-buildings-5.yaml`).
        public var file: String
        public var yaml: String
        /// Its title and what it changes from the strategy's files (``describe(_:prepared:language:)``).
        public var variant: VariantDescription
    }

    /// Writes the variant as `<name>.yaml` in the comparison file's folder, beside the community's own files: a few
    /// lines that `extends:` the strategy's file, titled with what changed (in English and Chinese) and described by
    /// the full list of changes. Refuses an existing file (a shipped one included). The file is loaded back before it
    /// is kept: it must give exactly the variant that was run.
    public func save(_ v: Variant, name: String, language: Language = .en) throws -> Saved {
        let name = try Self.checkedName(name)
        let p = try prepare(v)
        // The comparison file is inside Scenarios/ (`scenarioFile(_:)` checked it, links resolved): so is its folder.
        let folderURL = try scenarioFile(v.comparison).deletingLastPathComponent()
        let scenarios = scenariosFolder.standardizedFileURL.resolvingSymlinksInPath().path + "/"
        let folderPath = folderURL.standardizedFileURL.resolvingSymlinksInPath().path + "/"
        guard folderPath.hasPrefix(scenarios) else {
            throw WorkbenchError.forbidden("the comparison's folder is outside Scenarios/", field: "comparison")
        }
        let relativeFolder = String(folderPath.dropFirst(scenarios.count))
        let shown = "Scenarios/\(relativeFolder)\(name).yaml"
        let file = URL(fileURLWithPath: folderPath + "\(name).yaml")
        let strategyFile = try pick(v.strategy, in: p.file).files[0]
        let resolved = URL(fileURLWithPath: strategyFile).standardizedFileURL.resolvingSymlinksInPath().path
        guard resolved.hasPrefix(scenarios) else {
            throw WorkbenchError.forbidden("the strategy's file is outside Scenarios/", field: "strategy")
        }
        let extends = Self.relativePath(
            from: String(folderPath.dropFirst(scenarios.count)), to: String(resolved.dropFirst(scenarios.count)))
        let en = try describe(v, prepared: p, language: .en), zh = try describe(v, prepared: p, language: .zh)
        let yaml = Self.variantYAML(v, prepared: p, extends: extends, name: name, described: (en, zh))
        // Created exclusively: an existing file (or one created meanwhile) is never overwritten.
        let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw WorkbenchError.conflict("\(shown) already exists: choose another name", field: "name")
            }
            throw WorkbenchError.invalid("cannot create \(shown): \(String(cString: strerror(errno)))", field: "name")
        }
        let data = Data(yaml.utf8)
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        do {
            guard written == data.count else { throw WorkbenchError.invalid("cannot write \(shown)", field: "name") }
            let loaded = try ScenarioLoader.load(path: file.path).scenario
            var expected = p.strategy
            // Names are not part of the variant (nor are run settings: the strategy keeps its file's).
            expected.name = loaded.name
            expected.titles = loaded.titles
            expected.description = loaded.description
            guard loaded == expected else {
                throw WorkbenchError.invalid("the saved file does not reproduce the variant (a change it cannot express yet)")
            }
        } catch {
            try? FileManager.default.removeItem(at: file)
            if let e = error as? WorkbenchError { throw e }
            throw WorkbenchError.invalid("the saved file does not load: \(error)")
        }
        return Saved(file: shown, yaml: yaml, variant: language == .zh ? zh : en)
    }

    /// The path of `file` relative to `folder` (both relative to Scenarios/, the folder ending in "/" or empty):
    /// `mixed/` + `mixed/full-plan.yaml` → `full-plan.yaml`; `mixed/` + `strategies/x.yaml` → `../strategies/x.yaml`.
    static func relativePath(from folder: String, to file: String) -> String {
        var from = folder.split(separator: "/").map(String.init)
        var to = file.split(separator: "/").map(String.init)
        while let a = from.first, let b = to.first, to.count > 1, a == b {
            from.removeFirst()
            to.removeFirst()
        }
        return (Array(repeating: "..", count: from.count) + to).joined(separator: "/")
    }

    /// The variant as YAML over its strategy's file: its titles and description (what changed, in both languages),
    /// changed values nested by path, changed rungs by name, and the whole rollout when levers were switched off or a
    /// phase's months changed (lists replace in `extends:`).
    static func variantYAML(
        _ v: Variant, prepared p: Prepared, extends: String, name: String,
        described: (en: VariantDescription, zh: VariantDescription)
    ) -> String {
        let s = p.strategy
        var tree = YAMLTree()
        var rolloutChanged = v.levers != nil
        for change in v.set {
            let value = CSVFormat.number(change.value)
            if change.path.hasPrefix("rollout[") { rolloutChanged = true; continue }
            if let range = change.path.range(of: #"ladder\[(\d+)\]\."#, options: .regularExpression) {
                // levers.dunning.ladder[2].cost_per_attempt → levers.dunning.rungs.visit.cost_per_attempt
                let head = String(change.path[..<range.lowerBound])
                let ladder = head.hasPrefix("levers.") ? s.levers.dunning : s.statusQuoDunning
                // `prepare` resolved the path already; a rung it could not name is skipped, never a trap.
                guard let k = Int(change.path[range].filter(\.isNumber)), ladder.rungs.indices.contains(k) else { continue }
                let field = String(change.path[range.upperBound...])
                tree.set(head.split(separator: ".").map(String.init) + ["rungs", ladder.rungs[k].name, field], value)
            } else {
                tree.set(change.path.split(separator: ".").map(String.init), value)
            }
        }
        var yaml = "# Saved from the FeeSim workbench (feesim serve) as \(name): \(v.strategy)"
        yaml += described.en.changes.isEmpty ? " unchanged.\n" : " with the changes below.\n"
        for line in described.en.changes {
            yaml += "#   \(line.text.replacingOccurrences(of: "\n", with: " "))\n"
            if let warning = line.warning { yaml += "#   warning: \(warning)\n" }
        }
        yaml += "extends: \(extends)\n"
        yaml += "title: {en: \(quoted(described.en.title)), zh: \(quoted(described.zh.title))}\n"
        let changed = described.en.changes.map(\.text).joined(separator: "; ")
        yaml +=
            "description: \(quoted(changed.isEmpty ? "\(s.title("en")), as in its files." : "\(s.title("en")), changed: \(changed)."))\n"
        yaml += tree.render(indent: 0)
        if rolloutChanged {
            yaml += "rollout:\n"
            for phase in s.rollout {
                var fields = ["name: \(quoted(phase.name))", "start_month: \(phase.startMonth)"]
                if let end = phase.endMonth { fields.append("end_month: \(end)") }
                switch phase.buildings {
                case .all: fields.append("buildings: all")
                case .pilot: fields.append("buildings: pilot")
                case .rest: fields.append("buildings: rest")
                case .list(let l): fields.append("buildings: [\(l.map(String.init).joined(separator: ", "))]")
                }
                fields.append("levers: [\(phase.levers.levers.map(\.key).joined(separator: ", "))]")
                if phase.fixedCost != 0 { fields.append("fixed_cost: \(CSVFormat.number(phase.fixedCost))") }
                if phase.monthlyCost != 0 { fields.append("monthly_cost: \(CSVFormat.number(phase.monthlyCost))") }
                yaml += "  - {\(fields.joined(separator: ", "))}\n"
            }
        }
        return yaml
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: Export the report

    public struct Exported: Codable, Sendable {
        /// The result folder, relative to the project folder (`Results/mixed-full-plan-pilot5`).
        public var folder: String
        public var files: [String]
    }

    /// Runs the variant against its baseline and writes the same files as `feesim compare` into
    /// `Results/<name>` (atomically, under the folder's lock).
    public func export(
        _ v: Variant, name: String, language: Language, toolVersion: String, gslVersion: String,
        threads: Int? = nil, isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> Exported {
        let name = try Self.checkedName(name)
        let start = Date()
        let p = try prepare(v)
        let folder = resultsFolder.appendingPathComponent(name)
        let lock: OutputLock
        do {
            try FileManager.default.createDirectory(at: resultsFolder, withIntermediateDirectories: true)
            lock = try OutputLock.acquire(for: folder)
        } catch {
            throw WorkbenchError.conflict("\(error)", field: "name")
        }
        defer { withExtendedLifetime(lock) {} }
        let result = try compare(p, threads: threads, isCancelled: isCancelled)
        let files = LoadedScenario.distinctFiles([p.file.baseline, try pick(v.strategy, in: p.file)])
        let context = ComparisonContext(
            name: name, description: p.file.description(language.rawValue), toolVersion: toolVersion,
            scenarioFiles: files, contentHash: p.file.contentHash)
        let outputs = ComparisonOutputs(result: result, context: context, language: language)
        var manifest = ComparisonManifest(
            toolVersion: toolVersion, gslVersion: gslVersion, comparison: "feesim serve: \(v.comparison)",
            variants: [p.baseline.name, p.strategy.name], scenarioFiles: files, sha256: p.file.contentHash,
            seed: p.settings.seed, generator: p.settings.generator, replications: p.settings.replications,
            months: p.settings.months, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
            language: language.rawValue, discountRate: result.annualDiscountRate,
            startTime: ISO8601DateFormatter().string(from: start),
            wallTimeSeconds: (Date().timeIntervalSince(start) * 1000).rounded() / 1000)
        manifest.overrides =
            (v.levers.map { ["levers=\($0.joined(separator: ","))"] } ?? [])
            + v.set.map { "\($0.path)=\(CSVFormat.number($0.value))" }
        do { try outputs.write(to: folder, manifest: manifest) } catch {
            throw WorkbenchError.invalid("cannot write Results/\(name): \(error)", field: "name")
        }
        let written = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return Exported(folder: "Results/\(name)", files: written)
    }
}

/// Nested mappings built from dotted paths, rendered as block YAML with keys in sorted order.
struct YAMLTree {
    private var values: [String: String] = [:]
    private var children: [String: YAMLTree] = [:]

    mutating func set(_ path: [String], _ value: String) {
        guard let head = path.first else { return }
        if path.count == 1 { values[head] = value; return }
        var child = children[head] ?? YAMLTree()
        child.set(Array(path.dropFirst()), value)
        children[head] = child
    }

    func render(indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var out = ""
        for key in Set(values.keys).union(children.keys).sorted() {
            if let v = values[key] { out += "\(pad)\(key): \(v)\n" }
            if let c = children[key] { out += "\(pad)\(key):\n" + c.render(indent: indent + 2) }
        }
        return out
    }
}
