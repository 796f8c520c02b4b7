/*
 * workspace.c - creating, opening and querying a workspace; see workspace.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "onebudget/buf.h"
#include "onebudget/csv.h"
#include "onebudget/workspace.h"

#include "schema.sql.h"
#include "store-internal.h"

struct ob_workspace {
	char *dir;
	sqlite3 *db;
};

static char *path_join(const char *dir, const char *name)
{
	struct ob_buf b = OB_BUF_INIT;

	if (ob_buf_addf(&b, "%s/%s", dir, name)) {
		ob_buf_release(&b);
		return NULL;
	}
	return ob_buf_detach(&b, NULL);
}

static enum ob_status write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return OB_EIO;
		p += w;
		n -= (size_t)w;
	}
	return OB_OK;
}

static enum ob_status read_key_file(const char *path,
				    unsigned char key[static OB_KEY_LEN],
				    struct ob_error *err)
{
	unsigned char extra;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return ob_error_set(err, OB_EIO, path, 0, 0,
				    "cannot open key: %s", strerror(errno));
	while (got < OB_KEY_LEN) {
		ssize_t n = read(fd, key + got, OB_KEY_LEN - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != OB_KEY_LEN || read(fd, &extra, 1) != 0) {
		close(fd);
		return ob_error_set(err, OB_EINVAL, path, 0, 0,
				    "a key file must hold exactly %d bytes",
				    OB_KEY_LEN);
	}
	close(fd);
	return OB_OK;
}

static enum ob_status create_schema(sqlite3 *db, struct ob_error *err)
{
	struct ob_buf sql = OB_BUF_INIT;
	enum ob_status st = OB_OK;
	char *msg = NULL;

	if (ob_buf_addf(&sql,
			"BEGIN;\n%s%s%s%s%s"
			"INSERT INTO meta VALUES('schema_version', '%d');\n"
			"INSERT INTO meta VALUES('created_by', 'onebudget %s');\n"
			"COMMIT;\n",
			workspace_schema_sql, workspace_schema_2_sql,
			workspace_schema_3_sql, workspace_schema_4_sql,
			workspace_schema_5_sql, OB_WORKSPACE_SCHEMA_VERSION,
			OB_VERSION))
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	if (sqlite3_exec(db, sql.data, NULL, NULL, &msg) != SQLITE_OK) {
		st = ob_error_set(err, OB_EDB, NULL, 0, 0,
				  "creating the schema: %s",
				  msg ? msg : "unknown error");
		sqlite3_free(msg);
	}
	ob_buf_release(&sql);
	return st;
}

enum ob_status ob_workspace_create(const char *dir, const char *key_file,
				   struct ob_error *err)
{
	unsigned char key[OB_KEY_LEN];
	char *db_path = NULL, *key_path = NULL;
	int made_dir = 0, made_key = 0, made_db = 0, fd = -1;
	sqlite3 *db = NULL;
	struct stat sb;
	enum ob_status st;

	if (mkdir(dir, 0700) == 0)
		made_dir = 1;
	else if (errno != EEXIST)
		return ob_error_set(err, OB_EIO, dir, 0, 0,
				    "cannot create directory: %s",
				    strerror(errno));
	else if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
		return ob_error_set(err, OB_EINVAL, dir, 0, 0,
				    "exists and is not a directory");
	db_path = path_join(dir, OB_WORKSPACE_DB);
	key_path = path_join(dir, OB_WORKSPACE_KEY);
	if (!db_path || !key_path) {
		st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	if (access(db_path, F_OK) == 0 || access(key_path, F_OK) == 0) {
		st = ob_error_set(err, OB_EEXIST, dir, 0, 0,
				  "already holds a workspace");
		goto fail;
	}
	st = key_file ? read_key_file(key_file, key, err)
		      : ob_random_bytes(key, sizeof(key), err);
	if (st)
		goto fail;
	fd = open(key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		st = ob_error_set(err, OB_EIO, key_path, 0, 0,
				  "cannot create key: %s", strerror(errno));
		goto fail;
	}
	made_key = 1;
	/* The mode is set again in case a umask stripped nothing but the
	 * file pre-existed in a race: O_EXCL already forbids that. */
	if (fchmod(fd, 0600) || write_all(fd, key, sizeof(key)) ||
	    fsync(fd) || close(fd)) {
		fd = -1;
		st = ob_error_set(err, OB_EIO, key_path, 0, 0,
				  "cannot write key: %s", strerror(errno));
		goto fail;
	}
	fd = -1;
	if (sqlite3_open_v2(db_path, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		made_db = 1;
		st = store_db_error(err, db, "creating the workspace database");
		goto fail;
	}
	made_db = 1;
	st = create_schema(db, err);
	if (st)
		goto fail;
	if (sqlite3_close(db) != SQLITE_OK) {
		st = store_db_error(err, db, "closing the workspace database");
		db = NULL;
		goto fail;
	}
	db = NULL;
	memset(key, 0, sizeof(key));
	free(db_path);
	free(key_path);
	return OB_OK;
fail:
	memset(key, 0, sizeof(key));
	if (fd >= 0)
		close(fd);
	if (db)
		sqlite3_close(db);
	if (made_db)
		unlink(db_path);
	if (made_key)
		unlink(key_path);
	if (made_dir)
		rmdir(dir);
	free(db_path);
	free(key_path);
	return st;
}

