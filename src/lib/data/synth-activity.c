/*
 * synth-activity.c - a synthetic person's activity in every setting, year
 * by year: hospital spells (emergency, elective, maternity, deaths in
 * hospital), A&E and outpatient attendances, community and mental health
 * care, primary care, prescribing, social care packages and care-home
 * placements, each with HES codes where they apply and a cost.
 *
 * Rates depend on age, sex, long-term conditions, frailty, deprivation and
 * latent ill health; unit costs and tariff prices are in synth-finance.c.
 * The constants are assumptions, scaled so that the 2017/18 costs of the
 * 09A population come close to the seed's ledger (docs/synthetic.md gives
 * each one and the totals measured).  Costs of the people 09A pays for are
 * added to the ledger accumulator as the rows are written.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "synth-internal.h"

#define YEAR_DAYS 365.25

enum setting {
	S_ADMITTED,
	S_OUTPATIENT,
	S_AE,
	S_COMMUNITY,
	S_MENTAL_HEALTH,
	S_PRIMARY_CARE,
	S_SOCIAL_CARE,
	S_CARE_HOME,
	S_PRESCRIBING,
};
static const char *const setting_name[] = {
    "admitted",	    "outpatient",  "ae",	"community",   "mental_health",
    "primary_care", "social_care", "care_home", "prescribing",
};

#define MAX_BUSY 64

struct act_ctx {
	const struct synth_world *w;
	const struct synth_person *p;
	struct synth_out *o;
	struct synth_defects *d;
	struct ob_rng r;
	long seq;
	/* Days in hospital or a bed elsewhere, so stays never overlap. */
	ob_date busy_from[MAX_BUSY], busy_to[MAX_BUSY];
	int nbusy;
	/* The year being generated. */
	ob_fy fy;
	ob_date t0, t1, mid;
	double exposure; /* years present in the year */
	int age, ltc;
	double fi;
	int in_care_home; /* permanent resident at mid-year */
	int locality;	  /* for the choice of hospital */
	double improve;	  /* 1, or 1 - improvement from the improvement year */
	double dep;	  /* (10 - decile) / 9: 1 most deprived, 0 least */
};

struct act {
	int setting, line, provider;
	ob_date start, end;
	const char *admimeth, *admisorc, *disdest;
	char diag[160];
	const char *proc;
	int hrg; /* -1 none */
	const char *tf;
	double pounds;
	int delayed;   /* -1 none */
	int permanent; /* -1 none */
	int spread;    /* 1: cost spread over the years by days */
};

static void act_init(struct act *a, int setting, int line, int provider,
		     ob_date start)
{
	memset(a, 0, sizeof(*a));
	a->setting = setting;
	a->line = line;
	a->provider = provider;
	a->start = start;
	a->end = OB_DATE_NONE;
	a->hrg = -1;
	a->delayed = -1;
	a->permanent = -1;
}

static void diag_add(struct act *a, const char *code)
{
	size_t n, k;
	int count = 1;

	if (!code || !*code)
		return;
	n = strlen(a->diag);
	k = strlen(code);
	for (size_t i = 0; i < n; i++)
		count += a->diag[i] == ';';
	if (n && count >= 20)
		return;
	/* no duplicates */
	for (const char *s = a->diag; s && *s;) {
		const char *e = strchr(s, ';');
		size_t len = e ? (size_t)(e - s) : strlen(s);

		if (len == k && !memcmp(s, code, k))
			return;
		s = e ? e + 1 : NULL;
	}
	if (n + k + 2 > sizeof(a->diag))
		return;
	if (n)
		a->diag[n++] = ';';
	memcpy(a->diag + n, code, k + 1);
}

/* The person's other conditions as secondary diagnoses (at most `max`). */
static void diag_add_conditions(struct act_ctx *c, struct act *a, int max)
{
	for (int k = 0; k < C_COUNT && max > 0; k++)
		if (synth_has(c->p, k, a->start)) {
			diag_add(a, synth_condition_icd10(c->p, k));
			max--;
		}
}

/* Apportion `pounds` of an event running from `from` to `to` (inclusive,
 * OB_DATE_NONE = the extract's end) to the years by days. */
static void ledger_spread(struct act_ctx *c, int line, int provider,
			  ob_date from, ob_date to, double pounds)
{
	const struct synth_world *w = c->w;
	ob_date lo = from < w->start ? w->start : from;
	ob_date hi = to == OB_DATE_NONE || to > w->end ? w->end : to;
	double days = (double)(hi - lo + 1);

	if (hi < lo)
		return;
	for (ob_fy fy = w->first_year; fy <= w->last_year; fy++) {
		ob_date a = ob_fy_start(fy), b = ob_fy_end(fy);

		if (a < lo)
			a = lo;
		if (b > hi)
			b = hi;
		if (b < a)
			continue;
		synth_out_ledger_add(c->o, w, fy, line, provider,
				     ob_pence_from_pounds_double(
					 pounds * (double)(b - a + 1) / days));
	}
}

static void emit(struct act_ctx *c, struct act *a)
{
	struct synth_row r;
	ob_pence cost = ob_pence_from_pounds_double(a->pounds);

	synth_row_start(&r, OB_SYNTH_ACTIVITY, AC_N);
	synth_row_setf(&r, AC_ID, "A%ld-%ld", c->p->index, ++c->seq);
	synth_row_set(&r, AC_PERSON, c->p->id);
	synth_row_set(&r, AC_PROVIDER, c->w->provider[a->provider].code);
	synth_row_set(&r, AC_SETTING, setting_name[a->setting]);
	synth_row_set_date(&r, AC_START, a->start);
	synth_row_set_date(&r, AC_END, a->end);
	synth_row_set(&r, AC_ADMIMETH, a->admimeth ? a->admimeth : "");
	synth_row_set(&r, AC_ADMISORC, a->admisorc ? a->admisorc : "");
	synth_row_set(&r, AC_DISDEST, a->disdest ? a->disdest : "");
	synth_row_set(&r, AC_DIAG, a->diag);
	synth_row_set(&r, AC_PROC, a->proc ? a->proc : "");
	synth_row_set(&r, AC_HRG, a->hrg >= 0 ? synth_hrgs[a->hrg].code : "");
	synth_row_set(&r, AC_TF, a->tf ? a->tf : "");
	synth_row_set_money(&r, AC_COST, cost);
	if (a->delayed >= 0)
		synth_row_set_long(&r, AC_DELAYED, a->delayed);
	else
		synth_row_set(&r, AC_DELAYED, "");
	synth_row_set(&r, AC_PERMANENT,
		      a->permanent < 0 ? ""
		      : a->permanent   ? "Y"
				       : "N");
	synth_emit(c->o, c->d, &r);
	if (!c->p->commissioned)
		return;
	if (a->spread)
		ledger_spread(c, a->line, a->provider, a->start, a->end,
			      a->pounds);
	else
		synth_out_ledger_add(c->o, c->w, ob_fy_of(a->start), a->line,
				     a->provider, cost);
}

/* ------------------------------------------------------------ helpers */

static ob_date rand_date(struct ob_rng *r, ob_date lo, ob_date hi)
{
	if (hi <= lo)
		return lo;
	return lo + (ob_date)ob_rng_below(r, (uint64_t)(hi - lo + 1));
}

static ob_date year_date(struct act_ctx *c)
{
	return rand_date(&c->r, c->t0, c->t1);
}

/* Gamma noise with mean 1. */
static double noise(struct act_ctx *c, double shape)
{
	return ob_rng_gamma(&c->r, shape, 1.0 / shape);
}

static long events(struct act_ctx *c, double rate)
{
	return (long)ob_rng_poisson(&c->r, rate * c->exposure);
}

static int busy(const struct act_ctx *c, ob_date from, ob_date to)
{
	for (int i = 0; i < c->nbusy; i++)
		if (from <= c->busy_to[i] && c->busy_from[i] <= to)
			return 1;
	return 0;
}

