/*
 * incentives.h - outcome incentives: reward curves calibrated from history
 * for each pay-for-performance outcome of the contract and unit, frozen in
 * the workspace until their review year; the year's pot split by the
 * outcomes' fixed weights; the reward earned on each curve; baselining
 * years paid for data capture; national standards and their sanctions
 * (docs/incentives.md).
 */
#ifndef ONEBUDGET_INCENTIVES_H
#define ONEBUDGET_INCENTIVES_H

#include <stdio.h>

#include "onebudget/budget.h"
#include "onebudget/calibrate.h"
#include "onebudget/catalogue.h"
#include "onebudget/contract.h"
#include "onebudget/measures.h"
#include "onebudget/model.h"
#include "onebudget/workspace.h"

#define OB_HISTORY_MAX 10

/* One calibrated curve: an outcome at a unit, for the years from
 * first_year to review_year - 1. */
struct ob_outcome_curve {
	long id;		/* its row in the workspace, 0 if not stored */
	const struct ob_incentive_outcome *outcome;
	const struct ob_metric *metric;
	char unit[48];		/* "MCP" or a PCH code */
	ob_fy first_year, review_year;
	long contract_version;
	struct ob_calibration_params prm;
	struct ob_curve curve;
	/* the history it was calibrated from, oldest first */
	ob_fy hist_year[OB_HISTORY_MAX];
	double hist_value[OB_HISTORY_MAX], hist_se[OB_HISTORY_MAX];
	int n_history;
	char stored_at[21];
	long supersedes;	/* the curve it replaced, 0 if none */
};

/*
 * Where outcome `o` stands in `year`: 0 not paid; 1 a baselining year
 * (paid for data capture); 2 paid on a curve, whose calibration year
 * (first_year) is returned in *first: from + k x review_years.
 */
int ob_outcome_stage(const struct ob_contract *c,
		     const struct ob_incentive_outcome *o, ob_fy year,
		     ob_fy *first);

/*
 * The metric of an outcome in the history years of a curve, computed once
 * for every unit (an outcome judged per PCH calibrates one curve per PCH
 * from the same measures).  Zeroed by the caller; filled by the first
 * ob_outcome_calibrate() that gets it; release with
 * ob_outcome_history_release().
 */
struct ob_outcome_history {
	int filled;
	ob_fy year[OB_HISTORY_MAX];
	struct ob_measures ms[OB_HISTORY_MAX];
	int n;
};
void ob_outcome_history_release(struct ob_outcome_history *h);

/*
 * Calibrate the curve of outcome `o` at `unit_name` for the years from
 * `first`: baseline and its standard error from the year before, the
 * between-year variance from the `history_years` before that (and it), the
 * contract's parameters.  Standard errors come from the 95% limits
 * ((upper - lower) / 2z).  `hist` holds the history's measures for every
 * unit, computed on first use (the same `hist` for the same outcome and
 * first year).  OB_EINVAL (saying why) when the metric has no value in the
 * baseline year.
 */
enum ob_status ob_outcome_calibrate(const struct ob_contract *c,
				    long contract_version,
				    const struct ob_catalogue *cat,
				    const struct ob_model *m,
				    const struct ob_incentive_outcome *o,
				    ob_fy first, const char *unit_name,
				    struct ob_outcome_history *hist,
				    struct ob_outcome_curve *out,
				    struct ob_error *err);

/* Frozen curves in the workspace.  Find the latest curve of (metric, unit,
 * first_year): 1 found, 0 none. */
int ob_curve_find(struct ob_workspace *ws, const char *metric,
		  const char *unit, ob_fy first, struct ob_outcome_curve *out,
		  struct ob_error *err);
/* Store a new curve (superseding `supersedes`, 0 for none), with an audit
 * entry; the reason is required when superseding. */
enum ob_status ob_curve_store(struct ob_workspace *ws,
			      struct ob_outcome_curve *cv, long supersedes,
			      const char *reason, struct ob_error *err);

/*
 * The weights of the contract's outcomes against the weights stored: a
 * weight seen for the first time is stored; a changed weight is refused
 * (OB_EINVAL, naming the outcome) unless `force`, when the new weight is
 * stored with `reason` in the audit log.
 */
enum ob_status ob_weights_check(struct ob_workspace *ws,
				const struct ob_contract *c,
				long contract_version, int force,
				const char *reason, struct ob_error *err);

/* ---- money -------------------------------------------------------------- */

/*
 * Split the pot over outcomes by their points (largest remainder, so the
 * allocations sum to the pot) and earn each allocation times its reward
 * fraction, rounded half away from zero to the penny.
 */
enum ob_status ob_incentive_money(ob_pence pot, const int *points,
				  const double *fraction, size_t n,
				  ob_pence *allocation, ob_pence *earned,
				  struct ob_error *err);

/* ---- the year's incentives --------------------------------------------- */

struct ob_incentive_line {
	const struct ob_incentive_outcome *outcome;
	const struct ob_metric *metric;
	char unit[48];
	int stage;		 /* 1 baselining, 2 curve */
	struct ob_estimate est;	 /* the observed value and limits */
	int has_value;
	const char *why;	 /* no value: why */
	double coverage;	 /* baselining: share of practices with data */
	const struct ob_outcome_curve *curve; /* stage 2 */
	double position;	 /* u = d (y - b) on the curve */
	double fraction;	 /* reward fraction */
	ob_pence allocation, earned;
};

struct ob_standard_line {
	const struct ob_national_standard *standard;
	const struct ob_metric *metric;
	struct ob_estimate est;
	int has_value, breach;
	ob_pence sanction;
};

struct ob_incentives_result {
	ob_fy year;
	ob_pence contract_budget, pot;
	double pot_share;
	struct ob_incentive_line *lines;
	size_t n_lines;
	struct ob_outcome_curve *curves; /* owned, referenced by lines */
	size_t n_curves;
	struct ob_standard_line *standards;
	size_t n_standards;
	/* local quality and assurance outcomes: reported, not paid */
	struct ob_measures local;
	ob_pence earned, sanctions, net;
	size_t calibrated_now; /* curves calibrated and stored by this run */
};

/*
 * The incentives of `year`: curves are taken from the workspace (frozen)
 * or, the first time, calibrated and - when `store` - stored; when
 * `store`, weights are checked and recorded (ob_weights_check, not
 * forced).  With `store` 0 nothing is written to the workspace (what-if,
 * reports): a missing curve is calibrated in memory only.
 * `contract_budget` is the year's contract budget (budget.h).
 */
enum ob_status ob_incentives_compute(struct ob_workspace *ws,
				     const struct ob_contract *c,
				     long contract_version,
				     const struct ob_catalogue *cat,
				     const struct ob_model *m, ob_fy year,
				     int store, ob_pence contract_budget,
				     const struct ob_budget_unit *pch,
				     size_t n_pch,
				     struct ob_incentives_result *out,
				     struct ob_error *err);
void ob_incentives_release(struct ob_incentives_result *r);

enum ob_status ob_incentives_write(const struct ob_incentives_result *r,
				   int format, FILE *out,
				   struct ob_error *err);

#endif
