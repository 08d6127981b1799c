import ArgumentParser
import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation

/// `feesim sensitivity`: which uncertain parameters drive an output (Morris screening, Sobol indices).
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Global sensitivity: Morris elementary effects and Sobol indices with bootstrap intervals.",
        discussion: """
            Evaluates the study's base scenario at Morris trajectories (r·(k + 1) points) and/or Saltelli's \
            design (N·(k + 2) points), each as the mean of the study's replications, by default with the same \
            random numbers at every point so that differences reflect the parameters. Writes \
            <out>/<study>/sensitivity/: morris.csv, sobol.csv, sensitivity.md (ranked tables) and sensitivity.html (a sweep of the same study keeps its points beside it).
            """
    )

    @Argument(help: "Study file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var spec: String

    @OptionGroup var options: StudyRunOptions

    func run() throws {
        let study = try CLIError.wrap { try StudySpec.load(path: spec) }
        // Its own folder inside the study's, so that a sweep's points and summary there are never replaced.
        let folder = URL(fileURLWithPath: options.out).appendingPathComponent(study.name).appendingPathComponent("sensitivity")
        _ = try CLIError.wrap { try OutputLock.acquire(for: folder) }
        let k = study.parameterNames.count
        let ranges = study.parameterRanges
        let crn = study.commonRandomNumbers ?? true
        let reporter = ProgressReporter(label: study.name, mode: options.progress, quiet: options.quiet)
        var evaluated = 0
        let totalPoints = (study.method != "sobol" ? study.trajectories * (k + 1) : 0)
            + (study.method != "morris" ? study.samples * (k + 2) : 0)

        /// Means of every output at unit-cube points.
        func evaluate(_ unit: [[Double]]) throws -> [[Double]] {
            let points = unit.map { u in ranges.indices.map { ranges[$0].value(at: min(u[$0], 1 - 1e-12)) } }
            var means = [[Double]](repeating: [], count: study.outputs.count)
            try Sweep.run(ids: Array(points.indices), points: points, outputs: study.outputs,
                          replications: study.replications, studySeed: study.seed, commonRandomNumbers: crn,
                          threads: options.threads, build: { try study.scenario(with: $0) },
                          against: study.against == nil ? nil : { try study.againstScenario(with: $0) }, each: { p in
                              for o in means.indices { means[o].append(p.means[o]) }
                              evaluated += 1
                              reporter.update(evaluated, totalPoints, scenario: "\(study.name) point \(evaluated)")
                          })
            return means
        }

        var morris: [[SensitivityResults.MorrisRow]] = []
        var sobol: [[SensitivityResults.SobolRow]] = []
        try CLIError.wrap {
            if study.method != "sobol" {
                let design = try Morris.design(parameters: k, trajectories: study.trajectories, levels: study.levels, seed: study.seed)
                let outputs = try evaluate(design.points)
                morris = try outputs.map { f in
                    try Morris.analyse(outputs: f, parameters: k, trajectories: study.trajectories, moves: design.moves,
                                       bootstrap: study.bootstrap, seed: study.seed).enumerated().map { i, r in
                        SensitivityResults.MorrisRow(parameter: study.parameterNames[i], muStar: r.muStar, mu: r.mu, sigma: r.sigma)
                    }
                }
            }
            if study.method != "morris" {
                let design = try SobolIndices.design(parameters: k, samples: study.samples)
                let outputs = try evaluate(design)
                sobol = try outputs.map { f in
                    try SobolIndices.analyse(outputs: f, parameters: k, samples: study.samples, bootstrap: study.bootstrap,
                                             seed: study.seed).enumerated().map { i, r in
                        SensitivityResults.SobolRow(parameter: study.parameterNames[i], first: r.first, total: r.total)
                    }
                }
            }
        }
        reporter.finish()
        let effects = study.against.map { "\n\nOutputs are differences against \($0.scenario.name) (point minus it, replication by replication, on the same random numbers): effects, not levels." } ?? ""
        let results = SensitivityResults(study: study.name, description: study.description + effects, outputs: study.outputs,
                                         morris: morris, sobol: sobol)
        let markdown = results.markdown()
        try CLIError.wrap {
            let files = try ResultFolder(replacing: folder)
            if !morris.isEmpty { try files.write("morris.csv", Data(results.morrisCSV().utf8)) }
            if !sobol.isEmpty { try files.write("sobol.csv", Data(results.sobolCSV().utf8)) }
            try files.write("sensitivity.md", Data(markdown.utf8))
            try files.write("sensitivity.html", Data(results.html().utf8))
            let manifest = SensitivityManifest(
                toolVersion: FeeSim.version, study: spec, sha256: study.contentHash, method: study.method,
                parameters: study.parameterNames, outputs: study.outputs, replications: study.replications, seed: study.seed,
                samples: study.samples, trajectories: study.trajectories, levels: study.levels, bootstrap: study.bootstrap,
                commonRandomNumbers: crn, points: totalPoints)
            try files.write("manifest.json", try manifest.json())
            try files.commit()
        }
        print(markdown)
        print("→ \(folder.path)/sensitivity.html")
    }
}
