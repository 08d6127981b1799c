import Foundation

/// The job's clock: started first thing in ``FeeSim/main()``, so a manifest's `wall_time_seconds` covers the whole
/// command — reading its files, every run, writing its results — not only the part that simulates.
enum JobClock {
    /// When the process began its work (the first read of this property, made by `main`).
    static let started = Date()

    /// Seconds since ``started``, kept to the millisecond.
    static var seconds: Double { (Date().timeIntervalSince(started) * 1000).rounded() / 1000 }
}
