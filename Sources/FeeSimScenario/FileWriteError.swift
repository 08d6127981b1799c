import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A failed write, named as "cannot write PATH: REASON" with the system's plain reason ("No space left on device"),
/// never a Foundation error's domain and code.
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// Runs `body`, turning any error it throws into "cannot `operation` `path`: reason".
    public static func wrap<T>(_ path: URL, operation: String = "write", _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as FileWriteError { throw error } catch {
            throw FileWriteError("cannot \(operation) \(path.path): \(reason(error))")
        }
    }

    /// The plain reason behind a Foundation or POSIX error: the system's message for its errno when there is one
    /// (`strerror`: "No space left on device", "Permission denied", "Too many levels of symbolic links").
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        switch ns.code {
        case NSFileWriteFileExistsError: return "a file of that name is in the way"
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return String(cString: strerror(EACCES))
        case NSFileWriteOutOfSpaceError: return String(cString: strerror(ENOSPC))
        case NSFileWriteVolumeReadOnlyError: return String(cString: strerror(EROFS))
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return String(cString: strerror(ENOENT))
        default: return ns.localizedDescription
        }
    }
}
