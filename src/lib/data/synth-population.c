/*
 * synth-population.c - one synthetic person's life: who they are, where
 * they live and are registered, when they arrive, move practice, leave or
 * die, which long-term conditions and frailty deficits they have and when
 * these are recorded, and their social care (home care packages, care-home
 * placements).  Activity is generated from this in synth-activity.c.
 *
 * People are numbered; the index says what kind of person it is
 * (synth_world.off_*): the base cohort registered with a 09A practice on
 * the first day, Westminster residents registered with West London CCG
 * (08Y), residents registered nowhere, babies born and people moving in
 * during the extract's years.  Each person draws from their own stream.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "synth-internal.h"

#define YEAR_DAYS 365.25

/*
 * Conditions: prevalence at age a is pmax / (1 + exp(-(a - a50) / slope)),
 * times dep_rr^((10 - decile) / 9) (so the most deprived decile has dep_rr
 * times the prevalence of the least deprived), times exp(beta z - beta^2/2)
 * for latent ill health z, times male_rr for men.  The curves are
 * assumptions shaped on QOF prevalence by age (NHS Digital QOF 2017/18) and
 * on the literature for the frailty deficits; docs/synthetic.md lists them.
 * SNOMED ids are concept ids checked (Verhoeff) by the unit tests.
 */
const struct synth_condition_def synth_conditions[C_COUNT] = {
    /* name, male_rr, pmax, a50, slope, dep_rr, beta, rec, icd10, snomed,
     * ltc, efi */
    [C_HYPERTENSION] = {"hypertension", 1.1, 0.65, 66, 11, 1.4, 0.5, 0.80,
			"I10X", "38341003", 1, 1},
    [C_DIABETES2] = {"type 2 diabetes", 1.2, 0.24, 63, 10, 2.0, 0.5, 0.85,
		     "E119", "44054006", 1, 1},
    [C_DIABETES1] = {"type 1 diabetes", 1.1, 0.006, 12, 5, 1.0, 0.2, 1.0,
		     "E109", "46635009", 1, 1},
    [C_COPD] = {"COPD", 1.2, 0.12, 72, 8, 3.0, 0.6, 0.75, "J449", "13645005", 1,
		1},
    [C_ASTHMA] = {"asthma", 0.9, 0.06, 8, 5, 1.4, 0.3, 0.90, "J459",
		  "195967001", 1, 1},
    [C_CHD] = {"coronary heart disease", 1.6, 0.20, 75, 9, 1.8, 0.6, 0.90,
	       "I259", "53741008", 1, 1},
    [C_HEART_FAILURE] = {"heart failure", 1.2, 0.20, 85, 7, 1.8, 0.8, 0.80,
			 "I500", "84114007", 1, 1},
    [C_AF] = {"atrial fibrillation", 1.3, 0.22, 81, 7, 1.1, 0.5, 0.80, "I489",
	      "49436004", 1, 1},
    [C_CKD] = {"chronic kidney disease 3-5", 0.8, 0.35, 80, 8, 1.5, 0.6, 0.80,
	       "N183", "433144002", 1, 1},
    [C_STROKE] = {"stroke", 1.2, 0.13, 81, 8, 1.8, 0.7, 0.90, "I639",
		  "230690007", 1, 1},
    [C_DEMENTIA] = {"dementia", 0.8, 0.45, 88, 5, 1.3, 0.7, 0.68, "F03X",
		    "52448006", 1, 1},
    [C_CANCER] = {"cancer", 1.0, 0.22, 74, 9, 1.0, 0.4, 0.95, NULL, NULL, 1, 0},
    [C_DEPRESSION] = {"depression", 0.6, 0.14, 30, 10, 1.8, 0.4, 0.75, "F329",
		      "35489007", 1, 0},
    [C_SMI] = {"serious mental illness", 1.2, 0.015, 26, 5, 3.0, 0.5, 0.95,
	       NULL, NULL, 1, 0},
    [C_EPILEPSY] = {"epilepsy", 1.1, 0.006, 15, 10, 1.8, 0.3, 0.95, "G409",
		    "84757009", 1, 0},
    [C_LEARNING_DISABILITY] = {"learning disability", 1.4, 0.0035, 3, 2, 1.5,
			       0.3, 0.90, "F799", "110359009", 1, 0},
    [C_OSTEOPOROSIS] = {"osteoporosis", 0.3, 0.30, 78, 8, 1.2, 0.5, 0.60,
			"M819", "64859006", 0, 1},
    [C_PARKINSONS] = {"Parkinson's disease", 1.4, 0.03, 80, 6, 1.0, 0.4, 0.95,
		      "G20X", "49049000", 1, 1},
    [C_OSTEOARTHRITIS] = {"osteoarthritis", 0.8, 0.45, 70, 10, 1.3, 0.3, 0.70,
			  "M199", "396275006", 0, 1},
    [C_HYPOTHYROID] = {"hypothyroidism", 0.2, 0.10, 60, 12, 1.0, 0.2, 0.90,
		       "E039", "40930008", 0, 1},
    [C_ANAEMIA] = {"iron deficiency anaemia", 0.8, 0.15, 82, 8, 1.5, 0.6, 0.70,
		   "D509", "271737000", 0, 1},
    [C_FALLS] = {"falls", 0.8, 0.45, 86, 5, 1.3, 1.0, 0.70, "R296", "161898004",
		 0, 1},
    [C_INCONTINENCE] = {"urinary incontinence", 0.7, 0.35, 86, 6, 1.2, 0.9,
			0.70, "R32X", "165232002", 0, 1},
    [C_MOBILITY] = {"mobility problems", 0.9, 0.45, 88, 5, 1.3, 1.0, 0.70,
		    "R268", "282145008", 0, 1},
    [C_COGNITIVE] = {"memory impairment", 0.9, 0.30, 86, 5, 1.2, 0.9, 0.60,
		     "R413", "386807006", 0, 1},
    [C_HEARING] = {"hearing loss", 1.2, 0.45, 80, 8, 1.0, 0.4, 0.60, "H919",
		   "15188001", 0, 1},
    [C_VISION] = {"visual impairment", 0.9, 0.15, 88, 6, 1.2, 0.6, 0.60, "H549",
		  "397540003", 0, 1},
    [C_DIZZINESS] = {"dizziness", 0.9, 0.20, 82, 8, 1.1, 0.7, 0.60, "R42X",
		     "404640003", 0, 1},
    [C_PRESSURE_ULCER] = {"pressure ulcer", 1.0, 0.08, 90, 5, 1.3, 1.2, 0.80,
			  "L899", "399912005", 0, 1},
    [C_WEIGHT_LOSS] = {"weight loss", 1.0, 0.12, 88, 6, 1.3, 1.0, 0.60, "R634",
		       "89362005", 0, 1},
    [C_HIP_FRACTURE] = {"fracture of neck of femur", 0.5, 0.12, 86, 6, 1.2, 0.9,
			0.90, "S720", NULL, 0, 1},
    [C_HOUSEBOUND] = {"housebound", 0.8, 0.20, 90, 5, 1.3, 1.1, 0.80, "Z740",
		      "160689007", 0, 1},
};

