/*
 * test-csv.c - the CSV reader and field writer (csv.h).
 *
 * Most tests parse a literal and compare a transcript of everything the
 * reader returned: one line per record, `LINE:[field|field|...]`, or per
 * malformed record `!LINE:COLUMN: message`, then `eof`.  Field bytes that
 * are not printable ASCII (and '|' and '\') are escaped, so CR and LF inside
 * fields are visible.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "onebudget/csv.h"
#include "onebudget/banned.h"
#include "test.h"

#define CHUNK ((size_t)1 << 20) /* the reader's read(2) size */

/* Reused transcript buffers (still reachable at exit: no leak reports). */
static struct ob_buf mem_transcript = OB_BUF_INIT;
static struct ob_buf file_transcript = OB_BUF_INIT;

static enum ob_status add_escaped(struct ob_buf *b, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t run = i;
		enum ob_status st;

		while (run < len && s[run] >= 0x20 && s[run] < 0x7f &&
		       s[run] != '|' && s[run] != '\\')
			run++;
		if (run > i) {
			st = ob_buf_add(b, s + i, run - i);
			i = run;
		} else if (c == '\n') {
			st = ob_buf_addstr(b, "\\n");
			i++;
		} else if (c == '\r') {
			st = ob_buf_addstr(b, "\\r");
			i++;
		} else if (c == '|' || c == '\\') {
			st = ob_buf_addf(b, "\\%c", c);
			i++;
		} else {
			st = ob_buf_addf(b, "\\x%02x", c);
			i++;
		}
		if (st)
			return st;
	}
	return OB_OK;
}

/*
 * Append the transcript of everything `r` returns to `out`, checking the
 * invariants every row must keep on the way.
 */
static enum ob_status transcribe(struct ob_csv_reader *r, size_t input_len,
				 struct ob_buf *out)
{
	struct ob_csv_row row;
	struct ob_error err;
	long last_line = 0;
	enum ob_status st;

	for (long n = 0; n < 10000000; n++) {
		memset(&err, 0, sizeof(err));
		st = ob_csv_next(r, &row, &err);
		if (st == OB_EPARSE) {
			if (ob_buf_addf(out, "!%ld:%ld: %s\n", err.line,
					err.column, err.msg))
				return OB_ENOMEM;
			continue;
		}
		if (st)
			return ob_buf_addf(out, "fatal %d: %s\n", (int)st,
					   err.msg)
				   ? OB_ENOMEM
				   : st;
		if (row.eof) {
			if (row.nfields || ob_csv_offset(r) != input_len)
				return ob_buf_addstr(out, "bad eof");
			return ob_buf_addstr(out, "eof");
		}
		if (!row.nfields || row.line < last_line)
			return ob_buf_addstr(out, "bad row");
		last_line = row.line;
		if (ob_buf_addf(out, "%ld:[", row.line))
			return OB_ENOMEM;
		for (size_t i = 0; i < row.nfields; i++) {
			const struct ob_csv_field *f = &row.fields[i];

			if (f->ptr[f->len] != '\0' ||
			    memchr(f->ptr, '\0', f->len))
				return ob_buf_addstr(out, "bad field");
			if ((i && ob_buf_addch(out, '|')) ||
			    add_escaped(out, f->ptr, f->len))
				return OB_ENOMEM;
		}
		if (ob_buf_addstr(out, "]\n"))
			return OB_ENOMEM;
	}
	return ob_buf_addstr(out, "too many records");
}

/* Transcript of `data` read from memory (valid until the next call). */
static const char *parse_mem(const char *data, size_t len)
{
	struct ob_csv_reader *r;

	ob_buf_reset(&mem_transcript);
	if (ob_csv_open_mem(&r, data, len, "mem.csv", NULL))
		return "open failed";
	transcribe(r, len, &mem_transcript);
	ob_csv_free(r);
	return mem_transcript.data;
}

#define CHECK_CSV(input, expected)                                             \
	ASSERT_STR_EQ(parse_mem(input, sizeof(input) - 1), expected)

