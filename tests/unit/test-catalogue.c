/*
 * test-catalogue.c - the outcomes catalogue: the shipped file and every
 * validation message, with its exact line and column.
 */
#include <stdio.h>
#include <string.h>

#include "onebudget/catalogue.h"
#include "onebudget/segment.h"

#include "test.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Lines 1-7 of every snippet: one domain, one I statement. */
#define HEAD                                                                   \
	"version: 1\n"                                                         \
	"domains:\n"                                                           \
	"  - id: quality_of_life\n"                                            \
	"    name: Quality of life\n"                                          \
	"i_statements:\n"                                                      \
	"  - {id: live_at_home, who: person, origin: seed,\n"                  \
	"     domain: quality_of_life, text: \"I can live at home\"}\n"        \
	"metrics:\n"

/* Lines 9-19: a valid metric (line 9 is its `- id:`). */
#define METRIC_TOP                                                             \
	"  - id: m1\n"                                                         \
	"    name: M\n"                                                        \
	"    domain: quality_of_life\n"                                        \
	"    source: ASCOF\n"                                                  \
	"    category: local_quality\n"                                        \
	"    direction: lower_is_better\n"                                     \
	"    unit: per 100,000\n"                                              \
	"    i_statements: [live_at_home]\n"
#define METRIC_RATE                                                            \
	"    method: crude_rate\n"                                             \
	"    numerator: care_home_admissions\n"                                \
	"    denominator: person_years\n"

/*
 * Parse `text`; 1 when it fails with `code` at line:column with exactly
 * `msg` (and the source name set), else 0 after printing what happened.
 */
static int fails_with(const char *text, enum ob_status code, long line,
		      long column, const char *msg)
{
	struct ob_catalogue *cat = (struct ob_catalogue *)1;
	struct ob_error err;
	enum ob_status st;

	st = ob_catalogue_parse(text, strlen(text), "t.yaml", &cat, &err);
	if (st == code && cat == NULL && err.code == code && err.line == line &&
	    err.column == column && !strcmp(err.msg, msg) &&
	    !strcmp(err.file, "t.yaml"))
		return 1;
	fprintf(stderr, "  got status %d: %s:%ld:%ld: %s\n", (int)st, err.file,
		err.line, err.column, err.msg);
	fprintf(stderr, "  want status %d: t.yaml:%ld:%ld: %s\n", (int)code,
		line, column, msg);
	if (st == OB_OK)
		ob_catalogue_free(cat);
	return 0;
}

TEST(catalogue_shipped_loads)
{
	static const char *const ids[] = {
	    "acsc_chronic_unplanned",
	    "care_home_admissions_18_64",
	    "care_home_admissions_65_plus",
	    "delayed_transfers_of_care",
	    "days_at_home_frail",
	    "frail_acsc_admissions",
	    "dementia_diagnosis_rate",
	    "care_plan_involvement",
	    "care_plan_survey",
	    "care_plan_recorded",
	    "care_plan_gap",
	    "feel_safe",
	    "hrqol_ltc_65_plus",
	    "scrqol",
	    "carer_burden_zbi22",
	    "carer_confidence_6m",
	    "wellbeing_life_satisfaction",
	    "physically_active_55_plus",
	    "physically_active_65_plus",
	    "physically_active_75_plus",
	    "repeat_story",
	    "community_share_ophthalmology",
	    "community_share_gynaecology_urology",
	    "community_share_neurology",
	    "community_share_gastroenterology",
	    "community_share_cardiology",
	    "community_share_diabetes",
	    "community_share_cancer_screening",
	    "life_expectancy_gap_male",
	    "life_expectancy_gap_female",
	    "life_expectancy_sii_male",
	    "life_expectancy_sii_female",
	    "staff_team_work",
	    "staff_enjoy_work",
	    "staff_support_resources",
	    "staff_views_taken",
	    "staff_outcomes_matter",
	    "staff_know_who_to_contact",
	    "spend_against_budget",
	    "community_spend_share",
	    "spend_per_person_year",
	};
	struct ob_catalogue *cat;
	struct ob_error err;
	unsigned pathways = 0, domains = 0;

	ASSERT_OK(ob_catalogue_load_default(&cat, &err));
	for (size_t i = 0; i < N(ids); i++) {
		if (!ob_catalogue_find(cat, ids[i]))
			fprintf(stderr, "  missing metric %s\n", ids[i]);
		ASSERT(ob_catalogue_find(cat, ids[i]) != NULL);
	}
	ASSERT(ob_catalogue_find(cat, "no_such_metric") == NULL);
	ASSERT_INT_EQ(cat->n_domains, 5);
	for (size_t i = 0; i < cat->n; i++) {
		const struct ob_metric *m = &cat->metrics[i];

		if (m->pathway)
			pathways |= 1u << m->pathway;
		for (size_t d = 0; d < cat->n_domains; d++)
			if (!strcmp(cat->domains[d].id, m->domain))
				domains |= 1u << d;
		ASSERT(m->n_i_statements >= 1);
		ASSERT(m->line > 0);
	}
	/* every pathway computable, every domain has a metric */
	ASSERT_INT_EQ(pathways, ((1u << OB_PATHWAY_COUNT) - 1) & ~1u);
	ASSERT_INT_EQ(domains, 0x1f);
	ob_catalogue_free(cat);
}

