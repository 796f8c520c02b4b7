/*
 * csv.c - the streaming RFC 4180 reader and the field writer; see csv.h.
 *
 * The reader looks at a window of input [p, end): the whole input in memory
 * mode, or a 1 MiB chunk filled by read(2) in file mode.  Every field is
 * copied, unquoted, into one record buffer that is reused for every record,
 * so the window can be refilled at any point without invalidating anything,
 * and the fields handed out are NUL-terminated views into that buffer.
 *
 * The inner loop scans a run of ordinary bytes (and whole, valid multi-byte
 * UTF-8 sequences) with a class table and copies the run with one memcpy.
 * Separators, quotes, line ends, NUL and bytes that do not start a valid
 * sequence end the run and take the slower path.  A UTF-8 sequence needs
 * up to 4 bytes of look-ahead; file mode provides it by moving the unread
 * tail of the chunk to the front of the buffer before reading more.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "onebudget/csv.h"
#include "onebudget/banned.h"

#define CHUNK_SIZE	 ((size_t)1 << 20)
#define REC_MIN_ALLOC	 ((size_t)4096)
#define FIELDS_MIN_ALLOC ((size_t)32)

/*
 * Byte classes: CLS_U ends a run inside an unquoted field, CLS_Q ends a run
 * inside a quoted one.  Bytes >= 0x80 end both, but the scanner steps over
 * them when they begin a valid UTF-8 sequence.
 */
/* clang-format off */
#define CLS_U 1
#define CLS_Q 2
#define B3 (CLS_U | CLS_Q)
#define HI16 B3, B3, B3, B3, B3, B3, B3, B3, B3, B3, B3, B3, B3, B3, B3, B3

static const unsigned char byte_class[256] = {
	/* 0x00: NUL, LF and CR */
	B3, 0, 0, 0, 0, 0, 0, 0, 0, 0, B3, 0, 0, CLS_U, 0, 0,
	/* 0x10 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x20: '"' and ',' */
	0, 0, B3, 0, 0, 0, 0, 0, 0, 0, 0, 0, CLS_U, 0, 0, 0,
	/* 0x30 - 0x7f */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x80 - 0xff */
	HI16, HI16, HI16, HI16, HI16, HI16, HI16, HI16,
};
/* clang-format on */

/*
 * How to skip the rest of a malformed record before the next one is read.
 * The skipper follows a forgiving version of the grammar: a quote at the
 * start of a field opens a quoted section (so a line end inside it does not
 * end the record), any other quote is ordinary data.
 */
enum skip_state {
	SKIP_NONE = 0,
	SKIP_FIELD,  /* inside an unquoted field (or after junk) */
	SKIP_START,  /* at the start of a field */
	SKIP_QUOTED, /* inside a quoted field */
	SKIP_QUOTE,  /* just after a quote inside a quoted field */
	SKIP_ALL,    /* an unterminated quote: the rest of the input */
};

struct ob_csv_reader {
	const unsigned char *p;	  /* next unread byte */
	const unsigned char *end; /* end of the bytes available now */
	const unsigned char *win; /* start of the window, at offset `base` */
	size_t base;
	unsigned char *chunk;  /* file mode: the read buffer; else NULL */
	int fd;		       /* file mode: the open file; else -1 */
	int eof;	       /* nothing can be read beyond `end` */
	int started;	       /* byte-order mark handled */
	enum ob_status broken; /* OB_EIO or OB_ENOMEM once unusable */
	enum skip_state skip;  /* resynchronisation pending */

	long line;	   /* physical line of `p` */
	size_t line_start; /* offset of the first byte of that line */
	long row_line;	   /* line of the current record's first byte */

	/* The current record: fields separated by NULs in `rec`.  While a
	 * record is read, fields[i].len holds the offset of field i. */
	char *rec;
	size_t rec_len, rec_alloc;
	struct ob_csv_field *fields;
	size_t nfields, fields_alloc;

	char *name;
};

static size_t offset_of(const struct ob_csv_reader *r, const unsigned char *q)
{
	return r->base + (size_t)(q - r->win);
}

static long column_of(const struct ob_csv_reader *r, const unsigned char *q)
{
	return (long)(offset_of(r, q) - r->line_start) + 1;
}

