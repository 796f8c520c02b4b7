/*
 * population.h - the registered and resident populations of a year, by a
 * chosen unit: people, exposure, age bands and sex, segment mix, and the
 * open-book cost of each segment; and the overlap between the two bases.
 */
#ifndef ONEBUDGET_POPULATION_H
#define ONEBUDGET_POPULATION_H

#include <stdio.h>

#include "onebudget/dataset.h"
#include "onebudget/person_year.h"
#include "onebudget/segment.h"

enum ob_pop_basis { OB_BASIS_REGISTERED, OB_BASIS_RESIDENT };
enum ob_pop_by {
	OB_BY_MCP,      /* one row: the whole population of the basis */
	OB_BY_PRACTICE,
	OB_BY_PCH,
	OB_BY_LOCALITY,
	OB_BY_LSOA,
	OB_BY_SEGMENT,
	OB_BY_IMD,      /* IMD decile */
};
enum ob_pop_format { OB_FORMAT_TABLE, OB_FORMAT_CSV, OB_FORMAT_JSON };

/* Age bands of the summary. */
#define OB_POP_AGE_BANDS 6 /* 0-17, 18-44, 45-64, 65-74, 75-84, 85+ */
const char *ob_pop_age_band_name(int band);

struct ob_pop_group {
	char name[48];
	long people;                       /* with any exposure */
	double person_years;               /* exposure days / days in year */
	long male, female;                 /* people by sex (1, 2) */
	long age[OB_POP_AGE_BANDS];        /* people by age band */
	double segment_py[OB_SEG_COUNT];   /* person-years by segment */
	ob_pence segment_cost[OB_SEG_COUNT];
	ob_pence cost;                     /* all settings */
	long older;                        /* people aged 65+ */
	long hfrs_band[3];                 /* of them, by HFRS band */
	long efi_band[4];                  /* of them with primary-care
					    * codes, by eFI band */
};

struct ob_pop_summary {
	ob_fy year;
	enum ob_pop_basis basis;
	enum ob_pop_by by;
	struct ob_pop_group *groups;       /* sorted by name */
	size_t ngroups;
	struct ob_pop_group total;
	/* Overlap of the bases (people alive in the year): */
	long both;                 /* MCP-registered and resident */
	long registered_only;      /* MCP-registered, living elsewhere */
	long resident_other_ccg;   /* resident, registered outside the MCP */
	long resident_unregistered;/* resident, registered nowhere */
};

/* Summarise the person-years of `year`.  Free with
 * ob_pop_summary_release(). */
enum ob_status ob_pop_summarise(const struct ob_dataset *ds,
				const struct ob_person_years *py, ob_fy year,
				enum ob_pop_basis basis, enum ob_pop_by by,
				struct ob_pop_summary *out,
				struct ob_error *err);
void ob_pop_summary_release(struct ob_pop_summary *s);

/* Write in a format to `out`. */
enum ob_status ob_pop_write(const struct ob_pop_summary *s,
			    enum ob_pop_format f, FILE *out,
			    struct ob_error *err);

#endif
