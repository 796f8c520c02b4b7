/*
 * test-tariff.c - out-of-area care priced at national tariff (tariff.h):
 * a small extract imported into a temporary workspace, priced by hand.
 *
 * The extract (2018/19 unless said):
 *   tariff  EB03C NEL 2851.00, trim 14 days, excess bed day 245.10
 *           FD10M EL  1500.00, trim 5 days, excess bed day 300.00
 *           WF01A OP   140.00    WF02A OP 35.00    VB03Z AE 250.00
 *           (no prices at all for 2019/20)
 *   mff     RAL 1.2162, RJ1 1.0510, RV3 1.1000 (RQM has none);
 *           2019/20: RAL 1.2162
 *   providers RYJ and RV3 in the system; RAL, RJ1, RQM outside.
 *   PATIENT_A registered with an MCP practice throughout, PATIENT_B with a
 *   practice outside the MCP, PATIENT_C with the MCP from 2018-07-01.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "onebudget/import.h"
#include "onebudget/model.h"
#include "onebudget/tariff.h"

#include "test.h"

#define D(y, m, d) ob_date_from_ymd(y, m, d)

static const char *const files[][2] = {
	{ "practices.csv",
	  "practice_code,practice_name,pch,locality,ccg\n"
	  "E87001,Mcp Surgery,PCH_A,north,09A\n"
	  "E87099,Elsewhere Surgery,,,08Y\n" },
	{ "areas.csv",
	  "lsoa_code,lsoa_name,la_code,la_name,imd_decile\n"
	  "E01004646,Westminster 002A,E09000033,Westminster,6\n" },
	{ "providers.csv",
	  "provider_code,provider_name,in_system,alliance_member\n"
	  "RYJ,Imperial,Y,Y\n"
	  "RV3,CNWL,Y,Y\n"
	  "RAL,Royal Free,N,N\n"
	  "RJ1,Guy's and St Thomas',N,N\n"
	  "RQM,Chelsea and Westminster,N,N\n" },
	{ "persons.csv",
	  "nhs_number,pseudonym,sex,birth_date,practice_code,"
	  "registered_from,registered_to\n"
	  ",PATIENT_A,1,1950-01-01,E87001,2010-01-01,\n"
	  ",PATIENT_B,2,1960-01-01,E87099,2010-01-01,\n"
	  ",PATIENT_C,2,1970-01-01,E87001,2018-07-01,\n" },
	{ "activity.csv",
	  "activity_id,person,provider_code,setting,start_date,end_date,"
	  "admission_method,hrg,cost\n"
	  "A01,PATIENT_A,RAL,admitted,2018-05-01,2018-05-21,21,EB03C,5000\n"
	  "A02,PATIENT_A,RAL,outpatient,2018-06-01,,,WF01A,150\n"
	  "A03,PATIENT_A,RYJ,admitted,2018-07-01,2018-07-03,21,EB03C,3000\n"
	  "A04,PATIENT_A,RJ1,outpatient,2018-08-01,,,WF01A,150\n"
	  "A05,PATIENT_A,RJ1,outpatient,2018-08-15,,,WF02A,40\n"
	  "A06,PATIENT_A,RAL,community,2018-09-01,,,,60\n"
	  "A07,PATIENT_A,RAL,admitted,2018-10-01,2018-10-09,21,EB03C,3500\n"
	  "A08,PATIENT_A,RAL,outpatient,2018-10-15,,,,150\n"
	  "A09,PATIENT_A,RAL,outpatient,2018-10-20,,,ZZ99Z,150\n"
	  "A10,PATIENT_A,RQM,outpatient,2018-11-01,,,WF01A,150\n"
	  "A11,PATIENT_A,RV3,outpatient,2018-11-05,,,WF02A,40\n"
	  "A12,PATIENT_A,RAL,admitted,2018-11-10,2018-11-12,11,FD10M,1800\n"
	  "A13,PATIENT_A,RAL,ae,2018-12-01,,,VB03Z,300\n"
	  "A14,PATIENT_A,RAL,outpatient,2018-03-31,,,WF01A,150\n"
	  "A15,PATIENT_A,RAL,outpatient,2019-04-01,,,WF01A,150\n"
	  "A16,PATIENT_B,RAL,outpatient,2018-06-01,,,WF01A,150\n"
	  "A17,PATIENT_C,RAL,outpatient,2018-06-15,,,WF01A,150\n"
	  "A18,PATIENT_C,RAL,outpatient,2018-07-01,,,WF01A,150\n"
	  "A19,PATIENT_A,RAL,admitted,2018-12-10,2018-12-24,31,EB03C,3500\n" },
	{ "tariff.csv",
	  "financial_year,hrg,pod,price,trim_days,excess_bed_day\n"
	  "2018/19,EB03C,NEL,2851.00,14,245.10\n"
	  "2018/19,FD10M,EL,1500.00,5,300.00\n"
	  "2018/19,WF01A,OP,140.00,,\n"
	  "2018/19,WF02A,OP,35.00,,\n"
	  "2018/19,VB03Z,AE,250.00,,\n" },
	{ "mff.csv",
	  "financial_year,provider_code,mff\n"
	  "2018/19,RAL,1.2162\n"
	  "2018/19,RJ1,1.0510\n"
	  "2018/19,RV3,1.1000\n"
	  "2019/20,RAL,1.2162\n" },
};

struct fx {
	char dir[32];
	struct ob_workspace *ws;
	struct ob_model m;
	struct ob_tariff *t;
};

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int bad;

	if (!f)
		return -1;
	bad = fputs(text, f) < 0;
	return fclose(f) || bad ? -1 : 0;
}

/* Write, import and load the extract; 0 on success. */
static int fx_open(struct fx *f)
{
	char path[128], ws_dir[64], ex[64];
	struct ob_import_report rep;
	struct ob_error err;

	memset(f, 0, sizeof(*f));
	memset(&rep, 0, sizeof(rep));
	ob_error_clear(&err);
	snprintf(f->dir, sizeof(f->dir), "/tmp/ob-tariff-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(ex, sizeof(ex), "%s/extract", f->dir);
	snprintf(ws_dir, sizeof(ws_dir), "%s/ws", f->dir);
	if (mkdir(ex, 0700))
		return -1;
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		snprintf(path, sizeof(path), "%s/%s", ex, files[i][0]);
		if (write_text(path, files[i][1]))
			return -1;
	}
	if (ob_workspace_create(ws_dir, NULL, &err) ||
	    ob_workspace_open(&f->ws, ws_dir, &err) ||
	    ob_import(f->ws, ex, NULL, &rep, &err) || rep.rejected != 0) {
		fprintf(stderr, "fixture: %s (rejected %ld)\n", err.msg,
			rep.rejected);
		return -1;
	}
	if (ob_model_open(f->ws, 0, 2018, 2019, &f->m, &err) ||
	    ob_tariff_load(f->ws, f->m.ds->extract_id, &f->t, &err)) {
		fprintf(stderr, "fixture: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static void fx_close(struct fx *f)
{
	char cmd[96];

	ob_tariff_free(f->t);
	if (f->m.ds)
		ob_model_close(&f->m);
	if (f->ws)
		ob_workspace_close(f->ws);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (f->dir[0] && system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
}

/* Open the fixture or fail the test (cleaning up). */
#define FX_OPEN(f)                                                             \
	do {                                                                   \
		if (fx_open(f)) {                                              \
			fx_close(f);                                           \
			TEST_FAIL_("could not build the fixture");             \
		}                                                              \
	} while (0)

/* The priced event of `who` starting on `on`, or NULL. */
static const struct ob_priced_event *
find(const struct ob_out_of_area_result *r, const struct ob_dataset *ds,
     const char *who, ob_date on)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(ds->pseudonym[r->events[i].person], who) &&
		    r->events[i].start == on)
			return &r->events[i];
	return NULL;
}

TEST(tariff_lookups)
{
	struct fx f;
	ob_pence price, ebd;
	int trim;
	double mff;

	FX_OPEN(&f);
	ASSERT(ob_tariff_has_year(f.t, 2018));
	ASSERT(!ob_tariff_has_year(f.t, 2019));
	ASSERT(ob_tariff_price(f.t, 2018, "EB03C", "NEL", &price, &trim,
			       &ebd));
	ASSERT_INT_EQ(price, 285100);
	ASSERT_INT_EQ(trim, 14);
	ASSERT_INT_EQ(ebd, 24510);
	ASSERT(ob_tariff_price(f.t, 2018, "WF01A", "OP", &price, &trim, &ebd));
	ASSERT_INT_EQ(price, 14000);
	ASSERT_INT_EQ(trim, -1);
	ASSERT_INT_EQ(ebd, -1);
	ASSERT(!ob_tariff_price(f.t, 2018, "WF01A", "EL", NULL, NULL, NULL));
	ASSERT(!ob_tariff_price(f.t, 2019, "WF01A", "OP", NULL, NULL, NULL));
	ASSERT(ob_tariff_mff(f.t, 2018, "RAL", &mff));
	ASSERT_NEAR(mff, 1.2162, 1e-12);
	ASSERT(!ob_tariff_mff(f.t, 2018, "RQM", &mff));
	ASSERT(!ob_tariff_mff(f.t, 2017, "RAL", &mff));
	ASSERT_INT_EQ(ob_tariff_extract(f.t), f.m.ds->extract_id);
	{
		struct ob_tariff *none;
		ASSERT_INT_EQ(ob_tariff_load(f.ws, 99, &none, NULL),
			      OB_ENOTFOUND);
		ASSERT(none == NULL);
	}
	fx_close(&f);
}

TEST(tariff_national_prices_by_hand)
{
	struct fx f;
	struct ob_out_of_area_result r;
	const struct ob_priced_event *e;
	const struct ob_dataset *ds;

	FX_OPEN(&f);
	ds = f.m.ds;
	ASSERT_OK(ob_price_out_of_area(f.t, &f.m, 2018, NULL, 0, NULL, 0, &r,
				       NULL));
	ASSERT_INT_EQ(r.year, 2018);

	/* NEL spell 2018-05-01 to 05-21: LOS 20, trim 14, so 6 excess days
	 * x 245.10 = 1470.60; (2851.00 + 1470.60) x 1.2162 = 432160 pence x
	 * 1.2162 = 525,592.992 -> 525,593 pence (£5,255.93). */
	e = find(&r, ds, "PATIENT_A", D(2018, 5, 1));
	ASSERT(e != NULL);
	ASSERT_STR_EQ(e->pod, "NEL");
	ASSERT_STR_EQ(e->provider, "RAL");
	ASSERT_STR_EQ(e->hrg, "EB03C");
	ASSERT_INT_EQ(e->los, 20);
	ASSERT_INT_EQ(e->trim_days, 14);
	ASSERT_INT_EQ(e->excess_days, 6);
	ASSERT_INT_EQ(e->base, 285100);
	ASSERT_INT_EQ(e->excess, 147060);
	ASSERT_NEAR(e->mff, 1.2162, 1e-12);
	ASSERT_INT_EQ(e->price, 525593);
	ASSERT(!e->local && !e->exception);
	ASSERT_INT_EQ(e->end, D(2018, 5, 21));

	/* Outpatient attendance: 140.00 x 1.2162 = 17,026.8 -> 17,027. */
	e = find(&r, ds, "PATIENT_A", D(2018, 6, 1));
	ASSERT(e != NULL);
	ASSERT_STR_EQ(e->pod, "OP");
	ASSERT_INT_EQ(e->los, 0);
	ASSERT_INT_EQ(e->trim_days, -1);
	ASSERT_INT_EQ(e->excess, 0);
	ASSERT_INT_EQ(e->price, 17027);
	ASSERT_INT_EQ(e->end, OB_DATE_NONE);

	/* RJ1: 140.00 x 1.0510 = 14,714.0 exactly. */
	e = find(&r, ds, "PATIENT_A", D(2018, 8, 1));
	ASSERT(e != NULL);
	ASSERT_INT_EQ(e->price, 14714);

	/* 35.00 x 1.0510 = 3,678.5 pence exactly: half a penny, rounded away
	 * from zero to 3,679 (the double product is 3678.4999999999995). */
	e = find(&r, ds, "PATIENT_A", D(2018, 8, 15));
	ASSERT(e != NULL);
	ASSERT_INT_EQ(e->price, 3679);

	/* NEL spell of 8 days, under the trim point: 2851.00 x 1.2162 =
	 * 346,738.62 -> 346,739. */
	e = find(&r, ds, "PATIENT_A", D(2018, 10, 1));
	ASSERT(e != NULL);
	ASSERT_INT_EQ(e->los, 8);
	ASSERT_INT_EQ(e->excess_days, 0);
	ASSERT_INT_EQ(e->price, 346739);

	/* Elective (ADMIMETH 11) day-case-like spell, LOS 2 < trim 5:
	 * 1500.00 x 1.2162 = 182,430 exactly. */
	e = find(&r, ds, "PATIENT_A", D(2018, 11, 10));
	ASSERT(e != NULL);
	ASSERT_STR_EQ(e->pod, "EL");
	ASSERT_INT_EQ(e->trim_days, 5);
	ASSERT_INT_EQ(e->excess_days, 0);
	ASSERT_INT_EQ(e->price, 182430);

	/* A&E: 250.00 x 1.2162 = 30,405 exactly. */
	e = find(&r, ds, "PATIENT_A", D(2018, 12, 1));
	ASSERT(e != NULL);
	ASSERT_STR_EQ(e->pod, "AE");
	ASSERT_INT_EQ(e->price, 30405);

	/* Maternity admission (ADMIMETH 31) is a NEL spell; LOS 14 equals
	 * the trim point, so no excess: 346,739 as above. */
	e = find(&r, ds, "PATIENT_A", D(2018, 12, 10));
	ASSERT(e != NULL);
	ASSERT_STR_EQ(e->pod, "NEL");
	ASSERT_INT_EQ(e->los, 14);
	ASSERT_INT_EQ(e->excess_days, 0);
	ASSERT_INT_EQ(e->price, 346739);

	/* Registered with the MCP from 2018-07-01: the attendance of 06-15
	 * is not charged, the one on 07-01 is. */
	ASSERT(find(&r, ds, "PATIENT_C", D(2018, 6, 15)) == NULL);
	e = find(&r, ds, "PATIENT_C", D(2018, 7, 1));
	ASSERT(e != NULL);
	ASSERT_INT_EQ(e->price, 17027);

	/* Not charged: the in-system provider (RYJ, RV3), the person
	 * registered outside the MCP, events of other years. */
	ASSERT(find(&r, ds, "PATIENT_A", D(2018, 7, 1)) == NULL);
	ASSERT(find(&r, ds, "PATIENT_A", D(2018, 11, 5)) == NULL);
	ASSERT(find(&r, ds, "PATIENT_B", D(2018, 6, 1)) == NULL);
	ASSERT(find(&r, ds, "PATIENT_A", D(2018, 3, 31)) == NULL);
	ASSERT(find(&r, ds, "PATIENT_A", D(2019, 4, 1)) == NULL);

	/* 12 events of A and 1 of C; 4 exceptions (below). */
	ASSERT_INT_EQ(r.n, 13);
	ASSERT_INT_EQ(r.n_priced, 9);
	ASSERT_INT_EQ(r.n_local, 0);
	ASSERT_INT_EQ(r.n_exceptions, 4);
	ASSERT_INT_EQ(r.exceptions_cost, 0);
	/* 525593 + 17027 + 14714 + 3679 + 346739 + 182430 + 30405 + 346739
	 * + 17027 */
	ASSERT_INT_EQ(r.total, 1484353);
	/* In dataset order. */
	for (size_t i = 1; i < r.n; i++)
		ASSERT(r.events[i - 1].event < r.events[i].event);
	for (size_t i = 0; i < r.n; i++)
		ASSERT(ds->provider_in_system[ds->act_provider[
			r.events[i].event]] == 0);
	ob_out_of_area_release(&r);
	ASSERT(r.events == NULL && r.n == 0);
	fx_close(&f);
}

TEST(tariff_exceptions_are_labelled)
{
	struct fx f;
	struct ob_out_of_area_result r;
	const struct ob_priced_event *e;
	const struct ob_dataset *ds;
	uint32_t open = 0;

	FX_OPEN(&f);
	ds = f.m.ds;
	/* An undischarged spell cannot come through import (end_date is
	 * required for admitted care), so make one in memory. */
	for (uint32_t i = 0; i < ds->nact; i++)
		if (ds->act_from[i] == D(2018, 10, 1))
			open = i;
	f.m.ds->act_to[open] = OB_DATE_NONE;
	ASSERT_OK(ob_price_out_of_area(f.t, &f.m, 2018, NULL, 0, NULL, 0, &r,
				       NULL));

	e = find(&r, ds, "PATIENT_A", D(2018, 9, 1)); /* community */
	ASSERT(e != NULL);
	ASSERT(e->pod == NULL);
	ASSERT_STR_EQ(e->exception, ob_ooa_no_pod);
	ASSERT(e->exception == ob_ooa_no_pod); /* the static text itself */
	ASSERT_INT_EQ(e->price, 0);

	e = find(&r, ds, "PATIENT_A", D(2018, 10, 1));
	ASSERT(e != NULL);
	ASSERT_STR_EQ(e->exception, ob_ooa_open_spell);
	ASSERT_INT_EQ(e->los, 0);
	ASSERT_INT_EQ(e->base, 285100); /* found before the check */
	ASSERT_INT_EQ(e->price, 0);
	ASSERT_NEAR(e->mff, 0, 0);

	e = find(&r, ds, "PATIENT_A", D(2018, 10, 15));
	ASSERT(e != NULL);
	ASSERT(e->hrg == NULL);
	ASSERT_STR_EQ(e->exception, ob_ooa_no_hrg);

	e = find(&r, ds, "PATIENT_A", D(2018, 10, 20));
	ASSERT(e != NULL);
	ASSERT_STR_EQ(e->exception, ob_ooa_not_in_tariff);
	ASSERT_INT_EQ(e->base, 0);

	e = find(&r, ds, "PATIENT_A", D(2018, 11, 1)); /* RQM: no MFF */
	ASSERT(e != NULL);
	ASSERT_STR_EQ(e->exception, ob_ooa_no_mff);
	ASSERT_INT_EQ(e->base, 14000);
	ASSERT_INT_EQ(e->price, 0);

	ASSERT_INT_EQ(r.n_exceptions, 5);
	ASSERT_INT_EQ(r.n_priced, 8);
	ASSERT_INT_EQ(r.total, 1484353 - 346739);
	ob_out_of_area_release(&r);

	/* 2019/20 has MFFs but no tariff at all. */
	ASSERT_OK(ob_price_out_of_area(f.t, &f.m, 2019, NULL, 0, NULL, 0, &r,
				       NULL));
	ASSERT_INT_EQ(r.n, 1);
	ASSERT_STR_EQ(r.events[0].exception, ob_ooa_no_tariff_year);
	ASSERT_INT_EQ(r.total, 0);
	ASSERT_INT_EQ(r.n_exceptions, 1);
	ob_out_of_area_release(&r);
	fx_close(&f);
}

TEST(tariff_local_prices_and_extra_outside_providers)
{
	static const struct ob_tariff_local_price local[] = {
		{ NULL, "WF01A", "OP", 10000 },  /* any provider */
		{ "RJ1", "WF01A", "OP", 12000 }, /* RJ1's own wins */
		{ "RAL", NULL, NULL, 5500 },     /* RAL, no HRG, no POD */
		{ "RJ1", "WF01A", "OP", 99999 }, /* later duplicate: unused */
	};
	static const char *const outside[] = { "RV3", "XYZ99" };
	struct fx f;
	struct ob_out_of_area_result r;
	const struct ob_priced_event *e;
	const struct ob_dataset *ds;

	FX_OPEN(&f);
	ds = f.m.ds;
	ASSERT_OK(ob_price_out_of_area(f.t, &f.m, 2018, local, 4, outside, 2,
				       &r, NULL));

	e = find(&r, ds, "PATIENT_A", D(2018, 6, 1)); /* RAL WF01A OP */
	ASSERT(e != NULL);
	ASSERT(e->local);
	ASSERT_INT_EQ(e->price, 10000);
	ASSERT_INT_EQ(e->base, 10000);
	ASSERT_INT_EQ(e->excess, 0);
	ASSERT_NEAR(e->mff, 1, 0);

	e = find(&r, ds, "PATIENT_A", D(2018, 8, 1)); /* RJ1 WF01A OP */
	ASSERT(e != NULL);
	ASSERT(e->local);
	ASSERT_INT_EQ(e->price, 12000);

	e = find(&r, ds, "PATIENT_A", D(2018, 9, 1)); /* RAL community */
	ASSERT(e != NULL);
	ASSERT(e->local && !e->exception);
	ASSERT_INT_EQ(e->price, 5500);

	e = find(&r, ds, "PATIENT_A", D(2018, 11, 1)); /* RQM: no MFF */
	ASSERT(e != NULL);
	ASSERT(e->local && !e->exception);
	ASSERT_INT_EQ(e->price, 10000);

	/* RV3 is in the system but listed as outside: WF02A 35.00 x 1.1000
	 * = 3,850 at national tariff. */
	e = find(&r, ds, "PATIENT_A", D(2018, 11, 5));
	ASSERT(e != NULL);
	ASSERT(!e->local);
	ASSERT_INT_EQ(e->price, 3850);

	/* The NEL spell with excess days is still at tariff. */
	e = find(&r, ds, "PATIENT_A", D(2018, 5, 1));
	ASSERT(e != NULL);
	ASSERT_INT_EQ(e->price, 525593);

	ASSERT_INT_EQ(r.n, 14);
	ASSERT_INT_EQ(r.n_local, 5); /* A's 06-01, 08-01, 09-01, 11-01; C */
	ASSERT_INT_EQ(r.n_exceptions, 2); /* no HRG; not in tariff */
	ASSERT_INT_EQ(r.n_priced, 12);
	/* 525593 + 10000 + 12000 + 3679 + 5500 + 346739 + 10000 + 3850 +
	 * 182430 + 30405 + 346739 + 10000 */
	ASSERT_INT_EQ(r.total, 1486935);
	ob_out_of_area_release(&r);
	fx_close(&f);
}

TEST(tariff_rejects_bad_local_prices)
{
	struct ob_tariff_local_price bad_pod[] = {
		{ "RAL", "WF01A", "XX", 100 } };
	struct ob_tariff_local_price negative[] = {
		{ "RAL", "WF01A", "OP", -1 } };
	struct fx f;
	struct ob_out_of_area_result r;
	struct ob_error err;

	FX_OPEN(&f);
	ASSERT_INT_EQ(ob_price_out_of_area(f.t, &f.m, 2018, bad_pod, 1, NULL,
					   0, &r, &err),
		      OB_EINVAL);
	ASSERT(strstr(err.msg, "local price 1") != NULL);
	ASSERT(strstr(err.msg, "'XX'") != NULL);
	ob_out_of_area_release(&r);
	ASSERT_INT_EQ(ob_price_out_of_area(f.t, &f.m, 2018, negative, 1, NULL,
					   0, &r, &err),
		      OB_EINVAL);
	ASSERT(strstr(err.msg, "negative") != NULL);
	ob_out_of_area_release(&r);
	fx_close(&f);
}

TEST(tariff_csv_has_no_identifiers)
{
	static const char header[] =
		"year,event,person,provider,setting,pod,hrg,start_date,"
		"end_date,los,trim_days,excess_days,base,excess,mff,price,"
		"local,exception\n";
	struct fx f;
	struct ob_out_of_area_result r;
	const struct ob_priced_event *e;
	char *text = NULL, row[256];
	size_t len = 0;
	FILE *out;

	FX_OPEN(&f);
	ASSERT_OK(ob_price_out_of_area(f.t, &f.m, 2018, NULL, 0, NULL, 0, &r,
				       NULL));
	out = open_memstream(&text, &len);
	ASSERT(out != NULL);
	ASSERT_OK(ob_out_of_area_write_csv(&r, f.m.ds, out, NULL));
	ASSERT_INT_EQ(fclose(out), 0);
	ASSERT(strncmp(text, header, strlen(header)) == 0);
	e = find(&r, f.m.ds, "PATIENT_A", D(2018, 5, 1));
	ASSERT(e != NULL);
	snprintf(row, sizeof(row),
		 "\n2018/19,%u,%u,RAL,admitted,NEL,EB03C,2018-05-01,"
		 "2018-05-21,20,14,6,2851.00,1470.60,1.2162,5255.93,N,\n",
		 (unsigned)e->event, (unsigned)e->person);
	ASSERT(strstr(text, row) != NULL);
	ASSERT(strstr(text, ",community,,,2018-09-01,,0,,0,0.00,0.00,0,"
			    "0.00,N,no national tariff for this setting: "
			    "agree a local price\n") != NULL);
	ASSERT(strstr(text, "PATIENT") == NULL);
	{
		size_t lines = 0;
		for (size_t i = 0; i < len; i++)
			lines += text[i] == '\n';
		ASSERT_INT_EQ(lines, r.n + 1);
	}
	free(text);
	ob_out_of_area_release(&r);
	fx_close(&f);
}
