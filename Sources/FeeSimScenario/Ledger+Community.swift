import FeeSimModel
import Foundation

extension Ledger {
    /// The plan's strategies a community folder compares, in the shipped communities' order: each file in the
    /// strategies folder (`Scenarios/strategies/`) and whether it runs on the plan's phased rollout (the strategy
    /// alone, layered on `full-plan.yaml`) or on the status quo itself (the full bundles).
    public static let communityStrategies: [(file: String, onFullPlan: Bool)] = [
        ("transparency", true), ("smart-dunning", true), ("assistance", true), ("cogovernance", true),
        ("full-plan", false), ("full-everywhere", false), ("no-legal", true)
    ]

    /// Imports the ledger at `path` as a compare-ready community folder `folder` (which must not exist yet):
    /// `ledger.yaml` and `ledger-state.csv` (the estimate, as ``importFile(at:name:into:horizon:skipBadRows:)``),
    /// `status-quo.yaml` (which extends it and `calibrated.yaml`, the posterior medians calibration writes),
    /// `targets.yaml` (the calibration targets the ledger observes, ``Estimate/targetsYAML(community:)``), one file
    /// per strategy of ``communityStrategies`` (each extends the status quo and the strategy in `strategies`, piloted
    /// in a quarter of the buildings) and `compare.yaml` (all of them against the status quo). Everything is
    /// written in a staging folder, the comparison loaded and checked there, and the folder moved into place only
    /// then, so a failed import leaves nothing behind and never touches an existing community.
    /// - Parameter strategies: the folder holding the plan's strategy files (`Scenarios/strategies`).
    /// - Returns: the ledger, the estimate and the community folder's URL.
    public static func importCommunity(
        at path: String, into folder: URL, strategies: URL, horizon: Int, skipBadRows: Bool
    ) throws -> (ledger: Ledger, estimate: Estimate, folder: URL) {
        let name = folder.lastPathComponent
        guard isPlainName(name) else {
            throw InputError(
                field: "community",
                "'\(name)' must be a plain folder name (letters, digits, '-', '_' or '.', not starting with '.')")
        }
        guard !FileManager.default.fileExists(atPath: folder.path) else {
            throw InputError(
                field: "community", "\(folder.path) already exists: choose another name (an import never replaces a community)")
        }
        let parent = folder.deletingLastPathComponent()
        for s in communityStrategies {
            let file = strategies.appendingPathComponent("\(s.file).yaml")
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw ScenarioError.missingFile(file.path)
            }
        }
        let staging = parent.appendingPathComponent(".feesim-community-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: staging)
        defer { try? FileManager.default.removeItem(at: staging) }
        try FileWriteError.wrap(staging) { try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true) }
        let (ledger, estimate, _) = try importFile(at: path, name: "ledger", into: staging, horizon: horizon, skipBadRows: skipBadRows)
        // A strategy file names the shared strategies folder relative to the community when they sit side by side
        // (Scenarios/<community> and Scenarios/strategies), else by its full path.
        let sideBySide = strategies.standardizedFileURL.deletingLastPathComponent().path == parent.standardizedFileURL.path
        let strategiesPath = sideBySide ? "../\(strategies.lastPathComponent)" : strategies.standardizedFileURL.path
        let pilot = max(1, estimate.buildings / 4)
        let statusQuo = """
            # \(name)'s status quo: the community estimated from its billing ledger (ledger.yaml, ledger-state.csv), with
            # the behaviour a ledger cannot show at its calibrated values (calibrated.yaml: the posterior medians that
            # `feesim calibrate status-quo.yaml --targets targets.yaml` writes, with posterior.csv).
            extends: [ledger.yaml, calibrated.yaml]
            title: {en: "Status quo", zh: "现状"}
            description: >
              \(name), imported from a billing ledger: today's practice, no lever of the plan.

            """
        let notCalibrated = """
            # Posterior medians of posterior.csv, written by `feesim calibrate status-quo.yaml --targets targets.yaml`.
            # Not calibrated yet: until then the status quo runs at the ledger's estimate and the model's defaults.
            description: not calibrated yet

            """
        var files: [(String, String)] = [
            ("status-quo.yaml", statusQuo), ("calibrated.yaml", notCalibrated), ("targets.yaml", estimate.targetsYAML(community: name))
        ]
        for s in communityStrategies {
            let base = s.onFullPlan ? "full-plan.yaml" : "status-quo.yaml"
            var text = "# \(name): the strategy in \(strategiesPath)/\(s.file).yaml over this community (written by `feesim import`).\n"
            text += "extends: [\(base), \(strategiesPath)/\(s.file).yaml]\n"
            if !s.onFullPlan { text += "pilot: {buildings: \(pilot)}   # a quarter of the buildings (the plan's pilot, §8)\n" }
            files.append(("\(s.file).yaml", text))
        }
        let compare = """
            # Every strategy of the plan against the status quo of the community imported from \(URL(fileURLWithPath: path).lastPathComponent),
            # with common random numbers: `feesim compare \(folder.lastPathComponent)/compare.yaml`. Calibrate first
            # (`feesim calibrate …/status-quo.yaml --targets …/targets.yaml` writes posterior.csv beside it).
            description:
              en: "\(name) (imported from a billing ledger) — the plan's strategies against today's status quo."
              zh: "\(name)（由收费台账导入）：方案各项措施与现状对比。"
            baseline: status-quo.yaml
            variants:
            \(communityStrategies.map { "  - \($0.file).yaml" }.joined(separator: "\n"))

            """
        files.append(("compare.yaml", compare))
        for (file, text) in files {
            let url = staging.appendingPathComponent(file)
            try FileWriteError.wrap(url) { try Data(text.utf8).write(to: url, options: .atomic) }
        }
        let comparison = try ComparisonFile.load(path: staging.appendingPathComponent("compare.yaml").path)
        _ = try CalibrationTargets.load(path: staging.appendingPathComponent("targets.yaml").path, scenario: comparison.baseline.scenario)
        guard rename(staging.path, folder.path) == 0 else {
            throw ScenarioError(
                location: SourceLocation(file: folder.path, line: 0, column: 0), keyPath: "", value: nil,
                problem: "cannot write: \(String(cString: strerror(errno)))")
        }
        return (ledger, estimate, folder)
    }
}

