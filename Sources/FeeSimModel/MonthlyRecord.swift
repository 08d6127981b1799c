/// One replication's monthly outputs: a T × M table of doubles (row = month, column = ``MetricLayout``).
/// NaN marks a value that does not exist (for example the long-term cleared share with no long-term group).
public struct MonthlyRecord: Sendable, Equatable {
    public let months: Int
    public let layout: MetricLayout
    /// Row-major values: `values[(t − 1) * layout.count + column]`.
    public internal(set) var values: [Double]
    /// The number of buildings B whose 收缴率 the record keeps (0 when the model keeps none, as the Zaklan model).
    public let buildings: Int
    /// Each building's 收缴率 by month, the community's `collection_rate` over the building's own fees (docs/MODEL.md
    /// §4, building_collection_rate): `buildingRates[(t − 1) * buildings + b]` for month t (1-based) and building
    /// b (0-based), a share in [0, 1]; NaN for a month not simulated.
    public internal(set) var buildingRates: [Double]
    /// Each building's fees for one month, yuan (Σ of its households' monthly fees): the weights with which the
    /// building rates average to the community's `collection_rate`. Zero until month 1 is recorded.
    public internal(set) var buildingDue: [Double]

    /// The most buildings whose 收缴率 a record keeps: a larger community's records keep none (a city portfolio's
    /// 10,000 buildings × 120 months would add 9.6 MB to every record for a table no report draws).
    public static let maximumBuildings = 200

    /// An empty record (every value NaN) of `months` months, with room for `buildings` buildings' 收缴率.
    public init(months: Int, layout: MetricLayout, buildings: Int = 0) {
        self.months = months
        self.layout = layout
        values = [Double](repeating: .nan, count: months * layout.count)
        self.buildings = buildings
        buildingRates = [Double](repeating: .nan, count: months * buildings)
        buildingDue = [Double](repeating: 0, count: buildings)
    }

    /// Building b's 收缴率 in month t (1-based; b 0-based). O(1).
    public func collectionRate(month t: Int, building b: Int) -> Double { buildingRates[(t - 1) * buildings + b] }

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
