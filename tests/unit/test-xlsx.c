/*
 * test-xlsx.c - CRC-32, the STORED ZIP writer and the XLSX workbook writer.
 *
 * The written workbook is read back by a small ZIP reader here, which
 * checks every signature, size and offset and recomputes each CRC bit by
 * bit, independently of the table-driven ob_crc32() under test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "onebudget/buf.h"
#include "onebudget/xlsx.h"
#include "onebudget/zip.h"

#include "test.h"

/* The bitwise CRC-32 of RFC 1952, section 8: the reference. */
static uint32_t crc32_bitwise(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffU;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320U ^ (c >> 1) : c >> 1;
	}
	return ~c;
}

TEST(xlsx_crc32)
{
	unsigned char data[1000];
	uint32_t x = 12345;

	ASSERT_INT_EQ(ob_crc32(0, "123456789", 9), 0xcbf43926U);
	ASSERT_INT_EQ(ob_crc32(0, "", 0), 0);
	ASSERT_INT_EQ(ob_crc32(ob_crc32(0, "1234", 4), "56789", 5),
		      0xcbf43926U);
	/* Every table entry is reached by a single byte. */
	for (int b = 0; b < 256; b++) {
		unsigned char c = (unsigned char)b;
		if (ob_crc32(0, &c, 1) != crc32_bitwise(&c, 1))
			TEST_FAIL_("crc of byte %d differs", b);
	}
	for (size_t i = 0; i < sizeof(data); i++) {
		x = x * 1103515245U + 12345U;
		data[i] = (unsigned char)(x >> 16);
	}
	for (size_t n = 0; n <= sizeof(data); n += 37)
		ASSERT_INT_EQ(ob_crc32(0, data, n), crc32_bitwise(data, n));
}

static uint32_t get16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const unsigned char *p)
{
	return get16(p) | get16(p + 2) << 16;
}

struct zip_entry {
	char name[64];
	size_t header; /* offset of the local header */
	const unsigned char *data;
	size_t len;
};

struct zip_view {
	struct zip_entry e[16];
	size_t n;
};

/*
 * Read an archive the way an unzipper does and check everything that must
 * agree: local headers, data and CRCs, the central directory entry by
 * entry, and the counts, size and offset in the end record.
 */