static void mark_busy(struct act_ctx *c, ob_date from, ob_date to)
{
	if (c->nbusy < MAX_BUSY) {
		c->busy_from[c->nbusy] = from;
		c->busy_to[c->nbusy] = to;
		c->nbusy++;
	}
}

/*
 * Find a start for a stay of `los` nights in the current year that
 * overlaps no other stay and ends by the person's last day; 0 if none was
 * found in a few tries.
 */
static int place_stay(struct act_ctx *c, int *los, ob_date *start)
{
	for (int tries = 0; tries < 6; tries++) {
		ob_date s = year_date(c), e;

		if (s + *los > c->p->to) {
			if (tries < 5)
				continue;
			*los = (int)(c->p->to - s);
		}
		e = s + *los;
		if (busy(c, s, e))
			continue;
		mark_busy(c, s, e);
		*start = s;
		return 1;
	}
	return 0;
}

static int pick(struct ob_rng *r, const double *weight, int n)
{
	double total = 0, u;

	for (int i = 0; i < n; i++)
		total += weight[i];
	if (total <= 0)
		return 0;
	u = ob_rng_uniform(r) * total;
	for (int i = 0; i < n; i++) {
		u -= weight[i];
		if (u < 0)
			return i;
	}
	return n - 1;
}

/* ------------------------------------------------------------ hospitals */

/* Where the person goes to hospital, by locality (assumption: the local
 * trusts take most emergencies; elective and outpatient care shows more
 * choice of out-of-system providers). */
static int hospital(struct act_ctx *c, int planned)
{
	static const struct {
		int np;
		double w[2][3]; /* [emergency/planned][north, centre, south] */
	} table[] = {
	    {NP_IMPERIAL, {{0.72, 0.40, 0.20}, {0.60, 0.35, 0.20}}},
	    {NP_CHELWEST, {{0.08, 0.10, 0.55}, {0.08, 0.07, 0.45}}},
	    {NP_UCLH, {{0.04, 0.35, 0.04}, {0.12, 0.40, 0.10}}},
	    {NP_LNWUH, {{0.12, 0.00, 0.00}, {0.08, 0.00, 0.00}}},
	    {NP_ROYALFREE, {{0.04, 0.05, 0.00}, {0.06, 0.08, 0.00}}},
	    {NP_GSTT, {{0.00, 0.10, 0.18}, {0.06, 0.10, 0.22}}},
	    {NP_KINGS, {{0.00, 0.00, 0.03}, {0.00, 0.00, 0.03}}},
	};
	double wt[COUNT_OF(table)];
	int loc = c->locality;

	for (size_t i = 0; i < COUNT_OF(table); i++)
		wt[i] = table[i].w[planned][loc];
	return c->w->named[table[pick(&c->r, wt, (int)COUNT_OF(table))].np];
}

/* Cost of an acute spell or attendance: tariff price plus excess bed days
 * beyond the trim point, times the provider's MFF. */
static double acute_cost(struct act_ctx *c, int hrg, int provider, int los,
			 ob_fy fy)
{
	const struct synth_hrg *g = &synth_hrgs[hrg];
	double price = synth_hrg_price(hrg, fy);

	if (g->trim && los > g->trim)
		price += (los - g->trim) * synth_hrg_ebd(hrg, fy);
	return price * c->w->provider[provider].mff;
}

static int care_home_source(const struct act_ctx *c)
{
	return c->in_care_home;
}

/* Length of stay: gamma with shape 1.2 and the given mean, whole nights. */
static int stay_length(struct act_ctx *c, double mean)
{
	return (int)floor(ob_rng_gamma(&c->r, 1.2, mean / 1.2));
}

/* An emergency spell with primary diagnosis `primary` and HRG `hrg`. */
static void emergency_spell(struct act_ctx *c, const char *primary, int hrg,
			    double mean_los, int frail, ob_date fixed_end,
			    const char *disdest)
{
	struct act a;
	int los = stay_length(c, mean_los), provider = hospital(c, 0);
	ob_date start;

	if (fixed_end != OB_DATE_NONE) {
		if (los < 1)
			los = 1;
		start = fixed_end - los;
		if (start < c->p->from)
			start = c->p->from;
		los = (int)(fixed_end - start);
		if (busy(c, start, fixed_end))
			return;
		mark_busy(c, start, fixed_end);
	} else if (!place_stay(c, &los, &start)) {
		return;
	}
	act_init(&a, S_ADMITTED, LINE_ACUTE, provider, start);
	a.end = start + los;
	a.admimeth = ob_rng_bernoulli(&c->r, 0.7)   ? "21"
		     : ob_rng_bernoulli(&c->r, 0.6) ? "22"
						    : "28";
	a.admisorc = care_home_source(c) ? "54" : "19";
	a.disdest = disdest ? disdest : care_home_source(c) ? "54" : "19";
	diag_add(&a, primary);
	diag_add_conditions(c, &a, 7);
	if (frail) {
		/* Hospital Frailty Risk Score codes that go with frailty
		 * (Gilbert et al. 2018). */
		if (synth_has(c->p, C_FALLS, start))
			diag_add(&a, "W19X");
		if (c->p->lives_alone == 1)
			diag_add(&a, "Z602");
		if (!strncmp(primary, "N39", 3) && ob_rng_bernoulli(&c->r, 0.4))
			diag_add(&a, "B962");
		if (ob_rng_bernoulli(&c->r, 0.3))
			diag_add(&a, "E86X");
		if (ob_rng_bernoulli(&c->r, 0.2))
			diag_add(&a, "R410");
	}
	/* 0.5% of spells fail to group (UZ01Z), as in real data. */
	a.hrg = ob_rng_bernoulli(&c->r, 0.005) ? H_UNGROUPABLE : hrg;
	a.tf = c->age < 16 ? "420" : frail && c->age >= 75 ? "430" : "300";
	a.pounds = acute_cost(c, a.hrg, provider, los, ob_fy_of(start));
	/* Delayed transfers of care: older people's longer stays
	 * (assumption: 20% of stays of 5+ nights at 65+, 60% of those
	 * ending in a care-home placement, none ending in death; up to
	 * three weeks). */
	if (c->age >= 65 && los >= 5 && !(disdest && !strcmp(disdest, "79")) &&
	    ob_rng_bernoulli(&c->r,
			     disdest && !strcmp(disdest, "85") ? 0.6 : 0.20))
		a.delayed =
		    1 + (int)ob_rng_below(
			    &c->r, (uint64_t)(los - 1 < 21 ? los - 1 : 21));
	if (c->age < 16)
		a.admimeth = ob_rng_bernoulli(&c->r, 0.8) ? "21" : "22";
	/* An admission through A&E has its A&E attendance on the day. */
	if (!strcmp(a.admimeth, "21")) {
		struct act e;
		static const int majors[] = {H_AE1, H_AE2, H_AE3, H_AE4, H_AE5};

		act_init(&e, S_AE, LINE_ACUTE, provider, start);
		e.hrg = majors[ob_rng_below(&c->r, 5)];
		e.tf = "180";
		e.pounds = acute_cost(c, e.hrg, provider, 0, ob_fy_of(start));
		emit(c, &e);
	}
	emit(c, &a);
	/* After a frail older person's stay: intermediate care (community
	 * rehabilitation) and reablement, some of the time. */
	if (frail && a.end < c->p->to && !strcmp(a.disdest, "19")) {
		if (ob_rng_bernoulli(&c->r, 0.3)) {
			struct act ic;

			act_init(&ic, S_COMMUNITY, LINE_IC_CHC,
				 c->w->named[NP_CLCH], a.end + 1);
			ic.pounds =
			    1600.0 * noise(c, 3) * synth_cost_index(c->fy);
			emit(c, &ic);
		}
		if (ob_rng_bernoulli(&c->r, 0.35)) {
			struct act re;

			act_init(&re, S_SOCIAL_CARE, LINE_ADULTS_BCF,
				 c->w->named[NP_COUNCIL], a.end + 1);
			re.end = a.end + 42 <= c->p->to ? a.end + 42 : c->p->to;
			re.pounds = 1900.0 * synth_cost_index(c->fy);
			emit(c, &re);
		}
	}
}

