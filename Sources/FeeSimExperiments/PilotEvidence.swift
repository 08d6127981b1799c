import FeeSimModel
import FeeSimScenario
import Foundation

/// What a pilot's records say, as the figures `feesim update` fits (docs/CALIBRATION.md, "Learning from a pilot"):
/// the same function of the observed records and of every simulated pilot, so the two are compared like for like.
public enum PilotEvidence {
    /// One figure of a pilot: its name, its value and its measurement uncertainty (sd, in its units).
    public struct Figure: Sendable, Equatable {
        public let name: String
        public let value: Double
        public let sd: Double
    }

    /// The figures of `records`, over the pilot's months, in this order (each only when its columns are recorded):
    /// - `collection_rate_treated`, `collection_rate_control`: Σ collected ÷ Σ billed over the arm's rows (sd 0.01:
    ///   the data date and partial payments make a ledger's rate uncertain by about a point);
    /// - `contacts_per_household_treated`: contacts ÷ household-months (sd 10% of the observed value, at least 0.01);
    /// - per rung whose contacts and reached contacts the file keeps and the treated buildings used,
    ///   `reach_share_treated_<ladder>_<rung>`: reached ÷ contacts on that rung (sd 0.02) — its delivery; without
    ///   per-rung columns, `reach_share_treated` over every rung (sd 0.02);
    /// - per 1,000 household-months in the treated arm: `plans_started`, `plans_defaulted`, `mediations`, `lawsuits`,
    ///   `settlements`; per 100 building-months: `episodes_mediated` (sd 10% of the observed value, at least 0.5).
    /// A figure with no denominator is 0. `sdFrom` supplies the sds' scale (the observed records' figures; nil:
    /// these records are the observed ones).
    public static func figures(_ records: PilotRecords, sdFrom observed: [Figure]? = nil) -> [Figure] {
        var out: [Figure] = []
        func add(_ name: String, _ value: Double, sd: (Double) -> Double) {
            let reference = observed?.first(where: { $0.name == name })?.value ?? value
            out.append(Figure(name: name, value: value, sd: sd(reference)))
        }
        func rows(_ arm: PilotRecords.Arm) -> [PilotRecords.Row] { records.rows.filter { $0.arm == arm } }
        func rate(_ arm: PilotRecords.Arm) -> Double {
            let r = rows(arm)
            let billed = r.reduce(0) { $0 + $1.billed }
            return billed > 0 ? r.reduce(0) { $0 + $1.collected } / billed : 0
        }
        add("collection_rate_treated", rate(.treated)) { _ in 0.01 }
        add("collection_rate_control", rate(.control)) { _ in 0.01 }
        let treated = rows(.treated)
        let householdMonths = Double(treated.reduce(0) { $0 + $1.households })
        let buildingMonths = Double(treated.count)
        func total(_ e: BuildingEvent) -> Double? {
            records.events.firstIndex(of: e).map { j in Double(treated.reduce(0) { $0 + $1.counts[j] }) }
        }
        func share(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
        // Per rung, where the file keeps both its contacts and those that reached: the share that reached (the
        // rung's delivery); otherwise the share over every rung.
        let fixed = records.events.count, columns = records.contactColumns.count
        let rungs: [(name: String, contacts: Int, reached: Int)] = records.reachedColumns.enumerated().compactMap { r, name in
            let rung = name.dropFirst("reached_".count)
            return records.contactColumns.firstIndex(of: "contacts_" + rung).map { (String(rung), fixed + $0, fixed + columns + r) }
        }
        if let contacts = total(.contacts) {
            add("contacts_per_household_treated", share(contacts, householdMonths)) { max(0.01, 0.1 * $0) }
            if rungs.isEmpty, let reached = total(.contactsReached) {
                add("reach_share_treated", share(reached, contacts)) { _ in 0.02 }
            }
        }
        for rung in rungs {
            let contacts = Double(treated.reduce(0) { $0 + $1.counts[rung.contacts] })
            // A rung the treated buildings never used (today's ladder, there) says nothing about delivery.
            guard observed?.first(where: { $0.name == "reach_share_treated_\(rung.name)" }) != nil || (observed == nil && contacts > 0)
            else { continue }
            add("reach_share_treated_\(rung.name)", share(Double(treated.reduce(0) { $0 + $1.counts[rung.reached] }), contacts)) {
                _ in 0.02
            }
        }
        for e in [BuildingEvent.plansStarted, .plansDefaulted, .mediations, .lawsuits, .settlements] {
            if let n = total(e) { add("\(e.key)_per_1000_household_months", 1000 * share(n, householdMonths)) { max(0.5, 0.1 * $0) } }
        }
        if let n = total(.episodesMediated) {
            add("episodes_mediated_per_100_building_months", 100 * share(n, buildingMonths)) { max(0.5, 0.1 * $0) }
        }
        return out
    }

    /// The records a replication keeps of a pilot: for each building of `treated` and `control` (1-based) and each
    /// month of `months`, the fees billed, what of them was collected by the end of the last month simulated, and the
    /// month's counts. `simulation` must have run with ``/FeeSimModel/Simulation/recordBuildingEvents()`` through
    /// `months.upperBound`. O((treated + control) · months · (months + columns)).
    public static func records(
        of simulation: Simulation, treated: [Int], control: [Int], months: ClosedRange<Int>, notes: [String] = []
    ) -> PilotRecords {
        guard let events = simulation.buildingEvents else {
            preconditionFailure("the simulation did not record building events")
        }
        var rows: [PilotRecords.Row] = []
        for (arm, buildings) in [(PilotRecords.Arm.treated, treated), (.control, control)] {
            for b in buildings {
                let households = simulation.model.buildingStart[b] - simulation.model.buildingStart[b - 1]
                for t in months {
                    let counts =
                        BuildingEvent.allCases.map { events.count($0, building: b - 1, month: t) }
                        + events.contactColumns.indices.map { events.contacts(column: $0, building: b - 1, month: t) }
                        + events.reachedColumns.indices.map { events.reached(rung: $0, building: b - 1, month: t) }
                    rows.append(
                        PilotRecords.Row(
                            building: b, month: t, arm: arm, households: households,
                            billed: simulation.monthlyFees(ofBuilding: b - 1),
                            collected: simulation.collected(ofBuilding: b - 1, feeMonth: t), counts: counts))
                }
            }
        }
        return PilotRecords(
            events: BuildingEvent.allCases, contactColumns: events.contactColumns, reachedColumns: events.reachedColumns,
            rows: rows, notes: notes)
    }

    /// The records `recorded` keeps, restricted to the columns `observed` has (so simulated and observed figures
    /// come from the same columns).
    public static func restricted(_ recorded: PilotRecords, to observed: PilotRecords) -> PilotRecords {
        let eventIndex = observed.events.map { e in BuildingEvent.allCases.firstIndex(of: e)! }
        let fixed = BuildingEvent.allCases.count
        let contactIndex = observed.contactColumns.map { recorded.contactColumns.firstIndex(of: $0).map { fixed + $0 } }
        let reachedIndex = observed.reachedColumns.map {
            recorded.reachedColumns.firstIndex(of: $0).map { fixed + recorded.contactColumns.count + $0 }
        }
        let rows = recorded.rows.map { r in
            PilotRecords.Row(
                building: r.building, month: r.month, arm: r.arm, households: r.households, billed: r.billed,
                collected: r.collected,
                counts: eventIndex.map { r.counts[$0] } + (contactIndex + reachedIndex).map { $0.map { r.counts[$0] } ?? 0 })
        }
        return PilotRecords(
            events: observed.events, contactColumns: observed.contactColumns, reachedColumns: observed.reachedColumns,
            rows: rows)
    }
}
