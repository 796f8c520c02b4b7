/*
 * budget.c - the capitated budget of a contract year; see budget.h and
 * docs/budget.md.
 *
 * Three parts.  The bridge walks from the base year's budget lines to the
 * year's budget one named step at a time, each an integer number of pence
 * computed from the running total.  The capitation model is a weighted
 * least-squares regression of each person's annualised open-book cost in
 * scope on their characteristics of the year before (prospective), fitted
 * on the two years before the year priced and validated on the year
 * itself; its predictions, normalised by largest remainder, split the
 * capitated budget into per-person prices that sum to it exactly.  Unit
 * budgets are sums of prices, so they too add up exactly.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/budget.h"
#include "onebudget/json.h"
#include "onebudget/segment.h"

#include "onebudget/banned.h"

/* ---- least squares ---------------------------------------------------- */

enum ob_status ob_least_squares(double *a, const double *b, size_t k,
				double *beta, int *dropped,
				struct ob_error *err)
{
	double *z;

	/* In-place Cholesky a = L L' (lower triangle); a column whose pivot
	 * is not clearly positive is dropped (its row and column zeroed). */
	for (size_t j = 0; j < k; j++) {
		double d = a[j * k + j], scale = d;

		for (size_t p = 0; p < j; p++)
			d -= a[j * k + p] * a[j * k + p];
		if (dropped)
			dropped[j] = 0;
		if (!(d > 1e-9 * (scale > 1 ? scale : 1))) {
			for (size_t i = 0; i < k; i++)
				a[i * k + j] = a[j * k + i] = 0;
			a[j * k + j] = 1;
			if (dropped)
				dropped[j] = 1;
			continue;
		}
		a[j * k + j] = sqrt(d);
		for (size_t i = j + 1; i < k; i++) {
			double s = a[i * k + j];
			for (size_t p = 0; p < j; p++)
				s -= a[i * k + p] * a[j * k + p];
			a[i * k + j] = s / a[j * k + j];
		}
	}
	z = malloc((k ? k : 1) * sizeof(*z));
	if (!z)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory fitting the model");
	for (size_t i = 0; i < k; i++) {
		double s = (dropped && dropped[i]) ? 0 : b[i];
		for (size_t p = 0; p < i; p++)
			s -= a[i * k + p] * z[p];
		z[i] = (dropped && dropped[i]) ? 0 : s / a[i * k + i];
	}
	for (size_t i = k; i-- > 0;) {
		double s = z[i];
		for (size_t p = i + 1; p < k; p++)
			s -= a[p * k + i] * beta[p];
		beta[i] = (dropped && dropped[i]) ? 0 : s / a[i * k + i];
	}
	free(z);
	return OB_OK;
}

/* ---- scope and cost ---------------------------------------------------- */

/* The share of each setting's open-book cost that the lines in scope in
 * `year` fund: the largest share of a line in scope funding it. */
void ob_budget_setting_shares(const struct ob_contract *c, ob_fy year,
			      double f[OB_SET_COUNT])
{
	for (int s = 0; s < OB_SET_COUNT; s++)
		f[s] = 0;
	for (size_t i = 0; i < c->n_lines; i++) {
		const struct ob_budget_line *l = &c->lines[i];
		if (!ob_contract_line_in_scope(c, l, year))
			continue;
		for (int s = 0; s < OB_SET_COUNT; s++)
			if ((l->settings >> s) & 1 && l->share > f[s])
				f[s] = l->share;
	}
}

/* Open-book cost in scope of a person-year, pence. */
static double scope_cost(const struct ob_person_year *y,
			 const double f[OB_SET_COUNT])
{
	double v = 0;

	for (int s = 0; s < OB_SET_COUNT; s++)
		v += f[s] * (double)y->cost[s];
	return v;
}

static double exposure(const struct ob_person_year *y)
{
	return (double)y->mcp_days / y->days_in_year;
}

/* ---- the design ------------------------------------------------------- */

struct design {
	const struct ob_capitation_spec *spec;
	size_t k;
	/* first column of each block, or -1 when the block is off */
	int age_sex, deprivation, segment, conditions, alone, prior_cost,
	    prior_use, newcomer;
	char names[OB_CAPITATION_MAX_TERMS][48];
};

static int age_band(const struct ob_capitation_spec *s, int age)
{
	int b = 0;

	for (size_t i = 0; i < s->n_age_bands; i++)
		if (age >= s->age_bands[i])
			b = (int)i;
	return b;
}

static void band_label(const struct ob_capitation_spec *s, int b, char *out,
		       size_t size)
{
	if ((size_t)b + 1 < s->n_age_bands)
		snprintf(out, size, "%d-%d", s->age_bands[b],
			 s->age_bands[b + 1] - 1);
	else
		snprintf(out, size, "%d+", s->age_bands[b]);
}

static int add_term(struct design *d, const char *name)
{
	if (d->k >= OB_CAPITATION_MAX_TERMS)
		return -1;
	snprintf(d->names[d->k], sizeof(d->names[0]), "%s", name);
	return (int)d->k++;
}

/*
 * Columns: the intercept (a woman in the first age band in the least
 * deprived quintile, healthy, with no condition), then a block per
 * variable of the contract; the reference category of each block has no
 * column.  A person new to the MCP (no row the year before) has only the
 * age-sex terms and the `new to the MCP` term.
 */
static enum ob_status design_init(struct design *d,
				  const struct ob_capitation_spec *s,
				  struct ob_error *err)
{
	char label[48], band[24];
	unsigned v = s->variables;

