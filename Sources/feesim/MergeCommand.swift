import ArgumentParser
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

    @Argument(help: "Study file (YAML) the shards ran.", completion: .file(extensions: ["yaml", "yml"]))
    var spec: String

    @Option(name: [.short, .long], help: "Folder that holds the study's folder.")
    var out: String = "Results"

    @Flag(help: "Write points.csv even when some points are missing.")
    var allowMissing = false

    func validate() throws { try validateOutputFolder(out) }

    func run() throws {
        if ComparisonFile.isComparison(path: spec) {
            throw CLIError(description: "\(spec) is a comparison file: merge its probabilistic comparison's shards with "
                           + "`feesim compare \(spec) --merge-shards` and the options the shards ran with")
        }
        let study = try CLIError.wrap { try StudySpec.load(path: spec) }
        let total = try CLIError.wrap { try study.sweepPoints() }.count
        let folder = URL(fileURLWithPath: out).appendingPathComponent(study.name)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("points.shard-") && $0.hasSuffix(".csv") }.sorted()
        guard !names.isEmpty else { throw CLIError(description: "no shard files (points.shard-*-of-N.csv) in \(folder.path)") }
        let header = study.pointsHeader()
        var byID = [String?](repeating: nil, count: total)
        var duplicates: [Int] = []
        for name in names {
            let (rows, _) = try PointsFile.rows(at: folder.appendingPathComponent(name), header: header)
            for row in rows {
                guard (0..<total).contains(row.id) else {
                    throw CLIError(description: "\(name): point \(row.id) is not in this study's \(total) points")
                }
                if let existing = byID[row.id] {
                    duplicates.append(row.id)
                    if existing != row.line {
                        throw CLIError(description: "point \(row.id) appears twice with different results (\(name)); "
                                       + "were the shards run from different study files?")
                    }
                }
                byID[row.id] = row.line
            }
        }
        let missing = byID.indices.filter { byID[$0] == nil }
        print("\(names.count) shard files, \(total) points: \(total - missing.count) present, \(missing.count) missing, "
              + "\(duplicates.count) duplicated (identical, kept once)")
        if !duplicates.isEmpty { print("duplicated: " + duplicates.prefix(20).map(String.init).joined(separator: ", ")) }
        if !missing.isEmpty {
            print("missing: " + missing.prefix(20).map(String.init).joined(separator: ", ") + (missing.count > 20 ? ", …" : ""))
            if !allowMissing { throw CLIError(description: "\(missing.count) points are missing: rerun their shards (with --resume), or pass --allow-missing") }
        }
        let merged = header + byID.compactMap { $0 }.joined()
        let target = folder.appendingPathComponent("points.csv")
        try Data(merged.utf8).write(to: target, options: .atomic)
        print("→ \(target.path)")
        let rows = byID.enumerated().compactMap { id, line in line.map { (id: id, line: $0) } }
        try Data(sweepSummary(study: study, rows: rows).utf8).write(to: folder.appendingPathComponent("summary.md"), options: .atomic)
    }
}
