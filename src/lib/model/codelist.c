/*
 * codelist.c - the clinical code lists: parsing the embedded CSV files once
 * and looking codes up.
 *
 * Every list becomes entries of one index.  ICD-10 lists are prefix lists
 * (Charlson: Quan et al. 2005, "codes are prefixes"; condition groups and
 * eFI deficits: data/codes/conditions.csv, efi_codes.csv), so the index
 * maps each prefix string, 1 to 5 characters, to one entry that ORs the
 * properties of every row with that prefix; a look-up tries each prefix of
 * the normalised code and ORs what it finds.  HFRS categories are the
 * 3-character entries that carry a category number (Gilbert et al. 2018
 * match the first three characters).  SNOMED CT rows are exact concept ids
 * in a second map.  Building it once makes a look-up at most six hash
 * probes, and exact: a prefix matches only codes that start with it.
 *
 * The scores and bands that do not need the lists are in codelist-scores.c.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/arena.h"
#include "onebudget/codelist.h"
#include "onebudget/codes.h"
#include "onebudget/csv.h"
#include "onebudget/hashmap.h"
#include "onebudget/refdata.h"
#include "codelist-internal.h"

#include "onebudget/banned.h"

#define HFRS_FILE	  "codes/hfrs_gilbert2018.csv"
#define CHARLSON_FILE	  "codes/charlson_quan.csv"
#define EFI_DEFICITS_FILE "codes/efi_deficits.csv"
#define EFI_CODES_FILE	  "codes/efi_codes.csv"
#define CONDITIONS_FILE	  "codes/conditions.csv"
#define CARE_PLANS_FILE	  "codes/care_plans.csv"
#define DEMENTIA_FILE	  "outcomes/dementia_prevalence_cfas2.csv"

/* The properties of one prefix or concept id. */
struct code_entry {
	uint32_t conditions;
	uint32_t charlson;
	uint64_t efi;
	int16_t hfrs; /* HFRS category, -1 none (3-character prefixes only) */
	uint8_t care_plan;
};

struct hfrs_category {
	char code[4];
	double points;
};

struct ob_codelists {
	struct ob_arena keys;	 /* the prefix strings the map points at */
	struct ob_strmap icd10;	 /* prefix -> index into entry */
	struct ob_u64map snomed; /* concept id -> index into entry */
	struct code_entry *entry;
	size_t nentry, aentry;
	unsigned icd10_lengths; /* bit k: some prefix has k characters */
	struct hfrs_category hfrs[OB_HFRS_CATEGORIES];
	size_t nhfrs;
	/* Expected dementia prevalence by sex (0 male, 1 female) and age;
	 * 0 below the first age of the table. */
	double dementia[2][OB_PREVALENCE_AGES];
};

/* ------------------------------------------------------------- tables */

/*
 * One embedded CSV file being read: the leading '#' comment lines are
 * skipped, the header names the columns, and later rows whose first field
 * starts with '#' are comments too (section notes inside the file).
 */
struct table {
	const char *name;
	struct ob_csv_reader *rd;
	struct ob_csv_row row;
	size_t nheader;
	int col[6];
};

static enum ob_status table_open(struct table *t, const char *name,
				 const char *const *cols, size_t ncols,
				 struct ob_error *err)
{
	const struct ob_refdata_file *f = ob_refdata_find(name);
	const char *p, *end;
	enum ob_status st;

	memset(t, 0, sizeof(*t));
	t->name = name;
	if (!f)
		return ob_error_set(err, OB_ENOTFOUND, name, 0, 0,
				    "code list is not built in");
	p = (const char *)f->data;
	end = p + f->len;
	while (p < end && *p == '#') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		p = nl ? nl + 1 : end;
	}
	st = ob_csv_open_mem(&t->rd, p, (size_t)(end - p), name, err);
	if (st)
		return st;
	st = ob_csv_next(t->rd, &t->row, err);
	if (st)
		return st;
	if (t->row.eof)
		return ob_error_set(err, OB_EPARSE, name, 0, 0,
				    "no header line");
	t->nheader = t->row.nfields;
	for (size_t c = 0; c < ncols; c++) {
		t->col[c] = -1;
		for (size_t i = 0; i < t->row.nfields; i++)
			if (!strcmp(t->row.fields[i].ptr, cols[c]))
				t->col[c] = (int)i;
		if (t->col[c] < 0)
			return ob_error_set(err, OB_EPARSE, name, t->row.line,
					    0, "no column '%s' in the header",
					    cols[c]);
	}
	return OB_OK;
}

