/*
 * derive.c - the person-year derivation: one pass per person over their
 * registrations, conditions and events, in date order; see person_year.h
 * and docs/person-year.md.
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "onebudget/person_year.h"

void ob_derive_options_init(struct ob_derive_options *o)
{
	memset(o, 0, sizeof(*o));
	o->ref_month = 9;
	o->ref_day = 30;
}

void ob_person_years_release(struct ob_person_years *py)
{
	free(py->rows);
	py->rows = NULL;
	py->n = py->cap = 0;
}

/* The data years are those with events: registrations reach back decades,
 * so they would open years that have no activity at all. */
void ob_dataset_years(const struct ob_dataset *ds, ob_fy *first, ob_fy *last)
{
	ob_date lo, hi;

	if (!ds->nact) {
		*first = *last = 0;
		return;
	}
	lo = hi = ds->act_from[0];
	for (size_t i = 1; i < ds->nact; i++) {
		if (ds->act_from[i] < lo)
			lo = ds->act_from[i];
		if (ds->act_from[i] > hi)
			hi = ds->act_from[i];
	}
	*first = ob_fy_of(lo);
	*last = ob_fy_of(hi);
}

/* Days of [a0, a1] and [b0, b1] in common (inclusive bounds). */
static int overlap(ob_date a0, ob_date a1, ob_date b0, ob_date b1)
{
	ob_date lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;

	return hi >= lo ? (int)(hi - lo + 1) : 0;
}

/* A set of days of one financial year (at most 366). */
struct dayset {
	uint64_t w[6];
};

static void days_add(struct dayset *s, ob_date y0, ob_date from, ob_date to)
{
	for (ob_date d = from; d <= to; d++) {
		int i = (int)(d - y0);
		if (i >= 0 && i < 366)
			s->w[i >> 6] |= (uint64_t)1 << (i & 63);
	}
}

static int days_count(const struct dayset *s)
{
	int n = 0;

	for (int i = 0; i < 6; i++)
		n += __builtin_popcountll(s->w[i]);
	return n;
}

struct derive_ctx {
	const struct ob_dataset *ds;
	const struct ob_derive_options *opt;
	const struct ob_code_props *props; /* per distinct code */
	ob_fy first, last;
	ob_date data_end;
	size_t p0, p1;
	struct ob_person_years out;
	enum ob_status status;
};

static struct ob_person_year *emit(struct derive_ctx *c)
{
	struct ob_person_years *o = &c->out;

	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4096;
		struct ob_person_year *r = realloc(o->rows, cap * sizeof(*r));
		if (!r)
			return NULL;
		o->rows = r;
		o->cap = cap;
	}
	memset(&o->rows[o->n], 0, sizeof(o->rows[0]));
	return &o->rows[o->n++];
}

/* End of an event for pro-rating and stays: its end date, or for an open
 * placement the person's death or the end of the data. */
static ob_date event_end(const struct derive_ctx *c, size_t e, size_t p)
{
	ob_date end = c->ds->act_to[e];

	if (end == OB_DATE_NONE) {
		end = c->data_end;
		if (c->ds->death[p] != OB_DATE_NONE && c->ds->death[p] < end)
			end = c->ds->death[p];
	}
	return end < c->ds->act_from[e] ? c->ds->act_from[e] : end;
}

/* The part of an event's cost that falls in [y0, y1]: placements and
 * packages are spread over their days by cumulative rounding, so the
 * parts of all years add up to the cost exactly; other events count in
 * the year they start. */
static ob_pence cost_in_year(const struct derive_ctx *c, size_t e, size_t p,
			     ob_date y0, ob_date y1)
{
	const struct ob_dataset *ds = c->ds;
	ob_date from = ds->act_from[e], to;
	__int128 total, before, through;

	if (ds->act_setting[e] != OB_SET_CARE_HOME &&
	    ds->act_setting[e] != OB_SET_SOCIAL_CARE)
		return from >= y0 && from <= y1 ? ds->act_cost[e] : 0;
	to = event_end(c, e, p);
	total = (__int128)(to - from + 1);
	before = y0 > from ? (y0 - from < total ? y0 - from : total) : 0;
	through = y1 >= from ? (y1 - from + 1 < total ? y1 - from + 1 : total)
			     : 0;
	return (ob_pence)((__int128)ds->act_cost[e] * through / total -
			  (__int128)ds->act_cost[e] * before / total);
}

/* Does emergency admission `e` count as a chronic ACSC admission? */
static int is_acsc(const struct derive_ctx *c, size_t e)
{
	return c->opt->acsc && ob_acsc_event(c->opt->acsc, c->ds, e) >= 0;
}

