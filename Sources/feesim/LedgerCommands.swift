import ArgumentParser
import FeeSimModel
import FeeSimScenario
import Foundation

/// `feesim ledger`: write a synthetic billing ledger from one replication of a scenario.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Write a synthetic monthly billing ledger (one row per unit and month) from one replication.",
        discussion: "Columns: \(Ledger.header). Months are labelled YYYY-MM from --start. Useful to try `feesim import`."
    )

    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(name: [.short, .long], help: "Ledger file to write (CSV).")
    var out: String

    @Option(name: [.short, .long], help: "Months to write (default: the scenario's).")
    var months: Int?

    @Option(help: "Replication to record.")
    var replication: Int = 0

    @Option(help: "First month's label, YYYY-MM.")
    var start: String = "2025-01"

    func validate() throws {
        let parts = start.split(separator: "-")
        if parts.count != 2 || Int(parts[0]) == nil || !(1...12).contains(Int(parts[1]) ?? 0) {
            throw ValidationError("--start must be YYYY-MM (got \(start)).")
        }
        if let months, !(1...1200).contains(months) { throw ValidationError("--months must be in 1…1200 (got \(months)).") }
        if replication < 0 { throw ValidationError("--replication must be ≥ 0.") }
    }

    func run() throws {
        var s = try CLIError.wrap { try ScenarioLoader.load(path: scenario).scenario }
        if let months { s.months = months }
        let parts = start.split(separator: "-").map { Int($0)! }
        let text = try CLIError.wrap { try Ledger.synthetic(from: s, replication: replication, startYear: parts[0], startMonth: parts[1]) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        print("→ \(out): \(s.community.households) units × \(s.months) months")
    }
}

/// `feesim import`: a billing ledger to a community scenario that starts from the observed state.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a monthly billing ledger and write a community scenario starting from its observed state.",
        discussion: """
            Ledger columns: \(Ledger.header) (flags: vacant, hardship; `;`-separated). Writes <out>/<name>.yaml \
            (segments, fee rate, area and propensity distributions estimated from the payment history) and \
            <out>/<name>-state.csv (each unit's building, segment, floor area and arrears at the end of the ledger). \
            A bad row stops the import with its line number, unless --skip-bad-rows (which reports how many).
            """
    )

    @Argument(help: "Ledger (CSV).", completion: .file(extensions: ["csv"]))
    var ledger: String

    @Option(help: "Name of the scenario to write (default: the ledger's file name).")
    var name: String?

    @Option(name: [.short, .long], help: "Folder for the scenario and its state file.")
    var out: String = "Scenarios"

    @Option(help: "Horizon of the written scenario, in months.")
    var months: Int = 24

    @Flag(help: "Skip malformed rows (counted and reported) instead of stopping at the first.")
    var skipBadRows = false

    func validate() throws {
        try validateOutputFolder(out)
        if let name, !Self.isPlainName(name) {
            throw ValidationError("--name '\(name)' must be a plain file name (letters, digits, '-', '_' or '.', not starting "
                                  + "with '.'), so that the scenario stays inside --out.")
        }
        if !(1...1200).contains(months) { throw ValidationError("--months must be in 1…1200 (got \(months)).") }
    }

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.count <= 200
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: ledger) else { throw CLIError(description: "\(ledger): no such file") }
        let text = try CLIError.wrap { try Ledger.decode(data, file: ledger) }
        let parsed = try CLIError.wrap { try Ledger.parse(text, file: ledger, skipBadRows: skipBadRows) }
        let scenarioName = name ?? URL(fileURLWithPath: ledger).deletingPathExtension().lastPathComponent
        guard Self.isPlainName(scenarioName) else {
            throw CLIError(description: "the ledger's file name '\(scenarioName)' is not a plain name: give --name")
        }
        let stateFile = "\(scenarioName)-state.csv"
        let estimate = parsed.estimate(name: scenarioName, stateFile: stateFile, horizon: months)
        let folder = URL(fileURLWithPath: out)
        let yamlURL = folder.appendingPathComponent("\(scenarioName).yaml")
        let stateURL = folder.appendingPathComponent(stateFile)
        // Both files are written and checked in a staging folder, and moved into --out only when the scenario
        // loads: a failed import leaves nothing behind.
        let staging = folder.appendingPathComponent(".feesim-import-\(scenarioName)-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: staging) }
        try CLIError.wrap {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            try Data(estimate.stateCSV.utf8).write(to: staging.appendingPathComponent(stateFile))
            try Data(estimate.scenarioYAML.utf8).write(to: staging.appendingPathComponent("\(scenarioName).yaml"))
            _ = try CompiledModel(try ScenarioLoader.load(path: staging.appendingPathComponent("\(scenarioName).yaml").path).scenario)
            for (file, target) in [(stateFile, stateURL), ("\(scenarioName).yaml", yamlURL)] {
                guard rename(staging.appendingPathComponent(file).path, target.path) == 0 else {
                    throw CLIError(description: "cannot write \(target.path): \(String(cString: strerror(errno)))")
                }
            }
        }
        if !parsed.skipped.isEmpty {
            print("skipped \(parsed.skipped.count) bad rows (first: line \(parsed.skipped[0].line): \(parsed.skipped[0].reason))")
        }
        print(String(format: "%d units in %d buildings over %d months; fee rate %.3g yuan/m²/month; vacant %.1f%%; observed collection rate %.1f%%",
                     estimate.households, estimate.buildings, estimate.months, estimate.feeRate, estimate.vacantShare * 100,
                     estimate.collectionRate * 100))
        print("→ \(yamlURL.path) and \(stateFile)")
    }
}
