/*
 * test-users.c - the dashboard's users, sessions and access log
 * (store/users.c): scrypt hashes, verification, sessions and their
 * expiry, the append-only access log, and the migration to schema
 * version 5.
 *
 * Each new password costs one scrypt at N = 2^17 (about a third of a
 * second), so the tests hash as few as they can.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "onebudget/hash.h"
#include "onebudget/users.h"
#include "onebudget/workspace.h"

#include "test.h"

#define PW  "correct horse battery"
#define PW2 "staple-and-another-one"

static int exec_sql(struct ob_workspace *ws, const char *sql, char **msg)
{
	return sqlite3_exec(ob_workspace_db(ws), sql, NULL, NULL, msg);
}

static long count_rows(struct ob_workspace *ws, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(ob_workspace_db(ws), sql, -1, &s, NULL) ==
		SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The first column of the first row as text, into out[size]. */
static void query_text(struct ob_workspace *ws, const char *sql, char *out,
		       size_t size)
{
	sqlite3_stmt *s = NULL;

	out[0] = '\0';
	if (sqlite3_prepare_v2(ob_workspace_db(ws), sql, -1, &s, NULL) ==
		SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, size, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

static void remove_dir(const char *dir)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "  could not remove %s\n", dir);
}

/* A new workspace in a new temporary directory `dir` (a mkdtemp
 * template), opened. */
static struct ob_workspace *new_workspace(char *dir)
{
	struct ob_workspace *ws = NULL;
	struct ob_error err;
	char ws_dir[64];

	if (!mkdtemp(dir))
		return NULL;
	snprintf(ws_dir, sizeof(ws_dir), "%s/ws", dir);
	if (ob_workspace_create(ws_dir, NULL, &err) ||
	    ob_workspace_open(&ws, ws_dir, &err)) {
		fprintf(stderr, "  workspace: %s\n", err.msg);
		return NULL;
	}
	return ws;
}

TEST(users_roles)
{
	enum ob_role r;

	for (int i = OB_ROLE_COMMISSIONER; i <= OB_ROLE_PCH; i++) {
		ASSERT_INT_EQ(ob_role_parse(ob_role_name((enum ob_role)i), &r),
			      0);
		ASSERT_INT_EQ(r, i);
	}
	ASSERT_STR_EQ(ob_role_name(OB_ROLE_MCP_FINANCE), "mcp-finance");
	ASSERT_INT_EQ(ob_role_parse("admin", &r), -1);
	ASSERT_INT_EQ(ob_role_parse("Commissioner", &r), -1);
	ASSERT_INT_EQ(ob_role_parse("", &r), -1);
}

/* Add and verify: the right password, a wrong one and an unknown name
 * (the same error); a taken name; the stored hash's format, and a fresh
 * salt for each user. */
