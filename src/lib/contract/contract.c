/*
 * contract.c - read and validate the contract file (contract.h,
 * docs/contract.md).
 *
 * The document is read with the checked value readers of yamldoc.h.  The
 * top level is a table of sections, each read by one function, in the
 * order of the table whatever their order in the file: parties and years
 * come before the budget lines that refer to them, scheduled variations
 * before the lines they bring in.  Adding a section is one entry in
 * sections[] and one read_<section>() function.
 *
 * A what-if (ob_contract_what_if) reads its value with the same reader as
 * the file's key, on a one-scalar YAML document, into a copy of the term,
 * so the rule and the message are the file's and a refused value changes
 * nothing.  The rules between terms that a what-if can break are shared
 * by the parser and ob_contract_check(), which format the same message.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "onebudget/buf.h"
#include "onebudget/catalogue.h"
#include "onebudget/calibrate.h"
#include "onebudget/codes.h"
#include "onebudget/contract.h"
#include "onebudget/dataset.h"
#include "onebudget/refdata.h"
#include "onebudget/yamldoc.h"
#include "onebudget/banned.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Largest contract file read: far above any real one. */
#define MAX_CONTRACT_BYTES (16u << 20)
/* Longest contract, base year to last year. */
#define MAX_CONTRACT_YEARS 30

static const char *const basis_names[] = {
    [OB_BASIS_REGISTERED] = "registered",
    [OB_BASIS_RESIDENT] = "resident",
};

static const char *const scope_names[] = {
    [OB_SCOPE_IN] = "in",
    [OB_SCOPE_PARTLY] = "partly",
    [OB_SCOPE_OUT] = "out",
};

static const char *const role_names[] = {
    [OB_PARTY_COMMISSIONER] = "commissioner",
    [OB_PARTY_MCP] = "mcp",
    [OB_PARTY_ALLIANCE] = "alliance",
};

static const char *const capvar_names[OB_CAPVAR_COUNT] = {
    [OB_CAPVAR_AGE_SEX] = "age_sex",
    [OB_CAPVAR_DEPRIVATION] = "deprivation",
    [OB_CAPVAR_SEGMENT] = "segment",
    [OB_CAPVAR_CONDITIONS] = "conditions",
    [OB_CAPVAR_LIVING_ALONE] = "living_alone",
    [OB_CAPVAR_PRIOR_COST] = "prior_cost",
    [OB_CAPVAR_PRIOR_USE] = "prior_use",
};

#define INFLUENCEABLE                                                          \
	((1u << OB_CAPVAR_PRIOR_COST) | (1u << OB_CAPVAR_PRIOR_USE))

/* Five-year bands to 85+, but 0-4 and 5-14 for children (the usual
 * capitation formula bands). */
static const int default_age_bands[] = {0, 5, 15, 25, 35, 45, 55, 65, 75, 85};

#define ENUM_NAME(table, v)                                                    \
	((size_t)(v) < COUNT_OF(table) && (table)[v] ? (table)[v] : "?")

const char *ob_scope_name(enum ob_scope s)
{
	return ENUM_NAME(scope_names, s);
}

const char *ob_population_basis_name(enum ob_pop_basis b)
{
	return ENUM_NAME(basis_names, b);
}

const char *ob_party_role_name(enum ob_party_role r)
{
	return ENUM_NAME(role_names, r);
}

const char *ob_capitation_variable_name(enum ob_capitation_variable v)
{
	return ENUM_NAME(capvar_names, v);
}

/* ------------------------------------------------------------------ */

/* The reader's state: the shared YAML context, whose arena is the
 * contract's, and the contract being filled. */
struct ctx {
	struct ob_yaml y;
	struct ob_contract *k;
	const yaml_node_t *variations; /* the scheduled_variations list */
};

static long line_of(const yaml_node_t *n)
{
	return (long)n->start_mark.line + 1;
}

/* The value node of `key` in mapping `map`, or NULL. */
static yaml_node_t *value_of(struct ctx *c, const yaml_node_t *map,
			     const char *key)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ob_yaml_node(&c->y, p->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    !strcmp(ob_yaml_scalar(k), key))
			return ob_yaml_node(&c->y, p->value);
	}
	return NULL;
}

/*
 * A list of mappings: check it is a non-empty list and allocate `size`
 * bytes per entry, zeroed.  `where` names the section holding the list
 * ("the 'incentives' section"), or is NULL for a top-level section.
 */
static enum ob_status list_in(struct ctx *c, const yaml_node_t *seq,
			      const char *key, const char *where,
			      const char *expected, size_t size, void **out,
			      size_t *n)
{
	enum ob_status st;
	size_t len;

	snprintf(c->y.label, sizeof(c->y.label), "%s",
		 where ? where : "the contract file");
	if ((st = ob_yaml_want_seq(&c->y, seq, key, expected)))
		return st;
	len = ob_yaml_seq_len(seq);
	if (len == 0)
		return ob_yaml_fail(&c->y, seq, OB_EINVAL,
				    "'%s'%s%s is empty (expected at least one "
				    "of %s)",
				    key, where ? " of " : "",
				    where ? where : "", expected);
	*out = ob_arena_alloc(&c->k->arena, len * size);
	if (!*out)
		return ob_yaml_nomem(&c->y);
	memset(*out, 0, len * size);
	*n = len;
	return OB_OK;
}

/* A top-level section that is a list of mappings. */
static enum ob_status list_section(struct ctx *c, const yaml_node_t *seq,
				   const char *key, const char *expected,
				   size_t size, void **out, size_t *n)
{
	return list_in(c, seq, key, NULL, expected, size, out, n);
}

static void fy_text(ob_fy fy, char out[static 8])
{
	ob_fy_format(fy, out);
}

/* A financial year from `lo` to `hi` inclusive; `rule` says what the
 * bounds are ("from the shadow year 2019/20 to the last year 2024/25"). */
static enum ob_status get_fy_within(struct ctx *c, const yaml_node_t *n,
				    const char *key, ob_fy lo, ob_fy hi,
				    const char *rule, ob_fy *out)
{
	enum ob_status st = ob_yaml_get_fy(&c->y, n, key, out);
	char s[8];

	if (st)
		return st;
	if (*out >= lo && *out <= hi)
		return OB_OK;
	fy_text(*out, s);
	return ob_yaml_fail(&c->y, n, OB_EINVAL,
			    "'%s' of %s is %s (expected a year %s)", key,
			    c->y.label, s, rule);
}

/* "from the shadow year 2019/20 to the last year 2024/25" */
static void operational_years(const struct ob_contract *k, char *out,
			      size_t size)
{
	char a[8], b[8];

	fy_text(k->shadow, a);
	fy_text(k->last, b);
	snprintf(out, size, "from the shadow year %s to the last year %s", a,
		 b);
}

/* A fraction in [lo, hi]: `example` completes "(expected ..., e.g. X)". */
static enum ob_status get_fraction(struct ctx *c, const yaml_node_t *n,
				   const char *key, double lo, double hi,
				   const char *expected, double *out)
{
	enum ob_status st = ob_yaml_get_number(&c->y, n, key, out);

	if (st)
		return st;
	if (*out >= lo && *out <= hi)
		return OB_OK;
	return ob_yaml_fail(&c->y, n, OB_EINVAL, "'%s' of %s is %.60s (%s)",
			    key, c->y.label, ob_yaml_scalar(n), expected);
}

/* ------------------------------------------------------------------ */
/* contract: id, title, description, population_basis */

enum { H_ID, H_TITLE, H_DESCRIPTION, H_BASIS, H_NKEYS };
static const char *const header_keys[H_NKEYS] = {"id", "title", "description",
						 "population_basis"};

static enum ob_status read_header(struct ctx *c, const yaml_node_t *m)
{
	static const int required[] = {H_ID, H_TITLE, H_BASIS};
	struct ob_contract *k = c->k;
	yaml_node_t *v[H_NKEYS];
	enum ob_status st;
	int basis;

