/*
 * catalogue.c - read and validate the outcomes catalogue (catalogue.h).
 *
 * libyaml loads the whole document into a node tree (every node keeps its
 * start position); the catalogue is then read from the tree section by
 * section with a table of allowed keys per mapping, so every fault points
 * at the node it is about.  Domains are read before I statements and I
 * statements before metrics, whatever their order in the file, so a
 * reference can be checked when it is read; `minus` references between
 * metrics are checked once all metrics are read.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "onebudget/buf.h"
#include "onebudget/catalogue.h"
#include "onebudget/refdata.h"
#include "onebudget/segment.h"
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

/* ------------------------------------------------------------------ */

struct ctx {
	const char *source;
	yaml_document_t *doc;
	struct ob_catalogue *cat;
	struct ob_error *err;
	char label[160]; /* "metric 'x'": the subject of messages */
};

/* Record a fault at `n`'s start position. */
static enum ob_status fail(struct ctx *c, const yaml_node_t *n,
			   enum ob_status code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum ob_status fail(struct ctx *c, const yaml_node_t *n,
			   enum ob_status code, const char *fmt, ...)
{
	char msg[OB_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ob_error_set(c->err, code, c->source,
			    n ? (long)n->start_mark.line + 1 : 0,
			    n ? (long)n->start_mark.column + 1 : 0, "%s", msg);
}

static enum ob_status nomem(struct ctx *c)
{
	return ob_error_set(c->err, OB_ENOMEM, c->source, 0, 0,
			    "out of memory reading the outcomes catalogue");
}

static yaml_node_t *node(struct ctx *c, int id)
{
	return yaml_document_get_node(c->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* "a, b or c" from a name table (NULL entries skipped) into `out`. */
static void join_names(char *out, size_t size, const char *const *names,
		       size_t n)
{
	size_t used = 0, total = 0, k = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		total += names[i] != NULL;
	for (size_t i = 0; i < n; i++) {
		int w;

		if (!names[i])
			continue;
		k++;
		w = snprintf(out + used, size - used, "%s%s",
			     k == 1	  ? ""
			     : k == total ? " or "
					  : ", ",
			     names[i]);
		if (w < 0 || (size_t)w >= size - used)
			return;
		used += (size_t)w;
	}
}

static int find_name(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return (int)i;
	return -1;
}

static enum ob_status want_scalar(struct ctx *c, const yaml_node_t *n,
				  const char *key, const char *expected)
{
	if (n->type == YAML_SCALAR_NODE)
		return OB_OK;
	return fail(c, n, OB_EINVAL, "'%s' of %s must be %s", key, c->label,
		    expected);
}

/* A copy of a non-empty scalar, owned by the catalogue. */
static enum ob_status get_string(struct ctx *c, const yaml_node_t *n,
				 const char *key, const char **out)
{
	enum ob_status st = want_scalar(c, n, key, "a string");
	char *s;

	if (st)
		return st;
	if (n->data.scalar.length == 0)
		return fail(c, n, OB_EINVAL,
			    "'%s' of %s is empty (expected a non-empty string)",
			    key, c->label);
	if (memchr(n->data.scalar.value, '\0', n->data.scalar.length))
		return fail(c, n, OB_EINVAL,
			    "'%s' of %s contains a NUL character", key,
			    c->label);
	s = ob_arena_strndup(&c->cat->arena, scalar(n), n->data.scalar.length);
	if (!s)
		return nomem(c);
	*out = s;
	return OB_OK;
}

/* Identifiers: a lower-case letter, then letters, digits and '_'. */
static int valid_id(const char *s)
{
	size_t i;

	if (!(*s >= 'a' && *s <= 'z'))
		return 0;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return i <= 64;
}

static enum ob_status get_id(struct ctx *c, const yaml_node_t *n,
			     const char *key, const char **out)
{
	enum ob_status st = get_string(c, n, key, out);

	if (st)
		return st;
	if (!valid_id(*out))
		return fail(c, n, OB_EINVAL,
			    "'%s' of %s is '%s' (expected an identifier: a "
			    "lower-case letter, then lower-case letters, "
			    "digits or '_', at most 64)",
			    key, c->label, *out);
	return OB_OK;
}

/* One of the names of `names` (enumerated value). */
static enum ob_status get_enum(struct ctx *c, const yaml_node_t *n,
			       const char *key, const char *what,
			       const char *const *names, size_t count, int *out)
{
	char list[400];
	enum ob_status st = want_scalar(c, n, key, "a name");
	int v;

	if (st)
		return st;
	v = find_name(names, count, scalar(n));
	if (v >= 0) {
		*out = v;
		return OB_OK;
	}
	join_names(list, sizeof(list), names, count);
	return fail(c, n, OB_EINVAL, "unknown %s '%.60s' in %s (expected %s)",
		    what, scalar(n), c->label, list);
}

static enum ob_status get_number(struct ctx *c, const yaml_node_t *n,
				 const char *key, double *out)
{
	enum ob_status st = want_scalar(c, n, key, "a number");
	const char *s;
	char *end;
	double v;

	if (st)
		return st;
	s = scalar(n);
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno == ERANGE || !isfinite(v) ||
	    (*s != '-' && *s != '+' && *s != '.' && (*s < '0' || *s > '9')))
		return fail(c, n, OB_EINVAL,
			    "'%s' of %s is '%.60s' (expected a number)", key,
			    c->label, s);
	*out = v;
	return OB_OK;
}

static enum ob_status get_int(struct ctx *c, const yaml_node_t *n,
			      const char *key, long lo, long hi, long *out)
{
	enum ob_status st = want_scalar(c, n, key, "a whole number");
	const char *s;
	char *end;
	long v;

	if (st)
		return st;
	s = scalar(n);
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno == ERANGE || v < lo || v > hi ||
	    (*s != '-' && (*s < '0' || *s > '9')))
		return fail(c, n, OB_EINVAL,
			    "'%s' of %s is '%.60s' (expected a whole number "
			    "from %ld to %ld)",
			    key, c->label, s, lo, hi);
	*out = v;
	return OB_OK;
}

static enum ob_status get_bool(struct ctx *c, const yaml_node_t *n,
			       const char *key, int *out)
{
	enum ob_status st = want_scalar(c, n, key, "true or false");

	if (st)
		return st;
	if (!strcmp(scalar(n), "true"))
		*out = 1;
	else if (!strcmp(scalar(n), "false"))
		*out = 0;
	else
		return fail(c, n, OB_EINVAL,
			    "'%s' of %s is '%.60s' (expected true or false)",
			    key, c->label, scalar(n));
	return OB_OK;
}

static enum ob_status want_seq(struct ctx *c, const yaml_node_t *n,
			       const char *key, const char *expected)
{
	if (n->type == YAML_SEQUENCE_NODE)
		return OB_OK;
	return fail(c, n, OB_EINVAL, "'%s' of %s must be a list of %s", key,
		    c->label, expected);
}

static size_t seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top -
			n->data.sequence.items.start);
}

