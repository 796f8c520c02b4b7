/*
 * synth-output.c - CSV rows of the synthetic extract, and the deliberate
 * defects that turn a good row into a bad one.
 *
 * A row is built field by field in its own fixed storage, then appended to
 * the chunk's buffer for its file with ob_csv_add_field() quoting.  Every
 * defect changes exactly one thing the importer checks (docs/extract.md,
 * "What import checks"), so each bad row is rejected on its own and no good
 * row is rejected because of it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/csv.h"

#include "synth-internal.h"

const char *const synth_header[OB_SYNTH_NFILES] = {
    "practice_code,practice_name,pch,locality,ccg",
    "lsoa_code,lsoa_name,la_code,la_name,imd_decile,imd_rank,locality,"
    "population",
    "provider_code,provider_name,in_system,alliance_member",
    "nhs_number,pseudonym,sex,birth_date,death_date,lsoa_code,"
    "practice_code,registered_from,registered_to,lives_alone",
    "person,code_system,code,recorded_date",
    "activity_id,person,provider_code,setting,start_date,end_date,"
    "admission_method,admission_source,discharge_destination,diagnoses,"
    "procedures,hrg,treatment_function,cost,delayed_days,"
    "care_home_permanent",
    "survey,financial_year,respondent_id,person,practice_code,question,"
    "answer",
    "financial_year,budget_line,provider_code,amount",
    "financial_year,hrg,pod,price,trim_days,excess_bed_day",
    "financial_year,provider_code,mff",
};

/* ------------------------------------------------------------ buffers */

enum ob_status synth_out_init(struct synth_out *o, const struct synth_world *w)
{
	memset(o, 0, sizeof(*o));
	for (int f = 0; f < OB_SYNTH_NFILES; f++)
		ob_buf_init(&o->file[f]);
	o->ledger =
	    calloc((size_t)w->nyears * LINE_COUNT * (size_t)w->nprovider,
		   sizeof(*o->ledger));
	if (!o->ledger)
		return OB_ENOMEM;
	return OB_OK;
}

/* Empty the buffers (keeping their memory) and the counters, but not the
 * ledger, which accumulates over all the chunks a worker processes. */
void synth_out_reset(struct synth_out *o, const struct synth_world *w)
{
	(void)w;
	for (int f = 0; f < OB_SYNTH_NFILES; f++) {
		ob_buf_reset(&o->file[f]);
		o->rows[f] = 0;
		o->defects[f] = 0;
	}
	o->persons = o->registered_09a = o->registered_08y = 0;
	o->unregistered = o->births = o->deaths = 0;
}

void synth_out_release(struct synth_out *o)
{
	for (int f = 0; f < OB_SYNTH_NFILES; f++)
		ob_buf_release(&o->file[f]);
	free(o->ledger);
	o->ledger = NULL;
}

void synth_out_ledger_add(struct synth_out *o, const struct synth_world *w,
			  ob_fy fy, int line, int provider, ob_pence amount)
{
	int y = fy - w->first_year;

	if (y < 0 || y >= w->nyears || provider < 0)
		return;
	o->ledger[((size_t)y * LINE_COUNT + (size_t)line) *
		      (size_t)w->nprovider +
		  (size_t)provider] += amount;
}

/* ------------------------------------------------------------ rows */

void synth_row_start(struct synth_row *r, int file, int nfields)
{
	r->file = file;
	r->nfields = nfields;
	r->raw_field = -1;
	r->used = 0;
	for (int i = 0; i < nfields; i++)
		r->off[i] = r->len[i] = 0;
}

static void row_put(struct synth_row *r, int i, const char *s, size_t n)
{
	if (r->used + n + 1 > sizeof(r->store))
		n = r->used + 1 < sizeof(r->store)
			? sizeof(r->store) - r->used - 1
			: 0;
	memcpy(r->store + r->used, s, n);
	r->store[r->used + n] = '\0';
	r->off[i] = (unsigned short)r->used;
	r->len[i] = (unsigned short)n;
	r->used += n + 1;
}

void synth_row_set(struct synth_row *r, int i, const char *s)
{
	row_put(r, i, s, strlen(s));
}

void synth_row_setf(struct synth_row *r, int i, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(tmp))
		n = (int)sizeof(tmp) - 1;
	row_put(r, i, tmp, (size_t)n);
}

void synth_row_set_date(struct synth_row *r, int i, ob_date d)
{
	char tmp[11];

	if (d == OB_DATE_NONE) {
		row_put(r, i, "", 0);
		return;
	}
	ob_date_format(d, tmp);
	row_put(r, i, tmp, 10);
}

void synth_row_set_money(struct synth_row *r, int i, ob_pence p)
{
	char tmp[24];
	size_t n = ob_pence_format(p, tmp);

	row_put(r, i, tmp, n);
}

