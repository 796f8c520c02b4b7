/*
 * synth-world.c - the fixed world of the synthetic extract: geography,
 * practices and primary care homes, providers, NHS numbers, the sizes of
 * the population groups and the calibration of mortality.
 *
 * Real reference data (embedded from data/geography/): the 35 Central
 * London CCG practices with their list sizes and postcodes, and the 128
 * Westminster LSOAs with IMD 2019 deciles, ranks and populations.
 * Everything else is synthetic and says so (docs/synthetic.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/codes.h"
#include "onebudget/csv.h"
#include "onebudget/refdata.h"

#include "synth-internal.h"

const char *const synth_locality_name[3] = {"north", "centre", "south"};

/* Share of residents of MSOAs 001-004 (Queen's Park and Paddington)
 * registered with West London CCG practices: assumption. */
#define QPP_08Y_SHARE 0.60
/* Residents registered with no practice, share of the resident population:
 * assumption (rough sleepers, recent arrivals; the seed notes Westminster
 * has 27% of London's rough sleepers). */
#define UNREGISTERED_SHARE 0.025
/* Share of a 09A practice's list living outside Westminster. */
#define OUTSIDE_SHARE 0.08
/* Weight of a Westminster LSOA in another locality than the practice's,
 * relative to one in its own locality. */
#define OTHER_LOCALITY_WEIGHT 0.12
/* Births per registered person per year (Westminster crude birth rate of
 * about 10.5 per 1,000: ONS births in England and Wales 2017, assumption
 * rounded). */
#define BIRTH_RATE 0.0105
/* In-migrants registering per registered person per year: set so that the
 * list stays roughly level (out-migration in synth-population.c). */
#define INMIGRATION_RATE 0.094

