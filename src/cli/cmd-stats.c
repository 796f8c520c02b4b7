/*
 * cmd-stats.c - `onebudget stats METHOD --input FILE.csv [options]`: the
 * public-health methods on aggregated data, without a workspace.
 *
 * The input is read whole into a list of rows, each tagged with its group;
 * the rows of each group are then handed to the library method in the
 * order the groups first appear.  Input errors name the file, the line and
 * the field and say what was expected.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/banned.h"
#include "onebudget/buf.h"
#include "onebudget/csv.h"
#include "onebudget/hashmap.h"
#include "onebudget/stats.h"

#include "cli.h"

static const char usage[] =
    "onebudget stats rate|dsr|proportion|mean|isr|sii|le --input FILE.csv "
    "[--group COL] [--count COL] [--pop COL] [--ageband COL] "
    "[--refcount COL] [--refpop COL] [--value COL] [--se COL] "
    "[--multiplier M] [--conf 0.95,0.998] [--standard esp2013|COL] "
    "[--limits phe|ccg-ois] [--age N] [--format table|csv]";

static void help(void)
{
	printf(
	    "usage: %s\n"
	    "\n"
	    "Compute a public-health statistic with its confidence limits for\n"
	    "each group of an aggregated CSV file, by the OHID/PHE methods\n"
	    "(docs/statistics.md).  Rows of the same group are combined.\n"
	    "\n"
	    "methods:\n"
	    "  rate        crude rate; exact limits below 10 events, Byar\n"
	    "  dsr         directly standardised rate, ESP2013, Dobson "
	    "limits;\n"
	    "              needs one row per age band 0-4 ... 90+ per group\n"
	    "  proportion  count out of pop, Wilson score limits\n"
	    "  mean        mean of the --value column, Student t limits\n"
	    "  isr         indirectly standardised ratio O/E by age band\n"
	    "  sii         slope index of inequality; rows are quantiles in\n"
	    "              order from most to least deprived\n"
	    "  le          life expectancy (Chiang II, Silcocks limits); one\n"
	    "              row per age band 0, 1-4, 5-9 ... 90+ per group\n"
	    "\n"
	    "options:\n"
	    "  --input FILE        the CSV file, with a header row\n"
	    "  --group COL         group column (default group; absent: one\n"
	    "                      group called 'all')\n"
	    "  --count COL         events or deaths (default count; empty = "
	    "0)\n"
	    "  --pop COL           population (default pop)\n"
	    "  --ageband COL       age band for dsr, isr, le (default "
	    "ageband)\n"
	    "  --refcount COL      reference events for isr (default "
	    "refcount)\n"
	    "  --refpop COL        reference population (default refpop)\n"
	    "  --value COL         values for mean (default value); for sii,\n"
	    "                      use this column instead of count/pop\n"
	    "  --se COL            standard errors for sii with --value\n"
	    "  --multiplier M      rate 100000, dsr 100000, proportion 1,\n"
	    "                      isr 1, sii 100000 (count/pop) or 1\n"
	    "  --conf LIST         confidence levels (default 0.95,0.998)\n"
	    "  --standard S        esp2013 (default) or a column of weights\n"
	    "  --limits L          dsr limits: phe (Byar, default) or ccg-ois\n"
	    "                      (exact below 389 events)\n"
	    "  --age N             le: the age to give expectancy at (0)\n"
	    "  --format F          table (default) or csv\n"
	    "\n"
	    "example:\n"
	    "  onebudget stats dsr --input deaths.csv --format csv\n",
	    usage);
}

enum method { M_RATE, M_DSR, M_PROPORTION, M_MEAN, M_ISR, M_SII, M_LE };
static const char *const method_names[] = {
    "rate", "dsr", "proportion", "mean", "isr", "sii", "le",
};
static const double default_multiplier[] = {100000, 100000, 1, 1, 1, 100000, 1};

struct srow {
	double count, pop, ref_count, ref_pop, weight, value, se;
	int age;
	long line;
	uint32_t group;
};

struct input {
	const char *file;
	struct srow *rows;
	size_t nrows, alloc;
	char **groups;
	size_t ngroups, galloc;
	struct ob_strmap map;
};

/* Column indices of the header; -1 when absent. */
struct cols {
	long group, count, pop, ageband, refcount, refpop, value, se, weight;
};

