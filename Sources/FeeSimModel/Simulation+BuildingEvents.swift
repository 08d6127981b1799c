/// The counts a pilot's evaluator keeps per building and month (docs/MODEL.md §4, "Pilot records"): what
/// ``Simulation/recordBuildingEvents()`` makes a replication record beside its monthly record. Each is a count of
/// events in the building in the month; contacts are also counted per contact column of the monthly record
/// (``BuildingEvents/contactColumns``).
public enum BuildingEvent: Int, CaseIterable, Sendable {
    /// Dunning contacts attempted (every rung of either ladder, pre-due reminders excluded), as `contacts`.
    case contacts
    /// Of those, contacts that reached the household, as `contacts_reached`.
    case contactsReached
    /// Instalment plans started, as `new_enrolments`.
    case plansStarted
    /// Instalment plans that defaulted, as `plan_defaults`.
    case plansDefaulted
    /// Grievances resolved by the owners' committee's mediation (co-governance).
    case mediations
    /// Collective dispute episodes ended by mediation (0 or 1 a month).
    case episodesMediated
    /// Lawsuits filed, as `legal_filings`.
    case lawsuits
    /// Lawsuits settled before judgment, as `legal_settlements`.
    case settlements

    /// The column name in pilot files (docs/DATA.md, pilot CSV).
    public var key: String {
        switch self {
        case .contacts: "contacts"
        case .contactsReached: "contacts_reached"
        case .plansStarted: "plans_started"
        case .plansDefaulted: "plans_defaulted"
        case .mediations: "mediations"
        case .episodesMediated: "episodes_mediated"
        case .lawsuits: "lawsuits"
        case .settlements: "settlements"
        }
    }
}

/// Per building and month, the counts of ``BuildingEvent``, the contacts per contact column and the contacts that
/// reached the household per rung, months 1 … T. Layout: `counts[((t − 1) · B + b) · width + f]`, f a
/// ``BuildingEvent`` raw value, or `BuildingEvent.allCases.count + j` for contact column j, or that plus
/// `contactColumns.count + r` for rung r's reached contacts. Memory: T · B · width · 4 bytes.
public struct BuildingEvents: Sendable, Equatable {
    public let months: Int
    public let buildings: Int
    /// The contact columns' names, as in the monthly record ("contacts_status_quo_sms", …, pre-due reminders too).
    public let contactColumns: [String]
    /// One per rung of either ladder, global rung order: "reached_status_quo_sms", … (its contact column's name with
    /// `reached_` for `contacts_`).
    public let reachedColumns: [String]
    public internal(set) var counts: [Int32]
    public var width: Int { BuildingEvent.allCases.count + contactColumns.count + reachedColumns.count }

    init(months: Int, buildings: Int, contactColumns: [String], reachedColumns: [String]) {
        (self.months, self.buildings, self.contactColumns) = (months, buildings, contactColumns)
        self.reachedColumns = reachedColumns
        counts = [Int32](
            repeating: 0,
            count: months * buildings * (BuildingEvent.allCases.count + contactColumns.count + reachedColumns.count))
    }

    /// Contacts on rung r (global index, an index into ``reachedColumns``) that reached the household, in building b
    /// in month t. O(1).
    public func reached(rung r: Int, building b: Int, month t: Int) -> Int {
        Int(counts[((t - 1) * buildings + b) * width + BuildingEvent.allCases.count + contactColumns.count + r])
    }

    /// The contact and reached columns a replication of `model` records: the monthly record's contact columns, and
    /// for each rung of either ladder its column's name with `reached_` for `contacts_`.
    public static func columns(of model: CompiledModel) -> (contacts: [String], reached: [String]) {
        let layout = model.layout
        return (
            Array(layout.names[layout.contactsOffset..<layout.phaseCostOffset]),
            model.ladders.rungs.map { "reached_" + layout.names[Int($0.column)].dropFirst("contacts_".count) }
        )
    }

    /// The count of `event` in building b (0-based) in month t (1-based). O(1).
    public func count(_ event: BuildingEvent, building b: Int, month t: Int) -> Int {
        Int(counts[((t - 1) * buildings + b) * width + event.rawValue])
    }