TEST(users_add_verify)
{
	char dir[] = "/tmp/ob-users-XXXXXX", h1[200], h2[200];
	struct ob_workspace *ws = new_workspace(dir);
	struct ob_user u;
	struct ob_error err;

	ASSERT(ws);
	ASSERT_OK(ob_user_add(ws, "jo", OB_ROLE_COMMISSIONER, NULL, PW, &err));
	ASSERT_OK(
	    ob_user_add(ws, "ann.b@x", OB_ROLE_ALLIANCE, "clch", PW, &err));
	ASSERT_INT_EQ(ob_user_add(ws, "jo", OB_ROLE_PCH, "P1", PW2, &err),
		      OB_EEXIST);
	ASSERT(strstr(err.msg, "'jo' already exists"));

	memset(&u, 0, sizeof(u));
	ASSERT_OK(ob_user_verify(ws, "ann.b@x", PW, &u, &err));
	ASSERT_STR_EQ(u.name, "ann.b@x");
	ASSERT_INT_EQ(u.role, OB_ROLE_ALLIANCE);
	ASSERT_STR_EQ(u.scope, "clch");
	ASSERT_INT_EQ(u.disabled, 0);
	ASSERT(u.id > 0);
	ASSERT_INT_EQ(strlen(u.created), 19);
	ASSERT(u.created[10] == ' ' && u.created[4] == '-');

	ASSERT_INT_EQ(ob_user_verify(ws, "jo", PW2, &u, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "wrong name or password");
	ASSERT_INT_EQ(ob_user_verify(ws, "nobody", PW, &u, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "wrong name or password");
	ASSERT_INT_EQ(ob_user_verify(ws, "bad name", PW, &u, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "wrong name or password");

	query_text(ws, "SELECT password_hash FROM app_user WHERE name = 'jo'",
		   h1, sizeof(h1));
	query_text(ws,
		   "SELECT password_hash FROM app_user WHERE name = 'ann.b@x'",
		   h2, sizeof(h2));
	ASSERT(!strncmp(h1, "$scrypt$ln=17,r=8,p=1$", 22));
	ASSERT(!strncmp(h2, "$scrypt$ln=17,r=8,p=1$", 22));
	/* 24 characters of salt, 44 of hash (16 and 32 bytes). */
	ASSERT_INT_EQ(strlen(h1), 22 + 24 + 1 + 44);
	ASSERT(h1[22 + 24] == '$');
	ASSERT(strcmp(h1, h2) != 0);
	ASSERT(strncmp(h1 + 22, h2 + 22, 24) != 0);
	ASSERT(!strstr(h1, PW));

	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM audit_log WHERE "
				     "action = 'user.add'"),
		      2);
	ob_workspace_close(ws);
	remove_dir(dir);
}

/* Refused before any hashing: bad names, roles, scopes and passwords. */
TEST(users_bad_input)
{
	char dir[] = "/tmp/ob-users-XXXXXX", long_name[80], long_pw[1100];
	struct ob_workspace *ws = new_workspace(dir);
	struct ob_error err;

	ASSERT(ws);
	memset(long_name, 'a', 64);
	long_name[64] = '\0';
	memset(long_pw, 'p', 1025);
	long_pw[1025] = '\0';
	ASSERT_INT_EQ(ob_user_add(ws, "", OB_ROLE_COMMISSIONER, NULL, PW, &err),
		      OB_EINVAL);
	ASSERT(strstr(err.msg, "user name"));
	ASSERT_INT_EQ(
	    ob_user_add(ws, "a b", OB_ROLE_COMMISSIONER, NULL, PW, &err),
	    OB_EINVAL);
	ASSERT_INT_EQ(
	    ob_user_add(ws, "a/b", OB_ROLE_COMMISSIONER, NULL, PW, &err),
	    OB_EINVAL);
	ASSERT_INT_EQ(
	    ob_user_add(ws, long_name, OB_ROLE_COMMISSIONER, NULL, PW, &err),
	    OB_EINVAL);
	ASSERT_INT_EQ(ob_user_add(ws, "jo", (enum ob_role)0, NULL, PW, &err),
		      OB_EINVAL);
	ASSERT(strstr(err.msg, "expected commissioner"));
	ASSERT_INT_EQ(ob_user_add(ws, "jo", (enum ob_role)9, NULL, PW, &err),
		      OB_EINVAL);
	/* alliance and pch need a scope; the others take none */
	ASSERT_INT_EQ(ob_user_add(ws, "jo", OB_ROLE_ALLIANCE, NULL, PW, &err),
		      OB_EINVAL);
	ASSERT(strstr(err.msg, "needs a scope"));
	ASSERT_INT_EQ(ob_user_add(ws, "jo", OB_ROLE_PCH, "", PW, &err),
		      OB_EINVAL);
	ASSERT_INT_EQ(ob_user_add(ws, "jo", OB_ROLE_PCH, "a@b", PW, &err),
		      OB_EINVAL);
	ASSERT_INT_EQ(ob_user_add(ws, "jo", OB_ROLE_PCH, long_name, PW, &err),
		      OB_EINVAL);
	ASSERT_INT_EQ(
	    ob_user_add(ws, "jo", OB_ROLE_COMMISSIONER, "P1", PW, &err),
	    OB_EINVAL);
	ASSERT(strstr(err.msg, "has no scope"));
	ASSERT_INT_EQ(
	    ob_user_add(ws, "jo", OB_ROLE_MCP_FINANCE, "P1", PW, &err),
	    OB_EINVAL);
	/* passwords: 12 to 1024 bytes */
	ASSERT_INT_EQ(ob_user_add(ws, "jo", OB_ROLE_COMMISSIONER, NULL,
				  "elevenchars", &err),
		      OB_EINVAL);
	ASSERT(strstr(err.msg, "11 characters (expected 12 to 1024)"));
	ASSERT_INT_EQ(
	    ob_user_add(ws, "jo", OB_ROLE_COMMISSIONER, NULL, long_pw, &err),
	    OB_EINVAL);
	ASSERT_INT_EQ(
	    ob_user_add(ws, "jo", OB_ROLE_COMMISSIONER, NULL, NULL, &err),
	    OB_EINVAL);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM app_user"), 0);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM audit_log"), 0);

	/* The longest name and scope are accepted. */
	long_name[63] = '\0';
	ASSERT_OK(ob_user_add(ws, long_name, OB_ROLE_PCH, long_name,
			      "twelve chars", &err));
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM app_user"), 1);
	ob_workspace_close(ws);
	remove_dir(dir);
}

