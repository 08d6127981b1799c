import FeeSimExperiments
import FeeSimScenario
import Foundation
import Testing

@Suite struct StatisticsTests {
    @Test func quantilesInterpolateLikeRType7() {
        let s = SampleSummary([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        #expect(s.mean == 5.5)
        #expect(abs(s.sd - 3.0276503540974917) < 1e-12)   // sqrt(82.5 / 9)
        #expect(abs(s.p05 - 1.45) < 1e-12)   // 1 + 0.45 · (2 − 1)
        #expect(abs(s.p50 - 5.5) < 1e-12)
        #expect(abs(s.p95 - 9.55) < 1e-12)
    }

    @Test func nanValuesAreLeftOutAndEmptySamplesAreNaN() {
        let s = SampleSummary([.nan, 2, 4])
        #expect(s.count == 2 && s.mean == 3)
        #expect(SampleSummary([Double.nan]).mean.isNaN)
    }

    @Test func sha256MatchesTheFIPSTestVectors() {
        #expect(SHA256.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(of: long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func streamingSummaryIsExactUpToItsLimit() throws {
        let values = (0..<200).map { Double(($0 * 7919) % 200) / 3 }
        var streaming = StreamingSummary(exactLimit: 200)
        for v in values { streaming.add(v) }
        let exact = SampleSummary(values)
        #expect(streaming.isExact)
        #expect(streaming.summary.p05 == exact.p05 && streaming.summary.p50 == exact.p50 && streaming.summary.p95 == exact.p95)
        #expect(abs(streaming.summary.mean - exact.mean) < 1e-12)
    }

    @Test func streamingQuantilesPastTheLimitTrackTheTrueQuantiles() throws {
        // 100,000 Exp(1) draws (inverse CDF of a fixed sequence): true quantiles −ln(0.95), ln 2, −ln(0.05).
        var streaming = StreamingSummary(exactLimit: 256)
        var state: UInt64 = 12345
        for _ in 0..<100_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = (Double(state >> 11) + 0.5) / 9007199254740992
            streaming.add(-log(1 - u))
        }
        let s = streaming.summary
        #expect(!streaming.isExact)
        #expect(s.count == 100_000)
        #expect(abs(s.mean - 1) < 0.02)   // s.e. of the mean ≈ 0.003
        #expect(abs(s.p05 - 0.051293) < 0.01)
        #expect(abs(s.p50 - 0.693147) < 0.02)
        #expect(abs(s.p95 - 2.995732) < 0.06)
    }

    @Test func spearmanIsOneForAnyIncreasingRelationAndHandlesTies() {
        let x = [1.0, 2, 3, 4, 5]
        #expect(RankCorrelation.spearman(x, x.map { exp($0) }) == 1)
        #expect(RankCorrelation.spearman(x, x.map { -$0 * $0 }) == -1)
        #expect(RankCorrelation.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
        #expect(RankCorrelation.spearman(x, [1, 1, 1, 1, 1]).isNaN)
    }
}