    /// Contacts on contact column j (an index into ``contactColumns``) in building b in month t. O(1).
    public func contacts(column j: Int, building b: Int, month t: Int) -> Int {
        Int(counts[((t - 1) * buildings + b) * width + BuildingEvent.allCases.count + j])
    }
}

extension Simulation {
    /// Makes this replication keep ``buildingEvents`` from its next month on (call before ``run()``; the warm-up
    /// is never recorded). O(T · B · width) memory, allocated once; the step adds O(width) work per building.
    public func recordBuildingEvents() {
        let (columns, reached) = BuildingEvents.columns(of: model)
        buildingEvents = BuildingEvents(
            months: model.months, buildings: model.buildings, contactColumns: columns, reachedColumns: reached)
        contactsSoFar = [Double](repeating: 0, count: columns.count)
        reachedSoFar = [Int32](repeating: 0, count: reached.count)
    }

    /// Building b's fees for one month, yuan (Σ of its households' monthly fees).
    public func monthlyFees(ofBuilding b: Int) -> Double { buildingDue[b] }

    /// What building b has collected so far (by the end of the last month simulated) for its fees of fee-month u,
    /// yuan, u in 1 … the last month simulated. O(u).
    public func collected(ofBuilding b: Int, feeMonth u: Int) -> Double {
        precondition(u >= 1 && u <= month, "fee-month \(u) is outside 1…\(month)")
        var running = 0.0
        for v in 1...u { running += buildingDiff[b * diffStride + v] }
        return running
    }

    /// Adds one building's counts for steps 1–6 of month t (when recording).
    @inline(__always)
    func recordStepsOneToSix(building b: Int, starts: Int, defaults: Int, mediations: Int32) {
        guard buildingEvents != nil, !warmingUp else { return }
        let base = ((month - 1) * model.buildings + b) * buildingEvents!.width
        buildingEvents!.counts[base + BuildingEvent.plansStarted.rawValue] += Int32(starts)
        buildingEvents!.counts[base + BuildingEvent.plansDefaulted.rawValue] += Int32(defaults)
        buildingEvents!.counts[base + BuildingEvent.mediations.rawValue] += mediations
    }

    /// Adds one building's counts for steps 7–12 of month t (when recording): the contact columns of `row` (the
    /// month row so far) less ``contactsSoFar`` (their totals before this building) are the building's contacts.
    @inline(__always)
    func recordStepsSevenToTwelve(
        building b: Int, reached: Int, lawsuits: Int32, settlements: Int, episodeMediated: Bool,
        row: UnsafeMutablePointer<Double>
    ) {
        guard buildingEvents != nil, !warmingUp else { return }
        if b == 0 {
            for j in contactsSoFar.indices { contactsSoFar[j] = 0 }
            for r in reachedSoFar.indices { reachedSoFar[r] = 0 }
        }
        let width = buildingEvents!.width, fixed = BuildingEvent.allCases.count
        let base = ((month - 1) * model.buildings + b) * width
        let offset = model.layout.contactsOffset
        let preDue = model.ladders.preDueColumn
        let columns = buildingEvents!.contactColumns.count
        for r in reachedSoFar.indices {
            buildingEvents!.counts[base + fixed + columns + r] = reachedByRung[r] - reachedSoFar[r]
            reachedSoFar[r] = reachedByRung[r]
        }
        var contacts: Int32 = 0
        for j in 0..<columns {
            let n = Int32(row[offset + j] - contactsSoFar[j])
            contactsSoFar[j] = row[offset + j]
            buildingEvents!.counts[base + fixed + j] = n
            if !preDue.contains(Int32(offset + j)) { contacts += n }
        }
        buildingEvents!.counts[base + BuildingEvent.contacts.rawValue] = contacts
        buildingEvents!.counts[base + BuildingEvent.contactsReached.rawValue] = Int32(reached)
        buildingEvents!.counts[base + BuildingEvent.lawsuits.rawValue] = lawsuits
        buildingEvents!.counts[base + BuildingEvent.settlements.rawValue] = Int32(settlements)
        buildingEvents!.counts[base + BuildingEvent.episodesMediated.rawValue] = episodeMediated ? 1 : 0
    }
}
