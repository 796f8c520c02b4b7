/*
 * cmd-measures.c - `onebudget measures -w W --year Y [--unit UNIT]
 * [--metric ID] [--format table|csv] [--publish]`.
 */
#include <stdio.h>
#include <string.h>

#include "onebudget/budget.h"
#include "onebudget/catalogue.h"
#include "onebudget/contract.h"
#include "onebudget/measures.h"

#include "cli.h"

static const char usage[] =
	"onebudget measures -w WORKSPACE --year YYYY/YY [--unit UNIT] "
	"[--metric ID] [--format table|csv|json] [--publish] [--extract ID]\n"
	"       onebudget measures -w WORKSPACE --year YYYY/YY --metric ID "
	"--series month [--from YYYY/YY] [--unit UNIT] [--format F]";

static void help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Compute the metrics of the outcomes catalogue\n"
	       "(data/outcomes/westminster.yaml, docs/outcomes.md) for a\n"
	       "financial year and a unit, with the PHE methods of\n"
	       "docs/statistics.md: numerator, denominator, value and 95%%\n"
	       "limits, the previous year's value and whether the change is\n"
	       "significant (95%% intervals that do not overlap), and for units\n"
	       "below the MCP whether the unit is better, similar or worse than\n"
	       "the MCP (its 95%% interval wholly on one side of the MCP value).\n"
	       "A metric whose data is not there is reported as missing with\n"
	       "the reason, never as zero.  Units below the MCP also get\n"
	       "funnel-plot limits around the MCP value at their size (95%%\n"
	       "and 99.8%%) and their position in the funnel.\n"
	       "\n"
	       "With --series month, one metric month by month from --from\n"
	       "(default: four years before --year) to --year, with its\n"
	       "XmR chart (mean, process limits) and the special causes of the\n"
	       "NHS \"Making Data Count\" rules for each point; for rates of\n"
	       "dated events (admissions, delayed days, deaths).\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "  --year YYYY/YY      the financial year\n"
	       "  --unit UNIT         mcp (default), locality, pch, practice,\n"
	       "                      imd (quintile of residence) or segment\n"
	       "  --metric ID         one metric only\n"
	       "  --format F          table (default), csv or json\n"
	       "  --publish           disclosure control: counts of 1 to 7\n"
	       "                      suppressed, numerators rounded to 5\n"
	       "  --extract ID        extract version (default: the latest)\n"
	       "  --series month      the metric month by month, with SPC\n"
	       "  --from YYYY/YY      first year of the series\n"
	       "\n"
	       "examples:\n"
	       "  onebudget measures -w ws --year 2021/22 --unit pch\n"
	       "  onebudget measures -w ws --year 2021/22 --series month \\\n"
	       "      --metric acsc_chronic_unplanned\n",
	       usage);
}

/* Whether the metrics asked for include one measured against the budget. */
static int needs_budget(const struct ob_catalogue *cat, const char *metric)
{
	for (size_t i = 0; i < cat->n; i++)
		if ((!metric || !strcmp(cat->metrics[i].id, metric)) &&
		    cat->metrics[i].denominator == OB_Q_BUDGET)
			return 1;
	return 0;
}

/* The measures of a year; metrics against the budget get the year's
 * budget when there is a contract and the year is one of its years (else
 * they stay missing, with the reason). */
static enum ob_status measures_year(const struct ob_model *m,
				    const struct ob_catalogue *cat,
				    const struct ob_contract *c, ob_fy year,
				    enum ob_measure_unit unit,
				    const char *metric, struct ob_measures *ms,
				    struct ob_error *err)
{
	enum ob_status st = ob_measures_compute(m, cat, year, unit, metric,
						ms, err);
	struct ob_budget b;
	struct ob_error ignored;

	if (st || !c || !needs_budget(cat, metric) || year < c->shadow ||
	    year > c->last)
		return st;
	/* A year whose budget cannot be computed (e.g. the extract lacks a
	 * year it needs) keeps the metric missing. */
	if (ob_budget_compute(c, m, year, &b, &ignored))
		return OB_OK;
	st = ob_measures_apply_budget(ms, &b);
	ob_budget_release(&b);
	if (st) {
		ob_measures_release(ms);
		return ob_error_set(err, st, NULL, 0, 0,
				    "out of memory applying the budget");
	}
	return OB_OK;
}

/* `--series month`: one metric month by month with its XmR chart. */
static int series(const char *ws_dir, ob_fy year, const char *from_s,
		  const char *series_s, const char *metric,
		  enum ob_measure_unit unit, enum cli_format format,
		  int publish, long extract)
{
	struct ob_catalogue *cat = NULL;
	const struct ob_metric *mt;
	struct ob_workspace *ws;
	struct ob_series sr;
	struct ob_model m;
	struct ob_error err;
	ob_fy from = 0;
	int r;

	ob_error_clear(&err);
	if (!series_s || strcmp(series_s, "month")) {
		error("--series '%s' is not month (a series needs --series "
		      "month)", series_s ? series_s : "");
		return 2;
	}
	if (!metric) {
		error("--series needs --metric ID");
		return 2;
	}
	if (from_s && cli_parse_fy("from", from_s, &from))
		return 2;
	if (from && from > year) {
		error("--from %s is after --year", from_s);
		return 2;
	}
	if (ob_catalogue_load_default(&cat, &err))
		return report_error(&err);
	mt = ob_catalogue_find(cat, metric);
	if (!mt) {
		error("'%s' is not a metric of the catalogue", metric);
		ob_catalogue_free(cat);
		return 2;
	}
	if (ob_workspace_open(&ws, ws_dir, &err)) {
		ob_catalogue_free(cat);
		return report_error(&err);
	}
	if (!from)
		from = year - 4; /* five years: 60 points */
	r = ob_model_open(ws, extract, from, year, &m, &err);
	ob_workspace_close(ws);
	if (r) {
		ob_catalogue_free(cat);
		return report_error(&err);
	}
	r = ob_measures_series(&m, mt, from, year, unit, &sr, &err);
	if (!r) {
		if (publish)
			ob_series_publish(&sr);
		r = ob_series_write(&sr, (enum ob_measures_format)format,
				    stdout, &err);
		ob_series_release(&sr);
	}
	ob_model_close(&m);
	ob_catalogue_free(cat);
	return r ? report_error(&err) : 0;
}

