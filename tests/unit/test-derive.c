/*
 * test-derive.c - the person-year derivation on hand-built people.
 */
#include <stdlib.h>
#include <string.h>

#include "onebudget/person_year.h"

#include "test.h"

#define D(y, m, d) ob_date_from_ymd(y, m, d)

/* A dataset of up to 4 people built field by field. */
struct fixture {
	struct ob_dataset ds;
	struct ob_codelists *cl;
	struct ob_segment_rules *seg;
	struct ob_acsc *acsc;
	const char *codes[16];
	uint8_t systems[16];
	const char *practices[2], *pchs[1], *lsoas[2];
	int32_t practice_pch[2];
	uint8_t pch_loc[1], area_dec[2], area_loc[2];
	int32_t area_la[2];
	const char *pseudo[4];
	uint8_t sex[4];
	ob_date birth[4], death[4];
	int32_t parea[4];
	int8_t alone[4];
	uint32_t reg_start[5], cond_start[5], act_start[5];
	int32_t reg_practice[8];
	ob_date reg_from[8], reg_to[8];
	uint32_t cond_code[8];
	ob_date cond_date[8];
	uint8_t setting[16], adm[16], disdest[16];
	int8_t perm[16];
	ob_date from[16], to[16];
	int32_t prov[16], delayed[16];
	int16_t tf[16];
	ob_pence cost[16];
	uint32_t adiag[17], aproc[17], diag[32];
	const char *hrg[16];
};

static void fixture_init(struct fixture *f)
{
	struct ob_dataset *ds = &f->ds;

	memset(f, 0, sizeof(*f));
	f->practices[0] = "E87001";
	f->practices[1] = "E87002";
	f->practice_pch[0] = 0;
	f->practice_pch[1] = -1; /* outside the MCP */
	f->pchs[0] = "PCH_A";
	f->pch_loc[0] = OB_LOC_NORTH;
	f->lsoas[0] = "E01000001";
	f->lsoas[1] = "E01000002";
	f->area_dec[0] = 1;
	f->area_dec[1] = 10;
	f->area_loc[0] = OB_LOC_NORTH;
	f->area_loc[1] = OB_LOC_NONE;
	ds->npractices = 2;
	ds->practice_code = f->practices;
	ds->practice_pch = f->practice_pch;
	ds->npch = 1;
	ds->pch_code = f->pchs;
	ds->pch_locality = f->pch_loc;
	ds->nareas = 2;
	ds->lsoa_code = f->lsoas;
	ds->area_imd_decile = f->area_dec;
	ds->area_locality = f->area_loc;
	ds->area_la = f->area_la;
	ds->pseudonym = f->pseudo;
	ds->sex = f->sex;
	ds->birth = f->birth;
	ds->death = f->death;
	ds->person_area = f->parea;
	ds->lives_alone = f->alone;
	ds->reg_start = f->reg_start;
	ds->reg_practice = f->reg_practice;
	ds->reg_from = f->reg_from;
	ds->reg_to = f->reg_to;
	ds->cond_start = f->cond_start;
	ds->cond_code = f->cond_code;
	ds->cond_date = f->cond_date;
	ds->act_start = f->act_start;
	ds->act_setting = f->setting;
	ds->act_admission = f->adm;
	ds->act_disdest = f->disdest;
	ds->act_permanent = f->perm;
	ds->act_from = f->from;
	ds->act_to = f->to;
	ds->act_provider = f->prov;
	ds->act_tf = f->tf;
	ds->act_delayed = f->delayed;
	ds->act_cost = f->cost;
	ds->act_diag = f->adiag;
	ds->act_proc = f->aproc;
	ds->diag_code = f->diag;
	ds->act_hrg = f->hrg;
	ds->code_text = f->codes;
	ds->code_system = f->systems;
	for (int i = 0; i < 4; i++) {
		f->death[i] = OB_DATE_NONE;
		f->pseudo[i] = "p";
		f->alone[i] = -1;
		f->sex[i] = 2;
	}
}