/* A list of strings, each checked by `check` when given. */
static enum ob_status get_string_list(struct ctx *c, const yaml_node_t *n,
				      const char *key, const char *expected,
				      size_t max, const char ***out,
				      size_t *nout)
{
	enum ob_status st = want_seq(c, n, key, expected);
	size_t len;
	const char **v;

	if (st)
		return st;
	len = seq_len(n);
	if (len == 0)
		return fail(c, n, OB_EINVAL,
			    "'%s' of %s is empty (expected at least one of %s)",
			    key, c->label, expected);
	if (max && len > max)
		return fail(c, n, OB_EINVAL,
			    "'%s' of %s has %zu entries (expected at most %zu)",
			    key, c->label, len, max);
	v = ob_arena_alloc(&c->cat->arena, len * sizeof(*v));
	if (!v)
		return nomem(c);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *item = node(c, n->data.sequence.items.start[i]);

		if (!item)
			return fail(c, n, OB_EPARSE, "'%s' has a bad item",
				    key);
		st = get_string(c, item, key, &v[i]);
		if (st)
			return st;
	}
	*out = v;
	*nout = len;
	return OB_OK;
}

/*
 * Collect the values of a mapping into vals[] by key index.  `kind` is the
 * kind of object ("metric"); the label of messages becomes "metric 'id'"
 * when the mapping has a scalar id, else "a metric".  With kind NULL the
 * caller has set the label.
 */
