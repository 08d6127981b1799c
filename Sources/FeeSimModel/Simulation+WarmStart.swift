import GSLKit

// The warm-up once (docs/MODEL.md §1, docs/PERFORMANCE.md "The warm-up once").
//
// Every scenario of a comparison runs the same warm-up on the same random numbers: the warm-up runs today's
// practice with no lever active, so only what the warm-up can see decides its outcome. A replication that has
// finished its warm-up can therefore be *branched*: another scenario's replication with the same index starts
// from a copy of its state and streams instead of drawing the households and stepping the warm-up months again,
// and gives the same numbers to the last bit.
//
// What is copied is found by reflection, not listed: every `FixedBuffer` field of `Simulation` (all household,
// building and community state lives in them) except those the branch's own model decides
// (``Simulation/ownedByModel``), every random stream's generator state, and the few scalar fields in
// ``Simulation/adoptState(of:)``. A test (`WarmStartTests`) reads every stored field by reflection and fails
// when a field is in none of these lists, so new state cannot be forgotten.

extension CompiledModel {
    /// True when replication r of `other` has, after its warm-up, exactly the state and streams of replication r
    /// of this model, so one can start from the other's warm-up (``Simulation/branch(_:)``).
    ///
    /// That holds when both are the reference behaviour model, their scenarios are equal in everything but names,
    /// descriptions, the replication count, the rollout and the levers' parameters (but the limitation period, which a status-quo rung's
    /// written demand uses), and their ladders have the same shape (as many rungs
    /// and capacity slots: the state's layout). The warm-up runs the status-quo ladder and no lever, so what the
    /// levers do and where they run cannot change it; every other input — community, behaviour, the status-quo
    /// ladder, target, pilot, run settings — can, through the setup draws or the warm-up. O(size of the scenario).
    public func sharesWarmUp(with other: CompiledModel) -> Bool {
        guard case .reference = scenario.behaviourModel, case .reference = other.scenario.behaviourModel else {
            return false
        }
        return ladders.rungs.count == other.ladders.rungs.count
            && ladders.capacities.count == other.ladders.capacities.count
            && warmUpScenario == other.warmUpScenario
    }

    /// The scenario as far as the set-up and the warm-up can see it: names, the rollout, the levers and the
    /// replication count blanked (replication r is seeded from the seed and r alone).
    private var warmUpScenario: Scenario {
        var s = scenario
        s.replications = 0
        s.name = ""
        s.description = ""
        s.titles = [:]
        s.rollout = []
        let limitation = s.levers.legal.limitationMonths   // a status-quo rung may be a written demand
        s.levers = Levers()
        s.levers.legal.limitationMonths = limitation
        return s
    }
}

extension Simulation {
    /// Fields that the branch takes from its own model rather than from the warm replication: phase
    /// membership, the record and the month-end scratch sized by the rollout, the ladders' tables (the smart
    /// ladder's rungs are lever parameters) with the capacity heap and the per-rung scratch sized by them, and the
    /// per-segment table that
    /// every month refills.
    static let ownedByModel: Set<String> = [
        "inPhase", "record", "monthRow", "monthPhaseCost", "rungs", "rungOrder", "heap",
        "heapAmount", "segmentMonth", "reachedByRung"
    ]

    /// Fields a replication keeps only when asked (``recordBuildingEvents()``, after the warm-up): a branch starts
    /// without them and is asked again.
    static let keptOnRequest: Set<String> = ["buildingEvents", "contactsSoFar", "reachedSoFar"]

    /// Fields set once from the model, the replication index or the setup draws (equal in a warm replication
    /// and its branch by ``CompiledModel/sharesWarmUp(with:)``, so never copied), and the warm-up flag (off in
    /// both once the warm-up is over).
    static let fixedAtSetUp: Set<String> = [
        "model", "replication", "cycle", "attentionLogit", "absentee",
        "pilotBuildings", "diffStride", "monthlyDue", "streams", "warmingUp"
    ]

    /// Scalar state copied by ``adoptState(of:)``: every stored `var` that the months change.
    static let copiedScalars: Set<String> = [
        "month", "quality", "year", "monthsStepped", "windowRate",
        "lastArrearsStock", "setUpLevers", "monthLevers"
    ]

    /// Replication ``replication`` of `model`, starting from this replication's state after its warm-up: the
    /// same record, to the last bit, as `Simulation(model: model, replication: replication)` would give, without
    /// drawing the households or stepping the warm-up again. This replication is left as it is (branch it again,
    /// or run it). O(N · (state bytes per household)) copying, no draw.
    /// - Precondition: no month has been stepped since the warm-up, and `model.sharesWarmUp(with: self.model)`.
    /// - Throws: ``/GSLKit/GSLError`` if the generator cannot be allocated.
    public func branch(_ model: CompiledModel) throws -> Simulation {
        precondition(month == 0 && !warmingUp, "a replication can only be branched before its month 1")
        precondition(
            model.sharesWarmUp(with: self.model), "\(model.scenario.name) does not share the warm-up of \(self.model.scenario.name)")
        return try Simulation(model: model, replication: replication, warmStart: self)
    }

    /// Copies `warm`'s state after the warm-up into this freshly allocated replication: every ``FixedBuffer``
    /// field but ``ownedByModel``, the streams' generator states and ``copiedScalars``. O(N).
    func adoptState(of warm: Simulation) {
        let theirs = Dictionary(
            uniqueKeysWithValues: Mirror(reflecting: warm).children.compactMap { child in
                child.label.map { ($0, child.value) }
            })
        for child in Mirror(reflecting: self).children {
            guard let label = child.label, !Simulation.ownedByModel.contains(label),
                let buffer = child.value as? any StateBuffer, let source = theirs[label]
            else { continue }
            buffer.copyContents(of: source)
        }
        for (mine, source) in zip(streams, warm.streams) { mine.copyState(from: source) }
        month = warm.month
        quality = warm.quality
        year = warm.year
        monthsStepped = warm.monthsStepped
        windowRate = warm.windowRate
        lastArrearsStock = warm.lastArrearsStock
        setUpLevers = warm.setUpLevers
        monthLevers = warm.monthLevers
    }
}

/// A buffer whose contents can be copied from another of the same type and size (``Simulation/adoptState(of:)``).
protocol StateBuffer: AnyObject {
    func copyContents(of other: Any)
}

extension FixedBuffer: StateBuffer {
    /// Overwrites every element with `other`'s, which must be a buffer of the same element type and count. O(count).
    func copyContents(of other: Any) {
        guard let source = other as? FixedBuffer<Element> else {
            preconditionFailure("cannot copy \(type(of: other)) into FixedBuffer<\(Element.self)>")
        }
        precondition(source.count == count, "buffer sizes differ: \(source.count) and \(count)")
        base.update(from: source.base, count: max(count, 1))
    }
}
