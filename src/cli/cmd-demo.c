/*
 * cmd-demo.c - `onebudget demo [--out DIR]`: the synthetic Westminster
 * contract end to end, as far as it is built: synthesise an extract at the
 * real list size over six years, create a workspace, import, summarise.
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

#include "onebudget/buf.h"
#include "onebudget/import.h"
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
	       "import the extract, derive the person-years of the last year and\n"
	       "print the registered population by primary care home (age, sex,\n"
	       "cost, segments, frailty, the overlap with the resident base) and\n"
	       "the resident population by locality.  DIR defaults to demo-out;\n"
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

int cmd_demo(int argc, char **argv)
{
	const char *out = "demo-out", *persons = NULL, *seed = NULL;
	const struct cli_option opts[] = {
		{ "out", 'o', OPT_STRING, &out, NULL },
		{ "persons", 0, OPT_STRING, &persons, NULL },
		{ "seed", 0, OPT_STRING, &seed, NULL },
		{ 0 },
	};
	struct ob_buf extract = OB_BUF_INIT, wsdir = OB_BUF_INIT;
	struct ob_synth_options so;
	struct ob_synth_report sr;
	struct ob_import_report ir;
	struct ob_workspace *ws = NULL;
	struct ob_error err;
	double t0, t1, t2;
	char last[8];
	long n = 0;
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
	ob_fy_format(so.last_year, last);
	printf("4. deriving person-years of %s ...\n\n", last);
	fflush(stdout);
	{
		struct ob_pop_summary sum;
		struct ob_model m;

		if (ob_model_open(ws, ir.extract_id, so.last_year,
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
		ob_model_close(&m);
	}
	printf("\noutputs:\n"
	       "  extract    %s/\n"
	       "  workspace  %s/workspace.sqlite (open it with sqlite3)\n"
	       "next:\n"
	       "  onebudget population -w %s --year %s --by locality\n"
	       "  onebudget caseload -w %s --year %s --pch NORTH_1\n"
	       "  onebudget extracts -w %s --manifest latest\n",
	       extract.data, wsdir.data, wsdir.data, last, wsdir.data, last,
	       wsdir.data);
	rc = 0;
out:
	ob_workspace_close(ws);
	ob_buf_release(&extract);
	ob_buf_release(&wsdir);
	return rc;
}
