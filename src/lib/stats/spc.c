/*
 * spc.c - XmR (individuals and moving range) charts with the NHS England
 * "Making Data Count" special-cause rules.
 */
#include <math.h>

#include "stats-internal.h"

#define RUN 7 /* points in a shift or a trend (Making Data Count) */

/* Flag points [from, to) with `bits`. */
static void mark(unsigned *flags, size_t from, size_t to, unsigned bits)
{
	for (size_t i = from; i < to; i++)
		flags[i] |= bits;
}

/* Sign of x against the centre line: 1 above, -1 below, 0 on it. */
static int side(double x, double mean)
{
	return x > mean ? 1 : x < mean ? -1 : 0;
}

/*
 * Limits mean -+ 2.66 mean(MR) (Wheeler 1995; NHS England, Making Data
 * Count 2019); 2.66 = 3 / d2 with d2 = 1.128 for ranges of 2, so sigma =
 * mean(MR) / 1.128 and "near a limit" is beyond 2 sigma, the outer third.
 */
enum ob_status ob_spc_xmr(const double *x, size_t n, struct ob_spc_xmr *out,
			  unsigned *flags, struct ob_error *err)
{
	double sum = 0, mr = 0;
	size_t start;

	if (n < 2)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "an XmR chart needs at least 2 points, got "
				    "%zu",
				    n);
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(x[i]))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "point %zu is not a finite number",
					    i + 1);
		sum += x[i];
		if (i)
			mr += fabs(x[i] - x[i - 1]);
		flags[i] = 0;
	}
	out->mean = sum / (double)n;
	out->mr_mean = mr / (double)(n - 1);
	out->sigma = out->mr_mean / 1.128;
	out->lower = out->mean - 2.66 * out->mr_mean;
	out->upper = out->mean + 2.66 * out->mr_mean;
	out->near_lower = out->mean - 2 * out->sigma;
	out->near_upper = out->mean + 2 * out->sigma;

	for (size_t i = 0; i < n; i++) {
		if (x[i] > out->upper)
			flags[i] |= OB_SPC_OUTSIDE | OB_SPC_HIGH;
		else if (x[i] < out->lower)
			flags[i] |= OB_SPC_OUTSIDE;
	}
	/* Shifts: maximal runs on one side; a point on the mean ends one. */
	start = 0;
	for (size_t i = 1; i <= n; i++) {
		int s = side(x[start], out->mean);
		if (i < n && side(x[i], out->mean) == s && s != 0)
			continue;
		if (s != 0 && i - start >= RUN)
			mark(flags, start, i,
			     OB_SPC_SHIFT | (s > 0 ? OB_SPC_HIGH : 0));
		start = i;
	}
	/* Trends: maximal runs of steps x[i] - x[i-1] of one sign; a tie
	 * ends one.  Steps j..k-1 span the points j-1..k-1. */
	start = 1;
	for (size_t i = 2; i <= n; i++) {
		int dir = side(x[start], x[start - 1]);
		if (i < n && dir != 0 && side(x[i], x[i - 1]) == dir)
			continue;
		if (dir != 0 && i - start + 1 >= RUN)
			mark(flags, start - 1, i,
			     OB_SPC_TREND | (dir > 0 ? OB_SPC_HIGH : 0));
		start = i;
	}
	/* Two or three of three consecutive points in the same outer third. */
	for (size_t i = 0; i + 3 <= n; i++) {
		int hi = 0, lo = 0;
		for (size_t j = i; j < i + 3; j++) {
			hi += x[j] > out->near_upper;
			lo += x[j] < out->near_lower;
		}
		for (size_t j = i; j < i + 3; j++) {
			if (hi >= 2 && x[j] > out->near_upper)
				flags[j] |= OB_SPC_NEAR | OB_SPC_HIGH;
			if (lo >= 2 && x[j] < out->near_lower)
				flags[j] |= OB_SPC_NEAR;
		}
	}
	return OB_OK;
}
