import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim sweep`: run a scenario at every point of a design, streaming one row per point.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a parameter sweep (grid, Latin hypercube, Sobol or Halton) and stream points.csv.",
        discussion: """
            Every point has a stable id (its index in the design) and seeds derived from (seed, id, replication). \
            Rows are appended to <out>/<study>/points.csv in id order as points finish, so memory stays flat and \
            a killed sweep can go on with --resume. With --shard i/N (or inside a Slurm job array) this process \
            runs every N-th point from i into points.shard-i-of-N.csv; `feesim merge` joins the shards into the \
            same points.csv a single run writes.
            """
    )

    @Argument(help: "Study file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var spec: String

    @Flag(help: "Skip points already in the output file and append the rest.")
    var resume = false

    @Option(help: "Run every N-th point from i (0 ≤ i < N), for clusters. Default: SLURM_ARRAY_TASK_ID/COUNT if set.")
    var shard: String?

    @OptionGroup var options: StudyRunOptions

    func validate() throws {
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard '\(shard)' must be i/N with 0 ≤ i < N, for example 0/4.")
        }
            }

    func run() throws {
        let study = try CLIError.wrap { try StudySpec.load(path: spec) }
        let part = try shard.flatMap(Shard.init) ?? CLIError.wrap { try Shard.fromSlurm() } ?? .whole
        let points = try CLIError.wrap { try study.sweepPoints() }
        let folder = URL(fileURLWithPath: options.out).appendingPathComponent(study.name)
        let file = folder.appendingPathComponent(part.fileName)
        // One process per points file (shards of one study run side by side); rows stream into <file>.part, which
        // replaces the file only when every point of this run is in: a rerun killed early leaves the old file whole.
        _ = try CLIError.wrap { try OutputLock.acquire(for: file) }
        let partial = folder.appendingPathComponent(part.fileName + ".part")
        let header = study.pointsHeader()
        let fm = FileManager.default

        var done = Set<Int>()   // membership only, never iterated
        try CLIError.wrap {
            if resume && !fm.fileExists(atPath: partial.path) && fm.fileExists(atPath: file.path) {
                try ResultFolderError.wrap("copy", file) { try fm.copyItem(at: file, to: partial) }
            }
            if resume, fm.fileExists(atPath: partial.path) {
                done = try PointsFile.completeIDs(at: partial, header: header)
            } else {
                try ResultFolderError.wrap("write", partial) { try Data(header.utf8).write(to: partial, options: .atomic) }
            }
        }
        let todo = points.indices.filter { part.contains($0) && !done.contains($0) }
        let mine = points.indices.filter(part.contains).count
        if !options.quiet {
            FileHandle.standardError.write(Data(("\(study.name): \(points.count) points, shard \(part), \(mine) in this shard; "
                + "\(mine - todo.count) already done, \(todo.count) to run, \(study.replications) replications each\n").utf8))
        }
        let manifest = SweepManifest(
            toolVersion: FeeSim.version, study: spec, sha256: study.contentHash, design: study.design, points: points.count,
            replications: study.replications, seed: study.seed, parameters: study.parameterNames, outputs: study.outputs,
            shard: part.description, commonRandomNumbers: study.commonRandomNumbers ?? false)
        let manifestName = part.count == 1 ? "manifest.json" : "manifest.shard-\(part.index)-of-\(part.count).json"
        try CLIError.wrap {
            try ResultFolderError.wrap("write", folder.appendingPathComponent(manifestName)) {
                try manifest.json().write(to: folder.appendingPathComponent(manifestName), options: .atomic)
            }
        }

        let handle = try CLIError.wrap { try ResultFolderError.wrap("write", partial) { try FileHandle(forWritingTo: partial) } }
        defer { try? handle.close() }
        try handle.seekToEnd()
        let reporter = ProgressReporter(label: study.name, mode: options.progress, quiet: options.quiet)
        var finished = 0
        try CLIError.wrap {
            try Sweep.run(ids: todo, points: points, outputs: study.outputs, replications: study.replications,
                          studySeed: study.seed, commonRandomNumbers: study.commonRandomNumbers ?? false,
                          threads: options.threads, build: { try study.scenario(with: $0) },
                          against: study.against == nil ? nil : { try study.againstScenario(with: $0) }, each: { point in
                              // One complete line per write: a kill leaves at most a partial last line, which
                              // --resume drops.
                              try handle.write(contentsOf: Data(pointsRow(point).utf8))
                              finished += 1
                              reporter.update(finished, todo.count, scenario: "\(study.name) point \(point.id)")
                          })
        }
        reporter.finish()
        try handle.close()
        guard rename(partial.path, file.path) == 0 else {
            throw CLIError(description: "cannot replace \(file.path) with \(partial.lastPathComponent): "
                           + String(cString: strerror(errno)) + " (every row is in \(partial.path))")
        }
        print("→ \(file.path) (\(todo.count) points run)")
        if part.count == 1 {
            let (rows, _) = try PointsFile.rows(at: file, header: header)
            let summary = sweepSummary(study: study, rows: rows)
            try Data(summary.utf8).write(to: folder.appendingPathComponent("summary.md"), options: .atomic)
            print("→ \(folder.path)/summary.md")
        }
    }
}

/// Reading points files back (for --resume and merge).
enum PointsFile {
    /// Ids of the complete rows of a points file with the expected header; a partial last line (from a killed
    /// run) is cut off the file. (Only ever called on a `.part` file this process holds the lock of.)
    static func completeIDs(at url: URL, header: String) throws -> Set<Int> {
        let (rows, validLength) = try self.rows(at: url, header: header)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(validLength))
        try handle.close()
        return Set(rows.map(\.id))
    }

    /// The complete rows (id and the line with its newline) and the byte length they take with the header.
    static func rows(at url: URL, header: String) throws -> ([(id: Int, line: String)], Int) {
        let data = try Data(contentsOf: url)
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix(header) else {
            throw CLIError(description: "\(url.path): its header does not match this study (different parameters or outputs); "
                           + "move it away or run without --resume")
        }
        var rows: [(Int, String)] = []
        var length = header.utf8.count
        let body = text.dropFirst(header.count)
        var start = body.startIndex
        while let newline = body[start...].firstIndex(of: "\n") {
            let line = String(body[start..<newline])
            guard let id = line.split(separator: ",", omittingEmptySubsequences: false).first.flatMap({ Int($0) }) else {
                throw CLIError(description: "\(url.path): a row does not start with a point id: \(line.prefix(60))")
            }
            rows.append((id, line + "\n"))
            length += line.utf8.count + 1
            start = body.index(after: newline)
        }
        return (rows, length)
    }
}
