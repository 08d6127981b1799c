import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation

/// What a comparison run records about itself, for the report's assumptions and the manifest.
public struct ComparisonContext: Sendable {
    public var name: String
    public var description: String
    public var toolVersion: String
    public var scenarioFiles: [String]
    public var contentHash: String
    public init(name: String, description: String, toolVersion: String, scenarioFiles: [String], contentHash: String) {
        self.name = name
        self.description = description
        self.toolVersion = toolVersion
        self.scenarioFiles = scenarioFiles
        self.contentHash = contentHash
    }
}
