/*
 * codelist-scores.c - the names of the code-list categories and the scores
 * and bands that need no list: HFRS bands, the Charlson index with its
 * hierarchy and two weight sets, eFI bands.
 */
#include <math.h>
#include <stddef.h>

#include "onebudget/codelist.h"
#include "codelist-internal.h"

#include "onebudget/banned.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The group names of data/codes/conditions.csv and of the segment rules. */
static const char *const condition_name[] = {
    [OB_COND_HYPERTENSION] = "hypertension",
    [OB_COND_DIABETES] = "diabetes",
    [OB_COND_ASTHMA] = "asthma",
    [OB_COND_COPD] = "copd",
    [OB_COND_HEART_FAILURE] = "heart_failure",
    [OB_COND_ATRIAL_FIBRILLATION] = "atrial_fibrillation",
    [OB_COND_CORONARY_HEART_DISEASE] = "coronary_heart_disease",
    [OB_COND_STROKE] = "stroke",
    [OB_COND_CKD] = "ckd",
    [OB_COND_CANCER] = "cancer",
    [OB_COND_DEMENTIA] = "dementia",
    [OB_COND_DEPRESSION] = "depression",
    [OB_COND_SERIOUS_MENTAL_ILLNESS] = "serious_mental_illness",
    [OB_COND_LEARNING_DISABILITY] = "learning_disability",
    [OB_COND_EPILEPSY] = "epilepsy",
    [OB_COND_LIVER_DISEASE] = "liver_disease",
    [OB_COND_PARKINSONS] = "parkinsons",
    [OB_COND_MULTIPLE_SCLEROSIS] = "multiple_sclerosis",
    [OB_COND_PARALYSIS] = "paralysis",
    [OB_COND_SEVERE_SENSORY] = "severe_sensory",
    [OB_COND_RHEUMATOID_ARTHRITIS] = "rheumatoid_arthritis",
    [OB_COND_OSTEOPOROSIS] = "osteoporosis",
    [OB_COND_PREGNANCY] = "pregnancy",
    [OB_COND_PALLIATIVE] = "palliative",
};
_Static_assert(COUNT_OF(condition_name) == OB_COND_COUNT,
	       "a name for every condition group");
_Static_assert(OB_COND_COUNT <= 32, "condition groups fit a uint32_t");

const char *ob_condition_name(enum ob_condition c)
{
	return (unsigned)c < OB_COND_COUNT ? condition_name[c] : NULL;
}

/* The category column of data/codes/charlson_quan.csv. */
static const char *const charlson_name[] = {
    "mi",     "chf",  "pvd",  "cevd",	  "dementia", "cpd",
    "rheumd", "pud",  "mld",  "diab",	  "diabwc",   "hp",
    "rend",   "canc", "msld", "metacanc", "aids",
};
_Static_assert(COUNT_OF(charlson_name) == OB_CCI_COUNT,
	       "a name for every Charlson category");

const char *ob_charlson_category_name(enum ob_charlson_category c)
{
	return (unsigned)c < OB_CCI_COUNT ? charlson_name[c] : NULL;
}

/*
 * Weights in enum order (mi chf pvd cevd dementia cpd rheumd pud mld diab
 * diabwc hp rend canc msld metacanc aids): Charlson et al. J Chronic Dis
 * 1987;40:373-83 and Quan et al. Am J Epidemiol 2011;173:676-82, as in
 * data/codes/charlson_quan.csv (ob_codelists_load() checks they agree).
 */
static const signed char charlson_weight[2][OB_CCI_COUNT] = {
    [OB_CHARLSON_1987] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 6, 6},
    [OB_CHARLSON_QUAN_2011] = {0, 2, 0, 0, 2, 1, 1, 0, 2, 0, 1, 2, 1, 2, 4, 6,
			       4},
};

int ob_charlson_weight(enum ob_charlson_category c, enum ob_charlson_weights w)
{
	if ((unsigned)c >= OB_CCI_COUNT || (unsigned)w > OB_CHARLSON_QUAN_2011)
		return -1;
	return charlson_weight[w][c];
}

/*
 * Hierarchy of Quan et al. 2005 as coded in the R package comorbidity
 * (R/assign0.R): the severe form of a disease removes its mild form, then
 * the weights of the categories left are summed.
 */
