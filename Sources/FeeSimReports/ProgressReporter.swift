import Foundation

/// How a command reports progress on stderr.
public enum ProgressMode: String, CaseIterable, Sendable {
    /// A bar with an ETA, only when stderr is a terminal.
    case bar
    /// One JSON object per line for every finished replication, for tools that drive FeeSim.
    case json
    /// Nothing.
    case none
}

/// Progress of a run on stderr: a bar with ETA (terminal only), JSON lines, or nothing.
public final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let mode: ProgressMode
    private let start = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drew = false

    /// `quiet` (or a bar when stderr is not a terminal) shows nothing.
    public init(label: String, mode: ProgressMode, quiet: Bool) {
        self.label = label
        if quiet { self.mode = .none } else if mode == .bar && isatty(STDERR_FILENO) != 1 { self.mode = .none } else { self.mode = mode }
    }

    /// `done` of `total` finished, for `scenario` (default: the label). Thread-safe; a bar redraws at most every 0.1 s.
    public func update(_ done: Int, _ total: Int, scenario: String? = nil) {
        lock.withLock {
            let now = Date()
            let elapsed = now.timeIntervalSince(start)
            switch mode {
            case .none:
                return
            case .json:
                let name = (scenario ?? label).replacingOccurrences(of: "\"", with: "\\\"")
                let line = String(
                    format: "{\"scenario\":\"%@\",\"finished\":%d,\"total\":%d,\"elapsed_s\":%.3f}\n",
                    name, done, total, elapsed)
                FileHandle.standardError.write(Data(line.utf8))
            case .bar:
                guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
                lastDraw = now
                drew = true
                let fraction = Double(done) / Double(total)
                let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
                let width = 30
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                let line = String(
                    format: "\r%@ %@ %d/%d replications  %.0fs elapsed, ETA %.0fs ",
                    scenario ?? label, bar, done, total, elapsed, eta)
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }

    /// Ends the bar's line.
    public func finish() {
        lock.withLock {
            if mode == .bar && drew { FileHandle.standardError.write(Data("\n".utf8)) }
            drew = false
        }
    }
}

/// On Ctrl-C or SIGTERM, removes this process's half-written staging folders before exiting.
public enum Interrupts {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    public static func cleanUpOnSignal(outputFolder: URL) {
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