static void read_zip(const unsigned char *p, size_t n, struct zip_view *z)
{
	size_t off = 0, cd_off, cd_size, cd_end, count;
	const unsigned char *end;

	z->n = 0;
	ASSERT(n >= 22);
	end = p + n - 22; /* no archive comment */
	ASSERT_INT_EQ(get32(end), 0x06054b50U);
	ASSERT_INT_EQ(get16(end + 4), 0);             /* this disk */
	ASSERT_INT_EQ(get16(end + 6), 0);             /* central dir disk */
	ASSERT_INT_EQ(get16(end + 8), get16(end + 10)); /* entries */
	ASSERT_INT_EQ(get16(end + 20), 0);            /* comment length */
	count = get16(end + 10);
	cd_size = get32(end + 12);
	cd_off = get32(end + 16);
	ASSERT_INT_EQ(cd_off + cd_size, n - 22);

	while (off < cd_off) {
		const unsigned char *h = p + off;
		struct zip_entry *e = &z->e[z->n];
		size_t nlen, len;

		ASSERT(z->n < 16);
		ASSERT(off + 30 <= cd_off);
		ASSERT_INT_EQ(get32(h), 0x04034b50U);
		ASSERT_INT_EQ(get16(h + 4), 10);   /* version needed */
		ASSERT_INT_EQ(get16(h + 6), 0);    /* flags */
		ASSERT_INT_EQ(get16(h + 8), 0);    /* stored */
		ASSERT_INT_EQ(get16(h + 10), 0);   /* 00:00:00 */
		ASSERT_INT_EQ(get16(h + 12), 0x21); /* 1980-01-01 */
		ASSERT_INT_EQ(get32(h + 18), get32(h + 22));
		ASSERT_INT_EQ(get16(h + 28), 0); /* extra field */
		nlen = get16(h + 26);
		len = get32(h + 22);
		ASSERT(nlen > 0 && nlen < sizeof(e->name));
		ASSERT(off + 30 + nlen + len <= cd_off);
		memcpy(e->name, h + 30, nlen);
		e->name[nlen] = '\0';
		e->header = off;
		e->data = h + 30 + nlen;
		e->len = len;
		if (crc32_bitwise(e->data, len) != get32(h + 14))
			TEST_FAIL_("entry '%s': crc mismatch", e->name);
		z->n++;
		off += 30 + nlen + len;
	}
	ASSERT_INT_EQ(off, cd_off);
	ASSERT_INT_EQ(z->n, count);

	cd_end = cd_off + cd_size;
	for (size_t i = 0; i < count; i++) {
		const unsigned char *c = p + off, *h;
		struct zip_entry *e = &z->e[i];
		size_t nlen;

		ASSERT(off + 46 <= cd_end);
		ASSERT_INT_EQ(get32(c), 0x02014b50U);
		nlen = get16(c + 28);
		ASSERT(off + 46 + nlen <= cd_end);
		ASSERT_INT_EQ(nlen, strlen(e->name));
		ASSERT_MEM_EQ(c + 46, e->name, nlen);
		ASSERT_INT_EQ(get32(c + 42), e->header);
		/* Version needed to name length repeat the local header. */
		h = p + e->header;
		ASSERT_MEM_EQ(c + 6, h + 4, 24);
		ASSERT_INT_EQ(get16(c + 30), 0); /* extra */
		ASSERT_INT_EQ(get16(c + 32), 0); /* comment */
		ASSERT_INT_EQ(get16(c + 34), 0); /* disk */
		off += 46 + nlen;
	}
	ASSERT_INT_EQ(off, cd_end);
}

static const struct zip_entry *find_entry(const struct zip_view *z,
					  const char *name)
{
	for (size_t i = 0; i < z->n; i++)
		if (strcmp(z->e[i].name, name) == 0)
			return &z->e[i];
	return NULL;
}

/* Does the entry's data contain `s`?  (memmem is a GNU extension.) */
static int has(const struct zip_entry *e, const char *s)
{
	size_t n = strlen(s);

	if (!e)
		return 0;
	for (size_t i = 0; n <= e->len && i <= e->len - n; i++)
		if (memcmp(e->data + i, s, n) == 0)
			return 1;
	return 0;
}

#define ASSERT_HAS(e, s)                                                       \
	do {                                                                   \
		if (!has((e), (s)))                                            \
			TEST_FAIL_("%s does not contain '%s'",                 \
				   (e) ? (e)->name : "(missing)", (s));        \
	} while (0)

#define ASSERT_HAS_NOT(e, s)                                                   \
	do {                                                                   \
		if (has((e), (s)))                                             \
			TEST_FAIL_("%s contains '%s'", (e)->name, (s));        \
	} while (0)

