import FeeSimExperiments
import FeeSimScenario
import Foundation

/// One shard of one wave of a posterior calibration, as `feesim calibrate --targets … --wave W --shard i/N` writes
/// it and `--merge-shards` reads it back: a JSON header line, then one row per particle at full precision.
public enum PosteriorShardFile {
    public struct Header: Codable, Equatable, Sendable {
        /// A fingerprint of everything that decides the figures (scenario, targets file, sampler settings).
        public var design: String
        public var wave: Int
        public var shard: String
        public var particles: Int
        public var parameters: [String]
        public var targets: [String]

        public init(design: String, wave: Int, shard: String, particles: Int, parameters: [String], targets: [String]) {
            (self.design, self.wave, self.shard, self.particles) = (design, wave, shard, particles)
            (self.parameters, self.targets) = (parameters, targets)
        }
    }

    public static func fileName(wave: Int, shard: Shard) -> String { "wave-\(wave + 1).shard-\(shard.index)-of-\(shard.count).csv" }

    public static func isShardFile(_ name: String, wave: Int) -> Bool {
        name.hasPrefix("wave-\(wave + 1).shard-") && name.hasSuffix(".csv")
    }

    public static func encode(_ particles: [PosteriorSampler.Particle], header: Header) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = "# " + String(decoding: try encoder.encode(header), as: UTF8.self) + "\n"
        out +=
            (["particle"] + header.parameters + header.targets.map { "mean_\($0)" } + header.targets.map { "var_\($0)" })
            .joined(separator: ",") + "\n"
        for p in particles {
            out +=
                ([String(p.id)] + (p.values + p.simulated.mean + p.simulated.variance).map(CSVFormat.number)).joined(separator: ",") + "\n"
        }
        return out
    }

    public static func decode(_ text: String, name: String) throws -> (header: Header, particles: [PosteriorSampler.Particle]) {
        func fail(_ line: Int, _ what: String) -> ShardError { ShardError(message: "\(name), line \(line): \(what)") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, first.hasPrefix("# "),
            let header = try? JSONDecoder().decode(Header.self, from: Data(first.dropFirst(2).utf8)),
            let shard = Shard(header.shard)
        else {
            throw fail(1, "not a FeeSim posterior shard (the first line must be '# {…design…}')")
        }
        let p = header.parameters.count, k = header.targets.count
        var particles: [PosteriorSampler.Particle] = []
        for (n, line) in lines.enumerated().dropFirst(2) where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 1 + p + 2 * k, let id = Int(fields[0]), shard.contains(id) else {
                throw fail(n + 1, "expected a particle of shard \(shard) and \(p + 2 * k) numbers")
            }
            let values = try fields.dropFirst().enumerated().map { c, field -> Double in
                if field.isEmpty { return .nan }
                guard let v = Double(field) else { throw fail(n + 1, "field \(c + 2) = '\(field)' is not a number") }
                return v
            }
            particles.append(
                PosteriorSampler.Particle(
                    wave: header.wave, id: id, values: Array(values[0..<p]),
                    simulated: .init(mean: Array(values[p..<(p + k)]), variance: Array(values[(p + k)...]))))
        }
        return (header, particles)
    }

    /// The file name of a merged wave.
    public static func mergedFileName(wave: Int) -> String { "wave-\(wave + 1).csv" }

    /// Writes a shard's particles to `<folder>/wave-W.shard-i-of-N.csv` — or, with `merged`, a whole wave to
    /// `<folder>/wave-W.csv` — atomically, and returns its URL.
    public static func write(_ particles: [PosteriorSampler.Particle], header: Header, in folder: URL, merged: Bool = false) throws -> URL {
        let file = folder.appendingPathComponent(
            merged
                ? mergedFileName(wave: header.wave)
                : fileName(wave: header.wave, shard: Shard(header.shard) ?? .whole))
        try ResultFolderError.wrap("write", file) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(encode(particles, header: header).utf8).write(to: file, options: .atomic)
        }
        return file
    }

    /// The merged wave `wave` in `folder` (`wave-W.csv`), checked to be of `design`.
    /// - Throws: ``/FeeSimExperiments/ShardError`` when it is missing (merge it first) or was run with other inputs.
    public static func readMerged(in folder: URL, wave: Int, design: String) throws -> [PosteriorSampler.Particle] {
        let url = folder.appendingPathComponent(mergedFileName(wave: wave))
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ShardError(message: "wave \(wave + 1) is not merged yet (no \(url.path)): run --wave \(wave + 1) --merge-shards first")
        }
        let (header, particles) = try decode(String(decoding: try InputFile.readResult(url), as: UTF8.self), name: url.path)
        guard header.design == design, header.wave == wave else {
            throw ShardError(
                message: "\(url.path) was run with another scenario, targets file or settings: remove \(folder.path) and start again")
        }
        return particles
    }

    /// Every shard of wave `wave` in `folder`, checked to be of `design`, merged in particle order.
    public static func merge(in folder: URL, wave: Int, design: String, particles: Int) throws -> [PosteriorSampler.Particle] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { isShardFile($0, wave: wave) }.sorted()
        guard !names.isEmpty else {
            throw ShardError(
                message: "no shard files of wave \(wave + 1) (wave-\(wave + 1).shard-i-of-N.csv) in \(folder.path): "
                    + "run the same command with --wave \(wave + 1) --shard i/N for each i first")
        }
        var parts: [[PosteriorSampler.Particle]] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            let (header, part) = try decode(String(decoding: try InputFile.readResult(url), as: UTF8.self), name: url.path)
            guard header.design == design, header.wave == wave else {
                throw ShardError(
                    message: "\(url.path) was run with another scenario, targets file or settings: rerun that shard or remove it")
            }
            parts.append(part)
        }
        return try PosteriorStudy.merge(wave: wave, shards: parts, particles: particles)
    }
}
