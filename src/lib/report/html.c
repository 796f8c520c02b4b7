/*
 * html.c - escaped HTML, data tables and chart figures for the report.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/banned.h"
#include "onebudget/json.h"

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
	case COL_MONEY:
		fprintf(out, "%.2f", c->v);
		break;
	default:
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
	tab_html(out, t, title);
	fputs("</div>\n</details>\n</figure>\n", out);
}