TEST(xlsx_zip_minimal)
{
	struct ob_zip z = OB_ZIP_INIT;
	struct ob_error err;
	struct zip_view v;

	ASSERT_OK(ob_zip_add(&z, "a.txt", "hello", 5, &err));
	ASSERT_OK(ob_zip_add(&z, "empty", NULL, 0, &err));
	ASSERT_OK(ob_zip_finish(&z, &err));
	/* Two local headers + names + data, two central entries, the end. */
	ASSERT_INT_EQ(z.out.len, (30 + 5 + 5) + (30 + 5) + (46 + 5) +
					 (46 + 5) + 22);
	read_zip((const unsigned char *)z.out.data, z.out.len, &v);
	if (test_failed_flag)
		goto out;
	ASSERT_INT_EQ(v.n, 2);
	ASSERT_STR_EQ(v.e[0].name, "a.txt");
	ASSERT_INT_EQ(v.e[1].len, 0);
	ASSERT_INT_EQ(ob_zip_add(&z, "late", "x", 1, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_zip_add(&(struct ob_zip)OB_ZIP_INIT, "/abs", "x", 1,
				 &err),
		      OB_EINVAL);
out:
	ob_zip_release(&z);
}

TEST(xlsx_cell_refs)
{
	char r[16];

	ASSERT_INT_EQ(ob_xlsx_cell_ref(1, 1, r), 2);
	ASSERT_STR_EQ(r, "A1");
	ob_xlsx_cell_ref(7, 2, r);
	ASSERT_STR_EQ(r, "B7");
	ob_xlsx_cell_ref(1, 26, r);
	ASSERT_STR_EQ(r, "Z1");
	ob_xlsx_cell_ref(1, 27, r);
	ASSERT_STR_EQ(r, "AA1");
	ob_xlsx_cell_ref(1, 28, r);
	ASSERT_STR_EQ(r, "AB1");
	ob_xlsx_cell_ref(1, 52, r);
	ASSERT_STR_EQ(r, "AZ1");
	ob_xlsx_cell_ref(1, 53, r);
	ASSERT_STR_EQ(r, "BA1");
	ob_xlsx_cell_ref(12, 702, r);
	ASSERT_STR_EQ(r, "ZZ12");
	ob_xlsx_cell_ref(1, 703, r);
	ASSERT_STR_EQ(r, "AAA1");
	ASSERT_INT_EQ(ob_xlsx_cell_ref(1048576, 16384, r), 10);
	ASSERT_STR_EQ(r, "XFD1048576");
	ASSERT_INT_EQ(ob_xlsx_cell_ref(1, 16385, r), 0);
	ASSERT_STR_EQ(r, "");
	ASSERT_INT_EQ(ob_xlsx_cell_ref(1048577, 1, r), 0);
	ASSERT_INT_EQ(ob_xlsx_cell_ref(0, 1, r), 0);
	ASSERT_INT_EQ(ob_xlsx_cell_ref(1, 0, r), 0);
}

#define POUND "\xc2\xa3"
#define EN_DASH "\xe2\x80\x93"
#define FFFD "\xef\xbf\xbd"
#define PART_NAME "Part 1 " EN_DASH " GP's & pools"
#define LONG_LEN 5000

/* The workbook of the round-trip tests: the same calls every time. */
static struct ob_xlsx *build_book(struct ob_error *err)
{
	static const double widths[] = { 40, 16, 0, 300 };
	struct ob_xlsx *w = ob_xlsx_new();
	struct ob_xlsx_sheet *s, *p;
	char *long_text;

	if (!w)
		return NULL;
	if (ob_xlsx_add_sheet(w, "Summary", &s, err) ||
	    ob_xlsx_add_sheet(w, PART_NAME, &p, err) ||
	    !(long_text = malloc(LONG_LEN + 1))) {
		ob_xlsx_free(w);
		return NULL;
	}
	memset(long_text, 'x', LONG_LEN);
	memcpy(long_text + LONG_LEN - 5, "[end]", 5);
	long_text[LONG_LEN] = '\0';

	ob_xlsx_set_widths(s, widths, 4);
	ob_xlsx_freeze_header(s);
	ob_xlsx_row(s, err); /* 1 */
	ob_xlsx_text(s, "Item", OB_XLSX_BOLD);
	ob_xlsx_text(s, "Amount (" POUND ")", OB_XLSX_BOLD);
	ob_xlsx_text(s, "Count", OB_XLSX_BOLD);
	ob_xlsx_text(s, "Share", OB_XLSX_BOLD);
	ob_xlsx_row(s, err); /* 2 */
	ob_xlsx_text(s, "Capitation <base> & \"uplift\"", OB_XLSX_TEXT);
	ob_xlsx_money(s, -123456);
	ob_xlsx_number(s, 1234567, OB_XLSX_INTEGER);
	ob_xlsx_number(s, 0.25, OB_XLSX_PERCENT);
	ob_xlsx_row(s, err); /* 3 */
	ob_xlsx_text(s, "Zero", OB_XLSX_TEXT);
	ob_xlsx_money(s, 0);
	ob_xlsx_blank(s);
	ob_xlsx_number(s, NAN, OB_XLSX_TEXT);
	ob_xlsx_row(s, err); /* 4 */
	ob_xlsx_text(s, "Large", OB_XLSX_TEXT);
	ob_xlsx_money(s, 99999999999999);
	ob_xlsx_number(s, 0.1, OB_XLSX_TEXT);
	ob_xlsx_number(s, 1.0 / 3.0, OB_XLSX_TEXT);
	ob_xlsx_row(s, err); /* 5 */
	ob_xlsx_text(s, long_text, OB_XLSX_WRAP);
	ob_xlsx_row(s, err); /* 6: empty text gives no cell */
	ob_xlsx_text(s, "", OB_XLSX_TEXT);
	ob_xlsx_text(s, NULL, OB_XLSX_TEXT);
	ob_xlsx_text(s, "", OB_XLSX_BOLD);
	ob_xlsx_row(s, err); /* 7: what XML or Excel cannot hold */
	ob_xlsx_text(s, "a\x01" "b\x1f" "c", OB_XLSX_TEXT);
	ob_xlsx_text(s, "l1\r\nl2\rl3\n\tend ", OB_XLSX_TEXT);
	ob_xlsx_text(s, "_x0041_ and _x00e9 _", OB_XLSX_TEXT);
	ob_xlsx_text(s, "bad \xff utf-8 \xc0\xaf", OB_XLSX_TEXT);
	ob_xlsx_money_bold(s, 9876543);
	ob_xlsx_row(s, err); /* 8: beyond column Z */
	for (int i = 0; i < 30; i++)
		ob_xlsx_number(s, i, OB_XLSX_INTEGER);

	ob_xlsx_freeze_header(p);
	ob_xlsx_autofilter(p);
	ob_xlsx_row(p, err);
	ob_xlsx_text(p, "Measure", OB_XLSX_BOLD);
	ob_xlsx_text(p, "Value", OB_XLSX_BOLD);
	ob_xlsx_text(p, "Note", OB_XLSX_BOLD);
	ob_xlsx_row(p, err);
	ob_xlsx_text(p, "negative zero", OB_XLSX_TEXT);
	ob_xlsx_number(p, -0.0, OB_XLSX_TEXT);
	ob_xlsx_number(p, 0.1 + 0.2, OB_XLSX_TEXT); /* needs 17 digits */
	ob_xlsx_row(p, err);
	ob_xlsx_text(p, "big and small", OB_XLSX_TEXT);
	ob_xlsx_number(p, 1e21, OB_XLSX_TEXT);
	ob_xlsx_number(p, 1.5e-7, OB_XLSX_TEXT);
	ob_xlsx_row(p, err);
	ob_xlsx_number(p, 123456789012.0, OB_XLSX_TEXT);
	ob_xlsx_number(p, INFINITY, OB_XLSX_TEXT);
	ob_xlsx_number(p, -2.5, OB_XLSX_TEXT);
	free(long_text);
	return w;
}

static int read_file(const char *path, struct ob_buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (ob_buf_add(b, chunk, n)) {
			fclose(f);
			return -1;
		}
	return fclose(f);
}

/* Files left in `dir` other than a.xlsx, b.xlsx, c.xlsx: no tmp files. */
static int stray_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && strlen(de->d_name) != 6)
			n++;
	closedir(d);
	return n;
}

