/*
 * settle.h - the settlement of a contract year: the risk-share / gain-share
 * pools, out-of-area charges, incentives and sanctions, the commissioner's
 * cap and the alliance split, as one numbered statement in which every
 * line says how it was computed from earlier lines (docs/settlement.md).
 *
 * The arithmetic (ob_settle_statement) is a pure function of its inputs,
 * so hand-worked cases can drive it directly (`onebudget settle --case`);
 * ob_settle_inputs() gathers those inputs for a workspace year from the
 * budget, incentives, tariff pricing and ledger.
 */
#ifndef ONEBUDGET_SETTLE_H
#define ONEBUDGET_SETTLE_H

#include <stdio.h>

#include "onebudget/error.h"
#include "onebudget/money.h"

#define OB_SETTLE_MAX_POOLS 4
#define OB_SETTLE_MAX_MEMBERS 16
#define OB_SETTLE_MAX_LINES 96

/* One risk-share pool: its budget (the level spend is judged against) and
 * its actual spend, with the year's terms. */
struct ob_settle_pool {
	char id[32], name[96];
	ob_pence budget, actual;
};

struct ob_settle_terms {
	double corridor;       /* |V| <= corridor x budget: nothing shared */
	double gain_share;     /* provider's share of a saving */
	double loss_share;     /* of a loss; 0: upside only */
	double gain_cap, loss_cap; /* shares of the pool's budget */
	ob_pence surplus_target;   /* cap on the commissioner's total gain */
	int excess_to_provider;	   /* 1: above the target to the provider,
				    * 0: to a reinvestment fund */
	int quality_gate;	   /* provider gains x outcome achievement */
};

struct ob_settle_member {
	char id[32], name[96];
	double share;	      /* fixed split; or */
	ob_pence contract_value; /* pro rata to contract value */
};

struct ob_settle_inputs {
	char year[8];		/* "2021/22" */
	ob_pence contract_budget, top_slices, capitated;
	ob_pence pot, earned, sanctions;
	ob_pence out_of_area;	/* charges at tariff / local prices */
	long out_of_area_events, out_of_area_exceptions;
	struct ob_settle_pool pools[OB_SETTLE_MAX_POOLS];
	size_t n_pools;		/* the first is the MCP budget's */
	struct ob_settle_terms terms;
	struct ob_settle_member members[OB_SETTLE_MAX_MEMBERS];
	size_t n_members;
	int split_by_value;	/* members by contract_value, else share */
	/* provenance, printed with the statement */
	char contract[160], extract[160], engine[64];
};

struct ob_settle_line {
	int no;
	char part[24];	/* "budget", "incentives", "pool:acute", ... */
	char name[96];
	ob_pence amount;
	char how[200];	/* from earlier lines: "= line 3 - line 4", ... */
};

struct ob_statement {
	struct ob_settle_inputs in;
	struct ob_settle_line lines[OB_SETTLE_MAX_LINES];
	size_t n;
	ob_pence provider_total;   /* the MCP's net result */
	ob_pence commissioner_total;
	ob_pence payment;	   /* year-end transfer, commissioner -> MCP
				    * (negative: the MCP pays back) */
	ob_pence reinvestment;	   /* to the reinvestment fund */
};

/* Compute the statement.  OB_EINVAL for inconsistent inputs (e.g. no
 * pools, shares outside [0, 1]). */
enum ob_status ob_settle_statement(const struct ob_settle_inputs *in,
				   struct ob_statement *out,
				   struct ob_error *err);

/*
 * Read inputs from a case file: `key = value` lines, `#` comments.  Keys:
 * year, contract_budget, top_slices, pot, earned, sanctions, out_of_area,
 * out_of_area_events, out_of_area_exceptions, corridor, gain_share,
 * loss_share, gain_cap, loss_cap, surplus_target, excess_to (provider or
 * reinvestment), quality_gate (yes/no), pool (id, name, budget, actual:
 * `pool = acute, Acute spend, 50000000.00, 48000000.00`; the first pool is
 * the MCP budget's), member (`member = clch, CLCH, 0.3` or with
 * `split = contract_value`, the value in pounds), split.  Errors name the
 * file, line and key.
 */
enum ob_status ob_settle_read_case(const char *path,
				   struct ob_settle_inputs *in,
				   struct ob_error *err);

/* The statement as CSV (`no,part,line,amount,how`), JSON, or a table. */
enum ob_status ob_statement_write(const struct ob_statement *s, int format,
				  FILE *out, struct ob_error *err);

#endif
