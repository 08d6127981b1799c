import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import GSLKit

/// `feesim pilot-records`: one simulated pilot's records, the truth known, for trying `feesim update`.
struct PilotRecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pilot-records",
        abstract: "Simulate one pilot's records as a property company would keep them (the truth known).",
        discussion: """
            Runs the challenger's levers in k treated buildings over the pilot's months (default: its rollout's \
            pilot phase, months 3–6 in the plan) with k control buildings, both drawn at random (stream \
            pilot_buildings of the replication), everything else as the status quo, and writes what a ledger would \
            hold: one row per building and month (docs/DATA.md, "Pilot records"). --set PATH=VALUE sets the truth \
            (for example a lever effect other than the stated one); the file's `#` lines record it. `feesim update` \
            reads the file.
            """
    )

    @Argument(help: "The challenger scenario (its community and levers are the pilot's).", completion: .file(extensions: ["yaml", "yml"]))
    var challenger: String
    @OptionGroup var overrides: ScenarioOverrides
    @Option(help: "Treated buildings (as many controls), at least 2 (default: the scenario's pilot size, at least 2).")
    var treated: Int?
    @Option(help: "First month of the pilot (default: the rollout's pilot phase's, else 3).") var from: Int?
    @Option(help: "Last month of the pilot (default: the rollout's pilot phase's, else 6).") var to: Int?
    @Option(help: "The replication simulated: its households and luck (0-based).") var replication = 0
    @Option(
        help:
            "Master seed of the simulated pilot (default: one of its own, derived from the scenario's, so the records are not one of the histories `feesim update` simulates)."
    )
    var seed: UInt64?
    @Option(name: [.short, .long], help: "Where to write the records (CSV).") var output: String

    func run() throws {
        let (_, s) = try overrides.load(challenger)
        let phase = s.rollout.first { $0.buildings == .pilot }
        let first = from ?? phase?.startMonth ?? 3, last = to ?? phase?.endMonth ?? 6
        try InputError.check(first, in: 1...RunSettings.monthRange.upperBound, field: "from")
        try InputError.check(last, in: first...RunSettings.monthRange.upperBound, field: "to")
        try InputError.check(replication, in: 0...1_000_000, field: "replication")
        let nb = s.community.buildings
        let pilotSize: Int = {
            switch s.pilot {
            case .count(let k): return k
            case .buildings(let list): return list.count
            }
        }()
        let k = treated ?? max(2, pilotSize)
        guard k >= 2, 2 * k <= nb else {
            throw InputError(field: "treated", "\(k): a pilot needs k ≥ 2 treated and k control buildings, and the community has \(nb)")
        }
        let levers = s.rollout.reduce(LeverSet()) { $0.union($1.levers) }
        guard levers.rawValue != 0 else { throw ParameterError(message: "\(s.name): its rollout switches on no lever") }
        let rng = try RandomStream(
            seed: SeedSequence.seed(master: seed ?? s.seed, replication: UInt64(replication), stream: .pilotBuildings, offset: UInt64(k)))
        var order = (0..<nb).map { Int32($0) }
        rng.shuffle(&order)
        let treatedBuildings = order.prefix(k).map { Int($0) + 1 }.sorted()
        let controlBuildings = order.dropFirst(k).prefix(k).map { Int($0) + 1 }.sorted()
        var pilotScenario = s
        pilotScenario.rollout = [
            Phase(name: "pilot", startMonth: first, endMonth: last, buildings: .list(treatedBuildings.map { $0 - 1 }), levers: levers)
        ]
        let master = seed ?? SeedSequence.seed(master: s.seed, replication: 0, stream: .pilotRecords)
        if master == s.seed {
            FileHandle.standardError.write(
                Data(
                    ("warning: --seed \(master) is the scenario's own seed, which `feesim update` simulates with: its "
                        + "records would be one of the update's own histories (leave --seed out for a seed of its own)\n").utf8))
        }
        let model = try CompiledModel(pilotScenario, settings: pilotScenario.settings.overriding(months: last, seed: master))
        let sim = try Simulation(model: model, replication: replication)
        sim.recordBuildingEvents()
        _ = sim.run()
        let prefixes = levers.levers.map { "levers.\($0.key)." }
        let truth = s.parameterPaths.filter { p in p.prior != nil && prefixes.contains { p.path.hasPrefix($0) } }
        var notes = [
            "FeeSim simulated pilot: \(s.name) (\(ProjectPath.relative(challenger))), replication \(replication), seed \(master)",
            "levers \(levers.levers.map(\.key).joined(separator: ", ")) in the treated buildings, months \(first)–\(last)"
        ]
        notes += overrides.parsed.map { "set \($0.description)" }
        notes += truth.map { "truth \($0.path) = \(CSVFormat.number($0.value(in: s)))" }
        notes.append("re-create: feesim " + CommandLine.arguments.dropFirst().joined(separator: " "))
        let records = PilotEvidence.records(
            of: sim, treated: treatedBuildings, control: controlBuildings, months: first...last, notes: notes)
        let url = URL(fileURLWithPath: output)
        try ResultFolderError.wrap("write", url) { try Data(PilotRecordsFile.csv(records).utf8).write(to: url, options: .atomic) }
        print("\(records.rows.count) rows (\(k) treated and \(k) control buildings × months \(first)–\(last)) → \(output)")
    }
}
