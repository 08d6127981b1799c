import FeeSimModel
import Foundation

/// The replications of recent comparisons — above all the status quo's — and their warm-ups, kept across
/// comparisons (the workbench's edits of a challenger), so that a comparison runs only what changed. Replication r
/// of a scenario run before (its monthly record, horizon figures and pilot draw) is taken as kept: the status quo
/// across every edit of the challenger, a challenger when an edit is undone or a first answer is refined. Every
/// other strategy starts from a kept warm-up snapshot of replication r (``/FeeSimModel/Simulation/branch(_:)``)
/// when one shares its warm-up (``/FeeSimModel/CompiledModel/sharesWarmUp(with:)``: a lever parameter changed, not
/// the pilot or the world), instead of setting up and warming up again. The answer is the same, to the last bit,
/// as running the comparison afresh (``Comparison/run(baseline:challengers:threads:targets:annualDiscountRate:progress:isCancelled:shareWarmUp:statusQuo:)``).
///
/// Results are keyed by the compiled scenario in full — community (an imported starting state included),
/// behaviour, the status-quo ladder, levers, rollout, target window, seed, months, generator — but not its
/// replication count: replication r is seeded from (seed, r) alone, so a run of 20 replications fills the first 20
/// of a later run of 200. Equality of the whole scenario value is the key, so a changed file (which loads as a
/// different scenario) never hits an old entry. Warm-up snapshots are found by
/// ``/FeeSimModel/CompiledModel/sharesWarmUp(with:)`` against the model that made them. Entries are kept least
/// recently used first in an array (never a dictionary's order), at most ``entries``; replications are looked up
/// by index only.
///
/// Memory is bounded by ``budgetBytes`` over all entries: least recently used entries are dropped to make room,
/// and a replication that still does not fit is not kept (it is run afresh each time). ``snapshotBytes(of:)``
/// states a snapshot's size — for the mixed community (1,200 households) about 0.38 MB, so its 200 replications
/// take about 76 MB —, ``resultBytes(of:)`` a result's (about 0.03 MB there, 6 MB for 200).
public final class StatusQuoCache: @unchecked Sendable {
    /// One scenario's results, or the snapshots of one warm-up.
    private final class Entry {
        /// The scenario, its replication count left out (results), or nil (snapshots).
        let key: Scenario?
        /// The model whose warm-up the snapshots are (snapshots), or nil (results).
        let warmUp: CompiledModel?
        var results: [Int: ReplicationResult] = [:]   // looked up by index only, never iterated
        var snapshots: [Int: Simulation] = [:]   // looked up by index only, never iterated
        var bytes = 0
        init(key: Scenario?, warmUp: CompiledModel?) {
            self.key = key
            self.warmUp = warmUp
        }
    }

    private let lock = NSLock()
    /// Least recently used first.
    private var kept: [Entry] = []
    private var usedBytes = 0
    private var tally = Counts()

    /// The most bytes kept over all entries.
    public let budgetBytes: Int
    /// The most entries (scenarios' results and warm-ups) kept at once, least recently used dropped first.
    public let entries: Int

    /// How often a scenario's replication and a warm-up snapshot were found or had to be run.
    public struct Counts: Sendable, Equatable {
        public var resultHits = 0
        public var resultMisses = 0
        public var snapshotHits = 0
        public var snapshotMisses = 0
        public init(resultHits: Int = 0, resultMisses: Int = 0, snapshotHits: Int = 0, snapshotMisses: Int = 0) {
            self.resultHits = resultHits
            self.resultMisses = resultMisses
            self.snapshotHits = snapshotHits
            self.snapshotMisses = snapshotMisses
        }
    }

    /// A cache of at most `entries` entries (≥ 1; default 8: the status quo's results and warm-up, a few
    /// challengers' results and warm-ups) and about `budgetBytes` (default 256 MiB: for the mixed community at 200
    /// replications, three warm-ups and a dozen scenarios' results).
    public init(budgetBytes: Int = 256 << 20, entries: Int = 8) {
        precondition(entries >= 1 && budgetBytes >= 0, "a cache holds at least one entry and a budget ≥ 0")
        self.budgetBytes = budgetBytes
        self.entries = entries
    }

    /// Lookups so far.
    public var counts: Counts { lock.withLock { tally } }

    /// Bytes kept now, by the estimates ``resultBytes(of:)`` and ``snapshotBytes(of:)``.
    public var bytesKept: Int { lock.withLock { usedBytes } }