	snprintf(c->y.label, sizeof(c->y.label), "the 'contract' section");
	if ((st = ob_yaml_collect(&c->y, m, NULL, header_keys, H_NKEYS, v)) ||
	    (st = ob_yaml_require(&c->y, m, header_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = ob_yaml_get_id(&c->y, v[H_ID], "id", &k->id)) ||
	    (st = ob_yaml_get_string(&c->y, v[H_TITLE], "title", &k->title)) ||
	    (v[H_DESCRIPTION] &&
	     (st = ob_yaml_get_string(&c->y, v[H_DESCRIPTION], "description",
				      &k->description))) ||
	    (st = ob_yaml_get_enum(&c->y, v[H_BASIS], "population_basis",
				   "population basis", basis_names,
				   COUNT_OF(basis_names), &basis)))
		return st;
	k->basis = (enum ob_pop_basis)basis;
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* parties: commissioners, mcp, alliance */

enum { PA_ID, PA_NAME, PA_ODS, PA_NKEYS };
static const char *const party_keys[PA_NKEYS] = {"id", "name", "ods"};

/* ODS codes: 3 to 6 upper-case letters or digits (as in extract.md). */
static int valid_ods(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return i >= 3 && i <= 6;
}

/* One party; `kind` is NULL for the MCP (the label is set). */
static enum ob_status read_party(struct ctx *c, const yaml_node_t *m,
				 const char *kind, enum ob_party_role role,
				 struct ob_party *p)
{
	static const int required[] = {PA_ID, PA_NAME};
	struct ob_contract *k = c->k;
	yaml_node_t *v[PA_NKEYS];
	enum ob_status st;

	p->role = role;
	p->line = line_of(m);
	if ((st = ob_yaml_collect(&c->y, m, kind, party_keys, PA_NKEYS, v)) ||
	    (st = ob_yaml_require(&c->y, m, party_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = ob_yaml_get_id(&c->y, v[PA_ID], "id", &p->id)) ||
	    (st = ob_yaml_get_string(&c->y, v[PA_NAME], "name", &p->name)) ||
	    (v[PA_ODS] &&
	     (st = ob_yaml_get_string(&c->y, v[PA_ODS], "ods", &p->ods))))
		return st;
	if (p->ods && !valid_ods(p->ods))
		return ob_yaml_fail(&c->y, v[PA_ODS], OB_EINVAL,
				    "'ods' of %s is '%.60s' (expected an ODS "
				    "code: 3 to 6 upper-case letters or "
				    "digits, e.g. 09A)",
				    c->y.label, p->ods);
	for (size_t j = 0; j < k->n_parties; j++)
		if (!strcmp(k->parties[j].id, p->id))
			return ob_yaml_fail(&c->y, v[PA_ID], OB_EINVAL,
					    "duplicate party '%s' (first "
					    "defined on line %ld; party ids "
					    "are unique across commissioners, "
					    "the MCP and the alliance)",
					    p->id, k->parties[j].line);
	k->n_parties++;
	return OB_OK;
}

static enum ob_status read_party_list(struct ctx *c, const yaml_node_t *seq,
				      const char *key, const char *kind,
				      enum ob_party_role role, size_t *count)
{
	struct ob_contract *k = c->k;
	enum ob_status st;
	size_t len;

	snprintf(c->y.label, sizeof(c->y.label), "the 'parties' section");
	if ((st = ob_yaml_want_seq(&c->y, seq, key, "parties")))
		return st;
	len = ob_yaml_seq_len(seq);
	if (len == 0)
		return ob_yaml_fail(&c->y, seq, OB_EINVAL,
				    "'%s' of the 'parties' section is empty "
				    "(expected at least one %s: {id, name, "
				    "ods})",
				    key, kind);
	for (size_t i = 0; i < len; i++)
		if ((st = read_party(c, ob_yaml_seq_item(&c->y, seq, i), kind,
				     role, &k->parties[k->n_parties])))
			return st;
	*count = len;
	return OB_OK;
}

enum { PS_COMMISSIONERS, PS_MCP, PS_ALLIANCE, PS_NKEYS };
static const char *const parties_keys[PS_NKEYS] = {"commissioners", "mcp",
						   "alliance"};

static enum ob_status read_parties(struct ctx *c, const yaml_node_t *m)
{
	static const int required[] = {PS_COMMISSIONERS, PS_MCP};
	struct ob_contract *k = c->k;
	yaml_node_t *v[PS_NKEYS];
	enum ob_status st;
	size_t n = 1;

	snprintf(c->y.label, sizeof(c->y.label), "the 'parties' section");
	if ((st = ob_yaml_collect(&c->y, m, NULL, parties_keys, PS_NKEYS, v)) ||
	    (st = ob_yaml_require(&c->y, m, parties_keys, v, required,
				  COUNT_OF(required))))
		return st;
	/* room for every party; the lists are checked as they are read */
	if (v[PS_COMMISSIONERS]->type == YAML_SEQUENCE_NODE)
		n += ob_yaml_seq_len(v[PS_COMMISSIONERS]);
	if (v[PS_ALLIANCE] && v[PS_ALLIANCE]->type == YAML_SEQUENCE_NODE)
		n += ob_yaml_seq_len(v[PS_ALLIANCE]);
	k->parties = ob_arena_alloc(&k->arena, n * sizeof(*k->parties));
	if (!k->parties)
		return ob_yaml_nomem(&c->y);
	memset(k->parties, 0, n * sizeof(*k->parties));
	if ((st = read_party_list(c, v[PS_COMMISSIONERS], "commissioners",
				  "commissioner", OB_PARTY_COMMISSIONER,
				  &k->n_commissioners)))
		return st;
	snprintf(c->y.label, sizeof(c->y.label), "the MCP");
	if ((st = read_party(c, v[PS_MCP], NULL, OB_PARTY_MCP,
			     &k->parties[k->n_parties])))
		return st;
	k->mcp = &k->parties[k->n_parties - 1];
	if (v[PS_ALLIANCE] &&
	    (st = read_party_list(c, v[PS_ALLIANCE], "alliance",
				  "alliance member", OB_PARTY_ALLIANCE,
				  &k->n_alliance)))
		return st;
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* years: base < shadow < first_full <= last */

enum { Y_BASE, Y_SHADOW, Y_FIRST_FULL, Y_LAST, Y_NKEYS };
static const char *const years_keys[Y_NKEYS] = {"base", "shadow", "first_full",
						"last"};

static enum ob_status read_years(struct ctx *c, const yaml_node_t *m)
{
	static const int required[] = {Y_BASE, Y_SHADOW, Y_FIRST_FULL, Y_LAST};
	static const char *const names[Y_NKEYS] = {
	    "the base year", "the shadow year", "the first full year",
	    "the last year"};
	struct ob_contract *k = c->k;
	ob_fy *fy[Y_NKEYS] = {&k->base, &k->shadow, &k->first_full, &k->last};
	yaml_node_t *v[Y_NKEYS];
	enum ob_status st;

	snprintf(c->y.label, sizeof(c->y.label), "the 'years' section");
	if ((st = ob_yaml_collect(&c->y, m, NULL, years_keys, Y_NKEYS, v)) ||
	    (st = ob_yaml_require(&c->y, m, years_keys, v, required,
				  COUNT_OF(required))))
		return st;
	for (int i = 0; i < Y_NKEYS; i++)
		if ((st = ob_yaml_get_fy(&c->y, v[i], years_keys[i], fy[i])))
			return st;
	for (int i = 1; i < Y_NKEYS; i++) {
		int ok =
		    i == Y_LAST ? *fy[i] >= *fy[i - 1] : *fy[i] > *fy[i - 1];
		char a[8], b[8];

		if (ok)
			continue;
		fy_text(*fy[i], a);
		fy_text(*fy[i - 1], b);
		return ob_yaml_fail(&c->y, v[i], OB_EINVAL,
				    "'%s' is %s, %s %s %s (expected base < "
				    "shadow < first_full <= last, e.g. "
				    "2017/18, 2019/20, 2020/21, 2024/25)",
				    years_keys[i], a,
				    i == Y_LAST ? "before" : "not after",
				    names[i - 1], b);
	}
	if (k->last - k->base > MAX_CONTRACT_YEARS)
		return ob_yaml_fail(&c->y, v[Y_LAST], OB_EINVAL,
				    "'last' is %d years after the base year "
				    "(expected at most %d)",
				    k->last - k->base, MAX_CONTRACT_YEARS);
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* scheduled_variations: {id, name, year, description} */

enum { V_ID, V_NAME, V_YEAR, V_DESCRIPTION, V_NKEYS };
static const char *const variation_keys[V_NKEYS] = {"id", "name", "year",
						    "description"};

static enum ob_status read_variations(struct ctx *c, const yaml_node_t *seq)
{
	static const int required[] = {V_ID, V_NAME, V_YEAR, V_DESCRIPTION};
	struct ob_contract *k = c->k;
	yaml_node_t *v[V_NKEYS];
	enum ob_status st;
	char rule[120], a[8], b[8];
	size_t len;

	if (!seq)
		return OB_OK;
	c->variations = seq;
	if ((st = list_section(c, seq, "scheduled_variations",
			       "scheduled variations: {id, name, year, "
			       "description}",
			       sizeof(*k->variations), (void **)&k->variations,
			       &len)))
		return st;
	fy_text(k->shadow, a);
	fy_text(k->last, b);
	snprintf(rule, sizeof(rule),
		 "after the shadow year %s and at most the last year %s", a, b);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m = ob_yaml_seq_item(&c->y, seq, i);
		struct ob_variation *x = &k->variations[i];

		x->line = line_of(m);
		if ((st = ob_yaml_collect(&c->y, m, "scheduled variation",
					  variation_keys, V_NKEYS, v)) ||
		    (st = ob_yaml_require(&c->y, m, variation_keys, v, required,
					  COUNT_OF(required))) ||
		    (st = ob_yaml_get_id(&c->y, v[V_ID], "id", &x->id)) ||
		    (st = ob_yaml_get_string(&c->y, v[V_NAME], "name",
					     &x->name)) ||
		    (st = get_fy_within(c, v[V_YEAR], "year", k->shadow + 1,
					k->last, rule, &x->year)) ||
		    (st = ob_yaml_get_string(&c->y, v[V_DESCRIPTION],
					     "description", &x->description)))
			return st;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(k->variations[j].id, x->id))
				return ob_yaml_fail(
				    &c->y, v[V_ID], OB_EINVAL,
				    "duplicate scheduled variation '%s' "
				    "(first defined on line %ld)",
				    x->id, k->variations[j].line);
		k->n_variations = i + 1;
	}
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* budget_lines */

enum {
	L_ID,
	L_NAME,
	L_COMMISSIONER,
	L_BASE_VALUE,
	L_SCOPE,
	L_SHARE,
	L_ILLUSTRATIVE,
	L_FROM,
	L_VARIATION,
	L_SETTINGS,
	L_NKEYS
};
static const char *const line_keys[L_NKEYS] = {
    "id",    "name",	     "commissioner", "base_value", "scope",
    "share", "illustrative", "from",	     "variation",  "settings"};

/*
 * The stored id of party `*id` when it has role `role` (1); otherwise 0,
 * with the ids of the parties that do have it joined in list[size] and
 * their number in *m, for the message.
 */
static int party_of_role(const struct ob_contract *k, const char **id,
			 enum ob_party_role role, char *list, size_t size,
			 size_t *m)
{
	const struct ob_party *p = ob_contract_party(k, *id);
	const char *ids[16];

	if (p && p->role == role) {
		*id = p->id;
		return 1;
	}
	*m = 0;
	for (size_t i = 0; i < k->n_parties && *m < COUNT_OF(ids); i++)
		if (k->parties[i].role == role)
			ids[(*m)++] = k->parties[i].id;
	ob_yaml_join_names(list, size, ids, *m);
	return 0;
}

static enum ob_status get_commissioner(struct ctx *c, const yaml_node_t *n,
				       const char **out)
{
	char list[300];
	size_t m;
	enum ob_status st = ob_yaml_get_string(&c->y, n, "commissioner", out);

	if (st || party_of_role(c->k, out, OB_PARTY_COMMISSIONER, list,
				sizeof(list), &m))
		return st;
	return ob_yaml_fail(&c->y, n, OB_EINVAL,
			    "'commissioner' of %s is '%.60s', which is not a "
			    "commissioner (expected a commissioner under "
			    "'parties': %s)",
			    c->y.label, *out, list);
}

static enum ob_status get_settings(struct ctx *c, const yaml_node_t *n,
				   unsigned *out)
{
	const char *names[OB_SET_COUNT];
	enum ob_status st;
	size_t len;

	for (int s = 0; s < OB_SET_COUNT; s++)
		names[s] = ob_setting_name((enum ob_setting)s);
	if ((st = ob_yaml_want_seq(&c->y, n, "settings", "activity settings")))
		return st;
	len = ob_yaml_seq_len(n);
	if (len == 0)
		return ob_yaml_fail(&c->y, n, OB_EINVAL,
				    "'settings' of %s is empty (expected the "
				    "activity settings the line funds, e.g. "
				    "[community], or leave the key out)",
				    c->y.label);
	*out = 0;
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *item = ob_yaml_seq_item(&c->y, n, i);
		int s;

		if ((st = ob_yaml_get_enum(&c->y, item, "settings", "setting",
					   names, OB_SET_COUNT, &s)))
			return st;
		if (*out & (1u << s))
			return ob_yaml_fail(&c->y, item, OB_EINVAL,
					    "setting '%s' is listed twice in "
					    "%s",
					    names[s], c->y.label);
		*out |= 1u << s;
	}
	return OB_OK;
}

/* share, from and variation: what each scope allows and needs. */
static enum ob_status read_line_scope(struct ctx *c, yaml_node_t **v,
				      const yaml_node_t *m,
				      struct ob_budget_line *x)
{
	struct ob_contract *k = c->k;
	const struct ob_variation *var = NULL;
	enum ob_status st;
	char rule[120], a[8], b[8];

	if (x->scope == OB_SCOPE_OUT) {
		for (int i = L_SHARE; i <= L_VARIATION; i++)
			if (v[i] && i != L_ILLUSTRATIVE)
				return ob_yaml_fail(
				    &c->y, v[i], OB_EINVAL,
				    "'%s' of %s is for lines in or partly in "
				    "scope (its scope is out; leave the key "
				    "out)",
				    line_keys[i], c->y.label);
		x->share = 0;
		return OB_OK;
	}
	if (x->scope == OB_SCOPE_IN) {
		x->share = 1;
		if (v[L_SHARE] && (st = ob_yaml_get_number(&c->y, v[L_SHARE],
							   "share", &x->share)))
			return st;
		if (x->share != 1)
			return ob_yaml_fail(&c->y, v[L_SHARE], OB_EINVAL,
					    "'share' of %s is %.60s but its "
					    "scope is in (expected no share, "
					    "or 1; use scope: partly for part "
					    "of a line)",
					    c->y.label,
					    ob_yaml_scalar(v[L_SHARE]));
	} else {
		if (!v[L_SHARE])
			return ob_yaml_fail(&c->y, m, OB_EINVAL,
					    "%s is partly in scope but has no "
					    "'share' (expected the fraction "
					    "held, e.g. share: 0.25)",
					    c->y.label);
		if ((st = get_fraction(c, v[L_SHARE], "share", 1e-9, 1 - 1e-9,
				       "expected a fraction above 0 and "
				       "below 1 for a line partly in scope, "
				       "e.g. 0.25",
				       &x->share)))
			return st;
	}
	if (v[L_VARIATION]) {
		const char *id;

		if ((st = ob_yaml_get_id(&c->y, v[L_VARIATION], "variation",
					 &id)))
			return st;
		var = ob_contract_variation(k, id);
		if (!var)
			return ob_yaml_fail(&c->y, v[L_VARIATION], OB_EINVAL,
					    "'variation' of %s is '%s', which "
					    "is not a scheduled variation "
					    "(expected an id under "
					    "'scheduled_variations')",
					    c->y.label, id);
		x->variation = var->id;
	}
	x->from = var ? var->year : k->shadow;
	if (v[L_FROM]) {
		operational_years(k, rule, sizeof(rule));
		if ((st = get_fy_within(c, v[L_FROM], "from", k->shadow,
					k->last, rule, &x->from)))
			return st;
	}
	if (var && x->from != var->year) {
		fy_text(x->from, a);
		fy_text(var->year, b);
		return ob_yaml_fail(&c->y, v[L_FROM], OB_EINVAL,
				    "'from' of %s is %s but its scheduled "
				    "variation '%s' is in %s (expected the "
				    "variation's year, or leave 'from' out)",
				    c->y.label, a, var->id, b);
	}
	if (!var && x->from != k->shadow) {
		fy_text(x->from, a);
		return ob_yaml_fail(&c->y, v[L_FROM], OB_EINVAL,
				    "%s enters the scope in %s, after the "
				    "shadow year, without a scheduled "
				    "variation (expected 'variation': the id "
				    "of the scheduled variation that brings "
				    "it in)",
				    c->y.label, a);
	}
	return OB_OK;
}

static enum ob_status read_line(struct ctx *c, const yaml_node_t *m,
				struct ob_budget_line *x)
{
	static const int required[] = {L_ID, L_NAME, L_COMMISSIONER,
				       L_BASE_VALUE, L_SCOPE};
	yaml_node_t *v[L_NKEYS];
	enum ob_status st;
	int scope;

	x->line = line_of(m);
	if ((st = ob_yaml_collect(&c->y, m, "budget line", line_keys, L_NKEYS,
				  v)) ||
	    (st = ob_yaml_require(&c->y, m, line_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = ob_yaml_get_code(&c->y, v[L_ID], "id", &x->id)) ||
	    (st = ob_yaml_get_string(&c->y, v[L_NAME], "name", &x->name)) ||
	    (st = get_commissioner(c, v[L_COMMISSIONER], &x->commissioner)) ||
	    (st = ob_yaml_get_money(&c->y, v[L_BASE_VALUE], "base_value",
				    &x->base_value)))
		return st;
	if (x->base_value < 0)
		return ob_yaml_fail(&c->y, v[L_BASE_VALUE], OB_EINVAL,
				    "'base_value' of %s is %.60s (expected "
				    "the line's value in the base year, 0 or "
				    "more pounds, e.g. 55500000.00)",
				    c->y.label,
				    ob_yaml_scalar(v[L_BASE_VALUE]));
	if ((st = ob_yaml_get_enum(&c->y, v[L_SCOPE], "scope", "scope",
				   scope_names, COUNT_OF(scope_names), &scope)))
		return st;
	x->scope = (enum ob_scope)scope;
	if ((v[L_ILLUSTRATIVE] &&
	     (st = ob_yaml_get_bool(&c->y, v[L_ILLUSTRATIVE], "illustrative",
				    &x->illustrative))) ||
	    (st = read_line_scope(c, v, m, x)) ||
	    (v[L_SETTINGS] &&
	     (st = get_settings(c, v[L_SETTINGS], &x->settings))))
		return st;
	return OB_OK;
}

static enum ob_status read_lines(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_contract *k = c->k;
	enum ob_status st;
	size_t len, held = 0;

	if ((st = list_section(c, seq, "budget_lines",
			       "budget lines: {id, name, commissioner, "
			       "base_value, scope, ...}",
			       sizeof(*k->lines), (void **)&k->lines, &len)))
		return st;
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m = ob_yaml_seq_item(&c->y, seq, i);
		struct ob_budget_line *x = &k->lines[i];

		if ((st = read_line(c, m, x)))
			return st;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(k->lines[j].id, x->id))
				return ob_yaml_fail(
				    &c->y, value_of(c, m, "id"), OB_EINVAL,
				    "duplicate budget line '%s' (first "
				    "defined on line %ld)",
				    x->id, k->lines[j].line);
		held += x->scope != OB_SCOPE_OUT;
		k->n_lines = i + 1;
	}
	if (!held)
		return ob_yaml_fail(&c->y, seq, OB_EINVAL,
				    "no budget line is in scope (expected at "
				    "least one line with scope in or partly)");
	/* A variation that brings nothing in is a mistake in the file. */
	for (size_t i = 0; i < k->n_variations; i++) {
		const struct ob_variation *x = &k->variations[i];
		size_t j;

		for (j = 0; j < k->n_lines; j++)
			if (k->lines[j].variation == x->id)
				break;
		if (j == k->n_lines)
			return ob_yaml_fail(
			    &c->y,
			    value_of(c,
				     ob_yaml_seq_item(&c->y, c->variations, i),
				     "id"),
			    OB_EINVAL,
			    "scheduled variation '%s' brings no budget line "
			    "into scope (expected a budget line with "
			    "'variation: %s')",
			    x->id, x->id);
	}
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* top_slices: {id, name, share | amount, from, illustrative} */

enum { T_ID, T_NAME, T_SHARE, T_AMOUNT, T_FROM, T_ILLUSTRATIVE, T_NKEYS };
static const char *const slice_keys[T_NKEYS] = {
    "id", "name", "share", "amount", "from", "illustrative"};

static enum ob_status read_top_slice(struct ctx *c, const yaml_node_t *m,
				     struct ob_top_slice *x)
{
	static const int required[] = {T_ID, T_NAME};
	struct ob_contract *k = c->k;
	yaml_node_t *v[T_NKEYS];
	enum ob_status st;
	char rule[120];

	x->line = line_of(m);
	x->from = k->shadow;
	if ((st = ob_yaml_collect(&c->y, m, "top-slice", slice_keys, T_NKEYS,
				  v)) ||
	    (st = ob_yaml_require(&c->y, m, slice_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = ob_yaml_get_id(&c->y, v[T_ID], "id", &x->id)) ||
	    (st = ob_yaml_get_string(&c->y, v[T_NAME], "name", &x->name)))
		return st;
	if (!v[T_SHARE] == !v[T_AMOUNT])
		return ob_yaml_fail(&c->y, v[T_SHARE] ? v[T_AMOUNT] : m,
				    OB_EINVAL,
				    "%s has %s (expected exactly one: a "
				    "'share' of the year's budget, e.g. "
				    "0.005, or an 'amount' a year, e.g. "
				    "250000.00)",
				    c->y.label,
				    v[T_SHARE] ? "both 'share' and 'amount'"
					       : "neither 'share' nor "
						 "'amount'");
	if (v[T_SHARE] &&
	    (st = get_fraction(c, v[T_SHARE], "share", 1e-9, 0.25,
			       "expected a fraction of the year's budget "
			       "above 0 and at most 0.25, e.g. 0.005",
			       &x->share)))
		return st;
	if (v[T_AMOUNT]) {
		if ((st = ob_yaml_get_money(&c->y, v[T_AMOUNT], "amount",
					    &x->amount)))
			return st;
		if (x->amount <= 0)
			return ob_yaml_fail(&c->y, v[T_AMOUNT], OB_EINVAL,
					    "'amount' of %s is %.60s "
					    "(expected pounds a year above 0, "
					    "e.g. 250000.00)",
					    c->y.label,
					    ob_yaml_scalar(v[T_AMOUNT]));
	}
	operational_years(k, rule, sizeof(rule));
	if ((v[T_FROM] && (st = get_fy_within(c, v[T_FROM], "from", k->shadow,
					      k->last, rule, &x->from))) ||
	    (v[T_ILLUSTRATIVE] &&
	     (st = ob_yaml_get_bool(&c->y, v[T_ILLUSTRATIVE], "illustrative",
				    &x->illustrative))))
		return st;
	return OB_OK;
}

static enum ob_status read_top_slices(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_contract *k = c->k;
	enum ob_status st;
	size_t len;

	if (!seq)
		return OB_OK;
	if ((st = list_section(c, seq, "top_slices",
			       "top-slices: {id, name, share or amount}",
			       sizeof(*k->top_slices), (void **)&k->top_slices,
			       &len)))
		return st;
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m = ob_yaml_seq_item(&c->y, seq, i);
		struct ob_top_slice *x = &k->top_slices[i];

		if ((st = read_top_slice(c, m, x)))
			return st;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(k->top_slices[j].id, x->id))
				return ob_yaml_fail(
				    &c->y, value_of(c, m, "id"), OB_EINVAL,
				    "duplicate top-slice '%s' (first defined "
				    "on line %ld)",
				    x->id, k->top_slices[j].line);
		k->n_top_slices = i + 1;
	}
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* assumptions: one entry per year from base + 1 to last, in order */

enum {
	A_YEAR,
	A_POPULATION,
	A_INFLATION,
	A_PRODUCTIVITY,
	A_ALLOCATION,
	A_ILLUSTRATIVE,
	A_NKEYS
};
static const char *const assumption_keys[A_NKEYS] = {
    "year",	    "population_growth", "inflation",
    "productivity", "allocation",	 "illustrative"};

static enum ob_status read_assumption(struct ctx *c, const yaml_node_t *m,
				      ob_fy expected, struct ob_assumptions *x)
{
	static const int required[] = {A_YEAR, A_POPULATION, A_INFLATION,
				       A_PRODUCTIVITY, A_ALLOCATION};
	struct ob_contract *k = c->k;
	yaml_node_t *v[A_NKEYS];
	enum ob_status st;
	char y[8], e[8], a[8], b[8];

	x->line = line_of(m);
	snprintf(c->y.label, sizeof(c->y.label), "an entry of 'assumptions'");
	if ((st = ob_yaml_collect(&c->y, m, NULL, assumption_keys, A_NKEYS,
				  v)) ||
	    (st = ob_yaml_require(&c->y, m, assumption_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = ob_yaml_get_fy(&c->y, v[A_YEAR], "year", &x->year)))
		return st;
	fy_text(x->year, y);
	fy_text(expected, e);
	fy_text(k->base + 1, a);
	fy_text(k->last, b);
	if (x->year != expected) {
		for (const struct ob_assumptions *p = k->assumptions; p < x;
		     p++)
			if (p->year == x->year)
				return ob_yaml_fail(
				    &c->y, v[A_YEAR], OB_EINVAL,
				    "duplicate assumptions for %s (first on "
				    "line %ld)",
				    y, p->line);
		return ob_yaml_fail(&c->y, v[A_YEAR], OB_EINVAL,
				    "assumptions for %s where %s was "
				    "expected (expected one entry per year "
				    "from %s to %s, in order)",
				    y, e, a, b);
	}
	snprintf(c->y.label, sizeof(c->y.label), "the assumptions of %s", y);
	if ((st = get_fraction(c, v[A_POPULATION], "population_growth", -0.2,
			       0.2,
			       "expected a fraction a year from -0.2 to "
			       "0.2, e.g. 0.009 for 0.9%",
			       &x->population_growth)) ||
	    (st = get_fraction(c, v[A_INFLATION], "inflation", -0.2, 0.2,
			       "expected a fraction a year from -0.2 to "
			       "0.2, e.g. 0.021 for 2.1%",
			       &x->inflation)) ||
	    (st = get_fraction(c, v[A_PRODUCTIVITY], "productivity", 0, 0.2,
			       "expected a fraction a year from 0 to 0.2, "
			       "e.g. 0.011 for a 1.1% efficiency "
			       "requirement",
			       &x->productivity)) ||
	    (st = ob_yaml_get_money(&c->y, v[A_ALLOCATION], "allocation",
				    &x->allocation)))
		return st;
	if (x->allocation <= 0)
		return ob_yaml_fail(&c->y, v[A_ALLOCATION], OB_EINVAL,
				    "'allocation' of %s is %.60s (expected "
				    "the commissioners' funding for the "
				    "services in scope, above 0 pounds, e.g. "
				    "150000000.00)",
				    c->y.label,
				    ob_yaml_scalar(v[A_ALLOCATION]));
	if (v[A_ILLUSTRATIVE] &&
	    (st = ob_yaml_get_bool(&c->y, v[A_ILLUSTRATIVE], "illustrative",
				   &x->illustrative)))
		return st;
	return OB_OK;
}

static enum ob_status read_assumptions(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_contract *k = c->k;
	size_t need = (size_t)(k->last - k->base), len;
	enum ob_status st;
	char a[8], b[8], e[8];

	if ((st = list_section(c, seq, "assumptions",
			       "yearly assumptions: {year, "
			       "population_growth, inflation, productivity, "
			       "allocation}",
			       sizeof(*k->assumptions),
			       (void **)&k->assumptions, &len)))
		return st;
	fy_text(k->base + 1, a);
	fy_text(k->last, b);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m = ob_yaml_seq_item(&c->y, seq, i);

		if (i == need) {
			snprintf(c->y.label, sizeof(c->y.label),
				 "the contract file");
			return ob_yaml_fail(&c->y, m, OB_EINVAL,
					    "'assumptions' has an entry after "
					    "the last year %s (expected one "
					    "entry per year from %s to %s)",
					    b, a, b);
		}
		if ((st = read_assumption(c, m, k->base + 1 + (ob_fy)i,
					  &k->assumptions[i])))
			return st;
		k->n_assumptions = i + 1;
	}
	if (len < need) {
		fy_text(k->base + 1 + (ob_fy)len, e);
		return ob_yaml_fail(&c->y, seq, OB_EINVAL,
				    "'assumptions' has no entry for %s "
				    "(expected one entry per year from %s to "
				    "%s)",
				    e, a, b);
	}
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* capitation: variables, age_bands, allow_influenceable */

enum { C_VARIABLES, C_AGE_BANDS, C_ALLOW, C_NKEYS };
static const char *const capitation_keys[C_NKEYS] = {"variables", "age_bands",
						     "allow_influenceable"};

static enum ob_status read_variables(struct ctx *c, const yaml_node_t *n,
				     struct ob_capitation_spec *cap)
{
	enum ob_status st;
	size_t len;

	if ((st = ob_yaml_want_seq(&c->y, n, "variables",
				   "capitation variables")))
		return st;
	len = ob_yaml_seq_len(n);
	if (len == 0)
		return ob_yaml_fail(&c->y, n, OB_EINVAL,
				    "'variables' of %s is empty (expected "
				    "e.g. [age_sex, deprivation, segment, "
				    "conditions])",
				    c->y.label);
	cap->variables = 0;
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *item = ob_yaml_seq_item(&c->y, n, i);
		int v;

		if ((st = ob_yaml_get_enum(&c->y, item, "variables",
					   "capitation variable", capvar_names,
					   OB_CAPVAR_COUNT, &v)))
			return st;
		if (cap->variables & (1u << v))
			return ob_yaml_fail(&c->y, item, OB_EINVAL,
					    "capitation variable '%s' is "
					    "listed twice",
					    capvar_names[v]);
		if ((INFLUENCEABLE & (1u << v)) && !cap->allow_influenceable)
			return ob_yaml_fail(
			    &c->y, item, OB_EINVAL,
			    "capitation variable '%s' is refused: the "
			    "provider's own activity sets it, so a budget "
			    "adjusted by it pays for activity rather than "
			    "need and rewards doing more (expected "
			    "age_sex, deprivation, segment, conditions or "
			    "living_alone; set 'allow_influenceable: true' "
			    "to use it anyway)",
			    capvar_names[v]);
		cap->variables |= 1u << v;
	}
	return OB_OK;
}

static enum ob_status read_age_bands(struct ctx *c, const yaml_node_t *n,
				     struct ob_capitation_spec *cap)
{
	enum ob_status st;
	size_t len;

	if ((st = ob_yaml_want_seq(&c->y, n, "age_bands",
				   "lower bounds of age bands")))
		return st;
	len = ob_yaml_seq_len(n);
	if (len == 0 || len > OB_CONTRACT_MAX_AGE_BANDS)
		return ob_yaml_fail(&c->y, n, OB_EINVAL,
				    "'age_bands' of %s has %zu bands "
				    "(expected 1 to %d lower bounds, e.g. "
				    "[0, 5, 15, 25, 35, 45, 55, 65, 75, 85])",
				    c->y.label, len, OB_CONTRACT_MAX_AGE_BANDS);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *item = ob_yaml_seq_item(&c->y, n, i);
		long age;

		if ((st = ob_yaml_get_int(&c->y, item, "age_bands", 0, 120,
					  &age)))
			return st;
		if (i == 0 && age != 0)
			return ob_yaml_fail(&c->y, item, OB_EINVAL,
					    "'age_bands' of %s starts at %ld "
					    "(expected the first band to start "
					    "at 0)",
					    c->y.label, age);
		if (i > 0 && age <= cap->age_bands[i - 1])
			return ob_yaml_fail(&c->y, item, OB_EINVAL,
					    "'age_bands' of %s are not "
					    "ascending at %ld (expected "
					    "ascending lower bounds, e.g. [0, "
					    "5, 15, 25])",
					    c->y.label, age);
		cap->age_bands[i] = (int)age;
	}
	cap->n_age_bands = len;
	return OB_OK;
}

static enum ob_status read_capitation(struct ctx *c, const yaml_node_t *m)
{
	struct ob_capitation_spec *cap = &c->k->capitation;
	yaml_node_t *v[C_NKEYS];
	enum ob_status st;

	cap->variables =
	    (1u << OB_CAPVAR_AGE_SEX) | (1u << OB_CAPVAR_DEPRIVATION) |
	    (1u << OB_CAPVAR_SEGMENT) | (1u << OB_CAPVAR_CONDITIONS);
	memcpy(cap->age_bands, default_age_bands, sizeof(default_age_bands));
	cap->n_age_bands = COUNT_OF(default_age_bands);
	cap->allow_influenceable = 0;
	if (!m)
		return OB_OK;
	snprintf(c->y.label, sizeof(c->y.label), "the 'capitation' section");
	if ((st = ob_yaml_collect(&c->y, m, NULL, capitation_keys, C_NKEYS,
				  v)) ||
	    (v[C_ALLOW] &&
	     (st = ob_yaml_get_bool(&c->y, v[C_ALLOW], "allow_influenceable",
				    &cap->allow_influenceable))) ||
	    (v[C_VARIABLES] && (st = read_variables(c, v[C_VARIABLES], cap))) ||
	    (v[C_AGE_BANDS] && (st = read_age_bands(c, v[C_AGE_BANDS], cap))))
		return st;
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* incentives: pot, calibration, review_years, coverage_threshold,
 * outcomes, national_standards */

/* A number in an interval; a bound with `open` set is excluded (HUGE_VAL
 * for no upper bound).  `expected` completes "(..., e.g. X)". */
static enum ob_status get_between(struct ctx *c, const yaml_node_t *n,
				  const char *key, double lo, int lo_open,
				  double hi, int hi_open, const char *expected,
				  double *out)
{
	enum ob_status st = ob_yaml_get_number(&c->y, n, key, out);

	if (st)
		return st;
	if ((lo_open ? *out > lo : *out >= lo) &&
	    (hi_open ? *out < hi : *out <= hi))
		return OB_OK;
	return ob_yaml_fail(&c->y, n, OB_EINVAL, "'%s' of %s is %.60s (%s)",
			    key, c->y.label, ob_yaml_scalar(n), expected);
}

/* The label of an entry named by its `key`: "outcome 'x'" when the
 * mapping has a scalar `metric`, else "an outcome". */
static void label_by(struct ctx *c, const yaml_node_t *m, const char *key,
		     const char *kind)
{
	const yaml_node_t *v = NULL;

	if (m->type == YAML_MAPPING_NODE)
		v = value_of(c, m, key);
	if (v && v->type == YAML_SCALAR_NODE)
		snprintf(c->y.label, sizeof(c->y.label), "%s '%.80s'", kind,
			 ob_yaml_scalar(v));
	else
		snprintf(c->y.label, sizeof(c->y.label), "a%s %s",
			 strchr("aeiou", kind[0]) ? "n" : "", kind);
}

enum { CA_P, CA_R, CA_P0, CA_ALPHA, CA_POWER, CA_HISTORY, CA_NKEYS };
static const char *const calibration_keys[CA_NKEYS] = {
    "p", "r", "p0", "alpha", "power", "history_years"};

/* DESIGN.md "Reward curve": P(reward >= r | expected trajectory) = p,
 * nothing below the p0 quantile, full reward significant at alpha. */
static enum ob_status read_calibration(struct ctx *c, const yaml_node_t *m)
{
	struct ob_incentives *in = &c->k->incentives;
	yaml_node_t *v[CA_NKEYS];
	enum ob_status st;
	char expected[120];
	long years;

	snprintf(c->y.label, sizeof(c->y.label), "the 'calibration' section");
	if ((st = ob_yaml_collect(&c->y, m, NULL, calibration_keys, CA_NKEYS,
				  v)) ||
	    (v[CA_P] &&
	     (st = get_between(c, v[CA_P], "p", 0.5, 1, 1, 1,
			       "expected a probability above 0.5 and below "
			       "1, e.g. 0.95",
			       &in->p))) ||
	    (v[CA_R] &&
	     (st = get_between(c, v[CA_R], "r", 0, 1, 1, 1,
			       "expected a share of the full reward above 0 "
			       "and below 1, e.g. 0.90",
			       &in->r))))
		return st;
	snprintf(expected, sizeof(expected),
		 "expected a probability above p (%g) and below 1, e.g. 0.999",
		 in->p);
	if ((v[CA_P0] && (st = get_between(c, v[CA_P0], "p0", in->p, 1, 1, 1,
					   expected, &in->p0))) ||
	    (v[CA_ALPHA] &&
	     (st = get_between(c, v[CA_ALPHA], "alpha", 0, 1, 0.5, 1,
			       "expected a significance level above 0 and "
			       "below 0.5, e.g. 0.05",
			       &in->alpha))) ||
	    (v[CA_POWER] &&
	     (st = get_between(c, v[CA_POWER], "power", 0, 1, 1, 1,
			       "expected a probability above 0 and below 1, "
			       "e.g. 0.80",
			       &in->power))))
		return st;
	/* p0 defaults to 0.999: a p given above it needs p0 too */
	if (!v[CA_P0] && in->p0 <= in->p)
		return ob_yaml_fail(&c->y, v[CA_P], OB_EINVAL,
				    "'p' of %s is %.60s, not below p0 (%g) "
				    "(expected p < p0 < 1; give 'p0' too, "
				    "e.g. 0.9999)",
				    c->y.label, ob_yaml_scalar(v[CA_P]),
				    in->p0);
	if (v[CA_HISTORY]) {
		if ((st = ob_yaml_get_int(&c->y, v[CA_HISTORY], "history_years",
					  2, 10, &years)))
			return st;
		in->history_years = (int)years;
	}
	return OB_OK;
}

/* The pot's share of a year (also a what-if value). */
static enum ob_status get_pot_share(struct ctx *c, const yaml_node_t *n,
				    double *out)
{
	return get_between(c, n, "share", 0, 0, 0.25, 0,
			   "expected a share of the year's contract budget "
			   "from 0 to 0.25, e.g. 0.01 for 1%",
			   out);
}

/*
 * An entry of a list that must hold one entry per year from the shadow
 * year to the last, in order: `year` must be `expected`.  `dup_line` is
 * the line of an earlier entry of the same year, or 0.  `what` names the
 * entry ("pot for", "risk-share year").
 */
static enum ob_status year_in_sequence(struct ctx *c, const yaml_node_t *n,
				       ob_fy year, ob_fy expected,
				       long dup_line, const char *what)
{
	const struct ob_contract *k = c->k;
	char y[8], e[8], a[8], b[8];

	if (year == expected)
		return OB_OK;
	fy_text(year, y);
	fy_text(expected, e);
	fy_text(k->shadow, a);
	fy_text(k->last, b);
	if (dup_line)
		return ob_yaml_fail(&c->y, n, OB_EINVAL,
				    "duplicate %s %s (first on line %ld)",
				    what, y, dup_line);
	return ob_yaml_fail(&c->y, n, OB_EINVAL,
			    "%s %s where %s was expected (expected one entry "
			    "per year from the shadow year %s to the last "
			    "year %s, in order)",
			    what, y, e, a, b);
}

enum { PO_YEAR, PO_SHARE, PO_ILLUSTRATIVE, PO_NKEYS };
static const char *const pot_keys[PO_NKEYS] = {"year", "share", "illustrative"};

static enum ob_status read_pot_year(struct ctx *c, const yaml_node_t *m,
				    ob_fy expected, struct ob_pot_year *x)
{
	static const int required[] = {PO_YEAR, PO_SHARE};
	struct ob_contract *k = c->k;
	const struct ob_incentives *in = &k->incentives;
	yaml_node_t *v[PO_NKEYS];
	enum ob_status st;
	char y[8];

	x->line = line_of(m);
	snprintf(c->y.label, sizeof(c->y.label), "an entry of 'pot'");
	if ((st = ob_yaml_collect(&c->y, m, NULL, pot_keys, PO_NKEYS, v)) ||
	    (st = ob_yaml_require(&c->y, m, pot_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = ob_yaml_get_fy(&c->y, v[PO_YEAR], "year", &x->year)))
		return st;
	{
		long dup = 0;
		for (const struct ob_pot_year *p = in->pot; p < x; p++)
			if (p->year == x->year)
				dup = p->line;
		if ((st = year_in_sequence(c, v[PO_YEAR], x->year, expected,
					   dup, "pot for")))
			return st;
	}
	fy_text(x->year, y);
	snprintf(c->y.label, sizeof(c->y.label), "the pot of %s", y);
	if ((st = get_pot_share(c, v[PO_SHARE], &x->share)) ||
	    (v[PO_ILLUSTRATIVE] &&
	     (st = ob_yaml_get_bool(&c->y, v[PO_ILLUSTRATIVE], "illustrative",
				    &x->illustrative))))
		return st;
	return OB_OK;
}

/* The entry reader of the pot for read_yearly(). */
static enum ob_status pot_entry(struct ctx *c, const yaml_node_t *m,
				ob_fy expected, void *x)
{
	return read_pot_year(c, m, expected, x);
}

/*
 * A list of `key` in `where` holding one entry per year from the shadow
 * year to the last, in order, each read by `entry` into (*arr)[i] (of
 * `size` bytes); *n counts the entries read.  `name` names the list in
 * messages ("'pot'").
 */
static enum ob_status read_yearly(struct ctx *c, const yaml_node_t *seq,
				  const char *key, const char *where,
				  const char *expect, const char *name,
				  size_t size, void **arr, size_t *n,
				  enum ob_status (*entry)(struct ctx *,
							  const yaml_node_t *,
							  ob_fy, void *))
{
	const struct ob_contract *k = c->k;
	size_t need = (size_t)(k->last - k->shadow) + 1, len;
	enum ob_status st;
	char a[8], b[8], e[8];

	if ((st = list_in(c, seq, key, where, expect, size, arr, &len)))
		return st;
	fy_text(k->shadow, a);
	fy_text(k->last, b);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m = ob_yaml_seq_item(&c->y, seq, i);

		if (i == need)
			return ob_yaml_fail(&c->y, m, OB_EINVAL,
					    "%s has an entry after the last "
					    "year %s (expected one entry per "
					    "year from the shadow year %s to "
					    "the last year %s)",
					    name, b, a, b);
		if ((st = entry(c, m, k->shadow + (ob_fy)i,
				(char *)*arr + i * size)))
			return st;
		*n = i + 1;
	}
	if (len < need) {
		fy_text(k->shadow + (ob_fy)len, e);
		return ob_yaml_fail(&c->y, seq, OB_EINVAL,
				    "%s has no entry for %s (expected one "
				    "entry per year from the shadow year %s "
				    "to the last year %s)",
				    name, e, a, b);
	}
	return OB_OK;
}

static enum ob_status read_pot(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_incentives *in = &c->k->incentives;

	return read_yearly(c, seq, "pot", "the 'incentives' section",
			   "yearly pot shares: {year, share}",
			   "'pot'", sizeof(*in->pot), (void **)&in->pot,
			   &in->n_pot, pot_entry);
}

static const char *const outcome_unit_names[] = {
    [OB_OUTCOME_MCP] = "mcp",
    [OB_OUTCOME_PCH] = "pch",
};

const char *ob_outcome_unit_name(enum ob_outcome_unit u)
{
	return ENUM_NAME(outcome_unit_names, u);
}

/* The metric id of an outcome or standard and where it is. */
static enum ob_status get_metric(struct ctx *c, const yaml_node_t *n,
				 const char **out, long *line, long *column)
{
	*line = (long)n->start_mark.line + 1;
	*column = (long)n->start_mark.column + 1;
	return ob_yaml_get_id(&c->y, n, "metric", out);
}

enum {
	O_METRIC,
	O_FROM,
	O_BASELINE,
	O_WEIGHT,
	O_UNIT,
	O_EXPECTED,
	O_TARGET,
	O_ILLUSTRATIVE,
	O_NKEYS
};
static const char *const outcome_keys[O_NKEYS] = {"metric",
						  "from",
						  "baseline_year",
						  "weight",
						  "unit",
						  "expected_improvement",
						  "target_improvement",
						  "illustrative"};

static enum ob_status read_outcome(struct ctx *c, const yaml_node_t *m,
				   struct ob_incentive_outcome *x)
{
	static const int required[] = {O_METRIC, O_FROM, O_WEIGHT, O_UNIT,
				       O_TARGET};
	struct ob_contract *k = c->k;
	yaml_node_t *v[O_NKEYS];
	enum ob_status st;
	char rule[120], a[8], b[8];
	long weight;
	int unit;

	x->line = line_of(m);
	label_by(c, m, "metric", "outcome");
	operational_years(k, rule, sizeof(rule));
	if ((st = ob_yaml_collect(&c->y, m, NULL, outcome_keys, O_NKEYS, v)) ||
	    (st = ob_yaml_require(&c->y, m, outcome_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = get_metric(c, v[O_METRIC], &x->metric, &x->metric_line,
			     &x->metric_column)) ||
	    (st = get_fy_within(c, v[O_FROM], "from", k->shadow, k->last, rule,
				&x->from)))
		return st;
	if (v[O_BASELINE]) {
		fy_text(k->shadow, a);
		fy_text(x->from, b);
		snprintf(rule, sizeof(rule),
			 "from the shadow year %s and before its 'from' %s: "
			 "a baselining year before the curve pays",
			 a, b);
		if ((st = get_fy_within(c, v[O_BASELINE], "baseline_year",
					k->shadow, x->from - 1, rule,
					&x->baseline_year)))
			return st;
	}
	if ((st = ob_yaml_get_int(&c->y, v[O_WEIGHT], "weight", 1, 1000,
				  &weight)) ||
	    (st = ob_yaml_get_enum(&c->y, v[O_UNIT], "unit", "outcome unit",
				   outcome_unit_names,
				   COUNT_OF(outcome_unit_names), &unit)) ||
	    (v[O_EXPECTED] &&
	     (st = get_between(c, v[O_EXPECTED], "expected_improvement", 0, 0,
			       HUGE_VAL, 1,
			       "expected the improvement the trajectory "
			       "expects, in the metric's units in its good "
			       "direction, 0 or more, e.g. 10",
			       &x->expected_improvement))) ||
	    (st = get_between(c, v[O_TARGET], "target_improvement", 0, 1,
			      HUGE_VAL, 1,
			      "expected the improvement the noise check "
			      "tests, in the metric's units in its good "
			      "direction, above 0, e.g. 40",
			      &x->target_improvement)) ||
	    (v[O_ILLUSTRATIVE] &&
	     (st = ob_yaml_get_bool(&c->y, v[O_ILLUSTRATIVE], "illustrative",
				    &x->illustrative))))
		return st;
	x->weight = (int)weight;
	x->unit = (enum ob_outcome_unit)unit;
	return OB_OK;
}

enum {
	N_METRIC,
	N_FROM,
	N_STANDARD,
	N_SANCTION,
	N_SANCTION_SHARE,
	N_ILLUSTRATIVE,
	N_NKEYS
};
static const char *const standard_keys[N_NKEYS] = {
    "metric", "from", "standard", "sanction", "sanction_share", "illustrative"};

static enum ob_status read_standard(struct ctx *c, const yaml_node_t *m,
				    struct ob_national_standard *x)
{
	static const int required[] = {N_METRIC, N_STANDARD};
	struct ob_contract *k = c->k;
	yaml_node_t *v[N_NKEYS];
	enum ob_status st;
	char rule[120];

	x->line = line_of(m);
	x->from = k->shadow;
	label_by(c, m, "metric", "national standard");
	operational_years(k, rule, sizeof(rule));
	if ((st = ob_yaml_collect(&c->y, m, NULL, standard_keys, N_NKEYS, v)) ||
	    (st = ob_yaml_require(&c->y, m, standard_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = get_metric(c, v[N_METRIC], &x->metric, &x->metric_line,
			     &x->metric_column)) ||
	    (v[N_FROM] && (st = get_fy_within(c, v[N_FROM], "from", k->shadow,
					      k->last, rule, &x->from))) ||
	    (st = ob_yaml_get_number(&c->y, v[N_STANDARD], "standard",
				     &x->standard)))
		return st;
	if (!v[N_SANCTION] == !v[N_SANCTION_SHARE])
		return ob_yaml_fail(
		    &c->y, v[N_SANCTION] ? v[N_SANCTION_SHARE] : m, OB_EINVAL,
		    "%s has %s (expected exactly one: a 'sanction' in pounds "
		    "deducted in a year of breach, e.g. 50000.00, or a "
		    "'sanction_share' of the year's contract budget, e.g. "
		    "0.001)",
		    c->y.label,
		    v[N_SANCTION] ? "both 'sanction' and 'sanction_share'"
				  : "neither 'sanction' nor 'sanction_share'");
	if (v[N_SANCTION]) {
		if ((st = ob_yaml_get_money(&c->y, v[N_SANCTION], "sanction",
					    &x->sanction)))
			return st;
		if (x->sanction <= 0)
			return ob_yaml_fail(&c->y, v[N_SANCTION], OB_EINVAL,
					    "'sanction' of %s is %.60s "
					    "(expected pounds above 0, e.g. "
					    "50000.00)",
					    c->y.label,
					    ob_yaml_scalar(v[N_SANCTION]));
	}
	if ((v[N_SANCTION_SHARE] &&
	     (st = get_between(c, v[N_SANCTION_SHARE], "sanction_share", 0, 1,
			       0.25, 0,
			       "expected a share of the year's contract "
			       "budget above 0 and at most 0.25, e.g. 0.001",
			       &x->sanction_share))) ||
	    (v[N_ILLUSTRATIVE] &&
	     (st = ob_yaml_get_bool(&c->y, v[N_ILLUSTRATIVE], "illustrative",
				    &x->illustrative))))
		return st;
	return OB_OK;
}

static enum ob_status read_outcomes(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_incentives *in = &c->k->incentives;
	enum ob_status st;
	size_t len;

	if ((st = list_in(c, seq, "outcomes", "the 'incentives' section",
			  "pay-for-performance outcomes: {metric, from, "
			  "weight, unit, target_improvement}",
			  sizeof(*in->outcomes), (void **)&in->outcomes, &len)))
		return st;
	for (size_t i = 0; i < len; i++) {
		struct ob_incentive_outcome *x = &in->outcomes[i];

		if ((st = read_outcome(c, ob_yaml_seq_item(&c->y, seq, i), x)))
			return st;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(in->outcomes[j].metric, x->metric))
				return ob_error_set(
				    c->y.err, OB_EINVAL, c->y.source,
				    x->metric_line, x->metric_column,
				    "duplicate outcome '%s' (first on line "
				    "%ld; an outcome is listed once)",
				    x->metric, in->outcomes[j].line);
		in->n_outcomes = i + 1;
	}
	return OB_OK;
}

static enum ob_status read_standards(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_incentives *in = &c->k->incentives;
	enum ob_status st;
	size_t len;

	if ((st = list_in(
		 c, seq, "national_standards", "the 'incentives' section",
		 "national standards: {metric, standard, "
		 "sanction or sanction_share}",
		 sizeof(*in->standards), (void **)&in->standards, &len)))
		return st;
	for (size_t i = 0; i < len; i++) {
		struct ob_national_standard *x = &in->standards[i];

		if ((st = read_standard(c, ob_yaml_seq_item(&c->y, seq, i), x)))
			return st;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(in->standards[j].metric, x->metric))
				return ob_error_set(
				    c->y.err, OB_EINVAL, c->y.source,
				    x->metric_line, x->metric_column,
				    "duplicate national standard '%s' (first "
				    "on line %ld)",
				    x->metric, in->standards[j].line);
		in->n_standards = i + 1;
	}
	return OB_OK;
}

/* A pot above 0 in a year no outcome is paid could never be earned: a
 * mistake in the file (or in a what-if).  1 with the index of the first
 * such year and the message. */
static int pot_unpaid(const struct ob_contract *k, size_t *index, char *out,
		      size_t size)
{
	const struct ob_incentives *in = &k->incentives;

	for (size_t i = 0; i < in->n_pot; i++) {
		const struct ob_pot_year *p = &in->pot[i];
		size_t j;
		char y[8];

		if (p->share == 0)
			continue;
		for (j = 0; j < in->n_outcomes; j++)
			if (ob_outcome_paid(k, &in->outcomes[j], p->year))
				break;
		if (j < in->n_outcomes)
			continue;
		fy_text(p->year, y);
		snprintf(out, size,
			 "'share' of the pot of %s is %g but no outcome is "
			 "paid in %s (expected an outcome whose 'from' or "
			 "'baseline_year' is in or before %s, or a share of "
			 "0)",
			 y, p->share, y, y);
		*index = i;
		return 1;
	}
	return 0;
}

static enum ob_status check_pot_paid(struct ctx *c, const yaml_node_t *seq)
{
	char msg[OB_ERROR_MSG_MAX];
	size_t i;

	if (!pot_unpaid(c->k, &i, msg, sizeof(msg)))
		return OB_OK;
	return ob_yaml_fail(
	    &c->y, value_of(c, ob_yaml_seq_item(&c->y, seq, i), "share"),
	    OB_EINVAL, "%s", msg);
}

enum {
	I_POT,
	I_CALIBRATION,
	I_REVIEW,
	I_COVERAGE,
	I_OUTCOMES,
	I_STANDARDS,
	I_NKEYS
};
static const char *const incentives_keys[I_NKEYS] = {
    "pot",	"calibration",	     "review_years", "coverage_threshold",
    "outcomes", "national_standards"};

static enum ob_status read_incentives(struct ctx *c, const yaml_node_t *m)
{
	static const int required[] = {I_POT, I_OUTCOMES};
	struct ob_incentives *in = &c->k->incentives;
	yaml_node_t *v[I_NKEYS];
	enum ob_status st;
	long review;

	memset(in, 0, sizeof(*in));
	{
		/* The reward curve's defaults are calibrate.h's. */
		struct ob_calibration_params d;
		ob_calibration_params_init(&d);
		in->p = d.p;
		in->r = d.r;
		in->p0 = d.p0;
		in->alpha = d.alpha;
		in->power = d.power;
	}
	in->history_years = 3;
	in->review_years = 3;
	in->coverage_threshold = 0.95;
	if (!m)
		return OB_OK;
	in->present = 1;
	in->line = line_of(m);
	snprintf(c->y.label, sizeof(c->y.label), "the 'incentives' section");
	if ((st = ob_yaml_collect(&c->y, m, NULL, incentives_keys, I_NKEYS,
				  v)) ||
	    (st = ob_yaml_require(&c->y, m, incentives_keys, v, required,
				  COUNT_OF(required))))
		return st;
	if (v[I_REVIEW]) {
		if ((st = ob_yaml_get_int(&c->y, v[I_REVIEW], "review_years", 1,
					  10, &review)))
			return st;
		in->review_years = (int)review;
	}
	if ((v[I_COVERAGE] &&
	     (st = get_between(c, v[I_COVERAGE], "coverage_threshold", 0, 1, 1,
			       0,
			       "expected the share of complete data capture "
			       "a baselining year pays for, above 0 and at "
			       "most 1, e.g. 0.95",
			       &in->coverage_threshold))) ||
	    (v[I_CALIBRATION] &&
	     (st = read_calibration(c, v[I_CALIBRATION]))) ||
	    (st = read_pot(c, v[I_POT])) ||
	    (st = read_outcomes(c, v[I_OUTCOMES])) ||
	    (v[I_STANDARDS] && (st = read_standards(c, v[I_STANDARDS]))) ||
	    (st = check_pot_paid(c, v[I_POT])))
		return st;
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* risk_share: pools, years (DESIGN.md "Pools") */

static const char *const pool_kind_names[] = {
    [OB_POOL_BUDGET] = "budget",
    [OB_POOL_ACUTE] = "acute",
};

static const char *const excess_to_names[] = {
    [OB_EXCESS_PROVIDER] = "provider",
    [OB_EXCESS_REINVESTMENT] = "reinvestment",
};

static const char *const split_rule_names[] = {
    [OB_SPLIT_FIXED] = "fixed",
    [OB_SPLIT_CONTRACT_VALUE] = "contract_value",
};

const char *ob_pool_kind_name(enum ob_pool_kind k)
{
	return ENUM_NAME(pool_kind_names, k);
}

const char *ob_excess_to_name(enum ob_excess_to e)
{
	return ENUM_NAME(excess_to_names, e);
}

const char *ob_split_rule_name(enum ob_split_rule r)
{
	return ENUM_NAME(split_rule_names, r);
}

enum { PL_ID, PL_NAME, PL_KIND, PL_LEDGER_LINE, PL_BASELINE, PL_NKEYS };
static const char *const pool_keys[PL_NKEYS] = {"id", "name", "kind",
						"ledger_line", "baseline"};

/* The budget line an acute pool's actual is read from. */
static enum ob_status get_ledger_line(struct ctx *c, const yaml_node_t *n,
				      const char **out)
{
	const struct ob_contract *k = c->k;
	const struct ob_budget_line *l;
	const char *ids[24];
	char list[300];
	size_t m = 0;
	enum ob_status st = ob_yaml_get_code(&c->y, n, "ledger_line", out);

	if (st)
		return st;
	l = ob_contract_line(k, *out);
	if (l) {
		*out = l->id;
		return OB_OK;
	}
	for (size_t i = 0; i < k->n_lines && m < COUNT_OF(ids); i++)
		ids[m++] = k->lines[i].id;
	ob_yaml_join_names(list, sizeof(list), ids, m);
	return ob_yaml_fail(&c->y, n, OB_EINVAL,
			    "'ledger_line' of %s is '%s', which is not a "
			    "budget line (expected the code of a line under "
			    "'budget_lines': %s)",
			    c->y.label, *out, list);
}

static enum ob_status read_pool(struct ctx *c, const yaml_node_t *m,
				struct ob_pool *x)
{
	static const int required[] = {PL_ID, PL_NAME, PL_KIND};
	yaml_node_t *v[PL_NKEYS];
	enum ob_status st;
	int kind;

	x->line = line_of(m);
	if ((st = ob_yaml_collect(&c->y, m, "pool", pool_keys, PL_NKEYS, v)) ||
	    (st = ob_yaml_require(&c->y, m, pool_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = ob_yaml_get_id(&c->y, v[PL_ID], "id", &x->id)) ||
	    (st = ob_yaml_get_string(&c->y, v[PL_NAME], "name", &x->name)) ||
	    (st = ob_yaml_get_enum(&c->y, v[PL_KIND], "kind", "pool kind",
				   pool_kind_names, COUNT_OF(pool_kind_names),
				   &kind)))
		return st;
	x->kind = (enum ob_pool_kind)kind;
	if (x->kind == OB_POOL_BUDGET) {
		for (int i = PL_LEDGER_LINE; i < PL_NKEYS; i++)
			if (v[i])
				return ob_yaml_fail(
				    &c->y, v[i], OB_EINVAL,
				    "'%s' of %s is for acute pools (its kind "
				    "is budget, judged against the year's "
				    "contract budget; leave the key out)",
				    pool_keys[i], c->y.label);
		return OB_OK;
	}
	for (int i = PL_LEDGER_LINE; i < PL_NKEYS; i++)
		if (!v[i])
			return ob_yaml_fail(
			    &c->y, m, OB_EINVAL,
			    "%s is an acute pool but has no '%s' (expected "
			    "the budget line whose ledger spend is its "
			    "actual, e.g. ledger_line: ACUTE, and its "
			    "base-year spend, e.g. baseline: 113000000.00)",
			    c->y.label, pool_keys[i]);
	if ((st = get_ledger_line(c, v[PL_LEDGER_LINE], &x->ledger_line)) ||
	    (st = ob_yaml_get_money(&c->y, v[PL_BASELINE], "baseline",
				    &x->baseline)))
		return st;
	if (x->baseline < 0)
		return ob_yaml_fail(&c->y, v[PL_BASELINE], OB_EINVAL,
				    "'baseline' of %s is %.60s (expected the "
				    "pool's spend in the base year, 0 or more "
				    "pounds, e.g. 113000000.00)",
				    c->y.label, ob_yaml_scalar(v[PL_BASELINE]));
	return OB_OK;
}

static enum ob_status read_pools(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_risk_share *r = &c->k->risk_share;
	enum ob_status st;
	size_t len;

	if ((st = list_in(c, seq, "pools", "the 'risk_share' section",
			  "risk-share pools: {id, name, kind}",
			  sizeof(*r->pools), (void **)&r->pools, &len)))
		return st;
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m = ob_yaml_seq_item(&c->y, seq, i);
		struct ob_pool *x = &r->pools[i];

		if ((st = read_pool(c, m, x)))
			return st;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(r->pools[j].id, x->id))
				return ob_yaml_fail(
				    &c->y, value_of(c, m, "id"), OB_EINVAL,
				    "duplicate pool '%s' (first defined on "
				    "line %ld)",
				    x->id, r->pools[j].line);
		for (size_t j = 0; j < i; j++) {
			const struct ob_pool *p = &r->pools[j];

			if (x->kind != p->kind)
				continue;
			if (x->kind == OB_POOL_BUDGET)
				return ob_yaml_fail(
				    &c->y, value_of(c, m, "kind"), OB_EINVAL,
				    "pool '%s' is a second pool of kind "
				    "budget (the first is '%s' on line %ld; "
				    "expected at most one: the MCP's "
				    "capitated budget)",
				    x->id, p->id, p->line);
			if (!strcmp(x->ledger_line, p->ledger_line))
				return ob_yaml_fail(
				    &c->y, value_of(c, m, "ledger_line"),
				    OB_EINVAL,
				    "'ledger_line' of pool '%s' is %s, "
				    "already the line of pool '%s' on line "
				    "%ld (expected each acute pool on its "
				    "own budget line)",
				    x->id, x->ledger_line, p->id, p->line);
		}
		r->n_pools = i + 1;
	}
	return OB_OK;
}

/*
 * The terms of a risk-share year after `year`, in this order: the keys of
 * an entry of `years` and the fields a what-if can change.  Fractions run
 * from 0 to `hi`; `expected` completes "(..., e.g. X)" for fractions and
 * money.
 */
enum {
	RY_YEAR,
	RY_CORRIDOR,
	RY_GAIN_SHARE,
	RY_LOSS_SHARE,
	RY_GAIN_CAP,
	RY_LOSS_CAP,
	RY_SURPLUS,
	RY_EXCESS,
	RY_GATE,
	RY_ACUTE,
	RY_ILLUSTRATIVE,
	RY_NKEYS
};
static const char *const risk_year_keys[RY_NKEYS] = {
    "year",	    "corridor",	    "gain_share",     "loss_share",
    "gain_cap",	    "loss_cap",	    "surplus_target", "excess_to",
    "quality_gate", "acute_impact", "illustrative"};

enum risk_field_type { RF_FRACTION, RF_MONEY, RF_EXCESS, RF_BOOL };

static const struct risk_field {
	const char *key;
	enum risk_field_type type;
	double hi;
	const char *expected;
	size_t offset;
} risk_fields[] = {
    {"corridor", RF_FRACTION, 0.2,
     "expected a share of the pool's budget from 0 to 0.2 within which "
     "nothing is shared, e.g. 0.01",
     offsetof(struct ob_risk_year, corridor)},
    {"gain_share", RF_FRACTION, 1,
     "expected the provider's share of a saving beyond the corridor, "
     "from 0 to 1, e.g. 0.5",
     offsetof(struct ob_risk_year, gain_share)},
    {"loss_share", RF_FRACTION, 1,
     "expected the provider's share of a loss beyond the corridor, from "
     "0 to 1 (0 in an upside-only year), e.g. 0.25",
     offsetof(struct ob_risk_year, loss_share)},
    {"gain_cap", RF_FRACTION, 1,
     "expected the cap on the provider's gain as a share of the pool's "
     "budget, from 0 to 1, e.g. 0.02",
     offsetof(struct ob_risk_year, gain_cap)},
    {"loss_cap", RF_FRACTION, 1,
     "expected the cap on the provider's loss as a share of the pool's "
     "budget, from 0 to 1 (0 in an upside-only year), e.g. 0.01",
     offsetof(struct ob_risk_year, loss_cap)},
    {"surplus_target", RF_MONEY, 0,
     "expected the cap on the commissioner's gain across the pools, 0 "
     "or more pounds, e.g. 2000000.00",
     offsetof(struct ob_risk_year, surplus_target)},
    {"excess_to", RF_EXCESS, 0, NULL, offsetof(struct ob_risk_year, excess_to)},
    {"quality_gate", RF_BOOL, 0, NULL,
     offsetof(struct ob_risk_year, quality_gate)},
    {"acute_impact", RF_FRACTION, 0.5,
     "expected the MCP's planned reduction of anticipated acute spend "
     "that year, a fraction from 0 to 0.5, e.g. 0.03 for 3%",
     offsetof(struct ob_risk_year, acute_impact)},
};
#define N_RISK_FIELDS COUNT_OF(risk_fields)
_Static_assert(COUNT_OF(risk_fields) == RY_ACUTE - RY_CORRIDOR + 1,
	       "one risk field per key from corridor to acute_impact");

/* One term of a risk-share year (also a what-if value) into `x`. */
static enum ob_status read_risk_field(struct ctx *c, const struct risk_field *f,
				      const yaml_node_t *n,
				      struct ob_risk_year *x)
{
	char *at = (char *)x + f->offset;
	ob_pence money;
	enum ob_status st;
	int e;

	switch (f->type) {
	case RF_FRACTION:
		return get_between(c, n, f->key, 0, 0, f->hi, 0, f->expected,
				   (double *)(void *)at);
	case RF_MONEY:
		if ((st = ob_yaml_get_money(&c->y, n, f->key, &money)))
			return st;
		if (money < 0)
			return ob_yaml_fail(
			    &c->y, n, OB_EINVAL, "'%s' of %s is %.60s (%s)",
			    f->key, c->y.label, ob_yaml_scalar(n), f->expected);
		*(ob_pence *)(void *)at = money;
		return OB_OK;
	case RF_EXCESS:
		if ((st = ob_yaml_get_enum(
			 &c->y, n, f->key, "destination of the excess",
			 excess_to_names, COUNT_OF(excess_to_names), &e)))
			return st;
		x->excess_to = (enum ob_excess_to)e;
		return OB_OK;
	case RF_BOOL:
		return ob_yaml_get_bool(&c->y, n, f->key, (int *)(void *)at);
	}
	return OB_OK;
}

/* A loss cap in an upside-only year is a mistake: 1 with the message. */
static int loss_cap_without_share(const struct ob_risk_year *x, char *out,
				  size_t size)
{
	char y[8];

	if (x->loss_share != 0 || x->loss_cap == 0)
		return 0;
	fy_text(x->year, y);
	snprintf(out, size,
		 "'loss_cap' of the risk share of %s is %g but its "
		 "'loss_share' is 0: an upside-only year, in which the "
		 "commissioner meets the whole deficit (expected loss_cap: 0, "
		 "or a loss_share above 0)",
		 y, x->loss_cap);
	return 1;
}

static enum ob_status read_risk_year(struct ctx *c, const yaml_node_t *m,
				     ob_fy expected, struct ob_risk_year *x)
{
	static const int required[] = {
	    RY_YEAR,	 RY_CORRIDOR, RY_GAIN_SHARE, RY_LOSS_SHARE,
	    RY_GAIN_CAP, RY_LOSS_CAP, RY_SURPLUS,    RY_EXCESS};
	const struct ob_contract *k = c->k;
	const struct ob_risk_share *r = &k->risk_share;
	yaml_node_t *v[RY_NKEYS];
	enum ob_status st;
	char y[8], msg[OB_ERROR_MSG_MAX];

	x->line = line_of(m);
	snprintf(c->y.label, sizeof(c->y.label),
		 "an entry of 'years' of the 'risk_share' section");
	if ((st = ob_yaml_collect(&c->y, m, NULL, risk_year_keys, RY_NKEYS,
				  v)) ||
	    (st = ob_yaml_require(&c->y, m, risk_year_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = ob_yaml_get_fy(&c->y, v[RY_YEAR], "year", &x->year)))
		return st;
	{
		long dup = 0;
		for (const struct ob_risk_year *p = r->years; p < x; p++)
			if (p->year == x->year)
				dup = p->line;
		if ((st = year_in_sequence(c, v[RY_YEAR], x->year, expected,
					   dup, "risk-share year")))
			return st;
	}
	fy_text(x->year, y);
	snprintf(c->y.label, sizeof(c->y.label), "the risk share of %s", y);
	for (size_t i = 0; i < N_RISK_FIELDS; i++) {
		const yaml_node_t *n = v[RY_CORRIDOR + i];

		if (n && (st = read_risk_field(c, &risk_fields[i], n, x)))
			return st;
	}
	if (v[RY_ILLUSTRATIVE] &&
	    (st = ob_yaml_get_bool(&c->y, v[RY_ILLUSTRATIVE], "illustrative",
				   &x->illustrative)))
		return st;
	if (loss_cap_without_share(x, msg, sizeof(msg)))
		return ob_yaml_fail(&c->y, v[RY_LOSS_CAP], OB_EINVAL, "%s",
				    msg);
	return OB_OK;
}

/* The entry reader of the risk-share years for read_yearly(). */
static enum ob_status risk_entry(struct ctx *c, const yaml_node_t *m,
				 ob_fy expected, void *x)
{
	return read_risk_year(c, m, expected, x);
}

static enum ob_status read_risk_years(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_risk_share *r = &c->k->risk_share;

	return read_yearly(c, seq, "years", "the 'risk_share' section",
			   "yearly terms: {year, corridor, gain_share, "
			   "loss_share, gain_cap, loss_cap, surplus_target, "
			   "excess_to}",
			   "'years' of the 'risk_share' section",
			   sizeof(*r->years), (void **)&r->years, &r->n_years,
			   risk_entry);
}

enum { RS_POOLS, RS_YEARS, RS_NKEYS };
static const char *const risk_share_keys[RS_NKEYS] = {"pools", "years"};

static enum ob_status read_risk_share(struct ctx *c, const yaml_node_t *m)
{
	static const int required[] = {RS_POOLS, RS_YEARS};
	struct ob_risk_share *r = &c->k->risk_share;
	yaml_node_t *v[RS_NKEYS];
	enum ob_status st;

	memset(r, 0, sizeof(*r));
	if (!m)
		return OB_OK;
	r->present = 1;
	r->line = line_of(m);
	snprintf(c->y.label, sizeof(c->y.label), "the 'risk_share' section");
	if ((st = ob_yaml_collect(&c->y, m, NULL, risk_share_keys, RS_NKEYS,
				  v)) ||
	    (st = ob_yaml_require(&c->y, m, risk_share_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = read_pools(c, v[RS_POOLS])) ||
	    (st = read_risk_years(c, v[RS_YEARS])))
		return st;
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* out_of_area: outside_providers, local_prices (DESIGN.md part 9) */

/* Points of delivery of the national tariff (tariff.csv's pod). */
static const char *const pod_names[] = {"EL", "NEL", "OP", "AE"};

enum { OA_OUTSIDE, OA_LOCAL_PRICES, OA_NKEYS };
static const char *const out_of_area_keys[OA_NKEYS] = {"outside_providers",
						       "local_prices"};

enum { LP_PROVIDER, LP_HRG, LP_POD, LP_PRICE, LP_NKEYS };
static const char *const local_price_keys[LP_NKEYS] = {"provider", "hrg", "pod",
						       "price"};

/* An organisation's ODS code under `key`. */
static enum ob_status get_ods(struct ctx *c, const yaml_node_t *n,
			      const char *key, const char **out)
{
	enum ob_status st = ob_yaml_get_string(&c->y, n, key, out);

	if (st)
		return st;
	if (!valid_ods(*out))
		return ob_yaml_fail(&c->y, n, OB_EINVAL,
				    "'%s' of %s is '%.60s' (expected an ODS "
				    "code: 3 to 6 upper-case letters or "
				    "digits, e.g. RAL)",
				    key, c->y.label, *out);
	return OB_OK;
}

static enum ob_status read_outside(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_out_of_area *o = &c->k->out_of_area;
	enum ob_status st;
	size_t len;

	if ((st = ob_yaml_want_seq(&c->y, seq, "outside_providers",
				   "ODS codes")))
		return st;
	len = ob_yaml_seq_len(seq);
	if (len == 0)
		return ob_yaml_fail(&c->y, seq, OB_EINVAL,
				    "'outside_providers' of %s is empty "
				    "(expected ODS codes of providers outside "
				    "the local system, e.g. [RAL], or leave "
				    "the key out)",
				    c->y.label);
	o->outside_providers =
	    ob_arena_alloc(&c->k->arena, len * sizeof(*o->outside_providers));
	if (!o->outside_providers)
		return ob_yaml_nomem(&c->y);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *item = ob_yaml_seq_item(&c->y, seq, i);
		const char **x = &o->outside_providers[i];

		if ((st = get_ods(c, item, "outside_providers", x)))
			return st;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(o->outside_providers[j], *x))
				return ob_yaml_fail(
				    &c->y, item, OB_EINVAL,
				    "provider '%s' is listed twice in "
				    "'outside_providers' of %s",
				    *x, c->y.label);
		o->n_outside = i + 1;
	}
	return OB_OK;
}

/* "the local price of BZ34B EL at RP6", from what the mapping has. */
static void label_local_price(struct ctx *c, const yaml_node_t *m)
{
	const yaml_node_t *h = NULL, *p = NULL, *at = NULL;

	if (m->type == YAML_MAPPING_NODE) {
		h = value_of(c, m, "hrg");
		p = value_of(c, m, "pod");
		at = value_of(c, m, "provider");
	}
	if (!h || h->type != YAML_SCALAR_NODE) {
		snprintf(c->y.label, sizeof(c->y.label), "a local price");
		return;
	}
	if (p && p->type != YAML_SCALAR_NODE)
		p = NULL;
	if (at && at->type != YAML_SCALAR_NODE)
		at = NULL;
	snprintf(c->y.label, sizeof(c->y.label),
		 "the local price of %.12s%s%.12s%s%.12s", ob_yaml_scalar(h),
		 p ? " " : "", p ? ob_yaml_scalar(p) : "", at ? " at " : "",
		 at ? ob_yaml_scalar(at) : "");
}

static enum ob_status read_local_price(struct ctx *c, const yaml_node_t *m,
				       struct ob_local_price *x)
{
	static const int required[] = {LP_HRG, LP_POD, LP_PRICE};
	yaml_node_t *v[LP_NKEYS];
	enum ob_status st;
	int pod;

	x->line = line_of(m);
	label_local_price(c, m);
	if ((st = ob_yaml_collect(&c->y, m, NULL, local_price_keys, LP_NKEYS,
				  v)) ||
	    (st = ob_yaml_require(&c->y, m, local_price_keys, v, required,
				  COUNT_OF(required))) ||
	    (v[LP_PROVIDER] &&
	     (st = get_ods(c, v[LP_PROVIDER], "provider", &x->provider))) ||
	    (st = ob_yaml_get_string(&c->y, v[LP_HRG], "hrg", &x->hrg)))
		return st;
	if (!ob_hrg_valid(x->hrg, strlen(x->hrg)))
		return ob_yaml_fail(&c->y, v[LP_HRG], OB_EINVAL,
				    "'hrg' of %s is '%.60s' (expected an "
				    "HRG4+ code: 2 upper-case letters, 2 "
				    "digits and an upper-case letter, e.g. "
				    "WF01A)",
				    c->y.label, x->hrg);
	if ((st = ob_yaml_get_enum(&c->y, v[LP_POD], "pod", "point of delivery",
				   pod_names, COUNT_OF(pod_names), &pod)) ||
	    (st = ob_yaml_get_money(&c->y, v[LP_PRICE], "price", &x->price)))
		return st;
	x->pod = pod_names[pod];
	if (x->price <= 0)
		return ob_yaml_fail(&c->y, v[LP_PRICE], OB_EINVAL,
				    "'price' of %s is %.60s (expected the "
				    "agreed price of one unit of activity, "
				    "above 0 pounds, e.g. 120.00)",
				    c->y.label, ob_yaml_scalar(v[LP_PRICE]));
	return OB_OK;
}

static enum ob_status read_local_prices(struct ctx *c, const yaml_node_t *seq)
{
	struct ob_out_of_area *o = &c->k->out_of_area;
	enum ob_status st;
	size_t len;

	if ((st = list_in(c, seq, "local_prices", "the 'out_of_area' section",
			  "local prices: {hrg, pod, price} or {provider, "
			  "hrg, pod, price}",
			  sizeof(*o->local_prices), (void **)&o->local_prices,
			  &len)))
		return st;
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *m = ob_yaml_seq_item(&c->y, seq, i);
		struct ob_local_price *x = &o->local_prices[i];

		if ((st = read_local_price(c, m, x)))
			return st;
		for (size_t j = 0; j < i; j++) {
			const struct ob_local_price *p = &o->local_prices[j];

			if (strcmp(p->hrg, x->hrg) || strcmp(p->pod, x->pod) ||
			    !p->provider != !x->provider ||
			    (p->provider && strcmp(p->provider, x->provider)))
				continue;
			return ob_yaml_fail(
			    &c->y, value_of(c, m, "hrg"), OB_EINVAL,
			    "duplicate local price of %s %s %s%s (first on "
			    "line %ld; a provider, hrg and pod have one "
			    "price)",
			    x->hrg, x->pod,
			    x->provider ? "at " : "for any provider",
			    x->provider ? x->provider : "", p->line);
		}
		o->n_local_prices = i + 1;
	}
	return OB_OK;
}

static enum ob_status read_out_of_area(struct ctx *c, const yaml_node_t *m)
{
	struct ob_out_of_area *o = &c->k->out_of_area;
	yaml_node_t *v[OA_NKEYS];
	enum ob_status st;

	memset(o, 0, sizeof(*o));
	if (!m)
		return OB_OK;
	o->present = 1;
	o->line = line_of(m);
	snprintf(c->y.label, sizeof(c->y.label), "the 'out_of_area' section");
	if ((st = ob_yaml_collect(&c->y, m, NULL, out_of_area_keys, OA_NKEYS,
				  v)) ||
	    (v[OA_OUTSIDE] && (st = read_outside(c, v[OA_OUTSIDE]))) ||
	    (v[OA_LOCAL_PRICES] &&
	     (st = read_local_prices(c, v[OA_LOCAL_PRICES]))))
		return st;
	return OB_OK;
}

/* ------------------------------------------------------------------ */
/* alliance: split, members (DESIGN.md part 10) */

enum { AL_SPLIT, AL_MEMBERS, AL_NKEYS };
static const char *const alliance_keys[AL_NKEYS] = {"split", "members"};

enum { AM_PARTY, AM_SHARE, AM_VALUE, AM_NKEYS };
static const char *const member_keys[AM_NKEYS] = {"party", "share",
						  "contract_value"};

static enum ob_status get_alliance_party(struct ctx *c, const yaml_node_t *n,
					 const char **out)
{
	char list[300];
	size_t m;
	enum ob_status st = ob_yaml_get_id(&c->y, n, "party", out);

	if (st || party_of_role(c->k, out, OB_PARTY_ALLIANCE, list,
				sizeof(list), &m))
		return st;
	if (!m)
		return ob_yaml_fail(&c->y, n, OB_EINVAL,
				    "'party' of %s is '%s' but the 'parties' "
				    "section has no alliance (expected "
				    "alliance members under 'alliance' of "
				    "the 'parties' section)",
				    c->y.label, *out);
	return ob_yaml_fail(&c->y, n, OB_EINVAL,
			    "'party' of %s is '%s', which is not an alliance "
			    "member (expected a party under 'alliance' of the "
			    "'parties' section: %s)",
			    c->y.label, *out, list);
}

/* A member's fixed share (also a what-if value). */
static enum ob_status get_member_share(struct ctx *c, const yaml_node_t *n,
				       double *out)
{
	return get_between(c, n, "share", 0, 1, 1, 0,
			   "expected a share of the provider side's result "
			   "above 0 and at most 1, e.g. 0.30",
			   out);
}

/* A member's contract value (also a what-if value). */
static enum ob_status get_member_value(struct ctx *c, const yaml_node_t *n,
				       ob_pence *out)
{
	enum ob_status st = ob_yaml_get_money(&c->y, n, "contract_value", out);

	if (st)
		return st;
	if (*out > 0)
		return OB_OK;
	return ob_yaml_fail(&c->y, n, OB_EINVAL,
			    "'contract_value' of %s is %.60s (expected the "
			    "member's contract value a year, above 0 pounds, "
			    "e.g. 25000000.00)",
			    c->y.label, ob_yaml_scalar(n));
}

static enum ob_status read_member(struct ctx *c, const yaml_node_t *m,
				  enum ob_split_rule rule,
				  struct ob_alliance_member *x)
{
	static const int required[] = {AM_PARTY};
	int want = rule == OB_SPLIT_FIXED ? AM_SHARE : AM_VALUE;
	int other = rule == OB_SPLIT_FIXED ? AM_VALUE : AM_SHARE;
	yaml_node_t *v[AM_NKEYS];
	enum ob_status st;

	x->line = line_of(m);
	label_by(c, m, "party", "alliance member");
	if ((st = ob_yaml_collect(&c->y, m, NULL, member_keys, AM_NKEYS, v)) ||
	    (st = ob_yaml_require(&c->y, m, member_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = get_alliance_party(c, v[AM_PARTY], &x->party)))
		return st;
	if (v[other])
		return ob_yaml_fail(
		    &c->y, v[other], OB_EINVAL,
		    "'%s' of %s is for split: %s (the split is %s; give '%s' "
		    "and leave this key out)",
		    member_keys[other], c->y.label,
		    split_rule_names[rule == OB_SPLIT_FIXED
					 ? OB_SPLIT_CONTRACT_VALUE
					 : OB_SPLIT_FIXED],
		    split_rule_names[rule], member_keys[want]);
	if (!v[want])
		return ob_yaml_fail(
		    &c->y, m, OB_EINVAL,
		    "%s has no '%s' (expected %s, as the "
		    "split is %s)",
		    c->y.label, member_keys[want],
		    rule == OB_SPLIT_FIXED
			? "its fixed share of the provider side's result, "
			  "e.g. share: 0.30"
			: "its contract value a year, e.g. contract_value: "
			  "25000000.00",
		    split_rule_names[rule]);
	if (rule == OB_SPLIT_FIXED)
		return get_member_share(c, v[AM_SHARE], &x->share);
	return get_member_value(c, v[AM_VALUE], &x->contract_value);
}

/* Fixed shares that do not sum to 1 leave pennies unallocated (or
 * allocate more than there is): 1 with the message. */
static int alliance_sum_wrong(const struct ob_alliance_rule *a, char *out,
			      size_t size)
{
	double sum = 0;

	if (!a->present || a->rule != OB_SPLIT_FIXED)
		return 0;
	for (size_t i = 0; i < a->n_members; i++)
		sum += a->members[i].share;
	if (fabs(sum - 1) <= 1e-9)
		return 0;
	snprintf(out, size,
		 "the shares of the alliance members sum to %.10g (expected "
		 "fixed shares that sum to 1, so that every penny of the "
		 "provider side's result is allocated, e.g. 0.30, 0.25, "
		 "0.20, 0.15 and 0.10)",
		 sum);
	return 1;
}

static enum ob_status read_alliance_rule(struct ctx *c, const yaml_node_t *m)
{
	static const int required[] = {AL_SPLIT, AL_MEMBERS};
	struct ob_alliance_rule *a = &c->k->alliance_rule;
	yaml_node_t *v[AL_NKEYS];
	enum ob_status st;
	char msg[OB_ERROR_MSG_MAX];
	size_t len;
	int rule;

	memset(a, 0, sizeof(*a));
	if (!m)
		return OB_OK;
	a->present = 1;
	a->line = line_of(m);
	snprintf(c->y.label, sizeof(c->y.label), "the 'alliance' section");
	if ((st =
		 ob_yaml_collect(&c->y, m, NULL, alliance_keys, AL_NKEYS, v)) ||
	    (st = ob_yaml_require(&c->y, m, alliance_keys, v, required,
				  COUNT_OF(required))) ||
	    (st = ob_yaml_get_enum(&c->y, v[AL_SPLIT], "split", "split rule",
				   split_rule_names, COUNT_OF(split_rule_names),
				   &rule)))
		return st;
	a->rule = (enum ob_split_rule)rule;
	if ((st = list_in(c, v[AL_MEMBERS], "members", "the 'alliance' section",
			  "alliance members: {party, share} or {party, "
			  "contract_value}",
			  sizeof(*a->members), (void **)&a->members, &len)))
		return st;
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *item = ob_yaml_seq_item(&c->y, v[AL_MEMBERS], i);
		struct ob_alliance_member *x = &a->members[i];

		if ((st = read_member(c, item, a->rule, x)))
			return st;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(a->members[j].party, x->party))
				return ob_yaml_fail(
				    &c->y, value_of(c, item, "party"),
				    OB_EINVAL,
				    "duplicate alliance member '%s' (first "
				    "on line %ld; each alliance party is "
				    "listed at most once)",
				    x->party, a->members[j].line);
		a->n_members = i + 1;
	}
	if (alliance_sum_wrong(a, msg, sizeof(msg)))
		return ob_yaml_fail(&c->y, v[AL_MEMBERS], OB_EINVAL, "%s", msg);
	return OB_OK;
}

/* ------------------------------------------------------------------ */

/*
 * The top-level sections, read in this order.  `read` gets NULL for an
 * optional section that is absent (to set its defaults).
 */
static const struct section {
	const char *key;
	int required;
	enum ob_status (*read)(struct ctx *c, const yaml_node_t *n);
} sections[] = {
    {"contract", 1, read_header},
    {"parties", 1, read_parties},
    {"years", 1, read_years},
    {"scheduled_variations", 0, read_variations},
    {"budget_lines", 1, read_lines},
    {"top_slices", 0, read_top_slices},
    {"assumptions", 1, read_assumptions},
    {"capitation", 0, read_capitation},
    {"incentives", 0, read_incentives},
    {"risk_share", 0, read_risk_share},
    {"out_of_area", 0, read_out_of_area},
    {"alliance", 0, read_alliance_rule},
};
#define NSECTIONS COUNT_OF(sections)

static enum ob_status read_contract(struct ob_yaml *y, yaml_node_t *root,
				    void *arg)
{
	struct ctx *c = arg;
	const char *keys[NSECTIONS];
	yaml_node_t *v[NSECTIONS];
	int required[NSECTIONS];
	size_t nrequired = 0;
	enum ob_status st;

	if (root->type != YAML_MAPPING_NODE)
		return ob_yaml_fail(y, root, OB_EINVAL,
				    "expected a contract: a mapping with "
				    "contract, parties, years, budget_lines "
				    "and assumptions");
	for (size_t i = 0; i < NSECTIONS; i++) {
		keys[i] = sections[i].key;
		if (sections[i].required)
			required[nrequired++] = (int)i;
	}
	snprintf(y->label, sizeof(y->label), "the contract file");
	if ((st = ob_yaml_collect(y, root, NULL, keys, NSECTIONS, v)) ||
	    (st = ob_yaml_require(y, root, keys, v, required, nrequired)))
		return st;
	for (size_t i = 0; i < NSECTIONS; i++)
		if ((st = sections[i].read(c, v[i])))
			return st;
	return OB_OK;
}

enum ob_status ob_contract_parse(const char *text, size_t len,
				 const char *source, struct ob_contract **out,
				 struct ob_error *err)
{
	struct ob_contract *k;
	struct ctx c;
	enum ob_status st;
	char *copy;

	*out = NULL;
	ob_error_clear(err);
	memset(&c, 0, sizeof(c));
	c.y.source = source ? source : "contract";
	c.y.what = "the contract";
	c.y.err = err;
	k = calloc(1, sizeof(*k));
	if (!k)
		return ob_yaml_nomem(&c.y);
	ob_arena_init(&k->arena, 16 * 1024);
	c.k = k;
	c.y.arena = &k->arena;
	copy = ob_arena_strndup(&k->arena, text, len);
	k->source = ob_arena_strndup(&k->arena, c.y.source, strlen(c.y.source));
	if (!copy || !k->source) {
		ob_contract_free(k);
		return ob_yaml_nomem(&c.y);
	}
	k->text = copy;
	k->text_len = len;
	st = ob_sha256_hex(text, len, k->sha256, err);
	if (!st)
		st = ob_yaml_read(&c.y, text, len,
				  "a contract: contract, parties, years, "
				  "budget_lines and assumptions",
				  "contract", read_contract, &c);
	if (st) {
		ob_contract_free(k);
		return st;
	}
	*out = k;
	return OB_OK;
}

enum ob_status ob_contract_load_default(struct ob_contract **out,
					struct ob_error *err)
{
	const struct ob_refdata_file *f =
	    ob_refdata_find("contracts/westminster.yaml");

	*out = NULL;
	if (!f)
		return ob_error_set(err, OB_ENOTFOUND, NULL, 0, 0,
				    "the shipped contract "
				    "'contracts/westminster.yaml' is not "
				    "embedded in this build");
	return ob_contract_parse((const char *)f->data, f->len,
				 "westminster.yaml", out, err);
}

enum ob_status ob_contract_load_file(const char *path, struct ob_contract **out,
				     struct ob_error *err)
{
	struct ob_buf b = OB_BUF_INIT;
	enum ob_status st = OB_OK;
	char chunk[65536];
	size_t n;
	FILE *f;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f)
		return ob_error_set(err, OB_EIO, path, 0, 0,
				    "cannot open the contract: %s",
				    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > MAX_CONTRACT_BYTES) {
			st = ob_error_set(err, OB_EINVAL, path, 0, 0,
					  "the file is larger than %u bytes "
					  "(expected a contract file)",
					  MAX_CONTRACT_BYTES);
			break;
		}
		if (ob_buf_add(&b, chunk, n)) {
			st = ob_error_set(err, OB_ENOMEM, path, 0, 0,
					  "out of memory reading the "
					  "contract");
			break;
		}
	}
	if (!st && ferror(f))
		st = ob_error_set(err, OB_EIO, path, 0, 0,
				  "cannot read the contract: %s",
				  strerror(errno));
	fclose(f);
	if (!st)
		st = ob_contract_parse(b.len ? b.data : "", b.len, path, out,
				       err);
	ob_buf_release(&b);
	return st;
}

