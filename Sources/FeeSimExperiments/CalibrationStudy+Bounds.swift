import FeeSimModel

extension CalibrationStudy {
    /// A parameter to fit and its search bounds, written `PATH=MIN:MAX` (MIN < MAX).
    public struct Bounds: Sendable, Equatable {
        public let path: String
        public let lower: Double
        public let upper: Double

        public init?(parsing text: String) {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let bounds = parts[1].split(separator: ":")
            guard bounds.count == 2, let lo = Double(bounds[0]), let hi = Double(bounds[1]), lo < hi else { return nil }
            (path, lower, upper) = (String(parts[0]), lo, hi)
        }
    }
}
