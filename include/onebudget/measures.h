/*
 * measures.h - the outcomes catalogue's metrics computed for a year and a
 * unit from the population model, with the PHE methods of stats.h.
 *
 * Each metric gives one row per unit: numerator, denominator, value and
 * confidence limits, or a status saying why there is no value (missing
 * data, with the reason; suppressed by the method's rule).  A metric whose
 * data is missing is never reported as zero.
 *
 * Population: the registered basis (people on the MCP practices' lists),
 * filtered by the metric's age, sex, segment, frailty and long-term
 * condition rules; exposure is registered days / days in the year.  Survey
 * answers count where the respondent is a linked person in the population
 * or, when not linked, by the practice given.
 */
#ifndef ONEBUDGET_MEASURES_H
#define ONEBUDGET_MEASURES_H

#include <stdio.h>

#include "onebudget/catalogue.h"
#include "onebudget/model.h"
#include "onebudget/stats.h"

enum ob_measure_unit {
	OB_UNIT_MCP,
	OB_UNIT_LOCALITY,
	OB_UNIT_PCH,
	OB_UNIT_PRACTICE,
	OB_UNIT_IMD,     /* IMD 2019 quintile of residence */
	OB_UNIT_SEGMENT,
};

enum ob_measure_status {
	OB_MEASURE_OK,
	OB_MEASURE_SUPPRESSED, /* the method's own rule, e.g. DSR with O < 10 */
	OB_MEASURE_MISSING,    /* the data it needs is not there: see why */
	OB_MEASURE_DISCLOSIVE, /* --publish: a count of 1 to 7 */
};

/* A comparison, judged as PHE's Fingertips does: with the metric's
 * direction, "better" or "worse"; without one, "higher" or "lower". */
enum ob_comparison {
	OB_CMP_NONE,    /* not compared (no value on one side) */
	OB_CMP_SIMILAR, /* not significantly different at 95% */
	OB_CMP_HIGHER,
	OB_CMP_LOWER,
};

struct ob_measure_row {
	const struct ob_metric *metric;
	char unit[48];
	enum ob_measure_status status;
	const char *why;        /* for every status but OK; static text */
	long people;            /* person-years or answers behind the row */
	struct ob_estimate est; /* count = numerator */
	double prev_value;      /* the previous year's value, NAN if none */
	enum ob_comparison trend;  /* against the previous year: the two
				    * 95% intervals do not overlap */
	enum ob_comparison vs_mcp; /* against the MCP value: the unit's 95%
				    * interval lies wholly above or below it */
	/* Funnel-plot limits around the MCP value at this unit's size
	 * (Spiegelhalter 2005; stats.h ob_funnel) and where the unit lies:
	 * -2 below the 99.8% limit ... 2 above it.  For units below the MCP
	 * of count-based methods (crude rate, proportion, share, observed /
	 * expected, ISR); has_funnel is 0 otherwise. */
	int has_funnel;
	struct ob_funnel_limits funnel;
	int funnel_position;
};

struct ob_measures {
	ob_fy year;
	enum ob_measure_unit unit;
	struct ob_measure_row *rows; /* metric order, then unit name */
	size_t n;
};

/*
 * Compute the metrics of `cat` (only `metric_id` when not NULL) for `year`
 * by `unit`.  The model must hold person-years of that year.  Release with
 * ob_measures_release().
 */
enum ob_status ob_measures_compute(const struct ob_model *m,
				   const struct ob_catalogue *cat, ob_fy year,
				   enum ob_measure_unit unit,
				   const char *metric_id,
				   struct ob_measures *out,
				   struct ob_error *err);
void ob_measures_release(struct ob_measures *ms);

/*
 * Apply disclosure control for publication (NHS Digital practice): a row
 * built on 1 to 7 people or answers, or with a count numerator of 1 to 7,
 * is suppressed (value and numerator); other count numerators are rounded
 * to the nearest 5 for display.
 */
void ob_measures_publish(struct ob_measures *ms);

/*
 * Give metrics whose denominator is the budget (spend against budget) their
 * values from a year's budget (budget.h, same year): per unit the open-book
 * spend in scope over the capitation, from the budget's unit lists (the MCP
 * is their total).  Without this call, or by deprivation quintile, such a
 * metric stays missing with the reason.  Call before ob_measures_compare().
 */
struct ob_budget;
enum ob_status ob_measures_apply_budget(struct ob_measures *ms,
					const struct ob_budget *b);

/* Fill prev_value, trend and vs_mcp of `cur` from the previous year's
 * measures (same unit) and the MCP-level measures of the same year (either
 * may be NULL). */
void ob_measures_compare(struct ob_measures *cur,
			 const struct ob_measures *prev,
			 const struct ob_measures *mcp);
/* "within", "above 95%", "above 99.8%", "below 95%", "below 99.8%", or ""
 * without funnel limits. */
const char *ob_funnel_word(const struct ob_measure_row *r);

