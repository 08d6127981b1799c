import ArgumentParser
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim merge`: join a sharded sweep's files into the points.csv a single run writes.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join a sweep's shard files into points.csv, reporting missing and duplicated points.",
        discussion: """
            Reads <out>/<study>/points.shard-*-of-N.csv, checks every shard has the study's header, and writes \
            points.csv with the rows in point order — byte for byte what a single `feesim sweep` writes. Refuses \
            (and lists them) when points are missing, unless --allow-missing.
            """
    )

    @Argument(help: "Study file (YAML) the shards ran.", completion: .file(extensions: ["yaml", "yml"])) var spec: String
    @Option(name: [.short, .long], help: "Folder that holds the study's folder.") var out: String = "Results"
    @Flag(help: "Write points.csv even when some points are missing.") var allowMissing = false

    func validate() throws { try validateOutputFolder(out) }

    func run() throws {
        if ComparisonFile.isComparison(path: spec) {
            throw CLIError(
                description: "\(spec) is a comparison file: merge its probabilistic comparison's shards with "
                    + "`feesim compare \(spec) --merge-shards` and the options the shards ran with")
        }
        let study = try StudySpec.load(path: spec)
        let folder = URL(fileURLWithPath: out).appendingPathComponent(study.name)
        let m = try PointsFile.merge(study, in: folder, total: try study.sweepPoints().count)
        print(m.summary)
        if !m.missing.isEmpty && !allowMissing {
            throw CLIError(
                description: "\(m.missing.count) points are missing: rerun their shards (with --resume), or pass --allow-missing")
        }
        let target = folder.appendingPathComponent("points.csv")
        try ResultFolderError.wrap("write", target) { try Data(m.text.utf8).write(to: target, options: .atomic) }
        print("→ \(target.path)")
        try SweepSummary.write(study, rows: m.rows, in: folder)
    }
}
