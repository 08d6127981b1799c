#ifndef FEESIM_CGSL_SHIM_H
#define FEESIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_version.h>

/* Swift 6 cannot read mutable C globals such as `gsl_rng_mt19937` safely, so each one the wrapper needs is
   reached through a tiny accessor. Generators other than the default are found by name through
   gsl_rng_types_setup(), which is a function and needs no accessor. */
static inline const gsl_rng_type *feesim_gsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *feesim_gsl_rng_taus2(void) { return gsl_rng_taus2; }
static inline const char *feesim_gsl_version(void) { return gsl_version; }
static inline const gsl_qrng_type *feesim_gsl_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *feesim_gsl_qrng_halton(void) { return gsl_qrng_halton; }
static inline const gsl_multimin_fminimizer_type *feesim_gsl_multimin_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }

/* The generator's draw as an out-of-line-free call: one indirect call to the type's get_double. */
static inline double feesim_gsl_rng_uniform(const gsl_rng *r) { return (r->type->get_double)(r->state); }

#endif