static int code(struct fixture *f, int system, const char *c)
{
	for (size_t i = 0; i < f->ds.ncodes; i++)
		if (!strcmp(f->codes[i], c) && f->systems[i] == system)
			return (int)i;
	f->codes[f->ds.ncodes] = c;
	f->systems[f->ds.ncodes] = (uint8_t)system;
	return (int)f->ds.ncodes++;
}

/* Add a person; rows must be added person by person. */
static void person(struct fixture *f, ob_date birth, ob_date death, int area)
{
	size_t p = f->ds.npersons++;
	f->birth[p] = birth;
	f->death[p] = death;
	f->parea[p] = area;
	f->reg_start[p + 1] = f->reg_start[p];
	f->cond_start[p + 1] = f->cond_start[p];
	f->act_start[p + 1] = f->act_start[p];
}

static void reg(struct fixture *f, int practice, ob_date from, ob_date to)
{
	size_t p = f->ds.npersons - 1, i = f->ds.nreg++;
	f->reg_practice[i] = practice;
	f->reg_from[i] = from;
	f->reg_to[i] = to;
	f->reg_start[p + 1]++;
}

static void event(struct fixture *f, int setting, int adm, ob_date from,
		  ob_date to, ob_pence cost, int permanent, const char *d1,
		  const char *d2)
{
	size_t p = f->ds.npersons - 1, e = f->ds.nact++;
	f->setting[e] = (uint8_t)setting;
	f->adm[e] = (uint8_t)adm;
	f->from[e] = from;
	f->to[e] = to;
	f->cost[e] = cost;
	f->perm[e] = (int8_t)permanent;
	f->adiag[e] = (uint32_t)f->ds.ndiag;
	if (d1)
		f->diag[f->ds.ndiag++] = (uint32_t)code(f, OB_CODE_ICD10, d1);
	if (d2)
		f->diag[f->ds.ndiag++] = (uint32_t)code(f, OB_CODE_ICD10, d2);
	f->adiag[e + 1] = (uint32_t)f->ds.ndiag;
	f->act_start[p + 1]++;
}

static int derive(struct fixture *f, ob_fy first, ob_fy last,
		  struct ob_person_years *py)
{
	struct ob_derive_options o;

	if (ob_codelists_load(&f->cl, NULL) ||
	    ob_segment_rules_parse(&f->seg, NULL, 0, NULL, NULL) ||
	    ob_acsc_load(&f->acsc, NULL))
		return -1;
	ob_derive_options_init(&o);
	o.first_year = first;
	o.last_year = last;
	o.codelists = f->cl;
	o.segments = f->seg;
	o.acsc = f->acsc;
	o.threads = 1;
	return ob_derive(&f->ds, &o, py, NULL);
}

static void fixture_release(struct fixture *f, struct ob_person_years *py)
{
	ob_person_years_release(py);
	ob_codelists_free(f->cl);
	ob_segment_rules_free(f->seg);
	ob_acsc_free(f->acsc);
}

TEST(derive_exposure_across_practice_change_and_death)
{
	struct fixture f;
	struct ob_person_years py;

	fixture_init(&f);
	/* Born 1950-09-30; moves practice mid 2019/20; dies 2020-06-30. */
	person(&f, D(1950, 9, 30), D(2020, 6, 30), 0);
	reg(&f, 1, D(2010, 1, 1), D(2019, 6, 30));
	reg(&f, 0, D(2019, 7, 1), OB_DATE_NONE);
	ASSERT_OK(derive(&f, 2019, 2021, &py));
	ASSERT_INT_EQ(py.n, 2); /* nothing after death */
	ASSERT_INT_EQ(py.rows[0].year, 2019);
	ASSERT_INT_EQ(py.rows[0].days_in_year, 366);
	ASSERT_INT_EQ(py.rows[0].exposure_days, 366);
	/* 1 Jul 2019 .. 31 Mar 2020 with the MCP practice. */
	ASSERT_INT_EQ(py.rows[0].mcp_days,
		      D(2020, 3, 31) - D(2019, 7, 1) + 1);
	ASSERT_INT_EQ(py.rows[0].practice, 0); /* on 30 Sep */
	ASSERT_INT_EQ(py.rows[0].pch, 0);
	ASSERT_INT_EQ(py.rows[0].age, 69);     /* birthday on 30 Sep */
	ASSERT_INT_EQ(py.rows[0].imd_quintile, 1);
	ASSERT_INT_EQ(py.rows[1].died, 1);
	ASSERT_INT_EQ(py.rows[1].alive_at_end, 0);
	ASSERT_INT_EQ(py.rows[1].exposure_days, D(2020, 6, 30) - D(2020, 4, 1) + 1);
	ASSERT_INT_EQ(py.rows[1].resident_days, py.rows[1].exposure_days);
	fixture_release(&f, &py);
}

