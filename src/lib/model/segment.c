/*
 * segment.c - the Bridges to Health segment rules: the parser of the rule
 * language of docs/segments.md and the evaluator; see segment.h.
 *
 * Parsing builds a small syntax tree per rule, then compiles every rule
 * into one array of clauses.  A clause is one elementary test (a fact
 * compared with a number, or a condition mask) with two successors: the
 * clause to try next when the test holds and when it fails.  A negative
 * successor ~i means "rule i decides".  'and', 'or' and 'not' become
 * nothing but successors (short-circuit "branch code"), and the false exit
 * of rule i is the entry of rule i + 1, so ob_segment_assign() is a single
 * loop over clauses with no stack, no allocation and no string work.  Every
 * successor names a clause compiled before the one that holds it, so the
 * loop always ends.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/buf.h"
#include "onebudget/codelist.h"
#include "onebudget/refdata.h"
#include "onebudget/segment.h"
#include "onebudget/banned.h"

/* The built-in rules; nesting of '(' and 'not'; elementary tests in one
 * rule set; digits of a number (exact in a double); bytes of a bad name
 * quoted back in a message. */
#define BUILTIN_NAME "segments/bridges_to_health.txt"
#define MAX_DEPTH    32
#define MAX_TESTS    ((size_t)1 << 20)
#define MAX_DIGITS   15
#define SHOW	     40

static const struct {
	const char *code;
	const char *label;
} segment_names[OB_SEG_COUNT] = {
    {"unassigned", "Not assigned"},
    [OB_SEG_HEALTHY] = {"healthy", "Healthy"},
    [OB_SEG_MATERNAL_INFANT] = {"maternal_infant",
				"Maternal and infant health"},
    [OB_SEG_ACUTELY_ILL] = {"acutely_ill", "Acutely ill"},
    [OB_SEG_CHRONIC_NORMAL_FUNCTION] = {"chronic_normal_function",
					"Chronic conditions, normal function"},
    [OB_SEG_STABLE_DISABILITY] = {"stable_disability",
				  "Stable but serious disability"},
    [OB_SEG_SHORT_DECLINE] = {"short_decline",
			      "Short period of decline before dying"},
    [OB_SEG_ORGAN_FAILURE] =
	{"organ_failure", "Limited reserve and exacerbations (organ failure)"},
    [OB_SEG_LONG_DECLINE] = {"long_decline",
			     "Long decline (frailty and dementia)"},
};

#define SEGMENT_LIST                                                           \
	"healthy, maternal_infant, acutely_ill, chronic_normal_function, "     \
	"stable_disability, short_decline, organ_failure, long_decline"

/* Condition names in rules are those of ob_condition_name() (codelist.h):
 * the enum lower-cased without OB_COND_. */
_Static_assert(OB_COND_COUNT <= 32, "conditions fit a uint32_t mask");

/* The facts of struct ob_segment_facts that rules can compare. */
enum fact {
	F_AGE,
	F_SEX,
	F_HFRS,
	F_EFI_DEFICITS,
	F_DIED_IN_YEAR,
	F_DAYS_TO_DEATH,
	F_EMERGENCY_ADMISSIONS,
	F_ELECTIVE_ADMISSIONS,
	F_AE_ATTENDANCES,
	F_MATERNITY_ADMISSIONS,
	F_IN_CARE_HOME,
	F_COUNT
};

#define FACT_FLAG	1u /* 0/1: may stand alone as a test */
#define FACT_ABSENT_NEG 2u /* negative means absent: comparisons false */

static const struct {
	const char *name;
	unsigned flags;
} facts[F_COUNT] = {
    [F_AGE] = {"age", 0},
    [F_SEX] = {"sex", 0},
    [F_HFRS] = {"hfrs", 0},
    [F_EFI_DEFICITS] = {"efi_deficits", FACT_ABSENT_NEG},
    [F_DIED_IN_YEAR] = {"died_in_year", FACT_FLAG},
    [F_DAYS_TO_DEATH] = {"days_to_death", FACT_ABSENT_NEG},
    [F_EMERGENCY_ADMISSIONS] = {"emergency_admissions", 0},
    [F_ELECTIVE_ADMISSIONS] = {"elective_admissions", 0},
    [F_AE_ATTENDANCES] = {"ae_attendances", 0},
    [F_MATERNITY_ADMISSIONS] = {"maternity_admissions", 0},
    [F_IN_CARE_HOME] = {"in_care_home", FACT_FLAG},
};