/* Chronic ambulatory care sensitive conditions (CCG OIS 2.6): the
 * condition, its admission rate per person-year with it (assumption), the
 * primary diagnosis and HRGs. */
static const struct {
	int cond;
	double rate;
	const char *icd10;
	int hrg_cc, hrg;
	double los;
} acsc[] = {
    {C_COPD, 0.045, "J441", H_COPD_CC, H_COPD, 5.5},
    {C_ASTHMA, 0.008, "J459", H_ASTHMA_CC, H_ASTHMA, 2.5},
    {C_HEART_FAILURE, 0.06, "I500", H_HF_CC, H_HF, 8.0},
    {C_DIABETES2, 0.006, "E116", H_DIABETES_CC, H_DIABETES, 4.0},
    {C_DIABETES1, 0.03, "E101", H_DIABETES_CC, H_DIABETES, 3.0},
    {C_CHD, 0.01, "I209", H_ANGINA, H_ANGINA, 2.5},
    {C_HYPERTENSION, 0.0015, "I10X", H_HYPERTENSION, H_HYPERTENSION, 2.0},
    {C_AF, 0.012, "I489", H_AF_CC, H_AF, 3.0},
    {C_EPILEPSY, 0.03, "G409", H_EPILEPSY, H_EPILEPSY, 2.5},
    {C_DEMENTIA, 0.02, "F03X", H_DEMENTIA, H_DEMENTIA, 10.0},
    {C_ANAEMIA, 0.005, "D509", H_ANAEMIA, H_ANAEMIA, 3.0},
};

/* Emergency admissions of frail older people: primary diagnoses from the
 * Hospital Frailty Risk Score list, with HRG and mean stay. */
static const struct {
	const char *icd10;
	int hrg;
	double los, weight;
} frail_causes[] = {
    {"S720", H_HIP_FRACTURE, 16, 0.10}, {"N390", H_UTI_CC, 9, 0.16},
    {"J189", H_PNEUMONIA_CC, 10, 0.16}, {"R296", H_SYNCOPE, 6, 0.10},
    {"E86X", H_FLUID, 7, 0.07},		{"F050", H_DELIRIUM, 12, 0.06},
    {"L039", H_CELLULITIS, 8, 0.07},	{"R55X", H_SYNCOPE, 4, 0.07},
    {"A419", H_SEPSIS, 12, 0.06},	{"N179", H_AKI, 9, 0.06},
    {"S060", H_HEAD_INJURY, 5, 0.05},	{"R268", H_SYNCOPE, 7, 0.04},
};

/* Other emergencies, by age group weight: code, HRG, mean stay. */
static const struct {
	const char *icd10;
	int hrg;
	double los;
	double w_child, w_adult, w_old;
} other_causes[] = {
    {"R104", H_ABDOMINAL_PAIN, 1.5, 0.15, 0.20, 0.10},
    {"R073", H_CHEST_PAIN, 1.0, 0.00, 0.15, 0.12},
    {"K358", H_APPENDICITIS, 3.0, 0.15, 0.06, 0.01},
    {"J069", H_RESP_INFECTION, 1.5, 0.35, 0.05, 0.05},
    {"J189", H_PNEUMONIA, 5.0, 0.10, 0.08, 0.20},
    {"N390", H_UTI, 3.0, 0.05, 0.08, 0.15},
    {"L039", H_CELLULITIS, 4.0, 0.05, 0.08, 0.10},
    {"S060", H_HEAD_INJURY, 1.5, 0.10, 0.10, 0.08},
    {"F100", H_ALCOHOL, 2.0, 0.00, 0.10, 0.04},
    {"I639", H_STROKE, 12.0, 0.00, 0.02, 0.10},
    {"R55X", H_SYNCOPE, 2.0, 0.05, 0.08, 0.05},
};

static double other_emergency_rate(int age)
{
	return age < 5	  ? 0.056
	       : age < 15 ? 0.02
	       : age < 45 ? 0.028
	       : age < 65 ? 0.04
	       : age < 75 ? 0.064
	       : age < 85 ? 0.096
			  : 0.144;
}

/* The spell in which someone dies in hospital: it ends on the day of
 * death with DISDEST 79. */
static void terminal_spell(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	const char *dx = "J189";
	int hrg = H_PNEUMONIA_CC;

	if (synth_has(p, C_CANCER, p->death) && ob_rng_bernoulli(&c->r, 0.7)) {
		dx = synth_condition_icd10(p, C_CANCER);
		hrg = H_CANCER_NEL;
	} else if (synth_has(p, C_HEART_FAILURE, p->death) &&
		   ob_rng_bernoulli(&c->r, 0.5)) {
		dx = "I500";
		hrg = H_HF_CC;
	} else if (synth_has(p, C_COPD, p->death) &&
		   ob_rng_bernoulli(&c->r, 0.5)) {
		dx = "J441";
		hrg = H_COPD_CC;
	} else if (synth_has(p, C_STROKE, p->death) &&
		   ob_rng_bernoulli(&c->r, 0.3)) {
		dx = "I639";
		hrg = H_STROKE;
	} else if (ob_rng_bernoulli(&c->r, 0.3)) {
		dx = "A419";
		hrg = H_SEPSIS;
	}
	emergency_spell(c, dx, hrg, 9.0, c->age >= 65 && c->fi > 0.12, p->death,
			"79");
}

static void emergencies(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	double depf = pow(1.5, c->dep), zf = exp(0.4 * p->z - 0.08);
	long n;

	/* Chronic ACSC. */
	for (size_t i = 0; i < COUNT_OF(acsc); i++) {
		double rate;

		if (!synth_has(p, acsc[i].cond, c->mid))
			continue;
		rate = acsc[i].rate * depf * zf * (c->age >= 75 ? 1.5 : 1.0) *
		       c->improve;
		n = events(c, rate);
		while (n-- > 0) {
			int cc = c->ltc >= 3 || c->age >= 75;
			const char *dx = acsc[i].icd10;

			if (acsc[i].cond == C_DEMENTIA)
				dx = synth_condition_icd10(p, C_DEMENTIA);
			emergency_spell(
			    c, dx, cc ? acsc[i].hrg_cc : acsc[i].hrg,
			    acsc[i].los * (c->age >= 75 ? 1.4 : 1.0),
			    c->age >= 65 && c->fi > 0.12, OB_DATE_NONE, NULL);
		}
	}
	/* Frail older people. */
	if (c->age >= 65 && c->fi > 0.12) {
		double rate = (0.04 + 0.6 * (c->fi - 0.12)) *
			      (c->in_care_home ? 1.3 : 1.0) * c->improve;

		n = events(c, rate);
		while (n-- > 0) {
			double wt[COUNT_OF(frail_causes)];
			int k;

			for (size_t i = 0; i < COUNT_OF(frail_causes); i++)
				wt[i] = frail_causes[i].weight;
			k = pick(&c->r, wt, (int)COUNT_OF(frail_causes));
			emergency_spell(
			    c, frail_causes[k].icd10, frail_causes[k].hrg,
			    frail_causes[k].los, 1, OB_DATE_NONE, NULL);
		}
	}
	/* Everything else. */
	n = events(c, other_emergency_rate(c->age) * (1.0 + 0.1 * c->ltc) *
			  pow(1.3, c->dep) *
			  (p->kind == KIND_UNREG ? 1.5 : 1.0));
	while (n-- > 0) {
		double wt[COUNT_OF(other_causes)];
		int k;

		for (size_t i = 0; i < COUNT_OF(other_causes); i++)
			wt[i] = c->age < 16   ? other_causes[i].w_child
				: c->age < 65 ? other_causes[i].w_adult
					      : other_causes[i].w_old;
		k = pick(&c->r, wt, (int)COUNT_OF(other_causes));
		emergency_spell(c, other_causes[k].icd10, other_causes[k].hrg,
				other_causes[k].los * (c->age >= 75   ? 2.0
						       : c->age >= 45 ? 1.4
								      : 1.0),
				0, OB_DATE_NONE, NULL);
	}
}

