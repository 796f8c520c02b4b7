/*
 * cmd-synth.c - `onebudget synth --out DIR ...`: write a synthetic
 * Westminster extract (see synth.h and docs/synthetic.md).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "onebudget/date.h"
#include "onebudget/money.h"
#include "onebudget/synth.h"

#include "cli.h"

static const char usage[] =
    "onebudget synth --out DIR [--persons N] [--years 2016/17..2021/22]\n"
    "                [--seed S] [--defects RATE] [--improve-from YEAR]\n"
    "                [--improvement FRACTION] [--threads N]";

static void help(void)
{
	printf(
	    "usage: %s\n"
	    "\n"
	    "Write a synthetic extract (the CSV files of docs/extract.md) for\n"
	    "the population of the 35 Central London CCG practices in\n"
	    "Westminster, with the residents registered with West London CCG\n"
	    "practices or with none: registrations, births, migration and\n"
	    "deaths, long-term conditions and frailty, activity in every\n"
	    "setting with HES codes and costs, surveys, the commissioner's\n"
	    "ledger, tariff and market forces factors.  The same options give\n"
	    "byte-identical files whatever the number of threads.  Every\n"
	    "parameter and its source is in docs/synthetic.md.\n"
	    "\n"
	    "options:\n"
	    "  -o, --out DIR           directory to write (created if "
	    "missing;\n"
	    "                          files in it are overwritten)\n"
	    "  -n, --persons N         registered list size of the 35 "
	    "practices\n"
	    "                          at the start; list sizes are scaled to "
	    "it\n"
	    "                          (default: the real 247,164; 100 to "
	    "%ld)\n"
	    "  --years FIRST..LAST     financial years (default "
	    "2016/17..2021/22)\n"
	    "  --seed S                random seed (default 1)\n"
	    "  --defects RATE          make about this share of the rows of\n"
	    "                          persons, conditions, activity, surveys "
	    "and\n"
	    "                          ledger bad, one clear fault each, for\n"
	    "                          testing the importer (0 to 0.5, default "
	    "0)\n"
	    "  --improve-from YEAR     from this financial year, reduce "
	    "emergency\n"
	    "                          admissions for chronic ambulatory care\n"
	    "                          sensitive conditions and of frail "
	    "people\n"
	    "  --improvement FRACTION  the reduction (default 0.15)\n"
	    "  -j, --threads N         worker threads (default: online CPUs)\n"
	    "\n"
	    "example:\n"
	    "  onebudget synth --out extract --persons 20000 --improve-from "
	    "2019/20\n",
	    usage, OB_SYNTH_MAX_PERSONS);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_pounds(const char *label, ob_pence p)
{
	char s[24];

	ob_pence_format(p, s);
	printf("  %-32s %16s\n", label, s);
}

static void print_report(const struct ob_synth_report *r, double seconds)
{
	long total = 0;
	char fy[8];

	printf("%-16s %12s %10s\n", "file", "rows", "defects");
	for (int f = 0; f < OB_SYNTH_NFILES; f++) {
		printf("%-16s %12ld %10ld\n", ob_synth_file_name(f), r->rows[f],
		       r->defect_rows[f]);
		total += r->rows[f];
	}
	printf("%-16s %12ld %10ld\n", "total", total, r->defects);
	printf("\npeople %ld: %ld registered with 09A practices, %ld residents "
	       "registered with 08Y,\n%ld residents registered nowhere; %ld "
	       "births and %ld deaths in the years\n",
	       r->persons, r->registered_09a, r->registered_08y,
	       r->unregistered, r->births, r->deaths);
	ob_fy_format(r->ledger_year, fy);
	printf("\nledger %s (pounds):\n", fy);
	print_pounds("in-scope lines", r->ledger_in_scope);
	print_pounds("acute", r->ledger_acute);
	print_pounds("prescribing", r->ledger_prescribing);
	print_pounds("all lines", r->ledger_total);
	printf("\n%.1f s, %.0f rows/s, %d threads\n", seconds,
	       seconds > 0 ? (double)total / seconds : 0.0, r->threads);
}

int cmd_synth(int argc, char **argv)
{
	const char *out = NULL, *persons = NULL, *years = NULL, *seed = NULL;
	const char *defects = NULL, *improve = NULL, *improvement = NULL;
	const char *threads = NULL;
	const struct cli_option opts[] = {
	    {"out", 'o', OPT_STRING, &out, NULL},
	    {"persons", 'n', OPT_STRING, &persons, NULL},
	    {"years", 0, OPT_STRING, &years, NULL},
	    {"seed", 0, OPT_STRING, &seed, NULL},
	    {"defects", 0, OPT_STRING, &defects, NULL},
	    {"improve-from", 0, OPT_STRING, &improve, NULL},
	    {"improvement", 0, OPT_STRING, &improvement, NULL},
	    {"threads", 'j', OPT_STRING, &threads, NULL},
	    {0},
	};
	struct ob_synth_options so;
	struct ob_synth_report rep;
	struct ob_error err;
	double t0;
	long v;
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (!out) {
		fprintf(stderr, "usage: %s\n", usage);
		error("--out DIR is required");
		return 2;
	}
	ob_synth_options_init(&so);
	so.out_dir = out;
	ob_error_clear(&err);
	if (persons) {
		if (cli_parse_long("persons", persons, 100,
				   OB_SYNTH_MAX_PERSONS, &v))
			return 2;
		so.persons = v;
	}
	if (years &&
	    ob_fy_range_parse(years, &so.first_year, &so.last_year, &err)) {
		error("--years '%s': %s", years, err.msg);
		return 2;
	}
	if (seed && cli_parse_u64("seed", seed, &so.seed))
		return 2;
	if (defects &&
	    cli_parse_double("defects", defects, 0.0, 0.5, &so.defect_rate))
		return 2;
	if (improve &&
	    ob_fy_parse(improve, strlen(improve), &so.improvement_year, &err)) {
		error("--improve-from '%s': %s", improve, err.msg);
		return 2;
	}
	if (improvement && cli_parse_double("improvement", improvement, 0.0,
					    0.9, &so.improvement))
		return 2;
	if (threads) {
		if (cli_parse_long("threads", threads, 1, 256, &v))
			return 2;
		so.threads = (int)v;
	}

	t0 = now();
	if (ob_synth(&so, &rep, &err))
		return report_error(&err);
	print_report(&rep, now() - t0);
	return 0;
}
