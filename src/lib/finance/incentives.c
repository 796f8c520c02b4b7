/*
 * incentives.c - reward curves per outcome and unit, frozen in the
 * workspace, and the money of a year's incentives; see incentives.h and
 * docs/incentives.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "onebudget/budget.h"
#include "onebudget/incentives.h"
#include "onebudget/json.h"

#include "onebudget/banned.h"

/* ---- stages and values ------------------------------------------------- */

int ob_outcome_stage(const struct ob_contract *c,
		     const struct ob_incentive_outcome *o, ob_fy year,
		     ob_fy *first)
{
	int review = c->incentives.review_years > 0
			     ? c->incentives.review_years
			     : 3;

	if (year > c->last)
		return 0;
	if (year >= o->from) {
		if (first)
			*first = o->from + (year - o->from) / review * review;
		return 2;
	}
	if (o->baseline_year && year == o->baseline_year)
		return 1;
	return 0;
}

/* The row of `unit_name` in computed measures, or a missing row. */
static struct ob_measure_row row_of_unit(const struct ob_measures *ms,
					 const char *unit_name)
{
	struct ob_measure_row row;

	memset(&row, 0, sizeof(row));
	row.status = OB_MEASURE_MISSING;
	row.why = "no value for this unit in the year";
	for (size_t i = 0; i < ms->n; i++)
		if (!strcmp(ms->rows[i].unit, unit_name))
			row = ms->rows[i];
	return row;
}

/* The row of `metric` at `unit_name` in `year`, computed at `unit`. */
static enum ob_status value_at(const struct ob_model *m,
			       const struct ob_catalogue *cat,
			       const struct ob_metric *metric, ob_fy year,
			       enum ob_measure_unit unit, const char *unit_name,
			       struct ob_measure_row *row, struct ob_error *err)
{
	struct ob_measures ms;
	enum ob_status st;

	st = ob_measures_compute(m, cat, year, unit, metric->id, &ms, err);
	if (st)
		return st;
	*row = row_of_unit(&ms, unit_name);
	ob_measures_release(&ms);
	return OB_OK;
}

/* The standard error behind an estimate's first (95%) interval. */
static double se_of(const struct ob_estimate *e)
{
	double z;

	if (!e->nlevels)
		return NAN;
	z = ob_conf_z(e->level[0]);
	return (e->ci[0].upper - e->ci[0].lower) / (2 * z);
}

static enum ob_measure_unit unit_kind(const struct ob_incentive_outcome *o)
{
	return o->unit == OB_OUTCOME_PCH ? OB_UNIT_PCH : OB_UNIT_MCP;
}

enum ob_status ob_outcome_calibrate(const struct ob_contract *c,
				    long contract_version,
				    const struct ob_catalogue *cat,
				    const struct ob_model *m,
				    const struct ob_incentive_outcome *o,
				    ob_fy first, const char *unit_name,
				    struct ob_outcome_history *hist,
				    struct ob_outcome_curve *cv,
				    struct ob_error *err)
{
	const struct ob_incentives *in = &c->incentives;
	const struct ob_metric *metric = ob_catalogue_find(cat, o->metric);
	int h = in->history_years > 0 ? in->history_years : 3;
	double y[OB_HISTORY_MAX], se[OB_HISTORY_MAX];
	struct ob_measure_row row;
	enum ob_status st;
	char fy[8];

	memset(cv, 0, sizeof(*cv));
	if (!metric)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "outcome '%s' is not a metric of the "
				    "catalogue",
				    o->metric);
	if (h > OB_HISTORY_MAX)
		h = OB_HISTORY_MAX;
	cv->outcome = o;
	cv->metric = metric;
	snprintf(cv->unit, sizeof(cv->unit), "%s", unit_name);
	cv->first_year = first;
	cv->review_year = first + (in->review_years > 0 ? in->review_years : 3);
	cv->contract_version = contract_version;
	ob_calibration_params_init(&cv->prm);
	cv->prm.p = in->p;
	cv->prm.r = in->r;
	cv->prm.p0 = in->p0;
	cv->prm.alpha = in->alpha;
	cv->prm.power = in->power;
	cv->prm.delta = o->expected_improvement;
	cv->prm.target = o->target_improvement;
	if (!hist->filled) {
		for (ob_fy t = first - h; t < first; t++) {
			if ((st = ob_measures_compute(m, cat, t, unit_kind(o),
						      metric->id,
						      &hist->ms[hist->n], err)))
				return st;
			hist->year[hist->n++] = t;
		}
		hist->filled = 1;
	}
	for (int i = 0; i < hist->n; i++) {
		ob_fy t = hist->year[i];
		row = row_of_unit(&hist->ms[i], unit_name);
		if (row.status != OB_MEASURE_OK || !isfinite(se_of(&row.est)))
			continue;
		cv->hist_year[cv->n_history] = t;
		cv->hist_value[cv->n_history] = y[cv->n_history] =
			row.est.value;
		cv->hist_se[cv->n_history] = se[cv->n_history] =
			se_of(&row.est);
		cv->n_history++;
	}
	ob_fy_format(first - 1, fy);
	if (!cv->n_history || cv->hist_year[cv->n_history - 1] != first - 1)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "outcome '%s' at %s has no value in %s, the "
				    "baseline year of its curve",
				    o->metric, unit_name, fy);
	{
		double b = y[cv->n_history - 1], sb = se[cv->n_history - 1];
		double tau2 = ob_between_year_variance(y, se,
						       (size_t)cv->n_history);
		int d = metric->direction == OB_LOWER_IS_BETTER ? -1 : 1;

		/* The sampling error of one year at current denominators is
		 * the baseline year's. */
		return ob_calibrate(b, sb, sb, tau2, d, &cv->prm, &cv->curve,
				    err);
	}
}