TEST(derive_age_boundary_day_before_birthday)
{
	struct fixture f;
	struct ob_person_years py;

	fixture_init(&f);
	person(&f, D(1954, 10, 1), OB_DATE_NONE, 1);
	reg(&f, 0, D(2000, 1, 1), OB_DATE_NONE);
	ASSERT_OK(derive(&f, 2019, 2019, &py));
	ASSERT_INT_EQ(py.n, 1);
	ASSERT_INT_EQ(py.rows[0].age, 64); /* 65 on 1 Oct, after 30 Sep */
	ASSERT_INT_EQ(py.rows[0].resident_days, 0); /* lives outside */
	fixture_release(&f, &py);
}

TEST(derive_hfrs_counts_each_category_once_with_lookback)
{
	struct fixture f;
	struct ob_person_years py;

	fixture_init(&f);
	person(&f, D(1930, 1, 1), OB_DATE_NONE, 0);
	reg(&f, 0, D(2000, 1, 1), OB_DATE_NONE);
	/* F00 (7.1) twice in different spells, F009 maps to F00 too; W19
	 * two years before the look-back does not count. */
	event(&f, OB_SET_ADMITTED, OB_ADM_EMERGENCY, D(2016, 5, 1),
	      D(2016, 5, 3), 100, -1, "W19X", NULL);
	event(&f, OB_SET_ADMITTED, OB_ADM_EMERGENCY, D(2018, 5, 1),
	      D(2018, 5, 3), 100, -1, "F009", NULL);
	event(&f, OB_SET_ADMITTED, OB_ADM_EMERGENCY, D(2019, 5, 1),
	      D(2019, 5, 4), 100, -1, "F00", "F009");
	ASSERT_OK(derive(&f, 2019, 2019, &py));
	ASSERT_NEAR(py.rows[0].hfrs, 7.1, 1e-5);
	ASSERT_INT_EQ(py.rows[0].hfrs_band, OB_HFRS_INTERMEDIATE);
	ASSERT_INT_EQ(py.rows[0].emergency_admissions, 1);
	ASSERT_INT_EQ(py.rows[0].bed_days, 3);
	ASSERT((py.rows[0].conditions >> OB_COND_DEMENTIA) & 1);
	fixture_release(&f, &py);
}

