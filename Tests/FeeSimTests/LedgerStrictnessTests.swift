import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

/// Issue 21's ledger and series cases through `feesim import`: no trap on a denormal due, and locale formats and
/// broken quoting refused with line and column.
@Suite(.serialized) struct LedgerStrictnessTests {
    static func ledger(_ rows: [String]) -> String {
        ([Ledger.header] + ["U1,B1,80,1,160,160,,", "U2,B1,90,1,180,0,,", "U1,B1,80,2,160,160,,"] + rows).joined(separator: "\n") + "\n"
    }

    @Test func aDenormalDueIsEstimatedNotATrap() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.ledger(["U2,B1,90,2,1e-320,0,,"]).write(to: dir.appendingPathComponent("ledger.csv"), atomically: true, encoding: .utf8)
        let out = try Binary.feesim(["import", "ledger.csv", "--out", "out"], in: dir)
        #expect(!out.stderr.contains("Fatal error") && (out.status == 0 || out.status == 1), "\(out.status): \(out.stderr)")
        let denormal = Double.leastNonzeroMagnitude * 2_000   // about 1e-320, as the ledger writes it
        #expect(WholeNumber.clamped(160 / denormal, to: 0...2) == 2 && WholeNumber.clamped(.nan, to: 0...2) == 0)
        #expect(throws: WholeNumber.OutOfRange.self) { try WholeNumber.int(1e300) }
        #expect(throws: WholeNumber.OutOfRange.self) { try WholeNumber.int(-.infinity) }
        #expect(try WholeNumber.int(-2.7) == -2 && WholeNumber.limit == 9_007_199_254_740_992)
    }

    @Test(arguments: [
        ("decimal comma", "U2,B1,90,2,180,1,5,,", "5:", "decimal comma"),
        ("hex area", "U2,B1,0x10,2,180,0,,", "5:7", "plain decimal"),
        ("hex due", "U2,B1,90,2,0x10,0,,", "5:12", "plain decimal"),
        ("open quote", "\"U2,B1,90,2,180,0,,", "5:1", "never closed"),
        ("quoted unit", "U2,\"B1\",90,2,180,0,,", "5:4", "quote")
    ])
    func localeFormatsAndOpenQuotesAreRefusedWithLineAndColumn(kind: String, row: String, place: String, words: String) throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.ledger([row]).write(to: dir.appendingPathComponent("ledger.csv"), atomically: true, encoding: .utf8)
        let out = try Binary.feesim(["import", "ledger.csv", "--out", "out"], in: dir)
        #expect(out.status != 0, "\(kind)")
        #expect(out.stderr.contains("ledger.csv:\(place)") && out.stderr.contains(words), "\(kind): \(out.stderr)")
        // Observed series: the same formats refused with their line.
        let series = "month,rate\n1,0.5\n2,\(kind == "hex area" ? "0x1" : kind == "decimal comma" ? "0,5" : "\"0.5")\n"
        let error = #expect(throws: ScenarioError.self) { try ObservedSeries.parse(series, file: "observed.csv") }
        #expect(error?.description.hasPrefix("observed.csv:3:") == true, "\(String(describing: error))")
    }
}

extension LedgerStrictnessTests {
    /// Ledgers are streamed: a ledger larger than any YAML input is read line by line (CRLF, a byte-order mark),
    /// and one past the limit or with a line over 1 MiB is refused by name.
    @Test func aLedgerIsStreamedLineByLineAndBounded() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = "\u{FEFF}" + Ledger.header + "\r\n"
        for unit in 0..<8_000 {
            for m in 1...6 {
                text += "U\(unit),B\(unit % 40),\(60 + unit % 50),\(m),160,\((unit * 7 + m * 3) % (2 + unit % 5) == 0 ? 0 : 160),,\r\n"
            }
        }
        #expect(text.utf8.count > InputFile.yamlLimit)
        let url = dir.appendingPathComponent("big.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let imported = try Ledger.importFile(
            at: url.path, name: "big", into: dir.appendingPathComponent("out"), horizon: 12,
            skipBadRows: false)
        #expect(imported.ledger.rows.count == 48_000 && imported.estimate.households == 8_000)
        try (Ledger.header + "\n" + String(repeating: "x", count: 1_100_000) + "\n").write(to: url, atomically: true, encoding: .utf8)
        let long = #expect(throws: ScenarioError.self) {
            try Ledger.importFile(at: url.path, name: "big", into: dir.appendingPathComponent("out"), horizon: 12, skipBadRows: false)
        }
        #expect(long?.problem.contains("over 1048576 bytes") == true, "\(String(describing: long))")
    }
}
