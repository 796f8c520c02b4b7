/*
 * test-acsc.c - the CCG OIS 2.6 chronic ACSC rule, filter by filter.
 */
#include "onebudget/acsc.h"

#include "test.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int match(const struct ob_acsc *a, const char *const *d, size_t nd,
		 const char *const *p, size_t np, int y, int m, int day)
{
	return ob_acsc_match(a, d, nd, p, np, ob_date_from_ymd(y, m, day));
}

TEST(acsc_condition_list_and_levels)
{
	struct ob_acsc *a;
	const char *asthma[] = { "J459" }, *status3[] = { "J46" },
		   *status4[] = { "J46X" }, *htn3[] = { "I10" },
		   *htn4[] = { "I10X" }, *i119[] = { "I119" },
		   *i110[] = { "I110" }, *i112[] = { "I112" },
		   *pneumonia[] = { "J189" }, *secondary[] = { "J189", "J45" };

	ASSERT_OK(ob_acsc_load(&a, NULL));
	ASSERT(ob_acsc_groups(a) >= 9);
	ASSERT(match(a, asthma, 1, NULL, 0, 2019, 6, 1) >= 0);
	ASSERT_STR_EQ(ob_acsc_group_name(a, match(a, asthma, 1, NULL, 0, 2019,
						  6, 1)),
		      "Asthma");
	/* HES pads 3-character codes with X: J46 and J46X are the same. */
	ASSERT(match(a, status3, 1, NULL, 0, 2019, 6, 1) >= 0);
	ASSERT(match(a, status4, 1, NULL, 0, 2019, 6, 1) >= 0);
	ASSERT(match(a, htn3, 1, NULL, 0, 2019, 6, 1) >= 0);
	ASSERT(match(a, htn4, 1, NULL, 0, 2019, 6, 1) >= 0);
	ASSERT(match(a, i119, 1, NULL, 0, 2019, 6, 1) >= 0);
	ASSERT(match(a, i110, 1, NULL, 0, 2019, 6, 1) >= 0);
	/* Only the listed 4-character codes of I11. */
	ASSERT_INT_EQ(match(a, i112, 1, NULL, 0, 2019, 6, 1), -1);
	ASSERT_INT_EQ(match(a, pneumonia, 1, NULL, 0, 2019, 6, 1), -1);
	/* Only the primary diagnosis decides. */
	ASSERT_INT_EQ(match(a, secondary, 2, NULL, 0, 2019, 6, 1), -1);
	ob_acsc_free(a);
}

TEST(acsc_extra_conditions)
{
	struct ob_acsc *a;
	const char *hf[] = { "I500" }, *cabg[] = { "K401" },
		   *k73[] = { "K731" }, *x3[] = { "X301" }, *x4[] = { "X401" },
		   *angina[] = { "I209" }, *u05[] = { "U051" },
		   *bronchitis[] = { "J209" },
		   *bronchitis_copd[] = { "J209", "E119", "J449" },
		   *hepb[] = { "B181" }, *hepb_sickle[] = { "B181", "D571" };

	ASSERT_OK(ob_acsc_load(&a, NULL));
	ASSERT(match(a, hf, 1, NULL, 0, 2019, 6, 1) >= 0);
	/* Heart failure with a cardiac procedure is excluded ... */
	ASSERT_INT_EQ(match(a, hf, 1, cabg, 1, 2019, 6, 1), -1);
	/* ... K73/K74 only from 1 April 2017. */
	ASSERT(match(a, hf, 1, k73, 1, 2017, 3, 31) >= 0);
	ASSERT_INT_EQ(match(a, hf, 1, k73, 1, 2017, 4, 1), -1);
	/* Angina: any procedure A-T, V, W, X0-X2, X4, X5 excludes. */
	ASSERT_INT_EQ(match(a, angina, 1, cabg, 1, 2019, 6, 1), -1);
	ASSERT_INT_EQ(match(a, angina, 1, x4, 1, 2019, 6, 1), -1);
	ASSERT(match(a, angina, 1, x3, 1, 2019, 6, 1) >= 0);
	ASSERT(match(a, angina, 1, u05, 1, 2019, 6, 1) >= 0);
	/* Acute bronchitis counts only with a chronic code somewhere. */
	ASSERT_INT_EQ(match(a, bronchitis, 1, NULL, 0, 2019, 6, 1), -1);
	ASSERT(match(a, bronchitis_copd, 3, NULL, 0, 2019, 6, 1) >= 0);
	/* Hepatitis B with sickle-cell disease is excluded. */
	ASSERT(match(a, hepb, 1, NULL, 0, 2019, 6, 1) >= 0);
	ASSERT_INT_EQ(match(a, hepb_sickle, 2, NULL, 0, 2019, 6, 1), -1);
	ob_acsc_free(a);
}
