/*
 * catalogue.c - read and validate the outcomes catalogue (catalogue.h).
 *
 * libyaml loads the whole document into a node tree (every node keeps its
 * start position); the catalogue is then read from the tree section by
 * section with a table of allowed keys per mapping and the checked value
 * readers of yamldoc.h, so every fault points at the node it is about.
 * Domains are read before I statements and I statements before metrics,
 * whatever their order in the file, so a reference can be checked when it
 * is read; `minus` references between metrics are checked once all
 * metrics are read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "onebudget/buf.h"
#include "onebudget/catalogue.h"
#include "onebudget/refdata.h"
#include "onebudget/segment.h"
#include "onebudget/yamldoc.h"
#include "onebudget/banned.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const method_names[OB_METHOD_COUNT] = {
    [OB_METHOD_CRUDE_RATE] = "crude_rate",
    [OB_METHOD_DSR] = "dsr",
    [OB_METHOD_PROPORTION] = "proportion",
    [OB_METHOD_MEAN] = "mean",
    [OB_METHOD_ISR] = "isr",
    [OB_METHOD_OBSERVED_EXPECTED] = "observed_expected",
    [OB_METHOD_PER_PERSON_YEAR] = "per_person_year",
    [OB_METHOD_SHARE] = "share",
    [OB_METHOD_LIFE_EXPECTANCY_GAP] = "life_expectancy_gap",
    [OB_METHOD_SII] = "sii",
    [OB_METHOD_RATIO] = "ratio",
};

static const char *const quantity_names[OB_QUANTITY_COUNT] = {
    [OB_Q_NONE] = NULL,
    [OB_Q_PERSON_YEARS] = "person_years",
    [OB_Q_PEOPLE] = "people",
    [OB_Q_EMERGENCY_ADMISSIONS] = "emergency_admissions",
    [OB_Q_ACSC_ADMISSIONS] = "acsc_admissions",
    [OB_Q_ELECTIVE_ADMISSIONS] = "elective_admissions",
    [OB_Q_CARE_HOME_ADMISSIONS] = "care_home_admissions",
    [OB_Q_DELAYED_DAYS] = "delayed_days",
    [OB_Q_BED_DAYS] = "bed_days",
    [OB_Q_DAYS_AT_HOME] = "days_at_home",
    [OB_Q_DEATHS] = "deaths",
    [OB_Q_DEMENTIA_DIAGNOSED] = "dementia_diagnosed",
    [OB_Q_DEMENTIA_EXPECTED] = "dementia_expected",
    [OB_Q_SURVEY_RESPONDENTS] = "survey_respondents",
    [OB_Q_SURVEY_POSITIVE] = "survey_positive",
    [OB_Q_SURVEY_VALUE] = "survey_value",
    [OB_Q_COMMUNITY_CONTACTS] = "community_contacts",
    [OB_Q_HOSPITAL_CONTACTS] = "hospital_contacts",
    [OB_Q_CARE_PLANS_RECORDED] = "care_plans_recorded",
    [OB_Q_SPEND] = "spend",
    [OB_Q_BUDGET] = "budget",
};

static const char *const category_names[] = {
    [OB_CAT_PAY_FOR_PERFORMANCE] = "pay_for_performance",
    [OB_CAT_LOCAL_QUALITY] = "local_quality",
    [OB_CAT_NATIONAL_STANDARD] = "national_standard",
};

static const char *const direction_names[] = {
    [OB_HIGHER_IS_BETTER] = "higher_is_better",
    [OB_LOWER_IS_BETTER] = "lower_is_better",
    [OB_NO_DIRECTION] = "no_direction",
};

static const char *const pathway_names[OB_PATHWAY_COUNT] = {
    [OB_PATHWAY_NONE] = NULL,
    [OB_PATHWAY_OPHTHALMOLOGY] = "ophthalmology",
    [OB_PATHWAY_GYNAECOLOGY_UROLOGY] = "gynaecology_urology",
    [OB_PATHWAY_NEUROLOGY] = "neurology",
    [OB_PATHWAY_GASTROENTEROLOGY] = "gastroenterology",
    [OB_PATHWAY_CARDIOLOGY] = "cardiology",
    [OB_PATHWAY_DIABETES] = "diabetes",
    [OB_PATHWAY_CANCER_SCREENING] = "cancer_screening",
};

static const char *const setting_names[] = {
    [OB_SETTING_ANY] = "any",
    [OB_SETTING_COMMUNITY] = "community",
    [OB_SETTING_HOSPITAL] = "hospital",
    [OB_SETTING_PRIMARY_CARE] = "primary_care",
    [OB_SETTING_MENTAL_HEALTH] = "mental_health",
    [OB_SETTING_SOCIAL_CARE] = "social_care",
};

static const char *const dsr_limit_names[] = {
    [OB_DSR_LIMITS_PHE] = "phe",
    [OB_DSR_LIMITS_CCG_OIS] = "ccg_ois",
};

static const char *const deprivation_names[] = {
    [OB_DEPRIVATION_NONE] = NULL,
    [OB_DEPRIVATION_QUINTILE] = "quintile",
    [OB_DEPRIVATION_DECILE] = "decile",
};

static const char *const sex_names[] = {
    [OB_SEX_ANY] = "any",
    [OB_SEX_MALE] = "male",
    [OB_SEX_FEMALE] = "female",
};

static const char *const domain_ids[] = {
    "quality_of_life",		"quality_of_care",
    "professional_experience",	"operational_performance",
    "financial_sustainability",
};

static const char *const who_names[] = {"person", "carer", "professional"};
static const char *const origin_names[] = {"seed", "local"};

static const char *const sources[] = {
    "NHSOF", "ASCOF",  "PHOF",		 "HES",	  "CCG_OIS", "GPPS",
    "ASCS",  "SACE",   "ZBI22",		 "QOF",	  "ONS",     "ACTIVE_LIVES",
    "STAFF", "LEDGER", "MCP_EXPERIENCE", "local",
};

#define ENUM_NAME(table, v)                                                    \
	((size_t)(v) < COUNT_OF(table) && (table)[v] ? (table)[v] : "?")

const char *ob_method_name(enum ob_method m)
{
	return ENUM_NAME(method_names, m);
}

const char *ob_quantity_name(enum ob_quantity q)
{
	return ENUM_NAME(quantity_names, q);
}

const char *ob_category_name(enum ob_metric_category c)
{
	return ENUM_NAME(category_names, c);
}

const char *ob_direction_name(enum ob_direction d)
{
	return ENUM_NAME(direction_names, d);
}

const char *ob_pathway_name(enum ob_pathway p)
{
	return ENUM_NAME(pathway_names, p);
}

/*
 * The reader's state: the shared YAML context (yamldoc.h), whose arena is
 * the catalogue's, and the catalogue being filled.
 */
