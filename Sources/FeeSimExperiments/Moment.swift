/// A target for one horizon figure (for example `collection_rate_year_1` = 0.75), with its weight.
public struct Moment: Sendable, Equatable {
    public let name: String
    public let target: Double
    public let weight: Double
    public init(name: String, target: Double, weight: Double = 1) {
        self.name = name
        self.target = target
        self.weight = weight
    }
}