/* Sub-typed codes.  Cancer: women breast, men prostate; lung; colon. */
static const char *const cancer_icd[2][3] = {
    {"C61X", "C349", "C189"}, /* men */
    {"C509", "C349", "C189"}, /* women */
};
static const char *const cancer_snomed[2][3] = {
    {"399068003", "93880001", "363406005"},
    {"254837009", "93880001", "363406005"},
};

const char *synth_condition_icd10(const struct synth_person *p, int c)
{
	switch (c) {
	case C_CANCER:
		return cancer_icd[p->sex == 2][p->subtype[c] % 3];
	case C_DEMENTIA:
		return p->subtype[c] == 0   ? "F009"
		       : p->subtype[c] == 1 ? "F019"
					    : "F03X";
	case C_SMI:
		return p->subtype[c] ? "F319" : "F209";
	default:
		return synth_conditions[c].icd10;
	}
}

const char *synth_condition_snomed(const struct synth_person *p, int c)
{
	switch (c) {
	case C_CANCER:
		return cancer_snomed[p->sex == 2][p->subtype[c] % 3];
	case C_DEMENTIA:
		return p->subtype[c] == 0 ? "26929004" : "52448006";
	case C_SMI:
		return p->subtype[c] ? "13746004" : "58214004";
	default:
		return synth_conditions[c].snomed;
	}
}

/* ------------------------------------------------------------ queries */

int synth_age(const struct synth_person *p, ob_date on)
{
	return ob_age_on(p->birth, on);
}

int synth_has(const struct synth_person *p, int c, ob_date on)
{
	return p->onset[c] != OB_DATE_NONE && p->onset[c] <= on;
}

int synth_ltc_count(const struct synth_person *p, ob_date on)
{
	int n = 0;

	for (int c = 0; c < C_COUNT; c++)
		if (synth_conditions[c].ltc && synth_has(p, c, on))
			n++;
	return n;
}

/*
 * An eFI-like frailty index: deficits present / 36 (Clegg et al. 2016).
 * Conditions map to the eFI deficits they belong to (asthma and COPD are
 * one deficit, "respiratory disease"; dementia and memory impairment one,
 * "cognitive problems"); living alone counts as social vulnerability and
 * five or more long-term conditions as polypharmacy.
 */
double synth_frailty_index(const struct synth_person *p, ob_date on)
{
	int n = 0, resp = 0, cog = 0;

	for (int c = 0; c < C_COUNT; c++) {
		if (!synth_conditions[c].efi || !synth_has(p, c, on))
			continue;
		if (c == C_COPD || c == C_ASTHMA)
			resp = 1;
		else if (c == C_DEMENTIA || c == C_COGNITIVE)
			cog = 1;
		else if (c == C_DIABETES1)
			; /* counted with type 2 below */
		else
			n++;
	}
	if (synth_has(p, C_DIABETES1, on) && !synth_has(p, C_DIABETES2, on))
		n++;
	n += resp + cog;
	if (p->lives_alone == 1 && synth_age(p, on) >= 65)
		n++;
	if (synth_ltc_count(p, on) >= 5)
		n++;
	return n / 36.0;
}

