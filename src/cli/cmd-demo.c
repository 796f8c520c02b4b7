/*
 * cmd-demo.c - `onebudget demo [--out DIR]`: the synthetic Westminster
 * contract end to end, as far as it is built: synthesise an extract at the
 * real list size over six years, create a workspace, import, store the
 * shipped contract, summarise the population, compute the year's measures
 * and budget and write them beside the workspace.
 */
/* nftw() is an XSI function. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <ftw.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "onebudget/budget.h"
#include "onebudget/buf.h"
#include "onebudget/catalogue.h"
#include "onebudget/contract.h"
#include "onebudget/import.h"
#include "onebudget/incentives.h"
#include "onebudget/measures.h"
#include "onebudget/model.h"
#include "onebudget/population.h"
#include "onebudget/synth.h"
#include "onebudget/workspace.h"

#include "cli.h"

static const char usage[] = "onebudget demo [--out DIR] [--persons N] "
			    "[--seed S]";

static void help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Run the Westminster demonstration: write a synthetic extract for\n"
	       "the 35 Central London practices at their real list sizes over\n"
	       "2016/17..2021/22 (DIR/extract), create a workspace (DIR/workspace),\n"
	       "import the extract, store the shipped contract\n"
	       "(data/contracts/westminster.yaml), derive person-years, print the\n"
	       "registered population of the last year by primary care home\n"
	       "(age, sex, cost, segments, frailty, the overlap with the resident\n"
	       "base) and the resident population by locality, then compute the\n"
	       "year's outcome measures by primary care home and its capitated\n"
	       "budget and write them to DIR/measures-YYYY-YY.csv and\n"
	       "DIR/budget-YYYY-YY.txt (and .csv).  DIR defaults to demo-out;\n"
	       "a new demo replaces the workspace and extract of an earlier demo\n"
	       "there, and refuses a directory whose files no demo made.\n"
	       "\n"
	       "options:\n"
	       "  --out DIR      where to put the extract and the workspace\n"
	       "  --persons N    registered population (default: real list size)\n"
	       "  --seed S       random seed of the synthetic data (default 1)\n",
	       usage);
}

/* The marker a demo leaves in its output directory, so that a later demo
 * may replace that output (and nothing else). */
#define DEMO_MARKER ".onebudget-demo"