void ob_outcome_history_release(struct ob_outcome_history *h)
{
	for (int i = 0; i < h->n; i++)
		ob_measures_release(&h->ms[i]);
	memset(h, 0, sizeof(*h));
}

/* ---- frozen curves and weights in the workspace -------------------------- */

static enum ob_status db_fail(struct ob_error *err, sqlite3 *db,
			      const char *what)
{
	return ob_error_set(err, OB_EDB, NULL, 0, 0, "%s: %s", what,
			    sqlite3_errmsg(db));
}

/* The history as text: "2017/18 905.1 (se 21.0); ..." */
static void history_text(const struct ob_outcome_curve *cv, char *out,
			 size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < cv->n_history && len < size; i++) {
		char fy[8];
		int n;
		ob_fy_format(cv->hist_year[i], fy);
		n = snprintf(out + len, size - len, "%s%s %.6g (se %.6g)",
			     i ? "; " : "", fy, cv->hist_value[i],
			     cv->hist_se[i]);
		if (n < 0)
			break;
		len += (size_t)n;
	}
}

/* Parse history_text() back. */
static void history_parse(struct ob_outcome_curve *cv, const char *s)
{
	cv->n_history = 0;
	while (s && *s && cv->n_history < OB_HISTORY_MAX) {
		int y0, y1, used = 0;
		double v, se;
		if (sscanf(s, "%d/%d %lf (se %lf)%n", &y0, &y1, &v, &se,
			   &used) != 4 ||
		    !used)
			break;
		cv->hist_year[cv->n_history] = y0;
		cv->hist_value[cv->n_history] = v;
		cv->hist_se[cv->n_history++] = se;
		s += used;
		while (*s == ';' || *s == ' ')
			s++;
	}
}

#define CURVE_COLUMNS                                                         \
	"id, first_year, review_year, contract_version, direction, baseline, " \
	"se_base, se_year, tau2, sigma, delta, target, p, r, p0, alpha, "      \
	"power, u0, ur, umax, merged, p_full, history, stored_at, "            \
	"coalesce(supersedes, 0)"

