/*
 * contract.h - the contract file: who the parties are, the years of the
 * contract, the budget lines in its scope and when each enters it, the
 * top-slices, the growth, inflation and efficiency assumptions and the
 * commissioners' allocations, the variables of the capitation, the
 * outcome incentives, the risk-share / gain-share, the pricing of
 * out-of-area activity and the alliance split (docs/contract.md, key by
 * key).
 *
 * The contract is a commented YAML file, validated completely: every fault
 * is reported as `source:line:column: message` naming the key, what was
 * expected and an example, e.g.
 *
 *     westminster.yaml:88:13: 'share' of budget line 'ACUTE' is 1.5
 *     (expected a fraction above 0 and below 1 for a line partly in scope)
 *
 * The shipped contract is data/contracts/westminster.yaml, embedded in the
 * binary (refdata.h) and loaded by ob_contract_load_default().  A
 * workspace keeps every version of the contract text it was given,
 * immutably, by its SHA-256 (workspace.h, "Contract versions").
 *
 * Units: money is ob_pence (the file carries pounds with up to two
 * decimals, read exactly); financial years are ob_fy; shares and rates are
 * fractions (0.011 is 1.1%).
 *
 * Ownership: a `struct ob_contract` owns every string and array reachable
 * from it, and a copy of the text it was parsed from; all of it lives until
 * ob_contract_free().  Nothing is shared with the caller's input.
 */
#ifndef ONEBUDGET_CONTRACT_H
#define ONEBUDGET_CONTRACT_H

#include <stddef.h>

#include "onebudget/arena.h"
#include "onebudget/date.h"
#include "onebudget/error.h"
#include "onebudget/hash.h"
#include "onebudget/money.h"
#include "onebudget/population.h" /* enum ob_pop_basis: registered, resident */

struct ob_catalogue; /* catalogue.h */

enum ob_party_role {
	OB_PARTY_COMMISSIONER, /* pays: a CCG, a council */
	OB_PARTY_MCP,	       /* the accountable care provider */
	OB_PARTY_ALLIANCE,     /* a provider in the MCP's alliance */
};

struct ob_party {
	const char *id; /* [a-z][a-z0-9_]*, unique across all parties */
	const char *name;
	const char *ods; /* ODS code (3 to 6 of A-Z 0-9), or NULL */
	enum ob_party_role role;
	long line; /* line of its entry in the file */
};

/* How much of a budget line the MCP holds (`scope`). */
enum ob_scope {
	OB_SCOPE_IN,	 /* "in": the whole line */
	OB_SCOPE_PARTLY, /* "partly": `share` of it */
	OB_SCOPE_OUT,	 /* "out": listed for completeness, never held */
};

/*
 * A budget line: a code of the commissioner's ledger (ledger.csv's
 * budget_line), its base-year value and how it enters the scope.
 * `settings` is a bitmask of (1u << enum ob_setting) (dataset.h): the
 * activity settings whose open-book costs the line funds; 0 when the line
 * funds no person-level activity (commissioning costs).
 */
struct ob_budget_line {
	const char *id; /* ledger code, [A-Z][A-Z0-9_]*, unique */
	const char *name;
	const char *commissioner; /* id of a commissioner party */
	ob_pence base_value;	  /* value in the base year, >= 0 */
	enum ob_scope scope;
	/* fraction held: 1 for in, (0, 1) for partly, 0 for out */
	double share;
	int illustrative;      /* 1: a value the seeds do not give */
	ob_fy from;	       /* first year in the operational scope (in and
				* partly; the shadow year unless given) */
	const char *variation; /* id of the scheduled variation that brings
				* it in, or NULL */
	unsigned settings;
	long line;
};

/* A change of scope agreed up front: lines enter in `year`. */
struct ob_variation {
	const char *id;
	const char *name;
	ob_fy year; /* after the shadow year, at most the last */
	const char *description;
	long line;
};

/* Money taken off the capitated budget before it is split (e.g. network
 * management): either `share` of the year's budget or `amount` a year. */
struct ob_top_slice {
	const char *id;
	const char *name;
	double share;	 /* (0, 0.25], or 0 when `amount` is given */
	ob_pence amount; /* > 0, or 0 when `share` is given */
	/* first year taken (the shadow year unless given) */
	ob_fy from;
	int illustrative;
	long line;
};

