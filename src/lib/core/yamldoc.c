/*
 * yamldoc.c - reading a validated format from a libyaml document; see
 * yamldoc.h.  Moved out of the outcomes catalogue's reader so that the
 * catalogue and the contract share one set of checks and messages.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "onebudget/yamldoc.h"
#include "onebudget/banned.h"

enum ob_status ob_yaml_fail(struct ob_yaml *y, const yaml_node_t *n,
			    enum ob_status code, const char *fmt, ...)
{
	char msg[OB_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ob_error_set(y->err, code, y->source,
			    n ? (long)n->start_mark.line + 1 : 0,
			    n ? (long)n->start_mark.column + 1 : 0, "%s", msg);
}

enum ob_status ob_yaml_nomem(struct ob_yaml *y)
{
	return ob_error_set(y->err, OB_ENOMEM, y->source, 0, 0,
			    "out of memory reading %s",
			    y->what ? y->what : "a YAML file");
}

yaml_node_t *ob_yaml_node(const struct ob_yaml *y, int id)
{
	return yaml_document_get_node(y->doc, id);
}

const char *ob_yaml_scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

size_t ob_yaml_seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top -
			n->data.sequence.items.start);
}

yaml_node_t *ob_yaml_seq_item(const struct ob_yaml *y, const yaml_node_t *n,
			      size_t i)
{
	return ob_yaml_node(y, n->data.sequence.items.start[i]);
}

void ob_yaml_join_names(char *out, size_t size, const char *const *names,
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

int ob_yaml_find_name(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return (int)i;
	return -1;
}

enum ob_status ob_yaml_want_scalar(struct ob_yaml *y, const yaml_node_t *n,
				   const char *key, const char *expected)
{
	if (n->type == YAML_SCALAR_NODE)
		return OB_OK;
	return ob_yaml_fail(y, n, OB_EINVAL, "'%s' of %s must be %s", key,
			    y->label, expected);
}

enum ob_status ob_yaml_get_string(struct ob_yaml *y, const yaml_node_t *n,
				  const char *key, const char **out)
{
	enum ob_status st = ob_yaml_want_scalar(y, n, key, "a string");
	char *s;

	if (st)
		return st;
	if (n->data.scalar.length == 0)
		return ob_yaml_fail(
		    y, n, OB_EINVAL,
		    "'%s' of %s is empty (expected a non-empty string)", key,
		    y->label);
	if (memchr(n->data.scalar.value, '\0', n->data.scalar.length))
		return ob_yaml_fail(y, n, OB_EINVAL,
				    "'%s' of %s contains a NUL character", key,
				    y->label);
	s = ob_arena_strndup(y->arena, ob_yaml_scalar(n),
			     n->data.scalar.length);
	if (!s)
		return ob_yaml_nomem(y);
	*out = s;
	return OB_OK;
}

int ob_yaml_valid_id(const char *s)
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

enum ob_status ob_yaml_get_id(struct ob_yaml *y, const yaml_node_t *n,
			      const char *key, const char **out)
{
	enum ob_status st = ob_yaml_get_string(y, n, key, out);

	if (st)
		return st;
	if (!ob_yaml_valid_id(*out))
		return ob_yaml_fail(y, n, OB_EINVAL,
				    "'%s' of %s is '%s' (expected an "
				    "identifier: a lower-case letter, then "
				    "lower-case letters, digits or '_', at "
				    "most 64)",
				    key, y->label, *out);
	return OB_OK;
}

int ob_yaml_valid_code(const char *s)
{
	size_t i;

	if (!(*s >= 'A' && *s <= 'Z'))
		return 0;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return i <= 32;
}

enum ob_status ob_yaml_get_code(struct ob_yaml *y, const yaml_node_t *n,
				const char *key, const char **out)
{
	enum ob_status st = ob_yaml_get_string(y, n, key, out);

	if (st)
		return st;
	if (!ob_yaml_valid_code(*out))
		return ob_yaml_fail(y, n, OB_EINVAL,
				    "'%s' of %s is '%.60s' (expected a code: "
				    "an upper-case letter, then upper-case "
				    "letters, digits or '_', at most 32, "
				    "e.g. MH_LD)",
				    key, y->label, *out);
	return OB_OK;
}

enum ob_status ob_yaml_get_enum(struct ob_yaml *y, const yaml_node_t *n,
				const char *key, const char *what,
				const char *const *names, size_t count,
				int *out)
{
	char list[400];
	enum ob_status st = ob_yaml_want_scalar(y, n, key, "a name");
	int v;

	if (st)
		return st;
	v = ob_yaml_find_name(names, count, ob_yaml_scalar(n));
	if (v >= 0) {
		*out = v;
		return OB_OK;
	}
	ob_yaml_join_names(list, sizeof(list), names, count);
	return ob_yaml_fail(y, n, OB_EINVAL,
			    "unknown %s '%.60s' in %s (expected %s)", what,
			    ob_yaml_scalar(n), y->label, list);
}

enum ob_status ob_yaml_get_number(struct ob_yaml *y, const yaml_node_t *n,
				  const char *key, double *out)
{
	enum ob_status st = ob_yaml_want_scalar(y, n, key, "a number");
	const char *s;
	char *end;
	double v;

	if (st)
		return st;
	s = ob_yaml_scalar(n);
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno == ERANGE || !isfinite(v) ||
	    (*s != '-' && *s != '+' && *s != '.' && (*s < '0' || *s > '9')))
		return ob_yaml_fail(y, n, OB_EINVAL,
				    "'%s' of %s is '%.60s' (expected a number)",
				    key, y->label, s);
	*out = v;
	return OB_OK;
}

enum ob_status ob_yaml_get_int(struct ob_yaml *y, const yaml_node_t *n,
			       const char *key, long lo, long hi, long *out)
{
	enum ob_status st = ob_yaml_want_scalar(y, n, key, "a whole number");
	const char *s;
	char *end;
	long v;

	if (st)
		return st;
	s = ob_yaml_scalar(n);
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno == ERANGE || v < lo || v > hi ||
	    (*s != '-' && (*s < '0' || *s > '9')))
		return ob_yaml_fail(y, n, OB_EINVAL,
				    "'%s' of %s is '%.60s' (expected a whole "
				    "number from %ld to %ld)",
				    key, y->label, s, lo, hi);
	*out = v;
	return OB_OK;
}

enum ob_status ob_yaml_get_bool(struct ob_yaml *y, const yaml_node_t *n,
				const char *key, int *out)
{
	enum ob_status st = ob_yaml_want_scalar(y, n, key, "true or false");

	if (st)
		return st;
	if (!strcmp(ob_yaml_scalar(n), "true"))
		*out = 1;
	else if (!strcmp(ob_yaml_scalar(n), "false"))
		*out = 0;
	else
		return ob_yaml_fail(
		    y, n, OB_EINVAL,
		    "'%s' of %s is '%.60s' (expected true or false)", key,
		    y->label, ob_yaml_scalar(n));
	return OB_OK;
}

enum ob_status ob_yaml_get_money(struct ob_yaml *y, const yaml_node_t *n,
				 const char *key, ob_pence *out)
{
	enum ob_status st = ob_yaml_want_scalar(
	    y, n, key, "an amount of pounds, e.g. 122000000.00");

	if (st)
		return st;
	if (ob_pence_parse(ob_yaml_scalar(n), n->data.scalar.length, out, NULL))
		return ob_yaml_fail(y, n, OB_EINVAL,
				    "'%s' of %s is '%.60s' (expected pounds "
				    "with up to two decimals, e.g. "
				    "122000000.00)",
				    key, y->label, ob_yaml_scalar(n));
	return OB_OK;
}

enum ob_status ob_yaml_get_fy(struct ob_yaml *y, const yaml_node_t *n,
			      const char *key, ob_fy *out)
{
	enum ob_status st =
	    ob_yaml_want_scalar(y, n, key, "a financial year, e.g. 2019/20");

	if (st)
		return st;
	if (ob_fy_parse(ob_yaml_scalar(n), n->data.scalar.length, out, NULL))
		return ob_yaml_fail(y, n, OB_EINVAL,
				    "'%s' of %s is '%.60s' (expected a "
				    "financial year, e.g. 2019/20)",
				    key, y->label, ob_yaml_scalar(n));
	return OB_OK;
}

enum ob_status ob_yaml_want_seq(struct ob_yaml *y, const yaml_node_t *n,
				const char *key, const char *expected)
{
	if (n->type == YAML_SEQUENCE_NODE)
		return OB_OK;
	return ob_yaml_fail(y, n, OB_EINVAL, "'%s' of %s must be a list of %s",
			    key, y->label, expected);
}

enum ob_status ob_yaml_get_string_list(struct ob_yaml *y, const yaml_node_t *n,
				       const char *key, const char *expected,
				       size_t max, const char ***out,
				       size_t *nout)
{
	enum ob_status st = ob_yaml_want_seq(y, n, key, expected);
	size_t len;
	const char **v;

	if (st)
		return st;
	len = ob_yaml_seq_len(n);
	if (len == 0)
		return ob_yaml_fail(
		    y, n, OB_EINVAL,
		    "'%s' of %s is empty (expected at least one of %s)", key,
		    y->label, expected);
	if (max && len > max)
		return ob_yaml_fail(
		    y, n, OB_EINVAL,
		    "'%s' of %s has %zu entries (expected at most %zu)", key,
		    y->label, len, max);
	v = ob_arena_alloc(y->arena, len * sizeof(*v));
	if (!v)
		return ob_yaml_nomem(y);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *item = ob_yaml_seq_item(y, n, i);

		if (!item)
			return ob_yaml_fail(y, n, OB_EPARSE,
					    "'%s' has a bad item", key);
		st = ob_yaml_get_string(y, item, key, &v[i]);
		if (st)
			return st;
	}
	*out = v;
	*nout = len;
	return OB_OK;
}

enum ob_status ob_yaml_collect(struct ob_yaml *y, const yaml_node_t *map,
			       const char *kind, const char *const *keys,
			       size_t nkeys, yaml_node_t **vals)
{
	char list[600];

	if (kind)
		snprintf(y->label, sizeof(y->label), "a%s %s",
			 strchr("aeiouAEIOU", kind[0]) ? "n" : "", kind);
	if (map->type != YAML_MAPPING_NODE)
		return ob_yaml_fail(
		    y, map, OB_EINVAL,
		    "expected %s here (a mapping of keys to values)", y->label);
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     kind && p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ob_yaml_node(y, p->key);
		yaml_node_t *v = ob_yaml_node(y, p->value);

		if (k && v && k->type == YAML_SCALAR_NODE &&
		    !strcmp(ob_yaml_scalar(k), "id") &&
		    v->type == YAML_SCALAR_NODE) {
			snprintf(y->label, sizeof(y->label), "%s '%.80s'", kind,
				 ob_yaml_scalar(v));
			break;
		}
	}
	for (size_t i = 0; i < nkeys; i++)
		vals[i] = NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ob_yaml_node(y, p->key);
		yaml_node_t *v = ob_yaml_node(y, p->value);
		int i;

		if (!k || !v)
			return ob_yaml_fail(y, map, OB_EPARSE,
					    "malformed mapping");
		if (k->type != YAML_SCALAR_NODE)
			return ob_yaml_fail(y, k, OB_EINVAL,
					    "expected a plain key in %s",
					    y->label);
		i = ob_yaml_find_name(keys, nkeys, ob_yaml_scalar(k));
		if (i < 0) {
			ob_yaml_join_names(list, sizeof(list), keys, nkeys);
			return ob_yaml_fail(
			    y, k, OB_EINVAL,
			    "unknown key '%.60s' in %s (expected %s)",
			    ob_yaml_scalar(k), y->label, list);
		}
		if (vals[i])
			return ob_yaml_fail(y, k, OB_EINVAL,
					    "duplicate key '%s' in %s", keys[i],
					    y->label);
		vals[i] = v;
	}
	return OB_OK;
}

enum ob_status ob_yaml_require(struct ob_yaml *y, const yaml_node_t *map,
			       const char *const *keys, yaml_node_t **vals,
			       const int *required, size_t nrequired)
{
	for (size_t i = 0; i < nrequired; i++)
		if (!vals[required[i]])
			return ob_yaml_fail(y, map, OB_EINVAL,
					    "%s has no '%s' (a required key)",
					    y->label, keys[required[i]]);
	return OB_OK;
}

/* Report a libyaml parser error. */
static enum ob_status yaml_fault(struct ob_yaml *y, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR)
		return ob_yaml_nomem(y);
	return ob_error_set(
	    y->err, OB_EPARSE, y->source, (long)p->problem_mark.line + 1,
	    (long)p->problem_mark.column + 1, "malformed YAML: %s%s%s",
	    p->problem ? p->problem : "unknown error", p->context ? " " : "",
	    p->context ? p->context : "");
}

enum ob_status ob_yaml_read(struct ob_yaml *y, const char *text, size_t len,
			    const char *expected, const char *noun,
			    ob_yaml_reader read, void *arg)
{
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	enum ob_status st;
	yaml_node_t *root;

	if (!yaml_parser_initialize(&parser))
		return ob_yaml_nomem(y);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		st = yaml_fault(y, &parser);
		yaml_parser_delete(&parser);
		return st;
	}
	y->doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		st = ob_error_set(y->err, OB_EINVAL, y->source, 1, 1,
				  "the file is empty (expected %s)", expected);
	} else if (!(st = read(y, root, arg))) {
		/* Only one document: anything after it is a mistake. */
		if (!yaml_parser_load(&parser, &extra)) {
			st = yaml_fault(y, &parser);
		} else {
			yaml_node_t *r2 = yaml_document_get_root_node(&extra);

			if (r2) {
				y->doc = &extra;
				st = ob_yaml_fail(y, r2, OB_EINVAL,
						  "a second YAML document "
						  "(expected one %s per file)",
						  noun);
			}
			yaml_document_delete(&extra);
		}
	}
	y->doc = NULL;
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return st;
}
