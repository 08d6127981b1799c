import ArgumentParser
import FeeSimReports
import Foundation

/// An error shown to the user as one clear line (ArgumentParser prints `Error: <description>`), never a trace.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    /// Runs `body`, turning any error into a ``CLIError`` with a readable description.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CustomStringConvertible & Error {
            throw CLIError(description: error.description)
        } catch {
            throw CLIError(description: error.localizedDescription)
        }
    }
}

/// Progress of a run on stderr: a bar with ETA when stderr is a terminal, nothing otherwise (or with --quiet).
final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let enabled: Bool
    private let start = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast

    init(label: String, total: Int, quiet: Bool) {
        self.label = label
        self.total = total
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled else { return }
        lock.withLock {
            let now = Date()
            guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            let elapsed = now.timeIntervalSince(start)
            let fraction = Double(done) / Double(total)
            let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = String(format: "\r%@ %@ %d/%d replications  %.0fs elapsed, ETA %.0fs ",
                              label, bar, done, total, elapsed, eta)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

/// On Ctrl-C or SIGTERM, removes this process's half-written staging folders before exiting.
enum Interrupts {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func cleanUpOnSignal(outputFolder: URL) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                ResultFolder.removeOwnStaging(in: outputFolder)
                FileHandle.standardError.write(Data("\ninterrupted: previous results left as they were\n".utf8))
                exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
    }
}