int ob_curve_find(struct ob_workspace *ws, const char *metric,
		  const char *unit, ob_fy first, struct ob_outcome_curve *cv,
		  struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s;
	int rc, found = 0;

	if (sqlite3_prepare_v2(db,
			       "SELECT " CURVE_COLUMNS " FROM incentive_curve "
			       "WHERE metric = ?1 AND unit = ?2 AND "
			       "first_year = ?3 ORDER BY id DESC LIMIT 1",
			       -1, &s, NULL) != SQLITE_OK) {
		db_fail(err, db, "reading frozen curves");
		return -1;
	}
	sqlite3_bind_text(s, 1, metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, unit, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, first);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		struct ob_curve *c = &cv->curve;
		const char *t;
		int k = 0;

		cv->id = (long)sqlite3_column_int64(s, k++);
		cv->first_year = sqlite3_column_int(s, k++);
		cv->review_year = sqlite3_column_int(s, k++);
		cv->contract_version = (long)sqlite3_column_int64(s, k++);
		c->direction = sqlite3_column_int(s, k++);
		c->baseline = sqlite3_column_double(s, k++);
		c->se_base = sqlite3_column_double(s, k++);
		c->se_year = sqlite3_column_double(s, k++);
		c->tau2 = sqlite3_column_double(s, k++);
		c->sigma = sqlite3_column_double(s, k++);
		cv->prm.delta = sqlite3_column_double(s, k++);
		cv->prm.target = sqlite3_column_double(s, k++);
		cv->prm.p = sqlite3_column_double(s, k++);
		cv->prm.r = c->r = sqlite3_column_double(s, k++);
		cv->prm.p0 = sqlite3_column_double(s, k++);
		cv->prm.alpha = sqlite3_column_double(s, k++);
		cv->prm.power = sqlite3_column_double(s, k++);
		c->u0 = sqlite3_column_double(s, k++);
		c->ur = sqlite3_column_double(s, k++);
		c->umax = sqlite3_column_double(s, k++);
		c->merged = sqlite3_column_int(s, k++);
		c->p_full_at_target = sqlite3_column_double(s, k++);
		history_parse(cv, (const char *)sqlite3_column_text(s, k++));
		t = (const char *)sqlite3_column_text(s, k++);
		snprintf(cv->stored_at, sizeof(cv->stored_at), "%s",
			 t ? t : "");
		cv->supersedes = (long)sqlite3_column_int64(s, k++);
		/* The stored anchors are the curve; the noise check's remedies
		 * are derived again from the stored inputs. */
		{
			struct ob_curve again;
			struct ob_error ignored;
			if (!ob_calibrate(c->baseline, c->se_base, c->se_year,
					  c->tau2, c->direction, &cv->prm,
					  &again, &ignored)) {
				c->too_noisy = again.too_noisy;
				c->population_factor = again.population_factor;
				c->pooled_years = again.pooled_years;
			}
		}
		found = 1;
	} else if (rc != SQLITE_DONE) {
		db_fail(err, db, "reading frozen curves");
		found = -1;
	}
	sqlite3_finalize(s);
	return found;
}

enum ob_status ob_curve_store(struct ob_workspace *ws,
			      struct ob_outcome_curve *cv, long supersedes,
			      const char *reason, struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	const struct ob_curve *c = &cv->curve;
	char history[1024], subject[160], fy[8];
	sqlite3_stmt *s;
	enum ob_status st;
	int k = 1;

	ob_timestamp_now(cv->stored_at);
	history_text(cv, history, sizeof(history));
	if ((st = ob_workspace_exec(ws, "BEGIN IMMEDIATE", "storing a curve",
				    err)))
		return st;
	if (sqlite3_prepare_v2(
		    db,
		    "INSERT INTO incentive_curve(metric, unit, first_year, "
		    "review_year, contract_version, direction, baseline, "
		    "se_base, se_year, tau2, sigma, delta, target, p, r, p0, "
		    "alpha, power, u0, ur, umax, merged, p_full, history, "
		    "stored_at, supersedes, reason) VALUES(?, ?, ?, ?, ?, ?, ?, "
		    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    -1, &s, NULL) != SQLITE_OK) {
		st = db_fail(err, db, "storing a curve");
		goto out;
	}
	sqlite3_bind_text(s, k++, cv->outcome->metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, k++, cv->unit, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, k++, cv->first_year);
	sqlite3_bind_int(s, k++, cv->review_year);
	sqlite3_bind_int64(s, k++, cv->contract_version);
	sqlite3_bind_int(s, k++, c->direction);
	sqlite3_bind_double(s, k++, c->baseline);
	sqlite3_bind_double(s, k++, c->se_base);
	sqlite3_bind_double(s, k++, c->se_year);
	sqlite3_bind_double(s, k++, c->tau2);
	sqlite3_bind_double(s, k++, c->sigma);
	sqlite3_bind_double(s, k++, cv->prm.delta);
	sqlite3_bind_double(s, k++, cv->prm.target);
	sqlite3_bind_double(s, k++, cv->prm.p);
	sqlite3_bind_double(s, k++, cv->prm.r);
	sqlite3_bind_double(s, k++, cv->prm.p0);
	sqlite3_bind_double(s, k++, cv->prm.alpha);
	sqlite3_bind_double(s, k++, cv->prm.power);
	sqlite3_bind_double(s, k++, c->u0);
	sqlite3_bind_double(s, k++, c->ur);
	sqlite3_bind_double(s, k++, c->umax);
	sqlite3_bind_int(s, k++, c->merged);
	sqlite3_bind_double(s, k++, c->p_full_at_target);
	sqlite3_bind_text(s, k++, history, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, k++, cv->stored_at, -1, SQLITE_STATIC);
	if (supersedes)
		sqlite3_bind_int64(s, k++, supersedes);
	else
		sqlite3_bind_null(s, k++);
	if (reason)
		sqlite3_bind_text(s, k++, reason, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, k++);
	if (sqlite3_step(s) != SQLITE_DONE)
		st = db_fail(err, db, "storing a curve");
	sqlite3_finalize(s);
	if (st)
		goto out;
	cv->id = (long)sqlite3_last_insert_rowid(db);
	cv->supersedes = supersedes;
	ob_fy_format(cv->first_year, fy);
	snprintf(subject, sizeof(subject), "curve %ld: %s at %s from %s%s",
		 cv->id, cv->outcome->metric, cv->unit, fy,
		 supersedes ? " (supersedes an earlier curve)" : "");
	st = ob_workspace_audit(ws, NULL,
				supersedes ? "incentives.recalibrate"
					   : "incentives.calibrate",
				subject, reason, err);
out:
	if (!st)
		st = ob_workspace_exec(ws, "COMMIT", "storing a curve", err);
	if (st)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return st;
}

