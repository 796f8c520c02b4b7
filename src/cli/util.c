/*
 * util.c - messages, option parsing and number parsing for the CLI.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/date.h"

#include "cli.h"

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error: ", fmt, ap);
	va_end(ap);
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error: ", fmt, ap);
	va_end(ap);
	exit(1);
}

int report_error(const struct ob_error *err)
{
	fflush(stdout);
	fputs("error: ", stderr);
	if (err->file[0]) {
		fputs(err->file, stderr);
		if (err->line > 0)
			fprintf(stderr, ":%ld", err->line);
		if (err->column > 0)
			fprintf(stderr, ":%ld", err->column);
		fputs(": ", stderr);
	}
	fputs(err->msg[0] ? err->msg : ob_status_str(err->code), stderr);
	fputc('\n', stderr);
	return 1;
}

static const struct cli_option *find_long(const struct cli_option *opts,
					  const char *name, size_t len)
{
	for (; opts->long_name || opts->short_name; opts++)
		if (opts->long_name && strlen(opts->long_name) == len &&
		    memcmp(opts->long_name, name, len) == 0)
			return opts;
	return NULL;
}

static const struct cli_option *find_short(const struct cli_option *opts,
					   char c)
{
	for (; opts->long_name || opts->short_name; opts++)
		if (opts->short_name == c)
			return opts;
	return NULL;
}

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
	fflush(stdout);
	fputs("error: ", stderr);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: %s\n", usage);
	return 2;
}

int cli_parse(int argc, char **argv, const struct cli_option *opts,
	      const char **positional, int max_positional, int *npositional,
	      const char *usage)
{
	int npos = 0, only_positional = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct cli_option *o = NULL;
		const char *value = NULL;

		if (only_positional || a[0] != '-' || a[1] == '\0') {
			if (npos >= max_positional)
				return usage_error(usage,
						   "unexpected argument '%s'",
						   a);
			positional[npos++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_positional = 1;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return 1;
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_long(opts, a + 2, len);
			if (eq)
				value = eq + 1;
		} else if (a[2] == '\0') {
			o = find_short(opts, a[1]);
		}
		if (!o)
			return usage_error(usage, "unknown option '%s'", a);
		if (o->kind == OPT_FLAG) {
			if (value)
				return usage_error(usage,
						   "option '%s' takes no value",
						   a);
			*o->flag = 1;
			continue;
		}
		if (!value) {
			if (i + 1 >= argc)
				return usage_error(usage,
						   "option '%s' needs a value",
						   a);
			value = argv[++i];
		}
		*o->value = value;
	}
	if (npositional)
		*npositional = npos;
	return 0;
}

int cli_parse_long(const char *opt, const char *s, long min, long max,
		   long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		error("--%s '%s' is not a whole number between %ld and %ld",
		      opt, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_parse_double(const char *opt, const char *s, double min, double max,
		     double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < min || v > max) {
		error("--%s '%s' is not a number between %g and %g", opt, s,
		      min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_parse_u64(const char *opt, const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (*s == '-' || *s == '\0') {
		error("--%s '%s' is not a non-negative whole number", opt, s);
		return -1;
	}
	v = strtoull(s, &end, 10);
	if (errno || *end) {
		error("--%s '%s' is not a non-negative whole number", opt, s);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_finish_stdout(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		error("write to standard output failed: %s", strerror(errno));
		return 1;
	}
	if (fclose(stdout)) {
		error("closing standard output failed: %s", strerror(errno));
		return 1;
	}
	return 0;
}

int cli_parse_fy(const char *opt, const char *s, int *out)
{
	struct ob_error err;
	ob_fy fy;

	if (ob_fy_parse(s, strlen(s), &fy, &err)) {
		error("--%s: %s", opt, err.msg);
		return -1;
	}
	*out = fy;
	return 0;
}

int cli_parse_format(const char *s, enum cli_format *out)
{
	if (!strcmp(s, "table"))
		*out = CLI_TABLE;
	else if (!strcmp(s, "csv"))
		*out = CLI_CSV;
	else if (!strcmp(s, "json"))
		*out = CLI_JSON;
	else {
		error("--format '%s' is not table, csv or json", s);
		return -1;
	}
	return 0;
}

int cli_subcommand(int argc, char **argv, const char *command,
		   const struct cli_subcommand *subs, size_t n,
		   void (*help)(void), const char *usage)
{
	char expected[256];
	size_t len = 0;

	if (argc < 2) {
		error("%s needs a subcommand\nusage: %s", command, usage);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help();
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(argc - 1, argv + 1);
	expected[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof(expected); i++)
		len += (size_t)snprintf(expected + len, sizeof(expected) - len,
					"%s%s",
					i == 0	       ? ""
					: i + 1 == n ? " or "
						     : ", ",
					subs[i].name);
	error("'%s' is not a %s subcommand (expected %s)\nusage: %s", argv[1],
	      command, expected, usage);
	return 2;
}