int cmd_measures(int argc, char **argv)
{
	const char *ws_dir = NULL, *year_s = NULL, *unit_s = "mcp",
		   *metric = NULL, *format = "table", *extract_s = NULL,
		   *series_s = NULL, *from_s = NULL;
	int publish = 0;
	const struct cli_option opts[] = {
		{ "workspace", 'w', OPT_STRING, &ws_dir, NULL },
		{ "year", 'y', OPT_STRING, &year_s, NULL },
		{ "unit", 0, OPT_STRING, &unit_s, NULL },
		{ "metric", 0, OPT_STRING, &metric, NULL },
		{ "format", 0, OPT_STRING, &format, NULL },
		{ "publish", 0, OPT_FLAG, NULL, &publish },
		{ "extract", 0, OPT_STRING, &extract_s, NULL },
		{ "series", 0, OPT_STRING, &series_s, NULL },
		{ "from", 0, OPT_STRING, &from_s, NULL },
		{ 0 },
	};
	static const char *const units[] = { "mcp", "locality", "pch",
					     "practice", "imd", "segment" };
	struct ob_catalogue *cat = NULL;
	struct ob_contract *contract = NULL;
	struct ob_workspace *ws;
	struct ob_measures ms;
	struct ob_model m;
	struct ob_error err;
	long extract = 0;
	enum cli_format fmt;
	int unit = -1, r;
	ob_fy year;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir || !year_s) {
		error("measures needs -w WORKSPACE and --year\nusage: %s", usage);
		return 2;
	}
	ob_error_clear(&err);
	if (cli_parse_fy("year", year_s, &year))
		return 2;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(unit_s, units[i]))
			unit = (int)i;
	if (unit < 0) {
		error("--unit '%s' is not one of mcp, locality, pch, practice, "
		      "imd, segment",
		      unit_s);
		return 2;
	}
	if (cli_parse_format(format, &fmt))
		return 2;
	if (extract_s &&
	    cli_parse_long("extract", extract_s, 1, 1L << 40, &extract))
		return 2;
	if (series_s || from_s)
		return series(ws_dir, year, from_s, series_s, metric,
			      (enum ob_measure_unit)unit, fmt, publish,
			      extract);
	if (ob_catalogue_load_default(&cat, &err))
		return report_error(&err);
	if (ob_workspace_open(&ws, ws_dir, &err)) {
		ob_catalogue_free(cat);
		return report_error(&err);
	}
	/* The contract, for metrics against the budget: the latest stored
	 * version, if any. */
	if (needs_budget(cat, metric) &&
	    ob_workspace_load_contract(ws, 0, &contract, NULL, &err) &&
	    err.code != OB_ENOTFOUND) {
		ob_workspace_close(ws);
		ob_catalogue_free(cat);
		return report_error(&err);
	}
	/* The previous year too, for the change from it, the earlier years
	 * that metrics pooling several years need, and those the budget
	 * needs (its base year, and two years before the previous year). */
	{
		int pooled = 1;
		ob_fy first;
		for (size_t i = 0; i < cat->n; i++)
			if (cat->metrics[i].years > pooled)
				pooled = cat->metrics[i].years;
		first = year - pooled;
		if (contract && year - 3 < first)
			first = year - 3;
		if (contract && contract->base < first)
			first = contract->base;
		r = ob_model_open(ws, extract, first, year, &m, &err);
	}
	ob_workspace_close(ws);
	if (r) {
		ob_contract_free(contract);
		ob_catalogue_free(cat);
		return report_error(&err);
	}
	if (measures_year(&m, cat, contract, year, (enum ob_measure_unit)unit,
			  metric, &ms, &err)) {
		ob_model_close(&m);
		ob_contract_free(contract);
		ob_catalogue_free(cat);
		return report_error(&err);
	}
	{
		struct ob_measures prev, mcp;
		int have_prev = !measures_year(&m, cat, contract, year - 1,
					       (enum ob_measure_unit)unit,
					       metric, &prev, &err);
		int have_mcp = unit != OB_UNIT_MCP &&
			       !measures_year(&m, cat, contract, year,
					      OB_UNIT_MCP, metric, &mcp, &err);
		ob_measures_compare(&ms, have_prev ? &prev : NULL,
				    have_mcp ? &mcp : NULL);
		if (have_prev)
			ob_measures_release(&prev);
		if (have_mcp)
			ob_measures_release(&mcp);
	}
	if (publish)
		ob_measures_publish(&ms);
	r = ob_measures_write(&ms,
			      (enum ob_measures_format)fmt,
			      stdout, &err);
	ob_measures_release(&ms);
	ob_model_close(&m);
	ob_contract_free(contract);
	ob_catalogue_free(cat);
	return r ? report_error(&err) : 0;
}