	memset(d, 0, sizeof(*d));
	d->spec = s;
	d->age_sex = d->deprivation = d->segment = d->conditions = d->alone =
		d->prior_cost = d->prior_use = -1;
	add_term(d, "intercept");
	if (v & (1u << OB_CAPVAR_AGE_SEX)) {
		d->age_sex = (int)d->k;
		for (size_t b = 0; b < s->n_age_bands; b++)
			for (int sex = 1; sex <= 2; sex++) {
				if (b == 0 && sex == 2)
					continue; /* the reference cell */
				band_label(s, (int)b, band, sizeof(band));
				snprintf(label, sizeof(label), "%s %s",
					 sex == 1 ? "male" : "female", band);
				if (add_term(d, label) < 0)
					goto full;
			}
	}
	if (v & (1u << OB_CAPVAR_DEPRIVATION)) {
		d->deprivation = (int)d->k;
		for (int q = 1; q <= 4; q++) {
			snprintf(label, sizeof(label), "IMD quintile %d%s", q,
				 q == 1 ? " (most deprived)" : "");
			if (add_term(d, label) < 0)
				goto full;
		}
	}
	if (v & (1u << OB_CAPVAR_SEGMENT)) {
		d->segment = (int)d->k;
		for (int g = 2; g < OB_SEG_COUNT; g++) {
			snprintf(label, sizeof(label), "segment %s",
				 ob_segment_code((enum ob_segment)g));
			if (add_term(d, label) < 0)
				goto full;
		}
	}
	if (v & (1u << OB_CAPVAR_CONDITIONS)) {
		d->conditions = (int)d->k;
		for (int g = 0; g < OB_COND_COUNT; g++) {
			snprintf(label, sizeof(label), "condition %s",
				 ob_condition_name((enum ob_condition)g));
			if (add_term(d, label) < 0)
				goto full;
		}
	}
	if (v & (1u << OB_CAPVAR_LIVING_ALONE) &&
	    (d->alone = add_term(d, "lives alone")) < 0)
		goto full;
	if (v & (1u << OB_CAPVAR_PRIOR_COST) &&
	    (d->prior_cost = add_term(d, "prior-year cost (per pound)")) < 0)
		goto full;
	if (v & (1u << OB_CAPVAR_PRIOR_USE) &&
	    (d->prior_use = add_term(d, "prior-year emergency admissions")) <
		    0)
		goto full;
	if ((d->newcomer = add_term(d, "new to the MCP")) < 0)
		goto full;
	return OB_OK;
full:
	return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
			    "the capitation model has more than %d terms: use "
			    "fewer age bands or variables",
			    OB_CAPITATION_MAX_TERMS);
}

/* The row of a person priced in a year from their row of that year `cur`
 * (age and sex) and of the year before `prev` (NULL: new to the MCP). */
static void design_row(const struct design *d, const struct ob_person_year *cur,
		       const struct ob_person_year *prev,
		       const double f[OB_SET_COUNT], double *x)
{
	memset(x, 0, d->k * sizeof(*x));
	x[0] = 1;
	if (d->age_sex >= 0) {
		int b = age_band(d->spec, cur->age);
		int col = b == 0 ? (cur->sex == 1 ? 0 : -1)
				 : 1 + (b - 1) * 2 + (cur->sex == 1 ? 0 : 1);
		if (col >= 0)
			x[d->age_sex + col] = 1;
	}
	if (!prev) {
		x[d->newcomer] = 1;
		return;
	}
	if (d->deprivation >= 0 && prev->imd_quintile >= 1 &&
	    prev->imd_quintile <= 4)
		x[d->deprivation + prev->imd_quintile - 1] = 1;
	if (d->segment >= 0 && prev->segment >= 2 &&
	    prev->segment < OB_SEG_COUNT)
		x[d->segment + prev->segment - 2] = 1;
	if (d->conditions >= 0)
		for (int g = 0; g < OB_COND_COUNT; g++)
			if ((prev->conditions >> g) & 1)
				x[d->conditions + g] = 1;
	if (d->alone >= 0 && prev->lives_alone == 1)
		x[d->alone] = 1;
	if (d->prior_cost >= 0)
		x[d->prior_cost] = scope_cost(prev, f) / 100.0;
	if (d->prior_use >= 0)
		x[d->prior_use] = prev->emergency_admissions;
}

static double dot(const double *a, const double *b, size_t k)
{
	double s = 0;

	for (size_t i = 0; i < k; i++)
		s += a[i] * b[i];
	return s;
}

/* ---- year totals ------------------------------------------------------- */

/* Registered person-years of the MCP in a year. */
static double mcp_person_years(const struct ob_model *m, ob_fy year)
{
	double s = 0;

	for (size_t i = 0; i < m->py.n; i++)
		if (m->py.rows[i].year == year)
			s += exposure(&m->py.rows[i]);
	return s;
}

/* ---- the bridge -------------------------------------------------------- */

static struct ob_bridge_line *bridge_add(struct ob_budget *b,
					 enum ob_bridge_kind kind,
					 ob_pence amount, const char *name,
					 const char *how)
{
	struct ob_bridge_line *l;
	ob_pence before = b->n_bridge ? b->bridge[b->n_bridge - 1].running : 0;

	if (b->n_bridge >= OB_BRIDGE_MAX)
		return NULL;
	l = &b->bridge[b->n_bridge++];
	l->kind = kind;
	l->amount = amount;
	l->running = kind == OB_BRIDGE_TOTAL || kind == OB_BRIDGE_CAPITATION
			     ? before
			     : before + amount;
	if (kind == OB_BRIDGE_TOTAL || kind == OB_BRIDGE_CAPITATION)
		l->amount = before;
	snprintf(l->name, sizeof(l->name), "%s", name);
	snprintf(l->how, sizeof(l->how), "%s", how);
	return l;
}

static ob_pence running(const struct ob_budget *b)
{
	return b->n_bridge ? b->bridge[b->n_bridge - 1].running : 0;
}

/* A step that multiplies the running total by (1 + rate). */
static void bridge_rate(struct ob_budget *b, enum ob_bridge_kind kind,
			const char *what, ob_fy year, double rate)
{
	char name[96], how[160], fy[8];
	ob_pence r = running(b);
	ob_pence amount;

	rate += 0.0; /* -0 (a zero productivity negated) prints as +0 */
	amount = ob_pence_round((double)r * rate);

	ob_fy_format(year, fy);
	snprintf(name, sizeof(name), "%s %s (%+.2f%%)", what, fy,
		 rate * 100);
	snprintf(how, sizeof(how), "running total x %+.4f, to the penny",
		 rate);
	bridge_add(b, kind, amount, name, how);
}

/* Mean in-scope cost per person-year of each age band x sex x segment
 * cell in the base year, and the mix index of `year`: its person-years
 * priced at those means over its person-years. */
