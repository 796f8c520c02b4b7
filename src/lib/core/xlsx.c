/*
 * xlsx.c - the XLSX workbook writer; see xlsx.h.
 *
 * Each sheet keeps the XML of its rows as they are appended (the last
 * <row> left open), so building the file only wraps that text in the
 * worksheet element.  The other parts are fixed text apart from the sheet
 * names.  Element order within a worksheet follows the schema sequence of
 * CT_Worksheet (ECMA-376 Part 1, 18.3.1.99): dimension, sheetViews,
 * sheetFormatPr, cols, sheetData, autoFilter; Excel refuses other orders.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "onebudget/xlsx.h"
#include "onebudget/zip.h"
#include "onebudget/banned.h"

/* Keeps the ZIP (5 fixed parts + one per sheet) under 65535 entries. */
#define MAX_SHEETS 10000u
#define MAX_WIDTH  255.0

#define XML_DECL                                                               \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL                                                                 \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL                                                             \
	"http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_PREFIX "application/vnd.openxmlformats-"

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
#define REPLACEMENT "\xef\xbf\xbd"

struct ob_xlsx_sheet {
	struct ob_xlsx *book;
	char *name;
	double *widths;
	size_t nwidths;
	int freeze;
	int filter;
	struct ob_buf rows; /* <row> elements; the last one not yet closed */
	uint32_t nrows;	    /* rows started */
	uint32_t col;	    /* cells (including blanks) in the current row */
	uint32_t maxcol;    /* rightmost column holding a cell */
};

struct ob_xlsx {
	struct ob_xlsx_sheet **sheets;
	size_t nsheets;
	size_t alloc;
	struct ob_error latched; /* the first failed cell call, or OB_OK */
};

/*
 * Record the first failure of a call that cannot return one; everything
 * after it is skipped, since later cells would land in the wrong place.
 */
