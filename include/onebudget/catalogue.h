/*
 * catalogue.h - the outcomes catalogue: "I statements" -> outcome domains
 * -> metrics, read from a commented YAML file (docs/outcomes.md).
 *
 * Metrics are data, not code: each one names a method (crude rate, DSR,
 * proportion, ...), a numerator and a denominator from a fixed vocabulary
 * of quantities the measures engine computes per unit, a population filter
 * and the method's parameters.  A commissioner adds or changes a metric by
 * editing the file; the parser validates it completely and reports the
 * first fault as `source:line:column: what was expected`.
 *
 * The shipped catalogue is data/outcomes/westminster.yaml, embedded in the
 * binary (refdata.h) and loaded by ob_catalogue_load_default().
 *
 * Ownership: a `struct ob_catalogue` owns every string and array reachable
 * from it; all of it lives until ob_catalogue_free().  Nothing is shared
 * with the input text, which the caller may free after parsing.
 */
#ifndef ONEBUDGET_CATALOGUE_H
#define ONEBUDGET_CATALOGUE_H

#include <stddef.h>

#include "onebudget/arena.h"
#include "onebudget/error.h"

/* How a metric is used in the contract (DESIGN.md part 4). */
enum ob_metric_category {
	OB_CAT_PAY_FOR_PERFORMANCE, /* "pay_for_performance": in the pot */
	OB_CAT_LOCAL_QUALITY,	    /* "local_quality": local assurance */
	OB_CAT_NATIONAL_STANDARD,   /* "national_standard": with sanctions */
};

enum ob_direction {
	OB_HIGHER_IS_BETTER, /* "higher_is_better" */
	OB_LOWER_IS_BETTER,  /* "lower_is_better" */
	OB_NO_DIRECTION,     /* "no_direction": reported, not judged */
};

/*
 * The measure method; its YAML name is the lower-case suffix ("dsr").
 * The formulas and intervals are those of reference/statistical_methods.md.
 */
enum ob_method {
	OB_METHOD_CRUDE_RATE, /* num / den x multiplier; Byar or exact CI */
	OB_METHOD_DSR,	      /* directly standardised (ESP2013), Dobson */
	OB_METHOD_PROPORTION, /* num / den; Wilson score interval */
	OB_METHOD_MEAN,	      /* mean of survey_value; Student t */
	OB_METHOD_ISR,	      /* indirectly standardised ratio */
	OB_METHOD_OBSERVED_EXPECTED, /* observed / expected (dementia) */
	OB_METHOD_PER_PERSON_YEAR,   /* num / person_years (days at home) */
	OB_METHOD_SHARE, /* num / (num + den): e.g. community share */
	OB_METHOD_LIFE_EXPECTANCY_GAP, /* least - most deprived (Chiang II) */
	OB_METHOD_SII,		       /* slope index of inequality */
	OB_METHOD_RATIO, /* plain num / den x multiplier, no interval
			  * (money: spend against budget) */
};
#define OB_METHOD_COUNT 11

/*
 * The quantities the measures engine computes per unit and year; a
 * metric's numerator and denominator are named from this list only.
 */
enum ob_quantity {
	OB_Q_NONE = 0, /* not given */
	OB_Q_PERSON_YEARS,
	OB_Q_PEOPLE,
	OB_Q_EMERGENCY_ADMISSIONS,
	OB_Q_ACSC_ADMISSIONS,
	OB_Q_ELECTIVE_ADMISSIONS,
	OB_Q_CARE_HOME_ADMISSIONS,
	OB_Q_DELAYED_DAYS,
	OB_Q_BED_DAYS,
	OB_Q_DAYS_AT_HOME,
	OB_Q_DEATHS,
	OB_Q_DEMENTIA_DIAGNOSED,
	OB_Q_DEMENTIA_EXPECTED,
	OB_Q_SURVEY_RESPONDENTS,
	OB_Q_SURVEY_POSITIVE,
	OB_Q_SURVEY_VALUE,
	OB_Q_COMMUNITY_CONTACTS,
	OB_Q_HOSPITAL_CONTACTS,
	OB_Q_CARE_PLANS_RECORDED,
	OB_Q_SPEND,
	OB_Q_BUDGET,
};
#define OB_QUANTITY_COUNT 21

/* The seven pathways of the seed moving out of hospital clinics. */
enum ob_pathway {
	OB_PATHWAY_NONE = 0,
	OB_PATHWAY_OPHTHALMOLOGY,	/* treatment function 130 */
	OB_PATHWAY_GYNAECOLOGY_UROLOGY, /* 502 and 101 */
	OB_PATHWAY_NEUROLOGY,		/* 400 */
	OB_PATHWAY_GASTROENTEROLOGY,	/* 301 */
	OB_PATHWAY_CARDIOLOGY,		/* 320 */
	OB_PATHWAY_DIABETES,		/* 307 */
	OB_PATHWAY_CANCER_SCREENING,	/* cervical (Z124), bowel */
};
#define OB_PATHWAY_COUNT 8

/* Restricts spend (the numerator only) to one setting. */
enum ob_metric_setting {
	OB_SETTING_ANY = 0,
	OB_SETTING_COMMUNITY,
	OB_SETTING_HOSPITAL,
	OB_SETTING_PRIMARY_CARE,
	OB_SETTING_MENTAL_HEALTH,
	OB_SETTING_SOCIAL_CARE,
};

