import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

/// A community's calibration targets file (Scenarios/<community>/targets.yaml): the shipped ones, and every
/// problem reported with file, key, bad value and what is allowed.
@Suite struct CalibrationTargetsTests {
    static func write(_ text: String, name: String = "targets.yaml") throws -> String {
        let dir = try Fixture.temporaryFolder().appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static let tinyTargets = """
        months: 12
        targets:
          collection_rate_year_1: {value: 0.7, sd: 0.03, source: "a test"}
          owing_share_year_1: {value: 0.3, sd: 0.05, source: assumption, range: [0.2, 0.4]}
          cash_to_billing_year_1: {value: 0.75, sd: 0.05, source: assumption, range: [0.6, 0.9]}
        parameters:
          community.segments.all.attention: {min: 0.2, max: 0.95}
          behaviour.repay_all_prob: {min: 0.3, max: 0.95}
        posterior: {particles: 30, replications: 2, waves: 2, seed: 4}
        """

    static func tinyScenario() -> Scenario {
        var s = Fixture.quiet(households: 60, buildings: 3, months: 12, propensity: BetaParameters(a: 3, b: 2))
        s.community.segments[0].attention = 0.6
        s.community.warmupMonths = 6
        s.statusQuoDunning = Ladder(rungs: [
            Rung(
                name: "sms", minArrearsMonths: 1, deliveryProbability: 0.9, uplift: 0.3,
                costPerAttempt: 0.04)
        ])
        return s
    }

    @Test func theShippedTargetsFilesLoadWithASourceOrARangeForEveryTarget() throws {
        for community in ["mixed", "old", "highend"] {
            let folder = Fixture.packageRoot.appendingPathComponent("Scenarios/\(community)")
            let scenario = try ScenarioLoader.load(path: folder.appendingPathComponent("status-quo.yaml").path).scenario
            let t = try CalibrationTargets.load(path: folder.appendingPathComponent("targets.yaml").path, scenario: scenario)
            #expect(t.community == community)
            let names = Set(t.targets.map(\.name))
            for figure in [
                "collection_rate_year_1", "collection_rate_year_2", "collection_rate_year_3", "owing_share_year_1",
                "no_payment_share_year_1", "arrears_collection_rate_year_1", "cash_to_billing_year_1"
            ] {
                #expect(names.contains(figure), "\(community) lacks \(figure)")
            }
            for target in t.targets { #expect(!target.isAssumption || target.range != nil) }
        }
    }

    @Test func aBadTargetsFileNamesTheFileKeyBadValueAndWhatIsAllowed() throws {
        let s = Self.tinyScenario()
        func error(_ replace: String, with text: String) throws -> String {
            let path = try Self.write(Self.tinyTargets.replacingOccurrences(of: replace, with: text))
            do { _ = try CalibrationTargets.load(path: path, scenario: s) } catch let e as ScenarioError {
                #expect(e.location.file == path)
                return e.description
            }
            Issue.record("no error for \(text)")
            return ""
        }
        let sd = try error("sd: 0.03", with: "sd: 0")
        #expect(sd.contains("targets.collection_rate_year_1.sd") && sd.contains("= 0") && sd.contains("(0, 1]"))
        let range = try error("source: assumption, range: [0.2, 0.4]", with: "source: assumption")
        #expect(range.contains("targets.owing_share_year_1.range") && range.contains("required for an assumption"))
        let outside = try error("range: [0.2, 0.4]", with: "range: [0.35, 0.4]")
        #expect(outside.contains("must contain the value 0.3"))
        let figure = try error("owing_share_year_1", with: "owing_share_year_9")
        #expect(figure.contains("owing_share_year_9") && figure.contains("not a figure of replications.csv"))
        let year = try error("collection_rate_year_1", with: "collection_rate_year_2")
        #expect(year.contains("after the horizon of 12 months"))
        let prior = try error("{min: 0.2, max: 0.95}", with: "{min: 0.2, max: 1.5}")
        #expect(prior.contains("parameters.community.segments.all.attention.max") && prior.contains("1.5") && prior.contains("[0, 1]"))
        let path = try error("behaviour.repay_all_prob", with: "behaviour.repay_everything")
        #expect(path.contains("parameters.behaviour.repay_everything"))
        let key = try error("posterior: {particles: 30", with: "posterior: {particle: 30")
        #expect(key.contains("unknown key 'particle'") && key.contains("did you mean 'particles'"))
    }

}
