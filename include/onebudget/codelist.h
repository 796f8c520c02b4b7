/*
 * codelist.h - clinical code lists and the scores built on them: condition
 * groups, the Hospital Frailty Risk Score, Charlson (Quan ICD-10 coding,
 * 1987 and 2011 weights) and an electronic-frailty-index-style deficit
 * count.
 *
 * The lists are data (the CSV files in data/codes, compiled in, each
 * stating its source).  ob_codelists_load() parses them once.  Look-ups
 * take one normalised code (ICD-10 without dot, e.g. "E119" or "I10X";
 * SNOMED CT concept id digits) and return its properties; derivation calls
 * them once per *distinct* code and caches the answer, so their speed
 * matters little, but they must be exact.
 */
#ifndef ONEBUDGET_CODELIST_H
#define ONEBUDGET_CODELIST_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/error.h"

/* Long-term condition groups recorded per person (a bitmask of these).
 * Definitions (ICD-10 prefixes and SNOMED ids) in data/codes/conditions.csv,
 * documented in docs/person-year.md. */
enum ob_condition {
	OB_COND_HYPERTENSION,
	OB_COND_DIABETES,
	OB_COND_ASTHMA,
	OB_COND_COPD,
	OB_COND_HEART_FAILURE,
	OB_COND_ATRIAL_FIBRILLATION,
	OB_COND_CORONARY_HEART_DISEASE,
	OB_COND_STROKE,
	OB_COND_CKD,
	OB_COND_CANCER,
	OB_COND_DEMENTIA,
	OB_COND_DEPRESSION,
	OB_COND_SERIOUS_MENTAL_ILLNESS,
	OB_COND_LEARNING_DISABILITY,
	OB_COND_EPILEPSY,
	OB_COND_LIVER_DISEASE,
	OB_COND_PARKINSONS,
	OB_COND_MULTIPLE_SCLEROSIS,
	OB_COND_PARALYSIS,
	OB_COND_SEVERE_SENSORY,  /* blindness, profound deafness */
	OB_COND_RHEUMATOID_ARTHRITIS,
	OB_COND_OSTEOPOROSIS,
	OB_COND_PREGNANCY,       /* pregnancy, delivery, puerperium (O codes) */
	OB_COND_PALLIATIVE,      /* palliative / end-of-life care codes */
	OB_COND_COUNT
};

/* "hypertension", ... (the group names used in data files and output);
 * NULL out of range. */
const char *ob_condition_name(enum ob_condition c);

/* Charlson comorbidity categories (Quan et al. 2005 ICD-10 coding), in the
 * order of data/codes/charlson_quan.csv. */
enum ob_charlson_category {
	OB_CCI_MI, OB_CCI_CHF, OB_CCI_PVD, OB_CCI_CEVD, OB_CCI_DEMENTIA,
	OB_CCI_CPD, OB_CCI_RHEUMD, OB_CCI_PUD, OB_CCI_MLD, OB_CCI_DIAB,
	OB_CCI_DIABWC, OB_CCI_HP, OB_CCI_REND, OB_CCI_CANC, OB_CCI_MSLD,
	OB_CCI_METACANC, OB_CCI_AIDS,
	OB_CCI_COUNT
};

/* The properties of one code. */
struct ob_code_props {
	uint32_t conditions;      /* bitmask of enum ob_condition */
	uint32_t charlson;        /* bitmask of enum ob_charlson_category */
	uint64_t efi_deficits;    /* bitmask of eFI deficit numbers 0..35 */
	float hfrs_points;        /* HFRS points of the code's 3-character
				   * category (ICD-10 only), 0 if none */
	int16_t hfrs_category;    /* index of that category in the HFRS list,
				   * -1 if none: each category counts once */
	uint8_t care_plan;        /* a care plan (data/codes/care_plans.csv) */
};

enum ob_code_system { OB_CODE_ICD10, OB_CODE_SNOMED, OB_CODE_OPCS4 };

struct ob_codelists;

