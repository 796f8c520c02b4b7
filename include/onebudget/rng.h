/*
 * rng.h - deterministic pseudo-random numbers for synthesis, bootstrap and
 * simulation.
 *
 * The generator is xoshiro256** (Blackman and Vigna 2018) seeded through
 * splitmix64.  Streams are derived from (seed, stream id) so every person,
 * unit or simulation replicate has its own independent stream: results do not
 * depend on the order in which work is done or on the number of threads.
 */
#ifndef ONEBUDGET_RNG_H
#define ONEBUDGET_RNG_H

#include <stdint.h>

struct ob_rng {
	uint64_t s[4];
};

/* Seed a stream from a 64-bit seed and a stream identifier. */
void ob_rng_seed(struct ob_rng *r, uint64_t seed, uint64_t stream);
uint64_t ob_rng_next(struct ob_rng *r);
/* Uniform double in [0, 1) with 53 random bits. */
double ob_rng_uniform(struct ob_rng *r);
/* Uniform integer in [0, n) without modulo bias; n > 0. */
uint64_t ob_rng_below(struct ob_rng *r, uint64_t n);
/* Standard normal deviate. */
double ob_rng_normal(struct ob_rng *r);
/* Poisson deviate with mean `mean` >= 0. */
uint64_t ob_rng_poisson(struct ob_rng *r, double mean);
/* 1 with probability p. */
int ob_rng_bernoulli(struct ob_rng *r, double p);
/* Exponential deviate with rate `rate` > 0. */
double ob_rng_exponential(struct ob_rng *r, double rate);
/* Gamma deviate, shape k > 0, scale theta > 0 (Marsaglia and Tsang 2000). */
double ob_rng_gamma(struct ob_rng *r, double k, double theta);

#endif
