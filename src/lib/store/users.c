/*
 * users.c - the dashboard's users, sessions and access log (users.h).
 *
 * Passwords: scrypt (RFC 7914) through OpenSSL 3's EVP_KDF, stored as
 * "$scrypt$ln=L,r=R,p=P$<salt>$<hash>" (standard base64).  Verification
 * reads L, R and P from the stored string, so raising the cost later still
 * verifies the hashes made before.  Sessions: the browser holds a random
 * token, the workspace only its SHA-256.  Every time here is the real
 * clock, time(2): SOURCE_DATE_EPOCH, which makes reports reproducible,
 * must never stretch or shorten a session.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <sqlite3.h>

#include "onebudget/date.h"
#include "onebudget/hash.h"
#include "onebudget/users.h"
#include "store-internal.h"

#include "onebudget/banned.h"

/* The cost of new hashes: N = 2^17, r = 8, p = 1 (128 MiB, RFC 7914
 * section 2's interactive-login recommendation scaled to 2020s hardware;
 * OWASP Password Storage Cheat Sheet). */
#define SCRYPT_LN   17
#define SCRYPT_R    8
#define SCRYPT_P    1
#define SALT_LEN    16
#define HASH_LEN    32
#define HASH_PREFIX "$scrypt$"

/* A well-formed hash of no password, verified against when the name is
 * unknown or disabled so that the answer costs the same either way. */
static const char dummy_hash[] =
    "$scrypt$ln=17,r=8,p=1$b25lYnVkZ2V0LWR1bW15IQ==$"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

static const char *const role_names[] = {
    [OB_ROLE_COMMISSIONER] = "commissioner",
    [OB_ROLE_MCP_FINANCE] = "mcp-finance",
    [OB_ROLE_ALLIANCE] = "alliance",
    [OB_ROLE_PCH] = "pch",
};

const char *ob_role_name(enum ob_role role)
{
	if ((int)role < OB_ROLE_COMMISSIONER || role > OB_ROLE_PCH)
		return "unknown";
	return role_names[role];
}

int ob_role_parse(const char *s, enum ob_role *out)
{
	for (int r = OB_ROLE_COMMISSIONER; r <= OB_ROLE_PCH; r++)
		if (s && !strcmp(s, role_names[r])) {
			*out = (enum ob_role)r;
			return 0;
		}
	return -1;
}

static enum ob_status crypto_error(struct ob_error *err, const char *what)
{
	return ob_error_set(err, OB_ECRYPTO, NULL, 0, 0, "libcrypto: %s failed",
			    what);
}

/* Real UTC time as "YYYY-MM-DD HH:MM:SS". */
static void utc_text(time_t t, char out[static 20])
{
	long long secs = (long long)t;
	long long days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	unsigned s = (unsigned)(secs - days * 86400);
	char date[11];

	ob_date_format((ob_date)days, date);
	snprintf(out, 20, "%.10s %02u:%02u:%02u", date, s / 3600 % 24,
		 s / 60 % 60, s % 60);
}

/* 1 when `s` is 1 to max - 1 bytes, each a letter, digit or in `extra`. */
static int valid_word(const char *s, size_t max, const char *extra)
{
	size_t n = 0;

	if (!s)
		return 0;
	for (; s[n]; n++) {
		unsigned char c = (unsigned char)s[n];

		if (n + 1 >= max)
			return 0;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || strchr(extra, c)))
			return 0;
	}
	return n > 0;
}

static enum ob_status check_password(const char *password, struct ob_error *err)
{
	size_t n = password ? strlen(password) : 0;

	if (n < OB_PASSWORD_MIN || n > OB_PASSWORD_MAX)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "the password is %zu characters (expected "
				    "%d to %d)",
				    n, OB_PASSWORD_MIN, OB_PASSWORD_MAX);
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* Base64 (RFC 4648): the standard alphabet with padding for the stored
 * hash, the URL alphabet without padding for tokens. */

