/*
 * settle-year.c - gather the inputs of a contract year's settlement from a
 * workspace: the budget, the incentives, out-of-area care priced at tariff,
 * the commissioner's ledger, the contract's risk-share terms and alliance
 * rule; then store a settled statement, immutably (settle-year.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "onebudget/budget.h"
#include "onebudget/incentives.h"
#include "onebudget/settle-year.h"

#include "onebudget/banned.h"

/* The ledger's spend on a budget line in a year, pence. */
static enum ob_status ledger_spend(struct ob_workspace *ws, long extract,
				   const char *line, ob_fy year,
				   ob_pence *out, struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s;
	enum ob_status st = OB_OK;

	*out = 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT coalesce(sum(amount), 0) FROM ledger "
			       "WHERE extract_id = ?1 AND financial_year = ?2 "
			       "AND budget_line = ?3",
			       -1, &s, NULL) != SQLITE_OK)
		return ob_error_set(err, OB_EDB, NULL, 0, 0,
				    "reading the ledger: %s",
				    sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, extract);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_text(s, 3, line, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = (ob_pence)sqlite3_column_int64(s, 0);
	else
		st = ob_error_set(err, OB_EDB, NULL, 0, 0,
				  "reading the ledger: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return st;
}

/* The content hash of an extract version. */
static void extract_hash(struct ob_workspace *ws, long extract, char *out,
			 size_t size)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s;

	snprintf(out, size, "?");
	if (sqlite3_prepare_v2(db,
			       "SELECT content_sha256 FROM extract WHERE id = "
			       "?1",
			       -1, &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(s, 1, extract);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(out, size, "%s",
			 (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* The acute pool's anticipated level: its base-year baseline uplifted by
 * the agreed growth, inflation and productivity of each year since, less
 * the planned MCP impact of the year. */
static ob_pence anticipated(const struct ob_contract *c,
			    const struct ob_pool *p, ob_fy year,
			    double impact)
{
	double f = 1;

	for (ob_fy t = c->base + 1; t <= year; t++) {
		const struct ob_assumptions *a = ob_contract_assumptions(c, t);
		if (a)
			f *= (1 + a->population_growth) * (1 + a->inflation) *
			     (1 - a->productivity);
	}
	return ob_pence_round((double)p->baseline * f * (1 - impact));
}

enum ob_status ob_settle_gather(struct ob_workspace *ws,
				const struct ob_contract *c,
				long contract_version,
				const struct ob_catalogue *cat,
				const struct ob_model *m, ob_fy year, int store,
				struct ob_settle_inputs *in,
				struct ob_out_of_area_result *oa,
				struct ob_error *err)
{
	struct ob_budget b;
	struct ob_incentives_result inc;
	int have_inc = 0;
	enum ob_status st;

	memset(in, 0, sizeof(*in));
	memset(oa, 0, sizeof(*oa));
	if ((st = ob_budget_compute(c, m, year, &b, err)))
		return st;
	if (c->incentives.present) {
		st = ob_incentives_compute(ws, c, contract_version, cat, m,
					   year, store, b.contract_budget, b.pch,
					   b.n_pch, &inc, err);
		have_inc = !st;
	}
	if (!st)
		st = ob_settle_gather_with(ws, c, contract_version, m, &b,
					   have_inc ? &inc : NULL, in, oa, err);
	if (have_inc)
		ob_incentives_release(&inc);
	ob_budget_release(&b);
	return st;
}

enum ob_status ob_settle_gather_with(struct ob_workspace *ws,
				     const struct ob_contract *c,
				     long contract_version,
				     const struct ob_model *m,
				     const struct ob_budget *b,
				     const struct ob_incentives_result *inc,
				     struct ob_settle_inputs *in,
				     struct ob_out_of_area_result *oa,
				     struct ob_error *err)
{
	ob_fy year = b->year;
	const struct ob_risk_year *ry = ob_contract_risk_year(c, year);
	struct ob_tariff *tariff = NULL;
	struct ob_tariff_local_price *lp = NULL;
	double f[OB_SET_COUNT];
	ob_pence actual = 0, oa_open_book = 0;
	enum ob_status st;
	char sha[80];

	memset(in, 0, sizeof(*in));
	memset(oa, 0, sizeof(*oa));
	ob_fy_format(year, in->year);
	if (!c->risk_share.present || !ry)
		return ob_error_set(err, OB_EINVAL, c->source, 0, 0,
				    "the contract has no risk-share terms for "
				    "%s (section 'risk_share')",
				    in->year);
	in->contract_budget = b->contract_budget;
	in->top_slices = b->contract_budget - b->capitated;
	for (size_t i = 0; i < b->n_pch; i++)
		actual += b->pch[i].actual_cost;
	if (inc) {
		in->pot = inc->pot;
		in->earned = inc->earned;
		in->sanctions = inc->sanctions;
	}

	/* Out-of-area care, at tariff or a local price, for the part of each
	 * setting the contract funds; its open-book cost leaves the MCP's own
	 * spend so that nothing is counted twice. */
	ob_budget_setting_shares(c, year, f);
	if (c->out_of_area.n_local_prices) {
		lp = calloc(c->out_of_area.n_local_prices, sizeof(*lp));
		if (!lp)
			return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					    "out of memory");
		for (size_t i = 0; i < c->out_of_area.n_local_prices; i++) {
			lp[i].provider = c->out_of_area.local_prices[i].provider;
			lp[i].hrg = c->out_of_area.local_prices[i].hrg;
			lp[i].pod = c->out_of_area.local_prices[i].pod;
			lp[i].price = c->out_of_area.local_prices[i].price;
		}
	}
	st = ob_tariff_load(ws, m->ds->extract_id, &tariff, err);
	if (!st)
		st = ob_price_out_of_area(tariff, m, year, lp,
					  c->out_of_area.n_local_prices,
					  c->out_of_area.outside_providers,
					  c->out_of_area.n_outside, oa, err);
	ob_tariff_free(tariff);
	free(lp);
	if (st)
		return st;
	for (size_t i = 0; i < oa->n; i++) {
		const struct ob_priced_event *e = &oa->events[i];
		double share = f[m->ds->act_setting[e->event]];
		in->out_of_area += ob_pence_round((double)e->price * share);
		oa_open_book += ob_pence_round(
			(double)m->ds->act_cost[e->event] * share);
	}
	in->out_of_area_events = (long)oa->n_priced;
	in->out_of_area_exceptions = (long)oa->n_exceptions;

	/* The pools. */
	for (size_t i = 0; i < c->risk_share.n_pools && !st; i++) {
		const struct ob_pool *p = &c->risk_share.pools[i];
		struct ob_settle_pool *q;
		size_t at = p->kind == OB_POOL_BUDGET ? 0 : ++in->n_pools;

		if (at >= OB_SETTLE_MAX_POOLS) {
			st = ob_error_set(err, OB_EINVAL, c->source, p->line, 0,
					  "a settlement holds at most %d pools",
					  OB_SETTLE_MAX_POOLS);
			break;
		}
		q = &in->pools[at];
		snprintf(q->id, sizeof(q->id), "%s", p->id);
		snprintf(q->name, sizeof(q->name), "%s", p->name);
		if (p->kind == OB_POOL_BUDGET) {
			q->actual = actual - oa_open_book;
		} else {
			/* The part of the line the MCP holds is already in the
			 * MCP budget pool: the acute pool is the part the
			 * commissioner keeps. */
			const struct ob_budget_line *bl =
				ob_contract_line(c, p->ledger_line);
			double kept = bl && ob_contract_line_in_scope(c, bl, year)
					      ? 1 - bl->share
					      : 1;
			ob_pence spend = 0;
			q->budget = ob_pence_round(
				(double)anticipated(c, p, year,
						    ry->acute_impact) *
				kept);
			st = ledger_spend(ws, m->ds->extract_id, p->ledger_line,
					  year, &spend, err);
			q->actual = ob_pence_round((double)spend * kept);
		}
	}
	if (st)
		return st;
	in->n_pools++; /* the budget pool at index 0 */
	in->terms.corridor = ry->corridor;
	in->terms.gain_share = ry->gain_share;
	in->terms.loss_share = ry->loss_share;
	in->terms.gain_cap = ry->gain_cap;
	in->terms.loss_cap = ry->loss_cap;
	in->terms.surplus_target = ry->surplus_target;
	in->terms.excess_to_provider = ry->excess_to == OB_EXCESS_PROVIDER;
	in->terms.quality_gate = ry->quality_gate;
	if (c->alliance_rule.n_members > OB_SETTLE_MAX_MEMBERS)
		return ob_error_set(err, OB_EINVAL, c->source,
				    c->alliance_rule.line, 0,
				    "a settlement splits among at most %d "
				    "alliance members",
				    OB_SETTLE_MAX_MEMBERS);
	if (c->alliance_rule.present) {
		in->split_by_value =
			c->alliance_rule.rule == OB_SPLIT_CONTRACT_VALUE;
		for (size_t i = 0; i < c->alliance_rule.n_members &&
				   i < OB_SETTLE_MAX_MEMBERS;
		     i++) {
			const struct ob_alliance_member *a =
				&c->alliance_rule.members[i];
			const struct ob_party *party =
				ob_contract_party(c, a->party);
			struct ob_settle_member *mm =
				&in->members[in->n_members++];
			snprintf(mm->id, sizeof(mm->id), "%s", a->party);
			snprintf(mm->name, sizeof(mm->name), "%s",
				 party ? party->name : a->party);
			mm->share = a->share;
			mm->contract_value = a->contract_value;
		}
	}
	snprintf(in->contract, sizeof(in->contract),
		 "%s version %ld, sha256 %s%s", c->id, contract_version,
		 c->sha256, c->what_if ? " (with what-if changes)" : "");
	extract_hash(ws, m->ds->extract_id, sha, sizeof(sha));
	snprintf(in->extract, sizeof(in->extract), "extract %ld, sha256 %s",
		 m->ds->extract_id, sha);
	snprintf(in->engine, sizeof(in->engine), "onebudget %s (%s)",
		 OB_VERSION, OB_GITREV);
	return OB_OK;
}

/* ---- stored settlements ------------------------------------------------ */

static void copy_col(char *out, size_t size, sqlite3_stmt *s, int col)
{
	const char *t = (const char *)sqlite3_column_text(s, col);

	snprintf(out, size, "%s", t ? t : "");
}

int ob_settlement_find(struct ob_workspace *ws, ob_fy year,
		       struct ob_settlement_info *o, struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s;
	int rc, found = 0;

	memset(o, 0, sizeof(*o));
	if (sqlite3_prepare_v2(db,
			       "SELECT id, version, coalesce(supersedes, 0), "
			       "contract_version, extract_id, "
			       "statement_sha256, xlsx_sha256, dir, "
			       "created_at, who, coalesce(reason, '') FROM "
			       "settlement WHERE year = ?1 ORDER BY version "
			       "DESC LIMIT 1",
			       -1, &s, NULL) != SQLITE_OK) {
		ob_error_set(err, OB_EDB, NULL, 0, 0,
			     "reading settlements: %s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int(s, 1, year);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		o->id = (long)sqlite3_column_int64(s, 0);
		o->year = year;
		o->version = sqlite3_column_int(s, 1);
		o->supersedes = (long)sqlite3_column_int64(s, 2);
		o->contract_version = (long)sqlite3_column_int64(s, 3);
		o->extract_id = (long)sqlite3_column_int64(s, 4);
		copy_col(o->statement_sha256, sizeof(o->statement_sha256), s, 5);
		copy_col(o->xlsx_sha256, sizeof(o->xlsx_sha256), s, 6);
		copy_col(o->dir, sizeof(o->dir), s, 7);
		copy_col(o->created_at, sizeof(o->created_at), s, 8);
		copy_col(o->who, sizeof(o->who), s, 9);
		copy_col(o->reason, sizeof(o->reason), s, 10);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		ob_error_set(err, OB_EDB, NULL, 0, 0,
			     "reading settlements: %s", sqlite3_errmsg(db));
		found = -1;
	}
	sqlite3_finalize(s);
	return found;
}

enum ob_status ob_settlement_store(struct ob_workspace *ws,
				   struct ob_settlement_info *o,
				   const char *csv, const char *json,
				   struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s = NULL;
	struct ob_settlement_info prev;
	const char *who = getenv("USER");
	char subject[160], fy[8];
	enum ob_status st;
	int found;

	if (!who || !*who)
		who = "unknown";
	snprintf(o->who, sizeof(o->who), "%s", who);
	ob_timestamp_now(o->created_at);
	if ((st = ob_workspace_exec(ws, "BEGIN IMMEDIATE",
				    "storing a settlement", err)))
		return st;
	found = ob_settlement_find(ws, o->year, &prev, err);
	if (found < 0) {
		st = OB_EDB;
		goto out;
	}
	o->version = found ? prev.version + 1 : 1;
	o->supersedes = found ? prev.id : 0;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO settlement(year, version, "
			       "supersedes, contract_version, extract_id, "
			       "statement_sha256, xlsx_sha256, dir, csv, json, "
			       "created_at, who, reason) VALUES(?, ?, ?, ?, ?, "
			       "?, ?, ?, ?, ?, ?, ?, ?)",
			       -1, &s, NULL) != SQLITE_OK) {
		st = ob_error_set(err, OB_EDB, NULL, 0, 0,
				  "storing a settlement: %s",
				  sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_int(s, 1, o->year);
	sqlite3_bind_int(s, 2, o->version);
	if (o->supersedes)
		sqlite3_bind_int64(s, 3, o->supersedes);
	else
		sqlite3_bind_null(s, 3);
	sqlite3_bind_int64(s, 4, o->contract_version);
	sqlite3_bind_int64(s, 5, o->extract_id);
	sqlite3_bind_text(s, 6, o->statement_sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, o->xlsx_sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, o->dir, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, csv, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, o->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, o->who, -1, SQLITE_STATIC);
	if (o->reason[0])
		sqlite3_bind_text(s, 13, o->reason, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 13);
	if (sqlite3_step(s) != SQLITE_DONE)
		st = ob_error_set(err, OB_EDB, NULL, 0, 0,
				  "storing a settlement: %s",
				  sqlite3_errmsg(db));
	sqlite3_finalize(s);
	if (st)
		goto out;
	o->id = (long)sqlite3_last_insert_rowid(db);
	ob_fy_format(o->year, fy);
	snprintf(subject, sizeof(subject),
		 "settlement %s version %d (statement sha256 %.16s)", fy,
		 o->version, o->statement_sha256);
	st = ob_workspace_audit(ws, NULL,
				o->supersedes ? "settlement.resettle"
					      : "settlement.settle",
				subject, o->reason[0] ? o->reason : NULL, err);
out:
	if (!st)
		st = ob_workspace_exec(ws, "COMMIT", "storing a settlement",
				       err);
	if (st)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return st;
}
