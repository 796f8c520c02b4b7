/*
 * import-internal.h - state shared by the parts of the importer.
 *
 * The importer reads the files in dependency order (practices, areas,
 * providers, persons, then the files that refer to them), keeping accepted
 * rows in compact in-memory arrays whose strings live in one arena, and the
 * rejects in a list.  Nothing touches the workspace until every file has
 * been read; then import-store.c writes it all in one transaction.
 */
#ifndef ONEBUDGET_IMPORT_INTERNAL_H
#define ONEBUDGET_IMPORT_INTERNAL_H

#include <stdint.h>

#include "onebudget/arena.h"
#include "onebudget/csv.h"
#include "onebudget/date.h"
#include "onebudget/hashmap.h"
#include "onebudget/import.h"
#include "onebudget/money.h"

#define NO_VALUE (-1)

/* Column of an extract file: name and whether it must be present. */
struct colspec {
	const char *name;
	int required;
};

struct practice_row {
	const char *code, *name, *pch, *locality, *ccg; /* NULL = empty */
};

struct area_row {
	const char *lsoa, *name, *la_code, *la_name, *locality;
	int imd_decile;
	long imd_rank, population; /* NO_VALUE when empty */
};

struct provider_row {
	const char *code, *name;
	int in_system, alliance_member;
};

struct person_rec {
	const char *pseudonym; /* 32 hex digits or the given pseudonym */
	ob_date birth, death;  /* death OB_DATE_NONE when alive */
	const char *lsoa;      /* NULL when unknown */
	int sex, lives_alone;  /* lives_alone NO_VALUE when unknown */
	long first_line;       /* persons.csv line that defined it */
	uint32_t first_spell;  /* UINT32_MAX when none */
	uint32_t rank;         /* final person number (pseudonym order) */
};

struct spell {
	uint32_t person, next; /* next spell of the same person */
	const char *practice;
	ob_date from, to; /* to OB_DATE_NONE while open */
	long line;
};

struct condition_row {
	uint32_t person;
	ob_date recorded;
	const char *system, *code;
};

enum setting {
	SET_ADMITTED,
	SET_OUTPATIENT,
	SET_AE,
	SET_COMMUNITY,
	SET_MENTAL_HEALTH,
	SET_PRIMARY_CARE,
	SET_SOCIAL_CARE,
	SET_CARE_HOME,
	SET_PRESCRIBING,
	SET_COUNT
};
extern const char *const setting_names[SET_COUNT];

struct activity_row {
	uint32_t person;
	ob_date start, end;
	ob_pence cost;
	int32_t delayed;   /* NO_VALUE when empty */
	int8_t permanent;  /* NO_VALUE when empty */
	uint8_t setting;
	char admimeth[3], admisorc[3], disdest[3], tf[4], hrg[6];
	const char *id, *provider, *diagnoses, *procedures;
};

struct survey_row {
	const char *survey, *respondent, *practice, *question, *answer;
	ob_fy year;
	int64_t person; /* NO_VALUE when not linked */
};

struct ledger_row {
	const char *line, *provider;
	ob_fy year;
	ob_pence amount;
};

struct tariff_row {
	const char *hrg, *pod;
	ob_fy year;
	ob_pence price, excess; /* excess NO_VALUE when empty */
	long trim;              /* NO_VALUE when empty */
};

struct mff_row {
	const char *provider;
	ob_fy year;
	double mff;
};

struct reject {
	enum ob_extract_file file;
	long line;
	const char *field, *value, *reason;
};

/* A growable array of fixed-size elements. */
struct vec {
	void *data;
	size_t n, cap, size;
};

struct import_ctx {
	const char *dir;
	struct ob_arena arena;
	struct ob_pseudonymiser *pz;
	struct ob_error *err;
	struct ob_import_report *rep;

