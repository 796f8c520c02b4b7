/*
 * cmd-user.c - `onebudget user add|passwd|disable|enable|list|log`: the
 * dashboard's users and its access log (users.h, docs/dashboard.md).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "onebudget/buf.h"
#include "onebudget/contract.h"
#include "onebudget/dataset.h"
#include "onebudget/users.h"
#include "onebudget/workspace.h"
#include "onebudget/banned.h"

#include "cli.h"

static const char usage[] =
    "onebudget user add|passwd|disable|enable|list|log -w WORKSPACE ...";
static const char add_usage[] =
    "onebudget user add -w WORKSPACE --name NAME --role ROLE "
    "[--scope PARTY|PCH] [--password-stdin]";
static const char passwd_usage[] =
    "onebudget user passwd -w WORKSPACE --name NAME [--password-stdin]";
static const char disable_usage[] =
    "onebudget user disable -w WORKSPACE --name NAME";
static const char enable_usage[] =
    "onebudget user enable -w WORKSPACE --name NAME";
static const char list_usage[] = "onebudget user list -w WORKSPACE";
static const char log_usage[] = "onebudget user log -w WORKSPACE [--limit N]";

static void help(void)
{
	printf(
	    "usage: %s\n"
	    "\n"
	    "The users of the dashboard ('onebudget serve'), kept in the\n"
	    "workspace (docs/dashboard.md).  Each has a role:\n"
	    "\n"
	    "  commissioner   every aggregate view and statement\n"
	    "  mcp-finance    the same\n"
	    "  alliance       the aggregates and its own alliance share\n"
	    "                 (--scope: a party of the contract's alliance)\n"
	    "  pch            its own primary care home's frailty caseload\n"
	    "                 (--scope: the PCH code)\n"
	    "\n"
	    "Passwords are kept only as scrypt hashes.  Users are never\n"
	    "deleted, only disabled, so the logs always name someone.\n"
	    "\n"
	    "subcommands:\n"
	    "  add -w W --name N --role R   add a user (asks for a password)\n"
	    "  passwd -w W --name N         set a new password\n"
	    "  disable -w W --name N        refuse the user's sign-ins\n"
	    "  enable -w W --name N         allow them again\n"
	    "  list -w W                    list the users\n"
	    "  log -w W                     the access log: sign-ins,\n"
	    "                               sign-outs, refused requests\n"
	    "\n"
	    "Run 'onebudget user SUBCOMMAND --help' for its options.\n"
	    "\n"
	    "example:\n"
	    "  onebudget user add -w ws --name jo --role commissioner\n",
	    usage);
}

/* ------------------------------------------------------------------ */
/* Reading a password */

/* Room for OB_PASSWORD_MAX bytes, a newline (and a carriage return) and
 * a NUL: a longer line is refused, not cut. */
#define PW_BUF (OB_PASSWORD_MAX + 3)

static struct termios saved_tty;
static volatile sig_atomic_t tty_changed;

static void restore_tty(void)
{
	if (tty_changed) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
		tty_changed = 0;
	}
}

