/*
 * import.c - the import driver and the helpers every file's validator uses:
 * header mapping, field parsing, rejects.  See import.h for the contract.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "onebudget/buf.h"
#include "onebudget/codes.h"
#include "onebudget/hash.h"
#include "onebudget/import.h"

#include "import-internal.h"

static const struct {
	const char *name;
	int required;
} extract_files[OB_FILE_COUNT] = {
	[OB_FILE_PRACTICES] = { "practices.csv", 1 },
	[OB_FILE_AREAS] = { "areas.csv", 1 },
	[OB_FILE_PROVIDERS] = { "providers.csv", 1 },
	[OB_FILE_PERSONS] = { "persons.csv", 1 },
	[OB_FILE_CONDITIONS] = { "conditions.csv", 0 },
	[OB_FILE_ACTIVITY] = { "activity.csv", 0 },
	[OB_FILE_SURVEYS] = { "surveys.csv", 0 },
	[OB_FILE_LEDGER] = { "ledger.csv", 0 },
	[OB_FILE_TARIFF] = { "tariff.csv", 0 },
	[OB_FILE_MFF] = { "mff.csv", 0 },
};

const char *ob_extract_file_name(enum ob_extract_file f)
{
	return f < OB_FILE_COUNT ? extract_files[f].name : "?";
}

int ob_extract_file_required(enum ob_extract_file f)
{
	return f < OB_FILE_COUNT && extract_files[f].required;
}

void vec_init(struct vec *v, size_t size)
{
	v->data = NULL;
	v->n = v->cap = 0;
	v->size = size;
}

void vec_release(struct vec *v)
{
	free(v->data);
	v->data = NULL;
	v->n = v->cap = 0;
}

void *vec_push(struct vec *v)
{
	char *p;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		void *d = realloc(v->data, cap * v->size);
		if (!d)
			return NULL;
		v->data = d;
		v->cap = cap;
	}
	p = (char *)v->data + v->n++ * v->size;
	memset(p, 0, v->size);
	return p;
}

int import_oom(struct import_ctx *ctx)
{
	ob_error_set(ctx->err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	return -1;
}

const char *import_strdup(struct import_ctx *ctx, const char *s, size_t len)
{
	return ob_arena_strndup(&ctx->arena, s, len);
}

int import_unique(struct import_ctx *ctx, int col, const char *what,
		  const char *fmt, ...)
{
	char key[256];
	const char *k;
	uint32_t prev;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(key, sizeof(key), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(key))
		return import_reject(ctx, col, "%s is too long to check for "
					       "duplicates",
				     what);
	k = import_strdup(ctx, key, (size_t)n);
	if (!k)
		return import_oom(ctx);
	if (ob_strmap_put(&ctx->unique_keys, k, (size_t)n,
			  (uint32_t)ctx->row.line, &prev) == OB_EEXIST)
		return import_reject(ctx, col, "%s is already given on line %u",
				     what, prev);
	return 0;
}

static char *file_path(const char *dir, const char *name)
{
	struct ob_buf b = OB_BUF_INIT;

	if (ob_buf_addf(&b, "%s/%s", dir, name)) {
		ob_buf_release(&b);
		return NULL;
	}
	return ob_buf_detach(&b, NULL);
}

enum ob_status import_open(struct import_ctx *ctx, enum ob_extract_file f,
			   const struct colspec *spec, size_t nspec)
{
	const char *name = ob_extract_file_name(f);
	char *path;
	enum ob_status st;

	ctx->file = f;
	ctx->spec = spec;
	ctx->nspec = nspec;
	ctx->csv = NULL;
	if (!ctx->rep->files[f].present)
		return OB_OK;
	path = file_path(ctx->dir, name);
	if (!path)
		return ob_error_set(ctx->err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	st = ob_csv_open(&ctx->csv, path, name, ctx->err);
	free(path);
	if (st)
		return st;
	/* The header. */
	st = ob_csv_next(ctx->csv, &ctx->row, ctx->err);
	if (st)
		return st;
	if (ctx->row.eof)
		return ob_error_set(ctx->err, OB_EPARSE, name, 1, 0,
				    "the file is empty (expected a header "
				    "line naming the columns)");
	for (size_t i = 0; i < nspec; i++)
		ctx->col[i] = -1;
	for (size_t j = 0; j < ctx->row.nfields; j++) {
		const struct ob_csv_field *h = &ctx->row.fields[j];
		size_t i;
		for (i = 0; i < nspec; i++)
			if (strlen(spec[i].name) == h->len &&
			    memcmp(spec[i].name, h->ptr, h->len) == 0)
				break;
		if (i == nspec) {
			struct ob_buf known = OB_BUF_INIT;
			for (size_t k = 0; k < nspec; k++)
				ob_buf_addf(&known, "%s%s", k ? ", " : "",
					    spec[k].name);
			st = ob_error_set(ctx->err, OB_EPARSE, name,
					  ctx->row.line, 0,
					  "unknown column '%.*s' (expected "
					  "some of: %s)",
					  (int)(h->len > 60 ? 60 : h->len),
					  h->ptr, known.data);
			ob_buf_release(&known);
			return st;
		}
		if (ctx->col[i] >= 0)
			return ob_error_set(ctx->err, OB_EPARSE, name,
					    ctx->row.line, 0,
					    "column '%s' appears twice",
					    spec[i].name);
		ctx->col[i] = (int)j;
	}
	for (size_t i = 0; i < nspec; i++)
		if (spec[i].required && ctx->col[i] < 0)
			return ob_error_set(ctx->err, OB_EPARSE, name,
					    ctx->row.line, 0,
					    "missing required column '%s'",
					    spec[i].name);
	ctx->header_fields = ctx->row.nfields;
	return OB_OK;
}

