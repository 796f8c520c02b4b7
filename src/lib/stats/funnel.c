/*
 * funnel.c - funnel-plot control limits around a target.
 */
#include <math.h>

#include "stats-internal.h"

static double cdf(enum ob_funnel_kind kind, double r, double mean, double denom,
		  double target)
{
	if (kind == OB_FUNNEL_POISSON)
		return ob_poisson_cdf(r, mean);
	return ob_binom_cdf(r, denom, target);
}

/*
 * Spiegelhalter 2005 (Statist. Med. 24:1185, appendix A.1): the exact
 * p-quantile r_p, smallest r with F(r) >= p, made continuous by linear
 * interpolation between r_p - 1 and r_p: y_p = (r_p - alpha) / n, never
 * below 0 (when r_p is 0 the line would run below).  The search starts at the normal approximation and steps to the answer.
 */
double ob_funnel_limit(enum ob_funnel_kind kind, double target, double denom,
		       double p)
{
	double mean, sd, r, fr, fprev, alpha;

	if (!(p > 0 && p < 1) || !(isfinite(denom) && denom > 0) ||
	    !(isfinite(target) && target >= 0))
		return NAN;
	if (kind == OB_FUNNEL_BINOMIAL && (target > 1 || denom != floor(denom)))
		return NAN;
	mean = target * denom;
	sd = kind == OB_FUNNEL_POISSON ? sqrt(mean) : sqrt(mean * (1 - target));
	r = floor(mean + ob_norm_quantile(p) * sd);
	if (r < 0)
		r = 0;
	if (kind == OB_FUNNEL_BINOMIAL && r > denom)
		r = denom;
	while (r > 0 && cdf(kind, r - 1, mean, denom, target) >= p)
		r--;
	while (cdf(kind, r, mean, denom, target) < p)
		r++;
	fr = cdf(kind, r, mean, denom, target);
	fprev = cdf(kind, r - 1, mean, denom, target);
	alpha = fr > fprev ? (fr - p) / (fr - fprev) : 0;
	/* With r_p = 0 the interpolation runs below zero, which no count,
	 * rate or proportion can be: the limit is 0. */
	return r - alpha > 0 ? (r - alpha) / denom : 0;
}

enum ob_status ob_funnel(enum ob_funnel_kind kind, double target, double denom,
			 struct ob_funnel_limits *out, struct ob_error *err)
{
	if (!(isfinite(denom) && denom > 0))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "denominator %g is not a number > 0",
				    denom);
	if (!(isfinite(target) && target >= 0) ||
	    (kind == OB_FUNNEL_BINOMIAL && target > 1))
		return ob_error_set(
		    err, OB_EINVAL, NULL, 0, 0, "target %g is not a %s", target,
		    kind == OB_FUNNEL_BINOMIAL ? "proportion between 0 and 1"
					       : "number >= 0");
	if (kind == OB_FUNNEL_BINOMIAL && denom != floor(denom))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "denominator %g is not a whole number",
				    denom);
	out->lower95 = ob_funnel_limit(kind, target, denom, 0.025);
	out->upper95 = ob_funnel_limit(kind, target, denom, 0.975);
	out->lower998 = ob_funnel_limit(kind, target, denom, 0.001);
	out->upper998 = ob_funnel_limit(kind, target, denom, 0.999);
	return OB_OK;
}

int ob_funnel_position(const struct ob_funnel_limits *lim, double value)
{
	if (value < lim->lower998)
		return -2;
	if (value < lim->lower95)
		return -1;
	if (value > lim->upper998)
		return 2;
	if (value > lim->upper95)
		return 1;
	return 0;
}
