/*
 * html.h - the report's building blocks (html.c, private to src/lib/report):
 * escaped HTML text, small data tables that become both a chart's Vega-Lite
 * data and its text alternative, and chart figures.
 */
#ifndef ONEBUDGET_REPORT_HTML_H
#define ONEBUDGET_REPORT_HTML_H

#include <stddef.h>
#include <stdio.h>

/* How a table column is shown in HTML (JSON always has the raw value). */
enum col_kind {
	COL_TEXT,
	COL_INT,   /* a whole number, e.g. people */
	COL_NUM,   /* 4 significant figures */
	COL_MONEY, /* pounds with pence */
};

struct col {
	const char *key, *label;
	enum col_kind kind;
};

struct cell {
	char *s;  /* COL_TEXT: owned */
	double v; /* numbers: NAN for no value (JSON null) */
};

/* A table of rows of ncol cells, filled a cell at a time in column order.
 * An allocation failure is remembered in `oom` and reported at the end. */
struct tab {
	const struct col *cols;
	size_t ncol;
	struct cell *c;
	size_t n, cap; /* cells */
	int oom;
};

void tab_init(struct tab *t, const struct col *cols, size_t ncol);
void tab_release(struct tab *t);
void tab_s(struct tab *t, const char *s);
void tab_n(struct tab *t, double v);
size_t tab_rows(const struct tab *t);
/* [{"key": value, ...}, ...] */
void tab_json(FILE *out, const struct tab *t);
/* <table class="nhsuk-table"> with a caption. */
void tab_html(FILE *out, const struct tab *t, const char *caption);

/* HTML text with & < > " ' escaped. */
void html_text(FILE *out, const char *s);

/*
 * A chart figure: heading (h3), the chart container (role="img" with
 * `alt` as its aria-label), the Vega-Lite spec {"data":{"values":<t>},
 * <rest>} in a <script type="application/json" class="ob-spec"> on one
 * line (every '<' written as \u003c), and the data table in a <details>
 * (in a scrolling region) as the text alternative.  `rest` is JSON
 * members without braces.
 */
void html_chart(FILE *out, const char *id, const char *title, const char *alt,
		const struct tab *t, const char *rest);

/* Open a keyboard-focusable scrolling region for a wide table: <div
 * class="ob-scroll" tabindex="0" role="region"> labelled by the element
 * with id `labelledby` or, when NULL, by "Data table: <label>".  Close it
 * with "</div>". */
void scroll_begin(FILE *out, const char *labelledby, const char *label);

/* Format into a malloc'd string (NULL on failure). */
char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
