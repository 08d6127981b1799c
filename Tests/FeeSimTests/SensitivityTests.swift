import FeeSimExperiments
import Foundation
import Testing

/// The estimators, validated on functions whose sensitivity is known before they are trusted on the model.
@Suite struct SensitivityTests {
    /// Ishigami & Homma (1990) with a = 7, b = 0.1, on [−π, π]³.
    static func ishigami(_ u: [Double]) -> Double {
        let x = u.map { -Double.pi + 2 * Double.pi * $0 }
        let s2 = sin(x[1])
        return sin(x[0]) + 7 * s2 * s2 + 0.1 * x[2] * x[2] * x[2] * x[2] * sin(x[0])
    }

    // Closed form: V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2; V₁ = ½(1 + bπ⁴/5)², V₂ = a²/8, V₁₃ = b²π⁸(1/18 − 1/50).
    static let pi4 = Double.pi * Double.pi * Double.pi * Double.pi
    static let variance: Double = 49.0 / 8 + 0.1 * pi4 / 5 + 0.01 * pi4 * pi4 / 18 + 0.5
    static let v1: Double = 0.5 * (1 + 0.1 * pi4 / 5) * (1 + 0.1 * pi4 / 5)
    static let v2: Double = 49.0 / 8
    static let v13: Double = 0.01 * pi4 * pi4 * (1.0 / 18 - 1.0 / 50)
    static let first = [v1 / variance, v2 / variance, 0]
    static let total = [(v1 + v13) / variance, v2 / variance, v13 / variance]

    @Test func closedFormIndicesAreTheTextbookValues() {
        #expect(abs(Self.first[0] - 0.3139) < 1e-4 && abs(Self.first[1] - 0.4424) < 1e-4)
        #expect(abs(Self.total[0] - 0.5576) < 1e-4 && abs(Self.total[2] - 0.2437) < 1e-4)
    }

    @Test func sobolIndicesOfIshigamiContainTheClosedFormValues() throws {
        let n = 4096
        let points = try SobolIndices.design(parameters: 3, samples: n)
        #expect(points.count == n * 5)
        let f = points.map(Self.ishigami)
        let indices = try SobolIndices.analyse(outputs: f, parameters: 3, samples: n, bootstrap: 300, seed: 1)
        for i in 0..<3 {
            let (s1, st) = indices[i]
            #expect(s1.low <= Self.first[i] && Self.first[i] <= s1.high, "S\(i + 1): \(String(describing: s1)) vs \(Self.first[i])")
            #expect(st.low <= Self.total[i] && Self.total[i] <= st.high, "ST\(i + 1): \(String(describing: st)) vs \(Self.total[i])")
            #expect(s1.high - s1.low < 0.15 && st.high - st.low < 0.15)   // informative, not vacuous
        }
    }

    @Test func morrisOnALinearFunctionGivesItsSlopesExactly() throws {
        let slopes = [3.0, -1.0, 0.0, 0.5]
        let (points, moves) = try Morris.design(parameters: 4, trajectories: 10, levels: 4, seed: 3)
        #expect(points.count == 10 * 5)
        let f = points.map { x in zip(slopes, x).map(*).reduce(0, +) }
        let result = try Morris.analyse(outputs: f, parameters: 4, trajectories: 10, moves: moves, bootstrap: 100, seed: 3)
        for i in 0..<4 {
            #expect(abs(result[i].muStar.value - abs(slopes[i])) < 1e-9)
            #expect(abs(result[i].mu - slopes[i]) < 1e-9)
            #expect(result[i].sigma < 1e-9)
        }
    }

    @Test func morrisRanksIshigamisInputsAsTheirTotalIndicesDoAndSeesTheInteraction() throws {
        let (points, moves) = try Morris.design(parameters: 3, trajectories: 200, levels: 6, seed: 5)
        let f = points.map(Self.ishigami)
        let r = try Morris.analyse(outputs: f, parameters: 3, trajectories: 200, moves: moves, bootstrap: 200, seed: 5)
        // Every input matters (x₃ only through its interaction with x₁), so every μ* is clearly positive...
        for i in 0..<3 { #expect(r[i].muStar.low > 0) }
        // ...and x₃'s effect depends on x₁: its σ is large against its |μ|.
        #expect(r[2].sigma > 2 * abs(r[2].mu))
        // x₂'s effect, 7·sin²(x₂), is the same at every x₁ and x₃: its σ comes from its own non-linearity only.
        #expect(r[0].muStar.value > r[2].muStar.value || r[1].muStar.value > r[2].muStar.value)
    }
}
