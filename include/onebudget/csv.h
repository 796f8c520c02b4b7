/*
 * csv.h - a streaming RFC 4180 CSV reader and a field writer.
 *
 * The reader accepts: comma-separated fields; fields enclosed in double
 * quotes, in which commas, CR, LF and doubled quotes ("") are data; records
 * ended by LF or CRLF (a lone CR inside an unquoted field is an error); a
 * UTF-8 byte-order mark at the very start, which is skipped; a missing final
 * newline; fields of any length up to OB_CSV_RECORD_MAX bytes per record.
 * Lines that are completely empty (no bytes before the newline) are skipped.
 * Text must be valid UTF-8.
 *
 * Details of the above: a line holding only CRLF is empty too.  A record's
 * length is counted as the bytes of its fields after unquoting plus one per
 * separating comma.  Validation rejects overlong forms, surrogates, code
 * points above U+10FFFF, stray or missing continuation bytes and NUL.
 *
 * Malformed input - a quote inside an unquoted field, anything but a comma or
 * a line end after a closing quote, invalid UTF-8, a record that is too long,
 * a quoted field still open at end of input - is reported as OB_EPARSE with
 * the file name, the physical line and the 1-based column (in bytes) of the
 * offending byte.  The reader then resynchronises: the rest of the bad record
 * (up to the next line end outside quotes) is skipped and the next call
 * returns the following record, so an importer can reject one record and go
 * on.  An unterminated quote swallows the rest of the input: after that error
 * the next call reports end of input.
 *
 * Details of the above: the column is counted from the start of the
 * physical line, not counting a byte-order mark on line 1.  It is that of
 * the first byte of an invalid UTF-8 sequence, of the first byte beyond the
 * record limit, and of the opening quote (with its line) for an unterminated
 * quoted field.  While skipping, only a quote at the start of a field opens
 * a quoted section; the quote that caused an error, and any other quote not
 * at the start of a field, is ordinary data.
 *
 * Lines are counted as physical lines (LF), so a record with an embedded
 * newline occupies several; `row.line` is the line its first byte is on.
 */
#ifndef ONEBUDGET_CSV_H
#define ONEBUDGET_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "onebudget/buf.h"
#include "onebudget/error.h"

/* Longest record the reader accepts (bytes, after unquoting). */
#define OB_CSV_RECORD_MAX (64u * 1024u * 1024u)
/* Most fields the reader accepts in one record. */
#define OB_CSV_FIELDS_MAX 65536u

/* A borrowed view of one field: valid until the next ob_csv_next() call or
 * ob_csv_free().  `ptr[len]` is '\0', so a field can be used as a C string
 * (it may contain embedded NULs only if the input did; such input is
 * rejected as invalid text). */
struct ob_csv_field {
	const char *ptr;
	size_t len;
};

struct ob_csv_row {
	const struct ob_csv_field *fields; /* borrowed, as above */
	size_t nfields;                    /* 0 only at end of input */
	long line;                         /* physical line of the first byte */
	int eof;                           /* 1 when no record was returned */
};

struct ob_csv_reader;

/* Open a file for reading.  `display_name` (may be NULL: `path` is used) is
 * the name put in error reports.  Free with ob_csv_free().  The file is read
 * with read(2) in 1 MiB chunks; memory use is that plus the longest record
 * (each field also takes a struct ob_csv_field). */
enum ob_status ob_csv_open(struct ob_csv_reader **out, const char *path,
			   const char *display_name, struct ob_error *err);

/* Read from memory (not copied: `data` must outlive the reader).  A NULL
 * `display_name` reports errors against "(memory)". */
enum ob_status ob_csv_open_mem(struct ob_csv_reader **out, const char *data,
			       size_t len, const char *display_name,
			       struct ob_error *err);

/*
 * Read the next record into `row`.  Returns OB_OK with row->eof set and
 * nfields 0 at end of input; OB_EPARSE for a malformed record (see above:
 * calling again continues with the next record); OB_EIO or OB_ENOMEM for
 * failures after which the reader is unusable.
 *
 * On any status but OB_OK, `row` holds no fields (nfields 0, eof 0) and
 * row->line is the line the failed record started on; `err` is filled only
 * on failure.
 */
enum ob_status ob_csv_next(struct ob_csv_reader *r, struct ob_csv_row *row,
			   struct ob_error *err);

/* Bytes consumed so far (for progress reporting). */
size_t ob_csv_offset(const struct ob_csv_reader *r);

void ob_csv_free(struct ob_csv_reader *r);

/* Append `s` (`len` bytes) to `out` as one CSV field, quoting it when it
 * contains a comma, quote, CR or LF, or starts or ends with a space.
 *
 * Also quoted: a field starting with U+FEFF, which a reader would take for
 * a byte-order mark at the start of a file.  An empty field is written as
 * nothing, so a record made of one empty field would be an empty line,
 * which readers skip: write it as `""` instead.  Returns OB_ENOMEM (and
 * leaves `out` unchanged) when the buffer cannot grow.  No separator or line
 * end is added: the caller writes ',' and the line end. */
enum ob_status ob_csv_add_field(struct ob_buf *out, const char *s, size_t len);

#endif