TEST(catalogue_shipped_parameters)
{
	struct ob_catalogue *cat;
	const struct ob_metric *m;
	int seen_seed = 0, seen_story = 0;

	ASSERT_OK(ob_catalogue_load_default(&cat, NULL));
	m = ob_catalogue_find(cat, "acsc_chronic_unplanned");
	ASSERT(m != NULL);
	ASSERT_INT_EQ(m->method, OB_METHOD_DSR);
	ASSERT_INT_EQ(m->dsr_limits, OB_DSR_LIMITS_CCG_OIS);
	ASSERT_INT_EQ(m->numerator, OB_Q_ACSC_ADMISSIONS);
	ASSERT_INT_EQ(m->denominator, OB_Q_PERSON_YEARS);
	ASSERT_NEAR(m->multiplier, 100000, 0);
	ASSERT_INT_EQ(m->n_conf, 2);
	ASSERT_NEAR(m->conf[1], 0.998, 0);
	ASSERT_STR_EQ(m->source, "CCG_OIS");
	ASSERT_INT_EQ(m->category, OB_CAT_PAY_FOR_PERFORMANCE);
	ASSERT_INT_EQ(m->direction, OB_LOWER_IS_BETTER);

	m = ob_catalogue_find(cat, "care_home_admissions_18_64");
	ASSERT(m != NULL);
	ASSERT_INT_EQ(m->population.age_min, 18);
	ASSERT_INT_EQ(m->population.age_max, 64);
	m = ob_catalogue_find(cat, "care_home_admissions_65_plus");
	ASSERT(m != NULL);
	ASSERT_INT_EQ(m->population.age_min, 65);
	ASSERT_INT_EQ(m->population.age_max, -1);

	m = ob_catalogue_find(cat, "feel_safe");
	ASSERT(m != NULL);
	ASSERT_STR_EQ(m->survey, "ASCS");
	ASSERT_STR_EQ(m->question, "FEEL_SAFE");
	ASSERT_INT_EQ(m->n_positive, 1);
	ASSERT_STR_EQ(m->positive[0], "1");

	m = ob_catalogue_find(cat, "repeat_story");
	ASSERT(m != NULL);
	ASSERT_STR_EQ(m->survey, "MCP_EXPERIENCE");
	ASSERT_STR_EQ(m->question, "REPEAT_STORY");
	ASSERT_STR_EQ(m->i_statements[0], "tell_story_once");

	m = ob_catalogue_find(cat, "physically_active_75_plus");
	ASSERT(m != NULL);
	ASSERT_STR_EQ(m->question, "ACTIVE_150");
	ASSERT_INT_EQ(m->population.age_min, 75);

	m = ob_catalogue_find(cat, "days_at_home_frail");
	ASSERT(m != NULL);
	ASSERT_INT_EQ(m->method, OB_METHOD_PER_PERSON_YEAR);
	ASSERT(m->population.frail_only);

	m = ob_catalogue_find(cat, "care_plan_gap");
	ASSERT(m != NULL);
	ASSERT_STR_EQ(m->minus, "care_plan_survey");
	ASSERT(m->population.long_term_condition);

	m = ob_catalogue_find(cat, "life_expectancy_gap_female");
	ASSERT(m != NULL);
	ASSERT_INT_EQ(m->population.sex, OB_SEX_FEMALE);
	ASSERT_INT_EQ(m->deprivation, OB_DEPRIVATION_QUINTILE);

	m = ob_catalogue_find(cat, "community_spend_share");
	ASSERT(m != NULL);
	ASSERT_INT_EQ(m->setting, OB_SETTING_COMMUNITY);

	m = ob_catalogue_find(cat, "dementia_diagnosis_rate");
	ASSERT(m != NULL);
	ASSERT_INT_EQ(m->method, OB_METHOD_OBSERVED_EXPECTED);
	ASSERT_INT_EQ(m->denominator, OB_Q_DEMENTIA_EXPECTED);
	ASSERT_INT_EQ(m->category, OB_CAT_NATIONAL_STANDARD);

	for (size_t i = 0; i < cat->n_i_statements; i++) {
		const struct ob_i_statement *s = &cat->i_statements[i];

		if (!strcmp(s->text, "I feel safe"))
			seen_seed = !strcmp(s->origin, "seed");
		if (!strcmp(s->text, "I only have to tell my story once"))
			seen_story = 1;
	}
	ASSERT(seen_seed);
	ASSERT(seen_story);
	ob_catalogue_free(cat);
}

