import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

extension ComparisonStudy {
    /// The result folder's name: `name` when given, else the comparison's, with `-zh` added for a Chinese report so
    /// that it never replaces the English one.
    public func folderName(_ name: String?, language: Language) -> String {
        name ?? (language == .en ? file.name : "\(file.name)-\(language.rawValue)")
    }

    /// The report's context: `name`, `title` (default: the comparison's description in `language`), every file read
    /// and their hash.
    public func context(name: String, title: String?, language: Language, toolVersion: String) -> ComparisonContext {
        ComparisonContext(name: name, description: title ?? file.description(language.rawValue), toolVersion: toolVersion,
                          scenarioFiles: file.scenarioFiles, contentHash: file.contentHash)
    }

}
