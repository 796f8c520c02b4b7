/*
 * calibrate.c - reward curves calibrated from history; see calibrate.h and
 * DESIGN.md "Reward curve".
 */
#include <math.h>

#include "onebudget/calibrate.h"
#include "onebudget/stats.h"

#include "onebudget/banned.h"

void ob_calibration_params_init(struct ob_calibration_params *p)
{
	p->p = 0.95;
	p->r = 0.90;
	p->p0 = 0.999;
	p->alpha = 0.05;
	p->delta = 0;
	p->target = 0;
	p->power = 0.8;
}

double ob_between_year_variance(const double *y, const double *se, size_t n)
{
	double mean = 0, var = 0, s2 = 0;

	if (n < 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		mean += y[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++) {
		var += (y[i] - mean) * (y[i] - mean);
		s2 += se[i] * se[i];
	}
	var /= (double)(n - 1);
	s2 /= (double)n;
	return var > s2 ? var - s2 : 0;
}

/* P(full reward | target improvement) with sampling variances scaled by
 * 1/k (k times the denominators) and all variances by 1/m (m years
 * pooled). */
static double p_full(double se_base, double se_year, double tau2,
		     double target, double z, double k, double m)
{
	double s2 = se_year * se_year / k / m, sb2 = se_base * se_base / k / m;
	double sig2 = s2 + tau2 / m;
	double umax = z * sqrt(sb2 + sig2);

	return ob_norm_cdf((target - umax) / sqrt(sig2));
}

enum ob_status ob_calibrate(double baseline, double se_base, double se_year,
			    double tau2, int direction,
			    const struct ob_calibration_params *prm,
			    struct ob_curve *c, struct ob_error *err)
{
	double za = ob_norm_quantile(1 - prm->alpha);

	if (!(prm->p > 0.5 && prm->p < 1) || !(prm->p0 > prm->p && prm->p0 < 1) ||
	    !(prm->r > 0 && prm->r < 1) ||
	    !(prm->alpha > 0 && prm->alpha < 0.5) ||
	    !(prm->power > 0 && prm->power < 1) || !(prm->delta >= 0) ||
	    !(prm->target >= 0))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "calibration parameters out of range "
				    "(expected 0.5 < p < p0 < 1, 0 < r < 1, "
				    "0 < alpha < 0.5, 0 < power < 1, delta and "
				    "target >= 0)");
	if (!isfinite(baseline) || !(se_base >= 0) || !(se_year >= 0) ||
	    !(tau2 >= 0) || !(se_year * se_year + tau2 > 0))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "a curve needs a finite baseline, standard "
				    "errors >= 0 and some variation (sampling "
				    "or between years)");
	c->baseline = baseline;
	c->se_base = se_base;
	c->se_year = se_year;
	c->tau2 = tau2;
	c->sigma = sqrt(se_year * se_year + tau2);
	c->direction = direction < 0 ? -1 : 1;
	c->r = prm->r;
	c->umax = za * sqrt(se_base * se_base + c->sigma * c->sigma);
	c->ur = prm->delta - ob_norm_quantile(prm->p) * c->sigma;
	c->u0 = prm->delta - ob_norm_quantile(prm->p0) * c->sigma;
	c->merged = c->ur >= c->umax;
	c->p_full_at_target = ob_norm_cdf((prm->target - c->umax) / c->sigma);
	c->too_noisy = c->p_full_at_target < prm->power;
	c->population_factor = 1;
	c->pooled_years = 1;
	if (c->too_noisy) {
		/* Larger denominators shrink sampling error only: the limit
		 * is set by tau2. */
		if (p_full(se_base, se_year, tau2, prm->target, za, 1e12, 1) <
		    prm->power) {
			c->population_factor = 0;
		} else {
			double lo = 1, hi = 2;
			while (p_full(se_base, se_year, tau2, prm->target, za,
				      hi, 1) < prm->power)
				lo = hi, hi *= 2;
			for (int i = 0; i < 60; i++) {
				double mid = (lo + hi) / 2;
				if (p_full(se_base, se_year, tau2, prm->target,
					   za, mid, 1) < prm->power)
					lo = mid;
				else
					hi = mid;
			}
			c->population_factor = hi;
		}
		c->pooled_years = 0;
		for (int m = 2; m <= 10; m++)
			if (p_full(se_base, se_year, tau2, prm->target, za, 1,
				   m) >= prm->power) {
				c->pooled_years = m;
				break;
			}
	}
	return OB_OK;
}

double ob_curve_reward(const struct ob_curve *c, double y)
{
	double u = c->direction * (y - c->baseline), f;

	if (!isfinite(u))
		return 0;
	if (u >= c->umax)
		return 1;
	if (u <= c->u0 || (c->merged && c->u0 >= c->umax))
		return 0; /* a step at u_max when even u_0 is beyond it */
	if (c->merged)
		f = (u - c->u0) / (c->umax - c->u0);
	else if (u >= c->ur)
		f = c->r + (1 - c->r) * (u - c->ur) / (c->umax - c->ur);
	else
		f = c->r * (u - c->u0) / (c->ur - c->u0);
	return f < 0 ? 0 : f > 1 ? 1 : f;
}

void ob_curve_simulate(const struct ob_curve *c, double true_improvement,
		       size_t n, struct ob_rng *rng, double *at_least_r,
		       double *full)
{
	size_t hit_r = 0, hit_full = 0;

	for (size_t i = 0; i < n; i++) {
		double u = true_improvement + c->sigma * ob_rng_normal(rng);
		double f = ob_curve_reward(c, c->baseline + c->direction * u);
		hit_r += f >= c->r - 1e-12;
		hit_full += f >= 1;
	}
	*at_least_r = n ? (double)hit_r / (double)n : NAN;
	*full = n ? (double)hit_full / (double)n : NAN;
}