/* The stored weight of a metric: 1 found (*points), 0 none, -1 error. */
static int weight_find(sqlite3 *db, const char *metric, int *points,
		       struct ob_error *err)
{
	sqlite3_stmt *s;
	int rc, found = 0;

	if (sqlite3_prepare_v2(db,
			       "SELECT points FROM incentive_weight WHERE "
			       "metric = ?1 ORDER BY id DESC LIMIT 1",
			       -1, &s, NULL) != SQLITE_OK) {
		db_fail(err, db, "reading weights");
		return -1;
	}
	sqlite3_bind_text(s, 1, metric, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*points = sqlite3_column_int(s, 0);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		db_fail(err, db, "reading weights");
		found = -1;
	}
	sqlite3_finalize(s);
	return found;
}

static enum ob_status weight_store(struct ob_workspace *ws, const char *metric,
				   int points, long version, int old,
				   const char *reason, struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	sqlite3_stmt *s;
	char at[21], subject[160];
	enum ob_status st = OB_OK;

	ob_timestamp_now(at);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO incentive_weight(metric, points, "
			       "contract_version, set_at, reason) VALUES(?1, "
			       "?2, ?3, ?4, ?5)",
			       -1, &s, NULL) != SQLITE_OK)
		return db_fail(err, db, "storing a weight");
	sqlite3_bind_text(s, 1, metric, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, points);
	sqlite3_bind_int64(s, 3, version);
	sqlite3_bind_text(s, 4, at, -1, SQLITE_STATIC);
	if (reason)
		sqlite3_bind_text(s, 5, reason, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 5);
	if (sqlite3_step(s) != SQLITE_DONE)
		st = db_fail(err, db, "storing a weight");
	sqlite3_finalize(s);
	if (st)
		return st;
	if (old >= 0)
		snprintf(subject, sizeof(subject), "weight of %s: %d -> %d",
			 metric, old, points);
	else
		snprintf(subject, sizeof(subject), "weight of %s: %d", metric,
			 points);
	return ob_workspace_audit(ws, NULL,
				  old >= 0 ? "incentives.weight.change"
					   : "incentives.weight.set",
				  subject, reason, err);
}

enum ob_status ob_weights_check(struct ob_workspace *ws,
				const struct ob_contract *c,
				long contract_version, int force,
				const char *reason, struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	enum ob_status st;

	if ((st = ob_workspace_exec(ws, "BEGIN IMMEDIATE", "checking weights",
				    err)))
		return st;
	for (size_t i = 0; !st && i < c->incentives.n_outcomes; i++) {
		const struct ob_incentive_outcome *o = &c->incentives.outcomes[i];
		int points = 0, found = weight_find(db, o->metric, &points, err);

		if (found < 0)
			st = OB_EDB;
		else if (!found)
			st = weight_store(ws, o->metric, o->weight,
					  contract_version, -1, NULL, err);
		else if (points != o->weight && !force)
			st = ob_error_set(
			    err, OB_EINVAL, c->source, o->line, 0,
			    "the weight of outcome '%s' was set at %d points; "
			    "the contract now says %d.  Weights never change "
			    "once set: restore %d, or force the change with "
			    "--force --reason TEXT (recorded in the audit log)",
			    o->metric, points, o->weight, points);
		else if (points != o->weight)
			st = weight_store(ws, o->metric, o->weight,
					  contract_version, points, reason, err);
	}
	if (!st)
		st = ob_workspace_exec(ws, "COMMIT", "checking weights", err);
	if (st)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return st;
}

/* ---- money -------------------------------------------------------------- */

enum ob_status ob_incentive_money(ob_pence pot, const int *points,
				  const double *fraction, size_t n,
				  ob_pence *allocation, ob_pence *earned,
				  struct ob_error *err)
{
	int64_t *w;
	enum ob_status st;