TEST(catalogue_minimal_and_defaults)
{
	static const char text[] = HEAD METRIC_TOP METRIC_RATE
	    "    population: {age_min: 18, age_max: 64, sex: female,\n"
	    "                 segments: [long_decline, organ_failure]}\n";
	struct ob_catalogue *cat;
	struct ob_error err;
	const struct ob_metric *m;

	ASSERT_OK(ob_catalogue_parse(text, strlen(text), "t.yaml", &cat, &err));
	ASSERT_INT_EQ(cat->n, 1);
	m = &cat->metrics[0];
	ASSERT_STR_EQ(m->id, "m1");
	ASSERT_INT_EQ(m->line, 9);
	ASSERT_NEAR(m->multiplier, 1, 0);
	ASSERT_INT_EQ(m->n_conf, 2);
	ASSERT_NEAR(m->conf[0], 0.95, 0);
	ASSERT_INT_EQ(m->population.sex, OB_SEX_FEMALE);
	ASSERT_INT_EQ(m->population.segments, (1u << OB_SEG_LONG_DECLINE) |
						  (1u << OB_SEG_ORGAN_FAILURE));
	ASSERT(m->survey == NULL && m->minus == NULL);
	ob_catalogue_free(cat);
}

TEST(catalogue_error_yaml_syntax)
{
	ASSERT(fails_with("version: 1\ndomains: [a\n", OB_EPARSE, 3, 1,
			  "malformed YAML: did not find expected ',' or ']' "
			  "while parsing a flow sequence"));
	ASSERT(fails_with("", OB_EINVAL, 1, 1,
			  "the file is empty (expected the outcomes "
			  "catalogue: version, domains, i_statements and "
			  "metrics)"));
	ASSERT(fails_with("- a\n", OB_EINVAL, 1, 1,
			  "expected the outcomes catalogue: a mapping with "
			  "version, domains, i_statements and metrics"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE "---\nx: 1\n", OB_EINVAL,
			  21, 1,
			  "a second YAML document (expected one catalogue "
			  "per file)"));
}

