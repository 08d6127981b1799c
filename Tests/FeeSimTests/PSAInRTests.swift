import Foundation
import Testing

/// The wide PSA files of the shipped comparison, read by R exactly as docs/DATA.md shows (base R, the shape BCEA,
/// dampack and voi take): R's mean net benefit of each strategy and its EVPI equal FeeSim's.
@Suite struct PSAInRTests {
    static let rscript = URL(fileURLWithPath: "/usr/bin/Rscript")
    static let ready = FileManager.default.isExecutableFile(atPath: rscript.path)

    /// The snippet of docs/DATA.md (between its `psa-r:begin` and `psa-r:end` marks), so the docs show what is tested.
    static func snippet() throws -> String {
        let doc = try String(contentsOf: Fixture.packageRoot.appendingPathComponent("docs/DATA.md"), encoding: .utf8)
        let begin = try #require(doc.range(of: "<!-- psa-r:begin -->\n```r\n"))
        let end = try #require(doc.range(of: "```\n<!-- psa-r:end -->"))
        return String(doc[begin.upperBound..<end.lowerBound])
    }

    @Test(.enabled(if: ready, "needs R's Rscript (r-base-core, installed by .ci/run)"))
    func rReadsTheWidePSAFilesToFeeSimsNetBenefitsAndEVPI() throws {
        let folder = Fixture.packageRoot.appendingPathComponent("Results/mixed-compare")
        let script = try Self.snippet() + "\ncat(sprintf('%s=%.6f', names(nb), nb), sep = '\\n')\ncat(sprintf('EVPI=%.6f\\n', evpi))\n"
        let run = try Binary.run(Self.rscript, ["-e", script], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        var fromR: [(String, Double)] = []
        for line in run.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, let x = Double(parts[1]) { fromR.append((parts[0], x)) }
        }
        // FeeSim's own figures: the mean of psa.csv's net_benefit per strategy (its long file, a different path).
        let psa = try String(contentsOf: folder.appendingPathComponent("psa.csv"), encoding: .utf8).split(separator: "\n")
        let header = psa[0].split(separator: ",").map(String.init)
        let s = try #require(header.firstIndex(of: "strategy")), nb = try #require(header.firstIndex(of: "net_benefit"))
        var sums: [(String, Double, Int)] = []
        for row in psa.dropFirst() {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let x = try #require(Double(f[nb]))
            if let k = sums.firstIndex(where: { $0.0 == f[s] }) { sums[k].1 += x; sums[k].2 += 1 } else { sums.append((f[s], x, 1)) }
        }
        #expect(sums.count >= 2)
        for (name, total, n) in sums {
            let r = try #require(fromR.first { $0.0 == name }?.1, "R has no \(name)")
            #expect(abs(r - total / Double(n)) <= 1e-6 * max(1, abs(r)), "\(name): R \(r), FeeSim \(total / Double(n))")
        }
        // EVPI: uncertainty.md states it in whole yuan.
        let md = try String(contentsOf: folder.appendingPathComponent("uncertainty.md"), encoding: .utf8)
        let after = try #require(md.range(of: "of the whole choice: **")).upperBound
        let digits = String(md[after...].prefix { $0.isNumber || $0 == "," }.filter { $0 != "," })
        let stated = try #require(Double(digits))
        let evpi = try #require(fromR.first { $0.0 == "EVPI" }?.1)
        #expect(abs(evpi - stated) <= 0.5 + 1e-9, "R's EVPI \(evpi), FeeSim's \(stated)")
    }
}
