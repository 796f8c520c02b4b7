/*
 * measures.c - compute catalogue metrics from person-years and survey
 * answers; see measures.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/budget.h"
#include "onebudget/buf.h"
#include "onebudget/csv.h"
#include "onebudget/hashmap.h"
#include "onebudget/json.h"
#include "onebudget/measures.h"
#include "onebudget/rng.h"
#include "measures-internal.h"

/* Per unit: sums over person-years (and answers), by ESP2013 band for
 * DSRs, and the second moments the ratio estimator needs. */
struct acc {
	const char *name;
	double num, den, sxx, syy, sxy;
	long n;
	double band_num[OB_ESP2013_BANDS], band_den[OB_ESP2013_BANDS];
	double *values; /* answers, for means */
	size_t nvalues, cap;
};

/* The records (person-years or answers) behind one unit's sums, kept for
 * the bootstrap: each its numerator, denominator and ESP2013 band. */
struct records {
	double *num, *den;
	uint8_t *band;
	size_t n, cap;
};

struct units {
	struct acc *a;
	size_t n, cap;
	struct ob_strmap index;
	const char *keep;     /* keep the records of this unit, or NULL */
	struct records *rec;  /* where */
	int oom;	      /* a record could not be kept */
};

/* Keep a record of unit `a` when it is the unit asked for. */
static void keep(struct units *u, const struct acc *a, double x, double d,
		 int band)
{
	struct records *r = u->rec;

	if (!u->keep || strcmp(a->name, u->keep))
		return;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 4096;
		double *num = realloc(r->num, cap * sizeof(*num));
		double *den = num ? realloc(r->den, cap * sizeof(*den)) : NULL;
		uint8_t *b = den ? realloc(r->band, cap) : NULL;

		if (num)
			r->num = num;
		if (den)
			r->den = den;
		if (!b) {
			u->oom = 1;
			return;
		}
		r->band = b;
		r->cap = cap;
	}
	r->num[r->n] = x;
	r->den[r->n] = d;
	r->band[r->n++] = (uint8_t)band;
}

static struct acc *unit_acc(struct units *u, const char *name)
{
	uint32_t i;

	if (ob_strmap_get(&u->index, name, strlen(name), &i))
		return &u->a[i];
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 32;
		struct acc *na = realloc(u->a, cap * sizeof(*na));
		if (!na)
			return NULL;
		u->a = na;
		u->cap = cap;
	}
	memset(&u->a[u->n], 0, sizeof(u->a[0]));
	u->a[u->n].name = name;
	if (ob_strmap_put(&u->index, name, strlen(name), (uint32_t)u->n,
			  NULL) == OB_ENOMEM)
		return NULL;
	return &u->a[u->n++];
}

static void units_release(struct units *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->a[i].values);
	free(u->a);
	ob_strmap_release(&u->index);
	memset(u, 0, sizeof(*u));
}

const char *ob_measures_unit_name(const struct ob_dataset *ds,
				  const struct ob_person_year *y,
				  enum ob_measure_unit unit)
{
	static const char *const quintiles[6] = {
		"(unknown)",  "quintile 1", "quintile 2",
		"quintile 3", "quintile 4", "quintile 5",
	};

	switch (unit) {
	case OB_UNIT_MCP:
		return "MCP";
	case OB_UNIT_LOCALITY:
		return ob_locality_name(y->locality);
	case OB_UNIT_PCH:
		return y->pch >= 0 ? ds->pch_code[y->pch] : "(outside the MCP)";
	case OB_UNIT_PRACTICE:
		return y->practice >= 0 ? ds->practice_code[y->practice] : "-";
	case OB_UNIT_IMD:
		return quintiles[y->imd_quintile <= 5 ? y->imd_quintile : 0];
	case OB_UNIT_SEGMENT:
		return ob_segment_code(y->segment);
	}
	return "?";
}

static int frail(const struct ob_person_year *y)
{
	return y->hfrs >= 5.0 || y->efi_band >= OB_EFI_MODERATE ||
	       ((y->conditions >> OB_COND_DEMENTIA) & 1) || y->in_care_home;
}

int ob_measures_in_population(const struct ob_person_year *y,
			       const struct ob_population_filter *f)
{
	uint32_t ltc = y->conditions & ~((1u << OB_COND_PREGNANCY) |
					 (1u << OB_COND_PALLIATIVE));

	if (y->mcp_days <= 0 || y->age < f->age_min ||
	    (f->age_max >= 0 && y->age > f->age_max))
		return 0;
	if ((f->sex == OB_SEX_MALE && y->sex != 1) ||
	    (f->sex == OB_SEX_FEMALE && y->sex != 2))
		return 0;
	if (f->segments && !((f->segments >> y->segment) & 1))
		return 0;
	if (f->frail_only && !frail(y))
		return 0;
	if (f->long_term_condition && !ltc)
		return 0;
	return 1;
}

/* Whether a row of year `y` falls in the metric's window: the `years`
 * years pooled, ending with the year reported. */
static int in_window(const struct ob_metric *m, ob_fy y, ob_fy year)
{
	return y <= year && y > year - (m->years > 0 ? m->years : 1);
}

static ob_pence spend_of(const struct ob_person_year *y,
			 enum ob_metric_setting s)
{
	switch (s) {
	case OB_SETTING_ANY:
		return y->cost_total;
	case OB_SETTING_COMMUNITY:
		return y->cost[OB_SET_COMMUNITY];
	case OB_SETTING_HOSPITAL:
		return y->cost[OB_SET_ADMITTED] + y->cost[OB_SET_OUTPATIENT] +
		       y->cost[OB_SET_AE];
	case OB_SETTING_PRIMARY_CARE:
		return y->cost[OB_SET_PRIMARY_CARE] + y->cost[OB_SET_PRESCRIBING];
	case OB_SETTING_MENTAL_HEALTH:
		return y->cost[OB_SET_MENTAL_HEALTH];
	case OB_SETTING_SOCIAL_CARE:
		return y->cost[OB_SET_SOCIAL_CARE] + y->cost[OB_SET_CARE_HOME];
	}
	return 0;
}

/* Whether person-years carry a quantity; a metric that needs one they do
 * not is reported as missing, with missing_reason(). */
static int person_year_quantity(enum ob_quantity q)
{
	switch (q) {
	case OB_Q_NONE:
	case OB_Q_PERSON_YEARS:
	case OB_Q_PEOPLE:
	case OB_Q_EMERGENCY_ADMISSIONS:
	case OB_Q_ACSC_ADMISSIONS:
	case OB_Q_ELECTIVE_ADMISSIONS:
	case OB_Q_CARE_HOME_ADMISSIONS:
	case OB_Q_DELAYED_DAYS:
	case OB_Q_BED_DAYS:
	case OB_Q_DAYS_AT_HOME:
	case OB_Q_DEATHS:
	case OB_Q_DEMENTIA_DIAGNOSED:
	case OB_Q_DEMENTIA_EXPECTED:
	case OB_Q_CARE_PLANS_RECORDED:
	case OB_Q_SPEND:
		return 1;
	default:
		return 0;
	}
}