#define FACT_LIST                                                              \
	"age, sex, hfrs, efi_deficits, died_in_year, days_to_death, "          \
	"emergency_admissions, elective_admissions, ae_attendances, "          \
	"maternity_admissions, in_care_home"

enum cmp_op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE };

enum clause_kind {
	CL_COMPARE,  /* fact op value */
	CL_ANY,	     /* conditions & mask != 0 */
	CL_ALL,	     /* (conditions & mask) == mask */
	CL_ANY_YEAR, /* the same on conditions_in_year */
	CL_ALL_YEAR,
};

struct clause {
	uint8_t kind; /* enum clause_kind */
	uint8_t op;   /* enum cmp_op */
	uint8_t fact; /* enum fact */
	uint8_t absent_neg;
	uint32_t mask; /* condition bits */
	double value;
	int32_t yes, no; /* next clause, or ~rule */
};

struct rule {
	enum ob_segment segment;
	const char *why;
};

struct ob_segment_rules {
	struct clause *clauses;
	size_t nclauses;
	struct rule *rules; /* nrules + 1: the last is the healthy fallback */
	size_t nrules;
	char *why_text; /* the rules' canonical text, NUL-separated */
	int32_t entry;
};

const char *ob_segment_code(enum ob_segment s)
{
	if ((unsigned)s >= OB_SEG_COUNT)
		s = 0;
	return segment_names[s].code;
}

const char *ob_segment_label(enum ob_segment s)
{
	if ((unsigned)s >= OB_SEG_COUNT)
		s = 0;
	return segment_names[s].label;
}

/* ---------------------------------------------------------------------- */
/* Evaluation */

static double fact_value(const struct ob_segment_facts *f, unsigned fact)
{
	switch (fact) {
	case F_AGE:
		return f->age;
	case F_SEX:
		return f->sex;
	case F_HFRS:
		return f->hfrs;
	case F_EFI_DEFICITS:
		return f->efi_deficits;
	case F_DIED_IN_YEAR:
		return f->died_in_year;
	case F_DAYS_TO_DEATH:
		return f->days_to_death;
	case F_EMERGENCY_ADMISSIONS:
		return f->emergency_admissions;
	case F_ELECTIVE_ADMISSIONS:
		return f->elective_admissions;
	case F_AE_ATTENDANCES:
		return f->ae_attendances;
	case F_MATERNITY_ADMISSIONS:
		return f->maternity_admissions;
	default:
		return f->in_care_home;
	}
}

static int clause_holds(const struct clause *c,
			const struct ob_segment_facts *f)
{
	double v;

	switch (c->kind) {
	case CL_ANY:
		return (f->conditions & c->mask) != 0;
	case CL_ALL:
		return (f->conditions & c->mask) == c->mask;
	case CL_ANY_YEAR:
		return (f->conditions_in_year & c->mask) != 0;
	case CL_ALL_YEAR:
		return (f->conditions_in_year & c->mask) == c->mask;
	default:
		break;
	}
	v = fact_value(f, c->fact);
	if (c->absent_neg && v < 0)
		return 0;
	switch (c->op) {
	case OP_LT:
		return v < c->value;
	case OP_LE:
		return v <= c->value;
	case OP_GT:
		return v > c->value;
	case OP_GE:
		return v >= c->value;
	case OP_EQ:
		return v == c->value;
	default:
		return v != c->value;
	}
}

enum ob_segment ob_segment_assign(const struct ob_segment_rules *r,
				  const struct ob_segment_facts *f,
				  const char **why)
{
	int32_t pc = r->entry;
	const struct rule *rule;

	while (pc >= 0) {
		const struct clause *c = &r->clauses[pc];

		pc = clause_holds(c, f) ? c->yes : c->no;
	}
	rule = &r->rules[~pc];
	if (why)
		*why = rule->why;
	return rule->segment;
}