static int remove_entry(const char *path, const struct stat *sb, int flag,
			struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove the workspace and extract of an earlier demo in `out`, if `out`
 * holds the demo marker.  Returns 0 when there is nothing in the way. */
static int clear_previous_demo(const char *out, const char *wsdir,
			       const char *extract)
{
	struct ob_buf marker = OB_BUF_INIT;
	int is_demo;

	if (ob_buf_addf(&marker, "%s/%s", out, DEMO_MARKER))
		die("out of memory");
	is_demo = access(marker.data, F_OK) == 0;
	ob_buf_release(&marker);
	if (access(wsdir, F_OK) != 0 && access(extract, F_OK) != 0)
		return 0;
	if (!is_demo) {
		error("'%s' already holds files that no demo made; choose "
		      "another --out",
		      out);
		return -1;
	}
	printf("0. replacing the previous demo in %s\n", out);
	if ((access(wsdir, F_OK) == 0 &&
	     nftw(wsdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS)) ||
	    (access(extract, F_OK) == 0 &&
	     nftw(extract, remove_entry, 16, FTW_DEPTH | FTW_PHYS))) {
		error("cannot remove the previous demo in '%s': %s", out,
		      strerror(errno));
		return -1;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Open DIR/NAME-YYYY-YY.EXT for writing and note it in `files`. */
static FILE *output(const char *dir, const char *name, ob_fy year,
		    const char *ext, struct ob_buf *files,
		    struct ob_error *err)
{
	struct ob_buf path = OB_BUF_INIT;
	char fy[8];
	FILE *f;

	ob_fy_format(year, fy);
	fy[4] = '-';
	if (ob_buf_addf(&path, "%s/%s-%s.%s", dir, name, fy, ext) ||
	    ob_buf_addf(files, "  %-10s %s\n", name, path.data)) {
		ob_buf_release(&path);
		ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	f = fopen(path.data, "w");
	if (!f)
		ob_error_set(err, OB_EIO, path.data, 0, 0,
			     "cannot write: %s", strerror(errno));
	ob_buf_release(&path);
	return f;
}

static enum ob_status close_output(FILE *f, enum ob_status st,
				   struct ob_error *err)
{
	if (fclose(f) && !st)
		return ob_error_set(err, OB_EIO, NULL, 0, 0,
				    "cannot finish writing an output file");
	return st;
}

/* The year's measures by primary care home (with the change from the year
 * before and the comparison with the MCP) and its budget, as files. */
/* The year's outcome incentives: curves calibrated and frozen in the
 * workspace, the money, written as a file. */
static enum ob_status incentive_outputs(struct ob_workspace *ws,
					const struct ob_model *m,
					const struct ob_contract *c,
					long version,
					const struct ob_catalogue *cat,
					const struct ob_budget *b,
					const char *dir, struct ob_buf *files,
					struct ob_error *err)
{
	struct ob_incentives_result res;
	enum ob_status st;
	FILE *f;
	char a[32], e[32];

	if (!c->incentives.present)
		return OB_OK;
	if ((st = ob_incentives_compute(ws, c, version, cat, m, b->year, 1,
					b->contract_budget, b->pch, b->n_pch,
					&res, err)))
		return st;
	ob_pence_format_grouped(res.pot, a);
	ob_pence_format_grouped(res.net, e);
	printf("   incentives: pot £%s, net payment £%s (%zu curves "
	       "calibrated and frozen)\n",
	       a, e, res.calibrated_now);
	f = output(dir, "incentives", b->year, "txt", files, err);
	st = f ? close_output(f, ob_incentives_write(&res, 0, f, err), err)
	       : OB_EIO;
	ob_incentives_release(&res);
	return st;
}

static enum ob_status year_outputs(struct ob_workspace *ws,
				   const struct ob_model *m,
				   const struct ob_contract *c, long version,
				   ob_fy year, const char *dir,
				   struct ob_buf *files, struct ob_error *err)
{
	struct ob_catalogue *cat = NULL;
	struct ob_measures ms, prev, mcp;
	struct ob_budget b;
	enum ob_status st;
	FILE *f;

	printf("\n6. measures by primary care home, budget and incentives of "
	       "%d/%02d ...\n",
	       year, (year + 1) % 100);
	fflush(stdout);
	if ((st = ob_budget_compute(c, m, year, &b, err)))
		return st;
	if ((st = ob_catalogue_load_default(&cat, err))) {
		ob_budget_release(&b);
		return st;
	}
	st = ob_measures_compute(m, cat, year, OB_UNIT_PCH, NULL, &ms, err);
	if (!st && (st = ob_measures_apply_budget(&ms, &b)))
		ob_error_set(err, st, NULL, 0, 0, "out of memory");
	if (!st) {
		int have_prev = !ob_measures_compute(m, cat, year - 1,
						     OB_UNIT_PCH, NULL, &prev,
						     err);
		int have_mcp = !ob_measures_compute(m, cat, year, OB_UNIT_MCP,
						    NULL, &mcp, err);
		if (have_mcp && ob_measures_apply_budget(&mcp, &b))
			have_mcp = 0, ob_measures_release(&mcp);
		ob_measures_compare(&ms, have_prev ? &prev : NULL,
				    have_mcp ? &mcp : NULL);
		if (have_prev)
			ob_measures_release(&prev);
		if (have_mcp)
			ob_measures_release(&mcp);
		f = output(dir, "measures", year, "csv", files, err);
		st = f ? close_output(f, ob_measures_write(&ms, OB_MEASURES_CSV,
							   f, err),
				      err)
		       : OB_EIO;
	}
	ob_measures_release(&ms); /* compute always initialises it */
	if (!st)
		st = incentive_outputs(ws, m, c, version, cat, &b, dir, files,
				       err);
	ob_catalogue_free(cat);
	if (st) {
		ob_budget_release(&b);
		return st;
	}
	{
		char cb[32], cap[32];
		ob_pence_format_grouped(b.contract_budget, cb);
		ob_pence_format_grouped(b.capitated, cap);
		printf("   budget: contract budget £%s, capitated £%s over %zu "
		       "people\n",
		       cb, cap, b.n_people);
	}
	f = output(dir, "budget", year, "txt", files, err);
	st = f ? close_output(f, ob_budget_write(&b, OB_BUDGET_TABLE, f, err),
			      err)
	       : OB_EIO;
	if (!st) {
		f = output(dir, "budget", year, "csv", files, err);
		st = f ? close_output(f,
				      ob_budget_write(&b, OB_BUDGET_CSV, f,
						      err),
				      err)
		       : OB_EIO;
	}
	ob_budget_release(&b);
	return st;
}

int cmd_demo(int argc, char **argv)
{
	const char *out = "demo-out", *persons = NULL, *seed = NULL;
	const struct cli_option opts[] = {
		{ "out", 'o', OPT_STRING, &out, NULL },
		{ "persons", 0, OPT_STRING, &persons, NULL },
		{ "seed", 0, OPT_STRING, &seed, NULL },
		{ 0 },
	};
	struct ob_buf extract = OB_BUF_INIT, wsdir = OB_BUF_INIT,
		      files = OB_BUF_INIT;
	struct ob_contract *contract = NULL;
	struct ob_synth_options so;
	struct ob_synth_report sr;
	struct ob_import_report ir;
	struct ob_workspace *ws = NULL;
	struct ob_error err;
	double t0, t1, t2;
	char last[8], base[8];
	long n = 0, version = 0;
	int r, rc = 1;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	ob_synth_options_init(&so);
	if (persons && cli_parse_long("persons", persons, 100, 50000000, &n))
		return 2;
	so.persons = n;
	if (seed && cli_parse_u64("seed", seed, &so.seed))
		return 2;
	if (mkdir(out, 0755) && errno != EEXIST) {
		error("cannot create '%s': %s", out, strerror(errno));
		return 1;
	}
	if (ob_buf_addf(&extract, "%s/extract", out) ||
	    ob_buf_addf(&wsdir, "%s/workspace", out))
		die("out of memory");
	so.out_dir = extract.data;
	ob_error_clear(&err);
	if (clear_previous_demo(out, wsdir.data, extract.data))
		goto out;
	{
		struct ob_buf marker = OB_BUF_INIT;
		FILE *f;
		if (ob_buf_addf(&marker, "%s/%s", out, DEMO_MARKER))
			die("out of memory");
		f = fopen(marker.data, "w");
		if (!f || fputs("made by onebudget demo; a new demo replaces "
				"this directory's workspace and extract\n",
				f) < 0 ||
		    fclose(f)) {
			error("cannot write '%s': %s", marker.data,
			      strerror(errno));
			ob_buf_release(&marker);
			goto out;
		}
		ob_buf_release(&marker);
	}

	printf("1. synthesising a Westminster extract in %s ...\n",
	       extract.data);
	fflush(stdout);
	t0 = now();
	if (ob_synth(&so, &sr, &err)) {
		report_error(&err);
		goto out;
	}
	t1 = now();
	printf("   %ld people, %.1f s\n", sr.persons, t1 - t0);

	printf("2. creating the workspace %s ...\n", wsdir.data);
	if (ob_workspace_create(wsdir.data, NULL, &err)) {
		report_error(&err);
		if (err.code == OB_EEXIST)
			error("remove '%s' or choose another --out", out);
		goto out;
	}
	if (ob_workspace_open(&ws, wsdir.data, &err)) {
		report_error(&err);
		goto out;
	}
	printf("3. importing ...\n");
	fflush(stdout);
	if (ob_import(ws, extract.data, NULL, &ir, &err)) {
		report_error(&err);
		goto out;
	}
	t2 = now();
	printf("   extract %ld: %ld rows read, %ld accepted, %ld rejected, "
	       "%.1f s\n\n",
	       ir.extract_id, ir.read, ir.accepted, ir.rejected, t2 - t1);
	printf("4. storing the contract data/contracts/westminster.yaml ...\n");
	{
		int unchanged;

		if (ob_contract_load_default(&contract, &err) ||
		    ob_workspace_add_contract(ws, contract,
					      "the shipped Westminster contract",
					      &version, &unchanged, &err)) {
			report_error(&err);
			goto out;
		}
		printf("   contract %s, version %ld, sha256 %.16s\n\n",
		       contract->id, version, contract->sha256);
	}
	ob_fy_format(so.last_year, last);
	ob_fy_format(contract->base, base);
	printf("5. deriving person-years of %s to %s ...\n\n", base, last);
	fflush(stdout);
	{
		struct ob_pop_summary sum;
		struct ob_model m;
		ob_fy first = contract->base < so.last_year - 2
				      ? contract->base
				      : so.last_year - 2;

		if (ob_model_open(ws, ir.extract_id,
				  first < so.first_year ? so.first_year : first,
				  so.last_year, &m, &err)) {
			report_error(&err);
			goto out;
		}
		if (ob_pop_summarise(m.ds, &m.py, so.last_year,
				     OB_BASIS_REGISTERED, OB_BY_PCH, &sum,
				     &err) ||
		    ob_pop_write(&sum, OB_FORMAT_TABLE, stdout, &err)) {
			ob_model_close(&m);
			report_error(&err);
			goto out;
		}
		ob_pop_summary_release(&sum);
		if (ob_pop_summarise(m.ds, &m.py, so.last_year,
				     OB_BASIS_RESIDENT, OB_BY_LOCALITY, &sum,
				     &err)) {
			ob_model_close(&m);
			report_error(&err);
			goto out;
		}
		printf("\nresident population by locality:\n");
		for (size_t i = 0; i < sum.ngroups; i++)
			printf("  %-10s %9ld people %11.1f person-years\n",
			       sum.groups[i].name, sum.groups[i].people,
			       sum.groups[i].person_years);
		ob_pop_summary_release(&sum);
		r = year_outputs(ws, &m, contract, version, so.last_year, out,
				 &files, &err);
		ob_model_close(&m);
		if (r) {
			report_error(&err);
			goto out;
		}
	}
	/* The year's settlement: stored, with its statement files. */
	printf("\n7. settling %s ...\n\n", last);
	fflush(stdout);
	{
		char *args[] = { (char *)"settle", (char *)"-w", wsdir.data,
				 (char *)"--year", last, NULL };
		ob_workspace_close(ws);
		ws = NULL;
		if (cmd_settle(5, args))
			goto out;
	}
	/* The year's report: one HTML file that opens offline. */
	printf("\n8. writing the report of %s ...\n", last);
	fflush(stdout);
	{
		char *args[] = { (char *)"report", (char *)"-w", wsdir.data,
				 (char *)"--year", last, (char *)"--out",
				 (char *)out, NULL };
		char dash[8];
		if (cmd_report(7, args))
			goto out;
		snprintf(dash, sizeof(dash), "%s", last);
		dash[4] = '-';
		if (ob_buf_addf(&files, "  report     %s/report-%s.html (open it "
				"in a browser)\n",
				out, dash))
			die("out of memory");
	}
	{
		char dash[8];
		snprintf(dash, sizeof(dash), "%s", last);
		dash[4] = '-';
		if (ob_buf_addf(&files,
				"  statement  %s/settlements/%s-v1/"
				"statement.xlsx (and .csv, .json, .txt, "
				"out-of-area.csv)\n",
				wsdir.data, dash))
			die("out of memory");
	}
	printf("\noutputs:\n"
	       "  extract    %s/\n"
	       "  workspace  %s/workspace.sqlite (open it with sqlite3)\n"
	       "%s"
	       "next:\n"
	       "  onebudget population -w %s --year %s --by locality\n"
	       "  onebudget caseload -w %s --year %s --pch NORTH_1\n"
	       "  onebudget measures -w %s --year %s --unit pch\n"
	       "  onebudget budget -w %s --year %s\n"
	       "  onebudget settle -w %s --year %s --what-if "
	       "risk_share.%s.gain_share=0.5\n"
	       "  onebudget user add -w %s --name YOU --role commissioner\n"
	       "  onebudget serve -w %s   (the dashboard, "
	       "docs/dashboard.md)\n",
	       extract.data, wsdir.data, files.data ? files.data : "",
	       wsdir.data, last, wsdir.data, last, wsdir.data, last,
	       wsdir.data, last, wsdir.data, last, last, wsdir.data,
	       wsdir.data);
	rc = 0;
out:
	ob_workspace_close(ws);
	ob_contract_free(contract);
	ob_buf_release(&extract);
	ob_buf_release(&wsdir);
	ob_buf_release(&files);
	return rc;
}