/* A person-year quantity (person_year_quantity(q) must hold).  A metric's
 * `setting` restricts spend in its numerator only (community spend / all
 * spend). */
static double quantity(const struct ob_model *mod,
		       const struct ob_person_year *y, enum ob_quantity q,
		       const struct ob_metric *m, int numerator)
{
	switch (q) {
	case OB_Q_PERSON_YEARS:
		return (double)y->mcp_days / y->days_in_year;
	case OB_Q_PEOPLE:
		return 1;
	case OB_Q_EMERGENCY_ADMISSIONS:
		return y->emergency_admissions;
	case OB_Q_ACSC_ADMISSIONS:
		return y->acsc_admissions;
	case OB_Q_ELECTIVE_ADMISSIONS:
		return y->elective_admissions;
	case OB_Q_CARE_HOME_ADMISSIONS:
		return y->care_home_admission;
	case OB_Q_DELAYED_DAYS:
		return y->delayed_days;
	case OB_Q_BED_DAYS:
		return y->bed_days;
	case OB_Q_DAYS_AT_HOME:
		return y->days_at_home;
	case OB_Q_DEATHS:
		return y->died;
	case OB_Q_DEMENTIA_DIAGNOSED:
		return (y->conditions >> OB_COND_DEMENTIA) & 1;
	case OB_Q_DEMENTIA_EXPECTED:
		return ob_dementia_prevalence(mod->codelists, y->sex, y->age);
	case OB_Q_CARE_PLANS_RECORDED:
		return y->care_plan;
	case OB_Q_SPEND:
		return (double)spend_of(y, numerator ? m->setting
						     : OB_SETTING_ANY);
	default:
		return 0;
	}
}

/* Why a quantity the model lacks is missing. */
static const char *missing_reason(enum ob_quantity q)
{
	switch (q) {
	case OB_Q_BUDGET:
		return "needs the year's capitated budget: store a contract "
		       "in the workspace (onebudget contract add) for a year "
		       "from its shadow year on";
	default:
		return "this quantity is not yet computed";
	}
}

static int is_survey(const struct ob_metric *m)
{
	return m->survey != NULL;
}

static int answer_positive(const struct ob_metric *m, const char *a)
{
	for (size_t i = 0; i < m->n_positive; i++)
		if (!strcmp(m->positive[i], a))
			return 1;
	return 0;
}

static int push_value(struct acc *a, double v)
{
	if (a->nvalues == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		double *nv = realloc(a->values, cap * sizeof(*nv));
		if (!nv)
			return -1;
		a->values = nv;
		a->cap = cap;
	}
	a->values[a->nvalues++] = v;
	return 0;
}

/* Accumulate a survey metric: answers of the year to its question, by
 * the unit of the linked person (who must be in the population) or, for
 * unlinked answers, of the practice given. */
static int accumulate_survey(const struct ob_model *mod,
			     const struct ob_metric *m, ob_fy year,
			     enum ob_measure_unit unit, const int32_t *row_of,
			     struct units *u)
{
	const struct ob_dataset *ds = mod->ds;

	for (size_t i = 0; i < ds->nsurvey; i++) {
		const char *name = NULL, *ans = ds->survey_answer[i];
		struct acc *a;

		if (!in_window(m, ds->survey_year[i], year) ||
		    strcmp(ds->survey_name[i], m->survey) ||
		    strcmp(ds->survey_question[i], m->question))
			continue;
		if (ds->survey_person[i] >= 0) {
			int32_t r = row_of[ds->survey_person[i]];
			const struct ob_person_year *y;
			if (r < 0)
				continue;
			y = &mod->py.rows[r];
			if (!ob_measures_in_population(y, &m->population))
				continue;
			name = ob_measures_unit_name(ds, y, unit);
		} else if (unit == OB_UNIT_MCP) {
			name = "MCP";
		} else if (ds->survey_practice[i] >= 0 &&
			   (unit == OB_UNIT_PCH || unit == OB_UNIT_LOCALITY ||
			    unit == OB_UNIT_PRACTICE)) {
			int32_t pr = ds->survey_practice[i];
			int32_t pch = ds->practice_pch[pr];
			if (pch < 0)
				continue;
			name = unit == OB_UNIT_PRACTICE ? ds->practice_code[pr]
			       : unit == OB_UNIT_PCH
				       ? ds->pch_code[pch]
				       : ob_locality_name(ds->pch_locality[pch]);
		}
		if (!name || !(a = unit_acc(u, name)))
			continue;
		a->den += 1;
		a->n++;
		if (m->numerator == OB_Q_SURVEY_POSITIVE) {
			int pos = answer_positive(m, ans);
			a->num += pos;
			keep(u, a, pos, 1, 0);
		} else {
			char *end;
			double v = strtod(ans, &end);
			if (end == ans || *end || !isfinite(v))
				continue; /* a non-numeric answer: no value */
			a->num += v;
			keep(u, a, v, 1, 0);
			if (push_value(a, v))
				return -1;
		}
	}
	return 0;
}

/* The pathway of an event: by treatment function (the seed's seven
 * pathways), or cancer screening by a Z12 (screening for neoplasm)
 * diagnosis. */
static int pathway_of(const struct ob_dataset *ds, size_t e)
{
	switch (ds->act_tf[e]) {
	case 130:
		return OB_PATHWAY_OPHTHALMOLOGY;
	case 502:
	case 101:
		return OB_PATHWAY_GYNAECOLOGY_UROLOGY;
	case 400:
		return OB_PATHWAY_NEUROLOGY;
	case 301:
		return OB_PATHWAY_GASTROENTEROLOGY;
	case 320:
		return OB_PATHWAY_CARDIOLOGY;
	case 307:
		return OB_PATHWAY_DIABETES;
	}
	for (uint32_t k = ds->act_diag[e]; k < ds->act_diag[e + 1]; k++)
		if (!strncmp(ds->code_text[ds->diag_code[k]], "Z12", 3))
			return OB_PATHWAY_CANCER_SCREENING;
	return OB_PATHWAY_NONE;
}

/* Community and hospital contacts of a pathway: events of the year of the
 * people in the population, community and primary care against
 * outpatient and admitted care. */
static void accumulate_pathway(const struct ob_model *mod,
			       const struct ob_metric *m, ob_fy year,
			       enum ob_measure_unit unit, struct units *u)
{
	const struct ob_dataset *ds = mod->ds;