struct ctx {
	struct ob_yaml y;
	struct ob_catalogue *cat;
};

/* ------------------------------------------------------------------ */

enum { D_ID, D_NAME, D_DESCRIPTION, D_NKEYS };
static const char *const domain_keys[D_NKEYS] = {"id", "name", "description"};

static enum ob_status read_domains(struct ctx *c, const yaml_node_t *seq)
{
	static const int required[] = {D_ID, D_NAME};
	struct ob_catalogue *cat = c->cat;
	yaml_node_t *v[D_NKEYS];
	enum ob_status st;
	size_t len;

	snprintf(c->y.label, sizeof(c->y.label), "the catalogue");
	if ((st = ob_yaml_want_seq(&c->y, seq, "domains", "domains")))
		return st;
	len = ob_yaml_seq_len(seq);
	if (len == 0)
		return ob_yaml_fail(
		    &c->y, seq, OB_EINVAL,
		    "'domains' is empty (expected the outcome domains)");
	cat->domains = ob_arena_alloc(&cat->arena, len * sizeof(*cat->domains));
	if (!cat->domains)
		return ob_yaml_nomem(&c->y);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m =
		    ob_yaml_node(&c->y, seq->data.sequence.items.start[i]);
		struct ob_domain *d = &cat->domains[i];
		char list[300];

		memset(d, 0, sizeof(*d));
		if ((st = ob_yaml_collect(&c->y, m, "domain", domain_keys,
					  D_NKEYS, v)) ||
		    (st = ob_yaml_require(&c->y, m, domain_keys, v, required,
					  COUNT_OF(required))) ||
		    (st = ob_yaml_get_id(&c->y, v[D_ID], "id", &d->id)) ||
		    (st = ob_yaml_get_string(&c->y, v[D_NAME], "name",
					     &d->name)) ||
		    (v[D_DESCRIPTION] &&
		     (st = ob_yaml_get_string(&c->y, v[D_DESCRIPTION],
					      "description", &d->description))))
			return st;
		d->line = (long)m->start_mark.line + 1;
		if (ob_yaml_find_name(domain_ids, COUNT_OF(domain_ids), d->id) <
		    0) {
			ob_yaml_join_names(list, sizeof(list), domain_ids,
					   COUNT_OF(domain_ids));
			return ob_yaml_fail(&c->y, v[D_ID], OB_EINVAL,
					    "unknown domain '%s' (expected %s)",
					    d->id, list);
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cat->domains[j].id, d->id))
				return ob_yaml_fail(
				    &c->y, v[D_ID], OB_EINVAL,
				    "duplicate domain '%s' (first "
				    "defined on line %ld)",
				    d->id, cat->domains[j].line);
		cat->n_domains = i + 1;
	}
	return OB_OK;
}

static const struct ob_domain *find_domain(const struct ob_catalogue *cat,
					   const char *id)
{
	for (size_t i = 0; i < cat->n_domains; i++)
		if (!strcmp(cat->domains[i].id, id))
			return &cat->domains[i];
	return NULL;
}

