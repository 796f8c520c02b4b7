/*
 * dataset.c - load an extract version from the workspace into columns; see
 * dataset.h.
 */
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "onebudget/buf.h"

#include "onebudget/codelist.h"
#include "onebudget/dataset.h"
#include "onebudget/hashmap.h"

#include "dataset-cache.h"

const char *ob_locality_name(enum ob_locality l)
{
	static const char *const names[OB_LOC_COUNT] = { "-", "north",
							 "centre", "south" };
	return (unsigned)l < OB_LOC_COUNT ? names[l] : "?";
}

const char *ob_setting_name(enum ob_setting s)
{
	static const char *const names[OB_SET_COUNT] = {
		"admitted",     "outpatient",    "ae",
		"community",    "mental_health", "primary_care",
		"social_care",  "care_home",     "prescribing",
	};
	return (unsigned)s < OB_SET_COUNT ? names[s] : "?";
}

static uint8_t locality_of(const unsigned char *s)
{
	if (!s)
		return OB_LOC_NONE;
	if (!strcmp((const char *)s, "north"))
		return OB_LOC_NORTH;
	if (!strcmp((const char *)s, "centre"))
		return OB_LOC_CENTRE;
	if (!strcmp((const char *)s, "south"))
		return OB_LOC_SOUTH;
	return OB_LOC_NONE;
}

static uint8_t admission_of(const unsigned char *m)
{
	if (!m || !m[0])
		return OB_ADM_NONE;
	switch (m[0]) {
	case '1':
		return OB_ADM_ELECTIVE;
	case '2':
		return OB_ADM_EMERGENCY;
	case '3':
		return OB_ADM_MATERNITY;
	default:
		return OB_ADM_OTHER;
	}
}

/* Loading state: maps from codes to indexes, and the growable code
 * arrays. */
struct loader {
	struct ob_dataset *ds;
	sqlite3 *db;
	struct ob_error *err;
	struct ob_strmap practices, pchs, areas, las, providers, codes, words;
	size_t codes_cap, diag_cap, proc_cap;
	const char **word_list;
	size_t nwords, words_cap;
};

static int fail_db(struct loader *L, const char *what)
{
	ob_error_set(L->err, OB_EDB, NULL, 0, 0, "loading %s: %s", what,
		     sqlite3_errmsg(L->db));
	return -1;
}

static int fail_oom(struct loader *L)
{
	ob_error_set(L->err, OB_ENOMEM, NULL, 0, 0,
		     "out of memory loading the extract");
	return -1;
}

static const char *keep(struct loader *L, const unsigned char *s)
{
	if (!s)
		return NULL;
	return ob_arena_strndup(&L->ds->strings, (const char *)s,
				strlen((const char *)s));
}

#define ALLOC(L, ptr, n)                                                       \
	(((ptr) = calloc((n) ? (n) : 1, sizeof(*(ptr)))) ? 0 : fail_oom(L))

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *np;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 1024;
	while (ncap < need)
		ncap *= 2;
	np = realloc(*p, ncap * size);
	if (!np)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

static int prepare(struct loader *L, const char *sql, sqlite3_stmt **st,
		   const char *what)
{
	if (sqlite3_prepare_v2(L->db, sql, -1, st, NULL) != SQLITE_OK)
		return fail_db(L, what);
	sqlite3_bind_int64(*st, 1, L->ds->extract_id);
	return 0;
}

static long count_rows(struct loader *L, const char *table)
{
	char sql[128];
	sqlite3_stmt *st;
	long n = -1;

	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM %s WHERE extract_id = ?", table);
	if (prepare(L, sql, &st, table))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (n < 0)
		fail_db(L, table);
	return n;
}

