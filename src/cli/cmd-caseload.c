/*
 * cmd-caseload.c - `onebudget caseload -w W --year Y --pch CODE`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/buf.h"
#include "onebudget/caseload.h"

#include "cli.h"

static const char usage[] = "onebudget caseload -w WORKSPACE --year YYYY/YY "
			    "--pch CODE [--limit N] [--extract ID]";

static void help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "List the frailty multidisciplinary-team caseload of one primary\n"
	       "care home for a financial year: people aged 65 or over,\n"
	       "registered with its practices and alive at the year end, who are\n"
	       "frail (HFRS 5 or more, eFI above 0.24, dementia, or a permanent\n"
	       "care-home placement), ranked by Hospital Frailty Risk Score,\n"
	       "then emergency admissions, then eFI, with the reasons.  The list\n"
	       "carries pseudonyms only and is for that PCH's care team.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "  --year YYYY/YY      the financial year\n"
	       "  --pch CODE          the primary care home (see 'onebudget\n"
	       "                      population --by pch')\n"
	       "  --limit N           at most N people (default: all)\n"
	       "  --extract ID        extract version (default: the latest)\n"
	       "\n"
	       "example:\n"
	       "  onebudget caseload -w ws --year 2021/22 --pch NORTH_1 --limit 20\n",
	       usage);
}

int cmd_caseload(int argc, char **argv)
{
	const char *ws_dir = NULL, *year_s = NULL, *pch_s = NULL,
		   *limit_s = NULL, *extract_s = NULL;
	const struct cli_option opts[] = {
		{ "workspace", 'w', OPT_STRING, &ws_dir, NULL },
		{ "year", 'y', OPT_STRING, &year_s, NULL },
		{ "pch", 0, OPT_STRING, &pch_s, NULL },
		{ "limit", 0, OPT_STRING, &limit_s, NULL },
		{ "extract", 0, OPT_STRING, &extract_s, NULL },
		{ 0 },
	};
	struct ob_caseload_entry *v = NULL;
	struct ob_workspace *ws;
	struct ob_model m;
	struct ob_error err;
	long limit = 0, extract = 0;
	size_t n = 0;
	int32_t pch;
	ob_fy year;
	char fy[8];
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir || !year_s || !pch_s) {
		error("caseload needs -w WORKSPACE, --year and --pch\n"
		      "usage: %s",
		      usage);
		return 2;
	}
	ob_error_clear(&err);
	if (cli_parse_fy("year", year_s, &year))
		return 2;
	if ((limit_s && cli_parse_long("limit", limit_s, 1, 1L << 30, &limit)) ||
	    (extract_s &&
	     cli_parse_long("extract", extract_s, 1, 1L << 40, &extract)))
		return 2;
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	r = ob_model_open(ws, extract, year, year, &m, &err);
	ob_workspace_close(ws);
	if (r)
		return report_error(&err);
	pch = ob_dataset_pch(m.ds, pch_s);
	if (pch < 0) {
		struct ob_buf known = OB_BUF_INIT;
		for (size_t i = 0; i < m.ds->npch; i++)
			ob_buf_addf(&known, "%s%s", i ? ", " : "",
				    m.ds->pch_code[i]);
		error("'%s' is not a primary care home of this extract "
		      "(expected one of: %s)",
		      pch_s, known.data);
		ob_buf_release(&known);
		ob_model_close(&m);
		return 1;
	}
	if (ob_caseload(&m, year, pch, &v, &n, &err)) {
		ob_model_close(&m);
		return report_error(&err);
	}
	ob_fy_format(year, fy);
	printf("frailty MDT caseload of %s, %s: %zu people\n"
	       "CONFIDENTIAL: person-level, for the %s care team only "
	       "(pseudonyms, no NHS numbers)\n\n",
	       pch_s, fy, n, pch_s);
	printf("%4s  %-32s %-6s %3s %3s %6s %5s %4s  %s\n", "rank", "pseudonym",
	       "practice", "age", "sex", "HFRS", "eFI", "emerg", "reasons");
	for (size_t i = 0; i < n && (!limit || (long)i < limit); i++) {
		const struct ob_caseload_entry *c = &v[i];
		char efi[8];
		if (c->efi_deficits >= 0)
			snprintf(efi, sizeof(efi), "%.2f",
				 c->efi_deficits / 36.0);
		else
			snprintf(efi, sizeof(efi), "-");
		printf("%4zu  %-32s %-6s %3d %3s %6.1f %5s %4d  %s\n", i + 1,
		       c->pseudonym, c->practice, c->age,
		       c->sex == 1 ? "M" : c->sex == 2 ? "F" : "-", c->hfrs,
		       efi, c->emergency_admissions, c->reasons);
	}
	free(v);
	ob_model_close(&m);
	return 0;
}
