/*
 * synth-survey.c - survey answers for every survey-based metric of the
 * seed's outcomes framework, each year:
 *
 *   GPPS            GP patient survey: long-term condition, written care
 *                   plan and involvement in it, confidence managing health,
 *                   EQ-5D index, ONS personal wellbeing (0-10)
 *   MCP_EXPERIENCE  local survey of people with complex needs: had to
 *                   repeat my story, care in a convenient place
 *   ACTIVE_LIVES    physical activity of people aged 55+: minutes a week
 *                   and whether at least 150
 *   ASCS            adult social care survey: feeling safe, social care
 *                   related quality of life (ASCOT), control
 *   SACE            carers' survey: confidence to go on caring for six
 *                   months, carer quality of life
 *   ZBI22           Zarit Burden Interview: 22 items scored 0-4 and their
 *                   total
 *   STAFF           professional experience of staff of the alliance
 *
 * Answers depend on the respondent's conditions, frailty and deprivation
 * and drift with the years as the seed hopes; the sizes of the effects are
 * assumptions (docs/synthetic.md).  Carers are not people of the extract:
 * their rows carry the cared-for person's practice but no person.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "synth-internal.h"

struct survey_ctx {
	const struct synth_world *w;
	const struct synth_person *p;
	struct synth_out *o;
	struct synth_defects *d;
	struct ob_rng r;
	char fy[8];
	char respondent[40];
	const char *survey;
	const char *person;
	const char *practice;
};

static void answer(struct survey_ctx *s, const char *question,
		   const char *value)
{
	struct synth_row r;

	synth_row_start(&r, OB_SYNTH_SURVEYS, SU_N);
	synth_row_set(&r, SU_SURVEY, s->survey);
	synth_row_set(&r, SU_YEAR, s->fy);
	synth_row_set(&r, SU_RESPONDENT, s->respondent);
	synth_row_set(&r, SU_PERSON, s->person ? s->person : "");
	synth_row_set(&r, SU_PRACTICE, s->practice ? s->practice : "");
	synth_row_set(&r, SU_QUESTION, question);
	synth_row_set(&r, SU_ANSWER, value);
	synth_emit(s->o, s->d, &r);
}

static void answer_int(struct survey_ctx *s, const char *question, long v)
{
	char tmp[24];

	snprintf(tmp, sizeof(tmp), "%ld", v);
	answer(s, question, tmp);
}

static long clamp_round(double x, long lo, long hi)
{
	long v = lround(x);

	return v < lo ? lo : v > hi ? hi : v;
}

static void begin(struct survey_ctx *s, const char *survey, const char *tag,
		  ob_fy fy, long index)
{
	s->survey = survey;
	ob_fy_format(fy, s->fy);
	snprintf(s->respondent, sizeof(s->respondent), "%s-%d-%ld", tag, fy,
		 index);
}

/* Pick 1..n from weights. */
static int choice(struct ob_rng *r, const double *w, int n)
{
	double u = ob_rng_uniform(r), t = 0;

	for (int i = 0; i < n; i++)
		t += w[i];
	u *= t;
	for (int i = 0; i < n; i++) {
		u -= w[i];
		if (u < 0)
			return i + 1;
	}
	return n;
}

/* Years since the MCP's shadow year (2019/20), 0 before it. */
static double mcp_years(ob_fy fy)
{
	return fy >= 2019 ? (double)(fy - 2018) : 0.0;
}