/* Call after stepping over an LF: `r->p` is the start of a new line. */
static void new_line(struct ob_csv_reader *r)
{
	r->line++;
	r->line_start = offset_of(r, r->p);
}

static enum ob_status fail(struct ob_csv_reader *r, enum ob_status code,
			   struct ob_error *err, const char *what)
{
	r->broken = code;
	if (code == OB_ENOMEM)
		return ob_error_set(err, code, r->name, r->line, 0,
				    "out of memory reading a record");
	return ob_error_set(err, code, r->name, r->line, 0,
			    "cannot read '%s': %s", r->name, what);
}

/*
 * File mode: read until at least `want` (<= 4) bytes are available or the
 * file ends.  Bytes before `p` are never needed again, since everything
 * already parsed has been copied to the record buffer.
 */
static enum ob_status fill_slow(struct ob_csv_reader *r, size_t want,
				struct ob_error *err)
{
	while ((size_t)(r->end - r->p) < want && !r->eof) {
		size_t keep = (size_t)(r->end - r->p);
		ssize_t n;

		if (r->p != r->chunk) {
			memmove(r->chunk, r->p, keep);
			r->base = offset_of(r, r->p);
			r->win = r->chunk;
			r->p = r->chunk;
			r->end = r->chunk + keep;
		}
		n = read(r->fd, r->chunk + keep, CHUNK_SIZE - keep);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return fail(r, OB_EIO, err, strerror(errno));
		}
		if (n == 0)
			r->eof = 1;
		r->end += n;
	}
	return OB_OK;
}

static inline enum ob_status fill(struct ob_csv_reader *r, size_t want,
				  struct ob_error *err)
{
	if ((size_t)(r->end - r->p) >= want || r->eof)
		return OB_OK;
	return fill_slow(r, want, err);
}

/*
 * Length of the valid UTF-8 sequence at `s` (lead byte >= 0x80), or 0 when
 * it is invalid or cut short by `avail`.  Unicode 15, table 3-7: this
 * rejects overlong forms, surrogates and anything above U+10FFFF.
 */
