import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Every input file FeeSim reads goes through here, so that no file is read that is not an input and none is read
/// whole before its size is known.
///
/// - A file is opened without blocking (a FIFO or a device never hangs the reader), checked with `fstat` to be a
///   regular file of at most `limit` bytes, and read to at most `limit + 1` bytes (files such as `/proc/self/environ`
///   report size 0 and are still cut at the limit).
/// - A file that another file refers to (`extends:`, `base:`, `baseline:`, `variants:`, `comparison:`,
///   `initial_state:`) must also end in one of the allowed extensions and, with every link resolved, lie inside the
///   referring chain's project root (``root(of:)``), inside a folder named `Scenarios`, or inside a folder listed in
///   `FEESIM_INPUT_ROOTS` (colon-separated). It is refused by name before anything of it is read.
public enum InputFile {
    /// The largest YAML file or observed series read: 1 MiB.
    public static let yamlLimit = 1 << 20
    /// The largest data file (a ledger or an observed starting state) read: 64 MiB.
    public static let dataLimit = 64 << 20
    /// The largest file of FeeSim's own results read back (a sweep's points, a shard): 1 GiB.
    public static let resultLimit = 1 << 30
    /// The longest reference path accepted (characters), as the system's PATH_MAX.
    public static let pathLimit = 4096
    /// Endings of FeeSim's YAML inputs.
    public static let yamlExtensions = ["yaml", "yml"]

    /// Why a file cannot be read; callers turn it into their own located error.
    public struct Refusal: Error, Sendable, Equatable {
        /// The plain reason ("no such file", "is a link to a file outside the project (…)").
        public let reason: String
        /// Whether the file is simply not there (callers may explain further).
        public let isMissing: Bool
    }

    /// The bytes of the file at `path` (at most `limit`), or a ``ScenarioError`` at the file: "no such `what`" and
    /// `missing` (how to make one, or where it may have gone) when it is not there, "this `what`" and the reason when
    /// it cannot be read. `what` names the kind of file ("pilot file", "comparison file").
    static func read(_ path: String, limit: Int = yamlLimit, what: String, missing: String = "") throws -> Data {
        do { return try read(path, limit: limit) } catch let refusal as Refusal {
            throw ScenarioError(
                location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", value: nil,
                problem: refusal.isMissing ? "no such \(what)" + missing : "this \(what) " + refusal.reason,
                kind: refusal.isMissing ? .missingFile : .invalid)
        }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them; throws a ``Refusal`` otherwise.
    public static func read(_ path: String, limit: Int = yamlLimit) throws -> Data {
        let fd = try openChecked(path, limit: limit)
        defer { close(fd) }
        var data = Data(count: limit + 1)
        var total = 0
        let failure: Int32? = data.withUnsafeMutableBytes { raw -> Int32? in
            while total <= limit {
                let n = Glibc.read(fd, raw.baseAddress! + total, limit + 1 - total)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { break }
                total += n
            }
            return nil
        }
        if let failure { throw Refusal(reason: "cannot read it: \(String(cString: strerror(failure)))", isMissing: false) }
        guard total <= limit else {
            throw Refusal(reason: "holds more than \(limit) bytes; larger files are refused", isMissing: false)
        }
        data.count = total
        return data
    }

    /// A descriptor of the regular file at `path` of at most `limit` bytes (by `fstat`, before anything is read),
    /// opened without blocking; the caller closes it. Throws a ``Refusal`` otherwise.
    static func openChecked(_ path: String, limit: Int) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            let code = errno
            throw Refusal(
                reason: code == ENOENT || code == ENOTDIR ? "no such file" : "cannot read it: \(String(cString: strerror(code)))",
                isMissing: code == ENOENT || code == ENOTDIR)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw Refusal(reason: "cannot read it: \(String(cString: strerror(code)))", isMissing: false)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw Refusal(reason: "is not a regular file (a folder, device, pipe or socket)", isMissing: false)
        }
        guard Int(info.st_size) <= limit else {
            close(fd)
            throw Refusal(reason: "is \(Int(info.st_size)) bytes; files over \(limit) bytes are refused before reading", isMissing: false)
        }
        return fd
    }

    /// The folder a chain of input files may refer into: the parent of the nearest folder named `Scenarios` above
    /// `path` (the project), else the folder holding `path`. Links resolved.
    public static func root(of path: String) -> String {
        let folder = realPath(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        var url = URL(fileURLWithPath: folder)
        while url.pathComponents.count > 1 {
            if url.lastPathComponent == "Scenarios" { return url.deletingLastPathComponent().path }
            url.deleteLastPathComponent()
        }
        return folder
    }

    /// Resolves `reference` (as written in `referrer`, relative to its folder) to the path to read, refusing
    /// anything that is not an input of the project rooted at `root`: a path too long, without an allowed
    /// extension (`extensions`), or whose target (links resolved) lies outside `root`, every `Scenarios` folder and
    /// the folders of `FEESIM_INPUT_ROOTS`. A missing file is passed on (the reader says it is missing).
    public static func resolve(
        _ reference: String, from referrer: String, root: String,
        extensions: [String] = yamlExtensions
    ) throws -> String {
        guard reference.utf8.count <= pathLimit, !reference.contains("\0") else {
            throw Refusal(reason: "a path of at most \(pathLimit) bytes is expected", isMissing: false)
        }
        let full =
            reference.hasPrefix("/")
            ? reference
            : URL(fileURLWithPath: referrer).deletingLastPathComponent().appendingPathComponent(reference).path
        let ext = URL(fileURLWithPath: full).pathExtension.lowercased()
        guard extensions.contains(ext) else {
            throw Refusal(
                reason: "is not a FeeSim input (only .\(extensions.joined(separator: ", .")) files are read)",
                isMissing: false)
        }
        var info = stat()
        guard lstat(full, &info) == 0 else { return full }   // missing: the reader names it
        let real = realPath(full)
        let allowed = [root] + extraRoots()
        let inside = allowed.contains { isInside(real, $0) } || real.split(separator: "/").dropLast().contains("Scenarios")
        guard inside else {
            let link = (info.st_mode & S_IFMT) == S_IFLNK ? "is a link to \(real), " : ""
            throw Refusal(
                reason: "\(link)outside the project (\(root)); inputs are read only from the project's folder, a "
                    + "Scenarios folder, or a folder listed in FEESIM_INPUT_ROOTS", isMissing: false)
        }
        return full
    }

    /// The folders `FEESIM_INPUT_ROOTS` allows besides the project (colon-separated, links resolved).
    static func extraRoots() -> [String] {
        (ProcessInfo.processInfo.environment["FEESIM_INPUT_ROOTS"] ?? "").split(separator: ":").map { realPath(String($0)) }
    }

    /// Whether `path` is `folder` or lies below it (both with links resolved).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// `path` with every link and `..` resolved; `path` standardised when it does not exist.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
