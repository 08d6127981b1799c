import Foundation

/// Counts finished items and reports them in order of finishing, under a lock (never concurrently).
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let report: ((Int, Int) -> Void)?
    init(total: Int, report: ((Int, Int) -> Void)?) { (self.total, self.report) = (total, report) }
    func tick() {
        lock.withLock {
            done += 1
            report?(done, total)
        }
    }
}