	for (size_t i = 0; i < mod->py.n; i++) {
		const struct ob_person_year *y = &mod->py.rows[i];
		ob_date y0 = ob_fy_start(y->year), y1 = ob_fy_end(y->year);
		struct acc *a;
		double community = 0, hospital = 0;

		if (!in_window(m, y->year, year) ||
		    !ob_measures_in_population(y, &m->population))
			continue;
		for (uint32_t e = ds->act_start[y->person];
		     e < ds->act_start[y->person + 1]; e++) {
			int s = ds->act_setting[e];
			if (ds->act_from[e] < y0 || ds->act_from[e] > y1 ||
			    pathway_of(ds, e) != (int)m->pathway)
				continue;
			if (s == OB_SET_COMMUNITY || s == OB_SET_PRIMARY_CARE)
				community++;
			else if (s == OB_SET_OUTPATIENT || s == OB_SET_ADMITTED)
				hospital++;
		}
		if (!community && !hospital)
			continue;
		a = unit_acc(u, ob_measures_unit_name(ds, y, unit));
		if (!a)
			continue;
		{
			double x = m->numerator == OB_Q_COMMUNITY_CONTACTS
					   ? community
					   : hospital;
			double d = m->denominator == OB_Q_HOSPITAL_CONTACTS
					   ? hospital
					   : community;
			a->num += x;
			a->den += d;
			a->n++;
			keep(u, a, x, d, 0);
		}
	}
}

static void accumulate_person_years(const struct ob_model *mod,
				    const struct ob_metric *m, ob_fy year,
				    enum ob_measure_unit unit, struct units *u)
{
	for (size_t i = 0; i < mod->py.n; i++) {
		const struct ob_person_year *y = &mod->py.rows[i];
		double x, d;
		struct acc *a;
		int band;

		if (!in_window(m, y->year, year) ||
		    !ob_measures_in_population(y, &m->population))
			continue;
		x = quantity(mod, y, m->numerator, m, 1);
		d = quantity(mod, y, m->denominator, m, 0);
		a = unit_acc(u, ob_measures_unit_name(mod->ds, y, unit));
		if (!a)
			continue;
		a->num += x;
		a->den += d;
		a->sxx += x * x;
		a->syy += d * d;
		a->sxy += x * d;
		a->n++;
		band = y->age >= 90 ? 18 : y->age / 5;
		a->band_num[band] += x;
		a->band_den[band] += d;
		keep(u, a, x, d, band);
	}
}

/* Ratio estimator R = sum x / sum d with its delta-method standard error
 * (Cochran 1977, 6.3), for per-person-year means such as days at home. */
static void ratio_estimate(const struct acc *a,
			   const struct ob_conf_levels *conf, double mult,
			   struct ob_estimate *e)
{
	double r = a->num / a->den;
	double ss = a->sxx - 2 * r * a->sxy + r * r * a->syy;
	double se = a->n > 1 ? sqrt(ss * (double)a->n / (double)(a->n - 1)) /
				       a->den
			     : NAN;

	e->count = a->num;
	e->denominator = a->den;
	e->value = r * mult;
	e->nlevels = conf->n;
	for (size_t k = 0; k < conf->n; k++) {
		double z = ob_conf_z(conf->level[k]);
		e->level[k] = conf->level[k];
		e->ci[k].lower = (r - z * se) * mult;
		e->ci[k].upper = (r + z * se) * mult;
	}
}

/* The estimate of one unit; `ref` holds the whole population's sums (the
 * reference rates of an indirectly standardised ratio). */
static void estimate(const struct ob_metric *m, const struct acc *a,
		     const struct acc *ref, struct ob_measure_row *row)
{
	struct ob_conf_levels conf = { 0 };
	struct ob_error err;
	enum ob_status st = OB_OK;

	conf.n = m->n_conf ? m->n_conf : 1;
	for (size_t k = 0; k < conf.n; k++)
		conf.level[k] = m->n_conf ? m->conf[k] : 0.95;
	row->status = OB_MEASURE_OK;
	row->est.count = a->num;
	row->est.denominator = a->den;
	row->est.value = NAN;
	if ((m->method == OB_METHOD_SHARE ? a->num + a->den : a->den) <= 0) {
		row->status = OB_MEASURE_SUPPRESSED;
		row->why = "no denominator in this unit";
		return;
	}
	switch (m->method) {
	case OB_METHOD_CRUDE_RATE:
		st = ob_rate(a->num, a->den, m->multiplier, &conf, &row->est,
			     &err);
		break;
	case OB_METHOD_PROPORTION:
		st = ob_proportion(a->num, a->den, m->multiplier, &conf,
				   &row->est, &err);
		break;
	case OB_METHOD_SHARE:
		st = ob_proportion(a->num, a->num + a->den, m->multiplier,
				   &conf, &row->est, &err);
		break;
	case OB_METHOD_MEAN:
		st = ob_mean(a->values, a->nvalues, &conf, &row->est, &err);
		break;
	case OB_METHOD_PER_PERSON_YEAR:
		ratio_estimate(a, &conf, m->multiplier, &row->est);
		break;
	case OB_METHOD_OBSERVED_EXPECTED:
		st = ob_ratio_oe(a->num, a->den, m->multiplier, &conf,
				 &row->est, &err);
		break;
	case OB_METHOD_ISR: {
		struct ob_isr_band b[OB_ESP2013_BANDS];
		size_t nb = 0;
		for (int k = 0; k < OB_ESP2013_BANDS; k++) {
			if (a->band_den[k] <= 0 || ref->band_den[k] <= 0)
				continue;
			b[nb].count = a->band_num[k];
			b[nb].pop = a->band_den[k];
			b[nb].ref_count = ref->band_num[k];
			b[nb].ref_pop = ref->band_den[k];
			nb++;
		}
		st = ob_isr(b, nb, m->multiplier, &conf, &row->est, &err);
		break;
	}
	case OB_METHOD_RATIO:
		row->est.value = a->num / a->den * m->multiplier;
		row->est.nlevels = 0;
		break;
	case OB_METHOD_DSR: {
		struct ob_dsr_band b[OB_ESP2013_BANDS];
		size_t nb = 0;
		for (int k = 0; k < OB_ESP2013_BANDS; k++) {
			if (a->band_den[k] <= 0)
				continue; /* an empty band adds nothing */
			b[nb].count = a->band_num[k];
			b[nb].pop = a->band_den[k];
			b[nb].weight = ob_esp2013[k];
			nb++;
		}
		st = ob_dsr(b, nb, m->multiplier,
			    m->dsr_limits == OB_DSR_LIMITS_CCG_OIS
				    ? OB_EXACT_BELOW_CCG_OIS
				    : OB_EXACT_NEVER,
			    &conf, &row->est, &err);
		break;
	}
	default:
		row->status = OB_MEASURE_MISSING;
		row->why = "this method is not yet computed from the model";
		return;
	}
	if (st) {
		row->status = OB_MEASURE_SUPPRESSED;
		row->why = "the method could not be applied to this unit";
	} else if (isnan(row->est.value)) {
		row->status = OB_MEASURE_SUPPRESSED;
		row->why = row->est.note ? row->est.note
					 : "suppressed by the method";
	}
}