/* The agreed adjustments of one financial year (fractions a year). */
struct ob_assumptions {
	ob_fy year;
	double population_growth; /* e.g. 0.009 */
	double inflation;	  /* e.g. 0.021 */
	double productivity;	  /* efficiency requirement, e.g. 0.011 */
	/* the commissioners' funding available for the services in scope
	 * that year (affordability) */
	ob_pence allocation;
	int illustrative;
	long line;
};

/* Risk-adjustment variables of the capitation (`capitation.variables`). */
enum ob_capitation_variable {
	OB_CAPVAR_AGE_SEX,
	OB_CAPVAR_DEPRIVATION,
	OB_CAPVAR_SEGMENT,
	OB_CAPVAR_CONDITIONS,
	OB_CAPVAR_LIVING_ALONE,
	OB_CAPVAR_PRIOR_COST, /* influenceable by the provider */
	OB_CAPVAR_PRIOR_USE,  /* influenceable by the provider */
};
#define OB_CAPVAR_COUNT 7

#define OB_CONTRACT_MAX_AGE_BANDS 32

struct ob_capitation_spec {
	unsigned variables; /* bitmask of (1u << ob_capitation_variable) */
	int age_bands[OB_CONTRACT_MAX_AGE_BANDS]; /* lower bounds, from 0,
						   * ascending */
	size_t n_age_bands;
	int allow_influenceable; /* prior_cost / prior_use allowed */
};

/* Where a pay-for-performance outcome is judged (`unit`). */
enum ob_outcome_unit {
	OB_OUTCOME_MCP, /* "mcp": the whole MCP on one reward curve */
	OB_OUTCOME_PCH, /* "pch": each primary care home on its own curve */
};

/*
 * A pay-for-performance outcome (`incentives.outcomes`): a metric of the
 * outcomes catalogue (category pay_for_performance; checked against the
 * catalogue by ob_contract_check_catalogue(), not by the parser), paid on
 * its reward curve from `from` to the last year.  An outcome with a
 * baselining year is paid in that year for complete data capture, and its
 * curve for `from` is calibrated from it.  Improvements are in the
 * metric's units, in its good direction.
 */
struct ob_incentive_outcome {
	const char *metric;  /* catalogue metric id, unique among outcomes */
	ob_fy from;	     /* first year paid on the curve (shadow..last) */
	ob_fy baseline_year; /* a baselining year before `from` (and not
			      * before the shadow year), or 0 */
	int weight;	     /* points, 1..1000; the year's pot is split
			      * among the outcomes paid that year in
			      * proportion to their points */
	enum ob_outcome_unit unit;
	double expected_improvement; /* delta, >= 0 (default 0) */
	double target_improvement;   /* Delta for the noise check, > 0 */
	long line;		     /* line of its entry */
	int illustrative;
	/* position of the `metric` value, for ob_contract_check_catalogue */
	long metric_line, metric_column;
};

/*
 * A national standard with a sanction (`incentives.national_standards`):
 * a catalogue metric of category national_standard with a direction.  In
 * a year from `from` on whose value is worse than `standard` (by the
 * metric's direction) the sanction is deducted from the incentive
 * payment: `sanction` pounds, or `sanction_share` of the year's contract
 * budget (exactly one of the two is non-zero).
 */
struct ob_national_standard {
	const char *metric;    /* catalogue metric id, unique among
				* standards */
	ob_fy from;	       /* shadow..last; the shadow year unless
				* given */
	double standard;       /* in the metric's units */
	ob_pence sanction;     /* money > 0, or 0 when sanction_share is
				* given */
	double sanction_share; /* (0, 0.25] of the contract budget, or 0 */
	long line;	       /* line of its entry */
	int illustrative;
	long metric_line, metric_column; /* position of `metric` */
};

/* The pot of one year: `share` of the year's contract budget before
 * top-slices, in [0, 0.25]. */
struct ob_pot_year {
	ob_fy year;
	double share;
	long line;
	int illustrative;
};

/*
 * The outcome incentives (`incentives`, optional).  When the file has no
 * `incentives` section `present` is 0, the lists are empty and the
 * parameters hold their defaults.  The calibration parameters are those
 * of calibrate.h (DESIGN.md "Reward curve").
 */
