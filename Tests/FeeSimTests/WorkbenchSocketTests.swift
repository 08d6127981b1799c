import FeeSimReports
import Foundation
import Hummingbird
import Testing

@testable import FeeSimServer

/// Issue 21 over real sockets on 127.0.0.1: slow and half-open clients are closed, connections are capped, and a
/// Host other than the bound address is refused. Plain POSIX sockets, so that a client can misbehave.
@Suite(.serialized) struct WorkbenchSocketTests {
    /// A blocking TCP client on 127.0.0.1.
    final class Client: @unchecked Sendable {
        let fd: Int32
        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard status == 0 else { throw POSIXError(.ECONNREFUSED) }
        }
        deinit { close(fd) }

        func send(_ text: String) { _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }

        /// What arrives within `seconds`, and whether the server closed the connection by then. It waits on a
        /// thread of its own: a blocked thread of Swift's small cooperative pool would starve the server's tasks.
        func read(for seconds: Double) async -> (text: String, closed: Bool) {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: self.blockingRead(for: seconds)) }
            }
        }

        func blockingRead(for seconds: Double) -> (text: String, closed: Bool) {
            var bytes: [UInt8] = []
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let left = Int32(max(1, end.timeIntervalSinceNow * 1000))
                guard poll(&p, 1, left) > 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { return (String(decoding: bytes, as: UTF8.self), true) }
                bytes += buffer[..<n]
            }
            return (String(decoding: bytes, as: UTF8.self), false)
        }
    }

    /// Runs `body` against a workbench listening on 127.0.0.1 (a free port), then stops it.
    static func serving(_ timeouts: Timeouts, _ body: (WorkbenchServer, Int) async throws -> Void) async throws {
        let server = WorkbenchServer(
            workbench: Workbench(root: Fixture.packageRoot), toolVersion: "test", gslVersion: "test",
            token: ServeTests.token, timeouts: timeouts)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.application(host: "127.0.0.1", port: 0) { continuation.yield($0) }
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        do { try await body(server, port) } catch {
            task.cancel()
            throw error
        }
        // Clients are gone before the server stops (a stop with connections still queued aborts in NIO).
        try? await Task.sleep(for: .milliseconds(500))
        task.cancel()
        _ = await task.result
    }

    static func get(_ path: String, host: String) -> String { "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n" }

    @Test(.timeLimit(.minutes(5))) func slowAndSilentClientsAreClosedWithinTheirTimeouts() async throws {
        var timeouts = Timeouts()
        (timeouts.head, timeouts.body, timeouts.idle) = (1, 1, 2)
        try await Self.serving(timeouts) { _, port in
            // Silent after connecting; a head sent a few bytes at a time (slowloris); a body that never ends.
            let silent = try Client(port: port)
            let slow = try Client(port: port)
            slow.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX-Slow: ")
            let body = try Client(port: port)
            body.send(
                "POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
                    + "X-FeeSim-Token: \(ServeTests.token)\r\nContent-Length: 1000\r\n\r\n{\"vari")
            let start = Date()
            let closedSilent = await silent.read(for: 8)
            for k in 0..<3 {
                if await slow.read(for: 0.3).closed { break }
                slow.send("a\(k)")
            }
            let closedSlow = await slow.read(for: 8)
            let answeredBody = await body.read(for: 8)
            #expect(closedSilent.closed && closedSlow.closed, "silent \(closedSilent), slow \(closedSlow)")
            #expect(answeredBody.closed || answeredBody.text.contains("408"), "\(answeredBody)")
            // Each read above waits on its own thread, so it bounds the server's closing by its own clock; the whole
            // test's clock also counts the time other tests hold Swift's cooperative threads on 2 busy cores.
            #expect(Date().timeIntervalSince(start) < 60)
        }
    }

    @Test(.timeLimit(.minutes(5))) func connectionsBeyondTheCapAreClosedAtOnceAndServiceResumes() async throws {
        var timeouts = Timeouts()
        (timeouts.head, timeouts.connections) = (20, 4)
        try await Self.serving(timeouts) { server, port in
            var held = try (0..<4).map { _ in try Client(port: port) }
            try await Task.sleep(for: .milliseconds(300))
            #expect(server.connections.current == 4)
            let extra = try (0..<50).map { _ in try Client(port: port) }
            var refused = 0
            for c in extra {
                if await c.read(for: 3).closed { refused += 1 }
            }
            #expect(refused == 50, "\(refused) of 50 beyond the cap were closed")
            #expect(server.connections.current == 4)
            held.removeAll()
            try await Task.sleep(for: .milliseconds(300))
            let again = try Client(port: port)
            again.send(Self.get("/healthz", host: "127.0.0.1:\(port)"))
            let answer = await again.read(for: 5)
            #expect(answer.text.hasPrefix("HTTP/1.1 200") && answer.text.hasSuffix("ok"), "\(answer)")
        }
    }

    @Test(.timeLimit(.minutes(5))) func aHostOrOriginOtherThanTheBoundAddressIsRefusedOverASocket() async throws {
        try await Self.serving(Timeouts()) { _, port in
            for (host, status) in [
                ("127.0.0.1:\(port)", "200"), ("localhost:\(port)", "200"), ("evil.example", "421"),
                ("evil.example:\(port)", "421"), ("127.0.0.1:\(port + 1)", "421"), ("127.0.0.1", "421")
            ] {
                let c = try Client(port: port)
                c.send(Self.get("/healthz", host: host))
                let answer = await c.read(for: 5)
                #expect(answer.text.hasPrefix("HTTP/1.1 \(status)"), "\(host): \(answer.text.prefix(80))")
            }
            let body =
                "{\"variant\":{\"comparison\":\"Scenarios/mixed/compare.yaml\",\"strategy\":\"mixed-full-plan\",\"set\":[]},\"name\":\"evil\"}"
            for (origin, status) in [("http://evil.example", "403"), ("http://127.0.0.1:\(port + 1)", "403"), ("null", "403")] {
                let c = try Client(port: port)
                c.send(
                    "POST /api/save HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: \(origin)\r\nContent-Type: application/json\r\n"
                        + "X-FeeSim-Token: \(ServeTests.token)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
                let answer = await c.read(for: 5)
                #expect(answer.text.hasPrefix("HTTP/1.1 \(status)"), "\(origin): \(answer.text.prefix(80))")
            }
        }
    }
}
