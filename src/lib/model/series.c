/*
 * series.c - a metric month by month with its XmR chart; see measures.h.
 *
 * One pass over the person-years of the years asked for: a person in the
 * metric's population adds their share of person-years to each month of
 * the year and their dated events to the month they fall in.  Units are
 * found as in measures.c; each unit's series is then charted with
 * ob_spc_xmr().
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/buf.h"
#include "onebudget/csv.h"
#include "onebudget/hashmap.h"
#include "onebudget/json.h"
#include "onebudget/measures.h"
#include "measures-internal.h"

#include "onebudget/banned.h"

/* Whether a numerator has a monthly form. */
static int monthly_quantity(enum ob_quantity q)
{
	switch (q) {
	case OB_Q_EMERGENCY_ADMISSIONS:
	case OB_Q_ACSC_ADMISSIONS:
	case OB_Q_ELECTIVE_ADMISSIONS:
	case OB_Q_CARE_HOME_ADMISSIONS:
	case OB_Q_DELAYED_DAYS:
	case OB_Q_DEATHS:
		return 1;
	default:
		return 0;
	}
}

/* Month index of a date from the start of financial year `first`, or -1
 * outside [0, nmonths). */
static int month_index(ob_date d, ob_fy first, int nmonths)
{
	int y, m, day, k;

	if (d == OB_DATE_NONE)
		return -1;
	ob_date_to_ymd(d, &y, &m, &day);
	k = (y - first) * 12 + (m - 4);
	return k >= 0 && k < nmonths ? k : -1;
}

/* Add person-year `y`'s events that count for `q` to months[]. */
static void add_events(const struct ob_model *mod,
		       const struct ob_person_year *y, enum ob_quantity q,
		       ob_fy first, int nmonths, double *months)
{
	const struct ob_dataset *ds = mod->ds;
	ob_date y0 = ob_fy_start(y->year), y1 = ob_fy_end(y->year);
	size_t p = y->person;

	if (q == OB_Q_DEATHS) {
		int k;
		if (y->died && (k = month_index(ds->death[p], first,
						nmonths)) >= 0)
			months[k] += 1;
		return;
	}
	for (uint32_t e = ds->act_start[p]; e < ds->act_start[p + 1]; e++) {
		ob_date when = q == OB_Q_DELAYED_DAYS ? ds->act_to[e]
						      : ds->act_from[e];
		int s = ds->act_setting[e], k;
		double add = 1;

		if (when == OB_DATE_NONE || when < y0 || when > y1)
			continue;
		switch (q) {
		case OB_Q_EMERGENCY_ADMISSIONS:
			if (s != OB_SET_ADMITTED ||
			    ds->act_admission[e] != OB_ADM_EMERGENCY)
				continue;
			break;
		case OB_Q_ACSC_ADMISSIONS:
			if (s != OB_SET_ADMITTED ||
			    ds->act_admission[e] != OB_ADM_EMERGENCY ||
			    ob_acsc_event(mod->acsc, ds, e) < 0)
				continue;
			break;
		case OB_Q_ELECTIVE_ADMISSIONS:
			if (s != OB_SET_ADMITTED ||
			    ds->act_admission[e] != OB_ADM_ELECTIVE)
				continue;
			break;
		case OB_Q_CARE_HOME_ADMISSIONS:
			if (s != OB_SET_CARE_HOME || ds->act_permanent[e] != 1)
				continue;
			break;
		case OB_Q_DELAYED_DAYS:
			if (s != OB_SET_ADMITTED || !ds->act_delayed[e])
				continue;
			add = ds->act_delayed[e];
			break;
		default:
			continue;
		}
		if ((k = month_index(when, first, nmonths)) >= 0)
			months[k] += add;
	}
}

/* A unit's sums by month, and by month and ESP2013 band for a DSR. */
struct unit_sums {
	const char *name;
	double *num, *den;   /* nmonths each */
	double *bnum, *bden; /* nmonths * OB_ESP2013_BANDS, DSR only */
};

/* The directly standardised rate of one month: sum of w_k x_k / n_k over
 * the bands with people, over the sum of w_k of all bands (ESP2013), as
 * ob_dsr() computes its value. */
