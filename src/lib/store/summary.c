/*
 * summary.c - the registered population by locality and primary care home.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "onebudget/summary.h"

struct group {
	char locality[16], pch[40];
	long practices, people, over65;
	double age_sum;
};

static struct group *find_group(struct group *g, size_t *n, size_t cap,
				const char *locality, const char *pch)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(g[i].locality, locality) && !strcmp(g[i].pch, pch))
			return &g[i];
	if (*n == cap)
		return NULL;
	memset(&g[*n], 0, sizeof(g[*n]));
	snprintf(g[*n].locality, sizeof(g[*n].locality), "%s", locality);
	snprintf(g[*n].pch, sizeof(g[*n].pch), "%s", pch);
	return &g[(*n)++];
}

static int by_name(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	int c = strcmp(x->locality, y->locality);

	return c ? c : strcmp(x->pch, y->pch);
}

static enum ob_status db_err(struct ob_error *err, sqlite3 *db)
{
	return ob_error_set(err, OB_EDB, NULL, 0, 0,
			    "reading the population: %s", sqlite3_errmsg(db));
}

enum ob_status ob_summary_population(struct ob_workspace *ws, long extract_id,
				     ob_date on, FILE *out,
				     struct ob_error *err)
{
	enum { MAXG = 256 };
	sqlite3 *db = ob_workspace_db(ws);
	struct group *g = calloc(MAXG, sizeof(*g)), total = { 0 };
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	long resident = 0;
	char day[11];
	int rc;

	if (!g)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	/* Practices per group. */
	if (sqlite3_prepare_v2(db,
			       "SELECT coalesce(locality, ''), coalesce(pch, '')"
			       " FROM practice WHERE extract_id = ?",
			       -1, &s, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_int64(s, 1, extract_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct group *x = find_group(
			g, &n, MAXG, (const char *)sqlite3_column_text(s, 0),
			(const char *)sqlite3_column_text(s, 1));
		if (x)
			x->practices++;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != SQLITE_DONE)
		goto dberr;
	if (sqlite3_prepare_v2(
		    db,
		    "SELECT coalesce(pr.locality, ''), coalesce(pr.pch, ''),"
		    " pe.birth_date FROM registration r"
		    " JOIN person pe ON pe.extract_id = r.extract_id"
		    "  AND pe.person = r.person"
		    " JOIN practice pr ON pr.extract_id = r.extract_id"
		    "  AND pr.practice_code = r.practice_code"
		    " WHERE r.extract_id = ?1 AND r.registered_from <= ?2"
		    " AND (r.registered_to IS NULL OR r.registered_to >= ?2)"
		    " AND pe.birth_date <= ?2"
		    " AND (pe.death_date IS NULL OR pe.death_date >= ?2)",
		    -1, &s, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_int64(s, 1, extract_id);
	sqlite3_bind_int(s, 2, on);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct group *x = find_group(
			g, &n, MAXG, (const char *)sqlite3_column_text(s, 0),
			(const char *)sqlite3_column_text(s, 1));
		int age = ob_age_on((ob_date)sqlite3_column_int(s, 2), on);
		if (!x)
			continue;
		x->people++;
		x->over65 += age >= 65;
		x->age_sum += age;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != SQLITE_DONE)
		goto dberr;
	if (sqlite3_prepare_v2(
		    db,
		    "SELECT count(*) FROM person pe JOIN area a"
		    " ON a.extract_id = pe.extract_id"
		    " AND a.lsoa_code = pe.lsoa_code"
		    " WHERE pe.extract_id = ?1 AND a.locality IS NOT NULL"
		    " AND pe.birth_date <= ?2"
		    " AND (pe.death_date IS NULL OR pe.death_date >= ?2)"
		    /* Still living here: registered somewhere on the day, or
		     * a resident known to be registered nowhere.  People whose
		     * registrations all ended have moved away. */
		    " AND (NOT EXISTS (SELECT 1 FROM registration r"
		    "       WHERE r.extract_id = pe.extract_id"
		    "       AND r.person = pe.person)"
		    "  OR EXISTS (SELECT 1 FROM registration r"
		    "       WHERE r.extract_id = pe.extract_id"
		    "       AND r.person = pe.person AND r.registered_from <= ?2"
		    "       AND (r.registered_to IS NULL"
		    "            OR r.registered_to >= ?2)))",
		    -1, &s, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_int64(s, 1, extract_id);
	sqlite3_bind_int(s, 2, on);
	if (sqlite3_step(s) == SQLITE_ROW)
		resident = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;

	qsort(g, n, sizeof(*g), by_name);
	ob_date_format(on, day);
	fprintf(out,
		"registered population on %s (extract %ld)\n\n"
		"%-10s %-18s %9s %9s %9s %7s %9s\n",
		day, extract_id, "locality", "primary care home", "practices",
		"people", "aged 65+", "% 65+", "mean age");
	for (size_t i = 0; i < n; i++) {
		const struct group *x = &g[i];
		int outside = !x->locality[0];
		fprintf(out, "%-10s %-18s %9ld %9ld %9ld %6.1f%% %9.1f\n",
			outside ? "-" : x->locality,
			outside ? "(outside the MCP)" : x->pch, x->practices,
			x->people, x->over65,
			x->people ? 100.0 * (double)x->over65 / (double)x->people
				  : 0.0,
			x->people ? x->age_sum / (double)x->people : 0.0);
		if (!outside) {
			total.practices += x->practices;
			total.people += x->people;
			total.over65 += x->over65;
			total.age_sum += x->age_sum;
		}
	}
	fprintf(out, "%-10s %-18s %9ld %9ld %9ld %6.1f%% %9.1f\n", "MCP", "",
		total.practices, total.people, total.over65,
		total.people ? 100.0 * (double)total.over65 /
				       (double)total.people
			     : 0.0,
		total.people ? total.age_sum / (double)total.people : 0.0);
	fprintf(out,
		"\nresident population of the MCP's areas on %s: %ld\n"
		"(registered and resident bases differ: people registered with\n"
		"practices outside the MCP but living in its areas, and the\n"
		"reverse)\n",
		day, resident);
	free(g);
	if (ferror(out))
		return ob_error_set(err, OB_EIO, NULL, 0, 0, "write failed");
	return OB_OK;
dberr:
	sqlite3_finalize(s);
	free(g);
	return db_err(err, db);
}