int synth_draw_cum(struct ob_rng *r, const double *cum, int n)
{
	double u = ob_rng_uniform(r) * cum[n - 1];
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (u < cum[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ------------------------------------------------------------ parsing */

/* Open the embedded CSV file `name` after its leading '#' comment lines. */
static enum ob_status open_refdata(const char *name, struct ob_csv_reader **rd,
				   struct ob_error *err)
{
	const struct ob_refdata_file *f = ob_refdata_find(name);
	const char *p, *end;

	if (!f)
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "reference file '%s' is not built in",
				    name);
	p = (const char *)f->data;
	end = p + f->len;
	while (p < end && *p == '#') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		p = nl ? nl + 1 : end;
	}
	return ob_csv_open_mem(rd, p, (size_t)(end - p), name, err);
}

static int column(const struct ob_csv_row *row, const char *name)
{
	for (size_t i = 0; i < row->nfields; i++)
		if (strcmp(row->fields[i].ptr, name) == 0)
			return (int)i;
	return -1;
}

static int parse_long_field(const struct ob_csv_field *f, long *out)
{
	char *end;
	long v;

	if (!f->len || f->len > 12)
		return -1;
	v = strtol(f->ptr, &end, 10);
	if (end != f->ptr + f->len)
		return -1;
	*out = v;
	return 0;
}

/* Locality of a practice from its postcode district (docs/synthetic.md):
 * W9, NW8, W2 north; W1*, WC*, NW1 centre; SW1*, SW7 south. */
static int postcode_locality(const char *pc)
{
	char district[8];
	size_t n = strcspn(pc, " ");

	if (n == 0 || n >= sizeof(district))
		return LOC_NONE;
	memcpy(district, pc, n);
	district[n] = '\0';
	if (!strcmp(district, "W9") || !strcmp(district, "NW8") ||
	    !strcmp(district, "W2"))
		return LOC_NORTH;
	if ((district[0] == 'W' && district[1] == '1') ||
	    (district[0] == 'W' && district[1] == 'C') ||
	    !strcmp(district, "NW1"))
		return LOC_CENTRE;
	if (!strncmp(district, "SW1", 3) || !strcmp(district, "SW7"))
		return LOC_SOUTH;
	return LOC_NONE;
}

static enum ob_status load_practices(struct synth_world *w,
				     struct ob_error *err)
{
	static const char name[] =
	    "geography/central_london_practices_2021.csv";
	struct ob_csv_reader *rd = NULL;
	struct ob_csv_row row;
	enum ob_status st;
	int c_code, c_pc, c_n, cap = 48;

	w->practice = calloc((size_t)cap, sizeof(*w->practice));
	if (!w->practice)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	if ((st = open_refdata(name, &rd, err)))
		return st;
	if ((st = ob_csv_next(rd, &row, err)) || row.eof)
		goto bad;
	c_code = column(&row, "practice_code");
	c_pc = column(&row, "postcode");
	c_n = column(&row, "registered_patients");
	if (c_code < 0 || c_pc < 0 || c_n < 0)
		goto bad;
	while (!(st = ob_csv_next(rd, &row, err)) && !row.eof) {
		struct synth_practice *p;
		long n;

		if (row.nfields < 3 || w->npractice >= cap - 8)
			goto bad;
		p = &w->practice[w->npractice];
		if (!ob_ods_practice_valid(row.fields[c_code].ptr,
					   row.fields[c_code].len) ||
		    parse_long_field(&row.fields[c_n], &n) || n < 0 ||
		    row.fields[c_pc].len >= sizeof(p->postcode))
			goto bad;
		memcpy(p->code, row.fields[c_code].ptr, 6);
		memcpy(p->postcode, row.fields[c_pc].ptr, row.fields[c_pc].len);
		p->list_size = n;
		p->locality = postcode_locality(p->postcode);
		if (p->locality == LOC_NONE)
			goto bad;
		snprintf(p->name, sizeof(p->name), "Practice %s (%s)", p->code,
			 p->postcode);
		w->npractice++;
	}
	if (st)
		goto out;
	ob_csv_free(rd);
	w->n09a = w->npractice;
	return OB_OK;
bad:
	st = ob_error_set(err, OB_EPARSE, name, 0, 0,
			  "unexpected content in the built-in practice list");
out:
	ob_csv_free(rd);
	return st;
}

static enum ob_status load_lsoas(struct synth_world *w, struct ob_error *err)
{
	static const char name[] = "geography/westminster_lsoa_imd2019.csv";
	struct ob_csv_reader *rd = NULL;
	struct ob_csv_row row;
	enum ob_status st;
	int c[8], cap = 160;
	static const char *const cols[8] = {
	    "lsoa_code", "lsoa_name", "imd_rank",  "imd_decile",
	    "pop_total", "pop_0_15",  "pop_16_59", "pop_60_plus",
	};

	w->lsoa = calloc((size_t)cap, sizeof(*w->lsoa));
	if (!w->lsoa)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	if ((st = open_refdata(name, &rd, err)))
		return st;
	if ((st = ob_csv_next(rd, &row, err)) || row.eof)
		goto bad;
	for (int i = 0; i < 8; i++)
		if ((c[i] = column(&row, cols[i])) < 0)
			goto bad;
	while (!(st = ob_csv_next(rd, &row, err)) && !row.eof) {
		struct synth_lsoa *l;
		long v[6];
		const char *sp;

		if (row.nfields < 8 || w->nlsoa >= cap - 16)
			goto bad;
		l = &w->lsoa[w->nlsoa];
		if (!ob_lsoa_valid(row.fields[c[0]].ptr,
				   row.fields[c[0]].len) ||
		    row.fields[c[1]].len >= sizeof(l->name))
			goto bad;
		for (int i = 0; i < 6; i++)
			if (parse_long_field(&row.fields[c[i + 2]], &v[i]) ||
			    v[i] < 0)
				goto bad;
		memcpy(l->code, row.fields[c[0]].ptr, 9);
		memcpy(l->name, row.fields[c[1]].ptr, row.fields[c[1]].len);
		l->la_code = "E09000033";
		l->la_name = "Westminster";
		l->rank = (int)v[0];
		l->decile = (int)v[1];
		l->population = (int)v[2];
		if (l->decile < 1 || l->decile > 10 || v[2] <= 0)
			goto bad;
		for (int i = 0; i < 3; i++)
			l->share[i] =
			    (double)v[3 + i] / (double)(v[3] + v[4] + v[5]);
		/* "Westminster 018C": MSOA 018. */
		sp = strrchr(l->name, ' ');
		if (!sp || strlen(sp + 1) != 4)
			goto bad;
		l->msoa =
		    (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
		if (l->msoa < 1 || l->msoa > 24)
			goto bad;
		l->locality = l->msoa <= 8    ? LOC_NORTH
			      : l->msoa <= 16 ? LOC_CENTRE
					      : LOC_SOUTH;
		l->qpp = l->msoa <= 4;
		w->nlsoa++;
	}
	if (st)
		goto out;
	ob_csv_free(rd);
	w->nwestminster = w->nlsoa;
	return OB_OK;
bad:
	st = ob_error_set(err, OB_EPARSE, name, 0, 0,
			  "unexpected content in the built-in LSOA list");
out:
	ob_csv_free(rd);
	return st;
}

/*
 * Synthetic LSOAs in the neighbouring boroughs, for registered people who
 * live outside Westminster.  Codes E0199xxxx lie beyond the last real 2011
 * LSOA (E01033768); ranks are left empty.  Deciles are assumptions.
 */
static const struct {
	const char *la_code, *la_name;
	int decile[4];
} neighbours[3] = {
    {"E09000005", "Brent", {2, 3, 4, 5}},
    {"E09000020", "Kensington and Chelsea", {1, 5, 8, 10}},
    {"E09000007", "Camden", {3, 6, 8, 9}},
};

static void add_neighbours(struct synth_world *w)
{
	int k = 1;

	for (int b = 0; b < 3; b++)
		for (int i = 0; i < 4; i++, k++) {
			struct synth_lsoa *l = &w->lsoa[w->nlsoa++];

			snprintf(l->code, sizeof(l->code), "E0199%04d", k);
			snprintf(l->name, sizeof(l->name), "%s synthetic %c",
				 neighbours[b].la_name, 'A' + i);
			l->la_code = neighbours[b].la_code;
			l->la_name = neighbours[b].la_name;
			l->decile = neighbours[b].decile[i];
			l->rank = 0;
			l->population = 1600;
			l->locality = LOC_NONE;
			l->share[0] = 0.16;
			l->share[1] = 0.68;
			l->share[2] = 0.16;
		}
}

/* Which neighbouring borough (index into neighbours[]) a practice's
 * out-of-borough patients live in: Brent and Kensington and Chelsea for
 * the north, Camden for the centre, Kensington and Chelsea for the south. */
static int neighbour_ok(int practice_locality, int borough)
{
	switch (practice_locality) {
	case LOC_NORTH:
		return borough == 0 || borough == 1;
	case LOC_CENTRE:
		return borough == 2;
	default:
		return borough == 1;
	}
}

/* ------------------------------------------------------------ PCHs */

static int by_list_size(const void *a, const void *b)
{
	const struct synth_practice *const *x = a, *const *y = b;

	if ((*x)->list_size != (*y)->list_size)
		return (*x)->list_size > (*y)->list_size ? -1 : 1;
	return strcmp((*x)->code, (*y)->code);
}

/*
 * Group each locality's practices into primary care homes of about 40,000
 * registered people (the seed: 30,000-50,000): k = round(locality list /
 * 40,000) homes, filled largest practice first into the smallest home
 * (longest-processing-time rule), so the grouping is deterministic.
 */
static void make_pchs(struct synth_world *w)
{
	struct synth_practice *sorted[64];

	for (int loc = 0; loc < 3; loc++) {
		long total = 0;
		int n = 0, k, first = w->npch;

		for (int i = 0; i < w->n09a; i++)
			if (w->practice[i].locality == loc) {
				sorted[n++] = &w->practice[i];
				total += w->practice[i].list_size;
			}
		k = (int)floor((double)total / 40000.0 + 0.5);
		if (k < 1)
			k = 1;
		if (k > 3)
			k = 3;
		for (int j = 0; j < k; j++) {
			struct synth_pch *h = &w->pch[w->npch++];

			snprintf(h->code, sizeof(h->code), "%s_%c",
				 loc == LOC_NORTH    ? "NORTH"
				 : loc == LOC_CENTRE ? "CENTRE"
						     : "SOUTH",
				 (char)('1' + j));
			h->locality = loc;
			h->list_size = 0;
		}
		qsort(sorted, (size_t)n, sizeof(sorted[0]), by_list_size);
		for (int i = 0; i < n; i++) {
			int best = first;

			for (int j = first + 1; j < first + k; j++)
				if (w->pch[j].list_size <
				    w->pch[best].list_size)
					best = j;
			sorted[i]->pch = best;
			w->pch[best].list_size += sorted[i]->list_size;
		}
	}
}

/* Four synthetic West London CCG practices.  Codes Z99xxx: no English GP
 * practice code starts with Z (W9xxxx would be a real Welsh code). */
static void add_08y_practices(struct synth_world *w)
{
	for (int i = 0; i < 4; i++) {
		struct synth_practice *p = &w->practice[w->npractice++];

		memcpy(p->code, "Z99001", 7);
		p->code[5] = (char)('1' + i);
		snprintf(p->name, sizeof(p->name),
			 "West London CCG practice %d (synthetic)", i + 1);
		p->locality = LOC_NONE;
		p->pch = -1;
		p->ccg08y = 1;
	}
}

/* ------------------------------------------------------------ providers */

static const struct {
	const char *code, *name;
	int kind, in_system, alliance;
	double mff;
} named_providers[NP_COUNT] = {
    [NP_IMPERIAL] = {"RYJ", "Imperial College Healthcare NHS Trust", PROV_ACUTE,
		     1, 0, 1.19},
    [NP_CHELWEST] = {"RQM",
		     "Chelsea and Westminster Hospital NHS Foundation "
		     "Trust",
		     PROV_ACUTE, 1, 0, 1.18},
    [NP_UCLH] = {"RRV",
		 "University College London Hospitals NHS Foundation "
		 "Trust",
		 PROV_ACUTE, 0, 0, 1.21},
    [NP_GSTT] = {"RJ1", "Guy's and St Thomas' NHS Foundation Trust", PROV_ACUTE,
		 0, 0, 1.22},
    [NP_ROYALFREE] = {"RAL", "Royal Free London NHS Foundation Trust",
		      PROV_ACUTE, 0, 0, 1.20},
    [NP_LNWUH] = {"R1K", "London North West University Healthcare NHS Trust",
		  PROV_ACUTE, 0, 0, 1.16},
    [NP_MOORFIELDS] = {"RP6",
		       "Moorfields Eye Hospital NHS Foundation "
		       "Trust",
		       PROV_ACUTE, 0, 0, 1.20},
    [NP_BROMPTON] = {"RT3", "Royal Brompton and Harefield NHS Foundation Trust",
		     PROV_ACUTE, 0, 0, 1.21},
    [NP_KINGS] = {"RJZ", "King's College Hospital NHS Foundation Trust",
		  PROV_ACUTE, 0, 0, 1.21},
    [NP_CLCH] = {"RYX", "Central London Community Healthcare NHS Trust",
		 PROV_COMMUNITY, 1, 1, 0},
    [NP_CNWL] = {"RV3", "Central and North West London NHS Foundation Trust",
		 PROV_MENTAL_HEALTH, 1, 1, 0},
    [NP_GPFED] = {"ZZF01", "Westminster GP federation (synthetic)",
		  PROV_GP_FEDERATION, 1, 1, 0},
    [NP_URGENT] = {"ZZU01",
		   "Urgent care centres and GP out of hours "
		   "(synthetic)",
		   PROV_URGENT_CARE, 1, 1, 0},
    [NP_COUNCIL] = {"ZZW01",
		    "Westminster City Council adult social care "
		    "(synthetic code)",
		    PROV_COUNCIL, 1, 1, 0},
    [NP_CAREHOME1] = {"ZZC01", "Care home with nursing A (synthetic)",
		      PROV_CARE_HOME, 1, 0, 0},
    [NP_CAREHOME2] = {"ZZC02", "Care home with nursing B (synthetic)",
		      PROV_CARE_HOME, 1, 0, 0},
    [NP_CAREHOME3] = {"ZZC03", "Residential care home C (synthetic)",
		      PROV_CARE_HOME, 1, 0, 0},
};

static enum ob_status make_providers(struct synth_world *w,
				     struct ob_error *err)
{
	w->provider =
	    calloc((size_t)(NP_COUNT + w->npractice), sizeof(*w->provider));
	if (!w->provider)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	for (int i = 0; i < NP_COUNT; i++) {
		struct synth_provider *p = &w->provider[w->nprovider];

		snprintf(p->code, sizeof(p->code), "%s",
			 named_providers[i].code);
		snprintf(p->name, sizeof(p->name), "%s",
			 named_providers[i].name);
		p->kind = named_providers[i].kind;
		p->in_system = named_providers[i].in_system;
		p->alliance = named_providers[i].alliance;
		p->mff = named_providers[i].mff;
		w->named[i] = w->nprovider++;
	}
	for (int i = 0; i < w->npractice; i++) {
		struct synth_provider *p = &w->provider[w->nprovider];
		struct synth_practice *pr = &w->practice[i];

		snprintf(p->code, sizeof(p->code), "%s", pr->code);
		snprintf(p->name, sizeof(p->name), "%s", pr->name);
		p->kind = PROV_PRACTICE;
		p->in_system = p->alliance = !pr->ccg08y;
		pr->provider = w->nprovider++;
	}
	return OB_OK;
}

/* ------------------------------------------------------------ residence */

static enum ob_status make_residence(struct synth_world *w,
				     struct ob_error *err)
{
	int n = w->nlsoa;

	for (int i = 0; i < w->n09a; i++) {
		struct synth_practice *p = &w->practice[i];
		double wsum = 0, nsum = 0, acc = 0;
		double *wt = calloc((size_t)n, sizeof(double));

		p->res_cum = calloc((size_t)n, sizeof(double));
		if (!wt || !p->res_cum) {
			free(wt);
			return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
					    "out of memory");
		}
		for (int j = 0; j < n; j++) {
			const struct synth_lsoa *l = &w->lsoa[j];

			if (j < w->nwestminster) {
				wt[j] = l->population *
					(l->locality == p->locality
					     ? 1.0
					     : OTHER_LOCALITY_WEIGHT) *
					(l->qpp ? 1.0 - QPP_08Y_SHARE : 1.0);
				wsum += wt[j];
			} else {
				int b = (j - w->nwestminster) / 4;

				wt[j] = neighbour_ok(p->locality, b) ? 1.0 : 0;
				nsum += wt[j];
			}
		}
		for (int j = 0; j < n; j++) {
			acc += j < w->nwestminster
				   ? wt[j] / wsum * (1.0 - OUTSIDE_SHARE)
				   : wt[j] / nsum * OUTSIDE_SHARE;
			p->res_cum[j] = acc;
		}
		free(wt);
	}
	if (w->n09a < 1)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "no practices in the built-in list");
	w->practice_cum = calloc((size_t)(unsigned)w->n09a, sizeof(double));
	w->qpp_lsoa_cum = calloc((size_t)n, sizeof(double));
	w->unreg_lsoa_cum = calloc((size_t)n, sizeof(double));
	if (!w->practice_cum || !w->qpp_lsoa_cum || !w->unreg_lsoa_cum)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	for (int i = 0; i < w->n09a; i++)
		w->practice_cum[i] = (i ? w->practice_cum[i - 1] : 0) +
				     (double)w->practice[i].list_size;
	for (int j = 0; j < n; j++) {
		const struct synth_lsoa *l = &w->lsoa[j];
		int west = j < w->nwestminster;

		w->qpp_lsoa_cum[j] = (j ? w->qpp_lsoa_cum[j - 1] : 0) +
				     (west && l->qpp ? l->population : 0);
		/* Rough sleeping and recent arrivals concentrate in the
		 * more deprived areas: weight 1.6 in deciles 1-3. */
		w->unreg_lsoa_cum[j] =
		    (j ? w->unreg_lsoa_cum[j - 1] : 0) +
		    (west ? l->population * (l->decile <= 3 ? 1.6 : 1.0) : 0);
	}
	return OB_OK;
}

