/*
 * lifetable.c - abridged life tables (Chiang II) with Silcocks variances.
 */
#include <math.h>

#include "stats-internal.h"

const int ob_lifetable_start[OB_LIFETABLE_BANDS] = {
    0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90,
};

int ob_lifetable_band(int start_age)
{
	for (int i = 0; i < OB_LIFETABLE_BANDS; i++)
		if (ob_lifetable_start[i] == start_age)
			return i;
	return -1;
}

/*
 * Chiang 1984 method II as PHE phe_life_expectancy (Eayres and Williams
 * 2004); variance of e_x = sum_{i>=x} W_i / l_x^2 with W_i = l_i^2
 * ((1 - a_i) n_i + e_{i+1})^2 q_i^2 (1 - q_i) / D_i and, for 90+,
 * W = (l / 2)^2 4 / (D M^2) (Silcocks, Jenner and Reza 2001).
 */
enum ob_status ob_lifetable_compute(const double *deaths, const double *pop,
				    struct ob_lifetable *lt,
				    struct ob_error *err)
{
	const int last = OB_LIFETABLE_BANDS - 1;
	double w[OB_LIFETABLE_BANDS], sw = 0;

	lt->note = NULL;
	for (int i = 0; i <= last; i++) {
		if (!ob_is_count(deaths[i]))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "age %d: deaths %g is not a number "
					    ">= 0",
					    ob_lifetable_start[i], deaths[i]);
		if (!(isfinite(pop[i]) && pop[i] >= 0))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "age %d: population %g is not a "
					    "number >= 0",
					    ob_lifetable_start[i], pop[i]);
		lt->deaths[i] = deaths[i];
		lt->pop[i] = pop[i];
	}
	for (int i = 0; i <= last; i++) {
		if (!(pop[i] > 0))
			lt->note = "an age band has no population: life "
				   "expectancy not calculated (PHE)";
		else if (deaths[i] > pop[i] && !lt->note)
			lt->note = "an age band has more deaths than "
				   "population: life expectancy not "
				   "calculated (PHE)";
	}
	if (!lt->note && !(deaths[last] > 0))
		lt->note = "no deaths at 90+: the last interval has no "
			   "length (PHE gives no value)";
	for (int i = 0; i <= last; i++) {
		lt->e[i] = lt->var[i] = lt->q[i] = lt->l[i] = NAN;
		lt->d[i] = lt->L[i] = lt->T[i] = lt->m[i] = NAN;
		lt->n[i] =
		    i < last ? ob_lifetable_start[i + 1] - ob_lifetable_start[i]
			     : NAN;
		lt->a[i] = i == 0 ? 0.1 : 0.5;
	}
	if (lt->note)
		return OB_OK;
	for (int i = 0; i <= last; i++) {
		double m = deaths[i] / pop[i], nm = lt->n[i] * m;
		lt->m[i] = m;
		if (i == last)
			lt->q[i] = 1;
		else
			lt->q[i] = fmin(1, nm / (1 + (1 - lt->a[i]) * nm));
		lt->l[i] = i == 0 ? 100000 : lt->l[i - 1] * (1 - lt->q[i - 1]);
	}
	for (int i = 0; i <= last; i++) {
		lt->d[i] = lt->l[i] - (i < last ? lt->l[i + 1] : 0);
		lt->L[i] = i < last
			       ? lt->n[i] * (lt->l[i + 1] + lt->a[i] * lt->d[i])
			       : lt->l[i] / lt->m[i];
	}
	for (int i = last; i >= 0; i--) {
		lt->T[i] = lt->L[i] + (i < last ? lt->T[i + 1] : 0);
		lt->e[i] = lt->l[i] > 0 ? lt->T[i] / lt->l[i] : 0;
	}
	for (int i = last; i >= 0; i--) {
		if (i == last) {
			double lh = lt->l[i] / 2;
			w[i] = lh * lh * 4 / (deaths[i] * lt->m[i] * lt->m[i]);
		} else if (lt->d[i] == 0 || deaths[i] == 0) {
			w[i] = 0;
		} else {
			double q = lt->q[i];
			double k = (1 - lt->a[i]) * lt->n[i] + lt->e[i + 1];
			w[i] = q * q * (1 - q) / deaths[i] * lt->l[i] *
			       lt->l[i] * k * k;
		}
		sw += w[i];
		lt->var[i] = lt->l[i] > 0 ? sw / (lt->l[i] * lt->l[i]) : NAN;
	}
	return OB_OK;
}

/* e -+ z sqrt(var); PHE suppresses when the 95% interval is wider than 20
 * years (PHEindicatormethods 1.1, after Eayres and Williams 2004). */
enum ob_status ob_life_expectancy(const struct ob_lifetable *lt, int band,
				  const struct ob_conf_levels *conf,
				  struct ob_estimate *out, struct ob_error *err)
{
	double deaths = 0, pop = 0, se;
	enum ob_status st = ob_conf_check(conf, err);

	if (st)
		return st;
	if (band < 0 || band >= OB_LIFETABLE_BANDS)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "age band %d is not 0 to %d", band,
				    OB_LIFETABLE_BANDS - 1);
	for (int i = band; i < OB_LIFETABLE_BANDS; i++) {
		deaths += lt->deaths[i];
		pop += lt->pop[i];
	}
	ob_estimate_start(out, deaths, pop, conf);
	if (lt->note) {
		ob_estimate_suppress(out, lt->note);
		return OB_OK;
	}
	se = sqrt(lt->var[band]);
	if (!isfinite(lt->e[band]) || !isfinite(se)) {
		ob_estimate_suppress(out, "no survivors to this age: life "
					  "expectancy not calculated");
		return OB_OK;
	}
	if (2 * ob_conf_z(0.95) * se > 20) {
		ob_estimate_suppress(out, "95% confidence interval wider than "
					  "20 years: not published (PHE)");
		return OB_OK;
	}
	out->value = lt->e[band];
	for (size_t i = 0; i < conf->n; i++) {
		double z = ob_conf_z(conf->level[i]);
		out->ci[i].lower = out->value - z * se;
		out->ci[i].upper = out->value + z * se;
	}
	return OB_OK;
}
