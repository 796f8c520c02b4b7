/*
 * cmd-contract.c - `onebudget contract check|add|list|show`: validate a
 * contract file, store it in a workspace as an immutable version, list the
 * versions and show one (docs/contract.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/catalogue.h"
#include "onebudget/contract.h"
#include "onebudget/dataset.h"
#include "onebudget/workspace.h"
#include "onebudget/banned.h"

#include "cli.h"

static const char usage[] =
    "onebudget contract check FILE | add -w WORKSPACE FILE [--note TEXT] | "
    "list -w WORKSPACE | show -w WORKSPACE [--version N] [--text]";
static const char check_usage[] = "onebudget contract check FILE|default";
static const char add_usage[] =
    "onebudget contract add -w WORKSPACE FILE|default [--note TEXT]";
static const char list_usage[] = "onebudget contract list -w WORKSPACE";
static const char show_usage[] =
    "onebudget contract show -w WORKSPACE [--version N] [--text]";

static void help(void)
{
	printf(
	    "usage: %s\n"
	    "\n"
	    "The contract file (YAML) names the parties, the years, the\n"
	    "budget lines in scope and when each enters it, the top-slices,\n"
	    "the yearly growth, inflation and efficiency assumptions with\n"
	    "the commissioners' allocations, the capitation's variables,\n"
	    "the outcome incentives, the risk-share, the prices of\n"
	    "out-of-area activity and the alliance split (docs/contract.md).\n"
	    "A workspace keeps every version given to it, unchangeable,\n"
	    "identified by the SHA-256 of its text.\n"
	    "\n"
	    "subcommands:\n"
	    "  check FILE       validate a contract file and summarise it\n"
	    "  add -w W FILE    store it in the workspace as a new version\n"
	    "  list -w W        list the stored versions\n"
	    "  show -w W        summarise a stored version, or print its text\n"
	    "\n"
	    "FILE 'default' is the shipped Westminster contract\n"
	    "(data/contracts/westminster.yaml); write ./default for a file\n"
	    "of that name.  Run 'onebudget contract SUBCOMMAND --help' for\n"
	    "its options.\n"
	    "\n"
	    "example:\n"
	    "  onebudget contract check default\n",
	    usage);
}

/* Parse FILE, or the shipped contract for "default". */
static int load(const char *file, struct ob_contract **out,
		struct ob_error *err)
{
	if (!strcmp(file, "default"))
		return ob_contract_load_default(out, err);
	return ob_contract_load_file(file, out, err);
}

/* The contract's references to the outcomes catalogue (the shipped one):
 * outcomes and national standards on metrics of the right category. */
static enum ob_status check_catalogue(const struct ob_contract *c,
				      struct ob_error *err)
{
	struct ob_catalogue *cat;
	enum ob_status st;

	if (!c->incentives.present)
		return 0;
	if ((st = ob_catalogue_load_default(&cat, err)))
		return st;
	st = ob_contract_check_catalogue(c, cat, err);
	ob_catalogue_free(cat);
	return st;
}

static void money(ob_pence p, char out[static 24])
{
	ob_pence_format(p, out);
}

static const char *fy(ob_fy y, char out[static 8])
{
	ob_fy_format(y, out);
	return out;
}

static void print_settings(unsigned settings)
{
	int first = 1;

	for (int s = 0; s < OB_SET_COUNT; s++)
		if (settings & (1u << s)) {
			printf("%s%s", first ? "" : ", ",
			       ob_setting_name((enum ob_setting)s));
			first = 0;
		}
	if (first)
		printf("-");
}

static void print_parties(const struct ob_contract *c)
{
	printf("\nparties\n");
	for (size_t i = 0; i < c->n_parties; i++) {
		const struct ob_party *p = &c->parties[i];

		printf("  %-13s %-16s %s", ob_party_role_name(p->role), p->id,
		       p->name);
		if (p->ods)
			printf(" (%s)", p->ods);
		printf("\n");
	}
}

