/*
 * dataset.h - one extract version held in memory as columns.
 *
 * ob_dataset_load() reads an extract from the workspace once, in person
 * order, into flat arrays: reference tables indexed by small integers,
 * people indexed by their person number, and each person's registrations,
 * conditions and events as contiguous ranges (compressed sparse rows: the
 * events of person p are [act_start[p], act_start[p + 1]) in date order).
 * Codes are interned: every distinct (system, code) gets a number, so
 * per-code work (code-list look-ups) is done once per distinct code, not
 * once per row.  Nothing here allocates after loading; derivation walks the
 * arrays in one pass.
 *
 * The dataset owns all of its memory; free it with ob_dataset_free().
 * Strings are NUL-terminated and live as long as the dataset.
 */
#ifndef ONEBUDGET_DATASET_H
#define ONEBUDGET_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/arena.h"
#include "onebudget/date.h"
#include "onebudget/error.h"
#include "onebudget/money.h"
#include "onebudget/workspace.h"

enum ob_locality { OB_LOC_NONE, OB_LOC_NORTH, OB_LOC_CENTRE, OB_LOC_SOUTH };
#define OB_LOC_COUNT 4
const char *ob_locality_name(enum ob_locality l); /* "-" for none */

enum ob_setting {
	OB_SET_ADMITTED,
	OB_SET_OUTPATIENT,
	OB_SET_AE,
	OB_SET_COMMUNITY,
	OB_SET_MENTAL_HEALTH,
	OB_SET_PRIMARY_CARE,
	OB_SET_SOCIAL_CARE,
	OB_SET_CARE_HOME,
	OB_SET_PRESCRIBING,
	OB_SET_COUNT
};
const char *ob_setting_name(enum ob_setting s); /* as in activity.csv */

/* HES admission method groups (ADMIMETH). */
enum ob_admission {
	OB_ADM_NONE,      /* not an admitted spell, or not given */
	OB_ADM_ELECTIVE,  /* 11, 12, 13 */
	OB_ADM_EMERGENCY, /* 21-25, 2A-2D, 28 */
	OB_ADM_MATERNITY, /* 31, 32 */
	OB_ADM_OTHER,     /* 81-84, 89, 98, 99 */
};

struct ob_dataset {
	long extract_id;
	struct ob_arena strings;

	size_t npractices;
	const char **practice_code;
	int32_t *practice_pch;          /* index into pch_code, -1 none */
	const char **practice_ccg;

	size_t npch;
	const char **pch_code;
	uint8_t *pch_locality;          /* enum ob_locality */

	size_t nareas;
	const char **lsoa_code;
	uint8_t *area_imd_decile;       /* 1 = most deprived */
	uint8_t *area_locality;         /* enum ob_locality */
	int32_t *area_la;               /* index into la_code */
	int64_t *area_population;       /* -1 when not given */

	size_t nla;
	const char **la_code, **la_name;

	size_t nproviders;
	const char **provider_code;
	uint8_t *provider_in_system, *provider_alliance;

	size_t npersons;
	const char **pseudonym;
	uint8_t *sex;
	ob_date *birth, *death;         /* death OB_DATE_NONE when alive */
	int32_t *person_area;           /* index into lsoa_code, -1 unknown */
	int8_t *lives_alone;            /* 1, 0, -1 unknown */

	/* registration spells of person p: [reg_start[p], reg_start[p+1]),
	 * by date; reg_to OB_DATE_NONE while open */
	uint32_t *reg_start;
	int32_t *reg_practice;
	ob_date *reg_from, *reg_to;
	size_t nreg;

	/* conditions of person p: [cond_start[p], cond_start[p+1]) */
	uint32_t *cond_start;
	uint32_t *cond_code;            /* index into the code table */
	ob_date *cond_date;
	size_t ncond;

	/* events of person p: [act_start[p], act_start[p+1]), by start */
	uint32_t *act_start;
	uint8_t *act_setting;           /* enum ob_setting */
	uint8_t *act_admission;         /* enum ob_admission */
	uint8_t *act_disdest;           /* HES DISDEST as a number, 0 none */
	int8_t *act_permanent;          /* care_home_permanent: 1, 0, -1 */
	ob_date *act_from, *act_to;     /* act_to OB_DATE_NONE when open */
	int32_t *act_provider;
	int16_t *act_tf;                /* treatment function, 0 none */
	int32_t *act_delayed;           /* delayed-transfer days, 0 none */
	ob_pence *act_cost;
	/* diagnoses of event e: diag_code[act_diag[e] .. act_diag[e+1]),
	 * primary first; procedures likewise */
	uint32_t *act_diag, *act_proc;
	uint32_t *diag_code, *proc_code;
	const char **act_hrg;           /* NULL when not given */
	size_t nact, ndiag, nproc;

	/* survey answers, by (survey, year, respondent, question) */
	size_t nsurvey;
	const char **survey_name, **survey_question; /* interned */
	const char **survey_respondent, **survey_answer;
	int32_t *survey_year;           /* ob_fy */
	int32_t *survey_person;         /* -1 when not linked */
	int32_t *survey_practice;       /* -1 when not given */

	/* distinct codes */
	size_t ncodes;
	const char **code_text;
	uint8_t *code_system;           /* enum ob_code_system */
};

/*
 * Load extract `extract_id` (0: the latest) from the workspace.  The
 * columns are filled in person order straight from the clustered tables.
 */
enum ob_status ob_dataset_load(struct ob_workspace *ws, long extract_id,
			       struct ob_dataset **out, struct ob_error *err);
void ob_dataset_free(struct ob_dataset *ds);

/* Index of a practice / PCH code, or -1. */
int32_t ob_dataset_practice(const struct ob_dataset *ds, const char *code);
int32_t ob_dataset_pch(const struct ob_dataset *ds, const char *code);

#endif
