/*
 * synth.h - write a synthetic Westminster extract.
 *
 * ob_synth() writes a directory of CSV files in the extract format of
 * docs/extract.md for the population of the 35 Central London CCG (09A)
 * practices, the Westminster residents registered elsewhere (West London
 * CCG, 08Y) and residents registered nowhere, over a run of financial years:
 * registrations, births, migration and deaths; long-term conditions and
 * frailty; activity in every setting with HES codes and costs; survey
 * answers; the commissioner's ledger; tariff and market forces factors.
 * docs/synthetic.md lists every parameter with its value and source.
 *
 * Determinism: the files are a function of the options except `threads`.
 * Every person has their own random streams, derived from (seed, person),
 * so any number of threads gives byte-identical files.
 *
 * Defects: with defect_rate r > 0 about that share of the rows of
 * persons.csv, conditions.csv, activity.csv, surveys.csv and ledger.csv is
 * bad, each with exactly one clear fault that `onebudget import` rejects
 * (a wrong NHS check digit, 2019-02-30, a death before birth, an unknown
 * practice, a malformed quoted field, ...).  A bad row never makes another
 * row bad: in persons.csv the bad rows are extra people whom no other row
 * mentions; elsewhere a bad row replaces a good one.  The reference files
 * (practices, areas, providers, tariff, mff) are never made bad.  The report
 * gives the count per file, so a test can check that the importer rejects
 * exactly those rows.
 */
#ifndef ONEBUDGET_SYNTH_H
#define ONEBUDGET_SYNTH_H

#include <stdint.h>

#include "onebudget/date.h"
#include "onebudget/error.h"
#include "onebudget/money.h"

/* The files of a synthetic extract, in the order they are written. */
enum ob_synth_file {
	OB_SYNTH_PRACTICES,
	OB_SYNTH_AREAS,
	OB_SYNTH_PROVIDERS,
	OB_SYNTH_PERSONS,
	OB_SYNTH_CONDITIONS,
	OB_SYNTH_ACTIVITY,
	OB_SYNTH_SURVEYS,
	OB_SYNTH_LEDGER,
	OB_SYNTH_TARIFF,
	OB_SYNTH_MFF,
	OB_SYNTH_NFILES
};

/* "practices.csv", ...; NULL for an out-of-range value. */
const char *ob_synth_file_name(enum ob_synth_file f);

/* Registered list size of the 35 practices on 1 January 2021 (NHS
 * Digital), the population written when `persons` is 0. */
#define OB_SYNTH_REAL_LIST_SIZE 247164L

/* Largest `persons`: every person needs an NHS number from the 999 test
 * range, which holds about 909,000 valid numbers. */
#define OB_SYNTH_MAX_PERSONS 450000L

struct ob_synth_options {
	const char *out_dir; /* created if missing; files are overwritten */
	long persons;	     /* registered 09A list size; 0 = real size */
	ob_fy first_year;    /* default 2016 (2016/17) */
	ob_fy last_year;     /* default 2021 (2021/22) */
	uint64_t seed;	     /* default 1 */
	double defect_rate;  /* 0 to 0.5; default 0 */
	/* From this financial year (0 = never) emergency admissions for
	 * chronic ambulatory care sensitive conditions and of frail people
	 * are reduced by `improvement` (a fraction, 0 to 0.9). */
	ob_fy improvement_year;
	double improvement; /* default 0.15 */
	int threads;	    /* 0 = online CPUs */
};

/* Fill `o` with the defaults above (out_dir NULL). */
void ob_synth_options_init(struct ob_synth_options *o);

struct ob_synth_report {
	long persons;			   /* distinct people (good rows) */
	long registered_09a;		   /* people ever registered with 09A */
	long registered_08y;		   /* residents registered with 08Y */
	long unregistered;		   /* residents registered nowhere */
	long births, deaths;		   /* in the extract's years */
	long rows[OB_SYNTH_NFILES];	   /* data rows written, bad ones too */
	long defect_rows[OB_SYNTH_NFILES]; /* bad rows per file */
	long defects;			   /* sum of defect_rows */
	/* Ledger amount of the first year with 2017/18 in range, or the
	 * first year: in-scope lines, acute, prescribing, all lines. */
	ob_fy ledger_year;
	ob_pence ledger_in_scope, ledger_acute, ledger_prescribing;
	ob_pence ledger_total;
	int threads; /* threads used */
};

/*
 * Write the extract described by `o` into o->out_dir and, when `rep` is not
 * NULL, describe it.  Errors: OB_EINVAL for a bad option (the message names
 * it), OB_EIO when a directory or file cannot be created or written,
 * OB_ENOMEM.  On error the directory may hold partial files.
 */
enum ob_status ob_synth(const struct ob_synth_options *o,
			struct ob_synth_report *rep, struct ob_error *err);

#endif
