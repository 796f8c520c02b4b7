/*
 * test-dataset.c - loading an imported extract into columns, from the
 * database and from the column cache, which must agree exactly.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "onebudget/dataset.h"
#include "onebudget/import.h"

#include "test.h"

static int same_strings(const char *const *a, const char *const *b,
			size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((a[i] == NULL) != (b[i] == NULL) ||
		    (a[i] && strcmp(a[i], b[i]) != 0))
			return 0;
	return 1;
}

#define SAME(f, n) (memcmp(x->f, y->f, (n) * sizeof(*x->f)) == 0)

TEST(dataset_database_and_cache_agree)
{
	char dir[] = "/tmp/ob-dataset-XXXXXX", ws_dir[64], cache[128];
	struct ob_workspace *ws;
	struct ob_import_report rep;
	struct ob_dataset *x, *y;

	ASSERT(mkdtemp(dir));
	snprintf(ws_dir, sizeof(ws_dir), "%s/ws", dir);
	ASSERT_OK(ob_workspace_create(ws_dir, NULL, NULL));
	ASSERT_OK(ob_workspace_open(&ws, ws_dir, NULL));
	ASSERT_OK(ob_import(ws, "tests/data/extract-small", NULL, &rep, NULL));
	ASSERT_OK(ob_dataset_load(ws, 0, &x, NULL)); /* database */
	snprintf(cache, sizeof(cache), "%s/cache/extract-1.columns", ws_dir);
	ASSERT(access(cache, R_OK) == 0);
	ASSERT_OK(ob_dataset_load(ws, 0, &y, NULL)); /* cache */

	ASSERT_INT_EQ(x->npersons, 5);
	ASSERT_INT_EQ(x->nreg, 5);
	ASSERT_INT_EQ(x->nact, 6);
	ASSERT_INT_EQ(x->nsurvey, 3);
	ASSERT_INT_EQ(x->ncond, 3);
	ASSERT_INT_EQ(x->npch, 2);
	/* Events of a person are contiguous and in date order. */
	for (size_t p = 0; p < x->npersons; p++)
		for (uint32_t e = x->act_start[p] + 1; e < x->act_start[p + 1];
		     e++)
			ASSERT(x->act_from[e - 1] <= x->act_from[e]);
	/* The survey and question names are interned. */
	ASSERT(x->survey_name[0] == x->survey_name[1]);

	ASSERT_INT_EQ(y->npersons, x->npersons);
	ASSERT_INT_EQ(y->nact, x->nact);
	ASSERT_INT_EQ(y->ndiag, x->ndiag);
	ASSERT_INT_EQ(y->ncodes, x->ncodes);
	ASSERT_INT_EQ(y->nsurvey, x->nsurvey);
	ASSERT(same_strings(x->pseudonym, y->pseudonym, x->npersons));
	ASSERT(same_strings(x->code_text, y->code_text, x->ncodes));
	ASSERT(same_strings(x->act_hrg, y->act_hrg, x->nact));
	ASSERT(same_strings(x->survey_answer, y->survey_answer, x->nsurvey));
	ASSERT(SAME(birth, x->npersons) && SAME(death, x->npersons));
	ASSERT(SAME(reg_start, x->npersons + 1) && SAME(reg_from, x->nreg));
	ASSERT(SAME(act_start, x->npersons + 1) && SAME(act_cost, x->nact));
	ASSERT(SAME(act_from, x->nact) && SAME(act_to, x->nact));
	ASSERT(SAME(act_diag, x->nact + 1) && SAME(diag_code, x->ndiag));
	ASSERT(SAME(cond_code, x->ncond) && SAME(survey_person, x->nsurvey));

	ob_dataset_free(x);
	ob_dataset_free(y);
	ob_workspace_close(ws);
	{
		char cmd[160];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		ASSERT_INT_EQ(system(cmd), 0);
	}
}