static void latch(struct ob_xlsx *w, enum ob_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void latch(struct ob_xlsx *w, enum ob_status code, const char *fmt, ...)
{
	char msg[OB_ERROR_MSG_MAX];
	va_list ap;

	if (w->latched.code != OB_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ob_error_set(&w->latched, code, NULL, 0, 0, "%s", msg);
}

static enum ob_status report_latched(const struct ob_xlsx *w,
				     struct ob_error *err)
{
	if (err)
		*err = w->latched;
	return w->latched.code;
}

static enum ob_status no_memory(struct ob_error *err)
{
	return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
}

struct ob_xlsx *ob_xlsx_new(void)
{
	struct ob_xlsx *w = calloc(1, sizeof(*w));

	if (w)
		ob_error_clear(&w->latched);
	return w;
}

void ob_xlsx_free(struct ob_xlsx *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nsheets; i++) {
		struct ob_xlsx_sheet *s = w->sheets[i];
		free(s->name);
		free(s->widths);
		ob_buf_release(&s->rows);
		free(s);
	}
	free(w->sheets);
	free(w);
}

/*
 * Decode one UTF-8 sequence at `p` (NUL-terminated) into *cp and return its
 * length, or 0 when it is not well-formed (Unicode 15, table 3-7: no
 * overlong forms, no surrogates, nothing past U+10FFFF).  A NUL is not a
 * continuation byte, so the loop never reads past the terminator.
 */
static size_t utf8_seq(const unsigned char *p, uint32_t *cp)
{
	uint32_t v, min;
	size_t n;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, v = p[0] & 0x1fu, min = 0x80;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, v = p[0] & 0x0fu, min = 0x800;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, v = p[0] & 0x07u, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3fu);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* Does "_xHHHH_" start at p?  Excel decodes it as the character U+HHHH
 * (ECMA-376 Part 1, 22.9.2.19 ST_Xstring). */
static int is_xstring_escape(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return u[0] == '_' && u[1] == 'x' && is_hex(u[2]) && is_hex(u[3]) &&
	       is_hex(u[4]) && is_hex(u[5]) && u[6] == '_';
}

/*
 * Append `s` escaped for XML character data and attribute values (the five
 * specials), with the replacements listed in xlsx.h, and count the UTF-16
 * code units of the text as Excel will hold it, for its length limits.
 */
static enum ob_status xml_text(struct ob_buf *b, const char *s, size_t *units)
{
	const unsigned char *p = (const unsigned char *)s;
	enum ob_status st = OB_OK;
	size_t n = 0;

	while (*p && !st) {
		uint32_t cp;
		size_t len = utf8_seq(p, &cp);

		n++;
		if (len == 0) {
			st = ob_buf_addstr(b, REPLACEMENT);
			p++;
			continue;
		}
		switch (cp) {
		case '&':
			st = ob_buf_addstr(b, "&amp;");
			break;
		case '<':
			st = ob_buf_addstr(b, "&lt;");
			break;
		case '>':
			st = ob_buf_addstr(b, "&gt;");
			break;
		case '"':
			st = ob_buf_addstr(b, "&quot;");
			break;
		case '\r':
			/* XML parsers turn CR LF and lone CR into LF anyway
			 * (XML 1.0, 2.11); doing it here keeps the count. */
			if (p[1] == '\n')
				p++;
			st = ob_buf_addch(b, '\n');
			break;
		case '_':
			st = ob_buf_addstr(b, is_xstring_escape((const char *)p)
						  ? "_x005F_"
						  : "_");
			break;
		case 0xfffe:
		case 0xffff:
			st = ob_buf_addstr(b, REPLACEMENT);
			break;
		default:
			/* XML 1.0 allows no C0 control but tab, LF and CR. */
			if (cp < 0x20 && cp != '\t' && cp != '\n')
				st = ob_buf_addstr(b, REPLACEMENT);
			else
				st = ob_buf_add(b, p, len);
			if (cp >= 0x10000)
				n++; /* a surrogate pair in UTF-16 */
		}
		p += len;
	}
	if (units)
		*units = n;
	return st;
}

/* Columns are numbered in bijective base 26: A..Z, AA..ZZ, AAA..XFD. */
static size_t col_letters(uint32_t col, char *out)
{
	char tmp[8];
	size_t n = 0, o = 0;

	while (col) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	while (n)
		out[o++] = tmp[--n];
	out[o] = '\0';
	return o;
}

size_t ob_xlsx_cell_ref(uint32_t row, uint32_t col, char out[static 16])
{
	size_t n;

	out[0] = '\0';
	if (row == 0 || row > OB_XLSX_MAX_ROWS || col == 0 ||
	    col > OB_XLSX_MAX_COLS)
		return 0;
	n = col_letters(col, out);
	return n + (size_t)snprintf(out + n, 16 - n, "%lu", (unsigned long)row);
}

/*
 * The shortest of %.15g, %.16g and %.17g that reads back as `v` (17 digits
 * always do, IEEE 754 5.12.2), so 0.1 is "0.1" and not
 * "0.10000000000000001"; whole numbers below 1e21 in plain digits.  The
 * number is for XML, so a decimal comma from a foreign LC_NUMERIC becomes
 * a point.  Returns 0 for NaN and infinities.
 */
static size_t number_text(double v, char out[static 40])
{
	int n = 0;

	if (!isfinite(v))
		return 0;
	if (v == 0)
		v = 0; /* -0 would print as "-0" */
	if (v == floor(v) && fabs(v) < 1e21) {
		n = snprintf(out, 40, "%.0f", v);
	} else {
		for (int prec = 15; prec <= 17; prec++) {
			n = snprintf(out, 40, "%.*g", prec, v);
			if (strtod(out, NULL) == v)
				break;
		}
	}
	for (int i = 0; i < n; i++)
		if (out[i] == ',')
			out[i] = '.';
	return (size_t)n;
}

static int ascii_case_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/*
 * Excel's rules for sheet names, so that the workbook opens without a
 * "repair": the names are its user interface and appear in formulas.
 */
static enum ob_status check_sheet_name(const struct ob_xlsx *w,
				       const char *name, struct ob_error *err)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t units = 0, len;

	if (!name || !*name)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "a sheet name must not be empty");
	for (; *p; p += len) {
		uint32_t cp;

		len = utf8_seq(p, &cp);
		if (len == 0)
			return ob_error_set(
			    err, OB_EINVAL, NULL, 0, 0,
			    "sheet name is not valid UTF-8 "
			    "(byte %zu)",
			    (size_t)(p - (const unsigned char *)name) + 1);
		if (cp < 0x20 || cp == 0x7f)
			return ob_error_set(
			    err, OB_EINVAL, NULL, 0, 0,
			    "sheet name contains a control "
			    "character (byte %zu)",
			    (size_t)(p - (const unsigned char *)name) + 1);
		if (cp < 0x80 && strchr("[]:*?/\\", (int)cp))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "sheet name '%s' contains '%c' "
					    "(Excel does not allow "
					    "[ ] : * ? / \\ in sheet names)",
					    name, (int)cp);
		units += cp >= 0x10000 ? 2 : 1;
	}
	len = (size_t)(p - (const unsigned char *)name);
	if (units > OB_XLSX_MAX_SHEET_NAME)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "sheet name '%s' is %zu characters long "
				    "(Excel allows at most %u)",
				    name, units, OB_XLSX_MAX_SHEET_NAME);
	if (name[0] == '\'' || name[len - 1] == '\'')
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "sheet name '%s' begins or ends with an "
				    "apostrophe, which Excel does not allow",
				    name);
	if (ascii_case_equal(name, "History"))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "sheet name '%s' is reserved by Excel",
				    name);
	for (size_t i = 0; i < len; i++)
		if (is_xstring_escape(name + i))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "sheet name '%s' contains "
					    "'%.7s', which Excel would read as "
					    "an escaped character",
					    name, name + i);
	for (size_t i = 0; i < w->nsheets; i++)
		if (ascii_case_equal(name, w->sheets[i]->name))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "sheet name '%s' is already used "
					    "by sheet '%s' (names are compared "
					    "ignoring case)",
					    name, w->sheets[i]->name);
	return OB_OK;
}