static void print_lines(const struct ob_contract *c)
{
	char a[24], b[24], y[8];

	printf("\nbudget lines (%s values, pounds; * illustrative)\n",
	       fy(c->base, y));
	printf("  %-24s %-7s %-6s %5s %-7s %15s %15s  %s\n", "id", "payer",
	       "scope", "share", "from", "base value", "held value",
	       "settings");
	for (size_t i = 0; i < c->n_lines; i++) {
		const struct ob_budget_line *l = &c->lines[i];
		char share[16];

		money(l->base_value, a);
		money(ob_budget_line_held_value(l), b);
		if (l->scope == OB_SCOPE_OUT)
			snprintf(share, sizeof(share), "-");
		else
			snprintf(share, sizeof(share), "%.3g", l->share);
		printf("  %-24s %-7s %-6s %5s %-7s %15s %15s  ", l->id,
		       l->commissioner, ob_scope_name(l->scope), share,
		       l->scope == OB_SCOPE_OUT ? "-" : fy(l->from, y), a,
		       l->scope == OB_SCOPE_OUT ? "-" : b);
		print_settings(l->settings);
		printf("%s\n", l->illustrative ? " *" : "");
	}
	/* Totals by scope: the seed's "in scope" and "partly" columns. */
	for (int s = OB_SCOPE_IN; s <= OB_SCOPE_OUT; s++) {
		ob_pence base = 0, held = 0;
		char label[64];
		size_t n = 0;

		for (size_t i = 0; i < c->n_lines; i++)
			if ((int)c->lines[i].scope == s) {
				n++;
				base += c->lines[i].base_value;
				held += ob_budget_line_held_value(&c->lines[i]);
			}
		money(base, a);
		money(held, b);

		snprintf(label, sizeof(label), "%s: %zu line%s",
			 ob_scope_name((enum ob_scope)s), n, n == 1 ? "" : "s");
		printf("  %-53s %15s %15s\n", label, a,
		       s == OB_SCOPE_OUT ? "-" : b);
	}
}

/* For each operational year: lines held, their total, what enters. */
static void print_scope(const struct ob_contract *c)
{
	const struct ob_budget_line **v = calloc(c->n_lines, sizeof(*v));
	char y[8], a[24];

	if (!v)
		die("out of memory");
	printf("\noperational scope by year (held base-year values, "
	       "pounds)\n");
	printf("  %-7s %5s %15s  %s\n", "year", "lines", "held value",
	       "entering");
	for (ob_fy year = c->shadow; year <= c->last; year++) {
		ob_pence total;
		size_t n = ob_contract_scope(c, year, v, &total);
		int first = 1;

		money(total, a);
		printf("  %-7s %5zu %15s  ", fy(year, y), n, a);
		for (size_t i = 0; i < n; i++) {
			if (v[i]->from != year)
				continue;
			if (year == c->shadow) {
				printf("%s",
				       first ? "the shadow year's lines" : "");
			} else {
				printf("%s%s", first ? "" : ", ", v[i]->id);
				if (v[i]->variation)
					printf(" (variation %s)",
					       v[i]->variation);
			}
			first = 0;
		}
		printf("%s\n", first ? "-" : "");
	}
	free(v);
}

static void print_top_slices(const struct ob_contract *c)
{
	char y[8], a[24];

	if (!c->n_top_slices)
		return;
	printf("\ntop-slices (* illustrative)\n");
	for (size_t i = 0; i < c->n_top_slices; i++) {
		const struct ob_top_slice *t = &c->top_slices[i];

		char what[64];

		if (t->amount) {
			money(t->amount, a);
			snprintf(what, sizeof(what), "%s pounds a year", a);
		} else {
			snprintf(what, sizeof(what),
				 "%.2f%% of the year's budget", 100 * t->share);
		}
		printf("  %-24s from %-7s  %-28s  %s%s\n", t->id,
		       fy(t->from, y), what, t->name,
		       t->illustrative ? " *" : "");
	}
}

static void print_assumptions(const struct ob_contract *c)
{
	char y[8], a[24];

	printf("\nassumptions (a year; allocation in pounds; * "
	       "illustrative)\n");
	printf("  %-7s %10s %10s %12s %15s\n", "year", "population",
	       "inflation", "productivity", "allocation");
	for (size_t i = 0; i < c->n_assumptions; i++) {
		const struct ob_assumptions *x = &c->assumptions[i];

		money(x->allocation, a);
		printf("  %-7s %9.2f%% %9.2f%% %11.2f%% %15s%s\n",
		       fy(x->year, y), 100 * x->population_growth,
		       100 * x->inflation, 100 * x->productivity, a,
		       x->illustrative ? " *" : "");
	}
}