static enum ob_status get_domain_ref(struct ctx *c, const yaml_node_t *n,
				     const char **out)
{
	enum ob_status st = ob_yaml_get_string(&c->y, n, "domain", out);
	const struct ob_domain *d;
	char list[300];
	const char *ids[COUNT_OF(domain_ids)];
	size_t k = 0;

	if (st)
		return st;
	d = find_domain(c->cat, *out);
	if (d) {
		*out = d->id;
		return OB_OK;
	}
	for (size_t i = 0; i < c->cat->n_domains && k < COUNT_OF(ids); i++)
		ids[k++] = c->cat->domains[i].id;
	ob_yaml_join_names(list, sizeof(list), ids, k);
	return ob_yaml_fail(
	    &c->y, n, OB_EINVAL,
	    "unknown domain '%.60s' in %s (expected a domain defined "
	    "under 'domains': %s)",
	    *out, c->y.label, list);
}

enum { S_ID, S_TEXT, S_WHO, S_ORIGIN, S_DOMAIN, S_NKEYS };
static const char *const statement_keys[S_NKEYS] = {"id", "text", "who",
						    "origin", "domain"};

static enum ob_status read_statements(struct ctx *c, const yaml_node_t *seq)
{
	static const int required[] = {S_ID, S_TEXT, S_WHO, S_ORIGIN, S_DOMAIN};
	struct ob_catalogue *cat = c->cat;
	yaml_node_t *v[S_NKEYS];
	enum ob_status st;
	size_t len;

	snprintf(c->y.label, sizeof(c->y.label), "the catalogue");
	if ((st = ob_yaml_want_seq(&c->y, seq, "i_statements", "I statements")))
		return st;
	len = ob_yaml_seq_len(seq);
	if (len == 0)
		return ob_yaml_fail(&c->y, seq, OB_EINVAL,
				    "'i_statements' is empty (expected the I "
				    "statements the metrics evidence)");
	cat->i_statements =
	    ob_arena_alloc(&cat->arena, len * sizeof(*cat->i_statements));
	if (!cat->i_statements)
		return ob_yaml_nomem(&c->y);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m =
		    ob_yaml_node(&c->y, seq->data.sequence.items.start[i]);
		struct ob_i_statement *s = &cat->i_statements[i];
		int who, origin;

		memset(s, 0, sizeof(*s));
		if ((st = ob_yaml_collect(&c->y, m, "I statement",
					  statement_keys, S_NKEYS, v)) ||
		    (st = ob_yaml_require(&c->y, m, statement_keys, v, required,
					  COUNT_OF(required))) ||
		    (st = ob_yaml_get_id(&c->y, v[S_ID], "id", &s->id)) ||
		    (st = ob_yaml_get_string(&c->y, v[S_TEXT], "text",
					     &s->text)) ||
		    (st = ob_yaml_get_enum(&c->y, v[S_WHO], "who", "speaker",
					   who_names, COUNT_OF(who_names),
					   &who)) ||
		    (st = ob_yaml_get_enum(&c->y, v[S_ORIGIN], "origin",
					   "origin", origin_names,
					   COUNT_OF(origin_names), &origin)) ||
		    (st = get_domain_ref(c, v[S_DOMAIN], &s->domain)))
			return st;
		s->who = who_names[who];
		s->origin = origin_names[origin];
		s->line = (long)m->start_mark.line + 1;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cat->i_statements[j].id, s->id))
				return ob_yaml_fail(
				    &c->y, v[S_ID], OB_EINVAL,
				    "duplicate I statement '%s' "
				    "(first defined on line %ld)",
				    s->id, cat->i_statements[j].line);
		cat->n_i_statements = i + 1;
	}
	return OB_OK;
}

/* ------------------------------------------------------------------ */

enum { P_AGE_MIN, P_AGE_MAX, P_SEX, P_SEGMENTS, P_FRAIL_ONLY, P_LTC, P_NKEYS };
static const char *const population_keys[P_NKEYS] = {
    "age_min",	"age_max",    "sex",
    "segments", "frail_only", "long_term_condition"};

static enum ob_status read_population(struct ctx *c, const yaml_node_t *m,
				      struct ob_population_filter *pop)
{
	yaml_node_t *v[P_NKEYS];
	char saved[sizeof(c->y.label)];
	enum ob_status st;
	long age;
	int sex;

