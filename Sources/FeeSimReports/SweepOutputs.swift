import FeeSimExperiments
import FeeSimScenario
import Foundation

/// A sweep's points files (`points.csv`, or `points.shard-i-of-N.csv` per shard): one row per point, streamed in as
/// points finish, resumable, and merged back into the file a single run writes.
public enum PointsFile {
    /// The header of points.csv: each parameter by its path as scenario files and `--set` spell it (the one rule
    /// of every file: `levers.dunning.ladder[0].uplift`), then each output's mean and sd
    /// (`collection_rate_year_1_mean`).
    public static func header(_ study: StudySpec) -> String {
        (["point"] + study.parameterNames
            + study.outputs.flatMap { [CSVFormat.columnName($0) + "_mean", CSVFormat.columnName($0) + "_sd"] })
            .joined(separator: ",") + "\n"
    }

    /// One row of points.csv, with its newline.
    public static func row(_ p: PointResult) -> String {
        ([String(p.id)] + p.values.map(CSVFormat.number)
            + zip(p.means, p.sds).flatMap { [CSVFormat.number($0), CSVFormat.number($1)] }).joined(separator: ",") + "\n"
    }

    /// The file a sweep shard writes its points to.
    public static func name(_ shard: Shard) -> String {
        shard.count == 1 ? "points.csv" : "points.shard-\(shard.index)-of-\(shard.count).csv"
    }

    /// Ids of the complete rows of a points file with the expected header; a partial last line (from a killed
    /// run) is cut off the file. (Only ever called on a `.part` file this process holds the lock of.)
    static func completeIDs(at url: URL, header: String) throws -> Set<Int> {
        let (rows, validLength) = try self.rows(at: url, header: header)
        try ResultFolderError.wrap("truncate", url) {
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(validLength))
            try handle.close()
        }
        return Set(rows.map(\.id))
    }

    /// The complete rows (id and the line with its newline) and the byte length they take with the header.
    public static func rows(at url: URL, header: String) throws -> ([(id: Int, line: String)], Int) {
        let data = try InputFile.readResult(url)
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix(header) else {
            throw ResultFolderError(
                "\(url.path): its header does not match this study (different parameters or outputs); "
                    + "move it away or run without --resume")
        }
        var rows: [(Int, String)] = []
        var length = header.utf8.count
        let body = text.dropFirst(header.count)
        var start = body.startIndex
        while let newline = body[start...].firstIndex(of: "\n") {
            let line = String(body[start..<newline])
            guard let id = line.split(separator: ",", omittingEmptySubsequences: false).first.flatMap({ Int($0) }) else {
                throw ResultFolderError("\(url.path): a row does not start with a point id: \(line.prefix(60))")
            }
            rows.append((id, line + "\n"))
            length += line.utf8.count + 1
            start = body.index(after: newline)
        }
        return (rows, length)
    }

    /// What merging a sweep's shard files found.
    public struct Merge: Sendable {
        public let shardFiles: Int
        public let total: Int
        /// Ids present in more than one shard file (with identical rows), in the order met.
        public let duplicated: [Int]
        /// Ids no shard file has, ascending.
        public let missing: [Int]
        /// points.csv's text: the header and the present rows in id order.
        public let text: String
        /// The present rows, in id order (for the summary).
        public let rows: [(id: Int, line: String)]

        /// What the merge found: shard files and points present, missing and duplicated, then up to 20 ids of each
        /// (", …" when there are more).
        public var summary: String {
            func ids(_ list: [Int]) -> String { list.prefix(20).map(String.init).joined(separator: ", ") + (list.count > 20 ? ", …" : "") }
            var lines = [
                "\(shardFiles) shard files, \(total) points: \(total - missing.count) present, \(missing.count) missing, "
                    + "\(duplicated.count) duplicated (identical, kept once)"
            ]
            if !duplicated.isEmpty { lines.append("duplicated: " + ids(duplicated)) }
            if !missing.isEmpty { lines.append("missing: " + ids(missing)) }
            return lines.joined(separator: "\n")
        }
    }

    /// Reads every `points.shard-*-of-N.csv` of `study` in `folder` (names in sorted order) and joins their rows in point
    /// order. Throws when there are no shard files, when a row's id is not one of the study's `total` points, or when
    /// one point has two different rows.
    public static func merge(_ study: StudySpec, in folder: URL, total: Int) throws -> Merge {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("points.shard-") && $0.hasSuffix(".csv") }.sorted()
        guard !names.isEmpty else { throw ResultFolderError("no shard files (points.shard-*-of-N.csv) in \(folder.path)") }
        let header = header(study)
        var byID = [String?](repeating: nil, count: total)
        var duplicated: [Int] = []
        for name in names {
            for row in try rows(at: folder.appendingPathComponent(name), header: header).0 {
                guard (0..<total).contains(row.id) else {
                    throw ResultFolderError("\(name): point \(row.id) is not in this study's \(total) points")
                }
                if let existing = byID[row.id] {
                    duplicated.append(row.id)
                    if existing != row.line {
                        throw ResultFolderError(
                            "point \(row.id) appears twice with different results (\(name)); "
                                + "were the shards run from different study files?")
                    }
                }
                byID[row.id] = row.line
            }
        }
        let present = byID.enumerated().compactMap { id, line in line.map { (id: id, line: $0) } }
        return Merge(
            shardFiles: names.count, total: total, duplicated: duplicated,
            missing: byID.indices.filter { byID[$0] == nil }, text: header + present.map(\.line).joined(), rows: present)
    }
}

