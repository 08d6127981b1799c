import GSLKit

/// Every random stream id FeeSim's studies and the Zaklan model seed, in one place, so that no two uses share
/// one. A generator is seeded from (master seed, replication or set, stream id) by ``/GSLKit/SeedSequence``, and
/// FeeSim names its stream only through `SeedSequence.seed(master:replication:stream:offset:)` (a study's stream,
/// below) or `SeedSequence.seed(master:replication:household:)` (a replication's household streams, the raw values
/// 0…13 of ``RandomStreamID``). The compiler keeps these ids distinct; a test checks that they stay clear of the
/// household streams and that no source file seeds a stream by a bare number.
public enum StreamIDs: UInt64, CaseIterable, Sendable {
    /// Latin-hypercube shuffles of a study's design (sweeps, robust worlds, probabilistic comparisons): (seed, 0, this).
    case latinHypercube = 99
    /// Morris trajectories: (seed, 0, this).
    case morrisDesign = 77
    /// Bootstrap of Morris elementary effects: (seed, 0, this).
    case morrisBootstrap = 78
    /// Bootstrap of Sobol indices: (seed, 0, this).
    case sobolBootstrap = 79
    /// The Zaklan model's set-up: (seed, replication, this).
    case zaklanSetup = 200
    /// The Zaklan model's spin updates: (seed, replication, this).
    case zaklanUpdate = 201
    /// The Zaklan model's audits: (seed, replication, this).
    case zaklanAudit = 202
    /// Seeds of a probabilistic comparison's parameter set j: (seed, j, this).
    case uncertaintySet = 300
    /// Bootstrap resamples of value-of-information estimates.
    case bootstrap = 301
    /// The Latin hypercube of a pilot's prior-to-posterior narrowing: (seed, 0, this).
    case pilotPriorDraws = 302
    /// A posterior calibration's proposals: wave w's draws from (seed, w, this).
    case posteriorProposal = 303
    /// Simulation-based calibration: trial k's true parameters and measurement noise, (seed, k, this).
    case calibrationCheck = 304
    /// Simulation-based calibration: the master seed of trial k's "observed" history, (seed, k, this).
    case calibrationCheckHistory = 305
    /// A posterior calibration's Metropolis–Hastings acceptances: wave w's from (seed, w, this).
    case posteriorAcceptance = 306
    /// The permutations behind a value-of-information estimate's null floor: (seed, 0, this).
    case valueOfInformationNullFloor = 307
    /// A probabilistic comparison's stratified resampling of a posterior sample's particles: (seed, 0, this).
    case posteriorDraws = 308
    /// A pilot update's first population: the earlier posterior's particles resampled, (seed, 0, this), and the
    /// piloted levers' effects drawn from their priors, (seed, 1, this).
    case pilotUpdateStart = 309
    /// The master seed of `feesim pilot-records`' simulated pilot when none is given: (scenario seed, 0, this).
    case pilotRecords = 310
    /// A simulated pilot's choice of k treated and k control buildings: (seed, replication, this + k), k ≥ 1. The
    /// only stream with an offset: every id above this one is the pilots'.
    case pilotBuildings = 1000

    /// Whether the stream's id is the first of an open range (this + k, k ≥ 0) rather than a single id.
    public var isRange: Bool { self == .pilotBuildings }
}

extension SeedSequence {
    /// The seed of the study stream `stream` (plus `offset`, for ``StreamIDs/pilotBuildings`` only) in
    /// replication or set `replication` under `master`. O(1).
    @inlinable
    public static func seed(master: UInt64, replication: UInt64, stream: StreamIDs, offset: UInt64 = 0) -> UInt64 {
        precondition(offset == 0 || stream.isRange, "only a range stream takes an offset")
        return seed(master: master, replication: replication, stream: stream.rawValue + offset)
    }

    /// The seed of the household stream `household` in replication `replication` under `master`. O(1).
    @inlinable
    public static func seed(master: UInt64, replication: UInt64, household: RandomStreamID) -> UInt64 {
        seed(master: master, replication: replication, stream: UInt64(household.rawValue))
    }
}
