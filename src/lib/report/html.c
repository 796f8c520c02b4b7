/*
 * html.c - escaped HTML, data tables, chart figures and the page frame
 * (head, header, footer, scripts) of the report and of the dashboard's
 * pages built on it.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/banned.h"
#include "onebudget/json.h"
#include "onebudget/money.h"
#include "onebudget/report.h"

#include "html.h"

char *str_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void html_text(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

void tab_init(struct tab *t, const struct col *cols, size_t ncol)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncol = ncol;
}

void tab_release(struct tab *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->c[i].s);
	free(t->c);
	memset(t, 0, sizeof(*t));
}

static struct cell *tab_next(struct tab *t)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct cell *c = realloc(t->c, cap * sizeof(*c));
		if (!c) {
			t->oom = 1;
			return NULL;
		}
		t->c = c;
		t->cap = cap;
	}
	t->c[t->n].s = NULL;
	t->c[t->n].v = NAN;
	return &t->c[t->n++];
}

void tab_s(struct tab *t, const char *s)
{
	struct cell *c = tab_next(t);
	if (c && !(c->s = strdup(s ? s : "")))
		t->oom = 1;
}

void tab_n(struct tab *t, double v)
{
	struct cell *c = tab_next(t);
	if (c)
		c->v = v;
}

size_t tab_rows(const struct tab *t)
{
	return t->ncol ? t->n / t->ncol : 0;
}

void tab_json(FILE *out, const struct tab *t)
{
	size_t rows = tab_rows(t);

	fputc('[', out);
	for (size_t r = 0; r < rows; r++) {
		fputs(r ? ",{" : "{", out);
		for (size_t k = 0; k < t->ncol; k++) {
			const struct cell *c = &t->c[r * t->ncol + k];
			if (k)
				fputc(',', out);
			ob_json_string(out, t->cols[k].key);
			fputc(':', out);
			if (t->cols[k].kind == COL_TEXT)
				ob_json_string(out, c->s);
			else
				ob_json_number(out, c->v);
		}
		fputc('}', out);
	}
	fputc(']', out);
}

static void cell_html(FILE *out, const struct col *col, const struct cell *c)
{
	if (col->kind == COL_TEXT) {
		html_text(out, c->s);
		return;
	}
	if (!isfinite(c->v)) {
		fputs("<span aria-label=\"no value\">&ndash;</span>", out);
		return;
	}
	switch (col->kind) {
	case COL_INT:
		fprintf(out, "%.0f", c->v);
		break;
	case COL_MONEY: {
		/* Pounds and pence with thousands separators, for reading;
		 * the JSON keeps the plain number. */
		char money[32];
		ob_pence_format_grouped(ob_pence_from_pounds_double(c->v),
					money);
		fputs(money, out);
		break;
	}
	default:
		/* 4 significant figures, but no exponent for large numbers
		 * (a denominator of 30905 person-years, not 3.091e+04). */
		if (fabs(c->v) >= 1e4)
			fprintf(out, "%.0f", c->v);
		else
			fprintf(out, "%.4g", c->v);
		break;
	}
}