    /// About what one kept warm-up snapshot of `model` holds: its household, building and table state
    /// (``WarmStarts/bytes(of:)``), the draw blocks (12 monthly streams × 1,024 doubles, 96 KiB) and 14 generators'
    /// states (mt19937: about 5 KB each). O(1).
    public static func snapshotBytes(of model: CompiledModel) -> Int { WarmStarts.bytes(of: model) + 98_304 + 14 * 5_016 }

    /// About what one kept result of `model` holds: its monthly record (months × columns doubles, and each
    /// building's monthly 收缴率 and fee), its horizon figures and pilot buildings. O(1).
    public static func resultBytes(of model: CompiledModel) -> Int {
        let buildings = model.buildings <= MonthlyRecord.maximumBuildings ? model.buildings : 0
        return 8 * (model.months * (model.layout.count + buildings) + buildings + HorizonMetrics.columnNames.count)
            + 8 * model.buildings + 256
    }

    /// The key of a scenario's results: the scenario with the replication count left out.
    private static func key(of model: CompiledModel) -> Scenario {
        var s = model.scenario
        s.replications = 0
        return s
    }

    /// Replication r of `model` as kept, or nil. Marks its entry most recently used and counts the
    /// lookup. O(entries · size of the scenario).
    func result(of model: CompiledModel, replication r: Int) -> ReplicationResult? {
        let key = Self.key(of: model)
        return lock.withLock {
            let found = touch { $0.key == key }?.results[r]
            if found == nil { tally.resultMisses += 1 } else { tally.resultHits += 1 }
            return found
        }
    }

    /// A kept snapshot of replication r after a warm-up that `model` shares, or nil. It must only be branched,
    /// never stepped. Marks its entry most recently used and counts the lookup. O(entries · size of the scenario).
    func snapshot(for model: CompiledModel, replication r: Int) -> Simulation? {
        lock.withLock {
            let found = touch { $0.warmUp.map { model.sharesWarmUp(with: $0) } ?? false }?.snapshots[r]
            if found == nil { tally.snapshotMisses += 1 } else { tally.snapshotHits += 1 }
            return found
        }
    }

    /// Keeps replication r of `model`, if the budget allows. O(entries · size of the scenario).
    func keep(result: ReplicationResult, of model: CompiledModel, replication r: Int) {
        let key = Self.key(of: model), size = Self.resultBytes(of: model)
        lock.withLock {
            let entry = touch { $0.key == key } ?? add(Entry(key: key, warmUp: nil))
            if entry.results[r] == nil, makeRoom(size) {
                entry.results[r] = result
                entry.bytes += size
                usedBytes += size
            }
        }
    }

    /// Keeps `snapshot`, replication r of `model` after its warm-up (never to be stepped again), if the budget
    /// allows. O(entries · size of the scenario).
    func keep(snapshot: Simulation, of model: CompiledModel, replication r: Int) {
        let size = Self.snapshotBytes(of: model)
        lock.withLock {
            let entry =
                touch { $0.warmUp.map { model.sharesWarmUp(with: $0) } ?? false } ?? add(Entry(key: nil, warmUp: model))
            if entry.snapshots[r] == nil, makeRoom(size) {
                entry.snapshots[r] = snapshot
                entry.bytes += size
                usedBytes += size
            }
        }
    }

    /// Forgets everything kept. O(1).
    public func removeAll() {
        lock.withLock {
            kept.removeAll()
            usedBytes = 0
        }
    }

    // The helpers below are called with the lock held.

    /// The first kept entry that `matches`, moved to the most recently used place.
    private func touch(_ matches: (Entry) -> Bool) -> Entry? {
        guard let i = kept.firstIndex(where: matches) else { return nil }
        let entry = kept.remove(at: i)
        kept.append(entry)
        return entry
    }

    /// `entry` as the most recently used, after dropping the least recently used while ``entries`` are kept.
    private func add(_ entry: Entry) -> Entry {
        while kept.count >= entries { usedBytes -= kept.removeFirst().bytes }
        kept.append(entry)
        return entry
    }

    /// Whether `bytes` more fit in the budget, after dropping least recently used entries other than the most
    /// recent one as needed; nothing is dropped when even that would not make room.
    private func makeRoom(_ bytes: Int) -> Bool {
        guard (kept.last?.bytes ?? 0) + bytes <= budgetBytes else { return false }
        while usedBytes + bytes > budgetBytes, kept.count > 1 { usedBytes -= kept.removeFirst().bytes }
        return usedBytes + bytes <= budgetBytes
    }
}