static double mix_index(const struct ob_model *m,
			const struct ob_capitation_spec *spec,
			const double *cell_mean, double overall, ob_fy year)
{
	double num = 0, den = 0;

	for (size_t i = 0; i < m->py.n; i++) {
		const struct ob_person_year *y = &m->py.rows[i];
		double e;
		size_t c;

		if (y->year != year || !(e = exposure(y)))
			continue;
		c = ((size_t)age_band(spec, y->age) * 2 + (y->sex == 1)) *
			    OB_SEG_COUNT +
		    y->segment;
		num += e * (cell_mean[c] >= 0 ? cell_mean[c] : overall);
		den += e;
	}
	return den > 0 ? num / den : NAN;
}

static enum ob_status build_bridge(const struct ob_contract *c,
				   const struct ob_model *m, ob_fy year,
				   struct ob_budget *b, struct ob_error *err)
{
	const struct ob_budget_line **scope;
	char how[160], name[96], fy[8], base_fy[8];
	ob_pence total = 0;
	size_t n;
	double agreed = 1, f[OB_SET_COUNT];

	ob_fy_format(c->base, base_fy);
	scope = malloc((c->n_lines ? c->n_lines : 1) * sizeof(*scope));
	if (!scope)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	n = ob_contract_scope(c, c->shadow, scope, &total);
	ob_fy_format(c->shadow, fy);
	snprintf(name, sizeof(name), "base: budget lines in scope from %s",
		 fy);
	snprintf(how, sizeof(how),
		 "%zu line%s at %s values, partly held lines at their share",
		 n, n == 1 ? "" : "s", base_fy);
	bridge_add(b, OB_BRIDGE_BASE, total, name, how);
	for (size_t i = 0; i < c->n_lines; i++) {
		const struct ob_budget_line *l = &c->lines[i];
		if (l->scope == OB_SCOPE_OUT || l->from <= c->shadow ||
		    l->from > year)
			continue;
		ob_fy_format(l->from, fy);
		snprintf(name, sizeof(name), "scope: %s from %s", l->id, fy);
		snprintf(how, sizeof(how), "%s%s%s at %s value x share %g",
			 l->name, l->variation ? ", variation " : "",
			 l->variation ? l->variation : "", base_fy, l->share);
		bridge_add(b, OB_BRIDGE_SCOPE, ob_budget_line_held_value(l),
			   name, how);
	}
	free(scope);
	for (ob_fy t = c->base + 1; t <= year; t++) {
		const struct ob_assumptions *a = ob_contract_assumptions(c, t);
		if (!a)
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "the contract has no assumptions "
					    "for a year of the bridge");
		bridge_rate(b, OB_BRIDGE_GROWTH, "population growth", t,
			    a->population_growth);
		agreed *= 1 + a->population_growth;
	}
	/* The actual change in registered person-years against the agreed
	 * growth. */
	{
		double py0 = mcp_person_years(m, c->base),
		       py1 = mcp_person_years(m, year);
		if (py0 > 0 && py1 > 0) {
			double adj = py1 / py0 / agreed - 1;
			ob_fy_format(year, fy);
			snprintf(name, sizeof(name),
				 "population: actual registered person-years "
				 "(%+.2f%%)", adj * 100);
			snprintf(how, sizeof(how),
				 "%.2f person-years in %s over %.2f in %s, "
				 "over the agreed x%.4f",
				 py1, fy, py0, base_fy, agreed);
			bridge_add(b, OB_BRIDGE_POPULATION,
				   ob_pence_round((double)running(b) * adj),
				   name, how);
		}
	}
	for (ob_fy t = c->base + 1; t <= year; t++)
		bridge_rate(b, OB_BRIDGE_INFLATION, "inflation", t,
			    ob_contract_assumptions(c, t)->inflation);
	for (ob_fy t = c->base + 1; t <= year; t++)
		bridge_rate(b, OB_BRIDGE_PRODUCTIVITY, "productivity", t,
			    -ob_contract_assumptions(c, t)->productivity);
	/* Mix: base-year cost per person-year by age band, sex and segment,
	 * applied to the base year's and this year's population. */
	{
		size_t ncell = (size_t)c->capitation.n_age_bands * 2 *
			       OB_SEG_COUNT;
		double *sum = calloc(ncell, sizeof(double)),
		       *py = calloc(ncell, sizeof(double));
		double all = 0, allpy = 0;

		if (!sum || !py) {
			free(sum);
			free(py);
			return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					    "out of memory");
		}
		ob_budget_setting_shares(c, year, f);
		for (size_t i = 0; i < m->py.n; i++) {
			const struct ob_person_year *y = &m->py.rows[i];
			double e = exposure(y);
			size_t cell;
			if (y->year != c->base || !e)
				continue;
			cell = ((size_t)age_band(&c->capitation, y->age) * 2 +
				(y->sex == 1)) *
				       OB_SEG_COUNT +
			       y->segment;
			sum[cell] += scope_cost(y, f);
			py[cell] += e;
			all += scope_cost(y, f);
			allpy += e;
		}
		for (size_t i = 0; i < ncell; i++)
			sum[i] = py[i] > 0 ? sum[i] / py[i] : -1;
		if (allpy > 0) {
			double i0 = mix_index(m, &c->capitation, sum,
					      all / allpy, c->base);
			double i1 = mix_index(m, &c->capitation, sum,
					      all / allpy, year);
			if (i0 > 0 && i1 > 0) {
				double adj = i1 / i0 - 1;
				snprintf(name, sizeof(name),
					 "mix: age, sex and segment (%+.2f%%)",
					 adj * 100);
				snprintf(how, sizeof(how),
					 "cost per person-year at %s cell "
					 "costs: %.2f against %.2f pounds",
					 base_fy, i1 / 100, i0 / 100);
				bridge_add(b, OB_BRIDGE_MIX,
					   ob_pence_round((double)running(b) *
							  adj),
					   name, how);
			}
		}
		free(sum);
		free(py);
	}
	ob_fy_format(year, fy);
	snprintf(name, sizeof(name), "contract budget %s", fy);
	bridge_add(b, OB_BRIDGE_TOTAL, 0, name, "sum of the lines above");
	b->contract_budget = running(b);
	for (size_t i = 0; i < c->n_top_slices; i++) {
		const struct ob_top_slice *s = &c->top_slices[i];
		ob_pence amount;
		if (s->from > year)
			continue;
		amount = s->amount ? s->amount
				   : ob_pence_round((double)b->contract_budget *
						    s->share);
		snprintf(name, sizeof(name), "top-slice: %s", s->name);
		if (s->amount)
			snprintf(how, sizeof(how), "a fixed amount a year");
		else
			snprintf(how, sizeof(how),
				 "%.2f%% of the contract budget", s->share * 100);
		bridge_add(b, OB_BRIDGE_TOP_SLICE, -amount, name, how);
	}
	bridge_add(b, OB_BRIDGE_CAPITATION, 0, "capitated budget",
		   "the contract budget less top-slices: split by capitation");
	b->capitated = running(b);
	if (b->capitated <= 0)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "the capitated budget of the year is not "
				    "positive: check the contract's lines and "
				    "top-slices");
	return OB_OK;
}