static size_t base64url_encode(const unsigned char *p, size_t n, char *out)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
	    "wxyz0123456789-_";
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = a[v >> 18 & 63];
		out[o++] = a[v >> 12 & 63];
		if (i + 1 < n)
			out[o++] = a[v >> 6 & 63];
		if (i + 2 < n)
			out[o++] = a[v & 63];
	}
	out[o] = '\0';
	return o;
}

/*
 * Decode `len` characters of standard padded base64 into out[max]; the
 * number of bytes, or -1 when the text is not base64 or too long.
 * EVP_DecodeBlock counts padding as zero bytes, so it is taken off here.
 */
static int base64_decode(const char *s, size_t len, unsigned char *out,
			 size_t max)
{
	unsigned char tmp[96];
	int n, pad = 0;

	if (!len || len % 4 || len / 4 * 3 > sizeof(tmp))
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '=') {
			if (i + 2 < len)
				return -1;
			pad++;
		} else if (pad ||
			   !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			     (c >= '0' && c <= '9') || c == '+' || c == '/')) {
			return -1;
		}
	}
	n = EVP_DecodeBlock(tmp, (const unsigned char *)s, (int)len);
	if (n < 0 || n - pad < 0 || (size_t)(n - pad) > max)
		return -1;
	memcpy(out, tmp, (size_t)(n - pad));
	return n - pad;
}

/* ------------------------------------------------------------------ */
/* scrypt */

struct scrypt_params {
	unsigned ln, r, p;
	unsigned char salt[64];
	size_t salt_len;
	unsigned char hash[64];
	size_t hash_len;
};

static int parse_uint(const char **p, const char *key, unsigned min,
		      unsigned max, unsigned *out)
{
	size_t k = strlen(key);
	unsigned long v = 0;
	const char *s = *p;

	if (strncmp(s, key, k) || s[k] != '=')
		return -1;
	s += k + 1;
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned long)(*s++ - '0');
		if (v > max)
			return -1;
	}
	if (v < min)
		return -1;
	*out = (unsigned)v;
	*p = s;
	return 0;
}

/* Parse "$scrypt$ln=L,r=R,p=P$<salt>$<hash>"; -1 when malformed or the
 * cost is outside the range accepted (ln 10..22, r 1..32, p 1..16). */
static int parse_hash(const char *s, struct scrypt_params *out)
{
	const char *salt, *dollar;
	int n;

	if (strncmp(s, HASH_PREFIX, strlen(HASH_PREFIX)))
		return -1;
	s += strlen(HASH_PREFIX);
	if (parse_uint(&s, "ln", 10, 22, &out->ln) || *s++ != ',' ||
	    parse_uint(&s, "r", 1, 32, &out->r) || *s++ != ',' ||
	    parse_uint(&s, "p", 1, 16, &out->p) || *s++ != '$')
		return -1;
	salt = s;
	dollar = strchr(salt, '$');
	if (!dollar)
		return -1;
	n = base64_decode(salt, (size_t)(dollar - salt), out->salt,
			  sizeof(out->salt));
	if (n < 8)
		return -1;
	out->salt_len = (size_t)n;
	n = base64_decode(dollar + 1, strlen(dollar + 1), out->hash,
			  sizeof(out->hash));
	if (n < 16)
		return -1;
	out->hash_len = (size_t)n;
	return 0;
}

static enum ob_status scrypt_derive(const char *password, size_t len,
				    const struct scrypt_params *sp,
				    unsigned char *out, size_t out_len,
				    struct ob_error *err)
{
	uint64_t n = (uint64_t)1 << sp->ln;
	uint32_t r = sp->r, p = sp->p;
	/* OpenSSL needs 128 r (N + 2) bytes for V and 128 r p for B; a MiB
	 * more for slack. */
	uint64_t maxmem = 128 * (uint64_t)r * (n + 2 + p) + (1u << 20);
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM params[7];
	int ok;

