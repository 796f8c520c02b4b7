/*
 * test-codelist.c - code lists and scores: HFRS points per 3-character
 * category and its bands, Charlson categories from Quan prefixes with the
 * hierarchy and both weight sets, eFI deficits and bands, condition groups
 * from ICD-10 and SNOMED CT, unknown codes, the SNOMED ids of the shipped
 * files, and the codes the synthetic generator writes.
 *
 * Expected values are worked out by hand from the files in data/codes
 * (HFRS points from hfrs_gilbert2018.csv, weights from charlson_quan.csv).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/codelist.h"
#include "onebudget/codes.h"
#include "onebudget/csv.h"
#include "onebudget/refdata.h"
#include "test.h"

#include "../../src/lib/data/synth-internal.h"

/* ------------------------------------------------------------ helpers */

static struct ob_codelists *lists(void)
{
	static struct ob_codelists *cl;
	struct ob_error err;

	if (!cl && ob_codelists_load(&cl, &err) != OB_OK) {
		fprintf(stderr, "ob_codelists_load: %s:%ld: %s\n", err.file,
			err.line, err.msg);
		cl = NULL;
	}
	return cl;
}

static struct ob_code_props icd(const char *code)
{
	struct ob_code_props p;

	ob_code_lookup(lists(), OB_CODE_ICD10, code, strlen(code), &p);
	return p;
}

static struct ob_code_props sct(const char *code)
{
	struct ob_code_props p;

	ob_code_lookup(lists(), OB_CODE_SNOMED, code, strlen(code), &p);
	return p;
}

#define COND(c) (UINT32_C(1) << (c))
#define CCI(c)	(UINT32_C(1) << (c))

static int efi_index(const char *name)
{
	for (int i = 0; i < OB_EFI_DEFICITS; i++)
		if (!strcmp(ob_efi_deficit_name(i), name))
			return i;
	return -1;
}

static uint64_t efi_bit(const char *name)
{
	int i = efi_index(name);

	return i < 0 ? 0 : UINT64_C(1) << i;
}

static int is_zero(const struct ob_code_props *p)
{
	return !p->conditions && !p->charlson && !p->efi_deficits &&
	       p->hfrs_points == 0.0f && p->hfrs_category == -1;
}

/*
 * The HFRS of a set of codes as a caller computes it: the points of each
 * distinct category, once (Gilbert et al. 2018).  Summed in float, as
 * ob_code_props holds them.
 */
static float hfrs_of(const char *const *codes, size_t n)
{
	unsigned char seen[OB_HFRS_CATEGORIES] = {0};
	float sum = 0;

	for (size_t i = 0; i < n; i++) {
		struct ob_code_props p = icd(codes[i]);

		if (p.hfrs_category >= 0 && !seen[p.hfrs_category]) {
			seen[p.hfrs_category] = 1;
			sum += p.hfrs_points;
		}
	}
	return sum;
}

static uint32_t charlson_of(const char *const *codes, size_t n)
{
	uint32_t c = 0;

	for (size_t i = 0; i < n; i++)
		c |= icd(codes[i]).charlson;
	return c;
}

/* ------------------------------------------------------------ loading */

TEST(codelist_load)
{
	struct ob_codelists *cl = lists();

	ASSERT(cl != NULL);
	ASSERT_INT_EQ(ob_hfrs_categories(cl), 109);
	ASSERT_INT_EQ(OB_HFRS_CATEGORIES, 109);
	ASSERT_STR_EQ(ob_hfrs_category_code(cl, 0), "F00");
	ASSERT_NEAR(ob_hfrs_category_points(cl, 0), 7.1, 1e-12);
	ASSERT_STR_EQ(ob_hfrs_category_code(cl, 108), "R50");
	ASSERT_NEAR(ob_hfrs_category_points(cl, 108), 0.1, 1e-12);
	ASSERT(ob_hfrs_category_code(cl, 109) == NULL);
	ASSERT(ob_hfrs_category_points(cl, 109) == 0.0);
	ASSERT_INT_EQ(ob_hfrs_categories(NULL), 0);

	/* A second load is independent of the first. */
	struct ob_codelists *again;
	struct ob_error err;

	ASSERT_OK(ob_codelists_load(&again, &err));
	ASSERT_INT_EQ(ob_hfrs_categories(again), 109);
	ob_codelists_free(again);
	ob_codelists_free(NULL);
}

/* ------------------------------------------------------------ HFRS */

TEST(codelist_hfrs_points)
{
	struct ob_code_props f00 = icd("F00"), f009 = icd("F009");
	struct ob_code_props f000 = icd("F000");

	ASSERT(lists() != NULL);
	/* F00 is the first category of the list, 7.1 points. */
	ASSERT_INT_EQ(f00.hfrs_category, 0);
	ASSERT_NEAR(f00.hfrs_points, 7.1, 1e-6);
	/* A 4-character code maps to its 3-character category. */
	ASSERT_INT_EQ(f009.hfrs_category, 0);
	ASSERT_NEAR(f009.hfrs_points, 7.1, 1e-6);
	ASSERT_INT_EQ(f000.hfrs_category, 0);
	/* Dotted or lower-case codes are normalised first. */
	ASSERT_INT_EQ(icd("f00.9").hfrs_category, 0);
	/* Others from the table; HES X filler. */
	ASSERT_NEAR(icd("R296").hfrs_points, 3.6, 1e-6); /* R29 */
	ASSERT_NEAR(icd("W19X").hfrs_points, 3.2, 1e-6); /* W19 */
	ASSERT_NEAR(icd("G20X").hfrs_points, 1.8, 1e-6); /* G20 */
	ASSERT_NEAR(icd("R50").hfrs_points, 0.1, 1e-6);	 /* last */
	ASSERT_STR_EQ(
	    ob_hfrs_category_code(lists(), (size_t)icd("S720").hfrs_category),
	    "S72");
	/* Not an HFRS category: I10 (hypertension) and F06 next to F05. */
	ASSERT_INT_EQ(icd("I10X").hfrs_category, -1);
	ASSERT(icd("I10X").hfrs_points == 0.0f);
	ASSERT_INT_EQ(icd("F069").hfrs_category, -1);
	ASSERT_NEAR(icd("F050").hfrs_points, 3.2, 1e-6);

	/* Each category counts once per person: three F00 codes and G20X
	 * give 7.1 + 1.8, not 3 x 7.1 + 1.8. */
	{
		static const char *const codes[] = {"F000", "F001", "F009",
						    "G20X"};

		ASSERT_NEAR(hfrs_of(codes, 4), 8.9, 1e-5);
	}
	/* F00 and F01 are different categories (7.1 + 2.0). */
	{
		static const char *const codes[] = {"F009", "F019"};

		ASSERT_NEAR(hfrs_of(codes, 2), 9.1, 1e-5);
	}
}

