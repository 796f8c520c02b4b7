/*
 * xlsx.h - a small, deterministic writer of XLSX workbooks (Office Open
 * XML spreadsheets, ECMA-376), for statements a finance lead opens in Excel
 * or LibreOffice.
 *
 * A workbook is built in memory: add sheets, then append rows and, within a
 * row, cells from left to right; then write it.  The file is a ZIP of
 * STORED parts (zip.h) with no timestamps, no document properties and no
 * shared-string table (text is written inline), so the same calls always
 * give a byte-identical file: a statement can be reproduced and compared
 * byte for byte.
 *
 * Usage:
 *	struct ob_xlsx *w = ob_xlsx_new();
 *	struct ob_xlsx_sheet *s;
 *	if (!w || ob_xlsx_add_sheet(w, "Summary", &s, err)) ...
 *	ob_xlsx_set_widths(s, widths, 3);
 *	ob_xlsx_freeze_header(s);
 *	ob_xlsx_row(s, err);
 *	ob_xlsx_text(s, "Part", OB_XLSX_BOLD); ...
 *	ob_xlsx_row(s, err);
 *	ob_xlsx_text(s, "Capitation", OB_XLSX_TEXT);
 *	ob_xlsx_money(s, 123456);                  (shows 1,234.56)
 *	status = ob_xlsx_write(w, "statement.xlsx", err);
 *	ob_xlsx_free(w);
 *
 * Errors in the cell calls (out of memory, a cell past column XFD, text
 * longer than a cell holds, a cell before the first row) are latched: the
 * first one is kept, later calls do nothing, and ob_xlsx_row(),
 * ob_xlsx_write() and ob_xlsx_build() return it.  So a caller may write a
 * whole sheet and check once.
 *
 * Text is UTF-8 and is written unchanged, escaped for XML, except what XML
 * or Excel cannot hold: invalid UTF-8 bytes, control characters other than
 * tab and line feed, and U+FFFE/U+FFFF become U+FFFD; a carriage return
 * (alone or before a line feed) becomes a line feed; and "_xHHHH_", which
 * Excel would read as an escaped character, is escaped so it reads back as
 * written.
 *
 * There is no global state; one workbook must not be used by two threads at
 * once.
 */
#ifndef ONEBUDGET_XLSX_H
#define ONEBUDGET_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/buf.h"
#include "onebudget/error.h"
#include "onebudget/money.h"

/* A workbook being built; owns its sheets.  Free with ob_xlsx_free(). */
struct ob_xlsx;
/* A sheet of a workbook; lives until the workbook is freed. */
struct ob_xlsx_sheet;

/* Cell styles (the cellXfs of xl/styles.xml, in this order). */
enum ob_xlsx_style {
	OB_XLSX_TEXT,	    /* default: General format, Calibri 11 */
	OB_XLSX_BOLD,	    /* headers and labels of totals */
	OB_XLSX_MONEY,	    /* #,##0.00;[Red]-#,##0.00 (pounds) */
	OB_XLSX_INTEGER,    /* #,##0 */
	OB_XLSX_PERCENT,    /* 0.00%: the value is a fraction, 0.25 = 25% */
	OB_XLSX_WRAP,	    /* text wrapped within the column, top-aligned */
	OB_XLSX_MONEY_BOLD, /* money in bold, for totals */
	OB_XLSX_NSTYLES
};

/* Excel's limits (Microsoft, "Excel specifications and limits"). */
#define OB_XLSX_MAX_ROWS       1048576u
#define OB_XLSX_MAX_COLS       16384u /* column XFD */
#define OB_XLSX_MAX_TEXT       32767u /* UTF-16 code units in a cell */
#define OB_XLSX_MAX_SHEET_NAME 31u    /* UTF-16 code units */

/* A new empty workbook, or NULL when out of memory. */
struct ob_xlsx *ob_xlsx_new(void);
/* Free the workbook and its sheets; NULL is allowed. */
void ob_xlsx_free(struct ob_xlsx *w);

