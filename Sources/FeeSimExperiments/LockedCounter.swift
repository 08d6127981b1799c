import FeeSimModel
import Foundation
import GSLKit

/// A counter shared by worker threads (for progress).
final class LockedCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
