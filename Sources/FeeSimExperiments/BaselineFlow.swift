import FeeSimModel
import Foundation

/// What the comparison keeps of each replication of the baseline: month-by-month cash and cost.
struct BaselineFlow: Sendable {
    var cashIn: [Double]
    var cost: [Double]
    var paid: Double
    var recovered: Double
    var leverCost: [Double]
    /// Overdue fees owed at the horizon's end, yuan.
    var arrearsFinal: Double
}