/* Next data row: 1 and t->row filled, 0 at the end, -1 on error (*st). */
static int table_next(struct table *t, enum ob_status *st, struct ob_error *err)
{
	for (;;) {
		*st = ob_csv_next(t->rd, &t->row, err);
		if (*st)
			return -1;
		if (t->row.eof)
			return 0;
		if (t->row.fields[0].len && t->row.fields[0].ptr[0] == '#')
			continue;
		if (t->row.nfields != t->nheader) {
			*st = ob_error_set(err, OB_EPARSE, t->name, t->row.line,
					   0, "%zu fields, expected %zu",
					   t->row.nfields, t->nheader);
			return -1;
		}
		return 1;
	}
}

static const struct ob_csv_field *table_field(const struct table *t, int c)
{
	return &t->row.fields[t->col[c]];
}

static void table_close(struct table *t)
{
	ob_csv_free(t->rd);
	t->rd = NULL;
}

/* ------------------------------------------------------------- checks */

static int is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}
static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* An ICD-10 prefix in normalised form: 1 to 5 characters, a letter, then
 * digits, the 4th also 'X' (HES filler) and the 5th also a letter, as
 * ob_icd10_normalise() writes codes. */
static int icd10_prefix_valid(const char *s, size_t len)
{
	if (len < 1 || len > 5 || !is_upper(s[0]))
		return 0;
	for (size_t i = 1; i < len; i++) {
		int c = (unsigned char)s[i];

		if (i < 3 && !is_digit(c))
			return 0;
		if (i == 3 && !is_digit(c) && c != 'X')
			return 0;
		if (i == 4 && !is_digit(c) && !is_upper(c))
			return 0;
	}
	return 1;
}

/* Digits of a concept id as an integer (6 to 18 digits fit in 63 bits). */
static int snomed_id(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len < 6 || len > 18 || s[0] == '0')
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (!is_digit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 1;
}

/* ------------------------------------------------------------- index */

static enum ob_status new_entry(struct ob_codelists *cl, uint32_t *index)
{
	if (cl->nentry == cl->aentry) {
		size_t n = cl->aentry ? 2 * cl->aentry : 512;
		struct code_entry *e;

		if (n > UINT32_MAX || n > SIZE_MAX / sizeof(*e))
			return OB_ENOMEM;
		e = realloc(cl->entry, n * sizeof(*e));
		if (!e)
			return OB_ENOMEM;
		cl->entry = e;
		cl->aentry = n;
	}
	memset(&cl->entry[cl->nentry], 0, sizeof(cl->entry[0]));
	cl->entry[cl->nentry].hfrs = -1;
	*index = (uint32_t)cl->nentry++;
	return OB_OK;
}

/* The entry of an ICD-10 prefix (validated by the caller), made if new. */
static enum ob_status icd10_entry(struct ob_codelists *cl, const char *s,
				  size_t len, struct code_entry **out)
{
	uint32_t i;
	enum ob_status st;
	char *key;

	if (!ob_strmap_get(&cl->icd10, s, len, &i)) {
		key = ob_arena_strndup(&cl->keys, s, len);
		if (!key)
			return OB_ENOMEM;
		st = new_entry(cl, &i);
		if (!st)
			st = ob_strmap_put(&cl->icd10, key, len, i, NULL);
		if (st)
			return st;
		cl->icd10_lengths |= 1u << len;
	}
	*out = &cl->entry[i];
	return OB_OK;
}