struct ob_incentives {
	int present;		 /* 0 when the file has no `incentives` */
	struct ob_pot_year *pot; /* shadow..last, one per year, in order */
	size_t n_pot;
	double p;	   /* P(reward >= r | expected trajectory), (0.5, 1);
			    * default 0.95 */
	double r;	   /* (0, 1); default 0.90 */
	double p0;	   /* (p, 1); default 0.999 */
	double alpha;	   /* (0, 0.5); default 0.05 */
	double power;	   /* noise-check threshold, (0, 1); default 0.80 */
	int history_years; /* years of history for the between-year
			    * variance, 2..10; default 3 */
	int review_years;  /* curves frozen this many years, then reviewed;
			    * 1..10; default 3 */
	double coverage_threshold; /* a baselining year pays for data
				    * capture at or above this share;
				    * (0, 1]; default 0.95 */
	struct ob_incentive_outcome *outcomes; /* in file order */
	size_t n_outcomes;
	struct ob_national_standard *standards; /* in file order */
	size_t n_standards;
	long line; /* line of the section, 0 when absent */
};

/*
 * The risk-share / gain-share (`risk_share`, optional; DESIGN.md "Pools").
 * Each pool's variance V = budget - actual (positive = a saving) is split
 * between commissioner and provider by the year's terms: nothing is shared
 * inside the corridor |V| <= corridor x budget; outside it the provider
 * takes gain_share of a saving, capped at gain_cap x budget, and
 * loss_share of a loss, capped at loss_cap x budget.  The commissioner's
 * gain across the pools is capped at surplus_target; the excess goes to
 * `excess_to`.
 */
enum ob_pool_kind {
	OB_POOL_BUDGET, /* "budget": the MCP's capitated budget */
	OB_POOL_ACUTE,	/* "acute": acute spend against its anticipated
			 * level */
};

struct ob_pool {
	const char *id, *name;	 /* id: identifier, unique among pools */
	enum ob_pool_kind kind;	 /* at most one pool of kind budget */
	const char *ledger_line; /* acute: the budget line whose ledger spend
				  * is the actual; NULL for budget */
	ob_pence baseline;	 /* acute: base-year spend (>= 0); 0 for
				  * budget */
	long line;
};

enum ob_excess_to {
	OB_EXCESS_PROVIDER,	/* "provider" */
	OB_EXCESS_REINVESTMENT, /* "reinvestment": a reinvestment fund */
};

/* The terms of one year; shares and caps are fractions, caps of the
 * pool's budget. */
struct ob_risk_year {
	ob_fy year;
	double corridor;	 /* [0, 0.2] */
	double gain_share;	 /* [0, 1]: the provider's share of a saving */
	double loss_share;	 /* [0, 1]: of a loss; 0: upside-only */
	double gain_cap;	 /* [0, 1] */
	double loss_cap;	 /* [0, 1]; 0 when loss_share is 0 */
	ob_pence surplus_target; /* >= 0: cap on the commissioner's total
				  * gain across the pools */
	enum ob_excess_to excess_to; /* where gain above the target goes */
	int quality_gate;	     /* 1: provider gain x outcome
				      * achievement; default 0 */
	double acute_impact;	     /* [0, 0.5]: the MCP's planned reduction of
				      * anticipated acute spend; default 0 */
	int illustrative;
	long line;
};

struct ob_risk_share {
	int present;	       /* 0 when the file has no `risk_share` */
	struct ob_pool *pools; /* in file order, at least one */
	size_t n_pools;
	struct ob_risk_year *years; /* shadow..last, one per year, in order */
	size_t n_years;
	long line; /* line of the section, 0 when absent */
};

/*
 * Out-of-area activity (`out_of_area`, optional; DESIGN.md part 9): care of
 * registered people by providers outside the local system (providers.csv
 * in_system = N, plus `outside_providers`) is charged to the MCP at
 * national tariff x the provider's market forces factor, or at a local
 * price where one is agreed.  Lookup: ob_contract_local_price().
 */
struct ob_local_price {
	const char *provider; /* ODS code; NULL: any provider */
	const char *hrg;      /* HRG4+ code, e.g. WF01A */
	const char *pod;      /* point of delivery: "EL", "NEL", "OP" or
			       * "AE" (static strings) */
	ob_pence price;	      /* > 0, per unit of activity */
	long line;
};

struct ob_out_of_area {
	int present; /* 0 when the file has no `out_of_area` */
	const char **outside_providers; /* ODS codes, each once, or NULL */
	size_t n_outside;
	struct ob_local_price *local_prices; /* in file order, or NULL;
					      * (provider, hrg, pod) unique */
	size_t n_local_prices;
	long line; /* line of the section, 0 when absent */
};

/* How the provider side's result is split among the alliance members
 * (`alliance`, optional; DESIGN.md part 10). */