/* Shortest of %.15g, %.16g, %.17g that reads back as the same double. */
static void fmt_num(char *out, size_t size, double v)
{
	if (isnan(v)) {
		out[0] = '\0';
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		char *end;
		snprintf(out, size, "%.*g", prec, v);
		if (strtod(out, &end) == v)
			return;
	}
}

/* Parse a whole field as a finite number; empty gives `empty`. */
static int parse_num(const struct ob_csv_field *f, double empty, double *out)
{
	char *end;

	if (f->len == 0) {
		*out = empty;
		return isnan(empty) ? -1 : 0;
	}
	errno = 0;
	*out = strtod(f->ptr, &end);
	return errno || end != f->ptr + f->len || !isfinite(*out) ? -1 : 0;
}

/* First whole number in an age band label ("0-4" 0, "90+" 90, "1-4" 1);
 * a label starting with '<' ("<1") is the band from 0. */
static int parse_age(const struct ob_csv_field *f)
{
	const char *p = f->ptr, *e = f->ptr + f->len;
	long v = 0;

	while (p < e && *p == ' ')
		p++;
	if (p < e && *p == '<')
		return 0;
	if (p == e || *p < '0' || *p > '9')
		return -1;
	for (; p < e && *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > 200)
			return -1;
	}
	return (int)v;
}

static long find_col(const struct ob_csv_row *h, const char *name)
{
	for (size_t i = 0; i < h->nfields; i++)
		if (h->fields[i].len == strlen(name) &&
		    !memcmp(h->fields[i].ptr, name, h->fields[i].len))
			return (long)i;
	return -1;
}

static int missing_col(const char *file, const struct ob_csv_row *h,
		       const char *name, const char *opt)
{
	struct ob_buf b = OB_BUF_INIT;

	for (size_t i = 0; i < h->nfields; i++)
		ob_buf_addf(&b, "%s%s", i ? ", " : "", h->fields[i].ptr);
	error("%s:%ld: no column '%s' (set it with --%s; columns: %s)", file,
	      h->line, name, opt, b.data);
	ob_buf_release(&b);
	return 1;
}

static int group_index(struct input *in, const char *name, size_t len,
		       uint32_t *out)
{
	char *copy;

	if (ob_strmap_get(&in->map, name, len, out))
		return 0;
	if (in->ngroups == in->galloc) {
		size_t n = in->galloc ? 2 * in->galloc : 16;
		char **g = realloc(in->groups, n * sizeof(*g));
		if (!g)
			return -1;
		in->groups = g;
		in->galloc = n;
	}
	copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, name, len);
	copy[len] = '\0';
	in->groups[in->ngroups] = copy;
	*out = (uint32_t)in->ngroups++;
	if (ob_strmap_put(&in->map, copy, len, *out, NULL))
		return -1;
	return 0;
}

static void input_release(struct input *in)
{
	for (size_t i = 0; i < in->ngroups; i++)
		free(in->groups[i]);
	free(in->groups);
	free(in->rows);
	ob_strmap_release(&in->map);
}

/* Read a number from column `col` of `row`, or report where it is wrong. */
static int field_num(const struct input *in, const struct ob_csv_row *row,
		     long col, const char *name, double empty, double min,
		     int positive, double *out)
{
	const struct ob_csv_field *f = &row->fields[col];

	if (parse_num(f, empty, out) || *out < min ||
	    (positive && !(*out > 0))) {
		error("%s:%ld: %s: '%s' is not a number%s", in->file, row->line,
		      name, f->ptr,
		      positive	 ? " > 0"
		      : min == 0 ? " >= 0"
				 : "");
		return -1;
	}
	return 0;
}