static enum ob_status snomed_entry(struct ob_codelists *cl, uint64_t id,
				   struct code_entry **out)
{
	uint32_t i;
	enum ob_status st;

	if (!ob_u64map_get(&cl->snomed, id, &i)) {
		st = new_entry(cl, &i);
		if (!st)
			st = ob_u64map_put(&cl->snomed, id, i, NULL);
		if (st)
			return st;
	}
	*out = &cl->entry[i];
	return OB_OK;
}

/*
 * The entry named by a row's code_system and code columns, with the file
 * and line in any error: an ICD-10 prefix or a SNOMED CT concept id that
 * passes the Verhoeff check.
 */
static enum ob_status coded_entry(struct ob_codelists *cl,
				  const struct table *t, int c_system,
				  int c_code, struct code_entry **out,
				  struct ob_error *err)
{
	const struct ob_csv_field *sys = table_field(t, c_system);
	const struct ob_csv_field *code = table_field(t, c_code);
	enum ob_status st;
	uint64_t id;

	if (!strcmp(sys->ptr, "ICD10")) {
		if (!icd10_prefix_valid(code->ptr, code->len))
			return ob_error_set(err, OB_EPARSE, t->name,
					    t->row.line, 0,
					    "code '%s' is not an ICD-10 "
					    "prefix (letter, digits, no dot)",
					    code->ptr);
		st = icd10_entry(cl, code->ptr, code->len, out);
	} else if (!strcmp(sys->ptr, "SNOMED")) {
		if (!ob_snomed_valid(code->ptr, code->len) ||
		    !snomed_id(code->ptr, code->len, &id))
			return ob_error_set(err, OB_EPARSE, t->name,
					    t->row.line, 0,
					    "code '%s' is not a SNOMED CT "
					    "concept id (Verhoeff check)",
					    code->ptr);
		st = snomed_entry(cl, id, out);
	} else {
		return ob_error_set(err, OB_EPARSE, t->name, t->row.line, 0,
				    "code system '%s' is not ICD10 or SNOMED",
				    sys->ptr);
	}
	if (st)
		return ob_error_set(err, st, t->name, t->row.line, 0,
				    "out of memory indexing code lists");
	return OB_OK;
}

/* ------------------------------------------------------------- loaders */

/* Gilbert et al. 2018: 109 three-character categories and their points. */
static enum ob_status load_hfrs(struct ob_codelists *cl, struct ob_error *err)
{
	static const char *const cols[] = {"icd10_3char", "points"};
	struct table t;
	struct code_entry *e;
	enum ob_status st;

	st = table_open(&t, HFRS_FILE, cols, 2, err);
	while (!st && table_next(&t, &st, err) > 0) {
		const struct ob_csv_field *code = table_field(&t, 0);
		const struct ob_csv_field *pts = table_field(&t, 1);
		char *end;
		double p;

		if (code->len != 3 || !icd10_prefix_valid(code->ptr, 3)) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "'%s' is not a 3-character "
					  "ICD-10 category",
					  code->ptr);
			break;
		}
		errno = 0;
		p = pts->len ? strtod(pts->ptr, &end) : 0;
		if (!pts->len || end != pts->ptr + pts->len || errno ||
		    !isfinite(p) || p <= 0 || p >= 100) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "points '%s' are not a number "
					  "between 0 and 100",
					  pts->ptr);
			break;
		}
		if (cl->nhfrs == OB_HFRS_CATEGORIES) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "more than %d categories",
					  OB_HFRS_CATEGORIES);
			break;
		}
		st = icd10_entry(cl, code->ptr, 3, &e);
		if (st) {
			st = ob_error_set(err, st, t.name, t.row.line, 0,
					  "out of memory indexing code lists");
			break;
		}
		if (e->hfrs >= 0) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "category '%s' is listed twice",
					  code->ptr);
			break;
		}
		e->hfrs = (int16_t)cl->nhfrs;
		memcpy(cl->hfrs[cl->nhfrs].code, code->ptr, 4);
		cl->hfrs[cl->nhfrs++].points = p;
	}
	table_close(&t);
	if (!st && cl->nhfrs != OB_HFRS_CATEGORIES)
		st = ob_error_set(err, OB_EPARSE, HFRS_FILE, 0, 0,
				  "%zu categories, expected %d", cl->nhfrs,
				  OB_HFRS_CATEGORIES);
	return st;
}

