import Foundation

/// The built `feesim` executable, run as a user runs it, for the end-to-end tests of every command.
enum Binary {
    /// A tiny community's scenario file, for runs that should take a moment.
    static let tinyScenario = """
        description: A tiny community for the end-to-end test.
        months: 8
        replications: 5
        seed: 11
        community:
          households: 60
          buildings: 3
          fee_rate: 2
          segments:
            owner: {share: 0.8, propensity: {a: 3, b: 1}, trust: {a: 4, b: 2}}
            vacant: {share: 0.2, fee_multiplier: 0.5, propensity: {a: 1, b: 2}, trust: {a: 2, b: 3}}
        pilot: {buildings: 1}
        rollout:
          - {name: pilot, start_month: 2, end_month: 4, buildings: pilot, levers: all}
          - {name: everywhere, start_month: 5, buildings: all, levers: [transparency, dunning]}
        """

    /// The `feesim` binary next to the test bundle (SwiftPM builds it for the test target).
    static func executable() throws -> URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent(), Fixture.packageRoot.appendingPathComponent(".build/debug")] {
            let candidate = dir.appendingPathComponent("feesim")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "feesim executable"])
    }

    struct Output { var status: Int32; var stdout: String; var stderr: String }

    /// A folder's items apart from the hidden lock files that mark who may write there: no staging is left.
    static func visibleItems(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".feesim-lock-") }.sorted()
    }

    /// `feesim arguments…` in `dir`, with `environment` added to this process's; waits for it to exit.
    static func feesim(_ arguments: [String], in dir: URL, environment: [String: String] = [:]) throws -> Output {
        try run(try executable(), arguments, in: dir, environment: environment)
    }

    /// `executable arguments…` in `dir`: its exit status and everything it wrote. Both pipes are read at once:
    /// read one after the other, a child that fills the second pipe's buffer (64 KiB) before closing the first
    /// blocks on its write while this side waits for the first to end, and neither ever moves.
    static func run(_ executable: URL, _ arguments: [String], in dir: URL, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = dir
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stderr = PipeDrain(err.fileHandleForReading)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = stderr.data()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }
}

/// Reads a pipe to its end on a thread of its own (not one of Swift's cooperative threads, which a blocking read
/// would hold), so that another pipe of the same child can be read meanwhile.
final class PipeDrain: @unchecked Sendable {
    private var read = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            read = handle.readDataToEndOfFile()
            done.signal()
        }
        thread.start()
    }

    /// Everything the pipe carried, once its writers have closed it.
    func data() -> Data {
        done.wait()
        return read
    }
}
