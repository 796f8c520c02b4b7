/*
 * setup.c - what the commands of a contract year load: the workspace, its
 * latest contract (with the version number), the outcomes catalogue, and
 * the model from the first year the budget and the incentives need.
 */
#include <stdio.h>
#include <string.h>

#include "onebudget/incentives.h"

#include "cli.h"

void cli_setup_release(struct cli_setup *s)
{
	if (s->have_model)
		ob_model_close(&s->m);
	ob_contract_free(s->c);
	ob_catalogue_free(s->cat);
	ob_workspace_close(s->ws);
}

int cli_setup_open(struct cli_setup *s, const char *ws_dir, ob_fy *year,
		   long extract)
{
	struct ob_error err;
	const struct ob_incentives *in;
	ob_fy first;

	memset(s, 0, sizeof(*s));
	ob_error_clear(&err);
	if (ob_catalogue_load_default(&s->cat, &err) ||
	    ob_workspace_open(&s->ws, ws_dir, &err))
		return report_error(&err);
	if (ob_workspace_load_contract(s->ws, 0, &s->c, &s->info, &err)) {
		if (err.code == OB_ENOTFOUND) {
			error("%s has no contract: store one with `onebudget "
			      "contract add -w %s FILE`",
			      ws_dir, ws_dir);
			return 1;
		}
		return report_error(&err);
	}
	if (ob_contract_check_catalogue(s->c, s->cat, &err))
		return report_error(&err);
	in = &s->c->incentives;
	if (!*year) {
		ob_fy lo, hi;
		if (ob_model_open(s->ws, extract, 0, 0, &s->m, &err))
			return report_error(&err);
		ob_dataset_years(s->m.ds, &lo, &hi);
		ob_model_close(&s->m);
		*year = hi < s->c->last ? hi : s->c->last;
	}
	if (*year < s->c->shadow || *year > s->c->last) {
		char a[8], b[8];
		ob_fy_format(s->c->shadow, a);
		ob_fy_format(s->c->last, b);
		error("the year is outside the contract (%s to %s)", a, b);
		return 2;
	}
	/* The earliest year any curve of `year` was calibrated from, and the
	 * budget's base year. */
	first = s->c->base < *year - 2 ? s->c->base : *year - 2;
	for (size_t i = 0; i < in->n_outcomes; i++) {
		ob_fy f = 0;
		if (ob_outcome_stage(s->c, &in->outcomes[i], *year, &f) == 2 &&
		    f - in->history_years < first)
			first = f - in->history_years;
	}
	if (ob_model_open(s->ws, extract, first, *year, &s->m, &err))
		return report_error(&err);
	s->have_model = 1;
	return 0;
}

