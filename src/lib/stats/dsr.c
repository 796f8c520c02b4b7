/*
 * dsr.c - directly standardised rates with Dobson limits, on the European
 * Standard Population 2013.
 */
#include <math.h>

#include "stats-internal.h"

/* Eurostat, Revision of the European Standard Population (2013), 0-4 to
 * 90+ in five-year bands. */
const double ob_esp2013[OB_ESP2013_BANDS] = {
    5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
    7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000,
};

int ob_esp2013_band(int start_age)
{
	if (start_age < 0 || start_age > 90 || start_age % 5)
		return -1;
	return start_age / 5;
}

/*
 * value = sum(x w / n) / sum(w); var = sum(x (w / n)^2) / sum(w)^2;
 * limit = value + sqrt(var / O) (L(O) - O) (Dobson et al. 1991; PHE
 * calculate_dsr; CCG OIS 2.6 for exact L below 389).  PHE does not
 * publish a DSR on fewer than 10 events.
 */
enum ob_status ob_dsr(const struct ob_dsr_band *bands, size_t nbands,
		      double multiplier, double exact_below,
		      const struct ob_conf_levels *conf,
		      struct ob_estimate *out, struct ob_error *err)
{
	double total = 0, pop = 0, wsum = 0, sum = 0, var = 0;
	enum ob_status st = ob_conf_check(conf, err);

	if (st)
		return st;
	if (nbands == 0)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "no age bands to standardise");
	for (size_t i = 0; i < nbands; i++) {
		const struct ob_dsr_band *b = &bands[i];
		if (!ob_is_count(b->count))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "band %zu: count %g is not a "
					    "number >= 0",
					    i + 1, b->count);
		if (!(isfinite(b->pop) && b->pop > 0))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "band %zu: population %g is not a "
					    "number > 0",
					    i + 1, b->pop);
		if (!ob_is_count(b->weight))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "band %zu: standard population %g "
					    "is not a number >= 0",
					    i + 1, b->weight);
		total += b->count;
		pop += b->pop;
		wsum += b->weight;
		sum += b->count * b->weight / b->pop;
		var += b->count * (b->weight / b->pop) * (b->weight / b->pop);
	}
	if (!(wsum > 0))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "the standard population is empty");
	ob_estimate_start(out, total, pop, conf);
	if (total < 10) {
		ob_estimate_suppress(out, "fewer than 10 events: dsr not "
					  "published (PHE)");
		return OB_OK;
	}
	out->value = sum / wsum * multiplier;
	var /= wsum * wsum;
	for (size_t i = 0; i < conf->n; i++) {
		struct ob_interval l =
		    ob_poisson_limits(total, conf->level[i], exact_below);
		double f = sqrt(var / total);
		out->ci[i].lower =
		    (sum / wsum + f * (l.lower - total)) * multiplier;
		out->ci[i].upper =
		    (sum / wsum + f * (l.upper - total)) * multiplier;
	}
	return OB_OK;
}
