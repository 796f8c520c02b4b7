/*
 * cmd-extracts.c - `onebudget extracts -w WORKSPACE [--manifest ID]`.
 */
#include <stdio.h>
#include <stdlib.h>

#include "onebudget/workspace.h"

#include "cli.h"

static const char usage[] = "onebudget extracts -w WORKSPACE [--manifest ID]";

static void help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "List the extract versions imported into the workspace, oldest\n"
	       "first, with row counts and the SHA-256 digest of their content;\n"
	       "with --manifest, the per-file manifest of one version (file size,\n"
	       "SHA-256, rows read, accepted and rejected).\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "  --manifest ID       show the manifest of extract ID ('latest'\n"
	       "                      for the newest)\n"
	       "\n"
	       "example:\n"
	       "  onebudget extracts -w ws --manifest latest\n",
	       usage);
}

int cmd_extracts(int argc, char **argv)
{
	const char *ws_dir = NULL, *manifest = NULL;
	const struct cli_option opts[] = {
		{ "workspace", 'w', OPT_STRING, &ws_dir, NULL },
		{ "manifest", 0, OPT_STRING, &manifest, NULL },
		{ 0 },
	};
	struct ob_extract_info *v = NULL;
	struct ob_workspace *ws;
	struct ob_error err;
	size_t n = 0;
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir) {
		error("extracts needs -w WORKSPACE\nusage: %s", usage);
		return 2;
	}
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	if (manifest) {
		long id;
		if (manifest[0] == 'l') {
			if (ob_workspace_latest_extract(ws, &id, &err)) {
				ob_workspace_close(ws);
				return report_error(&err);
			}
		} else if (cli_parse_long("manifest", manifest, 1, 1L << 40,
					  &id)) {
			ob_workspace_close(ws);
			return 2;
		}
		printf("extract %ld\n", id);
		r = ob_workspace_write_manifest(ws, id, stdout, &err);
		ob_workspace_close(ws);
		return r ? report_error(&err) : 0;
	}
	if (ob_workspace_extracts(ws, &v, &n, &err)) {
		ob_workspace_close(ws);
		return report_error(&err);
	}
	printf("%4s  %-10s %9s %11s %11s %10s  %-16s %s\n", "id", "imported",
	       "persons", "read", "accepted", "rejected", "content", "source");
	for (size_t i = 0; i < n; i++)
		printf("%4ld  %-10s %9ld %11ld %11ld %10ld  %.16s %s\n", v[i].id,
		       v[i].imported_on, v[i].persons, v[i].rows_read,
		       v[i].rows_accepted, v[i].rows_rejected,
		       v[i].content_sha256, v[i].source);
	if (!n)
		printf("(no extract imported yet)\n");
	free(v);
	ob_workspace_close(ws);
	return 0;
}
