/*
 * settle-year.h - a contract year's settlement from a workspace: its inputs
 * gathered from the budget, incentives, out-of-area pricing and ledger
 * (settle.h computes the statement), and settled statements stored
 * immutably, each re-settlement a new version linked to the one before
 * (docs/settlement.md).
 */
#ifndef ONEBUDGET_SETTLE_YEAR_H
#define ONEBUDGET_SETTLE_YEAR_H

#include "onebudget/catalogue.h"
#include "onebudget/contract.h"
#include "onebudget/model.h"
#include "onebudget/settle.h"
#include "onebudget/tariff.h"
#include "onebudget/workspace.h"

/*
 * The inputs of `year`'s statement.  The model must hold the years the
 * budget and the incentives need.  `oa` receives the out-of-area events
 * (priced and exceptions; release with ob_out_of_area_release()).  Out-of-
 * area charges count for the share of each setting the contract funds (as
 * the budget's costs do), and the same events' open-book cost leaves the
 * MCP's own spend, so nothing is counted twice.  `store` as for
 * ob_incentives_compute(): 0 writes nothing (what-if, reports).
 */
enum ob_status ob_settle_gather(struct ob_workspace *ws,
				const struct ob_contract *c,
				long contract_version,
				const struct ob_catalogue *cat,
				const struct ob_model *m, ob_fy year, int store,
				struct ob_settle_inputs *in,
				struct ob_out_of_area_result *oa,
				struct ob_error *err);

/* The same from the year's budget (its `year` is the year settled) and
 * incentives (NULL: none) already computed, as the report has them. */
struct ob_budget;
struct ob_incentives_result;
enum ob_status ob_settle_gather_with(struct ob_workspace *ws,
				     const struct ob_contract *c,
				     long contract_version,
				     const struct ob_model *m,
				     const struct ob_budget *b,
				     const struct ob_incentives_result *inc,
				     struct ob_settle_inputs *in,
				     struct ob_out_of_area_result *oa,
				     struct ob_error *err);

/* A stored settlement (table `settlement`). */
struct ob_settlement_info {
	long id;
	ob_fy year;
	int version;	  /* 1, 2, ... for the year */
	long supersedes;  /* the settlement it replaces, 0 for none */
	long contract_version, extract_id;
	char statement_sha256[OB_SHA256_HEX_LEN + 1]; /* of statement.csv */
	char xlsx_sha256[OB_SHA256_HEX_LEN + 1];
	char dir[512];	  /* where its files are */
	char created_at[21], who[64], reason[256];
};

/* The latest settlement of a year: 1 found, 0 none, -1 error. */
int ob_settlement_find(struct ob_workspace *ws, ob_fy year,
		       struct ob_settlement_info *out, struct ob_error *err);

/* Store a settlement (its info filled by the caller but id, version,
 * created_at and who), with an audit entry ("settlement.settle" or, when
 * it supersedes another, "settlement.resettle" with the reason). */
enum ob_status ob_settlement_store(struct ob_workspace *ws,
				   struct ob_settlement_info *info,
				   const char *csv, const char *json,
				   struct ob_error *err);

#endif
