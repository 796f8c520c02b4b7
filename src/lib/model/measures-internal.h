/*
 * measures-internal.h - what measures.c shares with series.c.
 */
#ifndef ONEBUDGET_MEASURES_INTERNAL_H
#define ONEBUDGET_MEASURES_INTERNAL_H

#include "onebudget/measures.h"

/* The name of the unit a person-year belongs to ("MCP", a PCH code, ...). */
const char *ob_measures_unit_name(const struct ob_dataset *ds,
				  const struct ob_person_year *y,
				  enum ob_measure_unit unit);

/* Whether a person-year is in a metric's population (registered with the
 * MCP in the year, and the metric's age, sex, segment and condition
 * rules). */
int ob_measures_in_population(const struct ob_person_year *y,
			      const struct ob_population_filter *f);

#endif