static void print_capitation(const struct ob_contract *c)
{
	const struct ob_capitation_spec *cap = &c->capitation;
	int first = 1;

	printf("\ncapitation\n  variables: ");
	for (int v = 0; v < OB_CAPVAR_COUNT; v++)
		if (cap->variables & (1u << v)) {
			printf("%s%s", first ? "" : ", ",
			       ob_capitation_variable_name(
				   (enum ob_capitation_variable)v));
			first = 0;
		}
	printf("\n  age bands:");
	for (size_t i = 0; i < cap->n_age_bands; i++) {
		if (i + 1 < cap->n_age_bands)
			printf(" %d-%d", cap->age_bands[i],
			       cap->age_bands[i + 1] - 1);
		else
			printf(" %d+", cap->age_bands[i]);
	}
	printf("\n  influenceable variables (prior_cost, prior_use): %s\n",
	       cap->allow_influenceable ? "allowed" : "refused");
}

/* Each outcome: unit, baselining year, first year on its curve, points
 * and improvements. */
static void print_outcomes(const struct ob_contract *c)
{
	const struct ob_incentives *in = &c->incentives;
	char y[8], b[8];

	printf("  outcomes (weight in points; improvements in the metric's "
	       "units)\n");
	printf("    %-30s %-4s %-8s %-8s %6s %9s %9s\n", "metric", "unit",
	       "baseline", "from", "weight", "expected", "target");
	for (size_t i = 0; i < in->n_outcomes; i++) {
		const struct ob_incentive_outcome *o = &in->outcomes[i];

		if (o->baseline_year)
			fy(o->baseline_year, b);
		else
			snprintf(b, sizeof(b), "-");
		printf("    %-30s %-4s %-8s %-8s %6d %9g %9g%s\n", o->metric,
		       ob_outcome_unit_name(o->unit), b, fy(o->from, y),
		       o->weight, o->expected_improvement,
		       o->target_improvement, o->illustrative ? " *" : "");
	}
}

static void print_standards(const struct ob_contract *c)
{
	const struct ob_incentives *in = &c->incentives;
	char y[8], a[24], what[64];

	if (!in->n_standards)
		return;
	printf("  national standards (sanction in a year of breach)\n");
	for (size_t i = 0; i < in->n_standards; i++) {
		const struct ob_national_standard *s = &in->standards[i];

		if (s->sanction) {
			money(s->sanction, a);
			snprintf(what, sizeof(what), "%s pounds", a);
		} else {
			snprintf(what, sizeof(what),
				 "%.2f%% of the year's budget",
				 100 * s->sanction_share);
		}
		printf("    %-30s from %-7s  standard %-9g  %s%s\n", s->metric,
		       fy(s->from, y), s->standard, what,
		       s->illustrative ? " *" : "");
	}
}

/* The pot by year with the outcomes paid and their points. */
static void print_incentives(const struct ob_contract *c)
{
	const struct ob_incentives *in = &c->incentives;
	char y[8];

	if (!in->present)
		return;
	printf("\nincentives (* illustrative)\n");
	printf("  %-7s %6s %8s %6s\n", "year", "pot", "outcomes", "points");
	for (size_t i = 0; i < in->n_pot; i++) {
		const struct ob_pot_year *p = &in->pot[i];
		int n = 0, points = 0;

		for (size_t j = 0; j < in->n_outcomes; j++)
			if (ob_outcome_paid(c, &in->outcomes[j], p->year)) {
				n++;
				points += in->outcomes[j].weight;
			}
		printf("  %-7s %5.2f%% %8d %6d%s\n", fy(p->year, y),
		       100 * p->share, n, points, p->illustrative ? " *" : "");
	}
	printf("  calibration: p %g, r %g, p0 %g, alpha %g, power %g, %d "
	       "years of history\n",
	       in->p, in->r, in->p0, in->alpha, in->power, in->history_years);
	printf("  curves reviewed every %d year%s; a baselining year pays "
	       "at %g%% data capture\n",
	       in->review_years, in->review_years == 1 ? "" : "s",
	       100 * in->coverage_threshold);
	print_outcomes(c);
	print_standards(c);
}

