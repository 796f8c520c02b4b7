/*
 * gamma.c - the regularised incomplete gamma functions, the gamma and
 * chi-square quantiles and the Poisson distribution function.
 *
 * P(a, x) by its power series when x < a + 1 and Q(a, x) by its continued
 * fraction otherwise (Press et al., Numerical Recipes 2nd ed. 6.2), each
 * summed to double precision, so whichever tail is small is computed
 * directly rather than as 1 minus something close to 1.  lgamma_r() is used
 * because lgamma() writes the global signgam.
 */
#include <float.h>
#include <math.h>

#include "onebudget/stats.h"

#define MAX_TERMS 1000000
#define TINY	  1e-300

static double log_gamma(double x)
{
	int sign;

	return lgamma_r(x, &sign);
}

/* e^-x x^a / Gamma(a), the common factor of both expansions. */
static double gamma_prefix(double a, double x)
{
	return exp(a * log(x) - x - log_gamma(a));
}

/* P(a, x) = e^-x x^a / Gamma(a) * sum x^n / (a (a+1) ... (a+n)), A&S 6.5.29. */
static double gamma_series(double a, double x)
{
	double term = 1 / a, sum = term;

	for (int n = 1; n < MAX_TERMS; n++) {
		term *= x / (a + n);
		sum += term;
		if (fabs(term) < fabs(sum) * DBL_EPSILON * 0.5)
			break;
	}
	return sum * gamma_prefix(a, x);
}

/* Q(a, x) by the Legendre continued fraction, modified Lentz (A&S 6.5.31). */
static double gamma_cfrac(double a, double x)
{
	double b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;

	for (int i = 1; i < MAX_TERMS; i++) {
		double an = -i * (i - a), del;
		b += 2;
		d = an * d + b;
		if (fabs(d) < TINY)
			d = TINY;
		c = b + an / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < DBL_EPSILON * 0.5)
			break;
	}
	return h * gamma_prefix(a, x);
}

double ob_gamma_p(double a, double x)
{
	if (isnan(a) || isnan(x) || a <= 0 || x < 0)
		return NAN;
	if (x == 0)
		return 0;
	if (isinf(x))
		return 1;
	if (x < a + 1)
		return gamma_series(a, x);
	return 1 - gamma_cfrac(a, x);
}

double ob_gamma_q(double a, double x)
{
	if (isnan(a) || isnan(x) || a <= 0 || x < 0)
		return NAN;
	if (x == 0)
		return 1;
	if (isinf(x))
		return 0;
	if (x < a + 1)
		return 1 - gamma_series(a, x);
	return gamma_cfrac(a, x);
}

/* h(x) rises through zero at the quantile whichever tail is given. */
static double tail_gap(double p, double a, int lower, double x)
{
	return lower ? ob_gamma_p(a, x) - p : p - ob_gamma_q(a, x);
}

/*
 * Newton's method on the tail that was given, kept inside a bracket by
 * bisection.  The start is the Wilson and Hilferty (1931) cube-root
 * approximation, or x^a / Gamma(a + 1) = p for a lower tail too small for
 * it.  Stops when a step changes x by less than a few ulps.
 */
double ob_gamma_quantile(double p, double a, int lower)
{
	double lo = 0, hi, x, z, pl;

	if (isnan(p) || isnan(a) || a <= 0 || p < 0 || p > 1)
		return NAN;
	if (p == (lower ? 0 : 1))
		return 0;
	if (p == (lower ? 1 : 0))
		return INFINITY;
	pl = lower ? p : 1 - p;
	z = lower ? ob_norm_quantile(p) : -ob_norm_quantile(p);
	x = a * pow(1 - 1 / (9 * a) + z / (3 * sqrt(a)), 3);
	if (!(x > 0) || (pl < 0.1 && a < 1)) {
		double small = exp((log(pl) + log_gamma(a + 1)) / a);
		if (!(x > 0) || small < x)
			x = small;
	}
	if (!(x > 0) || !isfinite(x))
		x = a;
	hi = x;
	while (tail_gap(p, a, lower, hi) < 0) {
		lo = hi;
		hi = 2 * hi + 1;
		if (isinf(hi))
			return INFINITY;
	}
	for (int iter = 0; iter < 500; iter++) {
		double h = tail_gap(p, a, lower, x), dens, next;
		if (h == 0)
			return x;
		if (h < 0)
			lo = x;
		else
			hi = x;
		dens = exp((a - 1) * log(x) - x - log_gamma(a));
		next = dens > 0 ? x - h / dens : NAN;
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		if (fabs(next - x) <= 4 * DBL_EPSILON * next ||
		    hi - lo <= 4 * DBL_EPSILON * hi)
			return next;
		x = next;
	}
	return x;
}

/* chi2 with df degrees of freedom is gamma with shape df/2, scale 2. */
double ob_chisq_quantile(double p, double df)
{
	return 2 * ob_gamma_quantile(p, df / 2, 1);
}

/* P(X <= k) = Q(k + 1, mean) for X ~ Poisson(mean) (A&S 26.4.21). */
double ob_poisson_cdf(double k, double mean)
{
	if (isnan(k) || isnan(mean) || mean < 0)
		return NAN;
	if (k < 0)
		return 0;
	if (mean == 0)
		return 1;
	return ob_gamma_q(floor(k) + 1, mean);
}
