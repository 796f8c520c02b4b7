/*
 * money.h - money as integer pence, and exact splits.
 *
 * All money inside onebudget is `ob_pence` (int64_t pence).  Files carry
 * pounds with pence ("1234.56", "-0.5", "12"); there is no currency sign and
 * no thousands separator.  Rates and statistics are doubles; the only place a
 * double becomes money is ob_pence_from_pounds_double(), which rounds half
 * away from zero.
 */
#ifndef ONEBUDGET_MONEY_H
#define ONEBUDGET_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/error.h"

typedef int64_t ob_pence;

/* Largest magnitude accepted from text: £10^13 (ten trillion pounds). */
#define OB_PENCE_MAX ((ob_pence)1000000000000000LL)

/* Parse pounds: optional '-', digits, optionally '.' and one or two digits.
 * Exact: "12.345" is rejected (more than two decimal places). */
enum ob_status ob_pence_parse(const char *s, size_t len, ob_pence *out,
			      struct ob_error *err);

/* Write pounds with two decimals ("-1234.56") and a NUL; out >= 24 bytes.
 * Returns the length written. */
size_t ob_pence_format(ob_pence p, char out[static 24]);

/* The same with thousands separators, for reading ("-1,234,567.89");
 * out >= 32 bytes.  Returns the length written. */
size_t ob_pence_format_grouped(ob_pence p, char out[static 32]);

/* Round a double amount of pounds to pence, half away from zero. */
ob_pence ob_pence_from_pounds_double(double pounds);

/* Round a double amount of pence to whole pence, half away from zero. */
ob_pence ob_pence_round(double pence);

/*
 * Split `total` into `n` parts in proportion to `weights` (non-negative, not
 * all zero) by the largest-remainder method: each part gets the floor of its
 * exact share, and the pence left over go one each to the parts with the
 * largest fractional remainders (ties to the lower index).  The parts sum to
 * `total` exactly.  A negative total is split as -(split of -total).
 * Exact: shares are computed in 128-bit integer arithmetic when the weights
 * are integers (ob_allocate_int); the double version is for rates.
 * Returns OB_EINVAL for n == 0, a negative weight or all-zero weights.
 */
enum ob_status ob_allocate_int(ob_pence total, const int64_t *weights,
			       size_t n, ob_pence *parts, struct ob_error *err);
enum ob_status ob_allocate(ob_pence total, const double *weights, size_t n,
			   ob_pence *parts, struct ob_error *err);

#endif
