/*
 * report.c - the year's HTML report (report.h, docs/report.md): compute
 * what the chosen sections need (nothing more), then write each section's
 * tables and Vega-Lite charts through html.c inside the page frame.
 */
#include <math.h>
#include <stdarg.h>
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

/* How a selected primary care home stands out among the others: a larger
 * orange diamond (colour is not the only cue). */
#define SELECTED_TEST "\"test\":\"datum.selected === 'yes'\""

struct rep {
	FILE *o;
	const struct ob_report_options *opt;
	const struct ob_model *m;
	const struct ob_catalogue *cat;
	const char *unit; /* the selected PCH's code, or NULL for the MCP */
	int oom;
};

/* Everything the chosen sections need, computed before anything is
 * written (so an error leaves no half-written page). */
struct report_data {
	struct ob_budget b;
	int have_budget;
	struct ob_measures cur, pch, prev, prev_pch; /* outcomes */
	int have_measures;
	struct ob_measure_row *ineq; /* gap and SII rows (inequalities) */
	size_t n_ineq;
	struct ob_incentives_result ir;
	int have_ir;
	char ir_why[OB_ERROR_MSG_MAX]; /* why there are no incentives */
	struct ob_statement *s;	       /* settlement */
	const struct ob_party *party;  /* the alliance member, or NULL */
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

/* A numerator or denominator as shown: a count (people, events,
 * person-years, answers) by shown_count(); money as computed. */
static double shown_quantity(const struct rep *r, enum ob_quantity q, double v)
{
	return q == OB_Q_SPEND || q == OB_Q_BUDGET ? v : shown_count(r, v);
}

/*
 * Disclosure control of a set of measures for the public version:
 * ob_measures_publish(), then every row whose numerator or denominator
 * shown would be suppressed (1 to 7, whatever the method) loses its value
 * too, so no rate is published from a suppressed count.
 */
static void publish_measures(const struct rep *r, struct ob_measures *ms)
{
	if (!r->opt->publish || !ms->rows)
		return;
	ob_measures_publish(ms);
	for (size_t i = 0; i < ms->n; i++) {
		struct ob_measure_row *w = &ms->rows[i];
		const struct ob_metric *mt = w->metric;
		if (w->status != OB_MEASURE_OK)
			continue;
		if ((isfinite(w->est.count) &&
		     isnan(shown_quantity(r, mt->numerator, w->est.count))) ||
		    (isfinite(w->est.denominator) &&
		     isnan(shown_quantity(r, mt->denominator,
					  w->est.denominator)))) {
			w->status = OB_MEASURE_DISCLOSIVE;
			w->why = "count of 1 to 7 suppressed for publication";
			w->est.value = NAN;
			w->est.count = NAN;
		}
	}
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

/* A paragraph from a format; nothing (and r->oom) when it cannot be
 * formatted. */
static void paraf(struct rep *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void paraf(struct rep *r, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	size_t len = 0;
	FILE *j = open_memstream(&s, &len);

	if (!j) {
		r->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vfprintf(j, fmt, ap);
	va_end(ap);
	if (fclose(j))
		r->oom = 1;
	else
		para(r, s);
	free(s);
}

/* Pounds as "£1,234,567.89". */
static const char *pounds(ob_pence p, char out[static 40])
{
	char g[32];

	ob_pence_format_grouped(p, g);
	if (g[0] == '-')
		snprintf(out, 40, "-£%s", g + 1);
	else
		snprintf(out, 40, "£%s", g);
	return out;
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

/* The pyramid rows of unit u (0: the MCP, 1 + i: PCH i). */
static void pyramid_rows(const struct rep *r, struct tab *t, const long *n,
			 size_t u)
{
	const struct ob_dataset *ds = r->m->ds;
	char age[16];

	for (int b = AGE_BANDS - 1; b >= 0; b--)
		for (int s = 0; s < 2; s++) {
			double v = shown_count(
			    r,
			    (double)
				n[(u * AGE_BANDS + (size_t)b) * 2 + (size_t)s]);
			if (b == AGE_BANDS - 1)
				snprintf(age, sizeof(age), "%d+", b * 10);
			else
				snprintf(age, sizeof(age), "%02d-%02d", b * 10,
					 b * 10 + 9);
			tab_s(t, u ? ds->pch_code[u - 1] : "MCP");
			tab_s(t, age);
			tab_s(t, s ? "Female" : "Male");
			tab_n(t, v);
			tab_n(t, s ? v : -v);
		}
}

static void segment_mix(struct rep *r)
{
	static const struct col cols[] = {
	    {"pch", "Primary care home", COL_TEXT},
	    {"segment", "Segment", COL_TEXT},
	    {"person_years", "Person-years", COL_INT},
	};
	struct ob_pop_summary seg;
	struct ob_error err;
	struct tab t;

	ob_error_clear(&err);
	if (ob_pop_summarise(r->m->ds, &r->m->py, r->opt->year,
			     OB_BASIS_REGISTERED, OB_BY_PCH, &seg, &err))
		return;
	tab_init(&t, cols, 3);
	for (size_t g = 0; g < seg.ngroups; g++) {
		if (r->unit && strcmp(seg.groups[g].name, r->unit))
			continue;
		for (int s = 1; s < OB_SEG_COUNT; s++) {
			tab_s(&t, seg.groups[g].name);
			tab_s(&t, ob_segment_label((enum ob_segment)s));
			tab_n(&t,
			      shown_count(
				  r, floor(seg.groups[g].segment_py[s] + 0.5)));
		}
	}
	if (!r->unit) {
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
	} else {
		char *title =
		    str_printf("Segment mix: primary care home %s", r->unit);
		char *alt = str_printf("Bars: person-years of each population "
				       "segment in primary care home %s; the "
				       "data table follows.",
				       r->unit);
		chart(r, "chart-segments", title ? title : "Segment mix",
		      alt ? alt : "Segment mix", &t,
		      "\"width\":\"container\",\"height\":260,"
		      "\"mark\":{\"type\":\"bar\",\"tooltip\":true},"
		      "\"encoding\":{\"y\":{\"field\":\"segment\",\"type\":"
		      "\"nominal\",\"sort\":null,\"title\":\"Segment\","
		      "\"axis\":{\"labelLimit\":320}},"
		      "\"x\":{\"field\":\"person_years\",\"type\":"
		      "\"quantitative\",\"title\":\"Person-years\"},"
		      "\"color\":{\"field\":\"segment\",\"type\":\"nominal\","
		      "\"scale\":{\"range\":" NHS_COLOURS
		      "},\"legend\":null}}");
		if (!title || !alt)
			r->oom = 1;
		free(title);
		free(alt);
	}
	tab_release(&t);
	ob_pop_summary_release(&seg);
}

/* Registered against resident people, by locality (the MCP only: a
 * primary care home has no resident population of its own). */
static void bases(struct rep *r)
{
	static const struct col cols[] = {
	    {"locality", "Locality", COL_TEXT},
	    {"basis", "Basis", COL_TEXT},
	    {"people", "People", COL_INT},
	};
	const struct ob_dataset *ds = r->m->ds;
	const struct ob_person_years *py = &r->m->py;
	struct ob_pop_summary reg, res;
	struct ob_error err;
	struct tab t;

	ob_error_clear(&err);
	if (ob_pop_summarise(ds, py, r->opt->year, OB_BASIS_REGISTERED,
			     OB_BY_LOCALITY, &reg, &err))
		return;
	if (ob_pop_summarise(ds, py, r->opt->year, OB_BASIS_RESIDENT,
			     OB_BY_LOCALITY, &res, &err)) {
		ob_pop_summary_release(&reg);
		return;
	}
	tab_init(&t, cols, 3);
	for (int b = 0; b < 2; b++) {
		const struct ob_pop_summary *s = b ? &res : &reg;
		for (size_t g = 0; g < s->ngroups; g++) {
			tab_s(&t, s->groups[g].name);
			tab_s(&t, b ? "resident" : "registered");
			tab_n(&t, shown_count(r, (double)s->groups[g].people));
		}
	}
	chart(r, "chart-bases", "Registered and resident people by locality",
	      "Grouped bars: people registered with the MCP's practices and "
	      "people resident in its areas, by locality; the data table "
	      "follows.",
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
	ob_pop_summary_release(&reg);
}

static void population(struct rep *r)
{
	const struct ob_dataset *ds = r->m->ds;
	const struct ob_person_years *py = &r->m->py;
	size_t npch = ds->npch, units = npch + 1;
	long *n = calloc(units * AGE_BANDS * 2, sizeof(*n));
	struct tab t;

	h2(r, "population", "Population");
	if (!r->unit)
		para(r, "People registered with the MCP's practices during the "
			"year (the registered basis), by age band and sex, by "
			"primary care home (PCH), with the mix of population "
			"segments and the registered and resident populations "
			"of each locality.");
	else
		paraf(r,
		      "People registered during the year with the practices "
		      "of primary care home %s (the registered basis), by age "
		      "band and sex, and their mix of population segments.  "
		      "The registered and resident populations by locality "
		      "are shown for the whole MCP.",
		      r->unit);
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
	if (r->unit) {
		int32_t u = ob_dataset_pch(ds, r->unit);
		char *title = str_printf(
		    "Age-sex pyramid: primary care home %s", r->unit);
		char *alt = str_printf(
		    "Population pyramid of the people registered with primary "
		    "care home %s by ten-year age band, males to the left and "
		    "females to the right; the data table follows.",
		    r->unit);
		char *rest = str_printf("\"width\":\"container\","
					"\"height\":260,%s",
					pyramid_spec);
		tab_init(&t, pyramid_cols, 5);
		pyramid_rows(r, &t, n, (size_t)u + 1);
		chart(r, "chart-pyramid-pch", title ? title : "Age-sex pyramid",
		      alt ? alt : "Age-sex pyramid", &t, rest);
		if (!title || !alt)
			r->oom = 1;
		free(title);
		free(alt);
		free(rest);
		tab_release(&t);
	}
	for (int pass = 0; pass < 2 && !r->unit; pass++) {
		tab_init(&t, pyramid_cols, 5);
		for (size_t u = pass ? 1 : 0; u < (pass ? units : 1); u++)
			pyramid_rows(r, &t, n, u);
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
	segment_mix(r);
	if (!r->unit)
		bases(r);
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

/* The row of `metric` for `unit` in `ms`, or NULL. */
static const struct ob_measure_row *find_row(const struct ob_measures *ms,
					     const struct ob_metric *metric,
					     const char *unit)
{
	for (size_t i = 0; i < ms->n; i++)
		if (ms->rows[i].metric == metric &&
		    !strcmp(ms->rows[i].unit, unit))
			return &ms->rows[i];
	return NULL;
}

/* The scorecard's data as JSON in <script type="application/json"
 * id="data-scorecard"> (for re-use; '<' as \u003c). */
static void scorecard_json(struct rep *r, const struct tab *t)
{
	char *s = NULL;
	size_t len = 0;
	FILE *j = open_memstream(&s, &len);

	fputs("<script type=\"application/json\" id=\"data-scorecard\">", r->o);
	if (j) {
		tab_json(j, t);
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
	fputs("</script>\n", r->o);
}

/* The scorecard's first columns, shared by the MCP's and a PCH's. */
#define METRIC_COLUMNS                                                         \
	{"metric", "Id", COL_TEXT}, {"name", "Metric", COL_TEXT},              \
	    {"category", "Category", COL_TEXT}, {"unit", "Unit", COL_TEXT},    \
	    {"numerator", "Numerator", COL_INT},                               \
	    {"denominator", "Denominator", COL_NUM},                           \
	    {"value", "Value", COL_NUM}, {"lower95", "Lower 95%", COL_NUM},    \
	    {"upper95", "Upper 95%", COL_NUM}

/* Those columns of metric `mt` from its row `w` (NULL: none), as
 * published when the report is. */
static void metric_cells(struct rep *r, struct tab *t,
			 const struct ob_metric *mt,
			 const struct ob_measure_row *w)
{
	int ok = w && w->status == OB_MEASURE_OK;

	tab_s(t, mt->id);
	tab_s(t, mt->name);
	tab_s(t, ob_category_name(mt->category));
	tab_s(t, mt->unit);
	tab_n(t, ok ? shown_quantity(r, mt->numerator, w->est.count) : NAN);
	tab_n(t, ok ? shown_quantity(r, mt->denominator, w->est.denominator)
		    : NAN);
	tab_n(t, w ? row_value(w) : NAN);
	tab_n(t, ok ? lo95(w) : NAN);
	tab_n(t, ok ? hi95(w) : NAN);
}

/* The scorecard table in its scroll region, and its JSON. */
static void scorecard_table(struct rep *r, struct tab *t, const char *caption)
{
	if (t->oom)
		r->oom = 1;
	fputs("<h3 id=\"scorecard-table\">Scorecard</h3>\n", r->o);
	scroll_begin(r->o, "scorecard-table", NULL);
	tab_html(r->o, t, caption);
	fputs("</div>\n", r->o);
	scorecard_json(r, t);
	tab_release(t);
}

static void scorecard(struct rep *r, const struct ob_measures *cur)
{
	static const struct col cols[] = {
	    METRIC_COLUMNS,
	    {"previous", "Previous year", COL_NUM},
	    {"change", "Change", COL_NUM},
	    {"trend", "Against previous year", COL_TEXT},
	    {"note", "Note", COL_TEXT},
	};
	struct tab t;

	tab_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < cur->n; i++) {
		const struct ob_measure_row *w = &cur->rows[i];
		metric_cells(r, &t, w->metric, w);
		tab_n(&t, w->prev_value);
		tab_n(&t, row_value(w) - w->prev_value);
		tab_s(&t, ob_comparison_word(w, w->trend));
		tab_s(&t, w->status == OB_MEASURE_OK ? "" : w->why);
	}
	scorecard_table(r, &t, "Every catalogue metric at MCP level");
}

/* The scorecard of one primary care home: its row of every metric (from
 * the measures by PCH) beside the MCP value. */
static void scorecard_unit(struct rep *r, const struct ob_measures *cur,
			   const struct ob_measures *pch)
{
	static const struct col cols[] = {
	    METRIC_COLUMNS,
	    {"mcp", "MCP value", COL_NUM},
	    {"vs_mcp", "Against the MCP", COL_TEXT},
	    {"previous", "Previous year", COL_NUM},
	    {"change", "Change", COL_NUM},
	    {"trend", "Against previous year", COL_TEXT},
	    {"note", "Note", COL_TEXT},
	};
	struct tab t;
	char *caption;

	tab_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < cur->n; i++) {
		const struct ob_measure_row *b = &cur->rows[i];
		const struct ob_metric *mt = b->metric;
		const struct ob_measure_row *w = find_row(pch, mt, r->unit);
		if (!w)
			w = find_row(pch, mt, "-"); /* missing for every unit */
		metric_cells(r, &t, mt, w);
		tab_n(&t, row_value(b));
		tab_s(&t, w ? ob_comparison_word(w, w->vs_mcp) : "");
		tab_n(&t, w ? w->prev_value : NAN);
		tab_n(&t, w ? row_value(w) - w->prev_value : NAN);
		tab_s(&t, w ? ob_comparison_word(w, w->trend) : "");
		tab_s(&t, w && w->status == OB_MEASURE_OK ? ""
			  : w				   ? w->why
						   : "no value for this primary "
						     "care home");
	}
	caption = str_printf("Every catalogue metric for primary care home "
			     "%s, with the MCP value",
			     r->unit);
	if (!caption)
		r->oom = 1;
	scorecard_table(r, &t, caption ? caption : "Scorecard");
	free(caption);
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

/*
 * The funnel plot of one metric across the PCHs (rows i0..i1 of `pch`).
 * In the public version each PCH's denominator is shown rounded (as every
 * count is) and its point, limits and position are computed at the
 * rounded denominator, as is the grid of the limit curves, so no exact
 * denominator can be read back from the chart or its table.
 */
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
	    {"selected", "Selected", COL_TEXT}, /* with a unit only */
	};
	static const struct col lcols[] = {
	    {"d", "Denominator", COL_NUM},
	    {"limit", "Limit", COL_TEXT},
	    {"v", "Value", COL_NUM},
	};
	const struct ob_metric *mt = pch->rows[i0].metric;
	const struct ob_measure_row *b = NULL, *sel = NULL;
	double dmin = INFINITY, dmax = 0, mult = mt->multiplier, target;
	enum ob_funnel_kind kind =
	    mt->method == OB_METHOD_PROPORTION || mt->method == OB_METHOD_SHARE
		? OB_FUNNEL_BINOMIAL
		: OB_FUNNEL_POISSON;
	struct ob_measure_row shown_sel;
	struct tab t, lt;
	char id[96], title[256], *rest = NULL, *ls = NULL, *alt, *mark = NULL;
	size_t lslen = 0;
	FILE *j;
	int any = 0;

	for (size_t i = 0; i < mcp->n; i++)
		if (mcp->rows[i].metric == mt)
			b = &mcp->rows[i];
	if (!b || b->status != OB_MEASURE_OK || !isfinite(b->est.value))
		return;
	target = b->est.value / mult;
	tab_init(&t, cols, r->unit ? 9 : 8);
	for (size_t i = i0; i < i1; i++) {
		const struct ob_measure_row *w = &pch->rows[i];
		struct ob_measure_row shown = *w;
		double d;
		if (!w->has_funnel || w->status != OB_MEASURE_OK)
			continue;
		d = shown_quantity(r, mt->denominator, w->est.denominator);
		if (r->opt->publish) {
			struct ob_error err;
			if (!(d > 0) ||
			    ob_funnel(kind, target, d, &shown.funnel, &err))
				continue;
			shown.funnel.lower95 *= mult;
			shown.funnel.upper95 *= mult;
			shown.funnel.lower998 *= mult;
			shown.funnel.upper998 *= mult;
			shown.funnel_position =
			    ob_funnel_position(&shown.funnel, w->est.value);
		}
		any = 1;
		if (d < dmin)
			dmin = d;
		if (d > dmax)
			dmax = d;
		tab_s(&t, w->unit);
		tab_n(&t, d);
		tab_n(&t, w->est.value);
		tab_n(&t, shown.funnel.lower95);
		tab_n(&t, shown.funnel.upper95);
		tab_n(&t, shown.funnel.lower998);
		tab_n(&t, shown.funnel.upper998);
		tab_s(&t, ob_funnel_word(&shown));
		if (r->unit) {
			int is = !strcmp(w->unit, r->unit);
			tab_s(&t, is ? "yes" : "no");
			if (is) {
				shown_sel = shown;
				sel = &shown_sel;
			}
		}
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
	/* The PCHs' points: with a unit selected, its point is a larger
	 * orange diamond. */
	mark = r->unit
		   ? str_printf(
			 "{\"mark\":{\"type\":\"point\",\"filled\":true,"
			 "\"tooltip\":true},\"encoding\":"
			 "{\"x\":{\"field\":\"denominator\",\"type\":"
			 "\"quantitative\"},\"y\":{\"field\":\"value\","
			 "\"type\":\"quantitative\",\"title\":"
			 "\"Value\"},\"color\":{\"condition\":{" SELECTED_TEST
			 ",\"value\":\"#ed8b00\"},"
			 "\"value\":\"#005eb8\"},\"size\":{"
			 "\"condition\":{" SELECTED_TEST ",\"value\":"
			 "220},\"value\":70},\"shape\":{\"condition\":"
			 "{" SELECTED_TEST ",\"value\":\"diamond\"},"
			 "\"value\":\"circle\"}}}")
		   : str_printf("{\"mark\":{\"type\":\"point\",\"filled\":true,"
				"\"size\":70,\"color\":\"#005eb8\",\"tooltip\":"
				"true},\"encoding\":{\"x\":{\"field\":"
				"\"denominator\",\"type\":\"quantitative\"},"
				"\"y\":{\"field\":\"value\",\"type\":"
				"\"quantitative\",\"title\":\"Value\"}}}");
	if (ls && mark)
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
		    "\"encoding\":{\"y\":{\"datum\":%.17g}}},%s]",
		    ls, b->est.value, mark);
	snprintf(id, sizeof(id), "chart-funnel-%s", mt->id);
	snprintf(title, sizeof(title), "Funnel plot: %s", mt->name);
	if (!r->unit)
		alt = str_printf(
		    "Funnel plot of %s across primary care homes: each "
		    "home's value against its denominator, with 95%% and "
		    "99.8%% limits around the MCP value (%.4g); the data "
		    "table follows.",
		    mt->name, b->est.value);
	else if (sel)
		alt = str_printf(
		    "Funnel plot of %s across primary care homes: each "
		    "home's value against its denominator, with 95%% and "
		    "99.8%% limits around the MCP value (%.4g); the selected "
		    "primary care home, %s, is the larger orange diamond: "
		    "%.4g, %s the limits; the data table follows.",
		    mt->name, b->est.value, r->unit, sel->est.value,
		    sel->funnel_position == 0  ? "within"
		    : sel->funnel_position > 0 ? "above"
					       : "below");
	else
		alt = str_printf(
		    "Funnel plot of %s across primary care homes: each "
		    "home's value against its denominator, with 95%% and "
		    "99.8%% limits around the MCP value (%.4g); the selected "
		    "primary care home, %s, has no point on this plot; the "
		    "data table follows.",
		    mt->name, b->est.value, r->unit);
	chart(r, id, title, alt ? alt : title, &t, rest);
	free(alt);
	free(rest);
	free(mark);
	free(ls);
	tab_release(&lt);
	tab_release(&t);
}

/* The observed value of an incentive line may be shown: in the public
 * version not when its numerator or denominator is 1 to 7 (as
 * publish_measures() judges the scorecard's rows). */
static int line_value_shown(const struct rep *r,
			    const struct ob_incentive_line *l)
{
	const struct ob_metric *mt = l->metric;
	return !r->opt->publish ||
	       ((!isfinite(l->est.count) ||
		 !isnan(shown_quantity(r, mt->numerator, l->est.count))) &&
		(!isfinite(l->est.denominator) ||
		 !isnan(
		     shown_quantity(r, mt->denominator, l->est.denominator))));
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
		if (!line_value_shown(r, l)) {
			paraf(r,
			      "No reward curve of %s: its count is 1 to 7, "
			      "suppressed for publication.",
			      l->metric->name);
			continue;
		}
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

static void outcomes(struct rep *r, const struct report_data *d)
{
	ob_fy first = r->opt->year - 2;

	if (first < r->m->py.first_year)
		first = r->m->py.first_year;
	h2(r, "outcomes", "Outcomes");
	if (!r->unit) {
		para(r, "Every metric of the outcomes catalogue at MCP level "
			"with its 95% confidence limits and the previous year; "
			"SPC (XmR) charts of the monthly series; funnel plots "
			"across primary care homes; and the reward curves of "
			"the pay-for-performance outcomes.");
		scorecard(r, &d->cur);
	} else {
		paraf(r,
		      "Every metric of the outcomes catalogue for primary care "
		      "home %s with its 95%% confidence limits, beside the MCP "
		      "value (better, worse or similar: the home's 95%% "
		      "interval against the MCP value) and the home's "
		      "previous year; SPC (XmR) charts of the MCP's monthly "
		      "series; funnel plots across primary care homes with %s "
		      "marked; and the reward curves of the pay-for-"
		      "performance outcomes.",
		      r->unit, r->unit);
		scorecard_unit(r, &d->cur, &d->pch);
	}

	fputs("<h3 id=\"spc\">Statistical process control</h3>\n", r->o);
	para(r, "Monthly values on the annual scale with the mean and process "
		"limits (mean plus or minus 2.66 mean moving ranges).  Points "
		"showing special-cause variation are blue for improvement and "
		"orange for concern, by the metric's direction (NHS England, "
		"Making Data Count); grey points are common cause.");
	if (r->unit)
		paraf(r,
		      "The SPC charts are for the whole MCP, not primary care "
		      "home %s: a single home's monthly counts are too small "
		      "for stable process limits.",
		      r->unit);
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
	if (r->unit)
		paraf(r,
		      "Primary care home %s is marked on each plot as a "
		      "larger orange diamond.",
		      r->unit);
	if (r->opt->publish)
		para(r, "Public version: each home's denominator is rounded "
			"to the nearest 5 and its limits are computed at the "
			"rounded denominator.");
	for (size_t i = 0; i < d->pch.n;) {
		size_t k = i;
		while (k < d->pch.n &&
		       d->pch.rows[k].metric == d->pch.rows[i].metric)
			k++;
		funnel_chart(r, &d->pch, &d->cur, i, k);
		i = k;
	}

	if (d->have_ir)
		rewards(r, &d->ir);
	else
		para(r, d->ir_why[0] ? d->ir_why : "no incentives");
	fputs("</section>\n", r->o);
}

/* ---- 3. inequalities ---------------------------------------------------- */

static const char *sex_label(enum ob_sex_filter s)
{
	return s == OB_SEX_MALE	    ? "Men"
	       : s == OB_SEX_FEMALE ? "Women"
				    : "Persons";
}

static const char *sex_word(enum ob_sex_filter s)
{
	return s == OB_SEX_MALE	    ? "men"
	       : s == OB_SEX_FEMALE ? "women"
				    : "persons";
}

/* A group's life expectancy may be shown: published, and in the public
 * version not from 1 to 7 deaths. */
static int le_shown(const struct rep *r, const struct ob_le_group *q)
{
	return !q->why && !(isnan(shown_count(r, q->deaths)) && q->deaths > 0);
}

/*
 * Life expectancy at birth in each deprivation group, one series per
 * sex (the catalogue's life-expectancy-gap metrics give the populations
 * and the pooled years).  Deciles when every decile's life table of every
 * sex can be published; otherwise quintiles, saying why.
 */
static void life_expectancy_groups(struct rep *r)
{
	static const struct col cols[] = {
	    {"sex", "Sex", COL_TEXT},
	    {"group", "Group (1 = most deprived)", COL_INT},
	    {"label", "Deprivation group", COL_TEXT},
	    {"deaths", "Deaths", COL_INT},
	    {"person_years", "Person-years", COL_INT},
	    {"le", "Life expectancy (years)", COL_NUM},
	    {"lower95", "Lower 95%", COL_NUM},
	    {"upper95", "Upper 95%", COL_NUM},
	    {"note", "Note", COL_TEXT},
	};
	const struct ob_metric *gap[8];
	struct ob_le_by_deprivation *by = NULL;
	size_t ngap = 0, why_len = 0;
	const char *fail_why = NULL;
	char why[160] = "";
	int ngroups = 10;
	struct ob_error err;
	struct tab t;
	char *alt = NULL;
	size_t altlen = 0;
	FILE *a;

	for (size_t i = 0; i < r->cat->n && ngap < 8; i++)
		if (r->cat->metrics[i].method == OB_METHOD_LIFE_EXPECTANCY_GAP)
			gap[ngap++] = &r->cat->metrics[i];
	if (!ngap)
		return;
	by = calloc(ngap, sizeof(*by));
	if (!by) {
		r->oom = 1;
		return;
	}
	/* Deciles first: every table of every sex must be published. */
	ob_error_clear(&err);
	for (size_t k = 0; k < ngap; k++) {
		size_t nf = 0;
		if (ob_measures_life_expectancy(r->m, gap[k], r->opt->year, 10,
						&by[k], &err)) {
			free(by);
			return;
		}
		for (int g = 0; g < 10; g++)
			if (by[k].groups[g].why && !nf++ && !fail_why)
				fail_why = by[k].groups[g].why;
		if (nf) {
			ngroups = 5;
			if (why_len < sizeof(why))
				why_len += (size_t)snprintf(
				    why + why_len, sizeof(why) - why_len,
				    "%s%zu of the 10 for %s",
				    why_len ? ", " : "", nf,
				    sex_word(gap[k]->population.sex));
		}
	}
	for (size_t k = 0; k < ngap && ngroups == 5; k++)
		if (ob_measures_life_expectancy(r->m, gap[k], r->opt->year, 5,
						&by[k], &err)) {
			free(by);
			return;
		}
	if (ngroups == 10)
		para(r, "Deciles are shown: every decile's life table could be "
			"published.");
	else
		paraf(r,
		      "Quintiles are shown, as the life-expectancy gap uses: "
		      "not every decile's life table could be published (%s; "
		      "%s).",
		      why, fail_why);
	tab_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t k = 0; k < ngap; k++)
		for (int g = 0; g < ngroups; g++) {
			const struct ob_le_group *q = &by[k].groups[g];
			double deaths = shown_count(r, q->deaths);
			int ok = le_shown(r, q);
			char label[48];
			snprintf(label, sizeof(label), "%s %d%s",
				 ngroups == 10 ? "decile" : "quintile", g + 1,
				 g == 0		    ? " (most deprived)"
				 : g == ngroups - 1 ? " (least deprived)"
						    : "");
			tab_s(&t, sex_label(gap[k]->population.sex));
			tab_n(&t, g + 1);
			tab_s(&t, label);
			tab_n(&t, deaths);
			tab_n(&t, shown_count(r, floor(q->person_years + 0.5)));
			tab_n(&t, ok ? q->le.value : NAN);
			tab_n(&t,
			      ok && q->le.nlevels ? q->le.ci[0].lower : NAN);
			tab_n(&t,
			      ok && q->le.nlevels ? q->le.ci[0].upper : NAN);
			tab_s(&t, q->why ? q->why
				  : ok	 ? ""
					 : "deaths 1 to 7: suppressed for "
					   "publication");
		}
	a = open_memstream(&alt, &altlen);
	if (a) {
		fprintf(a,
			"Points with 95%% confidence intervals: life "
			"expectancy at birth in each IMD 2019 %s of "
			"residence, from the most deprived (1) to the least "
			"deprived (%d)",
			ngroups == 10 ? "decile" : "quintile", ngroups);
		for (size_t k = 0; k < ngap; k++) {
			const struct ob_le_group *lo = &by[k].groups[0],
						 *hi =
						     &by[k].groups[ngroups - 1];
			fprintf(a, "; %s: ", sex_word(gap[k]->population.sex));
			if (!le_shown(r, lo) || !le_shown(r, hi))
				fputs("not every group published", a);
			else
				fprintf(a,
					"%.1f years in the most deprived, "
					"%.1f in the least",
					lo->le.value, hi->le.value);
		}
		fputs("; the data table follows.", a);
		if (fclose(a)) {
			free(alt);
			alt = NULL;
		}
	}
	{
		char title[96], *rest;
		snprintf(title, sizeof(title),
			 "Life expectancy at birth by deprivation %s",
			 ngroups == 10 ? "decile" : "quintile");
		rest = str_printf(
		    "\"width\":\"container\",\"height\":280,"
		    "\"encoding\":{\"x\":{\"field\":\"group\",\"type\":"
		    "\"ordinal\",\"title\":\"IMD 2019 %s of residence (1 = "
		    "most deprived)\",\"axis\":{\"labelAngle\":0}},"
		    "\"xOffset\":{\"field\":\"sex\"}},\"layer\":["
		    "{\"mark\":{\"type\":\"rule\",\"strokeWidth\":2},"
		    "\"encoding\":{\"y\":{\"field\":\"lower95\",\"type\":"
		    "\"quantitative\",\"title\":\"Life expectancy at birth "
		    "(years)\",\"scale\":{\"zero\":false}},\"y2\":{\"field\":"
		    "\"upper95\"},\"color\":{\"value\":\"#425563\"}}},"
		    "{\"mark\":{\"type\":\"point\",\"filled\":true,\"size\":"
		    "80,\"tooltip\":true},\"encoding\":{\"y\":{\"field\":"
		    "\"le\",\"type\":\"quantitative\"},\"color\":{\"field\":"
		    "\"sex\",\"type\":\"nominal\",\"title\":\"Sex\","
		    "\"scale\":{\"range\":[\"#005eb8\",\"#ae2573\","
		    "\"#009639\"]}},\"shape\":{\"field\":\"sex\",\"type\":"
		    "\"nominal\",\"title\":\"Sex\"}}}]",
		    ngroups == 10 ? "decile" : "quintile");
		chart(r, "chart-life-expectancy", title, alt ? alt : title, &t,
		      rest);
		free(rest);
	}
	if (!alt)
		r->oom = 1;
	free(alt);
	tab_release(&t);
	free(by);
}

static void inequalities(struct rep *r, const struct report_data *d)
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
	para(r, "Life expectancy at birth in each deprivation group (IMD 2019 "
		"quintile or decile of residence) with 95% confidence "
		"intervals, from abridged life tables (Chiang II, Silcocks "
		"variances, PHE method) of deaths and person-years pooled over "
		"three years; then the gap between the least and most deprived "
		"quintiles and the slope index of inequality (SII, fitted "
		"across deciles), with 95% confidence intervals.");
	if (r->unit)
		paraf(r,
		      "Life tables by deprivation are computed for the whole "
		      "MCP, not primary care home %s: one home has too few "
		      "deaths for them.",
		      r->unit);
	life_expectancy_groups(r);
	tab_init(&t, cols, 6);
	for (size_t i = 0; i < d->n_ineq; i++) {
		const struct ob_measure_row *w = &d->ineq[i];
		int ok = w->status == OB_MEASURE_OK;
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
    "\"range\":[\"#005eb8\",\"#009639\",\"#d5281b\"]}}}";

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

/* The capitation chart's spec without its closing brace (the encoding
 * takes a highlight when a unit is selected). */
#define CAPITATION_SPEC                                                        \
	"\"width\":\"container\",\"height\":260,"                              \
	"\"mark\":{\"type\":\"bar\",\"tooltip\":true},"                        \
	"\"encoding\":{\"x\":{\"field\":\"pch\",\"type\":\"nominal\","         \
	"\"title\":\"Primary care home\"},\"xOffset\":{\"field\":"             \
	"\"measure\"},\"y\":{\"field\":\"pounds\",\"type\":"                   \
	"\"quantitative\",\"title\":\"Pounds\"},\"color\":{\"field\":"         \
	"\"measure\",\"type\":\"nominal\",\"title\":null,\"scale\":{"          \
	"\"range\":[\"#ed8b00\",\"#005eb8\"]}}"

static void budget(struct rep *r, const struct ob_budget *b)
{
	static const struct col cols[] = {
	    {"pch", "Primary care home", COL_TEXT},
	    {"measure", "Amount", COL_TEXT},
	    {"pounds", "Pounds", COL_MONEY},
	    {"selected", "Selected", COL_TEXT}, /* with a unit only */
	};
	const struct ob_budget_unit *sel = NULL;
	struct tab t;

	h2(r, "budget", "Budget");
	para(r, "The bridge from the base year to this year's contract budget "
		"and the capitated budget, each step a named line; then each "
		"primary care home's capitation beside its open-book cost.");
	for (size_t i = 0; r->unit && i < b->n_pch; i++)
		if (!strcmp(b->pch[i].name, r->unit))
			sel = &b->pch[i];
	if (r->unit) {
		char cap[40], cost[40];
		if (sel)
			paraf(r,
			      "Primary care home %s: capitation %s, open-book "
			      "cost in scope %s (highlighted below).  The "
			      "bridge is the whole MCP's.",
			      r->unit, pounds(sel->capitation, cap),
			      pounds(sel->actual_cost, cost));
		else
			paraf(r,
			      "Primary care home %s has no capitation this "
			      "year.  The bridge is the whole MCP's.",
			      r->unit);
	}
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

	tab_init(&t, cols, r->unit ? 4 : 3);
	for (size_t i = 0; i < b->n_pch; i++)
		for (int k = 0; k < 2; k++) {
			tab_s(&t, b->pch[i].name);
			tab_s(&t, k ? "actual cost" : "capitation");
			tab_n(&t, (double)(k ? b->pch[i].actual_cost
					     : b->pch[i].capitation) /
				      100.0);
			if (r->unit)
				tab_s(&t, &b->pch[i] == sel ? "yes" : "no");
		}
	if (!r->unit) {
		chart(r, "chart-capitation",
		      "Capitation and actual cost by primary care home",
		      "Grouped bars: each primary care home's capitated budget "
		      "beside its open-book cost in scope, in pounds; the data "
		      "table follows.",
		      &t, CAPITATION_SPEC "}");
	} else {
		char *alt = str_printf(
		    "Grouped bars: each primary care home's capitated budget "
		    "beside its open-book cost in scope, in pounds, with %s "
		    "highlighted and the others faded; the data table "
		    "follows.",
		    r->unit);
		chart(r, "chart-capitation",
		      "Capitation and actual cost by primary care home",
		      alt ? alt : "Capitation and actual cost", &t,
		      CAPITATION_SPEC
		      ",\"opacity\":{\"condition\":{" SELECTED_TEST
		      ",\"value\":1},"
		      "\"value\":0.35}}");
		if (!alt)
			r->oom = 1;
		free(alt);
	}
	tab_release(&t);
	fputs("</section>\n", r->o);
}

/* ---- 5. risk share and settlement ---------------------------------------- */

/* The alliance member of the k-th "alliance" line of the statement
 * (settle.c writes them in member order, named "alliance: NAME"), or
 * NULL. */
static const struct ob_settle_member *
alliance_member(const struct ob_statement *s, size_t line)
{
	size_t k = 0;

	for (size_t i = 0; i < line; i++)
		k += !strcmp(s->lines[i].part, "alliance");
	return k < s->in.n_members ? &s->in.members[k] : NULL;
}

/* "Your share": the party's line of the alliance split. */
static void your_share(struct rep *r, const struct ob_statement *s,
		       const struct ob_party *party)
{
	char v[40], tot[40], val[40];
	int net = 0;

	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->lines[i].name, "MCP net result"))
			net = s->lines[i].no;
	fputs("<h3 id=\"your-share\">Your share</h3>\n", r->o);
	for (size_t i = 0; i < s->n; i++) {
		const struct ob_settle_line *l = &s->lines[i];
		const struct ob_settle_member *mm;
		if (strcmp(l->part, "alliance") ||
		    !(mm = alliance_member(s, i)) || strcmp(mm->id, party->id))
			continue;
		if (s->in.split_by_value)
			paraf(
			    r,
			    "%s's share of the MCP's result is %s (line %d): "
			    "the MCP net result of %s (line %d) split among "
			    "the alliance members pro rata to contract value "
			    "(%s for %s), to the penny by largest remainder.  "
			    "The pools above are the whole contract's; the "
			    "other members' shares are not shown.",
			    party->name, pounds(l->amount, v), l->no,
			    pounds(s->provider_total, tot), net,
			    pounds(mm->contract_value, val), party->name);
		else
			paraf(
			    r,
			    "%s's share of the MCP's result is %s (line %d): "
			    "%.4g%% of the MCP net result of %s (line %d), to "
			    "the penny by largest remainder.  The pools above "
			    "are the whole contract's; the other members' "
			    "shares are not shown.",
			    party->name, pounds(l->amount, v), l->no,
			    100 * mm->share, pounds(s->provider_total, tot),
			    net);
		return;
	}
	paraf(r,
	      "%s has no share in this year's alliance split: the contract's "
	      "alliance rule does not name it.",
	      party->name);
}

static void settlement(struct rep *r, const struct ob_statement *s,
		       const struct ob_party *party)
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
	if (r->opt->publish)
		para(r, "Public version: the statement leaves out the alliance "
			"split, each member's share of the MCP's result; the "
			"pools and the totals are shown.");
	else if (party)
		paraf(r,
		      "Shown for the alliance member %s: the pools and the "
		      "statement's totals are the whole contract's; of the "
		      "alliance split, only its own share.",
		      party->name);
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
		const struct ob_settle_line *l = &s->lines[i];
		const struct ob_settle_member *mm;
		if (!strcmp(l->part, "alliance") &&
		    (r->opt->publish ||
		     (party && (mm = alliance_member(s, i)) &&
		      strcmp(mm->id, party->id))))
			continue; /* a member's share: public, or another's */
		tab_n(&t, l->no);
		tab_s(&t, l->part);
		tab_s(&t, l->name);
		tab_n(&t, (double)l->amount / 100.0);
		if (r->opt->publish && !strcmp(l->part, "out of area")) {
			/* The event counts, published by the same rule. */
			double ev = shown_count(
				   r, (double)s->in.out_of_area_events),
			       ex = shown_count(
				   r, (double)s->in.out_of_area_exceptions);
			char how[200], e1[24], e2[24];
			snprintf(e1, sizeof(e1), isnan(ev) ? "1 to 7" : "%.0f",
				 ev);
			snprintf(e2, sizeof(e2), isnan(ex) ? "1 to 7" : "%.0f",
				 ex);
			snprintf(how, sizeof(how),
				 "events priced at national tariff x MFF or a "
				 "local price: %s; unpriced exceptions, costed "
				 "at zero and listed: %s (rounded to 5)",
				 e1, e2);
			tab_s(&t, how);
		} else {
			tab_s(&t, l->how);
		}
	}
	fputs("<h3 id=\"statement\">Settlement statement</h3>\n", r->o);
	scroll_begin(r->o, "statement", NULL);
	tab_html(r->o, &t, "Settlement statement");
	fputs("</div>\n", r->o);
	if (t.oom)
		r->oom = 1;
	tab_release(&t);
	if (party && !r->opt->publish)
		your_share(r, s, party);
	fputs("<p>Contract: ", r->o);
	html_text(r->o, s->in.contract);
	fputs("<br>Extract: ", r->o);
	html_text(r->o, s->in.extract);
	fputs("<br>Engine: ", r->o);
	html_text(r->o, s->in.engine);
	fputs("</p>\n</section>\n", r->o);
}

/* ---- what the sections need --------------------------------------------- */

/* The selected unit and party, checked against the extract and the
 * contract; OB_ENOTFOUND names the valid ones. */
static enum ob_status check_selection(const struct ob_contract *c,
				      const struct ob_model *m,
				      const struct ob_report_options *opt,
				      const struct ob_party **party,
				      struct ob_error *err)
{
	char list[384];
	size_t len = 0;

	*party = NULL;
	list[0] = 0;
	if (opt->unit && ob_dataset_pch(m->ds, opt->unit) < 0) {
		for (size_t i = 0; i < m->ds->npch && len < sizeof(list); i++)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", i ? ", " : "",
						m->ds->pch_code[i]);
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "no primary care home '%s' in the extract "
				    "(valid: %s)",
				    opt->unit, len ? list : "none");
	}
	if (!opt->party)
		return OB_OK;
	for (size_t i = 0; i < c->n_parties; i++)
		if (c->parties[i].role == OB_PARTY_ALLIANCE &&
		    !strcmp(c->parties[i].id, opt->party)) {
			*party = &c->parties[i];
			return OB_OK;
		}
	for (size_t i = 0; i < c->n_parties && len < sizeof(list); i++)
		if (c->parties[i].role == OB_PARTY_ALLIANCE)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? ", " : "",
						c->parties[i].id);
	return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
			    "no alliance party '%s' in the contract (valid: "
			    "%s)",
			    opt->party,
			    len ? list : "none, the contract has no alliance");
}

