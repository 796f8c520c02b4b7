/*
 * stats-internal.h - helpers shared by the files of src/lib/stats.
 */
#ifndef ONEBUDGET_STATS_INTERNAL_H
#define ONEBUDGET_STATS_INTERNAL_H

#include "onebudget/stats.h"

/* Fill `out` with the totals and levels of `conf`, value and limits NAN and
 * no note.  `conf` must have passed ob_conf_check(). */
void ob_estimate_start(struct ob_estimate *out, double count,
		       double denominator, const struct ob_conf_levels *conf);
/* Mark `out` suppressed: value and limits NAN, note = why. */
void ob_estimate_suppress(struct ob_estimate *out, const char *why);
/* 1 when x is a finite number >= 0. */
int ob_is_count(double x);

#endif