/* Births to women of the population (assumption: age-specific fertility
 * for inner London, total fertility about 1.2). */
static void maternity(struct act_ctx *c)
{
	static const double asfr[] = {0.014, 0.029, 0.040, 0.054, 0.043, 0.014};
	struct act a;
	int los, cs, provider;
	ob_date start;

	if (c->p->sex != 2 || c->age < 18 || c->age > 44)
		return;
	if (!ob_rng_bernoulli(&c->r,
			      asfr[c->age < 20 ? 0 : (c->age - 20) / 5 + 1] *
				  c->exposure))
		return;
	cs = ob_rng_bernoulli(&c->r, 0.30);
	los =
	    cs ? 2 + (int)ob_rng_below(&c->r, 3) : (int)ob_rng_below(&c->r, 3);
	if (!place_stay(c, &los, &start))
		return;
	provider = hospital(c, 0);
	act_init(&a, S_ADMITTED, LINE_ACUTE, provider, start);
	a.end = start + los;
	a.admimeth = "31";
	a.admisorc = "19";
	a.disdest = "19";
	diag_add(&a, cs ? "O821" : "O800");
	diag_add(&a, "Z370");
	a.proc = cs ? "R179" : "R249";
	a.hrg = cs ? H_CAESAREAN : H_DELIVERY;
	a.tf = "501";
	a.pounds = acute_cost(c, a.hrg, provider, los, c->fy);
	emit(c, &a);
}

/* ------------------------------------------------------------ elective */

static const struct {
	const char *name, *proc, *icd10, *tf;
	int hrg;
	double los; /* mean nights; 0 = day case */
} procedures[] = {
    {"cataract", "C712;C751", "H259", "130", H_CATARACT, 0},
    {"colonoscopy", "H221", "K573", "301", H_COLONOSCOPY, 0},
    {"endoscopy", "G451", "K219", "301", H_ENDOSCOPY, 0},
    {"cystoscopy", "M459", "R31X", "101", H_CYSTOSCOPY, 0},
    {"hip", "W371", "M161", "110", H_HIP, 4},
    {"knee", "W401", "M171", "110", H_KNEE, 4},
    {"hernia", "T201", "K409", "100", H_HERNIA, 0.3},
    {"cholecystectomy", "J183;Y752", "K802", "100", H_CHOLECYSTECTOMY, 1},
    {"hysteroscopy", "Q181", "N921", "502", H_HYSTEROSCOPY, 0},
    {"turp", "M653", "N40X", "101", H_TURP, 2},
    {"angiography", "K634", "I209", "320", H_ANGIOGRAPHY, 0.3},
    {"carpal tunnel", "A651", "G560", "110", H_CARPAL_TUNNEL, 0},
    {"skin lesion", "S062", "D225", "330", H_SKIN_LESION, 0},
    {"tonsillectomy", "F341", "J350", "120", H_TONSILLECTOMY, 1},
    {"abdominal pain", NULL, "R104", "100", H_ABDOMINAL_PAIN, 0},
    {"screening colonoscopy", "H221", "Z121", "301", H_COLONOSCOPY, 0},
};
enum {
	PROC_CATARACT,
	PROC_COLONOSCOPY,
	PROC_ENDOSCOPY,
	PROC_CYSTOSCOPY,
	PROC_HIP,
	PROC_KNEE,
	PROC_HERNIA,
	PROC_CHOLE,
	PROC_HYSTEROSCOPY,
	PROC_TURP,
	PROC_ANGIO,
	PROC_CARPAL,
	PROC_SKIN,
	PROC_TONSIL,
	PROC_ABDO,
	PROC_SCREEN,
	PROC_N
};

static double elective_rate(int age)
{
	return age < 15	  ? 0.02
	       : age < 45 ? 0.04
	       : age < 65 ? 0.088
	       : age < 75 ? 0.16
	       : age < 85 ? 0.19
			  : 0.11;
}

static void elective_spell(struct act_ctx *c, int k)
{
	struct act a;
	int los, provider;
	ob_date start;
	double u;

	los = procedures[k].los > 0 ? stay_length(c, procedures[k].los) : 0;
	if (!place_stay(c, &los, &start))
		return;
	provider = hospital(c, 1);
	if (k == PROC_CATARACT && ob_rng_bernoulli(&c->r, 0.35))
		provider = c->w->named[NP_MOORFIELDS];
	if (k == PROC_ANGIO && ob_rng_bernoulli(&c->r, 0.2))
		provider = c->w->named[NP_BROMPTON];
	act_init(&a, S_ADMITTED, LINE_ACUTE, provider, start);
	a.end = start + los;
	u = ob_rng_uniform(&c->r);
	a.admimeth = u < 0.6 ? "11" : u < 0.95 ? "12" : "13";
	a.admisorc = care_home_source(c) ? "54" : "19";
	a.disdest = care_home_source(c) ? "54" : "19";
	diag_add(&a, procedures[k].icd10);
	diag_add_conditions(c, &a, 5);
	a.proc = procedures[k].proc;
	a.hrg = procedures[k].hrg;
	a.tf = procedures[k].tf;
	a.pounds = acute_cost(c, a.hrg, provider, los, c->fy);
	/* FD05B has no elective price: the real cost is a local price. */
	if (k == PROC_ABDO)
		a.pounds *= 0.8;
	emit(c, &a);
}

static void electives(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	int age = c->age, male = p->sex == 1;
	ob_date m = c->mid;
	double wt[PROC_N];
	long n;

	wt[PROC_CATARACT] = age >= 55
				? 0.2 + (age >= 70 ? 0.3 : 0) +
				      (synth_has(p, C_DIABETES2, m) ? 0.1 : 0) +
				      (synth_has(p, C_VISION, m) ? 0.3 : 0)
				: 0;
	wt[PROC_COLONOSCOPY] = age >= 40 ? 0.15 : 0;
	wt[PROC_ENDOSCOPY] = age >= 30 ? 0.12 : 0.02;
	wt[PROC_CYSTOSCOPY] =
	    age >= 50 ? 0.08 + (synth_has(p, C_INCONTINENCE, m) ? 0.1 : 0) : 0;
	wt[PROC_HIP] =
	    age >= 55 && synth_has(p, C_OSTEOARTHRITIS, m) ? 0.25 : 0;
	wt[PROC_KNEE] =
	    age >= 55 && synth_has(p, C_OSTEOARTHRITIS, m) ? 0.25 : 0;
	wt[PROC_HERNIA] = male ? 0.16 : 0.06;
	wt[PROC_CHOLE] = male ? 0.05 : 0.10;
	wt[PROC_HYSTEROSCOPY] = !male && age >= 30 && age <= 70 ? 0.10 : 0;
	wt[PROC_TURP] = male && age >= 60 ? 0.08 : 0;
	wt[PROC_ANGIO] = (synth_has(p, C_CHD, m) || synth_has(p, C_AF, m)) ? 0.2
			 : age >= 50 ? 0.03
				     : 0;
	wt[PROC_CARPAL] = age >= 30 && age <= 80 ? 0.05 : 0;
	wt[PROC_SKIN] = 0.05 + (age >= 50 ? 0.05 : 0);
	wt[PROC_TONSIL] = age >= 3 && age <= 20 ? 0.30 : 0;
	wt[PROC_ABDO] = age >= 16 ? 0.01 : 0;
	wt[PROC_SCREEN] = age >= 60 && age <= 74 ? 0.06 : 0;
	n = events(c, elective_rate(age) * (1.0 + 0.12 * c->ltc) * 0.95);
	while (n-- > 0)
		elective_spell(c, pick(&c->r, wt, PROC_N));

	/* Chemotherapy in the 18 months after a cancer diagnosis: about four
	 * day-case sessions a year; a fifth coded as same-day admissions
	 * (SB97Z, unpriced). */
	if (synth_has(p, C_CANCER, m) && m - p->onset[C_CANCER] < 548) {
		n = events(c, 4.0);
		while (n-- > 0) {
			struct act a;
			int provider = hospital(c, 1), los = 0;
			ob_date start;

			if (!place_stay(c, &los, &start))
				continue;
			act_init(&a, S_ADMITTED, LINE_ACUTE, provider, start);
			a.end = start;
			a.admimeth = "12";
			a.admisorc = "19";
			a.disdest = "19";
			diag_add(&a, "Z511");
			diag_add(&a, synth_condition_icd10(p, C_CANCER));
			a.proc = "X352";
			a.hrg = ob_rng_bernoulli(&c->r, 0.2) ? H_CHEMO_DAY
							     : H_CHEMOTHERAPY;
			a.tf = "370";
			a.pounds = acute_cost(c, a.hrg, provider, 0, c->fy);
			emit(c, &a);
		}
	}
}