	if (!n)
		return OB_OK;
	w = calloc(n, sizeof(*w));
	if (!w)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	for (size_t i = 0; i < n; i++)
		w[i] = points[i];
	st = ob_allocate_int(pot, w, n, allocation, err);
	free(w);
	for (size_t i = 0; !st && i < n; i++) {
		double f = fraction[i] < 0 ? 0 : fraction[i] > 1 ? 1 : fraction[i];
		earned[i] = ob_pence_round((double)allocation[i] * f);
	}
	return st;
}

/* ---- the year's incentives --------------------------------------------- */

/* A curve for (outcome, unit, first): the frozen one, or calibrated now
 * (and stored when `store`). */
static enum ob_status curve_for(struct ob_workspace *ws,
				const struct ob_contract *c, long version,
				const struct ob_catalogue *cat,
				const struct ob_model *m,
				const struct ob_incentive_outcome *o,
				ob_fy first, const char *unit, int store,
				struct ob_outcome_history *hist,
				struct ob_outcome_curve *cv, int *made,
				struct ob_error *err)
{
	int found = ob_curve_find(ws, o->metric, unit, first, cv, err);
	enum ob_status st;

	*made = 0;
	if (found < 0)
		return OB_EDB;
	if (found) {
		cv->outcome = o;
		cv->metric = ob_catalogue_find(cat, o->metric);
		snprintf(cv->unit, sizeof(cv->unit), "%s", unit);
		return OB_OK;
	}
	if ((st = ob_outcome_calibrate(c, version, cat, m, o, first, unit,
				       hist, cv, err)) ||
	    (store && (st = ob_curve_store(ws, cv, 0, NULL, err))))
		return st;
	*made = store;
	return OB_OK;
}

/* Share of the MCP's practices with a value of the metric in the year. */
static enum ob_status coverage_of(const struct ob_model *m,
				  const struct ob_catalogue *cat,
				  const struct ob_metric *metric, ob_fy year,
				  double *coverage, struct ob_error *err)
{
	struct ob_measures ms;
	size_t ok = 0, practices = 0;
	enum ob_status st;

	for (size_t p = 0; p < m->ds->npractices; p++)
		practices += m->ds->practice_pch[p] >= 0;
	st = ob_measures_compute(m, cat, year, OB_UNIT_PRACTICE, metric->id,
				 &ms, err);
	if (st)
		return st;
	for (size_t i = 0; i < ms.n; i++)
		ok += ms.rows[i].status == OB_MEASURE_OK &&
		      strcmp(ms.rows[i].unit, "-");
	ob_measures_release(&ms);
	*coverage = practices ? (double)ok / (double)practices : 0;
	return OB_OK;
}

static struct ob_incentive_line *new_line(struct ob_incentives_result *r,
					  size_t *cap)
{
	if (r->n_lines == *cap) {
		size_t n = *cap ? 2 * *cap : 16;
		struct ob_incentive_line *l = realloc(r->lines, n * sizeof(*l));
		if (!l)
			return NULL;
		r->lines = l;
		*cap = n;
	}
	memset(&r->lines[r->n_lines], 0, sizeof(r->lines[0]));
	return &r->lines[r->n_lines++];
}

enum ob_status ob_incentives_compute(struct ob_workspace *ws,
				     const struct ob_contract *c,
				     long version,
				     const struct ob_catalogue *cat,
				     const struct ob_model *m, ob_fy year,
				     int store, ob_pence contract_budget,
				     const struct ob_budget_unit *pch,
				     size_t n_pch,
				     struct ob_incentives_result *r,
				     struct ob_error *err)
{
	const struct ob_incentives *in = &c->incentives;
	size_t n_paid = 0, cap = 0, ncv = 0;
	int *points = NULL;
	double *fraction = NULL;
	ob_pence *alloc = NULL, *earned = NULL;
	enum ob_status st = OB_OK;

