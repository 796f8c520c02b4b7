/*
 * workspace.h - the workspace: a directory that is the system of record for
 * one contract.
 *
 *   WORKSPACE/workspace.sqlite   extracts, manifests, rejects, imported
 *                                data, contract versions, the audit log;
 *                                later: results
 *   WORKSPACE/key                32 random bytes, mode 0600: the secret key
 *                                of the NHS-number pseudonyms
 *
 * The database schema is documented in docs/workspace.md.  Dates are stored
 * as integer day numbers (days since 1970-01-01) and money as integer pence;
 * the views v_* present them as ISO dates and pounds for SQL users.
 */
#ifndef ONEBUDGET_WORKSPACE_H
#define ONEBUDGET_WORKSPACE_H

#include <stdint.h>
#include <stdio.h>

#include "onebudget/error.h"
#include "onebudget/hash.h"

struct sqlite3;
struct ob_workspace;

#define OB_WORKSPACE_DB "workspace.sqlite"
#define OB_WORKSPACE_KEY "key"
#define OB_WORKSPACE_SCHEMA_VERSION 5

/*
 * Create a new workspace in `dir` (created if missing; it must not already
 * hold a workspace).  The key is read from `key_file` when it is not NULL
 * (so several workspaces can share pseudonyms), otherwise 32 bytes are drawn
 * from the operating system.  The key file is created with mode 0600 and
 * O_EXCL.  On failure nothing is left behind that was not there before.
 */
enum ob_status ob_workspace_create(const char *dir, const char *key_file,
				   struct ob_error *err);

/*
 * Open an existing workspace, checking its schema version.  An older
 * workspace is migrated one version at a time (1 -> 2: contract versions
 * and the audit log; 2 -> 3: frozen incentive curves and weights; 3 -> 4:
 * settled statements; 4 -> 5: the dashboard's users, sessions and access
 * log), each step in one transaction with an audit entry; a version newer
 * than this onebudget's is refused (OB_EINVAL).  Close with
 * ob_workspace_close().
 */
enum ob_status ob_workspace_open(struct ob_workspace **out, const char *dir,
				 struct ob_error *err);
void ob_workspace_close(struct ob_workspace *ws);

/* The database handle, owned by the workspace. */
struct sqlite3 *ob_workspace_db(struct ob_workspace *ws);
const char *ob_workspace_dir(const struct ob_workspace *ws);

/* Read the secret key (exactly OB_KEY_LEN bytes).  The caller wipes it. */
enum ob_status ob_workspace_key(const struct ob_workspace *ws,
				unsigned char key[static OB_KEY_LEN],
				struct ob_error *err);

/* Run SQL with no result rows; the message names `what`. */
enum ob_status ob_workspace_exec(struct ob_workspace *ws, const char *sql,
				 const char *what, struct ob_error *err);

/* One imported extract version, as listed by `onebudget extracts`. */
struct ob_extract_info {
	long id;
	char imported_on[11];
	char source[1024];
	char content_sha256[OB_SHA256_HEX_LEN + 1];
	char engine_version[64];
	long rows_read, rows_accepted, rows_rejected;
	long persons;
};

/* Fill `out` (allocated; free with free()) with every extract, oldest
 * first. */
enum ob_status ob_workspace_extracts(struct ob_workspace *ws,
				     struct ob_extract_info **out, size_t *n,
				     struct ob_error *err);

/* The newest extract's id, or OB_ENOTFOUND when nothing was imported. */
enum ob_status ob_workspace_latest_extract(struct ob_workspace *ws, long *id,
					   struct ob_error *err);

/* Write the manifest of an extract as an aligned table to `out`. */
enum ob_status ob_workspace_write_manifest(struct ob_workspace *ws, long id,
					   FILE *out, struct ob_error *err);

/* Write the rejected rows of an extract as CSV (file,line,field,value,reason)
 * to `out`; `file` (may be NULL) restricts to one file, `limit` <= 0 means
 * all. */
enum ob_status ob_workspace_write_rejects(struct ob_workspace *ws, long id,
					  const char *file, long limit,
					  FILE *out, struct ob_error *err);

/* Write, for an extract, the number of rejected rows per file and field,
 * largest first, at most `limit` lines (<= 0: all). */
enum ob_status ob_workspace_write_reject_summary(struct ob_workspace *ws,
						 long id, long limit, FILE *out,
						 struct ob_error *err);

/* ------------------------------------------------------------------ */
/* Contract versions (contract.h): immutable, identified by the SHA-256 of
 * their exact text.  Implemented in store/contracts.c. */

struct ob_contract;

struct ob_contract_version {
	long id; /* 1, 2, ... in the order stored */
	char sha256[OB_SHA256_HEX_LEN + 1];
	char contract_id[65];
	char title[256];     /* truncated when longer */
	char source[1024];   /* the file name given when it was stored */
	char stored_at[21];  /* "YYYY-MM-DDTHH:MM:SSZ" (SOURCE_DATE_EPOCH) */
	char note[512];      /* "" when none; truncated when longer */
};

/*
 * Store the text of a parsed (so validated) contract as a new version,
 * with an optional `note`, and write an audit entry ("contract.add").
 * When a version with the same SHA-256 exists, nothing is written,
 * `*unchanged` is set to 1 and `*id` is that version; otherwise
 * `*unchanged` is 0 and `*id` the new version.  One transaction.
 */
enum ob_status ob_workspace_add_contract(struct ob_workspace *ws,
					 const struct ob_contract *c,
					 const char *note, long *id,
					 int *unchanged, struct ob_error *err);

/*
 * Load and parse contract version `id` (0: the latest) into `*out` (free
 * with ob_contract_free()); `info` (may be NULL) receives its row.  The
 * text's SHA-256 is checked against the stored one.  OB_ENOTFOUND when
 * there is no such version (or none at all).
 */
enum ob_status ob_workspace_load_contract(struct ob_workspace *ws, long id,
					  struct ob_contract **out,
					  struct ob_contract_version *info,
					  struct ob_error *err);

/* Every contract version, oldest first, into `*out` (free with free()). */
enum ob_status ob_workspace_contract_versions(struct ob_workspace *ws,
					      struct ob_contract_version **out,
					      size_t *n, struct ob_error *err);

/* ------------------------------------------------------------------ */
/* The audit log: append-only (store/audit.c). */

/*
 * Append an entry: now (SOURCE_DATE_EPOCH honoured), `who` (NULL: $USER,
 * or "unknown"), `action` (e.g. "contract.add"), and an optional `subject`
 * and `reason`.  Runs inside the caller's transaction when there is one.
 */
enum ob_status ob_workspace_audit(struct ob_workspace *ws, const char *who,
				  const char *action, const char *subject,
				  const char *reason, struct ob_error *err);

#endif