/* ------------------------------------------------------------ people */

static enum ob_status make_nhs_numbers(struct synth_world *w,
				       struct ob_error *err)
{
	w->nhs9 = malloc(1000000 * sizeof(*w->nhs9));
	if (!w->nhs9)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory");
	for (uint32_t j = 0; j < 1000000; j++)
		if (ob_nhs_check_digit(999000000ULL + j) >= 0)
			w->nhs9[w->nnhs++] = j;
	return OB_OK;
}

uint64_t synth_nhs_number(const struct synth_world *w, long index)
{
	uint64_t n9 = 999000000ULL + w->nhs9[index % w->nnhs];

	return n9 * 10 + (uint64_t)ob_nhs_check_digit(n9);
}

/*
 * Base-cohort quotas: each practice gets its share of `persons` in
 * proportion to its real list size, by largest remainder so the quotas add
 * up exactly.
 */
static void make_quotas(struct synth_world *w)
{
	long total = 0, given = 0, next = 0;
	double rem[64];

	for (int i = 0; i < w->n09a; i++)
		total += w->practice[i].list_size;
	for (int i = 0; i < w->n09a; i++) {
		double exact = (double)w->n_base *
			       (double)w->practice[i].list_size / (double)total;

		w->practice[i].quota = (long)floor(exact);
		rem[i] = exact - floor(exact);
		given += w->practice[i].quota;
	}
	while (given < w->n_base) {
		int best = 0;

		for (int i = 1; i < w->n09a; i++)
			if (rem[i] > rem[best])
				best = i;
		w->practice[best].quota++;
		rem[best] = -1;
		given++;
	}
	for (int i = 0; i < w->n09a; i++) {
		w->practice[i].first = next;
		next += w->practice[i].quota;
	}
}

