extension Moment {
    /// A moment written `NAME=VALUE[:WEIGHT]` (weight ≥ 0, default 1); nil when it is not of that shape.
    public init?(parsing text: String) {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let value = parts[1].split(separator: ":")
        guard (1...2).contains(value.count), let v = Double(value[0]), v.isFinite else { return nil }
        let w = value.count == 2 ? Double(value[1]) : 1
        guard let w, w.isFinite, w >= 0 else { return nil }
        self.init(name: String(parts[0]), target: v, weight: w)
    }
}
