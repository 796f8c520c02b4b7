/*
 * fuzz-csv.c - libFuzzer harness for the CSV reader (csv.h).
 *
 * Reads the input from memory record by record until end of input and
 * checks, for every call:
 *   - progress: each call that does not report end of input consumes bytes,
 *     and ob_csv_offset() ends at the input size;
 *   - records: nfields > 0, line numbers never go down, every field is
 *     NUL-terminated, holds no NUL and is valid UTF-8;
 *   - errors: OB_EPARSE only, with a message and a position;
 *   - round trip: a record written back with ob_csv_add_field() reads back
 *     as the same fields;
 *   - an oracle: a plain byte-at-a-time reading of the rules in csv.h,
 *     written independently of the reader's fast paths, must produce the
 *     same records and the same errors at the same positions.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/buf.h"
#include "onebudget/csv.h"
#include "onebudget/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr,                                        \
				"fuzz-csv: check failed: %s (%s:%d)\n", #cond, \
				__FILE__, __LINE__);                           \
			abort();                                               \
		}                                                              \
	} while (0)

#define STRAY_QUOTE                                                            \
	"unexpected '\"' inside an unquoted field (quote the whole field and " \
	"double embedded quotes)"

/* Code point decoding, as a check independent of the reader's table. */
static int valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned long cp;
		size_t n;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			n = 2;
			cp = s[i] & 0x1f;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 3;
			cp = s[i] & 0x0f;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 4;
			cp = s[i] & 0x07;
		} else {
			return 0;
		}
		if (len - i < n)
			return 0;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
		    (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n;
	}
	return 1;
}

/* Length of the valid sequence at s[0] (>= 0x80), or 0. */
static size_t seq_len(const unsigned char *s, size_t avail)
{
	for (size_t n = 2; n <= 4 && n <= avail; n++)
		if (valid_utf8(s, n))
			return n;
	return 0;
}

static void put(struct ob_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct ob_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	CHECK(ob_buf_vaddf(b, fmt, ap) == OB_OK);
	va_end(ap);
}

static void put_field(struct ob_buf *b, const char *s, size_t len)
{
	put(b, "%zu:", len);
	CHECK(ob_buf_add(b, s, len) == OB_OK);
	CHECK(ob_buf_addch(b, ';') == OB_OK);
}

/*
 * The oracle: csv.h's rules applied one byte at a time to the whole input.
 * Writes one line per record (`L<line> <len>:<bytes>;...`) or error
 * (`E<line>:<column> <message>`) to `out`.
 */