static void make_layout(struct synth_world *w)
{
	double qpp_pop = 0, west_pop = 0;

	for (int j = 0; j < w->nwestminster; j++) {
		west_pop += w->lsoa[j].population;
		if (w->lsoa[j].qpp)
			qpp_pop += w->lsoa[j].population;
	}
	w->n_base = w->opt.persons;
	w->n_qpp = lround(w->scale * QPP_08Y_SHARE * qpp_pop);
	w->n_unreg = lround(w->scale * UNREGISTERED_SHARE * west_pop);
	w->n_births = lround((double)w->n_base * BIRTH_RATE * w->nyears);
	w->n_inmig = lround((double)w->n_base * INMIGRATION_RATE * w->nyears);
	w->n_qpp_inmig =
	    lround((double)w->n_qpp * INMIGRATION_RATE * w->nyears);
	w->off_qpp = w->n_base;
	w->off_unreg = w->off_qpp + w->n_qpp;
	w->off_births = w->off_unreg + w->n_unreg;
	w->off_inmig = w->off_births + w->n_births;
	w->off_qpp_inmig = w->off_inmig + w->n_inmig;
	w->total = w->off_qpp_inmig + w->n_qpp_inmig;
}

/* ------------------------------------------------------------ mortality */

/*
 * Period life expectancy at birth under the hazard
 * a * exp(b * x) + c (+ 0.0035 in the first year of life), by the
 * trapezium rule on a 0.05-year grid to age 120.
 */
