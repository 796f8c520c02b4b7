/*
 * test-core.c - dates, financial years, money and exact allocation.
 */
#include <stdlib.h>

#include "onebudget/buf.h"
#include "onebudget/date.h"
#include "onebudget/money.h"

#include "test.h"

TEST(date_roundtrip_and_epoch)
{
	char s[11];
	ob_date d;

	ASSERT_INT_EQ(ob_date_from_ymd(1970, 1, 1), 0);
	ASSERT_INT_EQ(ob_date_from_ymd(2000, 3, 1), 11017);
	ASSERT_INT_EQ(ob_date_from_ymd(1969, 12, 31), -1);
	/* Every day from 1900 to 2100 survives a round trip. */
	for (d = ob_date_from_ymd(1900, 1, 1);
	     d <= ob_date_from_ymd(2100, 12, 31); d++) {
		int y, m, dd;
		ob_date_to_ymd(d, &y, &m, &dd);
		if (ob_date_from_ymd(y, m, dd) != d || !ob_date_valid(y, m, dd))
			TEST_FAIL_("day %d does not round-trip", (int)d);
	}
	ob_date_format(ob_date_from_ymd(2020, 2, 29), s);
	ASSERT_STR_EQ(s, "2020-02-29");
}

TEST(date_parse_rejects)
{
	struct ob_error err;
	ob_date d;

	ASSERT_OK(ob_date_parse("2019-02-28", 10, &d, &err));
	ASSERT_INT_EQ(ob_date_parse("2019-02-29", 10, &d, &err), OB_EPARSE);
	ASSERT_STR_EQ(err.msg, "'2019-02-29' is not a calendar date");
	ASSERT_INT_EQ(ob_date_parse("2019-2-28", 9, &d, &err), OB_EPARSE);
	ASSERT_INT_EQ(ob_date_parse("28/02/2019", 10, &d, &err), OB_EPARSE);
	ASSERT_STR_EQ(err.msg,
		      "'28/02/2019' is not a date (expected YYYY-MM-DD)");
	ASSERT_INT_EQ(ob_date_parse("2019-13-01", 10, &d, &err), OB_EPARSE);
	ASSERT_INT_EQ(ob_date_parse("1900-02-29", 10, &d, &err), OB_EPARSE);
	ASSERT_OK(ob_date_parse("2000-02-29", 10, &d, &err));
}

TEST(age_on_reference_date)
{
	ob_date b = ob_date_from_ymd(1950, 9, 30);

	ASSERT_INT_EQ(ob_age_on(b, ob_date_from_ymd(2019, 9, 29)), 68);
	ASSERT_INT_EQ(ob_age_on(b, ob_date_from_ymd(2019, 9, 30)), 69);
	/* 29 February birthdays arrive on 1 March in common years. */
	b = ob_date_from_ymd(2000, 2, 29);
	ASSERT_INT_EQ(ob_age_on(b, ob_date_from_ymd(2001, 2, 28)), 0);
	ASSERT_INT_EQ(ob_age_on(b, ob_date_from_ymd(2001, 3, 1)), 1);
	ASSERT_INT_EQ(ob_age_on(b, ob_date_from_ymd(2004, 2, 29)), 4);
}

TEST(financial_years)
{
	struct ob_error err;
	char s[8];
	ob_fy fy, a, b;

	ASSERT_INT_EQ(ob_fy_of(ob_date_from_ymd(2018, 3, 31)), 2017);
	ASSERT_INT_EQ(ob_fy_of(ob_date_from_ymd(2018, 4, 1)), 2018);
	ASSERT_INT_EQ(ob_fy_start(2019), ob_date_from_ymd(2019, 4, 1));
	ASSERT_INT_EQ(ob_fy_end(2019), ob_date_from_ymd(2020, 3, 31));
	ASSERT_INT_EQ(ob_fy_days(2019), 366); /* includes 29 Feb 2020 */
	ASSERT_INT_EQ(ob_fy_days(2018), 365);
	ASSERT_OK(ob_fy_parse("2017/18", 7, &fy, &err));
	ASSERT_INT_EQ(fy, 2017);
	ASSERT_OK(ob_fy_parse("1999-00", 7, &fy, &err));
	ASSERT_INT_EQ(fy, 1999);
	ASSERT_INT_EQ(ob_fy_parse("2017/19", 7, &fy, &err), OB_EPARSE);
	ASSERT_INT_EQ(ob_fy_parse("2017", 4, &fy, &err), OB_EPARSE);
	ob_fy_format(2099, s);
	ASSERT_STR_EQ(s, "2099/00");
	ASSERT_OK(ob_fy_range_parse("2016/17..2021/22", &a, &b, &err));
	ASSERT_INT_EQ(a, 2016);
	ASSERT_INT_EQ(b, 2021);
	ASSERT_INT_EQ(ob_fy_range_parse("2021/22..2016/17", &a, &b, &err),
		      OB_EINVAL);
}