void import_close(struct import_ctx *ctx)
{
	ob_csv_free(ctx->csv);
	ctx->csv = NULL;
}

void import_row_done(struct import_ctx *ctx)
{
	struct ob_import_file_report *fr = &ctx->rep->files[ctx->file];

	fr->read++;
	if (ctx->row_rejected)
		fr->rejected++;
	else
		fr->accepted++;
}

static int add_reject(struct import_ctx *ctx, long line, const char *field,
		      const char *value, size_t vlen, const char *reason)
{
	struct reject *r;

	if (ctx->row_rejected)
		return -1;
	ctx->row_rejected = 1;
	r = vec_push(&ctx->rejects);
	if (!r)
		return -1;
	r->file = ctx->file;
	r->line = line;
	r->field = field;
	r->value = value ? import_strdup(ctx, value, vlen > 80 ? 80 : vlen)
			 : NULL;
	r->reason = import_strdup(ctx, reason, strlen(reason));
	return -1;
}

int import_next(struct import_ctx *ctx)
{
	enum ob_status st;

	if (!ctx->csv)
		return 0;
	for (;;) {
		struct ob_error perr;
		ob_error_clear(&perr);
		ctx->row_rejected = 0;
		st = ob_csv_next(ctx->csv, &ctx->row, &perr);
		if (st == OB_EPARSE) {
			/* A malformed record counts as read and rejected. */
			char reason[OB_ERROR_MSG_MAX + 32];
			snprintf(reason, sizeof(reason), "%s (column %ld)",
				 perr.msg, perr.column);
			add_reject(ctx, perr.line, "row", NULL, 0, reason);
			import_row_done(ctx);
			continue;
		}
		if (st) {
			*ctx->err = perr;
			return -1;
		}
		if (ctx->row.eof)
			return 0;
		if (ctx->row.nfields != ctx->header_fields) {
			char reason[128];
			snprintf(reason, sizeof(reason),
				 "the row has %zu fields but the header has "
				 "%zu",
				 ctx->row.nfields, ctx->header_fields);
			add_reject(ctx, ctx->row.line, "row", NULL, 0, reason);
			import_row_done(ctx);
			continue;
		}
		return 1;
	}
}