/* Deaths, person-years and life expectancy at birth of each deprivation
 * group (1 = most deprived) from the deaths and person-years of the
 * metric's population in its window of years: one Chiang II life table per
 * group (stats.h ob_lifetable_compute, ob_life_expectancy).  Shared by the
 * gap and SII rows and ob_measures_life_expectancy(). */
static void life_expectancy_groups(const struct ob_model *mod,
				   const struct ob_metric *m, ob_fy year,
				   int ngroups,
				   const struct ob_conf_levels *conf,
				   struct ob_le_by_deprivation *out)
{
	double deaths[OB_DEPRIVATION_MAX_GROUPS + 1][OB_LIFETABLE_BANDS],
		pop[OB_DEPRIVATION_MAX_GROUPS + 1][OB_LIFETABLE_BANDS];
	struct ob_error err;

	memset(out, 0, sizeof(*out));
	out->ngroups = ngroups;
	memset(deaths, 0, sizeof(deaths));
	memset(pop, 0, sizeof(pop));
	for (size_t i = 0; i < mod->py.n; i++) {
		const struct ob_person_year *y = &mod->py.rows[i];
		int g = ngroups == 10 ? y->imd_decile : y->imd_quintile;
		int band = y->age == 0   ? 0
			   : y->age < 5  ? 1
			   : y->age >= 90 ? 19
					  : y->age / 5 + 1;
		if (!in_window(m, y->year, year) || g < 1 || g > ngroups ||
		    !ob_measures_in_population(y, &m->population))
			continue;
		deaths[g][band] += y->died;
		pop[g][band] += (double)y->mcp_days / y->days_in_year;
		out->groups[g - 1].deaths += y->died;
		out->groups[g - 1].person_years +=
			(double)y->mcp_days / y->days_in_year;
	}
	for (int g = 1; g <= ngroups; g++) {
		struct ob_le_group *q = &out->groups[g - 1];
		struct ob_lifetable lt;
		memset(&lt, 0, sizeof(lt));
		q->le.value = NAN;
		if (ob_lifetable_compute(deaths[g], pop[g], &lt, &err) ||
		    ob_life_expectancy(&lt, 0, conf, &q->le, &err) ||
		    isnan(q->le.value)) {
			q->le.value = NAN;
			q->why = q->le.note  ? q->le.note
				 : lt.note   ? lt.note
					     : "a life table by deprivation "
					       "could not be published (too "
					       "few deaths or people)";
		}
	}
}

static void metric_conf(const struct ob_metric *m, struct ob_conf_levels *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->n = m->n_conf ? m->n_conf : 1;
	for (size_t k = 0; k < conf->n; k++)
		conf->level[k] = m->n_conf ? m->conf[k] : 0.95;
}

enum ob_status ob_measures_life_expectancy(const struct ob_model *m,
					   const struct ob_metric *metric,
					   ob_fy year, int ngroups,
					   struct ob_le_by_deprivation *out,
					   struct ob_error *err)
{
	struct ob_conf_levels conf;

	if (metric->method != OB_METHOD_LIFE_EXPECTANCY_GAP &&
	    metric->method != OB_METHOD_SII)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "metric '%s' is not computed from life "
				    "tables by deprivation",
				    metric->id);
	if (!ngroups)
		ngroups = metric->deprivation == OB_DEPRIVATION_DECILE ? 10
									: 5;
	if (ngroups != 5 && ngroups != 10)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "%d deprivation groups: expected 5 "
				    "(quintiles) or 10 (deciles)",
				    ngroups);
	metric_conf(metric, &conf);
	life_expectancy_groups(m, metric, year, ngroups, &conf, out);
	return OB_OK;
}

/* The gap in life expectancy at birth between the least and most deprived
 * groups (limits from the two Silcocks variances) or the slope index of
 * inequality across the groups (stats.h ob_sii, population weights). */
static void life_expectancy_metric(const struct ob_model *mod,
				   const struct ob_metric *m, ob_fy year,
				   struct ob_measure_row *row)
{
	int ngroups = m->deprivation == OB_DEPRIVATION_DECILE ? 10 : 5;
	struct ob_le_by_deprivation by;
	const struct ob_le_group *le = by.groups;
	struct ob_sii_quantile q[OB_DEPRIVATION_MAX_GROUPS];
	struct ob_conf_levels conf;
	double total_deaths = 0;
	struct ob_error err;

	metric_conf(m, &conf);
	life_expectancy_groups(mod, m, year, ngroups, &conf, &by);
	for (int g = 0; g < ngroups; g++)
		total_deaths += le[g].deaths;
	row->people = (long)total_deaths;
	row->est.value = NAN;
	for (int g = 0; g < ngroups; g++) {
		if (le[g].why) {
			row->status = OB_MEASURE_SUPPRESSED;
			row->why = le[g].why;
			return;
		}
	}
	row->status = OB_MEASURE_OK;
	row->est.count = total_deaths;
	row->est.denominator = 0;
	for (int g = 0; g < ngroups; g++)
		row->est.denominator += le[g].person_years;
	row->est.nlevels = conf.n;
	if (m->method == OB_METHOD_LIFE_EXPECTANCY_GAP) {
		const struct ob_estimate *lo = &le[0].le,
					 *hi = &le[ngroups - 1].le;
		row->est.value = hi->value - lo->value;
		for (size_t k = 0; k < conf.n; k++) {
			/* Each interval is e -+ z sd: recover sd from it. */
			double z = ob_conf_z(conf.level[k]);
			double sd_hi = (hi->ci[k].upper - hi->ci[k].lower) /
				       (2 * z),
			       sd_lo = (lo->ci[k].upper - lo->ci[k].lower) /
				       (2 * z);
			double sd = sqrt(sd_hi * sd_hi + sd_lo * sd_lo);
			row->est.level[k] = conf.level[k];
			row->est.ci[k].lower = row->est.value - z * sd;
			row->est.ci[k].upper = row->est.value + z * sd;
		}
		return;
	}
	{
		struct ob_sii_result r;
		for (int g = 0; g < ngroups; g++) {
			double z = ob_conf_z(0.95);
			q[g].pop = le[g].person_years;
			q[g].value = le[g].le.value;
			q[g].se = (le[g].le.ci[0].upper - le[g].le.ci[0].lower) /
				  (2 * z);
		}
		if (ob_sii(q, (size_t)ngroups, OB_SII_POP, &conf, &r, &err)) {
			row->status = OB_MEASURE_SUPPRESSED;
			row->why = "the slope index could not be fitted";
			return;
		}
		row->est.value = r.sii;
		for (size_t k = 0; k < conf.n; k++) {
			row->est.level[k] = conf.level[k];
			row->est.ci[k] = r.sii_ci[k];
		}
	}
}

