/*
 * summary.h - quick summaries of an imported extract, for the demo and for
 * checking an import.  (The full population model, with person-years,
 * segments and frailty, is the population module.)
 */
#ifndef ONEBUDGET_SUMMARY_H
#define ONEBUDGET_SUMMARY_H

#include <stdio.h>

#include "onebudget/date.h"
#include "onebudget/error.h"
#include "onebudget/workspace.h"

/*
 * Write to `out` the registered population alive and registered on `on`,
 * by locality and primary care home (practices outside the MCP grouped as
 * "outside the MCP"), with people, people aged 65+, mean age (age on `on`),
 * and the resident population in the MCP's areas on the same date (people
 * living there who are registered with any practice on that day, or are
 * known to be registered nowhere).
 */
enum ob_status ob_summary_population(struct ob_workspace *ws, long extract_id,
				     ob_date on, FILE *out,
				     struct ob_error *err);

#endif