/* Write `len` bytes to a new file under /tmp; its name goes in `path`. */
static int write_temp(char *path, size_t size, const char *data, size_t len)
{
	int fd;

	snprintf(path, size, "/tmp/ob-test-csv-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n <= 0) {
			close(fd);
			unlink(path);
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	if (close(fd)) {
		unlink(path);
		return -1;
	}
	return 0;
}

/* Transcript of `data` written to a temporary file and read back. */
static const char *parse_file(const char *data, size_t len)
{
	struct ob_csv_reader *r;
	char path[64];

	ob_buf_reset(&file_transcript);
	if (write_temp(path, sizeof(path), data, len))
		return "cannot write temporary file";
	if (ob_csv_open(&r, path, "mem.csv", NULL)) {
		unlink(path);
		return "open failed";
	}
	transcribe(r, len, &file_transcript);
	ob_csv_free(r);
	unlink(path);
	return file_transcript.data;
}

#define STRAY_QUOTE                                                            \
	"unexpected '\"' inside an unquoted field (quote the whole field and " \
	"double embedded quotes)"
#define AFTER_QUOTE(c)                                                         \
	"unexpected " c " after closing quote (expected ',' or end of line)"
#define BARE_CR	      "bare carriage return (expected CRLF or LF line ends)"
#define UNCLOSED      "quoted field opened here is not closed before end of file"
#define BAD_UTF8(hex) "invalid UTF-8 byte " hex " (expected UTF-8 text)"

TEST(csv_simple_records)
{
	CHECK_CSV("id,name,age\n1,ann,34\n2,bob,\n",
		  "1:[id|name|age]\n2:[1|ann|34]\n3:[2|bob|]\neof");
	CHECK_CSV("", "eof");
	CHECK_CSV("x", "1:[x]\neof");
}

TEST(csv_quoted_commas_and_doubled_quotes)
{
	CHECK_CSV("\"a,b\",\"say \"\"hi\"\"\",\"\",\"\"\"\"\n",
		  "1:[a,b|say \"hi\"||\"]\neof");
	CHECK_CSV("\"\"\"\",\",\",\",,\"\n", "1:[\"|,|,,]\neof");
	/* a quoted field may contain CR alone: it is data */
	CHECK_CSV("\"a\rb\",c\n", "1:[a\\rb|c]\neof");
}

TEST(csv_embedded_newlines_count_lines)
{
	CHECK_CSV("\"x\ny\",1\n\"p\r\nq\",2\nlast,3\n",
		  "1:[x\\ny|1]\n3:[p\\r\\nq|2]\n5:[last|3]\neof");
	CHECK_CSV("a,\"\n\n\n\"\nb\n", "1:[a|\\n\\n\\n]\n5:[b]\neof");
}

TEST(csv_crlf_record_ends)
{
	CHECK_CSV("a,b\r\nc,d\r\n", "1:[a|b]\n2:[c|d]\neof");
	CHECK_CSV("\"a\"\r\n\"b\",\r\nc", "1:[a]\n2:[b|]\n3:[c]\neof");
	/* mixed line ends */
	CHECK_CSV("a\nb\r\nc\n", "1:[a]\n2:[b]\n3:[c]\neof");
}

TEST(csv_bom_skipped)
{
	CHECK_CSV("\xef\xbb\xbfid,name\n1,x\n", "1:[id|name]\n2:[1|x]\neof");
	CHECK_CSV("\xef\xbb\xbf", "eof");
	CHECK_CSV("\xef\xbb\xbf\n\nx\n", "3:[x]\neof");
	/* columns count from after the mark */
	CHECK_CSV("\xef\xbb\xbf"
		  "ab\"c\nnext\n",
		  "!1:3: " STRAY_QUOTE "\n2:[next]\neof");
	/* a mark anywhere else is text (U+FEFF) */
	CHECK_CSV("a,\xef\xbb\xbf\n", "1:[a|\\xef\\xbb\\xbf]\neof");
	CHECK_CSV("\n\xef\xbb\xbf\n", "2:[\\xef\\xbb\\xbf]\neof");
}

TEST(csv_missing_final_newline)
{
	CHECK_CSV("a,b\nc,d", "1:[a|b]\n2:[c|d]\neof");
	CHECK_CSV("a,", "1:[a|]\neof");
	CHECK_CSV("\"q\"", "1:[q]\neof");
	CHECK_CSV("\"\"", "1:[]\neof");
}

TEST(csv_empty_fields)
{
	CHECK_CSV(",,\n,\n", "1:[||]\n2:[|]\neof");
	CHECK_CSV("\"\"\n", "1:[]\neof");
	CHECK_CSV("\"\",\"\"\n", "1:[|]\neof");
	CHECK_CSV(" \n", "1:[ ]\neof");
	CHECK_CSV("a,,\"\",b\n", "1:[a|||b]\neof");
}

TEST(csv_empty_lines_skipped)
{
	CHECK_CSV("\n\na\n\r\n\nb\n\n", "3:[a]\n6:[b]\neof");
	CHECK_CSV("\n", "eof");
	CHECK_CSV("\r\n\r\n", "eof");
	/* a line of spaces or a lone comma is a record, not empty */
	CHECK_CSV("\n \n,\n", "2:[ ]\n3:[|]\neof");
}

TEST(csv_stray_quote_in_unquoted_field)
{
	CHECK_CSV("a,b\"c,d\nnext\n", "!1:4: " STRAY_QUOTE "\n2:[next]\neof");
	CHECK_CSV("ok\nab\"\nnext",
		  "1:[ok]\n!2:3: " STRAY_QUOTE "\n3:[next]\neof");
	/* spaces before a quote make it a stray quote */
	CHECK_CSV("a, \"b\"\nnext\n", "!1:4: " STRAY_QUOTE "\n2:[next]\neof");
	/* a stray quote does not open a quoted section when resyncing */
	CHECK_CSV("a\"b\nc\"\nnext\n",
		  "!1:2: " STRAY_QUOTE "\n!2:2: " STRAY_QUOTE
		  "\n3:[next]\neof");
}

TEST(csv_junk_after_closing_quote)
{
	CHECK_CSV("\"a\"x,b\nnext\n",
		  "!1:4: " AFTER_QUOTE("'x'") "\n2:[next]\neof");
	CHECK_CSV("1,\"a\" ,b\nnext\n",
		  "!1:6: " AFTER_QUOTE("' '") "\n2:[next]\neof");
	CHECK_CSV("\"a\"\t\nnext\n",
		  "!1:4: " AFTER_QUOTE("byte 0x09") "\n2:[next]\neof");
	CHECK_CSV("\"a\"\xc3\xa9\nnext\n",
		  "!1:4: " AFTER_QUOTE("byte 0xc3") "\n2:[next]\neof");
	/* after an embedded newline the column is within the second line */
	CHECK_CSV("\"x\ny\"z\nn\n", "!2:3: " AFTER_QUOTE("'z'") "\n3:[n]\neof");
	/* resync honours a later quoted field with a newline inside */
	CHECK_CSV("\"a\"x,\"m\nn\"\nnext\n",
		  "!1:4: " AFTER_QUOTE("'x'") "\n3:[next]\neof");
}

TEST(csv_bare_carriage_return)
{
	CHECK_CSV("a\rb,c\nnext\n", "!1:2: " BARE_CR "\n2:[next]\neof");
	CHECK_CSV("a,b\r", "!1:4: " BARE_CR "\neof");
	CHECK_CSV("\"a\"\rb\nn\n", "!1:4: " BARE_CR "\n2:[n]\neof");
	CHECK_CSV("\rx\nn\n", "!1:1: " BARE_CR "\n2:[n]\neof");
	CHECK_CSV("\r\r\nn\n", "!1:1: " BARE_CR "\n2:[n]\neof");
	CHECK_CSV("x\n\r", "1:[x]\n!2:1: " BARE_CR "\neof");
}

TEST(csv_unterminated_quote)
{
	CHECK_CSV("a,b\nc,\"open\nmore\n", "1:[a|b]\n!2:3: " UNCLOSED "\neof");
	CHECK_CSV("\"", "!1:1: " UNCLOSED "\neof");
	CHECK_CSV("\"a\"\"\n", "!1:1: " UNCLOSED "\neof");
	CHECK_CSV("x\n\"\"\"", "1:[x]\n!2:1: " UNCLOSED "\neof");
}

TEST(csv_error_reports_file_and_position)
{
	static const char data[] = "a,b\n\"c\nd\",\"e\"f\ng\n";
	struct ob_csv_reader *r;
	struct ob_csv_row row;
	struct ob_error err;

	ASSERT_OK(
	    ob_csv_open_mem(&r, data, sizeof(data) - 1, "persons.csv", &err));
	ASSERT_OK(ob_csv_next(r, &row, &err));
	ASSERT_INT_EQ(row.nfields, 2);
	memset(&err, 0, sizeof(err));
	ASSERT_INT_EQ(ob_csv_next(r, &row, &err), OB_EPARSE);
	ASSERT_INT_EQ(err.code, OB_EPARSE);
	ASSERT_STR_EQ(err.file, "persons.csv");
	ASSERT_INT_EQ(err.line, 3);
	ASSERT_INT_EQ(err.column, 7);
	ASSERT_STR_EQ(err.msg, AFTER_QUOTE("'f'"));
	ASSERT_OK(ob_csv_next(r, &row, &err));
	ASSERT_INT_EQ(row.line, 4);
	ASSERT_INT_EQ(row.nfields, 1);
	ASSERT_STR_EQ(row.fields[0].ptr, "g");
	ASSERT_OK(ob_csv_next(r, &row, &err));
	ASSERT(row.eof);
	ASSERT_INT_EQ(row.nfields, 0);
	/* end of input is sticky */
	ASSERT_OK(ob_csv_next(r, &row, &err));
	ASSERT(row.eof);
	ob_csv_free(r);

	/* an error with a NULL error pointer still resyncs */
	ASSERT_OK(ob_csv_open_mem(&r, data, sizeof(data) - 1, NULL, NULL));
	ASSERT_OK(ob_csv_next(r, &row, NULL));
	ASSERT_INT_EQ(ob_csv_next(r, &row, NULL), OB_EPARSE);
	ASSERT_OK(ob_csv_next(r, &row, NULL));
	ASSERT_STR_EQ(row.fields[0].ptr, "g");
	ob_csv_free(r);
}

TEST(csv_invalid_utf8)
{
	/* Latin-1 text */
	CHECK_CSV("caf\xe9,x\nnext\n",
		  "!1:4: " BAD_UTF8("0xe9") "\n2:[next]\neof");
	/* overlong forms */
	CHECK_CSV("\xc0\x80\nn\n", "!1:1: " BAD_UTF8("0xc0") "\n2:[n]\neof");
	CHECK_CSV("a\xc1\xbf\nn\n", "!1:2: " BAD_UTF8("0xc1") "\n2:[n]\neof");
	CHECK_CSV("\xe0\x80\xaf\nn\n",
		  "!1:1: " BAD_UTF8("0xe0") "\n2:[n]\neof");
	CHECK_CSV("\xe0\x9f\xbf\nn\n",
		  "!1:1: " BAD_UTF8("0xe0") "\n2:[n]\neof");
	CHECK_CSV("\xf0\x8f\xbf\xbf\nn\n",
		  "!1:1: " BAD_UTF8("0xf0") "\n2:[n]\neof");
	/* UTF-16 surrogates */
	CHECK_CSV("x,\xed\xa0\x80\nn\n",
		  "!1:3: " BAD_UTF8("0xed") "\n2:[n]\neof");
	CHECK_CSV("\xed\xbf\xbf\nn\n",
		  "!1:1: " BAD_UTF8("0xed") "\n2:[n]\neof");
	/* above U+10FFFF */
	CHECK_CSV("\xf4\x90\x80\x80\nn\n",
		  "!1:1: " BAD_UTF8("0xf4") "\n2:[n]\neof");
	CHECK_CSV("\xf5\x80\x80\x80\nn\n",
		  "!1:1: " BAD_UTF8("0xf5") "\n2:[n]\neof");
	CHECK_CSV("\xff\nn\n", "!1:1: " BAD_UTF8("0xff") "\n2:[n]\neof");
	/* stray continuation bytes */
	CHECK_CSV("\x80\nn\n", "!1:1: " BAD_UTF8("0x80") "\n2:[n]\neof");
	CHECK_CSV("ab\xbf\nn\n", "!1:3: " BAD_UTF8("0xbf") "\n2:[n]\neof");
	CHECK_CSV("\xc3\xa9\xa9\nn\n",
		  "!1:3: " BAD_UTF8("0xa9") "\n2:[n]\neof");
	/* sequences cut short by a separator, a line end or end of input */
	CHECK_CSV("\xe2\x82,x\nn\n", "!1:1: " BAD_UTF8("0xe2") "\n2:[n]\neof");
	CHECK_CSV("\xc3\nn\n", "!1:1: " BAD_UTF8("0xc3") "\n2:[n]\neof");
	CHECK_CSV("ok,\xf0\x9d\x84", "!1:4: " BAD_UTF8("0xf0") "\neof");
	/* inside quotes, the rest of the quoted field is skipped too */
	CHECK_CSV("\"a\xff\nb,\"\"c\",d\nnext\n",
		  "!1:3: " BAD_UTF8("0xff") "\n3:[next]\neof");
	/* NUL bytes, quoted or not */
	CHECK_CSV(
	    "a\0b\nn\n",
	    "!1:2: unexpected NUL byte (expected UTF-8 text)\n2:[n]\neof");
	CHECK_CSV(
	    "\"\0\"\nn\n",
	    "!1:2: unexpected NUL byte (expected UTF-8 text)\n2:[n]\neof");
}

TEST(csv_valid_utf8_kept)
{
	/* é, €, U+1D11E, the last code points before and after the
	 * surrogates, U+0080 and U+10FFFF */
	CHECK_CSV("\xc3\xa9,\xe2\x82\xac,\xf0\x9d\x84\x9e\n"
		  "\xed\x9f\xbf,\xee\x80\x80,\xc2\x80,\xf4\x8f\xbf\xbf\n"
		  "\"\xc3\xa9\"\"\xe2\x82\xac\n\"\n",
		  "1:[\\xc3\\xa9|\\xe2\\x82\\xac|\\xf0\\x9d\\x84\\x9e]\n"
		  "2:[\\xed\\x9f\\xbf|\\xee\\x80\\x80|\\xc2\\x80|"
		  "\\xf4\\x8f\\xbf\\xbf]\n"
		  "3:[\\xc3\\xa9\"\\xe2\\x82\\xac\\n]\neof");
	/* control characters other than NUL, CR and LF are data */
	CHECK_CSV("\t\x01\x7f\n", "1:[\\x09\\x01\\x7f]\neof");
}

TEST(csv_offset_counts_bytes)
{
	static const char data[] = "\xef\xbb\xbf"
				   "a,b\n\n\"c\nd\"\r\nx\"y\nz";
	struct ob_csv_reader *r;
	struct ob_csv_row row;

	ASSERT_OK(ob_csv_open_mem(&r, data, sizeof(data) - 1, NULL, NULL));
	ASSERT_INT_EQ(ob_csv_offset(r), 0);
	ASSERT_OK(ob_csv_next(r, &row, NULL));
	ASSERT_INT_EQ(ob_csv_offset(r), 7);
	ASSERT_OK(ob_csv_next(r, &row, NULL));
	ASSERT_INT_EQ(row.line, 3);
	ASSERT_INT_EQ(ob_csv_offset(r), 15);
	ASSERT_INT_EQ(ob_csv_next(r, &row, NULL), OB_EPARSE);
	ASSERT(ob_csv_offset(r) > 15 && ob_csv_offset(r) <= 19);
	ASSERT_OK(ob_csv_next(r, &row, NULL));
	ASSERT_INT_EQ(row.line, 6);
	ASSERT_STR_EQ(row.fields[0].ptr, "z");
	ASSERT_INT_EQ(ob_csv_offset(r), sizeof(data) - 1);
	ob_csv_free(r);
}

/* A 5 MB quoted field with doubled quotes and newlines, then a record. */
TEST(csv_five_megabyte_field)
{
	size_t n = 5u * 1000 * 1000, len = 0, flen = 0;
	char *in = malloc(2 * n + 64), *want = malloc(n);
	struct ob_csv_reader *r = NULL;
	struct ob_csv_row row;

	ASSERT(in && want);
	in[len++] = '"';
	for (size_t i = 0; i < n; i++) {
		char c = i % 1000 == 999 ? '\n' : i % 97 == 5 ? '"' : 'a';

		c = i % 26 == 3 && c == 'a' ? (char)('a' + i % 23) : c;
		want[flen++] = c;
		in[len++] = c;
		if (c == '"')
			in[len++] = '"';
	}
	memcpy(in + len, "\",2\nnext,3\n", 11);
	len += 11;
	ASSERT_OK(ob_csv_open_mem(&r, in, len, NULL, NULL));
	ASSERT_OK(ob_csv_next(r, &row, NULL));
	ASSERT_INT_EQ(row.nfields, 2);
	ASSERT_INT_EQ(row.fields[0].len, n);
	ASSERT_MEM_EQ(row.fields[0].ptr, want, n);
	ASSERT_STR_EQ(row.fields[1].ptr, "2");
	ASSERT_OK(ob_csv_next(r, &row, NULL));
	ASSERT_INT_EQ(row.line, 1 + n / 1000 + 1);
	ASSERT_STR_EQ(row.fields[0].ptr, "next");
	ob_csv_free(r);

	/* the same as one unquoted field read from a file */
	for (size_t i = 0; i < n; i++)
		in[i] = want[i] == '"' || want[i] == '\n' ? 'q' : want[i];
	in[n] = '\n';
	ASSERT(strstr(parse_file(in, n + 1), "1:[aaad") ==
	       file_transcript.data);
	ASSERT_INT_EQ(file_transcript.len, n + 8);
	free(in);
	free(want);
}

/* Write `count` copies of byte `c` to `fd`; 0 on success. */
static int write_repeated(int fd, int c, size_t count)
{
	static char block[65536];

	memset(block, c, sizeof(block));
	while (count) {
		size_t k = count < sizeof(block) ? count : sizeof(block);
		ssize_t n = write(fd, block, k);

		if (n <= 0)
			return -1;
		count -= (size_t)n;
	}
	return 0;
}

static int write_str(int fd, const char *s)
{
	size_t len = strlen(s);

	return write(fd, s, len) == (ssize_t)len ? 0 : -1;
}

/*
 * A quoted record of exactly OB_CSV_RECORD_MAX bytes after unquoting (its
 * raw form is longer) is accepted; an unquoted one a byte longer is not,
 * and the record after it is read.  Read from a file to keep memory down.
 */
TEST(csv_record_limit)
{
	const size_t max = OB_CSV_RECORD_MAX;
	char path[64], msg[64];
	struct ob_csv_reader *r;
	struct ob_csv_row row;
	struct ob_error err;
	int fd, bad;

	snprintf(path, sizeof(path), "/tmp/ob-test-csv-XXXXXX");
	fd = mkstemp(path);
	ASSERT(fd >= 0);
	bad = write_str(fd, "x,\"") || write_repeated(fd, 'b', max - 3) ||
	      write_str(fd, "\"\"\"\r\ny,") ||
	      write_repeated(fd, 'c', max - 1) || write_str(fd, "\nnext\n");
	bad |= close(fd);
	ASSERT(!bad);

	ASSERT_OK(ob_csv_open(&r, path, NULL, &err));
	unlink(path);
	ASSERT_OK(ob_csv_next(r, &row, &err));
	ASSERT_INT_EQ(row.nfields, 2);
	ASSERT_INT_EQ(row.fields[1].len, max - 2);
	ASSERT_INT_EQ(row.fields[1].ptr[max - 3], '"');
	ASSERT_INT_EQ(row.fields[1].ptr[max - 4], 'b');
	ASSERT_INT_EQ(ob_csv_next(r, &row, &err), OB_EPARSE);
	snprintf(msg, sizeof(msg), "record longer than %zu bytes", max);
	ASSERT_STR_EQ(err.msg, msg);
	ASSERT_STR_EQ(err.file, path);
	ASSERT_INT_EQ(err.line, 2);
	ASSERT_INT_EQ(err.column, max + 1);
	ASSERT_OK(ob_csv_next(r, &row, &err));
	ASSERT_INT_EQ(row.line, 3);
	ASSERT_STR_EQ(row.fields[0].ptr, "next");
	ASSERT_OK(ob_csv_next(r, &row, &err));
	ASSERT(row.eof);
	ob_csv_free(r);
}

TEST(csv_open_file)
{
	static const char data[] = "\xef\xbb\xbfh1,h2\r\n\"a\nb\",c\r\nd,e";
	struct ob_csv_reader *r;
	struct ob_error err;

	ASSERT_STR_EQ(parse_file(data, sizeof(data) - 1),
		      "1:[h1|h2]\n2:[a\\nb|c]\n4:[d|e]\neof");
	ASSERT_STR_EQ(parse_file("", 0), "eof");

	ASSERT_INT_EQ(ob_csv_open(&r, "/nonexistent/x.csv", "x.csv", &err),
		      OB_EIO);
	ASSERT(r == NULL);
	ASSERT_STR_EQ(err.file, "x.csv");
	ASSERT(strstr(err.msg, "cannot open '/nonexistent/x.csv'") == err.msg);

	/* a directory opens but cannot be read: OB_EIO, then still OB_EIO */
	ASSERT_OK(ob_csv_open(&r, "/tmp", NULL, &err));
	{
		struct ob_csv_row row;

		ASSERT_INT_EQ(ob_csv_next(r, &row, &err), OB_EIO);
		ASSERT_INT_EQ(ob_csv_next(r, &row, &err), OB_EIO);
	}
	ob_csv_free(r);
}

/*
 * Records that straddle the 1 MiB read boundary at every byte: the file
 * reader must return exactly what the memory reader does, and that must be
 * the expected records and errors.
 */
TEST(csv_file_chunk_boundaries)
{
	static const char tail[] =
	    "\"q\"\"r\",\xe2\x82\xac\xf0\x9d\x84\x9e,\"x\r\ny\"\r\n"
	    "bad\"q,z\n\r\n\"e\xc3\xa9\"\"\",\"\"\n\"a\"!\nafter\r\n";
	static const char want[] =
	    "2:[q\"r|\\xe2\\x82\\xac\\xf0\\x9d\\x84\\x9e|x\\r\\ny]\n"
	    "!4:4: " STRAY_QUOTE "\n"
	    "6:[e\\xc3\\xa9\"|]\n"
	    "!7:4: " AFTER_QUOTE("'!'") "\n"
					"8:[after]\neof";
	size_t tlen = sizeof(tail) - 1, len;
	char *buf = malloc(CHUNK + 64);

	ASSERT(buf);
	/* the boundary falls from 8 bytes before the tail to its end */
	for (size_t shift = 0; shift <= tlen + 10; shift++) {
		/* line 1: one field of 'p' ending in 5 euro signs */
		size_t head = CHUNK + 8 - shift - 1;

		memset(buf, 'p', head - 15);
		for (size_t i = head - 15; i < head; i += 3)
			memcpy(buf + i, "\xe2\x82\xac", 3);
		buf[head] = '\n';
		memcpy(buf + head + 1, tail, tlen);
		len = head + 1 + tlen;

		ASSERT_STR_EQ(parse_file(buf, len), parse_mem(buf, len));
		/* the first record is long: compare the rest */
		ASSERT(strstr(mem_transcript.data, "]\n2:[q\""));
		ASSERT_STR_EQ(strstr(mem_transcript.data, "]\n2:[q\"") + 2,
			      want);
	}
	free(buf);
}

/* A deterministic pseudo-random generator for test data (LCG, Knuth). */
static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

/*
 * Several megabytes of mixed records - quoting, CRLF, UTF-8, empty lines
 * and a few malformed records - read from a file and from memory agree.
 */
TEST(csv_file_matches_memory)
{
	static const char *const pieces[] = {
	    "abc",
	    "\"q,q\"",
	    "\"d\"\"q\"",
	    "\"l\nf\"",
	    "\"c\r\nr\"",
	    "\xc3\xa9t\xc3\xa9",
	    "\xe2\x82\xac",
	    "\xf0\x9f\x98\x80",
	    "",
	    "\"\"",
	    "12345",
	    "x\"y",
	    "\"z\"w",
	    "\xe9",
	    "\r\r",
	};
	size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	size_t cap = 3 * CHUNK + 4096, len = 0;
	char *buf = malloc(cap);
	uint64_t seed = 42;

	ASSERT(buf);
	while (len < 3 * CHUNK) {
		unsigned nf = 1 + (unsigned)(lcg(&seed) % 6);

		for (unsigned f = 0; f < nf; f++) {
			uint64_t k = lcg(&seed) % 100;
			/* mostly good pieces; the last four are malformed */
			const char *p = pieces[k < 96 ? k % (npieces - 4)
						      : npieces - 1 - k % 4];
			size_t n = strlen(p);

			if (f)
				buf[len++] = ',';
			memcpy(buf + len, p, n);
			len += n;
		}
		switch (lcg(&seed) % 4) {
		case 0:
			buf[len++] = '\r';
			/* fall through */
		default:
			buf[len++] = '\n';
			break;
		case 1:
			memcpy(buf + len, "\n\n", 2);
			len += 2;
			break;
		}
	}
	ASSERT_STR_EQ(parse_file(buf, len), parse_mem(buf, len));
	ASSERT(strstr(mem_transcript.data, "!"));
	ASSERT(strstr(mem_transcript.data, "l\\nf"));
	free(buf);
}

TEST(csv_add_field_quotes_when_needed)
{
	struct ob_buf b = OB_BUF_INIT;

	ASSERT_OK(ob_csv_add_field(&b, "plain", 5));
	ASSERT_OK(ob_buf_addch(&b, ','));
	ASSERT_OK(ob_csv_add_field(&b, "", 0));
	ASSERT_OK(ob_buf_addch(&b, ','));
	ASSERT_OK(ob_csv_add_field(&b, "a,b", 3));
	ASSERT_OK(ob_buf_addch(&b, ','));
	ASSERT_OK(ob_csv_add_field(&b, "say \"hi\"", 8));
	ASSERT_OK(ob_buf_addch(&b, ','));
	ASSERT_OK(ob_csv_add_field(&b, " x", 2));
	ASSERT_OK(ob_buf_addch(&b, ','));
	ASSERT_OK(ob_csv_add_field(&b, "x ", 2));
	ASSERT_OK(ob_buf_addch(&b, ','));
	ASSERT_OK(ob_csv_add_field(&b, "a\r\nb", 4));
	ASSERT_OK(ob_buf_addch(&b, ','));
	ASSERT_OK(ob_csv_add_field(&b, "x y\t\xc3\xa9", 6));
	ASSERT_STR_EQ(b.data, "plain,,\"a,b\",\"say \"\"hi\"\"\",\" x\","
			      "\"x \",\"a\r\nb\",x y\t\xc3\xa9");
	ASSERT_INT_EQ(b.len, strlen(b.data));

	/* U+FEFF first is quoted: at file start it would be a mark */
	ob_buf_reset(&b);
	ASSERT_OK(ob_csv_add_field(&b, "\xef\xbb\xbfx", 4));
	ASSERT_OK(ob_buf_addch(&b, '\n'));
	ASSERT_STR_EQ(b.data, "\"\xef\xbb\xbfx\"\n");
	ASSERT_STR_EQ(parse_mem(b.data, b.len), "1:[\\xef\\xbb\\xbfx]\neof");
	ob_buf_release(&b);
}

/* Fields written by ob_csv_add_field read back as the same bytes. */
TEST(csv_add_field_round_trip)
{
	static const char *const samples[] = {
	    "",	      " ",
	    "\"",     "\"\"",
	    ",",      "\r\n",
	    "\n",     "\r",
	    "a b",    " lead",
	    "trail ", "mid\"dle",
	    "x,y\nz", "\xc3\xa9\xe2\x82\xac",
	    "\t",
	};
	size_t nsamples = sizeof(samples) / sizeof(samples[0]);
	struct ob_buf out = OB_BUF_INIT, want = OB_BUF_INIT;
	struct ob_csv_reader *r;
	struct ob_csv_row row;
	uint64_t seed = 7;
	size_t nrec = 2000;

	/* records of random samples joined into longer fields; every record
	 * starts with a non-empty field so no line is empty */
	for (size_t i = 0; i < nrec; i++) {
		size_t nf = 1 + lcg(&seed) % 5;

		for (size_t f = 0; f < nf; f++) {
			struct ob_buf field = OB_BUF_INIT;
			size_t parts =
			    f == 0 ? 1 + lcg(&seed) % 3 : lcg(&seed) % 4;

			if (f == 0)
				ASSERT_OK(ob_buf_addch(&field, 'k'));
			for (size_t p = 0; p < parts; p++)
				ASSERT_OK(ob_buf_addstr(
				    &field, samples[lcg(&seed) % nsamples]));
			if (f)
				ASSERT_OK(ob_buf_addch(&out, ','));
			ASSERT_OK(
			    ob_csv_add_field(&out, field.data, field.len));
			/* the expected record: fields separated by NUL */
			ASSERT_OK(ob_buf_add(&want, field.data, field.len + 1));
			ob_buf_release(&field);
		}
		ASSERT_OK(ob_buf_addstr(&out, i % 2 ? "\r\n" : "\n"));
		ASSERT_OK(ob_buf_addch(&want, '\n'));
	}

	ASSERT_OK(ob_csv_open_mem(&r, out.data, out.len, NULL, NULL));
	{
		const char *w = want.data;

		for (size_t i = 0; i < nrec; i++) {
			ASSERT_OK(ob_csv_next(r, &row, NULL));
			ASSERT(!row.eof);
			for (size_t f = 0; f < row.nfields; f++) {
				size_t n = strlen(w);

				ASSERT_INT_EQ(row.fields[f].len, n);
				ASSERT_MEM_EQ(row.fields[f].ptr, w, n);
				w += n + 1;
			}
			ASSERT_INT_EQ(*w, '\n');
			w++;
		}
		ASSERT_INT_EQ(w - want.data, want.len);
	}
	ASSERT_OK(ob_csv_next(r, &row, NULL));
	ASSERT(row.eof);
	ob_csv_free(r);
	ob_buf_release(&out);
	ob_buf_release(&want);
}

TEST(csv_too_many_fields_rejected_and_resync)
{
	size_t n = OB_CSV_FIELDS_MAX + 10, len = n + 16;
	char *data = malloc(len);
	struct ob_csv_reader *r;
	struct ob_csv_row row;
	struct ob_error err;

	ASSERT(data);
	memset(data, ',', n);
	memcpy(data + n, "\na,b\n", 5);
	ASSERT_OK(ob_csv_open_mem(&r, data, n + 5, "wide.csv", &err));
	ASSERT_INT_EQ(ob_csv_next(r, &row, &err), OB_EPARSE);
	ASSERT(strstr(err.msg, "more than 65536 fields"));
	ASSERT_INT_EQ(err.line, 1);
	ASSERT_OK(ob_csv_next(r, &row, &err));
	ASSERT_INT_EQ(row.nfields, 2);
	ASSERT_INT_EQ(row.line, 2);
	ob_csv_free(r);
	free(data);
}