enum ob_status ob_xlsx_add_sheet(struct ob_xlsx *w, const char *name,
				 struct ob_xlsx_sheet **out,
				 struct ob_error *err)
{
	struct ob_xlsx_sheet *s;
	enum ob_status st;
	size_t len;

	*out = NULL;
	if (w->nsheets >= MAX_SHEETS)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "a workbook cannot hold more than %u "
				    "sheets",
				    MAX_SHEETS);
	st = check_sheet_name(w, name, err);
	if (st)
		return st;
	if (w->nsheets == w->alloc) {
		size_t alloc = w->alloc ? 2 * w->alloc : 4;
		struct ob_xlsx_sheet **p =
		    realloc(w->sheets, alloc * sizeof(*p));
		if (!p)
			return no_memory(err);
		w->sheets = p;
		w->alloc = alloc;
	}
	s = calloc(1, sizeof(*s));
	len = strlen(name);
	if (!s || !(s->name = malloc(len + 1))) {
		free(s);
		return no_memory(err);
	}
	memcpy(s->name, name, len + 1);
	s->book = w;
	ob_buf_init(&s->rows);
	w->sheets[w->nsheets++] = s;
	*out = s;
	return OB_OK;
}

void ob_xlsx_set_widths(struct ob_xlsx_sheet *s, const double *widths, size_t n)
{
	double *copy = NULL;

	if (n > OB_XLSX_MAX_COLS)
		n = OB_XLSX_MAX_COLS;
	if (n && !(copy = malloc(n * sizeof(*copy)))) {
		latch(s->book, OB_ENOMEM, "out of memory");
		return;
	}
	if (n)
		memcpy(copy, widths, n * sizeof(*copy));
	free(s->widths);
	s->widths = copy;
	s->nwidths = n;
}

void ob_xlsx_freeze_header(struct ob_xlsx_sheet *s)
{
	s->freeze = 1;
}

void ob_xlsx_autofilter(struct ob_xlsx_sheet *s)
{
	s->filter = 1;
}