static int by_unit_name(const void *a, const void *b)
{
	return strcmp(((const struct acc *)a)->name,
		      ((const struct acc *)b)->name);
}

static struct ob_measure_row *new_row(struct ob_measures *ms, size_t *cap)
{
	if (ms->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct ob_measure_row *r =
			realloc(ms->rows, ncap * sizeof(*r));
		if (!r)
			return NULL;
		ms->rows = r;
		*cap = ncap;
	}
	memset(&ms->rows[ms->n], 0, sizeof(ms->rows[0]));
	ms->rows[ms->n].prev_value = NAN;
	return &ms->rows[ms->n++];
}

static enum ob_status one_metric(const struct ob_model *mod,
				 const struct ob_metric *m, ob_fy year,
				 enum ob_measure_unit unit,
				 const int32_t *row_of, struct ob_measures *ms,
				 size_t *cap)
{
	struct units u;
	struct acc total;
	enum ob_quantity need[2] = { m->numerator, m->denominator };
	struct ob_measure_row *row;

	memset(&u, 0, sizeof(u));
	ob_strmap_init(&u.index);
	if (m->method == OB_METHOD_LIFE_EXPECTANCY_GAP ||
	    m->method == OB_METHOD_SII) {
		row = new_row(ms, cap);
		if (!row)
			return OB_ENOMEM;
		row->metric = m;
		if (unit != OB_UNIT_MCP) {
			snprintf(row->unit, sizeof(row->unit), "-");
			row->status = OB_MEASURE_MISSING;
			row->why = "life tables by deprivation are computed for "
				   "the whole MCP only";
			row->est.value = NAN;
			return OB_OK;
		}
		snprintf(row->unit, sizeof(row->unit), "MCP");
		life_expectancy_metric(mod, m, year, row);
		return OB_OK;
	}
	if (m->method == OB_METHOD_SHARE && m->pathway != OB_PATHWAY_NONE) {
		accumulate_pathway(mod, m, year, unit, &u);
	} else if (!is_survey(m)) {
		for (int k = 0; k < 2; k++) {
			if (person_year_quantity(need[k]))
				continue;
			row = new_row(ms, cap);
			if (!row)
				return OB_ENOMEM;
			row->metric = m;
			snprintf(row->unit, sizeof(row->unit), "-");
			row->status = OB_MEASURE_MISSING;
			row->why = missing_reason(need[k]);
			row->est.value = NAN;
			return OB_OK;
		}
		accumulate_person_years(mod, m, year, unit, &u);
	} else if (accumulate_survey(mod, m, year, unit, row_of, &u)) {
		units_release(&u);
		return OB_ENOMEM;
	}
	if (!u.n) {
		row = new_row(ms, cap);
		if (!row) {
			units_release(&u);
			return OB_ENOMEM;
		}
		row->metric = m;
		snprintf(row->unit, sizeof(row->unit), "-");
		row->status = OB_MEASURE_MISSING;
		row->why = is_survey(m) ? "no answers to this survey question "
					  "in the year"
					: "nobody in the metric's population";
		row->est.value = NAN;
		units_release(&u);
		return OB_OK;
	}
	qsort(u.a, u.n, sizeof(*u.a), by_unit_name);
	memset(&total, 0, sizeof(total));
	for (size_t i = 0; i < u.n; i++)
		for (int k = 0; k < OB_ESP2013_BANDS; k++) {
			total.band_num[k] += u.a[i].band_num[k];
			total.band_den[k] += u.a[i].band_den[k];
		}
	for (size_t i = 0; i < u.n; i++) {
		row = new_row(ms, cap);
		if (!row) {
			units_release(&u);
			return OB_ENOMEM;
		}
		row->metric = m;
		snprintf(row->unit, sizeof(row->unit), "%s", u.a[i].name);
		row->people = u.a[i].n;
		estimate(m, &u.a[i], &total, row);
	}
	units_release(&u);
	return OB_OK;
}

/*
 * A gap metric (`minus`): its own value per unit minus the value of the
 * other metric for the same unit, in rows [first, ms->n).  Limits by
 * Newcombe's hybrid score method for a difference of proportions (method
 * 10 of Newcombe, Stat Med 1998;17:873-90; the MOVER form): with p1 in
 * (l1, u1) and p2 in (l2, u2), d = p1 - p2 lies in
 * (d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 +
 * (p2 - l2)^2)).
 */
static enum ob_status subtract(const struct ob_model *mod,
			       const struct ob_catalogue *cat,
			       const struct ob_metric *m, ob_fy year,
			       enum ob_measure_unit unit,
			       const int32_t *row_of, struct ob_measures *ms,
			       size_t first)
{
	const struct ob_metric *other = ob_catalogue_find(cat, m->minus);
	struct ob_measures o;
	size_t ocap = 0;
	enum ob_status st;

	memset(&o, 0, sizeof(o));
	if (!other)
		return OB_EINVAL; /* the catalogue checks this on loading */
	st = one_metric(mod, other, year, unit, row_of, &o, &ocap);
	for (size_t i = first; !st && i < ms->n; i++) {
		struct ob_measure_row *r = &ms->rows[i];
		const struct ob_measure_row *q = NULL;

		if (r->status != OB_MEASURE_OK)
			continue;
		for (size_t j = 0; j < o.n && !q; j++)
			if (!strcmp(o.rows[j].unit, r->unit))
				q = &o.rows[j];
		if (!q || q->status != OB_MEASURE_OK) {
			r->status = OB_MEASURE_MISSING;
			r->why = q && q->why ? q->why
					     : "the metric subtracted has no "
					       "value for this unit";
			r->est.value = NAN;
			continue;
		}
		for (size_t k = 0; k < r->est.nlevels; k++) {
			const struct ob_interval *c1 = &r->est.ci[k];
			const struct ob_interval *c2 = NULL;
			double p1 = r->est.value, p2 = q->est.value;

			for (size_t l = 0; l < q->est.nlevels; l++)
				if (q->est.level[l] == r->est.level[k])
					c2 = &q->est.ci[l];
			if (!c2) {
				r->est.ci[k].lower = r->est.ci[k].upper = NAN;
				continue;
			}
			r->est.ci[k].lower =
			    p1 - p2 -
			    sqrt((p1 - c1->lower) * (p1 - c1->lower) +
				 (c2->upper - p2) * (c2->upper - p2));
			r->est.ci[k].upper =
			    p1 - p2 +
			    sqrt((c1->upper - p1) * (c1->upper - p1) +
				 (p2 - c2->lower) * (p2 - c2->lower));
		}
		r->est.value -= q->est.value;
	}
	ob_measures_release(&o);
	return st;
}