static void check_parts(const struct zip_view *z)
{
	static const char *const names[] = {
		"[Content_Types].xml", "_rels/.rels",
		"xl/workbook.xml",     "xl/_rels/workbook.xml.rels",
		"xl/styles.xml",       "xl/worksheets/sheet1.xml",
		"xl/worksheets/sheet2.xml",
	};
	const struct zip_entry *ct, *wb, *rels, *st;

	ASSERT_INT_EQ(z->n, 7);
	for (size_t i = 0; i < 7; i++)
		ASSERT_STR_EQ(z->e[i].name, names[i]);
	ct = find_entry(z, "[Content_Types].xml");
	ASSERT_HAS(ct, "<Override PartName=\"/xl/worksheets/sheet2.xml\" "
		       "ContentType=\"application/vnd.openxmlformats-"
		       "officedocument.spreadsheetml.worksheet+xml\"/>");
	ASSERT_HAS(find_entry(z, "_rels/.rels"), "Target=\"xl/workbook.xml\"");
	rels = find_entry(z, "xl/_rels/workbook.xml.rels");
	ASSERT_HAS(rels, "Id=\"rId2\" Type=\"http://schemas.openxmlformats."
			 "org/officeDocument/2006/relationships/worksheet\" "
			 "Target=\"worksheets/sheet2.xml\"/>");
	ASSERT_HAS(rels, "Id=\"rId3\" Type=\"http://schemas.openxmlformats."
			 "org/officeDocument/2006/relationships/styles\"");
	wb = find_entry(z, "xl/workbook.xml");
	ASSERT_HAS(wb, "<sheet name=\"Summary\" sheetId=\"1\" r:id=\"rId1\"/>");
	ASSERT_HAS(wb, "<sheet name=\"Part 1 " EN_DASH " GP's &amp; pools\" "
		       "sheetId=\"2\" r:id=\"rId2\"/>");
	/* The filter's defined name quotes the sheet name for a formula. */
	ASSERT_HAS(wb, "<definedName name=\"_xlnm._FilterDatabase\" "
		       "localSheetId=\"1\" hidden=\"1\">'Part 1 " EN_DASH
		       " GP''s &amp; pools'!$A$1:$C$4</definedName>");
	st = find_entry(z, "xl/styles.xml");
	ASSERT_HAS(st, "formatCode=\"#,##0.00;[Red]-#,##0.00\"");
	ASSERT_HAS(st, "<cellXfs count=\"7\">");
	ASSERT_HAS(st, "wrapText=\"1\"");
}

