import Foundation

/// Writes a folder of result files atomically: files go to a hidden staging folder beside the target, which
/// replaces the target only when everything is written. A run that fails or is interrupted leaves the previous
/// results intact.
public final class ResultFolder {
    /// The prefix of staging folders; stale ones (from a killed run) are removed by the next write.
    public static let stagingPrefix = ".feesim-staging-"

    /// The folder the results will replace.
    public let target: URL
    /// Where files are written until ``commit()``.
    public let staging: URL
    private var finished = false

    /// Creates an empty staging folder for `target`.
    public init(replacing target: URL) throws {
        self.target = target
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        ResultFolder.removeStaleStaging(in: parent, for: target.lastPathComponent)
        staging = parent.appendingPathComponent(
            "\(ResultFolder.stagingPrefix)\(target.lastPathComponent)-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
    }

    deinit { if !finished { discard() } }

    /// Writes one whole file into the staging folder.
    public func write(_ name: String, _ data: Data) throws {
        try data.write(to: staging.appendingPathComponent(name), options: .atomic)
    }

    /// Opens a file in the staging folder for appending as results arrive.
    public func stream(_ name: String) throws -> StreamedFile {
        try StreamedFile(url: staging.appendingPathComponent(name))
    }

    /// Replaces the target with the staging folder. On failure the previous target is put back.
    public func commit() throws {
        let fm = FileManager.default
        defer { finished = true }
        do {
            if fm.fileExists(atPath: target.path) {
                let old = target.deletingLastPathComponent().appendingPathComponent(
                    "\(ResultFolder.stagingPrefix)\(target.lastPathComponent)-old-\(ProcessInfo.processInfo.processIdentifier)")
                try? fm.removeItem(at: old)
                try fm.moveItem(at: target, to: old)
                do {
                    try fm.moveItem(at: staging, to: target)
                } catch {
                    try? fm.moveItem(at: old, to: target)
                    throw error
                }
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: staging, to: target)
            }
        } catch {
            discard()
            throw error
        }
    }

    /// Removes the staging folder; the target is left as it was.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
        finished = true
    }

    /// Replaces `folder` with a folder holding exactly `files` (name → bytes).
    public static func write(_ files: [(name: String, data: Data)], to folder: URL) throws {
        let result = try ResultFolder(replacing: folder)
        for file in files { try result.write(file.name, file.data) }
        try result.commit()
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

    /// Removes this process's staging folders in `parent` (for an interrupted run).
    public static func removeOwnStaging(in parent: URL) {
        let fm = FileManager.default
        let pid = "\(ProcessInfo.processInfo.processIdentifier)"
        guard let items = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for item in items where item.hasPrefix(stagingPrefix) && item.hasSuffix("-\(pid)") {
            try? fm.removeItem(at: parent.appendingPathComponent(item))
        }
    }
}

/// A file written in pieces, buffered (64 KiB) so that streaming rows costs few system calls.
public final class StreamedFile {
    private let handle: FileHandle
    private var buffer = Data()

    init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    public func append(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 65_536 { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    public func close() throws {
        try flush()
        try handle.close()
    }
}
