/// One numeric value of a scenario named by its key path, as scenario files spell it
/// (`behaviour.beta_trust`, `levers.dunning.ladder[2].uplift`, `community.segments.owner.propensity.a`), with
/// the declaration it comes from (``ParameterCatalog``).
@dynamicMemberLookup
public struct ParameterPath: @unchecked Sendable {
    /// What the parameter is; its `path` is the full one from the scenario's root.
    public let info: ParameterInfo
    let read: (Scenario) -> Double
    let write: (inout Scenario, Double) -> Void
    /// The distribution a probabilistic comparison draws this parameter from: the declared prior
    /// (`info.prior`) moved so that its median is the value the scenario states (``Prior/centred(on:within:)``);
    /// nil for a setting. Resolved by ``Scenario/parameterPaths``.
    public private(set) var prior: Prior?

    /// `path`, `name`, `meaning`, `unit`, `range`, `source` of ``info`` (its declared `prior` is `info.prior`).
    public subscript<T>(dynamicMember field: KeyPath<ParameterInfo, T>) -> T { info[keyPath: field] }

    /// What values are allowed, in words.
    public var allowed: String { info.range.text }
    public var lower: Double? { info.range.lower }
    public var upper: Double? { info.range.upper }
    public var whole: Bool { info.range.whole }

    /// The value in `scenario`. O(1).
    public func value(in scenario: Scenario) -> Double { read(scenario) }

    /// Sets the value, checking it against the declared range.
    /// - Throws: ``ParameterError`` naming the path, the value and what is allowed.
    public func set(_ value: Double, in scenario: inout Scenario) throws {
        guard info.range.admits(value) else {
            throw ParameterError(message: "\(info.path) = \(value): out of range: must be \(allowed)")
        }
        write(&scenario, value)
    }

    init<Root>(
        _ d: ParameterDeclaration<Root>, prefix: String, _ kp: WritableKeyPath<Scenario, Root>,
        group: InformationGroup? = nil
    ) {
        info = d.info.prefixed(prefix, group: group)
        read = { d.get($0[keyPath: kp]) }
        write = { d.set($1, in: &$0[keyPath: kp]) }
        prior = info.prior
    }

    /// The same parameter with its prior centred on the value `scenario` states. O(1).
    func centred(in scenario: Scenario) -> ParameterPath {
        var out = self
        out.prior = info.prior?.centred(on: read(scenario), within: info.range)
        return out
    }
}

/// A parameter path that does not exist, or a value it does not allow.
public struct ParameterError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

extension Scenario {
    /// The parameter named `name`, or nil. `segments.` is short for `community.segments.`, and a rung may be named
    /// by its name as well as its index (`levers.dunning.ladder[visit].uplift` is `ladder[2]` when the smart
    /// ladder's third rung is `visit`). O(parameters).
    public func parameterPath(named name: String) -> ParameterPath? {
        var wanted = name.hasPrefix("segments.") ? "community." + name : name
        if let indexed = rungIndexed(wanted) { wanted = indexed }
        return parameterPaths.first { $0.path == wanted }
    }