static int read_input(struct input *in, const char *path, enum method m,
		      const char *const names[], int use_value, int use_weight)
{
	struct ob_csv_reader *r;
	struct ob_csv_row row;
	struct ob_error err;
	struct cols c;
	int ret = 1;

	ob_error_clear(&err);
	if (ob_csv_open(&r, path, NULL, &err))
		return report_error(&err);
	if (ob_csv_next(r, &row, &err)) {
		ob_csv_free(r);
		return report_error(&err);
	}
	if (row.eof) {
		error("%s: empty file (expected a header row)", path);
		ob_csv_free(r);
		return 1;
	}
	c.group = find_col(&row, names[0]);
	c.count = find_col(&row, names[1]);
	c.pop = find_col(&row, names[2]);
	c.ageband = find_col(&row, names[3]);
	c.refcount = find_col(&row, names[4]);
	c.refpop = find_col(&row, names[5]);
	c.value = find_col(&row, names[6]);
	c.se = find_col(&row, names[7]);
	c.weight = use_weight ? find_col(&row, names[8]) : -1;
	{
		static const char *const opt[] = {
		    "group",  "count", "pop", "ageband",  "refcount",
		    "refpop", "value", "se",  "standard",
		};
		long *idx[] = {&c.group,   &c.count,	&c.pop,
			       &c.ageband, &c.refcount, &c.refpop,
			       &c.value,   &c.se,	&c.weight};
		int need[9] = {0};
		need[1] = m != M_MEAN && !(m == M_SII && use_value);
		need[2] = m != M_MEAN;
		need[3] = m == M_DSR || m == M_ISR || m == M_LE;
		need[4] = need[5] = m == M_ISR;
		need[6] = m == M_MEAN || (m == M_SII && use_value);
		need[7] = m == M_SII && use_value;
		need[8] = use_weight;
		/* An explicit --group must exist; the default may be absent. */
		need[0] = strcmp(names[0], "group") != 0;
		for (int i = 0; i < 9; i++)
			if (need[i] && *idx[i] < 0) {
				missing_col(path, &row, names[i], opt[i]);
				ob_csv_free(r);
				return 1;
			}
	}
	for (;;) {
		struct srow s = {0};
		const char *gname = "all";
		size_t glen = 3;
		long maxcol = 0;
		if (ob_csv_next(r, &row, &err)) {
			report_error(&err);
			goto out;
		}
		if (row.eof)
			break;
		{
			long all[] = {c.group,	 c.count,    c.pop,
				      c.ageband, c.refcount, c.refpop,
				      c.value,	 c.se,	     c.weight};
			for (int i = 0; i < 9; i++)
				if (all[i] > maxcol)
					maxcol = all[i];
		}
		if ((long)row.nfields <= maxcol) {
			error("%s:%ld: %zu fields, expected %ld as in the "
			      "header",
			      path, row.line, row.nfields, maxcol + 1);
			goto out;
		}
		s.line = row.line;
		s.value = s.se = s.weight = s.ref_count = s.ref_pop = NAN;
		if (c.group >= 0) {
			gname = row.fields[c.group].ptr;
			glen = row.fields[c.group].len;
		}
		if (c.count >= 0 && m != M_MEAN && (m != M_SII || !use_value) &&
		    field_num(in, &row, c.count, names[1], 0, 0, 0, &s.count))
			goto out;
		if (m != M_MEAN && field_num(in, &row, c.pop, names[2], NAN, 0,
					     m != M_LE, &s.pop))
			goto out;
		if (m == M_PROPORTION && s.count > s.pop) {
			error("%s:%ld: %s: %g is more than %s %g (expected a "
			      "count out of the population)",
			      path, row.line, names[1], s.count, names[2],
			      s.pop);
			goto out;
		}
		if (c.ageband >= 0 && (m == M_DSR || m == M_ISR || m == M_LE)) {
			const struct ob_csv_field *f = &row.fields[c.ageband];
			int ok;
			s.age = parse_age(f);
			ok = m == M_LE ? ob_lifetable_band(s.age) >= 0
			     : m == M_DSR && !use_weight
				 ? ob_esp2013_band(s.age) >= 0
				 : s.age >= 0;
			if (!ok) {
				error("%s:%ld: %s: '%s' is not an age band "
				      "(expected %s)",
				      path, row.line, names[3], f->ptr,
				      m == M_LE ? "0, 1-4, 5-9, ..., 85-89, 90+"
				      : m == M_DSR && !use_weight
					  ? "0-4, 5-9, ..., "
					    "85-89, 90+"
					  : "a start age such "
					    "as 0-4 or 90+");
				goto out;
			}
		}
		if (m == M_ISR && (field_num(in, &row, c.refcount, names[4], 0,
					     0, 0, &s.ref_count) ||
				   field_num(in, &row, c.refpop, names[5], NAN,
					     0, 1, &s.ref_pop)))
			goto out;
		if ((m == M_MEAN || (m == M_SII && use_value)) &&
		    field_num(in, &row, c.value, names[6], NAN, -INFINITY, 0,
			      &s.value))
			goto out;
		if (m == M_SII && use_value &&
		    field_num(in, &row, c.se, names[7], NAN, 0, 0, &s.se))
			goto out;
		if (use_weight && field_num(in, &row, c.weight, names[8], NAN,
					    0, 0, &s.weight))
			goto out;
		if (group_index(in, gname, glen, &s.group))
			goto nomem;
		if (in->nrows == in->alloc) {
			size_t n = in->alloc ? 2 * in->alloc : 64;
			struct srow *v = realloc(in->rows, n * sizeof(*v));
			if (!v)
				goto nomem;
			in->rows = v;
			in->alloc = n;
		}
		in->rows[in->nrows++] = s;
	}
	if (!in->nrows) {
		error("%s: no data rows after the header", path);
		goto out;
	}
	ret = 0;
	goto out;
nomem:
	error("out of memory");
out:
	ob_csv_free(r);
	return ret;
}

