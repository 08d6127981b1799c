import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

/// An error shown to the user as one clear line (ArgumentParser prints `Error: <description>`), never a trace.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    /// How `error`, thrown by a command's `run()`, is shown (``FeeSim/main()`` passes every such error through
    /// here): a library's ``InputError`` as `--field message`, any other error by its description. ArgumentParser's
    /// own errors (exit codes, usage errors, and the help request its internal help command throws) pass unchanged.
    static func presenting(_ error: Error) -> Error {
        if error is CLIError || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") { return error }
        switch error {
        case let error as InputError: return CLIError(description: "--\(error.field) \(error.message)")
        case let error as CustomStringConvertible & Error: return CLIError(description: error.description)
        default: return CLIError(description: error.localizedDescription)
        }
    }
}

/// Runs a library's check of options in `validate()`: an ``InputError`` becomes the usage error `--field message.`
func checked(_ check: () throws -> Void) throws {
    do { try check() } catch let error as InputError { throw ValidationError("--\(error.field) \(error.message).") }
}

/// `--out` must name a folder: not empty, and not an existing file.
func validateOutputFolder(_ out: String, option: String = "--out") throws {
    if out.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError("\(option) must name a folder (got an empty string).")
    }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
        throw ValidationError("\(option) '\(out)' is a file, not a folder.")
    }
}

/// `--set PATH=VALUE`, repeatable, for every command that loads scenarios.
struct ScenarioOverrides: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "PATH=VALUE, repeatable: change one parameter of every scenario loaded, within its declared range.",
            discussion:
                "For example --set pilot.buildings=5 --set levers.dunning.ladder[2].cost_per_attempt=20. `feesim paths SCENARIO` lists the paths with their units and ranges.",
            valueName: "path=value"), transform: { try ParameterOverride(parsing: $0) })
    var parsed: [ParameterOverride] = []

    /// The scenario file at `path` as loaded (its files and hash) and, with these changes, the scenario to run.
    func load(_ path: String) throws -> (file: LoadedScenario, scenario: Scenario) {
        let loaded = try ScenarioLoader.load(path: path)
        var scenario = loaded.scenario
        try scenario.apply(parsed)
        return (loaded, scenario)
    }
}

/// `<parent>/<name>`, its output lock taken for this process (a second run writing it is refused at once).
func lockedFolder(_ parent: URL, _ name: String...) throws -> URL {
    let folder = name.reduce(parent) { $0.appendingPathComponent($1) }
    try OutputLock.acquire(for: folder)
    return folder
}

/// Where results go and what a run says on stderr meanwhile.
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Folder that receives the results (a folder per scenario, comparison or study).")
    var out: String = "Results"
    @Flag(name: [.short, .long], help: "Print no progress on stderr.") var quiet = false
    @Option(help: "Progress on stderr: bar (with ETA, when stderr is a terminal), json (a line per finished replication or point) or none.")
    var progress: ProgressMode = .bar

    func validate() throws { try validateOutputFolder(out) }

    var folder: URL { URL(fileURLWithPath: out) }

    /// Progress on stderr as these options ask.
    func reporter(label: String) -> ProgressReporter { ProgressReporter(label: label, mode: progress, quiet: quiet) }

    /// A line on stderr, unless --quiet.
    func log(_ line: String) { if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } }
}

/// Options shared by the study commands (sweep, sensitivity, robust).
struct StudyRunOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Worker threads (default: all cores). Results do not depend on it.") var threads: Int?
    @OptionGroup var output: OutputOptions

    func validate() throws { try checked { try RunSettings.check(threads: threads) } }
}

extension ProgressMode: ExpressibleByArgument {}

/// How the simulations run, over the scenario's (or comparison file's) own settings.
struct RunSettingsOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Monte Carlo replications (default: the scenario's, or the comparison file's for every strategy).")
    var replications: Int?
    @Option(name: [.short, .long], help: "Months to simulate (default: the scenario's, or the comparison file's).") var months: Int?
    @Option(help: "Master seed (default: the scenario's, or the comparison file's, shared by every strategy).") var seed: UInt64?
    @Option(name: [.short, .long], help: "Worker threads (default: all cores). Results do not depend on it.") var threads: Int?

    func validate() throws { try checked { try RunSettings.check(months: months, replications: replications, threads: threads) } }

    /// `defaults` with these options' values over them.
    func over(_ defaults: RunSettings, generator: String? = nil) -> RunSettings {
        defaults.overriding(months: months, replications: replications, seed: seed, generator: generator)
    }
}

/// The plan's targets a comparison checks (§1.2), each changeable.
struct PlanTargetOptions: ParsableArguments {
    @Option(help: "Collection-rate target (收缴率).") var targetRate: Double = PlanTargets.plan.collectionRate
    @Option(help: "First month by which the collection-rate target is checked.") var targetMonth: Int = PlanTargets.plan.firstMonth
    @Option(help: "Second month by which the collection-rate target is checked.") var secondMonth: Int = PlanTargets.plan.secondMonth
    @Option(help: "Voluntary payment rate target (主动缴费率).") var voluntaryTarget: Double = PlanTargets.plan.voluntaryRate
    @Option(help: "Month by which the voluntary-rate target is checked.") var voluntaryMonth: Int = PlanTargets.plan.voluntaryMonth
    @Option(help: "Required rise in long-term arrears recovery against the baseline (0.5 = +50%).") var arrearsUplift: Double = PlanTargets
        .plan.arrearsUplift
    @Option(help: "Month at which long-term arrears recovery is compared.") var arrearsMonth: Int = PlanTargets.plan.arrearsMonth

    func validate() throws { try checked { try planTargets.check() } }

    var planTargets: PlanTargets {
        PlanTargets(
            collectionRate: targetRate, firstMonth: targetMonth, secondMonth: secondMonth, voluntaryRate: voluntaryTarget,
            voluntaryMonth: voluntaryMonth, arrearsUplift: arrearsUplift, arrearsMonth: arrearsMonth)
    }
}

/// A transform for `@Option(transform:)`: what `parse` makes of the text, or an error saying what was `expected`
/// (ArgumentParser shows it after "The value '…' is invalid for '--option <value>':").
func parsing<T>(_ expected: String, _ parse: @escaping @Sendable (String) -> T?) -> @Sendable (String) throws -> T {
    { text in
        guard let value = parse(text) else { throw ValidationError(expected) }
        return value
    }
}

/// A comma-separated list of whole numbers given as one option value (`--months 3,6`); the study that takes it
/// checks each number's range.
struct NumberList: ExpressibleByArgument, CustomStringConvertible {
    let values: [Int]

    init(_ values: [Int]) { self.values = values }

    init?(argument: String) {
        let values = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
        self.values = values.map { $0! }
    }

    var description: String { values.map(String.init).joined(separator: ",") }

    /// For `@Option(transform:)`: the list, or an error saying what a list looks like.
    static let parse = parsing("must be whole numbers separated by commas, for example 3,6", NumberList.init(argument:))
}