TEST(codelist_hfrs_bands)
{
	ASSERT_INT_EQ(ob_hfrs_band_of(0), OB_HFRS_LOW);
	ASSERT_INT_EQ(ob_hfrs_band_of(4.9), OB_HFRS_LOW);
	ASSERT_INT_EQ(ob_hfrs_band_of(5.0), OB_HFRS_INTERMEDIATE);
	ASSERT_INT_EQ(ob_hfrs_band_of(10.0), OB_HFRS_INTERMEDIATE);
	ASSERT_INT_EQ(ob_hfrs_band_of(15.0), OB_HFRS_INTERMEDIATE);
	ASSERT_INT_EQ(ob_hfrs_band_of(15.1), OB_HFRS_HIGH);
	ASSERT_INT_EQ(ob_hfrs_band_of(40.0), OB_HFRS_HIGH);
	ASSERT_INT_EQ(ob_hfrs_band_of(-1.0), OB_HFRS_LOW);
	ASSERT_INT_EQ(ob_hfrs_band_of(NAN), OB_HFRS_LOW);
	/* Rounding error of a sum does not move a boundary score. */
	ASSERT_INT_EQ(ob_hfrs_band_of(4.9999999), OB_HFRS_INTERMEDIATE);
	ASSERT_INT_EQ(ob_hfrs_band_of(15.0000001), OB_HFRS_INTERMEDIATE);
	{
		double s = 0;

		for (int i = 0; i < 150; i++)
			s += 0.1; /* 15.0 with accumulated error */
		ASSERT_INT_EQ(ob_hfrs_band_of(s), OB_HFRS_INTERMEDIATE);
	}

	/* Boundary scores from real codes, summed in float. */
	{
		/* N39 3.2 + L89 1.7 = 4.9 */
		static const char *const low[] = {"N390", "L899"};
		/* N39 3.2 + G20 1.8 = 5.0 */
		static const char *const five[] = {"N390", "G20X"};
		/* F00 7.1 + G81 4.4 + F05 3.2 + R11 0.3 = 15.0 */
		static const char *const fifteen[] = {"F009", "G819", "F050",
						      "R11X"};
		/* F00 7.1 + G81 4.4 + F05 3.2 + D64 0.4 = 15.1 */
		static const char *const high[] = {"F009", "G819", "F050",
						   "D649"};

		ASSERT_INT_EQ(ob_hfrs_band_of(hfrs_of(low, 2)), OB_HFRS_LOW);
		ASSERT_INT_EQ(ob_hfrs_band_of(hfrs_of(five, 2)),
			      OB_HFRS_INTERMEDIATE);
		ASSERT_INT_EQ(ob_hfrs_band_of(hfrs_of(fifteen, 4)),
			      OB_HFRS_INTERMEDIATE);
		ASSERT_INT_EQ(ob_hfrs_band_of(hfrs_of(high, 4)), OB_HFRS_HIGH);
	}
	ASSERT_STR_EQ(ob_hfrs_band_name(OB_HFRS_LOW), "low");
	ASSERT_STR_EQ(ob_hfrs_band_name(OB_HFRS_INTERMEDIATE), "intermediate");
	ASSERT_STR_EQ(ob_hfrs_band_name(OB_HFRS_HIGH), "high");
	ASSERT(ob_hfrs_band_name((enum ob_hfrs_band)3) == NULL);
}

/* ------------------------------------------------------------ Charlson */