/* The gap and SII rows for the inequalities section alone (no other
 * measures computed). */
static enum ob_status inequality_rows(struct rep *r, struct report_data *d,
				      struct ob_error *err)
{
	for (size_t i = 0; i < r->cat->n; i++) {
		const struct ob_metric *mt = &r->cat->metrics[i];
		struct ob_measures one;
		struct ob_measure_row *rows;
		enum ob_status st;
		if (mt->method != OB_METHOD_LIFE_EXPECTANCY_GAP &&
		    mt->method != OB_METHOD_SII)
			continue;
		if ((st = ob_measures_compute(r->m, r->cat, r->opt->year,
					      OB_UNIT_MCP, mt->id, &one, err)))
			return st;
		publish_measures(r, &one);
		rows = realloc(d->ineq, (d->n_ineq + one.n) * sizeof(*rows));
		if (!rows) {
			ob_measures_release(&one);
			return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					    "out of memory");
		}
		d->ineq = rows;
		memcpy(d->ineq + d->n_ineq, one.rows, one.n * sizeof(*rows));
		d->n_ineq += one.n;
		ob_measures_release(&one);
	}
	return OB_OK;
}

static void report_data_release(struct report_data *d)
{
	if (d->have_measures) {
		ob_measures_release(&d->cur);
		ob_measures_release(&d->pch);
		if (d->prev.rows)
			ob_measures_release(&d->prev);
		if (d->prev_pch.rows)
			ob_measures_release(&d->prev_pch);
	}
	free(d->ineq);
	if (d->have_ir)
		ob_incentives_release(&d->ir);
	if (d->have_budget)
		ob_budget_release(&d->b);
	free(d->s);
}

