import Foundation

/// Which share of a study's independent units (a sweep's points, a probabilistic comparison's parameter sets)
/// one process runs: every N-th unit starting at i (0-based), so that a Slurm or Kubernetes job array of N
/// tasks covers the study exactly once and the merged result is byte-identical to a single run.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    /// 0 ≤ index < count.
    public let index: Int
    public let count: Int

    /// The whole study in one process.
    public static let whole = Shard(index: 0, count: 1)

    public var description: String { "\(index)/\(count)" }

    /// Whether unit `id` (0-based) belongs to this shard.
    public func contains(_ id: Int) -> Bool { id % count == index }

    /// The ids of `total` units that belong to this shard, ascending. O(total / count).
    public func ids(of total: Int) -> [Int] { Array(stride(from: index, to: total, by: count)) }

    /// Parses "i/N" with 0 ≤ i < N; nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else { return nil }
        index = i
        count = n
    }

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "shard \(index)/\(count)")
        self.index = index
        self.count = count
    }

    /// The shard a Slurm job array assigns (SLURM_ARRAY_TASK_ID counted from SLURM_ARRAY_TASK_MIN); nil outside
    /// a job array. A task id outside the array is an error rather than a silent run of every unit.
    public static func fromSlurm(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Shard? {
        guard let idText = env["SLURM_ARRAY_TASK_ID"] else { return nil }
        let countText = env["SLURM_ARRAY_TASK_COUNT"] ?? "(unset)"
        let firstText = env["SLURM_ARRAY_TASK_MIN"] ?? "0"
        guard let id = Int(idText), let count = Int(countText), count >= 1, let first = Int(firstText),
            (0..<count).contains(id - first)
        else {
            throw ShardError(
                message: "SLURM_ARRAY_TASK_ID=\(idText) with SLURM_ARRAY_TASK_MIN=\(firstText) and "
                    + "SLURM_ARRAY_TASK_COUNT=\(countText) is not a task of the array (ids must run from the "
                    + "minimum through minimum + count − 1); pass --shard i/N to choose the shard yourself")
        }
        return Shard(index: id - first, count: count)
    }
}

/// A shard that cannot be chosen or merged, with what is wrong.
public struct ShardError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
