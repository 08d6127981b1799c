internal import CRename
import FeeSimScenario
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A failure to create, write or replace results, naming the operation, the path and the system's reason.
public struct ResultFolderError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// Wraps a Foundation or POSIX error from `operation` on `path`.
    public static func wrap<T>(_ operation: String, _ path: URL, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ResultFolderError {
            throw error
        } catch let error as FileWriteError {
            throw ResultFolderError(error.description)
        } catch {
            throw ResultFolderError("cannot \(operation) \(path.path): \(reason(error))")
        }
    }

    /// The plain reason behind a Foundation or POSIX error (``/FeeSimScenario/FileWriteError/reason(_:)``).
    static func reason(_ error: Error) -> String { FileWriteError.reason(error) }
}

/// An advisory lock on one output folder (`flock` on a hidden lock file beside it), held until released or the
/// process ends — a killed run never leaves it held. A second run that wants the same folder fails at once with
/// the holder's process id instead of touching its work.
public final class OutputLock: @unchecked Sendable {
    public let target: URL
    private let descriptor: Int32

    nonisolated(unsafe) private static var held: [String: OutputLock] = [:]
    private static let registry = NSLock()

    private init(target: URL, descriptor: Int32) {
        self.target = target
        self.descriptor = descriptor
    }

    /// The lock file of `target`: `<parent>/.feesim-lock-<name>`.
    static func lockFile(for target: URL) -> URL {
        target.deletingLastPathComponent().appendingPathComponent(".feesim-lock-\(target.lastPathComponent)")
    }

    /// Takes the lock of `target` for this process (again if it already holds it). Creates the parent folder.
    /// Throws ``ResultFolderError`` when another process holds it or the folder cannot be created.
    @discardableResult
    public static func acquire(for target: URL) throws -> OutputLock {
        let key = target.standardizedFileURL.path
        registry.lock()
        defer { registry.unlock() }
        if let lock = held[key] { return lock }
        let parent = target.deletingLastPathComponent()
        try ResultFolderError.wrap("create the folder", parent) {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        let file = lockFile(for: target)
        // Never through a link: a link planted at the lock's name would otherwise have its target truncated.
        let fd = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            let code = errno
            if code == ELOOP {
                throw ResultFolderError("cannot write \(file.path): it is a symbolic link; FeeSim writes through no link (remove it)")
            }
            throw ResultFolderError("cannot write \(file.path): \(String(cString: strerror(code)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ResultFolderError("cannot write \(file.path): it is not a regular file (remove it)")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            // At most 32 bytes of the lock file: a process id, never a file's worth.
            var bytes = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &bytes, bytes.count, 0)
            let digits = String(decoding: bytes.prefix(max(0, n)).filter { (48...57).contains($0) }, as: UTF8.self)
            let holder = digits.isEmpty ? "?" : digits
            close(fd)
            throw ResultFolderError(
                "another feesim run (process \(holder)) is writing \(target.path): wait for it to "
                    + "finish, or give this run another --out or --name")
        }
        let pid = "\(ProcessInfo.processInfo.processIdentifier)\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        let lock = OutputLock(target: target, descriptor: fd)
        held[key] = lock
        return lock
    }

