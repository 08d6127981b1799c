import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

@testable import FeeSimExperiments
@testable import FeeSimReports

/// Money and parameter values as the reports print them.
@Suite struct ReportNumberTests {
    @Test func chineseTablesCountEveryAmountInWanWithATrueMinus() {
        #expect(Language.zh.money(672_549) == "67.3万")
        #expect(Language.zh.money(-27_740) == "−2.8万")
        #expect(Language.zh.money(117_667_000) == "11,766.7万")
        #expect(Language.zh.money(9_000) == "0.90万" && Language.zh.money(-2_597) == "−0.26万")
        #expect(Language.zh.money(9_960) == "1.0万" && Language.zh.money(-40) == "0" && Language.zh.money(0) == "0")
        #expect(Language.en.money(-27_740) == "−27,740" && Language.en.money(1_176_670) == "1,176,670")
        #expect(Language.en.money(.nan) == "–" && Language.zh.money(.infinity) == "–")
        #expect(Language.zh.interval("1", "0", "2") == "1（0 – 2）" && Language.en.interval("1", "0", "2") == "1 (0 – 2)")
    }

    @Test func chineseSourcesAreTranslatedAndAUsersOwnKeepsItsWords() {
        #expect(Language.zh.source("assumption") == "假设")
        #expect(Language.zh.source("calibrated; assumption") == "校准；假设")
        #expect(Language.zh.source("assumption (a few staff hours)") == "假设（几个工时）")
        #expect(Language.zh.source("assumption (our survey)") == "假设 (our survey)")   // not shipped: as written
        #expect(Language.zh.source("the plan §2: size is an assumption") == "计划 §2: size is an assumption")
        #expect(Language.en.source("calibrated; assumption") == "calibrated; assumption")
    }

    @Test func reportsNameFilesByTheirPathUnderScenariosOnce() {
        #expect(
            ComparisonOutputs.shortPaths([
                "/a/Scenarios/mixed/full-plan.yaml", "/a/Scenarios/strategies/full-plan.yaml",
                "/a/Scenarios/mixed/full-plan.yaml", "/tmp/x/mine.yaml"
            ])
                == ["mixed/full-plan.yaml", "strategies/full-plan.yaml", "mine.yaml"])
    }

    @Test func parameterValuesPrintToThreeSignificantDigits() {
        #expect(ComparisonOutputs.significant(0.12000000000000001) == "0.12")
        #expect(ComparisonOutputs.significant(0.33499999999999996) == "0.335")
        #expect(ComparisonOutputs.significant(0.0267) == "0.0267" && ComparisonOutputs.significant(30_000) == "30,000")
    }
}
