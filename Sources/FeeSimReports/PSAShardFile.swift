import FeeSimExperiments
import FeeSimScenario
import Foundation

/// One shard of a probabilistic comparison, as `feesim compare --shard i/N` writes it and `--merge-shards` reads
/// it back: a JSON header line naming the design, then one CSV row per (parameter set, strategy) with every figure
/// at full precision (shortest round-trip decimals), so that merged shards equal a single run bit for bit.
///
///     # {"design":"<fingerprint>","parameters":[…],"replications":10,"sets":200,"shard":"1/4","strategies":[…]}
///     set,strategy,<parameter paths…>,net_benefit,extra_revenue,extra_cost,collection_rate_gain_points,p_target
///     2,0,0.0123,…
///
/// `set` counts from 1 and `strategy` is the 0-based index into the header's list (baseline first).
public enum PSAShardFile {
    /// What a shard file's first line records.
    public struct Header: Codable, Equatable, Sendable {
        /// A fingerprint of everything that decides the figures (comparison files, seed, sets, replications, months,
        /// fixed values): shards merge only when it matches.
        public var design: String
        public var shard: String
        public var sets: Int
        public var replications: Int
        public var strategies: [String]
        public var parameters: [String]

        public init(design: String, shard: String, sets: Int, replications: Int, strategies: [String], parameters: [String]) {
            self.design = design
            self.shard = shard
            self.sets = sets
            self.replications = replications
            self.strategies = strategies
            self.parameters = parameters
        }
    }

    static let figures = ["net_benefit", "extra_revenue", "extra_cost", "collection_rate_gain_points", "p_target"]

    /// The file name of shard i of N.
    public static func fileName(_ shard: Shard) -> String { "psa.shard-\(shard.index)-of-\(shard.count).csv" }

    /// Whether a file name is a PSA shard's.
    public static func isShardFile(_ name: String) -> Bool { name.hasPrefix("psa.shard-") && name.hasSuffix(".csv") }

