/*
 * conf.c - confidence levels and the result record every method fills.
 */
#include <math.h>

#include "stats-internal.h"

enum ob_status ob_conf_check(const struct ob_conf_levels *conf,
			     struct ob_error *err)
{
	if (!conf || conf->n < 1 || conf->n > OB_STATS_LEVELS_MAX)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "expected 1 to %d confidence levels",
				    OB_STATS_LEVELS_MAX);
	for (size_t i = 0; i < conf->n; i++)
		if (!(conf->level[i] > 0 && conf->level[i] < 1))
			return ob_error_set(
			    err, OB_EINVAL, NULL, 0, 0,
			    "confidence level %g is not between "
			    "0 and 1 (e.g. 0.95)",
			    conf->level[i]);
	return OB_OK;
}

void ob_estimate_start(struct ob_estimate *out, double count,
		       double denominator, const struct ob_conf_levels *conf)
{
	out->count = count;
	out->denominator = denominator;
	out->value = NAN;
	out->nlevels = conf->n;
	for (size_t i = 0; i < OB_STATS_LEVELS_MAX; i++) {
		out->level[i] = i < conf->n ? conf->level[i] : NAN;
		out->ci[i].lower = NAN;
		out->ci[i].upper = NAN;
	}
	out->note = NULL;
}

void ob_estimate_suppress(struct ob_estimate *out, const char *why)
{
	out->value = NAN;
	for (size_t i = 0; i < OB_STATS_LEVELS_MAX; i++) {
		out->ci[i].lower = NAN;
		out->ci[i].upper = NAN;
	}
	out->note = why;
}

int ob_is_count(double x)
{
	return isfinite(x) && x >= 0;
}
