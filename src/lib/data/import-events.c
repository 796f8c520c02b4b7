/*
 * import-events.c - the person-level event files: conditions.csv,
 * activity.csv and surveys.csv.
 */
#include <stdio.h>
#include <string.h>

#include "onebudget/codes.h"

#include "import-internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *const setting_names[SET_COUNT] = {
	[SET_ADMITTED] = "admitted",
	[SET_OUTPATIENT] = "outpatient",
	[SET_AE] = "ae",
	[SET_COMMUNITY] = "community",
	[SET_MENTAL_HEALTH] = "mental_health",
	[SET_PRIMARY_CARE] = "primary_care",
	[SET_SOCIAL_CARE] = "social_care",
	[SET_CARE_HOME] = "care_home",
	[SET_PRESCRIBING] = "prescribing",
};

static const struct person_rec *person_at(struct import_ctx *ctx, int64_t i)
{
	return &VEC_AT(ctx->persons, struct person_rec, (size_t)i);
}

/* Event dates must fall inside the person's life: not before birth, not
 * more than a day after death (spells ending on the day of death, and
 * records closed the next day, are normal). */
static int check_in_life(struct import_ctx *ctx, int col, int64_t person,
			 ob_date d)
{
	const struct person_rec *p = person_at(ctx, person);

	if (d < p->birth)
		return import_reject(ctx, col, "%s is before the person's birth",
				     ctx->spec[col].name);
	if (p->death != OB_DATE_NONE && d > p->death + 1)
		return import_reject(ctx, col, "%s is after the person's death",
				     ctx->spec[col].name);
	return 0;
}

enum { CO_PERSON, CO_SYSTEM, CO_CODE, CO_DATE };
static const struct colspec condition_cols[] = {
	{ "person", 1 },
	{ "code_system", 1 },
	{ "code", 1 },
	{ "recorded_date", 1 },
};

int import_conditions(struct import_ctx *ctx)
{
	int r;

	if (import_open(ctx, OB_FILE_CONDITIONS, condition_cols,
			COUNT(condition_cols)))
		return -1;
	while ((r = import_next(ctx)) > 0) {
		struct condition_row c = { 0 };
		struct ob_csv_field sys, code;
		int64_t person;
		int bad = 0;

		if (import_person_ref(ctx, CO_PERSON, 1, &person) ||
		    import_date(ctx, CO_DATE, 1, &c.recorded))
			bad = 1;
		sys = import_field(ctx, CO_SYSTEM);
		code = import_field(ctx, CO_CODE);
		if (!bad && sys.len == 5 && !memcmp(sys.ptr, "ICD10", 5)) {
			char norm[6];
			size_t n = ob_icd10_normalise(code.ptr, code.len, norm);
			if (!n)
				bad = import_reject(ctx, CO_CODE,
						    "'%.*s' is not an ICD-10 "
						    "code (expected a letter, 2 "
						    "digits and an optional 4th "
						    "character, e.g. E119)",
						    (int)(code.len > 20
								  ? 20
								  : code.len),
						    code.ptr);
			else {
				c.system = "ICD10";
				c.code = import_strdup(ctx, norm, n);
			}
		} else if (!bad && sys.len == 6 &&
			   !memcmp(sys.ptr, "SNOMED", 6)) {
			if (!ob_snomed_valid(code.ptr, code.len))
				bad = import_reject(ctx, CO_CODE,
						    "'%.*s' is not a SNOMED CT "
						    "concept id (6-18 digits "
						    "with a valid Verhoeff check "
						    "digit)",
						    (int)(code.len > 20
								  ? 20
								  : code.len),
						    code.ptr);
			else {
				c.system = "SNOMED";
				c.code = import_strdup(ctx, code.ptr, code.len);
			}
		} else if (!bad) {
			bad = import_reject(ctx, CO_SYSTEM,
					    "code_system '%.*s' is not ICD10 or "
					    "SNOMED",
					    (int)(sys.len > 20 ? 20 : sys.len),
					    sys.ptr);
		}
		if (!bad && check_in_life(ctx, CO_DATE, person, c.recorded))
			bad = 1;
		/* The same code for the same person on the same day is one
		 * fact: later copies are rejected as duplicates. */
		if (!bad && import_unique(ctx, CO_CODE,
					  "this code for this person and date",
					  "C%u:%d:%s:%s", (unsigned)person,
					  (int)c.recorded, c.system, c.code))
			bad = 1;
		if (!bad) {
			struct condition_row *dst = vec_push(&ctx->conditions);
			if (!dst)
				return import_oom(ctx);
			c.person = (uint32_t)person;
			*dst = c;
		}
		import_row_done(ctx);
	}
	return r;
}