/* Parse the embedded lists.  Free with ob_codelists_free().  Fails with
 * OB_EPARSE (file and line in err) when a list is malformed, names an
 * unknown group or deficit, has a SNOMED id that fails the Verhoeff check,
 * or disagrees with the tables in the code (HFRS category count, Charlson
 * weights, eFI deficit order); OB_ENOMEM when memory runs out.  The lists
 * are read-only afterwards: look-ups may run in several threads. */
enum ob_status ob_codelists_load(struct ob_codelists **out,
				 struct ob_error *err);
void ob_codelists_free(struct ob_codelists *cl);

/* Properties of a normalised code (all zero, hfrs_category -1, when the
 * code is in no list).
 *
 * ICD-10: the code goes through ob_icd10_normalise() (so "e11.9" finds the
 * same as "E119"); every list entry is a prefix of 1 to 5 characters and
 * the properties of all the prefixes of the code are ORed ("E119" gets
 * diabetes from "E11" and Charlson diab from "E119").  The HFRS category
 * is that of the code's first three characters.  SNOMED CT: an exact
 * concept id (digits only), no subsumption.  OPCS-4 and anything that is
 * not a code of its system: all zero. */
void ob_code_lookup(const struct ob_codelists *cl, enum ob_code_system sys,
		    const char *code, size_t len, struct ob_code_props *out);

/* Expected prevalence of dementia (a fraction) for a person of NHS sex
 * code `sex` (1 male, 2 female) and `age`, from the CFAS II rates of
 * data/outcomes/dementia_prevalence_cfas2.csv (Matthews et al. 2013); 0
 * below 65, for another sex code, or without lists.  Ages above the last
 * take the last age's rate. */
#define OB_PREVALENCE_AGES 121
double ob_dementia_prevalence(const struct ob_codelists *cl, int sex,
			      int age);

/* Number of HFRS categories (109) and the points and name of one (0.0
 * and NULL when i is out of range). */
#define OB_HFRS_CATEGORIES 109
size_t ob_hfrs_categories(const struct ob_codelists *cl);
double ob_hfrs_category_points(const struct ob_codelists *cl, size_t i);
const char *ob_hfrs_category_code(const struct ob_codelists *cl, size_t i);

/* HFRS bands (Gilbert et al. 2018): low < 5, intermediate 5 to 15
 * inclusive, high > 15.  The score is rounded to one decimal (the
 * precision of the points) first, so float sums land on the right side of
 * a boundary; NaN is low.  Names "low", "intermediate", "high". */
enum ob_hfrs_band { OB_HFRS_LOW, OB_HFRS_INTERMEDIATE, OB_HFRS_HIGH };
enum ob_hfrs_band ob_hfrs_band_of(double score);
const char *ob_hfrs_band_name(enum ob_hfrs_band b);

/* Charlson index of a set of categories, after the hierarchy rules of Quan
 * et al. (a severe form removes the mild one: msld over mld, diabwc over
 * diab, metacanc over canc), with the 1987 (Charlson) or 2011 (Quan)
 * weights; -1 for an unknown weight set.  Category names are those of
 * data/codes/charlson_quan.csv ("mi", "chf", ...), NULL out of range. */
enum ob_charlson_weights { OB_CHARLSON_1987, OB_CHARLSON_QUAN_2011 };
int ob_charlson_score(uint32_t categories, enum ob_charlson_weights w);
const char *ob_charlson_category_name(enum ob_charlson_category c);

/* eFI: 36 deficits (Clegg et al. 2016); index = deficits / 36.  Bands:
 * fit <= 0.12, mild <= 0.24, moderate <= 0.36, severe above, i.e. 0-4
 * deficits fit, 5-8 mild, 9-12 moderate, 13+ severe.  Deficit names are
 * those of data/codes/efi_deficits.csv without "efi-" ("falls", ...;
 * number 35 is "polypharmacy", which no code sets), NULL out of range.
 * Band names "fit", "mild", "moderate", "severe". */
#define OB_EFI_DEFICITS 36
enum ob_efi_band { OB_EFI_FIT, OB_EFI_MILD, OB_EFI_MODERATE, OB_EFI_SEVERE };
const char *ob_efi_deficit_name(int i);
enum ob_efi_band ob_efi_band_of(int deficits);
const char *ob_efi_band_name(enum ob_efi_band b);

#endif