static double life_expectancy(double a, double b, double c)
{
	const double h = 0.05;
	double cum = 0, e = 0, s_prev = 1.0;

	for (double x = 0; x < 120.0; x += h) {
		double mid = x + h / 2;
		double mu = a * exp(b * mid) + c + (mid < 1.0 ? 0.0035 : 0);
		double s;

		cum += mu * h;
		s = exp(-cum);
		e += (s_prev + s) / 2 * h;
		s_prev = s;
	}
	return e;
}

double synth_model_life_expectancy(const struct synth_world *w, int sex,
				   int decile)
{
	return life_expectancy(w->gompertz_a[sex][decile], w->gompertz_b[sex],
			       w->makeham[sex]);
}

/*
 * Target period life expectancy by IMD decile: linear in the decile, with
 * the most deprived fifth (deciles 1-2, centre 1.5) at the seed's Harrow
 * Road figures (men 76, women 85) and the least deprived fifth (deciles
 * 9-10, centre 9.5) at Knightsbridge and Belgravia's (men 89, women 92).
 */
static double le_target(int sex, int decile)
{
	double t = ((double)decile - 1.5) / 8.0;

	return sex == 0 ? 76.0 + 13.0 * t : 85.0 + 7.0 * t;
}

static void calibrate_mortality(struct synth_world *w)
{
	/* Gompertz slopes: mortality doubling every 7.5 (men) and 6.9
	 * (women) years, as in English life tables; Makeham terms for
	 * accidents and other age-independent deaths.  Assumptions. */
	w->gompertz_b[0] = 0.092;
	w->gompertz_b[1] = 0.100;
	w->makeham[0] = 0.0003;
	w->makeham[1] = 0.00015;
	for (int sex = 0; sex < 2; sex++)
		for (int d = 1; d <= 10; d++) {
			double lo = log(1e-9), hi = log(1e-2);

			for (int it = 0; it < 60; it++) {
				double mid = (lo + hi) / 2;

				if (life_expectancy(
					exp(mid), w->gompertz_b[sex],
					w->makeham[sex]) > le_target(sex, d))
					lo = mid;
				else
					hi = mid;
			}
			w->gompertz_a[sex][d] = exp((lo + hi) / 2);
		}
}