/* ---- the capitation ---------------------------------------------------- */

struct scored {
	double pred; /* predicted annual cost, pence */
	double w;    /* person-years */
	double act;  /* actual cost in scope, pence (not annualised) */
	int32_t practice, pch;
	uint8_t segment;
};

static int by_pred(const void *a, const void *b)
{
	double x = ((const struct scored *)a)->pred,
	       y = ((const struct scored *)b)->pred;
	return (x > y) - (x < y);
}

/* Fit on the characteristics of year - 2 and the costs of year - 1. */
static enum ob_status fit(const struct ob_contract *c, const struct ob_model *m,
			  const struct design *d, ob_fy year, double *beta,
			  struct ob_budget *b, struct ob_error *err)
{
	size_t k = d->k, people = 0, used = 0;
	int32_t *prev = ob_model_year_rows(m, year - 2);
	double *xtx = calloc(k * k, sizeof(double)),
	       *xty = calloc(k, sizeof(double)), *x = calloc(k, sizeof(double));
	double count[OB_CAPITATION_MAX_TERMS] = { 0 };
	int dropped[OB_CAPITATION_MAX_TERMS];
	double f[OB_SET_COUNT];
	enum ob_status st;

	if (!prev || !xtx || !xty || !x) {
		st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	ob_budget_setting_shares(c, year - 1, f);
	for (size_t i = 0; i < m->py.n; i++) {
		const struct ob_person_year *y = &m->py.rows[i];
		const struct ob_person_year *p;
		double e, cost;

		if (y->year != year - 1 || !(e = exposure(y)))
			continue;
		p = prev[y->person] >= 0 &&
				    exposure(&m->py.rows[prev[y->person]]) > 0
			    ? &m->py.rows[prev[y->person]]
			    : NULL;
		design_row(d, y, p, f, x);
		cost = scope_cost(y, f) / 100.0 / e; /* pounds a year */
		for (size_t r = 0; r < k; r++) {
			if (!x[r])
				continue;
			count[r] += e;
			xty[r] += e * x[r] * cost;
			for (size_t s = 0; s <= r; s++)
				xtx[r * k + s] += e * x[r] * x[s];
		}
		people++;
	}
	for (size_t r = 0; r < k; r++)
		used += count[r] > 0;
	if (people <= used) {
		char fy[8];
		ob_fy_format(year - 1, fy);
		st = ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				  "too few people registered in %s (%zu) to fit "
				  "a capitation model of %zu terms",
				  fy, people, used);
		goto out;
	}
	if (people < 10 * used)
		b->validation.note = "fewer than ten people per term: the "
				     "model is not reliable";
	for (size_t r = 0; r < k; r++)
		for (size_t s = r + 1; s < k; s++)
			xtx[r * k + s] = xtx[s * k + r];
	st = ob_least_squares(xtx, xty, k, beta, dropped, err);
	if (st)
		goto out;
	b->n_terms = k;
	for (size_t r = 0; r < k; r++) {
		snprintf(b->terms[r].name, sizeof(b->terms[r].name), "%s",
			 d->names[r]);
		b->terms[r].coefficient = beta[r];
		b->terms[r].people = count[r];
	}
	b->validation.fit_from = year - 2;
	b->validation.fit_to = year - 1;
	b->validation.people = people;
out:
	free(prev);
	free(xtx);
	free(xty);
	free(x);
	return st;
}

static struct ob_budget_unit *unit_of(struct ob_budget_unit **list, size_t *n,
				      const char *name)
{
	struct ob_budget_unit *u;

	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*list)[i].name, name))
			return &(*list)[i];
	u = realloc(*list, (*n + 1) * sizeof(*u));
	if (!u)
		return NULL;
	*list = u;
	u = &u[(*n)++];
	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "%s", name);
	return u;
}

static int by_unit_name(const void *a, const void *b)
{
	return strcmp(((const struct ob_budget_unit *)a)->name,
		      ((const struct ob_budget_unit *)b)->name);
}

/* The exposures of the scored people, into the spare half of `w` (which
 * has room for 2n): ob_budget_split's fallback weights. */
static const double *sc_exposure(const struct scored *sc, size_t n, double *w)
{
	for (size_t i = 0; i < n; i++)
		w[n + i] = sc[i].w;
	return w + n;
}

enum ob_status ob_budget_split(ob_pence total, const double *weight,
			       const double *exposure, size_t n,
			       ob_pence *price, const char **note,
			       struct ob_error *err)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += weight[i];
	if (sum > 0)
		return ob_allocate(total, weight, n, price, err);
	if (note)
		*note = "the model predicts no cost for anyone: the budget is "
			"split by exposure alone (a flat capitation)";
	return ob_allocate(total, exposure, n, price, err);
}

/* Price the year's registered people and validate against their costs. */
static enum ob_status price(const struct ob_contract *c,
			    const struct ob_model *m, const struct design *d,
			    const double *beta, ob_fy year, struct ob_budget *b,
			    struct ob_error *err)
{
	const struct ob_dataset *ds = m->ds;
	struct ob_capitation_validation *v = &b->validation;
	size_t np = 0;
	int32_t *prev = ob_model_year_rows(m, year - 1);
	struct scored *sc = NULL;
	double *w = NULL, *x = malloc(d->k * sizeof(double));
	double f[OB_SET_COUNT], sw = 0, sy = 0, sp = 0, ss_tot = 0, ss_res = 0;
	double scale;
	enum ob_status st = OB_OK;

