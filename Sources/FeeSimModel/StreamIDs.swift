/// Every random stream id FeeSim seeds, in one place, so that no two uses share one. A generator is seeded
/// from (master seed, replication or set, stream id) by ``SeedSequence``; a replication's household streams use
/// ``RandomStreamID``'s raw values (0…13). A test checks that no two ids here, nor those, coincide.
public enum StreamIDs {
    /// Latin-hypercube shuffles of a study's design (sweeps, robust worlds, probabilistic comparisons): (seed, 0, this).
    public static let latinHypercube: UInt64 = 99
    /// Morris trajectories: (seed, 0, this).
    public static let morrisDesign: UInt64 = 77
    /// Bootstrap of Morris elementary effects: (seed, 0, this).
    public static let morrisBootstrap: UInt64 = 78
    /// Bootstrap of Sobol indices: (seed, 0, this).
    public static let sobolBootstrap: UInt64 = 79
    /// The Zaklan model's set-up, spin updates and audits: (seed, replication, this).
    public static let zaklanSetup: UInt64 = 200
    public static let zaklanUpdate: UInt64 = 201
    public static let zaklanAudit: UInt64 = 202
    /// Seeds of a probabilistic comparison's parameter set j: (seed, j, this).
    public static let uncertaintySet: UInt64 = 300
    /// Bootstrap resamples of value-of-information estimates.
    public static let bootstrap: UInt64 = 301
    /// The Latin hypercube of a pilot's prior-to-posterior narrowing: (seed, 0, this).
    public static let pilotPriorDraws: UInt64 = 302
    /// A posterior calibration's proposals: wave w's draws from (seed, w, this).
    public static let posteriorProposal: UInt64 = 303
    /// A posterior calibration's Metropolis–Hastings acceptances: wave w's from (seed, w, this).
    public static let posteriorAcceptance: UInt64 = 306
    /// Simulation-based calibration: trial k's true parameters and measurement noise, (seed, k, this).
    public static let calibrationCheck: UInt64 = 304
    /// Simulation-based calibration: the master seed of trial k's "observed" history, (seed, k, this).
    public static let calibrationCheckHistory: UInt64 = 305
    /// A simulated pilot's choice of k treated and k control buildings: (seed, replication, this + k), k ≥ 1.
    public static let pilotBuildings: UInt64 = 1000

    /// Every fixed id above, with its name (the pilot's are a range from ``pilotBuildings``).
    public static let all: [(String, UInt64)] = [
        ("latinHypercube", latinHypercube), ("morrisDesign", morrisDesign), ("morrisBootstrap", morrisBootstrap),
        ("sobolBootstrap", sobolBootstrap), ("zaklanSetup", zaklanSetup), ("zaklanUpdate", zaklanUpdate),
        ("zaklanAudit", zaklanAudit), ("uncertaintySet", uncertaintySet), ("bootstrap", bootstrap),
        ("pilotPriorDraws", pilotPriorDraws), ("posteriorProposal", posteriorProposal), ("posteriorAcceptance", posteriorAcceptance),
        ("calibrationCheck", calibrationCheck), ("calibrationCheckHistory", calibrationCheckHistory),
        ("pilotBuildings", pilotBuildings),
    ]
}
