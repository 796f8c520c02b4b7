/*
 * cmd-import.c - `onebudget import DIR -w WORKSPACE`.
 */
#include <stdio.h>
#include <string.h>

#include "onebudget/import.h"
#include "onebudget/workspace.h"

#include "cli.h"

static const char usage[] =
	"onebudget import DIR -w WORKSPACE [--strict] [--show-rejects N] "
	"[--timings]";

static void help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Validate the extract in DIR (the files of docs/extract.md) and\n"
	       "store it in the workspace as a new extract version.  Every row is\n"
	       "checked; a bad row is rejected with its file, line, field and\n"
	       "reason and kept in the workspace ('onebudget rejects'), and every\n"
	       "good row is kept.  NHS numbers are replaced by keyed pseudonyms\n"
	       "and never stored.  For each file 'read = accepted + rejected' is\n"
	       "checked and printed.  The import is atomic: it either stores a\n"
	       "complete new version or changes nothing, even if interrupted.\n"
	       "An extract identical to one already imported is not stored again.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace (from 'onebudget init')\n"
	       "  --strict            store nothing if any row is rejected\n"
	       "  --show-rejects N    print the first N rejects (default 10)\n"
	       "  --timings           print the seconds spent in each phase\n"
	       "\n"
	       "exit status: 0 imported (possibly with rejects), 1 failed.\n"
	       "\n"
	       "example:\n"
	       "  onebudget import extract/ -w ws\n",
	       usage);
}

/* Print the per-file table and check the reconciliation. */
static int print_report(const struct ob_import_report *rep)
{
	int ok = 1;

	printf("%-16s %10s %10s %10s\n", "file", "read", "accepted",
	       "rejected");
	for (int f = 0; f < OB_FILE_COUNT; f++) {
		const struct ob_import_file_report *fr = &rep->files[f];
		if (!fr->present) {
			printf("%-16s %10s %10s %10s  (not in the extract)\n",
			       ob_extract_file_name(f), "-", "-", "-");
			continue;
		}
		printf("%-16s %10ld %10ld %10ld%s\n", ob_extract_file_name(f),
		       fr->read, fr->accepted, fr->rejected,
		       fr->read == fr->accepted + fr->rejected
			       ? ""
			       : "  DOES NOT RECONCILE");
		if (fr->read != fr->accepted + fr->rejected)
			ok = 0;
	}
	printf("%-16s %10ld %10ld %10ld\n", "total", rep->read, rep->accepted,
	       rep->rejected);
	return ok;
}

int cmd_import(int argc, char **argv)
{
	const char *ws_dir = NULL, *show = NULL, *pos[1];
	int strict = 0, timings = 0;
	const struct cli_option opts[] = {
		{ "workspace", 'w', OPT_STRING, &ws_dir, NULL },
		{ "strict", 0, OPT_FLAG, NULL, &strict },
		{ "show-rejects", 0, OPT_STRING, &show, NULL },
		{ "timings", 0, OPT_FLAG, NULL, &timings },
		{ 0 },
	};
	struct ob_import_options io = { 0 };
	struct ob_import_report rep;
	struct ob_workspace *ws;
	struct ob_error err;
	long nshow = 10;
	int npos, r;

	r = cli_parse(argc, argv, opts, pos, 1, &npos, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (npos != 1 || !ws_dir) {
		error("import needs the extract directory and -w WORKSPACE\n"
		      "usage: %s",
		      usage);
		return 2;
	}
	if (show && cli_parse_long("show-rejects", show, 0, 1000000, &nshow))
		return 2;
	io.strict = strict;
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	if (ob_import(ws, pos[0], &io, &rep, &err)) {
		if (err.code == OB_EREJECT)
			print_report(&rep);
		ob_workspace_close(ws);
		return report_error(&err);
	}
	if (rep.already_imported) {
		printf("%s is identical to extract %ld already in %s: nothing "
		       "imported\n",
		       pos[0], rep.extract_id, ws_dir);
		ob_workspace_close(ws);
		return 0;
	}
	printf("imported %s into %s as extract %ld (%ld people)\n", pos[0],
	       ws_dir, rep.extract_id, rep.persons);
	if (timings)
		printf("timings: hash %.2f s, read and validate %.2f s, store "
		       "%.2f s\n",
		       rep.seconds_hash, rep.seconds_read, rep.seconds_store);
	if (!print_report(&rep)) {
		ob_workspace_close(ws);
		error("row counts do not reconcile");
		return 1;
	}
	if (rep.rejected) {
		printf("\nrejected rows by file and field:\n");
		fflush(stdout);
		if (ob_workspace_write_reject_summary(ws, rep.extract_id, 20,
						      stdout, &err)) {
			ob_workspace_close(ws);
			return report_error(&err);
		}
	}
	if (rep.rejected && nshow > 0) {
		printf("\nfirst rejected rows (all of them: onebudget rejects "
		       "-w %s):\n",
		       ws_dir);
		fflush(stdout);
		if (ob_workspace_write_rejects(ws, rep.extract_id, NULL, nshow,
					       stdout, &err)) {
			ob_workspace_close(ws);
			return report_error(&err);
		}
	}
	ob_workspace_close(ws);
	return 0;
}
