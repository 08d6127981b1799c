import Foundation

/// The random streams of one replication (docs/MODEL.md §5). Each monthly stream draws exactly one uniform
/// number per household per month, needed or not, so that scenarios compared on the same replication see the
/// same luck for each household (common random numbers).
public enum RandomStreamID: Int, CaseIterable, Sendable {
    case setup, hardship, grievance, transparencyReach, enrolment, contactDelivery, willingness, ability, attention
    case repayment, legal, dispute, episode, building

    /// The streams that draw one uniform per household every month (all but setup and the building stream, which
    /// draws one per building).
    public static let monthly: [RandomStreamID] = allCases.filter { $0 != .setup && $0 != .building }
}