	memset(r, 0, sizeof(*r));
	r->year = year;
	r->contract_budget = contract_budget;
	if (!in->present)
		return ob_error_set(err, OB_EINVAL, c->source, 0, 0,
				    "the contract has no 'incentives' section");
	if (store && (st = ob_weights_check(ws, c, version, 0, NULL, err)))
		return st;
	r->pot_share = ob_contract_pot_share(c, year);
	r->pot = ob_pence_round((double)contract_budget * r->pot_share);
	r->curves = calloc(in->n_outcomes * (n_pch + 1) + 1, sizeof(*r->curves));
	points = calloc(in->n_outcomes + 1, sizeof(*points));
	fraction = calloc(in->n_outcomes + 1, sizeof(*fraction));
	alloc = calloc(in->n_outcomes + 1, sizeof(*alloc));
	earned = calloc(in->n_outcomes + 1, sizeof(*earned));
	if (!r->curves || !points || !fraction || !alloc || !earned) {
		st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	/* The pot over the outcomes paid this year, by their points. */
	for (size_t i = 0; i < in->n_outcomes; i++)
		if (ob_outcome_stage(c, &in->outcomes[i], year, NULL))
			points[n_paid++] = in->outcomes[i].weight;
	if (n_paid && (st = ob_incentive_money(r->pot, points, fraction, n_paid,
					       alloc, earned, err)))
		goto out;
	n_paid = 0;
	for (size_t i = 0; !st && i < in->n_outcomes; i++) {
		const struct ob_incentive_outcome *o = &in->outcomes[i];
		const struct ob_metric *metric = ob_catalogue_find(cat, o->metric);
		ob_fy first = 0;
		int stage = ob_outcome_stage(c, o, year, &first);
		size_t nunits = o->unit == OB_OUTCOME_PCH ? n_pch : 1;
		struct ob_measures values = { 0 };
		struct ob_outcome_history hist = { 0 };
		ob_pence *share = NULL;

		if (!stage)
			continue;
		if (!metric) {
			st = ob_error_set(err, OB_EINVAL, c->source, o->line, 0,
					  "outcome '%s' is not a metric of "
					  "the catalogue",
					  o->metric);
			break;
		}
		/* A per-PCH outcome's allocation is split over the primary
		 * care homes by their capitation. */
		share = calloc(nunits ? nunits : 1, sizeof(*share));
		if (!share) {
			st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					  "out of memory");
			break;
		}
		if (o->unit == OB_OUTCOME_PCH) {
			int64_t *w = calloc(nunits ? nunits : 1, sizeof(*w));
			for (size_t u = 0; w && u < nunits; u++)
				w[u] = pch[u].capitation > 0 ? pch[u].capitation
							     : 0;
			st = w && nunits ? ob_allocate_int(alloc[n_paid], w,
							   nunits, share, err)
				 : w ? OB_OK
				     : ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
						    "out of memory");
			free(w);
		} else {
			share[0] = alloc[n_paid];
		}
		/* The metric's values at every unit, computed once. */
		if (!st)
			st = ob_measures_compute(m, cat, year, unit_kind(o),
						 metric->id, &values, err);
		for (size_t u = 0; !st && u < nunits; u++) {
			struct ob_incentive_line *l = new_line(r, &cap);
			const char *uname =
				o->unit == OB_OUTCOME_PCH ? pch[u].name : "MCP";
			struct ob_measure_row row = row_of_unit(&values, uname);

			if (!l) {
				st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
						  "out of memory");
				break;
			}
			l->outcome = o;
			l->metric = metric;
			l->stage = stage;
			l->allocation = share[u];
			snprintf(l->unit, sizeof(l->unit), "%s", uname);
			l->est = row.est;
			l->has_value = row.status == OB_MEASURE_OK;
			l->why = row.why;
			if (stage == 1) {
				if ((st = coverage_of(m, cat, metric, year,
						      &l->coverage, err)))
					break;
				l->fraction = l->coverage >=
							      in->coverage_threshold
						      ? 1
						      : 0;
			} else {
				int made;
				struct ob_outcome_curve *cv = &r->curves[ncv];
				if ((st = curve_for(ws, c, version, cat, m, o,
						    first, uname, store, &hist,
						    cv, &made, err)))
					break;
				ncv++;
				r->calibrated_now += (size_t)made;
				l->curve = cv;
				if (l->has_value) {
					l->position = cv->curve.direction *
						      (l->est.value -
						       cv->curve.baseline);
					l->fraction = ob_curve_reward(
						&cv->curve, l->est.value);
				}
			}
			l->earned = ob_pence_round((double)l->allocation *
						   l->fraction);
			r->earned += l->earned;
		}
		free(share);
		ob_measures_release(&values);
		ob_outcome_history_release(&hist);
		n_paid++;
	}
	r->n_curves = ncv;
	/* National standards: a breach costs its sanction. */
	if (!st && in->n_standards) {
		r->standards = calloc(in->n_standards, sizeof(*r->standards));
		if (!r->standards)
			st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					  "out of memory");
	}
	for (size_t i = 0; !st && i < in->n_standards; i++) {
		const struct ob_national_standard *s = &in->standards[i];
		struct ob_standard_line *l = &r->standards[r->n_standards];
		struct ob_measure_row row;

		if (year < s->from)
			continue;
		r->n_standards++;
		l->standard = s;
		l->metric = ob_catalogue_find(cat, s->metric);
		if (!l->metric)
			continue;
		if ((st = value_at(m, cat, l->metric, year, OB_UNIT_MCP, "MCP",
				   &row, err)))
			break;
		l->est = row.est;
		l->has_value = row.status == OB_MEASURE_OK;
		if (l->has_value)
			l->breach = l->metric->direction == OB_LOWER_IS_BETTER
					    ? l->est.value > s->standard
					    : l->est.value < s->standard;
		if (l->breach)
			l->sanction = s->sanction
					      ? s->sanction
					      : ob_pence_round(
							(double)contract_budget *
							s->sanction_share);
		r->sanctions += l->sanction;
	}
	/* Local quality and assurance outcomes: reported without payment. */
	if (!st)
		st = ob_measures_compute(m, cat, year, OB_UNIT_MCP, NULL,
					 &r->local, err);
	if (!st) {
		size_t k = 0;
		for (size_t i = 0; i < r->local.n; i++)
			if (r->local.rows[i].metric->category ==
			    OB_CAT_LOCAL_QUALITY)
				r->local.rows[k++] = r->local.rows[i];
		r->local.n = k;
	}
	r->net = r->earned - r->sanctions;