    /// The text of a shard's file. O(sets × strategies × parameters).
    public static func encode(_ result: ProbabilisticComparison.Result, design: String, shard: Shard) throws -> String {
        let header = Header(
            design: design, shard: shard.description, sets: result.totalSets,
            replications: result.replications, strategies: result.strategies,
            parameters: result.parameters)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = "# " + String(decoding: try encoder.encode(header), as: UTF8.self) + "\n"
        out += (["set", "strategy"] + result.parameters + figures).joined(separator: ",") + "\n"
        for (row, id) in result.sets.enumerated() {
            let draw = result.draws[row].map(CSVFormat.number).joined(separator: ",")
            for s in result.strategies.indices {
                let values = [
                    result.netBenefit[row][s], result.extraRevenue[row][s], result.extraCost[row][s],
                    result.rateGain[row][s], result.reachesTarget[row][s]
                ]
                out += "\(id + 1),\(s)," + draw + "," + values.map(CSVFormat.number).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// Reads a shard's file back. `name` is used in error messages. Throws ``/FeeSimExperiments/ShardError`` naming the file and line
    /// on anything malformed. O(size of the file).
    public static func decode(_ text: String, name: String) throws -> (header: Header, result: ProbabilisticComparison.Result) {
        func fail(_ line: Int, _ what: String) -> ShardError { ShardError(message: "\(name), line \(line): \(what)") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, first.hasPrefix("# "),
            let header = try? JSONDecoder().decode(Header.self, from: Data(first.dropFirst(2).utf8))
        else {
            throw fail(1, "not a FeeSim PSA shard (the first line must be '# {…design…}')")
        }
        guard header.sets >= 1, header.replications >= 1, !header.strategies.isEmpty, let shard = Shard(header.shard),
            shard.count <= header.sets
        else {
            throw fail(1, "the header's sets, replications, strategies or shard '\(header.shard)' are not valid")
        }
        let columns = ["set", "strategy"] + header.parameters + figures
        guard lines.count > 1, lines[1] == columns.joined(separator: ",") else {
            throw fail(2, "the column names do not match the header's parameters")
        }
        let k = header.strategies.count, p = header.parameters.count
        var sets: [Int] = [], draws: [[Double]] = []
        var figures = [[[Double]]](repeating: [], count: 5)   // [figure][set][strategy]
        var expectedStrategy = 0
        for (n, line) in lines.enumerated().dropFirst(2) where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == columns.count else {
                throw fail(n + 1, "\(fields.count) fields where the header has \(columns.count)")
            }
            guard let set = Int(fields[0]), (1...header.sets).contains(set), shard.contains(set - 1),
                let strategy = Int(fields[1]), strategy == expectedStrategy
            else {
                throw fail(n + 1, "set '\(fields[0])' and strategy '\(fields[1])' are out of order or not in shard \(shard)")
            }
            var values: [Double] = []
            for (c, field) in fields.dropFirst(2).enumerated() {
                if field.isEmpty { values.append(.nan); continue }
                guard let v = Double(field) else { throw fail(n + 1, "\(columns[c + 2]) = '\(field)' is not a number") }
                values.append(v)
            }
            if strategy == 0 {
                guard set - 1 > (sets.last ?? -1) else { throw fail(n + 1, "set \(set) is out of order") }
                sets.append(set - 1)
                draws.append(Array(values.prefix(p)))
                for f in 0..<5 { figures[f].append([]) }
            } else if Array(values.prefix(p)) != draws[draws.count - 1] {
                throw fail(n + 1, "set \(set)'s drawn values differ between its strategies")
            }
            for f in 0..<5 { figures[f][figures[f].count - 1].append(values[p + f]) }
            expectedStrategy = (strategy + 1) % k
        }
        guard expectedStrategy == 0 else { throw fail(lines.count, "the last set is cut short (the file is incomplete)") }
        let result = ProbabilisticComparison.Result(
            strategies: header.strategies, parameters: header.parameters, totalSets: header.sets, sets: sets,
            draws: draws, netBenefit: figures[0], extraRevenue: figures[1], extraCost: figures[2], rateGain: figures[3],
            reachesTarget: figures[4], replications: header.replications)
        return (header, result)
    }

    /// Writes one shard's parameter sets to `<folder>/psa.shard-i-of-N.csv` (the folder created if needed, the file
    /// replaced atomically) and returns its URL.
    public static func write(_ result: ProbabilisticComparison.Result, design: String, shard: Shard, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent(fileName(shard))
        try ResultFolderError.wrap("write", file) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(encode(result, design: design, shard: shard).utf8).write(to: file, options: .atomic)
        }
        return file
    }

    /// Every shard file in `folder` (sorted by name), each checked to be of `design`, merged (see
    /// ``/FeeSimExperiments/ProbabilisticComparison/Result/merging(_:)``). Returns the merged result and how many files it read.
    /// - Throws: ``/FeeSimExperiments/ShardError`` naming the folder when it holds no shard, or the file whose design differs.
    public static func merge(in folder: URL, design: String) throws -> (ProbabilisticComparison.Result, Int) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter(isShardFile).sorted()
        guard !names.isEmpty else {
            throw ShardError(
                message: "no shard files (psa.shard-i-of-N.csv) in \(folder.path): run the same command "
                    + "with --shard i/N for each i first")
        }
        var parts: [ProbabilisticComparison.Result] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            let (header, part) = try decode(String(decoding: try InputFile.readResult(url), as: UTF8.self), name: url.path)
            guard header.design == design else {
                throw ShardError(
                    message: "\(url.path) was run with other comparison files or options (its design "
                        + "\(header.design.prefix(12))… is not this run's \(design.prefix(12))…): rerun that shard "
                        + "or remove it")
            }
            parts.append(part)
        }
        return (try ProbabilisticComparison.Result.merging(parts), names.count)
    }
}