void ob_contract_free(struct ob_contract *c)
{
	if (!c)
		return;
	ob_arena_release(&c->arena);
	free(c);
}

/* ------------------------------------------------------------------ */

const struct ob_budget_line *ob_contract_line(const struct ob_contract *c,
					      const char *id)
{
	for (size_t i = 0; i < c->n_lines; i++)
		if (!strcmp(c->lines[i].id, id))
			return &c->lines[i];
	return NULL;
}

const struct ob_party *ob_contract_party(const struct ob_contract *c,
					 const char *id)
{
	for (size_t i = 0; i < c->n_parties; i++)
		if (!strcmp(c->parties[i].id, id))
			return &c->parties[i];
	return NULL;
}

const struct ob_variation *ob_contract_variation(const struct ob_contract *c,
						 const char *id)
{
	for (size_t i = 0; i < c->n_variations; i++)
		if (!strcmp(c->variations[i].id, id))
			return &c->variations[i];
	return NULL;
}

const struct ob_assumptions *
ob_contract_assumptions(const struct ob_contract *c, ob_fy year)
{
	if (year <= c->base || year > c->last ||
	    (size_t)(year - c->base - 1) >= c->n_assumptions)
		return NULL;
	return &c->assumptions[year - c->base - 1];
}

int ob_contract_line_in_scope(const struct ob_contract *c,
			      const struct ob_budget_line *line, ob_fy year)
{
	return line->scope != OB_SCOPE_OUT && line->from <= year &&
	       year <= c->last;
}