/* ------------------------------------------------------------ the world */

enum ob_status synth_world_build(struct synth_world *w,
				 const struct ob_synth_options *o,
				 struct ob_error *err)
{
	enum ob_status st;

	memset(w, 0, sizeof(*w));
	w->opt = *o;
	if (w->opt.persons == 0)
		w->opt.persons = OB_SYNTH_REAL_LIST_SIZE;
	w->first_year = o->first_year;
	w->last_year = o->last_year;
	w->nyears = o->last_year - o->first_year + 1;
	w->start = ob_fy_start(o->first_year);
	w->end = ob_fy_end(o->last_year);
	w->scale = (double)w->opt.persons / (double)OB_SYNTH_REAL_LIST_SIZE;
	if ((st = load_practices(w, err)) || (st = load_lsoas(w, err)))
		return st;
	add_neighbours(w);
	make_pchs(w);
	add_08y_practices(w);
	if ((st = make_providers(w, err)) || (st = make_residence(w, err)) ||
	    (st = make_nhs_numbers(w, err)))
		return st;
	make_layout(w);
	if (w->total + 1000 > w->nnhs)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "%ld people over %d years need more NHS "
				    "numbers than the 999 test range holds "
				    "(%ld); use fewer persons or years",
				    w->total, w->nyears, w->nnhs);
	make_quotas(w);
	calibrate_mortality(w);
	return OB_OK;
}