/// The points file one sweep process writes: rows stream into `<file>.part`, which replaces the file only when
/// every point of this run is in, so a run killed early leaves the previous file whole and `--resume` goes on
/// from the complete rows of the `.part` (a partial last line is dropped). One process per points file, by lock.
public final class PointsFileWriter {
    public let file: URL
    /// The ids this run evaluates: the shard's, minus those already in the file when resuming, ascending.
    public let todo: [Int]
    /// Ids of the shard (resumed or not).
    public let inShard: Int
    private let partial: URL
    private let handle: FileHandle
    private let lock: OutputLock   // held for the process's life, like every output lock

    /// Opens `<folder>/<points file of shard>.part` (header written, or the complete rows kept when `resume`) and
    /// writes the shard's manifest. `points` is the design's size.
    public init(_ study: StudySpec, folder: URL, shard: Shard, points: Int, resume: Bool, toolVersion: String) throws {
        file = folder.appendingPathComponent(PointsFile.name(shard))
        lock = try OutputLock.acquire(for: file)
        partial = folder.appendingPathComponent(PointsFile.name(shard) + ".part")
        let header = PointsFile.header(study)
        let fm = FileManager.default
        var done = Set<Int>()   // membership only, never iterated
        if resume && !fm.fileExists(atPath: partial.path) && fm.fileExists(atPath: file.path) {
            try ResultFolderError.wrap("copy", file) { [file, partial] in try fm.copyItem(at: file, to: partial) }
        }
        if resume, fm.fileExists(atPath: partial.path) {
            done = try PointsFile.completeIDs(at: partial, header: header)
        } else {
            try ResultFolderError.wrap("write", partial) { [partial] in try Data(header.utf8).write(to: partial, options: .atomic) }
        }
        let mine = (0..<points).filter(shard.contains)
        inShard = mine.count
        todo = mine.filter { !done.contains($0) }
        try SweepManifest(study, points: points, shard: shard, toolVersion: toolVersion).write(in: folder, shard: shard)
        handle = try ResultFolderError.wrap("write", partial) { [partial] in try FileHandle(forWritingTo: partial) }
        try handle.seekToEnd()
    }

    /// Appends one point's row: one complete line per write, so a kill leaves at most a partial last line.
    public func append(_ point: PointResult) throws {
        try ResultFolderError.wrap("write", partial) { try handle.write(contentsOf: Data(PointsFile.row(point).utf8)) }
    }

    /// Closes the `.part` and renames it over the points file.
    public func finish() throws {
        try handle.close()
        guard rename(partial.path, file.path) == 0 else {
            throw ResultFolderError(
                "cannot replace \(file.path) with \(partial.lastPathComponent): "
                    + String(cString: strerror(errno)) + " (every row is in \(partial.path))")
        }
    }

    deinit { try? handle.close() }
}

/// A sweep's ranked table, summary.md: for each output, the parameters by the size of their Spearman rank correlation
/// with it over the sweep's points (a first screen; `feesim sensitivity` gives variance-based indices).
public enum SweepSummary {
    public static func markdown(_ study: StudySpec, rows: [(id: Int, line: String)]) -> String {
        let k = study.parameterNames.count
        let table = rows.map { $0.line.dropLast().split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan } }
        var md = "# Sweep: \(study.name)\n\n"
        if !study.description.isEmpty { md += study.description + "\n\n" }
        md += "\(rows.count) points (\(study.design)), \(study.replications) replications each. Parameters ranked by "
        md += "|Spearman ρ| between the parameter and the output's mean over the points.\n\n"
        if let against = study.against {
            md += "Outputs are **differences against \(against.scenario.name)** (point minus it, replication by replication, "
            md += "on the same random numbers): effects, not levels.\n\n"
        }
        for (o, output) in study.outputs.enumerated() {
            let y = table.map { $0[1 + k + 2 * o] }
            let rho = (0..<k).map { p in (study.parameterNames[p], RankCorrelation.spearman(table.map { $0[1 + p] }, y)) }
                .sorted { (abs($0.1.isNaN ? 0 : $0.1), $1.0) > (abs($1.1.isNaN ? 0 : $1.1), $0.0) }
            let values = y.filter { !$0.isNaN }.sorted()
            func g(_ x: Double?) -> String { x.map { String(format: "%.4g", $0) } ?? "–" }
            md += "## \(output)\n\nacross points: min \(g(values.first)), median "
            md += "\(g(values.isEmpty ? nil : SampleSummary.quantile(sorted: values, 0.5))), max \(g(values.last))\n\n"
            md += "| rank | parameter | Spearman ρ |\n|---|---|---|\n"
            for (rank, (name, r)) in rho.enumerated() { md += "| \(rank + 1) | `\(name)` | \(String(format: "%+.3f", r)) |\n" }
            md += "\n"
        }
        return md
    }

    /// Writes `<folder>/summary.md` from the rows of the study's complete points file.
    public static func write(_ study: StudySpec, rows: [(id: Int, line: String)], in folder: URL) throws {
        let url = folder.appendingPathComponent("summary.md")
        try ResultFolderError.wrap("write", url) { try Data(markdown(study, rows: rows).utf8).write(to: url, options: .atomic) }
    }
}
