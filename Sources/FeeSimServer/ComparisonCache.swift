import FeeSimScenario
import Foundation

/// Comparison files as loaded, each kept while neither it nor any scenario file it reads changes on disk (same
/// size, modification time and inode), so that an edit on the page does not parse a dozen YAML files again: the
/// answer to a change waits for the simulation only. A file that changes is loaded afresh on the next request.
final class ComparisonCache: @unchecked Sendable {
    /// What identifies one version of a file on disk.
    struct Stamp: Equatable {
        var path: String
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
        var inode: UInt64

        /// The file's stamp now, or nil when it cannot be read.
        init?(path: String) {
            var s = stat()
            guard stat(path, &s) == 0 else { return nil }
            self.path = path
            size = Int64(s.st_size)
            seconds = Int(s.st_mtim.tv_sec)
            nanoseconds = Int(s.st_mtim.tv_nsec)
            inode = UInt64(s.st_ino)
        }
    }

    /// At most this many comparison files are kept (the shipped project has four); past it the cache starts over.
    static let capacity = 32

    private let lock = NSLock()
    private var kept: [String: (file: ComparisonFile, stamps: [Stamp])] = [:]   // looked up only, never iterated

    /// The comparison file at `path` (resolved), from the cache when none of its files changed, else from `load`
    /// (then kept). O(files) stat calls on a hit.
    func file(at path: String, load: () throws -> ComparisonFile) throws -> ComparisonFile {
        if let hit = lock.withLock({ kept[path] }), hit.stamps.allSatisfy({ Stamp(path: $0.path) == $0 }) {
            return hit.file
        }
        // Stamped before loading: a file changed while it loads is loaded again next time.
        let before = Stamp(path: path)
        let file = try load()
        let stamps = ([before] + file.scenarioFiles.map { Stamp(path: $0) }).compactMap { $0 }
        if stamps.count == file.scenarioFiles.count + 1 {   // every file could be stamped
            lock.withLock {
                if kept.count >= Self.capacity { kept.removeAll() }
                kept[path] = (file, stamps)
            }
        }
        return file
    }
}
