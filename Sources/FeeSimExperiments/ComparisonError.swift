import FeeSimModel
import Foundation

/// A comparison that cannot be made, in words.
public struct ComparisonError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
