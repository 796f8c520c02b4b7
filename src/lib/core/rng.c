/*
 * rng.c - xoshiro256** streams seeded through splitmix64, and the
 * distributions the synthesiser and the simulations draw from.
 *
 * Everything here is a pure function of the generator state, so a stream
 * gives the same numbers on every platform with IEEE doubles, whatever the
 * thread it runs on.  No function keeps hidden state (the normal generator
 * does not cache its second deviate; lgamma() is avoided because glibc's
 * sets the global `signgam`).
 */
#include <math.h>
#include <stdint.h>

#include "onebudget/rng.h"

#define GOLDEN_GAMMA 0x9e3779b97f4a7c15ULL

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* The splitmix64 output function (Steele, Lea and Flood 2014; Vigna's
 * splitmix64.c).  mix64(0) == 0. */
static inline uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t splitmix64_next(uint64_t *x)
{
	*x += GOLDEN_GAMMA;
	return mix64(*x);
}

/*
 * The stream id is mixed into the seed with the splitmix64 finaliser, so
 * neighbouring ids (person 17 and person 18) start far apart in splitmix64's
 * sequence; stream 0 starts at the seed itself, which makes the state of
 * (seed, 0) the first four outputs of Vigna's splitmix64.c for that seed.
 */
void ob_rng_seed(struct ob_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ mix64(stream);

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64_next(&x);
	/* An all-zero state is the one fixed point of xoshiro; splitmix64
	 * cannot produce four zeros in a row, but be explicit. */
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = GOLDEN_GAMMA;
}

/* xoshiro256** 1.0 (Blackman and Vigna 2018, xoshiro256starstar.c). */
uint64_t ob_rng_next(struct ob_rng *r)
{
	uint64_t *s = r->s;
	const uint64_t result = rotl(s[1] * 5, 7) * 9;
	const uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double ob_rng_uniform(struct ob_rng *r)
{
	return (double)(ob_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Rejection of the short top range: the accepted values are an exact
 * multiple of n, so there is no modulo bias (Lemire 2019, "the OpenBSD
 * method"). */
uint64_t ob_rng_below(struct ob_rng *r, uint64_t n)
{
	uint64_t threshold, x;

	if (n <= 1)
		return 0;
	threshold = (0 - n) % n;
	do
		x = ob_rng_next(r);
	while (x < threshold);
	return x % n;
}

/* Box-Muller with one deviate per call (Box and Muller 1958). */
double ob_rng_normal(struct ob_rng *r)
{
	double u1 = 1.0 - ob_rng_uniform(r); /* (0, 1] */
	double u2 = ob_rng_uniform(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

int ob_rng_bernoulli(struct ob_rng *r, double p)
{
	if (p <= 0.0)
		return 0;
	if (p >= 1.0)
		return 1;
	return ob_rng_uniform(r) < p;
}

double ob_rng_exponential(struct ob_rng *r, double rate)
{
	return -log1p(-ob_rng_uniform(r)) / rate;
}

/* log(k!) exactly from a table for small k, else Stirling's series with
 * three correction terms (error < 1e-10 for k >= 10). */
static double log_factorial(double k)
{
	static const double table[10] = {
	    0.0,
	    0.0,
	    0.69314718055994530942,
	    1.79175946922805500081,
	    3.17805383034794561964,
	    4.78749174278204599425,
	    6.57925121201010099506,
	    8.52516136106541430017,
	    10.60460290274525022842,
	    12.80182748008146961121,
	};
	double k2;

	if (k < 10.0)
		return table[(int)k];
	k2 = k * k;
	return (k + 0.5) * log(k) - k + 0.91893853320467274178 +
	       (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / (1260.0 * k2)) / k2) / k;
}

/* Sequential search inversion (Devroye 1986, X.3.3); mean < 30. */
static uint64_t poisson_inversion(struct ob_rng *r, double mean)
{
	double u = ob_rng_uniform(r);
	double p = exp(-mean), f = p;
	uint64_t k = 0;

	while (u > f && k < 1000) {
		k++;
		p *= mean / (double)k;
		f += p;
		if (p == 0.0 && f < u)
			break; /* rounding: u beyond the representable tail */
	}
	return k;
}

/* PTRS, transformed rejection with squeeze (Hoermann 1993, "The
 * transformed rejection method for generating Poisson random variables",
 * Insurance: Mathematics and Economics 12:39-45); mean >= 10. */
static uint64_t poisson_ptrs(struct ob_rng *r, double mean)
{
	const double slam = sqrt(mean), loglam = log(mean);
	const double b = 0.931 + 2.53 * slam;
	const double a = -0.059 + 0.02483 * b;
	const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
	const double vr = 0.9277 - 3.6224 / (b - 2.0);

	for (;;) {
		double u = ob_rng_uniform(r) - 0.5;
		double v = ob_rng_uniform(r);
		double us = 0.5 - fabs(u);
		double k = floor((2.0 * a / us + b) * u + mean + 0.43);

		if (us >= 0.07 && v <= vr)
			return (uint64_t)k;
		if (k < 0.0 || (us < 0.013 && v > us))
			continue;
		if (log(v) + log(invalpha) - log(a / (us * us) + b) <=
		    -mean + k * loglam - log_factorial(k))
			return (uint64_t)k;
	}
}

uint64_t ob_rng_poisson(struct ob_rng *r, double mean)
{
	if (!(mean > 0.0))
		return 0;
	if (mean < 30.0)
		return poisson_inversion(r, mean);
	return poisson_ptrs(r, mean);
}

/* Marsaglia and Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26:363-372; shape < 1 by the boost
 * Gamma(k) = Gamma(k + 1) * U^(1/k) given in the same paper. */
double ob_rng_gamma(struct ob_rng *r, double k, double theta)
{
	double d, c;

	if (k < 1.0) {
		double u = 1.0 - ob_rng_uniform(r); /* (0, 1] */

		return ob_rng_gamma(r, k + 1.0, theta) * pow(u, 1.0 / k);
	}
	d = k - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;) {
		double x, v, u;

		do {
			x = ob_rng_normal(r);
			v = 1.0 + c * x;
		} while (v <= 0.0);
		v = v * v * v;
		u = ob_rng_uniform(r);
		if (u < 1.0 - 0.0331 * (x * x) * (x * x))
			return d * v * theta;
		if (u > 0.0 && log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
			return d * v * theta;
	}
}