TEST(codelist_charlson_categories)
{
	ASSERT(lists() != NULL);
	/* 3-character prefixes match every code below them. */
	ASSERT_INT_EQ(icd("I21").charlson, CCI(OB_CCI_MI));
	ASSERT_INT_EQ(icd("I219").charlson, CCI(OB_CCI_MI));
	ASSERT_INT_EQ(icd("I500").charlson, CCI(OB_CCI_CHF));
	ASSERT_INT_EQ(icd("B20X").charlson, CCI(OB_CCI_AIDS));
	ASSERT_INT_EQ(icd("G819").charlson, CCI(OB_CCI_HP));
	ASSERT_INT_EQ(icd("N183").charlson, CCI(OB_CCI_REND));
	/* 4-character prefixes match only their own code. */
	ASSERT_INT_EQ(icd("I252").charlson, CCI(OB_CCI_MI));
	ASSERT_INT_EQ(icd("I255").charlson, CCI(OB_CCI_CHF));
	ASSERT_INT_EQ(icd("I259").charlson, 0);
	ASSERT_INT_EQ(icd("I25").charlson, 0);
	/* Mild and severe forms are separate categories per code. */
	ASSERT_INT_EQ(icd("E119").charlson, CCI(OB_CCI_DIAB));
	ASSERT_INT_EQ(icd("E112").charlson, CCI(OB_CCI_DIABWC));
	ASSERT_INT_EQ(icd("E11").charlson, 0);
	ASSERT_INT_EQ(icd("K703").charlson, CCI(OB_CCI_MLD));
	ASSERT_INT_EQ(icd("K704").charlson, CCI(OB_CCI_MSLD));
	ASSERT_INT_EQ(icd("K70").charlson, 0);
	ASSERT_INT_EQ(icd("C509").charlson, CCI(OB_CCI_CANC));
	ASSERT_INT_EQ(icd("C787").charlson, CCI(OB_CCI_METACANC));
	/* Non-melanoma skin cancer is not a Charlson malignancy. */
	ASSERT_INT_EQ(icd("C449").charlson, 0);
	/* Dementia also carries its HFRS category. */
	ASSERT_INT_EQ(icd("F009").charlson, CCI(OB_CCI_DEMENTIA));
	ASSERT_INT_EQ(icd("F009").hfrs_category, 0);
	/* SNOMED codes have no Charlson category. */
	ASSERT_INT_EQ(sct("84114007").charlson, 0);

	ASSERT_STR_EQ(ob_charlson_category_name(OB_CCI_MI), "mi");
	ASSERT_STR_EQ(ob_charlson_category_name(OB_CCI_METACANC), "metacanc");
	ASSERT_STR_EQ(ob_charlson_category_name(OB_CCI_AIDS), "aids");
	ASSERT(ob_charlson_category_name(OB_CCI_COUNT) == NULL);
}

TEST(codelist_charlson_scores)
{
	const uint32_t all = (UINT32_C(1) << OB_CCI_COUNT) - 1;

	/* Weights from charlson_quan.csv, one category at a time. */
	ASSERT_INT_EQ(ob_charlson_score(0, OB_CHARLSON_1987), 0);
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_MI), OB_CHARLSON_1987), 1);
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_MI), OB_CHARLSON_QUAN_2011),
		      0);
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_CHF), OB_CHARLSON_QUAN_2011),
		      2);
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_AIDS), OB_CHARLSON_1987), 6);
	ASSERT_INT_EQ(
	    ob_charlson_score(CCI(OB_CCI_AIDS), OB_CHARLSON_QUAN_2011), 4);

	/* Hierarchy: msld (3 / 4) removes mld (1 / 2). */
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_MSLD) | CCI(OB_CCI_MLD),
					OB_CHARLSON_1987),
		      3);
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_MSLD) | CCI(OB_CCI_MLD),
					OB_CHARLSON_QUAN_2011),
		      4);
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_MLD), OB_CHARLSON_QUAN_2011),
		      2);
	/* diabwc (2 / 1) removes diab (1 / 0). */
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_DIABWC) | CCI(OB_CCI_DIAB),
					OB_CHARLSON_1987),
		      2);
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_DIABWC) | CCI(OB_CCI_DIAB),
					OB_CHARLSON_QUAN_2011),
		      1);
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_DIAB), OB_CHARLSON_1987), 1);
	/* metacanc (6 / 6) removes canc (2 / 2). */
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_METACANC) | CCI(OB_CCI_CANC),
					OB_CHARLSON_1987),
		      6);
	ASSERT_INT_EQ(ob_charlson_score(CCI(OB_CCI_METACANC) | CCI(OB_CCI_CANC),
					OB_CHARLSON_QUAN_2011),
		      6);

	/* mi + chf + dementia + cpd: 1+1+1+1 = 4; Quan 0+2+2+1 = 5. */
	{
		uint32_t c = CCI(OB_CCI_MI) | CCI(OB_CCI_CHF) |
			     CCI(OB_CCI_DEMENTIA) | CCI(OB_CCI_CPD);

		ASSERT_INT_EQ(ob_charlson_score(c, OB_CHARLSON_1987), 4);
		ASSERT_INT_EQ(ob_charlson_score(c, OB_CHARLSON_QUAN_2011), 5);
	}
	/* All 17: 1987 weights sum to 33, less mld 1, diab 1, canc 2 = 29;
	 * Quan 28, less mld 2, diab 0, canc 2 = 24. */
	ASSERT_INT_EQ(ob_charlson_score(all, OB_CHARLSON_1987), 29);
	ASSERT_INT_EQ(ob_charlson_score(all, OB_CHARLSON_QUAN_2011), 24);
	/* Bits above the categories are ignored. */
	ASSERT_INT_EQ(ob_charlson_score(~UINT32_C(0), OB_CHARLSON_1987), 29);
	ASSERT_INT_EQ(ob_charlson_score(0, (enum ob_charlson_weights)2), -1);

	/* From codes: E112 E119 K704 K703 C787 C509 I500 -> diabwc msld
	 * metacanc chf after the hierarchy: 2+3+6+1 = 12; Quan 1+4+6+2 =
	 * 13. */
	{
		static const char *const codes[] = {
		    "E112", "E119", "K704", "K703", "C787", "C509", "I500"};
		uint32_t c = charlson_of(codes, 7);

		ASSERT_INT_EQ(c, CCI(OB_CCI_DIABWC) | CCI(OB_CCI_DIAB) |
				     CCI(OB_CCI_MSLD) | CCI(OB_CCI_MLD) |
				     CCI(OB_CCI_METACANC) | CCI(OB_CCI_CANC) |
				     CCI(OB_CCI_CHF));
		ASSERT_INT_EQ(ob_charlson_score(c, OB_CHARLSON_1987), 12);
		ASSERT_INT_EQ(ob_charlson_score(c, OB_CHARLSON_QUAN_2011), 13);
	}
	/* I21X + J449 + N183 + E119: mi cpd rend diab = 1+1+2+1 = 5; Quan
	 * 0+1+1+0 = 2. */
	{
		static const char *const codes[] = {"I21X", "J449", "N183",
						    "E119"};
		uint32_t c = charlson_of(codes, 4);

		ASSERT_INT_EQ(ob_charlson_score(c, OB_CHARLSON_1987), 5);
		ASSERT_INT_EQ(ob_charlson_score(c, OB_CHARLSON_QUAN_2011), 2);
	}
}

