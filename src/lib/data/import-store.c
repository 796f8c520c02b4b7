/*
 * import-store.c - write an import's accepted rows, manifest and rejects to
 * the workspace in one transaction.
 *
 * People are numbered by the order of their pseudonyms, and events are
 * written sorted by (person, date, id), so the stored extract depends only
 * on the extract's content and the key, not on the order of its rows; and a
 * sequential scan of `activity` visits each person's events in date order.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "onebudget/date.h"
#include "onebudget/workspace.h"

#include "import-internal.h"

static const struct person_rec *sort_persons;

static int by_pseudonym(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return strcmp(sort_persons[x].pseudonym, sort_persons[y].pseudonym);
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Activity is sorted through compact keys, not by moving the 80-byte rows
 * themselves: person number and start date packed in one integer, the
 * activity id breaking ties. */
struct activity_key {
	uint64_t key;
	const struct activity_row *row;
};

static int by_activity_key(const void *a, const void *b)
{
	const struct activity_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(x->row->id, y->row->id);
}

static int by_condition(const void *a, const void *b)
{
	const struct condition_row *x = a, *y = b;
	int c = cmp_i64(sort_persons[x->person].rank,
			sort_persons[y->person].rank);

	if (!c)
		c = cmp_i64(x->recorded, y->recorded);
	if (!c)
		c = strcmp(x->system, y->system);
	return c ? c : strcmp(x->code, y->code);
}

static int by_spell(const void *a, const void *b)
{
	const struct spell *x = a, *y = b;
	int c = cmp_i64(sort_persons[x->person].rank,
			sort_persons[y->person].rank);

	return c ? c : cmp_i64(x->from, y->from);
}

/* Number people by pseudonym order and sort the event arrays. */
static int order_rows(struct import_ctx *ctx)
{
	struct person_rec *p = ctx->persons.data;
	uint32_t *order;
	size_t n = ctx->persons.n;

	order = malloc((n ? n : 1) * sizeof(*order));
	if (!order)
		return import_oom(ctx);
	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	sort_persons = p;
	qsort(order, n, sizeof(*order), by_pseudonym);
	for (size_t i = 0; i < n; i++)
		p[order[i]].rank = (uint32_t)i;
	free(order);
	/* qsort() of no rows may not pass NULL: an extract may have none. */
	if (ctx->conditions.n)
		qsort(ctx->conditions.data, ctx->conditions.n,
		      sizeof(struct condition_row), by_condition);
	if (ctx->spells.n)
		qsort(ctx->spells.data, ctx->spells.n, sizeof(struct spell),
		      by_spell);
	return 0;
}

struct store {
	sqlite3 *db;
	struct ob_error *err;
	long extract_id;
};