TEST(catalogue_error_unknown_key)
{
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE "    methd: dsr\n",
			  OB_EINVAL, 20, 5,
			  "unknown key 'methd' in metric 'm1' (expected id, "
			  "name, domain, source, reference, category, "
			  "direction, unit, description, i_statements, "
			  "method, numerator, denominator, population, "
			  "multiplier, conf, dsr_limits, survey, question, "
			  "positive, pathway, setting, deprivation, minus or "
			  "years)"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE
			  "    population: {age_min: 18, agemax: 64}\n",
			  OB_EINVAL, 20, 31,
			  "unknown key 'agemax' in the population of metric "
			  "'m1' (expected age_min, age_max, sex, segments, "
			  "frail_only or long_term_condition)"));
	ASSERT(fails_with("version: 1\ncolour: red\n", OB_EINVAL, 2, 1,
			  "unknown key 'colour' in a catalogue (expected "
			  "version, title, domains, i_statements or "
			  "metrics)"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE "    unit: x\n",
			  OB_EINVAL, 20, 5,
			  "duplicate key 'unit' in metric 'm1'"));
}

TEST(catalogue_error_missing_key)
{
	ASSERT(fails_with(HEAD METRIC_TOP
			  "    method: crude_rate\n"
			  "    numerator: care_home_admissions\n",
			  OB_EINVAL, 9, 5,
			  "metric 'm1' has no 'denominator' (a required key)"));
	ASSERT(fails_with("version: 1\ndomains: []\n", OB_EINVAL, 1, 1,
			  "the catalogue has no 'i_statements' (a required "
			  "key)"));
	ASSERT(fails_with(HEAD "  - name: M\n", OB_EINVAL, 9, 5,
			  "a metric has no 'id' (a required key)"));
}

TEST(catalogue_error_unknown_names)
{
	ASSERT(fails_with(HEAD METRIC_TOP
			  "    method: dsrr\n"
			  "    numerator: care_home_admissions\n"
			  "    denominator: person_years\n",
			  OB_EINVAL, 17, 13,
			  "unknown method 'dsrr' in metric 'm1' (expected "
			  "crude_rate, dsr, proportion, mean, isr, "
			  "observed_expected, per_person_year, share, "
			  "life_expectancy_gap, sii or ratio)"));
	ASSERT(fails_with(HEAD METRIC_TOP "    method: crude_rate\n"
					  "    numerator: admissions\n"
					  "    denominator: person_years\n",
			  OB_EINVAL, 18, 16,
			  "unknown quantity 'admissions' in metric 'm1' "
			  "(expected person_years, people, "
			  "emergency_admissions, acsc_admissions, "
			  "elective_admissions, care_home_admissions, "
			  "delayed_days, bed_days, days_at_home, deaths, "
			  "dementia_diagnosed, dementia_expected, "
			  "survey_respondents, survey_positive, survey_value, "
			  "community_contacts, hospital_contacts, "
			  "care_plans_recorded, spend or budget)"));
	ASSERT(fails_with(HEAD "  - id: m1\n"
			       "    name: M\n"
			       "    domain: quality_of_death\n"
			       "    source: ASCOF\n"
			       "    category: local_quality\n"
			       "    direction: lower_is_better\n"
			       "    unit: per 100,000\n"
			       "    i_statements: [live_at_home]\n" METRIC_RATE,
			  OB_EINVAL, 11, 13,
			  "unknown domain 'quality_of_death' in metric 'm1' "
			  "(expected a domain defined under 'domains': "
			  "quality_of_life)"));
	ASSERT(fails_with(HEAD "  - id: m1\n"
			       "    name: M\n"
			       "    domain: quality_of_life\n"
			       "    source: ASCOF\n"
			       "    category: p4p\n"
			       "    direction: lower_is_better\n"
			       "    unit: per 100,000\n"
			       "    i_statements: [live_at_home]\n" METRIC_RATE,
			  OB_EINVAL, 13, 15,
			  "unknown category 'p4p' in metric 'm1' (expected "
			  "pay_for_performance, local_quality or "
			  "national_standard)"));
	ASSERT(fails_with(HEAD "  - id: m1\n"
			       "    name: M\n"
			       "    domain: quality_of_life\n"
			       "    source: ASCOF\n"
			       "    category: local_quality\n"
			       "    direction: up\n"
			       "    unit: per 100,000\n"
			       "    i_statements: [live_at_home]\n" METRIC_RATE,
			  OB_EINVAL, 14, 16,
			  "unknown direction 'up' in metric 'm1' (expected "
			  "higher_is_better, lower_is_better or "
			  "no_direction)"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE
			  "    population: {segments: [frail]}\n",
			  OB_EINVAL, 20, 29,
			  "unknown segment 'frail' in metric 'm1' (expected "
			  "healthy, maternal_infant, acutely_ill, "
			  "chronic_normal_function, stable_disability, "
			  "short_decline, organ_failure or long_decline)"));
	ASSERT(fails_with("version: 1\n"
			  "domains:\n"
			  "  - {id: happiness, name: H}\n"
			  "i_statements: []\nmetrics: []\n",
			  OB_EINVAL, 3, 10,
			  "unknown domain 'happiness' (expected "
			  "quality_of_life, quality_of_care, "
			  "professional_experience, operational_performance "
			  "or financial_sustainability)"));
}