enum { AC_ID, AC_PERSON, AC_PROVIDER, AC_SETTING, AC_START, AC_END,
       AC_ADMIMETH, AC_ADMISORC, AC_DISDEST, AC_DIAG, AC_PROC, AC_HRG,
       AC_TF, AC_COST, AC_DELAYED, AC_PERMANENT };
static const struct colspec activity_cols[] = {
	{ "activity_id", 1 },
	{ "person", 1 },
	{ "provider_code", 1 },
	{ "setting", 1 },
	{ "start_date", 1 },
	{ "end_date", 0 },
	{ "admission_method", 0 },
	{ "admission_source", 0 },
	{ "discharge_destination", 0 },
	{ "diagnoses", 0 },
	{ "procedures", 0 },
	{ "hrg", 0 },
	{ "treatment_function", 0 },
	{ "cost", 1 },
	{ "delayed_days", 0 },
	{ "care_home_permanent", 0 },
};

/* HES ADMIMETH values (HES APC data dictionary). */
static int admimeth_valid(struct ob_csv_field f)
{
	static const char *const codes[] = {
		"11", "12", "13", "21", "22", "23", "24", "25", "2A", "2B",
		"2C", "2D", "28", "31", "32", "81", "82", "83", "84", "89",
		"98", "99",
	};
	for (size_t i = 0; i < COUNT(codes); i++)
		if (f.len == 2 && !memcmp(f.ptr, codes[i], 2))
			return 1;
	return 0;
}

static int two_digits(struct ob_csv_field f)
{
	return f.len == 2 && f.ptr[0] >= '0' && f.ptr[0] <= '9' &&
	       f.ptr[1] >= '0' && f.ptr[1] <= '9';
}

/* A ';'-separated list of codes, each normalised by `norm`; written back
 * ';'-separated in canonical form.  Returns NULL and rejects on error. */
static const char *code_list(struct import_ctx *ctx, int col, size_t max,
			     size_t (*norm)(const char *, size_t, char *),
			     const char *what, int *bad)
{
	struct ob_csv_field f = import_field(ctx, col);
	char out[25 * 6 + 1];
	size_t n = 0, count = 0, start = 0;

	if (!f.len)
		return NULL;
	for (size_t i = 0; i <= f.len; i++) {
		char code[6];
		size_t len;
		if (i < f.len && f.ptr[i] != ';')
			continue;
		if (++count > max) {
			import_reject(ctx, col, "more than %zu %s codes", max,
				      what);
			*bad = 1;
			return NULL;
		}
		len = norm(f.ptr + start, i - start, code);
		if (!len) {
			import_reject(ctx, col,
				      "'%.*s' (item %zu) is not an %s code",
				      (int)(i - start > 20 ? 20 : i - start),
				      f.ptr + start, count, what);
			*bad = 1;
			return NULL;
		}
		if (n)
			out[n++] = ';';
		memcpy(out + n, code, len);
		n += len;
		start = i + 1;
	}
	return import_strdup(ctx, out, n);
}

static size_t icd10_norm(const char *s, size_t len, char *out)
{
	return ob_icd10_normalise(s, len, out);
}

static size_t opcs4_norm(const char *s, size_t len, char *out)
{
	return ob_opcs4_normalise(s, len, out);
}

static int parse_setting(struct ob_csv_field f)
{
	for (int i = 0; i < SET_COUNT; i++)
		if (strlen(setting_names[i]) == f.len &&
		    !memcmp(setting_names[i], f.ptr, f.len))
			return i;
	return -1;
}

