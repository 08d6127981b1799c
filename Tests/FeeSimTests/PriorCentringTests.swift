import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

/// A parameter's stated value is its prior's median, so a probabilistic comparison is centred on the
/// deterministic one (the prior is moved to the value; docs/MODEL.md §6).
@Suite struct PriorCentringTests {
    @Test func uniformHalvesPutHalfTheProbabilityOnEachSideOfTheMedian() {
        let p = Prior.halves(low: 0, median: 0.2, high: 1)
        #expect(abs(p.quantile(0.5) - 0.2) < 1e-15)
        #expect(abs(p.quantile(0.25) - 0.1) < 1e-15)   // the middle of the lower half
        #expect(abs(p.quantile(0.75) - 0.6) < 1e-15)   // the middle of the upper half
        #expect(p.quantile(0) == 0 && p.quantile(1) == 1)
        #expect(p.support == 0...1)
        let grid = stride(from: 0.0, through: 1, by: 0.01).map(p.quantile)
        #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func aValueInsideTheDeclaredSupportSplitsItThere() {
        let p = Prior.uniform(0.005, 0.02).centred(on: 0.01, within: .probability)
        #expect(p == .halves(low: 0.005, median: 0.01, high: 0.02))
    }

    @Test func aValueOutsideTheSupportWidensItOnThatSideByHalfItsWidth() {
        // The lawyer letter's trust cost 0.05 against the rungs' declared 0–0.02: the support becomes 0–0.06.
        let above = Prior.uniform(0, 0.02).centred(on: 0.05, within: .probability)
        #expect(Self.near(above, low: 0, median: 0.05, high: 0.06))
        let below = Prior.uniform(0.3, 0.8).centred(on: 0.1, within: .probability)
        #expect(Self.near(below, low: 0, median: 0.1, high: 0.8))   // 0.1 − 0.25 clipped at the range's 0
    }

    static func near(_ p: Prior, low: Double, median: Double, high: Double) -> Bool {
        guard case .halves(let l, let m, let h) = p else { return false }
        return abs(l - low) < 1e-12 && abs(m - median) < 1e-12 && abs(h - high) < 1e-12
    }

    @Test func aValueAtTheEdgeOfItsRangeKeepsHalfTheProbabilityThere() {
        // An SMS's deterrence 0 (probability range [0, 1]): half the draws are 0, half spread over 0–0.8.
        let p = Prior.uniform(0, 0.8).centred(on: 0, within: .probability)
        #expect(p.quantile(0.3) == 0 && p.median == 0)
        #expect(abs(p.quantile(0.75) - 0.4) < 1e-15)
    }

    @Test func everyDrawnParameterOfTheShippedCommunitiesIsCentredOnItsStatedValue() throws {
        for community in ["mixed", "old", "highend"] {
            let scenario = try CalibratedCommunityTests.load("\(community)/full-plan.yaml")
            let drawn = ProbabilisticComparison.uncertainParameters(of: scenario)
            #expect(drawn.count > 20, "\(community): \(drawn.count) parameters drawn")
            // 401 Latin-hypercube draws: each parameter's sample median is the stated value (the draw at u = 0.5
            // ± one stratum, so within half a stratum's width of the prior's halves).
            let draws = try Design.priorDraws(drawn, count: 401, seed: 7)
            for (j, p) in drawn.enumerated() {
                let stated = p.value(in: scenario)
                let sample = draws.map { $0[j] }.sorted()
                let median = sample[200]
                let prior = try #require(p.prior)
                let width = prior.support.upperBound - prior.support.lowerBound
                let tolerance = p.whole ? 0.5 : width / 401 + 1e-12
                #expect(abs(median - stated) <= tolerance, "\(community) \(p.path): median \(median), stated \(stated)")
            }
        }
    }
}
