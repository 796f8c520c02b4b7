/*
 * cli.h - shared pieces of the onebudget command-line front end.
 *
 * Each subcommand lives in src/cli/cmd-<name>.c as
 *     int cmd_<name>(int argc, char **argv);
 * and is listed in the commands[] table in main.c.  argv[0] is the
 * subcommand's name.  A command prints its --help text to stdout and returns
 * 0 when asked; on a usage error it prints `usage: ...` to stderr and returns
 * 2; on failure it reports through error()/die_error() and returns 1.  Only
 * the CLI prints or exits; the library never does.
 */
#ifndef ONEBUDGET_CLI_H
#define ONEBUDGET_CLI_H

#include <stdint.h>

#include "onebudget/error.h"

/* Print "error: <msg>" to stderr (printf-style). */
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "warning: <msg>" to stderr. */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a library error as "error: file:line:col: msg" and return 1. */
int report_error(const struct ob_error *err);
/* Print "error: <msg>" and exit(1). */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * A tiny, strict option parser shared by the subcommands.  Options are
 * `--name value`, `--name=value`, `-x value` or flags; `--help`/`-h` is
 * recognised by every command.  The table ends with a zeroed entry.
 */
enum opt_kind { OPT_FLAG, OPT_STRING };
struct cli_option {
	const char *long_name; /* without "--" */
	char short_name;       /* 0 for none */
	enum opt_kind kind;
	const char **value; /* OPT_STRING: set to the argument */
	int *flag;          /* OPT_FLAG: set to 1 */
};

/*
 * Parse argv[1..] against `opts`.  Non-option arguments are collected in
 * positional[] (at most max_positional; more is a usage error).  Returns 0 on
 * success, 1 when --help was given (the caller prints help and returns 0),
 * and 2 on a usage error (already reported with the usage line).
 */
int cli_parse(int argc, char **argv, const struct cli_option *opts,
	      const char **positional, int max_positional, int *npositional,
	      const char *usage);

/* Strict number parsing for option values; print an error naming the option
 * and return -1 on failure, 0 on success. */
int cli_parse_long(const char *opt, const char *s, long min, long max,
		   long *out);
int cli_parse_double(const char *opt, const char *s, double min, double max,
		     double *out);
int cli_parse_u64(const char *opt, const char *s, uint64_t *out);
/* A financial year "YYYY/YY" (stored as its first calendar year). */
int cli_parse_fy(const char *opt, const char *s, int *out);

/* --format: "table" 0, "csv" 1, "json" 2 (the order of every command's
 * format enum); -1 with a message otherwise. */
enum cli_format { CLI_TABLE, CLI_CSV, CLI_JSON };
int cli_parse_format(const char *s, enum cli_format *out);

/*
 * A command made of subcommands ("onebudget contract add ..."): run the
 * one argv[1] names with argv shifted by one, or print `help` for --help;
 * a missing or unknown subcommand is a usage error naming the expected
 * ones.  Returns the exit status.
 */
struct cli_subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
};
int cli_subcommand(int argc, char **argv, const char *command,
		   const struct cli_subcommand *subs, size_t n,
		   void (*help)(void), const char *usage);

/*
 * What the commands of a contract year load (setup.c): the workspace, its
 * latest contract and that version's number, the outcomes catalogue
 * (checked against the contract's references), and the model of the years
 * the budget and the incentives of `*year` need.  `*year` 0 means the
 * extract's last year within the contract.  Returns an exit status (0 ok,
 * 1 error, 2 usage), having reported any error; release either way.
 */
struct ob_workspace;
struct ob_contract;
struct ob_catalogue;
#include "onebudget/model.h"
#include "onebudget/workspace.h"
struct cli_setup {
	struct ob_workspace *ws;
	struct ob_contract *c;
	struct ob_contract_version info;
	struct ob_catalogue *cat;
	struct ob_model m;
	int have_model;
};
int cli_setup_open(struct cli_setup *s, const char *ws_dir, ob_fy *year,
		   long extract);
void cli_setup_release(struct cli_setup *s);

/* The subcommands (one file each, src/cli/cmd-<name>.c). */
int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_extracts(int argc, char **argv);
int cmd_rejects(int argc, char **argv);
int cmd_synth(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_population(int argc, char **argv);
int cmd_caseload(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_measures(int argc, char **argv);
int cmd_contract(int argc, char **argv);
int cmd_budget(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_incentives(int argc, char **argv);
int cmd_settle(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* Close stdout checking for write errors (git's check_write at exit). */
int cli_finish_stdout(void);

#endif