static void oracle(const unsigned char *d, size_t n, struct ob_buf *out)
{
	enum { FS, UNQ, QUO, AFTER } st;
	enum { S_FIELD, S_START, S_QUOTED, S_QUOTE } sk;
	struct ob_buf field = OB_BUF_INIT;
	size_t i = 0, ls = 0, rec_start;
	long line = 1, qline = 0, qcol = 0;
	char msg[128];

	if (n >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0)
		i = ls = 3;
	for (;;) {
		/* empty lines */
		while (i < n) {
			if (d[i] == '\n')
				i++;
			else if (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n')
				i += 2;
			else
				break;
			line++;
			ls = i;
		}
		if (i == n)
			break;
		rec_start = out->len;
		put(out, "L%ld ", line);
		st = FS;
		sk = S_FIELD;
		ob_buf_reset(&field);
		msg[0] = '\0';
		for (;;) {
			unsigned c = i < n ? d[i] : 256;
			long col = (long)(i - ls) + 1;

			if (st == FS) {
				if (c == '"') {
					qline = line;
					qcol = col;
					i++;
					st = QUO;
					continue;
				}
				st = UNQ;
			}
			if (c == 256) {
				if (st == QUO) {
					snprintf(msg, sizeof(msg),
						 "E%ld:%ld quoted field opened "
						 "here is not closed before "
						 "end of file",
						 qline, qcol);
					i = n;
					sk = S_FIELD;
					break;
				}
				put_field(out, field.data, field.len);
				break;
			}
			if (st == AFTER && c != ',' && c != '\n' && c != '\r') {
				char what[16];

				if (c >= 0x20 && c < 0x7f)
					snprintf(what, sizeof(what), "'%c'",
						 (char)c);
				else
					snprintf(what, sizeof(what),
						 "byte 0x%02x", c);
				snprintf(msg, sizeof(msg),
					 "E%ld:%ld unexpected %s after closing "
					 "quote (expected ',' or end of line)",
					 line, col, what);
				i++;
				sk = S_FIELD;
				break;
			}
			if (st != QUO && c == ',') {
				put_field(out, field.data, field.len);
				ob_buf_reset(&field);
				i++;
				st = FS;
				continue;
			}
			if (st != QUO && c == '\n') {
				put_field(out, field.data, field.len);
				i++;
				line++;
				ls = i;
				break;
			}
			if (st != QUO && c == '\r') {
				if (i + 1 < n && d[i + 1] == '\n') {
					put_field(out, field.data, field.len);
					i += 2;
					line++;
					ls = i;
					break;
				}
				snprintf(msg, sizeof(msg),
					 "E%ld:%ld bare carriage return "
					 "(expected CRLF or LF line ends)",
					 line, col);
				i++;
				sk = S_FIELD;
				break;
			}
			if (st == UNQ && c == '"') {
				snprintf(msg, sizeof(msg), "E%ld:%ld %s", line,
					 col, STRAY_QUOTE);
				i++;
				sk = S_FIELD;
				break;
			}
			if (st == QUO && c == '"') {
				if (i + 1 < n && d[i + 1] == '"') {
					CHECK(!ob_buf_addch(&field, '"'));
					i += 2;
				} else {
					i++;
					st = AFTER;
				}
				continue;
			}
			if (c == 0) {
				snprintf(msg, sizeof(msg),
					 "E%ld:%ld unexpected NUL byte "
					 "(expected UTF-8 text)",
					 line, col);
				i++;
				sk = st == QUO ? S_QUOTED : S_FIELD;
				break;
			}
			if (c >= 0x80) {
				size_t k = seq_len(d + i, n - i);

				if (!k) {
					snprintf(msg, sizeof(msg),
						 "E%ld:%ld invalid UTF-8 byte "
						 "0x%02x (expected UTF-8 text)",
						 line, col, c);
					i++;
					sk = st == QUO ? S_QUOTED : S_FIELD;
					break;
				}
				CHECK(!ob_buf_add(&field, d + i, k));
				i += k;
				continue;
			}
			CHECK(!ob_buf_addch(&field, (int)c));
			if (c == '\n') {
				line++;
				ls = i + 1;
			}
			i++;
		}
		if (!msg[0]) {
			put(out, "\n");
			continue;
		}
		/* an error: replace the record's line, then resync */
		ob_buf_setlen(out, rec_start);
		put(out, "%s\n", msg);
		while (i < n) {
			unsigned c = d[i++];

			if (c == '\n') {
				line++;
				ls = i;
				if (sk != S_QUOTED)
					break;
				continue;
			}
			if (sk == S_QUOTED)
				sk = c == '"' ? S_QUOTE : S_QUOTED;
			else if ((sk == S_START || sk == S_QUOTE) && c == '"')
				sk = S_QUOTED;
			else
				sk = c == ',' ? S_START : S_FIELD;
		}
	}
	ob_buf_release(&field);
}

/* Write the record as CSV and check it reads back as the same fields. */
static void check_round_trip(const struct ob_csv_row *row)
{
	struct ob_buf csv = OB_BUF_INIT;
	struct ob_csv_reader *r;
	struct ob_csv_row back;

	for (size_t i = 0; i < row->nfields; i++) {
		if (i)
			CHECK(!ob_buf_addch(&csv, ','));
		CHECK(!ob_csv_add_field(&csv, row->fields[i].ptr,
					row->fields[i].len));
	}
	/* a lone empty field would be an empty line, which is skipped */
	if (csv.len == 0)
		CHECK(!ob_buf_addstr(&csv, "\"\""));
	CHECK(!ob_buf_addstr(&csv, "\r\n"));
	CHECK(!ob_csv_open_mem(&r, csv.data, csv.len, "round-trip", NULL));
	CHECK(!ob_csv_next(r, &back, NULL));
	CHECK(back.nfields == row->nfields);
	for (size_t i = 0; i < row->nfields; i++) {
		CHECK(back.fields[i].len == row->fields[i].len);
		CHECK(!memcmp(back.fields[i].ptr, row->fields[i].ptr,
			      row->fields[i].len));
	}
	CHECK(!ob_csv_next(r, &back, NULL));
	CHECK(back.eof);
	ob_csv_free(r);
	ob_buf_release(&csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ob_buf got = OB_BUF_INIT, want = OB_BUF_INIT;
	struct ob_csv_reader *r;
	struct ob_csv_row row;
	struct ob_error err;
	long last_line = 0;
	size_t offset = 0;

	CHECK(!ob_csv_open_mem(&r, (const char *)data, size, "fuzz.csv", &err));
	for (;;) {
		enum ob_status st;
		size_t now;

		memset(&err, 0, sizeof(err));
		st = ob_csv_next(r, &row, &err);
		now = ob_csv_offset(r);
		CHECK(now <= size);
		if (st == OB_OK && row.eof) {
			CHECK(row.nfields == 0);
			CHECK(now == size);
			break;
		}
		CHECK(now > offset);
		offset = now;
		if (st == OB_EPARSE) {
			CHECK(err.code == OB_EPARSE);
			CHECK(err.msg[0] != '\0');
			CHECK(!strcmp(err.file, "fuzz.csv"));
			CHECK(err.line >= last_line && err.column >= 1);
			put(&got, "E%ld:%ld %s\n", err.line, err.column,
			    err.msg);
			continue;
		}
		CHECK(st == OB_OK);
		CHECK(row.nfields > 0 && row.fields);
		CHECK(row.line >= last_line && row.line >= 1);
		last_line = row.line;
		put(&got, "L%ld ", row.line);
		for (size_t i = 0; i < row.nfields; i++) {
			const struct ob_csv_field *f = &row.fields[i];

			CHECK(f->ptr[f->len] == '\0');
			CHECK(!memchr(f->ptr, '\0', f->len));
			CHECK(
			    valid_utf8((const unsigned char *)f->ptr, f->len));
			put_field(&got, f->ptr, f->len);
		}
		put(&got, "\n");
		check_round_trip(&row);
	}
	ob_csv_free(r);

	oracle(data, size, &want);
	if (got.len != want.len || memcmp(got.data, want.data, got.len)) {
		fprintf(stderr, "reader:\n%s\noracle:\n%s\n", got.data,
			want.data);
		CHECK(!"reader and oracle disagree");
	}
	ob_buf_release(&got);
	ob_buf_release(&want);
	return 0;
}
