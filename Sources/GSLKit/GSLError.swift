internal import CGSL

/// A GSL failure turned into a Swift error.
///
/// GSL's default error handler calls `abort()`. FeeSim switches it off the first time any GSLKit type is
/// used (see ``GSL/ensureErrorHandlerOff()``) and reports failures through this type instead.
public struct GSLError: Error, CustomStringConvertible, Equatable, Sendable {
    /// GSL's status code (`GSL_EINVAL`, `GSL_ENOMEM`, …); `GSL_EINVAL` for arguments rejected before the call.
    public let status: Int32
    /// What failed, in words.
    public let reason: String

    public init(status: Int32, reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String {
        let name = String(cString: gsl_strerror(status))
        return "GSL error \(status) (\(name)): \(reason)"
    }

    static func invalid(_ reason: String) -> GSLError {
        GSLError(status: Int32(GSL_EINVAL), reason: reason)
    }
}

/// Library-wide GSL settings.
public enum GSL {
    /// The installed GSL version, for manifests (for example `"2.7.1"`).
    public static var version: String {
        ensureErrorHandlerOff()
        return String(cString: feesim_gsl_version())
    }

    private static let handlerOff: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Turns GSL's aborting error handler off, once per process. Every GSLKit entry point calls it.
    public static func ensureErrorHandlerOff() {
        _ = handlerOff
    }

    /// Throws a ``GSLError`` for a non-zero GSL status.
    public static func check(_ status: Int32, _ what: @autoclosure () -> String) throws {
        guard status == Int32(GSL_SUCCESS) else { throw GSLError(status: status, reason: what()) }
    }
}