/*
 * Compute what `sections` need, and nothing else: the budget for the
 * outcomes (spend against budget, the incentives), the budget section and
 * the settlement; the incentives for the outcomes and the settlement; the
 * measures (MCP, by PCH, the previous year) for the outcomes only; the
 * life-expectancy rows alone for the inequalities without the outcomes.
 */
static enum ob_status
report_data_compute(struct rep *r, struct ob_workspace *ws,
		    const struct ob_contract *c, unsigned sections,
		    struct report_data *d, struct ob_error *err)
{
	const struct ob_report_options *opt = r->opt;
	const struct ob_model *m = r->m;
	enum ob_status st;

	if (sections &
	    (OB_REPORT_OUTCOMES | OB_REPORT_BUDGET | OB_REPORT_SETTLEMENT)) {
		if ((st = ob_budget_compute(c, m, opt->year, &d->b, err)))
			return st;
		d->have_budget = 1;
	}
	if (sections & OB_REPORT_OUTCOMES) {
		struct ob_measures *prev = NULL, *prev_pch = NULL;
		if ((st = ob_measures_compute(m, r->cat, opt->year, OB_UNIT_MCP,
					      NULL, &d->cur, err)))
			return st;
		if ((st = ob_measures_compute(m, r->cat, opt->year, OB_UNIT_PCH,
					      NULL, &d->pch, err))) {
			ob_measures_release(&d->cur);
			return st;
		}
		d->have_measures = 1;
		if (opt->year - 1 >= m->py.first_year) {
			if (ob_measures_compute(m, r->cat, opt->year - 1,
						OB_UNIT_MCP, NULL, &d->prev,
						err))
				memset(&d->prev, 0, sizeof(d->prev));
			if (r->unit &&
			    ob_measures_compute(m, r->cat, opt->year - 1,
						OB_UNIT_PCH, NULL, &d->prev_pch,
						err))
				memset(&d->prev_pch, 0, sizeof(d->prev_pch));
		}
		ob_measures_apply_budget(&d->cur, &d->b);
		ob_measures_apply_budget(&d->pch, &d->b);
		publish_measures(r, &d->cur);
		publish_measures(r, &d->pch);
		publish_measures(r, &d->prev);
		publish_measures(r, &d->prev_pch);
		prev = d->prev.n ? &d->prev : NULL;
		prev_pch = d->prev_pch.n ? &d->prev_pch : NULL;
		ob_measures_compare(&d->cur, prev, NULL);
		ob_measures_compare(&d->pch, prev_pch, &d->cur);
	}
	if (sections & OB_REPORT_INEQUALITIES) {
		if (d->have_measures) {
			for (size_t i = 0; i < d->cur.n; i++) {
				const struct ob_measure_row *w =
				    &d->cur.rows[i];
				struct ob_measure_row *rows;
				if (w->metric->method !=
					OB_METHOD_LIFE_EXPECTANCY_GAP &&
				    w->metric->method != OB_METHOD_SII)
					continue;
				rows = realloc(d->ineq,
					       (d->n_ineq + 1) * sizeof(*rows));
				if (!rows)
					return ob_error_set(err, OB_ENOMEM,
							    NULL, 0, 0,
							    "out of memory");
				d->ineq = rows;
				d->ineq[d->n_ineq++] = *w;
			}
		} else if ((st = inequality_rows(r, d, err))) {
			return st;
		}
	}
	if (sections & (OB_REPORT_OUTCOMES | OB_REPORT_SETTLEMENT)) {
		ob_error_clear(err);
		if (!ob_incentives_compute(ws, c, opt->contract_version, r->cat,
					   m, opt->year, 0,
					   d->b.contract_budget, d->b.pch,
					   d->b.n_pch, &d->ir, err))
			d->have_ir = 1;
		else
			snprintf(d->ir_why, sizeof(d->ir_why), "%s",
				 err->msg[0] ? err->msg : "no incentives");
		ob_error_clear(err);
	}
	if (sections & OB_REPORT_SETTLEMENT) {
		struct ob_settle_inputs in;
		struct ob_out_of_area_result oa;
		if (!(d->s = calloc(1, sizeof(*d->s))))
			return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					    "out of memory");
		if ((st = ob_settle_gather_with(
			 ws, c, opt->contract_version, m, &d->b,
			 d->have_ir ? &d->ir : NULL, &in, &oa, err)))
			return st;
		ob_out_of_area_release(&oa);
		if ((st = ob_settle_statement(&in, d->s, err)))
			return st;
	}
	return OB_OK;
}

