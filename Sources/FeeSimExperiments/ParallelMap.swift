import Dispatch
import Foundation

/// Maps `0..<count` through `body` on worker threads; result i is `body(i)`, whatever the thread count.
public enum ParallelMap {
    public static func run<T>(count: Int, threads: Int? = nil, _ body: @escaping (Int) throws -> T) throws -> [T] {
        let state = State<T>(count: count)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
        let work = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = state.claim() {
                do { state.store(i, try work.value(i)) } catch { state.fail(error) }
            }
        }
        return try state.results()
    }

    /// Results indexed by input; every access holds the lock.
    private final class State<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var slots: [T?]
        private var error: Error?

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func claim() -> Int? {
            lock.withLock {
                guard error == nil, next < slots.count else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func store(_ i: Int, _ value: T) { lock.withLock { slots[i] = value } }
        func fail(_ e: Error) { lock.withLock { if error == nil { error = e } } }

        func results() throws -> [T] {
            try lock.withLock {
                if let error { throw error }
                return slots.map { $0! }
            }
        }
    }
}

/// Carries a closure that is only ever called on one index per thread at a time into concurrent code.
private struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
