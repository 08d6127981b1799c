import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

/// 收缴率 over the last 12 months (docs/MODEL.md §4): the year-to-date rate in year 1 and at each year's end, and
/// no drop when a new year starts.
@Suite struct CollectionRateWindowTests {
    static func record(months: Int, replication: Int) throws -> MonthlyRecord {
        var s = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/status-quo.yaml").path).scenario
        s.months = months
        return try Fixture.simulation(s, replication: replication).run()
    }

    @Test(arguments: [0, 1])
    func theLastTwelveMonthsRateIsTheYearToDateRateInYearOneAndAtEachYearsEnd(replication: Int) throws {
        let r = try Self.record(months: 25, replication: replication)
        // Months 1–12: the window is months 1…t, the year to date; month 24: months 13…24, year 2.
        for t in Array(1...12) + [24] {
            #expect(r[month: t, .collectionRate12Months].bitPattern == r[month: t, .collectionRate].bitPattern, "month \(t)")
        }
        for t in 1...25 {
            let v = r[month: t, .collectionRate12Months]
            #expect(v >= 0 && v <= 1 + 1e-12, "month \(t): \(v)")
        }
        // Month 13: the year-to-date rate starts again with one month's bills and falls; the moving window does not.
        let ytdDrop = r[month: 12, .collectionRate] - r[month: 13, .collectionRate]
        let windowStep = abs(r[month: 13, .collectionRate12Months] - r[month: 12, .collectionRate12Months])
        #expect(ytdDrop > 0.1, "year to date: \(r[month: 12, .collectionRate]) → \(r[month: 13, .collectionRate])")
        #expect(windowStep < 0.03, "last 12 months: \(r[month: 12, .collectionRate12Months]) → \(r[month: 13, .collectionRate12Months])")
        // Month 25 covers months 14…25, not year 3's one month: it differs from the year-to-date rate again.
        #expect(abs(r[month: 25, .collectionRate12Months] - r[month: 25, .collectionRate]) > 0.05)
    }

    @Test func householdsThatAlwaysPayOnTimeCollectEverythingInEveryWindow() throws {
        let r = try Fixture.simulation(Fixture.quiet(months: 30, propensity: Fixture.alwaysPays)).run()
        for t in 1...30 { #expect(abs(r[month: t, .collectionRate12Months] - 1) < 1e-9, "month \(t)") }
    }
}