struct outrow {
	const char *group;
	struct ob_estimate e;
};

struct printer {
	enum method m;
	int csv;
	const struct ob_conf_levels *conf;
	struct outrow *rows;
	size_t n;
};

static void level_label(char *out, size_t size, double level)
{
	char *p;

	snprintf(out, size, "%.10g", level * 100);
	for (p = out; *p; p++)
		if (*p == '.')
			*p = '_';
}

static int print_csv(const struct printer *pr)
{
	struct ob_buf b = OB_BUF_INIT;
	char num[40];
	int ret = 0, st = 0;

	st |= ob_buf_addstr(&b, "group,count,denominator,value");
	for (size_t i = 0; i < pr->conf->n; i++) {
		level_label(num, sizeof(num), pr->conf->level[i]);
		st |= ob_buf_addf(&b, ",lower_%s,upper_%s", num, num);
	}
	st |= ob_buf_addstr(&b, ",note\n");
	for (size_t r = 0; r < pr->n; r++) {
		const struct ob_estimate *e = &pr->rows[r].e;
		const char *g = pr->rows[r].group;
		if (*g)
			st |= ob_csv_add_field(&b, g, strlen(g));
		else
			st |= ob_buf_addstr(&b, "\"\"");
		fmt_num(num, sizeof(num), e->count);
		st |= ob_buf_addf(&b, ",%s", num);
		fmt_num(num, sizeof(num), e->denominator);
		st |= ob_buf_addf(&b, ",%s", num);
		fmt_num(num, sizeof(num), e->value);
		st |= ob_buf_addf(&b, ",%s", num);
		for (size_t i = 0; i < pr->conf->n; i++) {
			fmt_num(num, sizeof(num), e->ci[i].lower);
			st |= ob_buf_addf(&b, ",%s", num);
			fmt_num(num, sizeof(num), e->ci[i].upper);
			st |= ob_buf_addf(&b, ",%s", num);
		}
		st |= ob_buf_addch(&b, ',');
		if (e->note)
			st |= ob_csv_add_field(&b, e->note, strlen(e->note));
		st |= ob_buf_addch(&b, '\n');
		if (st) {
			error("out of memory");
			ret = 1;
			break;
		}
	}
	if (!ret)
		fwrite(b.data, 1, b.len, stdout);
	ob_buf_release(&b);
	return ret;
}

/* Table figures: 6 significant digits, "-" for none. */
static void fmt_short(char *out, size_t size, double v)
{
	if (isnan(v))
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%.6g", v);
}

