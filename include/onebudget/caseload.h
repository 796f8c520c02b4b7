/*
 * caseload.h - the frailty multidisciplinary-team caseload of a primary
 * care home: frail older people ranked by risk, each with the reasons.
 *
 * Who is on it, for a financial year: registered with one of the PCH's
 * practices on the year's reference date, alive at the end of the year,
 * aged 65 or over, and frail by any of: Hospital Frailty Risk Score 5 or
 * more, eFI-style index above 0.24 (moderate or severe), dementia, or a
 * permanent care-home placement.
 *
 * Ranking: HFRS (which predicts death, long stays and emergency
 * readmission; Gilbert et al. 2018) descending, then emergency admissions
 * in the year, then eFI deficits, then pseudonym for a stable order.
 *
 * The list is person-level: it is for the care team of that PCH only and
 * carries pseudonyms, never NHS numbers.
 */
#ifndef ONEBUDGET_CASELOAD_H
#define ONEBUDGET_CASELOAD_H

#include <stddef.h>
#include <stdio.h>

#include "onebudget/model.h"

struct ob_caseload_entry {
	uint32_t person;
	const char *pseudonym;  /* borrowed from the dataset */
	const char *practice;   /* borrowed */
	int age, sex;
	double hfrs;
	int efi_deficits;       /* -1 unknown */
	int emergency_admissions, bed_days;
	int lives_alone, dementia, in_care_home;
	char reasons[320];
};

/* The caseload of PCH `pch` (a dataset index) in `year`, ranked.  The
 * model must have person-years of that year.  Free *out with free(). */
enum ob_status ob_caseload(const struct ob_model *m, ob_fy year, int32_t pch,
			   struct ob_caseload_entry **out, size_t *n,
			   struct ob_error *err);

#endif
