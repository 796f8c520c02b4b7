/*
 * cmd-incentives.c - `onebudget calibrate` (reward curves, frozen in the
 * workspace, with their simulation check) and `onebudget incentives` (the
 * money of a year's outcome incentives).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/budget.h"
#include "onebudget/incentives.h"
#include "onebudget/rng.h"

#include "cli.h"

/* Whether the contract has incentives; says so when it has not. */
static int has_incentives(const struct cli_setup *s)
{
	if (s->c->incentives.present)
		return 1;
	error("contract version %ld has no 'incentives' section "
	      "(docs/contract.md)",
	      s->info.id);
	return 0;
}

/* ---- calibrate ---------------------------------------------------------- */

static const char calibrate_usage[] =
	"onebudget calibrate -w WORKSPACE [--year YYYY/YY] [--simulate N] "
	"[--seed S] [--force --reason TEXT] [--extract ID]";

static void calibrate_help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Calibrate the reward curve of every pay-for-performance outcome\n"
	       "of the workspace's contract that is paid on a curve in the year\n"
	       "(docs/incentives.md, DESIGN.md \"Reward curve\"): the baseline\n"
	       "and its standard error from the year before the curve's first\n"
	       "year, the between-year variance from the contract's history\n"
	       "years, and the three anchors - nothing below the p0 point,\n"
	       "reward r at the p point of the expected trajectory, full reward\n"
	       "only for a statistically significant improvement.  A curve is\n"
	       "stored the first time and then frozen until its review year:\n"
	       "later runs show the stored curve.  Recalibrating before then,\n"
	       "or a changed outcome weight, is refused unless --force with a\n"
	       "--reason, which goes into the audit log.  Each curve's noise\n"
	       "check says whether full reward is likely at the contract's\n"
	       "target improvement and, if not, what population or pooling\n"
	       "would make the outcome incentivisable.\n"
	       "\n"
	       "With --simulate N, each curve is checked by N simulated years,\n"
	       "parametric (normal, sigma^2 = s^2 + tau^2) and bootstrap (the\n"
	       "baseline year's people or answers resampled, plus between-year\n"
	       "noise): the share earning at least r under the expected\n"
	       "trajectory (should be p, 95%%), and the share earning full\n"
	       "reward with no true improvement (at most alpha) and with the\n"
	       "target improvement.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace (with a contract stored)\n"
	       "  --year YYYY/YY      the year (default: the extract's last)\n"
	       "  --simulate N        simulated years per curve\n"
	       "  --seed S            random seed of the simulation (default 1)\n"
	       "  --force             recalibrate frozen curves / accept changed\n"
	       "                      weights\n"
	       "  --reason TEXT       why (required with --force)\n"
	       "  --extract ID        extract version (default: the latest)\n"
	       "\n"
	       "example:\n"
	       "  onebudget calibrate -w ws --year 2021/22 --simulate 2000\n",
	       calibrate_usage);
}

