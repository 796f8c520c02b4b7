/*
 * users.h - the dashboard's users, their roles and sessions, and the log
 * of refused requests, all kept in the workspace (store/users.c,
 * docs/dashboard.md).
 *
 * Roles and what each may see (enforced by `onebudget serve`):
 *
 *   commissioner   every aggregate view and statement, any year and unit
 *   mcp-finance    the same
 *   alliance       the aggregates and its own alliance share (scope: the
 *                  party id in the contract's alliance)
 *   pch            its own primary care home's frailty caseload only
 *                  (scope: the PCH code)
 *
 * and anyone, signed in or not, the published (disclosure-controlled) view.
 *
 * Passwords are stored only as scrypt hashes (RFC 7914, a memory-hard KDF,
 * through OpenSSL's EVP_KDF): "$scrypt$ln=17,r=8,p=1$<salt>$<hash>" with a
 * 16-byte random salt and a 32-byte hash, both base64.  Verification runs
 * the KDF even for an unknown or disabled name, and compares in constant
 * time, so the answer's timing does not tell which names exist.
 *
 * A session is a random 256-bit token given to the browser in a cookie;
 * the workspace keeps only its SHA-256.  It expires after `idle` seconds
 * without use and in any case 12 hours after it began; disabling a user or
 * changing the password ends the user's sessions.  Times are the real
 * clock (time(2)), never SOURCE_DATE_EPOCH.
 */
#ifndef ONEBUDGET_USERS_H
#define ONEBUDGET_USERS_H

#include <stddef.h>

#include "onebudget/error.h"
#include "onebudget/workspace.h"

enum ob_role {
	OB_ROLE_COMMISSIONER = 1,
	OB_ROLE_MCP_FINANCE,
	OB_ROLE_ALLIANCE,
	OB_ROLE_PCH,
};

#define OB_USER_NAME_MAX 64	 /* including the terminating NUL */
#define OB_USER_SCOPE_MAX 64	 /* including the terminating NUL */
#define OB_PASSWORD_MIN 12	 /* characters (bytes) */
#define OB_PASSWORD_MAX 1024
#define OB_SESSION_TOKEN_LEN 43	 /* base64url of 32 bytes, no padding */
#define OB_SESSION_MAX_AGE 43200 /* seconds: 12 hours */

struct ob_user {
	long id;
	char name[OB_USER_NAME_MAX];
	enum ob_role role;
	char scope[OB_USER_SCOPE_MAX]; /* party or PCH code; "" for others */
	int disabled;
	char created[20]; /* "YYYY-MM-DD HH:MM:SS", UTC */
};

/* "commissioner", "mcp-finance", "alliance", "pch". */
const char *ob_role_name(enum ob_role role);
/* 0 and *out set when `s` names a role, else -1. */
int ob_role_parse(const char *s, enum ob_role *out);

/*
 * Add a user.  The name is 1 to 63 characters of [A-Za-z0-9._@-]; the
 * password OB_PASSWORD_MIN to OB_PASSWORD_MAX bytes.  Roles alliance and
 * pch need a scope (1 to 63 characters of [A-Za-z0-9._-]); the others must
 * have none (NULL or "").  Whether the scope names a party or PCH that
 * exists is for the caller to check.  OB_EEXIST for a name already taken,
 * OB_EINVAL (saying what was expected) for a bad name, scope or password.
 * Writes an audit entry "user.add".
 */
enum ob_status ob_user_add(struct ob_workspace *ws, const char *name,
			   enum ob_role role, const char *scope,
			   const char *password, struct ob_error *err);

/* Set a new password (same rule) and end the user's sessions; audit
 * "user.password".  OB_ENOTFOUND for an unknown name. */
enum ob_status ob_user_set_password(struct ob_workspace *ws, const char *name,
				    const char *password,
				    struct ob_error *err);

/* Disable (disabled 1) or enable (0) a user; disabling ends the user's
 * sessions.  Audit "user.disable" / "user.enable".  Users are never
 * deleted, so the logs keep naming someone. */
enum ob_status ob_user_set_disabled(struct ob_workspace *ws, const char *name,
				    int disabled, struct ob_error *err);

/* Every user, by name.  Free *out with free(). */
enum ob_status ob_user_list(struct ob_workspace *ws, struct ob_user **out,
			    size_t *n, struct ob_error *err);

/*
 * Check a name and password.  OB_OK with *user filled when they match an
 * enabled user; OB_EINVAL ("wrong name or password") when they do not,
 * whichever part was wrong, after the same work either way.
 */
enum ob_status ob_user_verify(struct ob_workspace *ws, const char *name,
			      const char *password, struct ob_user *user,
			      struct ob_error *err);

/* Begin a session for user `user_id` that expires after `idle` seconds
 * without use; the token (OB_SESSION_TOKEN_LEN characters and a NUL) is
 * written to `token`. */
enum ob_status ob_session_begin(struct ob_workspace *ws, long user_id,
				long idle, char token[OB_SESSION_TOKEN_LEN + 1],
				struct ob_error *err);

/* The user of a live session, extending its idle expiry; OB_ENOTFOUND when
 * the token is unknown, malformed, expired or its user disabled.  Expired
 * sessions are removed. */
enum ob_status ob_session_user(struct ob_workspace *ws, const char *token,
			       struct ob_user *user, struct ob_error *err);

/* End a session (signing out); an unknown token is not an error. */
enum ob_status ob_session_end(struct ob_workspace *ws, const char *token,
			      struct ob_error *err);

/*
 * The access log: one row per refused request or failed sign-in (and each
 * sign-in and sign-out), append-only like the audit log.  `user` is NULL
 * for nobody; `remote` the client's address; `reason` says why.
 */
struct ob_access_entry {
	long id;
	char at[20];
	char user[OB_USER_NAME_MAX]; /* "" for nobody */
	char method[12];
	char path[256];
	int status;
	char reason[160];
	char remote[64];
};

enum ob_status ob_access_log(struct ob_workspace *ws, const char *user,
			     const char *method, const char *path, int status,
			     const char *reason, const char *remote,
			     struct ob_error *err);

/* The latest `limit` entries (all when 0), oldest first.  Free *out with
 * free(). */
enum ob_status ob_access_list(struct ob_workspace *ws, size_t limit,
			      struct ob_access_entry **out, size_t *n,
			      struct ob_error *err);

#endif
