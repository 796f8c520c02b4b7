/*
 * dataset-cache.c - write and read the binary column cache; see
 * dataset-cache.h.
 *
 * Layout (native byte order; the cache is never moved between machines):
 *   header   magic "OBCOLS1\n", format version, extract id, the extract's
 *            content SHA-256, payload length, payload checksum
 *   payload  the counts, then every column in the order of `columns[]`:
 *            numeric columns as raw arrays; string columns as an offset per
 *            string (UINT64_MAX for NULL) and one blob of NUL-terminated
 *            text.  Every part starts on an 8-byte boundary.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "onebudget/buf.h"

#include "dataset-cache.h"

#define CACHE_MAGIC "OBCOLS1\n"
#define CACHE_FORMAT 2u

struct cache_header {
	char magic[8];
	uint32_t format, reserved;
	int64_t extract_id;
	char sha256[64];
	uint64_t payload_len, checksum;
};

enum col_kind { COL_ARRAY, COL_STRINGS };

struct column {
	size_t field;  /* offsetof the pointer in struct ob_dataset */
	enum col_kind kind;
	size_t elem;   /* element size of an array */
	size_t count;  /* offsetof the size_t count */
	int plus_one;  /* the array has count + 1 elements */
};

#define DS struct ob_dataset
#define ARR(f, n) { offsetof(DS, f), COL_ARRAY, sizeof(*((DS *)0)->f), offsetof(DS, n), 0 }
#define ARR1(f, n) { offsetof(DS, f), COL_ARRAY, sizeof(*((DS *)0)->f), offsetof(DS, n), 1 }
#define STR(f, n) { offsetof(DS, f), COL_STRINGS, sizeof(char *), offsetof(DS, n), 0 }

static const struct column columns[] = {
	STR(practice_code, npractices), ARR(practice_pch, npractices),
	STR(practice_ccg, npractices),  STR(pch_code, npch),
	ARR(pch_locality, npch),        STR(lsoa_code, nareas),
	ARR(area_imd_decile, nareas),   ARR(area_locality, nareas),
	ARR(area_la, nareas),           ARR(area_population, nareas),
	STR(la_code, nla),              STR(la_name, nla),
	STR(provider_code, nproviders), ARR(provider_in_system, nproviders),
	ARR(provider_alliance, nproviders),
	STR(pseudonym, npersons),       ARR(sex, npersons),
	ARR(birth, npersons),           ARR(death, npersons),
	ARR(person_area, npersons),     ARR(lives_alone, npersons),
	ARR1(reg_start, npersons),      ARR(reg_practice, nreg),
	ARR(reg_from, nreg),            ARR(reg_to, nreg),
	ARR1(cond_start, npersons),     ARR(cond_code, ncond),
	ARR(cond_date, ncond),          ARR1(act_start, npersons),
	ARR(act_setting, nact),         ARR(act_admission, nact),
	ARR(act_disdest, nact),         ARR(act_permanent, nact),
	ARR(act_from, nact),            ARR(act_to, nact),
	ARR(act_provider, nact),        ARR(act_tf, nact),
	ARR(act_delayed, nact),         ARR(act_cost, nact),
	ARR1(act_diag, nact),           ARR1(act_proc, nact),
	ARR(diag_code, ndiag),          ARR(proc_code, nproc),
	STR(act_hrg, nact),             STR(code_text, ncodes),
	ARR(code_system, ncodes),       STR(survey_name, nsurvey),
	STR(survey_question, nsurvey),  STR(survey_respondent, nsurvey),
	STR(survey_answer, nsurvey),    ARR(survey_year, nsurvey),
	ARR(survey_person, nsurvey),    ARR(survey_practice, nsurvey),
};

/* The counts, in payload order. */
static const size_t counts[] = {
	offsetof(DS, npractices), offsetof(DS, npch),     offsetof(DS, nareas),
	offsetof(DS, nla),        offsetof(DS, nproviders),
	offsetof(DS, npersons),   offsetof(DS, nreg),     offsetof(DS, ncond),
	offsetof(DS, nact),       offsetof(DS, ndiag),    offsetof(DS, nproc),
	offsetof(DS, ncodes),     offsetof(DS, nsurvey),
};

#define NCOUNTS (sizeof(counts) / sizeof(counts[0]))
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static size_t *count_of(DS *ds, size_t off)
{
	return (size_t *)(void *)((char *)ds + off);
}

