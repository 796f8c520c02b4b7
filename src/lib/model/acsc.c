/*
 * acsc.c - the CCG OIS 2.6 chronic ACSC rule; see acsc.h.
 *
 * The reference file states each extra condition in words; the three forms
 * it uses are parsed here into prefix lists, and anything else is an error
 * naming the line, so a changed file cannot be misread silently.
 */
#include <stdlib.h>
#include <string.h>

#include "onebudget/acsc.h"
#include "onebudget/dataset.h"
#include "onebudget/codes.h"
#include "onebudget/csv.h"
#include "onebudget/refdata.h"

#define ACSC_FILE "codes/acsc_chronic_ccgois_2_6.csv"
#define MAX_PREFIXES 32
#define MAX_GROUPS 16

struct prefixes {
	char code[MAX_PREFIXES][6];
	int n;
};

struct acsc_rule {
	char code[6];    /* normalised, 3 or 4 characters */
	int level;       /* characters of the primary diagnosis compared */
	int group;
	struct prefixes exclude_diag, exclude_proc, require_diag;
	struct prefixes dated_proc; /* excluded only from dated_from */
	ob_date dated_from;
};

struct ob_acsc {
	struct acsc_rule *rules;
	size_t n;
	char groups[MAX_GROUPS][64];
	size_t ngroups;
};

/* Read the upper-case code tokens of `text` (letters followed by digits,
 * e.g. "K50", "A", "X0") into `p`. */
static int code_tokens(const char *text, size_t len, struct prefixes *p)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;
		if (text[i] >= 'A' && text[i] <= 'Z' &&
		    (i == 0 || text[i - 1] == ' ')) {
			j = i + 1;
			while (j < len && text[j] >= '0' && text[j] <= '9')
				j++;
			if ((j == len || text[j] == ' ') && j - i <= 4) {
				if (p->n == MAX_PREFIXES)
					return -1;
				memcpy(p->code[p->n], text + i, j - i);
				p->code[p->n][j - i] = '\0';
				p->n++;
			}
		}
		i = j + 1;
	}
	return 0;
}

static int parse_extra(const char *t, size_t len, struct acsc_rule *r)
{
	static const char excl_diag[] = "exclude if any diagnosis ";
	static const char excl_proc[] = "exclude if any procedure starts ";
	static const char only[] = "only if any diagnosis position contains ";
	const char *paren;

	if (len == 0)
		return 0;
	if (len > sizeof(excl_diag) - 1 &&
	    !memcmp(t, excl_diag, sizeof(excl_diag) - 1)) {
		paren = memchr(t, '(', len);
		return code_tokens(t + sizeof(excl_diag) - 1,
				   (size_t)((paren ? paren : t + len) - t) -
					   (sizeof(excl_diag) - 1),
				   &r->exclude_diag);
	}
	if (len > sizeof(excl_proc) - 1 &&
	    !memcmp(t, excl_proc, sizeof(excl_proc) - 1)) {
		const char *body = t + sizeof(excl_proc) - 1;
		paren = memchr(t, '(', len);
		if (code_tokens(body, (size_t)((paren ? paren : t + len) - body),
				&r->exclude_proc))
			return -1;
		/* "(K73/K74 from 2017-04-01)": those two only from then. */
		if (paren && strstr(paren, "K73/K74 from 2017-04-01")) {
			struct prefixes keep = { .n = 0 };
			for (int i = 0; i < r->exclude_proc.n; i++) {
				const char *c = r->exclude_proc.code[i];
				struct prefixes *dst =
					!strcmp(c, "K73") || !strcmp(c, "K74")
						? &r->dated_proc
						: &keep;
				memcpy(dst->code[dst->n++], c, 6);
			}
			r->exclude_proc = keep;
			r->dated_from = ob_date_from_ymd(2017, 4, 1);
		}
		return 0;
	}
	if (len > sizeof(only) - 1 && !memcmp(t, only, sizeof(only) - 1))
		return code_tokens(t + sizeof(only) - 1,
				   len - (sizeof(only) - 1), &r->require_diag);
	return -1;
}

void ob_acsc_free(struct ob_acsc *a)
{
	if (!a)
		return;
	free(a->rules);
	free(a);
}

enum ob_status ob_acsc_load(struct ob_acsc **out, struct ob_error *err)
{
	const struct ob_refdata_file *f = ob_refdata_find(ACSC_FILE);
	struct ob_csv_reader *csv = NULL;
	struct ob_csv_row row;
	struct ob_acsc *a;
	const char *p, *end;
	enum ob_status st;
	long skipped = 0;

