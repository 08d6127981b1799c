import FeeSimModel
import FeeSimReports
import Foundation
import Hummingbird
import NIOCore

/// The HTTP side of the workbench: one page and a small JSON API over ``Workbench``.
///
/// - `GET /` the page (`?lang=zh` for Chinese); `GET /api/comparisons`, `GET /api/parameters?comparison=&strategy=`
/// - `POST /api/run`, `/api/goal`, `/api/save`, `/api/export` with a JSON body (see the request types)
///
/// Work runs on a thread of its own, one request at a time on every core (``EngineGate``); a newer request from the
/// same page (`client`) cancels the older one (``Supersession``); errors are JSON `{status, error, field}`.
public struct WorkbenchServer: Sendable {
    public let workbench: Workbench
    public let toolVersion: String
    public let gslVersion: String
    public let threads: Int?
    let gate: EngineGate
    let clients = Supersession()
    /// The per-process token the page carries in `X-FeeSim-Token` on every state-changing request (``RequestGuard``).
    public let token: String
    /// Head, body and idle timeouts and the cap on open connections.
    public let timeouts: Timeouts
    /// Where the server listens, once it does: requests must name it in `Host`.
    let bound = BoundAddress()
    let connections: ConnectionCount

    /// - Parameters:
    ///   - waiting: requests that may wait for the engine before others are answered "busy".
    ///   - token: the page's token (default: 16 random bytes, new for each process).
    public init(
        workbench: Workbench, toolVersion: String, gslVersion: String, threads: Int? = nil, waiting: Int = 8,
        token: String? = nil, timeouts: Timeouts = Timeouts()
    ) {
        self.workbench = workbench
        self.toolVersion = toolVersion
        self.gslVersion = gslVersion
        self.threads = threads
        gate = EngineGate(waiting: waiting)
        self.token = token ?? RequestGuard.newToken()
        self.timeouts = timeouts
        connections = ConnectionCount(limit: timeouts.connections)
    }

    // MARK: Request bodies

    public struct RunRequest: Codable, Sendable {
        public var variant: Workbench.Variant
        /// The page's id: a newer request with the same id cancels this one.
        public var client: String?
        public var lang: String?
        public init(variant: Workbench.Variant, client: String? = nil, lang: String? = nil) {
            self.variant = variant
            self.client = client
            self.lang = lang
        }
    }

    public struct GoalRequest: Codable, Sendable {
        public var question: Workbench.GoalQuestion
        public var client: String?
        /// The language of the answer's sentence (`en` or `zh`; default English).
        public var lang: String?
    }

    public struct FileRequest: Codable, Sendable {
        public var variant: Workbench.Variant
        public var name: String
        public var lang: String?
        public var client: String?
    }