enum ob_split_rule {
	OB_SPLIT_FIXED,		 /* "fixed": `share` each, summing to 1 */
	OB_SPLIT_CONTRACT_VALUE, /* "contract_value": pro rata to
				  * `contract_value` */
};

struct ob_alliance_member {
	const char *party;	 /* id of a party of role alliance, once */
	double share;		 /* fixed: (0, 1]; else 0 */
	ob_pence contract_value; /* contract_value: > 0; else 0 */
	long line;
};

struct ob_alliance_rule {
	int present; /* 0 when the file has no `alliance` */
	enum ob_split_rule rule;
	struct ob_alliance_member *members; /* in file order */
	size_t n_members;
	long line; /* line of the section, 0 when absent */
};

struct ob_contract {
	/* `contract` */
	const char *id;
	const char *title;
	const char *description; /* or NULL */
	enum ob_pop_basis basis;
	/* `parties`: commissioners first, then the MCP, then the alliance */
	struct ob_party *parties;
	size_t n_parties;
	size_t n_commissioners, n_alliance;
	const struct ob_party *mcp;
	/* `years`: base < shadow < first_full <= last */
	ob_fy base, shadow, first_full, last;
	struct ob_budget_line *lines; /* in file order */
	size_t n_lines;
	struct ob_variation *variations;
	size_t n_variations;
	struct ob_top_slice *top_slices;
	size_t n_top_slices;
	struct ob_assumptions *assumptions; /* base + 1 .. last, in order */
	size_t n_assumptions;
	struct ob_capitation_spec capitation;
	struct ob_incentives incentives;
	struct ob_risk_share risk_share;
	struct ob_out_of_area out_of_area;
	struct ob_alliance_rule alliance_rule;
	/* 1 once ob_contract_what_if() has changed a term: the terms are no
	 * longer those of `text`; the assignments applied, in order, are
	 * what_if_assignments[0 .. n_what_if) ("KEY=VALUE") */
	int what_if;
	const char **what_if_assignments;
	size_t n_what_if;
	/* the input */
	const char *source; /* the name given to the parser */
	const char *text;   /* a copy of the exact text, NUL-terminated */
	size_t text_len;
	char sha256[OB_SHA256_HEX_LEN + 1]; /* of the exact text */
	struct ob_arena arena;		    /* owns everything above */
};

/*
 * Parse and validate a contract from `len` bytes of YAML.  `source` names
 * the input in messages (e.g. "westminster.yaml").  On success `*out` is a
 * new contract to release with ob_contract_free().  On failure `*out` is
 * NULL and `err` holds the first fault: OB_EPARSE for malformed YAML,
 * OB_EINVAL for a document that breaks the contract's rules, with the
 * source, 1-based line and column and a message saying what was expected;
 * OB_ENOMEM or OB_ECRYPTO (hashing) otherwise.
 */
enum ob_status ob_contract_parse(const char *text, size_t len,
				 const char *source, struct ob_contract **out,
				 struct ob_error *err);

/* The shipped contract (data/contracts/westminster.yaml), source name
 * "westminster.yaml". */
enum ob_status ob_contract_load_default(struct ob_contract **out,
					struct ob_error *err);

/* Read and parse the file at `path` (source name: the path).  OB_EIO when
 * it cannot be read. */
enum ob_status ob_contract_load_file(const char *path, struct ob_contract **out,
				     struct ob_error *err);

/* Release a contract and everything it owns; NULL is allowed. */
void ob_contract_free(struct ob_contract *c);

/* Lookups; NULL when there is none.  Linear: contracts are small. */
const struct ob_budget_line *ob_contract_line(const struct ob_contract *c,
					      const char *id);
const struct ob_party *ob_contract_party(const struct ob_contract *c,
					 const char *id);
const struct ob_variation *ob_contract_variation(const struct ob_contract *c,
						 const char *id);
const struct ob_assumptions *
ob_contract_assumptions(const struct ob_contract *c, ob_fy year);

/* 1 when `line` is in the operational scope of `year`: in or partly in
 * scope, from <= year, and year within the contract (<= last). */
int ob_contract_line_in_scope(const struct ob_contract *c,
			      const struct ob_budget_line *line, ob_fy year);

/*
 * The operational scope of `year`: the lines in scope that year, in file
 * order, into out[] (room for c->n_lines); returns how many.  `total`, if
 * not NULL, receives the sum of their held base-year values.
 */
size_t ob_contract_scope(const struct ob_contract *c, ob_fy year,
			 const struct ob_budget_line **out, ob_pence *total);

