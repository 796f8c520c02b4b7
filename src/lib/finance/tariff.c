/*
 * tariff.c - out-of-area care priced at national tariff or at local
 * prices; see tariff.h and docs/tariff.md.
 *
 * Loading reads the tariff and mff tables of an extract once and indexes
 * them by string keys ("HRG\x1fPOD\x1fYYYY", "PROVIDER\x1fYYYY") in hash
 * maps.  Pricing resolves everything that depends only on the provider
 * (outside the system or not, its MFF in the year) once per call into
 * arrays indexed like the dataset's providers, then walks the activity
 * arrays once, person by person, looking up each candidate event's price
 * by a key built on the stack.
 *
 * The MFF is applied in integer arithmetic as the decimal it was written
 * as (to 9 places), so that a product ending in exactly half a penny is
 * rounded away from zero as money.h says: the double product may fall
 * just below the half (3500 pence x 1.0510 = 3678.4999999999995).
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "onebudget/arena.h"
#include "onebudget/buf.h"
#include "onebudget/csv.h"
#include "onebudget/hashmap.h"
#include "onebudget/tariff.h"

#include "onebudget/banned.h"

#define KEY_MAX	  96
#define MFF_SCALE 1000000000LL /* MFFs are applied to 9 decimal places */

static const char *const pod_names[] = {"EL", "NEL", "OP", "AE"};

const char ob_ooa_no_pod[] =
    "no national tariff for this setting: agree a local price";
const char ob_ooa_no_tariff_year[] = "no national tariff loaded for the year";
const char ob_ooa_no_hrg[] = "no HRG on the event: tariff prices are by HRG";
const char ob_ooa_not_in_tariff[] =
    "HRG and point of delivery not in the year's national tariff";
const char ob_ooa_open_spell[] =
    "spell not yet discharged: priced on discharge";
const char ob_ooa_no_mff[] =
    "no market forces factor for the provider in the year";

struct tariff_row {
	ob_pence price, excess_bed_day; /* excess_bed_day -1: not given */
	int trim_days;			/* -1: not given */
};

struct mff_row {
	double mff;
	int64_t nano; /* mff x 10^9, rounded */
};

struct ob_tariff {
	long extract_id;
	struct ob_arena keys;
	struct tariff_row *rows;
	size_t nrows;
	struct ob_strmap price_index; /* "HRG\x1fPOD\x1fYYYY" -> row */
	struct mff_row *mffs;
	size_t nmffs;
	struct ob_strmap mff_index; /* "PROVIDER\x1fYYYY" -> mff */
	struct ob_u64map years;	    /* years with at least one price */
};

/* ---- keys -------------------------------------------------------------- */

/* Append `s` to the key being built at k[*n]; 0 when it does not fit. */
static int key_add(char *k, size_t *n, const char *s, size_t len)
{
	if (*n + len + 1 > KEY_MAX)
		return 0;
	memcpy(k + *n, s, len);
	*n += len;
	return 1;
}

static int key_sep(char *k, size_t *n)
{
	return key_add(k, n, "\x1f", 1);
}

/* The year as four digits (1900-2100 fits; the caller checks the range). */
static int key_year(char *k, size_t *n, ob_fy year)
{
	char d[4];

	if (year < 1000 || year > 9999)
		return 0;
	d[0] = (char)('0' + year / 1000);
	d[1] = (char)('0' + year / 100 % 10);
	d[2] = (char)('0' + year / 10 % 10);
	d[3] = (char)('0' + year % 10);
	return key_add(k, n, d, 4);
}

static size_t price_key(char k[static KEY_MAX], ob_fy year, const char *hrg,
			const char *pod)
{
	size_t n = 0;

	if (key_add(k, &n, hrg, strlen(hrg)) && key_sep(k, &n) &&
	    key_add(k, &n, pod, strlen(pod)) && key_sep(k, &n) &&
	    key_year(k, &n, year))
		return n;
	return 0;
}