int synth_practice_on(const struct synth_person *p, ob_date on)
{
	for (int i = 0; i < p->nspell; i++)
		if (p->spell[i].from <= on &&
		    (p->spell[i].to == OB_DATE_NONE || on <= p->spell[i].to))
			return p->spell[i].practice;
	return -1;
}

/* ------------------------------------------------------------ ages */

/* Weights of single years of age within the LSOA estimates' broad groups
 * (0-15, 16-59, 60+): the inner-London shape with its bulge of young
 * adults (assumption informed by the ONS mid-2017 estimates for
 * Westminster). */
static double age_weight(int a)
{
	static const double adult[9] = {0.6,  1.3,  1.7,  1.6, 1.3,
					1.05, 0.95, 0.85, 0.75};
	static const double old[9] = {1.0, 0.85, 0.7,	0.5,  0.36,
				      0.2, 0.08, 0.025, 0.005};

	if (a < 16)
		return 1.1 - 0.02 * a;
	if (a < 60)
		return a < 20 ? adult[0] : adult[1 + (a - 20) / 5];
	return a >= 105 ? 0 : old[(a - 60) / 5];
}

static int draw_age_in(struct ob_rng *r, int lo, int hi)
{
	double total = 0, u;

	for (int a = lo; a <= hi; a++)
		total += age_weight(a);
	u = ob_rng_uniform(r) * total;
	for (int a = lo; a <= hi; a++) {
		u -= age_weight(a);
		if (u < 0)
			return a;
	}
	return hi;
}

static int draw_resident_age(struct ob_rng *r, const struct synth_lsoa *l)
{
	double u = ob_rng_uniform(r);

	if (u < l->share[0])
		return draw_age_in(r, 0, 15);
	if (u < l->share[0] + l->share[1])
		return draw_age_in(r, 16, 59);
	return draw_age_in(r, 60, 104);
}

/* Draw from a table of age bands {lo, hi, share}. */
struct age_band {
	int lo, hi;
	double share;
};

static int draw_band(struct ob_rng *r, const struct age_band *b, int n)
{
	double u = ob_rng_uniform(r);

	for (int i = 0; i < n; i++) {
		if (u < b[i].share || i == n - 1)
			return b[i].lo +
			       (int)ob_rng_below(
				   r, (uint64_t)(b[i].hi - b[i].lo + 1));
		u -= b[i].share;
	}
	return b[n - 1].lo;
}

/* Ages of people moving in (assumption: the young-adult profile of
 * internal and international migration to inner London, ONS). */
static const struct age_band migrant_ages[] = {
    {0, 15, 0.10},  {16, 19, 0.05}, {20, 24, 0.20}, {25, 29, 0.25},
    {30, 34, 0.17}, {35, 44, 0.13}, {45, 64, 0.07}, {65, 90, 0.03},
};
/* Ages of residents registered nowhere (assumption: mostly working-age
 * adults, as in studies of unregistered and homeless people). */
static const struct age_band unregistered_ages[] = {
    {16, 19, 0.05},
    {20, 44, 0.70},
    {45, 64, 0.20},
    {65, 85, 0.05},
};

static int draw_sex(struct ob_rng *r, int age)
{
	double male = age < 16	 ? 0.512
		      : age < 60 ? 0.51
				 : 0.49 - 0.006 * (age - 60);

	if (male < 0.28)
		male = 0.28;
	return ob_rng_bernoulli(r, male) ? 1 : 2;
}

/* A birth date making someone `age` whole years old on `on`. */
static ob_date birth_for_age(struct ob_rng *r, int age, ob_date on)
{
	return on - (ob_date)floor((age + ob_rng_uniform(r)) * YEAR_DAYS) - 1;
}

/* ------------------------------------------------------------ hazards */

/* Out-migration per year by age (assumption giving the high turnover of
 * inner-London lists: about 9% of the list leaves each year). */
static double move_away_rate(int age)
{
	if (age < 16)
		return 0.07;
	if (age < 18)
		return 0.05;
	if (age < 25)
		return 0.14;
	if (age < 35)
		return 0.16;
	if (age < 45)
		return 0.10;
	if (age < 65)
		return 0.045;
	return 0.025;
}

/* SD of log latent ill health in the mortality hazard. */
#define FRAILTY_SIGMA 0.5

static double death_rate(const struct synth_world *w,
			 const struct synth_person *p, double age)
{
	int s = p->sex == 2;
	double mu = w->gompertz_a[s][p->decile] * exp(w->gompertz_b[s] * age) +
		    w->makeham[s] + (age < 1.0 ? 0.0035 : 0.0);

	return mu *
	       exp(FRAILTY_SIGMA * p->z - FRAILTY_SIGMA * FRAILTY_SIGMA / 2);
}

/* ------------------------------------------------------------ building */

static int base_practice(const struct synth_world *w, long index)
{
	for (int i = 0; i < w->n09a; i++)
		if (index < w->practice[i].first + w->practice[i].quota)
			return i;
	return w->n09a - 1;
}

static int draw_09a_practice(const struct synth_world *w, struct ob_rng *r)
{
	return synth_draw_cum(r, w->practice_cum, w->n09a);
}

/* Another 09A practice for a move: the same locality four times in
 * five, weighted by list size. */