/* Print a table line without its trailing blanks. */
static int put_line(struct ob_buf *line)
{
	while (line->len && line->data[line->len - 1] == ' ')
		ob_buf_setlen(line, line->len - 1);
	if (ob_buf_addch(line, '\n')) {
		error("out of memory");
		return 1;
	}
	fwrite(line->data, 1, line->len, stdout);
	ob_buf_reset(line);
	return 0;
}

static int print_table(const struct printer *pr, double multiplier)
{
	struct ob_buf line = OB_BUF_INIT;
	int gw = 5, st = 0, ret = 0;
	char a[40], b[40], lab[24], h[90];

	for (size_t r = 0; r < pr->n; r++) {
		int len = (int)strlen(pr->rows[r].group);
		if (len > gw)
			gw = len;
	}
	printf("%s, multiplier %g\n\n", method_names[pr->m], multiplier);
	st |= ob_buf_addf(&line, "%-*s %10s %12s %12s", gw, "group", "count",
			  "denominator", "value");
	for (size_t i = 0; i < pr->conf->n; i++) {
		level_label(lab, sizeof(lab), pr->conf->level[i]);
		for (char *p = lab; *p; p++)
			if (*p == '_')
				*p = '.';
		snprintf(h, sizeof(h), "%s%% limits", lab);
		st |= ob_buf_addf(&line, "  %-25s", h);
	}
	st |= ob_buf_addstr(&line, "  note");
	if (st || put_line(&line))
		goto fail;
	for (size_t r = 0; r < pr->n; r++) {
		const struct ob_estimate *e = &pr->rows[r].e;
		st |= ob_buf_addf(&line, "%-*s", gw, pr->rows[r].group);
		fmt_short(a, sizeof(a), e->count);
		st |= ob_buf_addf(&line, " %10s", a);
		fmt_short(a, sizeof(a), e->denominator);
		st |= ob_buf_addf(&line, " %12s", a);
		fmt_short(a, sizeof(a), e->value);
		st |= ob_buf_addf(&line, " %12s", a);
		for (size_t i = 0; i < pr->conf->n; i++) {
			fmt_short(a, sizeof(a), e->ci[i].lower);
			fmt_short(b, sizeof(b), e->ci[i].upper);
			if (isnan(e->ci[i].lower))
				snprintf(h, sizeof(h), "-");
			else
				snprintf(h, sizeof(h), "%s to %s", a, b);
			st |= ob_buf_addf(&line, "  %-25s", h);
		}
		st |= ob_buf_addf(&line, "  %s", e->note ? e->note : "");
		if (st || put_line(&line))
			goto fail;
	}
	goto out;
fail:
	if (st)
		error("out of memory");
	ret = 1;
out:
	ob_buf_release(&line);
	return ret;
}

