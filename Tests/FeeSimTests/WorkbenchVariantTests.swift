import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimServer

/// Issue 25 item 8 and item 3 on the workbench: a variant has its own name and title listing what changed, a warning
/// on a value outside its plausible range, is saved beside its community's files, and the goal search answers in
/// words with the parameter, its unit, the figure and the month.
@Suite(.serialized) struct WorkbenchVariantTests {
    static let bench = Workbench(root: Fixture.packageRoot)

    /// The mixed full plan with legal action off (its other levers on), a pilot of 4 buildings and a peer effect of 2.5 (its prior is
    /// uniform 1–2), and a visit cost sent at its file value (no change).
    static func edited() -> Workbench.Variant {
        var v = ServeTests.variant([
            .init(path: "pilot.buildings", value: 4), .init(path: "levers.cogovernance.peer_multiplier", value: 2.5),
            .init(path: "levers.dunning.ladder[2].cost_per_attempt", value: 30)
        ])
        v.levers = ["transparency", "dunning", "assistance", "cogovernance", "settlement"]
        return v
    }

    @Test func aVariantIsNamedAndTitledByWhatChangedFromItsFiles() throws {
        let v = Self.edited()
        let p = try Self.bench.prepare(v)
        let en = try Self.bench.describe(v, prepared: p, language: .en)
        // Legal action off, then the values in the order sent; the visit cost equals the file's and is left out.
        #expect(en.changes.map(\.path) == ["levers", "pilot.buildings", "levers.cogovernance.peer_multiplier"])
        #expect(en.title.hasPrefix(p.strategy.title("en") + " — changed: "), "\(en.title)")
        #expect(en.title.contains("legal action (§5.1) off") && en.title.contains("Pilot buildings 4 buildings"), "\(en.title)")
        #expect(en.changes[1].text == "Pilot buildings: 4 buildings (file: 3 buildings)")
        #expect(en.changes[1].fileValue == 3 && en.changes[1].value == 4 && en.changes[1].warning == nil)
        // The peer effect is outside its prior's support: warned, with the range.
        let peer = en.changes[2]
        #expect(peer.plausibleLower == 1 && peer.plausibleUpper == 2)
        let warning = try #require(peer.warning)
        #expect(warning.contains("2.5") && warning.contains("1–2") && warning.contains("plausible range"), "\(warning)")
        // A plain file name the save accepts, built from the strategy and the changes.
        #expect(en.name == "mixed-full-plan-no-legal-buildings-4-peer-multiplier-2p5", "\(en.name)")
        #expect(try Workbench.checkedName(en.name) == en.name)
        let zh = try Self.bench.describe(v, prepared: p, language: .zh)
        #expect(zh.title.contains("修改") && zh.title.contains("试点楼栋数") && zh.changes[2].warning?.contains("合理范围") == true)
        // Unchanged: the strategy's own title and name.
        let plain = ServeTests.variant()
        let none = try Self.bench.describe(plain, prepared: try Self.bench.prepare(plain), language: .en)
        #expect(none.changes.isEmpty && none.title == p.strategy.title("en") && none.name == "mixed-full-plan")
    }

    @Test func aLongListOfChangesGivesANameOfAtMost64CharactersAndATitleThatSaysHowManyMore() throws {
        let paths = [
            "levers.cogovernance.peer_multiplier", "levers.cogovernance.mediation_prob", "levers.cogovernance.trust_gain",
            "levers.dunning.ladder[2].cost_per_attempt", "pilot.buildings"
        ]
        let values = [1.7, 0.05, 0.02, 25, 6]
        let v = ServeTests.variant(zip(paths, values).map { .init(path: $0, value: $1) })
        let d = try Self.bench.describe(v, prepared: try Self.bench.prepare(v), language: .en)
        #expect(d.changes.count == 5 && d.title.hasSuffix("; and 2 more"), "\(d.title)")
        #expect(d.name.count <= 64 && (try? Workbench.checkedName(d.name)) != nil, "\(d.name)")
    }

