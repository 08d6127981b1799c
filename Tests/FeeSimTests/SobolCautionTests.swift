import FeeSimExperiments
import FeeSimReports
import Foundation
import Testing

/// Sobol indices from too few points carry a caution saying why (negative, above 1, wide) and what to do; enough
/// points carry none. On Ishigami's function, whose indices are known (S₃ = 0, S₁ + S₂ ≈ 0.76).
@Suite struct SobolCautionTests {
    static func outputs(samples n: Int) throws -> SensitivityResults {
        let points = try SobolIndices.design(parameters: 3, samples: n)
        let indices = try SobolIndices.analyse(
            outputs: points.map(SensitivityTests.ishigami), parameters: 3, samples: n, bootstrap: 200, seed: 3)
        let rows = indices.enumerated().map {
            SensitivityResults.SobolRow(parameter: "x\($0.offset + 1)", first: $0.element.first, total: $0.element.total)
        }
        return SensitivityResults(study: "ishigami", description: "", outputs: ["y"], morris: [], sobol: [rows])
    }

    @Test func tooFewPointsGiveACautionNamingTheProblemAndEnoughGiveNone() throws {
        let small = try Self.outputs(samples: 16)
        let cautions = small.sobolCautions(0)
        #expect(cautions.contains { $0.hasPrefix("Intervals wider than 0.3") }, "\(cautions)")
        #expect(cautions.last == "Run more points (`points:` in the study file) before relying on these indices.")
        #expect(small.markdown().contains("**Caution.**") && small.html().contains("<strong>Caution.</strong>"))
        let large = try Self.outputs(samples: 4096)
        #expect(large.sobolCautions(0).isEmpty, "\(large.sobolCautions(0))")
        #expect(!large.markdown().contains("Caution"))
    }
}