static int move_practice(const struct synth_world *w, struct ob_rng *r,
			 int from)
{
	int same = ob_rng_bernoulli(r, 0.8);

	for (int tries = 0; tries < 50; tries++) {
		int to = draw_09a_practice(w, r);

		if (to == from)
			continue;
		if (same &&
		    w->practice[to].locality != w->practice[from].locality)
			continue;
		return to;
	}
	return from == 0 ? 1 : 0;
}

static ob_date rand_date(struct ob_rng *r, ob_date lo, ob_date hi)
{
	if (hi <= lo)
		return lo;
	return lo + (ob_date)ob_rng_below(r, (uint64_t)(hi - lo + 1));
}

static void set_place(const struct synth_world *w, struct synth_person *p,
		      int lsoa)
{
	p->lsoa = lsoa;
	p->decile = w->lsoa[lsoa].decile;
	p->locality = w->lsoa[lsoa].locality;
}

/* Who the person is and when they enter the extract. */
static void make_identity(const struct synth_world *w, struct ob_rng *r,
			  struct synth_person *p)
{
	long i = p->index;
	int age = 0, practice = -1;
	ob_date reg_from = OB_DATE_NONE;

	if (i < w->off_qpp) {
		p->kind = KIND_BASE;
		practice = base_practice(w, i);
		set_place(
		    w, p,
		    synth_draw_cum(r, w->practice[practice].res_cum, w->nlsoa));
		age = draw_resident_age(r, &w->lsoa[p->lsoa]);
	} else if (i < w->off_unreg) {
		p->kind = KIND_QPP;
		set_place(w, p, synth_draw_cum(r, w->qpp_lsoa_cum, w->nlsoa));
		practice = w->n09a + (int)ob_rng_below(r, 4);
		age = draw_resident_age(r, &w->lsoa[p->lsoa]);
	} else if (i < w->off_births) {
		p->kind = KIND_UNREG;
		set_place(w, p, synth_draw_cum(r, w->unreg_lsoa_cum, w->nlsoa));
		age = draw_band(r, unregistered_ages,
				(int)COUNT_OF(unregistered_ages));
	} else if (i < w->off_inmig) {
		p->kind = KIND_BIRTH;
		practice = draw_09a_practice(w, r);
		set_place(
		    w, p,
		    synth_draw_cum(r, w->practice[practice].res_cum, w->nlsoa));
	} else {
		p->kind = i < w->off_qpp_inmig ? KIND_INMIG : KIND_QPP_INMIG;
		if (p->kind == KIND_INMIG) {
			practice = draw_09a_practice(w, r);
			set_place(w, p,
				  synth_draw_cum(r,
						 w->practice[practice].res_cum,
						 w->nlsoa));
		} else {
			set_place(w, p,
				  synth_draw_cum(r, w->qpp_lsoa_cum, w->nlsoa));
			practice = w->n09a + (int)ob_rng_below(r, 4);
		}
		age = draw_band(r, migrant_ages, (int)COUNT_OF(migrant_ages));
	}
	p->z = ob_rng_normal(r);

	switch (p->kind) {
	case KIND_BASE:
	case KIND_QPP:
	case KIND_UNREG:
		p->sex = draw_sex(r, age);
		p->birth = birth_for_age(r, age, w->start);
		p->from = w->start;
		if (p->kind != KIND_UNREG) {
			/* Registered some time in the last 12 years. */
			ob_date earliest = p->birth + 14;
			ob_date back =
			    w->start - (ob_date)ob_rng_below(r, 12 * 365 + 1);

			reg_from = back > earliest ? back : earliest;
			if (reg_from > p->from)
				p->from = reg_from;
		}
		break;
	case KIND_BIRTH:
		p->sex = ob_rng_bernoulli(r, 0.512) ? 1 : 2;
		p->birth = rand_date(r, w->start, w->end);
		reg_from = p->birth + 14 + (ob_date)ob_rng_below(r, 47);
		if (reg_from > w->end)
			reg_from = w->end;
		p->from = reg_from;
		break;
	default: {
		ob_date arrive = rand_date(r, w->start, w->end);

		p->sex = draw_sex(r, age);
		p->birth = birth_for_age(r, age, arrive);
		reg_from = arrive;
		p->from = arrive;
		break;
	}
	}
	if (practice >= 0) {
		p->spell[0].practice = practice;
		p->spell[0].from = reg_from;
		p->spell[0].to = OB_DATE_NONE;
		p->nspell = 1;
	}
	p->commissioned = p->kind != KIND_QPP && p->kind != KIND_QPP_INMIG;
	/* Living alone (assumption from the 2011 census for Westminster:
	 * about 45% of people aged 65+ and a fifth of adults of working age
	 * in one-person households); unknown for the unregistered. */
	if (p->kind == KIND_UNREG)
		p->lives_alone = -1;
	else if (age >= 65)
		p->lives_alone =
		    ob_rng_bernoulli(r, p->decile <= 3 ? 0.47 : 0.42);
	else if (age >= 18)
		p->lives_alone = ob_rng_bernoulli(r, 0.20);
	else
		p->lives_alone = 0;
}