void synth_row_set_long(struct synth_row *r, int i, long v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%ld", v);

	row_put(r, i, tmp, n > 0 ? (size_t)n : 0);
}

const char *synth_row_get(const struct synth_row *r, int i)
{
	return r->store + r->off[i];
}

void synth_row_emit(struct synth_out *o, const struct synth_row *r)
{
	struct ob_buf *b = &o->file[r->file];
	enum ob_status st = OB_OK;

	if (o->status)
		return;
	for (int i = 0; i < r->nfields && !st; i++) {
		const char *s = r->store + r->off[i];

		if (i)
			st = ob_buf_addch(b, ',');
		if (st)
			break;
		if (i == r->raw_field)
			st = ob_buf_add(b, s, r->len[i]);
		else
			st = ob_csv_add_field(b, s, r->len[i]);
	}
	if (!st)
		st = ob_buf_addch(b, '\n');
	if (st)
		o->status = st;
	else
		o->rows[r->file]++;
}

/* ------------------------------------------------------------ defects */

void synth_defects_init(struct synth_defects *d, const struct synth_world *w,
			uint64_t stream, long person)
{
	memset(d, 0, sizeof(*d));
	d->w = w;
	d->rate = w->opt.defect_rate;
	d->person = person;
	d->birth = d->death = OB_DATE_NONE;
	ob_rng_seed(&d->rng, w->opt.seed, stream);
}

/* An NHS number with its check digit changed: 10 digits that fail the
 * modulus 11 check. */
static void bad_check_digit(const char *good, char out[16])
{
	size_t n = strlen(good);

	memcpy(out, good, n + 1);
	if (n)
		out[n - 1] = (char)('0' + (out[n - 1] - '0' + 1) % 10);
}

/* A valid NHS number that nobody in persons.csv has. */
static void ghost_person(const struct synth_defects *d, char out[16])
{
	long spare = d->w->nnhs - d->w->total;
	uint64_t n = synth_nhs_number(
	    d->w, d->w->total + (spare > 0 ? d->person % spare : 0));

	snprintf(out, 16, "%010llu", (unsigned long long)n);
}

/* 30 February of the date's year (or of 2019): never a calendar date. */
static void impossible_date(const char *good, char out[16])
{
	if (strlen(good) == 10)
		snprintf(out, 16, "%.4s-02-30", good);
	else
		snprintf(out, 16, "2019-02-30");
}

static ob_date field_date(const struct synth_row *r, int i)
{
	const char *s = synth_row_get(r, i);
	ob_date d;

	if (ob_date_parse(s, strlen(s), &d, NULL))
		return OB_DATE_NONE;
	return d;
}

static void bad_person_field(struct synth_defects *d, struct synth_row *r,
			     int col, int kind)
{
	char tmp[16];

	if (kind == 0) {
		bad_check_digit(synth_row_get(r, col), tmp);
		synth_row_set(r, col, tmp);
	} else {
		ghost_person(d, tmp);
		synth_row_set(r, col, tmp);
	}
}

/* Replace money by one of the usual spreadsheet faults. */
static void bad_money(struct ob_rng *rng, struct synth_row *r, int col)
{
	const char *s = synth_row_get(r, col);

	switch (ob_rng_below(rng, 3)) {
	case 0: /* a third decimal place */
		synth_row_setf(r, col, "%s5", s);
		break;
	case 1: /* a currency sign */
		synth_row_setf(r, col, "\xc2\xa3%s", s);
		break;
	default: /* a thousands separator (the field gets quoted) */
		synth_row_setf(r, col, "1,%s", s);
		break;
	}
}

static void bad_condition(struct synth_defects *d, struct synth_row *r)
{
	char tmp[32];
	const char *code = synth_row_get(r, CO_CODE);
	int snomed = strcmp(synth_row_get(r, CO_SYSTEM), "SNOMED") == 0;
	ob_date rec;

	switch (ob_rng_below(&d->rng, 7)) {
	case 0: /* ICD-10 with the leading letter keyed as a digit, or a
		 * SNOMED id with a wrong Verhoeff check digit */
		snprintf(tmp, sizeof(tmp), "%s", code);
		if (snomed) {
			size_t n = strlen(tmp);
			tmp[n - 1] = (char)('0' + (tmp[n - 1] - '0' + 1) % 10);
		} else {
			tmp[0] = tmp[0] == 'I'	 ? '1'
				 : tmp[0] == 'O' ? '0'
						 : '8';
		}
		synth_row_set(r, CO_CODE, tmp);
		break;
	case 1:
		synth_row_set(r, CO_SYSTEM, snomed ? "READ2" : "ICD9");
		break;
	case 2:
		impossible_date(synth_row_get(r, CO_DATE), tmp);
		synth_row_set(r, CO_DATE, tmp);
		break;
	case 3: /* recorded before the person was born */
		rec = d->birth != OB_DATE_NONE ? d->birth - 400
					       : ob_date_from_ymd(1950, 1, 1);
		if (rec < ob_date_from_ymd(1900, 1, 1))
			rec = ob_date_from_ymd(1900, 1, 1);
		synth_row_set_date(r, CO_DATE, rec);
		break;
	case 4:
		synth_row_set(r, CO_DATE, "");
		break;
	case 5:
		bad_person_field(d, r, CO_PERSON, 0);
		break;
	default:
		bad_person_field(d, r, CO_PERSON, 1);
		break;
	}
}