	if (!ctx) {
		EVP_KDF_free(kdf);
		return crypto_error(err, "fetching scrypt");
	}
	params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
						      (void *)password, len);
	params[1] = OSSL_PARAM_construct_octet_string(
	    OSSL_KDF_PARAM_SALT, (void *)sp->salt, sp->salt_len);
	params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
	params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
	params[5] =
	    OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
	params[6] = OSSL_PARAM_construct_end();
	ok = EVP_KDF_derive(ctx, out, out_len, params);
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	if (ok != 1) {
		OPENSSL_cleanse(out, out_len);
		return crypto_error(err, "scrypt");
	}
	return OB_OK;
}

/* A new hash of `password` with a fresh salt, into out (free()). */
static enum ob_status hash_password(const char *password, char **out,
				    struct ob_error *err)
{
	struct scrypt_params sp = {.ln = SCRYPT_LN,
				   .r = SCRYPT_R,
				   .p = SCRYPT_P,
				   .salt_len = SALT_LEN,
				   .hash_len = HASH_LEN};
	char salt64[4 * ((SALT_LEN + 2) / 3) + 1];
	char hash64[4 * ((HASH_LEN + 2) / 3) + 1];
	enum ob_status st;
	size_t size;
	char *s;

	if (RAND_bytes(sp.salt, SALT_LEN) != 1)
		return crypto_error(err, "RAND_bytes");
	st = scrypt_derive(password, strlen(password), &sp, sp.hash, HASH_LEN,
			   err);
	if (st)
		return st;
	EVP_EncodeBlock((unsigned char *)salt64, sp.salt, SALT_LEN);
	EVP_EncodeBlock((unsigned char *)hash64, sp.hash, HASH_LEN);
	OPENSSL_cleanse(sp.hash, sizeof(sp.hash));
	size = sizeof(HASH_PREFIX) + 32 + sizeof(salt64) + sizeof(hash64);
	s = malloc(size);
	if (!s) {
		OPENSSL_cleanse(hash64, sizeof(hash64));
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	snprintf(s, size, HASH_PREFIX "ln=%u,r=%u,p=%u$%s$%s", sp.ln, sp.r,
		 sp.p, salt64, hash64);
	OPENSSL_cleanse(hash64, sizeof(hash64));
	*out = s;
	return OB_OK;
}

/* *match 1 when `password` gives `stored`.  OB_EINVAL when `stored` is
 * not a hash this code can check. */
static enum ob_status hash_check(const char *stored, const char *password,
				 size_t len, int *match, struct ob_error *err)
{
	struct scrypt_params sp;
	unsigned char got[sizeof(sp.hash)];
	enum ob_status st;

	*match = 0;
	if (parse_hash(stored, &sp))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "not a scrypt hash");
	st = scrypt_derive(password, len, &sp, got, sp.hash_len, err);
	if (!st)
		*match = CRYPTO_memcmp(got, sp.hash, sp.hash_len) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	OPENSSL_cleanse(sp.hash, sizeof(sp.hash));
	return st;
}

/* ------------------------------------------------------------------ */
/* Users */

#define USER_COLUMNS "id, name, role, scope, disabled, created_at"

static void read_user(sqlite3_stmt *s, void *row)
{
	struct ob_user *u = row;
	char role[16];

	memset(u, 0, sizeof(*u));
	u->id = (long)sqlite3_column_int64(s, 0);
	store_copy_text(u->name, sizeof(u->name), s, 1);
	store_copy_text(role, sizeof(role), s, 2);
	if (ob_role_parse(role, &u->role))
		u->role = (enum ob_role)0;
	store_copy_text(u->scope, sizeof(u->scope), s, 3);
	u->disabled = sqlite3_column_int(s, 4) != 0;
	store_copy_text(u->created, sizeof(u->created), s, 5);
}

