import Foundation

/// One rung of either ladder, laid out for the monthly loop.
public struct RungData: Sendable, Equatable, BitwiseCopyable {
    var delivery: Double
    var uplift: Double
    var deterrence: Double
    var cost: Double
    /// 1 − trust penalty.
    var keepTrust: Double
    var minAge: Int32
    var every: Int32
    var maxAttempts: Int32
    /// Column of this rung's attempt count in the monthly record.
    var column: Int32
    /// Index of this rung's capacity slot, or −1 when the rung has no monthly capacity.
    var slot: Int32
    var inPerson: Bool
    /// A written demand: interrupts the limitation period when it reaches the household.
    var written: Bool
}