static int prep(struct store *s, const char *sql, sqlite3_stmt **stmt)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, stmt, NULL) != SQLITE_OK) {
		ob_error_set(s->err, OB_EDB, NULL, 0, 0,
			     "preparing an insert: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

static int step(struct store *s, sqlite3_stmt *stmt, const char *table)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		ob_error_set(s->err, OB_EDB, NULL, 0, 0,
			     "writing to table %s: %s", table,
			     sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_opt_int(sqlite3_stmt *st, int i, int64_t v, int64_t none)
{
	if (v == none)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static int store_reference(struct store *s, struct import_ctx *ctx)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (prep(s, "INSERT INTO practice VALUES(?,?,?,?,?,?)", &st))
		return -1;
	for (size_t i = 0; i < ctx->practices.n && !rc; i++) {
		const struct practice_row *p =
			&VEC_AT(ctx->practices, struct practice_row, i);
		sqlite3_bind_int64(st, 1, s->extract_id);
		bind_text(st, 2, p->code);
		bind_text(st, 3, p->name);
		bind_text(st, 4, p->pch);
		bind_text(st, 5, p->locality);
		bind_text(st, 6, p->ccg);
		rc = step(s, st, "practice");
	}
	sqlite3_finalize(st);
	if (rc || prep(s, "INSERT INTO area VALUES(?,?,?,?,?,?,?,?,?)", &st))
		return -1;
	for (size_t i = 0; i < ctx->areas.n && !rc; i++) {
		const struct area_row *a =
			&VEC_AT(ctx->areas, struct area_row, i);
		sqlite3_bind_int64(st, 1, s->extract_id);
		bind_text(st, 2, a->lsoa);
		bind_text(st, 3, a->name);
		bind_text(st, 4, a->la_code);
		bind_text(st, 5, a->la_name);
		sqlite3_bind_int(st, 6, a->imd_decile);
		bind_opt_int(st, 7, a->imd_rank, NO_VALUE);
		bind_text(st, 8, a->locality);
		bind_opt_int(st, 9, a->population, NO_VALUE);
		rc = step(s, st, "area");
	}
	sqlite3_finalize(st);
	if (rc || prep(s, "INSERT INTO provider VALUES(?,?,?,?,?)", &st))
		return -1;
	for (size_t i = 0; i < ctx->providers.n && !rc; i++) {
		const struct provider_row *p =
			&VEC_AT(ctx->providers, struct provider_row, i);
		sqlite3_bind_int64(st, 1, s->extract_id);
		bind_text(st, 2, p->code);
		bind_text(st, 3, p->name);
		sqlite3_bind_int(st, 4, p->in_system);
		sqlite3_bind_int(st, 5, p->alliance_member);
		rc = step(s, st, "provider");
	}
	sqlite3_finalize(st);
	return rc;
}

static int store_persons(struct store *s, struct import_ctx *ctx)
{
	const struct person_rec *p = ctx->persons.data;
	sqlite3_stmt *st = NULL;
	uint32_t *order;
	int rc = 0;

	/* Write people in person-number order. */
	order = malloc((ctx->persons.n ? ctx->persons.n : 1) * sizeof(*order));
	if (!order)
		return import_oom(ctx);
	for (size_t i = 0; i < ctx->persons.n; i++)
		order[p[i].rank] = (uint32_t)i;
	if (prep(s, "INSERT INTO person VALUES(?,?,?,?,?,?,?,?)", &st)) {
		free(order);
		return -1;
	}
	for (size_t r = 0; r < ctx->persons.n && !rc; r++) {
		const struct person_rec *q = &p[order[r]];
		sqlite3_bind_int64(st, 1, s->extract_id);
		sqlite3_bind_int64(st, 2, (int64_t)r);
		bind_text(st, 3, q->pseudonym);
		sqlite3_bind_int(st, 4, q->sex);
		sqlite3_bind_int(st, 5, q->birth);
		bind_opt_int(st, 6, q->death, OB_DATE_NONE);
		bind_text(st, 7, q->lsoa);
		bind_opt_int(st, 8, q->lives_alone, NO_VALUE);
		rc = step(s, st, "person");
	}
	sqlite3_finalize(st);
	free(order);
	if (rc || prep(s, "INSERT INTO registration VALUES(?,?,?,?,?)", &st))
		return -1;
	for (size_t i = 0; i < ctx->spells.n && !rc; i++) {
		const struct spell *sp = &VEC_AT(ctx->spells, struct spell, i);
		sqlite3_bind_int64(st, 1, s->extract_id);
		sqlite3_bind_int64(st, 2, p[sp->person].rank);
		bind_text(st, 3, sp->practice);
		sqlite3_bind_int(st, 4, sp->from);
		bind_opt_int(st, 5, sp->to, OB_DATE_NONE);
		rc = step(s, st, "registration");
	}
	sqlite3_finalize(st);
	if (rc || prep(s, "INSERT INTO condition VALUES(?,?,?,?,?)", &st))
		return -1;
	for (size_t i = 0; i < ctx->conditions.n && !rc; i++) {
		const struct condition_row *c =
			&VEC_AT(ctx->conditions, struct condition_row, i);
		sqlite3_bind_int64(st, 1, s->extract_id);
		sqlite3_bind_int64(st, 2, p[c->person].rank);
		bind_text(st, 3, c->system);
		bind_text(st, 4, c->code);
		sqlite3_bind_int(st, 5, c->recorded);
		rc = step(s, st, "condition");
	}
	sqlite3_finalize(st);
	return rc;
}

static int store_activity(struct store *s, struct import_ctx *ctx)
{
	const struct person_rec *p = ctx->persons.data;
	struct activity_key *keys;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	keys = malloc((ctx->activity.n ? ctx->activity.n : 1) * sizeof(*keys));
	if (!keys)
		return import_oom(ctx);
	for (size_t i = 0; i < ctx->activity.n; i++) {
		const struct activity_row *a =
			&VEC_AT(ctx->activity, struct activity_row, i);
		/* Dates are within 1900..2100, so start + 2^31 fits 32 bits. */
		keys[i].key = (uint64_t)p[a->person].rank << 32 |
			      (uint32_t)((int64_t)a->start + 2147483648LL);
		keys[i].row = a;
	}
	qsort(keys, ctx->activity.n, sizeof(*keys), by_activity_key);

	if (prep(s,
		 "INSERT INTO activity VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
		 "?)",
		 &st)) {
		free(keys);
		return -1;
	}
	for (size_t i = 0; i < ctx->activity.n && !rc; i++) {
		const struct activity_row *a = keys[i].row;
		sqlite3_bind_int64(st, 1, s->extract_id);
		sqlite3_bind_int64(st, 2, p[a->person].rank);
		bind_text(st, 3, a->id);
		bind_text(st, 4, a->provider);
		bind_text(st, 5, setting_names[a->setting]);
		sqlite3_bind_int(st, 6, a->start);
		bind_opt_int(st, 7, a->end, OB_DATE_NONE);
		bind_text(st, 8, a->admimeth);
		bind_text(st, 9, a->admisorc);
		bind_text(st, 10, a->disdest);
		bind_text(st, 11, a->diagnoses);
		bind_text(st, 12, a->procedures);
		bind_text(st, 13, a->hrg);
		bind_text(st, 14, a->tf);
		sqlite3_bind_int64(st, 15, a->cost);
		bind_opt_int(st, 16, a->delayed, NO_VALUE);
		bind_opt_int(st, 17, a->permanent, NO_VALUE);
		rc = step(s, st, "activity");
	}
	sqlite3_finalize(st);
	free(keys);
	return rc;
}

static int store_other(struct store *s, struct import_ctx *ctx)
{
	const struct person_rec *p = ctx->persons.data;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (prep(s, "INSERT INTO survey VALUES(?,?,?,?,?,?,?,?)", &st))
		return -1;
	for (size_t i = 0; i < ctx->surveys.n && !rc; i++) {
		const struct survey_row *v =
			&VEC_AT(ctx->surveys, struct survey_row, i);
		sqlite3_bind_int64(st, 1, s->extract_id);
		bind_text(st, 2, v->survey);
		sqlite3_bind_int(st, 3, v->year);
		bind_text(st, 4, v->respondent);
		if (v->person == NO_VALUE)
			sqlite3_bind_null(st, 5);
		else
			sqlite3_bind_int64(st, 5, p[v->person].rank);
		bind_text(st, 6, v->practice);
		bind_text(st, 7, v->question);
		bind_text(st, 8, v->answer);
		rc = step(s, st, "survey");
	}
	sqlite3_finalize(st);
	if (rc || prep(s, "INSERT INTO ledger VALUES(?,?,?,?,?)", &st))
		return -1;
	for (size_t i = 0; i < ctx->ledger.n && !rc; i++) {
		const struct ledger_row *l =
			&VEC_AT(ctx->ledger, struct ledger_row, i);
		sqlite3_bind_int64(st, 1, s->extract_id);
		sqlite3_bind_int(st, 2, l->year);
		bind_text(st, 3, l->line);
		bind_text(st, 4, l->provider);
		sqlite3_bind_int64(st, 5, l->amount);
		rc = step(s, st, "ledger");
	}
	sqlite3_finalize(st);
	if (rc || prep(s, "INSERT INTO tariff VALUES(?,?,?,?,?,?,?)", &st))
		return -1;
	for (size_t i = 0; i < ctx->tariff.n && !rc; i++) {
		const struct tariff_row *t =
			&VEC_AT(ctx->tariff, struct tariff_row, i);
		sqlite3_bind_int64(st, 1, s->extract_id);
		sqlite3_bind_int(st, 2, t->year);
		bind_text(st, 3, t->hrg);
		bind_text(st, 4, t->pod);
		sqlite3_bind_int64(st, 5, t->price);
		bind_opt_int(st, 6, t->trim, NO_VALUE);
		bind_opt_int(st, 7, t->excess, NO_VALUE);
		rc = step(s, st, "tariff");
	}
	sqlite3_finalize(st);
	if (rc || prep(s, "INSERT INTO mff VALUES(?,?,?,?)", &st))
		return -1;
	for (size_t i = 0; i < ctx->mff.n && !rc; i++) {
		const struct mff_row *m = &VEC_AT(ctx->mff, struct mff_row, i);
		sqlite3_bind_int64(st, 1, s->extract_id);
		sqlite3_bind_int(st, 2, m->year);
		bind_text(st, 3, m->provider);
		sqlite3_bind_double(st, 4, m->mff);
		rc = step(s, st, "mff");
	}
	sqlite3_finalize(st);
	return rc;
}

static int store_manifest(struct store *s, struct import_ctx *ctx)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (prep(s, "INSERT INTO manifest VALUES(?,?,?,?,?,?,?,?)", &st))
		return -1;
	for (int f = 0; f < OB_FILE_COUNT && !rc; f++) {
		const struct ob_import_file_report *fr = &ctx->rep->files[f];
		sqlite3_bind_int64(st, 1, s->extract_id);
		bind_text(st, 2, ob_extract_file_name(f));
		sqlite3_bind_int(st, 3, fr->present);
		bind_text(st, 4, fr->present ? fr->sha256 : NULL);
		sqlite3_bind_int64(st, 5, (int64_t)fr->bytes);
		sqlite3_bind_int64(st, 6, fr->read);
		sqlite3_bind_int64(st, 7, fr->accepted);
		sqlite3_bind_int64(st, 8, fr->rejected);
		rc = step(s, st, "manifest");
	}
	sqlite3_finalize(st);
	if (rc || prep(s, "INSERT INTO reject VALUES(?,?,?,?,?,?)", &st))
		return -1;
	for (size_t i = 0; i < ctx->rejects.n && !rc; i++) {
		const struct reject *r = &VEC_AT(ctx->rejects, struct reject, i);
		sqlite3_bind_int64(st, 1, s->extract_id);
		bind_text(st, 2, ob_extract_file_name(r->file));
		sqlite3_bind_int64(st, 3, r->line);
		bind_text(st, 4, r->field);
		bind_text(st, 5, r->value);
		bind_text(st, 6, r->reason);
		rc = step(s, st, "reject");
	}
	sqlite3_finalize(st);
	return rc;
}

static int insert_extract(struct store *s, struct import_ctx *ctx)
{
	const struct ob_import_report *rep = ctx->rep;
	sqlite3_stmt *st = NULL;
	char today[11];
	int rc;

	ob_date_format(ob_date_today(), today);
	if (prep(s,
		 "INSERT INTO extract(imported_on, source, content_sha256,"
		 " engine_version, rows_read, rows_accepted, rows_rejected,"
		 " persons) VALUES(?,?,?,?,?,?,?,?)",
		 &st))
		return -1;
	bind_text(st, 1, today);
	bind_text(st, 2, ctx->dir);
	bind_text(st, 3, rep->content_sha256);
	bind_text(st, 4, OB_VERSION);
	sqlite3_bind_int64(st, 5, rep->read);
	sqlite3_bind_int64(st, 6, rep->accepted);
	sqlite3_bind_int64(st, 7, rep->rejected);
	sqlite3_bind_int64(st, 8, rep->persons);
	rc = step(s, st, "extract");
	sqlite3_finalize(st);
	s->extract_id = (long)sqlite3_last_insert_rowid(s->db);
	return rc;
}

enum ob_status import_store(struct import_ctx *ctx, struct ob_workspace *ws)
{
	struct store s = { ob_workspace_db(ws), ctx->err, 0 };
	enum ob_status st;

	if (order_rows(ctx))
		return OB_ENOMEM;
	/* A large page cache keeps the B-tree inserts in memory until the
	 * commit writes them out once. */
	st = ob_workspace_exec(ws, "PRAGMA cache_size = -1048576",
			       "setting the cache size", ctx->err);
	if (!st)
		st = ob_workspace_exec(ws, "BEGIN IMMEDIATE",
				       "starting the import transaction",
				       ctx->err);
	if (st)
		return st;
	if (insert_extract(&s, ctx) || store_reference(&s, ctx) ||
	    store_persons(&s, ctx) || store_activity(&s, ctx) ||
	    store_other(&s, ctx) || store_manifest(&s, ctx)) {
		sqlite3_exec(s.db, "ROLLBACK", NULL, NULL, NULL);
		return ctx->err ? ctx->err->code : OB_EDB;
	}
	st = ob_workspace_exec(ws, "COMMIT", "committing the import", ctx->err);
	if (st) {
		sqlite3_exec(s.db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	ctx->rep->extract_id = s.extract_id;
	return OB_OK;
}