/* 1 when a user of that name exists, 0 when not, -1 on error. */
static int user_exists(sqlite3 *db, const char *name)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM app_user WHERE name = ?", -1,
			       &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static enum ob_status check_user(const char *name, enum ob_role role,
				 const char *scope, struct ob_error *err)
{
	int scoped = role == OB_ROLE_ALLIANCE || role == OB_ROLE_PCH;

	if (!valid_word(name, OB_USER_NAME_MAX, "._@-"))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "user name '%.80s' is not 1 to %d "
				    "characters of A-Z a-z 0-9 . _ @ -",
				    name ? name : "", OB_USER_NAME_MAX - 1);
	if ((int)role < OB_ROLE_COMMISSIONER || role > OB_ROLE_PCH)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "role %d is not a role (expected "
				    "commissioner, mcp-finance, alliance or "
				    "pch)",
				    (int)role);
	if (scoped && !valid_word(scope, OB_USER_SCOPE_MAX, "._-"))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "role %s needs a scope (the %s) of 1 to "
				    "%d characters of A-Z a-z 0-9 . _ -, not "
				    "'%.80s'",
				    ob_role_name(role),
				    role == OB_ROLE_ALLIANCE
					? "alliance party's id"
					: "primary care home's code",
				    OB_USER_SCOPE_MAX - 1, scope ? scope : "");
	if (!scoped && scope && *scope)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "role %s has no scope (it sees every "
				    "unit), but '%.80s' was given",
				    ob_role_name(role), scope);
	return OB_OK;
}

/* Run the statement to completion; OB_OK on SQLITE_DONE. */
static enum ob_status step_done(sqlite3 *db, sqlite3_stmt *s, const char *what,
				struct ob_error *err)
{
	int rc = sqlite3_step(s);

	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? OB_OK : store_db_error(err, db, what);
}

static enum ob_status end_user_sessions(sqlite3 *db, const char *name,
					const char *what, struct ob_error *err)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(db,
			       "DELETE FROM app_session WHERE user_id = "
			       "(SELECT id FROM app_user WHERE name = ?)",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return step_done(db, s, what, err);
}

static enum ob_status finish(struct ob_workspace *ws, enum ob_status st,
			     const char *what, struct ob_error *err)
{
	if (!st)
		st = ob_workspace_exec(ws, "COMMIT", what, err);
	if (st)
		sqlite3_exec(ob_workspace_db(ws), "ROLLBACK", NULL, NULL, NULL);
	return st;
}

static enum ob_status insert_user(struct ob_workspace *ws, const char *name,
				  enum ob_role role, const char *scope,
				  const char *hash, struct ob_error *err)
{
	static const char what[] = "adding the user";
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s = NULL;
	char at[20], subject[160];
	int rc;

	utc_text(time(NULL), at);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO app_user(name, role, scope,"
			       " password_hash, created_at) VALUES(?, ?, ?,"
			       " ?, ?)",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ob_role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, scope ? scope : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, at, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT &&
	    sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE)
		return ob_error_set(err, OB_EEXIST, NULL, 0, 0,
				    "user '%s' already exists", name);
	if (rc != SQLITE_DONE)
		return store_db_error(err, db, what);
	if (scope && *scope)
		snprintf(subject, sizeof(subject), "user %s (%s, scope %s)",
			 name, ob_role_name(role), scope);
	else
		snprintf(subject, sizeof(subject), "user %s (%s)", name,
			 ob_role_name(role));
	return ob_workspace_audit(ws, NULL, "user.add", subject, NULL, err);
}