static void **field_of(DS *ds, size_t off)
{
	return (void **)(void *)((char *)ds + off);
}

/* A fast 64-bit checksum over 8-byte words (multiply-rotate mixing); it
 * detects truncation and corruption, not tampering. */
static uint64_t checksum(const unsigned char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h ^= w * 0xbf58476d1ce4e5b9ULL;
		h = (h << 31 | h >> 33) * 0x94d049bb133111ebULL;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static int pad8(struct ob_buf *b)
{
	static const char zeros[8];

	return b->len % 8 ? ob_buf_add(b, zeros, 8 - b->len % 8) : 0;
}

static int put_u64(struct ob_buf *b, uint64_t v)
{
	return ob_buf_add(b, &v, sizeof(v));
}

static int put_column(struct ob_buf *b, const DS *ds, const struct column *c)
{
	size_t n = *count_of((DS *)ds, c->count) + (size_t)c->plus_one;
	const void *p = *field_of((DS *)ds, c->field);

	if (c->kind == COL_ARRAY)
		return ob_buf_add(b, p, n * c->elem) || pad8(b);
	{
		const char *const *v = p;
		uint64_t off = 0;
		for (size_t i = 0; i < n; i++) {
			if (put_u64(b, v[i] ? off : UINT64_MAX))
				return -1;
			if (v[i])
				off += strlen(v[i]) + 1;
		}
		if (put_u64(b, off))
			return -1;
		for (size_t i = 0; i < n; i++)
			if (v[i] && ob_buf_add(b, v[i], strlen(v[i]) + 1))
				return -1;
		return pad8(b);
	}
}

int dataset_cache_write(const char *path, const char *sha256,
			const struct ob_dataset *ds)
{
	struct ob_buf payload = OB_BUF_INIT, tmp = OB_BUF_INIT;
	struct cache_header h;
	int fd = -1, rc = -1;
	size_t done = 0;

	for (size_t i = 0; i < NCOUNTS; i++)
		if (put_u64(&payload, *count_of((DS *)ds, counts[i])))
			goto out;
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (put_column(&payload, ds, &columns[i]))
			goto out;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, CACHE_MAGIC, 8);
	h.format = CACHE_FORMAT;
	h.extract_id = ds->extract_id;
	memcpy(h.sha256, sha256, 64);
	h.payload_len = payload.len;
	h.checksum = checksum((const unsigned char *)payload.data,
			      payload.len);
	if (ob_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid()))
		goto out;
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	if (write(fd, &h, sizeof(h)) != (ssize_t)sizeof(h))
		goto out;
	while (done < payload.len) {
		ssize_t w = write(fd, payload.data + done, payload.len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto out;
		done += (size_t)w;
	}
	if (close(fd)) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp.data, path))
		goto out;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc && tmp.len)
		unlink(tmp.data);
	ob_buf_release(&payload);
	ob_buf_release(&tmp);
	return rc;
}

struct reader {
	const unsigned char *p, *end;
};

static int get_u64(struct reader *r, uint64_t *v)
{
	if ((size_t)(r->end - r->p) < 8)
		return -1;
	memcpy(v, r->p, 8);
	r->p += 8;
	return 0;
}

static int skip_pad(struct reader *r, size_t len)
{
	size_t pad = len % 8 ? 8 - len % 8 : 0;

	if ((size_t)(r->end - r->p) < pad)
		return -1;
	r->p += pad;
	return 0;
}

static int get_column(struct reader *r, DS *ds, const struct column *c)
{
	size_t n = *count_of(ds, c->count) + (size_t)c->plus_one;
	void **field = field_of(ds, c->field);

	if (c->kind == COL_ARRAY) {
		size_t bytes = n * c->elem;
		if (n && bytes / n != c->elem)
			return -1;
		if ((size_t)(r->end - r->p) < bytes)
			return -1;
		*field = malloc(bytes ? bytes : 1);
		if (!*field)
			return -1;
		memcpy(*field, r->p, bytes);
		r->p += bytes;
		return skip_pad(r, bytes);
	}
	{
		const unsigned char *offsets = r->p;
		uint64_t total, off;
		const char **v;
		char *blob;

		if ((size_t)(r->end - r->p) / 8 < n + 1)
			return -1;
		r->p += 8 * n;
		if (get_u64(r, &total) || (uint64_t)(r->end - r->p) < total)
			return -1;
		blob = ob_arena_alloc(&ds->strings, total ? total : 1);
		v = calloc(n ? n : 1, sizeof(*v));
		*field = (void *)v;
		if (!blob || !v)
			return -1;
		memcpy(blob, r->p, total);
		/* Every string must end inside the blob. */
		if (total && blob[total - 1] != '\0')
			return -1;
		for (size_t i = 0; i < n; i++) {
			memcpy(&off, offsets + 8 * i, 8);
			if (off == UINT64_MAX)
				v[i] = NULL;
			else if (off < total)
				v[i] = blob + off;
			else
				return -1;
		}
		r->p += total;
		return skip_pad(r, (size_t)total);
	}
}