/* Put the terminal's echo back before dying of a signal. */
static void on_signal(int sig)
{
	restore_tty();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Read one line into buf[PW_BUF] without its line end.  0 ok, -1 at end
 * of input, -2 when the line is too long. */
static int read_line(FILE *in, char *buf)
{
	size_t n;

	if (!fgets(buf, PW_BUF, in))
		return -1;
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == PW_BUF - 1)
		return -2;
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* Prompt on stderr and read a line from the terminal on stdin with echo
 * off. */
static int read_hidden(const char *prompt, char *buf)
{
	struct sigaction sa, old_int, old_term, old_hup;
	struct termios t;
	int r;

	if (tcgetattr(STDIN_FILENO, &saved_tty)) {
		error("cannot read the terminal's settings: %s",
		      strerror(errno));
		return -3;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	t = saved_tty;
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	t.c_lflag |= ICANON;
	fputs(prompt, stderr);
	fflush(stderr);
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0)
		tty_changed = 1;
	r = read_line(stdin, buf);
	restore_tty();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	fputc('\n', stderr);
	return r;
}

/*
 * The new password of `name` into buf[PW_BUF]: the first line of stdin
 * with --password-stdin, else typed twice at the terminal.  0 ok, else
 * an exit status (reported).
 */
static int get_password(int from_stdin, const char *name, char *buf)
{
	char again[PW_BUF], prompt[128];
	int r;

	if (from_stdin) {
		r = read_line(stdin, buf);
		if (r == -1) {
			error("--password-stdin: no password on standard "
			      "input (expected one line)");
			return 1;
		}
	} else {
		snprintf(prompt, sizeof(prompt),
			 "new password for '%s': ", name);
		r = read_hidden(prompt, buf);
		if (r == 0) {
			r = read_hidden("the same password again: ", again);
			if (r == 0 && strcmp(buf, again)) {
				explicit_bzero(again, sizeof(again));
				explicit_bzero(buf, PW_BUF);
				error("the two passwords differ; nothing was "
				      "changed");
				return 1;
			}
			explicit_bzero(again, sizeof(again));
		}
		if (r == -1) {
			explicit_bzero(buf, PW_BUF);
			error("no password typed; nothing was changed");
			return 1;
		}
		if (r == -3) {
			explicit_bzero(buf, PW_BUF);
			return 1;
		}
	}
	if (r == -2) {
		explicit_bzero(buf, PW_BUF);
		error("the password is longer than %d characters",
		      OB_PASSWORD_MAX);
		return 1;
	}
	return 0;
}

/* Without --password-stdin the password is typed at a terminal. */
static int check_password_source(int from_stdin)
{
	if (from_stdin || isatty(STDIN_FILENO))
		return 0;
	error("standard input is not a terminal, so the password cannot be "
	      "typed: pass --password-stdin and give it as one line on "
	      "standard input");
	return 2;
}

/* ------------------------------------------------------------------ */

/* 1 and *out filled when the workspace has a user called `name`, 0 when
 * not, -1 on error (reported). */
static int find_user(struct ob_workspace *ws, const char *name,
		     struct ob_user *out)
{
	struct ob_user *v = NULL;
	struct ob_error err;
	size_t n = 0;
	int found = 0;

	ob_error_clear(&err);
	if (ob_user_list(ws, &v, &n, &err)) {
		report_error(&err);
		return -1;
	}
	for (size_t i = 0; i < n && !found; i++)
		if (!strcmp(v[i].name, name)) {
			if (out)
				*out = v[i];
			found = 1;
		}
	free(v);
	return found;
}

static int no_such_user(const char *name, const char *ws_dir)
{
	error("there is no user '%s' in %s (see 'onebudget user list -w %s')",
	      name, ws_dir, ws_dir);
	return 1;
}

/* --scope of role alliance: a party of the stored contract's alliance. */
static int check_party(struct ob_workspace *ws, const char *ws_dir,
		       const char *scope)
{
	const struct ob_party *p;
	struct ob_contract *c;
	struct ob_buf known = OB_BUF_INIT;
	struct ob_error err;
	int r;

	ob_error_clear(&err);
	r = ob_workspace_load_contract(ws, 0, &c, NULL, &err);
	if (r == OB_ENOTFOUND) {
		error("%s has no contract, so --scope '%s' cannot be checked "
		      "against the alliance's parties (store one first with "
		      "'onebudget contract add -w %s FILE')",
		      ws_dir, scope, ws_dir);
		return 1;
	}
	if (r)
		return report_error(&err);
	p = ob_contract_party(c, scope);
	if (p && p->role == OB_PARTY_ALLIANCE) {
		ob_contract_free(c);
		return 0;
	}
	for (size_t i = 0; i < c->n_parties; i++)
		if (c->parties[i].role == OB_PARTY_ALLIANCE)
			ob_buf_addf(&known, "%s%s", known.len ? ", " : "",
				    c->parties[i].id);
	error("--scope '%s' is not a party of the alliance in contract %s "
	      "(expected one of: %s)",
	      scope, c->id,
	      known.len ? known.data : "none: it has no alliance");
	ob_buf_release(&known);
	ob_contract_free(c);
	return 1;
}

/* --scope of role pch: a primary care home of the latest extract. */
static int check_pch(struct ob_workspace *ws, const char *ws_dir,
		     const char *scope)
{
	struct ob_buf known = OB_BUF_INIT;
	struct ob_dataset *ds;
	struct ob_error err;
	long id;
	int r;

	ob_error_clear(&err);
	r = ob_workspace_latest_extract(ws, &id, &err);
	if (r == OB_ENOTFOUND) {
		error("%s has no extract, so --scope '%s' cannot be checked "
		      "against its primary care homes (import one first with "
		      "'onebudget import DIR -w %s')",
		      ws_dir, scope, ws_dir);
		return 1;
	}
	if (r || ob_dataset_load(ws, id, &ds, &err))
		return report_error(&err);
	if (ob_dataset_pch(ds, scope) >= 0) {
		ob_dataset_free(ds);
		return 0;
	}
	for (size_t i = 0; i < ds->npch; i++)
		ob_buf_addf(&known, "%s%s", i ? ", " : "", ds->pch_code[i]);
	error("--scope '%s' is not a primary care home of extract %ld "
	      "(expected one of: %s)",
	      scope, id, known.len ? known.data : "none");
	ob_buf_release(&known);
	ob_dataset_free(ds);
	return 1;
}

static void add_help(void)
{
	printf(
	    "usage: %s\n"
	    "\n"
	    "Add a user of the dashboard.  The name is 1 to 63 characters\n"
	    "of A-Z a-z 0-9 . _ @ -.  Roles alliance and pch need --scope:\n"
	    "for alliance a party of the stored contract's alliance (see\n"
	    "'onebudget contract show'), for pch a primary care home of\n"
	    "the latest extract (see 'onebudget population --by pch');\n"
	    "commissioner and mcp-finance see everything and take none.\n"
	    "The password (%d to %d characters) is typed twice at the\n"
	    "terminal, or with --password-stdin read as one line from\n"
	    "standard input; it is kept only as a scrypt hash.  An\n"
	    "audit-log entry records the addition.\n"
	    "\n"
	    "options:\n"
	    "  -w, --workspace W   the workspace\n"
	    "  --name NAME         the user's sign-in name\n"
	    "  --role ROLE         commissioner, mcp-finance, alliance or pch\n"
	    "  --scope PARTY|PCH   the alliance party or PCH code\n"
	    "  --password-stdin    read the password from standard input\n"
	    "\n"
	    "examples:\n"
	    "  onebudget user add -w ws --name jo --role commissioner\n"
	    "  printf '%%s\\n' \"$PW\" | onebudget user add -w ws --name sam "
	    "\\\n"
	    "      --role pch --scope NORTH_1 --password-stdin\n",
	    add_usage, OB_PASSWORD_MIN, OB_PASSWORD_MAX);
}

static int user_add(int argc, char **argv)
{
	const char *ws_dir = NULL, *name = NULL, *role_s = NULL, *scope = NULL;
	int from_stdin = 0;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {"name", 0, OPT_STRING, &name, NULL},
	    {"role", 0, OPT_STRING, &role_s, NULL},
	    {"scope", 0, OPT_STRING, &scope, NULL},
	    {"password-stdin", 0, OPT_FLAG, NULL, &from_stdin},
	    {0},
	};
	struct ob_workspace *ws;
	struct ob_error err;
	enum ob_role role;
	char pw[PW_BUF];
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, add_usage);
	if (r == 1) {
		add_help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir || !name || !role_s) {
		error("user add needs -w WORKSPACE, --name and --role\n"
		      "usage: %s",
		      add_usage);
		return 2;
	}
	if (ob_role_parse(role_s, &role)) {
		error("--role '%s' is not a role (expected commissioner, "
		      "mcp-finance, alliance or pch)",
		      role_s);
		return 2;
	}
	if ((role == OB_ROLE_ALLIANCE || role == OB_ROLE_PCH) &&
	    (!scope || !*scope)) {
		error("role %s needs --scope (%s)", role_s,
		      role == OB_ROLE_ALLIANCE
			  ? "the id of a party of the contract's alliance"
			  : "the code of a primary care home");
		return 2;
	}
	if (role != OB_ROLE_ALLIANCE && role != OB_ROLE_PCH && scope) {
		error("role %s takes no --scope: it sees every unit", role_s);
		return 2;
	}
	if ((r = check_password_source(from_stdin)))
		return r;
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	/* Everything that can be checked is checked before the password is
	 * asked for. */
	r = role == OB_ROLE_ALLIANCE ? check_party(ws, ws_dir, scope)
	    : role == OB_ROLE_PCH    ? check_pch(ws, ws_dir, scope)
				     : 0;
	if (!r && (r = find_user(ws, name, NULL)) == 1)
		error("user '%s' already exists in %s (change the password "
		      "with 'onebudget user passwd')",
		      name, ws_dir);
	if (r) {
		ob_workspace_close(ws);
		return 1;
	}
	if ((r = get_password(from_stdin, name, pw))) {
		ob_workspace_close(ws);
		return r;
	}
	r = ob_user_add(ws, name, role, scope, pw, &err);
	explicit_bzero(pw, sizeof(pw));
	ob_workspace_close(ws);
	if (r)
		return report_error(&err);
	if (scope)
		printf("added user %s (%s, scope %s) to %s\n", name, role_s,
		       scope, ws_dir);
	else
		printf("added user %s (%s) to %s\n", name, role_s, ws_dir);
	return 0;
}

