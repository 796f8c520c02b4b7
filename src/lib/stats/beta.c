/*
 * beta.c - the regularised incomplete beta function, the Student t
 * distribution and quantile, and the binomial distribution function.
 *
 * I_x(a, b) by its continued fraction (Press et al., Numerical Recipes 2nd
 * ed. 6.4), evaluated on whichever side of the mean converges, with x and
 * 1 - x both passed in so neither is formed by cancellation.
 */
#include <float.h>
#include <math.h>

#include "onebudget/stats.h"

#define MAX_TERMS 100000
#define TINY	  1e-300

static double log_gamma(double x)
{
	int sign;

	return lgamma_r(x, &sign);
}

/* The continued fraction of A&S 26.5.8, modified Lentz. */
static double beta_cfrac(double a, double b, double x)
{
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap, h;

	if (fabs(d) < TINY)
		d = TINY;
	d = 1 / d;
	h = d;
	for (int m = 1; m < MAX_TERMS; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2)), del;
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < DBL_EPSILON * 0.5)
			break;
	}
	return h;
}

/* I_x(a, b) with y = 1 - x given exactly by the caller. */
static double ibeta(double a, double b, double x, double y)
{
	double front;

	if (x <= 0)
		return 0;
	if (y <= 0)
		return 1;
	front = exp(log_gamma(a + b) - log_gamma(a) - log_gamma(b) +
		    a * log(x) + b * log(y));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cfrac(a, b, x) / a;
	return 1 - front * beta_cfrac(b, a, y) / b;
}

double ob_beta_inc(double a, double b, double x)
{
	if (isnan(a) || isnan(b) || isnan(x) || a <= 0 || b <= 0 || x < 0 ||
	    x > 1)
		return NAN;
	return ibeta(a, b, x, 1 - x);
}

/* P(T <= -|t|) = I_{df/(df+t^2)}(df/2, 1/2) / 2 (A&S 26.7.1). */
static double t_lower_tail(double t, double df)
{
	double t2 = t * t;

	if (isinf(t))
		return 0;
	return 0.5 * ibeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}

double ob_t_cdf(double t, double df)
{
	double tail;

	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	tail = t_lower_tail(t, df);
	return t < 0 ? tail : 1 - tail;
}

/* The t density (A&S 26.7.1). */
static double t_density(double t, double df)
{
	return exp(log_gamma((df + 1) / 2) - log_gamma(df / 2) -
		   0.5 * log(df * M_PI) - (df + 1) / 2 * log1p(t * t / df));
}

/*
 * Newton's method on the smaller tail, kept in a bracket by bisection,
 * from the normal quantile (the t quantile is always further out).
 */
double ob_t_quantile(double p, double df)
{
	double tail, s, lo = 0, hi;

	if (isnan(p) || isnan(df) || df <= 0 || p < 0 || p > 1)
		return NAN;
	if (p == 0)
		return -INFINITY;
	if (p == 1)
		return INFINITY;
	if (p == 0.5)
		return 0;
	tail = p < 0.5 ? p : 1 - p;
	s = -ob_norm_quantile(tail);
	hi = s;
	while (t_lower_tail(hi, df) > tail) {
		lo = hi;
		hi = 2 * hi + 1;
		if (isinf(hi))
			return p < 0.5 ? -INFINITY : INFINITY;
	}
	for (int iter = 0; iter < 1000; iter++) {
		double h = tail - t_lower_tail(s, df), next;
		if (h == 0)
			break;
		if (h < 0)
			lo = s;
		else
			hi = s;
		next = s - h / t_density(s, df);
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		if (fabs(next - s) <= 4 * DBL_EPSILON * next ||
		    hi - lo <= 4 * DBL_EPSILON * hi) {
			s = next;
			break;
		}
		s = next;
	}
	return p < 0.5 ? -s : s;
}

/* P(X <= k) = I_{1-p}(n - k, k + 1) for X ~ Binomial(n, p) (A&S 26.5.24). */
double ob_binom_cdf(double k, double n, double prob)
{
	if (isnan(k) || isnan(n) || isnan(prob) || n < 0 || prob < 0 ||
	    prob > 1)
		return NAN;
	k = floor(k);
	if (k < 0)
		return 0;
	if (k >= n)
		return 1;
	return ibeta(n - k, k + 1, 1 - prob, prob);
}