static void check_summary(const struct zip_entry *s)
{
	char run[64];

	ASSERT(s);
	ASSERT_HAS(s, "<dimension ref=\"A1:AD8\"/>");
	ASSERT_HAS(s, "<sheetView tabSelected=\"1\" workbookViewId=\"0\">"
		      "<pane ySplit=\"1\" topLeftCell=\"A2\" "
		      "activePane=\"bottomLeft\" state=\"frozen\"/>");
	/* Width 0 is skipped and 300 is cut to Excel's 255. */
	ASSERT_HAS(s, "<cols><col min=\"1\" max=\"1\" width=\"40\" "
		      "customWidth=\"1\"/><col min=\"2\" max=\"2\" "
		      "width=\"16\" customWidth=\"1\"/><col min=\"4\" "
		      "max=\"4\" width=\"255\" customWidth=\"1\"/></cols>");
	ASSERT_HAS(s, "<c r=\"B1\" s=\"1\" t=\"inlineStr\"><is>"
		      "<t xml:space=\"preserve\">Amount (" POUND
		      ")</t></is></c>");
	ASSERT_HAS(s, "<c r=\"A2\" t=\"inlineStr\"><is><t xml:space="
		      "\"preserve\">Capitation &lt;base&gt; &amp; "
		      "&quot;uplift&quot;</t></is></c>");
	ASSERT_HAS(s, "<c r=\"B2\" s=\"2\"><v>-1234.56</v></c>");
	ASSERT_HAS(s, "<c r=\"C2\" s=\"3\"><v>1234567</v></c>");
	ASSERT_HAS(s, "<c r=\"D2\" s=\"4\"><v>0.25</v></c>");
	ASSERT_HAS(s, "<c r=\"B3\" s=\"2\"><v>0.00</v></c></row>");
	ASSERT_HAS_NOT(s, "r=\"C3\"");
	ASSERT_HAS_NOT(s, "r=\"D3\"");
	ASSERT_HAS(s, "<c r=\"B4\" s=\"2\"><v>999999999999.99</v></c>");
	ASSERT_HAS(s, "<c r=\"C4\"><v>0.1</v></c>");
	ASSERT_HAS(s, "<c r=\"D4\"><v>0.3333333333333333</v></c>");
	memset(run, 'x', sizeof(run) - 1);
	run[sizeof(run) - 1] = '\0';
	ASSERT_HAS(s, "<c r=\"A5\" s=\"5\" t=\"inlineStr\"><is><t "
		      "xml:space=\"preserve\">xxxxxxxx");
	ASSERT_HAS(s, run);
	ASSERT_HAS(s, "xx[end]</t></is></c></row>");
	ASSERT_HAS(s, "<row r=\"6\"><c r=\"C6\" s=\"1\"/></row>");
	ASSERT_HAS(s, ">a" FFFD "b" FFFD "c</t>");
	ASSERT_HAS(s, ">l1\nl2\nl3\n\tend </t>");
	ASSERT_HAS(s, ">_x005F_x0041_ and _x00e9 _</t>");
	ASSERT_HAS(s, ">bad " FFFD " utf-8 " FFFD FFFD "</t>");
	ASSERT_HAS(s, "<c r=\"E7\" s=\"6\"><v>98765.43</v></c>");
	ASSERT_HAS(s, "<c r=\"Z8\" s=\"3\"><v>25</v></c>"
		      "<c r=\"AA8\" s=\"3\"><v>26</v></c>");
	ASSERT_HAS(s, "<c r=\"AD8\" s=\"3\"><v>29</v></c></row></sheetData>");
	ASSERT_HAS_NOT(s, "autoFilter");
}