/* ------------------------------------------------------------ A&E, OP */

static double ae_rate(int age)
{
	return age < 5	  ? 0.29
	       : age < 15 ? 0.14
	       : age < 25 ? 0.21
	       : age < 65 ? 0.16
	       : age < 75 ? 0.18
	       : age < 85 ? 0.27
			  : 0.45;
}

static void ae_attendances(struct act_ctx *c)
{
	static const double wt[11] = {0.01, 0.02, 0.04, 0.06, 0.08, 0.12,
				      0.12, 0.15, 0.15, 0.15, 0.10};
	long n = events(c, ae_rate(c->age) * (1.0 + 0.15 * c->ltc) *
			       pow(1.4, c->dep) *
			       (c->p->kind == KIND_UNREG ? 2.0 : 1.0));

	while (n-- > 0) {
		struct act a;
		int provider = hospital(c, 0);

		act_init(&a, S_AE, LINE_ACUTE, provider, year_date(c));
		a.hrg = H_AE1 + pick(&c->r, wt, 11);
		a.tf = "180";
		a.pounds = acute_cost(c, a.hrg, provider, 0, c->fy);
		emit(c, &a);
	}
}

/* The seven pathways of the seed moving out of hospital clinics: share of
 * their attendances held in the community, rising from 2018/19
 * (assumption). */
static double community_share(ob_fy fy)
{
	double s = 0.08 + (fy >= 2018 ? 0.07 * (fy - 2017) : 0.0);

	return s > 0.45 ? 0.45 : s;
}

static int pathway(const char *tf)
{
	static const char *const tfs[] = {"130", "502", "101", "400",
					  "301", "320", "307"};

	for (size_t i = 0; i < COUNT_OF(tfs); i++)
		if (!strcmp(tf, tfs[i]))
			return 1;
	return 0;
}

static double outpatient_rate(const struct act_ctx *c)
{
	int age = c->age, female = c->p->sex == 2;

	return age < 5	  ? 0.6
	       : age < 15 ? 0.45
	       : age < 45 ? (female ? 1.1 : 0.6)
	       : age < 65 ? 1.3
	       : age < 75 ? 2.0
			  : 2.4;
}

static void outpatients(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	static const char *const tf[] = {
	    "130", "502", "501", "101", "400", "301", "320",
	    "307", "340", "361", "370", "110", "100", "120",
	    "330", "410", "430", "420", "300",
	};
	double wt[COUNT_OF(tf)];
	int age = c->age, female = p->sex == 2;
	ob_date m = c->mid;
	long n;

	wt[0] = 0.05 + (age >= 60 ? 0.25 : 0) +
		(synth_has(p, C_DIABETES2, m) ? 0.2 : 0) +
		(synth_has(p, C_VISION, m) ? 0.3 : 0);
	wt[1] = female && age >= 15 && age <= 70 ? 0.25 : 0;
	wt[2] = female && age >= 18 && age <= 44 ? 0.10 : 0;
	wt[3] = (!female && age >= 50 ? 0.2 : 0.05) +
		(synth_has(p, C_INCONTINENCE, m) ? 0.2 : 0);
	wt[4] = 0.05 + (synth_has(p, C_EPILEPSY, m) ? 0.5 : 0) +
		(synth_has(p, C_PARKINSONS, m) ? 0.5 : 0) +
		(synth_has(p, C_STROKE, m) ? 0.2 : 0);
	wt[5] = 0.15;
	wt[6] = 0.05 + (synth_has(p, C_CHD, m) ? 0.4 : 0) +
		(synth_has(p, C_HEART_FAILURE, m) ? 0.4 : 0) +
		(synth_has(p, C_AF, m) ? 0.4 : 0);
	wt[7] = synth_has(p, C_DIABETES2, m) || synth_has(p, C_DIABETES1, m)
		    ? 0.6
		    : 0;
	wt[8] = synth_has(p, C_COPD, m) || synth_has(p, C_ASTHMA, m) ? 0.3 : 0;
	wt[9] = synth_has(p, C_CKD, m) ? 0.2 : 0;
	wt[10] = synth_has(p, C_CANCER, m)
		     ? (m - p->onset[C_CANCER] < 730 ? 1.5 : 0.3)
		     : 0;
	wt[11] = 0.2 + (synth_has(p, C_OSTEOARTHRITIS, m) ? 0.3 : 0) +
		 (synth_has(p, C_HIP_FRACTURE, m) ? 0.3 : 0);
	wt[12] = 0.15;
	wt[13] = 0.1 + (synth_has(p, C_HEARING, m) ? 0.2 : 0);
	wt[14] = 0.15;
	wt[15] = 0.05 + (synth_has(p, C_OSTEOARTHRITIS, m) ? 0.1 : 0);
	wt[16] = age >= 75 && c->fi > 0.24 ? 0.4 : 0;
	wt[17] = age < 16 ? 3.0 : 0;
	wt[18] = 0.1;
	n = events(c, outpatient_rate(c) * (1.0 + 0.25 * c->ltc) * 0.66);
	while (n-- > 0) {
		int k = pick(&c->r, wt, (int)COUNT_OF(tf));
		int first = ob_rng_bernoulli(&c->r, 0.35);
		struct act a;

		if (pathway(tf[k]) &&
		    ob_rng_bernoulli(&c->r, community_share(c->fy))) {
			int fed = ob_rng_bernoulli(&c->r, 0.4);

			act_init(&a, S_COMMUNITY,
				 fed ? LINE_MULTIPLE : LINE_COMMUNITY,
				 c->w->named[fed ? NP_GPFED : NP_CLCH],
				 year_date(c));
			a.tf = tf[k];
			a.pounds = 120.0 * synth_cost_index(c->fy);
		} else {
			int provider = hospital(c, 1);

			if (k == 0 && ob_rng_bernoulli(&c->r, 0.35))
				provider = c->w->named[NP_MOORFIELDS];
			if ((k == 6 || k == 8) && ob_rng_bernoulli(&c->r, 0.1))
				provider = c->w->named[NP_BROMPTON];
			act_init(&a, S_OUTPATIENT, LINE_ACUTE, provider,
				 year_date(c));
			a.tf = tf[k];
			a.hrg = first ? H_OP_FIRST : H_OP_FOLLOWUP;
			a.pounds = acute_cost(c, a.hrg, provider, 0, c->fy);
		}
		emit(c, &a);
	}
}

/* ------------------------------------------------------------ community */

static int month_index(ob_date d);

/* Monthly rows of a caseload from month `first` for `months` months,
 * within the year and the person's time. */
