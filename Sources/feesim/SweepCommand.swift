import ArgumentParser
import FeeSimExperiments
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

    @Argument(help: "Study file (YAML).", completion: .file(extensions: ["yaml", "yml"])) var spec: String
    @Flag(help: "Skip points already in the output file and append the rest.") var resume = false
    @Option(
        help: "Run every N-th point from i (0 ≤ i < N), for clusters. Default: SLURM_ARRAY_TASK_ID/COUNT if set.",
        transform: parsing("must be i/N with 0 ≤ i < N, for example 0/4", Shard.init))
    var shard: Shard?
    @OptionGroup var options: StudyRunOptions

    func run() throws {
        let study = try StudySpec.load(path: spec)
        let part = try shard ?? Shard.fromSlurm() ?? .whole
        let points = try study.sweepPoints()
        let folder = URL(fileURLWithPath: options.output.out).appendingPathComponent(study.name)
        let writer = try PointsFileWriter(
            study, folder: folder, shard: part, points: points.count, resume: resume,
            toolVersion: FeeSim.version)
        options.output.log(
            "\(study.name): \(points.count) points, shard \(part), \(writer.inShard) in this shard; "
                + "\(writer.inShard - writer.todo.count) already done, \(writer.todo.count) to run, "
                + "\(study.replications) replications each")
        let reporter = options.output.reporter(label: study.name)
        var finished = 0
        try Sweep.run(
            study, ids: writer.todo, points: points, commonRandomNumbers: study.commonRandomNumbers ?? false,
            threads: options.threads
        ) { point in
            try writer.append(point)
            finished += 1
            reporter.update(finished, writer.todo.count, scenario: "\(study.name) point \(point.id)")
        }
        reporter.finish()
        try writer.finish()
        // The shard's manifest again, now with the whole job's wall time.
        try SweepManifest(study, points: points.count, shard: part, toolVersion: FeeSim.version, wallTimeSeconds: JobClock.seconds)
            .write(in: folder, shard: part)
        print("→ \(writer.file.path) (\(writer.todo.count) points run)")
        if part.count == 1 {
            try SweepSummary.write(study, rows: try PointsFile.rows(at: writer.file, header: PointsFile.header(study)).0, in: folder)
            print("→ \(folder.path)/summary.md")
        }
    }
}
