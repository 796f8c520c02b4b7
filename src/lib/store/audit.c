/*
 * audit.c - the workspace's append-only audit log (workspace.h).
 *
 * Rows are only ever inserted: triggers in the schema refuse UPDATE and
 * DELETE on audit_log (schema.sql.h).
 */
#include <stdlib.h>

#include <sqlite3.h>

#include "onebudget/date.h"
#include "onebudget/workspace.h"
#include "store-internal.h"

#include "onebudget/banned.h"

enum ob_status ob_workspace_audit(struct ob_workspace *ws, const char *who,
				  const char *action, const char *subject,
				  const char *reason, struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s = NULL;
	char at[21];
	int rc;

	if (!who) {
		who = getenv("USER");
		if (!who || !*who)
			who = "unknown";
	}
	ob_timestamp_now(at);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO audit_log(at, who, action, subject,"
			       " reason) VALUES(?, ?, ?, ?, ?)",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, "writing the audit log");
	sqlite3_bind_text(s, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, action, -1, SQLITE_STATIC);
	if (subject)
		sqlite3_bind_text(s, 4, subject, -1, SQLITE_STATIC);
	if (reason)
		sqlite3_bind_text(s, 5, reason, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(err, db, "writing the audit log");
	return OB_OK;
}