static void monthly(struct act_ctx *c, int setting, int line, int provider,
		    int first, int months, double pounds)
{
	for (int i = first; i < first + months && i < 12; i++) {
		int y = c->fy + (i >= 9), mo = (i + 3) % 12 + 1;
		ob_date s = ob_date_from_ymd(y, mo, 1);
		struct act a;

		if (s < c->t0) {
			if (i != month_index(c->t0))
				continue;
			s = c->t0;
		}
		if (s > c->t1)
			break;
		act_init(&a, setting, line, provider, s);
		a.pounds = pounds * noise(c, 6.0);
		emit(c, &a);
	}
}

static int month_index(ob_date d)
{
	int y, m, dd;

	ob_date_to_ymd(d, &y, &m, &dd);
	return (m + 8) % 12; /* April 0 ... March 11 */
}

static void community(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	const struct synth_world *w = c->w;
	double idx = synth_cost_index(c->fy);
	int first = month_index(c->t0), last = month_index(c->t1);
	long n;

	/* District nursing: housebound or moderately frail people at home,
	 * most people at home in the last months of life, and some older
	 * people for a few months (wounds, injections); one row a month at
	 * about £730 (assumption: some 15 visits). */
	if (!c->in_care_home && c->age >= 18) {
		int eol =
		    p->death != OB_DATE_NONE && ob_fy_of(p->death) == c->fy;
		int need = synth_has(p, C_HOUSEBOUND, c->mid) || c->fi > 0.24;

		if (eol && ob_rng_bernoulli(&c->r, 0.6)) {
			int m = 1 + (int)ob_rng_below(&c->r, 4);
			int from = last - m + 1 < first ? first : last - m + 1;

			monthly(c, S_COMMUNITY, LINE_COMMUNITY,
				w->named[NP_CLCH], from, last - from + 1,
				730.0 * idx);
		} else if (c->age >= 65 &&
			   ob_rng_bernoulli(&c->r, need		  ? 0.6
						   : c->age >= 75 ? 0.08
								  : 0.02)) {
			int m = need ? 3 + (int)ob_rng_below(&c->r, 10)
				     : 1 + (int)ob_rng_below(&c->r, 3);
			int from =
			    first + (int)ob_rng_below(
					&c->r, (uint64_t)(last - first + 1));

			monthly(c, S_COMMUNITY, LINE_COMMUNITY,
				w->named[NP_CLCH], from, m, 730.0 * idx);
		}
	}
	/* Community matrons: case management of people with complex
	 * long-term conditions, monthly for a few months. */
	if (!c->in_care_home && c->age >= 50 && (c->ltc >= 4 || c->fi > 0.30) &&
	    ob_rng_bernoulli(&c->r, 0.25)) {
		int m = 4 + (int)ob_rng_below(&c->r, 9);
		int from = first + (int)ob_rng_below(
				       &c->r, (uint64_t)(last - first + 1));

		monthly(c, S_COMMUNITY, LINE_COMMUNITY, w->named[NP_CLCH], from,
			m, 240.0 * idx);
	}
	/* Specialist nursing for diabetes, COPD and heart failure. */
	if (c->age >= 18 && (synth_has(p, C_DIABETES2, c->mid) ||
			     synth_has(p, C_DIABETES1, c->mid) ||
			     synth_has(p, C_COPD, c->mid) ||
			     synth_has(p, C_HEART_FAILURE, c->mid))) {
		n = events(c, 1.0);
		while (n-- > 0) {
			struct act a;

			act_init(&a, S_COMMUNITY, LINE_COMMUNITY,
				 w->named[NP_CLCH], year_date(c));
			a.pounds = 180.0 * idx;
			emit(c, &a);
		}
	}
	/* Therapy (MSK physiotherapy, falls): one row per course. */
	if (c->age >= 16) {
		n = events(
		    c, 0.11 +
			   (synth_has(p, C_OSTEOARTHRITIS, c->mid) ? 0.25 : 0) +
			   (synth_has(p, C_FALLS, c->mid) ? 0.3 : 0));
		while (n-- > 0) {
			struct act a;

			act_init(&a, S_COMMUNITY, LINE_COMMUNITY,
				 w->named[NP_CLCH], year_date(c));
			a.tf = "650";
			a.pounds = 420.0 * noise(c, 4) * idx;
			emit(c, &a);
		}
	}
	/* Podiatry for people with diabetes. */
	if (synth_has(p, C_DIABETES2, c->mid) ||
	    synth_has(p, C_DIABETES1, c->mid)) {
		n = events(c, 0.8);
		while (n-- > 0) {
			struct act a;

			act_init(&a, S_COMMUNITY, LINE_COMMUNITY,
				 w->named[NP_CLCH], year_date(c));
			a.tf = "653";
			a.pounds = 160.0 * noise(c, 4) * idx;
			emit(c, &a);
		}
	}
	/* Children's community services: health visiting for the under
	 * fives, community paediatrics for children with long-term
	 * conditions (the seed's £0.5m children's line). */
	if (c->age < 16) {
		n = events(c, c->age < 5 ? 0.5 : 0.02 + 0.3 * (c->ltc > 0));
		while (n-- > 0) {
			struct act a;

			act_init(&a, S_COMMUNITY, LINE_CHILDREN,
				 w->named[NP_CLCH], year_date(c));
			a.tf = c->age < 5 ? NULL : "290";
			a.pounds = (c->age < 5 ? 54.0 : 135.0) * idx;
			emit(c, &a);
		}
	}
	/* Care navigators and multidisciplinary team coordination from the
	 * GP federation for frail older people and people with three or
	 * more long-term conditions ("multiple" line). */
	if ((c->age >= 65 && c->fi > 0.12) || c->ltc >= 3) {
		n = events(c, 1.2);
		while (n-- > 0) {
			struct act a;

			act_init(&a, S_COMMUNITY, LINE_MULTIPLE,
				 w->named[NP_GPFED], year_date(c));
			a.pounds = 400.0 * idx;
			emit(c, &a);
		}
	}
}

/* ------------------------------------------------------------ mental health */

static void mental_health(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	const struct synth_world *w = c->w;
	int cnwl = w->named[NP_CNWL];
	double idx = synth_cost_index(c->fy);
	int first = month_index(c->t0), last = month_index(c->t1);

	/* Serious mental illness: care programme approach caseload,
	 * monthly rows, and inpatient stays. */
	if (synth_has(p, C_SMI, c->mid)) {
		if (ob_rng_bernoulli(&c->r, 0.65))
			monthly(c, S_MENTAL_HEALTH, LINE_MH_LD, cnwl, first,
				last - first + 1, 910.0 * idx);
		if (ob_rng_bernoulli(&c->r, 0.10 * c->exposure)) {
			int los = 1 + (int)ob_rng_gamma(&c->r, 1.5, 40.0 / 1.5);
			ob_date start;

			if (place_stay(c, &los, &start)) {
				struct act a;

				act_init(&a, S_MENTAL_HEALTH, LINE_MH_LD, cnwl,
					 start);
				a.end = start + los;
				diag_add(&a, synth_condition_icd10(p, C_SMI));
				a.tf = "710";
				a.pounds = 430.0 * los * idx;
				emit(c, &a);
			}
		}
	}
	/* Learning disability team caseload. */
	if (synth_has(p, C_LEARNING_DISABILITY, c->mid) && c->age >= 14 &&
	    ob_rng_bernoulli(&c->r, 0.6))
		monthly(c, S_MENTAL_HEALTH, LINE_MH_LD, cnwl, first,
			last - first + 1, 600.0 * idx);
	/* Psychological therapies (IAPT) for depression. */
	if (synth_has(p, C_DEPRESSION, c->mid) && c->age >= 16 &&
	    ob_rng_bernoulli(&c->r, 0.16 * c->exposure)) {
		struct act a;

		act_init(&a, S_MENTAL_HEALTH, LINE_MH_LD, cnwl, year_date(c));
		diag_add(&a, "F329");
		a.pounds = 620.0 * idx;
		emit(c, &a);
	}
	/* Memory service: assessment in the year dementia is diagnosed, and
	 * for some people with memory problems. */
	if ((p->recorded[C_DEMENTIA] != OB_DATE_NONE &&
	     ob_fy_of(p->recorded[C_DEMENTIA]) == c->fy) ||
	    (synth_has(p, C_COGNITIVE, c->mid) &&
	     ob_rng_bernoulli(&c->r, 0.1 * c->exposure))) {
		struct act a;

		act_init(&a, S_MENTAL_HEALTH, LINE_MH_LD, cnwl, year_date(c));
		if (p->recorded[C_DEMENTIA] != OB_DATE_NONE &&
		    ob_fy_of(p->recorded[C_DEMENTIA]) == c->fy &&
		    p->recorded[C_DEMENTIA] >= c->t0)
			a.start = p->recorded[C_DEMENTIA];
		a.tf = "715";
		a.pounds = 780.0 * idx;
		emit(c, &a);
	}
	/* Child and adolescent mental health services. */
	if (c->age >= 5 && c->age < 18 &&
	    ob_rng_bernoulli(&c->r, 0.02 * c->exposure)) {
		struct act a;

		act_init(&a, S_MENTAL_HEALTH, LINE_MH_LD, cnwl, year_date(c));
		a.tf = "711";
		a.pounds = 1400.0 * idx;
		emit(c, &a);
	}
}