static double month_dsr(const double *bnum, const double *bden)
{
	double v = 0, w = 0;

	for (int b = 0; b < OB_ESP2013_BANDS; b++) {
		w += ob_esp2013[b];
		if (bden[b] > 0)
			v += ob_esp2013[b] * bnum[b] / bden[b];
	}
	return v / w;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct ob_series_unit *)a)->unit,
		      ((const struct ob_series_unit *)b)->unit);
}

static enum ob_status chart(struct ob_series *out, struct unit_sums *u,
			    size_t nu, int nmonths, double mult, ob_fy first,
			    int dsr, struct ob_error *err)
{
	int start = 0;

	/* Months before the first event anywhere precede the extract's
	 * activity: they are not zeros to chart. */
	for (; start < nmonths; start++) {
		double any = 0;
		for (size_t i = 0; i < nu; i++)
			any += u[i].num[start];
		if (any > 0)
			break;
	}
	out->units = calloc(nu ? nu : 1, sizeof(*out->units));
	if (!out->units)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	for (size_t i = 0; i < nu; i++) {
		struct ob_series_unit *su = &out->units[out->n++];
		double *x;
		unsigned *flags;
		size_t nx = 0;

		snprintf(su->unit, sizeof(su->unit), "%s", u[i].name);
		su->points = calloc((size_t)nmonths, sizeof(*su->points));
		x = malloc((size_t)nmonths * sizeof(*x));
		flags = calloc((size_t)nmonths, sizeof(*flags));
		if (!su->points || !x || !flags) {
			free(x);
			free(flags);
			return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					    "out of memory");
		}
		for (int k = start; k < nmonths; k++) {
			struct ob_series_point *pt = &su->points[su->n];
			int y = first + (3 + k) / 12, m = (3 + k) % 12 + 1;

			if (!(u[i].den[k] > 0))
				continue;
			pt->month = ob_date_from_ymd(y, m, 1);
			pt->numerator = u[i].num[k];
			pt->denominator = u[i].den[k];
			pt->value =
			    (dsr ? month_dsr(&u[i].bnum[k * OB_ESP2013_BANDS],
					     &u[i].bden[k * OB_ESP2013_BANDS])
				 : pt->numerator / pt->denominator) *
			    mult;
			x[nx++] = pt->value;
			su->n++;
		}
		if (nx >= 2 && !ob_spc_xmr(x, nx, &su->xmr, flags, err)) {
			su->has_xmr = 1;
			for (size_t k = 0; k < nx; k++)
				su->points[k].flags = flags[k];
		}
		free(x);
		free(flags);
	}
	qsort(out->units, out->n, sizeof(*out->units), by_name);
	return OB_OK;
}

enum ob_status ob_measures_series(const struct ob_model *mod,
				  const struct ob_metric *m, ob_fy first,
				  ob_fy last, enum ob_measure_unit unit,
				  struct ob_series *out, struct ob_error *err)
{
	struct unit_sums *u = NULL;
	struct ob_strmap index;
	size_t nu = 0, cap = 0;
	int nmonths = (int)(last - first + 1) * 12;
	enum ob_status st = OB_OK;

	memset(out, 0, sizeof(*out));
	out->metric = m;
	out->first = first;
	out->last = last;
	int dsr = m->method == OB_METHOD_DSR;