/* Intern a code of a system; returns its index or -1. */
static int64_t intern_code(struct loader *L, int system, const char *code,
			   size_t len)
{
	struct ob_dataset *ds = L->ds;
	char key[48];
	uint32_t id;
	char *k;

	if (len == 0 || len > 40)
		return -1;
	key[0] = (char)('0' + system);
	memcpy(key + 1, code, len);
	if (ob_strmap_get(&L->codes, key, len + 1, &id))
		return id;
	k = ob_arena_strndup(&ds->strings, key, len + 1);
	if (!k)
		return fail_oom(L);
	if (grow((void **)&ds->code_text, &L->codes_cap, ds->ncodes + 1,
		 sizeof(*ds->code_text)))
		return fail_oom(L);
	/* code_system grows with the same capacity. */
	{
		uint8_t *cs = realloc(ds->code_system, L->codes_cap);
		if (!cs)
			return fail_oom(L);
		ds->code_system = cs;
	}
	id = (uint32_t)ds->ncodes++;
	ds->code_text[id] = k + 1;
	ds->code_system[id] = (uint8_t)system;
	if (ob_strmap_put(&L->codes, k, len + 1, id, NULL) == OB_ENOMEM)
		return fail_oom(L);
	return id;
}

static int load_reference(struct loader *L)
{
	struct ob_dataset *ds = L->ds;
	sqlite3_stmt *st;
	long n;
	int rc;

	/* Practices and their primary care homes. */
	if ((n = count_rows(L, "practice")) < 0)
		return -1;
	ds->npractices = (size_t)n;
	if (ALLOC(L, ds->practice_code, n) || ALLOC(L, ds->practice_pch, n) ||
	    ALLOC(L, ds->practice_ccg, n) || ALLOC(L, ds->pch_code, n) ||
	    ALLOC(L, ds->pch_locality, n))
		return -1;
	if (prepare(L,
		    "SELECT practice_code, pch, locality, ccg FROM practice"
		    " WHERE extract_id = ? ORDER BY practice_code",
		    &st, "practices"))
		return -1;
	for (size_t i = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
		const unsigned char *pch = sqlite3_column_text(st, 1);
		const char *code = keep(L, sqlite3_column_text(st, 0));
		uint32_t p;
		if (i >= ds->npractices || !code)
			break;
		ds->practice_code[i] = code;
		ds->practice_ccg[i] = keep(L, sqlite3_column_text(st, 3));
		ob_strmap_put(&L->practices, code, strlen(code), (uint32_t)i,
			      NULL);
		ds->practice_pch[i] = -1;
		if (!pch)
			continue;
		if (!ob_strmap_get(&L->pchs, (const char *)pch,
				   strlen((const char *)pch), &p)) {
			p = (uint32_t)ds->npch++;
			ds->pch_code[p] = keep(L, pch);
			ds->pch_locality[p] =
				locality_of(sqlite3_column_text(st, 2));
			ob_strmap_put(&L->pchs, ds->pch_code[p],
				      strlen(ds->pch_code[p]), p, NULL);
		}
		ds->practice_pch[i] = (int32_t)p;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail_db(L, "practices");

	/* Areas and local authorities. */
	if ((n = count_rows(L, "area")) < 0)
		return -1;
	ds->nareas = (size_t)n;
	if (ALLOC(L, ds->lsoa_code, n) || ALLOC(L, ds->area_imd_decile, n) ||
	    ALLOC(L, ds->area_locality, n) || ALLOC(L, ds->area_la, n) ||
	    ALLOC(L, ds->area_population, n) || ALLOC(L, ds->la_code, n) ||
	    ALLOC(L, ds->la_name, n))
		return -1;
	if (prepare(L,
		    "SELECT lsoa_code, imd_decile, locality, la_code, la_name,"
		    " population FROM area WHERE extract_id = ?"
		    " ORDER BY lsoa_code",
		    &st, "areas"))
		return -1;
	for (size_t i = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
		const unsigned char *la = sqlite3_column_text(st, 3);
		uint32_t l;
		if (i >= ds->nareas)
			break;
		ds->lsoa_code[i] = keep(L, sqlite3_column_text(st, 0));
		ds->area_imd_decile[i] = (uint8_t)sqlite3_column_int(st, 1);
		ds->area_locality[i] = locality_of(sqlite3_column_text(st, 2));
		ds->area_population[i] =
			sqlite3_column_type(st, 5) == SQLITE_NULL
				? -1
				: sqlite3_column_int64(st, 5);
		if (!ds->lsoa_code[i])
			return fail_oom(L);
		ob_strmap_put(&L->areas, ds->lsoa_code[i],
			      strlen(ds->lsoa_code[i]), (uint32_t)i, NULL);
		if (!ob_strmap_get(&L->las, (const char *)la,
				   strlen((const char *)la), &l)) {
			l = (uint32_t)ds->nla++;
			ds->la_code[l] = keep(L, la);
			ds->la_name[l] = keep(L, sqlite3_column_text(st, 4));
			ob_strmap_put(&L->las, ds->la_code[l],
				      strlen(ds->la_code[l]), l, NULL);
		}
		ds->area_la[i] = (int32_t)l;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail_db(L, "areas");

	/* Providers. */
	if ((n = count_rows(L, "provider")) < 0)
		return -1;
	ds->nproviders = (size_t)n;
	if (ALLOC(L, ds->provider_code, n) ||
	    ALLOC(L, ds->provider_in_system, n) ||
	    ALLOC(L, ds->provider_alliance, n))
		return -1;
	if (prepare(L,
		    "SELECT provider_code, in_system, alliance_member FROM"
		    " provider WHERE extract_id = ? ORDER BY provider_code",
		    &st, "providers"))
		return -1;
	for (size_t i = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; i++) {
		if (i >= ds->nproviders)
			break;
		ds->provider_code[i] = keep(L, sqlite3_column_text(st, 0));
		ds->provider_in_system[i] = (uint8_t)sqlite3_column_int(st, 1);
		ds->provider_alliance[i] = (uint8_t)sqlite3_column_int(st, 2);
		if (!ds->provider_code[i])
			return fail_oom(L);
		ob_strmap_put(&L->providers, ds->provider_code[i],
			      strlen(ds->provider_code[i]), (uint32_t)i, NULL);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail_db(L, "providers");
}

static int32_t lookup(const struct ob_strmap *m, const unsigned char *s)
{
	uint32_t v;

	if (!s || !ob_strmap_get(m, (const char *)s, strlen((const char *)s),
				 &v))
		return -1;
	return (int32_t)v;
}

static int load_persons(struct loader *L)
{
	struct ob_dataset *ds = L->ds;
	sqlite3_stmt *st;
	long n;
	int rc;

	if ((n = count_rows(L, "person")) < 0)
		return -1;
	ds->npersons = (size_t)n;
	if (ALLOC(L, ds->pseudonym, n) || ALLOC(L, ds->sex, n) ||
	    ALLOC(L, ds->birth, n) || ALLOC(L, ds->death, n) ||
	    ALLOC(L, ds->person_area, n) || ALLOC(L, ds->lives_alone, n) ||
	    ALLOC(L, ds->reg_start, n + 1) || ALLOC(L, ds->cond_start, n + 1) ||
	    ALLOC(L, ds->act_start, n + 1))
		return -1;
	if (prepare(L,
		    "SELECT person, pseudonym, sex, birth_date, death_date,"
		    " lsoa_code, lives_alone FROM person WHERE extract_id = ?"
		    " ORDER BY person",
		    &st, "people"))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t p = sqlite3_column_int64(st, 0);
		if (p < 0 || (size_t)p >= ds->npersons) {
			sqlite3_finalize(st);
			ob_error_set(L->err, OB_EDB, NULL, 0, 0,
				     "person numbers of extract %ld are not "
				     "0..%zu",
				     ds->extract_id, ds->npersons - 1);
			return -1;
		}
		ds->pseudonym[p] = keep(L, sqlite3_column_text(st, 1));
		ds->sex[p] = (uint8_t)sqlite3_column_int(st, 2);
		ds->birth[p] = sqlite3_column_int(st, 3);
		ds->death[p] = sqlite3_column_type(st, 4) == SQLITE_NULL
				       ? OB_DATE_NONE
				       : sqlite3_column_int(st, 4);
		ds->person_area[p] =
			lookup(&L->areas, sqlite3_column_text(st, 5));
		ds->lives_alone[p] = sqlite3_column_type(st, 6) == SQLITE_NULL
					     ? -1
					     : (int8_t)sqlite3_column_int(st, 6);
		if (!ds->pseudonym[p])
			return fail_oom(L);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail_db(L, "people");

	/* Registration spells, in (person, from) order. */
	if ((n = count_rows(L, "registration")) < 0)
		return -1;
	ds->nreg = (size_t)n;
	if (ALLOC(L, ds->reg_practice, n) || ALLOC(L, ds->reg_from, n) ||
	    ALLOC(L, ds->reg_to, n))
		return -1;
	if (prepare(L,
		    "SELECT person, practice_code, registered_from,"
		    " registered_to FROM registration WHERE extract_id = ?"
		    " ORDER BY person, registered_from",
		    &st, "registrations"))
		return -1;
	for (size_t i = 0; (rc = sqlite3_step(st)) == SQLITE_ROW && i < ds->nreg;
	     i++) {
		int64_t p = sqlite3_column_int64(st, 0);
		ds->reg_practice[i] =
			lookup(&L->practices, sqlite3_column_text(st, 1));
		ds->reg_from[i] = sqlite3_column_int(st, 2);
		ds->reg_to[i] = sqlite3_column_type(st, 3) == SQLITE_NULL
					? OB_DATE_NONE
					: sqlite3_column_int(st, 3);
		ds->reg_start[p + 1]++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail_db(L, "registrations");
	for (size_t p = 0; p < ds->npersons; p++)
		ds->reg_start[p + 1] += ds->reg_start[p];

	/* Conditions, in (person, date) order. */
	if ((n = count_rows(L, "condition")) < 0)
		return -1;
	ds->ncond = (size_t)n;
	if (ALLOC(L, ds->cond_code, n) || ALLOC(L, ds->cond_date, n))
		return -1;
	if (prepare(L,
		    "SELECT person, code_system, code, recorded_date FROM"
		    " condition WHERE extract_id = ?"
		    " ORDER BY person, recorded_date",
		    &st, "conditions"))
		return -1;
	for (size_t i = 0;
	     (rc = sqlite3_step(st)) == SQLITE_ROW && i < ds->ncond; i++) {
		int64_t p = sqlite3_column_int64(st, 0);
		const char *sys = (const char *)sqlite3_column_text(st, 1);
		const char *code = (const char *)sqlite3_column_text(st, 2);
		int64_t id = intern_code(
			L,
			sys && sys[0] == 'S' ? OB_CODE_SNOMED : OB_CODE_ICD10,
			code, code ? strlen(code) : 0);
		if (id < 0) {
			sqlite3_finalize(st);
			return -1;
		}
		ds->cond_code[i] = (uint32_t)id;
		ds->cond_date[i] = sqlite3_column_int(st, 3);
		ds->cond_start[p + 1]++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail_db(L, "conditions");
	for (size_t p = 0; p < ds->npersons; p++)
		ds->cond_start[p + 1] += ds->cond_start[p];
	return 0;
}

/* Split a ';'-separated code list and append the interned codes. */
static int add_codes(struct loader *L, const unsigned char *list, int system,
		     uint32_t **codes, size_t *n, size_t *cap)
{
	const char *s = (const char *)list;

	while (s && *s) {
		const char *e = strchr(s, ';');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		int64_t id = intern_code(L, system, s, len);
		if (id < 0)
			return -1;
		if (grow((void **)codes, cap, *n + 1, sizeof(**codes)))
			return fail_oom(L);
		(*codes)[(*n)++] = (uint32_t)id;
		s = e ? e + 1 : NULL;
	}
	return 0;
}

static int load_activity(struct loader *L)
{
	struct ob_dataset *ds = L->ds;
	sqlite3_stmt *st;
	size_t i = 0;
	long n;
	int rc;

	if ((n = count_rows(L, "activity")) < 0)
		return -1;
	ds->nact = (size_t)n;
	if (ALLOC(L, ds->act_setting, n) || ALLOC(L, ds->act_admission, n) ||
	    ALLOC(L, ds->act_disdest, n) || ALLOC(L, ds->act_permanent, n) ||
	    ALLOC(L, ds->act_from, n) || ALLOC(L, ds->act_to, n) ||
	    ALLOC(L, ds->act_provider, n) || ALLOC(L, ds->act_tf, n) ||
	    ALLOC(L, ds->act_delayed, n) || ALLOC(L, ds->act_cost, n) ||
	    ALLOC(L, ds->act_diag, n + 1) || ALLOC(L, ds->act_proc, n + 1) ||
	    ALLOC(L, ds->act_hrg, n))
		return -1;
	/* The primary key clusters rows by (person, start_date, id). */
	if (prepare(L,
		    "SELECT person, setting, start_date, end_date,"
		    " admission_method, discharge_destination,"
		    " care_home_permanent, provider_code, treatment_function,"
		    " delayed_days, cost, diagnoses, procedures, hrg"
		    " FROM activity WHERE extract_id = ?"
		    " ORDER BY person, start_date, activity_id",
		    &st, "activity"))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && i < ds->nact) {
		int64_t p = sqlite3_column_int64(st, 0);
		const char *set = (const char *)sqlite3_column_text(st, 1);
		const unsigned char *dd = sqlite3_column_text(st, 5);
		const unsigned char *hrg = sqlite3_column_text(st, 13);
		int s;

		for (s = 0; s < OB_SET_COUNT; s++)
			if (set && !strcmp(set, ob_setting_name(s)))
				break;
		ds->act_setting[i] = (uint8_t)(s < OB_SET_COUNT ? s : 0);
		ds->act_from[i] = sqlite3_column_int(st, 2);
		ds->act_to[i] = sqlite3_column_type(st, 3) == SQLITE_NULL
					? OB_DATE_NONE
					: sqlite3_column_int(st, 3);
		ds->act_admission[i] = admission_of(sqlite3_column_text(st, 4));
		ds->act_disdest[i] =
			dd ? (uint8_t)((dd[0] - '0') * 10 + (dd[1] - '0')) : 0;
		ds->act_permanent[i] =
			sqlite3_column_type(st, 6) == SQLITE_NULL
				? -1
				: (int8_t)sqlite3_column_int(st, 6);
		ds->act_provider[i] =
			lookup(&L->providers, sqlite3_column_text(st, 7));
		ds->act_tf[i] = (int16_t)sqlite3_column_int(st, 8);
		ds->act_delayed[i] = sqlite3_column_int(st, 9);
		ds->act_cost[i] = sqlite3_column_int64(st, 10);
		ds->act_diag[i] = (uint32_t)ds->ndiag;
		ds->act_proc[i] = (uint32_t)ds->nproc;
		if (add_codes(L, sqlite3_column_text(st, 11), OB_CODE_ICD10,
			      &ds->diag_code, &ds->ndiag, &L->diag_cap) ||
		    add_codes(L, sqlite3_column_text(st, 12), OB_CODE_OPCS4,
			      &ds->proc_code, &ds->nproc, &L->proc_cap)) {
			sqlite3_finalize(st);
			return -1;
		}
		ds->act_hrg[i] = hrg ? keep(L, hrg) : NULL;
		ds->act_start[p + 1]++;
		i++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail_db(L, "activity");
	ds->act_diag[ds->nact] = (uint32_t)ds->ndiag;
	ds->act_proc[ds->nact] = (uint32_t)ds->nproc;
	for (size_t p = 0; p < ds->npersons; p++)
		ds->act_start[p + 1] += ds->act_start[p];
	return 0;
}

/* Intern a short repeated string (survey and question names): the map
 * gives the index of the one copy in `word_list`. */
static const char *intern_word(struct loader *L, const unsigned char *s)
{
	size_t len = s ? strlen((const char *)s) : 0;
	uint32_t idx;
	const char *k;

	if (!s)
		return NULL;
	if (ob_strmap_get(&L->words, (const char *)s, len, &idx))
		return L->word_list[idx];
	k = keep(L, s);
	if (!k || grow((void **)&L->word_list, &L->words_cap, L->nwords + 1,
		       sizeof(*L->word_list)))
		return NULL;
	L->word_list[L->nwords] = k;
	if (ob_strmap_put(&L->words, k, len, (uint32_t)L->nwords, NULL) ==
	    OB_ENOMEM)
		return NULL;
	L->nwords++;
	return k;
}

static int load_surveys(struct loader *L)
{
	struct ob_dataset *ds = L->ds;
	sqlite3_stmt *st;
	size_t i = 0;
	long n;
	int rc;

	if ((n = count_rows(L, "survey")) < 0)
		return -1;
	ds->nsurvey = (size_t)n;
	if (ALLOC(L, ds->survey_name, n) || ALLOC(L, ds->survey_question, n) ||
	    ALLOC(L, ds->survey_respondent, n) ||
	    ALLOC(L, ds->survey_answer, n) || ALLOC(L, ds->survey_year, n) ||
	    ALLOC(L, ds->survey_person, n) || ALLOC(L, ds->survey_practice, n))
		return -1;
	if (prepare(L,
		    "SELECT survey, financial_year, respondent_id, person,"
		    " practice_code, question, answer FROM survey"
		    " WHERE extract_id = ?"
		    " ORDER BY survey, financial_year, respondent_id, question",
		    &st, "surveys"))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && i < ds->nsurvey) {
		ds->survey_name[i] = intern_word(L, sqlite3_column_text(st, 0));
		ds->survey_year[i] = sqlite3_column_int(st, 1);
		ds->survey_respondent[i] = keep(L, sqlite3_column_text(st, 2));
		ds->survey_person[i] =
			sqlite3_column_type(st, 3) == SQLITE_NULL
				? -1
				: (int32_t)sqlite3_column_int64(st, 3);
		ds->survey_practice[i] =
			lookup(&L->practices, sqlite3_column_text(st, 4));
		ds->survey_question[i] =
			intern_word(L, sqlite3_column_text(st, 5));
		ds->survey_answer[i] = keep(L, sqlite3_column_text(st, 6));
		if (!ds->survey_name[i] || !ds->survey_respondent[i] ||
		    !ds->survey_question[i] || !ds->survey_answer[i]) {
			sqlite3_finalize(st);
			return fail_oom(L);
		}
		i++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail_db(L, "surveys");
	return 0;
}

static void loader_release(struct loader *L)
{
	ob_strmap_release(&L->words);
	free(L->word_list);
	ob_strmap_release(&L->practices);
	ob_strmap_release(&L->pchs);
	ob_strmap_release(&L->areas);
	ob_strmap_release(&L->las);
	ob_strmap_release(&L->providers);
	ob_strmap_release(&L->codes);
}

/* The content digest of an extract, which binds a column cache to it. */
static enum ob_status extract_digest(struct ob_workspace *ws, long id,
				     char sha[65], struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(db,
			       "SELECT content_sha256 FROM extract WHERE id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return ob_error_set(err, OB_EDB, NULL, 0, 0,
				    "reading extract %ld: %s", id,
				    sqlite3_errmsg(db));
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 64) {
		memcpy(sha, sqlite3_column_text(st, 0), 64);
		sha[64] = '\0';
		found = 1;
	}
	sqlite3_finalize(st);
	if (!found)
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "extract %ld is not in the workspace (see "
				    "'onebudget extracts')",
				    id);
	return OB_OK;
}

static struct ob_dataset *dataset_new(long extract_id)
{
	struct ob_dataset *ds = calloc(1, sizeof(*ds));

	if (ds) {
		ob_arena_init(&ds->strings, 0);
		ds->extract_id = extract_id;
	}
	return ds;
}

enum ob_status ob_dataset_load(struct ob_workspace *ws, long extract_id,
			       struct ob_dataset **out, struct ob_error *err)
{
	struct ob_buf cache = OB_BUF_INIT;
	struct loader L;
	struct ob_dataset *ds;
	enum ob_status st;
	char sha[65];

	memset(&L, 0, sizeof(L));
	if (extract_id <= 0 &&
	    (st = ob_workspace_latest_extract(ws, &extract_id, err)))
		return st;
	if ((st = extract_digest(ws, extract_id, sha, err)))
		return st;
	if (ob_buf_addf(&cache, "%s/cache/extract-%ld.columns",
			ob_workspace_dir(ws), extract_id))
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	ds = dataset_new(extract_id);
	if (!ds) {
		ob_buf_release(&cache);
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	}
	/* The column cache first; anything wrong with it, and the columns
	 * come from the database and the cache is written anew. */
	if (!getenv("ONEBUDGET_NO_CACHE") &&
	    dataset_cache_read(cache.data, extract_id, sha, ds) == 0) {
		ob_buf_release(&cache);
		*out = ds;
		return OB_OK;
	}
	ob_dataset_free(ds);
	ds = dataset_new(extract_id);
	if (!ds) {
		ob_buf_release(&cache);
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	}
	L.ds = ds;
	L.db = ob_workspace_db(ws);
	L.err = err;
	if (load_reference(&L) || load_persons(&L) || load_activity(&L) ||
	    load_surveys(&L)) {
		loader_release(&L);
		ob_dataset_free(ds);
		ob_buf_release(&cache);
		return err && err->code ? err->code : OB_EDB;
	}
	loader_release(&L);
	if (!getenv("ONEBUDGET_NO_CACHE")) {
		struct ob_buf dir = OB_BUF_INIT;
		/* A read-only workspace simply goes without a cache. */
		if (!ob_buf_addf(&dir, "%s/cache", ob_workspace_dir(ws)) &&
		    (mkdir(dir.data, 0700) == 0 || errno == EEXIST))
			dataset_cache_write(cache.data, sha, ds);
		ob_buf_release(&dir);
	}
	ob_buf_release(&cache);
	*out = ds;
	return OB_OK;
}

void ob_dataset_free(struct ob_dataset *ds)
{
	if (!ds)
		return;
	free(ds->practice_code);
	free(ds->practice_pch);
	free(ds->practice_ccg);
	free(ds->pch_code);
	free(ds->pch_locality);
	free(ds->lsoa_code);
	free(ds->area_imd_decile);
	free(ds->area_locality);
	free(ds->area_la);
	free(ds->area_population);
	free(ds->la_code);
	free(ds->la_name);
	free(ds->provider_code);
	free(ds->provider_in_system);
	free(ds->provider_alliance);
	free(ds->pseudonym);
	free(ds->sex);
	free(ds->birth);
	free(ds->death);
	free(ds->person_area);
	free(ds->lives_alone);
	free(ds->reg_start);
	free(ds->reg_practice);
	free(ds->reg_from);
	free(ds->reg_to);
	free(ds->cond_start);
	free(ds->cond_code);
	free(ds->cond_date);
	free(ds->act_start);
	free(ds->act_setting);
	free(ds->act_admission);
	free(ds->act_disdest);
	free(ds->act_permanent);
	free(ds->act_from);
	free(ds->act_to);
	free(ds->act_provider);
	free(ds->act_tf);
	free(ds->act_delayed);
	free(ds->act_cost);
	free(ds->act_diag);
	free(ds->act_proc);
	free(ds->diag_code);
	free(ds->proc_code);
	free(ds->act_hrg);
	free(ds->survey_name);
	free(ds->survey_question);
	free(ds->survey_respondent);
	free(ds->survey_answer);
	free(ds->survey_year);
	free(ds->survey_person);
	free(ds->survey_practice);
	free(ds->code_text);
	free(ds->code_system);
	ob_arena_release(&ds->strings);
	free(ds);
}

int32_t ob_dataset_practice(const struct ob_dataset *ds, const char *code)
{
	for (size_t i = 0; i < ds->npractices; i++)
		if (!strcmp(ds->practice_code[i], code))
			return (int32_t)i;
	return -1;
}

int32_t ob_dataset_pch(const struct ob_dataset *ds, const char *code)
{
	for (size_t i = 0; i < ds->npch; i++)
		if (!strcmp(ds->pch_code[i], code))
			return (int32_t)i;
	return -1;
}