/* ------------------------------------------------------------ eFI */

TEST(codelist_efi_bands)
{
	/* fit <= 0.12, mild <= 0.24, moderate <= 0.36: 4/36 = 0.111 fit,
	 * 5/36 = 0.139 mild, 8/36 = 0.222 mild, 9/36 = 0.25 moderate,
	 * 12/36 = 0.333 moderate, 13/36 = 0.361 severe. */
	ASSERT_INT_EQ(ob_efi_band_of(0), OB_EFI_FIT);
	ASSERT_INT_EQ(ob_efi_band_of(4), OB_EFI_FIT);
	ASSERT_INT_EQ(ob_efi_band_of(5), OB_EFI_MILD);
	ASSERT_INT_EQ(ob_efi_band_of(8), OB_EFI_MILD);
	ASSERT_INT_EQ(ob_efi_band_of(9), OB_EFI_MODERATE);
	ASSERT_INT_EQ(ob_efi_band_of(12), OB_EFI_MODERATE);
	ASSERT_INT_EQ(ob_efi_band_of(13), OB_EFI_SEVERE);
	ASSERT_INT_EQ(ob_efi_band_of(36), OB_EFI_SEVERE);
	ASSERT_INT_EQ(ob_efi_band_of(-1), OB_EFI_FIT);
	/* The same as comparing the index with the cut-offs directly (no
	 * deficit count lands exactly on one). */
	for (int d = 0; d <= OB_EFI_DEFICITS; d++) {
		double x = d / 36.0;
		int want = x <= 0.12   ? OB_EFI_FIT
			   : x <= 0.24 ? OB_EFI_MILD
			   : x <= 0.36 ? OB_EFI_MODERATE
				       : OB_EFI_SEVERE;

		ASSERT_INT_EQ(ob_efi_band_of(d), want);
	}
	ASSERT_STR_EQ(ob_efi_band_name(OB_EFI_FIT), "fit");
	ASSERT_STR_EQ(ob_efi_band_name(OB_EFI_MILD), "mild");
	ASSERT_STR_EQ(ob_efi_band_name(OB_EFI_MODERATE), "moderate");
	ASSERT_STR_EQ(ob_efi_band_name(OB_EFI_SEVERE), "severe");
	ASSERT(ob_efi_band_name((enum ob_efi_band)4) == NULL);

	ASSERT_STR_EQ(ob_efi_deficit_name(0), "activity-limitation");
	ASSERT_STR_EQ(ob_efi_deficit_name(11), "falls");
	ASSERT_STR_EQ(ob_efi_deficit_name(34), "weight-loss");
	ASSERT_STR_EQ(ob_efi_deficit_name(35), "polypharmacy");
	ASSERT(ob_efi_deficit_name(36) == NULL);
	ASSERT(ob_efi_deficit_name(-1) == NULL);
}

TEST(codelist_efi_codes)
{
	ASSERT(lists() != NULL);
	ASSERT_INT_EQ(icd("R296").efi_deficits, efi_bit("falls"));
	ASSERT_INT_EQ(icd("W19X").efi_deficits, efi_bit("falls"));
	ASSERT_INT_EQ(icd("W01").efi_deficits, efi_bit("falls"));
	ASSERT_INT_EQ(icd("R32X").efi_deficits,
		      efi_bit("urinary-incontinence"));
	ASSERT_INT_EQ(icd("N390").efi_deficits,
		      efi_bit("urinary-system-disease"));
	ASSERT_INT_EQ(icd("N393").efi_deficits,
		      efi_bit("urinary-incontinence"));
	/* Z74.0 is housebound only; Z74.1 activity limitation. */
	ASSERT_INT_EQ(icd("Z740").efi_deficits, efi_bit("housebound"));
	ASSERT_INT_EQ(icd("Z741").efi_deficits, efi_bit("activity-limitation"));
	/* One code, two deficits. */
	ASSERT_INT_EQ(icd("M800").efi_deficits,
		      efi_bit("osteoporosis") | efi_bit("fragility-fracture"));
	/* Asthma and COPD are one deficit. */
	ASSERT_INT_EQ(icd("J459").efi_deficits, efi_bit("respiratory-disease"));
	ASSERT_INT_EQ(icd("J449").efi_deficits, efi_bit("respiratory-disease"));
	ASSERT_INT_EQ(sct("195967001").efi_deficits,
		      efi_bit("respiratory-disease"));
	ASSERT_INT_EQ(sct("13645005").efi_deficits,
		      efi_bit("respiratory-disease"));
	ASSERT_INT_EQ(sct("105529008").efi_deficits,
		      efi_bit("social-vulnerability"));
	ASSERT_INT_EQ(sct("161898004").efi_deficits, efi_bit("falls"));
	/* Not deficits: cancer, depression. */
	ASSERT_INT_EQ(icd("C509").efi_deficits, 0);
	ASSERT_INT_EQ(sct("35489007").efi_deficits, 0);
}

