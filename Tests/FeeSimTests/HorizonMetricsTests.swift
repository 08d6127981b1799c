import FeeSimModel
import Testing

/// The horizon figures code looks up by ``HorizonKey`` are the columns files name.
@Suite struct HorizonMetricsTests {
    @Test func everyFigureHasItsOwnKeyAndColumn() {
        let keys = HorizonMetrics.figures.map(\.key)
        for (k, key) in keys.enumerated() { #expect(!keys[..<k].contains(key), "\(key) is declared twice") }
        #expect(Set(HorizonMetrics.columnNames).count == HorizonMetrics.columnNames.count)
    }

    @Test func typedKeysNameTheColumnsFilesUse() {
        #expect(HorizonMetrics.name(of: .yearly(.collectionRate, year: 2)) == "collection_rate_year_2")
        #expect(HorizonMetrics.name(of: .yearly(.noPaymentShare, year: 1)) == "no_payment_share_year_1")
        #expect(HorizonMetrics.name(of: .total(.cashIn)) == "total_cash_in")
        #expect(HorizonMetrics.name(of: .total(.netCash)) == "net_cash_total")
        #expect(HorizonMetrics.name(of: .final(.arrearsStock)) == "arrears_stock_final")
        #expect(HorizonMetrics.name(of: .targetWindowRate) == "target_window_rate")
        #expect(HorizonMetrics.name(of: .yearly(.collectionRate, year: 4)) == nil)   // only years 1–3 are reported
    }

    @Test func aKeyReadsTheSameValueAsItsColumnName() throws {
        let record = try Fixture.simulation(Fixture.quiet(months: 24)).run()
        let h = HorizonMetrics(record: record, target: Fixture.quiet().target)
        for figure in HorizonMetrics.figures {
            let byName = try #require(h[figure.name])
            #expect(h[figure.key].bitPattern == byName.bitPattern, "\(figure.name)")
        }
        #expect(h[.yearly(.collectionRate, year: 3)].isNaN)   // a year past the 24-month horizon
        #expect(h[.total(.cashIn)] > 0)
    }
}