enum ob_status ob_user_add(struct ob_workspace *ws, const char *name,
			   enum ob_role role, const char *scope,
			   const char *password, struct ob_error *err)
{
	static const char what[] = "adding the user";
	sqlite3 *db = ob_workspace_db(ws);
	enum ob_status st;
	char *hash = NULL;
	int found;

	if ((st = check_user(name, role, scope, err)) ||
	    (st = check_password(password, err)))
		return st;
	/* Refuse a taken name before the costly hash; the UNIQUE
	 * constraint decides when two processes race. */
	found = user_exists(db, name);
	if (found < 0)
		return store_db_error(err, db, what);
	if (found)
		return ob_error_set(err, OB_EEXIST, NULL, 0, 0,
				    "user '%s' already exists", name);
	if ((st = hash_password(password, &hash, err)))
		return st;
	st = ob_workspace_exec(ws, "BEGIN IMMEDIATE", what, err);
	if (!st)
		st = finish(ws, insert_user(ws, name, role, scope, hash, err),
			    what, err);
	OPENSSL_cleanse(hash, strlen(hash));
	free(hash);
	return st;
}

/*
 * Set the named user's password hash when `hash` is not NULL, else the
 * disabled flag; end the sessions a new password or disabling locks out,
 * and record the change in the audit log.
 */
static enum ob_status update_user(struct ob_workspace *ws, const char *name,
				  const char *hash, int disabled,
				  const char *what, struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s = NULL;
	char subject[96];
	enum ob_status st;

	if (sqlite3_prepare_v2(db,
			       hash ? "UPDATE app_user SET password_hash = ?"
				      " WHERE name = ?"
				    : "UPDATE app_user SET disabled = ? WHERE"
				      " name = ?",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	if (hash)
		sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int(s, 1, disabled);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	if ((st = step_done(db, s, what, err)))
		return st;
	if (sqlite3_changes(db) == 0)
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "there is no user '%s' (see 'onebudget "
				    "user list')",
				    name);
	if ((hash || disabled) && (st = end_user_sessions(db, name, what, err)))
		return st;
	snprintf(subject, sizeof(subject), "user %s", name);
	return ob_workspace_audit(ws, NULL,
				  hash	     ? "user.password"
				  : disabled ? "user.disable"
					     : "user.enable",
				  subject, NULL, err);
}

enum ob_status ob_user_set_password(struct ob_workspace *ws, const char *name,
				    const char *password, struct ob_error *err)
{
	static const char what[] = "changing the password";
	sqlite3 *db = ob_workspace_db(ws);
	enum ob_status st;
	char *hash = NULL;
	int found;

	if (!valid_word(name, OB_USER_NAME_MAX, "._@-"))
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "there is no user '%.80s'",
				    name ? name : "");
	if ((st = check_password(password, err)))
		return st;
	found = user_exists(db, name);
	if (found < 0)
		return store_db_error(err, db, what);
	if (!found)
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "there is no user '%s' (see 'onebudget "
				    "user list')",
				    name);
	if ((st = hash_password(password, &hash, err)))
		return st;
	st = ob_workspace_exec(ws, "BEGIN IMMEDIATE", what, err);
	if (!st)
		st = finish(ws, update_user(ws, name, hash, 0, what, err), what,
			    err);
	OPENSSL_cleanse(hash, strlen(hash));
	free(hash);
	return st;
}

enum ob_status ob_user_set_disabled(struct ob_workspace *ws, const char *name,
				    int disabled, struct ob_error *err)
{
	static const char what[] = "disabling or enabling the user";
	enum ob_status st;

	if (!valid_word(name, OB_USER_NAME_MAX, "._@-"))
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "there is no user '%.80s'",
				    name ? name : "");
	st = ob_workspace_exec(ws, "BEGIN IMMEDIATE", what, err);
	if (!st)
		st = finish(
		    ws, update_user(ws, name, NULL, disabled != 0, what, err),
		    what, err);
	return st;
}

enum ob_status ob_user_list(struct ob_workspace *ws, struct ob_user **out,
			    size_t *n, struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s = NULL;
	enum ob_status st;
	void *v;

	if (sqlite3_prepare_v2(
		db, "SELECT " USER_COLUMNS " FROM app_user ORDER BY name", -1,
		&s, NULL) != SQLITE_OK)
		return store_db_error(err, db, "listing users");
	if ((st = store_collect(db, s, sizeof(**out), read_user, &v, n,
				"listing users", err)))
		return st;
	*out = v;
	return OB_OK;
}