enum ob_status ob_xlsx_row(struct ob_xlsx_sheet *s, struct ob_error *err)
{
	struct ob_xlsx *w = s->book;

	if (w->latched.code != OB_OK)
		return report_latched(w, err);
	if (s->nrows >= OB_XLSX_MAX_ROWS)
		latch(w, OB_EINVAL,
		      "sheet '%s': more than %u rows (Excel's limit)", s->name,
		      OB_XLSX_MAX_ROWS);
	else if ((s->nrows && ob_buf_addstr(&s->rows, "</row>")) ||
		 ob_buf_addf(&s->rows, "<row r=\"%lu\">",
			     (unsigned long)s->nrows + 1))
		latch(w, OB_ENOMEM, "out of memory");
	else {
		s->nrows++;
		s->col = 0;
	}
	return report_latched(w, err);
}

/*
 * Claim the next cell of the current row: write its reference into `ref`
 * and return 1, or return 0 when the cell must be skipped (a latched
 * error, or one found now).
 */
static int next_cell(struct ob_xlsx_sheet *s, enum ob_xlsx_style st,
		     char ref[static 16])
{
	struct ob_xlsx *w = s->book;

	if (w->latched.code != OB_OK)
		return 0;
	if (s->nrows == 0) {
		latch(w, OB_EINVAL,
		      "sheet '%s': a cell was written before the first row "
		      "was started (call ob_xlsx_row first)",
		      s->name);
		return 0;
	}
	if (s->col >= OB_XLSX_MAX_COLS) {
		latch(w, OB_EINVAL,
		      "sheet '%s': row %lu has more than %u cells (the last "
		      "column is XFD)",
		      s->name, (unsigned long)s->nrows, OB_XLSX_MAX_COLS);
		return 0;
	}
	if ((unsigned)st >= OB_XLSX_NSTYLES) {
		latch(w, OB_EINVAL, "sheet '%s': unknown cell style %d",
		      s->name, (int)st);
		return 0;
	}
	s->col++;
	ob_xlsx_cell_ref(s->nrows, s->col, ref);
	return 1;
}

/* Open a <c> element; `type` is NULL or a t="" value.  The style index is
 * the enum value, the order of cellXfs in styles_xml(). */
static enum ob_status cell_open(struct ob_xlsx_sheet *s, const char *ref,
				enum ob_xlsx_style st, const char *type)
{
	struct ob_buf *b = &s->rows;

	if (s->col > s->maxcol)
		s->maxcol = s->col;
	if (ob_buf_addf(b, "<c r=\"%s\"", ref) ||
	    (st != OB_XLSX_TEXT && ob_buf_addf(b, " s=\"%d\"", (int)st)) ||
	    (type && ob_buf_addf(b, " t=\"%s\"", type)))
		return OB_ENOMEM;
	return OB_OK;
}

/* An empty cell that still carries its style (a shaded header, say). */
static void styled_empty(struct ob_xlsx_sheet *s, const char *ref,
			 enum ob_xlsx_style st)
{
	if (st == OB_XLSX_TEXT)
		return;
	if (cell_open(s, ref, st, NULL) || ob_buf_addstr(&s->rows, "/>"))
		latch(s->book, OB_ENOMEM, "out of memory");
}

void ob_xlsx_text(struct ob_xlsx_sheet *s, const char *utf8,
		  enum ob_xlsx_style st)
{
	size_t mark = s->rows.len, units;
	char ref[16];

	if (!next_cell(s, st, ref))
		return;
	if (!utf8 || !*utf8) {
		styled_empty(s, ref, st);
		return;
	}
	/* xml:space="preserve" keeps leading and trailing spaces, which
	 * Excel would otherwise strip. */
	if (cell_open(s, ref, st, "inlineStr") ||
	    ob_buf_addstr(&s->rows, "><is><t xml:space=\"preserve\">") ||
	    xml_text(&s->rows, utf8, &units) ||
	    ob_buf_addstr(&s->rows, "</t></is></c>")) {
		latch(s->book, OB_ENOMEM, "out of memory");
		return;
	}
	if (units > OB_XLSX_MAX_TEXT) {
		ob_buf_setlen(&s->rows, mark);
		latch(s->book, OB_EINVAL,
		      "sheet '%s': cell %s: text of %zu characters is longer "
		      "than a cell holds (%u)",
		      s->name, ref, units, OB_XLSX_MAX_TEXT);
	}
}