/* ------------------------------------------------------------ groups */

TEST(codelist_conditions_icd10)
{
	static const struct {
		const char *code;
		int cond; /* -1: in no group */
	} cases[] = {
	    {"I10X", OB_COND_HYPERTENSION},
	    {"I10", OB_COND_HYPERTENSION},
	    {"I159", OB_COND_HYPERTENSION},
	    {"E119", OB_COND_DIABETES},
	    {"E101", OB_COND_DIABETES},
	    {"J46X", OB_COND_ASTHMA},
	    {"J459", OB_COND_ASTHMA},
	    {"J449", OB_COND_COPD},
	    {"J441", OB_COND_COPD},
	    {"J47X", -1},
	    {"I500", OB_COND_HEART_FAILURE},
	    {"I489", OB_COND_ATRIAL_FIBRILLATION},
	    {"I209", OB_COND_CORONARY_HEART_DISEASE},
	    {"I259", OB_COND_CORONARY_HEART_DISEASE},
	    {"I639", OB_COND_STROKE},
	    {"G459", OB_COND_STROKE},
	    {"N183", OB_COND_CKD},
	    {"N181", -1},
	    {"Z992", OB_COND_CKD},
	    {"C509", OB_COND_CANCER},
	    {"C61X", OB_COND_CANCER},
	    {"C349", OB_COND_CANCER},
	    {"C189", OB_COND_CANCER},
	    {"C787", OB_COND_CANCER},
	    {"C430", OB_COND_CANCER},
	    {"C449", -1},
	    {"D059", -1},
	    {"F009", OB_COND_DEMENTIA},
	    {"F03X", OB_COND_DEMENTIA},
	    {"F329", OB_COND_DEPRESSION},
	    {"F209", OB_COND_SERIOUS_MENTAL_ILLNESS},
	    {"F319", OB_COND_SERIOUS_MENTAL_ILLNESS},
	    {"F799", OB_COND_LEARNING_DISABILITY},
	    {"Q909", OB_COND_LEARNING_DISABILITY},
	    {"G409", OB_COND_EPILEPSY},
	    {"K703", OB_COND_LIVER_DISEASE},
	    {"K746", OB_COND_LIVER_DISEASE},
	    {"G20X", OB_COND_PARKINSONS},
	    {"G35X", OB_COND_MULTIPLE_SCLEROSIS},
	    {"G819", OB_COND_PARALYSIS},
	    {"H540", OB_COND_SEVERE_SENSORY},
	    {"H549", -1},
	    {"M059", OB_COND_RHEUMATOID_ARTHRITIS},
	    {"M819", OB_COND_OSTEOPOROSIS},
	    {"O800", OB_COND_PREGNANCY},
	    {"O821", OB_COND_PREGNANCY},
	    {"Z370", OB_COND_PREGNANCY},
	    {"Z515", OB_COND_PALLIATIVE},
	    {"Z511", -1},
	    {"R104", -1},
	};

	ASSERT(lists() != NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ob_code_props p = icd(cases[i].code);
		uint32_t want = cases[i].cond < 0 ? 0 : COND(cases[i].cond);

		if (p.conditions != want)
			TEST_FAIL_("%s: conditions 0x%" PRIx32
				   ", expected 0x%" PRIx32,
				   cases[i].code, p.conditions, want);
	}
	/* I11.0 is hypertension and heart failure. */
	ASSERT_INT_EQ(icd("I110").conditions,
		      COND(OB_COND_HYPERTENSION) | COND(OB_COND_HEART_FAILURE));
	ASSERT_INT_EQ(icd("I119").conditions, COND(OB_COND_HYPERTENSION));
	/* Normalisation: dot and lower case. */
	ASSERT_INT_EQ(icd("e11.9").conditions, COND(OB_COND_DIABETES));
	/* E11.9: diabetes group, Charlson diab, eFI diabetes, no HFRS. */
	{
		struct ob_code_props p = icd("E119");

		ASSERT_INT_EQ(p.charlson, CCI(OB_CCI_DIAB));
		ASSERT_INT_EQ(p.efi_deficits, efi_bit("diabetes"));
		ASSERT_INT_EQ(p.hfrs_category, -1);
	}
}

