/*
 * cmd-rejects.c - `onebudget rejects -w WORKSPACE [--extract ID]
 * [--file NAME] [--limit N] [--out FILE]`.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "onebudget/workspace.h"

#include "cli.h"

static const char usage[] = "onebudget rejects -w WORKSPACE [--extract ID] "
			    "[--file NAME] [--limit N] [--out FILE]";

static void help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Write the rows an import rejected, as CSV with the columns\n"
	       "file,line,field,value,reason: the extract file and line of the\n"
	       "bad row, the field at fault, its value (NHS numbers are shown as\n"
	       "[nhs number], never in clear) and what was expected.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "  --extract ID        which extract version (default: the latest)\n"
	       "  --file NAME         only rejects from this file, e.g. activity.csv\n"
	       "  --limit N           at most N rows\n"
	       "  --out FILE          write to FILE instead of standard output\n"
	       "\n"
	       "example:\n"
	       "  onebudget rejects -w ws --file persons.csv --out rejects.csv\n",
	       usage);
}

int cmd_rejects(int argc, char **argv)
{
	const char *ws_dir = NULL, *extract = NULL, *file = NULL,
		   *limit_s = NULL, *out_path = NULL;
	const struct cli_option opts[] = {
		{ "workspace", 'w', OPT_STRING, &ws_dir, NULL },
		{ "extract", 0, OPT_STRING, &extract, NULL },
		{ "file", 0, OPT_STRING, &file, NULL },
		{ "limit", 0, OPT_STRING, &limit_s, NULL },
		{ "out", 'o', OPT_STRING, &out_path, NULL },
		{ 0 },
	};
	struct ob_workspace *ws;
	struct ob_error err;
	FILE *out = stdout;
	long id, limit = 0;
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir) {
		error("rejects needs -w WORKSPACE\nusage: %s", usage);
		return 2;
	}
	if (limit_s && cli_parse_long("limit", limit_s, 1, 1L << 40, &limit))
		return 2;
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	if (extract) {
		if (cli_parse_long("extract", extract, 1, 1L << 40, &id)) {
			ob_workspace_close(ws);
			return 2;
		}
	} else if (ob_workspace_latest_extract(ws, &id, &err)) {
		ob_workspace_close(ws);
		return report_error(&err);
	}
	if (out_path && !(out = fopen(out_path, "w"))) {
		error("cannot write '%s': %s", out_path, strerror(errno));
		ob_workspace_close(ws);
		return 1;
	}
	r = ob_workspace_write_rejects(ws, id, file, limit, out, &err);
	ob_workspace_close(ws);
	if (out != stdout && fclose(out) && !r) {
		error("writing '%s' failed: %s", out_path, strerror(errno));
		return 1;
	}
	return r ? report_error(&err) : 0;
}
