/*
 * isr.c - indirectly standardised ratios (observed over expected).
 */
#include <math.h>

#include "stats-internal.h"

/* ratio = O / E, limits = limits(O) / E, exact below 10 observed and Byar
 * from 10 (Breslow and Day 1987; PHE calculate_ISRatio). */
enum ob_status ob_ratio_oe(double observed, double expected, double multiplier,
			   const struct ob_conf_levels *conf,
			   struct ob_estimate *out, struct ob_error *err)
{
	enum ob_status st = ob_conf_check(conf, err);

	if (st)
		return st;
	if (!ob_is_count(observed))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "observed %g is not a number >= 0",
				    observed);
	if (!(isfinite(expected) && expected > 0))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "expected %g is not a number > 0",
				    expected);
	ob_estimate_start(out, observed, expected, conf);
	out->value = observed / expected * multiplier;
	for (size_t i = 0; i < conf->n; i++) {
		struct ob_interval l = ob_poisson_limits(
		    observed, conf->level[i], OB_EXACT_BELOW_PHE);
		out->ci[i].lower = l.lower / expected * multiplier;
		out->ci[i].upper = l.upper / expected * multiplier;
	}
	return OB_OK;
}

/* E = sum(n_i refx_i / refn_i) (PHE calculate_ISRatio). */
enum ob_status ob_isr(const struct ob_isr_band *bands, size_t nbands,
		      double multiplier, const struct ob_conf_levels *conf,
		      struct ob_estimate *out, struct ob_error *err)
{
	double observed = 0, expected = 0;

	for (size_t i = 0; i < nbands; i++) {
		const struct ob_isr_band *b = &bands[i];
		if (!ob_is_count(b->count))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "band %zu: count %g is not a "
					    "number >= 0",
					    i + 1, b->count);
		if (!ob_is_count(b->pop))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "band %zu: population %g is not a "
					    "number >= 0",
					    i + 1, b->pop);
		if (!ob_is_count(b->ref_count))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "band %zu: reference count %g is "
					    "not a number >= 0",
					    i + 1, b->ref_count);
		if (!(isfinite(b->ref_pop) && b->ref_pop > 0))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "band %zu: reference population "
					    "%g is not a number > 0",
					    i + 1, b->ref_pop);
		observed += b->count;
		expected += b->pop * b->ref_count / b->ref_pop;
	}
	if (!(expected > 0))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "expected count is 0 (no population or no "
				    "reference events)");
	return ob_ratio_oe(observed, expected, multiplier, conf, out, err);
}