TEST(codelist_conditions_snomed)
{
	static const struct {
		const char *code;
		int cond;
	} cases[] = {
	    {"38341003", OB_COND_HYPERTENSION},
	    {"44054006", OB_COND_DIABETES},
	    {"46635009", OB_COND_DIABETES},
	    {"195967001", OB_COND_ASTHMA},
	    {"13645005", OB_COND_COPD},
	    {"84114007", OB_COND_HEART_FAILURE},
	    {"49436004", OB_COND_ATRIAL_FIBRILLATION},
	    {"53741008", OB_COND_CORONARY_HEART_DISEASE},
	    {"230690007", OB_COND_STROKE},
	    {"433144002", OB_COND_CKD},
	    {"254837009", OB_COND_CANCER},
	    {"52448006", OB_COND_DEMENTIA},
	    {"35489007", OB_COND_DEPRESSION},
	    {"58214004", OB_COND_SERIOUS_MENTAL_ILLNESS},
	    {"110359009", OB_COND_LEARNING_DISABILITY},
	    {"84757009", OB_COND_EPILEPSY},
	    {"328383001", OB_COND_LIVER_DISEASE},
	    {"49049000", OB_COND_PARKINSONS},
	    {"24700007", OB_COND_MULTIPLE_SCLEROSIS},
	    {"50582007", OB_COND_PARALYSIS},
	    {"193699007", OB_COND_SEVERE_SENSORY},
	    {"69896004", OB_COND_RHEUMATOID_ARTHRITIS},
	    {"64859006", OB_COND_OSTEOPOROSIS},
	    {"77386006", OB_COND_PREGNANCY},
	    {"103735009", OB_COND_PALLIATIVE},
	    {"309861000000100", OB_COND_CKD}, /* 15 digits, UK */
	    /* Unstaged CKD is an eFI deficit but not the QOF 3-5 group. */
	    {"709044004", -1},
	    /* Frailty and care plan: no group. */
	    {SNOMED_FRAILTY, -1},
	    {SNOMED_CARE_PLAN, -1},
	};
	int seen[OB_COND_COUNT] = {0};

	ASSERT(lists() != NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ob_code_props p = sct(cases[i].code);
		uint32_t want = cases[i].cond < 0 ? 0 : COND(cases[i].cond);

		if (p.conditions != want)
			TEST_FAIL_("%s: conditions 0x%" PRIx32
				   ", expected 0x%" PRIx32,
				   cases[i].code, p.conditions, want);
		if (p.hfrs_category != -1 || p.charlson)
			TEST_FAIL_("%s: SNOMED with HFRS or Charlson",
				   cases[i].code);
		if (cases[i].cond >= 0)
			seen[cases[i].cond] = 1;
	}
	/* Every group has at least one SNOMED id. */
	for (int c = 0; c < OB_COND_COUNT; c++)
		if (!seen[c])
			TEST_FAIL_("no SNOMED case for %s",
				   ob_condition_name(c));
	/* Exact ids only: the ICD-10 system does not see SNOMED ids and
	 * the reverse. */
	{
		struct ob_code_props p;

		ob_code_lookup(lists(), OB_CODE_ICD10, "38341003", 8, &p);
		ASSERT(is_zero(&p));
		ob_code_lookup(lists(), OB_CODE_SNOMED, "I10X", 4, &p);
		ASSERT(is_zero(&p));
	}
	ASSERT_STR_EQ(ob_condition_name(OB_COND_HYPERTENSION), "hypertension");
	ASSERT_STR_EQ(ob_condition_name(OB_COND_SERIOUS_MENTAL_ILLNESS),
		      "serious_mental_illness");
	ASSERT_STR_EQ(ob_condition_name(OB_COND_PALLIATIVE), "palliative");
	ASSERT(ob_condition_name(OB_COND_COUNT) == NULL);
}

TEST(codelist_unknown_codes)
{
	static const char *const icd_codes[] = {
	    "A000",   /* cholera: in no list */
	    "Z000",   /* general examination */
	    "U071",   /* COVID-19 */
	    "",	      /* empty */
	    "E1",     /* too short to be a code */
	    "11E9",   /* not ICD-10 */
	    "E11999", /* too long */
	    "ZZZZ",
	};
	static const char *const sct_codes[] = {
	    "22298007",		     /* MI with a wrong check digit */
	    "999999999999999999999", /* too long */
	    "12345",		     /* too short */
	    "0195967001",	     /* leading zero */
	    "19596700x",
	    "",
	};
	struct ob_code_props p;

	ASSERT(lists() != NULL);
	for (size_t i = 0; i < sizeof(icd_codes) / sizeof(icd_codes[0]); i++) {
		p = icd(icd_codes[i]);
		if (!is_zero(&p))
			TEST_FAIL_("ICD-10 '%s' is in a list", icd_codes[i]);
	}
	for (size_t i = 0; i < sizeof(sct_codes) / sizeof(sct_codes[0]); i++) {
		p = sct(sct_codes[i]);
		if (!is_zero(&p))
			TEST_FAIL_("SNOMED '%s' is in a list", sct_codes[i]);
	}
	/* A valid concept id that no list names: 22298006 (MI) is CHD, but
	 * 404684003 (clinical finding) is in none. */
	ASSERT(ob_snomed_valid("404684003", 9));
	p = sct("404684003");
	ASSERT(is_zero(&p));
	/* OPCS-4 codes are in no list; NULL list or code give zeros. */
	ob_code_lookup(lists(), OB_CODE_OPCS4, "W371", 4, &p);
	ASSERT(is_zero(&p));
	ob_code_lookup(NULL, OB_CODE_ICD10, "F009", 4, &p);
	ASSERT(is_zero(&p));
	ob_code_lookup(lists(), OB_CODE_ICD10, NULL, 0, &p);
	ASSERT(is_zero(&p));
	/* A view is bounded by its length, not by a NUL. */
	ob_code_lookup(lists(), OB_CODE_ICD10, "F009ZZZ", 4, &p);
	ASSERT_INT_EQ(p.hfrs_category, 0);
}

/* ------------------------------------------------------------ files */

/*
 * Every row of a shipped list, read independently of the loader: its
 * SNOMED id passes the Verhoeff check and its code finds its group or
 * deficit through ob_code_lookup() (an ICD-10 prefix shorter than three
 * characters is padded with zeros to make a code: "C0" -> "C00").
 */