	if (m->type != YAML_MAPPING_NODE)
		return ob_yaml_fail(
		    &c->y, m, OB_EINVAL,
		    "'population' of %s must be a mapping (age_min, "
		    "age_max, sex, segments, frail_only, "
		    "long_term_condition)",
		    c->y.label);
	memcpy(saved, c->y.label, sizeof(saved));
	snprintf(c->y.label, sizeof(c->y.label), "the population of %.120s",
		 saved);
	st = ob_yaml_collect(&c->y, m, NULL, population_keys, P_NKEYS, v);
	memcpy(c->y.label, saved, sizeof(saved));
	if (st)
		return st;
	if (v[P_AGE_MIN]) {
		if ((st = ob_yaml_get_int(&c->y, v[P_AGE_MIN], "age_min", 0,
					  130, &age)))
			return st;
		pop->age_min = (int)age;
	}
	if (v[P_AGE_MAX]) {
		if ((st = ob_yaml_get_int(&c->y, v[P_AGE_MAX], "age_max", 0,
					  130, &age)))
			return st;
		pop->age_max = (int)age;
		if (pop->age_min > pop->age_max)
			return ob_yaml_fail(
			    &c->y, v[P_AGE_MAX], OB_EINVAL,
			    "age_max %d of %s is below age_min %d "
			    "(expected age_min <= age_max)",
			    pop->age_max, c->y.label, pop->age_min);
	}
	if (v[P_SEX]) {
		if ((st = ob_yaml_get_enum(&c->y, v[P_SEX], "sex", "sex",
					   sex_names, COUNT_OF(sex_names),
					   &sex)))
			return st;
		pop->sex = (enum ob_sex_filter)sex;
	}
	if (v[P_SEGMENTS]) {
		const char **names;
		size_t n;

		if ((st = ob_yaml_get_string_list(&c->y, v[P_SEGMENTS],
						  "segments", "segment codes",
						  0, &names, &n)))
			return st;
		for (size_t i = 0; i < n; i++) {
			yaml_node_t *item = ob_yaml_node(
			    &c->y, v[P_SEGMENTS]->data.sequence.items.start[i]);
			int found = 0;

			for (int s = 1; s < OB_SEG_COUNT; s++)
				if (!strcmp(ob_segment_code((enum ob_segment)s),
					    names[i])) {
					pop->segments |= 1u << s;
					found = 1;
				}
			if (!found) {
				const char *codes[OB_SEG_COUNT];
				char list[300];

				for (int s = 1; s < OB_SEG_COUNT; s++)
					codes[s - 1] =
					    ob_segment_code((enum ob_segment)s);
				ob_yaml_join_names(list, sizeof(list), codes,
						   OB_SEG_COUNT - 1);
				return ob_yaml_fail(
				    &c->y, item, OB_EINVAL,
				    "unknown segment '%.60s' in %s "
				    "(expected %s)",
				    names[i], c->y.label, list);
			}
		}
	}
	if (v[P_FRAIL_ONLY] &&
	    (st = ob_yaml_get_bool(&c->y, v[P_FRAIL_ONLY], "frail_only",
				   &pop->frail_only)))
		return st;
	if (v[P_LTC] &&
	    (st = ob_yaml_get_bool(&c->y, v[P_LTC], "long_term_condition",
				   &pop->long_term_condition)))
		return st;
	return OB_OK;
}

enum {
	M_ID,
	M_NAME,
	M_DOMAIN,
	M_SOURCE,
	M_REFERENCE,
	M_CATEGORY,
	M_DIRECTION,
	M_UNIT,
	M_DESCRIPTION,
	M_I_STATEMENTS,
	M_METHOD,
	M_NUMERATOR,
	M_DENOMINATOR,
	M_POPULATION,
	M_MULTIPLIER,
	M_CONF,
	M_DSR_LIMITS,
	M_SURVEY,
	M_QUESTION,
	M_POSITIVE,
	M_PATHWAY,
	M_SETTING,
	M_DEPRIVATION,
	M_MINUS,
	M_YEARS,
	M_NKEYS
};
static const char *const metric_keys[M_NKEYS] = {
    "id",	"name",	      "domain",	     "source",	    "reference",
    "category", "direction",  "unit",	     "description", "i_statements",
    "method",	"numerator",  "denominator", "population",  "multiplier",
    "conf",	"dsr_limits", "survey",	     "question",    "positive",
    "pathway",	"setting",    "deprivation", "minus",	    "years",
};

static int is_survey_quantity(enum ob_quantity q)
{
	return q == OB_Q_SURVEY_RESPONDENTS || q == OB_Q_SURVEY_POSITIVE ||
	       q == OB_Q_SURVEY_VALUE;
}