ob_pence ob_budget_line_held_value(const struct ob_budget_line *line)
{
	if (line->scope == OB_SCOPE_OUT)
		return 0;
	if (line->scope == OB_SCOPE_IN)
		return line->base_value;
	return ob_pence_round((double)line->base_value * line->share);
}

size_t ob_contract_scope(const struct ob_contract *c, ob_fy year,
			 const struct ob_budget_line **out, ob_pence *total)
{
	size_t n = 0;
	ob_pence sum = 0;

	for (size_t i = 0; i < c->n_lines; i++)
		if (ob_contract_line_in_scope(c, &c->lines[i], year)) {
			if (out)
				out[n] = &c->lines[i];
			n++;
			sum += ob_budget_line_held_value(&c->lines[i]);
		}
	if (total)
		*total = sum;
	return n;
}

double ob_contract_pot_share(const struct ob_contract *c, ob_fy year)
{
	const struct ob_incentives *in = &c->incentives;

	if (!in->present || year < c->shadow ||
	    (size_t)(year - c->shadow) >= in->n_pot)
		return 0;
	return in->pot[year - c->shadow].share;
}

int ob_outcome_paid(const struct ob_contract *c,
		    const struct ob_incentive_outcome *o, ob_fy year)
{
	if (o->baseline_year && year == o->baseline_year)
		return 1;
	return o->from <= year && year <= c->last;
}

