import ArgumentParser
import FeeSimServer
import Foundation
import GSLKit

/// `feesim serve`: the what-if workbench in a browser, as a service of Hummingbird's service lifecycle.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the what-if workbench: pick a strategy, switch levers, move parameters, see the answer in a browser.",
        discussion: """
            Serves one page and a small JSON API on 127.0.0.1 (loopback only unless --host says otherwise). \
            Every answer is a comparison with the community's status quo on common random numbers, with the same \
            numbers as `feesim compare` for the same files, seed and settings. Edits are kept for each community and \
            strategy. The page can save a variant as <name>.yaml beside the community's files (for example \
            Scenarios/mixed/<name>.yaml, titled with what changed; never overwriting a file) and export its report to \
            Results/<name>/. \
            Stop with Ctrl-C: requests in progress finish or are cancelled; nothing half-written is left.
            """
    )

    @Option(help: "Port to listen on (0: any free port; the URL printed says which).") var port: Int = 8080
    @Option(
        help:
            "Address to bind (127.0.0.1: this machine only; 0.0.0.0: every interface — anyone who can reach it can run simulations and write files under Scenarios/ and Results/)."
    )
    var host: String = "127.0.0.1"

    @Option(help: "Project folder holding Scenarios/ and Results/.") var root: String = "."
    @Option(name: [.short, .long], help: "Worker threads per request (default: all cores). Results do not depend on it.") var threads: Int?
    @Option(help: "Requests that may wait for the engine before others are answered 'busy'.") var waiting: Int = 8

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be in 0…65535 (got \(port)).") }
        if host.isEmpty { throw ValidationError("--host must name an address, for example 127.0.0.1.") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads)).") }
        if !(0...1000).contains(waiting) { throw ValidationError("--waiting must be in 0…1000 (got \(waiting)).") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: "\(root)/Scenarios", isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--root '\(root)' has no Scenarios/ folder: run from the project folder or give --root.")
        }
    }

    func run() async throws {
        let server = WorkbenchServer(
            workbench: Workbench(root: URL(fileURLWithPath: root)), toolVersion: FeeSim.version,
            gslVersion: GSL.version, threads: threads, waiting: waiting)
        let shown = host.contains(":") ? "[\(host)]" : host
        // Runs until SIGINT or SIGTERM, which stop it gracefully (no new connections; requests in flight finish).
        try await server.serve(host: host, port: port) { actual in
            FileHandle.standardOutput.write(Data("FeeSim workbench: open http://\(shown):\(actual)/ (Ctrl-C to stop)\n".utf8))
        }
    }
}