static void value_cell(struct ob_xlsx_sheet *s, const char *ref,
		       enum ob_xlsx_style st, const char *v)
{
	if (cell_open(s, ref, st, NULL) ||
	    ob_buf_addf(&s->rows, "><v>%s</v></c>", v))
		latch(s->book, OB_ENOMEM, "out of memory");
}

void ob_xlsx_number(struct ob_xlsx_sheet *s, double v, enum ob_xlsx_style st)
{
	char ref[16], num[40];

	if (!next_cell(s, st, ref))
		return;
	if (number_text(v, num) == 0)
		styled_empty(s, ref, st);
	else
		value_cell(s, ref, st, num);
}

/* Pence are formatted from the integer, so the file holds the exact
 * amount; a double could not say 0.1 + 0.2 pounds exactly. */
static void money_cell(struct ob_xlsx_sheet *s, ob_pence p,
		       enum ob_xlsx_style st)
{
	char ref[16], num[24];

	if (!next_cell(s, st, ref))
		return;
	ob_pence_format(p, num);
	value_cell(s, ref, st, num);
}

void ob_xlsx_money(struct ob_xlsx_sheet *s, ob_pence p)
{
	money_cell(s, p, OB_XLSX_MONEY);
}

void ob_xlsx_money_bold(struct ob_xlsx_sheet *s, ob_pence p)
{
	money_cell(s, p, OB_XLSX_MONEY_BOLD);
}

void ob_xlsx_blank(struct ob_xlsx_sheet *s)
{
	char ref[16];

	next_cell(s, OB_XLSX_TEXT, ref);
}

/* ---- the parts of the package ---- */

static enum ob_status content_types_xml(const struct ob_xlsx *w,
					struct ob_buf *b)
{
	if (ob_buf_addstr(b, XML_DECL
			  "<Types xmlns=\"http://schemas.openxmlformats.org/"
			  "package/2006/content-types\">"
			  "<Default Extension=\"rels\" ContentType=\"" CT_PREFIX
			  "package.relationships+xml\"/>"
			  "<Default Extension=\"xml\" "
			  "ContentType=\"application/xml\"/>"
			  "<Override PartName=\"/xl/workbook.xml\" "
			  "ContentType=\"" CT_PREFIX
			  "officedocument.spreadsheetml.sheet.main+xml\"/>"
			  "<Override PartName=\"/xl/styles.xml\" "
			  "ContentType=\"" CT_PREFIX
			  "officedocument.spreadsheetml.styles+xml\"/>"))
		return OB_ENOMEM;
	for (size_t i = 0; i < w->nsheets; i++)
		if (ob_buf_addf(b,
				"<Override PartName=\"/xl/worksheets/"
				"sheet%zu.xml\" ContentType=\"" CT_PREFIX
				"officedocument.spreadsheetml.worksheet+xml"
				"\"/>",
				i + 1))
			return OB_ENOMEM;
	return ob_buf_addstr(b, "</Types>");
}

static enum ob_status package_rels_xml(struct ob_buf *b)
{
	return ob_buf_addstr(b, XML_DECL
			     "<Relationships xmlns=\"" NS_PKG_REL "\">"
			     "<Relationship Id=\"rId1\" Type=\"" NS_REL
			     "/officeDocument\" Target=\"xl/workbook.xml\"/>"
			     "</Relationships>");
}