TEST(money_parse_and_format)
{
	struct ob_error err;
	ob_pence p;
	char s[24];

	ASSERT_OK(ob_pence_parse("1234.56", 7, &p, &err));
	ASSERT_INT_EQ(p, 123456);
	ASSERT_OK(ob_pence_parse("-0.5", 4, &p, &err));
	ASSERT_INT_EQ(p, -50);
	ASSERT_OK(ob_pence_parse("80", 2, &p, &err));
	ASSERT_INT_EQ(p, 8000);
	ASSERT_OK(ob_pence_parse("122000000.00", 12, &p, &err));
	ASSERT_INT_EQ(p, 12200000000LL);
	ASSERT_INT_EQ(ob_pence_parse("12.345", 6, &p, &err), OB_EPARSE);
	ASSERT(strstr(err.msg, "more than two decimal places"));
	ASSERT_INT_EQ(ob_pence_parse("\xc2\xa3" "12", 4, &p, &err), OB_EPARSE);
	ASSERT_INT_EQ(ob_pence_parse("1,000", 5, &p, &err), OB_EPARSE);
	ASSERT_INT_EQ(ob_pence_parse("12.", 3, &p, &err), OB_EPARSE);
	ASSERT_INT_EQ(ob_pence_parse(".5", 2, &p, &err), OB_EPARSE);
	ASSERT_INT_EQ(ob_pence_parse("-", 1, &p, &err), OB_EPARSE);
	ASSERT_INT_EQ(ob_pence_parse("99999999999999999999", 20, &p, &err),
		      OB_EPARSE);
	ob_pence_format(-123456, s);
	ASSERT_STR_EQ(s, "-1234.56");
	ob_pence_format(5, s);
	ASSERT_STR_EQ(s, "0.05");
	ob_pence_format(INT64_MIN, s);
	ASSERT_STR_EQ(s, "-92233720368547758.08");
}

TEST(money_rounding_half_away_from_zero)
{
	ASSERT_INT_EQ(ob_pence_round(2.5), 3);
	ASSERT_INT_EQ(ob_pence_round(-2.5), -3);
	ASSERT_INT_EQ(ob_pence_round(2.4999), 2);
	ASSERT_INT_EQ(ob_pence_from_pounds_double(1.005), 101);
	ASSERT_INT_EQ(ob_pence_from_pounds_double(-1.005), -101);
	ASSERT_INT_EQ(ob_pence_from_pounds_double(0.285), 29);
	ASSERT_INT_EQ(ob_pence_from_pounds_double(122e6), 12200000000LL);
}

TEST(allocation_largest_remainder_sums_exactly)
{
	int64_t w3[] = { 1, 1, 1 };
	double wd[] = { 0.5, 0.25, 0.25 };
	ob_pence parts[3];
	struct ob_error err;

	ASSERT_OK(ob_allocate_int(100, w3, 3, parts, &err));
	ASSERT_INT_EQ(parts[0], 34); /* ties go to the lower index */
	ASSERT_INT_EQ(parts[1], 33);
	ASSERT_INT_EQ(parts[2], 33);
	ASSERT_OK(ob_allocate_int(-100, w3, 3, parts, &err));
	ASSERT_INT_EQ(parts[0], -34);
	ASSERT_INT_EQ(parts[1] + parts[2], -66);
	ASSERT_OK(ob_allocate(101, wd, 3, parts, &err));
	ASSERT_INT_EQ(parts[0] + parts[1] + parts[2], 101);
	ASSERT_INT_EQ(parts[0], 51); /* 50.5 has the largest remainder */
	int64_t zero[] = { 0, 0 };
	ASSERT_INT_EQ(ob_allocate_int(10, zero, 2, parts, &err), OB_EINVAL);
	int64_t neg[] = { 1, -1 };
	ASSERT_INT_EQ(ob_allocate_int(10, neg, 2, parts, &err), OB_EINVAL);
}

TEST(allocation_random_weights_always_sum)
{
	/* Property: for any weights the parts sum to the total and each part
	 * is within one penny of its exact share. */
	unsigned long long x = 88172645463325252ULL;
	for (int trial = 0; trial < 2000; trial++) {
		int64_t w[17];
		ob_pence parts[17], total, sum = 0;
		double wsum = 0;
		size_t n = 1 + trial % 17;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		total = (ob_pence)(x % 2000000000000ULL) - 1000000000000LL;
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			w[i] = (int64_t)(x % 1000000);
			wsum += (double)w[i];
		}
		if (wsum == 0)
			continue;
		ASSERT_OK(ob_allocate_int(total, w, n, parts, NULL));
		for (size_t i = 0; i < n; i++) {
			double exact = (double)total * (double)w[i] / wsum;
			sum += parts[i];
			if (fabs((double)parts[i] - exact) > 1.0 + 1e-6 * fabs(exact))
				TEST_FAIL_("part %zu is %lld, exact %f", i,
					   (long long)parts[i], exact);
		}
		ASSERT_INT_EQ(sum, total);
	}
}

TEST(buf_add_nothing_from_null)
{
	struct ob_buf b = OB_BUF_INIT;

	/* An empty column may be a NULL pointer: adding it is a no-op. */
	ASSERT_OK(ob_buf_add(&b, NULL, 0));
	ASSERT_INT_EQ(b.len, 0);
	ASSERT_OK(ob_buf_add(&b, "ab", 2));
	ASSERT_OK(ob_buf_add(&b, NULL, 0));
	ASSERT_STR_EQ(b.data, "ab");
	ob_buf_release(&b);
}