/*
 * Year by year from entry: death (Gompertz-Makeham by sex and IMD decile,
 * times latent ill health), moving away (registered people), and a move to
 * another practice (2% a year, 09A only, at most once).  Each year is one
 * step with the hazards at the middle of the year.
 */
static void make_life_course(const struct synth_world *w, struct ob_rng *r,
			     struct synth_person *p)
{
	ob_date t = p->from;

	p->death = OB_DATE_NONE;
	p->to = w->end;
	for (ob_fy fy = w->first_year; fy <= w->last_year; fy++) {
		ob_date t0 = ob_fy_start(fy), t1 = ob_fy_end(fy);
		double len, age, hd, hm, ev;

		if (t1 < t)
			continue;
		if (t0 < t)
			t0 = t;
		len = (double)(t1 - t0 + 1) / YEAR_DAYS;
		age = (double)((t0 + t1) / 2 - p->birth) / YEAR_DAYS;
		hd = death_rate(w, p, age);
		hm = p->kind == KIND_UNREG ? 0.0 : move_away_rate((int)age);
		ev = 1.0 - exp(-(hd + hm) * len);
		if (ob_rng_uniform(r) < ev) {
			ob_date when = rand_date(r, t0, t1);

			if (ob_rng_uniform(r) * (hd + hm) < hd) {
				p->death = when;
			} else {
				p->moved_away = 1;
			}
			p->to = when;
			break;
		}
		if (p->nspell == 1 && p->kind != KIND_QPP &&
		    p->kind != KIND_QPP_INMIG && p->kind != KIND_UNREG &&
		    ob_rng_bernoulli(r, 0.02)) {
			ob_date when = rand_date(r, t0, t1);

			if (when > p->spell[0].from + 30) {
				p->spell[1].practice =
				    move_practice(w, r, p->spell[0].practice);
				p->spell[1].from = when;
				p->spell[1].to = OB_DATE_NONE;
				p->spell[0].to = when - 1;
				p->nspell = 2;
			}
		}
	}
	if (p->nspell && (p->death != OB_DATE_NONE || p->moved_away)) {
		struct synth_spell *last = &p->spell[p->nspell - 1];

		last->to = p->to;
		if (last->to < last->from) { /* left before registering */
			last->to = last->from;
		}
	}
	if (p->death != OB_DATE_NONE && p->nspell &&
	    p->spell[p->nspell - 1].to > p->death)
		p->spell[p->nspell - 1].to = p->death;
}

static double prevalence_curve(const struct synth_condition_def *c, double a)
{
	return c->pmax / (1.0 + exp(-(a - c->a50) / c->slope));
}

/*
 * Conditions: whether the person has each one by the end of their time in
 * the extract, and if so the age of onset, drawn from the prevalence curve
 * read as cumulative incidence (so prevalence rises with age as it should
 * and people develop conditions during the extract).  A condition is
 * recorded in primary care with probability `rec` (the rest are
 * undiagnosed: "up to 30% of people with long-term conditions", seed),
 * some time after onset and after registration.
 */
static void make_conditions(const struct synth_world *w, struct ob_rng *r,
			    struct synth_person *p)
{
	double age_end = (double)(p->to - p->birth) / YEAR_DAYS;
	ob_date reg = p->nspell ? p->spell[0].from : OB_DATE_NONE;

	(void)w;
	for (int c = 0; c < C_COUNT; c++) {
		const struct synth_condition_def *d = &synth_conditions[c];
		double mult, p_end, u, q, a;

		p->onset[c] = p->recorded[c] = OB_DATE_NONE;
		mult = pow(d->dep_rr, (10.0 - p->decile) / 9.0) *
		       exp(d->beta * p->z - d->beta * d->beta / 2) *
		       (p->sex == 1 ? d->male_rr : 1.0);
		p_end = prevalence_curve(d, age_end) * mult;
		if (p_end > 0.95)
			p_end = 0.95;
		u = ob_rng_uniform(r);
		p->subtype[c] = (unsigned char)ob_rng_below(r, 20);
		if (u >= p_end)
			continue;
		q = u / p_end * prevalence_curve(d, age_end);
		if (q <= 0)
			q = 1e-12;
		a = d->a50 - d->slope * log(d->pmax / q - 1.0);
		if (a < 0 || a != a)
			a = 2.0 * ob_rng_uniform(r);
		if (a > age_end)
			a = age_end;
		p->onset[c] = p->birth + 30 + (ob_date)floor(a * YEAR_DAYS);
		if (p->onset[c] > p->to)
			p->onset[c] = p->to;
		if (reg != OB_DATE_NONE && ob_rng_bernoulli(r, d->rec)) {
			ob_date rec = p->onset[c] > reg ? p->onset[c] : reg;

			rec += (ob_date)ob_rng_below(r, 91);
			if (rec <= p->to)
				p->recorded[c] = rec;
		}
	}
	/* Subtypes: cancer half breast/prostate, a quarter each lung and
	 * colon; dementia half Alzheimer's, a fifth vascular, the rest
	 * unspecified; SMI 60% schizophrenia, 40% bipolar disorder. */
	p->subtype[C_CANCER] = p->subtype[C_CANCER] < 10   ? 0
			       : p->subtype[C_CANCER] < 15 ? 1
							   : 2;
	p->subtype[C_DEMENTIA] = p->subtype[C_DEMENTIA] < 10   ? 0
				 : p->subtype[C_DEMENTIA] < 14 ? 1
							       : 2;
	p->subtype[C_SMI] = p->subtype[C_SMI] >= 12;
}