/* A known answer (RFC 7914 section 12: "pleaseletmein", "SodiumChloride",
 * N = 16384, r = 8, p = 1, 64 bytes), stored with its own cost: the
 * parameters are read from the stored string.  A damaged or out-of-range
 * stored hash is reported, not taken for a wrong password. */
TEST(users_known_answer)
{
	char dir[] = "/tmp/ob-users-XXXXXX";
	struct ob_workspace *ws = new_workspace(dir);
	struct ob_user u;
	struct ob_error err;

	ASSERT(ws);
	ASSERT_INT_EQ(
	    exec_sql(
		ws,
		"INSERT INTO app_user(name, role, password_hash, "
		"created_at) VALUES('rfc', 'commissioner', "
		"'$scrypt$ln=14,r=8,p=1$U29kaXVtQ2hsb3JpZGU=$cCO9yzr9c0hG"
		"HAbNgf046/2o+7qQT44+qbVD9lRdofLVQylVYT8Pz2LUlwUkKpr55h6F"
		"3A1lHkDfzwF7RVdYhw==', '2020-01-01 00:00:00'), "
		"('bad', 'commissioner', '$scrypt$ln=9,r=8,p=1$U29kaXVtQ2"
		"hsb3JpZGU=$cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofI=', "
		"'2020-01-01 00:00:00'), "
		"('junk', 'commissioner', 'x', '2020-01-01 00:00:00')",
		NULL),
	    SQLITE_OK);
	ASSERT_OK(ob_user_verify(ws, "rfc", "pleaseletmein", &u, &err));
	ASSERT_STR_EQ(u.name, "rfc");
	ASSERT_INT_EQ(ob_user_verify(ws, "rfc", "pleaseletmeiN", &u, &err),
		      OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "wrong name or password");
	ASSERT_INT_EQ(ob_user_verify(ws, "bad", "pleaseletmein", &u, &err),
		      OB_EDB);
	ASSERT(strstr(err.msg, "damaged"));
	ASSERT_INT_EQ(ob_user_verify(ws, "junk", "pleaseletmein", &u, &err),
		      OB_EDB);
	ob_workspace_close(ws);
	remove_dir(dir);
}

static int token_is_base64url(const char *t)
{
	if (strlen(t) != OB_SESSION_TOKEN_LEN)
		return 0;
	for (; *t; t++)
		if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') ||
		      (*t >= '0' && *t <= '9') || *t == '-' || *t == '_'))
			return 0;
	return 1;
}