enum ob_status ob_measures_compute(const struct ob_model *mod,
				   const struct ob_catalogue *cat, ob_fy year,
				   enum ob_measure_unit unit,
				   const char *metric_id,
				   struct ob_measures *out,
				   struct ob_error *err)
{
	int32_t *row_of;
	size_t cap = 0;
	enum ob_status st = OB_OK;
	int found = 0;

	memset(out, 0, sizeof(*out));
	out->year = year;
	out->unit = unit;
	row_of = ob_model_year_rows(mod, year);
	if (!row_of)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < cat->n && !st; i++) {
		size_t first = out->n;

		if (metric_id && strcmp(cat->metrics[i].id, metric_id))
			continue;
		found = 1;
		st = one_metric(mod, &cat->metrics[i], year, unit, row_of, out,
				&cap);
		if (!st && cat->metrics[i].minus)
			st = subtract(mod, cat, &cat->metrics[i], year, unit,
				      row_of, out, first);
	}
	free(row_of);
	if (st) {
		ob_measures_release(out);
		return ob_error_set(err, st, NULL, 0, 0, "out of memory");
	}
	if (!found) {
		ob_measures_release(out);
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "'%s' is not a metric of the catalogue",
				    metric_id);
	}
	return OB_OK;
}

static const struct ob_measure_row *find_row(const struct ob_measures *ms,
					     const struct ob_metric *m,
					     const char *unit)
{
	for (size_t i = 0; ms && i < ms->n; i++)
		if (!strcmp(ms->rows[i].metric->id, m->id) &&
		    !strcmp(ms->rows[i].unit, unit))
			return &ms->rows[i];
	return NULL;
}

static int has_interval(const struct ob_measure_row *r)
{
	return r && r->status == OB_MEASURE_OK && r->est.nlevels > 0 &&
	       !isnan(r->est.ci[0].lower) && !isnan(r->est.ci[0].upper);
}

static void funnel_of(struct ob_measure_row *r,
		      const struct ob_measure_row *b);

enum ob_status ob_measures_apply_budget(struct ob_measures *ms,
					const struct ob_budget *b)
{
	const struct ob_budget_unit *list = NULL;
	struct ob_budget_unit total;
	size_t n = 0, extra = 0;
	struct ob_measure_row *rows;

	switch (ms->unit) {
	case OB_UNIT_MCP:
		memset(&total, 0, sizeof(total));
		snprintf(total.name, sizeof(total.name), "MCP");
		for (size_t i = 0; i < b->n_pch; i++) {
			total.person_years += b->pch[i].person_years;
			total.capitation += b->pch[i].capitation;
			total.actual_cost += b->pch[i].actual_cost;
		}
		list = &total;
		n = 1;
		break;
	case OB_UNIT_LOCALITY:
		list = b->locality, n = b->n_locality;
		break;
	case OB_UNIT_PCH:
		list = b->pch, n = b->n_pch;
		break;
	case OB_UNIT_PRACTICE:
		list = b->practice, n = b->n_practice;
		break;
	case OB_UNIT_SEGMENT:
		list = b->segment, n = b->n_segment;
		break;
	case OB_UNIT_IMD:
		break;
	}
	if (ms->year != b->year)
		return OB_EINVAL;
	for (size_t i = 0; i < ms->n; i++)
		if (ms->rows[i].metric->denominator == OB_Q_BUDGET && n)
			extra += n - 1;
	rows = malloc((ms->n + extra ? ms->n + extra : 1) * sizeof(*rows));
	if (!rows)
		return OB_ENOMEM;
	extra = 0;
	for (size_t i = 0; i < ms->n; i++) {
		const struct ob_measure_row *r = &ms->rows[i];
		const struct ob_metric *m = r->metric;

		if (m->denominator != OB_Q_BUDGET) {
			rows[extra++] = *r;
			continue;
		}
		if (!n) {
			rows[extra] = *r;
			rows[extra++].why =
			    "the budget is not split by deprivation quintile";
			continue;
		}
		for (size_t u = 0; u < n; u++) {
			struct ob_measure_row *o = &rows[extra++];
			memset(o, 0, sizeof(*o));
			o->metric = m;
			o->prev_value = NAN;
			snprintf(o->unit, sizeof(o->unit), "%s", list[u].name);
			o->people = (long)(list[u].person_years + 0.5);
			o->est.count = (double)list[u].actual_cost;
			o->est.denominator = (double)list[u].capitation;
			if (list[u].capitation > 0) {
				o->status = OB_MEASURE_OK;
				o->est.value = o->est.count /
					       o->est.denominator *
					       m->multiplier;
			} else {
				o->status = OB_MEASURE_SUPPRESSED;
				o->why = "no capitation in this unit";
				o->est.value = NAN;
			}
		}
	}
	free(ms->rows);
	ms->rows = rows;
	ms->n = extra;
	return OB_OK;
}

void ob_measures_compare(struct ob_measures *cur,
			 const struct ob_measures *prev,
			 const struct ob_measures *mcp)
{
	for (size_t i = 0; i < cur->n; i++) {
		struct ob_measure_row *r = &cur->rows[i];
		const struct ob_measure_row *p = find_row(prev, r->metric,
							  r->unit);
		const struct ob_measure_row *b = find_row(mcp, r->metric,
							  "MCP");
		r->prev_value = p && p->status == OB_MEASURE_OK
					? p->est.value
					: NAN;
		r->trend = r->vs_mcp = OB_CMP_NONE;
		if (has_interval(r) && has_interval(p))
			r->trend = r->est.ci[0].lower > p->est.ci[0].upper
					   ? OB_CMP_HIGHER
				   : r->est.ci[0].upper < p->est.ci[0].lower
					   ? OB_CMP_LOWER
					   : OB_CMP_SIMILAR;
		if (has_interval(r) && b && b != r && strcmp(r->unit, "MCP") &&
		    b->status == OB_MEASURE_OK && !isnan(b->est.value)) {
			r->vs_mcp = r->est.ci[0].lower > b->est.value
					    ? OB_CMP_HIGHER
				    : r->est.ci[0].upper < b->est.value
					    ? OB_CMP_LOWER
					    : OB_CMP_SIMILAR;
			funnel_of(r, b);
		}
	}
}

/*
 * Funnel limits of a unit around the MCP value: Poisson for a rate per
 * person-year and for observed / expected (the denominator is then the
 * expected count), binomial for a proportion or share.  Limits are on the
 * metric's scale (times its multiplier).
 */