static double weekly_home_care(struct ob_rng *r)
{
	/* Commissioner's (BCF) share of a home care package: mean £310 a
	 * week at 2017/18 prices, gamma with shape 4 (assumption). */
	return ob_rng_gamma(r, 4.0, 310.0 / 4.0);
}

/* A home care package starting on `from`, lasting an exponential time
 * with mean 1.5 years (assumption). */
static struct synth_package *start_package(struct ob_rng *r,
					   struct synth_person *p, ob_date from)
{
	struct synth_package *k = &p->package[p->npackage++];

	k->from = from;
	k->to = from + (ob_date)(ob_rng_exponential(r, 1.0 / 1.5) * YEAR_DAYS);
	k->weekly = weekly_home_care(r);
	return k;
}

/* Annual rate of starting home care (assumption, scaled so that the
 * commissioner's share is near the seed's £9.9m adults line). */
static double home_care_rate(const struct synth_person *p, int age, double fi,
			     ob_date on)
{
	if (age >= 65)
		return fi > 0.36   ? 0.40
		       : fi > 0.24 ? 0.16
		       : fi > 0.12 ? 0.02
				   : 0;
	if (age >= 18 && synth_has(p, C_LEARNING_DISABILITY, on))
		return 0.12;
	if (age >= 18 && synth_has(p, C_SMI, on))
		return 0.03;
	return 0;
}

/* Annual rate of a permanent care-home placement (assumption calibrated
 * to ASCOF 2A: a few hundred per 100,000 aged 65+ a year, about 15 per
 * 100,000 aged 18-64). */
static double care_home_rate(const struct synth_person *p, int age, double fi,
			     ob_date on)
{
	if (age >= 65)
		return (fi > 0.36   ? 0.07
			: fi > 0.24 ? 0.022
			: fi > 0.12 ? 0.004
				    : 0.0003) *
		       (synth_has(p, C_DEMENTIA, on) ? 2.0 : 1.0) *
		       (p->lives_alone == 1 ? 1.3 : 1.0);
	if (age >= 18 &&
	    (synth_has(p, C_LEARNING_DISABILITY, on) ||
	     synth_has(p, C_SMI, on) || synth_has(p, C_STROKE, on)))
		return 0.003;
	return 0;
}

/* Cut everything that would happen after the person's new last day. */
static void truncate_life(struct synth_person *p)
{
	while (p->nspell > 1 && p->spell[p->nspell - 1].from > p->to)
		p->nspell--;
	if (p->nspell) {
		struct synth_spell *last = &p->spell[p->nspell - 1];

		last->to = p->to;
	}
	for (int c = 0; c < C_COUNT; c++) {
		if (p->onset[c] != OB_DATE_NONE && p->onset[c] > p->to)
			p->onset[c] = OB_DATE_NONE;
		if (p->recorded[c] != OB_DATE_NONE &&
		    (p->onset[c] == OB_DATE_NONE || p->recorded[c] > p->to))
			p->recorded[c] = OB_DATE_NONE;
	}
	if (p->frailty_coded != OB_DATE_NONE && p->frailty_coded > p->to)
		p->frailty_coded = OB_DATE_NONE;
	if (p->care_plan != OB_DATE_NONE && p->care_plan > p->to)
		p->care_plan = OB_DATE_NONE;
}

/*
 * People in care homes die sooner than the Gompertz hazard alone says:
 * remaining life from the placement (or from the person's first day in
 * the extract, for earlier placements) is gamma with mean 2.3 years and
 * shape 1.3 (assumption after care-home survival studies: median about two
 * years).  The earlier of this and the person's own end counts.
 */
static void care_home_survival(struct ob_rng *r, struct synth_person *p)
{
	ob_date base = p->care_home > p->from ? p->care_home : p->from;
	ob_date d =
	    base + 1 + (ob_date)(ob_rng_gamma(r, 1.3, 2.3 / 1.3) * YEAR_DAYS);

	if (d >= p->to)
		return;
	p->death = d;
	p->to = d;
	p->moved_away = 0;
	truncate_life(p);
}

/*
 * Frailty coding, care plans, care-home placements and home care, year by
 * year from the person's state in the middle of the year.  People
 * registered nowhere have none of these.
 */
static void make_care(const struct synth_world *w, struct ob_rng *r,
		      struct synth_person *p)
{
	struct synth_package *active = NULL;
	double fi;
	int age;