static const char *pct(double f, char out[static 16])
{
	snprintf(out, 16, "%.2f%%", 100 * f);
	return out;
}

/* The pools, then the terms of each year. */
static void print_risk_share(const struct ob_contract *c)
{
	const struct ob_risk_share *r = &c->risk_share;
	char y[8], a[24], p[6][16];

	if (!r->present)
		return;
	printf("\nrisk share (shares and caps of each pool's budget; * "
	       "illustrative)\n  pools\n");
	for (size_t i = 0; i < r->n_pools; i++) {
		const struct ob_pool *x = &r->pools[i];

		printf("    %-16s %-6s  %s", x->id, ob_pool_kind_name(x->kind),
		       x->name);
		if (x->kind == OB_POOL_ACUTE) {
			money(x->baseline, a);
			printf(" (ledger line %s, baseline %s)", x->ledger_line,
			       a);
		}
		printf("\n");
	}
	printf("  %-7s %8s %8s %8s %8s %8s %15s  %-12s %-4s %12s\n", "year",
	       "corridor", "gain", "gain cap", "loss", "loss cap",
	       "surplus target", "excess to", "gate", "acute impact");
	for (size_t i = 0; i < r->n_years; i++) {
		const struct ob_risk_year *x = &r->years[i];

		money(x->surplus_target, a);
		printf("  %-7s %8s %8s %8s %8s %8s %15s  %-12s %-4s %12s%s\n",
		       fy(x->year, y), pct(x->corridor, p[0]),
		       pct(x->gain_share, p[1]), pct(x->gain_cap, p[2]),
		       pct(x->loss_share, p[3]), pct(x->loss_cap, p[4]), a,
		       ob_excess_to_name(x->excess_to),
		       x->quality_gate ? "yes" : "no",
		       pct(x->acute_impact, p[5]), x->illustrative ? " *" : "");
	}
}

static void print_out_of_area(const struct ob_contract *c)
{
	const struct ob_out_of_area *o = &c->out_of_area;
	char a[24];

	if (!o->present)
		return;
	printf("\nout of area (national tariff x MFF unless a local price "
	       "applies)\n");
	printf("  outside the local system: providers.csv in_system = N");
	for (size_t i = 0; i < o->n_outside; i++)
		printf("%s%s", i ? ", " : ", plus ", o->outside_providers[i]);
	printf("\n");
	if (!o->n_local_prices)
		return;
	printf("  local prices (pounds; a provider's own first)\n");
	printf("    %-8s %-6s %-4s %12s\n", "provider", "hrg", "pod", "price");
	for (size_t i = 0; i < o->n_local_prices; i++) {
		const struct ob_local_price *x = &o->local_prices[i];

		money(x->price, a);
		printf("    %-8s %-6s %-4s %12s\n",
		       x->provider ? x->provider : "any", x->hrg, x->pod, a);
	}
}

static void print_alliance(const struct ob_contract *c)
{
	const struct ob_alliance_rule *r = &c->alliance_rule;
	char a[24], p[16];

	if (!r->present)
		return;
	printf("\nalliance split: %s\n",
	       r->rule == OB_SPLIT_FIXED
		   ? "fixed shares"
		   : "pro rata to contract value (pounds)");
	for (size_t i = 0; i < r->n_members; i++) {
		const struct ob_alliance_member *x = &r->members[i];

		if (r->rule == OB_SPLIT_FIXED)
			pct(x->share, p);
		else
			money(x->contract_value, a);
		printf("  %-16s %15s\n", x->party,
		       r->rule == OB_SPLIT_FIXED ? p : a);
	}
}

