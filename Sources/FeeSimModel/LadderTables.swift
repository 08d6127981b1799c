import Foundation

/// Both dunning ladders prepared for the monthly loop. Global rung indices count the status-quo ladder's rungs
/// first; each household keeps an attempt count and last-attempt month per global rung.
public struct LadderTables: Sendable {
    /// Every rung, status-quo ladder first.
    public internal(set) var rungs: [RungData] = []
    /// Per ladder (0 status quo, 1 smart): its global rung indices, highest trigger first (ties: listed first).
    var order: [[Int32]] = [[], []]
    /// Per ladder: pre-due reminder uplift, cost and contact column (column −1 = no reminder).
    var preDueUplift: [Double] = [0, 0]
    var preDueCost: [Double] = [0, 0]
    var preDueColumn: [Int32] = [-1, -1]
    /// Monthly capacity of each capacity slot (rungs with `capacity_per_month`, then the legal lever's filings).
    public internal(set) var capacities: [Int] = []
    /// The capacity slot of lawsuit filings.
    var legalSlot = 0
    /// Per ladder: its global rung indices are ladderStart[l] ..< ladderStart[l + 1].
    var ladderStart: [Int] = [0, 0, 0]
    /// Per ladder: the month of the year of its drive (attempt counts restart), 0 = none.
    var driveMonth: [Int] = [0, 0]

    init(statusQuo: Ladder, smart: Ladder, firstColumn: Int, legalCapacity: Int) {
        var column = firstColumn
        for (l, ladder) in [statusQuo, smart].enumerated() {
            let offset = rungs.count
            for rung in ladder.rungs {
                var slot: Int32 = -1
                if let cap = rung.capacityPerMonth {
                    slot = Int32(capacities.count)
                    capacities.append(cap)
                }
                rungs.append(
                    RungData(
                        delivery: rung.deliveryProbability, uplift: rung.uplift,
                        deterrence: rung.deterrence, cost: rung.costPerAttempt,
                        keepTrust: 1 - rung.trustPenalty, minAge: Int32(rung.minArrearsMonths),
                        every: Int32(rung.everyMonths), maxAttempts: Int32(rung.maxAttempts),
                        column: Int32(column), slot: slot, inPerson: rung.inPerson,
                        written: rung.writtenDemand))
                column += 1
            }
            if let reminder = ladder.preDueReminder {
                preDueUplift[l] = reminder.uplift
                preDueCost[l] = reminder.cost
                preDueColumn[l] = Int32(column)
                column += 1
            }
            ladderStart[l + 1] = rungs.count
            driveMonth[l] = ladder.driveMonth
            order[l] = ladder.rungs.indices.sorted { a, b in
                ladder.rungs[a].minArrearsMonths != ladder.rungs[b].minArrearsMonths
                    ? ladder.rungs[a].minArrearsMonths > ladder.rungs[b].minArrearsMonths : a < b
            }.map { Int32(offset + $0) }
        }
        legalSlot = capacities.count
        capacities.append(legalCapacity)
    }
}
