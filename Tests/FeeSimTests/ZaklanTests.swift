import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

/// The Ising-type tax-evasion model against what theory says in its limiting cases.
@Suite struct ZaklanTests {
    static func evasion(
        temperature: Double, audit: Double = 0, penalty: Int = 0, periods: Int = 150,
        from: Int = 51, size: Int = 64
    ) throws -> Double {
        var s = try ScenarioLoader.load(
            yaml: """
                behaviour_model: zaklan2009
                months: \(periods)
                replications: 4
                seed: 3
                zaklan: {lattice_size: \(size), temperature: \(temperature), audit_prob: \(audit), penalty_periods: \(penalty)}
                """)
        s.replications = 4
        let ensemble = try MonteCarlo.run(try CompiledModel(s), threads: 2)
        let rates = ensemble.monthly[(from - 1)...].map { $0[Metric.collectionRate.rawValue].mean }
        return 1 - rates.reduce(0, +) / Double(rates.count)
    }

    @Test func belowTheCriticalTemperatureEvasionIsTheOnsagerYangMinority() throws {
        // Spontaneous magnetisation m = (1 − sinh(2/T)⁻⁴)^(1/8); evaders are the (1 − m)/2 minority.
        let t = 2.0
        let m = pow(1 - pow(sinh(2 / t), -4), 1.0 / 8)
        #expect(abs((1 - m) / 2 - 0.0443) < 0.0005)
        #expect(abs(try Self.evasion(temperature: t) - (1 - m) / 2) < 0.01)
    }

    @Test func atHighTemperatureHalfTheAgentsEvade() throws {
        // h/T → 0: every choice is a fair coin.
        #expect(abs(try Self.evasion(temperature: 50) - 0.5) < 0.015)
    }

    @Test func moreAuditsAndLongerPenaltiesMeanLessEvasion() throws {
        let none = try Self.evasion(temperature: 2.6)
        let rare = try Self.evasion(temperature: 2.6, audit: 0.05, penalty: 10)
        let frequent = try Self.evasion(temperature: 2.6, audit: 0.5, penalty: 10)
        let long = try Self.evasion(temperature: 2.6, audit: 0.05, penalty: 50)
        #expect(abs(none - 0.5) < 0.05)
        #expect(rare < none - 0.2)
        #expect(frequent < rare)
        #expect(long < rare)
    }

    @Test func shippedValidationScenariosLoad() throws {
        let dir = Fixture.packageRoot.appendingPathComponent("Scenarios/validation")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count == 6)
        for f in files {
            let s = try ScenarioLoader.load(path: dir.appendingPathComponent(f).path).scenario
            guard case .zaklan = s.behaviourModel else { Issue.record("\(f) is not a Zaklan scenario"); continue }
        }
    }
}