static void funnel_of(struct ob_measure_row *r, const struct ob_measure_row *b)
{
	double mult = r->metric->multiplier, target = b->est.value / mult;
	enum ob_funnel_kind kind;
	struct ob_error err;

	r->has_funnel = 0;
	switch (r->metric->method) {
	case OB_METHOD_CRUDE_RATE:
	case OB_METHOD_OBSERVED_EXPECTED:
	case OB_METHOD_ISR:
		kind = OB_FUNNEL_POISSON;
		break;
	case OB_METHOD_PROPORTION:
	case OB_METHOD_SHARE:
		kind = OB_FUNNEL_BINOMIAL;
		break;
	default:
		return;
	}
	if (r->metric->minus || !(r->est.denominator > 0) ||
	    ob_funnel(kind, target, r->est.denominator, &r->funnel, &err))
		return;
	r->funnel.lower95 *= mult;
	r->funnel.upper95 *= mult;
	r->funnel.lower998 *= mult;
	r->funnel.upper998 *= mult;
	r->funnel_position = ob_funnel_position(&r->funnel, r->est.value);
	r->has_funnel = 1;
}

const char *ob_funnel_word(const struct ob_measure_row *r)
{
	static const char *const words[5] = {
		"below 99.8%", "below 95%", "within", "above 95%",
		"above 99.8%",
	};

	if (!r->has_funnel || r->funnel_position < -2 ||
	    r->funnel_position > 2)
		return "";
	return words[r->funnel_position + 2];
}

const char *ob_comparison_word(const struct ob_measure_row *r,
			       enum ob_comparison c)
{
	enum ob_direction d = r->metric->direction;

	switch (c) {
	case OB_CMP_NONE:
		return "";
	case OB_CMP_SIMILAR:
		return "similar";
	case OB_CMP_HIGHER:
		return d == OB_HIGHER_IS_BETTER  ? "better"
		       : d == OB_LOWER_IS_BETTER ? "worse"
						 : "higher";
	case OB_CMP_LOWER:
		return d == OB_HIGHER_IS_BETTER  ? "worse"
		       : d == OB_LOWER_IS_BETTER ? "better"
						 : "lower";
	}
	return "";
}

void ob_measures_release(struct ob_measures *ms)
{
	free(ms->rows);
	ms->rows = NULL;
	ms->n = 0;
}

void ob_measures_publish(struct ob_measures *ms)
{
	for (size_t i = 0; i < ms->n; i++) {
		struct ob_measure_row *r = &ms->rows[i];
		int counted = r->metric->method != OB_METHOD_PER_PERSON_YEAR &&
			      r->metric->method != OB_METHOD_RATIO;
		if (r->status != OB_MEASURE_OK)
			continue;
		if ((r->people >= 1 && r->people <= 7) ||
		    (counted && r->est.count >= 1 && r->est.count <= 7)) {
			r->status = OB_MEASURE_DISCLOSIVE;
			r->why = "count of 1 to 7 suppressed for publication";
			r->est.value = NAN;
			r->est.count = NAN;
		} else if (counted) {
			r->est.count = 5 * floor(r->est.count / 5 + 0.5);
		}
	}
}

static const char *status_name(enum ob_measure_status s)
{
	switch (s) {
	case OB_MEASURE_OK:
		return "ok";
	case OB_MEASURE_SUPPRESSED:
		return "suppressed";
	case OB_MEASURE_MISSING:
		return "missing";
	case OB_MEASURE_DISCLOSIVE:
		return "suppressed";
	}
	return "?";
}

static void write_json(const struct ob_measures *ms, FILE *out)
{
	char fy[8];

	ob_fy_format(ms->year, fy);
	fprintf(out, "{\"year\": \"%s\", \"measures\": [", fy);
	for (size_t i = 0; i < ms->n; i++) {
		const struct ob_measure_row *r = &ms->rows[i];
		const struct ob_estimate *e = &r->est;
		int ok = r->status != OB_MEASURE_MISSING;

		fputs(i ? ",\n  {" : "\n  {", out);
		fputs("\"metric\": ", out);
		ob_json_string(out, r->metric->id);
		fputs(", \"unit\": ", out);
		ob_json_string(out, r->unit);
		fputs(", \"status\": ", out);
		ob_json_string(out, status_name(r->status));
		fputs(", \"numerator\": ", out);
		ob_json_number(out, ok ? e->count : NAN);
		fputs(", \"denominator\": ", out);
		ob_json_number(out, ok ? e->denominator : NAN);
		fputs(", \"value\": ", out);
		ob_json_number(out, r->status == OB_MEASURE_OK ? e->value : NAN);
		fputs(", \"limits\": [", out);
		for (size_t k = 0; r->status == OB_MEASURE_OK && k < e->nlevels;
		     k++) {
			fprintf(out, "%s{\"level\": %g, \"lower\": ",
				k ? ", " : "", e->level[k]);
			ob_json_number(out, e->ci[k].lower);
			fputs(", \"upper\": ", out);
			ob_json_number(out, e->ci[k].upper);
			fputc('}', out);
		}
		fputs("], \"previous_value\": ", out);
		ob_json_number(out, r->prev_value);
		fputs(", \"change_from_previous\": ", out);
		ob_json_string(out, ob_comparison_word(r, r->trend));
		fputs(", \"compared_with_mcp\": ", out);
		ob_json_string(out, ob_comparison_word(r, r->vs_mcp));
		fputs(", \"funnel\": ", out);
		if (r->has_funnel) {
			fputs("{\"lower_95\": ", out);
			ob_json_number(out, r->funnel.lower95);
			fputs(", \"upper_95\": ", out);
			ob_json_number(out, r->funnel.upper95);
			fputs(", \"lower_99_8\": ", out);
			ob_json_number(out, r->funnel.lower998);
			fputs(", \"upper_99_8\": ", out);
			ob_json_number(out, r->funnel.upper998);
			fputs(", \"position\": ", out);
			ob_json_string(out, ob_funnel_word(r));
			fputc('}', out);
		} else {
			fputs("null", out);
		}
		fputs(", \"note\": ", out);
		ob_json_string(out, r->why ? r->why : "");
		fputc('}', out);
	}
	fputs("]}\n", out);
}

/* A number and a comma; nothing before the comma when it is not finite. */
static void csv_number(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.10g,", v);
	else
		fputc(',', out);
}

enum ob_status ob_measures_write(const struct ob_measures *ms,
				 enum ob_measures_format format, FILE *out,
				 struct ob_error *err)
{
	int csv = format == OB_MEASURES_CSV;
	char fy[8];