const struct ob_incentive_outcome *
ob_contract_outcome(const struct ob_contract *c, const char *metric)
{
	for (size_t i = 0; i < c->incentives.n_outcomes; i++)
		if (!strcmp(c->incentives.outcomes[i].metric, metric))
			return &c->incentives.outcomes[i];
	return NULL;
}

/* "a, b or c": the catalogue's metrics of `category`, for messages. */
static void metrics_of_category(const struct ob_catalogue *cat,
				enum ob_metric_category category, char *out,
				size_t size)
{
	size_t total = 0, k = 0, used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < cat->n; i++)
		total += cat->metrics[i].category == category;
	if (!total)
		snprintf(out, size, "none in the catalogue");
	for (size_t i = 0; i < cat->n; i++) {
		int w;

		if (cat->metrics[i].category != category)
			continue;
		k++;
		w = snprintf(out + used, size - used, "%s%s",
			     k == 1	  ? ""
			     : k == total ? " or "
					  : ", ",
			     cat->metrics[i].id);
		if (w < 0 || (size_t)w >= size - used)
			return;
		used += (size_t)w;
	}
}

/* One reference: `what` ("outcome", "national standard") on `metric` at
 * line:column must be a metric of `category` with a direction. */
static enum ob_status
check_reference(const struct ob_contract *c, const struct ob_catalogue *cat,
		const char *what, const char *metric, long line, long column,
		enum ob_metric_category category, struct ob_error *err)
{
	const struct ob_metric *m = ob_catalogue_find(cat, metric);
	char list[320];