static void print_summary(const struct ob_contract *c)
{
	char a[8], b[8], d[8], e[8];

	printf("contract %s: %s\n", c->id, c->title);
	printf("source %s, sha256 %s\n", c->source, c->sha256);
	printf("population basis: %s\n", ob_population_basis_name(c->basis));
	printf("years: base %s, shadow %s, first full %s, last %s\n",
	       fy(c->base, a), fy(c->shadow, b), fy(c->first_full, d),
	       fy(c->last, e));
	print_parties(c);
	print_lines(c);
	print_scope(c);
	print_top_slices(c);
	print_assumptions(c);
	print_capitation(c);
	print_incentives(c);
	print_risk_share(c);
	print_out_of_area(c);
	print_alliance(c);
}

/* ------------------------------------------------------------------ */

static void check_help(void)
{
	printf(
	    "usage: %s\n"
	    "\n"
	    "Validate a contract file and print a summary: the parties, the\n"
	    "years, the budget lines and the operational scope of each year\n"
	    "with its total, the top-slices, the assumptions, the\n"
	    "capitation's variables, the incentives (the pot by year, the\n"
	    "outcomes and the national standards), the risk-share pools\n"
	    "and terms by year, the local prices of out-of-area activity\n"
	    "and the alliance split.  The incentives' metrics are checked\n"
	    "against the outcomes catalogue.  Nothing is stored.  A fault\n"
	    "is reported as file:line:column: message, and the exit status\n"
	    "is 1.  FILE 'default' is the shipped Westminster contract.\n"
	    "\n"
	    "example:\n"
	    "  onebudget contract check data/contracts/westminster.yaml\n",
	    check_usage);
}

static int contract_check(int argc, char **argv)
{
	const struct cli_option opts[] = {{0}};
	const char *file = NULL;
	struct ob_contract *c;
	struct ob_error err;
	int r, npos = 0;

	r = cli_parse(argc, argv, opts, &file, 1, &npos, check_usage);
	if (r == 1) {
		check_help();
		return 0;
	}
	if (r)
		return r;
	if (!npos) {
		error("contract check needs a FILE\nusage: %s", check_usage);
		return 2;
	}
	ob_error_clear(&err);
	if (load(file, &c, &err))
		return report_error(&err);
	if (check_catalogue(c, &err)) {
		ob_contract_free(c);
		return report_error(&err);
	}
	print_summary(c);
	ob_contract_free(c);
	return 0;
}

static void add_help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Validate a contract file (its incentives' metrics against\n"
	       "the outcomes catalogue) and store its exact text in the\n"
	       "workspace as a new contract version, with an audit-log entry.\n"
	       "Versions are numbered 1, 2, ... and can never be changed or\n"
	       "deleted.  A text identical to a stored version (same SHA-256)\n"
	       "stores nothing and reports that version as unchanged.  FILE\n"
	       "'default' is the shipped Westminster contract.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "  --note TEXT         why this version (kept with it and in\n"
	       "                      the audit log)\n"
	       "\n"
	       "example:\n"
	       "  onebudget contract add -w ws default --note 'as procured'\n",
	       add_usage);
}

static int contract_add(int argc, char **argv)
{
	const char *ws_dir = NULL, *note = NULL, *file = NULL;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {"note", 0, OPT_STRING, &note, NULL},
	    {0},
	};
	struct ob_workspace *ws;
	struct ob_contract *c;
	struct ob_error err;
	int r, npos = 0, unchanged = 0;
	long id = 0;

	r = cli_parse(argc, argv, opts, &file, 1, &npos, add_usage);
	if (r == 1) {
		add_help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir || !npos) {
		error("contract add needs -w WORKSPACE and a FILE\nusage: %s",
		      add_usage);
		return 2;
	}
	ob_error_clear(&err);
	if (load(file, &c, &err))
		return report_error(&err);
	if (check_catalogue(c, &err)) {
		ob_contract_free(c);
		return report_error(&err);
	}
	if (ob_workspace_open(&ws, ws_dir, &err)) {
		ob_contract_free(c);
		return report_error(&err);
	}
	r = ob_workspace_add_contract(ws, c, note, &id, &unchanged, &err);
	ob_workspace_close(ws);
	if (r) {
		ob_contract_free(c);
		return report_error(&err);
	}
	if (unchanged)
		printf("unchanged: contract version %ld of %s in %s already "
		       "holds this text (sha256 %.16s)\n",
		       id, c->id, ws_dir, c->sha256);
	else
		printf("stored contract version %ld of %s in %s (sha256 "
		       "%.16s)\n",
		       id, c->id, ws_dir, c->sha256);
	ob_contract_free(c);
	return 0;
}

