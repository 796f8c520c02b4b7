/*
 * import-finance.c - the money files: ledger.csv, tariff.csv and mff.csv.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/buf.h"
#include "onebudget/codes.h"

#include "import-internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { LE_YEAR, LE_LINE, LE_PROVIDER, LE_AMOUNT };
static const struct colspec ledger_cols[] = {
	{ "financial_year", 1 },
	{ "budget_line", 1 },
	{ "provider_code", 0 },
	{ "amount", 1 },
};

int import_ledger(struct import_ctx *ctx)
{
	int r;

	if (import_open(ctx, OB_FILE_LEDGER, ledger_cols, COUNT(ledger_cols)))
		return -1;
	while ((r = import_next(ctx)) > 0) {
		struct ledger_row l = { 0 };
		struct ob_csv_field f;
		int bad = 0;
		uint32_t pv;

		if (import_fy(ctx, LE_YEAR, &l.year))
			bad = 1;
		l.line = import_ident(ctx, LE_LINE, 1, 32, &bad);
		f = import_field(ctx, LE_PROVIDER);
		if (!bad && f.len &&
		    !ob_strmap_get(&ctx->provider_by_code, f.ptr, f.len, &pv))
			bad = import_reject(ctx, LE_PROVIDER,
					    "provider is not in providers.csv");
		if (!bad && f.len)
			l.provider = VEC_AT(ctx->providers,
					    struct provider_row, pv)
					     .code;
		if (!bad && import_money(ctx, LE_AMOUNT, 1, &l.amount))
			bad = 1;
		if (!bad) {
			struct ledger_row *dst = vec_push(&ctx->ledger);
			if (!dst)
				return import_oom(ctx);
			*dst = l;
		}
		import_row_done(ctx);
	}
	return r;
}

enum { TA_YEAR, TA_HRG, TA_POD, TA_PRICE, TA_TRIM, TA_EXCESS };
static const struct colspec tariff_cols[] = {
	{ "financial_year", 1 }, { "hrg", 1 },       { "pod", 1 },
	{ "price", 1 },          { "trim_days", 0 }, { "excess_bed_day", 0 },
};

int import_tariff(struct import_ctx *ctx)
{
	static const char *const pods[] = { "EL", "NEL", "OP", "AE" };
	int r;

	if (import_open(ctx, OB_FILE_TARIFF, tariff_cols, COUNT(tariff_cols)))
		return -1;
	while ((r = import_next(ctx)) > 0) {
		struct tariff_row t = { 0 };
		struct ob_csv_field f;
		int bad = 0;

		t.excess = NO_VALUE;
		t.trim = NO_VALUE;
		if (import_fy(ctx, TA_YEAR, &t.year))
			bad = 1;
		f = import_field(ctx, TA_HRG);
		if (!bad && !ob_hrg_valid(f.ptr, f.len))
			bad = import_reject(ctx, TA_HRG,
					    "hrg '%.*s' is not an HRG4+ code (2 "
					    "letters, 2 digits, a letter)",
					    (int)(f.len > 10 ? 10 : f.len),
					    f.ptr);
		if (!bad)
			t.hrg = import_strdup(ctx, f.ptr, f.len);
		f = import_field(ctx, TA_POD);
		for (size_t i = 0; !bad && i < COUNT(pods); i++)
			if (strlen(pods[i]) == f.len &&
			    !memcmp(pods[i], f.ptr, f.len))
				t.pod = pods[i];
		if (!bad && !t.pod)
			bad = import_reject(ctx, TA_POD,
					    "pod '%.*s' is not EL, NEL, OP or "
					    "AE",
					    (int)(f.len > 10 ? 10 : f.len),
					    f.ptr);
		if (!bad && (import_money(ctx, TA_PRICE, 1, &t.price) ||
			     import_long(ctx, TA_TRIM, 0, 0, 3650, &t.trim) ||
			     import_money(ctx, TA_EXCESS, 0, &t.excess)))
			bad = 1;
		if (!bad && (t.price < 0 || (t.excess != NO_VALUE &&
					     t.excess < 0)))
			bad = import_reject(ctx, TA_PRICE,
					    "tariff prices cannot be negative");
		if (!bad && import_unique(ctx, TA_HRG,
					  "a price for this year, HRG and point "
					  "of delivery",
					  "T%d\x1f%s\x1f%s", (int)t.year, t.hrg,
					  t.pod))
			bad = 1;
		if (!bad) {
			struct tariff_row *dst = vec_push(&ctx->tariff);
			if (!dst)
				return import_oom(ctx);
			*dst = t;
		}
		import_row_done(ctx);
	}
	return r;
}

enum { MF_YEAR, MF_PROVIDER, MF_MFF };
static const struct colspec mff_cols[] = {
	{ "financial_year", 1 },
	{ "provider_code", 1 },
	{ "mff", 1 },
};

int import_mff(struct import_ctx *ctx)
{
	int r;

	if (import_open(ctx, OB_FILE_MFF, mff_cols, COUNT(mff_cols)))
		return -1;
	while ((r = import_next(ctx)) > 0) {
		struct mff_row m = { 0 };
		struct ob_csv_field f;
		int bad = 0;

		if (import_fy(ctx, MF_YEAR, &m.year))
			bad = 1;
		f = import_field(ctx, MF_PROVIDER);
		if (!bad && !ob_ods_org_valid(f.ptr, f.len))
			bad = import_reject(ctx, MF_PROVIDER,
					    "provider_code is not an ODS code "
					    "(3 to 6 of A-Z 0-9)");
		if (!bad)
			m.provider = import_strdup(ctx, f.ptr, f.len);
		f = import_field(ctx, MF_MFF);
		if (!bad) {
			char tmp[32], *end;
			double v;
			if (!f.len || f.len >= sizeof(tmp))
				goto badnum;
			memcpy(tmp, f.ptr, f.len);
			tmp[f.len] = '\0';
			if (!((tmp[0] >= '0' && tmp[0] <= '9')))
				goto badnum;
			errno = 0;
			v = strtod(tmp, &end);
			if (errno || *end || !isfinite(v))
				goto badnum;
			if (v < 0.5 || v > 2.0) {
				bad = import_reject(ctx, MF_MFF,
						    "mff %s is outside 0.5 to "
						    "2.0",
						    tmp);
			}
			m.mff = v;
			goto numdone;
badnum:
			bad = import_reject(ctx, MF_MFF,
					    "mff '%.*s' is not a decimal number "
					    "(e.g. 1.1345)",
					    (int)(f.len > 20 ? 20 : f.len),
					    f.ptr);
numdone:;
		}
		if (!bad && import_unique(ctx, MF_PROVIDER,
					  "a factor for this year and provider",
					  "M%d\x1f%s", (int)m.year, m.provider))
			bad = 1;
		if (!bad) {
			struct mff_row *dst = vec_push(&ctx->mff);
			if (!dst)
				return import_oom(ctx);
			*dst = m;
		}
		import_row_done(ctx);
	}
	return r;
}