static int check_file(const char *name, const char *group_col, int efi,
		      long *nsnomed, long *nicd)
{
	const struct ob_refdata_file *f = ob_refdata_find(name);
	struct ob_csv_reader *rd;
	struct ob_csv_row row;
	struct ob_error err;
	const char *p, *end;
	int c_group = -1, c_sys = -1, c_code = -1, bad = 0;

	if (!f) {
		fprintf(stderr, "%s is not built in\n", name);
		return 1;
	}
	p = (const char *)f->data;
	end = p + f->len;
	while (p < end && *p == '#') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		p = nl ? nl + 1 : end;
	}
	if (ob_csv_open_mem(&rd, p, (size_t)(end - p), name, &err))
		return 1;
	if (ob_csv_next(rd, &row, &err) || row.eof) {
		ob_csv_free(rd);
		return 1;
	}
	for (size_t i = 0; i < row.nfields; i++) {
		if (!strcmp(row.fields[i].ptr, group_col))
			c_group = (int)i;
		if (!strcmp(row.fields[i].ptr, "code_system"))
			c_sys = (int)i;
		if (!strcmp(row.fields[i].ptr, "code"))
			c_code = (int)i;
	}
	if (c_group < 0 || c_sys < 0 || c_code < 0) {
		ob_csv_free(rd);
		return 1;
	}
	while (!ob_csv_next(rd, &row, &err) && !row.eof) {
		const char *grp, *code;
		struct ob_code_props props;
		int found = 0;
		size_t len;

		if (row.fields[0].ptr[0] == '#')
			continue; /* a comment row */
		if (row.nfields < 3) {
			bad++;
			continue;
		}
		grp = row.fields[c_group].ptr;
		code = row.fields[c_code].ptr;
		len = row.fields[c_code].len;
		if (!strcmp(row.fields[c_sys].ptr, "SNOMED")) {
			++*nsnomed;
			if (!ob_snomed_valid(code, len)) {
				fprintf(stderr,
					"%s:%ld: SNOMED id %s fails "
					"the check\n",
					name, row.line, code);
				bad++;
			}
			ob_code_lookup(lists(), OB_CODE_SNOMED, code, len,
				       &props);
		} else {
			char padded[6] = "000";

			++*nicd;
			if (len < 1 || len > 5) {
				bad++;
				continue;
			}
			memcpy(padded, code, len);
			ob_code_lookup(lists(), OB_CODE_ICD10, padded,
				       len < 3 ? 3 : len, &props);
		}
		if (efi) {
			int d =
			    efi_index(!strncmp(grp, "efi-", 4) ? grp + 4 : grp);

			found =
			    d >= 0 && (props.efi_deficits & (UINT64_C(1) << d));
		} else {
			for (int c = 0; c < OB_COND_COUNT; c++)
				if (!strcmp(grp, ob_condition_name(c)))
					found =
					    (props.conditions & COND(c)) != 0;
		}
		if (!found) {
			fprintf(stderr, "%s:%ld: %s does not find %s\n", name,
				row.line, code, grp);
			bad++;
		}
	}
	ob_csv_free(rd);
	return bad;
}

TEST(codelist_snomed_ids_valid)
{
	long nsnomed = 0, nicd = 0;

	ASSERT(lists() != NULL);
	ASSERT_INT_EQ(
	    check_file("codes/conditions.csv", "condition", 0, &nsnomed, &nicd),
	    0);
	ASSERT(nsnomed >= 250);
	ASSERT(nicd >= 120);
	nsnomed = nicd = 0;
	ASSERT_INT_EQ(
	    check_file("codes/efi_codes.csv", "deficit", 1, &nsnomed, &nicd),
	    0);
	ASSERT(nsnomed >= 350);
	ASSERT(nicd >= 150);
}

/* ------------------------------------------------------------ synth */

/*
 * The codes the synthetic generator writes (synth-population.c, every
 * subtype) find the condition group and eFI deficit the generator means.
 */
