/*
 * store.c - SQLite helpers shared by the workspace store (store-internal.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "store-internal.h"

#include "onebudget/banned.h"

enum ob_status store_db_error(struct ob_error *err, sqlite3 *db,
			      const char *what)
{
	return ob_error_set(err, OB_EDB, NULL, 0, 0, "%s: %s", what,
			    db ? sqlite3_errmsg(db) : "cannot open database");
}

void store_copy_text(char *dst, size_t size, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

enum ob_status store_collect(sqlite3 *db, sqlite3_stmt *s, size_t size,
			     void (*read_row)(sqlite3_stmt *s, void *row),
			     void **out, size_t *n, const char *what,
			     struct ob_error *err)
{
	char *v = NULL;
	size_t count = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			char *nv = ncap <= SIZE_MAX / size
				       ? realloc(v, ncap * size)
				       : NULL;

			if (!nv) {
				free(v);
				sqlite3_finalize(s);
				return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
						    "out of memory");
			}
			v = nv;
			cap = ncap;
		}
		read_row(s, v + count++ * size);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return store_db_error(err, db, what);
	}
	*out = v;
	*n = count;
	return OB_OK;
}