static void gpps(struct survey_ctx *s, ob_fy fy, ob_date mid, int age,
		 double fi, int ltc, double dep)
{
	const struct synth_person *p = s->p;
	int has_ltc = ltc > 0 ? ob_rng_bernoulli(&s->r, 0.92)
			      : ob_rng_bernoulli(&s->r, 0.08);
	int mental =
	    synth_has(p, C_DEPRESSION, mid) || synth_has(p, C_SMI, mid);
	double eq5d, ls;
	char tmp[16];

	begin(s, "GPPS", "GPPS", fy, p->index);
	answer(s, "LTC", has_ltc ? "Y" : "N");
	if (has_ltc) {
		int plan = p->care_plan != OB_DATE_NONE && p->care_plan <= mid;
		double w[3], conf[4];
		int a;

		/* Q: do you have a written or printed care plan?  Some with a
		 * recorded plan do not know it; a few without say yes. */
		w[0] = plan ? 0.55 : 0.07;
		w[1] = plan ? 0.30 : 0.80;
		w[2] = plan ? 0.15 : 0.13;
		a = choice(&s->r, w, 3);
		answer(s, "CARE_PLAN", a == 1 ? "Y" : a == 2 ? "N" : "DK");
		if (a == 1) {
			/* 1 yes definitely, 2 to some extent, 3 no. */
			w[0] = 0.40 + 0.04 * mcp_years(fy);
			w[1] = 0.42;
			w[2] = 0.18 - 0.02 * mcp_years(fy);
			if (w[2] < 0.04)
				w[2] = 0.04;
			answer_int(s, "CARE_PLAN_INVOLVED",
				   choice(&s->r, w, 3));
		}
		/* 1 very confident ... 4 not at all confident. */
		conf[0] = 0.35 - 0.4 * fi > 0.05 ? 0.35 - 0.4 * fi : 0.05;
		conf[1] = 0.45;
		conf[2] = 0.14 + 0.3 * fi;
		conf[3] = 0.06 + 0.2 * fi;
		answer_int(s, "LTC_CONFIDENCE", choice(&s->r, conf, 4));
	}
	/* EQ-5D-5L index (health-related quality of life). */
	eq5d = 0.95 - 0.03 * ltc - 0.6 * fi -
	       0.004 * (age > 50 ? age - 50 : 0) - 0.04 * dep -
	       (mental ? 0.08 : 0) + 0.08 * ob_rng_normal(&s->r);
	if (eq5d > 1.0)
		eq5d = 1.0;
	if (eq5d < -0.59)
		eq5d = -0.59;
	snprintf(tmp, sizeof(tmp), "%.3f", eq5d);
	answer(s, "EQ5D_INDEX", tmp);
	/* ONS personal wellbeing, 0-10 (PHOF 2.23). */
	ls = 7.7 - 0.25 * ltc - 2.0 * fi - 0.6 * dep - (mental ? 1.5 : 0) +
	     0.1 * mcp_years(fy);
	answer_int(s, "LIFE_SATISFACTION",
		   clamp_round(ls + 1.6 * ob_rng_normal(&s->r), 0, 10));
	answer_int(s, "WORTHWHILE",
		   clamp_round(ls + 0.2 + 1.5 * ob_rng_normal(&s->r), 0, 10));
	answer_int(s, "HAPPY",
		   clamp_round(ls - 0.2 + 1.9 * ob_rng_normal(&s->r), 0, 10));
	answer_int(s, "ANXIOUS",
		   clamp_round(3.1 + 0.2 * ltc + (mental ? 2.0 : 0) +
				   0.4 * dep + 2.6 * ob_rng_normal(&s->r),
			       0, 10));
}

static void mcp_experience(struct survey_ctx *s, ob_fy fy)
{
	double repeat =
	    0.55 - 0.05 * mcp_years(fy) *
		       (1.0 + (s->w->opt.improvement_year &&
				       fy >= s->w->opt.improvement_year
				   ? 0.5
				   : 0.0));

	begin(s, "MCP_EXPERIENCE", "MCPX", fy, s->p->index);
	if (repeat < 0.2)
		repeat = 0.2;
	answer(s, "REPEAT_STORY", ob_rng_bernoulli(&s->r, repeat) ? "Y" : "N");
	answer(s, "CONVENIENT_PLACE",
	       ob_rng_bernoulli(&s->r, 0.68 + 0.03 * mcp_years(fy)) ? "Y"
								    : "N");
}

static void active_lives(struct survey_ctx *s, ob_fy fy, int age, double fi,
			 int ltc, double dep)
{
	double mean =
	    290.0 - 4.0 * (age - 55) - 400.0 * fi - 25.0 * ltc - 50.0 * dep;
	long minutes;

	if (mean < 15)
		mean = 15;
	minutes = lround(ob_rng_gamma(&s->r, 1.3, mean / 1.3));
	begin(s, "ACTIVE_LIVES", "ALS", fy, s->p->index);
	answer_int(s, "ACTIVE_MINUTES", minutes);
	answer(s, "ACTIVE_150", minutes >= 150 ? "Y" : "N");
}

static void ascs(struct survey_ctx *s, ob_fy fy, double fi, int care_home)
{
	double w[4] = {0.60 + 0.02 * mcp_years(fy), 0.30, 0.07, 0.03};

	begin(s, "ASCS", "ASCS", fy, s->p->index);
	if (care_home) {
		w[0] += 0.05;
		w[2] -= 0.02;
	}
	answer_int(s, "FEEL_SAFE", choice(&s->r, w, 4));
	answer_int(
	    s, "SCRQOL",
	    clamp_round(19.5 - 6.0 * fi + 2.5 * ob_rng_normal(&s->r), 0, 24));
	w[0] = 0.30;
	w[1] = 0.45;
	w[2] = 0.18;
	w[3] = 0.07;
	answer_int(s, "CONTROL", choice(&s->r, w, 4));
}

static void carers(struct survey_ctx *s, ob_fy fy, double fi, int dementia)
{
	double burden = 24.0 + 30.0 * fi + (dementia ? 10.0 : 0.0) -
			1.0 * mcp_years(fy) + 9.0 * ob_rng_normal(&s->r);
	long total = 0;
	char q[16];

	if (ob_rng_bernoulli(&s->r, 0.25)) {
		double cont = 0.66 - (dementia ? 0.12 : 0) - 0.3 * (fi - 0.24) +
			      0.02 * mcp_years(fy);

		begin(s, "SACE", "SACE", fy, s->p->index);
		answer(s, "CONTINUE_6M",
		       ob_rng_bernoulli(&s->r, cont) ? "Y" : "N");
		answer_int(s, "CARER_QOL",
			   clamp_round(7.8 - burden / 20.0 +
					   1.8 * ob_rng_normal(&s->r),
				       0, 12));
	}
	if (!ob_rng_bernoulli(&s->r, 0.30))
		return;
	/* ZBI-22 (Zarit et al. 1980): 22 items 0-4, total 0-88. */
	begin(s, "ZBI22", "ZBI", fy, s->p->index);
	for (int i = 1; i <= 22; i++) {
		long v = clamp_round(burden / 22.0 + 0.9 * ob_rng_normal(&s->r),
				     0, 4);

		snprintf(q, sizeof(q), "ZBI%02d", i);
		answer_int(s, q, v);
		total += v;
	}
	answer_int(s, "ZBI_TOTAL", total);
}