static void passwd_help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Set a new password for a user (%d to %d characters, typed\n"
	       "twice at the terminal or with --password-stdin read as one\n"
	       "line from standard input).  The user's sessions end: they\n"
	       "sign in again with the new password.  An audit-log entry\n"
	       "records the change (not the password).\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "  --name NAME         the user\n"
	       "  --password-stdin    read the password from standard input\n"
	       "\n"
	       "example:\n"
	       "  onebudget user passwd -w ws --name jo\n",
	       passwd_usage, OB_PASSWORD_MIN, OB_PASSWORD_MAX);
}

static int user_passwd(int argc, char **argv)
{
	const char *ws_dir = NULL, *name = NULL;
	int from_stdin = 0;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {"name", 0, OPT_STRING, &name, NULL},
	    {"password-stdin", 0, OPT_FLAG, NULL, &from_stdin},
	    {0},
	};
	struct ob_workspace *ws;
	struct ob_error err;
	char pw[PW_BUF];
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, passwd_usage);
	if (r == 1) {
		passwd_help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir || !name) {
		error("user passwd needs -w WORKSPACE and --name\nusage: %s",
		      passwd_usage);
		return 2;
	}
	if ((r = check_password_source(from_stdin)))
		return r;
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	r = find_user(ws, name, NULL);
	if (r != 1) {
		ob_workspace_close(ws);
		return r < 0 ? 1 : no_such_user(name, ws_dir);
	}
	if ((r = get_password(from_stdin, name, pw))) {
		ob_workspace_close(ws);
		return r;
	}
	r = ob_user_set_password(ws, name, pw, &err);
	explicit_bzero(pw, sizeof(pw));
	ob_workspace_close(ws);
	if (r)
		return report_error(&err);
	printf("set a new password for %s in %s; their sessions are ended\n",
	       name, ws_dir);
	return 0;
}

