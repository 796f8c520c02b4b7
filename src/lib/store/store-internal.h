/*
 * store-internal.h - SQLite helpers shared by the workspace store's files
 * (workspace.c, contracts.c, users.c, audit.c).
 */
#ifndef ONEBUDGET_STORE_INTERNAL_H
#define ONEBUDGET_STORE_INTERNAL_H

#include <stddef.h>

#include <sqlite3.h>

#include "onebudget/error.h"

/*
 * Fill `err` with OB_EDB and "<what>: <sqlite3_errmsg(db)>", or "<what>:
 * cannot open database" when `db` is NULL; returns OB_EDB.
 */
enum ob_status store_db_error(struct ob_error *err, sqlite3 *db,
			      const char *what);

/* Text column `col` of the current row into `dst` ("" when NULL),
 * truncated to `size` - 1 bytes. */
void store_copy_text(char *dst, size_t size, sqlite3_stmt *s, int col);

/*
 * Step the prepared SELECT `s` to the end, reading each row with
 * `read_row` into a new element of `size` bytes of a growing array.
 * Always finalizes `s`.  On OB_OK `*out` (free(); NULL when no rows) and
 * `*n` are set; on error they are untouched and `err` says "out of memory"
 * or "<what>: <sqlite message>".
 */
enum ob_status store_collect(sqlite3 *db, sqlite3_stmt *s, size_t size,
			     void (*read_row)(sqlite3_stmt *s, void *row),
			     void **out, size_t *n, const char *what,
			     struct ob_error *err);

#endif
