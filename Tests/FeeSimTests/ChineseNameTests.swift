import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimReports

/// Chinese reports name every parameter in Chinese.
@Suite struct ChineseNameTests {
    @Test func everyDeclaredParameterAndGroupHasAChineseName() throws {
        // The full plan has every kind of path: scalars, segments, both ladders, phases (with ends) and the pilot.
        let s = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/full-plan.yaml").path).scenario
        #expect(s.parameterPaths.contains { $0.path == "pilot.buildings" } && s.parameterPaths.contains { $0.path.hasSuffix("end_month") })
        var missing: [String] = []
        for p in s.parameterPaths where !p.chineseName.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) {
            missing.append("\(p.path) (\(p.name): '\(p.chineseName)')")
        }
        #expect(missing.isEmpty, "declare a Chinese name with: \(missing.joined(separator: ", "))")
        let units = Set(s.parameterPaths.map(\.unit)).sorted().filter { Language.unitsZh[$0] == nil }
        #expect(units.isEmpty, "add to Language.unitsZh: \(units)")
        for group in InformationGroup.allCases { #expect(Language.zh.groupName(group.name) == group.chinese) }
    }

    @Test func everyDeclaredSourceHasAChineseTranslationThatKeepsItsCitations() throws {
        let s = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/full-plan.yaml").path).scenario
        let sources = Set(s.parameterPaths.map(\.source) + ParameterCatalog.scalars.map(\.source)).sorted()
        let missing = sources.filter { Language.sourcesZh[$0] == nil }
        #expect(missing.isEmpty, "add to Language.sourcesZh: \(missing)")
        for english in sources {
            let zh = Language.zh.source(english)
            // Latin letters are left only inside brackets (the citations, as published).
            let outside = zh.replacingOccurrences(of: "（[^（）]*）", with: "", options: .regularExpression)
            #expect(outside.range(of: "[A-Za-z]{2,}", options: .regularExpression) == nil, "\(english) → \(zh)")
            // Every year cited in English is cited in Chinese too.
            for year in english.matches(of: /(19|20)\d\d/).map({ String($0.output.0) }) {
                #expect(zh.contains(year), "\(english): the citation's year \(year) is lost in \(zh)")
            }
        }
    }
}
