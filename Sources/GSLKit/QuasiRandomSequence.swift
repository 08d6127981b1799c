internal import CGSL

/// A GSL quasi-random (low-discrepancy) sequence in the unit cube: Sobol (dimension ≤ 40) or Halton
/// (dimension ≤ 1229). Points come in a fixed order, so a design built from it is reproducible.
public final class QuasiRandomSequence {
    public enum Kind: String, CaseIterable, Sendable {
        case sobol, halton
    }

    private let q: UnsafeMutablePointer<gsl_qrng>
    public let dimension: Int
    public let kind: Kind

    /// - Throws: ``GSLError`` if the dimension is not supported by the kind.
    public init(_ kind: Kind, dimension: Int) throws {
        GSL.ensureErrorHandlerOff()
        let limit = kind == .sobol ? 40 : 1229
        guard (1...limit).contains(dimension) else {
            throw GSLError.invalid("a \(kind.rawValue) sequence supports dimensions 1…\(limit), not \(dimension)")
        }
        let type = kind == .sobol ? feesim_gsl_qrng_sobol() : feesim_gsl_qrng_halton()
        guard let q = gsl_qrng_alloc(type, UInt32(dimension)) else {
            throw GSLError(status: Int32(GSL_ENOMEM), reason: "gsl_qrng_alloc failed")
        }
        self.q = q
        self.dimension = dimension
        self.kind = kind
    }

    deinit { gsl_qrng_free(q) }

    /// The next point, each coordinate in [0, 1). O(dimension).
    public func next() throws -> [Double] {
        var x = [Double](repeating: 0, count: dimension)
        let status = x.withUnsafeMutableBufferPointer { gsl_qrng_get(q, $0.baseAddress) }
        try GSL.check(status, "gsl_qrng_get")
        return x
    }
}
