import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

@Suite struct ParameterPathTests {
    static func mixed() throws -> Scenario {
        try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/full-plan.yaml").path).scenario
    }

    @Test func pathsReadAndWriteTheValuesTheScenarioFileNames() throws {
        var s = try Self.mixed()
        let visit = try ParameterSpace.resolve("levers.dunning.ladder[2].uplift", in: s)
        #expect(visit.value(in: s) == 0.8)
        try visit.set(0.7, in: &s)
        #expect(s.levers.dunning.rungs[2].uplift == 0.7)
        let owner = try ParameterSpace.resolve("segments.owner_occupier.propensity.a", in: s)   // short form
        #expect(owner.path == "community.segments.owner_occupier.propensity.a")
        #expect(owner.value(in: s) == 3)
        let lag = try ParameterSpace.resolve("levers.legal.lag_months", in: s)
        #expect(lag.whole && lag.value(in: s) == 3)
        #expect(ParameterSpace.paths(in: s).count > 80)
    }

    @Test func aRungIsNamedByItsNameAsWellAsItsIndex() throws {
        var s = try Self.mixed()
        let byName = try s.resolveParameter("levers.dunning.ladder[visit].uplift")
        #expect(byName.path == "levers.dunning.ladder[2].uplift")   // the smart ladder's third rung
        try byName.set(0.65, in: &s)
        #expect(s.levers.dunning.rungs[2].name == "visit" && s.levers.dunning.rungs[2].uplift == 0.65)
        let call = try s.resolveParameter("status_quo_dunning.ladder[call].delivery_prob")
        #expect(
            call.path == "status_quo_dunning.ladder[1].delivery_prob"
                && call.value(in: s) == s.statusQuoDunning.rungs[1].deliveryProbability)
        #expect(throws: ParameterError.self) { try s.resolveParameter("levers.dunning.ladder[courier].uplift") }
    }

    @Test func unknownPathListsTheNearestValidPaths() throws {
        let s = try Self.mixed()
        do {
            _ = try ParameterSpace.resolve("behaviour.beta_trsut", in: s)
            Issue.record("resolved an unknown path")
        } catch let e as ParameterError {
            #expect(e.message.contains("unknown parameter path 'behaviour.beta_trsut'"))
            #expect(e.message.contains("behaviour.beta_trust"))
        }
    }

    @Test func outOfRangeValueIsRefusedWithWhatIsAllowed() throws {
        var s = try Self.mixed()
        let p = try ParameterSpace.resolve("behaviour.hardship_exit", in: s)
        #expect(throws: ParameterError.self) { try p.set(1.5, in: &s) }
    }
}