/* Checks that join keys: which parameters each method needs or allows. */
static enum ob_status check_method(struct ctx *c, const yaml_node_t *m,
				   yaml_node_t **v, const struct ob_metric *x)
{
	const char *meth = method_names[x->method];
	int survey = is_survey_quantity(x->numerator) ||
		     is_survey_quantity(x->denominator);

	/* spend / spend is a share when the numerator has a setting */
	if (x->numerator == x->denominator && x->setting == OB_SETTING_ANY)
		return ob_yaml_fail(
		    &c->y, v[M_DENOMINATOR], OB_EINVAL,
		    "%s has '%s' as both numerator and denominator", c->y.label,
		    quantity_names[x->numerator]);
	if (survey && !v[M_SURVEY])
		return ob_yaml_fail(
		    &c->y, m, OB_EINVAL,
		    "%s counts survey answers but has no 'survey' "
		    "(expected a survey code such as GPPS or ASCS)",
		    c->y.label);
	if (survey && !v[M_QUESTION])
		return ob_yaml_fail(
		    &c->y, m, OB_EINVAL,
		    "%s counts survey answers but has no 'question' "
		    "(expected a question code of survey '%s')",
		    c->y.label, x->survey);
	if (!survey && (v[M_SURVEY] || v[M_QUESTION] || v[M_POSITIVE]))
		return ob_yaml_fail(
		    &c->y,
		    v[M_SURVEY]	    ? v[M_SURVEY]
		    : v[M_QUESTION] ? v[M_QUESTION]
				    : v[M_POSITIVE],
		    OB_EINVAL,
		    "%s names a survey but counts no survey answers "
		    "(expected survey_positive, survey_value or "
		    "survey_respondents as numerator or denominator)",
		    c->y.label);
	if (x->numerator == OB_Q_SURVEY_POSITIVE && !v[M_POSITIVE])
		return ob_yaml_fail(
		    &c->y, m, OB_EINVAL,
		    "%s counts positive answers but has no "
		    "'positive' (expected the list of answers that "
		    "count, e.g. [Y])",
		    c->y.label);
	if (v[M_POSITIVE] && x->numerator != OB_Q_SURVEY_POSITIVE)
		return ob_yaml_fail(
		    &c->y, v[M_POSITIVE], OB_EINVAL,
		    "'positive' of %s needs numerator survey_positive",
		    c->y.label);
	if (x->method == OB_METHOD_MEAN &&
	    (x->numerator != OB_Q_SURVEY_VALUE ||
	     x->denominator != OB_Q_SURVEY_RESPONDENTS))
		return ob_yaml_fail(
		    &c->y, v[M_METHOD], OB_EINVAL,
		    "method mean of %s needs numerator survey_value "
		    "and denominator survey_respondents",
		    c->y.label);
	if (x->method == OB_METHOD_PROPORTION && survey &&
	    (x->numerator != OB_Q_SURVEY_POSITIVE ||
	     x->denominator != OB_Q_SURVEY_RESPONDENTS))
		return ob_yaml_fail(&c->y, v[M_METHOD], OB_EINVAL,
				    "method proportion of %s on a survey needs "
				    "numerator survey_positive and denominator "
				    "survey_respondents",
				    c->y.label);
	if (x->method == OB_METHOD_SHARE &&
	    (x->numerator == OB_Q_COMMUNITY_CONTACTS ||
	     x->numerator == OB_Q_HOSPITAL_CONTACTS) &&
	    !v[M_PATHWAY])
		return ob_yaml_fail(
		    &c->y, m, OB_EINVAL,
		    "%s is a share of pathway activity but has no "
		    "'pathway' (expected one of the seven pathways)",
		    c->y.label);
	if (v[M_PATHWAY] && x->method != OB_METHOD_SHARE)
		return ob_yaml_fail(
		    &c->y, v[M_PATHWAY], OB_EINVAL,
		    "'pathway' of %s is only for method share (the "
		    "method is %s)",
		    c->y.label, meth);
	if (v[M_DSR_LIMITS] && x->method != OB_METHOD_DSR)
		return ob_yaml_fail(
		    &c->y, v[M_DSR_LIMITS], OB_EINVAL,
		    "'dsr_limits' of %s is only for method dsr (the "
		    "method is %s)",
		    c->y.label, meth);
	if ((x->method == OB_METHOD_LIFE_EXPECTANCY_GAP ||
	     x->method == OB_METHOD_SII) &&
	    !v[M_DEPRIVATION])
		return ob_yaml_fail(
		    &c->y, m, OB_EINVAL,
		    "%s uses method %s but has no 'deprivation' "
		    "(expected quintile or decile)",
		    c->y.label, meth);
	if (v[M_DEPRIVATION] && x->method != OB_METHOD_LIFE_EXPECTANCY_GAP &&
	    x->method != OB_METHOD_SII)
		return ob_yaml_fail(
		    &c->y, v[M_DEPRIVATION], OB_EINVAL,
		    "'deprivation' of %s is only for methods "
		    "life_expectancy_gap and sii (the method is %s)",
		    c->y.label, meth);
	if (v[M_SETTING] && x->numerator != OB_Q_SPEND)
		return ob_yaml_fail(&c->y, v[M_SETTING], OB_EINVAL,
				    "'setting' of %s restricts spend and needs "
				    "numerator spend",
				    c->y.label);
	return OB_OK;
}