int import_activity(struct import_ctx *ctx)
{
	int r;

	if (import_open(ctx, OB_FILE_ACTIVITY, activity_cols,
			COUNT(activity_cols)))
		return -1;
	while ((r = import_next(ctx)) > 0) {
		struct activity_row a = { 0 };
		struct ob_csv_field f;
		int64_t person;
		long delayed = NO_VALUE;
		int bad = 0, setting, permanent = NO_VALUE;
		uint32_t pv;

		a.end = OB_DATE_NONE;
		a.id = import_ident(ctx, AC_ID, 1, 40, &bad);
		if (import_person_ref(ctx, AC_PERSON, 1, &person))
			bad = 1;
		f = import_field(ctx, AC_PROVIDER);
		if (!bad && !ob_strmap_get(&ctx->provider_by_code, f.ptr, f.len,
					   &pv))
			bad = import_reject(ctx, AC_PROVIDER,
					    f.len ? "provider is not in "
						    "providers.csv"
						  : "'provider_code' is "
						    "required and is empty");
		if (!bad)
			a.provider = VEC_AT(ctx->providers,
					    struct provider_row, pv)
					     .code;
		f = import_field(ctx, AC_SETTING);
		setting = parse_setting(f);
		if (!bad && setting < 0)
			bad = import_reject(ctx, AC_SETTING,
					    "setting '%.*s' is not one of "
					    "admitted, outpatient, ae, "
					    "community, mental_health, "
					    "primary_care, social_care, "
					    "care_home, prescribing",
					    (int)(f.len > 30 ? 30 : f.len),
					    f.ptr);
		a.setting = (uint8_t)(setting < 0 ? 0 : setting);
		if (bad || import_date(ctx, AC_START, 1, &a.start) ||
		    import_date(ctx, AC_END, setting == SET_ADMITTED, &a.end) ||
		    import_money(ctx, AC_COST, 1, &a.cost) ||
		    import_long(ctx, AC_DELAYED, 0, 0, 36500, &delayed) ||
		    import_flag(ctx, AC_PERMANENT, setting == SET_CARE_HOME,
				&permanent))
			bad = 1;
		a.delayed = (int32_t)delayed;
		a.permanent = (int8_t)permanent;
		if (!bad && a.end != OB_DATE_NONE && a.end < a.start)
			bad = import_reject(ctx, AC_END,
					    "end_date is before start_date");
		if (!bad && (check_in_life(ctx, AC_START, person, a.start) ||
			     (a.end != OB_DATE_NONE &&
			      check_in_life(ctx, AC_END, person, a.end))))
			bad = 1;
		/* HES codes. */
		f = import_field(ctx, AC_ADMIMETH);
		if (!bad && setting == SET_ADMITTED && !f.len)
			bad = import_reject(ctx, AC_ADMIMETH,
					    "admission_method is required for "
					    "an admitted spell");
		if (!bad && f.len && !admimeth_valid(f))
			bad = import_reject(ctx, AC_ADMIMETH,
					    "admission_method '%.*s' is not a "
					    "HES ADMIMETH code (11-13, 21-25, "
					    "2A-2D, 28, 31, 32, 81-84, 89, 98, "
					    "99)",
					    (int)(f.len > 10 ? 10 : f.len),
					    f.ptr);
		if (!bad && f.len)
			memcpy(a.admimeth, f.ptr, 2);
		f = import_field(ctx, AC_ADMISORC);
		if (!bad && f.len && !two_digits(f))
			bad = import_reject(ctx, AC_ADMISORC,
					    "admission_source must be a 2-digit "
					    "HES ADMISORC code");
		if (!bad && f.len)
			memcpy(a.admisorc, f.ptr, 2);
		f = import_field(ctx, AC_DISDEST);
		if (!bad && f.len && !two_digits(f))
			bad = import_reject(ctx, AC_DISDEST,
					    "discharge_destination must be a "
					    "2-digit HES DISDEST code");
		if (!bad && f.len)
			memcpy(a.disdest, f.ptr, 2);
		if (!bad)
			a.diagnoses = code_list(ctx, AC_DIAG, 20, icd10_norm,
						"ICD-10", &bad);
		if (!bad)
			a.procedures = code_list(ctx, AC_PROC, 24, opcs4_norm,
						 "OPCS-4", &bad);
		f = import_field(ctx, AC_HRG);
		if (!bad && f.len && !ob_hrg_valid(f.ptr, f.len))
			bad = import_reject(ctx, AC_HRG,
					    "hrg '%.*s' is not an HRG4+ code (2 "
					    "letters, 2 digits, a letter, e.g. "
					    "FD10M)",
					    (int)(f.len > 10 ? 10 : f.len),
					    f.ptr);
		if (!bad && f.len)
			memcpy(a.hrg, f.ptr, 5);
		f = import_field(ctx, AC_TF);
		if (!bad && f.len &&
		    (f.len != 3 || f.ptr[0] < '0' || f.ptr[0] > '9' ||
		     f.ptr[1] < '0' || f.ptr[1] > '9' || f.ptr[2] < '0' ||
		     f.ptr[2] > '9'))
			bad = import_reject(ctx, AC_TF,
					    "treatment_function must be a "
					    "3-digit HES TRETSPEF code");
		if (!bad && f.len)
			memcpy(a.tf, f.ptr, 3);
		if (!bad && a.delayed != NO_VALUE && setting != SET_ADMITTED)
			bad = import_reject(ctx, AC_DELAYED,
					    "delayed_days applies only to "
					    "admitted spells");
		if (!bad && a.delayed != NO_VALUE && a.delayed > a.end - a.start)
			bad = import_reject(ctx, AC_DELAYED,
					    "delayed_days %d is longer than the "
					    "stay (%d days)",
					    (int)a.delayed,
					    (int)(a.end - a.start));
		if (!bad && permanent != NO_VALUE && setting != SET_CARE_HOME)
			bad = import_reject(ctx, AC_PERMANENT,
					    "care_home_permanent applies only "
					    "to care_home placements");
		if (!bad && ob_strmap_put(&ctx->activity_ids, a.id,
					  strlen(a.id), (uint32_t)ctx->row.line,
					  &pv) == OB_EEXIST)
			bad = import_reject(ctx, AC_ID,
					    "activity_id %s is already used on "
					    "line %u",
					    a.id, pv);
		if (!bad) {
			struct activity_row *dst = vec_push(&ctx->activity);
			if (!dst)
				return import_oom(ctx);
			a.person = (uint32_t)person;
			*dst = a;
		}
		import_row_done(ctx);
	}
	return r;
}