static void bad_activity(struct synth_defects *d, struct synth_row *r)
{
	const char *setting = synth_row_get(r, AC_SETTING);
	int admitted = strcmp(setting, "admitted") == 0;
	ob_date start = field_date(r, AC_START), end = field_date(r, AC_END);
	char tmp[256];

	for (;;) {
		switch (ob_rng_below(&d->rng, 15)) {
		case 0: /* end before start */
			if (!admitted || start == OB_DATE_NONE)
				continue;
			synth_row_set_date(r, AC_END, start - 3);
			synth_row_set(r, AC_DELAYED, "");
			return;
		case 1:
			synth_row_set(r, AC_SETTING,
				      admitted ? "inpatient" : "gp");
			return;
		case 2: /* a provider code that is not in providers.csv */
			synth_row_set(r, AC_PROVIDER, "RZZ99");
			return;
		case 3:
			bad_money(&d->rng, r, AC_COST);
			return;
		case 4: /* the same id as the person's previous good row */
			if (!d->last_id[0])
				continue;
			synth_row_set(r, AC_ID, d->last_id);
			return;
		case 5:
			bad_person_field(d, r, AC_PERSON, 1);
			return;
		case 6:
			bad_person_field(d, r, AC_PERSON, 0);
			return;
		case 7: /* a required field left empty */
			synth_row_set(r, AC_PROVIDER, "");
			return;
		case 8: /* text after a closing quote: "I10X"X */
			snprintf(tmp, sizeof(tmp), "\"%s\"X",
				 synth_row_get(r, AC_SETTING));
			synth_row_set(r, AC_SETTING, tmp);
			r->raw_field = AC_SETTING;
			return;
		case 9:
			impossible_date(synth_row_get(r, AC_START), tmp);
			synth_row_set(r, AC_START, tmp);
			return;
		case 10:
			if (!admitted)
				continue;
			synth_row_set(r, AC_ADMIMETH, "");
			return;
		case 11: /* a primary diagnosis with a digit too many (the
			  * rest of the list may be cut; the bad code is
			  * first, so it always survives) */
			snprintf(tmp, sizeof(tmp), "R69X01%s%s",
				 *synth_row_get(r, AC_DIAG) ? ";" : "",
				 synth_row_get(r, AC_DIAG));
			synth_row_set(r, AC_DIAG, tmp);
			return;
		case 12: /* more delayed days than days in hospital */
			if (!admitted || start == OB_DATE_NONE ||
			    end == OB_DATE_NONE)
				continue;
			synth_row_set_long(r, AC_DELAYED,
					   (long)(end - start) + 2);
			return;
		case 13: /* after the person's death */
			if (d->death == OB_DATE_NONE)
				continue;
			synth_row_set_date(r, AC_START, d->death + 30);
			if (end != OB_DATE_NONE)
				synth_row_set_date(r, AC_END, d->death + 31);
			synth_row_set(r, AC_DELAYED, "");
			return;
		default: /* a HES null date */
			synth_row_set(r, AC_START, "1800-01-01");
			return;
		}
	}
}

static void bad_survey(struct synth_defects *d, struct synth_row *r)
{
	char tmp[64];
	const char *year = synth_row_get(r, SU_YEAR);
	ob_fy y;

	switch (ob_rng_below(&d->rng, 4)) {
	case 0: /* the second year does not follow the first */
		if (ob_fy_parse(year, strlen(year), &y, NULL))
			y = 2017;
		snprintf(tmp, sizeof(tmp), "%d/%02d", y, (y + 2) % 100);
		synth_row_set(r, SU_YEAR, tmp);
		break;
	case 1:
		synth_row_set(r, SU_ANSWER, "");
		break;
	case 2: /* a space inside the identifier */
		snprintf(tmp, sizeof(tmp), "R %s",
			 synth_row_get(r, SU_RESPONDENT));
		synth_row_set(r, SU_RESPONDENT, tmp);
		break;
	default:
		if (*synth_row_get(r, SU_PERSON))
			bad_person_field(d, r, SU_PERSON, 1);
		else
			synth_row_set(r, SU_PRACTICE, "E87999");
		break;
	}
}

