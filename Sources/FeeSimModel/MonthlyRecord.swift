/// One replication's monthly outputs: a T × M table of doubles (row = month, column = ``MetricLayout``).
/// NaN marks a value that does not exist (for example the long-term cleared share with no long-term group).
public struct MonthlyRecord: Sendable, Equatable {
    public let months: Int
    public let layout: MetricLayout
    /// Row-major values: `values[(t − 1) * layout.count + column]`.
    public internal(set) var values: [Double]

    public init(months: Int, layout: MetricLayout) {
        self.months = months
        self.layout = layout
        values = [Double](repeating: .nan, count: months * layout.count)
    }

    /// The value of `column` in month t (1-based). O(1).
    public subscript(month t: Int, column: Int) -> Double {
        get { values[(t - 1) * layout.count + column] }
        set { values[(t - 1) * layout.count + column] = newValue }
    }

    /// The value of a fixed metric in month t (1-based). O(1).
    public subscript(month t: Int, metric: Metric) -> Double {
        get { self[month: t, metric.rawValue] }
        set { self[month: t, metric.rawValue] = newValue }
    }

    /// The whole series of a fixed metric, months 1…T. O(T).
    public func series(_ metric: Metric) -> [Double] { (1...months).map { self[month: $0, metric] } }

    /// The whole series of a named column, months 1…T, or nil if no column has that name. O(T + M).
    public func series(named name: String) -> [Double]? {
        guard let c = layout.index(of: name) else { return nil }
        return (1...months).map { self[month: $0, c] }
    }
}
