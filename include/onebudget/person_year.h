/*
 * person_year.h - the derived view every measure, budget and payment is
 * computed from: one record per person per financial year.
 *
 * ob_derive() makes one pass over a loaded dataset (dataset.h): for each
 * person it walks their registrations, conditions and events once, in date
 * order, and emits a record for each financial year in which the person was
 * alive for at least one day and either registered with a practice or
 * resident in the MCP's areas.  docs/person-year.md defines every field.
 */
#ifndef ONEBUDGET_PERSON_YEAR_H
#define ONEBUDGET_PERSON_YEAR_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/acsc.h"
#include "onebudget/codelist.h"
#include "onebudget/dataset.h"
#include "onebudget/date.h"
#include "onebudget/money.h"
#include "onebudget/segment.h"

struct ob_person_year {
	uint32_t person;       /* person number in the dataset */
	ob_fy year;
	int16_t age;           /* on the reference date (default 30 Sep) */
	uint8_t sex;           /* NHS code */
	int8_t lives_alone;    /* 1, 0, -1 unknown */
	uint8_t alive_at_end;  /* alive on 31 March */
	uint8_t died;          /* died in the year */
	int16_t days_in_year;  /* 365 or 366 */
	int16_t alive_days;    /* days alive in the year */
	int16_t exposure_days; /* days registered (any practice) and alive */
	int16_t mcp_days;      /* of which with a practice of the MCP */
	int16_t resident_days; /* days alive and resident in the MCP's areas */
	int32_t practice;      /* practice on the reference date, else the one
				* with most days in the year; -1 none */
	int32_t pch;           /* that practice's PCH, -1 none */
	uint8_t locality;      /* that PCH's locality (enum ob_locality) */
	int32_t area;          /* LSOA index, -1 unknown */
	int32_t la;            /* local authority index, -1 unknown */
	uint8_t imd_decile;    /* 0 unknown */
	uint8_t imd_quintile;  /* 0 unknown; 1 = most deprived */
	uint8_t segment;       /* enum ob_segment */
	float hfrs;            /* Hospital Frailty Risk Score, 2-year look-back */
	uint8_t hfrs_band;     /* enum ob_hfrs_band */
	int8_t efi_deficits;   /* -1 when the person has no primary-care codes */
	uint8_t efi_band;      /* enum ob_efi_band (fit when unknown) */
	uint8_t charlson;      /* Charlson index, 1987 weights */
	uint8_t charlson_quan; /* Charlson index, Quan 2011 weights */
	uint32_t conditions;   /* enum ob_condition bits, recorded by year end */
	uint32_t charlson_categories;
	int16_t emergency_admissions, elective_admissions,
		maternity_admissions, other_admissions;
	int16_t acsc_admissions; /* emergency admissions for a chronic ACSC
				  * (CCG OIS 2.6, acsc.h) */
	int16_t bed_days;      /* nights in hospital in the year */
	int16_t ae_attendances, outpatient_attendances, community_contacts,
		mental_health_contacts, primary_care_contacts;
	int16_t days_at_home;  /* alive and registered days not in bedded care */
	int16_t delayed_days;  /* delayed-transfer days of spells ending here */
	uint8_t care_home_admission; /* permanent placement began this year */
	uint8_t in_care_home;  /* in a permanent placement on some day */
	uint8_t care_plan;     /* a care plan in the GP record by the year end
			* (data/codes/care_plans.csv) */
	ob_pence cost[OB_SET_COUNT]; /* by setting, open book */
	ob_pence cost_total;
};

struct ob_person_years {
	struct ob_person_year *rows; /* sorted by (person, year) */
	size_t n, cap;
	ob_fy first_year, last_year;
};

struct ob_derive_options {
	ob_fy first_year, last_year; /* 0: from the data */
	int ref_month, ref_day;      /* age reference date, default 9, 30 */
	const struct ob_codelists *codelists;       /* required */
	const struct ob_segment_rules *segments;    /* required */
	const struct ob_acsc *acsc;                 /* NULL: no ACSC counts */
	int threads;                                /* 0: online CPUs */
};

void ob_derive_options_init(struct ob_derive_options *o);

/* Derive every person-year.  Free the result with
 * ob_person_years_release(). */
enum ob_status ob_derive(const struct ob_dataset *ds,
			 const struct ob_derive_options *opts,
			 struct ob_person_years *out, struct ob_error *err);
void ob_person_years_release(struct ob_person_years *py);

/* The first and last financial years with registrations or events. */
void ob_dataset_years(const struct ob_dataset *ds, ob_fy *first, ob_fy *last);

#endif