void ob_segment_rules_free(struct ob_segment_rules *r)
{
	if (!r)
		return;
	free(r->clauses);
	free(r->rules);
	free(r->why_text);
	free(r);
}

/* ---------------------------------------------------------------------- */
/* Parsing */

enum tok_type {
	T_EOF,
	T_NAME,
	T_NUMBER,
	T_LPAREN,
	T_RPAREN,
	T_COMMA,
	T_COLON,
	T_OP,
};

struct token {
	enum tok_type type;
	const char *s; /* the token's bytes in the input */
	size_t len;
	long line, col;
	enum cmp_op op;
	double num;
};

enum node_kind { N_TEST, N_AND, N_OR, N_NOT };

/*
 * A syntax-tree node.  The children of N_AND and N_OR are a list through
 * `next` in reverse order (last operand first), the order compile() needs.
 */
struct node {
	enum node_kind kind;
	int32_t child; /* first child, -1 none */
	int32_t next;  /* next sibling, -1 none */
	struct clause test;
};

struct rule_src {
	int32_t root;
	enum ob_segment segment;
	size_t why_off;
};

struct parser {
	const char *text;
	size_t len, pos;
	long line;
	size_t line_start;
	const char *source;
	struct ob_error *err;

	struct token tok;  /* the current token */
	struct token prev; /* the one before, for "after X" and end positions */
	int depth;

	struct node *nodes;
	size_t nnodes, anodes;
	size_t ntests;
	struct rule_src *rules;
	size_t nrules, arules;
	struct ob_buf why; /* canonical text of the rules, NUL-separated */
	size_t why_start;  /* where the current rule's text starts */
};

static int is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_name_char(int c)
{
	return is_name_start(c) || is_digit(c);
}

static int tok_is(const struct token *t, const char *word)
{
	size_t n = strlen(word);

	return t->type == T_NAME && t->len == n && !memcmp(t->s, word, n);
}

