import ArgumentParser
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim ledger`: write a synthetic billing ledger from one replication of a scenario.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Write a synthetic monthly billing ledger (one row per unit and month) from one replication.",
        discussion: """
            Columns: \(Ledger.header). Months are labelled YYYY-MM from --start. A file ending in .xlsx is written as an \
            Excel workbook (one sheet, the same columns), as property-management systems export ledgers. Useful to try \
            `feesim import`.
            """
    )

    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"])) var scenario: String
    @Option(name: [.short, .long], help: "Ledger file to write (CSV, or .xlsx for a workbook).") var out: String
    @Option(name: [.short, .long], help: "Months to write (default: the scenario's).") var months: Int?
    @Option(help: "Replication to record.") var replication: Int = 0
    @Option(help: "First month's label, YYYY-MM (year 1900…2200).") var start: String = "2025-01"

    func validate() throws { try checked { try RunSettings.check(months: months) } }

    func run() throws {
        var s = try ScenarioLoader.load(path: scenario).scenario
        s.settings = s.settings.overriding(months: months)
        let text = try Ledger.synthetic(from: s, replication: replication, start: start)
        let url = URL(fileURLWithPath: out)
        if out.lowercased().hasSuffix(".xlsx") {
            try LedgerWorkbookWriter.write(csv: text, to: url)
        } else {
            try ResultFolderError.wrap("write", url) { try Data(text.utf8).write(to: url, options: .atomic) }
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
            Ledger columns: \(Ledger.header) (flags: vacant, hardship; `;`-separated), in a CSV file or in the first \
            sheet of an .xlsx workbook (Chinese headers such as 房号, 楼栋, 建筑面积, 月份, 应收金额, 实收金额, 缴费日期, 标记 \
            are understood; dates may be Excel dates). Writes <out>/<name>.yaml \
            (segments, fee rate, area and propensity distributions estimated from the payment history) and \
            <out>/<name>-state.csv (each unit's building, segment, floor area and arrears at the end of the ledger). \
            A bad row stops the import with its line number, unless --skip-bad-rows (which reports how many).
            """
    )

    @Argument(help: "Ledger (CSV or .xlsx).", completion: .file(extensions: ["csv", "xlsx"])) var ledger: String
    @Option(help: "Name of the scenario to write (default: the ledger's file name).") var name: String?
    @Option(name: [.short, .long], help: "Folder for the scenario and its state file.") var out: String = "Scenarios"
    @Option(help: "Horizon of the written scenario, in months.") var months: Int = 24
    @Flag(help: "Skip malformed rows (counted and reported) instead of stopping at the first.") var skipBadRows = false
    @Option(
        help: ArgumentHelp(
            "Write a compare-ready community folder <out>/<community>/ instead of one scenario.",
            discussion: """
                The folder holds status-quo.yaml and its state file, targets.yaml (the calibration targets the ledger \
                observes), a file per strategy of the plan (from <out>/strategies/) and compare.yaml. Then \
                `feesim calibrate <out>/<community>/status-quo.yaml --targets <out>/<community>/targets.yaml` writes its \
                posterior and `feesim compare <out>/<community>/compare.yaml` compares the plan's strategies.
                """))
    var community: String?

    func validate() throws { try validateOutputFolder(out) }

    func run() throws {
        if let community {
            let root = URL(fileURLWithPath: out)
            let (parsed, estimate, folder) = try Ledger.importCommunity(
                at: ledger, into: root.appendingPathComponent(community), strategies: root.appendingPathComponent("strategies"),
                horizon: months, skipBadRows: skipBadRows)
            if let skipped = parsed.skippedSummary { print(skipped) }
            print(estimate.summary)
            print("→ \(folder.path)/: status-quo.yaml, targets.yaml, compare.yaml and \(Ledger.communityStrategies.count) strategies")
            print("next: feesim calibrate \(folder.path)/status-quo.yaml --targets \(folder.path)/targets.yaml")
            return
        }
        let (parsed, estimate, yaml) = try Ledger.importFile(
            at: ledger, name: name, into: URL(fileURLWithPath: out),
            horizon: months, skipBadRows: skipBadRows)
        if let skipped = parsed.skippedSummary { print(skipped) }
        print(estimate.summary)
        print("→ \(yaml.path) and \(yaml.deletingPathExtension().lastPathComponent)-state.csv")
    }
}