static void list_help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "List the contract versions stored in the workspace, oldest\n"
	       "first: version, when stored (UTC), the contract's id, the\n"
	       "first 16 hex digits of the SHA-256 of its text, the file it\n"
	       "came from and the note.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "\n"
	       "example:\n"
	       "  onebudget contract list -w ws\n",
	       list_usage);
}

static int contract_list(int argc, char **argv)
{
	const char *ws_dir = NULL;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {0},
	};
	struct ob_contract_version *v = NULL;
	struct ob_workspace *ws;
	struct ob_error err;
	size_t n = 0;
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, list_usage);
	if (r == 1) {
		list_help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir) {
		error("contract list needs -w WORKSPACE\nusage: %s",
		      list_usage);
		return 2;
	}
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	r = ob_workspace_contract_versions(ws, &v, &n, &err);
	ob_workspace_close(ws);
	if (r)
		return report_error(&err);
	printf("%7s  %-20s  %-20s %-16s  %-20s %s\n", "version", "stored",
	       "contract", "sha256", "source", "note");
	for (size_t i = 0; i < n; i++)
		printf("%7ld  %-20s  %-20s %.16s  %-20s %s\n", v[i].id,
		       v[i].stored_at, v[i].contract_id, v[i].sha256,
		       v[i].source, v[i].note);
	if (!n)
		printf("(no contract stored yet)\n");
	free(v);
	return 0;
}

static void show_help(void)
{
	printf("usage: %s\n"
	       "\n"
	       "Summarise a stored contract version (the latest unless\n"
	       "--version is given), as 'contract check' does, or with --text\n"
	       "print its exact text, byte for byte as it was stored.\n"
	       "\n"
	       "options:\n"
	       "  -w, --workspace W   the workspace\n"
	       "  --version N         the version (see 'contract list')\n"
	       "  --text              print the stored text\n"
	       "\n"
	       "example:\n"
	       "  onebudget contract show -w ws --version 1 --text > v1.yaml\n",
	       show_usage);
}

static int contract_show(int argc, char **argv)
{
	const char *ws_dir = NULL, *version_s = NULL;
	int text = 0;
	const struct cli_option opts[] = {
	    {"workspace", 'w', OPT_STRING, &ws_dir, NULL},
	    {"version", 0, OPT_STRING, &version_s, NULL},
	    {"text", 0, OPT_FLAG, NULL, &text},
	    {0},
	};
	struct ob_contract_version info;
	struct ob_workspace *ws;
	struct ob_contract *c;
	struct ob_error err;
	long version = 0;
	int r;

	r = cli_parse(argc, argv, opts, NULL, 0, NULL, show_usage);
	if (r == 1) {
		show_help();
		return 0;
	}
	if (r)
		return r;
	if (!ws_dir) {
		error("contract show needs -w WORKSPACE\nusage: %s",
		      show_usage);
		return 2;
	}
	if (version_s &&
	    cli_parse_long("version", version_s, 1, 1L << 40, &version))
		return 2;
	ob_error_clear(&err);
	if (ob_workspace_open(&ws, ws_dir, &err))
		return report_error(&err);
	r = ob_workspace_load_contract(ws, version, &c, &info, &err);
	ob_workspace_close(ws);
	if (r)
		return report_error(&err);
	if (text) {
		fwrite(c->text, 1, c->text_len, stdout);
	} else {
		printf("contract version %ld, stored %s%s%s\n", info.id,
		       info.stored_at, info.note[0] ? ": " : "", info.note);
		print_summary(c);
	}
	ob_contract_free(c);
	return 0;
}

/* ------------------------------------------------------------------ */

static const struct cli_subcommand subcommands[] = {
    {"check", contract_check},
    {"add", contract_add},
    {"list", contract_list},
    {"show", contract_show},
};

int cmd_contract(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "contract", subcommands,
			      sizeof(subcommands) / sizeof(subcommands[0]),
			      help, usage);
}