/* ------------------------------------------------------------ primary care */

/* GP consultations a year by age and sex (assumption after the QResearch
 * and CPRD consultation-rate studies, scaled down to keep row counts
 * moderate: one row per consultation). */
static double gp_rate(int age, int female)
{
	double r = age < 5    ? 4.0
		   : age < 15 ? 1.6
		   : age < 45 ? (female ? 2.8 : 1.6)
		   : age < 65 ? 2.8
		   : age < 75 ? 4.2
		   : age < 85 ? 5.5
			      : 6.5;

	return r * 0.6;
}

static int practice_provider(const struct act_ctx *c, ob_date on)
{
	int pr = synth_practice_on(c->p, on);

	return pr < 0 ? -1 : c->w->practice[pr].provider;
}

static void primary_care(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	const struct synth_world *w = c->w;
	double idx = synth_cost_index(c->fy);
	long n;

	/* Urgent care centres and GP out of hours: everyone, the
	 * unregistered most. */
	n = events(c, (c->age < 5    ? 0.55
		       : c->age < 15 ? 0.25
		       : c->age < 45 ? 0.30
		       : c->age < 65 ? 0.22
				     : 0.30) *
			  (p->kind == KIND_UNREG ? 2.5 : 1.0));
	while (n-- > 0) {
		struct act a;
		int ooh = ob_rng_bernoulli(&c->r, 0.25);

		act_init(&a, S_PRIMARY_CARE, LINE_URGENT_OOH,
			 w->named[NP_URGENT], year_date(c));
		a.pounds = (ooh ? 113.0 : 86.0) * idx;
		emit(c, &a);
	}
	if (!p->nspell)
		return;
	/* Consultations at the practice (core contract, out of scope). */
	n = events(c, gp_rate(c->age, p->sex == 2) * (1.0 + 0.25 * c->ltc));
	while (n-- > 0) {
		struct act a;
		ob_date d = year_date(c);
		int prov = practice_provider(c, d);

		if (prov < 0)
			continue;
		act_init(&a, S_PRIMARY_CARE, LINE_PC_CORE, prov, d);
		a.pounds = 37.0 * idx;
		emit(c, &a);
	}
	/* Cervical screening (the cancer screening pathway): every three
	 * years at 25-49 and five at 50-64, uptake about 60% rising two
	 * points a year from 2018/19 with primary care support. */
	if (p->sex == 2 && c->age >= 25 && c->age <= 64) {
		double uptake =
		    0.58 + (c->fy >= 2018 ? 0.02 * (c->fy - 2017) : 0);

		if (ob_rng_bernoulli(&c->r, (c->age < 50 ? 1.0 / 3 : 0.2) *
						uptake * c->exposure)) {
			struct act a;
			ob_date d = year_date(c);
			int prov = practice_provider(c, d);

			if (prov >= 0) {
				act_init(&a, S_PRIMARY_CARE, LINE_PC_CORE, prov,
					 d);
				diag_add(&a, "Z124");
				a.pounds = 15.0 * idx;
				emit(c, &a);
			}
		}
	}
	/* Care-plan reviews (locally enhanced service). */
	if (p->care_plan != OB_DATE_NONE && p->care_plan <= c->t1) {
		struct act a;
		ob_date d = year_date(c);
		int prov;

		if (d < p->care_plan)
			d = p->care_plan;
		prov = practice_provider(c, d);
		if (prov >= 0) {
			act_init(&a, S_PRIMARY_CARE, LINE_PC_COMMISSIONING,
				 prov, d);
			a.pounds = 150.0 * idx;
			emit(c, &a);
		}
	}
	/* Enhanced services: annual health checks for people with a
	 * learning disability or serious mental illness, and NHS Health
	 * Checks at 40-74 every five years (uptake about half). */
	if ((synth_has(p, C_LEARNING_DISABILITY, c->mid) && c->age >= 14) ||
	    synth_has(p, C_SMI, c->mid) ||
	    (c->age >= 40 && c->age <= 74 && c->ltc == 0 &&
	     ob_rng_bernoulli(&c->r, 0.1 * c->exposure))) {
		struct act a;
		ob_date d = year_date(c);
		int prov = practice_provider(c, d);

		if (prov >= 0) {
			act_init(&a, S_PRIMARY_CARE, LINE_PC_COMMISSIONING,
				 prov, d);
			a.pounds = (c->ltc ? 170.0 : 45.0) * idx;
			emit(c, &a);
		}
	}
	/* Extended access hubs run by the 09A GP federation, from
	 * 2017/18. */
	if (!p->commissioned)
		return;
	n = events(c, c->fy >= 2017 ? 0.3 : 0.2);
	while (n-- > 0) {
		struct act a;

		act_init(&a, S_PRIMARY_CARE, LINE_PC_COMMISSIONING,
			 w->named[NP_GPFED], year_date(c));
		a.pounds = 45.0 * idx;
		emit(c, &a);
	}
}

/* ------------------------------------------------------------ prescribing */

/* Quarterly drug cost per condition treated, pounds at 2017/18 prices
 * (assumption of the order of NHS Business Services Authority
 * prescription cost analysis figures). */
static const double drug_cost[C_COUNT] = {
    [C_HYPERTENSION] = 9,
    [C_DIABETES2] = 55,
    [C_DIABETES1] = 150,
    [C_COPD] = 95,
    [C_ASTHMA] = 45,
    [C_CHD] = 14,
    [C_HEART_FAILURE] = 22,
    [C_AF] = 120,
    [C_CKD] = 6,
    [C_STROKE] = 12,
    [C_DEMENTIA] = 10,
    [C_CANCER] = 30,
    [C_DEPRESSION] = 9,
    [C_SMI] = 60,
    [C_EPILEPSY] = 45,
    [C_LEARNING_DISABILITY] = 20,
    [C_OSTEOPOROSIS] = 6,
    [C_PARKINSONS] = 80,
    [C_OSTEOARTHRITIS] = 12,
    [C_HYPOTHYROID] = 4,
    [C_ANAEMIA] = 3,
    [C_INCONTINENCE] = 25,
};