/* "better", "worse", "similar", "higher", "lower" or "" for a row. */
const char *ob_comparison_word(const struct ob_measure_row *r,
			       enum ob_comparison c);

enum ob_measures_format {
	OB_MEASURES_TABLE,
	OB_MEASURES_CSV,
	OB_MEASURES_JSON,
};

/* Write as an aligned table, CSV or JSON (numbers that have no value are
 * null in JSON and empty in CSV). */
enum ob_status ob_measures_write(const struct ob_measures *ms,
				 enum ob_measures_format format, FILE *out,
				 struct ob_error *err);

/*
 * Bootstrap replicates of a metric's value for one unit (`unit_name`, as
 * in the rows: "MCP", a PCH code, ...) in a year: the unit's records
 * (person-years or survey answers) resampled with replacement `n` times,
 * each replicate's point estimate by the metric's method into values[].
 * For crude rates, proportions, shares, per-person-year means,
 * observed/expected, ratios, survey means and DSRs; OB_EINVAL for other
 * methods, gaps and missing data.
 */
struct ob_rng;
enum ob_status ob_measures_bootstrap(const struct ob_model *m,
				     const struct ob_metric *metric,
				     ob_fy year, enum ob_measure_unit unit,
				     const char *unit_name, size_t n,
				     struct ob_rng *rng, double *values,
				     struct ob_error *err);

/* ---- life expectancy by deprivation ---------------------------------- */

#define OB_DEPRIVATION_MAX_GROUPS 10

/* One deprivation group: its deaths and person-years (in the metric's
 * pooled years), its life expectancy at birth in years with the metric's
 * confidence limits (value NAN when the table is not published) and, when
 * not published, why (static text; else NULL). */
struct ob_le_group {
	double deaths, person_years;
	struct ob_estimate le;
	const char *why;
};

/* The groups in order, groups[0] the most deprived. */
struct ob_le_by_deprivation {
	int ngroups; /* 5 (quintiles) or 10 (deciles) */
	struct ob_le_group groups[OB_DEPRIVATION_MAX_GROUPS];
};

/*
 * Life expectancy at birth in each IMD 2019 group of residence, as the
 * life_expectancy_gap and sii methods compute it for `metric` (one of
 * them): deaths and person-years of its population pooled over its years
 * ending `year`, one abridged life table per group (Chiang II, Silcocks
 * variances; stats.h).  `ngroups` 5 or 10, or 0 for the metric's own
 * grouping.  OB_EINVAL for another method or grouping.  Nothing to
 * release.
 */
enum ob_status ob_measures_life_expectancy(const struct ob_model *m,
					   const struct ob_metric *metric,
					   ob_fy year, int ngroups,
					   struct ob_le_by_deprivation *out,
					   struct ob_error *err);

/* ---- monthly series and SPC ------------------------------------------ */

/*
 * A metric month by month, for XmR charts ("Making Data Count").  Monthly
 * values exist for the person-year rates whose numerator is a dated event
 * (emergency, ACSC, elective and care-home admissions, delayed days by
 * discharge month, deaths): numerator = events in the month of people in
 * the metric's population (judged on their row of that financial year),
 * denominator = their person-years of the year times days in the month /
 * days in the year, value = numerator / denominator * multiplier, so a
 * month reads on the annual scale.  Each unit's months get an XmR chart
 * over the whole series and the special-cause flags of stats.h.
 */
struct ob_series_point {
	ob_date month;	   /* first day of the month */
	double numerator, denominator, value;
	unsigned flags;	   /* OB_SPC_* */
};

struct ob_series_unit {
	char unit[48];
	struct ob_series_point *points; /* months in order */
	size_t n;
	struct ob_spc_xmr xmr;
	int has_xmr;			/* 0 with fewer than 2 values */
};

struct ob_series {
	const struct ob_metric *metric;
	ob_fy first, last;
	struct ob_series_unit *units; /* by unit name */
	size_t n;
};

/* The monthly series of `metric` over financial years first..last (the
 * model must hold their person-years).  OB_EINVAL, with a message saying
 * why, for a metric that has no monthly form. */
enum ob_status ob_measures_series(const struct ob_model *m,
				  const struct ob_metric *metric, ob_fy first,
				  ob_fy last, enum ob_measure_unit unit,
				  struct ob_series *out, struct ob_error *err);
void ob_series_release(struct ob_series *s);

/* Disclosure control for publication, as ob_measures_publish(): a month
 * whose numerator is 1 to 7 loses its numerator and value (NAN); other
 * numerators are rounded to the nearest 5.  The chart is kept as computed
 * from the exact values. */
void ob_series_publish(struct ob_series *s);

/* Special-cause words of a point's flags: "outside limits", "shift",
 * "trend", "2 of 3 near limit", joined by "; " with "high" or "low", or ""
 * for common cause.  `out` of at least 96 bytes. */
const char *ob_spc_words(unsigned flags, char *out, size_t size);

enum ob_status ob_series_write(const struct ob_series *s,
			       enum ob_measures_format format, FILE *out,
			       struct ob_error *err);

#endif