static enum ob_status read_metric(struct ctx *c, const yaml_node_t *m,
				  struct ob_metric *x,
				  const yaml_node_t **minus_node)
{
	static const int required[] = {
	    M_ID,	M_NAME,	     M_DOMAIN,	    M_SOURCE,
	    M_CATEGORY, M_DIRECTION, M_UNIT,	    M_I_STATEMENTS,
	    M_METHOD,	M_NUMERATOR, M_DENOMINATOR,
	};
	struct ob_catalogue *cat = c->cat;
	yaml_node_t *v[M_NKEYS];
	enum ob_status st;
	int e;

	memset(x, 0, sizeof(*x));
	x->population.age_max = -1;
	x->multiplier = 1;
	x->conf[0] = 0.95;
	x->conf[1] = 0.998;
	x->n_conf = 2;
	x->years = 1;
	x->line = (long)m->start_mark.line + 1;
	*minus_node = NULL;
	if ((st = ob_yaml_collect(&c->y, m, "metric", metric_keys, M_NKEYS,
				  v)) ||
	    (st = ob_yaml_require(&c->y, m, metric_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = ob_yaml_get_id(&c->y, v[M_ID], "id", &x->id)) ||
	    (st = ob_yaml_get_string(&c->y, v[M_NAME], "name", &x->name)) ||
	    (st = get_domain_ref(c, v[M_DOMAIN], &x->domain)) ||
	    (st = ob_yaml_get_enum(&c->y, v[M_SOURCE], "source", "source",
				   sources, COUNT_OF(sources), &e)))
		return st;
	x->source = sources[e];
	if (v[M_REFERENCE] &&
	    (st = ob_yaml_get_string(&c->y, v[M_REFERENCE], "reference",
				     &x->reference)))
		return st;
	if ((st = ob_yaml_get_enum(&c->y, v[M_CATEGORY], "category", "category",
				   category_names, COUNT_OF(category_names),
				   &e)))
		return st;
	x->category = (enum ob_metric_category)e;
	if ((st = ob_yaml_get_enum(&c->y, v[M_DIRECTION], "direction",
				   "direction", direction_names,
				   COUNT_OF(direction_names), &e)))
		return st;
	x->direction = (enum ob_direction)e;
	if ((st = ob_yaml_get_string(&c->y, v[M_UNIT], "unit", &x->unit)) ||
	    (v[M_DESCRIPTION] &&
	     (st = ob_yaml_get_string(&c->y, v[M_DESCRIPTION], "description",
				      &x->description))) ||
	    (st = ob_yaml_get_string_list(
		 &c->y, v[M_I_STATEMENTS], "i_statements", "I statement ids", 0,
		 &x->i_statements, &x->n_i_statements)))
		return st;
	for (size_t i = 0; i < x->n_i_statements; i++) {
		yaml_node_t *item = ob_yaml_node(
		    &c->y, v[M_I_STATEMENTS]->data.sequence.items.start[i]);
		size_t j;

		for (j = 0; j < cat->n_i_statements; j++)
			if (!strcmp(cat->i_statements[j].id,
				    x->i_statements[i]))
				break;
		if (j == cat->n_i_statements)
			return ob_yaml_fail(
			    &c->y, item, OB_EINVAL,
			    "%s refers to I statement '%.60s', which "
			    "is not defined (expected an id under "
			    "'i_statements')",
			    c->y.label, x->i_statements[i]);
	}
	if ((st = ob_yaml_get_enum(&c->y, v[M_METHOD], "method", "method",
				   method_names, OB_METHOD_COUNT, &e)))
		return st;
	x->method = (enum ob_method)e;
	if ((st = ob_yaml_get_enum(&c->y, v[M_NUMERATOR], "numerator",
				   "quantity", quantity_names,
				   OB_QUANTITY_COUNT, &e)))
		return st;
	x->numerator = (enum ob_quantity)e;
	if ((st = ob_yaml_get_enum(&c->y, v[M_DENOMINATOR], "denominator",
				   "quantity", quantity_names,
				   OB_QUANTITY_COUNT, &e)))
		return st;
	x->denominator = (enum ob_quantity)e;
	if (v[M_POPULATION] &&
	    (st = read_population(c, v[M_POPULATION], &x->population)))
		return st;
	if (v[M_MULTIPLIER]) {
		if ((st = ob_yaml_get_number(&c->y, v[M_MULTIPLIER],
					     "multiplier", &x->multiplier)))
			return st;
		if (!(x->multiplier > 0))
			return ob_yaml_fail(
			    &c->y, v[M_MULTIPLIER], OB_EINVAL,
			    "'multiplier' of %s is %g (expected a "
			    "number above 0, e.g. 100000)",
			    c->y.label, x->multiplier);
	}
	if (v[M_CONF]) {
		yaml_node_t *n = v[M_CONF];
		size_t len;

		if ((st = ob_yaml_want_seq(&c->y, n, "conf",
					   "confidence levels")))
			return st;
		len = ob_yaml_seq_len(n);
		if (len == 0 || len > OB_CATALOGUE_MAX_CONF)
			return ob_yaml_fail(
			    &c->y, n, OB_EINVAL,
			    "'conf' of %s has %zu levels (expected 1 "
			    "to %d, e.g. [0.95, 0.998])",
			    c->y.label, len, OB_CATALOGUE_MAX_CONF);
		for (size_t i = 0; i < len; i++) {
			yaml_node_t *item = ob_yaml_node(
			    &c->y, n->data.sequence.items.start[i]);

			if ((st = ob_yaml_get_number(&c->y, item, "conf",
						     &x->conf[i])))
				return st;
			if (!(x->conf[i] > 0 && x->conf[i] < 1))
				return ob_yaml_fail(
				    &c->y, item, OB_EINVAL,
				    "confidence level %g of %s is "
				    "out of range (expected a number "
				    "between 0 and 1, e.g. 0.95)",
				    x->conf[i], c->y.label);
			if (i && !(x->conf[i] > x->conf[i - 1]))
				return ob_yaml_fail(
				    &c->y, item, OB_EINVAL,
				    "confidence levels of %s are not "
				    "ascending (expected e.g. [0.95, "
				    "0.998])",
				    c->y.label);
		}
		x->n_conf = len;
	}
	if (v[M_DSR_LIMITS]) {
		if ((st =
			 ob_yaml_get_enum(&c->y, v[M_DSR_LIMITS], "dsr_limits",
					  "DSR limits variant", dsr_limit_names,
					  COUNT_OF(dsr_limit_names), &e)))
			return st;
		x->dsr_limits = (enum ob_dsr_limits)e;
	}
	if ((v[M_SURVEY] && (st = ob_yaml_get_string(&c->y, v[M_SURVEY],
						     "survey", &x->survey))) ||
	    (v[M_QUESTION] &&
	     (st = ob_yaml_get_string(&c->y, v[M_QUESTION], "question",
				      &x->question))) ||
	    (v[M_POSITIVE] &&
	     (st = ob_yaml_get_string_list(&c->y, v[M_POSITIVE], "positive",
					   "answers", OB_CATALOGUE_MAX_ANSWERS,
					   &x->positive, &x->n_positive))))
		return st;
	if (v[M_PATHWAY]) {
		if ((st = ob_yaml_get_enum(&c->y, v[M_PATHWAY], "pathway",
					   "pathway", pathway_names,
					   OB_PATHWAY_COUNT, &e)))
			return st;
		x->pathway = (enum ob_pathway)e;
	}
	if (v[M_SETTING]) {
		if ((st = ob_yaml_get_enum(&c->y, v[M_SETTING], "setting",
					   "setting", setting_names,
					   COUNT_OF(setting_names), &e)))
			return st;
		x->setting = (enum ob_metric_setting)e;
	}
	if (v[M_DEPRIVATION]) {
		if ((st = ob_yaml_get_enum(
			 &c->y, v[M_DEPRIVATION], "deprivation",
			 "deprivation grouping", deprivation_names,
			 COUNT_OF(deprivation_names), &e)))
			return st;
		x->deprivation = (enum ob_deprivation_groups)e;
	}
	if (v[M_YEARS]) {
		long years;

		if ((st = ob_yaml_get_int(&c->y, v[M_YEARS], "years", 1,
					  OB_CATALOGUE_MAX_YEARS, &years)))
			return st;
		x->years = (int)years;
	}
	if (v[M_MINUS]) {
		if ((st =
			 ob_yaml_get_id(&c->y, v[M_MINUS], "minus", &x->minus)))
			return st;
		*minus_node = v[M_MINUS];
	}
	return check_method(c, m, v, x);
}

static enum ob_status read_metrics(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_catalogue *cat = c->cat;
	const yaml_node_t **minus;
	enum ob_status st;
	size_t len;

	snprintf(c->y.label, sizeof(c->y.label), "the catalogue");
	if ((st = ob_yaml_want_seq(&c->y, seq, "metrics", "metrics")))
		return st;
	len = ob_yaml_seq_len(seq);
	if (len == 0)
		return ob_yaml_fail(&c->y, seq, OB_EINVAL,
				    "'metrics' is empty (expected at least one "
				    "metric)");
	cat->metrics = ob_arena_alloc(&cat->arena, len * sizeof(*cat->metrics));
	minus = ob_arena_alloc(&cat->arena, len * sizeof(*minus));
	if (!cat->metrics || !minus)
		return ob_yaml_nomem(&c->y);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m =
		    ob_yaml_node(&c->y, seq->data.sequence.items.start[i]);
		struct ob_metric *x = &cat->metrics[i];

		if ((st = read_metric(c, m, x, &minus[i])))
			return st;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cat->metrics[j].id, x->id)) {
				yaml_node_t *idn = NULL;

				for (yaml_node_pair_t *p =
					 m->data.mapping.pairs.start;
				     p < m->data.mapping.pairs.top; p++)
					if (!strcmp(ob_yaml_scalar(ob_yaml_node(
							&c->y, p->key)),
						    "id"))
						idn = ob_yaml_node(&c->y,
								   p->value);
				return ob_yaml_fail(
				    &c->y, idn, OB_EINVAL,
				    "duplicate metric '%s' (first "
				    "defined on line %ld)",
				    x->id, cat->metrics[j].line);
			}
		cat->n = i + 1;
	}
	for (size_t i = 0; i < len; i++) {
		const struct ob_metric *x = &cat->metrics[i], *y;

		if (!x->minus)
			continue;
		snprintf(c->y.label, sizeof(c->y.label), "metric '%s'", x->id);
		y = ob_catalogue_find(cat, x->minus);
		if (!y)
			return ob_yaml_fail(
			    &c->y, minus[i], OB_EINVAL,
			    "'minus' of %s is '%s', which is not a "
			    "metric of the catalogue",
			    c->y.label, x->minus);
		if (y == x || y->minus)
			return ob_yaml_fail(
			    &c->y, minus[i], OB_EINVAL,
			    "'minus' of %s is '%s' (expected another "
			    "metric that has no 'minus' itself)",
			    c->y.label, x->minus);
	}
	return OB_OK;
}