	if (!f)
		return ob_error_set(err, OB_ENOTFOUND, ACSC_FILE, 0, 0,
				    "reference file missing from the build");
	a = calloc(1, sizeof(*a));
	if (!a)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	/* Skip the '#' comment lines that state the source. */
	p = (const char *)f->data;
	end = p + f->len;
	while (p < end && *p == '#') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
		skipped++;
	}
	st = ob_csv_open_mem(&csv, p, (size_t)(end - p), ACSC_FILE, err);
	if (st)
		goto fail;
	st = ob_csv_next(csv, &row, err); /* header */
	while (!st && !(st = ob_csv_next(csv, &row, err)) && !row.eof) {
		struct acsc_rule *r, *nr;
		char norm[6];
		size_t g, n;

		if (row.nfields != 6) {
			st = ob_error_set(err, OB_EPARSE, ACSC_FILE,
					  row.line + skipped, 0,
					  "expected 6 fields");
			break;
		}
		nr = realloc(a->rules, (a->n + 1) * sizeof(*nr));
		if (!nr) {
			st = ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					  "out of memory");
			break;
		}
		a->rules = nr;
		r = memset(&a->rules[a->n], 0, sizeof(*r));
		n = ob_icd10_normalise(row.fields[2].ptr, row.fields[2].len,
				       norm);
		r->level = !strcmp(row.fields[3].ptr, "DIAG_3_01")   ? 3
			   : !strcmp(row.fields[3].ptr, "DIAG_4_01") ? 4
								     : 0;
		if (!n || !r->level || n < (size_t)r->level ||
		    parse_extra(row.fields[5].ptr, row.fields[5].len, r)) {
			st = ob_error_set(err, OB_EPARSE, ACSC_FILE,
					  row.line + skipped, 0,
					  "cannot read this rule (code, match "
					  "level or extra condition)");
			break;
		}
		memcpy(r->code, norm, 6);
		for (g = 0; g < a->ngroups; g++)
			if (!strcmp(a->groups[g], row.fields[1].ptr))
				break;
		if (g == a->ngroups) {
			if (g == MAX_GROUPS) {
				st = ob_error_set(err, OB_EPARSE, ACSC_FILE,
						  row.line + skipped, 0,
						  "too many condition groups");
				break;
			}
			snprintf(a->groups[g], sizeof(a->groups[g]), "%s",
				 row.fields[1].ptr);
			a->ngroups++;
		}
		r->group = (int)g;
		a->n++;
	}
	ob_csv_free(csv);
	if (st)
		goto fail;
	*out = a;
	return OB_OK;
fail:
	ob_acsc_free(a);
	return st;
}

static int starts_with(const char *code, const char *prefix)
{
	return !strncmp(code, prefix, strlen(prefix));
}

static int any_prefix(const char *const *codes, size_t n,
		      const struct prefixes *p)
{
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < p->n; k++)
			if (starts_with(codes[i], p->code[k]))
				return 1;
	return 0;
}

int ob_acsc_match(const struct ob_acsc *a, const char *const *diagnoses,
		  size_t ndiag, const char *const *procedures, size_t nproc,
		  ob_date admitted)
{
	char primary[5];
	size_t len;

	if (!ndiag)
		return -1;
	/* The primary diagnosis padded to 4 characters with X, as HES does. */
	len = strlen(diagnoses[0]);
	memcpy(primary, diagnoses[0], len < 4 ? len : 4);
	if (len < 4)
		memset(primary + len, 'X', 4 - len);
	primary[4] = '\0';
	for (size_t i = 0; i < a->n; i++) {
		const struct acsc_rule *r = &a->rules[i];
		if (strncmp(primary, r->code, (size_t)r->level) != 0)
			continue;
		if (any_prefix(diagnoses, ndiag, &r->exclude_diag) ||
		    any_prefix(procedures, nproc, &r->exclude_proc) ||
		    (admitted >= r->dated_from &&
		     any_prefix(procedures, nproc, &r->dated_proc)))
			return -1;
		if (r->require_diag.n &&
		    !any_prefix(diagnoses, ndiag, &r->require_diag))
			return -1;
		return r->group;
	}
	return -1;
}

int ob_acsc_event(const struct ob_acsc *a, const struct ob_dataset *ds,
		  size_t e)
{
	const char *diag[24], *proc[24];
	size_t nd = 0, np = 0;

	for (uint32_t k = ds->act_diag[e]; k < ds->act_diag[e + 1] && nd < 24;
	     k++)
		diag[nd++] = ds->code_text[ds->diag_code[k]];
	for (uint32_t k = ds->act_proc[e]; k < ds->act_proc[e + 1] && np < 24;
	     k++)
		proc[np++] = ds->code_text[ds->proc_code[k]];
	return ob_acsc_match(a, diag, nd, proc, np, ds->act_from[e]);
}

size_t ob_acsc_groups(const struct ob_acsc *a)
{
	return a->ngroups;
}

const char *ob_acsc_group_name(const struct ob_acsc *a, int group)
{
	return group >= 0 && (size_t)group < a->ngroups ? a->groups[group]
						       : "?";
}