static enum ob_status fail_at(struct parser *p, long line, long col,
			      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum ob_status fail_at(struct parser *p, long line, long col,
			      const char *fmt, ...)
{
	struct ob_buf msg = OB_BUF_INIT;
	va_list ap;
	enum ob_status st;

	va_start(ap, fmt);
	st = ob_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (st)
		return ob_error_set(p->err, OB_ENOMEM, p->source, line, col,
				    "out of memory");
	st = ob_error_set(p->err, OB_EPARSE, p->source, line, col, "%s",
			  msg.data);
	ob_buf_release(&msg);
	return st;
}

/* The current token ends the rule: end of input, or a new line that starts
 * at column 1 (continuation lines start with a space or a tab). */
static int at_rule_end(const struct parser *p)
{
	return p->tok.type == T_EOF || p->tok.col == 1;
}

/* Position just after the previous token: where a missing token belongs. */
static long end_col(const struct parser *p)
{
	return p->prev.col + (long)p->prev.len;
}

static const char *end_hint(const struct parser *p)
{
	return p->tok.type == T_EOF
		   ? ""
		   : " (a continuation line starts with a space or tab)";
}

/* "'word'" for messages, at most SHOW bytes of it. */
#define QUOTED(t) (int)((t)->len < SHOW ? (t)->len : SHOW), (t)->s

/* An error about the current token: at it, or after the previous one when
 * the rule has ended. */
static enum ob_status fail_found(struct parser *p, const char *expected)
{
	if (at_rule_end(p))
		return fail_at(p, p->prev.line, end_col(p),
			       "expected %s after '%.*s' but the rule ends "
			       "here%s",
			       expected, QUOTED(&p->prev), end_hint(p));
	return fail_at(p, p->tok.line, p->tok.col,
		       "expected %s after '%.*s' but found '%.*s'", expected,
		       QUOTED(&p->prev), QUOTED(&p->tok));
}

static enum ob_status lex_number(struct parser *p, struct token *t)
{
	const char *s = p->text;
	size_t i = p->pos, digits = 0, frac = 0;
	double mant = 0, scale = 1;
	int neg = 0;

	if (s[i] == '-') {
		neg = 1;
		i++;
	}
	while (i < p->len && is_digit(s[i])) {
		mant = mant * 10 + (s[i] - '0');
		digits++;
		i++;
	}
	if (i < p->len && s[i] == '.') {
		i++;
		while (i < p->len && is_digit(s[i])) {
			mant = mant * 10 + (s[i] - '0');
			scale *= 10;
			digits++;
			frac++;
			i++;
		}
		if (!frac)
			return fail_at(p, t->line, t->col,
				       "expected a digit after '.' in number "
				       "'%.*s'",
				       (int)(i - p->pos), s + p->pos);
	}
	if (i < p->len && (is_name_char(s[i]) || s[i] == '.')) {
		while (i < p->len && (is_name_char(s[i]) || s[i] == '.') &&
		       i - p->pos < SHOW)
			i++;
		return fail_at(p, t->line, t->col, "malformed number '%.*s'",
			       (int)(i - p->pos), s + p->pos);
	}
	if (digits > MAX_DIGITS)
		return fail_at(p, t->line, t->col,
			       "number '%.*s' has more than %d digits",
			       (int)(i - p->pos < SHOW ? i - p->pos : SHOW),
			       s + p->pos, MAX_DIGITS);
	/* integer mantissa and an exact power of ten: correctly rounded */
	t->num = (neg ? -mant : mant) / scale;
	t->type = T_NUMBER;
	t->len = i - p->pos;
	p->pos = i;
	return OB_OK;
}

/* Read the next token into p->tok, keeping the current one in p->prev. */
static enum ob_status advance(struct parser *p)
{
	const char *s = p->text;
	struct token *t = &p->tok;

	p->prev = p->tok;
	for (;;) {
		unsigned char c;

		t->line = p->line;
		t->col = (long)(p->pos - p->line_start) + 1;
		t->s = s + p->pos;
		t->len = 0;
		if (p->pos >= p->len) {
			t->type = T_EOF;
			return OB_OK;
		}
		c = (unsigned char)s[p->pos];
		if (c == ' ' || c == '\t') {
			p->pos++;
			continue;
		}
		if (c == '\r' && p->pos + 1 < p->len && s[p->pos + 1] == '\n') {
			p->pos++;
			continue;
		}
		if (c == '\n') {
			p->pos++;
			p->line++;
			p->line_start = p->pos;
			continue;
		}
		if (c == '#') {
			while (p->pos < p->len && s[p->pos] != '\n')
				p->pos++;
			continue;
		}
		break;
	}

	switch (s[p->pos]) {
	case '(':
		t->type = T_LPAREN;
		break;
	case ')':
		t->type = T_RPAREN;
		break;
	case ',':
		t->type = T_COMMA;
		break;
	case ':':
		t->type = T_COLON;
		break;
	case '<':
	case '>':
		t->type = T_OP;
		if (p->pos + 1 < p->len && s[p->pos + 1] == '=') {
			t->op = s[p->pos] == '<' ? OP_LE : OP_GE;
			t->len = 2;
		} else {
			t->op = s[p->pos] == '<' ? OP_LT : OP_GT;
		}
		break;
	case '=':
	case '!':
		if (p->pos + 1 >= p->len || s[p->pos + 1] != '=')
			return fail_at(p, t->line, t->col,
				       s[p->pos] == '='
					   ? "'=' is not an operator "
					     "(expected '==')"
					   : "unexpected '!' (expected '!=')");
		t->type = T_OP;
		t->op = s[p->pos] == '=' ? OP_EQ : OP_NE;
		t->len = 2;
		break;
	default: {
		unsigned char c = (unsigned char)s[p->pos];

		if (is_digit(c) || c == '.' ||
		    (c == '-' && p->pos + 1 < p->len &&
		     is_digit(s[p->pos + 1])))
			return lex_number(p, t);
		if (is_name_start(c)) {
			size_t i = p->pos;

			while (i < p->len && is_name_char(s[i]))
				i++;
			/* not the name 'd' in "d\xc3\xa9mentia" */
			if (i < p->len && (unsigned char)s[i] >= 0x80)
				return fail_at(
				    p, t->line, t->col + (long)(i - p->pos),
				    "unexpected byte 0x%02x (rules "
				    "are ASCII text; other bytes may "
				    "appear only in comments)",
				    (unsigned char)s[i]);
			t->type = T_NAME;
			t->len = i - p->pos;
			p->pos = i;
			return OB_OK;
		}
		if (c == '\r')
			return fail_at(p, t->line, t->col,
				       "unexpected carriage return (lines end "
				       "with LF or CRLF)");
		if (c == '-')
			return fail_at(p, t->line, t->col,
				       "unexpected '-' (expected a number such "
				       "as -1)");
		if (c > 0x20 && c < 0x7f)
			return fail_at(p, t->line, t->col,
				       "unexpected character '%c'", c);
		return fail_at(p, t->line, t->col,
			       "unexpected byte 0x%02x (rules are ASCII text; "
			       "other bytes may appear only in comments)",
			       c);
	}
	}
	if (!t->len)
		t->len = 1;
	p->pos += t->len;
	return OB_OK;
}

/* Append the current token to the rule's canonical text and move on. */
static enum ob_status take(struct parser *p)
{
	const struct token *t = &p->tok;
	const struct token *pr = &p->prev;
	int space = p->why.len > p->why_start;

	if (t->type == T_RPAREN || t->type == T_COMMA || t->type == T_COLON)
		space = 0;
	if (pr->type == T_LPAREN)
		space = 0;
	if (t->type == T_LPAREN && (tok_is(pr, "any") || tok_is(pr, "all")))
		space = 0;
	if ((space && ob_buf_addch(&p->why, ' ')) ||
	    ob_buf_add(&p->why, t->s, t->len))
		return ob_error_set(p->err, OB_ENOMEM, p->source, t->line,
				    t->col, "out of memory");
	return advance(p);
}

static enum ob_status new_node(struct parser *p, enum node_kind kind,
			       int32_t *out)
{
	if (kind == N_TEST && ++p->ntests > MAX_TESTS)
		return fail_at(p, p->tok.line, p->tok.col,
			       "too many tests (at most %zu in one file)",
			       MAX_TESTS);
	if (p->nnodes == p->anodes) {
		size_t n = p->anodes ? 2 * p->anodes : 64;
		struct node *nn = realloc(p->nodes, n * sizeof(*nn));

		if (!nn)
			return ob_error_set(p->err, OB_ENOMEM, p->source, 0, 0,
					    "out of memory");
		p->nodes = nn;
		p->anodes = n;
	}
	memset(&p->nodes[p->nnodes], 0, sizeof(p->nodes[0]));
	p->nodes[p->nnodes].kind = kind;
	p->nodes[p->nnodes].child = -1;
	p->nodes[p->nnodes].next = -1;
	*out = (int32_t)p->nnodes++;
	return OB_OK;
}

static int find_condition(const struct token *t)
{
	for (int i = 0; i < OB_COND_COUNT; i++)
		if (tok_is(t, ob_condition_name((enum ob_condition)i)))
			return i;
	return -1;
}

static int find_fact(const struct token *t)
{
	for (int i = 0; i < F_COUNT; i++)
		if (tok_is(t, facts[i].name))
			return i;
	return -1;
}

static enum ob_status unknown_condition(struct parser *p)
{
	struct ob_buf list = OB_BUF_INIT;
	enum ob_status st;

	for (int i = 0; i < OB_COND_COUNT; i++)
		if (ob_buf_addf(&list, "%s%s", i ? ", " : "",
				ob_condition_name((enum ob_condition)i)))
			return ob_error_set(p->err, OB_ENOMEM, p->source, 0, 0,
					    "out of memory");
	st = fail_at(p, p->tok.line, p->tok.col,
		     "unknown condition '%.*s' (expected one of %s)",
		     QUOTED(&p->tok), list.data);
	ob_buf_release(&list);
	return st;
}

/* The condition name at the current token, as a bit; takes the token. */
static enum ob_status condition_bit(struct parser *p, uint32_t *mask)
{
	int c;

	if (at_rule_end(p) || p->tok.type != T_NAME)
		return fail_found(p, "a condition name");
	c = find_condition(&p->tok);
	if (c < 0)
		return unknown_condition(p);
	*mask |= (uint32_t)1 << c;
	return take(p);
}

/* has NAME | has any(NAME, ...) | has all(NAME, ...), or has_in_year. */
static enum ob_status parse_has(struct parser *p, int32_t *out)
{
	int in_year = tok_is(&p->tok, "has_in_year");
	int all = 0;
	uint32_t mask = 0;
	enum ob_status st;

	if ((st = take(p)))
		return st;
	if (!at_rule_end(p) &&
	    (tok_is(&p->tok, "any") || tok_is(&p->tok, "all"))) {
		all = tok_is(&p->tok, "all");
		if ((st = take(p)))
			return st;
		if (at_rule_end(p) || p->tok.type != T_LPAREN)
			return fail_found(p, "'('");
		if ((st = take(p)))
			return st;
		for (;;) {
			if ((st = condition_bit(p, &mask)))
				return st;
			if (!at_rule_end(p) && p->tok.type == T_RPAREN)
				break;
			if (at_rule_end(p) || p->tok.type != T_COMMA)
				return fail_found(p, "',' or ')'");
			if ((st = take(p)))
				return st;
		}
		if ((st = take(p)))
			return st;
	} else if (at_rule_end(p) || p->tok.type != T_NAME) {
		return fail_found(p, "a condition name, any(...) or all(...)");
	} else if ((st = condition_bit(p, &mask))) {
		return st;
	}
	if ((st = new_node(p, N_TEST, out)))
		return st;
	p->nodes[*out].test.kind = in_year ? (all ? CL_ALL_YEAR : CL_ANY_YEAR)
					   : (all ? CL_ALL : CL_ANY);
	p->nodes[*out].test.mask = mask;
	return OB_OK;
}

/* FACT OP NUMBER, or a flag fact alone (meaning FACT != 0). */
static enum ob_status parse_compare(struct parser *p, int fact, int32_t *out)
{
	struct clause c = {0};
	enum ob_status st;

	c.kind = CL_COMPARE;
	c.fact = (uint8_t)fact;
	c.absent_neg = (facts[fact].flags & FACT_ABSENT_NEG) != 0;
	if ((st = take(p)))
		return st;
	if (!at_rule_end(p) && p->tok.type == T_OP) {
		c.op = p->tok.op;
		if ((st = take(p)))
			return st;
		if (at_rule_end(p) || p->tok.type != T_NUMBER)
			return fail_found(p, "a number");
		c.value = p->tok.num;
		if ((st = take(p)))
			return st;
	} else if (facts[fact].flags & FACT_FLAG) {
		c.op = OP_NE;
		c.value = 0;
	} else {
		return fail_found(p, "a comparison (<, <=, >, >=, == or != "
				     "and a number)");
	}
	if ((st = new_node(p, N_TEST, out)))
		return st;
	p->nodes[*out].test = c;
	return OB_OK;
}

static enum ob_status parse_or(struct parser *p, int32_t *out);

static enum ob_status parse_unary(struct parser *p, int32_t *out)
{
	const struct token *t = &p->tok;
	enum ob_status st;
	int fact;

	if (at_rule_end(p))
		return fail_found(p, "a test");
	if (tok_is(t, "not") || t->type == T_LPAREN) {
		int paren = t->type == T_LPAREN;
		long line = t->line, col = t->col;
		int32_t child;

		if (p->depth >= MAX_DEPTH)
			return fail_at(p, t->line, t->col,
				       "nested too deeply (at most %d levels "
				       "of '(' and 'not')",
				       MAX_DEPTH);
		p->depth++;
		if ((st = take(p)))
			return st;
		if ((st = paren ? parse_or(p, &child) : parse_unary(p, &child)))
			return st;
		p->depth--;
		if (paren) {
			if (at_rule_end(p) || t->type != T_RPAREN) {
				char what[64];

				snprintf(what, sizeof(what),
					 "')' to close the '(' at line %ld "
					 "column %ld",
					 line, col);
				return fail_found(p, what);
			}
			*out = child;
			return take(p);
		}
		if ((st = new_node(p, N_NOT, out)))
			return st;
		p->nodes[*out].child = child;
		return OB_OK;
	}
	if (tok_is(t, "has") || tok_is(t, "has_in_year"))
		return parse_has(p, out);
	if (t->type != T_NAME)
		return fail_found(p, "a test");
	fact = find_fact(t);
	if (fact >= 0)
		return parse_compare(p, fact, out);
	if (find_condition(t) >= 0)
		return fail_at(p, t->line, t->col,
			       "'%.*s' is a condition: write 'has %.*s' or "
			       "'has_in_year %.*s'",
			       QUOTED(t), QUOTED(t), QUOTED(t));
	if (tok_is(t, "and") || tok_is(t, "or") || tok_is(t, "any") ||
	    tok_is(t, "all"))
		return fail_found(p, "a test");
	return fail_at(p, t->line, t->col,
		       "unknown fact '%.*s' (expected one of " FACT_LIST
		       ", or has, has_in_year, not, '(')",
		       QUOTED(t));
}

/* operand {WORD operand}: one N_AND or N_OR node over a flat list. */
static enum ob_status parse_list(struct parser *p, const char *word,
				 enum node_kind kind, int32_t *out)
{
	enum ob_status st;
	int32_t first, node = -1;

	st = kind == N_OR ? parse_list(p, "and", N_AND, &first)
			  : parse_unary(p, &first);
	if (st)
		return st;
	while (!at_rule_end(p) && tok_is(&p->tok, word)) {
		int32_t next;

		if ((st = take(p)))
			return st;
		st = kind == N_OR ? parse_list(p, "and", N_AND, &next)
				  : parse_unary(p, &next);
		if (st)
			return st;
		if (node < 0) {
			if ((st = new_node(p, kind, &node)))
				return st;
			p->nodes[node].child = first;
		}
		p->nodes[next].next = p->nodes[node].child;
		p->nodes[node].child = next;
	}
	*out = node < 0 ? first : node;
	return OB_OK;
}

static enum ob_status parse_or(struct parser *p, int32_t *out)
{
	return parse_list(p, "or", N_OR, out);
}

static int find_segment(const struct token *t)
{
	for (int s = OB_SEG_HEALTHY; s < OB_SEG_COUNT; s++)
		if (tok_is(t, segment_names[s].code))
			return s;
	return 0;
}

/* segment ':' expression, up to the end of the rule. */
static enum ob_status parse_rule(struct parser *p)
{
	const struct token *t = &p->tok;
	struct rule_src rs;
	enum ob_status st;

	if (t->col != 1)
		return fail_at(p, t->line, t->col,
			       "a continuation line with no rule above it (a "
			       "rule starts at column 1 with a segment name)");
	if (t->type != T_NAME)
		return fail_at(p, t->line, t->col,
			       "expected a segment name at the start of the "
			       "rule (one of " SEGMENT_LIST ") but found "
			       "'%.*s'",
			       QUOTED(t));
	rs.segment = (enum ob_segment)find_segment(t);
	if (!rs.segment)
		return fail_at(p, t->line, t->col,
			       "unknown segment '%.*s' (expected one "
			       "of " SEGMENT_LIST ")",
			       QUOTED(t));
	rs.why_off = p->why_start = p->why.len;
	if ((st = take(p)))
		return st;
	if (at_rule_end(p) || t->type != T_COLON)
		return fail_found(p, "':'");
	if ((st = take(p)) || (st = parse_or(p, &rs.root)))
		return st;
	if (!at_rule_end(p))
		return fail_at(p, t->line, t->col,
			       "expected 'and', 'or' or the end of the rule "
			       "after '%.*s' but found '%.*s'",
			       QUOTED(&p->prev), QUOTED(t));
	if (ob_buf_addch(&p->why, '\0'))
		return ob_error_set(p->err, OB_ENOMEM, p->source, 0, 0,
				    "out of memory");
	if (p->nrules == p->arules) {
		size_t n = p->arules ? 2 * p->arules : 16;
		struct rule_src *nr = realloc(p->rules, n * sizeof(*nr));

		if (!nr)
			return ob_error_set(p->err, OB_ENOMEM, p->source, 0, 0,
					    "out of memory");
		p->rules = nr;
		p->arules = n;
	}
	p->rules[p->nrules++] = rs;
	return OB_OK;
}

/*
 * Emit the clauses of node `n` so that control reaches `yes` when it holds
 * and `no` when not; return its entry.  An operand list is in reverse
 * order, so each operand is compiled before the one that jumps to it.
 * Depth is bounded by MAX_DEPTH (lists are flat).
 */
static int32_t compile(const struct parser *p, struct ob_segment_rules *r,
		       int32_t n, int32_t yes, int32_t no)
{
	const struct node *nd = &p->nodes[n];
	int32_t entry;

	switch (nd->kind) {
	case N_TEST:
		r->clauses[r->nclauses] = nd->test;
		r->clauses[r->nclauses].yes = yes;
		r->clauses[r->nclauses].no = no;
		return (int32_t)r->nclauses++;
	case N_NOT:
		return compile(p, r, nd->child, no, yes);
	case N_AND:
		entry = yes;
		for (int32_t c = nd->child; c >= 0; c = p->nodes[c].next)
			entry = compile(p, r, c, entry, no);
		return entry;
	case N_OR:
	default:
		entry = no;
		for (int32_t c = nd->child; c >= 0; c = p->nodes[c].next)
			entry = compile(p, r, c, yes, entry);
		return entry;
	}
}

static enum ob_status build(struct parser *p, struct ob_segment_rules **out)
{
	struct ob_segment_rules *r = calloc(1, sizeof(*r));
	int32_t next;

	if (!r)
		goto nomem;
	r->clauses = malloc(p->ntests * sizeof(*r->clauses));
	r->rules = malloc((p->nrules + 1) * sizeof(*r->rules));
	if (!r->clauses || !r->rules)
		goto nomem;
	r->why_text = ob_buf_detach(&p->why, NULL);
	if (!r->why_text)
		goto nomem;
	r->nrules = p->nrules;
	for (size_t i = 0; i < p->nrules; i++) {
		r->rules[i].segment = p->rules[i].segment;
		r->rules[i].why = r->why_text + p->rules[i].why_off;
	}
	r->rules[p->nrules].segment = OB_SEG_HEALTHY;
	r->rules[p->nrules].why = "healthy: no other rule holds";
	/* from the last rule to the first: each one's "no" is the next */
	next = ~(int32_t)p->nrules;
	for (size_t i = p->nrules; i-- > 0;)
		next = compile(p, r, p->rules[i].root, ~(int32_t)i, next);
	r->entry = next;
	*out = r;
	return OB_OK;
nomem:
	ob_segment_rules_free(r);
	return ob_error_set(p->err, OB_ENOMEM, p->source, 0, 0,
			    "out of memory");
}

enum ob_status ob_segment_rules_parse(struct ob_segment_rules **out,
				      const char *text, size_t len,
				      const char *source, struct ob_error *err)
{
	struct parser p;
	enum ob_status st;

	*out = NULL;
	ob_error_clear(err);
	if (!text) {
		const struct ob_refdata_file *f = ob_refdata_find(BUILTIN_NAME);

		if (!source)
			source = BUILTIN_NAME;
		if (!f)
			return ob_error_set(err, OB_ENOTFOUND, source, 0, 0,
					    "built-in segment rules '%s' are "
					    "missing from the binary",
					    BUILTIN_NAME);
		text = (const char *)f->data;
		len = f->len;
	}
	memset(&p, 0, sizeof(p));
	p.text = text;
	p.len = len;
	p.line = 1;
	p.source = source ? source : "segment rules";
	p.err = err;
	ob_buf_init(&p.why);
	p.tok.type = T_EOF;
	p.tok.s = "";

	st = advance(&p);
	while (!st && p.tok.type != T_EOF)
		st = parse_rule(&p);
	if (!st && !p.nrules)
		st = fail_at(&p, 0, 0,
			     "no rules (expected lines such as "
			     "'long_decline: has dementia')");
	if (!st)
		st = build(&p, out);
	free(p.nodes);
	free(p.rules);
	ob_buf_release(&p.why);
	return st;
}