enum { T_VERSION, T_TITLE, T_DOMAINS, T_STATEMENTS, T_METRICS, T_NKEYS };
static const char *const top_keys[T_NKEYS] = {"version", "title", "domains",
					      "i_statements", "metrics"};

static enum ob_status read_catalogue(struct ctx *c, yaml_node_t *root)
{
	static const int required[] = {T_VERSION, T_DOMAINS, T_STATEMENTS,
				       T_METRICS};
	yaml_node_t *v[T_NKEYS];
	enum ob_status st;
	long version;

	if (root->type != YAML_MAPPING_NODE)
		return ob_yaml_fail(
		    &c->y, root, OB_EINVAL,
		    "expected the outcomes catalogue: a mapping with "
		    "version, domains, i_statements and metrics");
	if ((st = ob_yaml_collect(&c->y, root, "catalogue", top_keys, T_NKEYS,
				  v)))
		return st;
	snprintf(c->y.label, sizeof(c->y.label), "the catalogue");
	if ((st = ob_yaml_require(&c->y, root, top_keys, v, required,
				  COUNT_OF(required))))
		return st;
	if ((st = ob_yaml_get_int(&c->y, v[T_VERSION], "version", 1, 1,
				  &version)))
		return st;
	if (v[T_TITLE] && (st = ob_yaml_get_string(&c->y, v[T_TITLE], "title",
						   &c->cat->title)))
		return st;
	if ((st = read_domains(c, v[T_DOMAINS])) ||
	    (st = read_statements(c, v[T_STATEMENTS])) ||
	    (st = read_metrics(c, v[T_METRICS])))
		return st;
	return OB_OK;
}