extension Ledger.Estimate {
    /// The calibration targets a ledger observes (docs/CALIBRATION.md's format), for the status quo it starts:
    /// 收缴率 of years 1 and 2 at the ledger period's (``periodCollectionRate``: a status quo that holds steady), the
    /// share owing at year 1's end at the share owing at the ledger's end, and cash ÷ billing at the ledger's. A
    /// ledger shorter than a year measures a shorter period than the model's year, so the sds are wider than a
    /// year's sampling error. The calibrated parameters are those the
    /// shipped communities calibrate (grievance onset, the occupied units' attention and payment propensity,
    /// repayment of the whole debt, collectability, withholding), each with the prior those use.
    public func targetsYAML(community: String) -> String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        let source = "the ledger (\(months) months)"
        return """
            # Calibration targets of \(community)'s status quo, observed in its billing ledger (written by `feesim import`):
            #   feesim calibrate status-quo.yaml --targets targets.yaml
            # writes posterior.csv beside this file. Each target: its value, its measurement uncertainty (sd) and source.
            months: 24
            targets:
              collection_rate_year_1: {value: \(f(periodCollectionRate)), sd: 0.03, source: "\(source): 本期实收 ÷ 本期应收"}
              collection_rate_year_2: {value: \(f(periodCollectionRate)), sd: 0.03, source: "\(source): a status quo that holds steady"}
              owing_share_year_1: {value: \(f(owingShare)), sd: 0.05, source: "\(source): units owing at its end"}
              cash_to_billing_year_1: {value: \(f(cashToBilling)), sd: 0.03, source: "\(source): all cash over all bills"}
            parameters:                # calibrated, each with a uniform prior on [min, max]
              behaviour.grievance_entry: {min: 0.002, max: 0.08}
              community.segments.occupied.attention: {min: 0.2, max: 0.99}
              community.segments.occupied.propensity.a: {min: 0.3, max: 10}
              behaviour.repay_all_prob: {min: 0.3, max: 0.95}
              behaviour.collectability_half_life: {min: 3, max: 36}
              behaviour.withhold_share: {min: 0.5, max: 0.95}
              behaviour.withhold_release: {min: 0.005, max: 0.1}
            posterior: {particles: 200, replications: 4, waves: 12, seed: 20261127}

            """
    }
}
