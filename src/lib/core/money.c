/*
 * money.c - integer pence: parsing, formatting, rounding and exact splits.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/money.h"

enum ob_status ob_pence_parse(const char *s, size_t len, ob_pence *out,
			      struct ob_error *err)
{
	size_t i = 0, ndig = 0, nfrac = 0;
	int neg = 0;
	ob_pence pounds = 0, frac = 0;

	if (len && s[0] == '-')
		neg = 1, i = 1;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, ndig++) {
		if (pounds > OB_PENCE_MAX / 1000)
			goto range;
		pounds = pounds * 10 + (s[i] - '0');
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, nfrac++)
			if (nfrac < 2)
				frac = frac * 10 + (s[i] - '0');
		if (nfrac == 0)
			goto bad;
	}
	if (i != len || ndig == 0)
		goto bad;
	if (nfrac > 2)
		return ob_error_set(err, OB_EPARSE, NULL, 0, 0,
				    "'%.*s' has more than two decimal places "
				    "(expected pounds and pence, e.g. 1234.56)",
				    (int)(len > 40 ? 40 : len), s);
	if (nfrac == 1)
		frac *= 10;
	*out = (neg ? -1 : 1) * (pounds * 100 + frac);
	return OB_OK;
bad:
	return ob_error_set(err, OB_EPARSE, NULL, 0, 0,
			    "'%.*s' is not an amount of money (expected pounds "
			    "and pence, e.g. 1234.56, without a currency sign "
			    "or thousands separators)",
			    (int)(len > 40 ? 40 : len), s);
range:
	return ob_error_set(err, OB_EPARSE, NULL, 0, 0,
			    "'%.*s' is too large an amount of money",
			    (int)(len > 40 ? 40 : len), s);
}

size_t ob_pence_format(ob_pence p, char out[static 24])
{
	char tmp[24];
	size_t n = 0, o = 0;
	/* Work in unsigned to format INT64_MIN without overflow. */
	unsigned long long u = p < 0 ? 0ULL - (unsigned long long)p
				     : (unsigned long long)p;

	tmp[n++] = (char)('0' + u % 10);
	u /= 10;
	tmp[n++] = (char)('0' + u % 10);
	u /= 10;
	tmp[n++] = '.';
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (p < 0)
		tmp[n++] = '-';
	while (n)
		out[o++] = tmp[--n];
	out[o] = '\0';
	return o;
}

ob_pence ob_pence_round(double pence)
{
	return (ob_pence)(pence < 0 ? -floor(-pence + 0.5)
				    : floor(pence + 0.5));
}

ob_pence ob_pence_from_pounds_double(double pounds)
{
	/* Scale in long double so that e.g. 1.005 pounds, which is stored
	 * just below 1.005, is not turned into 100.49999.. pence by the
	 * multiplication itself; the decimal intent is kept to 1e-9. */
	long double v = (long double)pounds * 100.0L;
	long double r = v < 0 ? -floorl(-v + 0.5L + 1e-9L)
			      : floorl(v + 0.5L + 1e-9L);
	return (ob_pence)r;
}

struct remainder {
	size_t index;
	long double frac;       /* for the double version */
	unsigned __int128 rem;  /* for the integer version */
};

static int by_rem_desc(const void *a, const void *b)
{
	const struct remainder *x = a, *y = b;

	if (x->rem != y->rem)
		return x->rem < y->rem ? 1 : -1;
	if (x->frac != y->frac)
		return x->frac < y->frac ? 1 : -1;
	return x->index < y->index ? -1 : (x->index > y->index);
}

/* Hand the `left` pence still unallocated to the largest remainders. */
static enum ob_status distribute(struct remainder *r, size_t n, ob_pence left,
				 ob_pence *parts)
{
	qsort(r, n, sizeof(*r), by_rem_desc);
	for (size_t i = 0; left > 0; i = (i + 1) % n, left--)
		parts[r[i].index]++;
	return OB_OK;
}

enum ob_status ob_allocate_int(ob_pence total, const int64_t *weights,
			       size_t n, ob_pence *parts, struct ob_error *err)
{
	unsigned __int128 wsum = 0, t;
	struct remainder *r;
	ob_pence given = 0;
	int neg = total < 0;

	if (n == 0)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "nothing to allocate to");
	for (size_t i = 0; i < n; i++) {
		if (weights[i] < 0)
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "allocation weight %zu is negative",
					    i + 1);
		wsum += (unsigned __int128)weights[i];
	}
	if (wsum == 0)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "allocation weights are all zero");
	r = calloc(n, sizeof(*r));
	if (!r)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	t = (unsigned __int128)(neg ? -(__int128)total : (__int128)total);
	for (size_t i = 0; i < n; i++) {
		unsigned __int128 num = t * (unsigned __int128)weights[i];
		parts[i] = (ob_pence)(num / wsum);
		r[i].index = i;
		r[i].rem = num % wsum;
		given += parts[i];
	}
	distribute(r, n, (ob_pence)t - given, parts);
	free(r);
	if (neg)
		for (size_t i = 0; i < n; i++)
			parts[i] = -parts[i];
	return OB_OK;
}

enum ob_status ob_allocate(ob_pence total, const double *weights, size_t n,
			   ob_pence *parts, struct ob_error *err)
{
	long double wsum = 0, t;
	struct remainder *r;
	ob_pence given = 0;
	int neg = total < 0;

	if (n == 0)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "nothing to allocate to");
	for (size_t i = 0; i < n; i++) {
		if (!(weights[i] >= 0) || !isfinite(weights[i]))
			return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
					    "allocation weight %zu is negative "
					    "or not a number",
					    i + 1);
		wsum += weights[i];
	}
	if (wsum <= 0)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "allocation weights are all zero");
	r = calloc(n, sizeof(*r));
	if (!r)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	t = neg ? -(long double)total : (long double)total;
	for (size_t i = 0; i < n; i++) {
		long double exact = t * weights[i] / wsum;
		long double fl = floorl(exact);
		parts[i] = (ob_pence)fl;
		r[i].index = i;
		r[i].frac = exact - fl;
		given += parts[i];
	}
	/* Floors can only undershoot, but rounding in the exact shares may
	 * leave the sum a penny over; take it back from the smallest
	 * remainders so the parts always sum exactly. */
	if ((ob_pence)t - given < 0) {
		ob_pence over = given - (ob_pence)t;
		qsort(r, n, sizeof(*r), by_rem_desc);
		for (size_t i = n; over > 0 && i-- > 0;)
			if (parts[r[i].index] > 0)
				parts[r[i].index]--, over--;
	} else {
		distribute(r, n, (ob_pence)t - given, parts);
	}
	free(r);
	if (neg)
		for (size_t i = 0; i < n; i++)
			parts[i] = -parts[i];
	return OB_OK;
}

size_t ob_pence_format_grouped(ob_pence p, char out[static 32])
{
	char raw[24];
	const char *s = raw, *dot;
	size_t digits, o = 0;

	ob_pence_format(p, raw);
	if (*s == '-')
		out[o++] = *s++;
	dot = strchr(s, '.');
	digits = dot ? (size_t)(dot - s) : strlen(s);
	for (size_t i = 0; i < digits; i++) {
		if (i && (digits - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = s[i];
	}
	o += (size_t)snprintf(out + o, 32 - o, "%s", dot ? dot : "");
	return o;
}
