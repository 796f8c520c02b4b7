/*
 * cmd-population.c - `onebudget population -w W --year Y [--by UNIT]
 * [--basis registered|resident] [--format table|csv|json]`.
 */
#include <stdio.h>
#include <string.h>

#include "onebudget/model.h"
#include "onebudget/population.h"

#include "cli.h"

static const char usage[] =
	"onebudget population -w WORKSPACE --year YYYY/YY [--by UNIT] "
	"[--basis registered|resident] [--format table|csv|json] "
	"[--extract ID] [--timings]";

static void help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Derive the person-years of a financial year from the imported\n"
	       "extract (docs/person-year.md) and summarise the population by a\n"
	       "unit: people, person-years of exposure, sex, age bands, the cost\n"
	       "of all care (open book); then the mix of Bridges to Health\n"
	       "segments with the cost per segment, and the overlap of the\n"
	       "registered and resident bases.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "  --year YYYY/YY      the financial year, e.g. 2019/20\n"
	       "  --by UNIT           mcp (default), practice, pch, locality,\n"
	       "                      lsoa, segment or imd (deprivation decile)\n"
	       "  --basis B          registered (people on the MCP practices'\n"
	       "                      lists, default) or resident (people living\n"
	       "                      in the MCP's areas)\n"
	       "  --format F          table (default), csv or json\n"
	       "  --extract ID        extract version (default: the latest)\n"
	       "  --timings           print load and derivation seconds to stderr\n"
	       "\n"
	       "example:\n"
	       "  onebudget population -w ws --year 2019/20 --by pch\n",
	       usage);
}

int cmd_population(int argc, char **argv)
{
	const char *ws_dir = NULL, *year_s = NULL, *by_s = "mcp",
		   *basis_s = "registered", *format_s = "table",
		   *extract_s = NULL;
	int timings = 0;
	const struct cli_option opts[] = {
		{ "workspace", 'w', OPT_STRING, &ws_dir, NULL },
		{ "year", 'y', OPT_STRING, &year_s, NULL },
		{ "by", 0, OPT_STRING, &by_s, NULL },
		{ "basis", 0, OPT_STRING, &basis_s, NULL },
		{ "format", 0, OPT_STRING, &format_s, NULL },
		{ "extract", 0, OPT_STRING, &extract_s, NULL },
		{ "timings", 0, OPT_FLAG, NULL, &timings },
		{ 0 },
	};
	static const char *const bys[] = { "mcp",      "practice", "pch",
					   "locality", "lsoa",     "segment",
					   "imd" };
	struct ob_workspace *ws;
	struct ob_pop_summary sum;
	struct ob_model m;
	struct ob_error err;
	enum ob_pop_basis basis;
	enum ob_pop_format format;
	enum cli_format fmt;
	int by = -1, r;
	long extract = 0;
	ob_fy year;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir || !year_s) {
		error("population needs -w WORKSPACE and --year\nusage: %s",
		      usage);
		return 2;
	}
	ob_error_clear(&err);
	if (cli_parse_fy("year", year_s, &year))
		return 2;
	for (size_t i = 0; i < sizeof(bys) / sizeof(bys[0]); i++)
		if (!strcmp(by_s, bys[i]))
			by = (int)i;
	if (by < 0) {
		error("--by '%s' is not one of mcp, practice, pch, locality, "
		      "lsoa, segment, imd",
		      by_s);
		return 2;
	}
	if (!strcmp(basis_s, "registered"))
		basis = OB_BASIS_REGISTERED;
	else if (!strcmp(basis_s, "resident"))
		basis = OB_BASIS_RESIDENT;
	else {
		error("--basis '%s' is not registered or resident", basis_s);
		return 2;
	}
	if (cli_parse_format(format_s, &fmt))
		return 2;
	format = (enum ob_pop_format)fmt;
	if (extract_s &&
	    cli_parse_long("extract", extract_s, 1, 1L << 40, &extract))
		return 2;
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	if (ob_model_open(ws, extract, year, year, &m, &err)) {
		ob_workspace_close(ws);
		return report_error(&err);
	}
	ob_workspace_close(ws);
	if (timings)
		fprintf(stderr,
			"timings: load %.2f s, derive %.2f s (%zu person-years, "
			"%.0f per second)\n",
			m.seconds_load, m.seconds_derive, m.py.n,
			m.seconds_derive > 0 ? (double)m.py.n / m.seconds_derive
					     : 0.0);
	if (ob_pop_summarise(m.ds, &m.py, year, basis, (enum ob_pop_by)by,
			     &sum, &err) ||
	    ob_pop_write(&sum, format, stdout, &err)) {
		ob_model_close(&m);
		return report_error(&err);
	}
	if (!sum.total.people)
		warning("nobody in the %s population in %s: is the year in "
			"the extract?",
			basis_s, year_s);
	ob_pop_summary_release(&sum);
	ob_model_close(&m);
	return 0;
}
