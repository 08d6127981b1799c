import Foundation
import Hummingbird
import NIOCore

@testable import FeeSimServer

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The workbench's HTTP API tested the way a browser reaches it: the real server on a free loopback port, asked
/// through Foundation's URLSession (plain HTTP, nothing to build: HummingbirdTesting's live client would bring
/// AsyncHTTPClient, swift-nio-ssl and BoringSSL into the test build, and FeeSim never speaks TLS).
///
/// The calls read like HummingbirdTesting's — `app.test(.router) { client in client.execute(uri:method:body:) { … } }`
/// — so a test reads the same; both modes go through the router over loopback.
struct LoopbackApp: Sendable {
    /// How the test reaches the router: `.router`, one request at a time as the page sends them; `.live`, many
    /// connections at once (a load test). Both are real loopback connections.
    enum Mode: Sendable { case router, live }

    let server: WorkbenchServer

    /// Starts the server on 127.0.0.1 (any free port), runs `body` with a client for it, then stops the server.
    func test<Value: Sendable>(_ mode: Mode, _ body: @Sendable (LoopbackClient) async throws -> Value) async throws -> Value {
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let app = server.application(host: "127.0.0.1", port: 0) { port in listening.yield(port) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { listening.finish() }
                try await app.runService(gracefulShutdownSignals: [])
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.next()   // the server stopped before it listened: its error
                throw LoopbackClient.Failure(message: "the workbench server did not start")
            }
            let client = LoopbackClient(port: port, connections: mode == .live ? 64 : 8)
            defer { group.cancelAll() }
            return try await body(client)
        }
    }
}

/// What came back: status, header fields and the whole body.
struct LoopbackResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: [String: String]
    let body: ByteBuffer
}

/// A plain HTTP/1.1 client for one loopback port (URLSession, no TLS).
struct LoopbackClient: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    let port: Int
    let session: URLSession

    init(port: Int, connections: Int) {
        self.port = port
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = 600
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    /// Sends `method uri` with `headers` and `body` (JSON unless `headers` say otherwise) and hands the response
    /// to `check`. Throws when the connection fails.
    func execute<Value: Sendable>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:],
        body: ByteBuffer? = nil,
        _ check: (LoopbackResponse) async throws -> Value
    ) async throws -> Value {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(uri)") else { throw Failure(message: "bad uri \(uri)") }
        var request = URLRequest(url: url)
        request.httpMethod = method.rawValue
        if let body {
            request.httpBody = Data(body.readableBytesView)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for field in headers { request.setValue(field.value, forHTTPHeaderField: field.name.rawName) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw Failure(message: "not an HTTP response for \(uri)") }
        var headers: [String: String] = [:]
        for case let (name as String, value as String) in http.allHeaderFields { headers[name.lowercased()] = value }
        return try await check(
            LoopbackResponse(
                status: HTTPResponse.Status(code: http.statusCode), headers: headers,
                body: ByteBuffer(bytes: data)))
    }
}