	ob_budget_setting_shares(c, year, f);
	for (size_t i = 0; i < m->py.n; i++)
		if (m->py.rows[i].year == year && exposure(&m->py.rows[i]) > 0)
			np++;
	sc = calloc(np ? np : 1, sizeof(*sc));
	w = calloc(np ? 2 * np : 1, sizeof(*w));
	b->person = calloc(np ? np : 1, sizeof(*b->person));
	b->price = calloc(np ? np : 1, sizeof(*b->price));
	if (!prev || !x || !sc || !w || !b->person || !b->price) {
		st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	if (!np) {
		st = ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				  "nobody is registered with the MCP in the "
				  "year: no capitation");
		goto out;
	}
	np = 0;
	for (size_t i = 0; i < m->py.n; i++) {
		const struct ob_person_year *y = &m->py.rows[i];
		const struct ob_person_year *p;
		double e;

		if (y->year != year || !(e = exposure(y)))
			continue;
		p = prev[y->person] >= 0 &&
				    exposure(&m->py.rows[prev[y->person]]) > 0
			    ? &m->py.rows[prev[y->person]]
			    : NULL;
		design_row(d, y, p, f, x);
		sc[np].pred = dot(x, beta, d->k) * 100.0; /* pence a year */
		if (sc[np].pred < 0)
			sc[np].pred = 0;
		sc[np].w = e;
		sc[np].act = scope_cost(y, f);
		sc[np].practice = y->practice;
		sc[np].pch = y->pch;
		sc[np].segment = y->segment;
		b->person[np] = y->person;
		w[np] = sc[np].pred * e;
		np++;
	}
	b->n_people = np;
	st = ob_budget_split(b->capitated, w, sc_exposure(sc, np, w), np,
			     b->price, &b->validation.note, err);
	if (st)
		goto out;

	/* Validation on the year's actual costs: predictions rescaled to the
	 * actual mean (the budget normalises them the same way). */
	for (size_t i = 0; i < np; i++) {
		sw += sc[i].w;
		sy += sc[i].act;
		sp += sc[i].pred * sc[i].w;
	}
	scale = sp > 0 ? sy / sp : 0;
	for (size_t i = 0; i < np; i++) {
		double ya = sc[i].act / sc[i].w, yp = sc[i].pred * scale;
		ss_tot += sc[i].w * (ya - sy / sw) * (ya - sy / sw);
		ss_res += sc[i].w * (ya - yp) * (ya - yp);
	}
	v->r2_person = ss_tot > 0 ? 1 - ss_res / ss_tot : NAN;
	/* Units: capitation, actual cost and predicted cost. */
	for (size_t i = 0; i < np && !st; i++) {
		const char *names[4];
		struct ob_budget_unit **lists[4] = { &b->pch, &b->locality,
						     &b->practice, &b->segment };
		size_t *counts[4] = { &b->n_pch, &b->n_locality,
				      &b->n_practice, &b->n_segment };
		names[0] = sc[i].pch >= 0 ? ds->pch_code[sc[i].pch] : "-";
		names[1] = sc[i].pch >= 0
				   ? ob_locality_name(ds->pch_locality[sc[i].pch])
				   : "-";
		names[2] = sc[i].practice >= 0 ? ds->practice_code[sc[i].practice]
					       : "-";
		names[3] = ob_segment_code((enum ob_segment)sc[i].segment);
		for (int l = 0; l < 4; l++) {
			struct ob_budget_unit *u = unit_of(lists[l], counts[l], names[l]);
			if (!u) {
				st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
						  "out of memory");
				break;
			}
			u->person_years += sc[i].w;
			u->capitation += b->price[i];
			u->actual_cost += ob_pence_round(sc[i].act);
		}
	}
	if (st)
		goto out;
	/* Practice-level R2 and the practices off by 10% or more. */
	{
		double tot_cap = 0, tot_act = 0, mean = 0, pw = 0, st2 = 0,
		       sr2 = 0;
		for (size_t i = 0; i < b->n_practice; i++) {
			tot_cap += (double)b->practice[i].capitation;
			tot_act += (double)b->practice[i].actual_cost;
			pw += b->practice[i].person_years;
		}
		mean = tot_act / pw;
		v->practices = b->n_practice;
		for (size_t i = 0; i < b->n_practice; i++) {
			const struct ob_budget_unit *u = &b->practice[i];
			double a = (double)u->actual_cost / u->person_years;
			double p = (double)u->capitation / tot_cap * tot_act /
				   u->person_years;
			st2 += u->person_years * (a - mean) * (a - mean);
			sr2 += u->person_years * (a - p) * (a - p);
			if (u->actual_cost > 0 &&
			    fabs(p / a - 1) >= 0.10)
				v->practices_off_10++;
		}
		v->r2_practice = st2 > 0 ? 1 - sr2 / st2 : NAN;
	}
	/* Predictive ratios by decile of predicted cost (equal person-years)
	 * and by primary care home. */
	{
		double cum = 0;
		int dec;
		qsort(sc, np, sizeof(*sc), by_pred);
		for (int k = 0; k < 10; k++)
			snprintf(v->deciles[k].group,
				 sizeof(v->deciles[k].group), "decile %d",
				 k + 1);
		for (size_t i = 0; i < np; i++) {
			dec = (int)(10 * cum / sw);
			if (dec > 9)
				dec = 9;
			cum += sc[i].w;
			v->deciles[dec].person_years += sc[i].w;
			v->deciles[dec].predicted +=
				sc[i].pred * scale * sc[i].w / 100;
			v->deciles[dec].actual += sc[i].act / 100;
		}
		for (int k = 0; k < 10; k++)
			v->deciles[k].ratio =
				v->deciles[k].actual > 0
					? v->deciles[k].predicted /
						  v->deciles[k].actual
					: NAN;
		v->by_pch = calloc(b->n_pch ? b->n_pch : 1, sizeof(*v->by_pch));
		if (!v->by_pch) {
			st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					  "out of memory");
			goto out;
		}
		if (b->n_pch)
			qsort(b->pch, b->n_pch, sizeof(*b->pch), by_unit_name);
		for (size_t i = 0; i < b->n_pch; i++) {
			struct ob_predictive_ratio *r = &v->by_pch[v->n_pch++];
			snprintf(r->group, sizeof(r->group), "%s",
				 b->pch[i].name);
			r->person_years = b->pch[i].person_years;
			r->predicted = (double)b->pch[i].capitation / 100 *
				       sy / (double)b->capitated;
			r->actual = (double)b->pch[i].actual_cost / 100;
			r->ratio = r->actual > 0 ? r->predicted / r->actual
						 : NAN;
		}
	}
