import Foundation
import Hummingbird
import NIOCore

/// What keeps other sites and slow clients from driving the workbench (docs/RELIABILITY.md, "The workbench").
///
/// - **Host.** Every request's `Host` must name the loopback (`127.0.0.1`, `localhost`, `[::1]`) or the address the
///   server was bound to, with the bound port once it is known: a page of another site that rebinds its own name to
///   127.0.0.1 (DNS rebinding) sends its own name and is refused.
/// - **State-changing routes** (every POST) must come from the workbench's own page: `Origin`, when sent, is this
///   server's; `Sec-Fetch-Site`, when sent, is `same-origin` (or `none`, typed by the user); the body is
///   `application/json` (another site cannot send that without a preflight the server never allows); and the header
///   `X-FeeSim-Token` carries the per-process token the page was served with.
/// - **Slow clients.** A connection must send a complete request head within ``Timeouts/head`` and a body within
///   ``Timeouts/body``; one idle for ``Timeouts/idle`` is closed; at most ``Timeouts/connections`` are open at once
///   (more are closed at once).
public struct RequestGuard: RouterMiddleware {
    public typealias Context = BasicRequestContext
    /// The per-process token the page carries (hex, 32 characters).
    let token: String
    /// The address and port the server listens on, once bound.
    let bound: BoundAddress

    /// The header that carries the token.
    public static let tokenHeader: HTTPFields.Element.Name = HTTPFields.Element.Name("X-FeeSim-Token")!
    static let secFetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")!

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let refusal = check(request) { return WorkbenchServer.failure(refusal) }
        return try await next(request, context)
    }

    /// Why `request` is refused, or nil when it may go on.
    func check(_ request: Request) -> WorkbenchError? {
        guard let authority = request.head.authority, bound.admits(authority: authority) else {
            return WorkbenchError(
                status: 421, error: "this workbench answers only to its own address (Host: 127.0.0.1:PORT or localhost:PORT)", field: nil)
        }
        guard request.method != .get && request.method != .head else { return nil }
        if let origin = request.headers[.origin], origin != "http://\(authority)" {
            return WorkbenchError(status: 403, error: "requests from another site (Origin: \(Self.cut(origin))) are refused", field: nil)
        }
        if let site = request.headers[Self.secFetchSite], site != "same-origin" && site != "none" {
            return WorkbenchError(
                status: 403, error: "requests from another site (Sec-Fetch-Site: \(Self.cut(site))) are refused", field: nil)
        }
        guard let type = request.headers[.contentType]?.lowercased(),
            type == "application/json" || type.hasPrefix("application/json;")
        else {
            return WorkbenchError(status: 415, error: "the body must be sent as Content-Type: application/json", field: nil)
        }
        guard let sent = request.headers[Self.tokenHeader], Self.same(sent, token) else {
            return WorkbenchError(
                status: 403, error: "the request lacks the workbench page's token (X-FeeSim-Token): reload the page", field: nil)
        }
        return nil
    }

    /// Compares in time independent of where the first difference is.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A header value cut to 60 characters for a message.
    static func cut(_ s: String) -> String { s.count > 60 ? String(s.prefix(60)) + "…" : s }

    /// A fresh token from the system's random source: 16 bytes as hex.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// The host and port the server is bound to (the port is known only once it listens), shared by every request.
public final class BoundAddress: @unchecked Sendable {
    private let lock = NSLock()
    private var host: String?
    private var port: Int?

    init() {}

    func set(host: String, port: Int) { lock.withLock { (self.host, self.port) = (host, port) } }

    /// Whether `authority` (`host[:port]` from the Host header) names this server: a loopback name or the bound
    /// host, and the bound port once known (with no port written, 80).
    func admits(authority: String) -> Bool {
        let (host, port) = lock.withLock { (self.host, self.port) }
        let name: Substring, written: Int?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            name = authority[...close]
            let rest = authority[authority.index(after: close)...]
            written = rest.isEmpty ? nil : rest.hasPrefix(":") ? Int(rest.dropFirst()) ?? -1 : -1
        } else if let colon = authority.lastIndex(of: ":") {
            name = authority[..<colon]
            written = Int(authority[authority.index(after: colon)...]) ?? -1
        } else {
            name = Substring(authority)
            written = nil
        }
        var names: Set<String> = ["127.0.0.1", "localhost", "[::1]"]
        if let host { names.insert(host.contains(":") ? "[\(host.lowercased())]" : host.lowercased()) }
        guard names.contains(name.lowercased()) else { return false }
        guard let port else { return written != -1 }
        return (written ?? 80) == port
    }
}

/// The workbench's limits on connections: timeouts in seconds and the number open at once.
public struct Timeouts: Sendable {
    /// Seconds from connecting to a complete request head (headers).
    public var head: Int64 = 10
    /// Seconds to receive a request's body once its head is in.
    public var body: Int64 = 10
    /// Seconds a connection may stay open with nothing to do.
    public var idle: Int64 = 30
    /// Connections open at once; more are closed as they arrive.
    public var connections = 64
    public init() {}
}

/// Counts open connections for the cap, closes a connection beyond it, and closes one whose request head has not
/// arrived in time. It sits after HTTP decoding, so the first thing it reads is a request's head.
final class ConnectionLimiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any
    private let count: ConnectionCount
    private let headTimeout: TimeAmount
    private var headDeadline: Scheduled<Void>?
    private var counted = false

    init(count: ConnectionCount, headTimeout: TimeAmount) {
        self.count = count
        self.headTimeout = headTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard count.open() else {
            context.close(promise: nil)
            return
        }
        counted = true
        let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
        let channel = context.channel
        headDeadline = loop.scheduleTask(in: headTimeout) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        headDeadline?.cancel()
        headDeadline = nil
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    private func release() {
        headDeadline?.cancel()
        headDeadline = nil
        if counted { count.close() }
        counted = false
    }
}

/// The number of open connections, shared by every connection's ``ConnectionLimiter``.
final class ConnectionCount: @unchecked Sendable {
    private let lock = NSLock()
    private var openCount = 0
    let limit: Int
    init(limit: Int) { self.limit = limit }

    /// Counts one more connection; false (and not counted) when the cap is reached.
    func open() -> Bool {
        lock.withLock {
            guard openCount < limit else { return false }
            openCount += 1
            return true
        }
    }

    func close() { lock.withLock { openCount -= 1 } }
    var current: Int { lock.withLock { openCount } }
}
