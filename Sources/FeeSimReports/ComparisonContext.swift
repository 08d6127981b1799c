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
    /// What the command line changed from the files (`--set PATH=VALUE`), each with the range its prior calls
    /// plausible (nil: a setting with no prior).
    public var changes: [Change] = []

    /// One change from the files.
    public struct Change: Sendable {
        public var path: String
        public var value: Double
        public var plausible: ClosedRange<Double>?
        /// Whether the value lies outside what the prior calls plausible.
        public var isImplausible: Bool { plausible.map { !$0.contains(value) } ?? false }
    }
    public init(name: String, description: String, toolVersion: String, scenarioFiles: [String], contentHash: String) {
        self.name = name
        self.description = description
        self.toolVersion = toolVersion
        self.scenarioFiles = scenarioFiles
        self.contentHash = contentHash
    }
}
