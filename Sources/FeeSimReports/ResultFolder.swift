import Foundation

/// Writes a folder of result files atomically: the files go to a hidden sibling folder first, which then
/// replaces the target in one step. A run that fails or is interrupted leaves the previous results intact.
public enum ResultFolder {
    /// The prefix of the staging folders; stale ones (from a killed run) are removed by the next write.
    public static let stagingPrefix = ".feesim-staging-"

    /// Replaces `folder` with a folder holding exactly `files` (name → bytes).
    /// - Throws: a `CocoaError` / POSIX error if anything cannot be written; the old folder then stays as it was.
    public static func write(_ files: [(name: String, data: Data)], to folder: URL) throws {
        let fm = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        removeStaleStaging(in: parent, for: folder.lastPathComponent)
        let staging = parent.appendingPathComponent(
            "\(stagingPrefix)\(folder.lastPathComponent)-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            for file in files {
                try file.data.write(to: staging.appendingPathComponent(file.name), options: .atomic)
            }
            if fm.fileExists(atPath: folder.path) {
                let old = parent.appendingPathComponent("\(stagingPrefix)\(folder.lastPathComponent)-old-\(ProcessInfo.processInfo.processIdentifier)")
                try? fm.removeItem(at: old)
                try fm.moveItem(at: folder, to: old)
                do {
                    try fm.moveItem(at: staging, to: folder)
                } catch {
                    try? fm.moveItem(at: old, to: folder)   // put the previous results back
                    throw error
                }
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: staging, to: folder)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// Removes staging folders of `name` left by runs that were killed (`<prefix><name>-<pid>` and
    /// `<prefix><name>-old-<pid>`); other scenarios' staging folders are left alone.
    private static func removeStaleStaging(in parent: URL, for name: String) {
        let fm = FileManager.default
        guard let items = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        let prefix = "\(stagingPrefix)\(name)-"
        for item in items.sorted() where item.hasPrefix(prefix) {
            var rest = item.dropFirst(prefix.count)
            if rest.hasPrefix("old-") { rest = rest.dropFirst(4) }
            guard !rest.isEmpty, rest.allSatisfy(\.isNumber) else { continue }
            try? fm.removeItem(at: parent.appendingPathComponent(item))
        }
    }

    /// Removes this process's staging folders in `parent` (for an interrupted run). Safe to call from a signal
    /// handler's dispatch queue.
    public static func removeOwnStaging(in parent: URL) {
        let fm = FileManager.default
        let pid = "\(ProcessInfo.processInfo.processIdentifier)"
        guard let items = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for item in items where item.hasPrefix(stagingPrefix) && item.hasSuffix("-\(pid)") {
            try? fm.removeItem(at: parent.appendingPathComponent(item))
        }
    }
}