out:
	free(points);
	free(fraction);
	free(alloc);
	free(earned);
	if (st)
		ob_incentives_release(r);
	return st;
}

void ob_incentives_release(struct ob_incentives_result *r)
{
	free(r->lines);
	free(r->curves);
	free(r->standards);
	ob_measures_release(&r->local);
	memset(r, 0, sizeof(*r));
}

/* ---- output ------------------------------------------------------------ */

static const char *stage_word(const struct ob_incentive_line *l)
{
	return l->stage == 1 ? "baselining" : "curve";
}

static void csv_num(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.10g", v);
	fputc(',', out);
}

static void csv_money(FILE *out, ob_pence p)
{
	char s[24];

	ob_pence_format(p, s);
	fprintf(out, "%s,", s);
}

static void write_table(const struct ob_incentives_result *r, FILE *out)
{
	char fy[8], a[32], b[32], c[32];

	ob_fy_format(r->year, fy);
	fprintf(out,
		"incentives %s: pot %.2f%% of the contract budget %s = %s\n\n",
		fy, r->pot_share * 100, (ob_pence_format_grouped(
						 r->contract_budget, a), a),
		(ob_pence_format_grouped(r->pot, b), b));
	fprintf(out, "%-28s %-9s %-10s %10s %10s %10s %10s %9s %9s %9s "
		     "%7s %14s %14s\n",
		"outcome (pay for performance)", "unit", "stage", "value",
		"lower", "upper", "baseline", "zero at", "r at", "full at",
		"reward", "allocation £", "earned £");
	for (size_t i = 0; i < r->n_lines; i++) {
		const struct ob_incentive_line *l = &r->lines[i];
		const struct ob_curve *cv = l->curve ? &l->curve->curve : NULL;
		double lo = l->has_value && l->est.nlevels
				    ? l->est.ci[0].lower
				    : NAN,
		       hi = l->has_value && l->est.nlevels
				    ? l->est.ci[0].upper
				    : NAN;
		fprintf(out, "%-28.28s %-9.9s %-10s %10.5g %10.5g %10.5g ",
			l->metric->id, l->unit, stage_word(l),
			l->has_value ? l->est.value : NAN, lo, hi);
		if (cv)
			fprintf(out, "%10.5g %9.5g %9.5g %9.5g ", cv->baseline,
				cv->baseline + cv->direction * cv->u0,
				cv->baseline + cv->direction * cv->ur,
				cv->baseline + cv->direction * cv->umax);
		else
			fprintf(out, "%10s %9s %9s %9s ", "-", "-", "-", "-");
		fprintf(out, "%7.4f %14s %14s", l->fraction,
			(ob_pence_format_grouped(l->allocation, a), a),
			(ob_pence_format_grouped(l->earned, b), b));
		if (l->stage == 1)
			fprintf(out, "  data capture %.1f%% of practices",
				l->coverage * 100);
		else if (!l->has_value)
			fprintf(out, "  no value: %s", l->why ? l->why : "");
		fputc('\n', out);
	}
	if (r->n_standards) {
		fprintf(out, "\n%-28s %10s %10s %-8s %14s\n",
			"national standard", "standard", "value", "met",
			"sanction £");
		for (size_t i = 0; i < r->n_standards; i++) {
			const struct ob_standard_line *s = &r->standards[i];
			fprintf(out, "%-28.28s %10.5g %10.5g %-8s %14s\n",
				s->standard->metric, s->standard->standard,
				s->has_value ? s->est.value : NAN,
				!s->has_value ? "no data"
				: s->breach   ? "BREACH"
					      : "yes",
				(ob_pence_format_grouped(s->sanction, a), a));
		}
	}
	fprintf(out, "\nlocal quality and assurance outcomes (reported, not "
		     "paid)\n");
	for (size_t i = 0; i < r->local.n; i++) {
		const struct ob_measure_row *l = &r->local.rows[i];
		if (l->status == OB_MEASURE_OK)
			fprintf(out, "  %-34.34s %10.5g (%.5g to %.5g)\n",
				l->metric->id, l->est.value,
				l->est.nlevels ? l->est.ci[0].lower : NAN,
				l->est.nlevels ? l->est.ci[0].upper : NAN);
		else
			fprintf(out, "  %-34.34s %10s  %s\n", l->metric->id, "-",
				l->why ? l->why : "");
	}
	fprintf(out, "\nearned %s, sanctions %s, net incentive payment %s\n",
		(ob_pence_format_grouped(r->earned, a), a),
		(ob_pence_format_grouped(r->sanctions, b), b),
		(ob_pence_format_grouped(r->net, c), c));
}