static enum ob_status collect(struct ctx *c, const yaml_node_t *map,
			      const char *kind, const char *const *keys,
			      size_t nkeys, yaml_node_t **vals)
{
	char list[600];

	if (kind)
		snprintf(c->label, sizeof(c->label), "a%s %s",
			 strchr("aeiouAEIOU", kind[0]) ? "n" : "", kind);
	if (map->type != YAML_MAPPING_NODE)
		return fail(c, map, OB_EINVAL,
			    "expected %s here (a mapping of keys to values)",
			    c->label);
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     kind && p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(c, p->key), *v = node(c, p->value);

		if (k && v && k->type == YAML_SCALAR_NODE &&
		    !strcmp(scalar(k), "id") && v->type == YAML_SCALAR_NODE) {
			snprintf(c->label, sizeof(c->label), "%s '%.80s'", kind,
				 scalar(v));
			break;
		}
	}
	for (size_t i = 0; i < nkeys; i++)
		vals[i] = NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
		int i;

		if (!k || !v)
			return fail(c, map, OB_EPARSE, "malformed mapping");
		if (k->type != YAML_SCALAR_NODE)
			return fail(c, k, OB_EINVAL,
				    "expected a plain key in %s", c->label);
		i = find_name(keys, nkeys, scalar(k));
		if (i < 0) {
			join_names(list, sizeof(list), keys, nkeys);
			return fail(c, k, OB_EINVAL,
				    "unknown key '%.60s' in %s (expected %s)",
				    scalar(k), c->label, list);
		}
		if (vals[i])
			return fail(c, k, OB_EINVAL, "duplicate key '%s' in %s",
				    keys[i], c->label);
		vals[i] = v;
	}
	return OB_OK;
}

