import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

@Suite(.serialized) struct LedgerTests {
    @Test func ledgerWrittenByFeeSimImportsBackToItsCommunity() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/status-quo.yaml").path
        let ledger = try Binary.feesim(["ledger", scenario, "-o", "ledger.csv", "--months", "6"], in: dir)
        #expect(ledger.status == 0, "\(ledger.stderr)")
        let imported = try Binary.feesim(["import", "ledger.csv", "--name", "copy", "--out", "."], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1200 units in 12 buildings over 6 months; fee rate 2 yuan/m²/month; vacant 12.0%"))
        let s = try ScenarioLoader.load(path: dir.appendingPathComponent("copy.yaml").path).scenario
        #expect(s.community.households == 1200 && s.community.buildings == 12)
        #expect(s.community.segments.map(\.name) == ["occupied", "vacant"])
        #expect(abs(s.community.segments[1].feeMultiplier - 0.5) < 1e-3)
        let state = try #require(s.community.initialState)
        #expect(state.count == 1200 && state.allSatisfy { $0.area >= 20 && $0.area <= 400 })
        // The observed starting state is what the simulation starts from.
        let sim = try Simulation(model: try CompiledModel(s), replication: 0)
        for i in [0, 17, 599, 1199] {
            #expect(sim.arrearsMonths(of: i) == state[i].arrearsMonths)
            #expect(abs(sim.fee(of: i) - 2 * state[i].area * (state[i].segment == 1 ? s.community.segments[1].feeMultiplier : 1)) < 1e-9)
        }
        #expect(try Binary.feesim(["run", "copy.yaml", "-r", "4", "-m", "3", "-q", "--out", "res"], in: dir).status == 0)
    }

    static let good = """
        unit_id,building,floor_area,month,amount_due,amount_paid,payment_date,flags
        A1,1,80,2025-01,160,160,2025-01-10,
        A2,1,60,2025-01,120,0,,hardship
        """

    @Test func badRowStopsTheImportWithItsLineNumber() throws {
        let text = Self.good + "\nA3,2,-5,2025-01,100,100,,\n"
        do {
            _ = try Ledger.parse(text, file: "ledger.csv")
            Issue.record("a negative area was accepted")
        } catch let e as ScenarioError {
            #expect(e.location.line == 4)
            #expect(e.description.contains("ledger.csv:4:6"))   // the column where floor_area starts
            #expect(e.problem.contains("floor_area '-5' must be a plain decimal number in (0, 100000] m²"))
        }
    }

    @Test func skipBadRowsCountsWhatItSkipsAndDropsNothingElse() throws {
        let text = Self.good + "\nA3,2,70,2025-01,abc,0,,\nA4,2,70,2025-01,140,140,,stolen\nA5,2,70,2025-01,140,140,,vacant\n"
        let ledger = try Ledger.parse(text, file: "ledger.csv", skipBadRows: true)
        #expect(ledger.rows.count == 3)
        #expect(ledger.skipped.map(\.line) == [4, 5])
        #expect(ledger.skipped[1].reason.contains("unknown flag 'stolen'"))
        #expect(ledger.rows.last?.vacant == true)
    }

    @Test func duplicateUnitMonthIsAnError() throws {
        #expect(throws: ScenarioError.self) { try Ledger.parse(Self.good + "\nA1,1,80,2025-01,160,160,,\n", file: "l.csv") }
    }
}