	if (m && m->category == category && m->direction != OB_NO_DIRECTION)
		return OB_OK;
	metrics_of_category(cat, category, list, sizeof(list));
	if (!m)
		return ob_error_set(err, OB_EINVAL, c->source, line, column,
				    "%s '%s' is not a metric of the outcomes "
				    "catalogue (expected a %s metric: %s)",
				    what, metric, ob_category_name(category),
				    list);
	if (m->category != category)
		return ob_error_set(err, OB_EINVAL, c->source, line, column,
				    "%s '%s' is a %s metric of the outcomes "
				    "catalogue (expected a %s metric: %s)",
				    what, metric, ob_category_name(m->category),
				    ob_category_name(category), list);
	return ob_error_set(err, OB_EINVAL, c->source, line, column,
			    "%s '%s' is on a metric with no_direction "
			    "(expected a metric that is higher_is_better or "
			    "lower_is_better, so that it can be judged)",
			    what, metric);
}

enum ob_status ob_contract_check_catalogue(const struct ob_contract *c,
					   const struct ob_catalogue *cat,
					   struct ob_error *err)
{
	const struct ob_incentives *in = &c->incentives;
	enum ob_status st;

	ob_error_clear(err);
	for (size_t i = 0; i < in->n_outcomes; i++) {
		const struct ob_incentive_outcome *o = &in->outcomes[i];

		if ((st = check_reference(c, cat, "outcome", o->metric,
					  o->metric_line, o->metric_column,
					  OB_CAT_PAY_FOR_PERFORMANCE, err)))
			return st;
	}
	for (size_t i = 0; i < in->n_standards; i++) {
		const struct ob_national_standard *s = &in->standards[i];

		if ((st = check_reference(
			 c, cat, "national standard", s->metric, s->metric_line,
			 s->metric_column, OB_CAT_NATIONAL_STANDARD, err)))
			return st;
	}
	return OB_OK;
}