/* A small integer weight column (0 to 9). */
static int weight_of(const struct ob_csv_field *f)
{
	if (f->len != 1 || !is_digit((unsigned char)f->ptr[0]))
		return -1;
	return f->ptr[0] - '0';
}

/*
 * Quan et al. 2005 prefixes.  The weights in the file must equal the ones
 * ob_charlson_score() uses (which cannot read the file: it takes no list),
 * so a changed file is caught here rather than silently ignored.
 */
static enum ob_status load_charlson(struct ob_codelists *cl,
				    struct ob_error *err)
{
	static const char *const cols[] = {"category", "icd10_prefix",
					   "weight_charlson1987",
					   "weight_quan2011"};
	struct table t;
	struct code_entry *e;
	enum ob_status st;

	st = table_open(&t, CHARLSON_FILE, cols, 4, err);
	while (!st && table_next(&t, &st, err) > 0) {
		const struct ob_csv_field *cat = table_field(&t, 0);
		const struct ob_csv_field *code = table_field(&t, 1);
		int c, w87 = weight_of(table_field(&t, 2));
		int w11 = weight_of(table_field(&t, 3));

		for (c = 0; c < OB_CCI_COUNT; c++)
			if (!strcmp(cat->ptr, ob_charlson_category_name(c)))
				break;
		if (c == OB_CCI_COUNT) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "unknown Charlson category '%s'",
					  cat->ptr);
			break;
		}
		if (w87 != ob_charlson_weight(c, OB_CHARLSON_1987) ||
		    w11 != ob_charlson_weight(c, OB_CHARLSON_QUAN_2011)) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "weights of '%s' differ from "
					  "Charlson 1987 / Quan 2011",
					  cat->ptr);
			break;
		}
		if (!icd10_prefix_valid(code->ptr, code->len)) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "'%s' is not an ICD-10 prefix",
					  code->ptr);
			break;
		}
		st = icd10_entry(cl, code->ptr, code->len, &e);
		if (st) {
			st = ob_error_set(err, st, t.name, t.row.line, 0,
					  "out of memory indexing code lists");
			break;
		}
		e->charlson |= UINT32_C(1) << c;
	}
	table_close(&t);
	return st;
}

/* Deficit number of an eFI code-set name, with or without "efi-". */
static int efi_deficit_of(const char *name)
{
	if (!strncmp(name, "efi-", 4))
		name += 4;
	for (int i = 0; i < OB_EFI_DEFICITS; i++)
		if (!strcmp(name, ob_efi_deficit_name(i)))
			return i;
	return -1;
}

/* efi_deficits.csv must list the 36 deficits in the order of the numbers
 * (ob_efi_deficit_name() is a table in the code). */
static enum ob_status check_efi_deficits(struct ob_error *err)
{
	static const char *const cols[] = {"deficit_codeset"};
	struct table t;
	enum ob_status st;
	int n = 0;

	st = table_open(&t, EFI_DEFICITS_FILE, cols, 1, err);
	while (!st && table_next(&t, &st, err) > 0) {
		const char *name = table_field(&t, 0)->ptr;

		if (n >= OB_EFI_DEFICITS || efi_deficit_of(name) != n) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "deficit '%s' is not number %d "
					  "of the eFI",
					  name, n);
			break;
		}
		n++;
	}
	table_close(&t);
	if (!st && n != OB_EFI_DEFICITS)
		st = ob_error_set(err, OB_EPARSE, EFI_DEFICITS_FILE, 0, 0,
				  "%d deficits, expected %d", n,
				  OB_EFI_DEFICITS);
	return st;
}

