/*
 * test-calibrate.c - reward curves (DESIGN.md "Reward curve"): anchors
 * worked by hand, the shape of the curve, the noise check, and the two
 * guarantees checked by simulation across denominators and between-year
 * variances, with fixed seeds so the tests cannot flake.
 */
#include <math.h>

#include "onebudget/calibrate.h"
#include "onebudget/incentives.h"
#include "onebudget/stats.h"
#include "test.h"

/* Hand-worked: b = 50, s_b = 2, s = 2, tau2 = 5 (sigma = 3), higher is
 * better, delta = 0.  z(0.95) = 1.6448536269514722, z(0.999) =
 * 3.090232306167813.  u_max = 1.6448536269514722 x sqrt(4 + 9) =
 * 5.930608; u_r = -1.6448536269514722 x 3 = -4.934561; u_0 =
 * -3.090232306167813 x 3 = -9.270697. */
TEST(calibrate_anchors_by_hand)
{
	struct ob_calibration_params p;
	struct ob_curve c;
	struct ob_error err;

	ob_calibration_params_init(&p);
	ASSERT_OK(ob_calibrate(50, 2, 2, 5, 1, &p, &c, &err));
	ASSERT_NEAR(c.sigma, 3, 1e-12);
	ASSERT_NEAR(c.umax, 1.6448536269514722 * sqrt(13.0), 1e-9);
	ASSERT_NEAR(c.ur, -1.6448536269514722 * 3, 1e-9);
	ASSERT_NEAR(c.u0, -3.090232306167813 * 3, 1e-9);
	ASSERT_INT_EQ(c.merged, 0);
	/* On the curve: the anchors, a point between them, clamping. */
	ASSERT_NEAR(ob_curve_reward(&c, 50 + c.umax), 1, 1e-12);
	ASSERT_NEAR(ob_curve_reward(&c, 50 + c.ur), 0.9, 1e-12);
	ASSERT_NEAR(ob_curve_reward(&c, 50 + c.u0), 0, 1e-12);
	ASSERT_NEAR(ob_curve_reward(&c, 50 + 100), 1, 0);
	ASSERT_NEAR(ob_curve_reward(&c, 50 - 100), 0, 0);
	/* Halfway from u_r to u_max: 0.9 + 0.1 / 2. */
	ASSERT_NEAR(ob_curve_reward(&c, 50 + (c.ur + c.umax) / 2), 0.95, 1e-12);
	/* Lower is better mirrors the curve. */
	ASSERT_OK(ob_calibrate(50, 2, 2, 5, -1, &p, &c, &err));
	ASSERT_NEAR(ob_curve_reward(&c, 50 - c.umax), 1, 1e-12);
	ASSERT_NEAR(ob_curve_reward(&c, 50 + 4.934561), 0.9, 1e-6);
}

/* An expected improvement large enough that u_r >= u_max: the curve runs
 * from u_0 straight to u_max.  With s_b = s = 1, tau2 = 0: u_max =
 * 1.6449 x sqrt(2) = 2.326, and delta = 5 gives u_r = 3.355 and u_0 =
 * 1.910.  With delta = 20 even u_0 = 16.9 is beyond u_max: a step. */
TEST(calibrate_expected_improvement_clears_significance)
{
	struct ob_calibration_params p;
	struct ob_curve c;
	struct ob_error err;

	ob_calibration_params_init(&p);
	p.delta = 5;
	ASSERT_OK(ob_calibrate(100, 1, 1, 0, 1, &p, &c, &err));
	ASSERT_INT_EQ(c.merged, 1);
	ASSERT(c.u0 < c.umax);
	ASSERT_NEAR(ob_curve_reward(&c, 100 + c.umax), 1, 1e-12);
	ASSERT_NEAR(ob_curve_reward(&c, 100 + (c.u0 + c.umax) / 2), 0.5,
		    1e-12);
	ASSERT_NEAR(ob_curve_reward(&c, 100 + c.u0), 0, 1e-12);
	p.delta = 20;
	ASSERT_OK(ob_calibrate(100, 1, 1, 0, 1, &p, &c, &err));
	ASSERT(c.u0 > c.umax);
	ASSERT_NEAR(ob_curve_reward(&c, 100 + c.umax + 1e-9), 1, 0);
	ASSERT_NEAR(ob_curve_reward(&c, 100 + c.umax - 1e-9), 0, 0);
}

/* Between-year variance: method of moments, 0 below three years. */
TEST(calibrate_between_year_variance)
{
	const double y[4] = { 10, 12, 14, 16 }, se[4] = { 1, 1, 1, 1 };

	/* var(y) = 20/3, mean se^2 = 1. */
	ASSERT_NEAR(ob_between_year_variance(y, se, 4), 20.0 / 3 - 1, 1e-12);
	ASSERT_NEAR(ob_between_year_variance(y, se, 2), 0, 0);
	{
		const double flat[3] = { 5, 5.1, 4.9 }, big[3] = { 1, 1, 1 };
		ASSERT_NEAR(ob_between_year_variance(flat, big, 3), 0, 0);
	}
}

/* The noise check: a small unit is too noisy at the target improvement;
 * the population factor and the pooled years found make it pass. */