static void disable_help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Disable a user: their sessions end at once and they can no\n"
	       "longer sign in.  The user is kept (users are never deleted),\n"
	       "so the access and audit logs still name them; 'onebudget\n"
	       "user enable' allows them again.  An audit-log entry records\n"
	       "it.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "  --name NAME         the user\n"
	       "\n"
	       "example:\n"
	       "  onebudget user disable -w ws --name jo\n",
	       disable_usage);
}

static void enable_help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Enable a disabled user again, with the password they had.\n"
	       "An audit-log entry records it.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "  --name NAME         the user\n"
	       "\n"
	       "example:\n"
	       "  onebudget user enable -w ws --name jo\n",
	       enable_usage);
}

static int set_disabled(int argc, char **argv, int disabled)
{
	const char *ws_dir = NULL, *name = NULL;
	const char *u = disabled ? disable_usage : enable_usage;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {"name", 0, OPT_STRING, &name, NULL},
	    {0},
	};
	struct ob_workspace *ws;
	struct ob_user user;
	struct ob_error err;
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, u);
	if (r == 1) {
		if (disabled)
			disable_help();
		else
			enable_help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir || !name) {
		error("user %s needs -w WORKSPACE and --name\nusage: %s",
		      disabled ? "disable" : "enable", u);
		return 2;
	}
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	r = find_user(ws, name, &user);
	if (r != 1) {
		ob_workspace_close(ws);
		return r < 0 ? 1 : no_such_user(name, ws_dir);
	}
	if (user.disabled == disabled) {
		ob_workspace_close(ws);
		printf("user %s in %s is already %s\n", name, ws_dir,
		       disabled ? "disabled" : "enabled");
		return 0;
	}
	r = ob_user_set_disabled(ws, name, disabled, &err);
	ob_workspace_close(ws);
	if (r)
		return report_error(&err);
	if (disabled)
		printf("disabled user %s in %s; their sessions are ended\n",
		       name, ws_dir);
	else
		printf("enabled user %s in %s\n", name, ws_dir);
	return 0;
}