	p->frailty_coded = p->care_plan = p->care_home = OB_DATE_NONE;
	p->care_home_provider = -1;
	if (!p->nspell)
		return;
	/* Already in a care home or receiving home care on the first day
	 * (base cohort and QPP residents). */
	age = synth_age(p, w->start);
	if (p->from == w->start && age >= 18) {
		double pc = 0, ph = 0;

		fi = synth_frailty_index(p, w->start);
		if (age >= 65) {
			pc = fi > 0.36	 ? 0.20
			     : fi > 0.24 ? 0.05
			     : fi > 0.12 ? 0.008
					 : 0.0;
			ph = fi > 0.36	 ? 0.39
			     : fi > 0.24 ? 0.16
			     : fi > 0.12 ? 0.026
					 : 0.0;
		} else if (synth_has(p, C_LEARNING_DISABILITY, w->start)) {
			pc = 0.05;
			ph = 0.32;
		}
		/* A care plan agreed before the extract's first day. */
		if ((synth_ltc_count(p, w->start) >= 2 || fi > 0.24) &&
		    ob_rng_bernoulli(r, 0.3)) {
			ob_date back =
			    w->start - 1 - (ob_date)ob_rng_below(r, 730);

			p->care_plan =
			    back > p->spell[0].from ? back : p->spell[0].from;
		}
		if (ob_rng_bernoulli(r, pc)) {
			ob_date back =
			    w->start - 1 - (ob_date)ob_rng_below(r, 1000);
			ob_date adult = p->birth + (ob_date)(18 * YEAR_DAYS);

			p->care_home = back > adult ? back : adult;
			p->care_home_before = 1;
			care_home_survival(r, p);
		} else if (ob_rng_bernoulli(r, ph)) {
			active = start_package(
			    r, p, w->start - 1 - (ob_date)ob_rng_below(r, 700));
			if (active->to < w->start)
				active->to =
				    w->start + (ob_date)ob_rng_below(r, 365);
		}
	}
	for (ob_fy fy = w->first_year; fy <= w->last_year; fy++) {
		ob_date t0 = ob_fy_start(fy), t1 = ob_fy_end(fy), mid;
		int ltc;

		if (t1 < p->from || t0 > p->to)
			continue;
		if (t0 < p->from)
			t0 = p->from;
		if (t1 > p->to)
			t1 = p->to;
		mid = t0 + (t1 - t0) / 2;
		age = synth_age(p, mid);
		fi = synth_frailty_index(p, mid);
		ltc = synth_ltc_count(p, mid);

		/* Frailty coded in primary care from 2017/18 (GMS contract
		 * requirement to identify moderate and severe frailty). */
		if (age >= 65 && fi > 0.24 && fy >= 2017 &&
		    p->frailty_coded == OB_DATE_NONE &&
		    ob_rng_bernoulli(r, 0.5))
			p->frailty_coded = rand_date(r, t0, t1);
		/* Care plans for people with two or more long-term conditions
		 * or moderate frailty: 10% a year, rising by 3 points a year
		 * from 2018/19 as the MCP model develops (assumption). */
		if (p->care_plan == OB_DATE_NONE && (ltc >= 2 || fi > 0.24)) {
			double rate =
			    0.10 + (fy >= 2018 ? 0.03 * (fy - 2017) : 0);

			if (ob_rng_bernoulli(r, rate))
				p->care_plan = rand_date(r, t0, t1);
		}
		if (p->care_home == OB_DATE_NONE) {
			double h = care_home_rate(p, age, fi, mid);

			if (h > 0 &&
			    ob_rng_uniform(r) <
				1.0 - exp(-h * (t1 - t0 + 1) / YEAR_DAYS)) {
				p->care_home = rand_date(r, t0, t1);
				p->care_home_via_hospital =
				    ob_rng_bernoulli(r, 0.6);
				care_home_survival(r, p);
			}
		}
		/* Home care: one package at a time, none once in a care
		 * home. */
		if (active && active->to < t0)
			active = NULL;
		if (!active && p->npackage < SYNTH_MAX_PACKAGES &&
		    p->care_home == OB_DATE_NONE &&
		    ob_rng_bernoulli(r, home_care_rate(p, age, fi, mid)))
			active = start_package(r, p, rand_date(r, t0, t1));
	}
	/* Packages end at a care-home placement and at the end of the
	 * person's time; one still running on the extract's last day has no
	 * end date. */
	for (int i = 0; i < p->npackage; i++) {
		struct synth_package *k = &p->package[i];

		if (k->from > p->to) { /* after a death in a care home */
			p->npackage = i;
			break;
		}

		if (p->care_home != OB_DATE_NONE && k->to >= p->care_home)
			k->to = p->care_home - 1;
		if (k->to > p->to)
			k->to = p->to;
		if (k->to < k->from)
			k->to = k->from;
		if (k->to >= w->end)
			k->to = OB_DATE_NONE;
	}
	if (p->care_home != OB_DATE_NONE) {
		double u = ob_rng_uniform(r);

		p->care_home_provider = u < 0.4	   ? w->named[NP_CAREHOME1]
					: u < 0.75 ? w->named[NP_CAREHOME2]
						   : w->named[NP_CAREHOME3];
	}
}

void synth_person_make(const struct synth_world *w, long index,
		       struct synth_person *p)
{
	struct ob_rng r;

