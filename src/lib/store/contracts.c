/*
 * contracts.c - contract versions in the workspace (workspace.h).
 *
 * A version is the exact text of a contract file that parsed, keyed by
 * its SHA-256: storing the same text again stores nothing.  Rows are
 * never changed or deleted (triggers in schema.sql.h refuse it), so a
 * settlement that names a version can always be reproduced from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "onebudget/contract.h"
#include "onebudget/workspace.h"
#include "store-internal.h"

#include "onebudget/banned.h"

/* Columns 0-6 of VERSION_COLUMNS into `v`. */
#define VERSION_COLUMNS                                                        \
	"id, sha256, contract_id, title, source, stored_at, note"

static void read_version(sqlite3_stmt *s, void *row)
{
	struct ob_contract_version *v = row;

	v->id = (long)sqlite3_column_int64(s, 0);
	store_copy_text(v->sha256, sizeof(v->sha256), s, 1);
	store_copy_text(v->contract_id, sizeof(v->contract_id), s, 2);
	store_copy_text(v->title, sizeof(v->title), s, 3);
	store_copy_text(v->source, sizeof(v->source), s, 4);
	store_copy_text(v->stored_at, sizeof(v->stored_at), s, 5);
	store_copy_text(v->note, sizeof(v->note), s, 6);
}

/* The id of the version with this digest, 0 when none, -1 on error. */
static long find_sha(sqlite3 *db, const char *sha256)
{
	sqlite3_stmt *s = NULL;
	long id = -1;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT id FROM contract_version WHERE "
			       "sha256 = ?",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = (long)sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		id = 0;
	sqlite3_finalize(s);
	return id;
}

static enum ob_status insert_version(struct ob_workspace *ws,
				     const struct ob_contract *c,
				     const char *note, long *id,
				     struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s = NULL;
	char at[21], subject[160];
	int rc;

	ob_timestamp_now(at);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO contract_version(sha256,"
			       " contract_id, title, source, text, stored_at,"
			       " note) VALUES(?, ?, ?, ?, ?, ?, ?)",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, "storing the contract");
	sqlite3_bind_text(s, 1, c->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->text, (int)c->text_len, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, at, -1, SQLITE_STATIC);
	if (note && *note)
		sqlite3_bind_text(s, 7, note, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(err, db, "storing the contract");
	*id = (long)sqlite3_last_insert_rowid(db);
	snprintf(subject, sizeof(subject),
		 "contract version %ld (%.64s, sha256 %.16s)", *id, c->id,
		 c->sha256);
	return ob_workspace_audit(ws, NULL, "contract.add", subject,
				  note && *note ? note : NULL, err);
}

enum ob_status ob_workspace_add_contract(struct ob_workspace *ws,
					 const struct ob_contract *c,
					 const char *note, long *id,
					 int *unchanged, struct ob_error *err)
{
	static const char what[] = "storing the contract";
	sqlite3 *db = ob_workspace_db(ws);
	enum ob_status st;
	long found;

	if (c->text_len > (size_t)0x7fffffff)
		return ob_error_set(err, OB_EINVAL, c->source, 0, 0,
				    "the contract is too large to store");
	if ((st = ob_workspace_exec(ws, "BEGIN IMMEDIATE", what, err)))
		return st;
	found = find_sha(db, c->sha256);
	if (found < 0) {
		st = store_db_error(err, db, what);
	} else if (found > 0) {
		*id = found;
		*unchanged = 1;
	} else {
		*unchanged = 0;
		st = insert_version(ws, c, note, id, err);
	}
	if (!st)
		st = ob_workspace_exec(ws, "COMMIT", what, err);
	if (st)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return st;
}

enum ob_status ob_workspace_load_contract(struct ob_workspace *ws, long id,
					  struct ob_contract **out,
					  struct ob_contract_version *info,
					  struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	struct ob_contract_version v;
	struct ob_contract *c = NULL;
	sqlite3_stmt *s = NULL;
	enum ob_status st;
	const char *text;
	int rc, len;

	*out = NULL;
	if (sqlite3_prepare_v2(db,
			       id > 0 ? "SELECT " VERSION_COLUMNS ", text FROM"
					" contract_version WHERE id = ?"
				      : "SELECT " VERSION_COLUMNS ", text FROM"
					" contract_version ORDER BY id DESC"
					" LIMIT 1",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, "reading the contract");
	if (id > 0)
		sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return store_db_error(err, db, "reading the contract");
		if (id > 0)
			return ob_error_set(err, OB_ENOTFOUND,
					    ob_workspace_dir(ws), 0, 0,
					    "has no contract version %ld (see "
					    "'onebudget contract list')",
					    id);
		return ob_error_set(err, OB_ENOTFOUND, ob_workspace_dir(ws), 0,
				    0,
				    "has no contract yet (store one with "
				    "'onebudget contract add -w %s FILE')",
				    ob_workspace_dir(ws));
	}
	read_version(s, &v);
	text = (const char *)sqlite3_column_text(s, 7);
	len = sqlite3_column_bytes(s, 7);
	st =
	    ob_contract_parse(text ? text : "", (size_t)len, v.source, &c, err);
	sqlite3_finalize(s);
	if (st)
		return st;
	if (strcmp(c->sha256, v.sha256)) {
		ob_contract_free(c);
		return ob_error_set(err, OB_EDB, ob_workspace_dir(ws), 0, 0,
				    "contract version %ld is damaged: its "
				    "text does not match its SHA-256",
				    v.id);
	}
	if (info)
		*info = v;
	*out = c;
	return OB_OK;
}

enum ob_status ob_workspace_contract_versions(struct ob_workspace *ws,
					      struct ob_contract_version **out,
					      size_t *n, struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s = NULL;
	enum ob_status st;
	void *v;

	if (sqlite3_prepare_v2(db,
			       "SELECT " VERSION_COLUMNS
			       " FROM contract_version ORDER BY id",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, "listing contract versions");
	if ((st = store_collect(db, s, sizeof(**out), read_version, &v, n,
				"listing contract versions", err)))
		return st;
	*out = v;
	return OB_OK;
}
