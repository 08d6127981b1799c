internal import CGSL

/// GSL's Nelder–Mead simplex minimiser (`gsl_multimin_fminimizer_nmsimplex2`) over a Swift closure.
public enum NelderMead {
    /// The minimum found and how the search ended.
    public struct Result: Sendable {
        public let x: [Double]
        public let value: Double
        public let evaluations: Int
        public let iterations: Int
        /// Whether the simplex shrank below `tolerance` (rather than hitting the iteration limit).
        public let converged: Bool
    }

    private final class Box {
        let f: ([Double]) throws -> Double
        var error: Error?
        var evaluations = 0
        init(_ f: @escaping ([Double]) throws -> Double) { self.f = f }
    }

    /// Minimises `f` from `start` with initial steps `step` (one per coordinate).
    /// - Parameters:
    ///   - tolerance: stop when the simplex's characteristic size is below this.
    ///   - maxIterations: stop after this many iterations.
    /// - Throws: an error `f` throws (the search stops at once), or ``GSLError``.
    public static func minimize(
        _ f: @escaping ([Double]) throws -> Double, start: [Double], step: [Double],
        tolerance: Double = 1e-3, maxIterations: Int = 200
    ) throws -> Result {
        GSL.ensureErrorHandlerOff()
        let n = start.count
        precondition(n >= 1 && step.count == n)
        let box = Box(f)
        let context = Unmanaged.passRetained(box)
        defer { context.release() }
        var function = gsl_multimin_function(
            f: { x, params in
                let box = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
                if box.error != nil { return .nan }
                let v = (0..<Int(x!.pointee.size)).map { gsl_vector_get(x, $0) }
                box.evaluations += 1
                do {
                    let y = try box.f(v)
                    return y.isFinite ? y : .greatestFiniteMagnitude
                } catch {
                    box.error = error
                    return .nan
                }
            },
            n: n, params: context.toOpaque())
        guard let x0 = gsl_vector_alloc(n), let ss = gsl_vector_alloc(n) else {
            throw GSLError(status: Int32(GSL_ENOMEM), reason: "gsl_vector_alloc failed")
        }
        defer { gsl_vector_free(x0); gsl_vector_free(ss) }
        for k in 0..<n {
            gsl_vector_set(x0, k, start[k])
            gsl_vector_set(ss, k, step[k])
        }
        guard let s = gsl_multimin_fminimizer_alloc(feesim_gsl_multimin_nmsimplex2(), n) else {
            throw GSLError(status: Int32(GSL_ENOMEM), reason: "gsl_multimin_fminimizer_alloc failed")
        }
        defer { gsl_multimin_fminimizer_free(s) }
        let status = gsl_multimin_fminimizer_set(s, &function, x0, ss)
        if let error = box.error { throw error }
        try GSL.check(status, "gsl_multimin_fminimizer_set")
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            let status = gsl_multimin_fminimizer_iterate(s)
            if let error = box.error { throw error }
            if status != GSL_SUCCESS { break }   // GSL_ENOPROG: no further progress possible
            if gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), tolerance) == GSL_SUCCESS {
                converged = true
                break
            }
        }
        let best = (0..<n).map { gsl_vector_get(s.pointee.x, $0) }
        return Result(
            x: best, value: s.pointee.fval, evaluations: box.evaluations, iterations: iterations,
            converged: converged)
    }
}
