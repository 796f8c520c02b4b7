/*
 * test-budget.c - the least-squares solver behind the capitation model.
 * The bridge, the exact splits and the validation are checked end to end
 * on a synthetic extract by tests/cli/t0110-budget.sh.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/budget.h"
#include "onebudget/rng.h"
#include "test.h"

/* Accumulate X'WX and X'Wy for rows x (k columns) with weight w. */
static void accumulate(double *xtx, double *xty, const double *x, double y,
		       double w, size_t k)
{
	for (size_t r = 0; r < k; r++) {
		xty[r] += w * x[r] * y;
		for (size_t s = 0; s < k; s++)
			xtx[r * k + s] += w * x[r] * x[s];
	}
}

/* Noise-free data: the coefficients come back to rounding error. */
TEST(budget_least_squares_exact)
{
	const double truth[4] = { 200.0, -35.5, 1200.25, 7.0 };
	double xtx[16] = { 0 }, xty[4] = { 0 }, beta[4];
	int dropped[4];
	struct ob_rng rng;
	struct ob_error err;

	ob_rng_seed(&rng, 42, 0);
	for (int i = 0; i < 500; i++) {
		double x[4] = { 1, (double)(i % 2),
				ob_rng_uniform(&rng) < 0.2 ? 1.0 : 0.0,
				ob_rng_uniform(&rng) * 10 };
		double y = 0;
		for (int j = 0; j < 4; j++)
			y += truth[j] * x[j];
		accumulate(xtx, xty, x, y, 0.5 + ob_rng_uniform(&rng), 4);
	}
	ASSERT_OK(ob_least_squares(xtx, xty, 4, beta, dropped, &err));
	for (int j = 0; j < 4; j++) {
		ASSERT_INT_EQ(dropped[j], 0);
		ASSERT_NEAR(beta[j], truth[j], 1e-8);
	}
}

/* A column nobody has (all zero) and a copy of another column are
 * dropped with coefficient 0; the rest are still fitted exactly. */
TEST(budget_least_squares_drops_empty_and_collinear)
{
	double xtx[25] = { 0 }, xty[5] = { 0 }, beta[5];
	int dropped[5];
	struct ob_error err;

	for (int i = 0; i < 100; i++) {
		double a = (double)(i % 3 == 0), b = (double)(i % 5);
		double x[5] = { 1, a, 0, b, a };
		accumulate(xtx, xty, x, 10 + 4 * a + 2 * b, 1, 5);
	}
	ASSERT_OK(ob_least_squares(xtx, xty, 5, beta, dropped, &err));
	ASSERT_INT_EQ(dropped[2], 1);
	ASSERT_INT_EQ(dropped[4], 1);
	ASSERT_NEAR(beta[2], 0, 0);
	ASSERT_NEAR(beta[4], 0, 0);
	ASSERT_NEAR(beta[0], 10, 1e-9);
	ASSERT_NEAR(beta[1], 4, 1e-9);
	ASSERT_NEAR(beta[3], 2, 1e-9);
}

/*
 * Property: for random populations (sizes, predicted costs with zeros,
 * exposures, practices grouped into primary care homes and localities,
 * segments) and random budgets (from a penny to ten billion pounds, and
 * negative), every unit list sums exactly to the total.  Includes the
 * all-zero prediction fallback (a flat split by exposure).
 */
TEST(budget_split_units_sum_exactly)
{
	struct ob_rng rng;
	struct ob_error err;

	ob_rng_seed(&rng, 7, 1);
	for (int trial = 0; trial < 300; trial++) {
		size_t n = 1 + ob_rng_below(&rng, trial < 250 ? 400 : 20000);
		double *w = malloc(n * sizeof(*w)), *e = malloc(n * sizeof(*e));
		ob_pence *price = malloc(n * sizeof(*price));
		int *practice = malloc(n * sizeof(*practice));
		int *segment = malloc(n * sizeof(*segment));
		ob_pence total, by_practice[40] = { 0 }, by_pch[8] = { 0 },
				by_locality[3] = { 0 }, by_segment[9] = { 0 };
		ob_pence sum = 0;
		int flat = trial % 10 == 0;
		const char *note = NULL;

		ASSERT(w && e && price && practice && segment);
		total = (ob_pence)ob_rng_below(&rng, 1000000000000ULL) + 1;
		if (trial % 7 == 0)
			total = -total;
		if (trial % 11 == 0)
			total = (ob_pence)ob_rng_below(&rng, 5);
		for (size_t i = 0; i < n; i++) {
			e[i] = ob_rng_uniform(&rng) < 0.8
				       ? 1
				       : ob_rng_uniform(&rng);
			w[i] = flat || ob_rng_uniform(&rng) < 0.1
				       ? 0
				       : e[i] * 1e5 * ob_rng_uniform(&rng);
			practice[i] = (int)ob_rng_below(&rng, 40);
			segment[i] = 1 + (int)ob_rng_below(&rng, 8);
		}
		if (e[0] <= 0)
			e[0] = 1;
		ASSERT_OK(ob_budget_split(total, w, e, n, price, &note, &err));
		ASSERT_INT_EQ(note != NULL, flat);
		for (size_t i = 0; i < n; i++) {
			sum += price[i];
			by_practice[practice[i]] += price[i];
			by_segment[segment[i]] += price[i];
		}
		for (int p = 0; p < 40; p++) {
			by_pch[p / 5] += by_practice[p];
			by_locality[p % 3] += by_practice[p];
		}
		ASSERT(sum == total);
		{
			ob_pence a = 0, b = 0, c = 0;
			for (int k = 0; k < 8; k++)
				a += by_pch[k];
			for (int k = 0; k < 3; k++)
				b += by_locality[k];
			for (int k = 0; k < 9; k++)
				c += by_segment[k];
			ASSERT(a == total && b == total && c == total);
		}
		/* No price is off its exact share by a penny or more. */
		{
			double ws = 0;
			const double *use = flat ? e : w;
			for (size_t i = 0; i < n; i++)
				ws += use[i];
			for (size_t i = 0; i < n; i++)
				ASSERT(fabs((double)price[i] -
					    (double)total * use[i] / ws) <
				       1.0 + 1e-6 * fabs((double)total) / ws *
						     use[i]);
		}
		free(w);
		free(e);
		free(price);
		free(practice);
		free(segment);
	}
}
