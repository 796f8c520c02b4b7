/*
 * model.h - the population model of one extract: the dataset in memory,
 * the code lists, the segment rules and the derived person-years, built in
 * one call for the commands that need them.
 */
#ifndef ONEBUDGET_MODEL_H
#define ONEBUDGET_MODEL_H

#include "onebudget/acsc.h"
#include "onebudget/codelist.h"
#include "onebudget/dataset.h"
#include "onebudget/person_year.h"
#include "onebudget/segment.h"
#include "onebudget/workspace.h"

struct ob_model {
	struct ob_dataset *ds;
	struct ob_codelists *codelists;
	struct ob_segment_rules *segments;
	struct ob_acsc *acsc;
	struct ob_person_years py;
	double seconds_load, seconds_derive; /* wall clock, for --timings */
};

/*
 * Load extract `extract_id` (0: latest) and derive person-years for the
 * financial years first..last (0: all years with events).  The built-in
 * segment rules are used.  Release with ob_model_close().
 */
enum ob_status ob_model_open(struct ob_workspace *ws, long extract_id,
			     ob_fy first, ob_fy last, struct ob_model *m,
			     struct ob_error *err);
void ob_model_close(struct ob_model *m);

/* An index from dataset person to that person's person-year of `year`:
 * row[p] is an index into m->py.rows, or -1.  Free with free(); NULL when
 * out of memory. */
int32_t *ob_model_year_rows(const struct ob_model *m, ob_fy year);

#endif
