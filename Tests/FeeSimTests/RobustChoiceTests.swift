import FeeSimExperiments
import Foundation
import Testing

@Suite struct RobustChoiceTests {
    @Test func regretIsTheShortfallFromEachWorldsBestStrategy() {
        let results = RobustChoice.WorldResults(netBenefit: [[0, 10, -5], [0, -20, 30]], meets: [[0, 1, 1], [0, 0, 1]])
        let rows = RobustChoice.rank(strategies: ["base", "a", "b"], results: results)
        #expect(rows[0].meanRegret == (10 + 30) / 2 && rows[0].maxRegret == 30)
        #expect(rows[1].meanRegret == (0 + 50) / 2 && rows[1].worstNetBenefit == -20)
        #expect(rows[2].meanRegret == (15 + 0) / 2 && rows[2].meetsTarget == 1)
        #expect(rows[1].meanNetBenefit == -5)
    }

    @Test func peelingFindsTheRegionWhereFailuresConcentrate() {
        // 400 worlds on a grid over [0, 1]²; the strategy fails exactly where x₀ > 0.7.
        let points = (0..<400).map { [Double($0 % 20) / 19, Double($0 / 20) / 19] }
        let failed = points.map { $0[0] > 0.7 }
        let box = RobustChoice.peel(points: points, failed: failed, names: ["x0", "x1"], strategy: "s")
        #expect(abs(box.failureOverall - 0.3) < 0.01)
        #expect(box.failureInside == 1)
        #expect(box.bounds.count == 1 && box.bounds[0].parameter == "x0")
        #expect(box.bounds[0].low > 0.7 && box.bounds[0].high == 1)
        #expect(box.coverage >= 0.1)
    }
}