    /// `status_quo_dunning.ladder[call].…` / `levers.dunning.ladder[visit].…` with the rung's index in place of its
    /// name; nil when `path` names no rung by name. O(rungs).
    func rungIndexed(_ path: String) -> String? {
        for (prefix, ladder) in [("status_quo_dunning.ladder[", statusQuoDunning), ("levers.dunning.ladder[", levers.dunning)]
        where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            guard let close = rest.firstIndex(of: "]") else { return nil }
            let key = String(rest[..<close])
            guard Int(key) == nil, let k = ladder.rungs.firstIndex(where: { $0.name == key }) else { return nil }
            return "\(prefix)\(k)\(rest[close...])"
        }
        return nil
    }

    /// The parameter named `name`: the one resolver every file, option, study and experiment uses.
    /// - Throws: ``ParameterError`` naming the five nearest valid paths (none for a name over 256 characters:
    ///   the edit distance is quadratic in its length). O(parameters · |name|²) on failure.
    public func resolveParameter(_ name: String) throws -> ParameterPath {
        if let hit = parameterPath(named: name) { return hit }
        guard name.count <= 256 else {
            throw ParameterError(
                message: "unknown parameter path '\(name.prefix(60))…' (\(name.count) characters; paths are "
                    + "at most 256). (`feesim paths SCENARIO` lists them all.)")
        }
        let wanted = name.hasPrefix("segments.") ? "community." + name : name
        let scored: [(path: String, distance: Int)] = parameterPaths.map { ($0.path, editDistance(wanted, $0.path)) }
        let sorted = scored.sorted { a, b in a.distance != b.distance ? a.distance < b.distance : a.path < b.path }
        throw ParameterError(
            message: "unknown parameter path '\(name)'. Nearest valid paths: "
                + sorted.prefix(5).map(\.path).joined(separator: ", ") + ". (`feesim paths SCENARIO` lists them all.)")
    }

    /// Every numeric parameter of this scenario, in scenario-file order: the declared scalars, each segment's
    /// fields, each ladder's reminder and rungs, and each rollout phase's costs and months. O(parameters).
    public var parameterPaths: [ParameterPath] {
        var out = ParameterCatalog.scalars.map { ParameterPath($0, prefix: "", \Scenario.self) }
        out += ParameterCatalog.communityStructure.map { ParameterPath($0, prefix: "community", \Scenario.community) }
        // Segments sit after the community's scalars in files; order here only matters for listings.
        for k in community.segments.indices {
            let prefix = "community.segments.\(community.segments[k].name)"
            out += (ParameterCatalog.segmentFields + ParameterCatalog.segmentStructure)
                .map { ParameterPath($0, prefix: prefix, \Scenario.community.segments[k]) }
        }
        func ladder(_ name: String, _ kp: WritableKeyPath<Scenario, Ladder>, _ ladder: Ladder, group: InformationGroup?) {
            if ladder.preDueReminder != nil {
                out += ParameterCatalog.reminderFields.map {
                    ParameterPath($0, prefix: "\(name).pre_due_reminder", kp.appending(path: \Ladder.preDueReminder!), group: group)
                }
            }
            for r in ladder.rungs.indices {
                out += ParameterCatalog.rungFields.map {
                    ParameterPath($0, prefix: "\(name).ladder[\(r)]", kp.appending(path: \Ladder.rungs[r]), group: group)
                }
            }
        }
        ladder("status_quo_dunning", \.statusQuoDunning, statusQuoDunning, group: nil)   // today's practice: not a lever
        ladder("levers.dunning", \.levers.dunning, levers.dunning, group: .dunning)
        for k in rollout.indices {
            out += ParameterCatalog.phaseFields
                .filter { $0.path != "end_month" || rollout[k].endMonth != nil }   // an open-ended phase has none
                .map { ParameterPath($0, prefix: "rollout[\(k)]", \Scenario.rollout[k]) }
        }
        if case .count = pilot {
            out += ParameterCatalog.pilotFields.map { ParameterPath($0, prefix: "pilot", \Scenario.pilot) }
        }
        return out.map { $0.centred(in: self) }
    }
}

extension ParameterCatalog {
    /// The pilot's size (`pilot.buildings`), when the pilot is a number of buildings drawn at random.
    public static let pilotFields: [ParameterDeclaration<Pilot>] = [
        ParameterDeclaration<Pilot>(
            "buildings", "Pilot buildings", zh: "试点楼栋数", "buildings drawn at random for the pilot phase",
            unit: "buildings", .whole(0, 50_000_000), prior: nil, source: "a choice of the plan (§8)",
            int: \.count)
    ]

    typealias P = ParameterDeclaration<Phase>
    /// Numeric fields of a rollout phase (`rollout[k].…`): sweepable start month and costs.
    public static let phaseFields: [ParameterDeclaration<Phase>] = [
        P(
            "start_month", "Phase start", zh: "阶段开始月", "first month of the phase", unit: "month", .whole(1, 1200), prior: nil,
            source: "the plan §8", int: \.startMonth),
        P(
            "end_month", "Phase end", zh: "阶段结束月", "last month of the phase (a phase written without one runs to the horizon)",
            unit: "month", .whole(1, 1200), prior: nil, source: "the plan §8", int: \.endMonthValue),
        P(
            "fixed_cost", "One-off cost", zh: "一次性成本", "charged in the phase's first month (training, set-up)", unit: "yuan", .money,
            prior: nil, source: "a choice of the plan", \.fixedCost),
        P(
            "monthly_cost", "Monthly cost", zh: "每月成本", "charged in every month of the phase", unit: "yuan", .money, prior: nil,
            source: "a choice of the plan", \.monthlyCost)
    ]
}