static int user_disable(int argc, char **argv)
{
	return set_disabled(argc, argv, 1);
}

static int user_enable(int argc, char **argv)
{
	return set_disabled(argc, argv, 0);
}

static void list_help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "List the users by name: role, scope (the alliance party or\n"
	       "PCH code; - for none), whether disabled, and when added\n"
	       "(UTC).\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "\n"
	       "example:\n"
	       "  onebudget user list -w ws\n",
	       list_usage);
}

static int user_list(int argc, char **argv)
{
	const char *ws_dir = NULL;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {0},
	};
	struct ob_workspace *ws;
	struct ob_user *v = NULL;
	struct ob_error err;
	size_t n = 0;
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, list_usage);
	if (r == 1) {
		list_help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir) {
		error("user list needs -w WORKSPACE\nusage: %s", list_usage);
		return 2;
	}
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	r = ob_user_list(ws, &v, &n, &err);
	ob_workspace_close(ws);
	if (r)
		return report_error(&err);
	printf("%-24s %-12s %-16s %-8s %s\n", "name", "role", "scope",
	       "disabled", "created");
	for (size_t i = 0; i < n; i++)
		printf("%-24s %-12s %-16s %-8s %s\n", v[i].name,
		       ob_role_name(v[i].role),
		       v[i].scope[0] ? v[i].scope : "-",
		       v[i].disabled ? "yes" : "no", v[i].created);
	if (!n)
		printf("(no users yet: add one with 'onebudget user add')\n");
	free(v);
	return 0;
}

static void log_help(void)
{
	printf(
	    "usage: %s\n"
	    "\n"
	    "Print the dashboard's access log, oldest first: when (UTC),\n"
	    "who (- for nobody signed in), the HTTP status, method and\n"
	    "path, the client's address and the reason.  It holds every\n"
	    "sign-in and sign-out, every failed sign-in and every refused\n"
	    "request, and can never be changed or deleted.\n"
	    "\n"
	    "options:\n"
	    "  -w, --workspace W   the workspace\n"
	    "  --limit N           only the latest N entries (default: all)\n"
	    "\n"
	    "example:\n"
	    "  onebudget user log -w ws --limit 20\n",
	    log_usage);
}

static int user_log(int argc, char **argv)
{
	const char *ws_dir = NULL, *limit_s = NULL;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {"limit", 0, OPT_STRING, &limit_s, NULL},
	    {0},
	};
	struct ob_access_entry *v = NULL;
	struct ob_workspace *ws;
	struct ob_error err;
	long limit = 0;
	size_t n = 0;
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, log_usage);
	if (r == 1) {
		log_help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir) {
		error("user log needs -w WORKSPACE\nusage: %s", log_usage);
		return 2;
	}
	if (limit_s && cli_parse_long("limit", limit_s, 1, 1L << 30, &limit))
		return 2;
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	r = ob_access_list(ws, (size_t)limit, &v, &n, &err);
	ob_workspace_close(ws);
	if (r)
		return report_error(&err);
	printf("%-19s  %-16s %6s %-7s %-32s %-15s %s\n", "at", "user", "status",
	       "method", "path", "remote", "reason");
	for (size_t i = 0; i < n; i++)
		printf("%-19s  %-16s %6d %-7s %-32s %-15s %s\n", v[i].at,
		       v[i].user[0] ? v[i].user : "-", v[i].status, v[i].method,
		       v[i].path, v[i].remote, v[i].reason);
	if (!n)
		printf("(the access log is empty)\n");
	free(v);
	return 0;
}

/* ------------------------------------------------------------------ */

static const struct cli_subcommand subcommands[] = {
    {"add", user_add},	     {"passwd", user_passwd}, {"disable", user_disable},
    {"enable", user_enable}, {"list", user_list},     {"log", user_log},
};

int cmd_user(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "user", subcommands,
			      sizeof(subcommands) / sizeof(subcommands[0]),
			      help, usage);
}
