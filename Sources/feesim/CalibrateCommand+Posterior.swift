import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import GSLKit

extension CalibrateCommand {
    /// `--targets FILE`: the posterior, in one process or one wave's shard or merge of a job array.
    func runPosterior(_ targetsPath: String) throws {
        let (loaded, base) = try overrides.load(scenario)
        let targets = try CalibrationTargets.load(path: targetsPath, scenario: base)
        let plan = try PosteriorStudy.Plan(
            base, targets: targets, particles: particles, replications: replications,
            waves: waves, seed: seed)
        if let wave { try InputError.check(wave, in: 1...plan.settings.waves, field: "wave") }
        if let sbc { return try runCheck(plan, trials: sbc, scenarioSize: base) }
        let sampleURL = URL(
            fileURLWithPath: posteriorFile
                ?? URL(fileURLWithPath: targetsPath).deletingLastPathComponent().appendingPathComponent("posterior.csv").path)
        let resultName = "\(targets.community)-posterior"
        let shardFolder = options.output.folder.appendingPathComponent("\(resultName)-shards")
        let design = fingerprint(plan, loaded.contentHash)
        let header = { (w: Int, s: Shard) in
            PosteriorShardFile.Header(
                design: design, wave: w, shard: s.description, particles: plan.settings.particles,
                parameters: plan.problem.names, targets: plan.problem.targetNames)
        }
        // The merged waves before `w`, read back from the shard folder.
        func earlier(_ w: Int) throws -> [[PosteriorSampler.Particle]] {
            try (0..<w).map { try PosteriorShardFile.readMerged(in: shardFolder, wave: $0, design: design) }
        }
        if let shard, let wave {
            let w = wave - 1
            let particles = try PosteriorStudy.runShard(
                plan, wave: w, shard: shard, earlier: try earlier(w),
                threads: options.threads, progress: progress("wave \(wave)"))
            let written = try PosteriorShardFile.write(particles, header: header(w, shard), in: shardFolder)
            print("wave \(wave), shard \(shard): \(particles.count) of \(plan.settings.particles) particles → \(written.path)")
            return
        }
        let folder = try lockedFolder(options.output.folder, resultName)   // before anything runs: a second run stops here
        let posterior: Posterior
        if mergeShards, let wave {
            let w = wave - 1
            var waves = try earlier(w)
            let merged = try PosteriorShardFile.merge(in: shardFolder, wave: w, design: design, particles: plan.settings.particles)
            _ = try PosteriorShardFile.write(merged, header: header(w, .whole), in: shardFolder, merged: true)
            waves.append(merged)
            let state = try PosteriorSampler.state(waves, problem: plan.problem, settings: plan.settings)
            guard state.done else {
                let g = state.waves.last.map { String(format: "%.4g", $0.temperature) } ?? "?"
                print(
                    "wave \(wave) merged (temperature \(g)): the posterior needs wave \(wave + 1): run --wave \(wave + 1) --shard i/N, then --wave \(wave + 1) --merge-shards"
                )
                return
            }
            posterior = Posterior(problem: plan.problem, settings: plan.settings, waves: waves, state: state)
        } else {
            options.output.log(
                "sampling the posterior of \(plan.problem.names.count) parameters given \(plan.problem.targetNames.count) targets …")
            let bar = WaveProgress(options.output)
            posterior = try PosteriorStudy.run(plan, threads: options.threads) { bar.update(wave: $0, $1, $2) }
        }
        let outputs = PosteriorOutputs(posterior, targets: targets, scenarioPath: scenario, toolVersion: FeeSim.version)
        let manifest = try PosteriorManifest(
            plan, posterior: posterior, scenarioPath: scenario, scenarioSHA256: loaded.contentHash,
            scenarioFiles: loaded.files, posteriorFile: sampleURL.path, overrides: overrides.parsed,
            mergedFromShards: mergeShards, wallTimeSeconds: JobClock.seconds, toolVersion: FeeSim.version)
        print(try outputs.write(to: folder, manifest: manifest))
        try outputs.writeSample(to: sampleURL)
        print("posterior complete → \(sampleURL.path); diagnostics → \(folder.path)/")
        if let overlay = try outputs.writeOverlay(besideSample: sampleURL) { print("posterior medians → \(overlay.path)") }
    }

    /// Everything that decides a wave's figures: shards and merged waves are used only when it matches.
    func fingerprint(_ plan: PosteriorStudy.Plan, _ scenarioHash: String) -> String {
        let s = plan.settings
        let text = [
            scenarioHash, plan.targets.contentHash, overrides.parsed.map(\.description).joined(separator: ";"),
            "\(s.particles)", "\(s.replications)", "\(s.waves)", "\(s.seed)", "\(plan.months)", FeeSim.version
        ]
        .joined(separator: "|")
        return SHA256.hex(of: Data(text.utf8))
    }

    /// Progress of one wave's particles.
    func progress(_ label: String) -> (Int, Int) -> Void {
        let reporter = options.output.reporter(label: label)
        return { done, total in
            reporter.update(done, total, scenario: "parameter sets")
            if done == total { reporter.finish() }
        }
    }

    /// `--sbc N`: simulation-based calibration of the sampler on this plan.
    func runCheck(_ plan: PosteriorStudy.Plan, trials: Int, scenarioSize s: Scenario) throws {
        let folder = try lockedFolder(options.output.folder, "\(plan.targets.community)-sbc")
        let start = Date()
        let reporter = options.output.reporter(label: "sbc")
        let result = try PosteriorStudy.check(plan, trials: trials, threads: options.threads) { done, total in
            reporter.update(done, total, scenario: "trials")
            if done == total { reporter.finish() }
        }
        let size =
            "\(s.community.households) households, \(plan.months) months"
            + (overrides.parsed.isEmpty ? "" : " (" + overrides.parsed.map(\.description).joined(separator: ", ") + ")")
        let outputs = CalibrationCheckOutputs(result, targets: plan.targets, size: size)
        let manifest = CalibrationCheckManifest(
            result, scenario: scenario, targets: plan.targets.path, overrides: overrides.parsed,
            wallTimeSeconds: Date().timeIntervalSince(start), toolVersion: FeeSim.version)
        print(try outputs.write(to: folder, manifest: manifest))
        print("→ \(folder.path)/")
    }
}