/* Begin, look up (extending the expiry, never past 12 hours from the
 * start), expire, end; malformed tokens are refused. */
TEST(users_sessions)
{
	char dir[] = "/tmp/ob-users-XXXXXX", sql[256],
	     sha[OB_SHA256_HEX_LEN + 1], stored[80];
	char tok[OB_SESSION_TOKEN_LEN + 1], tok2[OB_SESSION_TOKEN_LEN + 1];
	char bad[OB_SESSION_TOKEN_LEN + 2];
	struct ob_workspace *ws = new_workspace(dir);
	struct ob_user u;
	struct ob_error err;
	long now, expires;

	ASSERT(ws);
	ASSERT_OK(ob_user_add(ws, "sam", OB_ROLE_PCH, "P1", PW, &err));
	ASSERT_OK(ob_user_verify(ws, "sam", PW, &u, &err));
	ASSERT_OK(ob_session_begin(ws, u.id, 600, tok, &err));
	ASSERT(token_is_base64url(tok));
	ASSERT_OK(ob_session_begin(ws, u.id, 600, tok2, &err));
	ASSERT(strcmp(tok, tok2) != 0);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM app_session"), 2);

	/* Only the token's SHA-256 is stored. */
	ASSERT_OK(ob_sha256_hex(tok, strlen(tok), sha, &err));
	snprintf(sql, sizeof(sql),
		 "SELECT token_sha256 FROM app_session WHERE token_sha256 = "
		 "'%s'",
		 sha);
	query_text(ws, sql, stored, sizeof(stored));
	ASSERT_STR_EQ(stored, sha);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM app_session WHERE "
				     "instr(token_sha256, '-') OR "
				     "instr(token_sha256, '_') OR "
				     "length(token_sha256) != 64"),
		      0);

	memset(&u, 0, sizeof(u));
	ASSERT_OK(ob_session_user(ws, tok, &u, &err));
	ASSERT_STR_EQ(u.name, "sam");
	ASSERT_INT_EQ(u.role, OB_ROLE_PCH);
	ASSERT_STR_EQ(u.scope, "P1");
	now = (long)time(NULL);
	snprintf(sql, sizeof(sql),
		 "SELECT expires FROM app_session WHERE token_sha256 = '%s'",
		 sha);
	expires = count_rows(ws, sql);
	ASSERT(expires >= now + 598 && expires <= now + 602);

	/* Malformed tokens: no such session. */
	ASSERT_INT_EQ(ob_session_user(ws, NULL, &u, &err), OB_ENOTFOUND);
	ASSERT_INT_EQ(ob_session_user(ws, "", &u, &err), OB_ENOTFOUND);
	memcpy(bad, tok, OB_SESSION_TOKEN_LEN + 1);
	bad[OB_SESSION_TOKEN_LEN - 1] = '\0';
	ASSERT_INT_EQ(ob_session_user(ws, bad, &u, &err), OB_ENOTFOUND);
	memcpy(bad, tok, OB_SESSION_TOKEN_LEN);
	bad[OB_SESSION_TOKEN_LEN] = 'A';
	bad[OB_SESSION_TOKEN_LEN + 1] = '\0';
	ASSERT_INT_EQ(ob_session_user(ws, bad, &u, &err), OB_ENOTFOUND);
	memcpy(bad, tok, OB_SESSION_TOKEN_LEN + 1);
	bad[5] = '+';
	ASSERT_INT_EQ(ob_session_user(ws, bad, &u, &err), OB_ENOTFOUND);
	ASSERT(strstr(err.msg, "malformed"));
	bad[5] = tok[5] == 'A' ? 'B' : 'A'; /* well formed, unknown */
	ASSERT_INT_EQ(ob_session_user(ws, bad, &u, &err), OB_ENOTFOUND);

	/* Never past 12 hours from the start, however busy. */
	snprintf(sql, sizeof(sql),
		 "UPDATE app_session SET began = %ld WHERE token_sha256 = "
		 "'%s'",
		 now - OB_SESSION_MAX_AGE + 100, sha);
	ASSERT_INT_EQ(exec_sql(ws, sql, NULL), SQLITE_OK);
	ASSERT_OK(ob_session_user(ws, tok, &u, &err));
	snprintf(sql, sizeof(sql),
		 "SELECT expires FROM app_session WHERE token_sha256 = '%s'",
		 sha);
	ASSERT_INT_EQ(count_rows(ws, sql), now + 100);

	/* Expired: refused and removed. */
	snprintf(sql, sizeof(sql),
		 "UPDATE app_session SET expires = %ld WHERE token_sha256 = "
		 "'%s'",
		 now - 1, sha);
	ASSERT_INT_EQ(exec_sql(ws, sql, NULL), SQLITE_OK);
	ASSERT_INT_EQ(ob_session_user(ws, tok, &u, &err), OB_ENOTFOUND);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM app_session"), 1);

	/* Signing out ends the session; ending an unknown or malformed
	 * token is not an error. */
	ASSERT_OK(ob_session_user(ws, tok2, &u, &err));
	ASSERT_OK(ob_session_end(ws, tok2, &err));
	ASSERT_INT_EQ(ob_session_user(ws, tok2, &u, &err), OB_ENOTFOUND);
	ASSERT_OK(ob_session_end(ws, tok2, &err));
	ASSERT_OK(ob_session_end(ws, "x", &err));
	ASSERT_OK(ob_session_end(ws, NULL, &err));
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM app_session"), 0);

	/* Bad idle times and unknown users. */
	ASSERT_INT_EQ(ob_session_begin(ws, u.id, 0, tok, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_session_begin(ws, 999, 600, tok, &err), OB_ENOTFOUND);
	/* An idle time beyond the maximum age is held to it. */
	ASSERT_OK(
	    ob_session_begin(ws, u.id, 10 * OB_SESSION_MAX_AGE, tok, &err));
	ASSERT(count_rows(ws, "SELECT max(expires - began) FROM "
			      "app_session") == OB_SESSION_MAX_AGE);
	ob_workspace_close(ws);
	remove_dir(dir);
}

