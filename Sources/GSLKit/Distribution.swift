internal import CGSL

/// Distribution functions from GSL's `gsl_cdf`, with GSL's aborting error handler switched off first like every
/// other GSLKit entry point (out-of-domain arguments give NaN or ±∞, never an abort).
public enum Distribution {
    /// P(T ≤ t) for Student's t with `dof` degrees of freedom.
    public static func studentT(_ t: Double, dof: Double) -> Double {
        GSL.ensureErrorHandlerOff()
        return gsl_cdf_tdist_P(t, dof)
    }

    /// The t quantile with lower-tail probability p.
    public static func studentTQuantile(_ p: Double, dof: Double) -> Double {
        GSL.ensureErrorHandlerOff()
        return gsl_cdf_tdist_Pinv(p, dof)
    }

    /// Standard normal P(Z ≤ z).
    public static func normal(_ z: Double) -> Double {
        GSL.ensureErrorHandlerOff()
        return gsl_cdf_ugaussian_P(z)
    }

    /// The standard normal quantile with lower-tail probability p.
    public static func normalQuantile(_ p: Double) -> Double {
        GSL.ensureErrorHandlerOff()
        return gsl_cdf_ugaussian_Pinv(p)
    }
}