/* ---- the report --------------------------------------------------------- */

static void contents(struct rep *r, unsigned sections)
{
	static const struct {
		unsigned section;
		const char *li;
	} items[] = {
	    {OB_REPORT_POPULATION,
	     "<li><a href=\"#population\">Population</a></li>\n"},
	    {OB_REPORT_OUTCOMES,
	     "<li><a href=\"#outcomes\">Outcomes</a></li>\n"
	     "<li><a href=\"#spc\">SPC charts</a></li>\n"
	     "<li><a href=\"#funnels\">Funnel plots</a></li>\n"
	     "<li><a href=\"#rewards\">Reward curves</a></li>\n"},
	    {OB_REPORT_INEQUALITIES,
	     "<li><a href=\"#inequalities\">Inequalities</a></li>\n"},
	    {OB_REPORT_BUDGET, "<li><a href=\"#budget\">Budget</a></li>\n"},
	    {OB_REPORT_SETTLEMENT, "<li><a href=\"#risk-share\">Risk share and "
				   "settlement</a></li>\n"},
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		if (sections & items[i].section)
			n += items[i].section == OB_REPORT_OUTCOMES ? 4 : 1;
	if (n < 2)
		return; /* one section alone needs no contents */
	fputs("<nav class=\"ob-nav nhsuk-card\" aria-label=\"Contents\">\n"
	      "<div class=\"nhsuk-card__content\">\n<h2 "
	      "class=\"nhsuk-card__heading\">Contents</h2>\n<ul>\n",
	      r->o);
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		if (sections & items[i].section)
			fputs(items[i].li, r->o);
	fputs("</ul>\n</div>\n</nav>\n", r->o);
}

enum ob_status ob_report_write(struct ob_workspace *ws,
			       const struct ob_contract *c,
			       const struct ob_catalogue *cat,
			       const struct ob_model *m,
			       const struct ob_report_options *opt, FILE *out,
			       struct ob_error *err)
{
	struct rep r = {out, opt, m, cat, opt->unit, 0};
	struct report_data d;
	unsigned sections = opt->sections ? opt->sections : OB_REPORT_ALL;
	enum ob_status st;
	char fy[8], title[256];

	memset(&d, 0, sizeof(d));
	if (sections & ~(unsigned)OB_REPORT_ALL)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "unknown report sections (0x%x)",
				    sections & ~(unsigned)OB_REPORT_ALL);
	if ((st = check_selection(c, m, opt, &d.party, err)))
		return st;
	if ((st = report_data_compute(&r, ws, c, sections, &d, err))) {
		report_data_release(&d);
		return st;
	}

	ob_fy_format(opt->year, fy);
	snprintf(title, sizeof(title), "%s: report %s%s%s%s",
		 c->title ? c->title
		 : c->id  ? c->id
			  : "MCP",
		 fy, opt->unit ? ", primary care home " : "",
		 opt->unit ? opt->unit : "", opt->publish ? " (public)" : "");
	ob_report_page_begin(out, title, opt->asset_base, opt->nav_html);
	{
		int member = d.party && !opt->publish;
		char *line = str_printf(
		    "Contract %s, version %ld; the extract's year "
		    "%s.%s%s%s%s%s",
		    c->id ? c->id : "-", opt->contract_version, fy,
		    member ? " The settlement as the alliance member " : "",
		    member ? d.party->name : "", member ? " sees it." : "",
		    opt->generated ? " Generated " : "",
		    opt->generated ? opt->generated : "");
		if (line) {
			fputs("<p class=\"nhsuk-lede-text\">", out);
			html_text(out, line);
			fputs("</p>\n", out);
			free(line);
		} else {
			r.oom = 1;
		}
	}
	if (opt->publish)
		fputs("<div class=\"nhsuk-inset-text\"><span "
		      "class=\"nhsuk-u-visually-hidden\">Information: </span>"
		      "<p>Public version: counts of 1 to 7 are suppressed and "
		      "other counts rounded to the nearest 5 (NHS Digital "
		      "disclosure control).</p></div>\n",
		      out);
	contents(&r, sections);

	if (sections & OB_REPORT_POPULATION)
		population(&r);
	if (sections & OB_REPORT_OUTCOMES)
		outcomes(&r, &d);
	if (sections & OB_REPORT_INEQUALITIES)
		inequalities(&r, &d);
	if (sections & OB_REPORT_BUDGET)
		budget(&r, &d.b);
	if (sections & OB_REPORT_SETTLEMENT)
		settlement(&r, d.s, d.party);

	ob_report_page_end(out, opt->asset_base, 1);
	if (r.oom)
		st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	else if (ferror(out))
		st = ob_error_set(err, OB_EIO, NULL, 0, 0,
				  "cannot write the report");
	report_data_release(&d);
	return st;
}