/* Every key named in `required` (indexes into keys[]) must be present. */
static enum ob_status require(struct ctx *c, const yaml_node_t *map,
			      const char *const *keys, yaml_node_t **vals,
			      const int *required, size_t nrequired)
{
	for (size_t i = 0; i < nrequired; i++)
		if (!vals[required[i]])
			return fail(c, map, OB_EINVAL,
				    "%s has no '%s' (a required key)", c->label,
				    keys[required[i]]);
	return OB_OK;
}

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

	snprintf(c->label, sizeof(c->label), "the catalogue");
	if ((st = want_seq(c, seq, "domains", "domains")))
		return st;
	len = seq_len(seq);
	if (len == 0)
		return fail(
		    c, seq, OB_EINVAL,
		    "'domains' is empty (expected the outcome domains)");
	cat->domains = ob_arena_alloc(&cat->arena, len * sizeof(*cat->domains));
	if (!cat->domains)
		return nomem(c);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m = node(c, seq->data.sequence.items.start[i]);
		struct ob_domain *d = &cat->domains[i];
		char list[300];

		memset(d, 0, sizeof(*d));
		if ((st = collect(c, m, "domain", domain_keys, D_NKEYS, v)) ||
		    (st = require(c, m, domain_keys, v, required,
				  COUNT_OF(required))) ||
		    (st = get_id(c, v[D_ID], "id", &d->id)) ||
		    (st = get_string(c, v[D_NAME], "name", &d->name)) ||
		    (v[D_DESCRIPTION] &&
		     (st = get_string(c, v[D_DESCRIPTION], "description",
				      &d->description))))
			return st;
		d->line = (long)m->start_mark.line + 1;
		if (find_name(domain_ids, COUNT_OF(domain_ids), d->id) < 0) {
			join_names(list, sizeof(list), domain_ids,
				   COUNT_OF(domain_ids));
			return fail(c, v[D_ID], OB_EINVAL,
				    "unknown domain '%s' (expected %s)", d->id,
				    list);
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cat->domains[j].id, d->id))
				return fail(c, v[D_ID], OB_EINVAL,
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
	enum ob_status st = get_string(c, n, "domain", out);
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
	join_names(list, sizeof(list), ids, k);
	return fail(c, n, OB_EINVAL,
		    "unknown domain '%.60s' in %s (expected a domain defined "
		    "under 'domains': %s)",
		    *out, c->label, list);
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

	snprintf(c->label, sizeof(c->label), "the catalogue");
	if ((st = want_seq(c, seq, "i_statements", "I statements")))
		return st;
	len = seq_len(seq);
	if (len == 0)
		return fail(c, seq, OB_EINVAL,
			    "'i_statements' is empty (expected the I "
			    "statements the metrics evidence)");
	cat->i_statements =
	    ob_arena_alloc(&cat->arena, len * sizeof(*cat->i_statements));
	if (!cat->i_statements)
		return nomem(c);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m = node(c, seq->data.sequence.items.start[i]);
		struct ob_i_statement *s = &cat->i_statements[i];
		int who, origin;

		memset(s, 0, sizeof(*s));
		if ((st = collect(c, m, "I statement", statement_keys, S_NKEYS,
				  v)) ||
		    (st = require(c, m, statement_keys, v, required,
				  COUNT_OF(required))) ||
		    (st = get_id(c, v[S_ID], "id", &s->id)) ||
		    (st = get_string(c, v[S_TEXT], "text", &s->text)) ||
		    (st = get_enum(c, v[S_WHO], "who", "speaker", who_names,
				   COUNT_OF(who_names), &who)) ||
		    (st = get_enum(c, v[S_ORIGIN], "origin", "origin",
				   origin_names, COUNT_OF(origin_names),
				   &origin)) ||
		    (st = get_domain_ref(c, v[S_DOMAIN], &s->domain)))
			return st;
		s->who = who_names[who];
		s->origin = origin_names[origin];
		s->line = (long)m->start_mark.line + 1;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cat->i_statements[j].id, s->id))
				return fail(c, v[S_ID], OB_EINVAL,
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
	char saved[sizeof(c->label)];
	enum ob_status st;
	long age;
	int sex;

	if (m->type != YAML_MAPPING_NODE)
		return fail(c, m, OB_EINVAL,
			    "'population' of %s must be a mapping (age_min, "
			    "age_max, sex, segments, frail_only, "
			    "long_term_condition)",
			    c->label);
	memcpy(saved, c->label, sizeof(saved));
	snprintf(c->label, sizeof(c->label), "the population of %.120s", saved);
	st = collect(c, m, NULL, population_keys, P_NKEYS, v);
	memcpy(c->label, saved, sizeof(saved));
	if (st)
		return st;
	if (v[P_AGE_MIN]) {
		if ((st = get_int(c, v[P_AGE_MIN], "age_min", 0, 130, &age)))
			return st;
		pop->age_min = (int)age;
	}
	if (v[P_AGE_MAX]) {
		if ((st = get_int(c, v[P_AGE_MAX], "age_max", 0, 130, &age)))
			return st;
		pop->age_max = (int)age;
		if (pop->age_min > pop->age_max)
			return fail(c, v[P_AGE_MAX], OB_EINVAL,
				    "age_max %d of %s is below age_min %d "
				    "(expected age_min <= age_max)",
				    pop->age_max, c->label, pop->age_min);
	}
	if (v[P_SEX]) {
		if ((st = get_enum(c, v[P_SEX], "sex", "sex", sex_names,
				   COUNT_OF(sex_names), &sex)))
			return st;
		pop->sex = (enum ob_sex_filter)sex;
	}
	if (v[P_SEGMENTS]) {
		const char **names;
		size_t n;

		if ((st = get_string_list(c, v[P_SEGMENTS], "segments",
					  "segment codes", 0, &names, &n)))
			return st;
		for (size_t i = 0; i < n; i++) {
			yaml_node_t *item = node(
			    c, v[P_SEGMENTS]->data.sequence.items.start[i]);
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
				join_names(list, sizeof(list), codes,
					   OB_SEG_COUNT - 1);
				return fail(c, item, OB_EINVAL,
					    "unknown segment '%.60s' in %s "
					    "(expected %s)",
					    names[i], c->label, list);
			}
		}
	}
	if (v[P_FRAIL_ONLY] &&
	    (st = get_bool(c, v[P_FRAIL_ONLY], "frail_only", &pop->frail_only)))
		return st;
	if (v[P_LTC] && (st = get_bool(c, v[P_LTC], "long_term_condition",
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
		return fail(c, v[M_DENOMINATOR], OB_EINVAL,
			    "%s has '%s' as both numerator and denominator",
			    c->label, quantity_names[x->numerator]);
	if (survey && !v[M_SURVEY])
		return fail(c, m, OB_EINVAL,
			    "%s counts survey answers but has no 'survey' "
			    "(expected a survey code such as GPPS or ASCS)",
			    c->label);
	if (survey && !v[M_QUESTION])
		return fail(c, m, OB_EINVAL,
			    "%s counts survey answers but has no 'question' "
			    "(expected a question code of survey '%s')",
			    c->label, x->survey);
	if (!survey && (v[M_SURVEY] || v[M_QUESTION] || v[M_POSITIVE]))
		return fail(c,
			    v[M_SURVEY]	    ? v[M_SURVEY]
			    : v[M_QUESTION] ? v[M_QUESTION]
					    : v[M_POSITIVE],
			    OB_EINVAL,
			    "%s names a survey but counts no survey answers "
			    "(expected survey_positive, survey_value or "
			    "survey_respondents as numerator or denominator)",
			    c->label);
	if (x->numerator == OB_Q_SURVEY_POSITIVE && !v[M_POSITIVE])
		return fail(c, m, OB_EINVAL,
			    "%s counts positive answers but has no "
			    "'positive' (expected the list of answers that "
			    "count, e.g. [Y])",
			    c->label);
	if (v[M_POSITIVE] && x->numerator != OB_Q_SURVEY_POSITIVE)
		return fail(c, v[M_POSITIVE], OB_EINVAL,
			    "'positive' of %s needs numerator survey_positive",
			    c->label);
	if (x->method == OB_METHOD_MEAN &&
	    (x->numerator != OB_Q_SURVEY_VALUE ||
	     x->denominator != OB_Q_SURVEY_RESPONDENTS))
		return fail(c, v[M_METHOD], OB_EINVAL,
			    "method mean of %s needs numerator survey_value "
			    "and denominator survey_respondents",
			    c->label);
	if (x->method == OB_METHOD_PROPORTION && survey &&
	    (x->numerator != OB_Q_SURVEY_POSITIVE ||
	     x->denominator != OB_Q_SURVEY_RESPONDENTS))
		return fail(c, v[M_METHOD], OB_EINVAL,
			    "method proportion of %s on a survey needs "
			    "numerator survey_positive and denominator "
			    "survey_respondents",
			    c->label);
	if (x->method == OB_METHOD_SHARE &&
	    (x->numerator == OB_Q_COMMUNITY_CONTACTS ||
	     x->numerator == OB_Q_HOSPITAL_CONTACTS) &&
	    !v[M_PATHWAY])
		return fail(c, m, OB_EINVAL,
			    "%s is a share of pathway activity but has no "
			    "'pathway' (expected one of the seven pathways)",
			    c->label);
	if (v[M_PATHWAY] && x->method != OB_METHOD_SHARE)
		return fail(c, v[M_PATHWAY], OB_EINVAL,
			    "'pathway' of %s is only for method share (the "
			    "method is %s)",
			    c->label, meth);
	if (v[M_DSR_LIMITS] && x->method != OB_METHOD_DSR)
		return fail(c, v[M_DSR_LIMITS], OB_EINVAL,
			    "'dsr_limits' of %s is only for method dsr (the "
			    "method is %s)",
			    c->label, meth);
	if ((x->method == OB_METHOD_LIFE_EXPECTANCY_GAP ||
	     x->method == OB_METHOD_SII) &&
	    !v[M_DEPRIVATION])
		return fail(c, m, OB_EINVAL,
			    "%s uses method %s but has no 'deprivation' "
			    "(expected quintile or decile)",
			    c->label, meth);
	if (v[M_DEPRIVATION] && x->method != OB_METHOD_LIFE_EXPECTANCY_GAP &&
	    x->method != OB_METHOD_SII)
		return fail(c, v[M_DEPRIVATION], OB_EINVAL,
			    "'deprivation' of %s is only for methods "
			    "life_expectancy_gap and sii (the method is %s)",
			    c->label, meth);
	if (v[M_SETTING] && x->numerator != OB_Q_SPEND)
		return fail(c, v[M_SETTING], OB_EINVAL,
			    "'setting' of %s restricts spend and needs "
			    "numerator spend",
			    c->label);
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
	if ((st = collect(c, m, "metric", metric_keys, M_NKEYS, v)) ||
	    (st =
		 require(c, m, metric_keys, v, required, COUNT_OF(required))) ||
	    (st = get_id(c, v[M_ID], "id", &x->id)) ||
	    (st = get_string(c, v[M_NAME], "name", &x->name)) ||
	    (st = get_domain_ref(c, v[M_DOMAIN], &x->domain)) ||
	    (st = get_enum(c, v[M_SOURCE], "source", "source", sources,
			   COUNT_OF(sources), &e)))
		return st;
	x->source = sources[e];
	if (v[M_REFERENCE] &&
	    (st = get_string(c, v[M_REFERENCE], "reference", &x->reference)))
		return st;
	if ((st = get_enum(c, v[M_CATEGORY], "category", "category",
			   category_names, COUNT_OF(category_names), &e)))
		return st;
	x->category = (enum ob_metric_category)e;
	if ((st = get_enum(c, v[M_DIRECTION], "direction", "direction",
			   direction_names, COUNT_OF(direction_names), &e)))
		return st;
	x->direction = (enum ob_direction)e;
	if ((st = get_string(c, v[M_UNIT], "unit", &x->unit)) ||
	    (v[M_DESCRIPTION] &&
	     (st = get_string(c, v[M_DESCRIPTION], "description",
			      &x->description))) ||
	    (st = get_string_list(c, v[M_I_STATEMENTS], "i_statements",
				  "I statement ids", 0, &x->i_statements,
				  &x->n_i_statements)))
		return st;
	for (size_t i = 0; i < x->n_i_statements; i++) {
		yaml_node_t *item =
		    node(c, v[M_I_STATEMENTS]->data.sequence.items.start[i]);
		size_t j;

		for (j = 0; j < cat->n_i_statements; j++)
			if (!strcmp(cat->i_statements[j].id,
				    x->i_statements[i]))
				break;
		if (j == cat->n_i_statements)
			return fail(c, item, OB_EINVAL,
				    "%s refers to I statement '%.60s', which "
				    "is not defined (expected an id under "
				    "'i_statements')",
				    c->label, x->i_statements[i]);
	}
	if ((st = get_enum(c, v[M_METHOD], "method", "method", method_names,
			   OB_METHOD_COUNT, &e)))
		return st;
	x->method = (enum ob_method)e;
	if ((st = get_enum(c, v[M_NUMERATOR], "numerator", "quantity",
			   quantity_names, OB_QUANTITY_COUNT, &e)))
		return st;
	x->numerator = (enum ob_quantity)e;
	if ((st = get_enum(c, v[M_DENOMINATOR], "denominator", "quantity",
			   quantity_names, OB_QUANTITY_COUNT, &e)))
		return st;
	x->denominator = (enum ob_quantity)e;
	if (v[M_POPULATION] &&
	    (st = read_population(c, v[M_POPULATION], &x->population)))
		return st;
	if (v[M_MULTIPLIER]) {
		if ((st = get_number(c, v[M_MULTIPLIER], "multiplier",
				     &x->multiplier)))
			return st;
		if (!(x->multiplier > 0))
			return fail(c, v[M_MULTIPLIER], OB_EINVAL,
				    "'multiplier' of %s is %g (expected a "
				    "number above 0, e.g. 100000)",
				    c->label, x->multiplier);
	}
	if (v[M_CONF]) {
		yaml_node_t *n = v[M_CONF];
		size_t len;

		if ((st = want_seq(c, n, "conf", "confidence levels")))
			return st;
		len = seq_len(n);
		if (len == 0 || len > OB_CATALOGUE_MAX_CONF)
			return fail(c, n, OB_EINVAL,
				    "'conf' of %s has %zu levels (expected 1 "
				    "to %d, e.g. [0.95, 0.998])",
				    c->label, len, OB_CATALOGUE_MAX_CONF);
		for (size_t i = 0; i < len; i++) {
			yaml_node_t *item =
			    node(c, n->data.sequence.items.start[i]);

			if ((st = get_number(c, item, "conf", &x->conf[i])))
				return st;
			if (!(x->conf[i] > 0 && x->conf[i] < 1))
				return fail(c, item, OB_EINVAL,
					    "confidence level %g of %s is "
					    "out of range (expected a number "
					    "between 0 and 1, e.g. 0.95)",
					    x->conf[i], c->label);
			if (i && !(x->conf[i] > x->conf[i - 1]))
				return fail(c, item, OB_EINVAL,
					    "confidence levels of %s are not "
					    "ascending (expected e.g. [0.95, "
					    "0.998])",
					    c->label);
		}
		x->n_conf = len;
	}
	if (v[M_DSR_LIMITS]) {
		if ((st = get_enum(c, v[M_DSR_LIMITS], "dsr_limits",
				   "DSR limits variant", dsr_limit_names,
				   COUNT_OF(dsr_limit_names), &e)))
			return st;
		x->dsr_limits = (enum ob_dsr_limits)e;
	}
	if ((v[M_SURVEY] &&
	     (st = get_string(c, v[M_SURVEY], "survey", &x->survey))) ||
	    (v[M_QUESTION] &&
	     (st = get_string(c, v[M_QUESTION], "question", &x->question))) ||
	    (v[M_POSITIVE] &&
	     (st = get_string_list(c, v[M_POSITIVE], "positive", "answers",
				   OB_CATALOGUE_MAX_ANSWERS, &x->positive,
				   &x->n_positive))))
		return st;
	if (v[M_PATHWAY]) {
		if ((st = get_enum(c, v[M_PATHWAY], "pathway", "pathway",
				   pathway_names, OB_PATHWAY_COUNT, &e)))
			return st;
		x->pathway = (enum ob_pathway)e;
	}
	if (v[M_SETTING]) {
		if ((st = get_enum(c, v[M_SETTING], "setting", "setting",
				   setting_names, COUNT_OF(setting_names), &e)))
			return st;
		x->setting = (enum ob_metric_setting)e;
	}
	if (v[M_DEPRIVATION]) {
		if ((st = get_enum(c, v[M_DEPRIVATION], "deprivation",
				   "deprivation grouping", deprivation_names,
				   COUNT_OF(deprivation_names), &e)))
			return st;
		x->deprivation = (enum ob_deprivation_groups)e;
	}
	if (v[M_YEARS]) {
		long years;

		if ((st = get_int(c, v[M_YEARS], "years", 1,
				  OB_CATALOGUE_MAX_YEARS, &years)))
			return st;
		x->years = (int)years;
	}
	if (v[M_MINUS]) {
		if ((st = get_id(c, v[M_MINUS], "minus", &x->minus)))
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

	snprintf(c->label, sizeof(c->label), "the catalogue");
	if ((st = want_seq(c, seq, "metrics", "metrics")))
		return st;
	len = seq_len(seq);
	if (len == 0)
		return fail(c, seq, OB_EINVAL,
			    "'metrics' is empty (expected at least one "
			    "metric)");
	cat->metrics = ob_arena_alloc(&cat->arena, len * sizeof(*cat->metrics));
	minus = ob_arena_alloc(&cat->arena, len * sizeof(*minus));
	if (!cat->metrics || !minus)
		return nomem(c);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m = node(c, seq->data.sequence.items.start[i]);
		struct ob_metric *x = &cat->metrics[i];

		if ((st = read_metric(c, m, x, &minus[i])))
			return st;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cat->metrics[j].id, x->id)) {
				yaml_node_t *idn = NULL;

				for (yaml_node_pair_t *p =
					 m->data.mapping.pairs.start;
				     p < m->data.mapping.pairs.top; p++)
					if (!strcmp(scalar(node(c, p->key)),
						    "id"))
						idn = node(c, p->value);
				return fail(c, idn, OB_EINVAL,
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
		snprintf(c->label, sizeof(c->label), "metric '%s'", x->id);
		y = ob_catalogue_find(cat, x->minus);
		if (!y)
			return fail(c, minus[i], OB_EINVAL,
				    "'minus' of %s is '%s', which is not a "
				    "metric of the catalogue",
				    c->label, x->minus);
		if (y == x || y->minus)
			return fail(c, minus[i], OB_EINVAL,
				    "'minus' of %s is '%s' (expected another "
				    "metric that has no 'minus' itself)",
				    c->label, x->minus);
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
		return fail(c, root, OB_EINVAL,
			    "expected the outcomes catalogue: a mapping with "
			    "version, domains, i_statements and metrics");
	if ((st = collect(c, root, "catalogue", top_keys, T_NKEYS, v)))
		return st;
	snprintf(c->label, sizeof(c->label), "the catalogue");
	if ((st = require(c, root, top_keys, v, required, COUNT_OF(required))))
		return st;
	if ((st = get_int(c, v[T_VERSION], "version", 1, 1, &version)))
		return st;
	if (v[T_TITLE] &&
	    (st = get_string(c, v[T_TITLE], "title", &c->cat->title)))
		return st;
	if ((st = read_domains(c, v[T_DOMAINS])) ||
	    (st = read_statements(c, v[T_STATEMENTS])) ||
	    (st = read_metrics(c, v[T_METRICS])))
		return st;
	return OB_OK;
}

/* Report a libyaml parser error. */
static enum ob_status yaml_fault(struct ctx *c, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR)
		return nomem(c);
	return ob_error_set(
	    c->err, OB_EPARSE, c->source, (long)p->problem_mark.line + 1,
	    (long)p->problem_mark.column + 1, "malformed YAML: %s%s%s",
	    p->problem ? p->problem : "unknown error", p->context ? " " : "",
	    p->context ? p->context : "");
}

enum ob_status ob_catalogue_parse(const char *text, size_t len,
				  const char *source_name,
				  struct ob_catalogue **out,
				  struct ob_error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	struct ob_catalogue *cat;
	struct ctx c;
	enum ob_status st;
	yaml_node_t *root;

	*out = NULL;
	ob_error_clear(err);
	memset(&c, 0, sizeof(c));
	c.source = source_name ? source_name : "catalogue";
	c.err = err;
	cat = calloc(1, sizeof(*cat));
	if (!cat)
		return nomem(&c);
	ob_arena_init(&cat->arena, 64 * 1024);
	c.cat = cat;
	if (!yaml_parser_initialize(&parser)) {
		free(cat);
		return nomem(&c);
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		st = yaml_fault(&c, &parser);
		yaml_parser_delete(&parser);
		ob_catalogue_free(cat);
		return st;
	}
	c.doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		st = ob_error_set(err, OB_EINVAL, c.source, 1, 1,
				  "the file is empty (expected the outcomes "
				  "catalogue: version, domains, i_statements "
				  "and metrics)");
	} else if (!(st = read_catalogue(&c, root))) {
		/* Only one document: anything after it is a mistake. */
		if (!yaml_parser_load(&parser, &extra)) {
			st = yaml_fault(&c, &parser);
		} else {
			yaml_node_t *r2 = yaml_document_get_root_node(&extra);

			if (r2) {
				c.doc = &extra;
				st = fail(&c, r2, OB_EINVAL,
					  "a second YAML document (expected "
					  "one catalogue per file)");
			}
			yaml_document_delete(&extra);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
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