TEST(derive_days_at_home_overlapping_stays)
{
	struct fixture f;
	struct ob_person_years py;

	fixture_init(&f);
	person(&f, D(1940, 1, 1), OB_DATE_NONE, 0);
	reg(&f, 0, D(2000, 1, 1), OB_DATE_NONE);
	/* Hospital 10-20 May (10 nights), respite 15-25 May overlapping
	 * (5 more nights), a day case (no night), a permanent placement
	 * from 1 March (home, not bedded). */
	event(&f, OB_SET_ADMITTED, OB_ADM_EMERGENCY, D(2019, 5, 10),
	      D(2019, 5, 20), 1000, -1, NULL, NULL);
	event(&f, OB_SET_CARE_HOME, 0, D(2019, 5, 15), D(2019, 5, 25), 500,
	      0, NULL, NULL);
	event(&f, OB_SET_ADMITTED, OB_ADM_ELECTIVE, D(2019, 8, 1),
	      D(2019, 8, 1), 300, -1, NULL, NULL);
	event(&f, OB_SET_CARE_HOME, 0, D(2020, 3, 1), OB_DATE_NONE, 0, 1,
	      NULL, NULL);
	ASSERT_OK(derive(&f, 2019, 2019, &py));
	ASSERT_INT_EQ(py.rows[0].bed_days, 10);
	ASSERT_INT_EQ(py.rows[0].days_at_home, 366 - 15);
	ASSERT_INT_EQ(py.rows[0].elective_admissions, 1);
	ASSERT_INT_EQ(py.rows[0].care_home_admission, 1);
	ASSERT_INT_EQ(py.rows[0].in_care_home, 1);
	fixture_release(&f, &py);
}

TEST(derive_placement_cost_spread_exactly)
{
	struct fixture f;
	struct ob_person_years py;
	ob_pence sum = 0;

	fixture_init(&f);
	person(&f, D(1940, 1, 1), OB_DATE_NONE, 0);
	reg(&f, 0, D(2000, 1, 1), OB_DATE_NONE);
	/* 1,000.01 pounds over 2 Jan 2019 .. 30 Jun 2021. */
	event(&f, OB_SET_SOCIAL_CARE, 0, D(2019, 1, 2), D(2021, 6, 30),
	      100001, -1, NULL, NULL);
	ASSERT_OK(derive(&f, 2018, 2021, &py));
	ASSERT_INT_EQ(py.n, 4);
	for (size_t i = 0; i < py.n; i++)
		sum += py.rows[i].cost[OB_SET_SOCIAL_CARE];
	ASSERT_INT_EQ(sum, 100001);
	/* 2018/19 holds 89 of the 911 days. */
	ASSERT_INT_EQ(py.rows[0].cost[OB_SET_SOCIAL_CARE],
		      100001LL * 89 / 911);
	fixture_release(&f, &py);
}

TEST(derive_unregistered_resident_and_outside_person)
{
	struct fixture f;
	struct ob_person_years py;

	fixture_init(&f);
	person(&f, D(1990, 1, 1), OB_DATE_NONE, 0); /* resident, no GP */
	person(&f, D(1990, 1, 1), OB_DATE_NONE, 1); /* neither */
	ASSERT_OK(derive(&f, 2019, 2019, &py));
	ASSERT_INT_EQ(py.n, 1);
	ASSERT_INT_EQ(py.rows[0].person, 0);
	ASSERT_INT_EQ(py.rows[0].exposure_days, 0);
	ASSERT_INT_EQ(py.rows[0].resident_days, 366);
	ASSERT_INT_EQ(py.rows[0].days_at_home, 366);
	fixture_release(&f, &py);
}

TEST(derive_acsc_emergency_admissions_only)
{
	struct fixture f;
	struct ob_person_years py;

	fixture_init(&f);
	person(&f, D(1960, 1, 1), OB_DATE_NONE, 0);
	reg(&f, 0, D(2000, 1, 1), OB_DATE_NONE);
	event(&f, OB_SET_ADMITTED, OB_ADM_EMERGENCY, D(2019, 5, 1),
	      D(2019, 5, 3), 100, -1, "J459", NULL);
	event(&f, OB_SET_ADMITTED, OB_ADM_ELECTIVE, D(2019, 6, 1),
	      D(2019, 6, 2), 100, -1, "J459", NULL);
	event(&f, OB_SET_ADMITTED, OB_ADM_EMERGENCY, D(2019, 7, 1),
	      D(2019, 7, 3), 100, -1, "J189", "J45");
	ASSERT_OK(derive(&f, 2019, 2019, &py));
	ASSERT_INT_EQ(py.rows[0].emergency_admissions, 2);
	ASSERT_INT_EQ(py.rows[0].acsc_admissions, 1);
	fixture_release(&f, &py);
}