void tab_html(FILE *out, const struct tab *t, const char *caption)
{
	size_t rows = tab_rows(t);

	fputs("<table class=\"nhsuk-table\">\n<caption "
	      "class=\"nhsuk-table__caption\">",
	      out);
	html_text(out, caption);
	fputs("</caption>\n<thead class=\"nhsuk-table__head\"><tr "
	      "class=\"nhsuk-table__row\">",
	      out);
	for (size_t k = 0; k < t->ncol; k++) {
		fprintf(out,
			"<th scope=\"col\" class=\"nhsuk-table__header%s\">",
			t->cols[k].kind == COL_TEXT
			    ? ""
			    : " nhsuk-table__header--numeric");
		html_text(out, t->cols[k].label);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody class=\"nhsuk-table__body\">\n", out);
	for (size_t r = 0; r < rows; r++) {
		fputs("<tr class=\"nhsuk-table__row\">", out);
		for (size_t k = 0; k < t->ncol; k++) {
			fprintf(out, "<td class=\"nhsuk-table__cell%s\">",
				t->cols[k].kind == COL_TEXT
				    ? ""
				    : " nhsuk-table__cell--numeric");
			cell_html(out, &t->cols[k], &t->c[r * t->ncol + k]);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

/* Copy JSON into a <script> element: '<' as \u003c (valid in JSON strings,
 * the only place it can occur), so no "</script" can end the element. */
static void script_json(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '<')
			fputs("\\u003c", out);
		else
			fputc(s[i], out);
	}
}

void html_chart(FILE *out, const char *id, const char *title, const char *alt,
		const struct tab *t, const char *rest)
{
	char *spec = NULL;
	size_t len = 0;
	FILE *j = open_memstream(&spec, &len);

	fprintf(out, "<figure class=\"ob-chart\" id=\"fig-%s\">\n<h3>", id);
	html_text(out, title);
	fprintf(out,
		"</h3>\n<div class=\"ob-vis\" id=\"%s\" role=\"img\" "
		"aria-label=\"",
		id);
	html_text(out, alt);
	/* Vega-Embed sets its own role and label on the element it draws
	 * into, so it draws into an inner element hidden from assistive
	 * technology, and the outer one keeps the text alternative. */
	fputs("\"><div class=\"ob-vis-target\" aria-hidden=\"true\">"
	      "</div></div>\n",
	      out);
	if (j) {
		fputs("{\"data\":{\"values\":", j);
		tab_json(j, t);
		fprintf(j, "},%s}", rest);
		if (!fclose(j)) {
			fprintf(out,
				"<script type=\"application/json\" "
				"class=\"ob-spec\" data-chart=\"%s\">",
				id);
			script_json(out, spec, len);
			fputs("</script>\n", out);
		}
		free(spec);
	}
	fputs("<details class=\"nhsuk-details ob-alt\">\n<summary "
	      "class=\"nhsuk-details__summary\"><span "
	      "class=\"nhsuk-details__summary-text\">Data table: ",
	      out);
	html_text(out, title);
	fputs("</span></summary>\n<div class=\"nhsuk-details__text\">\n", out);
	scroll_begin(out, NULL, title);
	tab_html(out, t, title);
	fputs("</div>\n</div>\n</details>\n</figure>\n", out);
}

void scroll_begin(FILE *out, const char *labelledby, const char *label)
{
	fputs("<div class=\"ob-scroll\" tabindex=\"0\" role=\"region\" ", out);
	if (labelledby) {
		fputs("aria-labelledby=\"", out);
		html_text(out, labelledby);
	} else {
		fputs("aria-label=\"Data table: ", out);
		html_text(out, label);
	}
	fputs("\">\n", out);
}

/* ---- the page frame ----------------------------------------------------- */

void ob_report_html_text(FILE *out, const char *s)
{
	html_text(out, s);
}

static void asset(FILE *o, const char *name)
{
	const struct ob_refdata_file *f = ob_report_asset(name);
	if (f)
		fwrite(f->data, 1, f->len, o);
}

static const char page_css[] =
    ".ob-vis{width:100%;min-height:120px}"
    ".ob-vis-target{width:100%}"
    ".ob-chart{margin:0 0 32px 0}"
    ".ob-scroll{overflow-x:auto}"
    ".ob-scroll:focus{outline:4px solid #ffeb3b}"
    ".ob-nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;"
    "gap:8px 24px}"
    ".nhsuk-header__service-name{color:#fff;font-weight:600;"
    "font-size:1.25rem}"
    ".ob-header{padding:16px 0}";

/* The dashboard's navigation bar (with nav_html). */
static const char dash_css[] =
    ".ob-dash{padding-top:12px;padding-bottom:4px;"
    "border-bottom:1px solid #d8dde0}"
    ".ob-dash-who{display:flex;flex-wrap:wrap;align-items:center;"
    "gap:8px 16px;margin:0 0 8px}"
    ".ob-inline{display:inline;margin:0}"
    ".ob-dash-who form{display:flex;align-items:center}"
    ".ob-dash-who a{line-height:1.5}"
    ".nhsuk-button.ob-small{margin:0;padding:4px 12px;font-size:1rem}"
    ".ob-dash-list{list-style:none;padding:0;margin:0 0 8px;display:flex;"
    "flex-wrap:wrap;gap:4px 20px}"
    ".ob-dash-list li{margin:0}"
    ".ob-dash-list a[aria-current]{font-weight:700;color:#212b32;"
    "text-decoration:none;border-bottom:4px solid #005eb8}"
    ".ob-dash-unit{display:flex;flex-wrap:wrap;align-items:center;gap:8px;"
    "margin:0 0 8px}"
    ".ob-dash-unit .nhsuk-select,.ob-dash-unit .nhsuk-label{margin:0}"
    ".ob-dash-row{display:flex;align-items:baseline;gap:16px}"
    ".ob-dash-label{font-weight:600;min-width:3.5em}"
    ".ob-mono{font-family:monospace;font-size:0.875rem}"
    "#caseload td.ob-num{text-align:right;white-space:nowrap}"
    "#caseload tr:not(.ob-reasons) td{border-bottom:0;padding-bottom:0}"
    "#caseload tr.ob-reasons td{padding-top:4px;font-size:1rem}"
    ".ob-label{font-weight:600}";

/* Hands each chart's spec to vegaEmbed; a chart that cannot be drawn says
 * so in its container. */
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

void ob_report_page_begin(FILE *out, const char *title, const char *asset_base,
			  const char *nav_html)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\">\n<title>",
	      out);
	html_text(out, title);
	fputs("</title>\n", out);
	if (asset_base) {
		fputs("<link rel=\"stylesheet\" href=\"", out);
		html_text(out, asset_base);
		fputs("nhsuk.min.css\">\n<style>\n", out);
	} else {
		fputs("<style>\n", out);
		asset(out, "nhsuk.min.css");
		fputc('\n', out);
	}
	fprintf(out, "%s%s\n</style>\n</head>\n<body>\n", page_css,
		nav_html ? dash_css : "");
	fputs("<a class=\"nhsuk-skip-link\" href=\"#maincontent\">Skip to main "
	      "content</a>\n"
	      "<header class=\"nhsuk-header\" role=\"banner\">\n<div "
	      "class=\"nhsuk-header__container nhsuk-width-container "
	      "ob-header\">\n<span class=\"nhsuk-header__service-name\">"
	      "onebudget</span>\n</div>\n</header>\n",
	      out);
	if (nav_html && *nav_html) {
		size_t len = strlen(nav_html);
		fputs(nav_html, out);
		if (nav_html[len - 1] != '\n')
			fputc('\n', out);
	}
	fputs("<div class=\"nhsuk-width-container\">\n"
	      "<main class=\"nhsuk-main-wrapper\" id=\"maincontent\">\n<h1>",
	      out);
	html_text(out, title);
	fputs("</h1>\n", out);
}

void ob_report_page_end(FILE *out, const char *asset_base, int charts)
{
	static const char *const scripts[] = {"vega.min.js", "vega-lite.min.js",
					      "vega-embed.min.js"};

	fprintf(out,
		"</main>\n</div>\n<footer role=\"contentinfo\" "
		"class=\"nhsuk-footer\"><div class=\"nhsuk-width-container\">"
		"<p class=\"nhsuk-body-s\">Written by onebudget.%s</p></div>"
		"</footer>\n",
		charts ? " Charts drawn with Vega-Lite; every chart's data is "
			 "in the table beneath it."
		       : "");
	if (charts) {
		for (size_t i = 0; i < 3; i++) {
			if (asset_base) {
				fputs("<script src=\"", out);
				html_text(out, asset_base);
				fprintf(out, "%s\"></script>\n", scripts[i]);
			} else {
				fputs("<script>\n", out);
				asset(out, scripts[i]);
				fputs("\n</script>\n", out);
			}
		}
		fprintf(out, "<script>\n%s\n</script>\n", page_js);
	}
	fputs("</body>\n</html>\n", out);
}