static size_t mff_key(char k[static KEY_MAX], ob_fy year, const char *provider)
{
	size_t n = 0;

	if (key_add(k, &n, provider, strlen(provider)) && key_sep(k, &n) &&
	    key_year(k, &n, year))
		return n;
	return 0;
}

/* Local prices: "PROVIDER\x1fHRG\x1fPOD", an empty part for "any
 * provider", "no HRG" and "no point of delivery". */
static size_t local_key(char k[static KEY_MAX], const char *provider,
			const char *hrg, const char *pod)
{
	size_t n = 0;

	provider = provider ? provider : "";
	hrg = hrg ? hrg : "";
	pod = pod ? pod : "";
	if (key_add(k, &n, provider, strlen(provider)) && key_sep(k, &n) &&
	    key_add(k, &n, hrg, strlen(hrg)) && key_sep(k, &n) &&
	    key_add(k, &n, pod, strlen(pod)))
		return n;
	return 0;
}

/* Store a key in the arena and put it into `map`; the first row of a key
 * wins (the tables' primary keys make duplicates impossible anyway). */
static enum ob_status index_put(struct ob_arena *a, struct ob_strmap *map,
				const char *k, size_t n, uint32_t value)
{
	char *copy = ob_arena_strndup(a, k, n);
	enum ob_status st;

	if (!copy)
		return OB_ENOMEM;
	st = ob_strmap_put(map, copy, n, value, NULL);
	return st == OB_EEXIST ? OB_OK : st;
}

/* ---- loading ----------------------------------------------------------- */

static enum ob_status db_fail(struct ob_error *err, sqlite3 *db,
			      const char *what)
{
	return ob_error_set(err, OB_EDB, NULL, 0, 0, "loading %s: %s", what,
			    sqlite3_errmsg(db));
}

static enum ob_status oom(struct ob_error *err, const char *what)
{
	return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
			    "out of memory loading %s", what);
}

static enum ob_status extract_exists(sqlite3 *db, long id, struct ob_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM extract WHERE id = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return db_fail(err, db, "the extract");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return OB_OK;
	if (rc == SQLITE_DONE)
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "extract %ld not found in the workspace",
				    id);
	return db_fail(err, db, "the extract");
}