	struct vec practices, areas, providers, persons, spells, conditions,
		activity, surveys, ledger, tariff, mff, rejects;
	struct ob_strmap practice_by_code, lsoa_by_code, provider_by_code;
	struct ob_strmap pch_locality; /* pch -> practice index */
	struct ob_u64map person_by_nhs, rejected_nhs;
	struct ob_strmap person_by_pseudonym, rejected_pseudonym;
	struct ob_strmap activity_ids, unique_keys;

	/* the file being read */
	enum ob_extract_file file;
	const char *path;
	struct ob_csv_reader *csv;
	int col[32]; /* spec column -> field index, -1 when absent */
	const struct colspec *spec;
	size_t nspec, header_fields;
	struct ob_csv_row row;
	int row_rejected;
};

/* vec */
void vec_init(struct vec *v, size_t size);
void vec_release(struct vec *v);
/* A zeroed new element, or NULL when out of memory. */
void *vec_push(struct vec *v);
#define VEC_AT(v, type, i) (((type *)(v).data)[i])

/* Reading a file: open it, map the header against `spec`.  Returns OB_OK
 * with ctx->csv NULL when an optional file is absent. */
enum ob_status import_open(struct import_ctx *ctx, enum ob_extract_file f,
			   const struct colspec *spec, size_t nspec);
/* Next data record: 1 = a row to validate, 0 = end of file, -1 = fatal
 * (ctx->err set).  Malformed records are rejected and skipped here. */
int import_next(struct import_ctx *ctx);
void import_close(struct import_ctx *ctx);
/* Count the current row as accepted or rejected. */
void import_row_done(struct import_ctx *ctx);

/* Field `col` of the current row (empty when the column is absent). */
struct ob_csv_field import_field(const struct import_ctx *ctx, int col);

/* Record a reject of the current row (only the first per row is kept, so
 * each rejected row has one reason).  The value is redacted for NHS number
 * fields.  Returns -1 so validators can `return reject(...)`. */
int import_reject(struct import_ctx *ctx, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A reject against a named field that is not a column (e.g. "row"). */
int import_reject_named(struct import_ctx *ctx, const char *field,
			const char *value, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Field parsers: 0 on success, -1 after recording a reject.  `required`
 * rejects an empty field; an empty optional field leaves the default. */
const char *import_text(struct import_ctx *ctx, int col, int required,
			size_t max, int *bad);
int import_date(struct import_ctx *ctx, int col, int required, ob_date *out);
int import_fy(struct import_ctx *ctx, int col, ob_fy *out);
int import_money(struct import_ctx *ctx, int col, int required,
		 ob_pence *out);
int import_long(struct import_ctx *ctx, int col, int required, long min,
		long max, long *out);
int import_flag(struct import_ctx *ctx, int col, int required, int *out);
/* An identifier (1..max of A-Z a-z 0-9 _ -), interned in the arena. */
const char *import_ident(struct import_ctx *ctx, int col, int required,
			 size_t max, int *bad);
/* Person reference in an event file: the person's index, or -1. */
int import_person_ref(struct import_ctx *ctx, int col, int required,
		      int64_t *person);
const char *import_strdup(struct import_ctx *ctx, const char *s, size_t len);
/* Reject the current row (against column `col`) when the key built from
 * `fmt` was already seen in this import: "<what> is already given on line
 * N".  Keys of different files must start with different letters.  0 when
 * the key is new, -1 when rejected or out of memory (ctx->err set). */
int import_unique(struct import_ctx *ctx, int col, const char *what,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int import_oom(struct import_ctx *ctx);

/* The files. */
int import_practices(struct import_ctx *ctx);
int import_areas(struct import_ctx *ctx);
int import_providers(struct import_ctx *ctx);
int import_persons(struct import_ctx *ctx);
int import_conditions(struct import_ctx *ctx);
int import_activity(struct import_ctx *ctx);
int import_surveys(struct import_ctx *ctx);
int import_ledger(struct import_ctx *ctx);
int import_tariff(struct import_ctx *ctx);
int import_mff(struct import_ctx *ctx);

/* Write everything in one transaction; sets rep->extract_id. */
enum ob_status import_store(struct import_ctx *ctx, struct ob_workspace *ws);

#endif