static enum ob_status load_efi_codes(struct ob_codelists *cl,
				     struct ob_error *err)
{
	static const char *const cols[] = {"deficit", "code_system", "code"};
	struct table t;
	struct code_entry *e;
	enum ob_status st;

	st = table_open(&t, EFI_CODES_FILE, cols, 3, err);
	while (!st && table_next(&t, &st, err) > 0) {
		const char *name = table_field(&t, 0)->ptr;
		int d = efi_deficit_of(name);

		if (d < 0) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "unknown eFI deficit '%s'", name);
			break;
		}
		st = coded_entry(cl, &t, 1, 2, &e, err);
		if (st)
			break;
		e->efi |= UINT64_C(1) << d;
	}
	table_close(&t);
	return st;
}

static enum ob_status load_conditions(struct ob_codelists *cl,
				      struct ob_error *err)
{
	static const char *const cols[] = {"condition", "code_system", "code"};
	struct table t;
	struct code_entry *e;
	enum ob_status st;

	st = table_open(&t, CONDITIONS_FILE, cols, 3, err);
	while (!st && table_next(&t, &st, err) > 0) {
		const char *name = table_field(&t, 0)->ptr;
		int c;

		for (c = 0; c < OB_COND_COUNT; c++)
			if (!strcmp(name, ob_condition_name(c)))
				break;
		if (c == OB_COND_COUNT) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "unknown condition group '%s'", name);
			break;
		}
		st = coded_entry(cl, &t, 1, 2, &e, err);
		if (st)
			break;
		e->conditions |= UINT32_C(1) << c;
	}
	table_close(&t);
	return st;
}

static enum ob_status load_care_plans(struct ob_codelists *cl,
				      struct ob_error *err)
{
	static const char *const cols[] = {"code_system", "code"};
	struct table t;
	struct code_entry *e;
	enum ob_status st;

	st = table_open(&t, CARE_PLANS_FILE, cols, 2, err);
	while (!st && table_next(&t, &st, err) > 0) {
		st = coded_entry(cl, &t, 0, 1, &e, err);
		if (!st)
			e->care_plan = 1;
	}
	table_close(&t);
	return st;
}

/* A whole number from lo to hi in a table field, or -1. */
static long table_int(const struct table *t, int c, long lo, long hi)
{
	const struct ob_csv_field *f = table_field(t, c);
	char *end;
	long v;

	errno = 0;
	v = strtol(f->ptr, &end, 10);
	if (!f->len || *end || errno || v < lo || v > hi)
		return -1;
	return v;
}

/* Age-sex prevalence rates: rows of sex, age_from, age_to (inclusive),
 * prevalence; each sex's bands must not overlap. */
static enum ob_status load_dementia(struct ob_codelists *cl,
				    struct ob_error *err)
{
	static const char *const cols[] = {"sex", "age_from", "age_to",
					   "prevalence"};
	unsigned char seen[2][OB_PREVALENCE_AGES] = {{0}};
	struct table t;
	enum ob_status st;
	int rows = 0;

	st = table_open(&t, DEMENTIA_FILE, cols, 4, err);
	while (!st && table_next(&t, &st, err) > 0) {
		const char *sex = table_field(&t, 0)->ptr;
		int s = !strcmp(sex, "male") ? 0 : !strcmp(sex, "female") ? 1 : -1;
		long from = table_int(&t, 1, 0, OB_PREVALENCE_AGES - 1);
		long to = table_int(&t, 2, 0, OB_PREVALENCE_AGES - 1);
		char *end;
		double p = strtod(table_field(&t, 3)->ptr, &end);

		if (s < 0 || from < 0 || to < from || *end || !(p >= 0) ||
		    p > 1) {
			st = ob_error_set(err, OB_EPARSE, t.name, t.row.line, 0,
					  "expected sex male or female, ages "
					  "0 to %d with age_from <= age_to, "
					  "and a prevalence from 0 to 1",
					  OB_PREVALENCE_AGES - 1);
			break;
		}
		for (long a = from; a <= to; a++) {
			if (seen[s][a]) {
				st = ob_error_set(err, OB_EPARSE, t.name,
						  t.row.line, 0,
						  "age %ld of %s is in two "
						  "bands", a, sex);
				break;
			}
			seen[s][a] = 1;
			cl->dementia[s][a] = p;
		}
		rows++;
	}
	table_close(&t);
	if (!st && !rows)
		st = ob_error_set(err, OB_EPARSE, DEMENTIA_FILE, 0, 0,
				  "no prevalence rows");
	return st;
}