static void check_part_sheet(const struct zip_entry *s)
{
	ASSERT(s);
	ASSERT_HAS(s, "<dimension ref=\"A1:C4\"/>");
	ASSERT_HAS(s, "<sheetView workbookViewId=\"0\"><pane ySplit=\"1\"");
	ASSERT_HAS_NOT(s, "<cols>");
	ASSERT_HAS(s, "<c r=\"B2\"><v>0</v></c>");
	ASSERT_HAS(s, "<c r=\"C2\"><v>0.30000000000000004</v></c>");
	ASSERT_HAS(s, "<c r=\"B3\"><v>1e+21</v></c>");
	ASSERT_HAS(s, "<c r=\"C3\"><v>1.5e-07</v></c>");
	ASSERT_HAS(s, "<c r=\"A4\"><v>123456789012</v></c>");
	ASSERT_HAS_NOT(s, "r=\"B4\"");
	ASSERT_HAS(s, "<c r=\"C4\"><v>-2.5</v></c>");
	ASSERT_HAS(s, "</sheetData><autoFilter ref=\"A1:C4\"/></worksheet>");
}

TEST(xlsx_workbook_roundtrip)
{
	char dir[] = "/tmp/ob-xlsx-XXXXXX", a[64], b[64], c[64];
	struct ob_buf fa = OB_BUF_INIT, fb = OB_BUF_INIT, fc = OB_BUF_INIT,
		      mem = OB_BUF_INIT;
	struct ob_xlsx *w = NULL, *w2 = NULL;
	struct ob_error err;
	struct zip_view z;

	ASSERT(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a.xlsx", dir);
	snprintf(b, sizeof(b), "%s/b.xlsx", dir);
	snprintf(c, sizeof(c), "%s/c.xlsx", dir);
	w = build_book(&err);
	w2 = build_book(&err);
	if (!w || !w2)
		TEST_FAIL_("building the workbook: %s", err.msg);
	ASSERT_OK(ob_xlsx_write(w, a, &err));
	/* Written again over itself, and again elsewhere: same bytes. */
	ASSERT_OK(ob_xlsx_write(w, a, &err));
	ASSERT_OK(ob_xlsx_write(w, b, &err));
	ASSERT_OK(ob_xlsx_write(w2, c, &err));
	ASSERT_OK(ob_xlsx_build(w, &mem, &err));
	ASSERT_INT_EQ(stray_files(dir), 0);
	ASSERT_OK(read_file(a, &fa));
	ASSERT_OK(read_file(b, &fb));
	ASSERT_OK(read_file(c, &fc));
	ASSERT(fa.len > 5000);
	ASSERT_INT_EQ(fa.len, fb.len);
	ASSERT_INT_EQ(fa.len, fc.len);
	ASSERT_INT_EQ(fa.len, mem.len);
	ASSERT_MEM_EQ(fa.data, fb.data, fa.len);
	ASSERT_MEM_EQ(fa.data, fc.data, fa.len);
	ASSERT_MEM_EQ(fa.data, mem.data, fa.len);

	read_zip((const unsigned char *)fa.data, fa.len, &z);
	if (!test_failed_flag)
		check_parts(&z);
	if (!test_failed_flag)
		check_summary(find_entry(&z, "xl/worksheets/sheet1.xml"));
	if (!test_failed_flag)
		check_part_sheet(find_entry(&z, "xl/worksheets/sheet2.xml"));

	unlink(a);
	unlink(b);
	unlink(c);
	rmdir(dir);
	ob_buf_release(&fa);
	ob_buf_release(&fb);
	ob_buf_release(&fc);
	ob_buf_release(&mem);
	ob_xlsx_free(w);
	ob_xlsx_free(w2);
}

TEST(xlsx_sheet_names_refused)
{
	struct ob_xlsx *w = ob_xlsx_new();
	struct ob_xlsx_sheet *s;
	struct ob_error err;
	char name[128];
	enum ob_status st;

	ASSERT(w);
	ASSERT_OK(ob_xlsx_add_sheet(w, "Summary", &s, &err));
	st = ob_xlsx_add_sheet(w, "Part 2019/20", &s, &err);
	ASSERT_INT_EQ(st, OB_EINVAL);
	ASSERT(s == NULL);
	ASSERT_STR_EQ(err.msg, "sheet name 'Part 2019/20' contains '/' "
			       "(Excel does not allow [ ] : * ? / \\ in "
			       "sheet names)");
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "a[1]", &s, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "q?", &s, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "a*b", &s, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "a:b", &s, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "a\\b", &s, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "", &s, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "a sheet name must not be empty");
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "SUMMARY", &s, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "sheet name 'SUMMARY' is already used by "
			       "sheet 'Summary' (names are compared ignoring "
			       "case)");
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "history", &s, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "'quoted", &s, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "tab\there", &s, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "bad \xff", &s, &err), OB_EINVAL);
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, "a_x0041_", &s, &err), OB_EINVAL);
	/* 32 characters are too many; 31 are fine, counted as characters. */
	memset(name, 'n', 32);
	name[32] = '\0';
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, name, &s, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "sheet name 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn' "
			       "is 32 characters long (Excel allows at most "
			       "31)");
	name[31] = '\0';
	ASSERT_OK(ob_xlsx_add_sheet(w, name, &s, &err));
	name[0] = '\0';
	for (int i = 0; i < 31; i++)
		memcpy(name + 2 * i, POUND, 3);
	ASSERT_OK(ob_xlsx_add_sheet(w, name, &s, &err));
	/* Outside the BMP a character is two UTF-16 units in Excel. */
	for (int i = 0; i < 16; i++)
		memcpy(name + 4 * i, "\xf0\x9f\x93\x88", 4);
	name[64] = '\0';
	ASSERT_INT_EQ(ob_xlsx_add_sheet(w, name, &s, &err), OB_EINVAL);
	ASSERT_OK(ob_xlsx_add_sheet(w, "It's fine", &s, &err));
	ob_xlsx_free(w);
}