	if ((m->method != OB_METHOD_CRUDE_RATE && !dsr) ||
	    !monthly_quantity(m->numerator) ||
	    m->denominator != OB_Q_PERSON_YEARS)
		return ob_error_set(
		    err, OB_EINVAL, NULL, 0, 0,
		    "metric '%s' has no monthly series (monthly values are "
		    "computed for crude or directly standardised rates of "
		    "dated events per person-year: admissions, delayed days, "
		    "deaths)",
		    m->id);
	if (last < first || nmonths > 12 * 50)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "the years of a series must run forwards "
				    "and span at most 50 years");
	ob_strmap_init(&index);
	for (size_t i = 0; i < mod->py.n && !st; i++) {
		const struct ob_person_year *y = &mod->py.rows[i];
		const char *name;
		uint32_t j;
		double py, events[12];
		int k0, band;

		if (y->year < first || y->year > last ||
		    !ob_measures_in_population(y, &m->population))
			continue;
		name = ob_measures_unit_name(mod->ds, y, unit);
		if (!ob_strmap_get(&index, name, strlen(name), &j)) {
			if (nu == cap) {
				size_t nc = cap ? 2 * cap : 16;
				struct unit_sums *nw =
				    realloc(u, nc * sizeof(*nw));
				if (!nw) {
					st = OB_ENOMEM;
					break;
				}
				u = nw;
				cap = nc;
			}
			memset(&u[nu], 0, sizeof(u[nu]));
			u[nu].name = name;
			u[nu].num = calloc((size_t)nmonths, sizeof(double));
			u[nu].den = calloc((size_t)nmonths, sizeof(double));
			if (dsr) {
				size_t nb = (size_t)nmonths * OB_ESP2013_BANDS;
				u[nu].bnum = calloc(nb, sizeof(double));
				u[nu].bden = calloc(nb, sizeof(double));
			}
			if (!u[nu].num || !u[nu].den ||
			    (dsr && (!u[nu].bnum || !u[nu].bden))) {
				free(u[nu].num);
				free(u[nu].den);
				free(u[nu].bnum);
				free(u[nu].bden);
				st = OB_ENOMEM;
				break;
			}
			j = (uint32_t)nu++;
			if (ob_strmap_put(&index, name, strlen(name), j,
					  NULL) == OB_ENOMEM) {
				st = OB_ENOMEM;
				break;
			}
		}
		/* Person-years of the year, spread over its months by days. */
		py = (double)y->mcp_days / y->days_in_year;
		k0 = (int)(y->year - first) * 12;
		band = y->age >= 90 ? 18 : y->age / 5;
		memset(events, 0, sizeof(events));
		add_events(mod, y, m->numerator, y->year, 12, events);
		for (int k = 0; k < 12; k++) {
			int yy = y->year + (3 + k) / 12, mm = (3 + k) % 12 + 1;
			ob_date a = ob_date_from_ymd(yy, mm, 1);
			ob_date b = mm == 12 ? ob_date_from_ymd(yy + 1, 1, 1)
					     : ob_date_from_ymd(yy, mm + 1, 1);
			double d = py * (double)(b - a) / y->days_in_year;

			u[j].den[k0 + k] += d;
			u[j].num[k0 + k] += events[k];
			if (dsr) {
				size_t at = (size_t)(k0 + k) * OB_ESP2013_BANDS +
					    (size_t)band;
				u[j].bden[at] += d;
				u[j].bnum[at] += events[k];
			}
		}
	}
	if (st)
		ob_error_set(err, st, NULL, 0, 0, "out of memory");
	else
		st = chart(out, u, nu, nmonths, m->multiplier, first, dsr,
			   err);
	for (size_t i = 0; i < nu; i++) {
		free(u[i].num);
		free(u[i].den);
		free(u[i].bnum);
		free(u[i].bden);
	}
	free(u);
	ob_strmap_release(&index);
	if (st)
		ob_series_release(out);
	return st;
}

void ob_series_release(struct ob_series *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->units[i].points);
	free(s->units);
	s->units = NULL;
	s->n = 0;
}

void ob_series_publish(struct ob_series *s)
{
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->units[i].n; k++) {
			struct ob_series_point *p = &s->units[i].points[k];
			if (p->numerator >= 1 && p->numerator <= 7) {
				p->numerator = NAN;
				p->value = NAN;
			} else {
				p->numerator = 5 * floor(p->numerator / 5 + 0.5);
			}
		}
}

const char *ob_spc_words(unsigned flags, char *out, size_t size)
{
	static const struct {
		unsigned flag;
		const char *word;
	} names[] = {
		{ OB_SPC_OUTSIDE, "outside limits" },
		{ OB_SPC_SHIFT, "shift" },
		{ OB_SPC_TREND, "trend" },
		{ OB_SPC_NEAR, "2 of 3 near limit" },
	};
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int n;
		if (!(flags & names[i].flag))
			continue;
		n = snprintf(out + len, size - len, "%s%s", len ? "; " : "",
			     names[i].word);
		if (n < 0 || (size_t)n >= size - len)
			return out;
		len += (size_t)n;
	}
	if (len)
		snprintf(out + len, size - len, " (%s)",
			 flags & OB_SPC_HIGH ? "high" : "low");
	return out;
}