static int parse_conf(const char *s, struct ob_conf_levels *conf)
{
	const char *p = s;

	conf->n = 0;
	for (;;) {
		char *end;
		double v;
		errno = 0;
		v = strtod(p, &end);
		if (errno || end == p || !(v > 0 && v < 1) ||
		    conf->n == OB_STATS_LEVELS_MAX ||
		    (*end != ',' && *end != '\0')) {
			error("--conf '%s' is not a list of 1 to %d levels "
			      "between 0 and 1 (e.g. 0.95,0.998)",
			      s, OB_STATS_LEVELS_MAX);
			return -1;
		}
		conf->level[conf->n++] = v;
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

/* Report a library error against the group (and line) it came from. */
static int group_error(const struct input *in, const char *group, long line,
		       const struct ob_error *err)
{
	error("%s:%ld: group '%s': %s", in->file, line, group, err->msg);
	return 1;
}

/* Compute one group's estimate from its rows v[0..n-1]. */
static int compute(const struct input *in, enum method m, struct srow **v,
		   size_t n, double multiplier, double exact_below, int age,
		   int use_weight, const struct ob_conf_levels *conf,
		   struct outrow *out)
{
	const char *g = in->groups[v[0]->group];
	struct ob_error err;
	double x = 0, pop = 0;
	enum ob_status st = OB_OK;

	ob_error_clear(&err);
	out->group = g;
	for (size_t i = 0; i < n; i++) {
		x += v[i]->count;
		pop += v[i]->pop;
	}
	switch (m) {
	case M_RATE:
		st = ob_rate(x, pop, multiplier, conf, &out->e, &err);
		break;
	case M_PROPORTION:
		if (x > pop) {
			error("%s: group '%s': count %g is more than pop %g",
			      in->file, g, x, pop);
			return 1;
		}
		st = ob_proportion(x, pop, multiplier, conf, &out->e, &err);
		break;
	case M_MEAN: {
		double *vals = malloc((n ? n : 1) * sizeof(*vals));
		if (!vals) {
			error("out of memory");
			return 1;
		}
		for (size_t i = 0; i < n; i++)
			vals[i] = v[i]->value;
		st = ob_mean(vals, n, conf, &out->e, &err);
		free(vals);
		if (!st && !isnan(out->e.value) && multiplier != 1) {
			out->e.value *= multiplier;
			for (size_t i = 0; i < conf->n; i++) {
				out->e.ci[i].lower *= multiplier;
				out->e.ci[i].upper *= multiplier;
			}
		}
		break;
	}
	case M_DSR: {
		struct ob_dsr_band *b = calloc(n, sizeof(*b));
		if (!b) {
			error("out of memory");
			return 1;
		}
		for (size_t i = 0; i < n; i++) {
			b[i].count = v[i]->count;
			b[i].pop = v[i]->pop;
			b[i].weight =
			    use_weight ? v[i]->weight
				       : ob_esp2013[ob_esp2013_band(v[i]->age)];
		}
		st = ob_dsr(b, n, multiplier, exact_below, conf, &out->e, &err);
		free(b);
		break;
	}
	case M_ISR: {
		struct ob_isr_band *b = calloc(n, sizeof(*b));
		if (!b) {
			error("out of memory");
			return 1;
		}
		for (size_t i = 0; i < n; i++) {
			b[i].count = v[i]->count;
			b[i].pop = v[i]->pop;
			b[i].ref_count = v[i]->ref_count;
			b[i].ref_pop = v[i]->ref_pop;
		}
		st = ob_isr(b, n, multiplier, conf, &out->e, &err);
		free(b);
		break;
	}
	case M_LE: {
		double d[OB_LIFETABLE_BANDS] = {0}, p[OB_LIFETABLE_BANDS];
		struct ob_lifetable lt;
		for (int i = 0; i < OB_LIFETABLE_BANDS; i++)
			p[i] = NAN;
		for (size_t i = 0; i < n; i++) {
			int k = ob_lifetable_band(v[i]->age);
			d[k] += v[i]->count;
			p[k] = isnan(p[k]) ? v[i]->pop : p[k] + v[i]->pop;
		}
		for (int i = 0; i < OB_LIFETABLE_BANDS; i++)
			if (isnan(p[i])) {
				error("%s: group '%s': no row for age band "
				      "starting at %d (expected all 20 bands "
				      "0, 1-4, 5-9, ..., 90+)",
				      in->file, g, ob_lifetable_start[i]);
				return 1;
			}
		st = ob_lifetable_compute(d, p, &lt, &err);
		if (!st)
			st = ob_life_expectancy(&lt, ob_lifetable_band(age),
						conf, &out->e, &err);
		break;
	}
	case M_SII:
		break;
	}
	if (st)
		return group_error(in, g, v[0]->line, &err);
	return 0;
}

/* dsr with ESP2013: every band exactly once per group. */
static int check_esp_bands(const struct input *in, struct srow **v, size_t n)
{
	long seen[OB_ESP2013_BANDS] = {0};
	const char *g = in->groups[v[0]->group];

	for (size_t i = 0; i < n; i++) {
		int k = ob_esp2013_band(v[i]->age);
		if (seen[k]) {
			error("%s:%ld: group '%s': age band starting at %d "
			      "again (first on line %ld)",
			      in->file, v[i]->line, g, v[i]->age, seen[k]);
			return 1;
		}
		seen[k] = v[i]->line;
	}
	for (int k = 0; k < OB_ESP2013_BANDS; k++)
		if (!seen[k]) {
			error("%s: group '%s': no row for age band %d-%d "
			      "(expected all 19 ESP2013 bands 0-4 ... 90+; "
			      "give a band with no events a count of 0)",
			      in->file, g, 5 * k, 5 * k + 4);
			return 1;
		}
	return 0;
}

static int run_sii(const struct input *in, struct srow **v, size_t n,
		   int use_value, double multiplier,
		   const struct ob_conf_levels *conf, struct printer *pr)
{
	struct ob_sii_quantile *q = calloc(n, sizeof(*q));
	struct ob_sii_result r;
	struct ob_error err;
	double x = 0, pop = 0;

	if (!q) {
		error("out of memory");
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		q[i].pop = v[i]->pop;
		if (use_value) {
			q[i].value = v[i]->value;
			q[i].se = v[i]->se;
		} else {
			q[i].value = v[i]->count / v[i]->pop * multiplier;
			q[i].se = sqrt(v[i]->count) / v[i]->pop * multiplier;
		}
		x += v[i]->count;
		pop += v[i]->pop;
	}
	ob_error_clear(&err);
	if (ob_sii(q, n, OB_SII_POP, conf, &r, &err)) {
		free(q);
		error("%s: %s", in->file, err.msg);
		return 1;
	}
	free(q);
	for (int k = 0; k < 2; k++) {
		struct outrow *o = &pr->rows[k];
		o->group = k ? "rii" : "sii";
		o->e.count = use_value ? NAN : x;
		o->e.denominator = pop;
		o->e.value = k ? r.rii : r.sii;
		o->e.nlevels = conf->n;
		o->e.note = NULL;
		for (size_t i = 0; i < conf->n; i++) {
			o->e.level[i] = conf->level[i];
			o->e.ci[i] = k ? r.rii_ci[i] : r.sii_ci[i];
		}
	}
	pr->n = 2;
	return 0;
}

int cmd_stats(int argc, char **argv)
{
	const char *input = NULL, *mult_s = NULL, *conf_s = "0.95,0.998",
		   *standard = "esp2013", *limits = "phe", *age_s = NULL,
		   *format = "table";
	const char *names[9] = {"group",  "count", "pop", "ageband", "refcount",
				"refpop", "value", "se",  NULL};
	const char *value_opt = NULL, *se_opt = NULL;
	const struct cli_option opts[] = {
	    {"input", 'i', OPT_STRING, &input, NULL},
	    {"group", 0, OPT_STRING, &names[0], NULL},
	    {"count", 0, OPT_STRING, &names[1], NULL},
	    {"pop", 0, OPT_STRING, &names[2], NULL},
	    {"ageband", 0, OPT_STRING, &names[3], NULL},
	    {"refcount", 0, OPT_STRING, &names[4], NULL},
	    {"refpop", 0, OPT_STRING, &names[5], NULL},
	    {"value", 0, OPT_STRING, &value_opt, NULL},
	    {"se", 0, OPT_STRING, &se_opt, NULL},
	    {"multiplier", 0, OPT_STRING, &mult_s, NULL},
	    {"conf", 0, OPT_STRING, &conf_s, NULL},
	    {"standard", 0, OPT_STRING, &standard, NULL},
	    {"limits", 0, OPT_STRING, &limits, NULL},
	    {"age", 0, OPT_STRING, &age_s, NULL},
	    {"format", 0, OPT_STRING, &format, NULL},
	    {0},
	};
	const char *pos[1];
	struct ob_conf_levels conf;
	struct input in = {0};
	struct printer pr = {0};
	struct srow **sorted = NULL;
	size_t *start = NULL;
	double multiplier, exact_below = OB_EXACT_NEVER;
	long age = 0;
	int npos = 0, r, m = -1, use_weight, use_value, ret = 1;

	r = cli_parse(argc, argv, opts, pos, 1, &npos, usage);
	if (r == 1) {
		help();
		return 0;
	}
	if (r)
		return r;
	if (npos != 1 || !input) {
		error("stats needs a METHOD and --input FILE\nusage: %s",
		      usage);
		return 2;
	}
	for (int i = 0; i < 7; i++)
		if (!strcmp(pos[0], method_names[i]))
			m = i;
	if (m < 0) {
		error("'%s' is not a method (expected rate, dsr, proportion, "
		      "mean, isr, sii or le)",
		      pos[0]);
		return 2;
	}
	if (strcmp(format, "table") && strcmp(format, "csv")) {
		error("--format '%s' is not table or csv", format);
		return 2;
	}
	if (!strcmp(limits, "ccg-ois"))
		exact_below = OB_EXACT_BELOW_CCG_OIS;
	else if (strcmp(limits, "phe")) {
		error("--limits '%s' is not phe or ccg-ois", limits);
		return 2;
	}
	if (parse_conf(conf_s, &conf))
		return 2;
	use_value = (m == M_SII && value_opt) || m == M_MEAN;
	if (value_opt)
		names[6] = value_opt;
	if (se_opt)
		names[7] = se_opt;
	if (m == M_SII && value_opt && !se_opt) {
		error("sii with --value needs --se COL (the standard errors)");
		return 2;
	}
	use_weight = m == M_DSR && strcmp(standard, "esp2013") != 0;
	names[8] = standard;
	multiplier = default_multiplier[m];
	if (m == M_SII && value_opt)
		multiplier = 1;
	if (mult_s &&
	    cli_parse_double("multiplier", mult_s, 1e-300, 1e300, &multiplier))
		return 2;
	if (age_s && (cli_parse_long("age", age_s, 0, 90, &age) ||
		      ob_lifetable_band((int)age) < 0)) {
		if (ob_lifetable_band((int)age) < 0)
			error("--age %s is not the start of a life-table band "
			      "(0, 1, 5, 10, ..., 90)",
			      age_s);
		return 2;
	}
	ob_strmap_init(&in.map);
	in.file = input;
	if (read_input(&in, input, (enum method)m, names, use_value,
		       use_weight))
		goto out;

	/* Order the rows by group (counting sort keeps file order). */
	sorted = malloc(in.nrows * sizeof(*sorted));
	start = calloc(in.ngroups + 1, sizeof(*start));
	pr.rows = calloc(in.ngroups > 2 ? in.ngroups : 2, sizeof(*pr.rows));
	if (!sorted || !start || !pr.rows) {
		error("out of memory");
		goto out;
	}
	for (size_t i = 0; i < in.nrows; i++)
		start[in.rows[i].group + 1]++;
	for (size_t g = 0; g < in.ngroups; g++)
		start[g + 1] += start[g];
	{
		size_t *fill =
		    calloc(in.ngroups ? in.ngroups : 1, sizeof(*fill));
		if (!fill) {
			error("out of memory");
			goto out;
		}
		for (size_t i = 0; i < in.nrows; i++) {
			uint32_t g = in.rows[i].group;
			sorted[start[g] + fill[g]++] = &in.rows[i];
		}
		free(fill);
	}
	pr.m = (enum method)m;
	pr.csv = !strcmp(format, "csv");
	pr.conf = &conf;
	if (m == M_SII) {
		/* Rows are the quantiles, in file order. */
		struct srow **v = malloc(in.nrows * sizeof(*v));
		if (!v) {
			error("out of memory");
			goto out;
		}
		for (size_t i = 0; i < in.nrows; i++)
			v[i] = &in.rows[i];
		r = run_sii(&in, v, in.nrows, value_opt != NULL, multiplier,
			    &conf, &pr);
		free(v);
		if (r)
			goto out;
	} else {
		for (size_t g = 0; g < in.ngroups; g++) {
			struct srow **v = sorted + start[g];
			size_t n = start[g + 1] - start[g];
			if (m == M_DSR && !use_weight &&
			    check_esp_bands(&in, v, n))
				goto out;
			if (compute(&in, (enum method)m, v, n, multiplier,
				    exact_below, (int)age, use_weight, &conf,
				    &pr.rows[pr.n]))
				goto out;
			pr.n++;
		}
	}
	ret = pr.csv ? print_csv(&pr) : print_table(&pr, multiplier);
out:
	free(pr.rows);
	free(sorted);
	free(start);
	input_release(&in);
	return ret;
}
