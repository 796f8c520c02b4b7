/*
 * acsc.h - unplanned hospitalisation for chronic ambulatory care sensitive
 * conditions: the condition list and filters of CCG OIS indicator 2.6 /
 * NHS Outcomes Framework 2.3i (NHS Digital specification v1.15, Data Filter
 * 1 (a)-(i)), from data/codes/acsc_chronic_ccgois_2_6.csv.
 *
 * An emergency admission counts when its primary diagnosis matches a listed
 * code at the listed level (3 or 4 characters; HES pads 3-character codes
 * to 4 with X, so "I10" and "I10X" are the same) and its extra condition
 * holds: no diagnosis in an excluded group (hepatitis B with sickle-cell
 * disease), no procedure with an excluded prefix (heart failure,
 * hypertension and angina with cardiac procedures; K73 and K74 only for
 * admissions from 1 April 2017 where the specification says so), or, for
 * acute bronchitis, a chronic bronchitis / emphysema / COPD / bronchiectasis
 * code in some diagnosis position.  Whether the admission is an emergency is
 * the caller's test (HES ADMIMETH 21-28, 2A-2D).
 */
#ifndef ONEBUDGET_ACSC_H
#define ONEBUDGET_ACSC_H

#include <stddef.h>

#include "onebudget/date.h"
#include "onebudget/error.h"

struct ob_acsc;

enum ob_status ob_acsc_load(struct ob_acsc **out, struct ob_error *err);
void ob_acsc_free(struct ob_acsc *a);

/* The condition group (0 .. ob_acsc_groups()-1) under which the spell
 * counts, or -1 when it does not.  Codes are normalised (no dots): ICD-10
 * diagnoses primary first, OPCS-4 procedures. */
int ob_acsc_match(const struct ob_acsc *a, const char *const *diagnoses,
		  size_t ndiag, const char *const *procedures, size_t nproc,
		  ob_date admitted);
/* ob_acsc_match() for event `e` of a dataset (its diagnoses and procedures
 * as loaded, up to 24 of each); the caller checks it is an emergency
 * admission. */
struct ob_dataset;
int ob_acsc_event(const struct ob_acsc *a, const struct ob_dataset *ds,
		  size_t e);
size_t ob_acsc_groups(const struct ob_acsc *a);
const char *ob_acsc_group_name(const struct ob_acsc *a, int group);

#endif