static enum ob_status workbook_rels_xml(const struct ob_xlsx *w,
					struct ob_buf *b)
{
	if (ob_buf_addstr(b,
			  XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\">"))
		return OB_ENOMEM;
	for (size_t i = 0; i < w->nsheets; i++)
		if (ob_buf_addf(b,
				"<Relationship Id=\"rId%zu\" Type=\"" NS_REL
				"/worksheet\" Target=\"worksheets/"
				"sheet%zu.xml\"/>",
				i + 1, i + 1))
			return OB_ENOMEM;
	if (ob_buf_addf(b,
			"<Relationship Id=\"rId%zu\" Type=\"" NS_REL
			"/styles\" Target=\"styles.xml\"/>"
			"</Relationships>",
			w->nsheets + 1))
		return OB_ENOMEM;
	return OB_OK;
}

/* Is there an autofilter to write for this sheet? */
static int has_filter(const struct ob_xlsx_sheet *s)
{
	return s->filter && s->maxcol > 0;
}

/*
 * The filter range also goes in a hidden defined name, as Excel itself
 * writes it; without the name Excel loses the filter when the file is
 * saved again.  The sheet name is quoted for a formula ('' for ').
 */
static enum ob_status filter_name(const struct ob_xlsx_sheet *s, size_t i,
				  struct ob_buf *b)
{
	struct ob_buf f = OB_BUF_INIT;
	char col[8];
	enum ob_status st;

	col_letters(s->maxcol, col);
	st = ob_buf_addch(&f, '\'');
	for (const char *p = s->name; *p && !st; p++)
		if (*p == '\'')
			st = ob_buf_addstr(&f, "''");
		else
			st = ob_buf_addch(&f, *p);
	if (!st)
		st = ob_buf_addf(&f, "'!$A$1:$%s$%lu", col,
				 (unsigned long)s->nrows);
	if (!st)
		st = ob_buf_addf(b,
				 "<definedName name=\"_xlnm._FilterDatabase\" "
				 "localSheetId=\"%zu\" hidden=\"1\">",
				 i);
	if (!st)
		st = xml_text(b, f.data, NULL);
	if (!st)
		st = ob_buf_addstr(b, "</definedName>");
	ob_buf_release(&f);
	return st;
}

static enum ob_status workbook_xml(const struct ob_xlsx *w, struct ob_buf *b)
{
	int names = 0;

	if (ob_buf_addstr(b,
			  XML_DECL "<workbook xmlns=\"" NS_MAIN
				   "\" xmlns:r=\"" NS_REL "\">"
				   "<bookViews><workbookView activeTab=\"0\"/>"
				   "</bookViews><sheets>"))
		return OB_ENOMEM;
	for (size_t i = 0; i < w->nsheets; i++)
		if (ob_buf_addstr(b, "<sheet name=\"") ||
		    xml_text(b, w->sheets[i]->name, NULL) ||
		    ob_buf_addf(b, "\" sheetId=\"%zu\" r:id=\"rId%zu\"/>",
				i + 1, i + 1))
			return OB_ENOMEM;
	if (ob_buf_addstr(b, "</sheets>"))
		return OB_ENOMEM;
	for (size_t i = 0; i < w->nsheets; i++) {
		if (!has_filter(w->sheets[i]))
			continue;
		if (!names++ && ob_buf_addstr(b, "<definedNames>"))
			return OB_ENOMEM;
		if (filter_name(w->sheets[i], i, b))
			return OB_ENOMEM;
	}
	if (names && ob_buf_addstr(b, "</definedNames>"))
		return OB_ENOMEM;
	return ob_buf_addstr(b, "</workbook>");
}

/*
 * Fonts 0 (regular) and 1 (bold); the two fills Excel requires first (none
 * and gray125); one empty border.  cellXfs follow enum ob_xlsx_style.
 * Number formats 3 (#,##0) and 10 (0.00%) are built in (ECMA-376 Part 1,
 * 18.8.30); money is custom format 164, the first id free for custom use.
 */