static enum ob_status read_root(struct ob_yaml *y, yaml_node_t *root, void *arg)
{
	return read_catalogue(arg, root);
}

enum ob_status ob_catalogue_parse(const char *text, size_t len,
				  const char *source_name,
				  struct ob_catalogue **out,
				  struct ob_error *err)
{
	struct ob_catalogue *cat;
	struct ctx c;
	enum ob_status st;

	*out = NULL;
	ob_error_clear(err);
	memset(&c, 0, sizeof(c));
	c.y.source = source_name ? source_name : "catalogue";
	c.y.what = "the outcomes catalogue";
	c.y.err = err;
	cat = calloc(1, sizeof(*cat));
	if (!cat)
		return ob_yaml_nomem(&c.y);
	ob_arena_init(&cat->arena, 64 * 1024);
	c.cat = cat;
	c.y.arena = &cat->arena;
	st = ob_yaml_read(&c.y, text, len,
			  "the outcomes catalogue: version, domains, "
			  "i_statements and metrics",
			  "catalogue", read_root, &c);
	if (st) {
		ob_catalogue_free(cat);
		return st;
	}
	*out = cat;
	return OB_OK;
}

enum ob_status ob_catalogue_load_default(struct ob_catalogue **out,
					 struct ob_error *err)
{
	const struct ob_refdata_file *f =
	    ob_refdata_find("outcomes/westminster.yaml");

	*out = NULL;
	if (!f)
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "the shipped outcomes catalogue "
				    "'outcomes/westminster.yaml' is not "
				    "embedded in this build");
	return ob_catalogue_parse((const char *)f->data, f->len,
				  "westminster.yaml", out, err);
}

void ob_catalogue_free(struct ob_catalogue *cat)
{
	if (!cat)
		return;
	ob_arena_release(&cat->arena);
	free(cat);
}

const struct ob_metric *ob_catalogue_find(const struct ob_catalogue *cat,
					  const char *id)
{
	for (size_t i = 0; i < cat->n; i++)
		if (!strcmp(cat->metrics[i].id, id))
			return &cat->metrics[i];
	return NULL;
}
