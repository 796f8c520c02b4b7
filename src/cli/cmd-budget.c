/*
 * cmd-budget.c - `onebudget budget -w W --year Y [--format table|csv|json]
 * [--contract-version N | --contract FILE] [--extract ID]`.
 */
#include <stdio.h>
#include <string.h>

#include "onebudget/budget.h"
#include "onebudget/contract.h"
#include "onebudget/model.h"
#include "onebudget/workspace.h"

#include "cli.h"

static const char usage[] =
	"onebudget budget -w WORKSPACE --year YYYY/YY [--format table|csv|json] "
	"[--contract-version N | --contract FILE] [--extract ID]";

static void help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "The capitated budget of a contract year (docs/budget.md):\n"
	       "  - the bridge from the base year's budget lines to the year's\n"
	       "    budget, a named line in pounds and pence for each step:\n"
	       "    scope, agreed population growth, the actual change in\n"
	       "    registered person-years, inflation, productivity, the change\n"
	       "    in age, sex and segment mix, top-slices;\n"
	       "  - the risk-adjusted capitation: a price per registered person\n"
	       "    from a prospective model of open-book cost (last year's\n"
	       "    characteristics predict this year's cost), normalised to sum\n"
	       "    exactly to the capitated budget, by primary care home,\n"
	       "    locality and segment, beside actual costs and segment\n"
	       "    budgets from actual costs;\n"
	       "  - the model's terms and validation (R² at person and practice\n"
	       "    level, predictive ratios by decile and by primary care home,\n"
	       "    practices off by 10%% or more), beside the published English\n"
	       "    person-based model;\n"
	       "  - affordability: the planned budget against the\n"
	       "    commissioners' allocation, year by year.\n"
	       "\n"
	       "The contract is the latest version stored in the workspace\n"
	       "(onebudget contract add), another version with\n"
	       "--contract-version, or a file with --contract (validated, not\n"
	       "stored).\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W       the workspace\n"
	       "  --year YYYY/YY          a year of the contract, from the shadow\n"
	       "                          year to the last\n"
	       "  --format F              table (default), csv or json\n"
	       "  --contract-version N    a stored contract version\n"
	       "  --contract FILE         a contract file (`default`: the\n"
	       "                          shipped data/contracts/westminster.yaml)\n"
	       "  --extract ID            extract version (default: the latest)\n"
	       "\n"
	       "example:\n"
	       "  onebudget contract add -w ws default\n"
	       "  onebudget budget -w ws --year 2021/22\n",
	       usage);
}

int cmd_budget(int argc, char **argv)
{
	const char *ws_dir = NULL, *year_s = NULL, *format_s = "table",
		   *version_s = NULL, *file = NULL, *extract_s = NULL;
	const struct cli_option opts[] = {
		{ "workspace", 'w', OPT_STRING, &ws_dir, NULL },
		{ "year", 'y', OPT_STRING, &year_s, NULL },
		{ "format", 0, OPT_STRING, &format_s, NULL },
		{ "contract-version", 0, OPT_STRING, &version_s, NULL },
		{ "contract", 0, OPT_STRING, &file, NULL },
		{ "extract", 0, OPT_STRING, &extract_s, NULL },
		{ 0 },
	};
	struct ob_contract *c = NULL;
	struct ob_workspace *ws;
	struct ob_budget b;
	struct ob_model m;
	struct ob_error err;
	enum cli_format format;
	long version = 0, extract = 0;
	ob_fy year;
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir || !year_s) {
		error("budget needs -w WORKSPACE and --year\nusage: %s", usage);
		return 2;
	}
	if (cli_parse_fy("year", year_s, &year))
		return 2;
	if (cli_parse_format(format_s, &format))
		return 2;
	if (version_s && file) {
		error("give --contract-version or --contract, not both");
		return 2;
	}
	if ((version_s && cli_parse_long("contract-version", version_s, 1,
					 1L << 40, &version)) ||
	    (extract_s &&
	     cli_parse_long("extract", extract_s, 1, 1L << 40, &extract)))
		return 2;
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	if (file)
		r = !strcmp(file, "default")
			    ? ob_contract_load_default(&c, &err)
			    : ob_contract_load_file(file, &c, &err);
	else {
		r = ob_workspace_load_contract(ws, version, &c, NULL, &err);
		if (r == OB_ENOTFOUND && !version) {
			ob_workspace_close(ws);
			error("%s has no contract: store one with `onebudget "
			      "contract add -w %s default` (or a file), or give "
			      "--contract FILE",
			      ws_dir, ws_dir);
			return 1;
		}
	}
	if (r) {
		ob_workspace_close(ws);
		return report_error(&err);
	}
	if (year < c->shadow || year > c->last) {
		char s[8], l[8];
		ob_fy_format(c->shadow, s);
		ob_fy_format(c->last, l);
		error("--year %s is outside the contract (%s to %s)", year_s, s,
		      l);
		ob_contract_free(c);
		ob_workspace_close(ws);
		return 2;
	}
	/* The base year for the bridge, and the two years before `year` for
	 * the prospective model. */
	r = ob_model_open(ws, extract, c->base < year - 2 ? c->base : year - 2,
			  year, &m, &err);
	ob_workspace_close(ws);
	if (r) {
		ob_contract_free(c);
		return report_error(&err);
	}
	r = ob_budget_compute(c, &m, year, &b, &err);
	if (!r) {
		r = ob_budget_write(&b, (enum ob_budget_format)format, stdout,
				    &err);
		ob_budget_release(&b);
	}
	ob_model_close(&m);
	ob_contract_free(c);
	return r ? report_error(&err) : 0;
}