struct ob_csv_field import_field(const struct import_ctx *ctx, int col)
{
	struct ob_csv_field f = { "", 0 };
	int idx = ctx->col[col];

	if (idx >= 0 && (size_t)idx < ctx->row.nfields)
		f = ctx->row.fields[idx];
	return f;
}

static int is_nhs_field(const struct import_ctx *ctx, int col)
{
	const char *name = ctx->spec[col].name;

	return strcmp(name, "nhs_number") == 0 || strcmp(name, "person") == 0;
}

/* A person field is shown in rejects only when it cannot be an NHS number
 * (a pseudonym is not identifying on its own). */
static int looks_like_nhs_number(struct ob_csv_field f)
{
	for (size_t i = 0; i < f.len; i++)
		if ((f.ptr[i] < '0' || f.ptr[i] > '9') && f.ptr[i] != ' ')
			return 0;
	return f.len > 0;
}

int import_reject(struct import_ctx *ctx, int col, const char *fmt, ...)
{
	char reason[OB_ERROR_MSG_MAX];
	struct ob_csv_field f = import_field(ctx, col);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (is_nhs_field(ctx, col) &&
	    (strcmp(ctx->spec[col].name, "nhs_number") == 0 ||
	     looks_like_nhs_number(f)))
		return add_reject(ctx, ctx->row.line, ctx->spec[col].name,
				  "[nhs number]", 12, reason);
	return add_reject(ctx, ctx->row.line, ctx->spec[col].name, f.ptr,
			  f.len, reason);
}