/*
 * Append a sheet named `name` and set *out to it.  Excel's rules for names
 * are enforced so that the file opens without repair: 1 to 31 characters,
 * none of [ ] : * ? / \, no control characters, valid UTF-8, not beginning
 * or ending with an apostrophe, not "History" (reserved by Excel), no
 * "_xHHHH_" escape, and unique ignoring ASCII case.  OB_EINVAL with a
 * message naming the sheet otherwise; OB_ENOMEM.  On failure *out is NULL.
 * A workbook may hold up to 10000 sheets.
 */
enum ob_status ob_xlsx_add_sheet(struct ob_xlsx *w, const char *name,
				 struct ob_xlsx_sheet **out,
				 struct ob_error *err);

/*
 * Column widths in characters of the default font, for columns 1..n
 * (`widths` is copied; it may be NULL when n is 0).  A width that is not
 * positive or not finite leaves that column at the default, and widths over
 * 255 (Excel's maximum) are cut to 255.  Replaces earlier widths; a failed
 * allocation is latched.
 */
void ob_xlsx_set_widths(struct ob_xlsx_sheet *s, const double *widths,
			size_t n);

/* Keep the first row in view when scrolling (a frozen pane below row 1). */
void ob_xlsx_freeze_header(struct ob_xlsx_sheet *s);

/* Put filter buttons on the first row, over every column used. */
void ob_xlsx_autofilter(struct ob_xlsx_sheet *s);

/*
 * Start the next row (the first call starts row 1).  Returns the latched
 * error if there is one, OB_EINVAL past row 1048576, or OB_ENOMEM.
 */
enum ob_status ob_xlsx_row(struct ob_xlsx_sheet *s, struct ob_error *err);

/*
 * Append a cell to the current row.  Text of "" (or NULL) is an empty
 * cell, which keeps its style unless that is OB_XLSX_TEXT.  A number is
 * written with the fewest digits that read back as the same double, without
 * exponent when it is a whole number below 1e21; NaN and infinities give an
 * empty cell.  Money is integer pence written exactly as pounds with two
 * decimals ("-1234.56") in the OB_XLSX_MONEY (or OB_XLSX_MONEY_BOLD) style;
 * Excel holds 15 significant digits, so amounts from £10^13 up may display
 * rounded.
 * ob_xlsx_blank() skips a cell.
 */
void ob_xlsx_text(struct ob_xlsx_sheet *s, const char *utf8,
		  enum ob_xlsx_style st);
void ob_xlsx_number(struct ob_xlsx_sheet *s, double v, enum ob_xlsx_style st);
void ob_xlsx_money(struct ob_xlsx_sheet *s, ob_pence p);
void ob_xlsx_money_bold(struct ob_xlsx_sheet *s, ob_pence p);
void ob_xlsx_blank(struct ob_xlsx_sheet *s);

/*
 * Write the workbook to `path` atomically: into "<path>.tmp.<pid>", synced,
 * then renamed over `path`, so a reader sees the old file or the whole new
 * one.  Returns the latched error, OB_EINVAL for a workbook without sheets,
 * OB_EIO (with `path` in err->file) or OB_ENOMEM.  The workbook is not
 * changed and may be written again.
 */
enum ob_status ob_xlsx_write(const struct ob_xlsx *w, const char *path,
			     struct ob_error *err);

/* The same file as bytes appended to `out` (e.g. to serve a download). */
enum ob_status ob_xlsx_build(const struct ob_xlsx *w, struct ob_buf *out,
			     struct ob_error *err);

/*
 * The A1-style reference of a cell, 1-based row and column ("B7"; column
 * 27 is "AA", 16384 is "XFD"), with a NUL, into `out`.  Returns the length,
 * or 0 (and "") when the row or column is 0 or past Excel's limits.
 */
size_t ob_xlsx_cell_ref(uint32_t row, uint32_t col, char out[static 16]);

#endif