enum ob_status ob_series_write(const struct ob_series *s,
			       enum ob_measures_format format, FILE *out,
			       struct ob_error *err)
{
	char words[96], month[11];

	if (format == OB_MEASURES_JSON) {
		fputs("{\"metric\": ", out);
		ob_json_string(out, s->metric->id);
		fputs(", \"units\": [", out);
		for (size_t i = 0; i < s->n; i++) {
			const struct ob_series_unit *u = &s->units[i];
			fputs(i ? ",\n  {\"unit\": " : "\n  {\"unit\": ", out);
			ob_json_string(out, u->unit);
			fputs(", \"mean\": ", out);
			ob_json_number(out, u->has_xmr ? u->xmr.mean : NAN);
			fputs(", \"lower\": ", out);
			ob_json_number(out, u->has_xmr ? u->xmr.lower : NAN);
			fputs(", \"upper\": ", out);
			ob_json_number(out, u->has_xmr ? u->xmr.upper : NAN);
			fputs(", \"points\": [", out);
			for (size_t k = 0; k < u->n; k++) {
				const struct ob_series_point *p = &u->points[k];
				ob_date_format(p->month, month);
				fprintf(out, "%s{\"month\": \"%.7s\", "
					     "\"numerator\": ",
					k ? ", " : "", month);
				ob_json_number(out, p->numerator);
				fputs(", \"denominator\": ", out);
				ob_json_number(out, p->denominator);
				fputs(", \"value\": ", out);
				ob_json_number(out, p->value);
				fputs(", \"special_cause\": ", out);
				ob_json_string(out, ob_spc_words(p->flags, words,
							       sizeof(words)));
				fputc('}', out);
			}
			fputs("]}", out);
		}
		fputs("]}\n", out);
	} else {
		int csv = format == OB_MEASURES_CSV;
		if (csv)
			fputs("metric,unit,month,numerator,denominator,value,"
			      "mean,lower,upper,special_cause\n",
			      out);
		else
			fprintf(out,
				"%s by month (XmR chart: mean and process "
				"limits mean -+ 2.66 x mean moving range; "
				"special causes by the NHS Making Data Count "
				"rules)\n\n%-18s %-7s %9s %11s %11s %11s %11s "
				"%11s  %s\n",
				s->metric->id, "unit", "month", "numerator",
				"denominator", "value", "mean", "lower",
				"upper", "special cause");
		for (size_t i = 0; i < s->n; i++) {
			const struct ob_series_unit *u = &s->units[i];
			double mean = u->has_xmr ? u->xmr.mean : NAN;
			double lo = u->has_xmr ? u->xmr.lower : NAN;
			double hi = u->has_xmr ? u->xmr.upper : NAN;

			for (size_t k = 0; k < u->n; k++) {
				const struct ob_series_point *p = &u->points[k];
				ob_date_format(p->month, month);
				ob_spc_words(p->flags, words, sizeof(words));
				if (csv) {
					struct ob_buf f = OB_BUF_INIT;
					ob_csv_add_field(&f, u->unit,
							 strlen(u->unit));
					fprintf(out,
						"%s,%s,%.7s,%.10g,%.10g,%.10g,"
						"%.10g,%.10g,%.10g,%s\n",
						s->metric->id,
						f.data ? f.data : "", month,
						p->numerator, p->denominator,
						p->value, mean, lo, hi, words);
					ob_buf_release(&f);
				} else {
					fprintf(out,
						"%-18.18s %.7s %9.6g %11.6g "
						"%11.6g %11.6g %11.6g %11.6g  "
						"%s\n",
						u->unit, month, p->numerator,
						p->denominator, p->value, mean,
						lo, hi, words);
				}
			}
		}
	}
	if (ferror(out))
		return ob_error_set(err, OB_EIO, NULL, 0, 0, "write failed");
	return OB_OK;
}