enum ob_dsr_limits {
	OB_DSR_LIMITS_PHE,     /* "phe": Dobson et al. 1991 (PHE guide) */
	OB_DSR_LIMITS_CCG_OIS, /* "ccg_ois": exact Poisson limits, as in the
				* CCG OIS 2.6 specification */
};

/* Deprivation groups for life_expectancy_gap and sii. */
enum ob_deprivation_groups {
	OB_DEPRIVATION_NONE = 0,
	OB_DEPRIVATION_QUINTILE, /* IMD 2019 quintiles of the LSOA */
	OB_DEPRIVATION_DECILE,
};

enum ob_sex_filter { OB_SEX_ANY = 0, OB_SEX_MALE, OB_SEX_FEMALE };

#define OB_CATALOGUE_MAX_CONF	 4
#define OB_CATALOGUE_MAX_ANSWERS 16
#define OB_CATALOGUE_MAX_YEARS	 5

/*
 * Who a metric counts.  Ages are on 30 September of the year, inclusive;
 * age_max -1 means no upper bound.  `segments` is a bitmask of
 * (1u << enum ob_segment), 0 meaning every segment.
 */
struct ob_population_filter {
	int age_min;
	int age_max;
	enum ob_sex_filter sex;
	unsigned segments;
	int frail_only;		 /* frailty above the model's threshold */
	int long_term_condition; /* at least one long-term condition */
};

struct ob_metric {
	const char *id; /* [a-z0-9_], unique */
	const char *name;
	const char *domain;    /* a domain id of the catalogue */
	const char *source;    /* NHSOF, ASCOF, PHOF, HES, CCG_OIS, GPPS,
				* ASCS, SACE, ZBI22, ACTIVE_LIVES, STAFF,
				* QOF, ONS, LEDGER, local */
	const char *reference; /* indicator reference ("CCG OIS 2.6"), or
				* NULL */
	enum ob_metric_category category;
	enum ob_direction direction;
	const char *unit;
	const char *description;   /* or NULL */
	const char **i_statements; /* ids, all defined in the catalogue */
	size_t n_i_statements;
	enum ob_method method;
	enum ob_quantity numerator;
	enum ob_quantity denominator;
	struct ob_population_filter population;
	double multiplier; /* 1 unless given (100000 for "per 100,000") */
	double conf[OB_CATALOGUE_MAX_CONF]; /* levels in (0, 1), ascending */
	size_t n_conf;
	enum ob_dsr_limits dsr_limits; /* dsr only */
	const char *survey;	       /* survey code in surveys.csv, or NULL */
	const char *question;	       /* question code, or NULL */
	const char **positive;	       /* answers that count as positive
					* (proportion of a survey) */
	size_t n_positive;
	enum ob_pathway pathway; /* share of activity only */
	enum ob_metric_setting setting; /* restricts a spend numerator */
	enum ob_deprivation_groups deprivation; /* gap and sii */
	const char *minus; /* id of a metric whose value is subtracted
			    * (a gap, e.g. records vs survey), or NULL */
	int years;	   /* years pooled, ending with the year reported
			    * (1 unless given; 3 for small-number life
			    * tables, as PHE pools deaths) */
	long line;	   /* line of the metric's `- id:` entry */
};

struct ob_i_statement {
	const char *id;
	const char *text;
	const char *who;    /* "person", "carer" or "professional" */
	const char *origin; /* "seed" (the seed's wording) or "local" */
	const char *domain; /* a domain id */
	long line;
};

struct ob_domain {
	const char *id; /* one of the five (ob_catalogue_domain_ids) */
	const char *name;
	const char *description; /* or NULL */
	long line;
};

struct ob_catalogue {
	struct ob_metric *metrics;
	size_t n;
	struct ob_i_statement *i_statements;
	size_t n_i_statements;
	struct ob_domain *domains;
	size_t n_domains;
	const char *title;     /* or NULL */
	struct ob_arena arena; /* owns everything above */
};

/*
 * Parse and validate a catalogue from `len` bytes of YAML.  `source_name`
 * names the input in error messages (e.g. "westminster.yaml").  On success
 * `*out` is a new catalogue to release with ob_catalogue_free().  On
 * failure `*out` is NULL and `err` holds the first fault: OB_EPARSE for
 * malformed YAML, OB_EINVAL for a document that breaks the catalogue's
 * rules, with the file, 1-based line and column and a message saying what
 * was expected; OB_ENOMEM if an allocation failed.
 */
enum ob_status ob_catalogue_parse(const char *text, size_t len,
				  const char *source_name,
				  struct ob_catalogue **out,
				  struct ob_error *err);

/* The shipped catalogue (data/outcomes/westminster.yaml). */
enum ob_status ob_catalogue_load_default(struct ob_catalogue **out,
					 struct ob_error *err);

/* Release a catalogue and everything it owns; NULL is allowed. */
void ob_catalogue_free(struct ob_catalogue *cat);

/* The metric called `id`, or NULL.  Linear; catalogues are small. */
const struct ob_metric *ob_catalogue_find(const struct ob_catalogue *cat,
					  const char *id);

/* YAML names of enumerated values, for reports ("dsr", "lower_is_better"). */
const char *ob_method_name(enum ob_method m);
const char *ob_quantity_name(enum ob_quantity q);
const char *ob_category_name(enum ob_metric_category c);
const char *ob_direction_name(enum ob_direction d);
const char *ob_pathway_name(enum ob_pathway p);

#endif