	memset(p, 0, sizeof(*p));
	p->index = index;
	ob_rng_seed(&r, w->opt.seed, (uint64_t)index * 8 + STREAM_LIFE);
	make_identity(w, &r, p);
	p->nhs = synth_nhs_number(w, index);
	snprintf(p->id, sizeof(p->id), "%010llu", (unsigned long long)p->nhs);
	make_life_course(w, &r, p);
	make_conditions(w, &r, p);
	make_care(w, &r, p);
	/* Place of death: in hospital for 45% of deaths at home and 25% of
	 * deaths in care homes (assumption; ONS place of death 2017: 46% of
	 * deaths in hospital in England). */
	if (p->death != OB_DATE_NONE)
		p->hospital_death = ob_rng_bernoulli(
		    &r, p->care_home != OB_DATE_NONE && p->care_home <= p->death
			    ? 0.25
			    : 0.45);
}

/* ------------------------------------------------------------ rows */

static void condition_row(struct synth_out *o, struct synth_defects *d,
			  const struct synth_person *p, const char *system,
			  const char *code, ob_date when)
{
	struct synth_row r;

	synth_row_start(&r, OB_SYNTH_CONDITIONS, CO_N);
	synth_row_set(&r, CO_PERSON, p->id);
	synth_row_set(&r, CO_SYSTEM, system);
	synth_row_set(&r, CO_CODE, code);
	synth_row_set_date(&r, CO_DATE, when);
	synth_emit(o, d, &r);
}

void synth_person_write(const struct synth_world *w,
			const struct synth_person *p, struct synth_out *o,
			struct synth_defects *d)
{
	struct synth_row r, first;
	struct ob_rng cr;
	char spaced[16];
	int nrows = p->nspell ? p->nspell : 1;

	synth_row_start(&first, OB_SYNTH_PERSONS, PE_N);
	/* 2% of NHS numbers in persons.csv are written 3-3-4 with spaces,
	 * as some systems export them; other files use the plain form. */
	if (p->index % 50 == 7)
		snprintf(spaced, sizeof(spaced), "%.3s %.3s %.4s", p->id,
			 p->id + 3, p->id + 6);
	else
		snprintf(spaced, sizeof(spaced), "%s", p->id);
	for (int i = 0; i < nrows; i++) {
		const struct synth_spell *s = p->nspell ? &p->spell[i] : NULL;

		synth_row_start(&r, OB_SYNTH_PERSONS, PE_N);
		synth_row_set(&r, PE_NHS, spaced);
		synth_row_set(&r, PE_PSEUDONYM, "");
		synth_row_set_long(&r, PE_SEX, p->sex);
		synth_row_set_date(&r, PE_BIRTH, p->birth);
		synth_row_set_date(&r, PE_DEATH, p->death);
		synth_row_set(&r, PE_LSOA, w->lsoa[p->lsoa].code);
		synth_row_set(&r, PE_PRACTICE,
			      s ? w->practice[s->practice].code : "");
		synth_row_set_date(&r, PE_FROM, s ? s->from : OB_DATE_NONE);
		synth_row_set_date(&r, PE_TO, s ? s->to : OB_DATE_NONE);
		synth_row_set(&r, PE_ALONE,
			      p->lives_alone < 0 ? ""
			      : p->lives_alone	 ? "Y"
						 : "N");
		if (i == 0)
			first = r;
		synth_row_emit(o, &r);
	}
	synth_defect_extra_person(o, d, &first);

	/* Conditions: SNOMED when recorded in primary care; ICD-10 from
	 * hospital coding for about half of all conditions, recorded or not,
	 * within a year of onset. */
	ob_rng_seed(&cr, w->opt.seed, (uint64_t)p->index * 8 + 5);
	for (int c = 0; c < C_COUNT; c++) {
		const char *snomed = synth_condition_snomed(p, c);

		if (p->onset[c] == OB_DATE_NONE)
			continue;
		if (p->recorded[c] != OB_DATE_NONE && snomed)
			condition_row(o, d, p, "SNOMED", snomed,
				      p->recorded[c]);
		if (ob_rng_bernoulli(&cr, 0.5)) {
			ob_date when =
			    p->onset[c] + (ob_date)ob_rng_below(&cr, 366);

			if (when <= p->to)
				condition_row(o, d, p, "ICD10",
					      synth_condition_icd10(p, c),
					      when);
		}
	}
	if (p->frailty_coded != OB_DATE_NONE)
		condition_row(o, d, p, "SNOMED", SNOMED_FRAILTY,
			      p->frailty_coded);
	if (p->care_plan != OB_DATE_NONE)
		condition_row(o, d, p, "SNOMED", SNOMED_CARE_PLAN,
			      p->care_plan);
	if (p->lives_alone == 1 && p->nspell && ob_rng_bernoulli(&cr, 0.5)) {
		ob_date when =
		    p->spell[0].from + (ob_date)ob_rng_below(&cr, 366);
		ob_date at65 = p->birth + (ob_date)(65 * YEAR_DAYS);

		if (when < at65)
			when = at65;
		if (when <= p->to)
			condition_row(o, d, p, "SNOMED", SNOMED_LIVES_ALONE,
				      when);
	}
	o->persons++;
	if (p->kind == KIND_QPP || p->kind == KIND_QPP_INMIG)
		o->registered_08y++;
	else if (p->kind == KIND_UNREG)
		o->unregistered++;
	else
		o->registered_09a++;
	if (p->kind == KIND_BIRTH)
		o->births++;
	if (p->death != OB_DATE_NONE)
		o->deaths++;
}