TEST(calibrate_noise_check)
{
	struct ob_calibration_params p;
	struct ob_curve c, big;
	struct ob_error err;

	ob_calibration_params_init(&p);
	p.target = 5;
	ASSERT_OK(ob_calibrate(50, 4, 4, 0, 1, &p, &c, &err));
	ASSERT_INT_EQ(c.too_noisy, 1);
	ASSERT(c.population_factor > 1);
	ASSERT(c.pooled_years >= 2);
	/* Denominators times the factor: sampling errors / sqrt(factor). */
	ASSERT_OK(ob_calibrate(50, 4 / sqrt(c.population_factor),
			       4 / sqrt(c.population_factor), 0, 1, &p, &big,
			       &err));
	ASSERT_NEAR(big.p_full_at_target, p.power, 1e-6);
	/* Between-year variance alone too big: no population suffices. */
	ASSERT_OK(ob_calibrate(50, 0.1, 0.1, 100, 1, &p, &c, &err));
	ASSERT_INT_EQ(c.too_noisy, 1);
	ASSERT_NEAR(c.population_factor, 0, 0);
}

/*
 * The guarantees by simulation, across sampling errors (denominators from
 * small to large) and between-year variances: under the expected
 * trajectory the share of years earning at least r is p (0.95) within
 * Monte Carlo error (exactly p when the curve is not merged, at least p
 * when it is); with no true improvement, full reward is earned at most
 * alpha of the time (it needs a significant improvement); with a large
 * true improvement, nearly always.
 */
TEST(calibrate_simulation_guarantees)
{
	static const double se[] = { 0.2, 1, 3, 8 };
	static const double tau2[] = { 0, 1, 10 };
	static const double deltas[] = { 0, 2, 20 };
	struct ob_calibration_params p;
	struct ob_rng rng;
	struct ob_error err;
	const size_t n = 100000;
	/* 4 standard errors of a proportion of 0.95 over n draws. */
	const double mc = 4 * sqrt(0.95 * 0.05 / (double)n);

	ob_calibration_params_init(&p);
	ob_rng_seed(&rng, 2024, 6);
	for (size_t i = 0; i < sizeof(se) / sizeof(se[0]); i++)
		for (size_t j = 0; j < sizeof(tau2) / sizeof(tau2[0]); j++)
			for (size_t k = 0; k < 3; k++) {
				struct ob_curve c;
				double r, full;

				p.delta = deltas[k];
				ASSERT_OK(ob_calibrate(100, se[i], se[i],
						       tau2[j], 1, &p, &c,
						       &err));
				ob_curve_simulate(&c, p.delta, n, &rng, &r,
						  &full);
				if (c.merged)
					ASSERT(r >= p.p - mc);
				else
					ASSERT_NEAR(r, p.p, mc);
				ob_curve_simulate(&c, 0, n, &rng, &r, &full);
				ASSERT(full <= p.alpha + mc);
				ob_curve_simulate(&c, c.umax + 4 * c.sigma, n,
						  &rng, &r, &full);
				ASSERT(full > 0.99);
			}
}

/*
 * The money, worked by hand.  A pot of £1,000,000.01 (100000001 pence)
 * over three outcomes of 30, 20 and 50 points: exact shares 30000000.3,
 * 20000000.2 and 50000000.5 pence; floors 30000000 + 20000000 + 50000000 =
 * 100000000; the one penny left goes to the largest remainder (0.5, the
 * third).  Allocations £300,000.00, £200,000.00, £500,000.01.  Rewards
 * 0.9, 0.3333 and 1: earned 27000000 pence; 20000000 x 0.3333 = 6666000;
 * 50000001 x 1 = 50000001.
 */
TEST(incentives_money_by_hand)
{
	const int points[3] = { 30, 20, 50 };
	const double fraction[3] = { 0.9, 0.3333, 1 };
	ob_pence alloc[3], earned[3];
	struct ob_error err;

	ASSERT_OK(ob_incentive_money(100000001, points, fraction, 3, alloc,
				     earned, &err));
	ASSERT(alloc[0] == 30000000 && alloc[1] == 20000000 &&
	       alloc[2] == 50000001);
	ASSERT(earned[0] == 27000000 && earned[1] == 6666000 &&
	       earned[2] == 50000001);
}

/* Rounding half away from zero: a £10.01 allocation at reward 0.5 earns
 * 500.5 -> 501 pence; three equal outcomes share £1.00 as 34, 33, 33
 * (the extra penny to the first of the tied remainders); fractions outside
 * [0, 1] are clamped. */
TEST(incentives_money_rounding)
{
	const int one[1] = { 1 }, three[3] = { 1, 1, 1 };
	const double half[1] = { 0.5 }, odd[3] = { 1.5, -0.2, 0.5 };
	ob_pence alloc[3], earned[3];
	struct ob_error err;

	ASSERT_OK(ob_incentive_money(1001, one, half, 1, alloc, earned, &err));
	ASSERT(alloc[0] == 1001 && earned[0] == 501);
	ASSERT_OK(ob_incentive_money(100, three, odd, 3, alloc, earned, &err));
	ASSERT(alloc[0] == 34 && alloc[1] == 33 && alloc[2] == 33);
	ASSERT(earned[0] == 34 && earned[1] == 0 && earned[2] == 17);
}