static long count_rows(sqlite3 *db, const char *sql, long id)
{
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *pod_static(const unsigned char *s)
{
	for (size_t i = 0; s && i < sizeof(pod_names) / sizeof(*pod_names); i++)
		if (!strcmp((const char *)s, pod_names[i]))
			return pod_names[i];
	return NULL;
}

static enum ob_status load_prices(struct ob_tariff *t, sqlite3 *db,
				  struct ob_error *err)
{
	sqlite3_stmt *st;
	long n;
	int rc = SQLITE_DONE;
	enum ob_status s = OB_OK;

	n = count_rows(db, "SELECT count(*) FROM tariff WHERE extract_id = ?",
		       t->extract_id);
	if (n < 0)
		return db_fail(err, db, "tariff");
	t->rows = calloc(n ? (size_t)n : 1, sizeof(*t->rows));
	if (!t->rows)
		return oom(err, "the tariff");
	if (sqlite3_prepare_v2(db,
			       "SELECT financial_year, hrg, pod, price,"
			       " trim_days, excess_bed_day FROM tariff"
			       " WHERE extract_id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(err, db, "tariff");
	sqlite3_bind_int64(st, 1, t->extract_id);
	while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ob_fy year = sqlite3_column_int(st, 0);
		const unsigned char *hrg = sqlite3_column_text(st, 1);
		const char *pod = pod_static(sqlite3_column_text(st, 2));
		struct tariff_row *r;
		char k[KEY_MAX];
		size_t kn;

		if ((long)t->nrows >= n)
			break; /* rows added since the count: not ours */
		if (!hrg || !pod ||
		    !(kn = price_key(k, year, (const char *)hrg, pod)))
			continue; /* import never stores such a row */
		r = &t->rows[t->nrows];
		r->price = sqlite3_column_int64(st, 3);
		r->trim_days = sqlite3_column_type(st, 4) == SQLITE_NULL
				   ? -1
				   : sqlite3_column_int(st, 4);
		r->excess_bed_day = sqlite3_column_type(st, 5) == SQLITE_NULL
					? -1
					: sqlite3_column_int64(st, 5);
		s = index_put(&t->keys, &t->price_index, k, kn,
			      (uint32_t)t->nrows);
		if (!s) {
			s = ob_u64map_put(&t->years, (uint64_t)year, 1, NULL);
			if (s == OB_EEXIST)
				s = OB_OK;
		}
		t->nrows++;
	}
	if (!s && rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = db_fail(err, db, "tariff");
	else if (s)
		s = oom(err, "the tariff");
	sqlite3_finalize(st);
	return s;
}

static enum ob_status load_mffs(struct ob_tariff *t, sqlite3 *db,
				struct ob_error *err)
{
	sqlite3_stmt *st;
	long n;
	int rc = SQLITE_DONE;
	enum ob_status s = OB_OK;

	n = count_rows(db, "SELECT count(*) FROM mff WHERE extract_id = ?",
		       t->extract_id);
	if (n < 0)
		return db_fail(err, db, "mff");
	t->mffs = calloc(n ? (size_t)n : 1, sizeof(*t->mffs));
	if (!t->mffs)
		return oom(err, "the market forces factors");
	if (sqlite3_prepare_v2(db,
			       "SELECT financial_year, provider_code, mff"
			       " FROM mff WHERE extract_id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(err, db, "mff");
	sqlite3_bind_int64(st, 1, t->extract_id);
	while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ob_fy year = sqlite3_column_int(st, 0);
		const unsigned char *prov = sqlite3_column_text(st, 1);
		double v = sqlite3_column_double(st, 2);
		char k[KEY_MAX];
		size_t kn;

		if ((long)t->nmffs >= n)
			break;
		if (!prov || !(v > 0 && v < 100) ||
		    !(kn = mff_key(k, year, (const char *)prov)))
			continue; /* import keeps 0.5 <= mff <= 2 */
		t->mffs[t->nmffs].mff = v;
		t->mffs[t->nmffs].nano = llround(v * (double)MFF_SCALE);
		s = index_put(&t->keys, &t->mff_index, k, kn,
			      (uint32_t)t->nmffs);
		t->nmffs++;
	}
	if (!s && rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = db_fail(err, db, "mff");
	else if (s)
		s = oom(err, "the market forces factors");
	sqlite3_finalize(st);
	return s;
}

enum ob_status ob_tariff_load(struct ob_workspace *ws, long extract_id,
			      struct ob_tariff **out, struct ob_error *err)
{
	sqlite3 *db = ob_workspace_db(ws);
	struct ob_tariff *t;
	enum ob_status s;

	*out = NULL;
	if (extract_id <= 0 &&
	    (s = ob_workspace_latest_extract(ws, &extract_id, err)))
		return s;
	if ((s = extract_exists(db, extract_id, err)))
		return s;
	t = calloc(1, sizeof(*t));
	if (!t)
		return oom(err, "the tariff");
	t->extract_id = extract_id;
	ob_arena_init(&t->keys, 64 * 1024);
	ob_strmap_init(&t->price_index);
	ob_strmap_init(&t->mff_index);
	ob_u64map_init(&t->years);
	s = load_prices(t, db, err);
	if (!s)
		s = load_mffs(t, db, err);
	if (s) {
		ob_tariff_free(t);
		return s;
	}
	*out = t;
	return OB_OK;
}

void ob_tariff_free(struct ob_tariff *t)
{
	if (!t)
		return;
	ob_strmap_release(&t->price_index);
	ob_strmap_release(&t->mff_index);
	ob_u64map_release(&t->years);
	ob_arena_release(&t->keys);
	free(t->rows);
	free(t->mffs);
	free(t);
}

long ob_tariff_extract(const struct ob_tariff *t)
{
	return t->extract_id;
}

int ob_tariff_has_year(const struct ob_tariff *t, ob_fy year)
{
	uint32_t v;

	return year >= 0 && ob_u64map_get(&t->years, (uint64_t)year, &v);
}

static const struct tariff_row *find_price(const struct ob_tariff *t,
					   ob_fy year, const char *hrg,
					   const char *pod)
{
	char k[KEY_MAX];
	size_t n;
	uint32_t i;

	if (!hrg || !pod || !(n = price_key(k, year, hrg, pod)) ||
	    !ob_strmap_get(&t->price_index, k, n, &i))
		return NULL;
	return &t->rows[i];
}

static const struct mff_row *find_mff(const struct ob_tariff *t, ob_fy year,
				      const char *provider)
{
	char k[KEY_MAX];
	size_t n;
	uint32_t i;

	if (!provider || !(n = mff_key(k, year, provider)) ||
	    !ob_strmap_get(&t->mff_index, k, n, &i))
		return NULL;
	return &t->mffs[i];
}

int ob_tariff_price(const struct ob_tariff *t, ob_fy year, const char *hrg,
		    const char *pod, ob_pence *price, int *trim_days,
		    ob_pence *excess_bed_day)
{
	const struct tariff_row *r = find_price(t, year, hrg, pod);

	if (!r)
		return 0;
	if (price)
		*price = r->price;
	if (trim_days)
		*trim_days = r->trim_days;
	if (excess_bed_day)
		*excess_bed_day = r->excess_bed_day;
	return 1;
}

int ob_tariff_mff(const struct ob_tariff *t, ob_fy year, const char *provider,
		  double *mff)
{
	const struct mff_row *r = find_mff(t, year, provider);

	if (!r)
		return 0;
	if (mff)
		*mff = r->mff;
	return 1;
}

/* ---- pricing ----------------------------------------------------------- */

/* amount x nano / 10^9, rounded half away from zero (exact: 128 bits). */
static ob_pence apply_mff(ob_pence amount, int64_t nano)
{
	__int128 p = (__int128)amount * nano;
	int neg = p < 0;
	__int128 q;

	if (neg)
		p = -p;
	q = (p + MFF_SCALE / 2) / MFF_SCALE;
	return (ob_pence)(neg ? -q : q);
}

/* Tariff point of delivery of an event (NHS National Tariff Payment
 * System): admitted elective -> EL (elective and day case spell); any other
 * admission (emergency, maternity, other) -> NEL; outpatient -> OP;
 * A&E -> AE; other settings have none. */
static const char *event_pod(uint8_t setting, uint8_t admission)
{
	switch (setting) {
	case OB_SET_ADMITTED:
		return admission == OB_ADM_ELECTIVE ? "EL" : "NEL";
	case OB_SET_OUTPATIENT:
		return "OP";
	case OB_SET_AE:
		return "AE";
	default:
		return NULL;
	}
}

/* 1 when person p is registered with an MCP practice (one in a primary
 * care home) on `on`; registration spells are inclusive, open when reg_to
 * is OB_DATE_NONE (as derive.c reads them). */
static int mcp_registered(const struct ob_dataset *ds, uint32_t p, ob_date on)
{
	for (uint32_t r = ds->reg_start[p]; r < ds->reg_start[p + 1]; r++) {
		int32_t pr = ds->reg_practice[r];

		if (ds->reg_from[r] > on)
			break; /* spells are in date order */
		if (ds->reg_to[r] != OB_DATE_NONE && ds->reg_to[r] < on)
			continue;
		if (pr >= 0 && ds->practice_pch[pr] >= 0)
			return 1;
	}
	return 0;
}

/* Per-call state: what depends only on the provider, and the local
 * prices. */
struct pricing {
	const struct ob_tariff *t;
	const struct ob_dataset *ds;
	ob_fy year;
	int has_year;
	uint8_t *outside;	    /* per dataset provider */
	const struct mff_row **mff; /* per dataset provider, NULL none */
	struct ob_strmap local;	    /* local_key -> price index */
	struct ob_arena local_keys;
	const struct ob_tariff_local_price *prices;
};

static void pricing_release(struct pricing *c)
{
	free(c->outside);
	free(c->mff);
	ob_strmap_release(&c->local);
	ob_arena_release(&c->local_keys);
}

static int str_set(const char *s)
{
	return s && *s;
}

static enum ob_status pricing_init(struct pricing *c, const struct ob_tariff *t,
				   const struct ob_dataset *ds, ob_fy year,
				   const struct ob_tariff_local_price *local,
				   size_t nlocal, const char *const *outside,
				   size_t noutside, struct ob_error *err)
{
	size_t np = ds->nproviders;

	memset(c, 0, sizeof(*c));
	c->t = t;
	c->ds = ds;
	c->year = year;
	c->prices = local;
	c->has_year = ob_tariff_has_year(t, year);
	ob_strmap_init(&c->local);
	ob_arena_init(&c->local_keys, 4096);
	c->outside = calloc(np ? np : 1, sizeof(*c->outside));
	c->mff = calloc(np ? np : 1, sizeof(*c->mff));
	if (!c->outside || !c->mff)
		goto nomem;
	for (size_t i = 0; i < np; i++) {
		c->outside[i] = !ds->provider_in_system[i];
		for (size_t j = 0; j < noutside; j++)
			if (outside[j] &&
			    !strcmp(outside[j], ds->provider_code[i]))
				c->outside[i] = 1;
		c->mff[i] = find_mff(t, year, ds->provider_code[i]);
	}
	for (size_t i = 0; i < nlocal; i++) {
		const struct ob_tariff_local_price *l = &local[i];
		char k[KEY_MAX];
		size_t n;

		if (str_set(l->pod) &&
		    !pod_static((const unsigned char *)l->pod))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "local price %zu: pod '%s' is not "
					    "EL, NEL, OP or AE (or none)",
					    i + 1, l->pod);
		if (l->price < 0)
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "local price %zu: price cannot be "
					    "negative",
					    i + 1);
		n = local_key(k, l->provider, str_set(l->hrg) ? l->hrg : NULL,
			      str_set(l->pod) ? l->pod : NULL);
		if (!n)
			continue; /* longer than any code: matches nothing */
		if (index_put(&c->local_keys, &c->local, k, n, (uint32_t)i))
			goto nomem;
	}
	return OB_OK;
nomem:
	return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
			    "out of memory pricing out-of-area activity");
}

/* The local price of an event: the provider's own first, then one for
 * any provider; NULL when none. */
static const struct ob_tariff_local_price *find_local(const struct pricing *c,
						      const char *provider,
						      const char *hrg,
						      const char *pod)
{
	char k[KEY_MAX];
	size_t n;
	uint32_t i;

	if (!c->local.count)
		return NULL;
	if ((n = local_key(k, provider, hrg, pod)) &&
	    ob_strmap_get(&c->local, k, n, &i))
		return &c->prices[i];
	if ((n = local_key(k, NULL, hrg, pod)) &&
	    ob_strmap_get(&c->local, k, n, &i))
		return &c->prices[i];
	return NULL;
}

/*
 * Price one event into `pe` (already holding its identity, dates and
 * POD).  The checks run in a fixed order, so an event with several
 * problems always shows the same (first) reason.
 */
static void price_event(const struct pricing *c, int32_t provider,
			struct ob_priced_event *pe)
{
	const struct ob_tariff_local_price *l;
	const struct tariff_row *r;
	const struct mff_row *f;
	int spell =
	    pe->pod && (!strcmp(pe->pod, "EL") || !strcmp(pe->pod, "NEL"));

	pe->trim_days = -1;
	if (spell && pe->end != OB_DATE_NONE)
		pe->los = (int)(pe->end - pe->start);
	l = find_local(c, pe->provider, pe->hrg, pe->pod);
	if (l) {
		pe->base = pe->price = l->price;
		pe->mff = 1;
		pe->local = 1;
		return;
	}
	if (!pe->pod) {
		pe->exception = ob_ooa_no_pod;
		return;
	}
	if (!c->has_year) {
		pe->exception = ob_ooa_no_tariff_year;
		return;
	}
	if (!pe->hrg) {
		pe->exception = ob_ooa_no_hrg;
		return;
	}
	r = find_price(c->t, c->year, pe->hrg, pe->pod);
	if (!r) {
		pe->exception = ob_ooa_not_in_tariff;
		return;
	}
	pe->base = r->price;
	pe->trim_days = r->trim_days;
	if (spell && pe->end == OB_DATE_NONE) {
		pe->exception = ob_ooa_open_spell;
		return;
	}
	/* NTPS long-stay payment: each day beyond the trim point is paid at
	 * the HRG's excess bed-day price. */
	if (spell && r->trim_days >= 0 && r->excess_bed_day >= 0 &&
	    pe->los > r->trim_days) {
		pe->excess_days = pe->los - r->trim_days;
		pe->excess = (ob_pence)pe->excess_days * r->excess_bed_day;
	}
	f = provider >= 0 ? c->mff[provider] : NULL;
	if (!f) {
		pe->exception = ob_ooa_no_mff;
		return;
	}
	/* NTPS: the market forces factor multiplies the whole price. */
	pe->mff = f->mff;
	pe->price = apply_mff(pe->base + pe->excess, f->nano);
}

static enum ob_status push(struct ob_out_of_area_result *r, size_t *cap,
			   struct ob_priced_event **pe)
{
	if (r->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		struct ob_priced_event *ev =
		    realloc(r->events, ncap * sizeof(*ev));
		if (!ev)
			return OB_ENOMEM;
		r->events = ev;
		*cap = ncap;
	}
	*pe = &r->events[r->n++];
	memset(*pe, 0, sizeof(**pe));
	return OB_OK;
}

enum ob_status
ob_price_out_of_area(const struct ob_tariff *t, const struct ob_model *m,
		     ob_fy year, const struct ob_tariff_local_price *local,
		     size_t nlocal, const char *const *outside, size_t noutside,
		     struct ob_out_of_area_result *out, struct ob_error *err)
{
	const struct ob_dataset *ds = m->ds;
	struct pricing c;
	ob_date y0, y1;
	size_t cap = 0;
	enum ob_status s;

	memset(out, 0, sizeof(*out));
	out->year = year;
	if (year < 1900 || year > 2100)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "financial year %d is outside 1900/01 to "
				    "2100/01",
				    year);
	if ((s = pricing_init(&c, t, ds, year, local, nlocal, outside, noutside,
			      err))) {
		pricing_release(&c);
		return s;
	}
	y0 = ob_fy_start(year);
	y1 = ob_fy_end(year);
	for (uint32_t p = 0; p < ds->npersons; p++) {
		for (uint32_t e = ds->act_start[p]; e < ds->act_start[p + 1];
		     e++) {
			ob_date from = ds->act_from[e];
			int32_t pr = ds->act_provider[e];
			struct ob_priced_event *pe;

			if (from < y0)
				continue;
			if (from > y1)
				break; /* events are in date order */
			if (pr < 0 || (size_t)pr >= ds->nproviders ||
			    !c.outside[pr] || !mcp_registered(ds, p, from))
				continue;
			if (push(out, &cap, &pe)) {
				pricing_release(&c);
				return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
						    "out of memory pricing "
						    "out-of-area activity");
			}
			pe->event = e;
			pe->person = p;
			pe->provider = ds->provider_code[pr];
			pe->hrg = ds->act_hrg[e];
			pe->pod =
			    event_pod(ds->act_setting[e], ds->act_admission[e]);
			pe->start = from;
			pe->end = ds->act_to[e];
			price_event(&c, pr, pe);
			if (pe->exception) {
				out->n_exceptions++;
			} else {
				out->n_priced++;
				out->n_local += (size_t)pe->local;
				out->total += pe->price;
			}
		}
	}
	pricing_release(&c);
	return OB_OK;
}