/*
 * The user's row and stored hash: 1 found, 0 not, -1 on error.  `hash`
 * (free()) is NULL when not found.
 */
static int find_user(sqlite3 *db, const char *name, struct ob_user *u,
		     char **hash)
{
	sqlite3_stmt *s = NULL;
	int rc, found = -1;

	*hash = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT " USER_COLUMNS
			       ", password_hash FROM app_user WHERE name = ?",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(s, 6);

		read_user(s, u);
		*hash = strdup(h ? (const char *)h : "");
		found = *hash ? 1 : -1;
	} else if (rc == SQLITE_DONE) {
		found = 0;
	}
	sqlite3_finalize(s);
	return found;
}

enum ob_status ob_user_verify(struct ob_workspace *ws, const char *name,
			      const char *password, struct ob_user *user,
			      struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	struct ob_user u = {0};
	enum ob_status st;
	char *hash = NULL;
	const char *against;
	int found = 0, match = 0, damaged = 0;
	size_t len = password ? strlen(password) : 0;

	if (!password)
		password = "";
	if (len > OB_PASSWORD_MAX)
		len = OB_PASSWORD_MAX; /* still fails: no stored password is */
	if (valid_word(name, OB_USER_NAME_MAX, "._@-")) {
		found = find_user(db, name, &u, &hash);
		if (found < 0)
			return store_db_error(err, db, "checking the password");
	}
	against = found && !u.disabled ? hash : dummy_hash;
	st = hash_check(against, password, len, &match, err);
	if (st == OB_EINVAL && against == hash) {
		/* A damaged stored hash: spend the same time, then say so. */
		damaged = 1;
		st = hash_check(dummy_hash, password, len, &match, err);
	}
	if (hash) {
		OPENSSL_cleanse(hash, strlen(hash));
		free(hash);
	}
	if (st)
		return st;
	if (damaged)
		return ob_error_set(err, OB_EDB, NULL, 0, 0,
				    "the stored password hash of user '%s' "
				    "is damaged (set a new password with "
				    "'onebudget user passwd')",
				    name);
	if (!found || u.disabled || !match ||
	    strlen(password) > OB_PASSWORD_MAX)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "wrong name or password");
	if (user)
		*user = u;
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* Sessions */