static void print_curve(const struct ob_outcome_curve *cv, int frozen)
{
	const struct ob_curve *c = &cv->curve;
	char f0[8], f1[8];

	ob_fy_format(cv->first_year, f0);
	ob_fy_format(cv->review_year, f1);
	printf("\n%s at %s: curve for %s to before %s (%s%s)\n", cv->metric->id,
	       cv->unit, f0, f1,
	       frozen ? "frozen, stored " : "calibrated now, stored ",
	       cv->stored_at);
	printf("  history:");
	for (int i = 0; i < cv->n_history; i++) {
		char fy[8];
		ob_fy_format(cv->hist_year[i], fy);
		printf(" %s %.5g (se %.3g)%s", fy, cv->hist_value[i],
		       cv->hist_se[i], i + 1 < cv->n_history ? ";" : "");
	}
	printf("\n  baseline b %.5g, s_b %.4g, s %.4g, tau^2 %.4g, sigma %.4g, "
	       "%s is better, expected improvement %.4g\n",
	       c->baseline, c->se_base, c->se_year, c->tau2, c->sigma,
	       c->direction > 0 ? "higher" : "lower", cv->prm.delta);
	printf("  reward 0 at %.5g (u0 %+.4g), %.2f at %.5g (ur %+.4g), full at "
	       "%.5g (umax %+.4g)%s\n",
	       c->baseline + c->direction * c->u0, c->u0, c->r,
	       c->baseline + c->direction * c->ur, c->ur,
	       c->baseline + c->direction * c->umax, c->umax,
	       c->merged ? "; the expected improvement clears significance: "
			   "straight from u0 to full"
			 : "");
	printf("  noise check: P(full reward | target improvement %.4g) = "
	       "%.3f%s",
	       cv->prm.target, c->p_full_at_target,
	       c->too_noisy ? " - too noisy to incentivise at this size" : "");
	if (c->too_noisy) {
		if (c->population_factor > 0)
			printf("; needs %.1fx the population", c->population_factor);
		else
			printf("; no population suffices (between-year "
			       "variation)");
		if (c->pooled_years)
			printf(" or %d years pooled", c->pooled_years);
		else
			printf(", and pooling up to 10 years does not");
	}
	printf("\n");
}

/* The simulation check of a curve: parametric and bootstrap. */
static int simulate(const struct cli_setup *s, const struct ob_outcome_curve *cv,
		    size_t n, uint64_t seed)
{
	const struct ob_curve *c = &cv->curve;
	struct ob_rng rng;
	struct ob_error err;
	double r_exp, f_exp, r0, f0, rt, ft;
	double *v;
	size_t hit_r = 0, full0 = 0, fullt = 0, valid = 0;

	ob_rng_seed(&rng, seed, 0);
	ob_curve_simulate(c, cv->prm.delta, n, &rng, &r_exp, &f_exp);
	ob_curve_simulate(c, 0, n, &rng, &r0, &f0);
	ob_curve_simulate(c, cv->prm.target, n, &rng, &rt, &ft);
	printf("  simulated %zu years (parametric): >= %.2f reward under the "
	       "expected trajectory %.3f; full reward with no improvement "
	       "%.4f, with the target improvement %.3f\n",
	       n, c->r, r_exp, f0, ft);
	v = malloc(n * sizeof(*v));
	if (!v)
		die("out of memory");
	ob_error_clear(&err);
	if (ob_measures_bootstrap(&s->m, cv->metric, cv->first_year - 1,
				  cv->outcome->unit == OB_OUTCOME_PCH
					  ? OB_UNIT_PCH
					  : OB_UNIT_MCP,
				  cv->unit, n, &rng, v, &err)) {
		printf("  bootstrap: not available (%s)\n", err.msg);
		free(v);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		double eta = sqrt(c->tau2) * ob_rng_normal(&rng);
		if (!isfinite(v[i]))
			continue;
		valid++;
		hit_r += ob_curve_reward(c, v[i] + c->direction *
							  (cv->prm.delta + eta)) >=
			 c->r - 1e-12;
		full0 += ob_curve_reward(c, v[i] + c->direction * eta) >= 1;
		fullt += ob_curve_reward(c, v[i] + c->direction *
							 (cv->prm.target + eta)) >=
			 1;
	}
	if (valid)
		printf("  simulated %zu years (bootstrap of the baseline year's "
		       "records): >= %.2f reward under the expected trajectory "
		       "%.3f; full reward with no improvement %.4f, with the "
		       "target improvement %.3f\n",
		       valid, c->r,
		       (double)hit_r / (double)valid,
		       (double)full0 / (double)valid,
		       (double)fullt / (double)valid);
	free(v);
	return 0;
}

