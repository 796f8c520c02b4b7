/*
 * test-rng.c - the generator against published reference outputs, and the
 * moments of every distribution.  Streams are deterministic, so each moment
 * test always sees the same numbers; the tolerances are several standard
 * errors wide so that a correct change of algorithm would still pass while a
 * wrong distribution (a biased mean, a variance off by 10%) fails.
 */
#include <math.h>
#include <stdint.h>

#include "onebudget/rng.h"
#include "test.h"

/* xoshiro256** from state {1, 2, 3, 4}: the outputs of Vigna's reference
 * xoshiro256starstar.c, as recorded in the rand_xoshiro test suite. */
TEST(rng_xoshiro_reference)
{
	static const uint64_t expected[10] = {
	    11520ULL,
	    0ULL,
	    1509978240ULL,
	    1215971899390074240ULL,
	    1216172134540287360ULL,
	    607988272756665600ULL,
	    16172922978634559625ULL,
	    8476171486693032832ULL,
	    10595114339597558777ULL,
	    2904607092377533576ULL,
	};
	struct ob_rng r = {{1, 2, 3, 4}};

	for (int i = 0; i < 10; i++)
		ASSERT(ob_rng_next(&r) == expected[i]);
}

/* Stream 0 of a seed is seeded with the first four outputs of Vigna's
 * splitmix64.c for that seed (rand_xoshiro's splitmix64 reference test). */
TEST(rng_splitmix_reference)
{
	struct ob_rng r;

	ob_rng_seed(&r, 1477776061723855037ULL, 0);
	ASSERT(r.s[0] == 1985237415132408290ULL);
	ASSERT(r.s[1] == 2979275885539914483ULL);
	ASSERT(r.s[2] == 13511426838097143398ULL);
	ASSERT(r.s[3] == 8488337342461049707ULL);
}

TEST(rng_streams_independent_and_repeatable)
{
	struct ob_rng a, b, c;
	int same_ab = 0, same_ac = 0;

	ob_rng_seed(&a, 42, 7);
	ob_rng_seed(&b, 42, 7);
	ob_rng_seed(&c, 42, 8);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = ob_rng_next(&a), y = ob_rng_next(&b);
		uint64_t z = ob_rng_next(&c);

		same_ab += x == y;
		same_ac += x == z;
	}
	ASSERT_INT_EQ(same_ab, 1000);
	ASSERT_INT_EQ(same_ac, 0);
	/* Different seeds, same stream. */
	ob_rng_seed(&a, 1, 5);
	ob_rng_seed(&b, 2, 5);
	ASSERT(ob_rng_next(&a) != ob_rng_next(&b));
}

TEST(rng_uniform_moments)
{
	struct ob_rng r;
	const int n = 200000;
	double sum = 0, sum2 = 0, lo = 1, hi = 0;

	ob_rng_seed(&r, 1, 1);
	for (int i = 0; i < n; i++) {
		double u = ob_rng_uniform(&r);

		sum += u;
		sum2 += u * u;
		if (u < lo)
			lo = u;
		if (u > hi)
			hi = u;
	}
	ASSERT(lo >= 0.0 && hi < 1.0);
	/* SE of the mean is 0.29/sqrt(n) = 0.00065. */
	ASSERT_NEAR(sum / n, 0.5, 0.004);
	ASSERT_NEAR(sum2 / n - (sum / n) * (sum / n), 1.0 / 12.0, 0.002);
}

TEST(rng_below_unbiased)
{
	struct ob_rng r;
	long count[7] = {0};
	const int n = 70000;

	ob_rng_seed(&r, 3, 0);
	for (int i = 0; i < n; i++) {
		uint64_t x = ob_rng_below(&r, 7);

		ASSERT(x < 7);
		count[x]++;
	}
	/* Expected 10000 each, SD about 93. */
	for (int i = 0; i < 7; i++)
		ASSERT_NEAR((double)count[i], 10000.0, 500.0);
	ASSERT_INT_EQ(ob_rng_below(&r, 1), 0);
	/* A bound near 2^63 exercises the rejection threshold. */
	for (int i = 0; i < 100; i++)
		ASSERT(ob_rng_below(&r, (1ULL << 63) + 12345) <
		       (1ULL << 63) + 12345);
}

TEST(rng_normal_moments)
{
	struct ob_rng r;
	const int n = 200000;
	double sum = 0, sum2 = 0, sum4 = 0;
	long beyond2 = 0;

	ob_rng_seed(&r, 5, 2);
	for (int i = 0; i < n; i++) {
		double z = ob_rng_normal(&r);

		sum += z;
		sum2 += z * z;
		sum4 += z * z * z * z;
		beyond2 += fabs(z) > 1.959964;
	}
	ASSERT_NEAR(sum / n, 0.0, 0.012);
	ASSERT_NEAR(sum2 / n, 1.0, 0.015);
	ASSERT_NEAR(sum4 / n, 3.0, 0.1);
	ASSERT_NEAR((double)beyond2 / n, 0.05, 0.003);
}

