/*
 * date.h - calendar dates and NHS financial years.
 *
 * A date is an `ob_date`: the number of days since 1970-01-01 in the
 * proleptic Gregorian calendar (negative before it).  Every date in the
 * system is a plain calendar date with no time zone.
 *
 * A financial year is an `ob_fy`: the calendar year in which it starts.
 * Financial year 2017/18 (value 2017) runs from 1 April 2017 to 31 March
 * 2018 inclusive.  It is written "2017/18".
 */
#ifndef ONEBUDGET_DATE_H
#define ONEBUDGET_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/error.h"

typedef int32_t ob_date;
typedef int ob_fy;

/* Sentinel for "no date" (an empty optional field). */
#define OB_DATE_NONE INT32_MIN

/* Days from y-m-d; the caller guarantees a valid date (see ob_date_valid). */
ob_date ob_date_from_ymd(int y, int m, int d);
void ob_date_to_ymd(ob_date date, int *y, int *m, int *d);
int ob_date_valid(int y, int m, int d);
int ob_is_leap_year(int y);
int ob_days_in_month(int y, int m);

/* Parse exactly "YYYY-MM-DD" (4-2-2 digits, a real calendar date).  Returns
 * OB_EPARSE with a message saying what was expected. */
enum ob_status ob_date_parse(const char *s, size_t len, ob_date *out,
			     struct ob_error *err);

/* Write "YYYY-MM-DD" and a NUL into `out` (at least 11 bytes). */
void ob_date_format(ob_date date, char out[static 11]);

/* Today's date: from SOURCE_DATE_EPOCH when it is set (reproducible
 * builds convention), else the system clock (UTC). */
ob_date ob_date_today(void);

/* The current time in UTC as "YYYY-MM-DDTHH:MM:SSZ" and a NUL, from
 * SOURCE_DATE_EPOCH when it is set, like ob_date_today(). */
void ob_timestamp_now(char out[static 21]);

/* Age in whole years on `on` of someone born on `birth` (birthdays on
 * 29 February fall on 1 March in common years). */
int ob_age_on(ob_date birth, ob_date on);

/* Financial years. */
ob_fy ob_fy_of(ob_date date);
ob_date ob_fy_start(ob_fy fy); /* 1 April */
ob_date ob_fy_end(ob_fy fy);   /* 31 March of the next year, inclusive */
int ob_fy_days(ob_fy fy);      /* 365 or 366 */

/* Parse "YYYY/YY" where YY is the next year's last two digits.  Also
 * accepts "YYYY-YY".  OB_EPARSE otherwise. */
enum ob_status ob_fy_parse(const char *s, size_t len, ob_fy *out,
			   struct ob_error *err);
/* Write "YYYY/YY" and a NUL (at least 8 bytes). */
void ob_fy_format(ob_fy fy, char out[static 8]);

/* Parse a range "2016/17..2021/22" (or a single year). */
enum ob_status ob_fy_range_parse(const char *s, ob_fy *first, ob_fy *last,
				 struct ob_error *err);

#endif