void synth_world_release(struct synth_world *w)
{
	for (int i = 0; i < w->npractice; i++)
		free(w->practice[i].res_cum);
	free(w->practice);
	free(w->lsoa);
	free(w->provider);
	free(w->practice_cum);
	free(w->qpp_lsoa_cum);
	free(w->unreg_lsoa_cum);
	free(w->nhs9);
	memset(w, 0, sizeof(*w));
}

/* ------------------------------------------------------------ files */

void synth_write_practices(const struct synth_world *w, struct synth_out *o)
{
	struct synth_row r;

	for (int i = 0; i < w->npractice; i++) {
		const struct synth_practice *p = &w->practice[i];

		synth_row_start(&r, OB_SYNTH_PRACTICES, PR_N);
		synth_row_set(&r, PR_CODE, p->code);
		synth_row_set(&r, PR_NAME, p->name);
		synth_row_set(&r, PR_PCH,
			      p->pch >= 0 ? w->pch[p->pch].code : "");
		synth_row_set(
		    &r, PR_LOCALITY,
		    p->locality >= 0 ? synth_locality_name[p->locality] : "");
		synth_row_set(&r, PR_CCG, p->ccg08y ? "08Y" : "09A");
		synth_row_emit(o, &r);
	}
}

void synth_write_areas(const struct synth_world *w, struct synth_out *o)
{
	struct synth_row r;

	for (int i = 0; i < w->nlsoa; i++) {
		const struct synth_lsoa *l = &w->lsoa[i];

		synth_row_start(&r, OB_SYNTH_AREAS, AR_N);
		synth_row_set(&r, AR_CODE, l->code);
		synth_row_set(&r, AR_NAME, l->name);
		synth_row_set(&r, AR_LA_CODE, l->la_code);
		synth_row_set(&r, AR_LA_NAME, l->la_name);
		synth_row_set_long(&r, AR_DECILE, l->decile);
		if (l->rank)
			synth_row_set_long(&r, AR_RANK, l->rank);
		else
			synth_row_set(&r, AR_RANK, "");
		synth_row_set(
		    &r, AR_LOCALITY,
		    l->locality >= 0 ? synth_locality_name[l->locality] : "");
		synth_row_set_long(&r, AR_POPULATION, l->population);
		synth_row_emit(o, &r);
	}
}

void synth_write_providers(const struct synth_world *w, struct synth_out *o)
{
	struct synth_row r;

	for (int i = 0; i < w->nprovider; i++) {
		const struct synth_provider *p = &w->provider[i];

		synth_row_start(&r, OB_SYNTH_PROVIDERS, PV_N);
		synth_row_set(&r, PV_CODE, p->code);
		synth_row_set(&r, PV_NAME, p->name);
		synth_row_set(&r, PV_IN_SYSTEM, p->in_system ? "Y" : "N");
		synth_row_set(&r, PV_ALLIANCE, p->alliance ? "Y" : "N");
		synth_row_emit(o, &r);
	}
}