int cmd_calibrate(int argc, char **argv)
{
	const char *ws_dir = NULL, *year_s = NULL, *sim_s = NULL,
		   *seed_s = NULL, *reason = NULL, *extract_s = NULL;
	int force = 0, r;
	const struct cli_option opts[] = {
		{ "workspace", 'w', OPT_STRING, &ws_dir, NULL },
		{ "year", 'y', OPT_STRING, &year_s, NULL },
		{ "simulate", 0, OPT_STRING, &sim_s, NULL },
		{ "seed", 0, OPT_STRING, &seed_s, NULL },
		{ "force", 0, OPT_FLAG, NULL, &force },
		{ "reason", 0, OPT_STRING, &reason, NULL },
		{ "extract", 0, OPT_STRING, &extract_s, NULL },
		{ 0 },
	};
	struct cli_setup s;
	struct ob_error err;
	long nsim = 0, extract = 0;
	uint64_t seed = 1;
	ob_fy year = 0;
	size_t shown = 0;
	struct ob_outcome_history hist;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, calibrate_usage);
	if (r == 1) {
		calibrate_help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir) {
		error("calibrate needs -w WORKSPACE\nusage: %s",
		      calibrate_usage);
		return 2;
	}
	if ((year_s && cli_parse_fy("year", year_s, &year)) ||
	    (sim_s && cli_parse_long("simulate", sim_s, 1, 10000000, &nsim)) ||
	    (seed_s && cli_parse_u64("seed", seed_s, &seed)) ||
	    (extract_s &&
	     cli_parse_long("extract", extract_s, 1, 1L << 40, &extract)))
		return 2;
	if (force && (!reason || !*reason)) {
		error("--force needs --reason TEXT (it goes into the audit "
		      "log)");
		return 2;
	}
	if ((r = cli_setup_open(&s, ws_dir, &year, extract))) {
		cli_setup_release(&s);
		return r;
	}
	if (!has_incentives(&s)) {
		cli_setup_release(&s);
		return 1;
	}
	ob_error_clear(&err);
	if (ob_weights_check(s.ws, s.c, s.info.id, force, reason, &err)) {
		cli_setup_release(&s);
		return report_error(&err);
	}
	{
		char fy[8];
		ob_fy_format(year, fy);
		printf("reward curves for %s, contract %s version %ld (p %.3g, "
		       "r %.3g, p0 %.4g, alpha %.3g; review every %d years)\n",
		       fy, s.c->id, s.info.id, s.c->incentives.p,
		       s.c->incentives.r, s.c->incentives.p0,
		       s.c->incentives.alpha, s.c->incentives.review_years);
	}
	for (size_t i = 0; i < s.c->incentives.n_outcomes; i++) {
		const struct ob_incentive_outcome *o =
			&s.c->incentives.outcomes[i];
		ob_fy first = 0;
		int stage = ob_outcome_stage(s.c, o, year, &first);
		size_t nunits = o->unit == OB_OUTCOME_PCH ? s.m.ds->npch : 1;

		if (stage == 1) {
			printf("\n%s: baselining year - paid for data capture "
			       "(%.0f%% of practices); its curve is "
			       "calibrated from this year for the next\n",
			       o->metric,
			       s.c->incentives.coverage_threshold * 100);
			continue;
		}
		if (stage != 2)
			continue;
		memset(&hist, 0, sizeof(hist));
		for (size_t u = 0; u < nunits; u++) {
			const char *unit = o->unit == OB_OUTCOME_PCH
						   ? s.m.ds->pch_code[u]
						   : "MCP";
			struct ob_outcome_curve cv, old;
			int found = ob_curve_find(s.ws, o->metric, unit, first,
						  &old, &err);
			int frozen = found == 1 && !force;

			if (found < 0) {
				ob_outcome_history_release(&hist);
				cli_setup_release(&s);
				return report_error(&err);
			}
			if (frozen) {
				cv = old;
				cv.outcome = o;
				cv.metric = ob_catalogue_find(s.cat, o->metric);
				snprintf(cv.unit, sizeof(cv.unit), "%s", unit);
			} else if (ob_outcome_calibrate(s.c, s.info.id, s.cat,
							&s.m, o, first, unit,
							&hist, &cv, &err) ||
				   ob_curve_store(s.ws, &cv,
						  found == 1 ? old.id : 0,
						  found == 1 ? reason : NULL,
						  &err)) {
				ob_outcome_history_release(&hist);
				cli_setup_release(&s);
				return report_error(&err);
			}
			print_curve(&cv, frozen);
			if (nsim)
				simulate(&s, &cv, (size_t)nsim, seed + shown);
			shown++;
		}
		ob_outcome_history_release(&hist);
	}
	if (!shown)
		printf("\nno outcome is paid on a curve in this year\n");
	cli_setup_release(&s);
	return 0;
}