static enum ob_status styles_xml(struct ob_buf *b)
{
	return ob_buf_addstr(
	    b, XML_DECL
	    "<styleSheet xmlns=\"" NS_MAIN "\">"
	    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" "
	    "formatCode=\"#,##0.00;[Red]-#,##0.00\"/></numFmts>"
	    "<fonts count=\"2\">"
	    "<font><sz val=\"11\"/><name val=\"Calibri\"/>"
	    "<family val=\"2\"/></font>"
	    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/>"
	    "<family val=\"2\"/></font></fonts>"
	    "<fills count=\"2\">"
	    "<fill><patternFill patternType=\"none\"/></fill>"
	    "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
	    "<borders count=\"1\"><border><left/><right/><top/><bottom/>"
	    "<diagonal/></border></borders>"
	    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" "
	    "fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
	    "<cellXfs count=\"7\">"
	    /* OB_XLSX_TEXT */
	    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
	    "xfId=\"0\"/>"
	    /* OB_XLSX_BOLD */
	    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" "
	    "xfId=\"0\" applyFont=\"1\"/>"
	    /* OB_XLSX_MONEY */
	    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
	    "xfId=\"0\" applyNumberFormat=\"1\"/>"
	    /* OB_XLSX_INTEGER */
	    "<xf numFmtId=\"3\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
	    "xfId=\"0\" applyNumberFormat=\"1\"/>"
	    /* OB_XLSX_PERCENT */
	    "<xf numFmtId=\"10\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
	    "xfId=\"0\" applyNumberFormat=\"1\"/>"
	    /* OB_XLSX_WRAP */
	    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
	    "xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" "
	    "wrapText=\"1\"/></xf>"
	    /* OB_XLSX_MONEY_BOLD */
	    "<xf numFmtId=\"164\" fontId=\"1\" fillId=\"0\" borderId=\"0\" "
	    "xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\"/>"
	    "</cellXfs>"
	    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" "
	    "builtinId=\"0\"/></cellStyles>"
	    "</styleSheet>");
}

/* "A1:C10" over the used cells (rows to the last started), or "A1". */
static void used_range(const struct ob_xlsx_sheet *s, char out[static 40])
{
	char last[16];

	if (ob_xlsx_cell_ref(s->nrows, s->maxcol, last))
		snprintf(out, 40, "A1:%s", last);
	else
		snprintf(out, 40, "A1");
}

static enum ob_status cols_xml(const struct ob_xlsx_sheet *s, struct ob_buf *b)
{
	int open = 0;

	for (size_t i = 0; i < s->nwidths; i++) {
		double wd = s->widths[i];
		char num[40];

		if (!isfinite(wd) || wd <= 0)
			continue;
		number_text(wd > MAX_WIDTH ? MAX_WIDTH : wd, num);
		if (!open++ && ob_buf_addstr(b, "<cols>"))
			return OB_ENOMEM;
		if (ob_buf_addf(b,
				"<col min=\"%zu\" max=\"%zu\" width=\"%s\" "
				"customWidth=\"1\"/>",
				i + 1, i + 1, num))
			return OB_ENOMEM;
	}
	/* <cols> must hold at least one <col>. */
	return open ? ob_buf_addstr(b, "</cols>") : OB_OK;
}

static enum ob_status sheet_xml(const struct ob_xlsx_sheet *s, int first,
				struct ob_buf *b)
{
	char range[40];

	used_range(s, range);
	if (ob_buf_addf(b,
			XML_DECL
			"<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL
			"\">"
			"<dimension ref=\"%s\"/>"
			"<sheetViews><sheetView%s workbookViewId=\"0\">",
			range, first ? " tabSelected=\"1\"" : ""))
		return OB_ENOMEM;
	if (s->freeze &&
	    ob_buf_addstr(b, "<pane ySplit=\"1\" topLeftCell=\"A2\" "
			     "activePane=\"bottomLeft\" state=\"frozen\"/>"
			     "<selection pane=\"bottomLeft\"/>"))
		return OB_ENOMEM;
	if (ob_buf_addstr(b, "</sheetView></sheetViews>"
			     "<sheetFormatPr defaultRowHeight=\"15\"/>") ||
	    cols_xml(s, b) || ob_buf_addstr(b, "<sheetData>") ||
	    ob_buf_add(b, s->rows.data, s->rows.len) ||
	    (s->nrows && ob_buf_addstr(b, "</row>")) ||
	    ob_buf_addstr(b, "</sheetData>"))
		return OB_ENOMEM;
	if (has_filter(s) && ob_buf_addf(b, "<autoFilter ref=\"%s\"/>", range))
		return OB_ENOMEM;
	return ob_buf_addstr(b, "</worksheet>");
}