static void write_csv(const struct ob_incentives_result *r, FILE *out)
{
	fputs("section,metric,unit,stage,value,lower,upper,baseline,"
	      "improvement,zero_at,r_at,full_at,reward,allocation,earned,"
	      "note\n",
	      out);
	for (size_t i = 0; i < r->n_lines; i++) {
		const struct ob_incentive_line *l = &r->lines[i];
		const struct ob_curve *cv = l->curve ? &l->curve->curve : NULL;
		fprintf(out, "outcome,%s,%s,%s,", l->metric->id, l->unit,
			stage_word(l));
		csv_num(out, l->has_value ? l->est.value : NAN);
		csv_num(out, l->has_value && l->est.nlevels ? l->est.ci[0].lower
							    : NAN);
		csv_num(out, l->has_value && l->est.nlevels ? l->est.ci[0].upper
							    : NAN);
		csv_num(out, cv ? cv->baseline : NAN);
		csv_num(out, cv && l->has_value ? l->position : NAN);
		csv_num(out, cv ? cv->baseline + cv->direction * cv->u0 : NAN);
		csv_num(out, cv ? cv->baseline + cv->direction * cv->ur : NAN);
		csv_num(out, cv ? cv->baseline + cv->direction * cv->umax : NAN);
		csv_num(out, l->fraction);
		csv_money(out, l->allocation);
		csv_money(out, l->earned);
		if (l->stage == 1)
			fprintf(out, "data capture %.4f\n", l->coverage);
		else
			fprintf(out, "%s\n",
				l->has_value ? "" : "no value in the year");
	}
	for (size_t i = 0; i < r->n_standards; i++) {
		const struct ob_standard_line *s = &r->standards[i];
		fprintf(out, "standard,%s,MCP,%s,", s->standard->metric,
			!s->has_value ? "no data" : s->breach ? "breach" : "met");
		csv_num(out, s->has_value ? s->est.value : NAN);
		fprintf(out, ",,%.10g,,,,,,,", s->standard->standard);
		csv_money(out, -s->sanction);
		fputs("sanction\n", out);
	}
	for (size_t i = 0; i < r->local.n; i++) {
		const struct ob_measure_row *l = &r->local.rows[i];
		int ok = l->status == OB_MEASURE_OK;
		fprintf(out, "local,%s,MCP,not paid,", l->metric->id);
		csv_num(out, ok ? l->est.value : NAN);
		csv_num(out, ok && l->est.nlevels ? l->est.ci[0].lower : NAN);
		csv_num(out, ok && l->est.nlevels ? l->est.ci[0].upper : NAN);
		fputs(",,,,,,,,\n", out);
	}
	fputs("total,pot,,,,,,,,,,,,", out);
	csv_money(out, r->pot);
	fputs(",\ntotal,earned,,,,,,,,,,,,,", out);
	csv_money(out, r->earned);
	fputs("\ntotal,sanctions,,,,,,,,,,,,,", out);
	csv_money(out, -r->sanctions);
	fputs("\ntotal,net,,,,,,,,,,,,,", out);
	csv_money(out, r->net);
	fputc('\n', out);
}

enum ob_status ob_incentives_write(const struct ob_incentives_result *r,
				   int format, FILE *out, struct ob_error *err)
{
	if (format == 1)
		write_csv(r, out);
	else
		write_table(r, out);
	if (ferror(out))
		return ob_error_set(err, OB_EIO, NULL, 0, 0, "write failed");
	return OB_OK;
}