int ob_charlson_score(uint32_t categories, enum ob_charlson_weights w)
{
	static const struct {
		enum ob_charlson_category severe, mild;
	} hierarchy[] = {
	    {OB_CCI_MSLD, OB_CCI_MLD},
	    {OB_CCI_DIABWC, OB_CCI_DIAB},
	    {OB_CCI_METACANC, OB_CCI_CANC},
	};
	int score = 0;

	if ((unsigned)w > OB_CHARLSON_QUAN_2011)
		return -1;
	for (size_t i = 0; i < COUNT_OF(hierarchy); i++)
		if (categories & (UINT32_C(1) << hierarchy[i].severe))
			categories &= ~(UINT32_C(1) << hierarchy[i].mild);
	for (int c = 0; c < OB_CCI_COUNT; c++)
		if (categories & (UINT32_C(1) << c))
			score += charlson_weight[w][c];
	return score;
}

/*
 * HFRS bands, Gilbert et al. Lancet 2018;391:1775-82: low < 5,
 * intermediate 5 to 15 inclusive, high > 15.  Points have one decimal, so
 * the score is compared in tenths after rounding: a sum of floats that
 * comes out as 4.9999999 or 15.0000001 is the score 5.0 or 15.0 and falls
 * on the side the paper puts it.
 */
enum ob_hfrs_band ob_hfrs_band_of(double score)
{
	double tenths = floor(score * 10.0 + 0.5);

	if (!(tenths >= 50.0)) /* also NaN */
		return OB_HFRS_LOW;
	if (tenths <= 150.0)
		return OB_HFRS_INTERMEDIATE;
	return OB_HFRS_HIGH;
}

const char *ob_hfrs_band_name(enum ob_hfrs_band b)
{
	static const char *const name[] = {"low", "intermediate", "high"};

	return (unsigned)b < COUNT_OF(name) ? name[b] : NULL;
}

/* The deficits of Clegg et al. 2016 in the order of
 * data/codes/efi_deficits.csv, without its "efi-" prefix (the loader
 * checks the file against this table). */
static const char *const efi_name[OB_EFI_DEFICITS] = {
    "activity-limitation",
    "anaemia",
    "arthritis",
    "atrial-fibrillation",
    "care-requirement",
    "chd",
    "ckd",
    "cognitive-problems",
    "diabetes",
    "dizziness",
    "dyspnoea",
    "falls",
    "foot-problems",
    "fragility-fracture",
    "hearing-loss",
    "heart-failure",
    "heart-valve-disease",
    "housebound",
    "hypertension",
    "hypotension",
    "mobility-problems",
    "osteoporosis",
    "parkinsons",
    "peptic-ulcer",
    "pvd",
    "respiratory-disease",
    "skin-ulcer",
    "sleep-disturbance",
    "social-vulnerability",
    "stroke-tia",
    "thyroid-disorders",
    "urinary-incontinence",
    "urinary-system-disease",
    "vision-problems",
    "weight-loss",
    "polypharmacy",
};

const char *ob_efi_deficit_name(int i)
{
	return i >= 0 && i < OB_EFI_DEFICITS ? efi_name[i] : NULL;
}

/*
 * eFI bands (Clegg et al. 2016; NHS England usage): index = deficits / 36,
 * fit <= 0.12, mild <= 0.24, moderate <= 0.36, severe above.  In integers,
 * d / 36 <= k / 100 exactly when 100 d <= 36 k: 0-4 fit, 5-8 mild, 9-12
 * moderate, 13 and more severe.
 */
enum ob_efi_band ob_efi_band_of(int deficits)
{
	long long d100 = 100LL * deficits;

	if (d100 <= 36 * 12)
		return OB_EFI_FIT;
	if (d100 <= 36 * 24)
		return OB_EFI_MILD;
	if (d100 <= 36 * 36)
		return OB_EFI_MODERATE;
	return OB_EFI_SEVERE;
}

const char *ob_efi_band_name(enum ob_efi_band b)
{
	static const char *const name[] = {"fit", "mild", "moderate", "severe"};

	return (unsigned)b < COUNT_OF(name) ? name[b] : NULL;
}
