/*
 * date.c - civil dates as day numbers, and financial years.
 *
 * Day numbers use the "days from civil" construction over 400-year eras
 * (H. Hinnant, chrono-compatible low-level date algorithms): a year starting
 * in March puts the leap day last, so day-of-year is a simple formula.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "onebudget/date.h"

int ob_is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int ob_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && ob_is_leap_year(y) ? 29 : days[m - 1];
}

int ob_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= ob_days_in_month(y, m);
}

ob_date ob_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (ob_date)(era * 146097 + doe - 719468);
}

void ob_date_to_ymd(ob_date date, int *y, int *m, int *d)
{
	long z = (long)date + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long dd = doy - (153 * mp + 2) / 5 + 1;
	long mm = mp < 10 ? mp + 3 : mp - 9;

	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

enum ob_status ob_date_parse(const char *s, size_t len, ob_date *out,
			     struct ob_error *err)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return ob_error_set(err, OB_EPARSE, NULL, 0, 0,
				    "'%.*s' is not a date (expected YYYY-MM-DD)",
				    (int)(len > 40 ? 40 : len), s);
	if (!ob_date_valid(y, m, d))
		return ob_error_set(err, OB_EPARSE, NULL, 0, 0,
				    "'%.*s' is not a calendar date", (int)len,
				    s);
	*out = ob_date_from_ymd(y, m, d);
	return OB_OK;
}

void ob_date_format(ob_date date, char out[static 11])
{
	int y, m, d;

	ob_date_to_ymd(date, &y, &m, &d);
	if (y < 0 || y > 9999) {
		memcpy(out, "0000-00-00", 11);
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* Seconds since the epoch: SOURCE_DATE_EPOCH when set, else the clock. */
static long long now_seconds(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long secs = -1;

	if (sde && *sde) {
		char *end;
		errno = 0;
		secs = strtoll(sde, &end, 10);
		if (errno || *end || secs < 0)
			secs = -1;
	}
	if (secs < 0)
		secs = (long long)time(NULL);
	return secs;
}

ob_date ob_date_today(void)
{
	return (ob_date)(now_seconds() / 86400);
}

void ob_timestamp_now(char out[static 21])
{
	long long secs = now_seconds();
	unsigned s = (unsigned)(secs % 86400);

	ob_date_format((ob_date)(secs / 86400), out);
	snprintf(out + 10, 11, "T%02u:%02u:%02uZ", s / 3600 % 24,
		 s / 60 % 60, s % 60);
}

int ob_age_on(ob_date birth, ob_date on)
{
	int by, bm, bd, y, m, d, age;

	ob_date_to_ymd(birth, &by, &bm, &bd);
	ob_date_to_ymd(on, &y, &m, &d);
	age = y - by;
	/* A 29 February birthday is reached on 1 March in common years. */
	if (bm == 2 && bd == 29 && !ob_is_leap_year(y))
		bm = 3, bd = 1;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

ob_fy ob_fy_of(ob_date date)
{
	int y, m, d;

	ob_date_to_ymd(date, &y, &m, &d);
	return m >= 4 ? y : y - 1;
}

ob_date ob_fy_start(ob_fy fy)
{
	return ob_date_from_ymd(fy, 4, 1);
}

ob_date ob_fy_end(ob_fy fy)
{
	return ob_date_from_ymd(fy + 1, 3, 31);
}

int ob_fy_days(ob_fy fy)
{
	return (int)(ob_fy_end(fy) - ob_fy_start(fy) + 1);
}

enum ob_status ob_fy_parse(const char *s, size_t len, ob_fy *out,
			   struct ob_error *err)
{
	int y, yy;

	if (len != 7 || (s[4] != '/' && s[4] != '-') || digits(s, 4, &y) ||
	    digits(s + 5, 2, &yy))
		return ob_error_set(err, OB_EPARSE, NULL, 0, 0,
				    "'%.*s' is not a financial year (expected "
				    "YYYY/YY, e.g. 2017/18)",
				    (int)(len > 40 ? 40 : len), s);
	if ((y + 1) % 100 != yy || y < 1900)
		return ob_error_set(err, OB_EPARSE, NULL, 0, 0,
				    "'%.*s' is not a financial year (the second "
				    "part must be the year after, e.g. %d/%02d)",
				    (int)len, s, y, (y + 1) % 100);
	*out = y;
	return OB_OK;
}

void ob_fy_format(ob_fy fy, char out[static 8])
{
	int yy = (fy + 1) % 100;

	if (fy < 1000 || fy > 9998) {
		memcpy(out, "0000/00", 8);
		return;
	}
	out[0] = (char)('0' + fy / 1000);
	out[1] = (char)('0' + fy / 100 % 10);
	out[2] = (char)('0' + fy / 10 % 10);
	out[3] = (char)('0' + fy % 10);
	out[4] = '/';
	out[5] = (char)('0' + yy / 10);
	out[6] = (char)('0' + yy % 10);
	out[7] = '\0';
}

enum ob_status ob_fy_range_parse(const char *s, ob_fy *first, ob_fy *last,
				 struct ob_error *err)
{
	const char *dots = strstr(s, "..");
	enum ob_status st;

	if (!dots) {
		st = ob_fy_parse(s, strlen(s), first, err);
		if (!st)
			*last = *first;
		return st;
	}
	st = ob_fy_parse(s, (size_t)(dots - s), first, err);
	if (!st)
		st = ob_fy_parse(dots + 2, strlen(dots + 2), last, err);
	if (!st && *last < *first)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "year range '%s' ends before it starts", s);
	return st;
}
