/*
 * rate.c - the crude rate per population with Poisson limits.
 */
#include <math.h>

#include "stats-internal.h"

/* value = x / n * multiplier, limits = limits(x) / n * multiplier, exact
 * for x < 10 and Byar from 10 (PHEindicatormethods phe_rate). */
enum ob_status ob_rate(double x, double n, double multiplier,
		       const struct ob_conf_levels *conf,
		       struct ob_estimate *out, struct ob_error *err)
{
	enum ob_status st = ob_conf_check(conf, err);

	if (st)
		return st;
	if (!ob_is_count(x))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "count %g is not a number >= 0", x);
	if (!(isfinite(n) && n > 0))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "denominator %g is not a number > 0", n);
	ob_estimate_start(out, x, n, conf);
	out->value = x / n * multiplier;
	for (size_t i = 0; i < conf->n; i++) {
		struct ob_interval ci =
		    ob_poisson_limits(x, conf->level[i], OB_EXACT_BELOW_PHE);
		out->ci[i].lower = ci.lower / n * multiplier;
		out->ci[i].upper = ci.upper / n * multiplier;
	}
	return OB_OK;
}