out:
	free(prev);
	free(sc);
	free(w);
	free(x);
	return st;
}

/* Segment budgets from actual costs: the capitated budget split in
 * proportion to each segment's open-book cost. */
static enum ob_status segment_budgets(struct ob_budget *b, struct ob_error *err)
{
	double *w = malloc((b->n_segment ? b->n_segment : 1) * sizeof(*w));
	ob_pence *parts = malloc((b->n_segment ? b->n_segment : 1) *
				 sizeof(*parts));
	enum ob_status st = OB_OK;
	double total = 0;

	if (!w || !parts) {
		st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < b->n_segment; i++)
		total += w[i] = (double)(b->segment[i].actual_cost > 0
						 ? b->segment[i].actual_cost
						 : 0);
	if (total > 0 && b->n_segment) {
		st = ob_allocate(b->capitated, w, b->n_segment, parts, err);
		for (size_t i = 0; !st && i < b->n_segment; i++)
			b->segment[i].cost_based = parts[i];
	}
out:
	free(w);
	free(parts);
	return st;
}

/* The planned trajectory: each year's budget with the pre-agreed
 * adjustments only, the cost of standing still (scope uplifted for growth
 * and inflation, no efficiency) and the allocation. */
static enum ob_status affordability(const struct ob_contract *c,
				    struct ob_budget *b, struct ob_error *err)
{
	size_t n = (size_t)(c->last - c->base);
	double plan = 1, still = 1;

	b->afford = calloc(n ? n : 1, sizeof(*b->afford));
	if (!b->afford)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	for (ob_fy t = c->base + 1; t <= c->last; t++) {
		const struct ob_assumptions *a = ob_contract_assumptions(c, t);
		struct ob_affordability_year *y = &b->afford[b->n_afford++];
		ob_pence scope = 0;

		ob_contract_scope(c, t < c->shadow ? c->shadow : t, NULL,
				  &scope);
		plan *= (1 + a->population_growth) * (1 + a->inflation) *
			(1 - a->productivity);
		still *= (1 + a->population_growth) * (1 + a->inflation);
		y->year = t;
		y->budget = ob_pence_round((double)scope * plan);
		y->standing_still = ob_pence_round((double)scope * still);
		y->allocation = a->allocation;
		y->gap = y->budget - y->allocation;
		y->lost_purchasing_power = y->standing_still - y->allocation;
		y->efficiency_needed =
			y->budget > 0 ? (double)y->gap / (double)y->budget : NAN;
	}
	return OB_OK;
}

enum ob_status ob_budget_compute(const struct ob_contract *c,
				 const struct ob_model *m, ob_fy year,
				 struct ob_budget *out, struct ob_error *err)
{
	struct design d;
	double beta[OB_CAPITATION_MAX_TERMS] = { 0 };
	enum ob_status st;
	char fy[8];

	memset(out, 0, sizeof(*out));
	out->year = year;
	out->contract = c;
	out->shadow = year == c->shadow;
	ob_fy_format(year, fy);
	if (year < c->shadow || year > c->last)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "%s is outside the contract (the budget runs "
				    "from the shadow year to the last year)",
				    fy);
	if (!mcp_person_years(m, c->base))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "the extract has no registered population "
				    "in the contract's base year: the bridge "
				    "needs it");
	if (!mcp_person_years(m, year) || !mcp_person_years(m, year - 1) ||
	    !mcp_person_years(m, year - 2))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "the capitation of %s needs person-years "
				    "of that year and the two before it",
				    fy);
	if ((st = design_init(&d, &c->capitation, err)) ||
	    (st = build_bridge(c, m, year, out, err)) ||
	    (st = fit(c, m, &d, year, beta, out, err)) ||
	    (st = price(c, m, &d, beta, year, out, err)) ||
	    (st = segment_budgets(out, err)) ||
	    (st = affordability(c, out, err))) {
		ob_budget_release(out);
		return st;
	}
	if (out->n_locality)
		qsort(out->locality, out->n_locality, sizeof(*out->locality),
		      by_unit_name);
	if (out->n_practice)
		qsort(out->practice, out->n_practice, sizeof(*out->practice),
		      by_unit_name);
	return OB_OK;
}

void ob_budget_release(struct ob_budget *b)
{
	free(b->person);
	free(b->price);
	free(b->pch);
	free(b->locality);
	free(b->practice);
	free(b->segment);
	free(b->validation.by_pch);
	free(b->afford);
	memset(b, 0, sizeof(*b));
}

/* ---- output ------------------------------------------------------------ */

static const char *pounds(ob_pence p, char out[static 32])
{
	ob_pence_format_grouped(p, out);
	return out;
}

static void write_units_table(const char *title,
			      const struct ob_budget_unit *u, size_t n,
			      int cost_based, FILE *out)
{
	char a[32], b[32], c[32];

	fprintf(out, "\n%s\n%-20s %12s %18s %10s %18s %7s%s\n", title, "unit",
		"person-yrs", "capitation £", "£ a head", "actual cost £",
		"ratio", cost_based ? "   budget from costs £" : "");
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%-20.20s %12.1f %18s %10.2f %18s %7.3f",
			u[i].name, u[i].person_years, pounds(u[i].capitation, a),
			(double)u[i].capitation / 100 / u[i].person_years,
			pounds(u[i].actual_cost, b),
			u[i].actual_cost ? (double)u[i].capitation /
						   (double)u[i].actual_cost
					 : NAN);
		if (cost_based)
			fprintf(out, " %21s", pounds(u[i].cost_based, c));
		fputc('\n', out);
	}
}