static void bad_ledger(struct synth_defects *d, struct synth_row *r)
{
	switch (ob_rng_below(&d->rng, 3)) {
	case 0:
		bad_money(&d->rng, r, LE_AMOUNT);
		break;
	case 1: /* a financial year as some ledgers write it */
		synth_row_setf(r, LE_YEAR, "FY%.4s", synth_row_get(r, LE_YEAR));
		break;
	default:
		synth_row_set(r, LE_PROVIDER, "RZZ99");
		break;
	}
}

void synth_emit(struct synth_out *o, struct synth_defects *d,
		struct synth_row *r)
{
	int bad = 0;

	if (d && d->rate > 0.0) {
		switch (r->file) {
		case OB_SYNTH_CONDITIONS:
		case OB_SYNTH_ACTIVITY:
		case OB_SYNTH_SURVEYS:
		case OB_SYNTH_LEDGER:
			bad = ob_rng_uniform(&d->rng) < d->rate;
			break;
		default:
			break;
		}
	}
	if (bad) {
		switch (r->file) {
		case OB_SYNTH_CONDITIONS:
			bad_condition(d, r);
			break;
		case OB_SYNTH_ACTIVITY:
			bad_activity(d, r);
			break;
		case OB_SYNTH_SURVEYS:
			bad_survey(d, r);
			break;
		default:
			bad_ledger(d, r);
			break;
		}
		o->defects[r->file]++;
	} else if (d && r->file == OB_SYNTH_ACTIVITY) {
		snprintf(d->last_id, sizeof(d->last_id), "%s",
			 synth_row_get(r, AC_ID));
	}
	synth_row_emit(o, r);
}

/*
 * An extra persons.csv row for someone no other row mentions, with one
 * fault.  It copies the real person's first row (passed in as `r`) for
 * realism but is identified by a pseudonym of its own.
 */
void synth_defect_extra_person(struct synth_out *o, struct synth_defects *d,
			       const struct synth_row *model)
{
	struct synth_row r = *model;
	char tmp[32], good[16];
	ob_date birth = field_date(&r, PE_BIRTH);
	int registered = *synth_row_get(&r, PE_PRACTICE) != '\0';

	if (!(d->rate > 0.0) || ob_rng_uniform(&d->rng) >= d->rate)
		return;
	synth_row_set(&r, PE_NHS, "");
	synth_row_setf(&r, PE_PSEUDONYM, "SYNTHBAD%08ld-%d", d->person,
		       d->nbad_persons++);
	synth_row_set(&r, PE_DEATH, "");
	synth_row_set(&r, PE_TO, "");
	for (;;) {
		switch (ob_rng_below(&d->rng, 11)) {
		case 0: /* an NHS number with a wrong check digit */
			ghost_person(d, good);
			bad_check_digit(good, tmp);
			synth_row_set(&r, PE_NHS, tmp);
			synth_row_set(&r, PE_PSEUDONYM, "");
			break;
		case 1: /* both identifiers */
			ghost_person(d, tmp);
			synth_row_set(&r, PE_NHS, tmp);
			break;
		case 2:
			impossible_date(synth_row_get(&r, PE_BIRTH), tmp);
			synth_row_set(&r, PE_BIRTH, tmp);
			break;
		case 3: /* died before being born */
			if (birth == OB_DATE_NONE)
				continue;
			synth_row_set_date(&r, PE_DEATH, birth - 200);
			break;
		case 4:
			if (!registered)
				continue;
			synth_row_set(&r, PE_PRACTICE, "E87999");
			break;
		case 5:
			synth_row_set(&r, PE_LSOA, "E01099999");
			break;
		case 6: /* registration ends before it starts */
			if (!registered)
				continue;
			synth_row_set_date(&r, PE_TO,
					   field_date(&r, PE_FROM) - 10);
			break;
		case 7:
			synth_row_set(&r, PE_SEX, "");
			break;
		case 8:
			synth_row_set(&r, PE_SEX, "3");
			break;
		case 9: /* registered before birth */
			if (!registered || birth == OB_DATE_NONE)
				continue;
			synth_row_set_date(&r, PE_FROM, birth - 30);
			break;
		default: /* a birth date in the future */
			synth_row_set(&r, PE_BIRTH, "2099-06-01");
			synth_row_set(&r, PE_FROM,
				      registered ? "2099-07-01" : "");
			break;
		}
		break;
	}
	o->defects[OB_SYNTH_PERSONS]++;
	synth_row_emit(o, &r);
}