/* 1 when `token` is OB_SESSION_TOKEN_LEN characters of base64url. */
static int valid_token(const char *token)
{
	size_t n = 0;

	if (!token)
		return 0;
	for (; token[n]; n++) {
		unsigned char c = (unsigned char)token[n];

		if (n >= OB_SESSION_TOKEN_LEN ||
		    !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return n == OB_SESSION_TOKEN_LEN;
}

static enum ob_status insert_session(struct ob_workspace *ws, long user_id,
				     const char *sha, long idle,
				     struct ob_error *err)
{
	static const char what[] = "beginning the session";
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s = NULL;
	long long now = (long long)time(NULL);
	enum ob_status st;
	int rc;

	/* The user must exist and be enabled. */
	if (sqlite3_prepare_v2(db, "SELECT disabled FROM app_user WHERE id = ?",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	sqlite3_bind_int64(s, 1, user_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_int(s, 0) == 0) {
		sqlite3_finalize(s);
	} else {
		sqlite3_finalize(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_db_error(err, db, what);
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "user %ld does not exist or is disabled",
				    user_id);
	}
	if (sqlite3_prepare_v2(db, "DELETE FROM app_session WHERE expires <= ?",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	sqlite3_bind_int64(s, 1, now);
	if ((st = step_done(db, s, what, err)))
		return st;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO app_session(token_sha256, user_id,"
			       " began, idle, expires) VALUES(?, ?, ?, ?, ?)",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, idle);
	sqlite3_bind_int64(s, 5, now + idle);
	return step_done(db, s, what, err);
}

enum ob_status ob_session_begin(struct ob_workspace *ws, long user_id,
				long idle, char token[OB_SESSION_TOKEN_LEN + 1],
				struct ob_error *err)
{
	static const char what[] = "beginning the session";
	unsigned char raw[32];
	char sha[OB_SHA256_HEX_LEN + 1];
	enum ob_status st;

	token[0] = '\0';
	if (idle <= 0)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "session idle time %ld is not a positive "
				    "number of seconds",
				    idle);
	if (idle > OB_SESSION_MAX_AGE)
		idle = OB_SESSION_MAX_AGE;
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return crypto_error(err, "RAND_bytes");
	base64url_encode(raw, sizeof(raw), token);
	OPENSSL_cleanse(raw, sizeof(raw));
	if ((st = ob_sha256_hex(token, OB_SESSION_TOKEN_LEN, sha, err)) ||
	    (st = ob_workspace_exec(ws, "BEGIN IMMEDIATE", what, err)) ||
	    (st = finish(ws, insert_session(ws, user_id, sha, idle, err), what,
			 err))) {
		OPENSSL_cleanse(token, OB_SESSION_TOKEN_LEN + 1);
		return st;
	}
	return OB_OK;
}

static enum ob_status lookup_session(struct ob_workspace *ws, const char *sha,
				     struct ob_user *user, struct ob_error *err)
{
	static const char what[] = "checking the session";
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s = NULL;
	long long now = (long long)time(NULL), began, idle, expires;
	struct ob_user u;
	enum ob_status st;
	int rc;

	if (sqlite3_prepare_v2(db, "DELETE FROM app_session WHERE expires <= ?",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	sqlite3_bind_int64(s, 1, now);
	if ((st = step_done(db, s, what, err)))
		return st;
	if (sqlite3_prepare_v2(db,
			       "SELECT u.id, u.name, u.role, u.scope,"
			       " u.disabled, u.created_at, s.began, s.idle"
			       " FROM app_session s JOIN app_user u ON u.id ="
			       " s.user_id WHERE s.token_sha256 = ?",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return store_db_error(err, db, what);
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "no such session (signed out or expired)");
	}
	read_user(s, &u);
	began = sqlite3_column_int64(s, 6);
	idle = sqlite3_column_int64(s, 7);
	sqlite3_finalize(s);
	if (u.disabled)
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "no such session (the user is disabled)");
	expires = now + idle;
	if (expires > began + OB_SESSION_MAX_AGE)
		expires = began + OB_SESSION_MAX_AGE;
	if (sqlite3_prepare_v2(db,
			       "UPDATE app_session SET expires = ? WHERE"
			       " token_sha256 = ?",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	sqlite3_bind_int64(s, 1, expires);
	sqlite3_bind_text(s, 2, sha, -1, SQLITE_STATIC);
	if ((st = step_done(db, s, what, err)))
		return st;
	if (user)
		*user = u;
	return OB_OK;
}

enum ob_status ob_session_user(struct ob_workspace *ws, const char *token,
			       struct ob_user *user, struct ob_error *err)
{
	static const char what[] = "checking the session";
	char sha[OB_SHA256_HEX_LEN + 1];
	enum ob_status st;

	if (!valid_token(token))
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "no such session (malformed token)");
	if ((st = ob_sha256_hex(token, OB_SESSION_TOKEN_LEN, sha, err)) ||
	    (st = ob_workspace_exec(ws, "BEGIN IMMEDIATE", what, err)))
		return st;
	st = lookup_session(ws, sha, user, err);
	if (st == OB_ENOTFOUND) {
		/* Keep the removal of the expired sessions. */
		enum ob_status c = finish(ws, OB_OK, what, err);

		return c ? c : st;
	}
	return finish(ws, st, what, err);
}

enum ob_status ob_session_end(struct ob_workspace *ws, const char *token,
			      struct ob_error *err)
{
	static const char what[] = "ending the session";
	sqlite3 *db = ob_workspace_db(ws);
	char sha[OB_SHA256_HEX_LEN + 1];
	sqlite3_stmt *s = NULL;
	enum ob_status st;

	if (!valid_token(token))
		return OB_OK;
	if ((st = ob_sha256_hex(token, OB_SESSION_TOKEN_LEN, sha, err)))
		return st;
	if (sqlite3_prepare_v2(db,
			       "DELETE FROM app_session WHERE token_sha256 = "
			       "?",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
	return step_done(db, s, what, err);
}

/* ------------------------------------------------------------------ */
/* The access log */

/*
 * Copy `s` (NULL: "") into dst[size], cut to fit at a UTF-8 character
 * boundary, with control characters replaced by '?' so that printing the
 * log cannot drive a terminal.
 */
static void log_field(char *dst, size_t size, const char *s)
{
	size_t n = 0;

	if (s) {
		n = strlen(s);
		if (n > size - 1) {
			n = size - 1;
			while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
				n--;
		}
		memcpy(dst, s, n);
	}
	dst[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)dst[i] < 0x20 || dst[i] == 0x7f)
			dst[i] = '?';
}

enum ob_status ob_access_log(struct ob_workspace *ws, const char *user,
			     const char *method, const char *path, int status,
			     const char *reason, const char *remote,
			     struct ob_error *err)
{
	static const char what[] = "writing the access log";
	sqlite3 *db = ob_workspace_db(ws);
	struct ob_access_entry e;
	sqlite3_stmt *s = NULL;

	utc_text(time(NULL), e.at);
	log_field(e.user, sizeof(e.user), user);
	log_field(e.method, sizeof(e.method), method);
	log_field(e.path, sizeof(e.path), path);
	log_field(e.reason, sizeof(e.reason), reason);
	log_field(e.remote, sizeof(e.remote), remote);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO access_log(at, user, method, path,"
			       " status, reason, remote) VALUES(?, ?, ?, ?, ?,"
			       " ?, ?)",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, what);
	sqlite3_bind_text(s, 1, e.at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, e.user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, e.method, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, e.path, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, status);
	sqlite3_bind_text(s, 6, e.reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, e.remote, -1, SQLITE_STATIC);
	return step_done(db, s, what, err);
}

static void read_access(sqlite3_stmt *s, void *row)
{
	struct ob_access_entry *e = row;

	e->id = (long)sqlite3_column_int64(s, 0);
	store_copy_text(e->at, sizeof(e->at), s, 1);
	store_copy_text(e->user, sizeof(e->user), s, 2);
	store_copy_text(e->method, sizeof(e->method), s, 3);
	store_copy_text(e->path, sizeof(e->path), s, 4);
	e->status = sqlite3_column_int(s, 5);
	store_copy_text(e->reason, sizeof(e->reason), s, 6);
	store_copy_text(e->remote, sizeof(e->remote), s, 7);
}

enum ob_status ob_access_list(struct ob_workspace *ws, size_t limit,
			      struct ob_access_entry **out, size_t *n,
			      struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s = NULL;
	enum ob_status st;
	void *v;

	if (sqlite3_prepare_v2(db,
			       "SELECT id, at, user, method, path, status,"
			       " reason, remote FROM (SELECT * FROM access_log"
			       " ORDER BY id DESC LIMIT ?) ORDER BY id",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_error(err, db, "reading the access log");
	sqlite3_bind_int64(
	    s, 1,
	    limit && limit < (size_t)INT64_MAX ? (sqlite3_int64)limit : -1);
	if ((st = store_collect(db, s, sizeof(**out), read_access, &v, n,
				"reading the access log", err)))
		return st;
	*out = v;
	return OB_OK;
}
