/*
 * segment.h - the eight Bridges to Health population segments (Lynn et al.,
 * Milbank Quarterly 2007), with an explicit, configurable operational
 * definition.
 *
 * No public coded rule exists, so onebudget's is a data file
 * (data/segments/bridges_to_health.txt, compiled in; a contract may supply
 * its own) of rules evaluated in precedence order: the first segment whose
 * rule holds is the person's segment for the year, and "healthy" is the
 * fallback.  docs/segments.md gives the rules and the reasoning.
 */
#ifndef ONEBUDGET_SEGMENT_H
#define ONEBUDGET_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/error.h"

enum ob_segment {
	OB_SEG_HEALTHY = 1,
	OB_SEG_MATERNAL_INFANT,
	OB_SEG_ACUTELY_ILL,
	OB_SEG_CHRONIC_NORMAL_FUNCTION,
	OB_SEG_STABLE_DISABILITY,
	OB_SEG_SHORT_DECLINE,      /* short period of decline before dying */
	OB_SEG_ORGAN_FAILURE,      /* limited reserve and exacerbations */
	OB_SEG_LONG_DECLINE,       /* frailty and dementia */
};
#define OB_SEG_COUNT 9 /* segments are 1..8; 0 means not assigned */

/* "healthy", "maternal_infant", ... and a human label ("unassigned" and
 * "Not assigned" for 0 or a value out of range). */
const char *ob_segment_code(enum ob_segment s);
const char *ob_segment_label(enum ob_segment s);

/* What the rules can test, for one person in one financial year. */
struct ob_segment_facts {
	int age;                    /* on the year's reference date */
	int sex;                    /* NHS code: 1 male, 2 female, 9, 0 */
	uint32_t conditions;        /* enum ob_condition bits recorded by the
				     * end of the year (ever) */
	uint32_t conditions_in_year;/* bits coded during the year only */
	double hfrs;                /* Hospital Frailty Risk Score */
	int efi_deficits;           /* eFI deficits, 0..36 */
	int died_in_year;           /* 1 when the person died in the year */
	int days_to_death;          /* from the year's end to death, -1 when
				     * alive at the end of the data */
	int emergency_admissions;   /* in the year */
	int elective_admissions;
	int ae_attendances;
	int maternity_admissions;   /* HES ADMIMETH 31, 32, or O-coded spells */
	int in_care_home;           /* placed permanently at any time */
};
/* In the rules, days_to_death and efi_deficits are absent when negative
 * (alive at the end of the data, or a death within the year: use
 * died_in_year; no primary-care record: -1), and every comparison on an
 * absent fact is false. */

struct ob_segment_rules;

/*
 * Parse rules from `text` (`len` bytes, the format of docs/segments.md),
 * naming `source` in errors (file:line: what was expected).  With text NULL
 * the built-in definition is used.  Free with ob_segment_rules_free().
 */
enum ob_status ob_segment_rules_parse(struct ob_segment_rules **out,
				      const char *text, size_t len,
				      const char *source,
				      struct ob_error *err);
void ob_segment_rules_free(struct ob_segment_rules *r);

/* The person's segment, and (optional) the rule that decided it as text
 * valid while the rules live.  The text is the rule in canonical form, one
 * line, e.g. "long_decline: has dementia", or "healthy: no other rule
 * holds" for the fallback.  No allocation: safe to call from many threads
 * on the same rules. */
enum ob_segment ob_segment_assign(const struct ob_segment_rules *r,
				  const struct ob_segment_facts *f,
				  const char **why);

#endif
