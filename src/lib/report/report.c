/*
 * report.c - the year's HTML report (report.h, docs/report.md): each
 * section computes with the library's modules and writes tables and
 * Vega-Lite charts through html.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/banned.h"
#include "onebudget/budget.h"
#include "onebudget/incentives.h"
#include "onebudget/json.h"
#include "onebudget/measures.h"
#include "onebudget/population.h"
#include "onebudget/report.h"
#include "onebudget/settle-year.h"

#include "html.h"

#define AGE_BANDS 10 /* 0-9, ..., 80-89, 90+ */

/* NHS identity colours (service manual): blue, dark blue, pink, grey... */
#define NHS_COLOURS                                                            \
	"[\"#005eb8\",\"#ae2573\",\"#009639\",\"#ed8b00\",\"#330072\","        \
	"\"#00a9ce\",\"#768692\",\"#7c2855\",\"#003087\"]"

struct rep {
	FILE *o;
	const struct ob_report_options *opt;
	const struct ob_model *m;
	const struct ob_catalogue *cat;
	int oom;
};

const struct ob_refdata_file *ob_report_asset(const char *name)
{
	for (const struct ob_refdata_file *f = ob_report_assets; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

/* A count as published: 1 to 7 suppressed (NAN), others rounded to the
 * nearest 5 (NHS Digital disclosure control, as ob_measures_publish). */
static double shown_count(const struct rep *r, double v)
{
	if (!r->opt->publish || !isfinite(v))
		return v;
	if (v >= 1 && v <= 7.5)
		return NAN;
	return 5 * floor(v / 5 + 0.5);
}

static void chart(struct rep *r, const char *id, const char *title,
		  const char *alt, struct tab *t, const char *rest)
{
	if (t->oom || !rest)
		r->oom = 1;
	html_chart(r->o, id, title, alt, t, rest ? rest : "\"mark\":\"bar\"");
}

static void h2(struct rep *r, const char *id, const char *title)
{
	fprintf(r->o, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">", id,
		id);
	html_text(r->o, title);
	fputs("</h2>\n", r->o);
}

static void para(struct rep *r, const char *text)
{
	fputs("<p>", r->o);
	html_text(r->o, text);
	fputs("</p>\n", r->o);
}

/* ---- 1. population ------------------------------------------------------ */

static const struct col pyramid_cols[] = {
    {"unit", "Unit", COL_TEXT},
    {"age", "Age", COL_TEXT},
    {"sex", "Sex", COL_TEXT},
    {"people", "People", COL_INT},
    {"x", "Signed (male negative)", COL_INT},
};

static const char pyramid_spec[] =
    "\"mark\":{\"type\":\"bar\",\"tooltip\":true},"
    "\"encoding\":{\"y\":{\"field\":\"age\",\"type\":\"ordinal\","
    "\"sort\":\"descending\",\"title\":\"Age\"},"
    "\"x\":{\"field\":\"x\",\"type\":\"quantitative\",\"title\":\"People "
    "(male left, female right)\",\"axis\":{\"labelExpr\":"
    "\"format(abs(datum.value), ',')\"}},"
    "\"color\":{\"field\":\"sex\",\"type\":\"nominal\",\"scale\":{"
    "\"domain\":[\"Male\",\"Female\"],\"range\":[\"#005eb8\",\"#ae2573\"]}}}";

static void population(struct rep *r)
{
	const struct ob_dataset *ds = r->m->ds;
	const struct ob_person_years *py = &r->m->py;
	size_t npch = ds->npch, units = npch + 1;
	long *n = calloc(units * AGE_BANDS * 2, sizeof(*n));
	struct ob_pop_summary seg, reg, res;
	struct ob_error err;
	struct tab t;
	char age[16];

	h2(r, "population", "Population");
	para(r, "People registered with the MCP's practices during the year "
		"(the registered basis), by age band and sex, by primary care "
		"home (PCH), with the mix of population segments and the "
		"registered and resident populations of each locality.");
	if (!n) {
		r->oom = 1;
		return;
	}
	for (size_t i = 0; i < py->n; i++) {
		const struct ob_person_year *p = &py->rows[i];
		int band, sex;
		if (p->year != r->opt->year || p->mcp_days <= 0 ||
		    (p->sex != 1 && p->sex != 2))
			continue;
		band = p->age < 0 ? 0 : p->age / 10;
		if (band >= AGE_BANDS)
			band = AGE_BANDS - 1;
		sex = p->sex - 1;
		n[(size_t)band * 2 + (size_t)sex]++;
		if (p->pch >= 0 && (size_t)p->pch < npch)
			n[((size_t)(p->pch + 1) * AGE_BANDS + (size_t)band) *
			      2 +
			  (size_t)sex]++;
	}
	for (int pass = 0; pass < 2; pass++) {
		tab_init(&t, pyramid_cols, 5);
		for (size_t u = pass ? 1 : 0; u < (pass ? units : 1); u++)
			for (int b = AGE_BANDS - 1; b >= 0; b--)
				for (int s = 0; s < 2; s++) {
					double v = shown_count(
					    r,
					    (double)
						n[(u * AGE_BANDS + (size_t)b) *
						      2 +
						  (size_t)s]);
					if (b == AGE_BANDS - 1)
						snprintf(age, sizeof(age),
							 "%d+", b * 10);
					else
						snprintf(age, sizeof(age),
							 "%02d-%02d", b * 10,
							 b * 10 + 9);
					tab_s(&t,
					      u ? ds->pch_code[u - 1] : "MCP");
					tab_s(&t, age);
					tab_s(&t, s ? "Female" : "Male");
					tab_n(&t, v);
					tab_n(&t, s ? v : -v);
				}
		if (!pass) {
			char *rest = str_printf("\"width\":\"container\","
						"\"height\":260,%s",
						pyramid_spec);
			chart(r, "chart-pyramid-mcp",
			      "Age-sex pyramid: the MCP",
			      "Population pyramid of the MCP's registered "
			      "population by ten-year age band, males to the "
			      "left and females to the right; the data table "
			      "follows.",
			      &t, rest);
			free(rest);
		} else {
			char *rest = str_printf(
			    "\"facet\":{\"field\":\"unit\",\"type\":"
			    "\"nominal\",\"title\":\"Primary care home\"},"
			    "\"columns\":4,\"resolve\":{\"scale\":{\"x\":"
			    "\"independent\"}},\"spec\":{\"width\":160,"
			    "\"height\":140,%s}",
			    pyramid_spec);
			chart(r, "chart-pyramid-pch",
			      "Age-sex pyramids by primary care home",
			      "Small multiples: one population pyramid per "
			      "primary care home, males left and females "
			      "right; the data table follows.",
			      &t, rest);
			free(rest);
		}
		tab_release(&t);
	}
	free(n);

	/* Segment mix by PCH. */
	ob_error_clear(&err);
	if (!ob_pop_summarise(ds, py, r->opt->year, OB_BASIS_REGISTERED,
			      OB_BY_PCH, &seg, &err)) {
		static const struct col cols[] = {
		    {"pch", "Primary care home", COL_TEXT},
		    {"segment", "Segment", COL_TEXT},
		    {"person_years", "Person-years", COL_INT},
		};
		tab_init(&t, cols, 3);
		for (size_t g = 0; g < seg.ngroups; g++)
			for (int s = 1; s < OB_SEG_COUNT; s++) {
				tab_s(&t, seg.groups[g].name);
				tab_s(&t, ob_segment_label((enum ob_segment)s));
				tab_n(&t,
				      shown_count(
					  r, floor(seg.groups[g].segment_py[s] +
						   0.5)));
			}
		chart(r, "chart-segments", "Segment mix by primary care home",
		      "Stacked bars: person-years of each population segment "
		      "in each primary care home; the data table follows.",
		      &t,
		      "\"width\":\"container\",\"height\":300,"
		      "\"mark\":{\"type\":\"bar\",\"tooltip\":true},"
		      "\"encoding\":{\"x\":{\"field\":\"pch\",\"type\":"
		      "\"nominal\",\"title\":\"Primary care home\"},"
		      "\"y\":{\"field\":\"person_years\",\"type\":"
		      "\"quantitative\",\"stack\":\"normalize\",\"title\":"
		      "\"Share of person-years\",\"axis\":{\"format\":\"%\"}},"
		      "\"color\":{\"field\":\"segment\",\"type\":\"nominal\","
		      "\"scale\":{\"range\":" NHS_COLOURS "},\"title\":"
		      "\"Segment\"}}");
		tab_release(&t);
		ob_pop_summary_release(&seg);
	}

	/* Registered against resident, by locality. */
	if (!ob_pop_summarise(ds, py, r->opt->year, OB_BASIS_REGISTERED,
			      OB_BY_LOCALITY, &reg, &err)) {
		if (!ob_pop_summarise(ds, py, r->opt->year, OB_BASIS_RESIDENT,
				      OB_BY_LOCALITY, &res, &err)) {
			static const struct col cols[] = {
			    {"locality", "Locality", COL_TEXT},
			    {"basis", "Basis", COL_TEXT},
			    {"people", "People", COL_INT},
			};
			tab_init(&t, cols, 3);
			for (int b = 0; b < 2; b++) {
				const struct ob_pop_summary *s =
				    b ? &res : &reg;
				for (size_t g = 0; g < s->ngroups; g++) {
					tab_s(&t, s->groups[g].name);
					tab_s(&t,
					      b ? "resident" : "registered");
					tab_n(&t,
					      shown_count(
						  r,
						  (double)s->groups[g].people));
				}
			}
			chart(r, "chart-bases",
			      "Registered and resident people by locality",
			      "Grouped bars: people registered with the MCP's "
			      "practices and people resident in its areas, "
			      "by locality; the data table follows.",
			      &t,
			      "\"width\":\"container\",\"height\":240,"
			      "\"mark\":{\"type\":\"bar\",\"tooltip\":true},"
			      "\"encoding\":{\"x\":{\"field\":\"locality\","
			      "\"type\":\"nominal\",\"title\":\"Locality\"},"
			      "\"xOffset\":{\"field\":\"basis\"},"
			      "\"y\":{\"field\":\"people\",\"type\":"
			      "\"quantitative\",\"title\":\"People\"},"
			      "\"color\":{\"field\":\"basis\",\"type\":"
			      "\"nominal\",\"scale\":{\"range\":[\"#005eb8\","
			      "\"#ed8b00\"]},\"title\":\"Basis\"}}");
			tab_release(&t);
			ob_pop_summary_release(&res);
		}
		ob_pop_summary_release(&reg);
	}
	fputs("</section>\n", r->o);
}

/* ---- 2. outcomes -------------------------------------------------------- */

static double lo95(const struct ob_measure_row *w)
{
	return w->est.nlevels ? w->est.ci[0].lower : NAN;
}
static double hi95(const struct ob_measure_row *w)
{
	return w->est.nlevels ? w->est.ci[0].upper : NAN;
}

static double row_value(const struct ob_measure_row *w)
{
	return w->status == OB_MEASURE_OK ? w->est.value : NAN;
}

static void scorecard(struct rep *r, const struct ob_measures *cur)
{
	static const struct col cols[] = {
	    {"metric", "Id", COL_TEXT},
	    {"name", "Metric", COL_TEXT},
	    {"category", "Category", COL_TEXT},
	    {"unit", "Unit", COL_TEXT},
	    {"numerator", "Numerator", COL_INT},
	    {"denominator", "Denominator", COL_NUM},
	    {"value", "Value", COL_NUM},
	    {"lower95", "Lower 95%", COL_NUM},
	    {"upper95", "Upper 95%", COL_NUM},
	    {"previous", "Previous year", COL_NUM},
	    {"change", "Change", COL_NUM},
	    {"trend", "Against previous year", COL_TEXT},
	    {"note", "Note", COL_TEXT},
	};
	struct tab t;

	tab_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < cur->n; i++) {
		const struct ob_measure_row *w = &cur->rows[i];
		double v = row_value(w);
		int ok = w->status == OB_MEASURE_OK;
		tab_s(&t, w->metric->id);
		tab_s(&t, w->metric->name);
		tab_s(&t, ob_category_name(w->metric->category));
		tab_s(&t, w->metric->unit);
		tab_n(&t, ok ? w->est.count : NAN);
		tab_n(&t, ok ? w->est.denominator : NAN);
		tab_n(&t, v);
		tab_n(&t, ok ? lo95(w) : NAN);
		tab_n(&t, ok ? hi95(w) : NAN);
		tab_n(&t, w->prev_value);
		tab_n(&t, v - w->prev_value);
		tab_s(&t, ob_comparison_word(w, w->trend));
		tab_s(&t, ok ? "" : w->why);
	}
	if (t.oom)
		r->oom = 1;
	fputs("<h3 id=\"scorecard-table\">Scorecard</h3>\n"
	      "<div class=\"ob-scroll\" tabindex=\"0\" role=\"region\" "
	      "aria-labelledby=\"scorecard-table\">\n",
	      r->o);
	tab_html(r->o, &t, "Every catalogue metric at MCP level");
	fputs(
	    "</div>\n<script type=\"application/json\" id=\"data-scorecard\">",
	    r->o);
	{
		char *s = NULL;
		size_t len = 0;
		FILE *j = open_memstream(&s, &len);
		if (j) {
			tab_json(j, &t);
			if (!fclose(j)) {
				for (size_t k = 0; k < len; k++) {
					if (s[k] == '<')
						fputs("\\u003c", r->o);
					else
						fputc(s[k], r->o);
				}
			}
			free(s);
		} else {
			r->oom = 1;
		}
	}
	fputs("</script>\n", r->o);
	tab_release(&t);
}

/* Colour class of an SPC point ("Making Data Count"). */
static const char *spc_class(unsigned flags, enum ob_direction dir)
{
	int high;

	if (!(flags &
	      (OB_SPC_OUTSIDE | OB_SPC_SHIFT | OB_SPC_TREND | OB_SPC_NEAR)))
		return "common cause";
	high = (flags & OB_SPC_HIGH) != 0;
	if (dir == OB_NO_DIRECTION)
		return high ? "special cause: higher" : "special cause: lower";
	if ((dir == OB_HIGHER_IS_BETTER) == high)
		return "special cause: improvement";
	return "special cause: concern";
}

static void spc_chart(struct rep *r, const struct ob_metric *mt, ob_fy first)
{
	static const struct col cols[] = {
	    {"month", "Month", COL_TEXT},
	    {"numerator", "Numerator", COL_INT},
	    {"value", "Value", COL_NUM},
	    {"mean", "Mean", COL_NUM},
	    {"lower", "Lower process limit", COL_NUM},
	    {"upper", "Upper process limit", COL_NUM},
	    {"cause", "Variation", COL_TEXT},
	    {"rule", "Special-cause rule", COL_TEXT},
	};
	struct ob_series s;
	struct ob_error err;
	struct tab t;
	char id[96], title[256], words[128], month[11];
	const struct ob_series_unit *u;
	char *rest;

	ob_error_clear(&err);
	if (ob_measures_series(r->m, mt, first, r->opt->year, OB_UNIT_MCP, &s,
			       &err))
		return;
	if (r->opt->publish)
		ob_series_publish(&s);
	u = s.n ? &s.units[0] : NULL;
	if (!u || !u->has_xmr) {
		ob_series_release(&s);
		return;
	}
	tab_init(&t, cols, 8);
	for (size_t i = 0; i < u->n; i++) {
		const struct ob_series_point *p = &u->points[i];
		ob_date_format(p->month, month);
		tab_s(&t, month);
		tab_n(&t, p->numerator);
		tab_n(&t, p->value);
		tab_n(&t, u->xmr.mean);
		tab_n(&t, u->xmr.lower);
		tab_n(&t, u->xmr.upper);
		tab_s(&t, spc_class(p->flags, mt->direction));
		tab_s(&t, ob_spc_words(p->flags, words, sizeof(words)));
	}
	snprintf(id, sizeof(id), "chart-spc-%s", mt->id);
	snprintf(title, sizeof(title), "SPC chart: %s", mt->name);
	rest = str_printf(
	    "\"width\":\"container\",\"height\":240,"
	    "\"encoding\":{\"x\":{\"field\":\"month\",\"type\":\"temporal\","
	    "\"title\":\"Month\"}},\"layer\":["
	    "{\"mark\":{\"type\":\"line\",\"color\":\"#768692\"},"
	    "\"encoding\":{\"y\":{\"field\":\"value\",\"type\":"
	    "\"quantitative\",\"title\":%s,\"scale\":{\"zero\":false}}}},"
	    "{\"mark\":{\"type\":\"line\",\"color\":\"#212b32\"},"
	    "\"encoding\":{\"y\":{\"field\":\"mean\",\"type\":"
	    "\"quantitative\"}}},"
	    "{\"mark\":{\"type\":\"line\",\"color\":\"#425563\","
	    "\"strokeDash\":[4,4]},\"encoding\":{\"y\":{\"field\":\"lower\","
	    "\"type\":\"quantitative\"}}},"
	    "{\"mark\":{\"type\":\"line\",\"color\":\"#425563\","
	    "\"strokeDash\":[4,4]},\"encoding\":{\"y\":{\"field\":\"upper\","
	    "\"type\":\"quantitative\"}}},"
	    "{\"mark\":{\"type\":\"point\",\"filled\":true,\"size\":60,"
	    "\"tooltip\":true},\"encoding\":{\"y\":{\"field\":\"value\","
	    "\"type\":\"quantitative\"},\"color\":{\"field\":\"cause\","
	    "\"type\":\"nominal\",\"title\":\"Variation\",\"scale\":{"
	    "\"domain\":[\"common cause\",\"special cause: improvement\","
	    "\"special cause: concern\",\"special cause: higher\","
	    "\"special cause: lower\"],\"range\":[\"#768692\",\"#005eb8\","
	    "\"#ed8b00\",\"#330072\",\"#330072\"]}},\"shape\":{\"field\":"
	    "\"cause\",\"type\":\"nominal\"}}}]",
	    "\"value\"");
	{
		char *alt = str_printf(
		    "XmR chart of %s by month: the monthly values, the mean "
		    "(%.4g) and process limits (%.4g to %.4g), special-cause "
		    "points coloured (blue improvement, orange concern, grey "
		    "common cause); the data table follows.",
		    mt->name, u->xmr.mean, u->xmr.lower, u->xmr.upper);
		chart(r, id, title, alt ? alt : title, &t, rest);
		free(alt);
	}
	free(rest);
	tab_release(&t);
	ob_series_release(&s);
}

static void funnel_chart(struct rep *r, const struct ob_measures *pch,
			 const struct ob_measures *mcp, size_t i0, size_t i1)
{
	static const struct col cols[] = {
	    {"unit", "Primary care home", COL_TEXT},
	    {"denominator", "Denominator", COL_NUM},
	    {"value", "Value", COL_NUM},
	    {"lower95", "Lower 95% limit", COL_NUM},
	    {"upper95", "Upper 95% limit", COL_NUM},
	    {"lower998", "Lower 99.8% limit", COL_NUM},
	    {"upper998", "Upper 99.8% limit", COL_NUM},
	    {"position", "Position", COL_TEXT},
	};
	static const struct col lcols[] = {
	    {"d", "Denominator", COL_NUM},
	    {"limit", "Limit", COL_TEXT},
	    {"v", "Value", COL_NUM},
	};
	const struct ob_metric *mt = pch->rows[i0].metric;
	const struct ob_measure_row *b = NULL;
	double dmin = INFINITY, dmax = 0, mult = mt->multiplier, target;
	enum ob_funnel_kind kind =
	    mt->method == OB_METHOD_PROPORTION || mt->method == OB_METHOD_SHARE
		? OB_FUNNEL_BINOMIAL
		: OB_FUNNEL_POISSON;
	struct tab t, lt;
	char id[96], title[256], *rest = NULL, *ls = NULL, *alt;
	size_t lslen = 0;
	FILE *j;
	int any = 0;

	for (size_t i = 0; i < mcp->n; i++)
		if (mcp->rows[i].metric == mt)
			b = &mcp->rows[i];
	if (!b || b->status != OB_MEASURE_OK || !isfinite(b->est.value))
		return;
	target = b->est.value / mult;
	tab_init(&t, cols, 8);
	for (size_t i = i0; i < i1; i++) {
		const struct ob_measure_row *w = &pch->rows[i];
		if (!w->has_funnel || w->status != OB_MEASURE_OK)
			continue;
		any = 1;
		if (w->est.denominator < dmin)
			dmin = w->est.denominator;
		if (w->est.denominator > dmax)
			dmax = w->est.denominator;
		tab_s(&t, w->unit);
		tab_n(&t, w->est.denominator);
		tab_n(&t, w->est.value);
		tab_n(&t, w->funnel.lower95);
		tab_n(&t, w->funnel.upper95);
		tab_n(&t, w->funnel.lower998);
		tab_n(&t, w->funnel.upper998);
		tab_s(&t, ob_funnel_word(w));
	}
	if (!any || !(dmin > 0)) {
		int hidden = 0;
		for (size_t i = i0; i < i1; i++)
			hidden |= pch->rows[i].status == OB_MEASURE_DISCLOSIVE;
		if (r->opt->publish && hidden) {
			char *note = str_printf(
			    "No funnel plot of %s: the values of the "
			    "primary care homes are suppressed for "
			    "publication (counts of 1 to 7).",
			    mt->name);
			if (note)
				para(r, note);
			free(note);
		}
		tab_release(&t);
		return;
	}
	/* Limit curves over a grid of denominators (Spiegelhalter 2005). */
	tab_init(&lt, lcols, 3);
	dmin *= 0.5;
	dmax *= 1.5;
	if (kind == OB_FUNNEL_BINOMIAL)
		dmin = dmin < 1 ? 1 : dmin;
	for (int g = 0; g <= 40; g++) {
		static const struct {
			const char *name;
			double p;
		} lim[] = {{"95% lower", 0.025},
			   {"95% upper", 0.975},
			   {"99.8% lower", 0.001},
			   {"99.8% upper", 0.999}};
		double d = dmin * pow(dmax / dmin, g / 40.0);
		if (kind == OB_FUNNEL_BINOMIAL)
			d = floor(d + 0.5);
		for (size_t k = 0; k < 4; k++) {
			tab_n(&lt, d);
			tab_s(&lt, lim[k].name);
			tab_n(&lt, ob_funnel_limit(kind, target, d, lim[k].p) *
				       mult);
		}
	}
	j = open_memstream(&ls, &lslen);
	if (j) {
		tab_json(j, &lt);
		if (fclose(j)) {
			free(ls);
			ls = NULL;
		}
	}
	if (ls)
		rest = str_printf(
		    "\"width\":\"container\",\"height\":260,\"layer\":["
		    "{\"data\":{\"values\":%s},\"mark\":{\"type\":\"line\","
		    "\"interpolate\":\"monotone\"},\"encoding\":{\"x\":{"
		    "\"field\":\"d\",\"type\":\"quantitative\",\"title\":"
		    "\"Denominator\"},\"y\":{\"field\":\"v\",\"type\":"
		    "\"quantitative\"},\"detail\":{\"field\":\"limit\"},"
		    "\"strokeDash\":{\"field\":\"limit\",\"type\":"
		    "\"nominal\",\"title\":\"Limit\"},\"color\":{\"value\":"
		    "\"#425563\"}}},"
		    "{\"mark\":{\"type\":\"rule\",\"color\":\"#212b32\"},"
		    "\"encoding\":{\"y\":{\"datum\":%.17g}}},"
		    "{\"mark\":{\"type\":\"point\",\"filled\":true,\"size\":"
		    "70,\"color\":\"#005eb8\",\"tooltip\":true},\"encoding\":"
		    "{\"x\":{\"field\":\"denominator\",\"type\":"
		    "\"quantitative\"},\"y\":{\"field\":\"value\",\"type\":"
		    "\"quantitative\",\"title\":\"Value\"}}}]",
		    ls, b->est.value);
	snprintf(id, sizeof(id), "chart-funnel-%s", mt->id);
	snprintf(title, sizeof(title), "Funnel plot: %s", mt->name);
	alt = str_printf("Funnel plot of %s across primary care homes: each "
			 "home's value against its denominator, with 95%% and "
			 "99.8%% limits around the MCP value (%.4g); the data "
			 "table follows.",
			 mt->name, b->est.value);
	chart(r, id, title, alt ? alt : title, &t, rest);
	free(alt);
	free(rest);
	free(ls);
	tab_release(&lt);
	tab_release(&t);
}

static void rewards(struct rep *r, const struct ob_incentives_result *ir)
{
	static const struct col cols[] = {
	    {"y", "Observed value", COL_NUM},
	    {"reward", "Reward fraction", COL_NUM},
	};
	static const struct col mcols[] = {
	    {"outcome", "Outcome", COL_TEXT},
	    {"unit", "Unit", COL_TEXT},
	    {"measure", "Amount", COL_TEXT},
	    {"pounds", "Pounds", COL_MONEY},
	};
	struct tab t;

	fputs("<h3 id=\"rewards\">Reward curves and money earned</h3>\n", r->o);
	for (size_t i = 0; i < ir->n_lines; i++) {
		const struct ob_incentive_line *l = &ir->lines[i];
		const struct ob_curve *cv;
		char id[128], title[256], *rest, *alt;
		double lo, hi;
		if (l->stage != 2 || !l->curve || !l->has_value ||
		    strcmp(l->unit, "MCP"))
			continue;
		cv = &l->curve->curve;
		lo = cv->baseline - 4 * cv->sigma;
		hi = cv->baseline + 4 * cv->sigma;
		if (!(hi > lo))
			continue;
		tab_init(&t, cols, 2);
		for (int g = 0; g <= 40; g++) {
			double y = lo + (hi - lo) * g / 40.0;
			tab_n(&t, y);
			tab_n(&t, ob_curve_reward(cv, y));
		}
		snprintf(id, sizeof(id), "chart-reward-%s", l->metric->id);
		snprintf(title, sizeof(title), "Reward curve: %s",
			 l->metric->name);
		rest = str_printf(
		    "\"width\":\"container\",\"height\":220,\"layer\":["
		    "{\"mark\":{\"type\":\"line\",\"color\":\"#005eb8\"},"
		    "\"encoding\":{\"x\":{\"field\":\"y\",\"type\":"
		    "\"quantitative\",\"title\":\"Observed value\","
		    "\"scale\":{\"zero\":false}},\"y\":{\"field\":"
		    "\"reward\",\"type\":\"quantitative\",\"title\":"
		    "\"Reward fraction\",\"scale\":{\"domain\":[0,1]}}}},"
		    "{\"data\":{\"values\":[{\"y\":%.17g,\"reward\":%.17g}]},"
		    "\"mark\":{\"type\":\"point\",\"filled\":true,\"size\":"
		    "120,\"color\":\"#ed8b00\",\"tooltip\":true},"
		    "\"encoding\":{\"x\":{\"field\":\"y\",\"type\":"
		    "\"quantitative\"},\"y\":{\"field\":\"reward\",\"type\":"
		    "\"quantitative\"}}}]",
		    l->est.value, l->fraction);
		alt = str_printf(
		    "Reward curve of %s: reward fraction against the "
		    "observed value around the baseline %.4g; this year's "
		    "value %.4g earns %.1f%% of its allocation; the data "
		    "table follows.",
		    l->metric->name, cv->baseline, l->est.value,
		    100 * l->fraction);
		chart(r, id, title, alt ? alt : title, &t, rest);
		free(alt);
		free(rest);
		tab_release(&t);
	}
	tab_init(&t, mcols, 4);
	for (size_t i = 0; i < ir->n_lines; i++) {
		const struct ob_incentive_line *l = &ir->lines[i];
		for (int k = 0; k < 2; k++) {
			tab_s(&t, l->metric->name);
			tab_s(&t, l->unit);
			tab_s(&t, k ? "earned" : "allocation");
			tab_n(&t,
			      (double)(k ? l->earned : l->allocation) / 100.0);
		}
	}
	chart(r, "chart-incentive-money",
	      "Incentive money: allocation and earned",
	      "Grouped bars: each pay-for-performance outcome's allocation "
	      "from the pot and the money earned on its reward curve, in "
	      "pounds; the data table follows.",
	      &t,
	      "\"width\":\"container\",\"height\":260,"
	      "\"transform\":[{\"calculate\":\"datum.outcome + ' (' + "
	      "datum.unit + ')'\",\"as\":\"label\"}],"
	      "\"mark\":{\"type\":\"bar\",\"tooltip\":true},"
	      "\"encoding\":{\"y\":{\"field\":\"label\",\"type\":\"nominal\","
	      "\"title\":null},\"yOffset\":{\"field\":\"measure\"},"
	      "\"x\":{\"field\":\"pounds\",\"type\":\"quantitative\","
	      "\"title\":\"Pounds\"},\"color\":{\"field\":\"measure\","
	      "\"type\":\"nominal\",\"scale\":{\"range\":[\"#768692\","
	      "\"#009639\"]},\"title\":null}}");
	tab_release(&t);
}

static void inequalities(struct rep *r, const struct ob_measures *cur)
{
	static const struct col cols[] = {
	    {"metric", "Metric", COL_TEXT},
	    {"unit", "Unit", COL_TEXT},
	    {"value", "Value", COL_NUM},
	    {"lower95", "Lower 95%", COL_NUM},
	    {"upper95", "Upper 95%", COL_NUM},
	    {"note", "Note", COL_TEXT},
	};
	struct tab t;

	h2(r, "inequalities", "Inequalities");
	para(r, "Life expectancy by deprivation (IMD 2019 quintile of "
		"residence): the gap between the least and most deprived "
		"quintiles and the slope index of inequality (SII), with 95% "
		"confidence intervals.");
	tab_init(&t, cols, 6);
	for (size_t i = 0; i < cur->n; i++) {
		const struct ob_measure_row *w = &cur->rows[i];
		int ok = w->status == OB_MEASURE_OK;
		if (w->metric->method != OB_METHOD_LIFE_EXPECTANCY_GAP &&
		    w->metric->method != OB_METHOD_SII)
			continue;
		tab_s(&t, w->metric->name);
		tab_s(&t, w->metric->unit);
		tab_n(&t, row_value(w));
		tab_n(&t, ok ? lo95(w) : NAN);
		tab_n(&t, ok ? hi95(w) : NAN);
		tab_s(&t, ok ? "" : w->why);
	}
	chart(r, "chart-inequalities",
	      "Life-expectancy gap and slope index of inequality",
	      "Bars with 95% confidence intervals: the life-expectancy gap "
	      "between deprivation quintiles and the slope index of "
	      "inequality, in years; the data table follows.",
	      &t,
	      "\"width\":\"container\",\"height\":200,"
	      "\"encoding\":{\"y\":{\"field\":\"metric\",\"type\":"
	      "\"nominal\",\"title\":null}},\"layer\":["
	      "{\"mark\":{\"type\":\"bar\",\"color\":\"#005eb8\","
	      "\"tooltip\":true},\"encoding\":{\"x\":{\"field\":\"value\","
	      "\"type\":\"quantitative\",\"title\":\"Years\"}}},"
	      "{\"mark\":{\"type\":\"rule\",\"color\":\"#212b32\"},"
	      "\"encoding\":{\"x\":{\"field\":\"lower95\",\"type\":"
	      "\"quantitative\"},\"x2\":{\"field\":\"upper95\"}}}]");
	tab_release(&t);
	fputs("</section>\n", r->o);
}

static int has_monthly_form(const struct ob_metric *mt)
{
	switch (mt->numerator) {
	case OB_Q_EMERGENCY_ADMISSIONS:
	case OB_Q_ACSC_ADMISSIONS:
	case OB_Q_ELECTIVE_ADMISSIONS:
	case OB_Q_CARE_HOME_ADMISSIONS:
	case OB_Q_DELAYED_DAYS:
	case OB_Q_DEATHS:
		return 1;
	default:
		return 0;
	}
}

/* The outcomes section; the year's incentives are left in *ir (*have_ir
 * 1) for the settlement. */
static enum ob_status outcomes(struct rep *r, struct ob_workspace *ws,
			       const struct ob_contract *c,
			       const struct ob_budget *b,
			       struct ob_incentives_result *ir, int *have_ir,
			       struct ob_error *err)
{
	struct ob_measures cur, prev, pch;
	enum ob_status st;
	ob_fy first = r->opt->year - 2;

	if (first < r->m->py.first_year)
		first = r->m->py.first_year;
	memset(&prev, 0, sizeof(prev));
	if ((st = ob_measures_compute(r->m, r->cat, r->opt->year, OB_UNIT_MCP,
				      NULL, &cur, err)))
		return st;
	if ((st = ob_measures_compute(r->m, r->cat, r->opt->year, OB_UNIT_PCH,
				      NULL, &pch, err))) {
		ob_measures_release(&cur);
		return st;
	}
	if (r->opt->year - 1 >= r->m->py.first_year &&
	    ob_measures_compute(r->m, r->cat, r->opt->year - 1, OB_UNIT_MCP,
				NULL, &prev, err))
		memset(&prev, 0, sizeof(prev));
	ob_measures_apply_budget(&cur, b);
	ob_measures_apply_budget(&pch, b);
	if (r->opt->publish) {
		ob_measures_publish(&cur);
		ob_measures_publish(&pch);
		ob_measures_publish(&prev);
	}
	ob_measures_compare(&cur, prev.n ? &prev : NULL, NULL);
	ob_measures_compare(&pch, NULL, &cur);

	h2(r, "outcomes", "Outcomes");
	para(r, "Every metric of the outcomes catalogue at MCP level with its "
		"95% confidence limits and the previous year; SPC (XmR) charts "
		"of the monthly series; funnel plots across primary care "
		"homes; and the reward curves of the pay-for-performance "
		"outcomes.");
	scorecard(r, &cur);

	fputs("<h3 id=\"spc\">Statistical process control</h3>\n", r->o);
	para(r, "Monthly values on the annual scale with the mean and process "
		"limits (mean plus or minus 2.66 mean moving ranges).  Points "
		"showing special-cause variation are blue for improvement and "
		"orange for concern, by the metric's direction (NHS England, "
		"Making Data Count); grey points are common cause.");
	for (size_t i = 0; i < r->cat->n; i++) {
		const struct ob_metric *mt = &r->cat->metrics[i];
		if (mt->category == OB_CAT_PAY_FOR_PERFORMANCE ||
		    has_monthly_form(mt))
			spc_chart(r, mt, first);
	}

	fputs("<h3 id=\"funnels\">Funnel plots</h3>\n", r->o);
	para(r,
	     "Each primary care home's rate or proportion against its "
	     "denominator, with 95% and 99.8% control limits around the MCP "
	     "value (exact Poisson or binomial limits, Spiegelhalter 2005).");
	for (size_t i = 0; i < pch.n;) {
		size_t k = i;
		while (k < pch.n && pch.rows[k].metric == pch.rows[i].metric)
			k++;
		funnel_chart(r, &pch, &cur, i, k);
		i = k;
	}

	ob_error_clear(err);
	st = ob_incentives_compute(ws, c, r->opt->contract_version, r->cat,
				   r->m, r->opt->year, 0, b->contract_budget,
				   b->pch, b->n_pch, ir, err);
	if (!st) {
		rewards(r, ir);
		*have_ir = 1;
	} else {
		para(r, err->msg[0] ? err->msg : "no incentives");
		ob_error_clear(err);
		st = OB_OK;
	}
	fputs("</section>\n", r->o);
	inequalities(r, &cur);
	ob_measures_release(&cur);
	ob_measures_release(&pch);
	if (prev.rows)
		ob_measures_release(&prev);
	return st;
}

/* ---- 4. budget ---------------------------------------------------------- */

static const struct col waterfall_cols[] = {
    {"order", "Step", COL_INT},	      {"step", "Line", COL_TEXT},
    {"kind", "Kind", COL_TEXT},	      {"amount", "Amount (£)", COL_MONEY},
    {"start", "From (£)", COL_MONEY}, {"end", "To (£)", COL_MONEY},
};

static const char waterfall_spec[] =
    "\"width\":\"container\",\"height\":300,"
    "\"mark\":{\"type\":\"bar\",\"tooltip\":true},"
    "\"encoding\":{\"x\":{\"field\":\"step\",\"type\":\"nominal\","
    "\"sort\":{\"field\":\"order\"},\"title\":null,\"axis\":{"
    "\"labelAngle\":-30,\"labelLimit\":220}},"
    "\"y\":{\"field\":\"start\",\"type\":\"quantitative\",\"title\":"
    "\"Pounds\"},\"y2\":{\"field\":\"end\"},"
    "\"color\":{\"field\":\"kind\",\"type\":\"nominal\",\"title\":null,"
    "\"scale\":{\"domain\":[\"total\",\"increase\",\"decrease\"],"
    "\"range\":[\"#005eb8\",\"#ed8b00\",\"#009639\"]}}}";

static void waterfall_row(struct tab *t, int order, const char *name,
			  const char *kind, ob_pence amount, ob_pence start,
			  ob_pence end)
{
	tab_n(t, order);
	tab_s(t, name);
	tab_s(t, kind);
	tab_n(t, (double)amount / 100.0);
	tab_n(t, (double)start / 100.0);
	tab_n(t, (double)end / 100.0);
}

static void budget(struct rep *r, const struct ob_budget *b)
{
	static const struct col cols[] = {
	    {"pch", "Primary care home", COL_TEXT},
	    {"measure", "Amount", COL_TEXT},
	    {"pounds", "Pounds", COL_MONEY},
	};
	struct tab t;

	h2(r, "budget", "Budget");
	para(r, "The bridge from the base year to this year's contract budget "
		"and the capitated budget, each step a named line; then each "
		"primary care home's capitation beside its open-book cost.");
	tab_init(&t, waterfall_cols, 6);
	for (size_t i = 0; i < b->n_bridge; i++) {
		const struct ob_bridge_line *l = &b->bridge[i];
		int total = l->kind == OB_BRIDGE_BASE ||
			    l->kind == OB_BRIDGE_TOTAL ||
			    l->kind == OB_BRIDGE_CAPITATION;
		waterfall_row(&t, (int)i + 1, l->name,
			      total	       ? "total"
			      : l->amount >= 0 ? "increase"
					       : "decrease",
			      l->amount, total ? 0 : l->running - l->amount,
			      l->running);
	}
	chart(r, "chart-bridge", "Budget bridge",
	      "Waterfall: the base-year budget and each change to this year's "
	      "contract and capitated budgets, totals in blue, increases "
	      "orange, decreases green; the data table follows.",
	      &t, waterfall_spec);
	tab_release(&t);

	tab_init(&t, cols, 3);
	for (size_t i = 0; i < b->n_pch; i++)
		for (int k = 0; k < 2; k++) {
			tab_s(&t, b->pch[i].name);
			tab_s(&t, k ? "actual cost" : "capitation");
			tab_n(&t, (double)(k ? b->pch[i].actual_cost
					     : b->pch[i].capitation) /
				      100.0);
		}
	chart(r, "chart-capitation",
	      "Capitation and actual cost by primary "
	      "care home",
	      "Grouped bars: each primary care home's capitated budget beside "
	      "its open-book cost in scope, in pounds; the data table "
	      "follows.",
	      &t,
	      "\"width\":\"container\",\"height\":260,"
	      "\"mark\":{\"type\":\"bar\",\"tooltip\":true},"
	      "\"encoding\":{\"x\":{\"field\":\"pch\",\"type\":\"nominal\","
	      "\"title\":\"Primary care home\"},\"xOffset\":{\"field\":"
	      "\"measure\"},\"y\":{\"field\":\"pounds\",\"type\":"
	      "\"quantitative\",\"title\":\"Pounds\"},\"color\":{\"field\":"
	      "\"measure\",\"type\":\"nominal\",\"title\":null,\"scale\":{"
	      "\"range\":[\"#ed8b00\",\"#005eb8\"]}}}");
	tab_release(&t);
	fputs("</section>\n", r->o);
}

/* ---- 5. risk share and settlement ---------------------------------------- */

static void settlement(struct rep *r, const struct ob_statement *s)
{
	static const struct col cols[] = {
	    {"no", "No", COL_INT},	{"part", "Part", COL_TEXT},
	    {"line", "Line", COL_TEXT}, {"amount", "Amount (£)", COL_MONEY},
	    {"how", "How", COL_TEXT},
	};
	struct tab t;

	h2(r, "risk-share", "Risk share and settlement");
	para(r, "Each risk-share pool: its budget, actual spend, variance "
		"(positive: a saving) and the variance's split between the "
		"provider and the commissioner; then the settlement statement, "
		"computed for this report (nothing is stored).");
	for (size_t p = 0; p < s->in.n_pools; p++) {
		const struct ob_settle_pool *pl = &s->in.pools[p];
		char part[48], id[64], title[160];
		ob_pence budget = 0, actual = 0, v = 0, prov = 0, comm = 0;
		snprintf(part, sizeof(part), "pool:%s", pl->id);
		for (size_t i = 0; i < s->n; i++) {
			const struct ob_settle_line *l = &s->lines[i];
			if (strcmp(l->part, part))
				continue;
			if (!strcmp(l->name, "pool budget"))
				budget = l->amount;
			else if (!strcmp(l->name, "total actual spend") ||
				 (!strncmp(l->name, "actual spend", 12) &&
				  !actual))
				actual = l->amount;
			else if (!strncmp(l->name, "variance", 8))
				v = l->amount;
			else if (!strncmp(l->name, "provider's share", 16))
				prov = l->amount;
			else if (!strcmp(l->name, "commissioner's share"))
				comm = l->amount;
		}
		tab_init(&t, waterfall_cols, 6);
		waterfall_row(&t, 1, "pool budget", "total", budget, 0, budget);
		waterfall_row(&t, 2, "actual spend",
			      actual > 0 ? "decrease" : "increase", -actual,
			      budget, budget - actual);
		waterfall_row(&t, 3, "variance", "total", v, 0, v);
		waterfall_row(&t, 4, "provider's share",
			      prov >= 0 ? "increase" : "decrease", prov, 0,
			      prov);
		waterfall_row(&t, 5, "commissioner's share",
			      comm >= 0 ? "increase" : "decrease", comm, prov,
			      prov + comm);
		snprintf(id, sizeof(id), "chart-pool-%s", pl->id);
		snprintf(title, sizeof(title), "Risk share: %s", pl->name);
		chart(r, id, title,
		      "Waterfall of the pool: budget, less actual spend, gives "
		      "the variance, split into the provider's and the "
		      "commissioner's shares; the data table follows.",
		      &t, waterfall_spec);
		tab_release(&t);
	}
	tab_init(&t, cols, 5);
	for (size_t i = 0; i < s->n; i++) {
		tab_n(&t, s->lines[i].no);
		tab_s(&t, s->lines[i].part);
		tab_s(&t, s->lines[i].name);
		tab_n(&t, (double)s->lines[i].amount / 100.0);
		tab_s(&t, s->lines[i].how);
	}
	fputs("<h3 id=\"statement\">Settlement statement</h3>\n<div "
	      "class=\"ob-scroll\" tabindex=\"0\" role=\"region\" "
	      "aria-labelledby=\"statement\">\n",
	      r->o);
	tab_html(r->o, &t, "Settlement statement");
	fputs("</div>\n", r->o);
	if (t.oom)
		r->oom = 1;
	tab_release(&t);
	fputs("<p>Contract: ", r->o);
	html_text(r->o, s->in.contract);
	fputs("<br>Extract: ", r->o);
	html_text(r->o, s->in.extract);
	fputs("<br>Engine: ", r->o);
	html_text(r->o, s->in.engine);
	fputs("</p>\n</section>\n", r->o);
}

/* ---- the page ----------------------------------------------------------- */

static void asset(FILE *o, const char *name)
{
	const struct ob_refdata_file *f = ob_report_asset(name);
	if (f)
		fwrite(f->data, 1, f->len, o);
}

static const char page_css[] =
    ".ob-vis{width:100%;min-height:120px}"
    ".ob-chart{margin:0 0 32px 0}"
    ".ob-scroll{overflow-x:auto}"
    ".ob-scroll:focus{outline:4px solid #ffeb3b}"
    ".ob-nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;"
    "gap:8px 24px}"
    ".nhsuk-header__service-name{color:#fff;font-weight:600;"
    "font-size:1.25rem}"
    ".ob-header{padding:16px 0}";

static const char page_js[] =
    "(function(){var s=document.querySelectorAll('script.ob-spec');"
    "for(var i=0;i<s.length;i++){var id=s[i].getAttribute('data-chart');"
    "var box=document.getElementById(id);var el=box.firstElementChild;"
    "(function(box){try{vegaEmbed(el,JSON.parse("
    "s[i].textContent),{actions:false,renderer:'svg'}).then(function(r)"
    "{var svg=r.view.container().querySelector('svg');if(svg)svg."
    "setAttribute('aria-hidden','true');}).catch(function(e){"
    "box.textContent='Chart could not be drawn: '+e.message;});}catch(e)"
    "{box.textContent='Chart could not be drawn: '+e.message;}})(box);}"
    "})();";

enum ob_status ob_report_write(struct ob_workspace *ws,
			       const struct ob_contract *c,
			       const struct ob_catalogue *cat,
			       const struct ob_model *m,
			       const struct ob_report_options *opt, FILE *out,
			       struct ob_error *err)
{
	struct rep r = {out, opt, m, cat, 0};
	struct ob_budget b;
	struct ob_settle_inputs in;
	struct ob_out_of_area_result oa;
	struct ob_statement *s;
	struct ob_incentives_result ir;
	int have_ir = 0;
	enum ob_status st;
	char fy[8], title[256];

	ob_fy_format(opt->year, fy);
	if ((st = ob_budget_compute(c, m, opt->year, &b, err)))
		return st;
	s = calloc(1, sizeof(*s));
	if (!s) {
		ob_budget_release(&b);
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	snprintf(title, sizeof(title), "%s: report %s%s",
		 c->title ? c->title : c->id ? c->id : "MCP", fy,
		 opt->publish ? " (public)" : "");

	fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\">\n<title>",
	      out);
	html_text(out, title);
	fputs("</title>\n<style>\n", out);
	asset(out, "nhsuk.min.css");
	fprintf(out, "\n%s\n</style>\n</head>\n<body>\n", page_css);
	fputs("<a class=\"nhsuk-skip-link\" href=\"#maincontent\">Skip to main "
	      "content</a>\n"
	      "<header class=\"nhsuk-header\" role=\"banner\">\n<div "
	      "class=\"nhsuk-header__container nhsuk-width-container "
	      "ob-header\">\n<span class=\"nhsuk-header__service-name\">"
	      "onebudget</span>\n</div>\n</header>\n"
	      "<div class=\"nhsuk-width-container\">\n"
	      "<main class=\"nhsuk-main-wrapper\" id=\"maincontent\">\n<h1>",
	      out);
	html_text(out, title);
	fputs("</h1>\n", out);
	{
		char *line = str_printf(
		    "Contract %s, version %ld; the extract's year %s.%s%s",
		    c->id ? c->id : "-", opt->contract_version, fy,
		    opt->generated ? " Generated " : "",
		    opt->generated ? opt->generated : "");
		if (line) {
			fputs("<p class=\"nhsuk-lede-text\">", out);
			html_text(out, line);
			fputs("</p>\n", out);
			free(line);
		}
	}
	if (opt->publish)
		fputs("<div class=\"nhsuk-inset-text\"><span "
		      "class=\"nhsuk-u-visually-hidden\">Information: </span>"
		      "<p>Public version: counts of 1 to 7 are suppressed and "
		      "other counts rounded to the nearest 5 (NHS Digital "
		      "disclosure control).</p></div>\n",
		      out);
	fputs("<nav class=\"ob-nav nhsuk-card\" aria-label=\"Contents\">\n"
	      "<div class=\"nhsuk-card__content\">\n<h2 "
	      "class=\"nhsuk-card__heading\">Contents</h2>\n<ul>\n"
	      "<li><a href=\"#population\">Population</a></li>\n"
	      "<li><a href=\"#outcomes\">Outcomes</a></li>\n"
	      "<li><a href=\"#spc\">SPC charts</a></li>\n"
	      "<li><a href=\"#funnels\">Funnel plots</a></li>\n"
	      "<li><a href=\"#rewards\">Reward curves</a></li>\n"
	      "<li><a href=\"#inequalities\">Inequalities</a></li>\n"
	      "<li><a href=\"#budget\">Budget</a></li>\n"
	      "<li><a href=\"#risk-share\">Risk share and settlement</a></li>\n"
	      "</ul>\n</div>\n</nav>\n",
	      out);

	population(&r);
	if ((st = outcomes(&r, ws, c, &b, &ir, &have_ir, err)))
		goto out;
	budget(&r, &b);
	ob_error_clear(err);
	if ((st = ob_settle_gather_with(ws, c, opt->contract_version, m, &b,
					have_ir ? &ir : NULL, &in, &oa, err)))
		goto out;
	ob_out_of_area_release(&oa);
	if ((st = ob_settle_statement(&in, s, err)))
		goto out;
	settlement(&r, s);

	fputs("</main>\n</div>\n<footer role=\"contentinfo\" "
	      "class=\"nhsuk-footer\"><div class=\"nhsuk-width-container\">"
	      "<p class=\"nhsuk-body-s\">Written by onebudget. Charts drawn "
	      "with Vega-Lite; every chart's data is in the table beneath "
	      "it.</p></div></footer>\n<script>\n",
	      out);
	asset(out, "vega.min.js");
	fputs("\n</script>\n<script>\n", out);
	asset(out, "vega-lite.min.js");
	fputs("\n</script>\n<script>\n", out);
	asset(out, "vega-embed.min.js");
	fprintf(out, "\n</script>\n<script>\n%s\n</script>\n</body>\n</html>\n",
		page_js);
	if (r.oom)
		st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	else if (ferror(out))
		st = ob_error_set(err, OB_EIO, NULL, 0, 0,
				  "cannot write the report");
out:
	free(s);
	if (have_ir)
		ob_incentives_release(&ir);
	ob_budget_release(&b);
	return st;
}
