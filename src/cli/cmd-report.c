/*
 * cmd-report.c - `onebudget report`: the year's self-contained HTML report
 * (report.h, docs/report.md), or its public version with --publish.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "onebudget/buf.h"
#include "onebudget/report.h"

#include "cli.h"

static const char usage[] =
    "onebudget report -w WORKSPACE --year YYYY/YY --out DIR [--publish] "
    "[--extract ID]";

static void help(void)
{
	printf(
	    "usage: %s\n"
	    "\n"
	    "Write the year's report as one self-contained HTML file that\n"
	    "opens offline and can be emailed (docs/report.md): population\n"
	    "pyramids and segment mix by primary care home, the outcomes\n"
	    "scorecard, SPC (XmR) and funnel charts, reward curves and money\n"
	    "earned, inequalities, the budget bridge, capitation by primary\n"
	    "care home, each risk-share pool and the settlement statement.\n"
	    "Charts are Vega-Lite, inlined with the NHS.UK frontend styles;\n"
	    "each has its data as a table for screen readers.  Nothing is\n"
	    "stored but reward curves the incentives calibrate the first\n"
	    "time.  The file is DIR/report-YYYY-YY.html; --publish writes\n"
	    "the public version, DIR/report-YYYY-YY-public.html, with counts\n"
	    "of 1 to 7 suppressed and other counts rounded to 5.  The same\n"
	    "inputs give a byte-identical file (SOURCE_DATE_EPOCH, when set,\n"
	    "prints its date).\n"
	    "\n"
	    "options:\n"
	    "  -w, --workspace W     the workspace (with a contract stored)\n"
	    "  --year YYYY/YY        the contract year (default: the last\n"
	    "                        year of the extract in the contract)\n"
	    "  --out DIR             where to write the file (created)\n"
	    "  --publish             the public version (disclosure control)\n"
	    "  --extract ID          extract version (default: the latest)\n"
	    "\n"
	    "example:\n"
	    "  onebudget report -w ws --year 2021/22 --out reports\n",
	    usage);
}

/* SOURCE_DATE_EPOCH as YYYY-MM-DD, or NULL when unset or not a number. */
static const char *source_date(char out[static 11])
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (!s || !*s)
		return NULL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0)
		return NULL;
	ob_date_format((ob_date)(v / 86400), out);
	return out;
}

int cmd_report(int argc, char **argv)
{
	const char *ws_dir = NULL, *year_s = NULL, *out_dir = NULL,
		   *extract_s = NULL;
	int publish = 0, r;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {"year", 'y', OPT_STRING, &year_s, NULL},
	    {"out", 'o', OPT_STRING, &out_dir, NULL},
	    {"publish", 0, OPT_FLAG, NULL, &publish},
	    {"extract", 0, OPT_STRING, &extract_s, NULL},
	    {0},
	};
	struct ob_report_options ro;
	struct ob_buf path = OB_BUF_INIT, tmp = OB_BUF_INIT;
	struct cli_setup su;
	struct ob_error err;
	struct stat stt;
	char fy[8], date[11];
	long extract = 0;
	ob_fy year = 0;
	FILE *f;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir || !out_dir) {
		error("report needs -w WORKSPACE and --out DIR\nusage: %s",
		      usage);
		return 2;
	}
	if ((year_s && cli_parse_fy("year", year_s, &year)) ||
	    (extract_s &&
	     cli_parse_long("extract", extract_s, 1, 1L << 40, &extract)))
		return 2;
	if ((r = cli_setup_open(&su, ws_dir, &year, extract))) {
		cli_setup_release(&su);
		return r;
	}
	if (mkdir(out_dir, 0755) && errno != EEXIST) {
		error("cannot create '%s': %s", out_dir, strerror(errno));
		cli_setup_release(&su);
		return 1;
	}
	ob_fy_format(year, fy);
	fy[4] = '-';
	if (ob_buf_addf(&path, "%s/report-%s%s.html", out_dir, fy,
			publish ? "-public" : "") ||
	    ob_buf_addf(&tmp, "%s.tmp", path.data))
		die("out of memory");
	memset(&ro, 0, sizeof(ro));
	ro.year = year;
	ro.publish = publish;
	ro.contract_version = su.info.id;
	ro.generated = source_date(date);
	ob_error_clear(&err);
	f = fopen(tmp.data, "w");
	if (!f) {
		error("cannot write '%s': %s", tmp.data, strerror(errno));
		r = 1;
	} else {
		r = ob_report_write(su.ws, su.c, su.cat, &su.m, &ro, f, &err);
		if (fclose(f) && !r)
			r = ob_error_set(&err, OB_EIO, tmp.data, 0, 0,
					 "cannot finish writing");
		if (!r && rename(tmp.data, path.data))
			r = ob_error_set(&err, OB_EIO, path.data, 0, 0,
					 "cannot rename %s: %s", tmp.data,
					 strerror(errno));
		if (r) {
			remove(tmp.data);
			r = report_error(&err);
		}
	}
	if (!r && !stat(path.data, &stt))
		printf("report: %s (%lld bytes)\n", path.data,
		       (long long)stt.st_size);
	ob_buf_release(&path);
	ob_buf_release(&tmp);
	cli_setup_release(&su);
	return r;
}