void ob_out_of_area_release(struct ob_out_of_area_result *r)
{
	free(r->events);
	memset(r, 0, sizeof(*r));
}

/* ---- CSV --------------------------------------------------------------- */

static enum ob_status add_field(struct ob_buf *b, const char *s)
{
	return ob_csv_add_field(b, s ? s : "", s ? strlen(s) : 0);
}

static enum ob_status add_money(struct ob_buf *b, ob_pence p)
{
	char m[24];

	ob_pence_format(p, m);
	return ob_buf_addstr(b, m);
}

static enum ob_status add_date(struct ob_buf *b, ob_date d)
{
	char s[11];

	if (d == OB_DATE_NONE)
		return OB_OK;
	ob_date_format(d, s);
	return ob_buf_addstr(b, s);
}

static enum ob_status csv_row(struct ob_buf *b, const char *year,
			      const struct ob_priced_event *e,
			      const struct ob_dataset *ds)
{
	enum ob_status s;

	s = ob_buf_addf(b, "%s,%" PRIu32 ",%" PRIu32 ",", year, e->event,
			e->person);
	if (!s)
		s = add_field(b, e->provider);
	if (!s)
		s = ob_buf_addch(b, ',');
	if (!s)
		s = add_field(
		    b, e->event < ds->nact
			   ? ob_setting_name(
				 (enum ob_setting)ds->act_setting[e->event])
			   : NULL);
	if (!s)
		s = ob_buf_addch(b, ',');
	if (!s)
		s = add_field(b, e->pod);
	if (!s)
		s = ob_buf_addch(b, ',');
	if (!s)
		s = add_field(b, e->hrg);
	if (!s)
		s = ob_buf_addch(b, ',');
	if (!s)
		s = add_date(b, e->start);
	if (!s)
		s = ob_buf_addch(b, ',');
	if (!s)
		s = add_date(b, e->end);
	if (!s)
		s = ob_buf_addf(b, ",%d,", e->los);
	if (!s && e->trim_days >= 0)
		s = ob_buf_addf(b, "%d", e->trim_days);
	if (!s)
		s = ob_buf_addf(b, ",%d,", e->excess_days);
	if (!s)
		s = add_money(b, e->base);
	if (!s)
		s = ob_buf_addch(b, ',');
	if (!s)
		s = add_money(b, e->excess);
	if (!s)
		s = ob_buf_addf(b, ",%.10g,", e->mff);
	if (!s)
		s = add_money(b, e->price);
	if (!s)
		s = ob_buf_addstr(b, e->local ? ",Y," : ",N,");
	if (!s)
		s = add_field(b, e->exception);
	if (!s)
		s = ob_buf_addch(b, '\n');
	return s;
}