/* ---- incentives --------------------------------------------------------- */

static const char incentives_usage[] =
	"onebudget incentives -w WORKSPACE --year YYYY/YY "
	"[--format table|csv] [--extract ID]";

static void incentives_help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "The outcome incentives of a contract year (docs/incentives.md):\n"
	       "the pot (the contract's share of the year's contract budget),\n"
	       "split over the pay-for-performance outcomes paid that year by\n"
	       "their weights (largest remainder, exact to the penny); per\n"
	       "outcome and unit the observed value with its limits, the\n"
	       "position on its frozen reward curve (calibrated and stored the\n"
	       "first time, as `onebudget calibrate` does), the reward fraction\n"
	       "and the money earned; outcomes in a baselining year, paid for\n"
	       "complete data capture; national standards, with the sanction\n"
	       "of a breach; the local quality and assurance outcomes,\n"
	       "reported without payment; and the total.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace (with a contract stored)\n"
	       "  --year YYYY/YY      the contract year\n"
	       "  --format F          table (default) or csv\n"
	       "  --extract ID        extract version (default: the latest)\n"
	       "\n"
	       "example:\n"
	       "  onebudget incentives -w ws --year 2021/22\n",
	       incentives_usage);
}

int cmd_incentives(int argc, char **argv)
{
	const char *ws_dir = NULL, *year_s = NULL, *format_s = "table",
		   *extract_s = NULL;
	const struct cli_option opts[] = {
		{ "workspace", 'w', OPT_STRING, &ws_dir, NULL },
		{ "year", 'y', OPT_STRING, &year_s, NULL },
		{ "format", 0, OPT_STRING, &format_s, NULL },
		{ "extract", 0, OPT_STRING, &extract_s, NULL },
		{ 0 },
	};
	struct cli_setup s;
	struct ob_budget b;
	struct ob_incentives_result res;
	struct ob_error err;
	enum cli_format fmt;
	long extract = 0;
	ob_fy year = 0;
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, incentives_usage);
	if (r == 1) {
		incentives_help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir || !year_s) {
		error("incentives needs -w WORKSPACE and --year\nusage: %s",
		      incentives_usage);
		return 2;
	}
	if (cli_parse_fy("year", year_s, &year) ||
	    cli_parse_format(format_s, &fmt) ||
	    (extract_s &&
	     cli_parse_long("extract", extract_s, 1, 1L << 40, &extract)))
		return 2;
	if (fmt == CLI_JSON) {
		error("--format json is not available for incentives (table or "
		      "csv)");
		return 2;
	}
	if ((r = cli_setup_open(&s, ws_dir, &year, extract))) {
		cli_setup_release(&s);
		return r;
	}
	if (!has_incentives(&s)) {
		cli_setup_release(&s);
		return 1;
	}
	ob_error_clear(&err);
	if (ob_budget_compute(s.c, &s.m, year, &b, &err)) {
		cli_setup_release(&s);
		return report_error(&err);
	}
	r = ob_incentives_compute(s.ws, s.c, s.info.id, s.cat, &s.m, year, 1,
				  b.contract_budget, b.pch, b.n_pch, &res,
				  &err);
	ob_budget_release(&b);
	if (!r) {
		r = ob_incentives_write(&res, fmt, stdout, &err);
		if (!r && res.calibrated_now && fmt == CLI_TABLE)
			printf("(%zu curve%s calibrated and frozen by this "
			       "run)\n",
			       res.calibrated_now,
			       res.calibrated_now == 1 ? "" : "s");
		ob_incentives_release(&res);
	}
	cli_setup_release(&s);
	return r ? report_error(&err) : 0;
}
