import FeeSimModel
import Foundation
import GSLKit

/// A scenario read from a file, with the files it was built from.
public struct LoadedScenario: Sendable {
    public let scenario: Scenario
    /// The scenario file first, then each file it `extends:`, nearest first.
    public let files: [String]
    /// SHA-256 (hex) of the files' bytes in that order: changes whenever any of them changes.
    public let contentHash: String

    public init(scenario: Scenario, files: [String], contentHash: String) {
        self.scenario = scenario
        self.files = files
        self.contentHash = contentHash
    }
}

/// Reads scenario files (YAML) strictly into ``Scenario`` values.
///
/// A file may `extends:` another (a path relative to it): the base is read first and the file's keys are laid
/// over it (mappings merge key by key; lists and scalars replace). Omitted keys take the reference model's
/// defaults. Every error is a ``ScenarioError`` naming file, line, key path, value and what is allowed.
public enum ScenarioLoader {
    /// Loads the scenario at `path`. Its name is the file name without extension.
    public static func load(path: String) throws -> LoadedScenario {
        var files: [String] = []
        var bytes = Data()
        guard let root = try readChain(path: path, files: &files, bytes: &bytes) else {
            throw ScenarioError(location: SourceLocation(file: path, line: 1, column: 1), keyPath: "", value: nil,
                                problem: "the file is empty")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let scenario = try decode(root, name: name)
        return LoadedScenario(scenario: scenario, files: files, contentHash: SHA256.hex(of: bytes))
    }

    /// Loads a scenario from YAML text (for tests and tools); `file` names it in errors.
    public static func load(yaml: String, file: String = "<text>", name: String = "scenario") throws -> Scenario {
        guard let root = try SourceNode.parse(yaml, file: file) else {
            throw ScenarioError(location: SourceLocation(file: file, line: 1, column: 1), keyPath: "", value: nil,
                                problem: "the text is empty")
        }
        if case .mapping(let entries) = root.value, let e = entries.first(where: { $0.key == "extends" }) {
            throw ScenarioError(location: e.keyLocation, keyPath: "extends", value: nil,
                                problem: "extends: needs a scenario file, not text")
        }
        return try decode(root, name: name)
    }

    private static func readChain(path: String, files: inout [String], bytes: inout Data) throws -> SourceNode? {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if files.contains(url.path) {
            throw ScenarioError(location: SourceLocation(file: path, line: 1, column: 1), keyPath: "extends",
                                value: path, problem: "extends: forms a cycle (\(files.joined(separator: " → ")))")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw ScenarioError(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", value: nil,
                                problem: exists ? "cannot read the file" : "no such scenario file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", value: nil,
                                problem: "the file is not UTF-8 text")
        }
        files.append(url.path)
        bytes.append(data)
        guard var node = try SourceNode.parse(text, file: path) else { return nil }
        guard case .mapping(var entries) = node.value else {
            throw ScenarioError(location: node.location, keyPath: "", value: node.preview,
                                problem: "a scenario file must be a mapping of keys to values")
        }
        guard let k = entries.firstIndex(where: { $0.key == "extends" }) else { return node }
        let entry = entries.remove(at: k)
        guard case .scalar(let relative, _) = entry.value.value, !relative.isEmpty else {
            throw ScenarioError(location: entry.value.location, keyPath: "extends", value: entry.value.preview,
                                problem: "expected the path of another scenario file, relative to this one")
        }
        node.value = .mapping(entries)
        let basePath = relative.hasPrefix("/") ? relative
            : url.deletingLastPathComponent().appendingPathComponent(relative).path
        do {
            guard let base = try readChain(path: basePath, files: &files, bytes: &bytes) else { return node }
            return SourceNode.merge(base, node)
        } catch let error as ScenarioError where error.problem == "no such scenario file" {
            throw ScenarioError(location: entry.value.location, keyPath: "extends", value: relative,
                                problem: "no such scenario file (looked for \(basePath))")
        }
    }

    // MARK: Decoding

    static func decode(_ root: SourceNode, name: String) throws -> Scenario {
        var top = try MappingReader(root, path: "")
        var s = Scenario(name: name, community: Community(households: 1, buildings: 1, feeRate: 1, initialQuality: 1,
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
                throw ScenarioError(location: t.location, keyPath: "title", value: t.preview,
                                    problem: "expected a name, or {en: …, zh: …}")
            }
        }
        s.months = try top.int("months", .wholeAtLeast(1, atMost: 1200), default: s.months)
        s.replications = try top.int("replications", .wholeAtLeast(1, atMost: 1_000_000), default: s.replications)
        if let seed = try top.seed("seed") { s.seed = seed }
        if let g = top.value("generator") {
            let name = try top.string("generator")
            try checkGenerator(name, at: g.location)
        }
        s.generator = try top.string("generator", default: s.generator)
        if var target = try top.mapping("target") {
            s.target.collectionRate = try target.double("collection_rate", .probability, default: 0.9)
            s.target.byMonth = try target.int("by_month", .wholeAtLeast(1), default: 6)
            try target.finish()
        }
        let modelName = try top.string("behaviour_model", default: "reference")
        if let node = top.value("behaviour_model"), !["reference", "zaklan2009"].contains(modelName) {
            throw ScenarioError(location: node.location, keyPath: "behaviour_model", value: modelName,
                                problem: "expected reference (docs/MODEL.md) or zaklan2009 (the Ising tax-evasion model)")
        }
        if modelName == "zaklan2009" {
            var z = ZaklanParameters()
            if var zr = try top.mapping("zaklan") {
                z.latticeSize = try zr.int("lattice_size", .wholeAtLeast(2, atMost: 10_000), default: z.latticeSize)
                z.temperature = try zr.double("temperature", .positive, default: z.temperature)
                z.auditProbability = try zr.double("audit_prob", .probability, default: z.auditProbability)
                z.penaltyPeriods = try zr.int("penalty_periods", .wholeAtLeast(0, atMost: 100_000), default: z.penaltyPeriods)
                z.initialHonest = try zr.double("initial_honest", .probability, default: z.initialHonest)
                try zr.finish()
            }
            s.behaviourModel = .zaklan(z)
            // The lattice is the community: L² agents, one fee each, no segments to speak of.
            let n = z.latticeSize * z.latticeSize
            s.community = Community(households: n, buildings: 1, feeRate: 1, initialQuality: 1, segments: [
                Segment(name: "agents", share: 1, propensity: BetaParameters(a: 1, b: 1), trust: BetaParameters(a: 1, b: 1)),
            ])
        } else {
            _ = top.value("zaklan")
            if let node = top.value("zaklan") {
                throw ScenarioError(location: node.location, keyPath: "zaklan", value: nil,
                                    problem: "only used with behaviour_model: zaklan2009")
            }
            guard var community = try top.mapping("community") else {
                throw top.missing("community", "households, buildings, fee_rate and segments")
            }
            s.community = try decodeCommunity(&community)
        }
        if var behaviour = try top.mapping("behaviour") { s.behaviour = try decodeBehaviour(&behaviour) }
        if var ladder = try top.mapping("status_quo_dunning") {
            s.statusQuoDunning = try decodeLadder(&ladder, default: s.statusQuoDunning)
        }
        if var levers = try top.mapping("levers") { s.levers = try decodeLevers(&levers) }
        if let pilot = top.value("pilot") {
            s.pilot = try decodePilot(pilot, buildings: s.community.buildings)
        }
        if let phases = try top.sequence("rollout") {
            s.rollout = try phases.enumerated().map { k, node in
                try decodePhase(node, path: "rollout[\(k)]", buildings: s.community.buildings)
            }
            try checkPhaseNames(s.rollout, phases)
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

    private static func decodeCommunity(_ r: inout MappingReader) throws -> Community {
        let households = try r.int("households", .wholeAtLeast(1, atMost: 50_000_000))
        let buildingsNode = r.value("buildings")
        let buildings = try r.int("buildings", .wholeAtLeast(1))
        if buildings > households, let node = buildingsNode {
            throw ScenarioError(location: node.location, keyPath: r.child("buildings"), value: node.preview,
                                problem: "out of range: must be a whole number in 1…\(households) (no more buildings than households)")
        }
        let feeRate = try r.double("fee_rate", .positive)
        let quality = try r.double("initial_quality", .probability, default: 0.8)
        guard let segmentsNode = r.value("segments") else {
            throw r.missing("segments", "a mapping of segment names to their share and distributions")
        }
        var segmentsReader = try MappingReader(segmentsNode, path: r.child("segments"))
        var segments: [Segment] = []
        for key in segmentsReader.keys {
            try checkName(key, path: segmentsReader.child(key), at: segmentsNode.location)
            var seg = try segmentsReader.mapping(key)!
            segments.append(try decodeSegment(&seg, name: key))
        }
        try segmentsReader.finish()
        guard !segments.isEmpty else {
            throw ScenarioError(location: segmentsNode.location, keyPath: r.child("segments"), value: nil,
                                problem: "needs at least one segment")
        }
        let total = segments.reduce(0) { $0 + $1.share }
        if abs(total - 1) > 1e-9 {
            throw ScenarioError(location: segmentsNode.location, keyPath: r.child("segments"),
                                value: "shares sum to \(total)",
                                problem: "segment shares must sum to 1 (within 1e-9): "
                                    + segments.map { "\($0.name) \($0.share)" }.joined(separator: ", "))
        }
        var initialState: [ObservedHousehold]?
        if let node = r.value("initial_state") {
            initialState = try readInitialState(node, segments: segments, households: households, buildings: buildings,
                                                keyPath: r.child("initial_state"))
        }
        try r.finish()
        return Community(households: households, buildings: buildings, feeRate: feeRate, initialQuality: quality,
                         segments: segments, initialState: initialState)
    }

    /// Reads an observed starting state: a CSV (`unit_id,building,segment,floor_area,arrears_months`, buildings
    /// 0-based and sorted) beside the scenario file.
    private static func readInitialState(_ node: SourceNode, segments: [Segment], households: Int, buildings: Int,
                                         keyPath: String) throws -> [ObservedHousehold] {
        guard case .scalar(let relative, _) = node.value, !relative.isEmpty else {
            throw ScenarioError(location: node.location, keyPath: keyPath, value: node.preview,
                                problem: "expected the path of a CSV file (unit_id,building,segment,floor_area,arrears_months)")
        }
        let folder = URL(fileURLWithPath: node.location.file).deletingLastPathComponent()
        let path = relative.hasPrefix("/") ? relative : folder.appendingPathComponent(relative).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(location: node.location, keyPath: keyPath, value: relative, problem: "no such file (looked for \(path))")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first?.hasPrefix("unit_id,building,segment,floor_area,arrears_months") == true else {
            throw ScenarioError(location: SourceLocation(file: path, line: 1, column: 1), keyPath: "", value: nil,
                                problem: "the header must be unit_id,building,segment,floor_area,arrears_months")
        }
        var out: [ObservedHousehold] = []
        for (k, line) in lines.enumerated().dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let segment = f.count == 5 ? segments.firstIndex { $0.name == f[2] } : nil
            guard f.count == 5, let b = Int(f[1]), (0..<buildings).contains(b), let seg = segment,
                  let area = Double(f[3]), area > 0, let m = Int(f[4]), m >= 0 else {
                throw ScenarioError(location: SourceLocation(file: path, line: k + 1, column: 1), keyPath: "", value: String(line),
                                    problem: "expected unit_id, a building in 0…\(buildings - 1), a segment of the scenario "
                                        + "(\(segments.map(\.name).joined(separator: ", "))), an area > 0 and arrears months ≥ 0")
            }
            if let last = out.last, b < last.building {
                throw ScenarioError(location: SourceLocation(file: path, line: k + 1, column: 1), keyPath: "", value: String(line),
                                    problem: "rows must be sorted by building")
            }
            out.append(ObservedHousehold(building: b, segment: seg, area: area, arrearsMonths: m))
        }
        guard out.count == households else {
            throw ScenarioError(location: node.location, keyPath: keyPath, value: relative,
                                problem: "has \(out.count) households but community.households is \(households)")
        }
        return out
    }

    private static func decodeBeta(_ r: inout MappingReader, _ key: String) throws -> BetaParameters {
        guard var beta = try r.mapping(key) else { throw r.missing(key, "a Beta distribution {a, b}, a, b > 0") }
        let p = BetaParameters(a: try beta.double("a", .positive), b: try beta.double("b", .positive))
        try beta.finish()
        return p
    }

    private static func decodeSegment(_ r: inout MappingReader, name: String) throws -> Segment {
        var seg = Segment(name: name, share: 0, propensity: BetaParameters(a: 1, b: 1), trust: BetaParameters(a: 1, b: 1))
        seg.share = try r.double("share", .probability)
        if var area = try r.mapping("area") {
            seg.areaMedian = try area.double("median", .between(20, 400), default: seg.areaMedian)
            seg.areaSigma = try area.double("sigma", .between(0, 3), default: seg.areaSigma)
            try area.finish()
        }
        seg.feeMultiplier = try r.double("fee_multiplier", .between(0, 10), default: seg.feeMultiplier)
        seg.propensity = try decodeBeta(&r, "propensity")
        seg.trust = try decodeBeta(&r, "trust")
        seg.hardship = try r.double("hardship", .probability, default: seg.hardship)
        seg.grievance = try r.double("grievance", .probability, default: seg.grievance)
        if var arrears = try r.mapping("arrears") {
            seg.arrearsProbability = try arrears.double("probability", .probability, default: seg.arrearsProbability)
            seg.arrearsExtraMonths = try arrears.double("extra_months_mean", .between(0, 240),
                                                        default: seg.arrearsExtraMonths)
            try arrears.finish()
        }
        try r.finish()
        return seg
    }

    private static func decodeBehaviour(_ r: inout MappingReader) throws -> Behaviour {
        var b = Behaviour()
        b.hardshipEntry = try r.double("hardship_entry", .probability, default: b.hardshipEntry)
        b.hardshipExit = try r.double("hardship_exit", .probability, default: b.hardshipExit)
        b.hardshipAbility = try r.double("hardship_ability", .probability, default: b.hardshipAbility)
        b.grievanceEntry = try r.double("grievance_entry", .probability, default: b.grievanceEntry)
        b.grievanceExit = try r.double("grievance_exit", .probability, default: b.grievanceExit)
        b.trustDrift = try r.double("trust_drift", .probability, default: b.trustDrift)
        b.betaTrust = try r.double("beta_trust", .between(-20, 20), default: b.betaTrust)
        b.betaQuality = try r.double("beta_quality", .between(-20, 20), default: b.betaQuality)
        b.betaNorm = try r.double("beta_norm", .between(-20, 20), default: b.betaNorm)
        b.betaGrievance = try r.double("beta_grievance", .between(-20, 20), default: b.betaGrievance)
        b.trustPowerInteraction = try r.double("trust_power_interaction", .probability, default: b.trustPowerInteraction)
        b.repayAllProbability = try r.double("repay_all_prob", .probability, default: b.repayAllProbability)
        b.qualityAdjustment = try r.double("quality_adjustment", .probability, default: b.qualityAdjustment)
        b.serviceRequirement = try r.double("service_requirement", .between(0, 1, open: true), default: b.serviceRequirement)
        try r.finish()
        return b
    }

    private static func decodeReminder(_ r: inout MappingReader) throws -> Reminder {
        let reminder = Reminder(uplift: try r.double("uplift", .between(-10, 10)),
                                cost: try r.double("cost", .nonNegative))
        try r.finish()
        return reminder
    }

    private static func decodeLadder(_ r: inout MappingReader, default base: Ladder) throws -> Ladder {
        var ladder = base
        if r.isPresent("pre_due_reminder") {
            ladder.preDueReminder = nil
            if var reminder = try r.mapping("pre_due_reminder") { ladder.preDueReminder = try decodeReminder(&reminder) }
        } else {
            _ = r.value("pre_due_reminder")
        }
        if let rungs = try r.sequence("ladder") {
            ladder.rungs = try rungs.enumerated().map { k, node in
                var rung = try MappingReader(node, path: r.child("ladder[\(k)]"))
                let name = try rung.string("name")
                try checkName(name, path: rung.child("name"), at: node.location)
                let decoded = Rung(
                    name: name,
                    minArrearsMonths: try rung.int("min_arrears_months", .wholeAtLeast(1, atMost: 1200)),
                    deliveryProbability: try rung.double("delivery_prob", .probability, default: 1),
                    uplift: try rung.double("uplift", .between(-10, 10)),
                    costPerContact: try rung.double("cost_per_contact", .nonNegative, default: 0),
                    trustPenalty: try rung.double("trust_penalty", .probability, default: 0),
                    capacityPerMonth: try rung.optionalInt("capacity_per_month", .wholeAtLeast(0)),
                    legal: try rung.bool("legal", default: false))
                try rung.finish()
                return decoded
            }
            var seen: [String] = []
            for (k, rung) in ladder.rungs.enumerated() {
                if seen.contains(rung.name) {
                    throw ScenarioError(location: rungs[k].location, keyPath: r.child("ladder[\(k)].name"),
                                        value: rung.name, problem: "rung names must be unique within a ladder")
                }
                seen.append(rung.name)
            }
        }
        try r.finish()
        return ladder
    }

    private static func decodeLevers(_ r: inout MappingReader) throws -> Levers {
        var levers = Levers()
        if var t = try r.mapping("transparency") {
            var x = levers.transparency
            x.period = try t.int("period", .wholeAtLeast(1, atMost: 120), default: x.period)
            x.reach = try t.double("reach", .probability, default: x.reach)
            x.trustGain = try t.double("trust_gain", .probability, default: x.trustGain)
            x.perceptionBoost = try t.double("perception_boost", .probability, default: x.perceptionBoost)
            x.costPerPublication = try t.double("cost_per_publication", .nonNegative, default: x.costPerPublication)
            x.monthlyCost = try t.double("monthly_cost", .nonNegative, default: x.monthlyCost)
            try t.finish()
            levers.transparency = x
        }
        if var d = try r.mapping("dunning") { levers.dunning = try decodeLadder(&d, default: levers.dunning) }
        if var a = try r.mapping("assistance") {
            var x = levers.assistance
            x.detectionProbability = try a.double("detection_prob", .probability, default: x.detectionProbability)
            x.abilityRestore = try a.double("ability_restore", .probability, default: x.abilityRestore)
            x.subsidyShare = try a.double("subsidy_share", .probability, default: x.subsidyShare)
            x.caseCost = try a.double("case_cost", .nonNegative, default: x.caseCost)
            try a.finish()
            levers.assistance = x
        }
        if var c = try r.mapping("cogovernance") {
            var x = levers.cogovernance
            x.peerMultiplier = try c.double("peer_multiplier", .between(0, 10), default: x.peerMultiplier)
            x.trustGain = try c.double("trust_gain", .probability, default: x.trustGain)
            x.mediationProbability = try c.double("mediation_prob", .probability, default: x.mediationProbability)
            x.monthlyCost = try c.double("monthly_cost", .nonNegative, default: x.monthlyCost)
            try c.finish()
            levers.cogovernance = x
        }
        if var l = try r.mapping("legal") {
            var x = levers.legal
            x.minArrearsMonths = try l.int("min_arrears_months", .wholeAtLeast(1, atMost: 1200), default: x.minArrearsMonths)
            x.filingProbability = try l.double("filing_prob", .probability, default: x.filingProbability)
            x.costPerCase = try l.double("cost_per_case", .nonNegative, default: x.costPerCase)
            x.trustPenalty = try l.double("trust_penalty", .probability, default: x.trustPenalty)
            x.publicTrustPenalty = try l.double("public_trust_penalty", .probability, default: x.publicTrustPenalty)
            x.lagMonths = try l.int("lag_months", .wholeAtLeast(1, atMost: 255), default: x.lagMonths)
            x.winProbability = try l.double("win_prob", .probability, default: x.winProbability)
            x.orderMonths = try l.int("order_months", .wholeAtLeast(0, atMost: 65_535), default: x.orderMonths)
            try l.finish()
            levers.legal = x
        }
        try r.finish()
        return levers
    }

    private static func decodeIndices(_ node: SourceNode, path: String, buildings: Int) throws -> [Int] {
        guard case .sequence(let items) = node.value else {
            throw ScenarioError(location: node.location, keyPath: path, value: node.preview,
                                problem: "expected a list of building indices")
        }
        return try items.enumerated().map { k, item in
            Int(try MappingReader.number(item, path: "\(path)[\(k)]", .wholeAtLeast(0, atMost: buildings - 1)))
        }
    }

    private static func decodePilot(_ node: SourceNode, buildings: Int) throws -> Pilot {
        var r = try MappingReader(node, path: "pilot")
        guard let b = r.value("buildings") else { throw r.missing("buildings", "a count or a list of building indices") }
        let pilot: Pilot
        if case .sequence = b.value {
            pilot = .buildings(try decodeIndices(b, path: "pilot.buildings", buildings: buildings))
        } else {
            pilot = .count(Int(try MappingReader.number(b, path: "pilot.buildings",
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
            end = Int(try MappingReader.number(endNode, path: r.child("end_month"), .wholeAtLeast(start, atMost: 1200)))
        }
        var set = BuildingSet.all
        if let b = r.value("buildings") {
            if case .scalar(let word, _) = b.value {
                switch word {
                case "all": set = .all
                case "pilot": set = .pilot
                case "rest": set = .rest
                default:
                    throw ScenarioError(location: b.location, keyPath: r.child("buildings"), value: word,
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
                        throw ScenarioError(location: item.location, keyPath: "\(r.child("levers"))[\(k)]",
                                            value: item.preview,
                                            problem: problem + " Allowed: \(allowed.joined(separator: ", ")).")
                    }
                    levers.insert(LeverSet(lever))
                }
            default:
                throw ScenarioError(location: l.location, keyPath: r.child("levers"), value: l.preview,
                                    problem: "expected a list of levers (\(allowed.joined(separator: ", "))) or all")
            }
        }
        let fixed = try r.double("fixed_cost", .nonNegative, default: 0)
        let monthly = try r.double("monthly_cost", .nonNegative, default: 0)
        try r.finish()
        return Phase(name: name, startMonth: start, endMonth: end, buildings: set, levers: levers, fixedCost: fixed,
                     monthlyCost: monthly)
    }

    private static func checkPhaseNames(_ phases: [Phase], _ nodes: [SourceNode]) throws {
        for (k, phase) in phases.enumerated() where phases[..<k].contains(where: { $0.name == phase.name }) {
            throw ScenarioError(location: nodes[k].location, keyPath: "rollout[\(k)].name", value: phase.name,
                                problem: "phase names must be unique (they name output columns)")
        }
    }

    /// Names become output columns: letters, digits and underscores only.
    private static func checkName(_ name: String, path: String, at location: SourceLocation) throws {
        let ok = !name.isEmpty && name.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "_"
        }
        if !ok {
            throw ScenarioError(location: location, keyPath: path, value: name,
                                problem: "names may use only ASCII letters, digits and underscores")
        }
    }
}