enum ob_status ob_out_of_area_write_csv(const struct ob_out_of_area_result *r,
					const struct ob_dataset *ds, FILE *out,
					struct ob_error *err)
{
	struct ob_buf b = OB_BUF_INIT;
	char year[8];
	int wfail = 0;
	enum ob_status s;

	ob_fy_format(r->year, year);
	s = ob_buf_addstr(&b, "year,event,person,provider,setting,pod,hrg,"
			      "start_date,end_date,los,trim_days,excess_days,"
			      "base,excess,mff,price,local,exception\n");
	for (size_t i = 0; !s && i < r->n; i++) {
		s = csv_row(&b, year, &r->events[i], ds);
		if (!s && b.len >= 64 * 1024) {
			wfail = fwrite(b.data, 1, b.len, out) != b.len;
			ob_buf_reset(&b);
			if (wfail)
				break;
		}
	}
	if (s) {
		ob_buf_release(&b);
		return ob_error_set(err, s, NULL, 0, 0,
				    "out of memory writing out-of-area "
				    "charges");
	}
	if (wfail || (b.len && fwrite(b.data, 1, b.len, out) != b.len) ||
	    ferror(out)) {
		ob_buf_release(&b);
		return ob_error_set(err, OB_EIO, NULL, 0, 0,
				    "writing out-of-area charges failed");
	}
	ob_buf_release(&b);
	return OB_OK;
}
