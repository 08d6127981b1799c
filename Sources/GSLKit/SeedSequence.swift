/// Derives independent seeds from a master seed, so that replication `r`'s streams depend on
/// `(master seed, r, stream)` alone — never on thread count, scheduling or other scenarios in the run.
///
/// Uses the SplitMix64 finaliser (Steele, Lea & Flood 2014), a bijective 64-bit mixer: distinct inputs give
/// distinct, well-spread outputs.
public enum SeedSequence {
    /// The SplitMix64 output function. O(1).
    @inlinable
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of stream `stream` in replication `replication` under `master`.
    /// Never 0 (several GSL generators treat 0 as "use the default seed").
    @inlinable
    public static func seed(master: UInt64, replication: UInt64, stream: UInt64) -> UInt64 {
        let s = mix(mix(mix(master) ^ replication) ^ (stream &* 0xD1B5_4A32_D192_ED03))
        let low32 = s & 0xFFFF_FFFF
        // Generators with 32-bit seeds keep the low half: make sure that is not zero either.
        return low32 == 0 ? s | 1 : s
    }
}
