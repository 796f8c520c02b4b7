/*
 * test-budget.c - the least-squares solver behind the capitation model.
 * The bridge, the exact splits and the validation are checked end to end
 * on a synthetic extract by tests/cli/t0110-budget.sh.
 */
#include <math.h>
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