TEST(xlsx_errors_latched)
{
	struct ob_xlsx *w = ob_xlsx_new();
	struct ob_xlsx_sheet *s;
	struct ob_error err;
	struct ob_buf out = OB_BUF_INIT;
	char *big;

	ASSERT(w);
	ASSERT_INT_EQ(ob_xlsx_build(w, &out, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "a workbook needs at least one sheet");
	ASSERT_OK(ob_xlsx_add_sheet(w, "S", &s, &err));
	ob_xlsx_text(s, "early", OB_XLSX_TEXT);
	ASSERT_INT_EQ(ob_xlsx_row(s, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "sheet 'S': a cell was written before the "
			       "first row was started (call ob_xlsx_row "
			       "first)");
	ASSERT_INT_EQ(ob_xlsx_build(w, &out, &err), OB_EINVAL);
	ASSERT_INT_EQ(out.len, 0);
	ob_xlsx_free(w);

	/* Text longer than a cell holds. */
	w = ob_xlsx_new();
	ASSERT(w);
	ASSERT_OK(ob_xlsx_add_sheet(w, "S", &s, &err));
	ASSERT_OK(ob_xlsx_row(s, &err));
	big = malloc(OB_XLSX_MAX_TEXT + 2);
	ASSERT(big);
	memset(big, 'y', OB_XLSX_MAX_TEXT + 1);
	big[OB_XLSX_MAX_TEXT + 1] = '\0';
	ob_xlsx_text(s, "ok", OB_XLSX_TEXT);
	ob_xlsx_text(s, big + 1, OB_XLSX_TEXT); /* exactly the limit */
	ob_xlsx_text(s, big, OB_XLSX_TEXT);
	free(big);
	ASSERT_INT_EQ(ob_xlsx_build(w, &out, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "sheet 'S': cell C1: text of 32768 characters "
			       "is longer than a cell holds (32767)");
	ob_xlsx_free(w);

	/* More cells than columns. */
	w = ob_xlsx_new();
	ASSERT(w);
	ASSERT_OK(ob_xlsx_add_sheet(w, "S", &s, &err));
	ASSERT_OK(ob_xlsx_row(s, &err));
	for (unsigned i = 0; i <= OB_XLSX_MAX_COLS; i++)
		ob_xlsx_blank(s);
	ASSERT_INT_EQ(ob_xlsx_row(s, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.msg, "sheet 'S': row 1 has more than 16384 cells "
			       "(the last column is XFD)");
	ob_xlsx_free(w);
	ob_buf_release(&out);
}

TEST(xlsx_write_errors)
{
	struct ob_xlsx *w = ob_xlsx_new();
	struct ob_xlsx_sheet *s;
	struct ob_error err;
	const char *path = "/nonexistent-ob-dir/out.xlsx";

	ASSERT(w);
	ASSERT_OK(ob_xlsx_add_sheet(w, "S", &s, &err));
	ASSERT_INT_EQ(ob_xlsx_write(w, path, &err), OB_EIO);
	ASSERT_STR_EQ(err.file, path);
	ASSERT(strstr(err.msg, "cannot create '/nonexistent-ob-dir/out.xlsx"
			       ".tmp.") == err.msg);
	ob_xlsx_free(w);
}

TEST(xlsx_empty_sheet)
{
	struct ob_xlsx *w = ob_xlsx_new();
	struct ob_xlsx_sheet *s;
	struct ob_buf out = OB_BUF_INIT;
	struct ob_error err;
	struct zip_view z;
	const struct zip_entry *e;

	ASSERT(w);
	ASSERT_OK(ob_xlsx_add_sheet(w, "Nothing yet", &s, &err));
	ob_xlsx_freeze_header(s);
	ob_xlsx_autofilter(s); /* no cells, so no filter */
	ASSERT_OK(ob_xlsx_build(w, &out, &err));
	read_zip((const unsigned char *)out.data, out.len, &z);
	e = find_entry(&z, "xl/worksheets/sheet1.xml");
	if (!test_failed_flag) {
		ASSERT_HAS(e, "<dimension ref=\"A1\"/>");
		ASSERT_HAS(e, "<sheetData></sheetData></worksheet>");
		ASSERT_HAS_NOT(find_entry(&z, "xl/workbook.xml"),
			       "definedName");
	}
	ob_buf_release(&out);
	ob_xlsx_free(w);
}