/* Reject a cache whose indexes could send derivation out of bounds. */
static int check_ranges(const DS *ds)
{
	const uint32_t *starts[3] = { ds->reg_start, ds->cond_start,
				      ds->act_start };
	const size_t ends[3] = { ds->nreg, ds->ncond, ds->nact };

	for (int k = 0; k < 3; k++) {
		if (starts[k][0] != 0 || starts[k][ds->npersons] != ends[k])
			return -1;
		for (size_t p = 0; p < ds->npersons; p++)
			if (starts[k][p] > starts[k][p + 1])
				return -1;
	}
	if (ds->act_diag[ds->nact] != ds->ndiag ||
	    ds->act_proc[ds->nact] != ds->nproc)
		return -1;
	for (size_t e = 0; e < ds->nact; e++)
		if (ds->act_diag[e] > ds->act_diag[e + 1] ||
		    ds->act_proc[e] > ds->act_proc[e + 1] ||
		    ds->act_setting[e] >= OB_SET_COUNT ||
		    ds->act_provider[e] >= (int32_t)ds->nproviders)
			return -1;
	for (size_t i = 0; i < ds->ndiag; i++)
		if (ds->diag_code[i] >= ds->ncodes)
			return -1;
	for (size_t i = 0; i < ds->ncond; i++)
		if (ds->cond_code[i] >= ds->ncodes)
			return -1;
	for (size_t i = 0; i < ds->nreg; i++)
		if (ds->reg_practice[i] >= (int32_t)ds->npractices)
			return -1;
	for (size_t i = 0; i < ds->npractices; i++)
		if (ds->practice_pch[i] >= (int32_t)ds->npch)
			return -1;
	for (size_t i = 0; i < ds->npersons; i++)
		if (ds->person_area[i] >= (int32_t)ds->nareas)
			return -1;
	for (size_t i = 0; i < ds->nareas; i++)
		if (ds->area_la[i] < 0 || ds->area_la[i] >= (int32_t)ds->nla)
			return -1;
	for (size_t i = 0; i < ds->nsurvey; i++)
		if (ds->survey_person[i] >= (int32_t)ds->npersons ||
		    ds->survey_practice[i] >= (int32_t)ds->npractices ||
		    !ds->survey_name[i] || !ds->survey_question[i] ||
		    !ds->survey_respondent[i] || !ds->survey_answer[i])
			return -1;
	return 0;
}

int dataset_cache_read(const char *path, long extract_id, const char *sha256,
		       struct ob_dataset *ds)
{
	struct cache_header h;
	unsigned char *buf = NULL;
	struct reader r;
	struct stat sb;
	size_t got = 0;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) || sb.st_size < (off_t)sizeof(h) ||
	    read(fd, &h, sizeof(h)) != (ssize_t)sizeof(h) ||
	    memcmp(h.magic, CACHE_MAGIC, 8) || h.format != CACHE_FORMAT ||
	    h.extract_id != extract_id || memcmp(h.sha256, sha256, 64) ||
	    h.payload_len != (uint64_t)sb.st_size - sizeof(h))
		goto out;
	buf = malloc(h.payload_len ? h.payload_len : 1);
	if (!buf)
		goto out;
	while (got < h.payload_len) {
		ssize_t n = read(fd, buf + got, h.payload_len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out;
		got += (size_t)n;
	}
	if (checksum(buf, got) != h.checksum)
		goto out;
	r.p = buf;
	r.end = buf + got;
	ds->extract_id = extract_id;
	for (size_t i = 0; i < NCOUNTS; i++) {
		uint64_t v;
		if (get_u64(&r, &v) || v > UINT32_MAX)
			goto out;
		*count_of(ds, counts[i]) = (size_t)v;
	}
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (get_column(&r, ds, &columns[i]))
			goto out;
	if (r.p != r.end || check_ranges(ds))
		goto out;
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}