void synth_survey_write(const struct synth_world *w,
			const struct synth_person *p, struct synth_out *o,
			struct synth_defects *d)
{
	struct survey_ctx s;

	memset(&s, 0, sizeof(s));
	s.w = w;
	s.p = p;
	s.o = o;
	s.d = d;
	ob_rng_seed(&s.r, w->opt.seed, (uint64_t)p->index * 8 + STREAM_SURVEY);
	if (!p->nspell)
		return;
	for (ob_fy fy = w->first_year; fy <= w->last_year; fy++) {
		/* Fieldwork in the middle of the financial year. */
		ob_date mid = ob_fy_start(fy) + 182;
		int pr, age, ltc, care_home, client;
		double fi, dep;

		if (mid < p->from || mid > p->to)
			continue;
		pr = synth_practice_on(p, mid);
		if (pr < 0)
			continue;
		age = synth_age(p, mid);
		if (age < 18)
			continue;
		fi = synth_frailty_index(p, mid);
		ltc = synth_ltc_count(p, mid);
		dep = (10.0 - p->decile) / 9.0;
		care_home = p->care_home != OB_DATE_NONE && p->care_home <= mid;
		s.practice = w->practice[pr].code;
		s.person = p->id;

		/* GPPS: about 3% of adults answer each year. */
		if (ob_rng_bernoulli(&s.r, 0.03))
			gpps(&s, fy, mid, age, fi, ltc, dep);
		if (p->commissioned && (ltc >= 2 || fi > 0.12) &&
		    ob_rng_bernoulli(&s.r, 0.08))
			mcp_experience(&s, fy);
		if (age >= 55 && ob_rng_bernoulli(&s.r, 0.04))
			active_lives(&s, fy, age, fi, ltc, dep);
		client = care_home;
		for (int i = 0; i < p->npackage; i++)
			if (p->package[i].from <= mid &&
			    (p->package[i].to == OB_DATE_NONE ||
			     p->package[i].to >= mid))
				client = 1;
		if (client && ob_rng_bernoulli(&s.r, 0.45))
			ascs(&s, fy, fi, care_home);
		/* The carer of a frail or demented person who lives with
		 * someone. */
		if (p->lives_alone == 0 && !care_home && age >= 65 &&
		    (fi > 0.24 || synth_has(p, C_DEMENTIA, mid))) {
			s.person = NULL;
			carers(&s, fy, fi, synth_has(p, C_DEMENTIA, mid));
		}
	}
}

/*
 * Staff survey: about 600 respondents a year at the real list size (the
 * alliance's community, mental health, primary care and social care
 * staff), five statements on a 1-5 agreement scale from the seed's
 * professional "I statements".
 */
void synth_staff_survey_write(const struct synth_world *w, struct synth_out *o)
{
	static const char *const questions[] = {
	    "TEAM_WORK",   "ENJOY_WORK",      "SUPPORT_RESOURCES",
	    "VIEWS_TAKEN", "OUTCOMES_MATTER", "KNOW_WHO_TO_CONTACT",
	};
	struct survey_ctx s;
	struct synth_defects d;
	long n = lround(600.0 * w->scale);

	memset(&s, 0, sizeof(s));
	s.w = w;
	s.o = o;
	s.d = &d;
	ob_rng_seed(&s.r, w->opt.seed, SYNTH_GLOBAL_STREAM(1));
	synth_defects_init(&d, w, SYNTH_GLOBAL_STREAM(3), 0);
	if (n < 20)
		n = 20;
	for (ob_fy fy = w->first_year; fy <= w->last_year; fy++)
		for (long k = 1; k <= n; k++) {
			double lift = 0.15 * mcp_years(fy);
			int gp = ob_rng_bernoulli(&s.r, 0.4);

			begin(&s, "STAFF", "STAFF", fy, k);
			s.practice =
			    gp ? w
				     ->practice[synth_draw_cum(
					 &s.r, w->practice_cum, w->n09a)]
				     .code
			       : NULL;
			for (size_t q = 0; q < COUNT_OF(questions); q++) {
				double w5[5] = {0.06, 0.14, 0.25, 0.38, 0.17};

				w5[3] += 0.5 * lift * 0.2;
				w5[4] += lift * 0.2;
				w5[0] *= 1.0 - lift * 0.5 > 0.2
					     ? 1.0 - lift * 0.5
					     : 0.2;
				answer_int(&s, questions[q],
					   choice(&s.r, w5, 5));
			}
		}
}
