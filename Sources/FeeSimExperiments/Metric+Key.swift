import FeeSimModel

extension Metric {
    /// The monthly metric whose column is named `key` (`collection_rate`), or nil.
    public init?(key: String) {
        guard let m = Metric.allCases.first(where: { $0.key == key }) else { return nil }
        self = m
    }
}