TEST(codelist_synth_codes)
{
	static const struct {
		int cond;	 /* enum ob_condition, -1 none */
		const char *efi; /* deficit, NULL none */
	} want[C_COUNT] = {
	    [C_HYPERTENSION] = {OB_COND_HYPERTENSION, "hypertension"},
	    [C_DIABETES2] = {OB_COND_DIABETES, "diabetes"},
	    [C_DIABETES1] = {OB_COND_DIABETES, "diabetes"},
	    [C_COPD] = {OB_COND_COPD, "respiratory-disease"},
	    [C_ASTHMA] = {OB_COND_ASTHMA, "respiratory-disease"},
	    [C_CHD] = {OB_COND_CORONARY_HEART_DISEASE, "chd"},
	    [C_HEART_FAILURE] = {OB_COND_HEART_FAILURE, "heart-failure"},
	    [C_AF] = {OB_COND_ATRIAL_FIBRILLATION, "atrial-fibrillation"},
	    [C_CKD] = {OB_COND_CKD, "ckd"},
	    [C_STROKE] = {OB_COND_STROKE, "stroke-tia"},
	    [C_DEMENTIA] = {OB_COND_DEMENTIA, "cognitive-problems"},
	    [C_CANCER] = {OB_COND_CANCER, NULL},
	    [C_DEPRESSION] = {OB_COND_DEPRESSION, NULL},
	    [C_SMI] = {OB_COND_SERIOUS_MENTAL_ILLNESS, NULL},
	    [C_EPILEPSY] = {OB_COND_EPILEPSY, NULL},
	    [C_LEARNING_DISABILITY] = {OB_COND_LEARNING_DISABILITY, NULL},
	    [C_OSTEOPOROSIS] = {OB_COND_OSTEOPOROSIS, "osteoporosis"},
	    [C_PARKINSONS] = {OB_COND_PARKINSONS, "parkinsons"},
	    [C_OSTEOARTHRITIS] = {-1, "arthritis"},
	    [C_HYPOTHYROID] = {-1, "thyroid-disorders"},
	    [C_ANAEMIA] = {-1, "anaemia"},
	    [C_FALLS] = {-1, "falls"},
	    [C_INCONTINENCE] = {-1, "urinary-incontinence"},
	    [C_MOBILITY] = {-1, "mobility-problems"},
	    [C_COGNITIVE] = {-1, "cognitive-problems"},
	    [C_HEARING] = {-1, "hearing-loss"},
	    [C_VISION] = {-1, "vision-problems"},
	    [C_DIZZINESS] = {-1, "dizziness"},
	    [C_PRESSURE_ULCER] = {-1, "skin-ulcer"},
	    [C_WEIGHT_LOSS] = {-1, "weight-loss"},
	    [C_HIP_FRACTURE] = {-1, "fragility-fracture"},
	    [C_HOUSEBOUND] = {-1, "housebound"},
	};
	static struct synth_person person;
	long checked = 0;

	ASSERT(lists() != NULL);
	for (int c = 0; c < C_COUNT; c++) {
		uint32_t cond = want[c].cond < 0 ? 0 : COND(want[c].cond);
		uint64_t efi = want[c].efi ? efi_bit(want[c].efi) : 0;

		/* The generator counts exactly these as eFI deficits. */
		ASSERT_INT_EQ(synth_conditions[c].efi, want[c].efi != NULL);
		ASSERT(!want[c].efi || efi != 0);
		for (int sex = 1; sex <= 2; sex++) {
			for (int sub = 0; sub < 3; sub++) {
				const char *codes[2];
				struct ob_code_props p;

				person.sex = sex;
				person.subtype[c] = (unsigned char)sub;
				codes[0] = synth_condition_icd10(&person, c);
				codes[1] = synth_condition_snomed(&person, c);
				for (int k = 0; k < 2; k++) {
					if (!codes[k])
						continue;
					ob_code_lookup(
					    lists(),
					    k ? OB_CODE_SNOMED : OB_CODE_ICD10,
					    codes[k], strlen(codes[k]), &p);
					if (p.conditions != cond ||
					    p.efi_deficits != efi)
						TEST_FAIL_(
						    "%s %s: conditions "
						    "0x%" PRIx32
						    " efi 0x%" PRIx64
						    ", expected 0x%" PRIx32
						    " 0x%" PRIx64,
						    synth_conditions[c].name,
						    codes[k], p.conditions,
						    p.efi_deficits, cond, efi);
					checked++;
				}
			}
		}
	}
	ASSERT(checked > 100);
	ASSERT_INT_EQ(sct(SNOMED_LIVES_ALONE).efi_deficits,
		      efi_bit("social-vulnerability"));

	/* Hospital diagnoses of frail people's spells (synth-activity.c)
	 * are HFRS categories. */
	{
		static const char *const frail[] = {
		    "S720", "N390", "J189", "R296", "E86X", "F050",
		    "L039", "R55X", "A419", "N179", "S060", "R268",
		    "W19X", "Z602", "B962", "R410",
		};

		for (size_t i = 0; i < sizeof(frail) / sizeof(frail[0]); i++)
			if (icd(frail[i]).hfrs_category < 0)
				TEST_FAIL_("%s is not an HFRS category",
					   frail[i]);
	}
	/* ACSC and maternity diagnoses find their groups. */
	ASSERT_INT_EQ(icd("J441").conditions, COND(OB_COND_COPD));
	ASSERT_INT_EQ(icd("E116").conditions, COND(OB_COND_DIABETES));
	ASSERT_INT_EQ(icd("I209").conditions,
		      COND(OB_COND_CORONARY_HEART_DISEASE));
	ASSERT_INT_EQ(icd("O800").conditions, COND(OB_COND_PREGNANCY));
}

/* Care plans: the listed SNOMED concepts carry the care-plan mark and
 * nothing else; condition codes do not carry it. */
TEST(codelist_care_plans)
{
	static const char *const plans[] = {
		"734163000", "412774003", "288832002", "395082007",
		"401276009",
	};
	struct ob_code_props p;

	for (size_t i = 0; i < sizeof(plans) / sizeof(plans[0]); i++) {
		ob_code_lookup(lists(), OB_CODE_SNOMED, plans[i],
			       strlen(plans[i]), &p);
		ASSERT_INT_EQ(p.care_plan, 1);
		ASSERT_INT_EQ(p.conditions, 0);
	}
	ob_code_lookup(lists(), OB_CODE_SNOMED, "38341003", 8, &p);
	ASSERT_INT_EQ(p.care_plan, 0);
	ob_code_lookup(lists(), OB_CODE_ICD10, "F03X", 4, &p);
	ASSERT_INT_EQ(p.care_plan, 0);
}

/* Expected dementia prevalence: the CFAS II rates of the data file, by
 * NHS sex code and age, zero below 65 and for unknown sex, and the last
 * band's rate beyond the table. */
TEST(codelist_dementia_prevalence)
{
	const struct ob_codelists *cl = lists();

	ASSERT_NEAR(ob_dementia_prevalence(cl, 1, 64), 0.0, 0);
	ASSERT_NEAR(ob_dementia_prevalence(cl, 1, 65), 0.012, 0);
	ASSERT_NEAR(ob_dementia_prevalence(cl, 1, 69), 0.012, 0);
	ASSERT_NEAR(ob_dementia_prevalence(cl, 1, 70), 0.030, 0);
	ASSERT_NEAR(ob_dementia_prevalence(cl, 2, 84), 0.121, 0);
	ASSERT_NEAR(ob_dementia_prevalence(cl, 2, 90), 0.348, 0);
	ASSERT_NEAR(ob_dementia_prevalence(cl, 2, 130), 0.348, 0);
	ASSERT_NEAR(ob_dementia_prevalence(cl, 9, 80), 0.0, 0);
	ASSERT_NEAR(ob_dementia_prevalence(NULL, 1, 80), 0.0, 0);
}