/* ------------------------------------------------------------- public */

double ob_dementia_prevalence(const struct ob_codelists *cl, int sex, int age)
{
	if (!cl || (sex != 1 && sex != 2) || age < 0)
		return 0;
	if (age >= OB_PREVALENCE_AGES)
		age = OB_PREVALENCE_AGES - 1;
	return cl->dementia[sex - 1][age];
}

enum ob_status ob_codelists_load(struct ob_codelists **out,
				 struct ob_error *err)
{
	struct ob_codelists *cl;
	enum ob_status st;

	*out = NULL;
	cl = calloc(1, sizeof(*cl));
	if (!cl)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory loading code lists");
	ob_arena_init(&cl->keys, 16 * 1024);
	ob_strmap_init(&cl->icd10);
	ob_u64map_init(&cl->snomed);
	st = load_hfrs(cl, err);
	if (!st)
		st = load_charlson(cl, err);
	if (!st)
		st = check_efi_deficits(err);
	if (!st)
		st = load_efi_codes(cl, err);
	if (!st)
		st = load_conditions(cl, err);
	if (!st)
		st = load_care_plans(cl, err);
	if (!st)
		st = load_dementia(cl, err);
	if (st) {
		ob_codelists_free(cl);
		return st;
	}
	*out = cl;
	return OB_OK;
}

void ob_codelists_free(struct ob_codelists *cl)
{
	if (!cl)
		return;
	ob_strmap_release(&cl->icd10);
	ob_u64map_release(&cl->snomed);
	ob_arena_release(&cl->keys);
	free(cl->entry);
	free(cl);
}

static void merge(const struct ob_codelists *cl, const struct code_entry *e,
		  struct ob_code_props *out)
{
	out->conditions |= e->conditions;
	out->charlson |= e->charlson;
	out->efi_deficits |= e->efi;
	out->care_plan |= e->care_plan;
	if (e->hfrs >= 0) {
		out->hfrs_category = e->hfrs;
		out->hfrs_points = (float)cl->hfrs[e->hfrs].points;
	}
}

void ob_code_lookup(const struct ob_codelists *cl, enum ob_code_system sys,
		    const char *code, size_t len, struct ob_code_props *out)
{
	char norm[6];
	uint64_t id;
	uint32_t i;
	size_t n;

	memset(out, 0, sizeof(*out));
	out->hfrs_category = -1;
	if (!cl || !code)
		return;
	switch (sys) {
	case OB_CODE_ICD10:
		n = ob_icd10_normalise(code, len, norm);
		for (size_t k = 1; k <= n; k++)
			if ((cl->icd10_lengths & (1u << k)) &&
			    ob_strmap_get(&cl->icd10, norm, k, &i))
				merge(cl, &cl->entry[i], out);
		break;
	case OB_CODE_SNOMED:
		if (snomed_id(code, len, &id) &&
		    ob_u64map_get(&cl->snomed, id, &i))
			merge(cl, &cl->entry[i], out);
		break;
	default:
		break; /* no list is coded in OPCS-4 */
	}
}

size_t ob_hfrs_categories(const struct ob_codelists *cl)
{
	return cl ? cl->nhfrs : 0;
}

double ob_hfrs_category_points(const struct ob_codelists *cl, size_t i)
{
	return cl && i < cl->nhfrs ? cl->hfrs[i].points : 0.0;
}

const char *ob_hfrs_category_code(const struct ob_codelists *cl, size_t i)
{
	return cl && i < cl->nhfrs ? cl->hfrs[i].code : NULL;
}