/* A new password and disabling both end the user's sessions; a disabled
 * user cannot sign in or begin a session; each change is audited. */
TEST(users_password_disable)
{
	char dir[] = "/tmp/ob-users-XXXXXX";
	char tok[OB_SESSION_TOKEN_LEN + 1], other[OB_SESSION_TOKEN_LEN + 1];
	struct ob_workspace *ws = new_workspace(dir);
	struct ob_user u, v, *list = NULL;
	struct ob_error err;
	size_t n = 0;

	ASSERT(ws);
	ASSERT_OK(ob_user_add(ws, "jo", OB_ROLE_COMMISSIONER, NULL, PW, &err));
	ASSERT_OK(ob_user_add(ws, "al", OB_ROLE_MCP_FINANCE, "", PW, &err));
	ASSERT_OK(ob_user_verify(ws, "jo", PW, &u, &err));
	ASSERT_OK(ob_user_verify(ws, "al", PW, &v, &err));
	ASSERT_OK(ob_session_begin(ws, u.id, 600, tok, &err));
	ASSERT_OK(ob_session_begin(ws, u.id, 600, tok, &err));
	ASSERT_OK(ob_session_begin(ws, v.id, 600, other, &err));

	ASSERT_INT_EQ(ob_user_set_password(ws, "jo", "short", &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_user_set_password(ws, "nobody", PW2, &err),
		      OB_ENOTFOUND);
	ASSERT(strstr(err.msg, "no user 'nobody'"));
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM app_session"), 3);
	ASSERT_OK(ob_user_set_password(ws, "jo", PW2, &err));
	/* jo's two sessions end; al's stays. */
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM app_session"), 1);
	ASSERT_INT_EQ(ob_session_user(ws, tok, &u, &err), OB_ENOTFOUND);
	ASSERT_OK(ob_session_user(ws, other, &v, &err));
	ASSERT_INT_EQ(ob_user_verify(ws, "jo", PW, &u, &err), OB_EINVAL);
	ASSERT_OK(ob_user_verify(ws, "jo", PW2, &u, &err));

	ASSERT_OK(ob_session_begin(ws, u.id, 600, tok, &err));
	ASSERT_OK(ob_user_set_disabled(ws, "jo", 1, &err));
	ASSERT_INT_EQ(ob_session_user(ws, tok, &u, &err), OB_ENOTFOUND);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM app_session"), 1);
	ASSERT_INT_EQ(ob_user_verify(ws, "jo", PW2, &u, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "wrong name or password");
	ASSERT_INT_EQ(ob_session_begin(ws, u.id, 600, tok, &err), OB_ENOTFOUND);
	ASSERT_OK(ob_user_list(ws, &list, &n, &err));
	ASSERT_INT_EQ(n, 2);
	ASSERT_STR_EQ(list[0].name, "al"); /* by name */
	ASSERT_INT_EQ(list[0].role, OB_ROLE_MCP_FINANCE);
	ASSERT_STR_EQ(list[1].name, "jo");
	ASSERT_INT_EQ(list[1].disabled, 1);
	free(list);

	/* A session whose user is disabled after it began (behind the
	 * library's back) is refused too. */
	ASSERT_INT_EQ(exec_sql(ws,
			       "UPDATE app_user SET disabled = 1 WHERE "
			       "name = 'al'",
			       NULL),
		      SQLITE_OK);
	ASSERT_INT_EQ(ob_session_user(ws, other, &v, &err), OB_ENOTFOUND);
	ASSERT(strstr(err.msg, "disabled"));

	ASSERT_OK(ob_user_set_disabled(ws, "jo", 0, &err));
	ASSERT_OK(ob_user_verify(ws, "jo", PW2, &u, &err));
	ASSERT_INT_EQ(u.disabled, 0);
	ASSERT_INT_EQ(ob_user_set_disabled(ws, "nobody", 1, &err),
		      OB_ENOTFOUND);

	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM audit_log WHERE "
				     "action = 'user.password' AND subject = "
				     "'user jo'"),
		      1);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM audit_log WHERE "
				     "action = 'user.disable'"),
		      1);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM audit_log WHERE "
				     "action = 'user.enable'"),
		      1);
	/* Users are never deleted. */
	ASSERT(exec_sql(ws, "DELETE FROM app_user WHERE name = 'jo'", NULL) !=
	       SQLITE_OK);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM app_user"), 2);
	ob_workspace_close(ws);
	remove_dir(dir);
}