static void derive_person(struct derive_ctx *c, size_t p)
{
	const struct ob_dataset *ds = c->ds;
	const struct ob_derive_options *opt = c->opt;
	uint32_t conditions = 0, charlson = 0;
	uint64_t efi = 0;
	int has_primary_care = 0, care_plan = 0;
	size_t ci = ds->cond_start[p], ce = ds->cond_start[p + 1];
	size_t ai = ds->act_start[p], ae = ds->act_start[p + 1];
	size_t acum = ai; /* events whose codes are already in the sets */

	for (ob_fy fy = c->first; fy <= c->last; fy++) {
		ob_date y0 = ob_fy_start(fy), y1 = ob_fy_end(fy);
		ob_date a0 = ds->birth[p] > y0 ? ds->birth[p] : y0;
		ob_date a1 = ds->death[p] != OB_DATE_NONE && ds->death[p] < y1
				     ? ds->death[p]
				     : y1;
		ob_date ref = ob_date_from_ymd(opt->ref_month >= 4 ? fy : fy + 1,
					       opt->ref_month, opt->ref_day);
		struct ob_person_year *py;
		struct dayset present = { { 0 } }, bedded = { { 0 } };
		uint32_t in_year = 0;
		int best_days = -1, nspells = 0;
		struct ob_segment_facts f;

		if (a1 < a0)
			continue;
		py = emit(c);
		if (!py) {
			c->status = OB_ENOMEM;
			return;
		}
		py->person = (uint32_t)p;
		py->year = fy;
		py->sex = ds->sex[p];
		py->lives_alone = ds->lives_alone[p];
		py->days_in_year = (int16_t)(y1 - y0 + 1);
		py->alive_days = (int16_t)(a1 - a0 + 1);
		py->died = ds->death[p] != OB_DATE_NONE && ds->death[p] >= y0 &&
			   ds->death[p] <= y1;
		py->alive_at_end = !py->died && ds->birth[p] <= y1;
		py->age = (int16_t)ob_age_on(ds->birth[p], ref);
		if (py->age < 0)
			py->age = 0;
		py->practice = py->pch = -1;

		/* Registrations: exposure and the year's practice. */
		for (size_t r = ds->reg_start[p]; r < ds->reg_start[p + 1];
		     r++) {
			ob_date to = ds->reg_to[r] == OB_DATE_NONE
					     ? y1
					     : ds->reg_to[r];
			int d = overlap(ds->reg_from[r], to, a0, a1);
			int32_t pr = ds->reg_practice[r];

			nspells++;
			if (!d)
				continue;
			py->exposure_days = (int16_t)(py->exposure_days + d);
			if (pr >= 0 && ds->practice_pch[pr] >= 0)
				py->mcp_days = (int16_t)(py->mcp_days + d);
			days_add(&present, y0,
				 ds->reg_from[r] > a0 ? ds->reg_from[r] : a0,
				 to < a1 ? to : a1);
			/* The spell holding the reference date wins outright;
			 * otherwise the one with the most days. */
			if (ref >= ds->reg_from[r] && ref <= to && ref <= a1) {
				py->practice = pr;
				best_days = INT_MAX;
			} else if (d > best_days) {
				py->practice = pr;
				best_days = d;
			}
		}
		if (py->practice >= 0) {
			py->pch = ds->practice_pch[py->practice];
			py->locality = py->pch >= 0 ? ds->pch_locality[py->pch]
						    : OB_LOC_NONE;
		}
		py->area = ds->person_area[p];
		if (py->area >= 0) {
			py->la = ds->area_la[py->area];
			py->imd_decile = ds->area_imd_decile[py->area];
			py->imd_quintile = (uint8_t)((py->imd_decile + 1) / 2);
			if (ds->area_locality[py->area] != OB_LOC_NONE)
				py->resident_days =
					nspells ? py->exposure_days
						: py->alive_days;
		} else {
			py->la = -1;
		}
		if (!py->exposure_days && !py->resident_days) {
			c->out.n--; /* neither registered nor resident */
			continue;
		}
		if (!nspells)
			days_add(&present, y0, a0, a1);

		/* Conditions recorded up to the year end. */
		for (; ci < ce && ds->cond_date[ci] <= y1; ci++) {
			const struct ob_code_props *cp =
				&c->props[ds->cond_code[ci]];
			conditions |= cp->conditions;
			charlson |= cp->charlson;
			efi |= cp->efi_deficits;
			care_plan |= cp->care_plan;
			if (ds->code_system[ds->cond_code[ci]] ==
			    OB_CODE_SNOMED)
				has_primary_care = 1;
			if (ds->cond_date[ci] >= y0)
				in_year |= cp->conditions;
		}
		/* Hospital diagnoses up to the year end. */
		for (; acum < ae && ds->act_from[acum] <= y1; acum++) {
			for (uint32_t k = ds->act_diag[acum];
			     k < ds->act_diag[acum + 1]; k++) {
				const struct ob_code_props *cp =
					&c->props[ds->diag_code[k]];
				conditions |= cp->conditions;
				charlson |= cp->charlson;
				if (ds->act_from[acum] >= y0)
					in_year |= cp->conditions;
			}
		}
		py->conditions = conditions;
		py->care_plan = (uint8_t)care_plan;
		py->charlson_categories = charlson;
		py->charlson = (uint8_t)ob_charlson_score(charlson,
							  OB_CHARLSON_1987);
		py->charlson_quan = (uint8_t)ob_charlson_score(
			charlson, OB_CHARLSON_QUAN_2011);
		py->efi_deficits = has_primary_care
					   ? (int8_t)__builtin_popcountll(efi)
					   : -1;
		py->efi_band = (uint8_t)ob_efi_band_of(
			py->efi_deficits < 0 ? 0 : py->efi_deficits);

		/* Events: this year's, and the HFRS look-back of two years
		 * (Gilbert et al. 2018: the index year and the one before). */
		{
			ob_date lb = ob_fy_start(fy - 1);
			uint64_t hfrs_seen[4] = { 0 };
			double hfrs = 0;

			for (size_t e = ai; e < ae && ds->act_from[e] <= y1;
			     e++) {
				int s = ds->act_setting[e];
				ob_date from = ds->act_from[e];

				if (s == OB_SET_ADMITTED && from >= lb) {
					for (uint32_t k = ds->act_diag[e];
					     k < ds->act_diag[e + 1]; k++) {
						const struct ob_code_props *cp =
							&c->props[ds->diag_code
									  [k]];
						int h = cp->hfrs_category;
						if (h < 0 || h >= 256 ||
						    (hfrs_seen[h >> 6] >>
						     (h & 63)) & 1)
							continue;
						hfrs_seen[h >> 6] |=
							(uint64_t)1 << (h & 63);
						hfrs += cp->hfrs_points;
					}
				}
				/* Costs, including the parts of long
				 * placements that started earlier. */
				{
					ob_pence part =
						cost_in_year(c, e, p, y0, y1);
					py->cost[s] += part;
					py->cost_total += part;
				}
				if (s == OB_SET_ADMITTED ||
				    s == OB_SET_CARE_HOME) {
					ob_date end = event_end(c, e, p);
					if (s == OB_SET_ADMITTED &&
					    end >= y0 && end > from)
						py->bed_days = (int16_t)(
							py->bed_days +
							overlap(from, end - 1,
								y0, y1));
					if (s == OB_SET_ADMITTED && end > from)
						days_add(&bedded, y0, from,
							 end - 1);
					if (s == OB_SET_CARE_HOME &&
					    ds->act_permanent[e] != 1 &&
					    end > from)
						days_add(&bedded, y0, from,
							 end - 1);
					if (s == OB_SET_ADMITTED &&
					    ds->act_to[e] != OB_DATE_NONE &&
					    ds->act_to[e] >= y0 &&
					    ds->act_to[e] <= y1)
						py->delayed_days = (int16_t)(
							py->delayed_days +
							ds->act_delayed[e]);
					if (s == OB_SET_CARE_HOME &&
					    ds->act_permanent[e] == 1 &&
					    end >= y0)
						py->in_care_home = 1;
				}
				if (from < y0)
					continue;
				switch (s) {
				case OB_SET_ADMITTED:
					switch (ds->act_admission[e]) {
					case OB_ADM_EMERGENCY:
						py->emergency_admissions++;
						if (is_acsc(c, e))
							py->acsc_admissions++;
						break;
					case OB_ADM_ELECTIVE:
						py->elective_admissions++;
						break;
					case OB_ADM_MATERNITY:
						py->maternity_admissions++;
						break;
					default:
						py->other_admissions++;
					}
					break;
				case OB_SET_AE:
					py->ae_attendances++;
					break;
				case OB_SET_OUTPATIENT:
					py->outpatient_attendances++;
					break;
				case OB_SET_COMMUNITY:
					py->community_contacts++;
					break;
				case OB_SET_MENTAL_HEALTH:
					py->mental_health_contacts++;
					break;
				case OB_SET_PRIMARY_CARE:
					py->primary_care_contacts++;
					break;
				case OB_SET_CARE_HOME:
					if (ds->act_permanent[e] == 1)
						py->care_home_admission = 1;
					break;
				default:
					break;
				}
			}
			py->hfrs = (float)hfrs;
			py->hfrs_band = (uint8_t)ob_hfrs_band_of(hfrs);
		}
		/* Days at home: present days not spent in bedded care. */
		for (int w = 0; w < 6; w++)
			present.w[w] &= ~bedded.w[w];
		py->days_at_home = (int16_t)days_count(&present);

		/* Segment. */
		memset(&f, 0, sizeof(f));
		f.age = py->age;
		f.sex = py->sex;
		f.conditions = py->conditions;
		f.conditions_in_year = in_year;
		f.hfrs = py->hfrs;
		f.efi_deficits = py->efi_deficits < 0 ? 0 : py->efi_deficits;
		f.died_in_year = py->died;
		f.days_to_death = ds->death[p] == OB_DATE_NONE
					  ? -1
					  : (int)(ds->death[p] - y1);
		f.emergency_admissions = py->emergency_admissions;
		f.elective_admissions = py->elective_admissions;
		f.ae_attendances = py->ae_attendances;
		f.maternity_admissions = py->maternity_admissions;
		f.in_care_home = py->in_care_home;
		py->segment =
			(uint8_t)ob_segment_assign(opt->segments, &f, NULL);
	}
}