static void write_table(const struct ob_budget *b, FILE *out)
{
	const struct ob_capitation_validation *v = &b->validation;
	char fy[8], f0[8], f1[8], a[32], c[32], d[32], e[32], g[32];

	ob_fy_format(b->year, fy);
	fprintf(out, "budget %s%s, contract %s (sha256 %.16s)\n\nbridge from "
		     "the base year (pounds)\n",
		fy, b->shadow ? " (shadow year)" : "", b->contract->id,
		b->contract->sha256);
	for (size_t i = 0; i < b->n_bridge; i++) {
		const struct ob_bridge_line *l = &b->bridge[i];
		int sub = l->kind == OB_BRIDGE_TOTAL ||
			  l->kind == OB_BRIDGE_CAPITATION;
		fprintf(out, "%2zu  %-52.52s %18s %18s  %s\n", i + 1, l->name,
			sub ? "" : pounds(l->amount, a), pounds(l->running, c),
			l->how);
	}
	write_units_table("capitation by primary care home", b->pch, b->n_pch,
			  0, out);
	write_units_table("capitation by locality", b->locality, b->n_locality,
			  0, out);
	write_units_table("capitation by segment, and segment budgets from "
			  "actual open-book costs",
			  b->segment, b->n_segment, 1, out);
	ob_fy_format(v->fit_from, f0);
	ob_fy_format(v->fit_to, f1);
	fprintf(out,
		"\nrisk model: weighted least squares of annual cost in scope "
		"on the year before's\ncharacteristics, fitted %s -> %s on %zu "
		"people, validated on %s\n",
		f0, f1, v->people, fy);
	fprintf(out, "%-44s %12s %12s\n", "term", "£ a year", "person-yrs");
	for (size_t i = 0; i < b->n_terms; i++)
		fprintf(out, "%-44.44s %12.2f %12.1f\n", b->terms[i].name,
			b->terms[i].coefficient, b->terms[i].people);
	fprintf(out,
		"\nvalidation on %s                     onebudget   English "
		"person-based model (published)\n"
		"R² person level                          %9.3f   about 0.12\n"
		"R² practice level (cost a head)          %9.3f   about 0.77\n"
		"practices off by 10%% or more           %4zu / %-4zu  about "
		"one third\n",
		fy, v->r2_person, v->r2_practice, v->practices_off_10,
		v->practices);
	if (v->note)
		fprintf(out, "note: %s\n", v->note);
	fprintf(out, "\npredictive ratios (predicted / actual cost; 1 is "
		     "exact)\n%-12s %12s %18s %18s %7s\n",
		"group", "person-yrs", "predicted £", "actual £", "ratio");
	for (int k = 0; k < 10; k++)
		fprintf(out, "%-12s %12.1f %18.0f %18.0f %7.3f\n",
			v->deciles[k].group, v->deciles[k].person_years,
			v->deciles[k].predicted, v->deciles[k].actual,
			v->deciles[k].ratio);
	for (size_t i = 0; i < v->n_pch; i++)
		fprintf(out, "%-12s %12.1f %18.0f %18.0f %7.3f\n",
			v->by_pch[i].group, v->by_pch[i].person_years,
			v->by_pch[i].predicted, v->by_pch[i].actual,
			v->by_pch[i].ratio);
	fprintf(out, "\naffordability: the planned budget (agreed "
		     "adjustments) against the commissioners' allocation\n"
		     "%-8s %18s %18s %18s %18s %18s %9s\n",
		"year", "budget £", "standing still £", "allocation £",
		"gap £", "lost purchasing £", "efficiency");
	for (size_t i = 0; i < b->n_afford; i++) {
		const struct ob_affordability_year *y = &b->afford[i];
		ob_fy_format(y->year, f0);
		fprintf(out, "%-8s %18s %18s %18s %18s %18s %8.2f%%\n", f0,
			pounds(y->budget, a), pounds(y->standing_still, c),
			pounds(y->allocation, d), pounds(y->gap, e),
			pounds(y->lost_purchasing_power, g),
			y->efficiency_needed * 100);
	}
}

static void csv_money(FILE *out, ob_pence p)
{
	char s[24];

	ob_pence_format(p, s);
	fputs(s, out);
}

/* A ratio with six decimals, or nothing when it has no value. */
static void csv_ratio(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.6f", v);
}

/* CSV: one table, a section per part: section,name,person_years,amount,
 * running_total,actual_cost,ratio,note (money in pounds). */
static void write_csv(const struct ob_budget *b, FILE *out)
{
	const struct ob_capitation_validation *v = &b->validation;
	static const char *const unit_sections[4] = { "pch", "locality",
						      "practice", "segment" };
	const struct ob_budget_unit *lists[4] = { b->pch, b->locality,
						  b->practice, b->segment };
	size_t counts[4] = { b->n_pch, b->n_locality, b->n_practice,
			     b->n_segment };
	char fy[8];

	fputs("section,name,person_years,amount,running_total,actual_cost,"
	      "ratio,note\n",
	      out);
	for (size_t i = 0; i < b->n_bridge; i++) {
		fprintf(out, "bridge,\"%s\",,", b->bridge[i].name);
		csv_money(out, b->bridge[i].amount);
		fputc(',', out);
		csv_money(out, b->bridge[i].running);
		fprintf(out, ",,,\"%s\"\n", b->bridge[i].how);
	}
	for (int l = 0; l < 4; l++)
		for (size_t i = 0; i < counts[l]; i++) {
			const struct ob_budget_unit *u = &lists[l][i];
			fprintf(out, "capitation_%s,%s,%.4f,", unit_sections[l],
				u->name, u->person_years);
			csv_money(out, u->capitation);
			fputs(",,", out);
			csv_money(out, u->actual_cost);
			fputc(',', out);
			csv_ratio(out, u->actual_cost
					       ? (double)u->capitation /
							 (double)u->actual_cost
					       : NAN);
			fputc(',', out);
			if (l == 3) {
				fputs("budget from costs ", out);
				csv_money(out, u->cost_based);
			}
			fputc('\n', out);
		}
	for (size_t i = 0; i < b->n_terms; i++)
		fprintf(out, "model_term,\"%s\",%.4f,%.4f,,,,\n",
			b->terms[i].name, b->terms[i].people,
			b->terms[i].coefficient);
	fputs("validation,r2_person,,,,,", out);
	csv_ratio(out, v->r2_person);
	fputs(",\nvalidation,r2_practice,,,,,", out);
	csv_ratio(out, v->r2_practice);
	fputs(",\n", out);
	if (v->note)
		fprintf(out, "validation,note,,,,,,\"%s\"\n", v->note);
	fprintf(out, "validation,practices_off_10_percent,,%zu,,,%.6f,of %zu\n",
		v->practices_off_10,
		v->practices ? (double)v->practices_off_10 / (double)v->practices
			     : NAN,
		v->practices);
	for (size_t i = 0; i < 10 + v->n_pch; i++) {
		const struct ob_predictive_ratio *r =
			i < 10 ? &v->deciles[i] : &v->by_pch[i - 10];
		fprintf(out, "predictive_ratio,%s,%.4f,%.2f,,%.2f,", r->group,
			r->person_years, r->predicted, r->actual);
		csv_ratio(out, r->ratio);
		fputs(",\n", out);
	}
	for (size_t i = 0; i < b->n_afford; i++) {
		const struct ob_affordability_year *y = &b->afford[i];
		ob_fy_format(y->year, fy);
		fprintf(out, "affordability,%s,,", fy);
		csv_money(out, y->budget);
		fputs(",,", out);
		csv_money(out, y->allocation);
		fputc(',', out);
		csv_ratio(out, y->efficiency_needed);
		fputs(",gap ", out);
		csv_money(out, y->gap);
		fputs("; standing still ", out);
		csv_money(out, y->standing_still);
		fputs("; lost purchasing power ", out);
		csv_money(out, y->lost_purchasing_power);
		fputc('\n', out);
	}
}