int import_reject_named(struct import_ctx *ctx, const char *field,
			const char *value, const char *fmt, ...)
{
	char reason[OB_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return add_reject(ctx, ctx->row.line, field, value,
			  value ? strlen(value) : 0, reason);
}

static int has_edge_space(struct ob_csv_field f)
{
	return f.len && (f.ptr[0] == ' ' || f.ptr[f.len - 1] == ' ' ||
			 f.ptr[0] == '\t' || f.ptr[f.len - 1] == '\t');
}

/* Common checks of a field: returns 1 when empty (and allowed), 0 when
 * there is a value to parse, -1 when rejected. */
static int field_presence(struct import_ctx *ctx, int col, int required,
			  struct ob_csv_field *f)
{
	*f = import_field(ctx, col);
	if (f->len == 0) {
		if (required)
			return import_reject(ctx, col,
					     "'%s' is required and is empty",
					     ctx->spec[col].name);
		return 1;
	}
	return 0;
}

const char *import_text(struct import_ctx *ctx, int col, int required,
			size_t max, int *bad)
{
	struct ob_csv_field f;
	int p = field_presence(ctx, col, required, &f);
	const char *s;

	if (p) {
		if (p < 0)
			*bad = 1;
		return NULL;
	}
	if (f.len > max) {
		import_reject(ctx, col, "'%s' is longer than %zu characters",
			      ctx->spec[col].name, max);
		*bad = 1;
		return NULL;
	}
	s = import_strdup(ctx, f.ptr, f.len);
	if (!s)
		*bad = 1;
	return s;
}

const char *import_ident(struct import_ctx *ctx, int col, int required,
			 size_t max, int *bad)
{
	struct ob_csv_field f;
	int p = field_presence(ctx, col, required, &f);

	if (p) {
		if (p < 0)
			*bad = 1;
		return NULL;
	}
	if (!ob_ident_valid(f.ptr, f.len, max)) {
		import_reject(ctx, col,
			      "'%s' must be 1 to %zu of A-Z a-z 0-9 _ -",
			      ctx->spec[col].name, max);
		*bad = 1;
		return NULL;
	}
	return import_strdup(ctx, f.ptr, f.len);
}

int import_date(struct import_ctx *ctx, int col, int required, ob_date *out)
{
	struct ob_error perr;
	struct ob_csv_field f;
	int p = field_presence(ctx, col, required, &f);
	const ob_date lo = ob_date_from_ymd(1900, 1, 1),
		      hi = ob_date_from_ymd(2100, 12, 31);

	if (p)
		return p < 0 ? -1 : 0;
	if (ob_date_parse(f.ptr, f.len, out, &perr))
		return import_reject(ctx, col, "%s: %s", ctx->spec[col].name,
				     perr.msg);
	if (*out < lo || *out > hi)
		return import_reject(ctx, col,
				     "%s '%.*s' is outside 1900-01-01 to "
				     "2100-12-31",
				     ctx->spec[col].name, (int)f.len, f.ptr);
	return 0;
}

int import_fy(struct import_ctx *ctx, int col, ob_fy *out)
{
	struct ob_error perr;
	struct ob_csv_field f;
	int p = field_presence(ctx, col, 1, &f);

	if (p)
		return -1;
	if (ob_fy_parse(f.ptr, f.len, out, &perr))
		return import_reject(ctx, col, "%s: %s", ctx->spec[col].name,
				     perr.msg);
	if (*out < 1990 || *out > 2099)
		return import_reject(ctx, col,
				     "%s '%.*s' is outside 1990/91 to 2099/00",
				     ctx->spec[col].name, (int)f.len, f.ptr);
	return 0;
}

int import_money(struct import_ctx *ctx, int col, int required,
		 ob_pence *out)
{
	struct ob_error perr;
	struct ob_csv_field f;
	int p = field_presence(ctx, col, required, &f);

	if (p)
		return p < 0 ? -1 : 0;
	if (ob_pence_parse(f.ptr, f.len, out, &perr))
		return import_reject(ctx, col, "%s: %s", ctx->spec[col].name,
				     perr.msg);
	return 0;
}

int import_long(struct import_ctx *ctx, int col, int required, long min,
		long max, long *out)
{
	struct ob_csv_field f;
	int p = field_presence(ctx, col, required, &f);
	long v = 0;
	size_t i = 0;
	int neg = 0;

	if (p)
		return p < 0 ? -1 : 0;
	if (f.ptr[0] == '-')
		neg = 1, i = 1;
	if (i == f.len)
		goto bad;
	for (; i < f.len; i++) {
		if (f.ptr[i] < '0' || f.ptr[i] > '9' || v > 1000000000000L)
			goto bad;
		v = v * 10 + (f.ptr[i] - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return import_reject(ctx, col,
				     "%s %ld is outside %ld to %ld",
				     ctx->spec[col].name, v, min, max);
	*out = v;
	return 0;
bad:
	return import_reject(ctx, col, "%s '%.*s' is not a whole number",
			     ctx->spec[col].name, (int)(f.len > 40 ? 40 : f.len),
			     f.ptr);
}

int import_flag(struct import_ctx *ctx, int col, int required, int *out)
{
	struct ob_csv_field f;
	int p = field_presence(ctx, col, required, &f);

	if (p)
		return p < 0 ? -1 : 0;
	if (f.len == 1 && (f.ptr[0] == 'Y' || f.ptr[0] == 'N')) {
		*out = f.ptr[0] == 'Y';
		return 0;
	}
	return import_reject(ctx, col, "%s '%.*s' is not a flag (expected Y "
				       "or N)",
			     ctx->spec[col].name, (int)(f.len > 40 ? 40 : f.len),
			     f.ptr);
}

int import_person_ref(struct import_ctx *ctx, int col, int required,
		      int64_t *person)
{
	struct ob_csv_field f;
	int p = field_presence(ctx, col, required, &f);
	uint64_t nhs;
	uint32_t idx;
	int v;

	*person = NO_VALUE;
	if (p)
		return p < 0 ? -1 : 0;
	if (has_edge_space(f))
		return import_reject(ctx, col, "person has leading or trailing "
					       "spaces");
	v = ob_nhs_number_parse(f.ptr, f.len, &nhs);
	if (v < 0)
		return import_reject(ctx, col,
				     "person is not a valid NHS number (the "
				     "modulus 11 check digit is wrong)");
	if (v > 0) {
		if (ob_u64map_get(&ctx->person_by_nhs, nhs, &idx)) {
			*person = idx;
			return 0;
		}
		if (ob_u64map_get(&ctx->rejected_nhs, nhs, NULL))
			return import_reject(ctx, col,
					     "person was rejected in "
					     "persons.csv");
		return import_reject(ctx, col,
				     "person is not in persons.csv");
	}
	if (!ob_ident_valid(f.ptr, f.len, 64) || f.len < 8)
		return import_reject(ctx, col,
				     "person is neither an NHS number (10 "
				     "digits) nor a pseudonym (8-64 of A-Z a-z "
				     "0-9 _ -)");
	if (ob_strmap_get(&ctx->person_by_pseudonym, f.ptr, f.len, &idx)) {
		*person = idx;
		return 0;
	}
	if (ob_strmap_get(&ctx->rejected_pseudonym, f.ptr, f.len, NULL))
		return import_reject(ctx, col,
				     "person was rejected in persons.csv");
	return import_reject(ctx, col, "person is not in persons.csv");
}

/* Hash every file for the manifest, and the extract as a whole. */
static enum ob_status hash_files(struct import_ctx *ctx)
{
	struct ob_buf all = OB_BUF_INIT;
	enum ob_status st = OB_OK;

	for (int f = 0; f < OB_FILE_COUNT && !st; f++) {
		struct ob_import_file_report *fr = &ctx->rep->files[f];
		char *path = file_path(ctx->dir, ob_extract_file_name(f));
		struct stat sb;

		if (!path) {
			st = ob_error_set(ctx->err, OB_ENOMEM, NULL, 0, 0,
					  "out of memory");
			break;
		}
		if (stat(path, &sb) != 0) {
			if (errno != ENOENT)
				st = ob_error_set(ctx->err, OB_EIO, path, 0, 0,
						  "cannot read: %s",
						  strerror(errno));
			else if (ob_extract_file_required(f))
				st = ob_error_set(ctx->err, OB_ENOTFOUND,
						  ctx->dir, 0, 0,
						  "the extract has no %s (it "
						  "is required; see "
						  "docs/extract.md)",
						  ob_extract_file_name(f));
			else
				ob_buf_addf(&all, "%s -\n",
					    ob_extract_file_name(f));
			free(path);
			continue;
		}
		fr->present = 1;
		st = ob_sha256_file(path, fr->sha256, &fr->bytes, ctx->err);
		free(path);
		if (!st && ob_buf_addf(&all, "%s %s\n",
				       ob_extract_file_name(f), fr->sha256))
			st = ob_error_set(ctx->err, OB_ENOMEM, NULL, 0, 0,
					  "out of memory");
	}
	if (!st)
		st = ob_sha256_hex(all.data, all.len,
				   ctx->rep->content_sha256, ctx->err);
	ob_buf_release(&all);
	return st;
}

static int find_existing(struct ob_workspace *ws, const char *sha, long *id)
{
	sqlite3_stmt *s = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(ob_workspace_db(ws),
			       "SELECT id FROM extract WHERE content_sha256 = ?"
			       " ORDER BY id LIMIT 1",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*id = (long)sqlite3_column_int64(s, 0);
		found = 1;
	}
	sqlite3_finalize(s);
	return found;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void ctx_release(struct import_ctx *ctx)
{
	struct vec *vecs[] = { &ctx->practices, &ctx->areas,
			       &ctx->providers, &ctx->persons,
			       &ctx->spells, &ctx->conditions,
			       &ctx->activity, &ctx->surveys,
			       &ctx->ledger, &ctx->tariff,
			       &ctx->mff, &ctx->rejects };
	struct ob_strmap *smaps[] = { &ctx->practice_by_code,
				      &ctx->lsoa_by_code,
				      &ctx->provider_by_code,
				      &ctx->pch_locality,
				      &ctx->person_by_pseudonym,
				      &ctx->rejected_pseudonym,
				      &ctx->activity_ids, &ctx->unique_keys };

	import_close(ctx);
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		vec_release(vecs[i]);
	for (size_t i = 0; i < sizeof(smaps) / sizeof(smaps[0]); i++)
		ob_strmap_release(smaps[i]);
	ob_u64map_release(&ctx->person_by_nhs);
	ob_u64map_release(&ctx->rejected_nhs);
	ob_pseudonymiser_free(ctx->pz);
	ob_arena_release(&ctx->arena);
}

enum ob_status ob_import(struct ob_workspace *ws, const char *dir,
			 const struct ob_import_options *opts,
			 struct ob_import_report *rep, struct ob_error *err)
{
	static int (*const readers[OB_FILE_COUNT])(struct import_ctx *) = {
		import_practices, import_areas,      import_providers,
		import_persons,   import_conditions, import_activity,
		import_surveys,   import_ledger,     import_tariff,
		import_mff,
	};
	struct import_ctx ctx;
	unsigned char key[OB_KEY_LEN];
	enum ob_status st;
	long existing;
	double t0;

	memset(rep, 0, sizeof(*rep));
	memset(&ctx, 0, sizeof(ctx));
	ctx.dir = dir;
	ctx.err = err;
	ctx.rep = rep;
	ob_arena_init(&ctx.arena, 0);
	vec_init(&ctx.practices, sizeof(struct practice_row));
	vec_init(&ctx.areas, sizeof(struct area_row));
	vec_init(&ctx.providers, sizeof(struct provider_row));
	vec_init(&ctx.persons, sizeof(struct person_rec));
	vec_init(&ctx.spells, sizeof(struct spell));
	vec_init(&ctx.conditions, sizeof(struct condition_row));
	vec_init(&ctx.activity, sizeof(struct activity_row));
	vec_init(&ctx.surveys, sizeof(struct survey_row));
	vec_init(&ctx.ledger, sizeof(struct ledger_row));
	vec_init(&ctx.tariff, sizeof(struct tariff_row));
	vec_init(&ctx.mff, sizeof(struct mff_row));
	vec_init(&ctx.rejects, sizeof(struct reject));

	t0 = seconds_now();
	st = hash_files(&ctx);
	rep->seconds_hash = seconds_now() - t0;
	if (st)
		goto out;
	switch (find_existing(ws, rep->content_sha256, &existing)) {
	case 1:
		rep->already_imported = 1;
		rep->extract_id = existing;
		goto out;
	case -1:
		st = ob_error_set(err, OB_EDB, NULL, 0, 0,
				  "looking up earlier extracts: %s",
				  sqlite3_errmsg(ob_workspace_db(ws)));
		goto out;
	}
	st = ob_workspace_key(ws, key, err);
	if (st)
		goto out;
	st = ob_pseudonymiser_new(&ctx.pz, key, sizeof(key), err);
	memset(key, 0, sizeof(key));
	if (st)
		goto out;

	t0 = seconds_now();
	for (int f = 0; f < OB_FILE_COUNT; f++) {
		if (readers[f](&ctx)) {
			st = err && err->code ? err->code : OB_EIO;
			goto out;
		}
		import_close(&ctx);
	}
	for (int f = 0; f < OB_FILE_COUNT; f++) {
		struct ob_import_file_report *fr = &rep->files[f];
		rep->read += fr->read;
		rep->accepted += fr->accepted;
		rep->rejected += fr->rejected;
	}
	rep->persons = (long)ctx.persons.n;
	rep->seconds_read = seconds_now() - t0;
	if (opts && opts->strict && rep->rejected) {
		st = ob_error_set(err, OB_EREJECT, NULL, 0, 0,
				  "%ld rows rejected; nothing was imported "
				  "(--strict)",
				  rep->rejected);
		goto out;
	}
	t0 = seconds_now();
	st = import_store(&ctx, ws);
	rep->seconds_store = seconds_now() - t0;
out:
	ctx_release(&ctx);
	return st;
}
