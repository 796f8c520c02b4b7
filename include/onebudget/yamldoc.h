/*
 * yamldoc.h - reading a validated file format from a libyaml document
 * (internal to the library: the outcomes catalogue and the contract).
 *
 * libyaml loads the whole document into a node tree in which every node
 * keeps its start position.  A reader walks the tree with these helpers,
 * which check one value each and, on a fault, fill the `struct ob_error`
 * of the context with `source:line:column` of the node and a message that
 * names the key, the subject (`label`) and what was expected, e.g.
 *
 *     'share' of budget line 'ACUTE' is 'ten' (expected a number)
 *
 * Every helper returns OB_OK or the status it recorded (OB_EINVAL for a
 * value that breaks a rule, OB_EPARSE for a malformed tree, OB_ENOMEM), so
 * a reader chains them with `if ((st = ...)) return st;`.
 *
 * Strings returned by the helpers are copies in the context's arena and
 * live as long as it; nothing points into the document, which the caller
 * deletes after reading.
 */
#ifndef ONEBUDGET_YAMLDOC_H
#define ONEBUDGET_YAMLDOC_H

#include <stddef.h>

#include <yaml.h>

#include "onebudget/arena.h"
#include "onebudget/date.h"
#include "onebudget/error.h"
#include "onebudget/money.h"

struct ob_yaml {
	const char *source;   /* names the input in messages */
	const char *what;     /* "the outcomes catalogue": for out of memory */
	yaml_document_t *doc; /* the document being read */
	struct ob_error *err; /* may be NULL */
	struct ob_arena *arena; /* owns the strings the helpers return */
	char label[160];	/* the subject of messages: "metric 'x'" */
};

/*
 * Load the single YAML document of `len` bytes of `text` and hand its root
 * to `read`, then make sure nothing follows it.  Faults: malformed YAML
 * (OB_EPARSE at libyaml's position: "malformed YAML: ..."), an empty input
 * ("the file is empty (expected <expected>)" at 1:1) and a second document
 * ("a second YAML document (expected one <noun> per file)"); the second
 * document is only looked at when `read` succeeded.  `y->doc` is set while
 * `read` runs and cleared afterwards.
 */
typedef enum ob_status (*ob_yaml_reader)(struct ob_yaml *y, yaml_node_t *root,
					 void *arg);
enum ob_status ob_yaml_read(struct ob_yaml *y, const char *text, size_t len,
			    const char *expected, const char *noun,
			    ob_yaml_reader read, void *arg);

/* Record a fault at `n`'s start position (no position when n is NULL). */
enum ob_status ob_yaml_fail(struct ob_yaml *y, const yaml_node_t *n,
			    enum ob_status code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "out of memory reading <what>". */
enum ob_status ob_yaml_nomem(struct ob_yaml *y);

/* The node with document id `id`, or NULL. */
yaml_node_t *ob_yaml_node(const struct ob_yaml *y, int id);
/* The value of a scalar node (NUL-terminated by libyaml). */
const char *ob_yaml_scalar(const yaml_node_t *n);
/* Items of a sequence node. */
size_t ob_yaml_seq_len(const yaml_node_t *n);
yaml_node_t *ob_yaml_seq_item(const struct ob_yaml *y, const yaml_node_t *n,
			      size_t i);

/* "a, b or c" from a name table (NULL entries skipped) into `out`. */
void ob_yaml_join_names(char *out, size_t size, const char *const *names,
			size_t n);
/* Index of `s` in names[0..n), or -1. */
int ob_yaml_find_name(const char *const *names, size_t n, const char *s);

/*
 * Collect the values of a mapping into vals[] by key index (NULL when a
 * key is absent); unknown, duplicate and non-scalar keys are faults.
 * `kind` is the kind of object ("metric"): the label becomes
 * "metric 'id'" when the mapping has a scalar id, else "a metric".  With
 * kind NULL the caller has set the label.
 */
enum ob_status ob_yaml_collect(struct ob_yaml *y, const yaml_node_t *map,
			       const char *kind, const char *const *keys,
			       size_t nkeys, yaml_node_t **vals);
/* Every key named in `required` (indexes into keys[]) must be present:
 * "<label> has no '<key>' (a required key)" at the mapping. */
enum ob_status ob_yaml_require(struct ob_yaml *y, const yaml_node_t *map,
			       const char *const *keys, yaml_node_t **vals,
			       const int *required, size_t nrequired);

/*
 * Values.  `key` is the key the value belongs to; the label names whose
 * it is.  Each checks the node's type and its text.
 */
enum ob_status ob_yaml_want_scalar(struct ob_yaml *y, const yaml_node_t *n,
				   const char *key, const char *expected);
enum ob_status ob_yaml_want_seq(struct ob_yaml *y, const yaml_node_t *n,
				const char *key, const char *expected);
/* A non-empty string without NUL, copied into the arena. */
enum ob_status ob_yaml_get_string(struct ob_yaml *y, const yaml_node_t *n,
				  const char *key, const char **out);
/* Identifiers: a lower-case letter, then lower-case letters, digits and
 * '_', at most 64. */
int ob_yaml_valid_id(const char *s);
enum ob_status ob_yaml_get_id(struct ob_yaml *y, const yaml_node_t *n,
			      const char *key, const char **out);
/* Codes: an upper-case letter, then upper-case letters, digits and '_',
 * at most 32 (budget line codes of the ledger). */
int ob_yaml_valid_code(const char *s);
enum ob_status ob_yaml_get_code(struct ob_yaml *y, const yaml_node_t *n,
				const char *key, const char **out);
/* One of the names of names[0..count) (NULL entries are not names);
 * `what` names the kind of value in the message ("unknown method"). */
enum ob_status ob_yaml_get_enum(struct ob_yaml *y, const yaml_node_t *n,
				const char *key, const char *what,
				const char *const *names, size_t count,
				int *out);
/* A finite decimal number (strtod syntax, starting with a sign, a digit
 * or '.'). */
enum ob_status ob_yaml_get_number(struct ob_yaml *y, const yaml_node_t *n,
				  const char *key, double *out);
/* A whole number from lo to hi. */
enum ob_status ob_yaml_get_int(struct ob_yaml *y, const yaml_node_t *n,
			       const char *key, long lo, long hi, long *out);
/* true or false. */
enum ob_status ob_yaml_get_bool(struct ob_yaml *y, const yaml_node_t *n,
				const char *key, int *out);
/* Money: pounds with up to two decimals, exactly (ob_pence_parse). */
enum ob_status ob_yaml_get_money(struct ob_yaml *y, const yaml_node_t *n,
				 const char *key, ob_pence *out);
/* A financial year "2019/20" (ob_fy_parse; "2019-20" also accepted). */
enum ob_status ob_yaml_get_fy(struct ob_yaml *y, const yaml_node_t *n,
			      const char *key, ob_fy *out);
/* A list of at least one and at most `max` (0: any number) strings. */
enum ob_status ob_yaml_get_string_list(struct ob_yaml *y, const yaml_node_t *n,
				       const char *key, const char *expected,
				       size_t max, const char ***out,
				       size_t *nout);

#endif
