/*
 * report.h - the year's HTML report: one self-contained file (every script
 * and style inlined, nothing loaded from the network) with the population,
 * the outcomes scorecard with SPC and funnel charts, the reward curves,
 * inequalities, the budget bridge, the risk-share pools and the settlement
 * statement (docs/report.md).
 *
 * Charts are Vega-Lite specifications (JSON, written here) drawn in the
 * browser by Vega, Vega-Lite and vega-embed, whose minified files are
 * compiled into the binary with the NHS.UK frontend CSS (the table
 * ob_report_assets, built from web/package-lock.json by the Makefile).
 * Every chart has a text alternative: an aria-label and its data as a
 * table.  The output depends only on its inputs: byte-identical for the
 * same workspace, contract and extract.
 */
#ifndef ONEBUDGET_REPORT_H
#define ONEBUDGET_REPORT_H

#include <stdio.h>

#include "onebudget/catalogue.h"
#include "onebudget/contract.h"
#include "onebudget/model.h"
#include "onebudget/refdata.h"
#include "onebudget/workspace.h"

/* The embedded browser assets: "vega.min.js", "vega-lite.min.js",
 * "vega-embed.min.js", "nhsuk.min.css"; terminated by a NULL name.  The
 * bytes live as long as the program. */
extern const struct ob_refdata_file ob_report_assets[];

/* The asset called `name`, or NULL. */
const struct ob_refdata_file *ob_report_asset(const char *name);

struct ob_report_options {
	ob_fy year;
	int publish;	       /* disclosure control (ob_measures_publish's
				* rule for every count shown) */
	long contract_version; /* for the settlement's provenance */
	const char *generated; /* a date to print ("2022-07-01"), or NULL
				* for none */
};

/*
 * Write the report of `opt->year` to `out`.  The model must hold the years
 * the budget and the incentives need (as for `onebudget settle`).  The
 * incentives store frozen reward curves in `ws` the first time they are
 * calibrated (ob_incentives_compute); nothing else is stored.  Errors come
 * from the computations (named) or OB_EIO when writing fails.
 */
enum ob_status ob_report_write(struct ob_workspace *ws,
			       const struct ob_contract *c,
			       const struct ob_catalogue *cat,
			       const struct ob_model *m,
			       const struct ob_report_options *opt, FILE *out,
			       struct ob_error *err);

#endif
