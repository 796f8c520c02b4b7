/*
 * budget.h - the capitated budget of a contract year: the bridge from the
 * base year, the risk-adjusted capitation per person with its validation,
 * the budgets of primary care homes, localities, practices and segments,
 * and affordability against the commissioners' allocations
 * (docs/budget.md).
 *
 * Money is integer pence throughout; every step of the bridge is a named
 * line, and every split is by largest remainder (money.h), so parts sum
 * exactly to their whole.
 */
#ifndef ONEBUDGET_BUDGET_H
#define ONEBUDGET_BUDGET_H

#include <stdio.h>

#include "onebudget/contract.h"
#include "onebudget/model.h"

/* ---- the bridge --------------------------------------------------------- */

enum ob_bridge_kind {
	OB_BRIDGE_BASE,	      /* lines in scope at the start, base values */
	OB_BRIDGE_SCOPE,      /* a line entering the scope later */
	OB_BRIDGE_GROWTH,     /* pre-agreed population growth */
	OB_BRIDGE_POPULATION, /* actual registered exposure against it */
	OB_BRIDGE_INFLATION,
	OB_BRIDGE_PRODUCTIVITY,
	OB_BRIDGE_MIX,	      /* change in segment / age-sex mix */
	OB_BRIDGE_TOTAL,      /* a subtotal (the contract budget) */
	OB_BRIDGE_TOP_SLICE,
	OB_BRIDGE_CAPITATION, /* the total split by capitation */
};

#define OB_BRIDGE_MAX 64

struct ob_bridge_line {
	enum ob_bridge_kind kind;
	char name[96];	  /* e.g. "inflation 2018/19 (2.1%)" */
	char how[160];	  /* how it was computed, for the statement */
	ob_pence amount;  /* the change (or the subtotal) */
	ob_pence running; /* the running total after this line */
};

/* ---- the capitation model ----------------------------------------------- */

#define OB_CAPITATION_MAX_TERMS 96

struct ob_capitation_term {
	char name[48];	   /* "female 75-84", "segment long_decline", ... */
	double coefficient; /* pounds a year */
	double people;	   /* person-years with the term set (fitting) */
};

/* One row of a predictive-ratio table: predicted over actual cost. */
struct ob_predictive_ratio {
	char group[48];	       /* "decile 3", a PCH code */
	double person_years;
	double predicted, actual; /* pounds */
	double ratio;
};

struct ob_capitation_validation {
	ob_fy fit_from, fit_to; /* characteristics of fit_from predict the
				 * costs of fit_to */
	size_t people;		/* people in the fit */
	double r2_person;	/* person level, weighted by exposure */
	double r2_practice;	/* practice cost per head, weighted by
				 * person-years */
	struct ob_predictive_ratio deciles[10];
	struct ob_predictive_ratio *by_pch;
	size_t n_pch;
	size_t practices;
	size_t practices_off_10; /* capitation share differs from the actual
				  * cost share by 10% or more */
	const char *note;	 /* a caveat (static text), or NULL */
};

/* A unit's capitation beside its open-book cost. */
struct ob_budget_unit {
	char name[48];
	double person_years;
	ob_pence capitation;  /* sum of its people's prices */
	ob_pence actual_cost; /* open-book cost in scope, the same year */
	ob_pence cost_based;  /* segments only: the capitated budget split by
			       * actual cost */
};

/* ---- affordability ------------------------------------------------------ */

struct ob_affordability_year {
	ob_fy year;
	ob_pence budget;	/* the bridge's contract budget (pre-agreed
				 * adjustments only after the data ends) */
	ob_pence standing_still; /* base scope uplifted by growth and
				  * inflation, no efficiency */
	ob_pence allocation;	/* the contract's allocation */
	ob_pence gap;		/* budget - allocation */
	ob_pence lost_purchasing_power; /* standing_still - allocation */
	double efficiency_needed;	/* gap / budget */
};

struct ob_budget {
	ob_fy year;
	const struct ob_contract *contract;
	struct ob_bridge_line bridge[OB_BRIDGE_MAX];
	size_t n_bridge;
	ob_pence contract_budget; /* before top-slices */
	ob_pence capitated;	  /* after top-slices: split by capitation */
	/* the model */
	struct ob_capitation_term terms[OB_CAPITATION_MAX_TERMS];
	size_t n_terms;
	struct ob_capitation_validation validation;
	/* per person of the year's registered population (model order of
	 * person-years of `year`): the price, pence */
	uint32_t *person;
	ob_pence *price;
	size_t n_people;
	/* by unit, each list summing to `capitated` */
	struct ob_budget_unit *pch, *locality, *practice, *segment;
	size_t n_pch, n_locality, n_practice, n_segment;
	struct ob_affordability_year *afford;
	size_t n_afford;
	int shadow; /* the year is the shadow year */
};

/*
 * The budget of `year` (from the shadow year to the contract's last) from
 * the contract and the model, which must hold person-years of the base
 * year, the year before `year`, and `year`.  Errors name what is missing
 * (e.g. no person-years of the base year).  Release with
 * ob_budget_release().
 */
enum ob_status ob_budget_compute(const struct ob_contract *c,
				 const struct ob_model *m, ob_fy year,
				 struct ob_budget *out, struct ob_error *err);
void ob_budget_release(struct ob_budget *b);

enum ob_budget_format {
	OB_BUDGET_TABLE,
	OB_BUDGET_CSV,
	OB_BUDGET_JSON,
};
enum ob_status ob_budget_write(const struct ob_budget *b,
			       enum ob_budget_format f, FILE *out,
			       struct ob_error *err);

/*
 * Split `total` over n people in proportion to `weight` (predicted cost x
 * exposure) by largest remainder, so the prices sum to it exactly; when
 * every weight is 0 (a model that predicts nothing, e.g. no costs), by
 * `exposure` instead, with a note saying so.  Any unit's budget is then a
 * sum of prices, and the units of a partition sum to `total`.
 */
enum ob_status ob_budget_split(ob_pence total, const double *weight,
			       const double *exposure, size_t n,
			       ob_pence *price, const char **note,
			       struct ob_error *err);

/* The share of each activity setting's open-book cost that the lines in
 * scope in `year` fund: the largest `share` of a line in scope whose
 * `settings` include it (docs/budget.md, "Cost"). */
void ob_budget_setting_shares(const struct ob_contract *c, ob_fy year,
			      double f[OB_SET_COUNT]);

/* Least squares with weights: beta minimising sum w (y - x.beta)^2 from
 * the accumulated X'WX (k x k, row-major) and X'Wy, by Cholesky; columns
 * whose pivot is not positive (no people, or collinear) get 0 and are
 * flagged in dropped[] (may be NULL).  Exposed for tests. */
enum ob_status ob_least_squares(double *xtx, const double *xty, size_t k,
				double *beta, int *dropped,
				struct ob_error *err);

#endif
