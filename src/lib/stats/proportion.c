/*
 * proportion.c - a proportion with Wilson score limits.
 */
#include <math.h>

#include "stats-internal.h"

/* (2x + z^2 -+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)) (Wilson 1927;
 * Newcombe 1998 method 3; PHE wilson_lower / wilson_upper). */
enum ob_status ob_proportion(double x, double n, double multiplier,
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
	if (x > n)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "count %g is more than the denominator %g",
				    x, n);
	ob_estimate_start(out, x, n, conf);
	out->value = x / n * multiplier;
	for (size_t i = 0; i < conf->n; i++) {
		double z = ob_conf_z(conf->level[i]), z2 = z * z;
		double root = z * sqrt(z2 + 4 * x * (1 - x / n));
		double den = 2 * (n + z2);
		out->ci[i].lower = (2 * x + z2 - root) / den * multiplier;
		out->ci[i].upper = (2 * x + z2 + root) / den * multiplier;
	}
	return OB_OK;
}