/* The base-year value of the part of a line the MCP holds: base_value x
 * share rounded half away from zero to the penny; 0 for a line out of
 * scope. */
ob_pence ob_budget_line_held_value(const struct ob_budget_line *line);

/*
 * Check the contract's references to the outcomes catalogue `cat`, which
 * the parser cannot see: every outcome's metric exists, has category
 * pay_for_performance and a direction; every national standard's metric
 * exists, has category national_standard and a direction (a breach is a
 * value worse than the standard).  OB_OK, or OB_EINVAL with the contract's
 * source and the line and column of the `metric` value in `err`.
 */
enum ob_status ob_contract_check_catalogue(const struct ob_contract *c,
					   const struct ob_catalogue *cat,
					   struct ob_error *err);

/* The pot of `year` as a share of its contract budget; 0 when the
 * contract has no incentives or `year` is outside shadow..last. */
double ob_contract_pot_share(const struct ob_contract *c, ob_fy year);

/* 1 when outcome `o` is paid in `year`: its baselining year, or from
 * `from` to the last year; else 0. */
int ob_outcome_paid(const struct ob_contract *c,
		    const struct ob_incentive_outcome *o, ob_fy year);

/* The pay-for-performance outcome on `metric`, or NULL. */
const struct ob_incentive_outcome *
ob_contract_outcome(const struct ob_contract *c, const char *metric);

/* The risk-share terms of `year`; NULL when the contract has no
 * risk_share or `year` is outside shadow..last. */
const struct ob_risk_year *ob_contract_risk_year(const struct ob_contract *c,
						 ob_fy year);

/* The pool with id `id`, or NULL. */
const struct ob_pool *ob_contract_pool(const struct ob_contract *c,
				       const char *id);

/*
 * The local price of activity at `provider` (an ODS code) with `hrg` and
 * point of delivery `pod`: the first entry for that provider, hrg and pod,
 * else the first for any provider with that hrg and pod; NULL when none
 * (the activity is charged at national tariff x MFF).
 */
const struct ob_local_price *
ob_contract_local_price(const struct ob_contract *c, const char *provider,
			const char *hrg, const char *pod);

/*
 * Change one term of a parsed contract in memory, for negotiation
 * ("what-if"): `assignment` is KEY=VALUE, the value read as YAML and
 * checked by the same rule as in the file.  Keys:
 *
 *     risk_share.YEAR.FIELD       FIELD: corridor, gain_share, loss_share,
 *                                 gain_cap, loss_cap, surplus_target,
 *                                 excess_to, quality_gate or acute_impact
 *     incentives.pot.YEAR         the pot's share of the year
 *     alliance.MEMBER.share       split fixed
 *     alliance.MEMBER.contract_value   split contract_value
 *
 * YEAR is a financial year (2021/22).  On success the term is changed,
 * c->what_if is set and the assignment recorded; on failure nothing
 * changes and `err` (OB_EINVAL, or OB_ENOMEM) names the assignment and
 * what was expected, without a file position, e.g.
 *
 *     what-if 'risk_share.2021/22.gain_shar': unknown field (expected
 *     corridor, gain_share, ...)
 *
 * Rules between terms (the alliance shares summing to 1, a loss cap only
 * with a loss share) are not checked here, so that several assignments
 * can be made in turn: call ob_contract_check() after the last.
 */
enum ob_status ob_contract_what_if(struct ob_contract *c,
				   const char *assignment,
				   struct ob_error *err);

/*
 * The rules between terms that what-if assignments can break, checked
 * again: in every risk-share year a loss_cap of 0 when loss_share is 0;
 * the fixed alliance shares summing to 1 (within 1e-9); a pot above 0
 * only in a year some outcome is paid.  OB_OK, or OB_EINVAL with the
 * contract's source and the line of the term in the file (no column).
 */
enum ob_status ob_contract_check(const struct ob_contract *c,
				 struct ob_error *err);

/* YAML names ("partly", "resident", "commissioner", "prior_cost", "pch",
 * "acute", "reinvestment", "contract_value"). */
const char *ob_scope_name(enum ob_scope s);
const char *ob_population_basis_name(enum ob_pop_basis b);
const char *ob_party_role_name(enum ob_party_role r);
const char *ob_capitation_variable_name(enum ob_capitation_variable v);
const char *ob_outcome_unit_name(enum ob_outcome_unit u);
const char *ob_pool_kind_name(enum ob_pool_kind k);
const char *ob_excess_to_name(enum ob_excess_to e);
const char *ob_split_rule_name(enum ob_split_rule r);

#endif