    /// Releases the lock (the lock file stays; it is empty of meaning without a holder).
    public func release() {
        OutputLock.registry.lock()
        defer { OutputLock.registry.unlock() }
        OutputLock.held[target.standardizedFileURL.path] = nil
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Writes a folder of result files atomically: files go to a hidden staging folder beside the target, which
/// replaces the target only when everything is written. A run that fails or is interrupted leaves the previous
/// results intact.
///
/// Guarantees, for a kill at any instant: the name holds either the complete old results or the complete new ones
/// (an atomic exchange of the two folders where the system allows it — Linux `renameat2(RENAME_EXCHANGE)`; else two
/// renames, with the old folder moved back by the next run if a kill fell between them). Staging and backup folders
/// are removed only by a run that holds the folder's ``OutputLock``, so no run deletes another's work.
public final class ResultFolder {
    /// The prefix of staging folders; stale ones (from a killed run) are removed by the next write.
    public static let stagingPrefix = ".feesim-staging-"

    /// The folder the results will replace.
    public let target: URL
    /// Where files are written until ``commit()``.
    public let staging: URL
    private let lock: OutputLock
    private var finished = false

    /// Takes the target's lock, recovers what a killed run left, and creates an empty staging folder.
    public init(replacing target: URL) throws {
        self.target = target
        lock = try OutputLock.acquire(for: target)
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        ResultFolder.recover(in: parent, for: target.lastPathComponent)
        staging = parent.appendingPathComponent(
            "\(ResultFolder.stagingPrefix)\(target.lastPathComponent)-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: staging)
        try ResultFolderError.wrap("create the staging folder", staging) {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        }
    }

    deinit { if !finished { discard() } }

    /// Writes one whole file into the staging folder.
    public func write(_ name: String, _ data: Data) throws {
        let url = staging.appendingPathComponent(name)
        try ResultFolderError.wrap("write", url) {
            try ResultFolder.writeFaultHook?()
            try data.write(to: url, options: .atomic)
        }
    }

    /// Opens a file in the staging folder for appending as results arrive.
    public func stream(_ name: String) throws -> StreamedFile {
        let url = staging.appendingPathComponent(name)
        return try ResultFolderError.wrap("write", url) { try StreamedFile(url: url) }
    }

    /// Fault injection for tests: called at each step of ``commit()`` with the step's name ("before", then
    /// "exchanged", or "moved-aside" and "renamed"), so a test can kill the process there; and a switch that makes
    /// commits use the two-rename path, as on systems without an atomic exchange.
    nonisolated(unsafe) public static var commitStepHook: ((String) -> Void)?
    nonisolated(unsafe) public static var exchangeDisabled = false
    /// Fault injection for tests: called before each whole-file write; throwing makes the write fail (a full disk).
    nonisolated(unsafe) public static var writeFaultHook: (() throws -> Void)?

    /// Replaces the target with the staging folder. On failure the previous target is put back.
    public func commit() throws {
        let fm = FileManager.default
        defer {
            finished = true
            lock.release()
        }
        do {
            ResultFolder.commitStepHook?("before")
            if fm.fileExists(atPath: target.path) {
                if !ResultFolder.exchangeDisabled && feesim_exchange_paths(staging.path, target.path) == 0 {
                    // The name now holds the new results; the staging name holds the old ones.
                    ResultFolder.commitStepHook?("exchanged")
                    try? fm.removeItem(at: staging)
                    return
                }
                let old = target.deletingLastPathComponent().appendingPathComponent(
                    "\(ResultFolder.stagingPrefix)\(target.lastPathComponent)-old-\(ProcessInfo.processInfo.processIdentifier)")
                try? fm.removeItem(at: old)
                try ResultFolderError.wrap("move aside", target) { try fm.moveItem(at: target, to: old) }
                ResultFolder.commitStepHook?("moved-aside")
                do {
                    try ResultFolderError.wrap("replace", target) { try fm.moveItem(at: staging, to: target) }
                } catch {
                    try? fm.moveItem(at: old, to: target)
                    throw error
                }
                ResultFolder.commitStepHook?("renamed")
                try? fm.removeItem(at: old)
            } else {
                try ResultFolderError.wrap("create", target) { try fm.moveItem(at: staging, to: target) }
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// Removes the staging folder; the target is left as it was.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
        if !finished { lock.release() }
        finished = true
    }

    /// Replaces `folder` with a folder holding exactly `files` (name → bytes).
    public static func write(_ files: [(name: String, data: Data)], to folder: URL) throws {
        let result = try ResultFolder(replacing: folder)
        for file in files { try result.write(file.name, file.data) }
        try result.commit()
    }

    /// What killed runs left for `name`, cleaned up by the lock's holder: a backup (`<prefix><name>-old-<pid>`)
    /// goes back under the name if the name is empty (a kill between the two renames), and every other staging
    /// or backup folder of `name` is removed. Other names' folders are left alone.
    private static func recover(in parent: URL, for name: String) {
        let fm = FileManager.default
        guard let items = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        let prefix = "\(stagingPrefix)\(name)-"
        let target = parent.appendingPathComponent(name)
        for item in items.sorted() where item.hasPrefix(prefix) {
            var rest = item.dropFirst(prefix.count)
            let isBackup = rest.hasPrefix("old-")
            if isBackup { rest = rest.dropFirst(4) }
            guard !rest.isEmpty, rest.allSatisfy(\.isNumber) else { continue }
            let url = parent.appendingPathComponent(item)
            if isBackup && !fm.fileExists(atPath: target.path) {
                try? fm.moveItem(at: url, to: target)
            } else {
                try? fm.removeItem(at: url)
            }
        }
    }

    /// Removes this process's staging folders in `parent` (for an interrupted run); backups are put back first.
    public static func removeOwnStaging(in parent: URL) {
        let fm = FileManager.default
        let pid = "\(ProcessInfo.processInfo.processIdentifier)"
        guard let items = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for item in items where item.hasPrefix(stagingPrefix) && item.hasSuffix("-old-\(pid)") {
            let name = String(item.dropFirst(stagingPrefix.count).dropLast("-old-\(pid)".count))
            let target = parent.appendingPathComponent(name)
            if !fm.fileExists(atPath: target.path) { try? fm.moveItem(at: parent.appendingPathComponent(item), to: target) }
        }
        for item in items where item.hasPrefix(stagingPrefix) && item.hasSuffix("-\(pid)") {
            try? fm.removeItem(at: parent.appendingPathComponent(item))
        }
    }
}

/// A file written in pieces, buffered (64 KiB) so that streaming rows costs few system calls.
/// Opened with `O_CREAT | O_EXCL | O_NOFOLLOW`: never through a link, never over another file; every write error is
/// "cannot write PATH: reason".
public final class StreamedFile {
    private let handle: FileHandle
    private let url: URL
    private var buffer = Data()

    init(url: URL) throws {
        self.url = url
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ResultFolderError("cannot write \(url.path): \(String(cString: strerror(errno)))") }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    public func append(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 65_536 { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try ResultFolderError.wrap("write", url) { try handle.write(contentsOf: buffer) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    public func close() throws {
        try flush()
        try ResultFolderError.wrap("write", url) { try handle.close() }
    }
}

extension InputFile {
    /// A file of FeeSim's own results read back (a sweep's points for `--resume`, a shard to merge): a regular
    /// file of at most ``/FeeSimScenario/InputFile/resultLimit`` bytes, checked before reading; failures are "cannot read PATH: …".
    static func readResult(_ url: URL) throws -> Data {
        do { return try read(url.path, limit: resultLimit) } catch let refusal as Refusal {
            throw ResultFolderError("cannot read \(url.path): \(refusal.reason)")
        }
    }
}