    // MARK: Routes

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestGuard(token: token, bound: bound))
        router.get("/") { [token] request, _ in
            Self.html(WorkbenchPage.html(language: Self.language(request.uri.queryParameters.get("lang")), token: token))
        }
        router.get("/healthz") { _, _ in "ok" }
        router.get("/api/comparisons") { request, _ in
            try Self.answer { try workbench.comparisons(language: Self.language(request.uri.queryParameters.get("lang"))) }
        }
        router.get("/api/parameters") { request, _ in
            let q = request.uri.queryParameters
            return try Self.answer {
                try workbench.parameters(
                    comparison: q.get("comparison") ?? "", strategy: q.get("strategy") ?? "",
                    language: Self.language(q.get("lang")))
            }
        }
        router.post("/api/run") { request, context in
            await Self.respond {
                let body = try await decode(RunRequest.self, request, context)
                let language = Self.language(body.lang)
                return try await compute(client: body.client) { isCancelled in
                    try workbench.run(body.variant, language: language, threads: threads, isCancelled: isCancelled)
                }
            }
        }
        router.post("/api/goal") { request, context in
            await Self.respond {
                let body = try await decode(GoalRequest.self, request, context)
                return try await compute(client: body.client.map { "\($0)-goal" }) { isCancelled in
                    try workbench.goal(body.question, language: Self.language(body.lang), threads: threads, isCancelled: isCancelled)
                }
            }
        }
        router.post("/api/save") { request, context in
            await Self.respond {
                let body = try await decode(FileRequest.self, request, context)
                let language = Self.language(body.lang)
                return try await compute(client: nil) { _ in try workbench.save(body.variant, name: body.name, language: language) }
            }
        }
        router.post("/api/export") { request, context in
            await Self.respond {
                let body = try await decode(FileRequest.self, request, context)
                let language = Self.language(body.lang)
                return try await compute(client: nil) { isCancelled in
                    try workbench.export(
                        body.variant, name: body.name, language: language, toolVersion: toolVersion,
                        gslVersion: gslVersion, threads: threads, isCancelled: isCancelled)
                }
            }
        }
        return router
    }

    /// The application on `host:port` (port 0: any free port). `onRunning` gets the port once the server listens.
    public func application(host: String, port: Int, onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let (count, head, bound) = (connections, TimeAmount.seconds(timeouts.head), bound)
        return Application(
            router: router(),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [ConnectionLimiter(count: count, headTimeout: head)],
                    idleTimeout: .seconds(timeouts.idle))),
            configuration: .init(address: .hostname(host, port: port), serverName: "FeeSim"),
            onServerRunning: { channel in
                let actual = channel.localAddress?.port ?? port
                bound.set(host: host, port: actual)
                await onRunning(actual)
            })
    }

    /// Serves on `host:port` as a service of Hummingbird's service lifecycle (`runService()`) until SIGINT or SIGTERM
    /// shuts it down gracefully: it stops accepting connections, lets the requests in flight finish, and returns.
    /// `onRunning` gets the port once it listens. Throws a ``WorkbenchError`` saying so when the port is taken.
    public func serve(host: String, port: Int, onRunning: @escaping @Sendable (_ port: Int) async -> Void) async throws {
        do {
            try await application(host: host, port: port, onRunning: onRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw WorkbenchError.addressInUse(host: host, port: port)
        }
    }

    // MARK: Running work

    /// Runs `body` on a thread of its own once the engine is free; cancels it when a newer request from the same
    /// client arrives or the connection goes away.
    func compute<T: Sendable>(client: String?, _ body: @escaping @Sendable (_ isCancelled: @escaping @Sendable () -> Bool) throws -> T)
        async throws -> T
    {
        let flag = await clients.begin(client)
        defer { Task { await clients.end(client, flag) } }
        return try await withTaskCancellationHandler {
            try await gate.enter()
            defer { Task { await gate.leave() } }
            if flag.isCancelled { throw WorkbenchError.superseded }
            return try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(with: Result { try body { flag.isCancelled } })
                }
            }
        } onCancel: {
            flag.cancel()
        }
    }

    // MARK: Encoding

    static func language(_ code: String?) -> Language { code == "zh" ? .zh : .en }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }()

    /// The request's JSON body as `T`: at most 1 MB, arriving within ``Timeouts/body`` seconds.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: BasicRequestContext) async throws -> T {
        let seconds = timeouts.body
        let collected: ByteBuffer? = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                var request = request
                do { return try await request.collectBody(upTo: 1_000_000) } catch is CancellationError { return nil } catch {
                    throw WorkbenchError(status: 413, error: "the request body is over 1 MB", field: nil)
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let buffer = collected else {
            throw WorkbenchError(status: 408, error: "the request body did not arrive within \(seconds) s", field: nil)
        }
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch let error as DecodingError {
            throw WorkbenchError(status: 400, error: "the request body is not what \(T.self) expects: \(Self.describe(error))", field: nil)
        } catch {
            throw WorkbenchError(status: 400, error: "the request body is not JSON", field: nil)
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String { c.codingPath.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let c): return "missing \(path(c).isEmpty ? "" : path(c) + ".")\(key.stringValue)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return "\(path(c)): \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{\"status\":500,\"error\":\"cannot encode the answer\"}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func html(_ page: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func failure(_ error: Error) -> Response {
        var e = (error as? WorkbenchError) ?? WorkbenchError(status: 500, error: "\(error)", field: nil)
        // A backstop: no answer quotes more than 2,000 characters of anything a request sent.
        if e.error.count > 2_000 { e.error = String(e.error.prefix(2_000)) + "…" }
        if let field = e.field, field.count > 200 { e.field = String(field.prefix(200)) + "…" }
        return json(e, status: HTTPResponse.Status(code: e.status))
    }

    static func answer(_ body: () throws -> some Encodable) throws -> Response {
        do { return json(try body()) } catch { return failure(error) }
    }

    static func respond(_ body: () async throws -> some Encodable) async -> Response {
        do { return json(try await body()) } catch { return failure(error) }
    }
}

/// A cancellation flag shared between a request and the thread doing its work.
final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    func cancel() { lock.withLock { cancelled = true } }
    var isCancelled: Bool { lock.withLock { cancelled } }
}

/// The latest request of each page: a new one cancels the one before it.
actor Supersession {
    private var latest: [String: CancelFlag] = [:]

    func begin(_ client: String?) -> CancelFlag {
        let flag = CancelFlag()
        if let client {
            latest[client]?.cancel()
            latest[client] = flag
        }
        return flag
    }

    func end(_ client: String?, _ flag: CancelFlag) {
        if let client, latest[client] === flag { latest[client] = nil }
    }
}

/// One computation at a time (each uses every core); up to `waiting` more queue in arrival order; beyond that
/// a request is answered "busy" at once.
actor EngineGate {
    private let waiting: Int
    private var running = false
    private var queue: [CheckedContinuation<Void, Never>] = []

    init(waiting: Int) { self.waiting = waiting }

    func enter() async throws {
        if !running {
            running = true
            return
        }
        guard queue.count < waiting else { throw WorkbenchError.busy }
        await withCheckedContinuation { queue.append($0) }
    }

    func leave() {
        if queue.isEmpty { running = false } else { queue.removeFirst().resume() }
    }
}
