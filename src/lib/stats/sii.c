/*
 * sii.c - the slope index of inequality and the relative index.
 */
#include <math.h>

#include "stats-internal.h"

/*
 * PHE phe_sii: regress sqrt(a) y on sqrt(a) and b sqrt(a) with no
 * intercept, b the cumulative population midpoint of each quantile (Low
 * and Low 2004).  That is weighted least squares of y on b with weights a,
 * solved here in centred form: sii = sum(a (b - mb) y) / sum(a (b - mb)^2)
 * with mb the a-weighted mean of b.  sii = sum(c_i y_i), so its variance
 * is sum(c_i^2 se_i^2); rii = sii / m, m = intercept + sii / 2 (the fitted
 * value at the population midpoint, the population-weighted mean under
 * population weights), with the delta method for its variance.
 */
enum ob_status ob_sii(const struct ob_sii_quantile *q, size_t n,
		      enum ob_sii_weight weight,
		      const struct ob_conf_levels *conf,
		      struct ob_sii_result *out, struct ob_error *err)
{
	double total = 0, cum = 0, asum = 0, mb = 0, my = 0, sbb = 0, sby = 0;
	double var = 0, rvar = 0, m;
	enum ob_status st = ob_conf_check(conf, err);

	if (st)
		return st;
	if (n < 2)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "the slope index needs at least 2 "
				    "quantiles, got %zu",
				    n);
	for (size_t i = 0; i < n; i++) {
		if (!(isfinite(q[i].pop) && q[i].pop > 0))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "quantile %zu: population %g is "
					    "not a number > 0",
					    i + 1, q[i].pop);
		if (!isfinite(q[i].value) || !ob_is_count(q[i].se) ||
		    (weight == OB_SII_INVVAR && !(q[i].se > 0)))
			return ob_error_set(
			    err, OB_EINVAL, NULL, 0, 0,
			    "quantile %zu: value %g or standard "
			    "error %g is not valid",
			    i + 1, q[i].value, q[i].se);
		total += q[i].pop;
	}
	/* First pass: b, the weights and the weighted means. */
	for (size_t i = 0; i < n; i++) {
		double b = (cum + q[i].pop / 2) / total;
		double a =
		    weight == OB_SII_POP ? q[i].pop : 1 / (q[i].se * q[i].se);
		cum += q[i].pop;
		asum += a;
		mb += a * b;
		my += a * q[i].value;
	}
	mb /= asum;
	my /= asum;
	cum = 0;
	for (size_t i = 0; i < n; i++) {
		double b = (cum + q[i].pop / 2) / total;
		double a =
		    weight == OB_SII_POP ? q[i].pop : 1 / (q[i].se * q[i].se);
		cum += q[i].pop;
		sbb += a * (b - mb) * (b - mb);
		sby += a * (b - mb) * (q[i].value - my);
	}
	if (!(sbb > 0))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "the quantiles do not spread along the "
				    "deprivation scale");
	out->sii = sby / sbb;
	out->intercept = my - out->sii * mb;
	m = out->intercept + out->sii / 2;
	out->rii = out->sii / m;
	cum = 0;
	for (size_t i = 0; i < n; i++) {
		double b = (cum + q[i].pop / 2) / total;
		double a =
		    weight == OB_SII_POP ? q[i].pop : 1 / (q[i].se * q[i].se);
		double c = a * (b - mb) / sbb;
		double g = a / asum + (0.5 - mb) * c;
		double dr = (c - out->rii * g) / m;
		double v = q[i].se * q[i].se;
		cum += q[i].pop;
		var += c * c * v;
		rvar += dr * dr * v;
	}
	out->sii_se = sqrt(var);
	out->rii_se = sqrt(rvar);
	out->nlevels = conf->n;
	for (size_t i = 0; i < OB_STATS_LEVELS_MAX; i++) {
		double z = i < conf->n ? ob_conf_z(conf->level[i]) : NAN;
		out->level[i] = i < conf->n ? conf->level[i] : NAN;
		out->sii_ci[i].lower = out->sii - z * out->sii_se;
		out->sii_ci[i].upper = out->sii + z * out->sii_se;
		out->rii_ci[i].lower = out->rii - z * out->rii_se;
		out->rii_ci[i].upper = out->rii + z * out->rii_se;
	}
	return OB_OK;
}
