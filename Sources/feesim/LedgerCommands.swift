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

    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"])) var scenario: String
    @Option(name: [.short, .long], help: "Ledger file to write (CSV).") var out: String
    @Option(name: [.short, .long], help: "Months to write (default: the scenario's).") var months: Int?
    @Option(help: "Replication to record.") var replication: Int = 0
    @Option(help: "First month's label, YYYY-MM.") var start: String = "2025-01"

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
        s.settings = s.settings.overriding(months: months)
        let parts = start.split(separator: "-").map { Int($0)! }
        try CLIError.wrap {
            let text = try Ledger.synthetic(from: s, replication: replication, startYear: parts[0], startMonth: parts[1])
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        }
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

    @Argument(help: "Ledger (CSV).", completion: .file(extensions: ["csv"])) var ledger: String
    @Option(help: "Name of the scenario to write (default: the ledger's file name).") var name: String?
    @Option(name: [.short, .long], help: "Folder for the scenario and its state file.") var out: String = "Scenarios"
    @Option(help: "Horizon of the written scenario, in months.") var months: Int = 24
    @Flag(help: "Skip malformed rows (counted and reported) instead of stopping at the first.") var skipBadRows = false

    func validate() throws {
        try validateOutputFolder(out)
        if let name, !Ledger.isPlainName(name) {
            throw ValidationError("--name '\(name)' must be a plain file name (letters, digits, '-', '_' or '.', not starting "
                                  + "with '.'), so that the scenario stays inside --out.")
        }
        if !(1...1200).contains(months) { throw ValidationError("--months must be in 1…1200 (got \(months)).") }
    }

    func run() throws {
        let (parsed, e, yaml) = try CLIError.wrap {
            try Ledger.importFile(at: ledger, name: name, into: URL(fileURLWithPath: out), horizon: months, skipBadRows: skipBadRows)
        }
        if let first = parsed.skipped.first {
            print("skipped \(parsed.skipped.count) bad rows (first: line \(first.line): \(first.reason))")
        }
        print(String(format: "%d units in %d buildings over %d months; fee rate %.3g yuan/m²/month; vacant %.1f%%; observed collection rate %.1f%%",
                     e.households, e.buildings, e.months, e.feeRate, e.vacantShare * 100, e.collectionRate * 100))
        print("→ \(yaml.path) and \(yaml.deletingPathExtension().lastPathComponent)-state.csv")
    }
}
