import FeeSimModel
import Foundation

/// The value of information of a probabilistic comparison's choice (Strong, Oakley & Brennan 2014): what knowing
/// every parameter (EVPI) or one group of them (EVPPI) before choosing would be worth, in yuan over the horizon for
/// the community. Computed once, here; every report reads it.
public struct ValueOfInformation: Sendable, Equatable {
    /// An EVPPI estimate: the group or parameter path, its value (yuan), its bootstrap standard error, and its
    /// null floor — the mean and 95th percentile of the same estimator on inputs shuffled so they carry nothing
    /// (``DecisionAnalysis/evppiNullFloor(netBenefit:inputs:permutations:seed:)``).
    public struct Estimate: Sendable, Equatable {
        public let name: String
        public let value: Double
        public let standardError: Double
        public let nullFloor: Double
        public let nullFloorHigh: Double
        /// Whether the estimate stands above its null floor's 95th percentile.
        public var isAboveNullFloor: Bool { value > nullFloorHigh }
    }

    /// EVPI of the whole choice among the strategies, yuan.
    public let evpi: Double
    /// EVPI's Monte Carlo standard error over the parameter sets, yuan
    /// (``DecisionAnalysis/evpiStandardError(_:)``: the delta method over each set's regret).
    public let evpiStandardError: Double
    /// EVPI of each strategy's own choice against the status quo (adopt it or not), baseline first (0), yuan.
    public let pairwiseEVPI: [Double]
    /// Each pairwise EVPI's Monte Carlo standard error, yuan (baseline first: 0).
    public let pairwiseStandardError: [Double]
    /// The decision the EVPPI ranking is for: nil = the whole choice; k = adopting strategy k or not (used when
    /// the whole choice has little value of information — under 10% of the most uncertain single choice's —
    /// because the same strategy is best in nearly every parameter set).
    public let decision: Int?
    /// EVPPI by ``/FeeSimModel/InformationGroup`` (its English name) and by single parameter, largest first.
    public let groups: [Estimate]
    public let singles: [Estimate]

    /// The EVPI of the decision the ranking is for: an EVPPI estimate above it (by more than 5%) is noise.
    public var bound: Double { decision.map { pairwiseEVPI[$0] } ?? evpi }

    /// Whether an EVPPI estimate is clearly above its error, above its null floor and not above ``bound``: only
    /// such an estimate may become advice ("measure this first").
    public func isClear(_ e: Estimate) -> Bool {
        e.value > 2 * e.standardError && e.value > 0 && e.isAboveNullFloor && e.value <= bound * 1.05
    }

    /// Computes EVPI, each strategy's pairwise EVPI and the EVPPI of every group and parameter (bootstrap with
    /// `resamples`); `groups` gives each of `sets.parameters`' declared group. Throws ``ShardError`` when `sets` is
    /// one shard's, not the whole design's.
    /// - Complexity: O((groups + parameters) · sets · resamples · strategies).
    public init(_ sets: ProbabilisticComparison.Result, groups parameterGroups: [InformationGroup], resamples: Int = 200) throws {
        guard sets.isComplete else {
            throw ShardError(
                message: "the probabilistic comparison holds \(sets.sets.count) of its \(sets.totalSets) "
                    + "parameter sets: merge every shard before reporting")
        }
        let whole = sets.netBenefit
        let wholeEVPI = DecisionAnalysis.evpi(whole)
        let pairwise = sets.strategies.indices.map { s in DecisionAnalysis.evpi(whole.map { [0, $0[s]] }) }
        evpi = wholeEVPI
        evpiStandardError = DecisionAnalysis.evpiStandardError(whole)
        pairwiseEVPI = pairwise
        pairwiseStandardError = sets.strategies.indices.map { s in
            DecisionAnalysis.evpiStandardError(whole.map { [0, $0[s]] })
        }
        var chosen: Int?
        if let k = pairwise.indices.dropFirst().max(by: { pairwise[$0] < pairwise[$1] }), pairwise[k] > 0,
            wholeEVPI < 0.1 * pairwise[k]
        {
            chosen = k
        }
        decision = chosen
        let nb = chosen.map { k in whole.map { [0, $0[k]] } } ?? whole
        precondition(parameterGroups.count == sets.parameters.count)
        var groupsInOrder: [InformationGroup] = []
        for g in parameterGroups where !groupsInOrder.contains(g) { groupsInOrder.append(g) }
        groups = try groupsInOrder.map { g in
            let columns = sets.parameters.indices.filter { parameterGroups[$0] == g }
            let inputs = sets.draws.map { row in columns.map { row[$0] } }
            let e = try DecisionAnalysis.evppi(netBenefit: nb, inputs: inputs, resamples: resamples)
            let floor = try DecisionAnalysis.evppiNullFloor(netBenefit: nb, inputs: inputs)
            return Estimate(
                name: g.name, value: e.value, standardError: e.standardError, nullFloor: floor.mean,
                nullFloorHigh: floor.p95)
        }.sorted { $0.value > $1.value }
        singles = try sets.parameters.indices.map { k in
            let inputs = sets.draws.map { [$0[k]] }
            let e = try DecisionAnalysis.evppi(netBenefit: nb, inputs: inputs, resamples: resamples)
            let floor = try DecisionAnalysis.evppiNullFloor(netBenefit: nb, inputs: inputs)
            return Estimate(
                name: sets.parameters[k], value: e.value, standardError: e.standardError, nullFloor: floor.mean,
                nullFloorHigh: floor.p95)
        }.sorted { $0.value > $1.value }
    }
}