    @Test func aSavedVariantLandsBesideItsCommunitysFilesWithItsOwnTitleAndNeverOverAShippedFile() throws {
        let root = try ServeTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let bench = Workbench(root: root)
        let v = Self.edited()
        let saved = try bench.save(v, name: "full-plan-pilot4", language: .zh)
        #expect(saved.file == "Scenarios/mixed/full-plan-pilot4.yaml")
        #expect(saved.variant.title.contains("修改"))   // in the page's language
        let loaded = try ScenarioLoader.load(path: root.appendingPathComponent(saved.file).path).scenario
        #expect(loaded.title("en").contains("changed: legal action (§5.1) off; Pilot buildings 4 buildings"), "\(loaded.title("en"))")
        #expect(loaded.title("zh").contains("试点楼栋数 4 栋"), "\(loaded.title("zh"))")
        #expect(loaded.description.contains("Peer effect: 2.5 × (file: 1.25 ×)"), "\(loaded.description)")
        #expect(saved.yaml.contains("#   warning: Peer effect = 2.5 is outside its plausible range"), "\(saved.yaml)")
        #expect(loaded.pilot.count == 4 && loaded.levers.cogovernance.peerMultiplier == 2.5)
        // A shipped file of the same folder is never overwritten: refused, and left as it was.
        let shipped = root.appendingPathComponent("Scenarios/mixed/full-plan.yaml")
        let before = try Data(contentsOf: shipped)
        #expect(throws: WorkbenchError.conflict("Scenarios/mixed/full-plan.yaml already exists: choose another name", field: "name")) {
            try bench.save(v, name: "full-plan")
        }
        #expect(try Data(contentsOf: shipped) == before)
    }

    @Test func relativePathsToTheStrategysFileStayInsideScenarios() {
        #expect(Workbench.relativePath(from: "mixed/", to: "mixed/full-plan.yaml") == "full-plan.yaml")
        #expect(Workbench.relativePath(from: "mixed/", to: "strategies/full-plan.yaml") == "../strategies/full-plan.yaml")
        #expect(Workbench.relativePath(from: "", to: "mixed/full-plan.yaml") == "mixed/full-plan.yaml")
    }

    @Test func anOutOfRangeValueIsReportedOnceForItsField() throws {
        let v = ServeTests.variant([.init(path: "levers.cogovernance.mediation_prob", value: 1.5)])
        let error = try #require(throws: WorkbenchError.self) { try Self.bench.prepare(v) }
        #expect(error.field == "levers.cogovernance.mediation_prob" && error.status == 422)
        #expect(error.error.components(separatedBy: "levers.cogovernance.mediation_prob").count == 2, "\(error.error)")
        #expect(error.error.contains("1.5") && error.error.contains("[0, 1]"), "\(error.error)")
    }

    /// The words for each outcome, from the numbers alone (no run): parameter, unit, file value, plausible range,
    /// figure, target and month, and a warning only when the value found is outside the plausible range.
    @Test func theGoalAnswerSaysItInWordsWithUnitsAndWarnsOutsideThePlausibleRange() {
        var a = Workbench.GoalAnswer(
            outcome: "found", value: 0.15, figureValue: 0.9031, lower: 0.03, upper: 1, evaluations: 9, replications: 50,
            elapsedMilliseconds: 1, parameter: "levers.cogovernance.mediation_prob", label: "Mediation", unit: "per month",
            fileValue: 0.03, plausibleLower: 0.01, plausibleUpper: 0.1, figure: "target_window_rate",
            figureName: "收缴率 of the bills of months 1–6", atLeast: 0.9, byMonth: 6, sentence: "", warning: nil)
        Workbench.word(&a, .en)
        #expect(
            a.sentence == "Mediation must be at least 0.15 per month (file value 0.03 per month; plausible range 0.01–0.1 "
                + "per month) for 收缴率 of the bills of months 1–6 to reach 90.0% by month 6; at 0.15 per month it "
                + "reaches 90.3% (50 replications per evaluation, common random numbers).", "\(a.sentence)")
        #expect(a.warning?.contains("outside the plausible range of Mediation, 0.01–0.1 per month") == true, "\(a.warning ?? "")")
        a.value = 0.08
        a.warning = nil
        Workbench.word(&a, .en)
        #expect(a.warning == nil)
        a.outcome = "never"
        a.figureValue = 0.871
        Workbench.word(&a, .en)
        #expect(a.sentence.hasPrefix("No value of Mediation from 0.03 per month to 1 per month"), "\(a.sentence)")
        #expect(a.sentence.contains("the closest is 87.1%, at 1 per month"), "\(a.sentence)")
        a.outcome = "already"
        a.figureValue = 0.93
        Workbench.word(&a, .zh)
        #expect(a.sentence.contains("已达到 90.0%") && a.sentence.contains("93.0%"), "\(a.sentence)")
    }

    /// The question the page opens with can be answered for the shipped mixed community's full plan at the page's
    /// settings (its file's horizon, 50 replications per evaluation): a value inside the allowed range reaches it.
    @Test func theDefaultGoalQuestionIsAnswerableForTheShippedCommunity() throws {
        let q = Workbench.GoalQuestion(
            variant: Workbench.Variant(comparison: "Scenarios/mixed/compare.yaml", strategy: "mixed-full-plan"),
            parameter: WorkbenchPage.goal.parameter, figure: WorkbenchPage.goal.figure, atLeast: WorkbenchPage.goal.atLeast,
            replications: nil)
        let a = try Self.bench.goal(q, language: .en)
        #expect(a.outcome == "found", "\(a.sentence)")
        #expect(a.sentence.contains("Mediation must be at least") && a.sentence.contains("per month"), "\(a.sentence)")
        #expect(a.sentence.contains("收缴率 in year 1") && a.sentence.contains("by month 12"), "\(a.sentence)")
        #expect(a.figureValue >= WorkbenchPage.goal.atLeast && (a.value ?? 0) > a.fileValue && (a.value ?? 2) <= 1)
    }

    /// The answer carries the variant's title and changes, and says which net benefit it is: Monte Carlo at the stated
    /// values, while the report's headline is the mean over the comparison's parameter sets (100 × 10 for mixed).
    @Test func anAnswerIsTitledByItsChangesAndSaysWhichNetBenefitItShows() throws {
        let v = ServeTests.variant([.init(path: "pilot.buildings", value: 5)], replications: 4)
        let a = try Self.bench.run(v, language: .en)
        #expect(a.variant.title.hasSuffix("— changed: Pilot buildings 5 buildings"), "\(a.variant.title)")
        #expect(a.variant.changes.map(\.path) == ["pilot.buildings"] && a.replications == 4)
        #expect(a.reportSets == 100 && a.reportSetReplications == 10)
        let page = WorkbenchPage.html(language: .en, token: "t")
        #expect(page.contains("The report's headline net benefit (feesim compare) is a different figure"))
    }

    /// A comparison file is parsed once and kept, but a change to any file it reads is seen by the next request.
    @Test func aScenarioFileChangedOnDiskIsReadAfreshByTheNextRequest() throws {
        let root = try ServeTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let bench = Workbench(root: root)
        func pilot() throws -> Double? {
            try bench.parameters(comparison: "Scenarios/mixed/compare.yaml", strategy: "mixed-full-plan", language: .en)
                .first { $0.path == "pilot.buildings" }?.value
        }
        #expect(try pilot() == 3)
        #expect(try pilot() == 3)   // kept
        let file = root.appendingPathComponent("Scenarios/mixed/full-plan.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "pilot: {buildings: 3}", with: "pilot: {buildings: 4}")
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(try pilot() == 4)
    }
}