TEST(catalogue_error_duplicates_and_references)
{
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE METRIC_TOP METRIC_RATE,
			  OB_EINVAL, 20, 9,
			  "duplicate metric 'm1' (first defined on line 9)"));
	ASSERT(fails_with("version: 1\n"
			  "domains:\n"
			  "  - {id: quality_of_life, name: A}\n"
			  "  - {id: quality_of_life, name: B}\n"
			  "i_statements: []\nmetrics: []\n",
			  OB_EINVAL, 4, 10,
			  "duplicate domain 'quality_of_life' (first defined "
			  "on line 3)"));
	ASSERT(fails_with(
	    HEAD "  - id: m1\n"
		 "    name: M\n"
		 "    domain: quality_of_life\n"
		 "    source: ASCOF\n"
		 "    category: local_quality\n"
		 "    direction: lower_is_better\n"
		 "    unit: per 100,000\n"
		 "    i_statements: [live_at_home, feel_safe]\n" METRIC_RATE,
	    OB_EINVAL, 16, 34,
	    "metric 'm1' refers to I statement 'feel_safe', "
	    "which is not defined (expected an id under "
	    "'i_statements')"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE "    minus: m2\n",
			  OB_EINVAL, 20, 12,
			  "'minus' of metric 'm1' is 'm2', which is not a "
			  "metric of the catalogue"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE "    minus: m1\n",
			  OB_EINVAL, 20, 12,
			  "'minus' of metric 'm1' is 'm1' (expected another "
			  "metric that has no 'minus' itself)"));
}

TEST(catalogue_error_survey)
{
	ASSERT(fails_with(HEAD METRIC_TOP
			  "    method: proportion\n"
			  "    numerator: survey_positive\n"
			  "    denominator: survey_respondents\n"
			  "    positive: [Y]\n",
			  OB_EINVAL, 9, 5,
			  "metric 'm1' counts survey answers but has no "
			  "'survey' (expected a survey code such as GPPS or "
			  "ASCS)"));
	ASSERT(fails_with(HEAD METRIC_TOP
			  "    method: proportion\n"
			  "    numerator: survey_positive\n"
			  "    denominator: survey_respondents\n"
			  "    survey: ASCS\n",
			  OB_EINVAL, 9, 5,
			  "metric 'm1' counts survey answers but has no "
			  "'question' (expected a question code of survey "
			  "'ASCS')"));
	ASSERT(fails_with(HEAD METRIC_TOP
			  "    method: proportion\n"
			  "    numerator: survey_positive\n"
			  "    denominator: survey_respondents\n"
			  "    survey: ASCS\n"
			  "    question: FEEL_SAFE\n",
			  OB_EINVAL, 9, 5,
			  "metric 'm1' counts positive answers but has no "
			  "'positive' (expected the list of answers that "
			  "count, e.g. [Y])"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE "    survey: ASCS\n",
			  OB_EINVAL, 20, 13,
			  "metric 'm1' names a survey but counts no survey "
			  "answers (expected survey_positive, survey_value or "
			  "survey_respondents as numerator or denominator)"));
	ASSERT(fails_with(HEAD METRIC_TOP
			  "    method: mean\n"
			  "    numerator: survey_positive\n"
			  "    denominator: survey_respondents\n"
			  "    survey: ASCS\n"
			  "    question: SCRQOL\n"
			  "    positive: [\"1\"]\n",
			  OB_EINVAL, 17, 13,
			  "method mean of metric 'm1' needs numerator "
			  "survey_value and denominator survey_respondents"));
}