static void json_money(FILE *out, const char *key, ob_pence p, int comma)
{
	char s[24];

	ob_pence_format(p, s);
	fprintf(out, "%s\"%s\": %s", comma ? ", " : "", key, s);
}

static void write_json(const struct ob_budget *b, FILE *out)
{
	const struct ob_capitation_validation *v = &b->validation;
	static const char *const unit_keys[4] = { "pch", "locality",
						  "practice", "segment" };
	const struct ob_budget_unit *lists[4] = { b->pch, b->locality,
						  b->practice, b->segment };
	size_t counts[4] = { b->n_pch, b->n_locality, b->n_practice,
			     b->n_segment };
	char fy[8];

	ob_fy_format(b->year, fy);
	fprintf(out, "{\"year\": \"%s\", \"shadow\": %s, \"contract\": ", fy,
		b->shadow ? "true" : "false");
	ob_json_string(out, b->contract->id);
	fprintf(out, ", \"contract_sha256\": \"%s\"", b->contract->sha256);
	json_money(out, "contract_budget", b->contract_budget, 1);
	json_money(out, "capitated_budget", b->capitated, 1);
	fputs(", \"bridge\": [", out);
	for (size_t i = 0; i < b->n_bridge; i++) {
		fputs(i ? ",\n  {\"name\": " : "\n  {\"name\": ", out);
		ob_json_string(out, b->bridge[i].name);
		json_money(out, "amount", b->bridge[i].amount, 1);
		json_money(out, "running_total", b->bridge[i].running, 1);
		fputs(", \"how\": ", out);
		ob_json_string(out, b->bridge[i].how);
		fputc('}', out);
	}
	fputs("]", out);
	for (int l = 0; l < 4; l++) {
		fprintf(out, ",\n \"%s\": [", unit_keys[l]);
		for (size_t i = 0; i < counts[l]; i++) {
			const struct ob_budget_unit *u = &lists[l][i];
			fputs(i ? ", {\"unit\": " : "{\"unit\": ", out);
			ob_json_string(out, u->name);
			fputs(", \"person_years\": ", out);
			ob_json_number(out, u->person_years);
			json_money(out, "capitation", u->capitation, 1);
			json_money(out, "actual_cost", u->actual_cost, 1);
			if (l == 3)
				json_money(out, "budget_from_costs",
					   u->cost_based, 1);
			fputc('}', out);
		}
		fputc(']', out);
	}
	fputs(",\n \"model\": [", out);
	for (size_t i = 0; i < b->n_terms; i++) {
		fputs(i ? ", {\"term\": " : "{\"term\": ", out);
		ob_json_string(out, b->terms[i].name);
		fputs(", \"pounds_a_year\": ", out);
		ob_json_number(out, b->terms[i].coefficient);
		fputs(", \"person_years\": ", out);
		ob_json_number(out, b->terms[i].people);
		fputc('}', out);
	}
	fputs("],\n \"validation\": {\"r2_person\": ", out);
	ob_json_number(out, v->r2_person);
	fputs(", \"r2_practice\": ", out);
	ob_json_number(out, v->r2_practice);
	fprintf(out, ", \"practices\": %zu, \"practices_off_10_percent\": %zu",
		v->practices, v->practices_off_10);
	fputs(", \"note\": ", out);
	if (v->note)
		ob_json_string(out, v->note);
	else
		fputs("null", out);
	fputs(", \"predictive_ratios\": [", out);
	for (size_t i = 0; i < 10 + v->n_pch; i++) {
		const struct ob_predictive_ratio *r =
			i < 10 ? &v->deciles[i] : &v->by_pch[i - 10];
		fputs(i ? ", {\"group\": " : "{\"group\": ", out);
		ob_json_string(out, r->group);
		fputs(", \"predicted\": ", out);
		ob_json_number(out, r->predicted);
		fputs(", \"actual\": ", out);
		ob_json_number(out, r->actual);
		fputs(", \"ratio\": ", out);
		ob_json_number(out, r->ratio);
		fputc('}', out);
	}
	fputs("]},\n \"affordability\": [", out);
	for (size_t i = 0; i < b->n_afford; i++) {
		const struct ob_affordability_year *y = &b->afford[i];
		ob_fy_format(y->year, fy);
		fprintf(out, "%s{\"year\": \"%s\"", i ? ", " : "", fy);
		json_money(out, "budget", y->budget, 1);
		json_money(out, "standing_still", y->standing_still, 1);
		json_money(out, "allocation", y->allocation, 1);
		json_money(out, "gap", y->gap, 1);
		json_money(out, "lost_purchasing_power",
			   y->lost_purchasing_power, 1);
		fputs(", \"efficiency_needed\": ", out);
		ob_json_number(out, y->efficiency_needed);
		fputc('}', out);
	}
	fputs("]}\n", out);
}

enum ob_status ob_budget_write(const struct ob_budget *b,
			       enum ob_budget_format f, FILE *out,
			       struct ob_error *err)
{
	if (f == OB_BUDGET_JSON)
		write_json(b, out);
	else if (f == OB_BUDGET_CSV)
		write_csv(b, out);
	else
		write_table(b, out);
	if (ferror(out))
		return ob_error_set(err, OB_EIO, NULL, 0, 0, "write failed");
	return OB_OK;
}