static int schema_version(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	int version = -1;

	if (sqlite3_prepare_v2(db,
			       "SELECT value FROM meta WHERE name = "
			       "'schema_version'",
			       -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return version;
}

/* What each schema version adds to the one before. */
static const char *const schema_steps[OB_WORKSPACE_SCHEMA_VERSION + 1] = {
	[2] = workspace_schema_2_sql, /* contract versions, audit log */
	[3] = workspace_schema_3_sql, /* frozen curves and weights */
	[4] = workspace_schema_4_sql, /* settled statements */
	[5] = workspace_schema_5_sql, /* users, sessions, access log */
};

/*
 * Bring an older workspace up to the current schema, one version at a
 * time, each step in one IMMEDIATE transaction with an audit entry, so two
 * processes opening the same old workspace cannot both migrate it: the
 * second finds the new version and does nothing.
 */
static enum ob_status migrate(struct ob_workspace *ws, struct ob_error *err)
{
	static const char what[] = "migrating the workspace schema";
	enum ob_status st = OB_OK;
	int v;

	while (!st && (v = schema_version(ws->db)) >= 1 &&
	       v < OB_WORKSPACE_SCHEMA_VERSION) {
		char sql[96], subject[48];

		if ((st = ob_workspace_exec(ws, "BEGIN IMMEDIATE", what, err)))
			return st;
		if (schema_version(ws->db) == v) {
			snprintf(sql, sizeof(sql),
				 "UPDATE meta SET value = '%d' WHERE name = "
				 "'schema_version'",
				 v + 1);
			snprintf(subject, sizeof(subject),
				 "schema version %d -> %d", v, v + 1);
			if (!(st = ob_workspace_exec(ws, schema_steps[v + 1],
						     what, err)) &&
			    !(st = ob_workspace_exec(ws, sql, what, err)))
				st = ob_workspace_audit(ws, NULL,
							"workspace.migrate",
							subject, NULL, err);
		}
		if (!st)
			st = ob_workspace_exec(ws, "COMMIT", what, err);
		if (st)
			sqlite3_exec(ws->db, "ROLLBACK", NULL, NULL, NULL);
	}
	return st;
}

enum ob_status ob_workspace_open(struct ob_workspace **out, const char *dir,
				 struct ob_error *err)
{
	struct ob_workspace *ws;
	char *db_path;
	int version;

	db_path = path_join(dir, OB_WORKSPACE_DB);
	if (!db_path)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	if (access(db_path, F_OK) != 0) {
		free(db_path);
		return ob_error_set(err, OB_ENOTFOUND, dir, 0, 0,
				    "is not a workspace (run 'onebudget init "
				    "%s' first)",
				    dir);
	}
	ws = calloc(1, sizeof(*ws));
	if (!ws || !(ws->dir = strdup(dir))) {
		free(ws);
		free(db_path);
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	}
	/* One connection per workspace object, used from one thread at a
	 * time: SQLite's own mutexes are not needed. */
	if (sqlite3_open_v2(db_path, &ws->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		enum ob_status st =
			store_db_error(err, ws->db, "opening the workspace");
		free(db_path);
		ob_workspace_close(ws);
		return st;
	}
	free(db_path);
	sqlite3_busy_timeout(ws->db, 10000);
	version = schema_version(ws->db);
	if (version >= 1 && version < OB_WORKSPACE_SCHEMA_VERSION) {
		enum ob_status st = migrate(ws, err);

		if (st) {
			ob_workspace_close(ws);
			return st;
		}
		version = schema_version(ws->db);
	}
	if (version != OB_WORKSPACE_SCHEMA_VERSION) {
		ob_workspace_close(ws);
		return ob_error_set(err, OB_EINVAL, dir, 0, 0,
				    "workspace schema version %d is not the "
				    "version this onebudget uses (%d)",
				    version, OB_WORKSPACE_SCHEMA_VERSION);
	}
	*out = ws;
	return OB_OK;
}

void ob_workspace_close(struct ob_workspace *ws)
{
	if (!ws)
		return;
	if (ws->db)
		sqlite3_close(ws->db);
	free(ws->dir);
	free(ws);
}

struct sqlite3 *ob_workspace_db(struct ob_workspace *ws)
{
	return ws->db;
}

const char *ob_workspace_dir(const struct ob_workspace *ws)
{
	return ws->dir;
}

enum ob_status ob_workspace_key(const struct ob_workspace *ws,
				unsigned char key[static OB_KEY_LEN],
				struct ob_error *err)
{
	char *path = path_join(ws->dir, OB_WORKSPACE_KEY);
	struct stat sb;
	enum ob_status st;

	if (!path)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	if (stat(path, &sb) == 0 && (sb.st_mode & 077)) {
		st = ob_error_set(err, OB_EINVAL, path, 0, 0,
				  "the key is readable by others (mode %03o); "
				  "run 'chmod 600 %s'",
				  (unsigned)(sb.st_mode & 0777), path);
		free(path);
		return st;
	}
	st = read_key_file(path, key, err);
	free(path);
	return st;
}

enum ob_status ob_workspace_exec(struct ob_workspace *ws, const char *sql,
				 const char *what, struct ob_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(ws->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		enum ob_status st = ob_error_set(err, OB_EDB, NULL, 0, 0,
						 "%s: %s", what,
						 msg ? msg : "unknown error");
		sqlite3_free(msg);
		return st;
	}
	return OB_OK;
}

static void read_extract(sqlite3_stmt *s, void *row)
{
	struct ob_extract_info *e = row;

	e->id = (long)sqlite3_column_int64(s, 0);
	store_copy_text(e->imported_on, sizeof(e->imported_on), s, 1);
	store_copy_text(e->source, sizeof(e->source), s, 2);
	store_copy_text(e->content_sha256, sizeof(e->content_sha256), s, 3);
	store_copy_text(e->engine_version, sizeof(e->engine_version), s, 4);
	e->rows_read = (long)sqlite3_column_int64(s, 5);
	e->rows_accepted = (long)sqlite3_column_int64(s, 6);
	e->rows_rejected = (long)sqlite3_column_int64(s, 7);
	e->persons = (long)sqlite3_column_int64(s, 8);
}

enum ob_status ob_workspace_extracts(struct ob_workspace *ws,
				     struct ob_extract_info **out, size_t *n,
				     struct ob_error *err)
{
	sqlite3_stmt *s = NULL;
	enum ob_status st;
	void *v;

	if (sqlite3_prepare_v2(ws->db,
			       "SELECT id, imported_on, source, content_sha256,"
			       " engine_version, rows_read, rows_accepted,"
			       " rows_rejected, persons FROM extract ORDER BY id",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, ws->db, "listing extracts");
	if ((st = store_collect(ws->db, s, sizeof(**out), read_extract, &v, n,
				"listing extracts", err)))
		return st;
	*out = v;
	return OB_OK;
}

enum ob_status ob_workspace_latest_extract(struct ob_workspace *ws, long *id,
					   struct ob_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(ws->db, "SELECT max(id) FROM extract", -1, &s,
			       NULL) != SQLITE_OK)
		return store_db_error(err, ws->db,
				      "finding the latest extract");
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW || sqlite3_column_type(s, 0) == SQLITE_NULL) {
		sqlite3_finalize(s);
		return ob_error_set(err, OB_ENOTFOUND, ws->dir, 0, 0,
				    "no extract has been imported into this "
				    "workspace (run 'onebudget import')");
	}
	*id = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return OB_OK;
}

enum ob_status ob_workspace_write_manifest(struct ob_workspace *ws, long id,
					   FILE *out, struct ob_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(ws->db,
			       "SELECT file, present, sha256, bytes, rows_read,"
			       " rows_accepted, rows_rejected FROM manifest"
			       " WHERE extract_id = ? ORDER BY rowid",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, ws->db, "reading the manifest");
	sqlite3_bind_int64(s, 1, id);
	fprintf(out, "%-16s %12s %10s %10s %10s  %s\n", "file", "bytes", "read",
		"accepted", "rejected", "sha256");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *sha = sqlite3_column_text(s, 2);
		if (!sqlite3_column_int(s, 1)) {
			fprintf(out, "%-16s %12s %10s %10s %10s  %s\n",
				(const char *)sqlite3_column_text(s, 0), "-",
				"-", "-", "-", "(not in the extract)");
			continue;
		}
		fprintf(out, "%-16s %12lld %10lld %10lld %10lld  %s\n",
			(const char *)sqlite3_column_text(s, 0),
			(long long)sqlite3_column_int64(s, 3),
			(long long)sqlite3_column_int64(s, 4),
			(long long)sqlite3_column_int64(s, 5),
			(long long)sqlite3_column_int64(s, 6),
			sha ? (const char *)sha : "");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(err, ws->db, "reading the manifest");
	if (ferror(out))
		return ob_error_set(err, OB_EIO, NULL, 0, 0, "write failed");
	return OB_OK;
}

enum ob_status ob_workspace_write_rejects(struct ob_workspace *ws, long id,
					  const char *file, long limit,
					  FILE *out, struct ob_error *err)
{
	struct ob_buf line = OB_BUF_INIT;
	sqlite3_stmt *s = NULL;
	enum ob_status st = OB_OK;
	int rc;

	if (sqlite3_prepare_v2(ws->db,
			       "SELECT file, line, field, value, reason FROM"
			       " reject WHERE extract_id = ?1 AND (?2 IS NULL"
			       " OR file = ?2) ORDER BY rowid LIMIT ?3",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, ws->db, "reading rejects");
	sqlite3_bind_int64(s, 1, id);
	if (file)
		sqlite3_bind_text(s, 2, file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, limit > 0 ? limit : -1);
	fputs("file,line,field,value,reason\n", out);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ob_buf_reset(&line);
		for (int c = 0; c < 5 && !st; c++) {
			const char *t = (const char *)sqlite3_column_text(s, c);
			if (c && ob_buf_addch(&line, ','))
				st = OB_ENOMEM;
			if (!st && t &&
			    ob_csv_add_field(&line, t, strlen(t)))
				st = OB_ENOMEM;
		}
		if (st || ob_buf_addch(&line, '\n')) {
			st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					  "out of memory");
			break;
		}
		fwrite(line.data, 1, line.len, out);
	}
	sqlite3_finalize(s);
	ob_buf_release(&line);
	if (!st && rc != SQLITE_DONE)
		st = store_db_error(err, ws->db, "reading rejects");
	if (!st && ferror(out))
		st = ob_error_set(err, OB_EIO, NULL, 0, 0, "write failed");
	return st;
}

enum ob_status ob_workspace_write_reject_summary(struct ob_workspace *ws,
						 long id, long limit, FILE *out,
						 struct ob_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(ws->db,
			       "SELECT file, field, count(*) AS n FROM reject"
			       " WHERE extract_id = ?1 GROUP BY file, field"
			       " ORDER BY n DESC, file, field LIMIT ?2",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, ws->db, "summarising rejects");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	fprintf(out, "%10s  %-16s %s\n", "rejected", "file", "field");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(out, "%10lld  %-16s %s\n",
			(long long)sqlite3_column_int64(s, 2),
			(const char *)sqlite3_column_text(s, 0),
			(const char *)sqlite3_column_text(s, 1));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(err, ws->db, "summarising rejects");
	if (ferror(out))
		return ob_error_set(err, OB_EIO, NULL, 0, 0, "write failed");
	return OB_OK;
}