static inline size_t utf8_len(const unsigned char *s, size_t avail)
{
	unsigned c = s[0], lo = 0x80, hi = 0xbf;
	size_t n;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (avail < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/*
 * The run of plain bytes at `p` for the given class mask: bytes not in the
 * class, and complete valid UTF-8 sequences.
 */
static inline __attribute__((always_inline)) const unsigned char *
scan_run(const unsigned char *p, const unsigned char *end, unsigned mask)
{
	for (;;) {
		while (end - p >= 4) {
			if (byte_class[p[0]] & mask)
				goto special;
			if (byte_class[p[1]] & mask) {
				p += 1;
				goto special;
			}
			if (byte_class[p[2]] & mask) {
				p += 2;
				goto special;
			}
			if (byte_class[p[3]] & mask) {
				p += 3;
				goto special;
			}
			p += 4;
		}
		while (p < end && !(byte_class[*p] & mask))
			p++;
		if (p == end)
			return p;
	special:
		if (*p >= 0x80) {
			size_t n = utf8_len(p, (size_t)(end - p));
			if (n) {
				p += n;
				continue;
			}
		}
		return p;
	}
}

/* Report a malformed record and arrange to skip the rest of it. */
static enum ob_status bad_record(struct ob_csv_reader *r, enum skip_state skip,
				 long line, long column, struct ob_error *err,
				 const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static enum ob_status bad_record(struct ob_csv_reader *r, enum skip_state skip,
				 long line, long column, struct ob_error *err,
				 const char *fmt, ...)
{
	char msg[OB_ERROR_MSG_MAX];
	va_list ap;

	r->skip = skip;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ob_error_set(err, OB_EPARSE, r->name, line, column, "%s", msg);
}

static enum ob_status too_long(struct ob_csv_reader *r, const unsigned char *at,
			       enum skip_state skip, struct ob_error *err)
{
	r->p = at;
	return bad_record(r, skip, r->line, column_of(r, at), err,
			  "record longer than %u bytes",
			  (unsigned)OB_CSV_RECORD_MAX);
}

/* Make room for `want` bytes in the record buffer (the slow path). */
static enum ob_status rec_grow(struct ob_csv_reader *r, size_t want,
			       struct ob_error *err)
{
	size_t alloc = r->rec_alloc ? r->rec_alloc : REC_MIN_ALLOC;
	char *p;

	while (alloc < want)
		alloc *= 2;
	/* The record limit bounds `want`: do not double far beyond it. */
	if (alloc > (size_t)OB_CSV_RECORD_MAX + 1 &&
	    want <= (size_t)OB_CSV_RECORD_MAX + 1)
		alloc = (size_t)OB_CSV_RECORD_MAX + 1;
	p = realloc(r->rec, alloc);
	if (!p)
		return fail(r, OB_ENOMEM, err, NULL);
	r->rec = p;
	r->rec_alloc = alloc;
	return OB_OK;
}

/* Make room for `n` more bytes in the record buffer. */
static inline enum ob_status rec_reserve(struct ob_csv_reader *r, size_t n,
					 struct ob_error *err)
{
	if (r->rec_len + n <= r->rec_alloc)
		return OB_OK;
	return rec_grow(r, r->rec_len + n, err);
}

/*
 * Append `n` input bytes starting at `r->p` to the current field and step
 * over them, or report the record as too long at the first byte past the
 * limit.  The record length counts field bytes and one byte per separator,
 * which is what rec_len holds.
 */
static inline enum ob_status rec_take(struct ob_csv_reader *r, size_t n,
				      enum skip_state skip,
				      struct ob_error *err)
{
	enum ob_status st;

	if (n > (size_t)OB_CSV_RECORD_MAX - r->rec_len)
		return too_long(r, r->p + (OB_CSV_RECORD_MAX - r->rec_len),
				skip, err);
	st = rec_reserve(r, n + 1, err);
	if (st)
		return st;
	memcpy(r->rec + r->rec_len, r->p, n);
	r->rec_len += n;
	r->p += n;
	return OB_OK;
}

static enum ob_status fields_grow(struct ob_csv_reader *r, struct ob_error *err)
{
	size_t alloc = r->fields_alloc ? r->fields_alloc * 2 : FIELDS_MIN_ALLOC;
	struct ob_csv_field *f;

	if (alloc > SIZE_MAX / sizeof(*f))
		return fail(r, OB_ENOMEM, err, NULL);
	f = realloc(r->fields, alloc * sizeof(*f));
	if (!f)
		return fail(r, OB_ENOMEM, err, NULL);
	r->fields = f;
	r->fields_alloc = alloc;
	return OB_OK;
}

/* Start a field at the current end of the record buffer. */
static inline enum ob_status field_begin(struct ob_csv_reader *r,
					 struct ob_error *err)
{
	if (r->nfields == r->fields_alloc) {
		enum ob_status st = fields_grow(r, err);
		if (st)
			return st;
	}
	r->fields[r->nfields].ptr = NULL;
	r->fields[r->nfields].len = r->rec_len;
	r->nfields++;
	return OB_OK;
}

/* End the current field at the separator `r->p` (which is consumed). */
static inline enum ob_status field_end_at_comma(struct ob_csv_reader *r,
						enum skip_state skip,
						struct ob_error *err)
{
	enum ob_status st;

	if (r->rec_len >= OB_CSV_RECORD_MAX)
		return too_long(r, r->p, skip, err);
	/* Bound the field array too: a long line of commas must not cost
	 * gigabytes of field descriptors. */
	if (r->nfields >= OB_CSV_FIELDS_MAX)
		return bad_record(r, skip, r->line, column_of(r, r->p), err,
				  "record has more than %u fields",
				  (unsigned)OB_CSV_FIELDS_MAX);
	st = rec_reserve(r, 2, err);
	if (st)
		return st;
	r->rec[r->rec_len++] = '\0';
	r->p++;
	return field_begin(r, err);
}

/* Turn the field offsets into views once the record is complete. */
static void record_finish(struct ob_csv_reader *r)
{
	size_t i;

	/* read_record, rec_take and field_end_at_comma leave room */
	r->rec[r->rec_len++] = '\0';
	for (i = 0; i < r->nfields; i++) {
		size_t start = r->fields[i].len;
		size_t stop =
		    i + 1 < r->nfields ? r->fields[i + 1].len : r->rec_len;

		r->fields[i].ptr = r->rec + start;
		r->fields[i].len = stop - 1 - start;
	}
}

/*
 * The slow path for a byte >= 0x80 or a NUL that ended a run: either a
 * UTF-8 sequence cut by the end of the window (read more and take it) or
 * invalid text.
 */
static enum ob_status take_special(struct ob_csv_reader *r,
				   enum skip_state skip, struct ob_error *err)
{
	enum ob_status st;
	unsigned c;
	size_t n;

	st = fill(r, 4, err);
	if (st)
		return st;
	c = r->p[0];
	if (c == 0) {
		const unsigned char *at = r->p++;
		return bad_record(r, skip, r->line, column_of(r, at), err,
				  "unexpected NUL byte (expected UTF-8 text)");
	}
	n = utf8_len(r->p, (size_t)(r->end - r->p));
	if (!n) {
		const unsigned char *at = r->p++;
		return bad_record(r, skip, r->line, column_of(r, at), err,
				  "invalid UTF-8 byte 0x%02x (expected UTF-8 "
				  "text)",
				  c);
	}
	return rec_take(r, n, skip, err);
}

/*
 * At a CR outside quotes: the end of the record when an LF follows, else
 * an error.  On success the line end has been consumed.
 */
static enum ob_status take_cr(struct ob_csv_reader *r, struct ob_error *err)
{
	const unsigned char *at;
	enum ob_status st;

	st = fill(r, 2, err);
	if (st)
		return st;
	if (r->end - r->p >= 2 && r->p[1] == '\n') {
		r->p += 2;
		new_line(r);
		return OB_OK;
	}
	at = r->p++;
	return bad_record(r, SKIP_FIELD, r->line, column_of(r, at), err,
			  "bare carriage return (expected CRLF or LF line "
			  "ends)");
}

/* Describe byte `c` for a message: 'x' when printable, else its value. */
static const char *byte_name(char *buf, size_t size, unsigned c)
{
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, size, "'%c'", (char)c);
	else
		snprintf(buf, size, "byte 0x%02x", c);
	return buf;
}

/*
 * Read one record into r->rec / r->fields.  Returns OB_OK with nfields 0
 * at end of input.
 */
static enum ob_status read_record(struct ob_csv_reader *r, struct ob_error *err)
{
	const unsigned char *q;
	enum ob_status st;
	long qline, qcol;
	char what[16];

	r->rec_len = 0;
	r->nfields = 0;
	r->row_line = r->line;

	/* Skip empty lines (LF or CRLF alone) and detect end of input. */
	for (;;) {
		st = fill(r, 2, err);
		if (st)
			return st;
		if (r->p == r->end)
			return OB_OK;
		if (r->p[0] == '\n') {
			r->p++;
			new_line(r);
		} else if (r->p[0] == '\r' && r->end - r->p >= 2 &&
			   r->p[1] == '\n') {
			r->p += 2;
			new_line(r);
		} else {
			break;
		}
	}
	r->row_line = r->line;
	st = rec_reserve(r, 1, err); /* room for the final NUL */
	if (!st)
		st = field_begin(r, err);
	if (st)
		return st;

next_field:
	st = fill(r, 1, err);
	if (st)
		return st;
	if (r->p < r->end && r->p[0] == '"') {
		qline = r->line;
		qcol = column_of(r, r->p);
		r->p++;
		goto quoted;
	}

	/* unquoted: */
	for (;;) {
		q = scan_run(r->p, r->end, CLS_U);
		if (q != r->p) {
			st = rec_take(r, (size_t)(q - r->p), SKIP_FIELD, err);
			if (st)
				return st;
		}
		if (r->p == r->end) {
			st = fill(r, 1, err);
			if (st)
				return st;
			if (r->p == r->end)
				goto done;
			continue;
		}
		switch (r->p[0]) {
		case ',':
			st = field_end_at_comma(r, SKIP_FIELD, err);
			if (st)
				return st;
			goto next_field;
		case '\n':
			r->p++;
			new_line(r);
			goto done;
		case '\r':
			st = take_cr(r, err);
			if (st)
				return st;
			goto done;
		case '"':
			q = r->p++;
			return bad_record(r, SKIP_FIELD, r->line,
					  column_of(r, q), err,
					  "unexpected '\"' inside an unquoted "
					  "field (quote the whole field and "
					  "double embedded quotes)");
		default:
			st = take_special(r, SKIP_FIELD, err);
			if (st)
				return st;
			break;
		}
	}

quoted:
	for (;;) {
		q = scan_run(r->p, r->end, CLS_Q);
		if (q != r->p) {
			st = rec_take(r, (size_t)(q - r->p), SKIP_QUOTED, err);
			if (st)
				return st;
		}
		if (r->p == r->end) {
			st = fill(r, 1, err);
			if (st)
				return st;
			if (r->p == r->end)
				return bad_record(r, SKIP_ALL, qline, qcol, err,
						  "quoted field opened here is "
						  "not closed before end of "
						  "file");
			continue;
		}
		switch (r->p[0]) {
		case '"':
			st = fill(r, 2, err);
			if (st)
				return st;
			if (r->end - r->p >= 2 && r->p[1] == '"') {
				/* keep one quote of the pair */
				st = rec_take(r, 1, SKIP_QUOTED, err);
				if (st)
					return st;
				r->p++;
				break;
			}
			r->p++;
			goto after_quote;
		case '\n':
			st = rec_take(r, 1, SKIP_QUOTED, err);
			if (st)
				return st;
			new_line(r);
			break;
		default:
			st = take_special(r, SKIP_QUOTED, err);
			if (st)
				return st;
			break;
		}
	}

after_quote:
	st = fill(r, 1, err);
	if (st)
		return st;
	if (r->p == r->end)
		goto done;
	switch (r->p[0]) {
	case ',':
		st = field_end_at_comma(r, SKIP_FIELD, err);
		if (st)
			return st;
		goto next_field;
	case '\n':
		r->p++;
		new_line(r);
		goto done;
	case '\r':
		st = take_cr(r, err);
		if (st)
			return st;
		goto done;
	default:
		q = r->p++;
		return bad_record(r, SKIP_FIELD, r->line, column_of(r, q), err,
				  "unexpected %s after closing quote (expected "
				  "',' or end of line)",
				  byte_name(what, sizeof(what), *q));
	}

done:
	record_finish(r);
	return OB_OK;
}

/*
 * Skip the rest of a malformed record, up to and including the next line
 * end outside quotes (see enum skip_state), counting lines on the way.
 */
static enum ob_status skip_rest(struct ob_csv_reader *r, struct ob_error *err)
{
	enum skip_state s = r->skip;
	enum ob_status st;

	if (s == SKIP_ALL) {
		/* an unterminated quote reached the end of the input */
		r->p = r->end;
		r->skip = SKIP_NONE;
		return OB_OK;
	}
	for (;;) {
		unsigned c;

		if (r->p == r->end) {
			st = fill(r, 1, err);
			if (st)
				return st;
			if (r->p == r->end)
				break;
		}
		c = *r->p++;
		if (c == '\n') {
			new_line(r);
			if (s != SKIP_QUOTED)
				break;
			continue;
		}
		switch (s) {
		case SKIP_QUOTED:
			if (c == '"')
				s = SKIP_QUOTE;
			break;
		case SKIP_START:
		case SKIP_QUOTE:
			if (c == '"') {
				s = SKIP_QUOTED;
				break;
			}
			/* fall through */
		default:
			s = c == ',' ? SKIP_START : SKIP_FIELD;
			break;
		}
	}
	r->skip = SKIP_NONE;
	return OB_OK;
}

enum ob_status ob_csv_next(struct ob_csv_reader *r, struct ob_csv_row *row,
			   struct ob_error *err)
{
	enum ob_status st;

	row->fields = NULL;
	row->nfields = 0;
	row->line = r->line;
	row->eof = 0;
	if (r->broken)
		return ob_error_set(err, r->broken, r->name, r->line, 0,
				    "cannot read '%s' after an earlier error",
				    r->name);
	if (!r->started) {
		st = fill(r, 3, err);
		if (st)
			return st;
		if (r->end - r->p >= 3 &&
		    memcmp(r->p, "\xef\xbb\xbf", 3) == 0) {
			/* columns count from after the mark */
			r->p += 3;
			r->line_start = 3;
		}
		r->started = 1;
	}
	if (r->skip) {
		st = skip_rest(r, err);
		if (st)
			return st;
	}
	st = read_record(r, err);
	if (st) {
		row->line = r->row_line;
		return st;
	}
	if (!r->nfields) {
		row->eof = 1;
		return OB_OK;
	}
	row->fields = r->fields;
	row->nfields = r->nfields;
	row->line = r->row_line;
	return OB_OK;
}

static enum ob_status reader_new(struct ob_csv_reader **out, const char *name,
				 struct ob_error *err)
{
	struct ob_csv_reader *r = calloc(1, sizeof(*r));

	if (r)
		r->name = strdup(name ? name : "");
	if (!r || !r->name) {
		free(r);
		return ob_error_set(err, OB_ENOMEM, name, 0, 0,
				    "out of memory opening '%s'", name);
	}
	r->fd = -1;
	r->line = 1;
	*out = r;
	return OB_OK;
}

enum ob_status ob_csv_open(struct ob_csv_reader **out, const char *path,
			   const char *display_name, struct ob_error *err)
{
	const char *name = display_name ? display_name : path;
	struct ob_csv_reader *r;
	enum ob_status st;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ob_error_set(err, OB_EIO, name, 0, 0,
				    "cannot open '%s': %s", path,
				    strerror(errno));
	st = reader_new(&r, name, err);
	if (st) {
		close(fd);
		return st;
	}
	r->chunk = malloc(CHUNK_SIZE);
	if (!r->chunk) {
		close(fd);
		ob_csv_free(r);
		return ob_error_set(err, OB_ENOMEM, name, 0, 0,
				    "out of memory opening '%s'", name);
	}
#ifdef POSIX_FADV_SEQUENTIAL
	/* only a hint: failure is harmless */
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	r->fd = fd;
	r->win = r->p = r->end = r->chunk;
	*out = r;
	return OB_OK;
}

enum ob_status ob_csv_open_mem(struct ob_csv_reader **out, const char *data,
			       size_t len, const char *display_name,
			       struct ob_error *err)
{
	struct ob_csv_reader *r;
	enum ob_status st;

	*out = NULL;
	st = reader_new(&r, display_name ? display_name : "(memory)", err);
	if (st)
		return st;
	r->win = r->p = (const unsigned char *)(len ? data : "");
	r->end = r->p + len;
	r->eof = 1;
	*out = r;
	return OB_OK;
}

size_t ob_csv_offset(const struct ob_csv_reader *r)
{
	return offset_of(r, r->p);
}

void ob_csv_free(struct ob_csv_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd); /* read-only: nothing can be lost */
	free(r->chunk);
	free(r->rec);
	free(r->fields);
	free(r->name);
	free(r);
}

enum ob_status ob_csv_add_field(struct ob_buf *out, const char *s, size_t len)
{
	size_t quotes = 0, i;
	int quote = len && (s[0] == ' ' || s[len - 1] == ' ');
	char *d;

	/* U+FEFF first would be taken for a byte-order mark at file start */
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		quote = 1;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '"':
			quotes++;
			/* fall through */
		case ',':
		case '\r':
		case '\n':
			quote = 1;
			break;
		}
	}
	if (!quote)
		return len ? ob_buf_add(out, s, len) : OB_OK;
	/* grow once, so a failure leaves `out` as it was */
	if (len > SIZE_MAX - 2 - quotes || ob_buf_grow(out, len + quotes + 2))
		return OB_ENOMEM;
	d = out->data + out->len;
	*d++ = '"';
	for (i = 0; i < len; i++) {
		*d++ = s[i];
		if (s[i] == '"')
			*d++ = '"';
	}
	*d++ = '"';
	*d = '\0';
	out->len = (size_t)(d - out->data);
	return OB_OK;
}