/* Append, cut to size, list the latest oldest first; never changed. */
TEST(users_access_log)
{
	char dir[] = "/tmp/ob-users-XXXXXX", path[400];
	struct ob_workspace *ws = new_workspace(dir);
	struct ob_access_entry *v = NULL;
	struct ob_error err;
	char *msg = NULL;
	size_t n = 0;

	ASSERT(ws);
	memset(path, 'p', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	ASSERT_OK(ob_access_log(ws, NULL, "POST", "/login", 401,
				"wrong name or password", "10.0.0.1", &err));
	ASSERT_OK(ob_access_log(ws, "jo", "GET", path, 403,
				"role commissioner may not\x1b[2J see it",
				"10.0.0.2", &err));
	ASSERT_OK(ob_access_log(ws, "jo", "POST", "/logout", 200, "signed out",
				"::1", &err));

	ASSERT_OK(ob_access_list(ws, 0, &v, &n, &err));
	ASSERT_INT_EQ(n, 3);
	ASSERT_STR_EQ(v[0].user, "");
	ASSERT_STR_EQ(v[0].method, "POST");
	ASSERT_STR_EQ(v[0].path, "/login");
	ASSERT_INT_EQ(v[0].status, 401);
	ASSERT_STR_EQ(v[0].reason, "wrong name or password");
	ASSERT_STR_EQ(v[0].remote, "10.0.0.1");
	ASSERT_INT_EQ(strlen(v[0].at), 19);
	ASSERT_INT_EQ(strlen(v[1].path), sizeof(v[1].path) - 1);
	ASSERT(!strncmp(v[1].path, path, sizeof(v[1].path) - 1));
	ASSERT(!strchr(v[1].reason, '\x1b'));
	ASSERT(strstr(v[1].reason, "not?[2J see"));
	ASSERT_STR_EQ(v[2].path, "/logout");
	ASSERT(v[0].id < v[1].id && v[1].id < v[2].id);
	free(v);

	ASSERT_OK(ob_access_list(ws, 2, &v, &n, &err));
	ASSERT_INT_EQ(n, 2);
	ASSERT_STR_EQ(v[0].user, "jo");
	ASSERT_INT_EQ(v[0].status, 403);
	ASSERT_STR_EQ(v[1].path, "/logout");
	free(v);
	ASSERT_OK(ob_access_list(ws, 10, &v, &n, &err));
	ASSERT_INT_EQ(n, 3);
	free(v);

	/* Append-only. */
	ASSERT(exec_sql(ws, "UPDATE access_log SET status = 200", &msg) !=
	       SQLITE_OK);
	ASSERT(msg && strstr(msg, "immutable"));
	sqlite3_free(msg);
	msg = NULL;
	ASSERT(exec_sql(ws, "DELETE FROM access_log", &msg) != SQLITE_OK);
	ASSERT(msg && strstr(msg, "immutable"));
	sqlite3_free(msg);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM access_log"), 3);
	ob_workspace_close(ws);
	remove_dir(dir);
}

/* A version-4 workspace (the tables of version 5 dropped) is migrated
 * on open to the same schema as a new one, with an audit entry. */
TEST(users_migration_from_v4)
{
	static const char schema[] =
	    "SELECT group_concat(type || ' ' || name || ': ' || "
	    "coalesce(sql, ''), '\n') FROM (SELECT * FROM sqlite_master "
	    "ORDER BY name)";
	char dir[] = "/tmp/ob-users-XXXXXX", fresh[64], want[16384], got[16384];
	struct ob_workspace *ws = new_workspace(dir), *ws2;
	struct ob_error err;

	ASSERT(ws);
	query_text(ws, schema, want, sizeof(want));
	ASSERT(strstr(want, "table app_user"));
	ASSERT(strstr(want, "trigger access_log_no_delete"));
	ASSERT_INT_EQ(exec_sql(ws,
			       "DROP TABLE access_log; DROP TABLE app_session; "
			       "DROP TABLE app_user; UPDATE meta SET value = "
			       "'4' WHERE name = 'schema_version'",
			       NULL),
		      SQLITE_OK);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM sqlite_master WHERE "
				     "name LIKE 'app_%' OR name LIKE "
				     "'access_log%'"),
		      0);
	ob_workspace_close(ws);

	snprintf(fresh, sizeof(fresh), "%s/ws", dir);
	ASSERT_OK(ob_workspace_open(&ws2, fresh, &err));
	ASSERT_INT_EQ(count_rows(ws2, "SELECT value FROM meta WHERE name = "
				      "'schema_version'"),
		      5);
	query_text(ws2, schema, got, sizeof(got));
	ASSERT_STR_EQ(got, want);
	ASSERT_INT_EQ(count_rows(ws2, "SELECT count(*) FROM audit_log WHERE "
				      "action = 'workspace.migrate' AND "
				      "subject = 'schema version 4 -> 5'"),
		      1);
	ASSERT_OK(ob_user_add(ws2, "jo", OB_ROLE_COMMISSIONER, NULL, PW, &err));
	ob_workspace_close(ws2);
	remove_dir(dir);
}
