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
    "[--section NAME]... [--unit PCH] [--party ID] [--extract ID]";

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
	    "The dashboard's views are the same report cut down: --section\n"
	    "writes only the sections named (and computes only what they\n"
	    "need), --unit one primary care home's population, scorecard\n"
	    "beside the MCP, funnel points and capitation, and --party an\n"
	    "alliance member's view of the settlement (the pools and its own\n"
	    "share, not the other members').  The file name then says which:\n"
	    "DIR/report-YYYY-YY[-PCH][-PARTY][-public].html.\n"
	    "\n"
	    "options:\n"
	    "  -w, --workspace W     the workspace (with a contract stored)\n"
	    "  --year YYYY/YY        the contract year (default: the last\n"
	    "                        year of the extract in the contract)\n"
	    "  --out DIR             where to write the file (created)\n"
	    "  --publish             the public version (disclosure control)\n"
	    "  --section NAME        population, outcomes, inequalities,\n"
	    "                        budget or settlement; repeat or separate\n"
	    "                        with commas (default: all)\n"
	    "  --unit PCH            one primary care home (its code)\n"
	    "  --party ID            one alliance party of the contract\n"
	    "  --extract ID          extract version (default: the latest)\n"
	    "\n"
	    "examples:\n"
	    "  onebudget report -w ws --year 2021/22 --out reports\n"
	    "  onebudget report -w ws --out r --unit NORTH_1 "
	    "--section population,outcomes\n",
	    usage);
}

static const struct {
	const char *name;
	unsigned bit;
} section_names[] = {
    {"population", OB_REPORT_POPULATION},     {"outcomes", OB_REPORT_OUTCOMES},
    {"inequalities", OB_REPORT_INEQUALITIES}, {"budget", OB_REPORT_BUDGET},
    {"settlement", OB_REPORT_SETTLEMENT},
};

/* Add the sections of one --section value ("a,b") to *bits; -1 with a
 * message for a name that is not a section. */
static int parse_sections(const char *s, unsigned *bits)
{
	if (!*s) {
		error("--section needs a name: population, outcomes, "
		      "inequalities, budget or settlement");
		return -1;
	}
	while (*s) {
		size_t len = strcspn(s, ","), i;
		for (i = 0;
		     i < sizeof(section_names) / sizeof(section_names[0]); i++)
			if (strlen(section_names[i].name) == len &&
			    !strncmp(section_names[i].name, s, len))
				break;
		if (i == sizeof(section_names) / sizeof(section_names[0])) {
			error("--section '%.*s' is not one of population, "
			      "outcomes, inequalities, budget, settlement",
			      (int)len, s);
			return -1;
		}
		*bits |= section_names[i].bit;
		s += len;
		if (*s == ',')
			s++;
	}
	return 0;
}

/*
 * --section may be repeated, which cli_parse (the last value wins) does
 * not keep: collect every value first, walking argv as cli_parse does
 * (the values of the other options skipped).
 */
static int collect_sections(int argc, char **argv,
			    const struct cli_option *opts, unsigned *bits)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		const struct cli_option *o = NULL;
		if (!strcmp(a, "--"))
			break;
		if (!strncmp(a, "--section=", 10)) {
			v = a + 10;
		} else if (!strcmp(a, "--section")) {
			if (i + 1 >= argc)
				return 0; /* cli_parse reports it */
			v = argv[++i];
		} else if (a[0] == '-' && !strchr(a, '=')) {
			for (o = opts; o->long_name; o++)
				if ((a[1] == '-' &&
				     !strcmp(a + 2, o->long_name)) ||
				    (a[1] && a[1] == o->short_name && !a[2]))
					break;
			if (o->long_name && o->kind == OPT_STRING)
				i++;
		}
		if (v && parse_sections(v, bits))
			return -1;
	}
	return 0;
}

/* A unit or party in a file name: letters, digits, '_' and '-' kept,
 * anything else '_'. */
static int add_name_part(struct ob_buf *b, const char *s)
{
	if (ob_buf_addch(b, '-'))
		return -1;
	for (; *s; s++) {
		char ch = (char)((*s >= 'a' && *s <= 'z') ||
					 (*s >= 'A' && *s <= 'Z') ||
					 (*s >= '0' && *s <= '9') ||
					 *s == '_' || *s == '-'
				     ? *s
				     : '_');
		if (ob_buf_addch(b, ch))
			return -1;
	}
	return 0;
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
		   *extract_s = NULL, *section_s = NULL, *unit = NULL,
		   *party = NULL;
	int publish = 0, r;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {"year", 'y', OPT_STRING, &year_s, NULL},
	    {"out", 'o', OPT_STRING, &out_dir, NULL},
	    {"publish", 0, OPT_FLAG, NULL, &publish},
	    {"section", 0, OPT_STRING, &section_s, NULL},
	    {"unit", 0, OPT_STRING, &unit, NULL},
	    {"party", 0, OPT_STRING, &party, NULL},
	    {"extract", 0, OPT_STRING, &extract_s, NULL},
	    {0},
	};
	unsigned sections = 0;
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
	if (collect_sections(argc, argv, opts, &sections))
		return 2;
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
	if (ob_buf_addf(&path, "%s/report-%s", out_dir, fy) ||
	    (unit && add_name_part(&path, unit)) ||
	    (party && add_name_part(&path, party)) ||
	    ob_buf_addf(&path, "%s.html", publish ? "-public" : "") ||
	    ob_buf_addf(&tmp, "%s.tmp", path.data))
		die("out of memory");
	memset(&ro, 0, sizeof(ro));
	ro.year = year;
	ro.publish = publish;
	ro.contract_version = su.info.id;
	ro.generated = source_date(date);
	ro.sections = sections;
	ro.unit = unit;
	ro.party = party;
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
