/*
 * report.h - the year's HTML report: by default one self-contained file
 * (every script and style inlined, nothing loaded from the network) with
 * the population, the outcomes scorecard with SPC and funnel charts, the
 * reward curves, inequalities (life expectancy by deprivation group, the
 * gap and the SII), the budget bridge, the risk-share pools and the
 * settlement statement (docs/report.md).  The dashboard renders its views
 * with the same function, cut down by section, primary care home and
 * alliance party, its assets linked rather than inlined.
 *
 * Charts are Vega-Lite specifications (JSON, written here) drawn in the
 * browser by Vega, Vega-Lite and vega-embed, whose minified files are
 * compiled into the binary with the NHS.UK frontend CSS (the table
 * ob_report_assets, built from web/package-lock.json by the Makefile).
 * Every chart has a text alternative: an aria-label and its data as a
 * table.  The output depends only on its inputs: byte-identical for the
 * same workspace, contract, extract and options.
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

/* The report's sections (ob_report_options.sections). */
enum ob_report_section {
	OB_REPORT_POPULATION = 1u << 0,	  /* pyramids, segments, localities */
	OB_REPORT_OUTCOMES = 1u << 1,	  /* scorecard, SPC, funnels, rewards */
	OB_REPORT_INEQUALITIES = 1u << 2, /* life expectancy by deprivation
					   * group, the gap, the SII */
	OB_REPORT_BUDGET = 1u << 3,	  /* bridge, capitation by PCH */
	OB_REPORT_SETTLEMENT = 1u << 4,	  /* risk-share pools, statement */
	OB_REPORT_ALL = 0x1fu,
};

struct ob_report_options {
	ob_fy year;
	int publish;		/* disclosure control: every count and
				 * denominator shown rounded to 5, 1 to 7
				 * suppressed with any rate built on it
				 * (NHS Digital; docs/report.md) */
	long contract_version;	/* for the settlement's provenance */
	const char *generated;	/* a date to print ("2022-07-01"), or NULL
				 * for none */
	unsigned sections;	/* OB_REPORT_* bits; 0 means all */
	const char *unit;	/* NULL: the MCP; a PCH code: that primary
				 * care home's population and scorecard
				 * (beside the MCP's values), its point
				 * marked on the funnel plots and its line
				 * of the capitation highlighted */
	const char *party;	/* NULL: the whole settlement; a party id of
				 * the alliance: the pools and the
				 * statement's totals, of the alliance split
				 * only that party's line, and a "Your
				 * share" summary (for an alliance member).
				 * The public version shows no member's
				 * share, whatever `party` says */
	const char *asset_base; /* NULL: scripts and styles inlined (a
				 * self-contained file); else linked from
				 * <asset_base><name>, e.g. "/assets/" */
	const char *nav_html;	/* trusted HTML put after the header (the
				 * dashboard's navigation), or NULL */
};

/*
 * The page frame alone, for other pages in the same style (the
 * dashboard's): the document head with the NHS.UK styles (linked from
 * `asset_base` or inlined when NULL), the header, `nav_html` (trusted, may
 * be NULL), and <main> opened with an h1 of `title` (escaped).  The end
 * closes <main>, writes the footer and, when `charts` is set, the chart
 * scripts (linked or inlined as above) and the few inline lines that draw
 * each chart's spec.  ob_report_write writes its page with these.
 * Write errors show in ferror(out).
 */
void ob_report_page_begin(FILE *out, const char *title, const char *asset_base,
			  const char *nav_html);
void ob_report_page_end(FILE *out, const char *asset_base, int charts);

/* HTML text with & < > " ' escaped (for pages built on the frame). */
void ob_report_html_text(FILE *out, const char *s);

/*
 * Write the report of `opt->year` to `out`: the sections of
 * `opt->sections` (0: all) in their fixed order, computing only what they
 * need (the budget for the outcomes, budget and settlement; the
 * incentives for the outcomes and settlement; the measures for the
 * outcomes; the population and the life tables alone for their own
 * sections), with a contents list when more than one heading is written.
 * The model must hold the years the budget and the incentives need (as for
 * `onebudget settle`).  Nothing is written to `ws`: the incentives are
 * computed with store 0 (a reward curve never frozen is calibrated in
 * memory) and the settlement is computed, not stored.  Everything is
 * computed before the first byte is written, so a computation's error
 * leaves `out` untouched.  Errors: OB_EINVAL for bits outside
 * OB_REPORT_ALL; OB_ENOTFOUND for an unknown `unit` or `party` (the
 * message lists the valid ones); the computations' own (named); OB_EIO
 * when writing fails.
 */
enum ob_status ob_report_write(struct ob_workspace *ws,
			       const struct ob_contract *c,
			       const struct ob_catalogue *cat,
			       const struct ob_model *m,
			       const struct ob_report_options *opt, FILE *out,
			       struct ob_error *err);

#endif