static void prescribing(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	double idx = synth_cost_index(c->fy);
	int any = 0;

	if (!p->nspell)
		return;
	/* One row a quarter for repeat medicines of recorded conditions. */
	for (int q = 0; q < 4; q++) {
		static const int month[5] = {4, 7, 10, 13, 16};
		ob_date qs = ob_date_from_ymd(c->fy + (month[q] > 12),
					      (month[q] - 1) % 12 + 1, 1);
		ob_date qe = ob_date_from_ymd(c->fy + (month[q + 1] > 12),
					      (month[q + 1] - 1) % 12 + 1, 1) -
			     1;
		ob_date on = qs < c->t0 ? c->t0 : qs;
		double cost = 0;
		struct act a;
		int prov;

		if (on > c->t1 || on > qe)
			continue;
		for (int k = 0; k < C_COUNT; k++)
			if (drug_cost[k] > 0 &&
			    p->recorded[k] != OB_DATE_NONE &&
			    p->recorded[k] <= on)
				cost += drug_cost[k];
		if (cost <= 0)
			continue;
		prov = practice_provider(c, on);
		if (prov < 0)
			continue;
		act_init(&a, S_PRESCRIBING, LINE_PRESCRIBING, prov, on);
		a.pounds = 1.38 * cost * noise(c, 5) * idx;
		emit(c, &a);
		any = 1;
	}
	/* Acute prescriptions for the rest: one row a year. */
	if (!any && ob_rng_bernoulli(&c->r, 0.45 * c->exposure)) {
		struct act a;
		ob_date d = year_date(c);
		int prov = practice_provider(c, d);

		if (prov >= 0) {
			act_init(&a, S_PRESCRIBING, LINE_PRESCRIBING, prov, d);
			a.pounds = 27.0 * noise(c, 2) * idx;
			emit(c, &a);
		}
	}
}

/* ------------------------------------------------------------ social care */

static double period_cost(const struct act_ctx *c, ob_date from, ob_date to,
			  double weekly)
{
	const struct synth_world *w = c->w;
	ob_date lo = from < w->start ? w->start : from;
	ob_date hi = to == OB_DATE_NONE || to > w->end ? w->end : to;
	double total = 0;

	for (ob_fy fy = w->first_year; fy <= w->last_year; fy++) {
		ob_date a = ob_fy_start(fy), b = ob_fy_end(fy);

		if (a < lo)
			a = lo;
		if (b > hi)
			b = hi;
		if (b >= a)
			total += weekly * (double)(b - a + 1) / 7.0 *
				 synth_cost_index(fy);
	}
	return total;
}

/* Packages and placements are written once each, with the cost of their
 * days inside the extract's years. */
static void social_care(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	const struct synth_world *w = c->w;

	for (int i = 0; i < p->npackage; i++) {
		const struct synth_package *k = &p->package[i];
		struct act a;

		act_init(&a, S_SOCIAL_CARE, LINE_ADULTS_BCF,
			 w->named[NP_COUNCIL], k->from);
		a.end = k->to;
		a.pounds = period_cost(c, k->from, k->to, k->weekly);
		a.spread = 1;
		emit(c, &a);
	}
	if (p->care_home != OB_DATE_NONE) {
		struct act a;
		int nursing = p->care_home_provider != w->named[NP_CAREHOME3];
		ob_date end = p->death != OB_DATE_NONE || p->moved_away
				  ? p->to
				  : OB_DATE_NONE;

		act_init(&a, S_CARE_HOME, LINE_IC_CHC, p->care_home_provider,
			 p->care_home);
		a.end = end;
		a.permanent = 1;
		/* NHS-funded nursing care and continuing healthcare share of
		 * the weekly fee (assumption). */
		a.pounds =
		    period_cost(c, p->care_home, end, nursing ? 940.0 : 360.0);
		a.spread = 1;
		emit(c, &a);
	}
}

/* Respite stays for frail people living with a carer. */
static void respite(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	struct act a;
	int los;
	ob_date start;

	if (c->age < 65 || c->fi <= 0.24 || c->in_care_home ||
	    p->lives_alone != 0 || !p->nspell ||
	    !ob_rng_bernoulli(&c->r, 0.06 * c->exposure))
		return;
	los = 7 + (int)ob_rng_below(&c->r, 22);
	if (!place_stay(c, &los, &start))
		return;
	act_init(&a, S_CARE_HOME, LINE_IC_CHC,
		 c->w->named[NP_CAREHOME1 + (int)ob_rng_below(&c->r, 3)],
		 start);
	a.end = start + los;
	a.permanent = 0;
	a.pounds = 700.0 / 7.0 * (los + 1) * synth_cost_index(c->fy);
	emit(c, &a);
}

/* ------------------------------------------------------------ the year */

static void one_year(struct act_ctx *c)
{
	const struct synth_person *p = c->p;
	const struct synth_world *w = c->w;

	c->mid = c->t0 + (c->t1 - c->t0) / 2;
	c->exposure = (double)(c->t1 - c->t0 + 1) / YEAR_DAYS;
	c->age = synth_age(p, c->mid);
	c->ltc = synth_ltc_count(p, c->mid);
	c->fi = synth_frailty_index(p, c->mid);
	c->in_care_home =
	    p->care_home != OB_DATE_NONE && p->care_home <= c->mid;
	/* Forget stays that ended well before this year (stays placed at a
	 * fixed end, such as the one ending in death, may reach back into
	 * the previous year). */
	for (int i = 0; i < c->nbusy;) {
		if (c->busy_to[i] < c->t0 - 120) {
			c->busy_from[i] = c->busy_from[c->nbusy - 1];
			c->busy_to[i] = c->busy_to[c->nbusy - 1];
			c->nbusy--;
		} else {
			i++;
		}
	}
	c->improve = w->opt.improvement_year && c->fy >= w->opt.improvement_year
			 ? 1.0 - w->opt.improvement
			 : 1.0;

	/* Stays with fixed dates first, so the others avoid them. */
	if (p->death != OB_DATE_NONE && ob_fy_of(p->death) == c->fy &&
	    p->hospital_death)
		terminal_spell(c);
	if (p->care_home != OB_DATE_NONE && !p->care_home_before &&
	    p->care_home_via_hospital && ob_fy_of(p->care_home) == c->fy &&
	    p->care_home > p->from + 2) {
		double wt[COUNT_OF(frail_causes)];
		int k;

		for (size_t i = 0; i < COUNT_OF(frail_causes); i++)
			wt[i] = frail_causes[i].weight;
		k = pick(&c->r, wt, (int)COUNT_OF(frail_causes));
		emergency_spell(c, frail_causes[k].icd10, frail_causes[k].hrg,
				18.0, 1, p->care_home, "85");
	}
	emergencies(c);
	maternity(c);
	electives(c);
	ae_attendances(c);
	outpatients(c);
	community(c);
	mental_health(c);
	primary_care(c);
	prescribing(c);
	respite(c);
}

void synth_activity_write(const struct synth_world *w,
			  const struct synth_person *p, struct synth_out *o,
			  struct synth_defects *d)
{
	struct act_ctx c;

	memset(&c, 0, sizeof(c));
	c.w = w;
	c.p = p;
	c.o = o;
	c.d = d;
	ob_rng_seed(&c.r, w->opt.seed,
		    (uint64_t)p->index * 8 + STREAM_ACTIVITY);
	c.locality = p->locality;
	if (c.locality == LOC_NONE) {
		int pr = p->nspell ? p->spell[0].practice : -1;

		c.locality = pr >= 0 && w->practice[pr].locality != LOC_NONE
				 ? w->practice[pr].locality
				 : LOC_NORTH;
	}
	c.dep = (10.0 - p->decile) / 9.0;
	for (ob_fy fy = w->first_year; fy <= w->last_year; fy++) {
		c.fy = fy;
		c.t0 = ob_fy_start(fy);
		c.t1 = ob_fy_end(fy);
		if (c.t1 < p->from || c.t0 > p->to)
			continue;
		if (c.t0 < p->from)
			c.t0 = p->from;
		if (c.t1 > p->to)
			c.t1 = p->to;
		one_year(&c);
	}
	social_care(&c);
}