/* Put one part in the archive: the part is built by the caller into
 * `part`, which is then emptied for the next. */
static enum ob_status add_part(struct ob_zip *z, const char *name,
			       enum ob_status built, struct ob_buf *part,
			       struct ob_error *err)
{
	enum ob_status st;

	if (built)
		return no_memory(err);
	st = ob_zip_add(z, name, part->data, part->len, err);
	ob_buf_reset(part);
	return st;
}

enum ob_status ob_xlsx_build(const struct ob_xlsx *w, struct ob_buf *out,
			     struct ob_error *err)
{
	struct ob_zip z = OB_ZIP_INIT;
	struct ob_buf part = OB_BUF_INIT;
	enum ob_status st;

	if (w->latched.code != OB_OK)
		return report_latched(w, err);
	if (w->nsheets == 0)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "a workbook needs at least one sheet");
	/* [Content_Types].xml first, as Office writes it: some readers
	 * sniff the first entry to recognise the package. */
	st = add_part(&z, "[Content_Types].xml", content_types_xml(w, &part),
		      &part, err);
	if (!st)
		st = add_part(&z, "_rels/.rels", package_rels_xml(&part), &part,
			      err);
	if (!st)
		st = add_part(&z, "xl/workbook.xml", workbook_xml(w, &part),
			      &part, err);
	if (!st)
		st = add_part(&z, "xl/_rels/workbook.xml.rels",
			      workbook_rels_xml(w, &part), &part, err);
	if (!st)
		st = add_part(&z, "xl/styles.xml", styles_xml(&part), &part,
			      err);
	for (size_t i = 0; i < w->nsheets && !st; i++) {
		char name[48];

		snprintf(name, sizeof(name), "xl/worksheets/sheet%zu.xml",
			 i + 1);
		st = add_part(&z, name, sheet_xml(w->sheets[i], i == 0, &part),
			      &part, err);
	}
	if (!st)
		st = ob_zip_finish(&z, err);
	if (!st && ob_buf_add(out, z.out.data, z.out.len))
		st = no_memory(err);
	ob_zip_release(&z);
	ob_buf_release(&part);
	return st;
}

static enum ob_status write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return OB_EIO;
		data += n;
		len -= (size_t)n;
	}
	return OB_OK;
}

enum ob_status ob_xlsx_write(const struct ob_xlsx *w, const char *path,
			     struct ob_error *err)
{
	struct ob_buf data = OB_BUF_INIT, tmp = OB_BUF_INIT;
	enum ob_status st;
	int fd = -1;

	st = ob_xlsx_build(w, &data, err);
	if (st)
		goto out;
	/* The pid keeps two writers of one path from sharing a file. */
	if (ob_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid())) {
		st = no_memory(err);
		goto out;
	}
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		st = ob_error_set(err, OB_EIO, path, 0, 0,
				  "cannot create '%s': %s", tmp.data,
				  strerror(errno));
		ob_buf_reset(&tmp); /* nothing to remove */
		goto out;
	}
	/* Synced before the rename, so that after a crash the path holds
	 * either the old file or the whole new one, never an empty file. */
	if (write_all(fd, data.data, data.len) || fsync(fd)) {
		st = ob_error_set(err, OB_EIO, path, 0, 0, "cannot write: %s",
				  strerror(errno));
		goto out;
	}
	if (close(fd)) {
		fd = -1;
		st = ob_error_set(err, OB_EIO, path, 0, 0, "cannot write: %s",
				  strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp.data, path))
		st = ob_error_set(err, OB_EIO, path, 0, 0,
				  "cannot rename '%s' over it: %s", tmp.data,
				  strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	if (st && tmp.len)
		unlink(tmp.data);
	ob_buf_release(&data);
	ob_buf_release(&tmp);
	return st;
}
