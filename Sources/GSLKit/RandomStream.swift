internal import CGSL

/// One GSL random number generator: a single, independent stream of draws.
///
/// This is the only type in FeeSim that owns C memory. A stream is not thread-safe; give each replication
/// its own streams (FeeSim derives their seeds from the master seed and the replication index alone).
public final class RandomStream {
    private let rng: UnsafeMutablePointer<gsl_rng>
    // Cached so that the hot path is one indirect call with no pointer chasing through `rng.pointee.type`.
    private let getDouble: @convention(c) (UnsafeMutableRawPointer?) -> Double
    private let state: UnsafeMutableRawPointer?

    /// The GSL name of this stream's generator (for example `"mt19937"`).
    public let generatorName: String

    /// Creates a stream of the named GSL generator, seeded with `seed`.
    ///
    /// - Parameters:
    ///   - generator: a GSL generator name, see ``availableGenerators``.
    ///   - seed: the seed passed to `gsl_rng_set`. Generators with 32-bit seeds use the low 32 bits.
    /// - Throws: ``GSLError`` if the name is unknown or GSL cannot allocate the generator.
    public init(generator: String = "mt19937", seed: UInt64) throws {
        GSL.ensureErrorHandlerOff()
        guard let type = RandomStream.type(named: generator) else {
            throw GSLError.invalid("unknown GSL generator '\(generator)'")
        }
        guard let rng = gsl_rng_alloc(type) else {
            throw GSLError(status: Int32(GSL_ENOMEM), reason: "gsl_rng_alloc failed for '\(generator)'")
        }
        self.rng = rng
        self.generatorName = generator
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
        self.getDouble = rng.pointee.type.pointee.get_double
        self.state = rng.pointee.state
    }

    deinit { gsl_rng_free(rng) }

    /// Makes this stream continue exactly where `other` stands: the next draws of both are the same numbers
    /// (`gsl_rng_memcpy`, the generator's whole state copied; no allocation). Both must be the same generator.
    /// O(size of the generator's state): 2.5 KB for mt19937, 24 bytes for taus2.
    public func copyState(from other: RandomStream) {
        precondition(
            other.generatorName == generatorName,
            "cannot copy a \(other.generatorName) stream's state into a \(generatorName) stream")
        gsl_rng_memcpy(rng, other.rng)
    }

    /// Every generator name GSL knows, in GSL's own order.
    public static var availableGenerators: [String] {
        GSL.ensureErrorHandlerOff()
        var names: [String] = []
        guard var cursor = gsl_rng_types_setup() else { return names }
        while let type = cursor.pointee {
            names.append(String(cString: type.pointee.name))
            cursor += 1
        }
        return names
    }

    private static func type(named name: String) -> UnsafePointer<gsl_rng_type>? {
        if name == "mt19937" { return feesim_gsl_rng_mt19937() }
        if name == "taus2" { return feesim_gsl_rng_taus2() }
        guard var cursor = gsl_rng_types_setup() else { return nil }
        while let type = cursor.pointee {
            if String(cString: type.pointee.name) == name { return type }
            cursor += 1
        }
        return nil
    }

    // MARK: Draws

    /// A uniform draw in [0, 1) (`gsl_rng_uniform`). O(1).
    @inline(__always)
    public func uniform() -> Double { getDouble(state) }

    /// Fills `buffer` with uniform draws in [0, 1), in order: the same numbers as `buffer.count` calls of
    /// ``uniform()``. O(count).
    @inline(__always)
    public func fill(_ buffer: UnsafeMutableBufferPointer<Double>) {
        let draw = getDouble
        let s = state
        for k in buffer.indices { buffer[k] = draw(s) }
    }

    /// A Bernoulli draw with success probability `p` in [0, 1] (`gsl_ran_bernoulli`).
    public func bernoulli(_ p: Double) throws -> Bool {
        guard p >= 0, p <= 1 else { throw GSLError.invalid("Bernoulli probability \(p) is outside [0, 1]") }
        return gsl_ran_bernoulli(rng, p) == 1
    }

    /// A Beta(a, b) draw in [0, 1] (`gsl_ran_beta`); `a` and `b` must be positive.
    public func beta(a: Double, b: Double) throws -> Double {
        guard a > 0, b > 0, a.isFinite, b.isFinite else {
            throw GSLError.invalid("Beta parameters a=\(a), b=\(b) must be positive and finite")
        }
        return gsl_ran_beta(rng, a, b)
    }

    /// A lognormal draw with location `zeta` (= ln median) and scale `sigma` ≥ 0 (`gsl_ran_lognormal`).
    public func lognormal(zeta: Double, sigma: Double) throws -> Double {
        guard sigma >= 0, sigma.isFinite, zeta.isFinite else {
            throw GSLError.invalid("lognormal parameters zeta=\(zeta), sigma=\(sigma) are not allowed")
        }
        return gsl_ran_lognormal(rng, zeta, sigma)
    }

    /// A standard normal draw, N(0, 1) (`gsl_ran_gaussian_ziggurat`). O(1).
    public func standardNormal() -> Double { gsl_ran_gaussian_ziggurat(rng, 1) }

    /// A Poisson(mu) draw, mu ≥ 0 (`gsl_ran_poisson`).
    public func poisson(mean mu: Double) throws -> Int {
        guard mu >= 0, mu.isFinite else { throw GSLError.invalid("Poisson mean \(mu) must be ≥ 0") }
        return Int(gsl_ran_poisson(rng, mu))
    }

    /// Shuffles `values` in place (`gsl_ran_shuffle`, Fisher–Yates). O(count).
    public func shuffle(_ values: inout [Int32]) {
        let n = values.count
        guard n > 1 else { return }
        values.withUnsafeMutableBytes { raw in
            gsl_ran_shuffle(rng, raw.baseAddress, n, MemoryLayout<Int32>.stride)
        }
    }
}