static void *derive_range(void *arg)
{
	struct derive_ctx *c = arg;

	for (size_t p = c->p0; p < c->p1 && !c->status; p++)
		derive_person(c, p);
	return NULL;
}

enum ob_status ob_derive(const struct ob_dataset *ds,
			 const struct ob_derive_options *opts,
			 struct ob_person_years *out, struct ob_error *err)
{
	struct ob_code_props *props;
	struct derive_ctx *ctx;
	pthread_t tid[16];
	ob_fy first = opts->first_year, last = opts->last_year;
	long nthreads = opts->threads;
	enum ob_status st = OB_OK;
	size_t total = 0;

	memset(out, 0, sizeof(*out));
	if (!opts->codelists || !opts->segments)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "derivation needs code lists and segment "
				    "rules");
	if (!first || !last) {
		ob_fy f, l;
		ob_dataset_years(ds, &f, &l);
		if (!first)
			first = f;
		if (!last)
			last = l;
	}
	if (!first || last < first)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "the extract has no financial years with "
				    "events to derive");
	if (nthreads <= 0)
		nthreads = sysconf(_SC_NPROCESSORS_ONLN);
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > 16)
		nthreads = 16;
	if ((size_t)nthreads > ds->npersons / 1000 + 1)
		nthreads = (long)(ds->npersons / 1000 + 1);

	/* Code-list properties once per distinct code. */
	props = calloc(ds->ncodes ? ds->ncodes : 1, sizeof(*props));
	ctx = calloc((size_t)nthreads, sizeof(*ctx));
	if (!props || !ctx) {
		free(props);
		free(ctx);
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < ds->ncodes; i++) {
		props[i].hfrs_category = -1;
		if (ds->code_system[i] == OB_CODE_OPCS4)
			continue;
		ob_code_lookup(opts->codelists, ds->code_system[i],
			       ds->code_text[i], strlen(ds->code_text[i]),
			       &props[i]);
	}
	for (long t = 0; t < nthreads; t++) {
		struct derive_ctx *c = &ctx[t];
		c->ds = ds;
		c->opt = opts;
		c->props = props;
		c->first = first;
		c->last = last;
		c->data_end = ob_fy_end(last);
		c->p0 = ds->npersons * (size_t)t / (size_t)nthreads;
		c->p1 = ds->npersons * (size_t)(t + 1) / (size_t)nthreads;
	}
	if (nthreads == 1) {
		derive_range(&ctx[0]);
	} else {
		long started = 0;
		for (; started < nthreads; started++)
			if (pthread_create(&tid[started], NULL, derive_range,
					   &ctx[started]))
				break;
		for (long t = 0; t < started; t++)
			pthread_join(tid[t], NULL);
		for (long t = started; t < nthreads; t++)
			derive_range(&ctx[t]);
	}
	for (long t = 0; t < nthreads; t++) {
		if (ctx[t].status)
			st = ctx[t].status;
		total += ctx[t].out.n;
	}
	if (!st) {
		out->rows = malloc((total ? total : 1) * sizeof(*out->rows));
		if (!out->rows)
			st = OB_ENOMEM;
	}
	/* Threads took consecutive person ranges, so concatenating keeps
	 * (person, year) order and the result does not depend on the
	 * number of threads. */
	for (long t = 0; t < nthreads; t++) {
		if (!st) {
			memcpy(out->rows + out->n, ctx[t].out.rows,
			       ctx[t].out.n * sizeof(*out->rows));
			out->n += ctx[t].out.n;
		}
		free(ctx[t].out.rows);
	}
	out->cap = out->n;
	out->first_year = first;
	out->last_year = last;
	free(props);
	free(ctx);
	if (st)
		return ob_error_set(err, st, NULL, 0, 0,
				    "out of memory deriving person-years");
	return OB_OK;
}