	if (format == OB_MEASURES_JSON) {
		write_json(ms, out);
		return ferror(out) ? ob_error_set(err, OB_EIO, NULL, 0, 0,
						  "write failed")
				   : OB_OK;
	}
	ob_fy_format(ms->year, fy);
	if (csv)
		fprintf(out, "metric,unit,status,numerator,denominator,value,"
			     "lower,upper,level,previous_value,"
			     "change_from_previous,compared_with_mcp,"
			     "funnel_lower_95,funnel_upper_95,"
			     "funnel_lower_99_8,funnel_upper_99_8,funnel,"
			     "note\n");
	else
		fprintf(out, "measures, %s (value with the first confidence "
			     "level's limits; change from the previous year and "
			     "comparison with the MCP at 95%%; position in the "
			     "MCP's funnel)\n\n%-32s %-18s "
			     "%11s %11s %11s %11s %11s %11s %-8s %-8s %-11s "
			     "%s\n",
			fy, "metric", "unit", "numerator", "denominator",
			"value", "lower", "upper", "previous", "change",
			"vs MCP", "funnel", "note");
	for (size_t i = 0; i < ms->n; i++) {
		const struct ob_measure_row *r = &ms->rows[i];
		const struct ob_estimate *e = &r->est;
		double lo = e->nlevels ? e->ci[0].lower : NAN,
		       hi = e->nlevels ? e->ci[0].upper : NAN;
		if (r->status != OB_MEASURE_OK)
			lo = hi = NAN;
		if (csv) {
			struct ob_buf note = OB_BUF_INIT;
			const char *w = r->why ? r->why : "";
			ob_csv_add_field(&note, w, strlen(w));
			fprintf(out, "%s,%s,%s,", r->metric->id, r->unit,
				status_name(r->status));
			if (r->status == OB_MEASURE_MISSING) {
				fprintf(out, ",,,,,,,,,,,,,,%s\n", note.data);
			} else {
				csv_number(out, e->count);
				csv_number(out, e->denominator);
				csv_number(out, e->value);
				csv_number(out, lo);
				csv_number(out, hi);
				csv_number(out, e->nlevels ? e->level[0] : NAN);
				csv_number(out, r->prev_value);
				fprintf(out, "%s,%s,",
					ob_comparison_word(r, r->trend),
					ob_comparison_word(r, r->vs_mcp));
				if (r->has_funnel)
					fprintf(out, "%.10g,%.10g,%.10g,%.10g,",
						r->funnel.lower95,
						r->funnel.upper95,
						r->funnel.lower998,
						r->funnel.upper998);
				else
					fputs(",,,,", out);
				fprintf(out, "%s,%s\n", ob_funnel_word(r),
					note.data);
			}
			ob_buf_release(&note);
			continue;
		}
		if (r->status == OB_MEASURE_MISSING) {
			fprintf(out, "%-32.32s %-18.18s %11s %11s %11s %11s "
				     "%11s %11s %-8s %-8s %-11s %s: %s\n",
				r->metric->id, r->unit, "-", "-", "-", "-", "-",
				"-", "", "", "", status_name(r->status),
				r->why);
			continue;
		}
		fprintf(out, "%-32.32s %-18.18s %11.6g %11.6g %11.6g %11.6g "
			     "%11.6g %11.6g %-8s %-8s %-11s %s\n",
			r->metric->id, r->unit, e->count, e->denominator,
			e->value, lo, hi, r->prev_value,
			ob_comparison_word(r, r->trend),
			ob_comparison_word(r, r->vs_mcp), ob_funnel_word(r),
			r->why ? r->why : "");
	}
	if (ferror(out))
		return ob_error_set(err, OB_EIO, NULL, 0, 0, "write failed");
	return OB_OK;
}

/* ---- bootstrap ---------------------------------------------------------- */

enum ob_status ob_measures_bootstrap(const struct ob_model *mod,
				     const struct ob_metric *m, ob_fy year,
				     enum ob_measure_unit unit,
				     const char *unit_name, size_t n,
				     struct ob_rng *rng, double *values,
				     struct ob_error *err)
{
	struct records rec = { 0 };
	struct units u;
	enum ob_status st = OB_OK;
	int32_t *row_of = NULL;

	switch (m->method) {
	case OB_METHOD_CRUDE_RATE:
	case OB_METHOD_PROPORTION:
	case OB_METHOD_SHARE:
	case OB_METHOD_PER_PERSON_YEAR:
	case OB_METHOD_OBSERVED_EXPECTED:
	case OB_METHOD_RATIO:
	case OB_METHOD_MEAN:
	case OB_METHOD_DSR:
		break;
	default:
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "metric '%s': its method has no bootstrap "
				    "(life tables, ISR, gaps)",
				    m->id);
	}
	if (m->minus)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "metric '%s' is a difference of metrics: "
				    "no bootstrap",
				    m->id);
	memset(&u, 0, sizeof(u));
	ob_strmap_init(&u.index);
	u.keep = unit_name;
	u.rec = &rec;
	if (m->method == OB_METHOD_SHARE && m->pathway != OB_PATHWAY_NONE) {
		accumulate_pathway(mod, m, year, unit, &u);
	} else if (!is_survey(m)) {
		if (!person_year_quantity(m->numerator) ||
		    !person_year_quantity(m->denominator))
			st = ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					  "metric '%s': its data is missing",
					  m->id);
		else
			accumulate_person_years(mod, m, year, unit, &u);
	} else {
		row_of = ob_model_year_rows(mod, year);
		if (!row_of) {
			u.oom = 1;
		} else {
			if (accumulate_survey(mod, m, year, unit, row_of, &u))
				u.oom = 1;
		}
	}
	if (!st && u.oom)
		st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				  "out of memory keeping records");
	if (!st && !rec.n)
		st = ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				  "metric '%s' has no records in unit '%s' "
				  "in the year",
				  m->id, unit_name);
	for (size_t r = 0; !st && r < n; r++) {
		double num = 0, den = 0;
		double bn[OB_ESP2013_BANDS] = { 0 }, bd[OB_ESP2013_BANDS] = { 0 };

		for (size_t k = 0; k < rec.n; k++) {
			size_t i = (size_t)ob_rng_below(rng, rec.n);
			num += rec.num[i];
			den += rec.den[i];
			if (m->method == OB_METHOD_DSR) {
				bn[rec.band[i]] += rec.num[i];
				bd[rec.band[i]] += rec.den[i];
			}
		}
		if (m->method == OB_METHOD_DSR) {
			double v = 0, w = 0;
			for (int b = 0; b < OB_ESP2013_BANDS; b++) {
				w += ob_esp2013[b];
				if (bd[b] > 0)
					v += ob_esp2013[b] * bn[b] / bd[b];
			}
			values[r] = v / w * m->multiplier;
		} else if (m->method == OB_METHOD_SHARE) {
			values[r] = num + den > 0 ? num / (num + den) *
							    m->multiplier
						  : NAN;
		} else {
			values[r] = den > 0 ? num / den * m->multiplier : NAN;
		}
	}
	free(row_of);
	free(rec.num);
	free(rec.den);
	free(rec.band);
	units_release(&u);
	return st;
}