enum { SU_SURVEY, SU_YEAR, SU_RESPONDENT, SU_PERSON, SU_PRACTICE,
       SU_QUESTION, SU_ANSWER };
static const struct colspec survey_cols[] = {
	{ "survey", 1 },   { "financial_year", 1 }, { "respondent_id", 1 },
	{ "person", 0 },   { "practice_code", 0 },  { "question", 1 },
	{ "answer", 1 },
};

int import_surveys(struct import_ctx *ctx)
{
	int r;

	if (import_open(ctx, OB_FILE_SURVEYS, survey_cols, COUNT(survey_cols)))
		return -1;
	while ((r = import_next(ctx)) > 0) {
		struct survey_row s = { 0 };
		struct ob_csv_field f;
		int bad = 0;
		uint32_t pi;

		s.survey = import_ident(ctx, SU_SURVEY, 1, 32, &bad);
		if (import_fy(ctx, SU_YEAR, &s.year))
			bad = 1;
		s.respondent = import_ident(ctx, SU_RESPONDENT, 1, 40, &bad);
		if (import_person_ref(ctx, SU_PERSON, 0, &s.person))
			bad = 1;
		f = import_field(ctx, SU_PRACTICE);
		if (!bad && f.len &&
		    !ob_strmap_get(&ctx->practice_by_code, f.ptr, f.len, &pi))
			bad = import_reject(ctx, SU_PRACTICE,
					    "practice is not in practices.csv");
		if (!bad && f.len)
			s.practice = VEC_AT(ctx->practices,
					    struct practice_row, pi)
					     .code;
		s.question = import_ident(ctx, SU_QUESTION, 1, 32, &bad);
		s.answer = import_text(ctx, SU_ANSWER, 1, 200, &bad);
		if (!bad && import_unique(ctx, SU_QUESTION,
					  "an answer to this question from this "
					  "respondent in this survey and year",
					  "S%s\x1f%d\x1f%s\x1f%s", s.survey,
					  (int)s.year, s.respondent, s.question))
			bad = 1;
		if (!bad) {
			struct survey_row *dst = vec_push(&ctx->surveys);
			if (!dst)
				return import_oom(ctx);
			*dst = s;
		}
		import_row_done(ctx);
	}
	return r;
}