const struct ob_risk_year *ob_contract_risk_year(const struct ob_contract *c,
						 ob_fy year)
{
	const struct ob_risk_share *r = &c->risk_share;

	if (!r->present || year < c->shadow ||
	    (size_t)(year - c->shadow) >= r->n_years)
		return NULL;
	return &r->years[year - c->shadow];
}

const struct ob_pool *ob_contract_pool(const struct ob_contract *c,
				       const char *id)
{
	for (size_t i = 0; i < c->risk_share.n_pools; i++)
		if (!strcmp(c->risk_share.pools[i].id, id))
			return &c->risk_share.pools[i];
	return NULL;
}

const struct ob_local_price *
ob_contract_local_price(const struct ob_contract *c, const char *provider,
			const char *hrg, const char *pod)
{
	const struct ob_out_of_area *o = &c->out_of_area;
	const struct ob_local_price *any = NULL;

	for (size_t i = 0; i < o->n_local_prices; i++) {
		const struct ob_local_price *p = &o->local_prices[i];

		if (strcmp(p->hrg, hrg) || strcmp(p->pod, pod))
			continue;
		if (!p->provider) {
			if (!any)
				any = p;
		} else if (provider && !strcmp(p->provider, provider)) {
			return p;
		}
	}
	return any;
}