TEST(catalogue_error_numbers)
{
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE "    multiplier: 1e5x\n",
			  OB_EINVAL, 20, 17,
			  "'multiplier' of metric 'm1' is '1e5x' (expected a "
			  "number)"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE "    multiplier: 0\n",
			  OB_EINVAL, 20, 17,
			  "'multiplier' of metric 'm1' is 0 (expected a "
			  "number above 0, e.g. 100000)"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE "    conf: [0.95, 95]\n",
			  OB_EINVAL, 20, 18,
			  "confidence level 95 of metric 'm1' is out of range "
			  "(expected a number between 0 and 1, e.g. 0.95)"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE
			  "    conf: [0.998, 0.95]\n",
			  OB_EINVAL, 20, 19,
			  "confidence levels of metric 'm1' are not ascending "
			  "(expected e.g. [0.95, 0.998])"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE
			  "    population: {age_min: 65, age_max: 18}\n",
			  OB_EINVAL, 20, 40,
			  "age_max 18 of metric 'm1' is below age_min 65 "
			  "(expected age_min <= age_max)"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE
			  "    population: {age_min: -1}\n",
			  OB_EINVAL, 20, 27,
			  "'age_min' of metric 'm1' is '-1' (expected a whole "
			  "number from 0 to 130)"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE
			  "    population: {frail_only: yes}\n",
			  OB_EINVAL, 20, 30,
			  "'frail_only' of metric 'm1' is 'yes' (expected "
			  "true or false)"));
	ASSERT(fails_with("version: 2\n", OB_EINVAL, 1, 1,
			  "the catalogue has no 'domains' (a required key)"));
	ASSERT(fails_with("version: 2\ndomains: []\ni_statements: []\n"
			  "metrics: []\n",
			  OB_EINVAL, 1, 10,
			  "'version' of the catalogue is '2' (expected a "
			  "whole number from 1 to 1)"));
}

TEST(catalogue_error_method_parameters)
{
	ASSERT(fails_with(HEAD METRIC_TOP
			  "    method: share\n"
			  "    numerator: community_contacts\n"
			  "    denominator: hospital_contacts\n",
			  OB_EINVAL, 9, 5,
			  "metric 'm1' is a share of pathway activity but has "
			  "no 'pathway' (expected one of the seven pathways)"));
	ASSERT(fails_with(HEAD METRIC_TOP "    method: share\n"
					  "    numerator: community_contacts\n"
					  "    denominator: hospital_contacts\n"
					  "    pathway: dermatology\n",
			  OB_EINVAL, 20, 14,
			  "unknown pathway 'dermatology' in metric 'm1' "
			  "(expected ophthalmology, gynaecology_urology, "
			  "neurology, gastroenterology, cardiology, diabetes "
			  "or cancer_screening)"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE
			  "    dsr_limits: ccg_ois\n",
			  OB_EINVAL, 20, 17,
			  "'dsr_limits' of metric 'm1' is only for method dsr "
			  "(the method is crude_rate)"));
	ASSERT(fails_with(HEAD METRIC_TOP "    method: sii\n"
					  "    numerator: deaths\n"
					  "    denominator: person_years\n",
			  OB_EINVAL, 9, 5,
			  "metric 'm1' uses method sii but has no "
			  "'deprivation' (expected quintile or decile)"));
	ASSERT(fails_with(HEAD METRIC_TOP "    method: crude_rate\n"
					  "    numerator: person_years\n"
					  "    denominator: person_years\n",
			  OB_EINVAL, 19, 18,
			  "metric 'm1' has 'person_years' as both numerator "
			  "and denominator"));
	ASSERT(fails_with(HEAD "  - id: M1\n", OB_EINVAL, 9, 5,
			  "metric 'M1' has no 'name' (a required key)"));
	ASSERT(fails_with(HEAD METRIC_TOP METRIC_RATE "    name: [a]\n",
			  OB_EINVAL, 20, 5,
			  "duplicate key 'name' in metric 'm1'"));
}