static void check_poisson(double mean, int n, uint64_t stream)
{
	struct ob_rng r;
	double sum = 0, sum2 = 0;

	ob_rng_seed(&r, 11, stream);
	for (int i = 0; i < n; i++) {
		double k = (double)ob_rng_poisson(&r, mean);

		sum += k;
		sum2 += k * k;
	}
	sum /= n;
	sum2 = sum2 / n - sum * sum;
	/* SE of the mean sqrt(mean/n); of the variance about
	 * mean*sqrt(2/n) for large means. */
	ASSERT_NEAR(sum, mean, 6.0 * sqrt(mean / n) + 1e-9);
	ASSERT_NEAR(sum2, mean, 8.0 * mean * sqrt(2.0 / n) + 0.01);
}

TEST(rng_poisson_moments)
{
	struct ob_rng r;

	check_poisson(0.05, 100000, 1);
	if (test_failed_flag)
		return;
	check_poisson(0.7, 100000, 2);
	if (test_failed_flag)
		return;
	check_poisson(4.0, 100000, 3);
	if (test_failed_flag)
		return;
	check_poisson(29.5, 100000, 4); /* last mean by inversion */
	if (test_failed_flag)
		return;
	check_poisson(30.0, 100000, 5); /* first by PTRS */
	if (test_failed_flag)
		return;
	check_poisson(250.0, 100000, 6);
	if (test_failed_flag)
		return;
	check_poisson(1e5, 50000, 7);
	if (test_failed_flag)
		return;
	ob_rng_seed(&r, 1, 1);
	ASSERT_INT_EQ(ob_rng_poisson(&r, 0.0), 0);
	ASSERT_INT_EQ(ob_rng_poisson(&r, -1.0), 0);
}

/* P(X = 0) for mean 2 is exp(-2) = 0.1353; checks the shape, not only the
 * first two moments. */
TEST(rng_poisson_point_mass)
{
	struct ob_rng r;
	long zeros = 0, fours = 0;
	const int n = 100000;

	ob_rng_seed(&r, 17, 0);
	for (int i = 0; i < n; i++) {
		uint64_t k = ob_rng_poisson(&r, 2.0);

		zeros += k == 0;
		fours += k == 4;
	}
	ASSERT_NEAR((double)zeros / n, exp(-2.0), 0.005);
	ASSERT_NEAR((double)fours / n, exp(-2.0) * 16.0 / 24.0, 0.005);
	/* Same for the PTRS branch: P(X = 40 | mean 40). */
	zeros = 0;
	for (int i = 0; i < n; i++)
		zeros += ob_rng_poisson(&r, 40.0) == 40;
	ASSERT_NEAR((double)zeros / n, 0.06294, 0.004);
}

static void check_gamma(double k, double theta, uint64_t stream)
{
	struct ob_rng r;
	const int n = 200000;
	double sum = 0, sum2 = 0, mean = k * theta, var = k * theta * theta;

	ob_rng_seed(&r, 13, stream);
	for (int i = 0; i < n; i++) {
		double x = ob_rng_gamma(&r, k, theta);

		ASSERT(x >= 0.0);
		sum += x;
		sum2 += x * x;
	}
	sum /= n;
	sum2 = sum2 / n - sum * sum;
	ASSERT_NEAR(sum, mean, 6.0 * sqrt(var / n));
	ASSERT_NEAR(sum2 / var, 1.0, 0.06);
}

TEST(rng_gamma_moments)
{
	check_gamma(0.4, 2.0, 1);
	if (test_failed_flag)
		return;
	check_gamma(1.0, 1.0, 2);
	if (test_failed_flag)
		return;
	check_gamma(2.5, 3.0, 3);
	if (test_failed_flag)
		return;
	check_gamma(40.0, 0.1, 4);
}

TEST(rng_exponential_and_bernoulli)
{
	struct ob_rng r;
	const int n = 200000;
	double sum = 0;
	long hits = 0;

	ob_rng_seed(&r, 19, 0);
	for (int i = 0; i < n; i++) {
		double x = ob_rng_exponential(&r, 4.0);

		ASSERT(x >= 0.0);
		sum += x;
		hits += ob_rng_bernoulli(&r, 0.3);
	}
	ASSERT_NEAR(sum / n, 0.25, 0.004);
	ASSERT_NEAR((double)hits / n, 0.3, 0.005);
	ASSERT_INT_EQ(ob_rng_bernoulli(&r, 0.0), 0);
	ASSERT_INT_EQ(ob_rng_bernoulli(&r, 1.0), 1);
}