/* ------------------------------------------------------------------ */
/* what-if: one term changed in memory, checked by the file's rule */

#define WHAT_IF_KEYS                                                           \
	"risk_share.YEAR.FIELD, incentives.pot.YEAR, alliance.MEMBER.share "   \
	"or alliance.MEMBER.contract_value"

/* The term an assignment changes, and a copy of it being read. */
struct what_if {
	struct ctx c;
	enum { WI_RISK, WI_POT, WI_SHARE, WI_VALUE } kind;
	const struct risk_field *field;
	struct ob_risk_year *year; /* WI_RISK: the term, and its copy */
	struct ob_risk_year year_copy;
	struct ob_pot_year *pot;	   /* WI_POT */
	struct ob_alliance_member *member; /* WI_SHARE, WI_VALUE */
	double share;
	ob_pence value;
};

static enum ob_status what_if_value(struct ob_yaml *y, yaml_node_t *n,
				    void *arg)
{
	struct what_if *w = arg;

	(void)y;
	switch (w->kind) {
	case WI_RISK:
		return read_risk_field(&w->c, w->field, n, &w->year_copy);
	case WI_POT:
		return get_pot_share(&w->c, n, &w->share);
	case WI_SHARE:
		return get_member_share(&w->c, n, &w->share);
	case WI_VALUE:
		return get_member_value(&w->c, n, &w->value);
	}
	return OB_OK;
}

/* A financial year from a key; 0 when it is not one. */
static ob_fy what_if_year(const char *s, size_t len)
{
	ob_fy fy;

	if (ob_fy_parse(s, len, &fy, NULL))
		return 0;
	return fy;
}

/* risk_share.YEAR.FIELD; `rest` is YEAR.FIELD. */
static enum ob_status what_if_risk(struct ob_contract *c, const char *key,
				   const char *rest, struct what_if *w,
				   struct ob_error *err)
{
	const char *dot = strchr(rest, '.'), *names[N_RISK_FIELDS];
	const struct ob_risk_year *ry;
	char list[200], a[8], b[8];
	ob_fy year;
	int f;

	if (!c->risk_share.present)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': the contract has no "
				    "'risk_share' section",
				    key);
	if (!dot)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': expected "
				    "risk_share.YEAR.FIELD, e.g. "
				    "risk_share.2021/22.gain_share",
				    key);
	year = what_if_year(rest, (size_t)(dot - rest));
	fy_text(c->shadow, a);
	fy_text(c->last, b);
	ry = year ? ob_contract_risk_year(c, year) : NULL;
	if (!ry)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': '%.*s' is not a year of the "
				    "risk share (expected a year from the "
				    "shadow year %s to the last year %s, e.g. "
				    "%s)",
				    key, (int)(dot - rest), rest, a, b, b);
	for (size_t i = 0; i < N_RISK_FIELDS; i++)
		names[i] = risk_fields[i].key;
	f = ob_yaml_find_name(names, N_RISK_FIELDS, dot + 1);
	if (f < 0) {
		ob_yaml_join_names(list, sizeof(list), names, N_RISK_FIELDS);
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': unknown field (expected "
				    "%s)",
				    key, list);
	}
	w->kind = WI_RISK;
	w->field = &risk_fields[f];
	w->year = &c->risk_share.years[ry - c->risk_share.years];
	w->year_copy = *ry;
	fy_text(year, a);
	snprintf(w->c.y.label, sizeof(w->c.y.label), "the risk share of %s", a);
	return OB_OK;
}

/* incentives.pot.YEAR; `rest` is what follows "incentives.". */
static enum ob_status what_if_pot(struct ob_contract *c, const char *key,
				  const char *rest, struct what_if *w,
				  struct ob_error *err)
{
	struct ob_incentives *in = &c->incentives;
	char a[8], b[8];
	ob_fy year;

	if (strncmp(rest, "pot.", 4))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': unknown key (expected "
				    "%s)",
				    key, WHAT_IF_KEYS);
	if (!in->present)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': the contract has no "
				    "'incentives' section",
				    key);
	year = what_if_year(rest + 4, strlen(rest + 4));
	fy_text(c->shadow, a);
	fy_text(c->last, b);
	if (!year || year < c->shadow ||
	    (size_t)(year - c->shadow) >= in->n_pot)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': '%s' is not a year of the "
				    "pot (expected a year from the shadow year "
				    "%s to the last year %s, e.g. %s)",
				    key, rest + 4, a, b, b);
	w->kind = WI_POT;
	w->pot = &in->pot[year - c->shadow];
	fy_text(year, a);
	snprintf(w->c.y.label, sizeof(w->c.y.label), "the pot of %s", a);
	return OB_OK;
}

/* alliance.MEMBER.share or alliance.MEMBER.contract_value. */
static enum ob_status what_if_member(struct ob_contract *c, const char *key,
				     const char *rest, struct what_if *w,
				     struct ob_error *err)
{
	struct ob_alliance_rule *a = &c->alliance_rule;
	const char *dot = strchr(rest, '.'), *ids[16];
	const char *field;
	char list[300];
	size_t m = 0, len;
	int fixed = a->rule == OB_SPLIT_FIXED;

	if (!a->present)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': the contract has no "
				    "'alliance' section",
				    key);
	if (!dot)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': expected "
				    "alliance.MEMBER.%s, e.g. alliance.%s.%s",
				    key, fixed ? "share" : "contract_value",
				    a->members[0].party,
				    fixed ? "share" : "contract_value");
	len = (size_t)(dot - rest);
	field = dot + 1;
	for (size_t i = 0; i < a->n_members; i++) {
		const char *p = a->members[i].party;

		if (strlen(p) == len && !strncmp(p, rest, len))
			w->member = &a->members[i];
		if (m < COUNT_OF(ids))
			ids[m++] = p;
	}
	if (!w->member) {
		ob_yaml_join_names(list, sizeof(list), ids, m);
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': '%.*s' is not a member of "
				    "the alliance split (expected %s)",
				    key, (int)len, rest, list);
	}
	if (strcmp(field, "share") && strcmp(field, "contract_value"))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': unknown field (expected "
				    "share or contract_value)",
				    key);
	if (fixed != !strcmp(field, "share"))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': the alliance split is %s "
				    "(expected alliance.%s.%s)",
				    key, split_rule_names[a->rule],
				    w->member->party,
				    fixed ? "share" : "contract_value");
	w->kind = fixed ? WI_SHARE : WI_VALUE;
	snprintf(w->c.y.label, sizeof(w->c.y.label), "alliance member '%s'",
		 w->member->party);
	return OB_OK;
}

/* Keep the assignment, in the contract's arena, for the record. */
static enum ob_status what_if_record(struct ob_contract *c,
				     const char *assignment,
				     struct ob_error *err)
{
	const char **list = ob_arena_alloc(
	    &c->arena, (c->n_what_if + 1) * sizeof(*c->what_if_assignments));
	char *copy =
	    ob_arena_strndup(&c->arena, assignment, strlen(assignment));

	if (!list || !copy)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0,
				    "out of memory applying a what-if");
	if (c->n_what_if)
		memcpy(list, c->what_if_assignments,
		       c->n_what_if * sizeof(*list));
	list[c->n_what_if] = copy;
	c->what_if_assignments = list;
	c->n_what_if++;
	return OB_OK;
}

enum ob_status ob_contract_what_if(struct ob_contract *c,
				   const char *assignment, struct ob_error *err)
{
	const char *eq = strchr(assignment, '='), *value;
	struct ob_error verr;
	struct what_if w;
	enum ob_status st;
	char key[128];
	size_t klen;

	ob_error_clear(err);
	if (!eq || eq == assignment)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%.100s' is not an assignment "
				    "(expected KEY=VALUE, e.g. "
				    "risk_share.2021/22.gain_share=0.5)",
				    assignment);
	klen = (size_t)(eq - assignment);
	if (klen >= sizeof(key))
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%.60s...': the key is too long "
				    "(expected %s)",
				    assignment, WHAT_IF_KEYS);
	memcpy(key, assignment, klen);
	key[klen] = '\0';
	value = eq + 1;
	if (!value[strspn(value, " \t")])
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': no value (expected "
				    "KEY=VALUE, e.g. "
				    "risk_share.2021/22.gain_share=0.5)",
				    key);
	memset(&w, 0, sizeof(w));
	w.c.k = c;
	w.c.y.source = "what-if";
	w.c.y.what = "a what-if";
	w.c.y.err = &verr;
	w.c.y.arena = &c->arena;
	if (!strncmp(key, "risk_share.", 11))
		st = what_if_risk(c, key, key + 11, &w, err);
	else if (!strncmp(key, "incentives.", 11))
		st = what_if_pot(c, key, key + 11, &w, err);
	else if (!strncmp(key, "alliance.", 9))
		st = what_if_member(c, key, key + 9, &w, err);
	else
		st = ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				  "what-if '%s': unknown key (expected %s)",
				  key, WHAT_IF_KEYS);
	if (st)
		return st;
	/* The value is read as YAML, as it would be in the file. */
	ob_error_clear(&verr);
	st = ob_yaml_read(&w.c.y, value, strlen(value), "a value", "value",
			  what_if_value, &w);
	if (st == OB_ENOMEM)
		return ob_error_set(err, st, NULL, 0, 0, "%s", verr.msg);
	if (st)
		return ob_error_set(err, OB_EINVAL, NULL, 0, 0,
				    "what-if '%s': %s", key, verr.msg);
	if ((st = what_if_record(c, assignment, err)))
		return st;
	switch (w.kind) {
	case WI_RISK:
		*w.year = w.year_copy;
		break;
	case WI_POT:
		w.pot->share = w.share;
		break;
	case WI_SHARE:
		w.member->share = w.share;
		break;
	case WI_VALUE:
		w.member->contract_value = w.value;
		break;
	}
	c->what_if = 1;
	return OB_OK;
}

enum ob_status ob_contract_check(const struct ob_contract *c,
				 struct ob_error *err)
{
	const char *pre = c->what_if ? "with the what-if assignments, " : "";
	const struct ob_risk_share *r = &c->risk_share;
	char msg[OB_ERROR_MSG_MAX];
	size_t i;

	ob_error_clear(err);
	for (i = 0; i < r->n_years; i++)
		if (loss_cap_without_share(&r->years[i], msg, sizeof(msg)))
			return ob_error_set(err, OB_EINVAL, c->source,
					    r->years[i].line, 0, "%s%s", pre,
					    msg);
	if (alliance_sum_wrong(&c->alliance_rule, msg, sizeof(msg)))
		return ob_error_set(err, OB_EINVAL, c->source,
				    c->alliance_rule.line, 0, "%s%s", pre, msg);
	if (pot_unpaid(c, &i, msg, sizeof(msg)))
		return ob_error_set(err, OB_EINVAL, c->source,
				    c->incentives.pot[i].line, 0, "%s%s", pre,
				    msg);
	return OB_OK;
}
