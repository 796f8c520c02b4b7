/*
 * test-contract.c - the contract file: the shipped contract and its
 * figures, every validation rule with its line and column, exact money,
 * the text's hash, the incentives and their references to the outcomes
 * catalogue, and contract versions in a workspace (immutable, the
 * migration of a version-1 workspace).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "onebudget/catalogue.h"
#include "onebudget/contract.h"
#include "onebudget/dataset.h"
#include "onebudget/refdata.h"
#include "onebudget/workspace.h"

#include "test.h"

/* Line 1. */
#define S_CONTRACT "contract: {id: t, title: T, population_basis: registered}\n"
/* Lines 2-7. */
#define S_PARTIES                                                              \
	"parties:\n"                                                           \
	"  commissioners:\n"                                                   \
	"    - {id: ccg, name: CCG, ods: 09A}\n"                               \
	"    - {id: wcc, name: Council}\n"                                     \
	"  mcp: {id: mcp, name: MCP}\n"                                        \
	"  alliance: [{id: trust, name: Trust, ods: RYX}]\n"
/* Line 8. */
#define S_YEARS                                                                \
	"years: {base: 2017/18, shadow: 2019/20, first_full: 2020/21, "        \
	"last: 2021/22}\n"
/* Lines 9-13. */
#define S_ASSUMPTIONS                                                          \
	"assumptions:\n"                                                       \
	"  - {year: 2018/19, population_growth: 0.009, inflation: 0.021, "     \
	"productivity: 0.02, allocation: 150000000.00}\n"                      \
	"  - {year: 2019/20, population_growth: 0.009, inflation: 0.021, "     \
	"productivity: 0.011, allocation: 151000000.00}\n"                     \
	"  - {year: 2020/21, population_growth: 0.009, inflation: 0.021, "     \
	"productivity: 0.011, allocation: 152000000.00}\n"                     \
	"  - {year: 2021/22, population_growth: 0.009, inflation: 0.021, "     \
	"productivity: 0.011, allocation: 153000000.00}\n"
/* Lines 1-13: everything but the budget lines. */
#define HEAD S_CONTRACT S_PARTIES S_YEARS S_ASSUMPTIONS
/* Lines 14-16. */
#define S_LINES                                                                \
	"budget_lines:\n"                                                      \
	"  - {id: MH_LD, name: MH, commissioner: ccg, "                        \
	"base_value: 55500000.00, scope: in}\n"                                \
	"  - {id: ACUTE, name: Acute, commissioner: ccg, "                     \
	"base_value: 113000000.00, scope: partly, share: 0.1}\n"
/* A valid contract; sections after it start on line 17. */
#define MIN HEAD S_LINES
/* A budget line on line 15 after HEAD and "budget_lines:". */
#define LINE(x)                                                                \
	HEAD "budget_lines:\n  - {id: X, name: X, commissioner: ccg, " x "}\n"

/*
 * Parse `text`; 1 when it fails with `code` at line:column and a message
 * containing `fragment` (and the source name set), else 0 after printing
 * what happened.
 */
static int fails_with(const char *text, enum ob_status code, long line,
		      long column, const char *fragment)
{
	struct ob_contract *c = (struct ob_contract *)1;
	struct ob_error err;
	enum ob_status st;

	st = ob_contract_parse(text, strlen(text), "t.yaml", &c, &err);
	if (st == code && c == NULL && err.code == code && err.line == line &&
	    err.column == column && strstr(err.msg, fragment) &&
	    !strcmp(err.file, "t.yaml"))
		return 1;
	fprintf(stderr, "  got status %d: %s:%ld:%ld: %s\n", (int)st, err.file,
		err.line, err.column, st ? err.msg : "");
	fprintf(stderr, "  want status %d: t.yaml:%ld:%ld: ...%s...\n",
		(int)code, line, column, fragment);
	if (st == OB_OK)
		ob_contract_free(c);
	return 0;
}

#define BAD(text, line, column, fragment)                                      \
	ASSERT(fails_with(text, OB_EINVAL, line, column, fragment))

TEST(contract_shipped_loads)
{
	static const char *const in_scope[] = {
	    "MH_LD",	  "COMMUNITY", "ADULTS_BCF",	   "IC_CHC",
	    "URGENT_OOH", "MULTIPLE",  "PC_COMMISSIONING", "CHILDREN"};
	struct ob_contract *c;
	struct ob_error err;
	const struct ob_budget_line *l;
	const struct ob_assumptions *a;
	const struct ob_budget_line *scope[32];
	ob_pence sum = 0, total;

	ASSERT_OK(ob_contract_load_default(&c, &err));
	ASSERT_STR_EQ(c->id, "westminster_mcp");
	ASSERT_INT_EQ(c->basis, OB_BASIS_REGISTERED);
	ASSERT_INT_EQ(c->base, 2017);
	ASSERT_INT_EQ(c->shadow, 2019);
	ASSERT_INT_EQ(c->first_full, 2020);
	ASSERT_INT_EQ(c->last, 2024);
	ASSERT_INT_EQ(c->n_commissioners, 2);
	ASSERT_STR_EQ(ob_contract_party(c, "clccg")->ods, "09A");
	ASSERT_INT_EQ(ob_contract_party(c, "wcc")->role, OB_PARTY_COMMISSIONER);
	ASSERT_STR_EQ(c->mcp->id, "mcp");
	ASSERT_INT_EQ(c->n_alliance, 5);
	ASSERT_STR_EQ(ob_contract_party(c, "cnwl")->ods, "RV3");
	ASSERT(ob_contract_party(c, "nobody") == NULL);

	/* The seed's eight lines in scope: £122.4m in 2017/18. */
	for (size_t i = 0; i < sizeof(in_scope) / sizeof(in_scope[0]); i++) {
		l = ob_contract_line(c, in_scope[i]);
		ASSERT(l != NULL);
		ASSERT_INT_EQ(l->scope, OB_SCOPE_IN);
		ASSERT_INT_EQ(l->from, 2019);
		ASSERT(!l->illustrative);
		ASSERT_STR_EQ(l->commissioner, "clccg");
		sum += l->base_value;
	}
	ASSERT_INT_EQ(sum, 12240000000LL);
	ASSERT_INT_EQ(ob_contract_line(c, "MH_LD")->base_value, 5550000000LL);
	ASSERT_INT_EQ(ob_contract_line(c, "MH_LD")->settings,
		      1u << OB_SET_MENTAL_HEALTH);
	/* Partly in scope: the seed's £151m, shares illustrative. */
	l = ob_contract_line(c, "ACUTE");
	ASSERT_INT_EQ(l->scope, OB_SCOPE_PARTLY);
	ASSERT_INT_EQ(l->base_value, 11300000000LL);
	ASSERT(l->illustrative);
	ASSERT_INT_EQ(l->settings, (1u << OB_SET_ADMITTED) |
				       (1u << OB_SET_OUTPATIENT) |
				       (1u << OB_SET_AE));
	ASSERT_INT_EQ(ob_budget_line_held_value(l), 1130000000LL);
	ASSERT_INT_EQ(
	    ob_contract_line(c, "PRESCRIBING")->base_value +
		ob_contract_line(c, "COMMISSIONING_PROGRAMME")->base_value +
		l->base_value,
	    15100000000LL);
	ASSERT_INT_EQ(ob_contract_line(c, "COMMISSIONING_PROGRAMME")->settings,
		      0);
	l = ob_contract_line(c, "PC_CORE");
	ASSERT_INT_EQ(l->scope, OB_SCOPE_OUT);
	ASSERT_INT_EQ(ob_budget_line_held_value(l), 0);
	ASSERT(!ob_contract_line_in_scope(c, l, 2024));
	/* Social care enters by the scheduled variation in 2022/23. */
	l = ob_contract_line(c, "ADULT_SOCIAL_CARE");
	ASSERT_STR_EQ(l->commissioner, "wcc");
	ASSERT_STR_EQ(l->variation, "social_care");
	ASSERT_INT_EQ(l->from, 2022);
	ASSERT_INT_EQ(ob_contract_variation(c, "social_care")->year, 2022);
	ASSERT(!ob_contract_line_in_scope(c, l, 2021));
	ASSERT(ob_contract_line_in_scope(c, l, 2022));
	ASSERT(ob_contract_line(c, "NO_SUCH_LINE") == NULL);

	/* The operational scope by year. */
	ASSERT_INT_EQ(ob_contract_scope(c, 2018, scope, &total), 0);
	ASSERT_INT_EQ(total, 0);
	ASSERT_INT_EQ(ob_contract_scope(c, 2019, scope, &total), 11);
	ASSERT_INT_EQ(total, 14240000000LL); /* 122.4 + 11.3 + 5.5 + 3.2 */
	ASSERT_STR_EQ(scope[0]->id, "MH_LD");
	ASSERT_INT_EQ(ob_contract_scope(c, 2021, NULL, &total), 11);
	ASSERT_INT_EQ(ob_contract_scope(c, 2022, scope, &total), 12);
	ASSERT_INT_EQ(total, 18740000000LL);
	ASSERT_STR_EQ(scope[11]->id, "ADULT_SOCIAL_CARE");
	ASSERT_INT_EQ(ob_contract_scope(c, 2025, NULL, NULL), 0);

	/* Assumptions: every year after the base, in order. */
	ASSERT_INT_EQ(c->n_assumptions, 7);
	ASSERT(ob_contract_assumptions(c, 2017) == NULL);
	ASSERT(ob_contract_assumptions(c, 2025) == NULL);
	a = ob_contract_assumptions(c, 2020);
	ASSERT(a != NULL);
	ASSERT_INT_EQ(a->year, 2020);
	ASSERT_NEAR(a->inflation, 0.021, 0);
	ASSERT_NEAR(a->productivity, 0.011, 0);
	ASSERT_NEAR(a->population_growth, 0.009, 0);
	/* By 2020/21 about £15m of purchasing power is lost. */
	{
		double kept = 14240000000.0;

		for (ob_fy y = 2018; y <= 2020; y++) {
			const struct ob_assumptions *x =
			    ob_contract_assumptions(c, y);
			kept *= (1 + x->population_growth) * (1 + x->inflation);
		}
		ASSERT_NEAR((kept - (double)a->allocation) / 1e8, 15, 0.1);
	}
	/* Top-slices and capitation. */
	ASSERT_INT_EQ(c->n_top_slices, 3);
	ASSERT_NEAR(c->top_slices[0].share, 0.005, 0);
	ASSERT_INT_EQ(c->top_slices[1].amount, 150000000LL);
	ASSERT_INT_EQ(c->top_slices[1].from, 2019);
	ASSERT_INT_EQ(c->top_slices[2].from, 2020);
	ASSERT_INT_EQ(
	    c->capitation.variables,
	    (1u << OB_CAPVAR_AGE_SEX) | (1u << OB_CAPVAR_DEPRIVATION) |
		(1u << OB_CAPVAR_SEGMENT) | (1u << OB_CAPVAR_CONDITIONS));
	ASSERT_INT_EQ(c->capitation.n_age_bands, 10);
	ASSERT_INT_EQ(c->capitation.age_bands[9], 85);
	ASSERT(!c->capitation.allow_influenceable);
	ob_contract_free(c);
}

TEST(contract_minimal_and_defaults)
{
	static const char text[] = MIN;
	struct ob_contract *c;
	const struct ob_budget_line *l;

	ASSERT_OK(ob_contract_parse(text, strlen(text), "t.yaml", &c, NULL));
	ASSERT_INT_EQ(c->n_parties, 4);
	ASSERT_INT_EQ(c->parties[2].role, OB_PARTY_MCP);
	ASSERT(c->mcp == &c->parties[2]);
	ASSERT(c->parties[1].ods == NULL);
	ASSERT_INT_EQ(c->parties[3].line, 7);
	ASSERT(c->description == NULL);
	l = &c->lines[0];
	ASSERT_INT_EQ(l->line, 15);
	ASSERT_NEAR(l->share, 1, 0);
	ASSERT_INT_EQ(l->from, 2019);
	ASSERT(l->variation == NULL && !l->illustrative && !l->settings);
	ASSERT_INT_EQ(ob_budget_line_held_value(&c->lines[1]), 1130000000LL);
	ASSERT_INT_EQ(c->n_variations, 0);
	ASSERT_INT_EQ(c->n_top_slices, 0);
	/* capitation defaults */
	ASSERT_INT_EQ(c->capitation.variables, 0xf);
	ASSERT_INT_EQ(c->capitation.n_age_bands, 10);
	ASSERT_INT_EQ(c->capitation.age_bands[1], 5);
	ASSERT_STR_EQ(c->source, "t.yaml");
	ASSERT_INT_EQ(c->text_len, strlen(text));
	ASSERT_MEM_EQ(c->text, text, strlen(text));
	ob_contract_free(c);
}

/* Sections may come in any order; the reader orders them. */
TEST(contract_section_order_free)
{
	static const char text[] =
	    S_LINES S_ASSUMPTIONS S_YEARS S_PARTIES S_CONTRACT;
	struct ob_contract *c;

	ASSERT_OK(ob_contract_parse(text, strlen(text), "t.yaml", &c, NULL));
	ASSERT_INT_EQ(c->n_lines, 2);
	ASSERT_INT_EQ(c->lines[0].line, 2);
	ob_contract_free(c);
}

TEST(contract_money_exact)
{
	struct ob_contract *c;
	static const char text[] =
	    HEAD "budget_lines:\n"
		 "  - {id: A, name: A, commissioner: ccg, scope: in, "
		 "base_value: 0.1}\n"
		 "  - {id: B, name: B, commissioner: ccg, scope: in, "
		 "base_value: 55500000.10}\n"
		 "  - {id: C, name: C, commissioner: ccg, scope: in, "
		 "base_value: 9999999999999.99}\n"
		 "  - {id: D, name: D, commissioner: ccg, scope: partly, "
		 "share: 0.3, base_value: 0.05}\n";

	ASSERT_OK(ob_contract_parse(text, strlen(text), "t.yaml", &c, NULL));
	ASSERT_INT_EQ(c->lines[0].base_value, 10);
	ASSERT_INT_EQ(c->lines[1].base_value, 5550000010LL);
	ASSERT_INT_EQ(c->lines[2].base_value, 999999999999999LL);
	/* 5p x 0.3 = 1.5p, half away from zero */
	ASSERT_INT_EQ(ob_budget_line_held_value(&c->lines[3]), 2);
	ob_contract_free(c);
	BAD(LINE("scope: in, base_value: 12.345"), 15, 64,
	    "'base_value' of budget line 'X' is '12.345' (expected pounds "
	    "with up to two decimals, e.g. 122000000.00)");
	BAD(LINE("scope: in, base_value: £12"), 15, 64,
	    "expected pounds with up to two decimals");
	BAD(LINE("scope: in, base_value: \"1,200\""), 15, 64,
	    "expected pounds with up to two decimals");
	BAD(LINE("scope: in, base_value: 1.2e6"), 15, 64,
	    "expected pounds with up to two decimals");
	BAD(LINE("scope: in, base_value: -5.00"), 15, 64,
	    "'base_value' of budget line 'X' is -5.00 (expected the line's "
	    "value in the base year, 0 or more pounds");
}

TEST(contract_hash_stable)
{
	static const char text[] = MIN;
	const struct ob_refdata_file *f =
	    ob_refdata_find("contracts/westminster.yaml");
	char hex[OB_SHA256_HEX_LEN + 1];
	struct ob_contract *a, *b, *c;
	char edited[sizeof(text) + 16];

	ASSERT_OK(ob_contract_parse(text, strlen(text), "t.yaml", &a, NULL));
	ASSERT_OK(ob_contract_parse(text, strlen(text), "u.yaml", &b, NULL));
	ASSERT_STR_EQ(a->sha256, b->sha256);
	/* SHA-256 of the exact bytes (sha256sum of the same text). */
	ASSERT_STR_EQ(
	    a->sha256,
	    "aa7215d085d0f92a81a16a6220d1b2acf754c82d54ec584b413fe3c9c11196cd");
	/* A comment changes the text, so the version, not the meaning. */
	snprintf(edited, sizeof(edited), "%s# note\n", text);
	ASSERT_OK(
	    ob_contract_parse(edited, strlen(edited), "t.yaml", &c, NULL));
	ASSERT(strcmp(a->sha256, c->sha256) != 0);
	ob_contract_free(a);
	ob_contract_free(b);
	ob_contract_free(c);
	/* The shipped contract's digest is that of its embedded bytes. */
	ASSERT(f != NULL);
	ASSERT_OK(ob_sha256_hex(f->data, f->len, hex, NULL));
	ASSERT_OK(ob_contract_load_default(&a, NULL));
	ASSERT_STR_EQ(a->sha256, hex);
	ob_contract_free(a);
}

TEST(contract_error_document)
{
	ASSERT(fails_with("contract: {id: [a\n", OB_EPARSE, 2, 1,
			  "malformed YAML: "));
	BAD("", 1, 1,
	    "the file is empty (expected a contract: contract, parties, "
	    "years, budget_lines and assumptions)");
	BAD("- a\n", 1, 1,
	    "expected a contract: a mapping with contract, parties, years, "
	    "budget_lines and assumptions");
	BAD(MIN "settlement: {}\n", 17, 1,
	    "unknown key 'settlement' in the contract file (expected "
	    "contract, parties, years, scheduled_variations, budget_lines, "
	    "top_slices, assumptions, capitation, incentives, risk_share, "
	    "out_of_area or alliance)");
	BAD(HEAD, 1, 1,
	    "the contract file has no 'budget_lines' (a required key)");
	BAD(MIN "---\nx: 1\n", 18, 1,
	    "a second YAML document (expected one contract per file)");
	BAD(MIN "years: {}\n", 17, 1,
	    "duplicate key 'years' in the contract file");
}

TEST(contract_error_header)
{
	BAD("contract: {id: West, title: T, population_basis: "
	    "registered}\n" S_PARTIES S_YEARS S_ASSUMPTIONS S_LINES,
	    1, 16,
	    "'id' of the 'contract' section is 'West' (expected an "
	    "identifier: a lower-case letter, then lower-case letters, "
	    "digits or '_', at most 64)");
	BAD("contract: {id: t, title: T, population_basis: "
	    "everyone}\n" S_PARTIES S_YEARS S_ASSUMPTIONS S_LINES,
	    1, 47,
	    "unknown population basis 'everyone' in the 'contract' section "
	    "(expected registered or resident)");
	BAD("contract: {id: t, population_basis: resident}\n" S_PARTIES S_YEARS
		S_ASSUMPTIONS S_LINES,
	    1, 11, "the 'contract' section has no 'title' (a required key)");
	BAD("contract: [t]\n" S_PARTIES S_YEARS S_ASSUMPTIONS S_LINES, 1, 11,
	    "expected the 'contract' section here (a mapping of keys to "
	    "values)");
}

/* Parties on lines 2-7 replaced by `p`, lines 1 and 8 on unchanged. */
#define PARTIES(p) S_CONTRACT p S_YEARS S_ASSUMPTIONS S_LINES

TEST(contract_error_parties)
{
	BAD(PARTIES("parties:\n"
		    "  commissioners: [{id: ccg, name: CCG}]\n"
		    "  mcp: {id: mcp, name: MCP}\n"
		    "  alliance: [{id: ccg, name: Trust}]\n"),
	    5, 19,
	    "duplicate party 'ccg' (first defined on line 3; party ids are "
	    "unique across commissioners, the MCP and the alliance)");
	BAD(PARTIES("parties:\n"
		    "  commissioners: [{id: ccg, name: CCG}]\n"
		    "  mcp: {id: ccg, name: MCP}\n"),
	    4, 13, "duplicate party 'ccg' (first defined on line 3");
	BAD(PARTIES("parties:\n"
		    "  commissioners: [{id: ccg, name: CCG, ods: 9a}]\n"
		    "  mcp: {id: mcp, name: MCP}\n"),
	    3, 45,
	    "'ods' of commissioner 'ccg' is '9a' (expected an ODS code: 3 to "
	    "6 upper-case letters or digits, e.g. 09A)");
	BAD(PARTIES("parties:\n"
		    "  commissioners: []\n"
		    "  mcp: {id: mcp, name: MCP}\n"),
	    3, 18,
	    "'commissioners' of the 'parties' section is empty (expected at "
	    "least one commissioner");
	BAD(PARTIES("parties:\n"
		    "  commissioners: [{id: ccg, name: CCG, role: payer}]\n"
		    "  mcp: {id: mcp, name: MCP}\n"),
	    3, 40,
	    "unknown key 'role' in commissioner 'ccg' (expected id, name or "
	    "ods)");
	BAD(PARTIES("parties:\n"
		    "  commissioners: [{id: ccg, name: CCG}]\n"),
	    3, 3, "the 'parties' section has no 'mcp' (a required key)");
	BAD(PARTIES("parties:\n"
		    "  commissioners: [{id: ccg, name: CCG}]\n"
		    "  mcp: {name: MCP}\n"),
	    4, 8, "the MCP has no 'id' (a required key)");
	BAD(PARTIES("parties:\n"
		    "  commissioners: [{id: ccg, name: CCG}]\n"
		    "  mcp: {id: mcp, name: MCP}\n"
		    "  alliance: [{id: Trust, name: T}]\n"),
	    5, 19,
	    "'id' of alliance member 'Trust' is 'Trust' (expected an "
	    "identifier");
}

/* Years on line 8 replaced by `y`. */
#define YEARS(y) S_CONTRACT S_PARTIES y S_ASSUMPTIONS S_LINES

TEST(contract_error_years)
{
	BAD(YEARS("years: {base: 2017/18, shadow: 2017/18, first_full: "
		  "2020/21, last: 2021/22}\n"),
	    8, 32,
	    "'shadow' is 2017/18, not after the base year 2017/18 (expected "
	    "base < shadow < first_full <= last, e.g. 2017/18, 2019/20, "
	    "2020/21, 2024/25)");
	BAD(YEARS("years: {base: 2017/18, shadow: 2019/20, first_full: "
		  "2019/20, last: 2021/22}\n"),
	    8, 53,
	    "'first_full' is 2019/20, not after the shadow year 2019/20");
	BAD(YEARS("years: {base: 2017/18, shadow: 2019/20, first_full: "
		  "2020/21, last: 2019/20}\n"),
	    8, 68, "'last' is 2019/20, before the first full year 2020/21");
	BAD(YEARS("years: {base: 2017, shadow: 2019/20, first_full: "
		  "2020/21, last: 2021/22}\n"),
	    8, 15,
	    "'base' of the 'years' section is '2017' (expected a financial "
	    "year, e.g. 2019/20)");
	BAD(YEARS("years: {base: 2017/18, shadow: 2019/20, last: 2021/22}\n"),
	    8, 8, "the 'years' section has no 'first_full' (a required key)");
	BAD(YEARS("years: {base: 1990/91, shadow: 2019/20, first_full: "
		  "2020/21, last: 2021/22}\n"),
	    8, 68,
	    "'last' is 31 years after the base year (expected at most 30)");
}

TEST(contract_error_budget_lines)
{
	BAD(LINE("scope: in, base_value: 1") "  - {id: X, name: Y, "
					     "commissioner: ccg, scope: in, "
					     "base_value: 1}\n",
	    16, 10, "duplicate budget line 'X' (first defined on line 15)");
	BAD(HEAD "budget_lines:\n  - {id: mh_ld, name: X, commissioner: ccg, "
		 "scope: in, base_value: 1}\n",
	    15, 10,
	    "'id' of budget line 'mh_ld' is 'mh_ld' (expected a code: an "
	    "upper-case letter, then upper-case letters, digits or '_', at "
	    "most 32, e.g. MH_LD)");
	BAD(HEAD "budget_lines:\n  - {id: X, name: X, commissioner: mcp, "
		 "scope: in, base_value: 1}\n",
	    15, 36,
	    "'commissioner' of budget line 'X' is 'mcp', which is not a "
	    "commissioner (expected a commissioner under 'parties': ccg or "
	    "wcc)");
	BAD(LINE("scope: inside, base_value: 1"), 15, 48,
	    "unknown scope 'inside' in budget line 'X' (expected in, partly "
	    "or out)");
	BAD(LINE("base_value: 1"), 15, 5,
	    "budget line 'X' has no 'scope' (a required key)");
	BAD(LINE("scope: in, base_value: 1, colour: red"), 15, 67,
	    "unknown key 'colour' in budget line 'X' (expected id, name, "
	    "commissioner, base_value, scope, share, illustrative, from, "
	    "variation or settings)");
	BAD(LINE("scope: in, base_value: 1, illustrative: yes"), 15, 81,
	    "'illustrative' of budget line 'X' is 'yes' (expected true or "
	    "false)");
	BAD(HEAD "budget_lines: []\n", 14, 15,
	    "'budget_lines' is empty (expected at least one of budget lines");
	BAD(HEAD "budget_lines: {id: X}\n", 14, 15,
	    "'budget_lines' of the contract file must be a list of budget "
	    "lines");
	BAD(LINE("scope: out, base_value: 1"), 15, 3,
	    "no budget line is in scope (expected at least one line with "
	    "scope in or partly)");
}

TEST(contract_error_share)
{
	BAD(LINE("scope: in, base_value: 1, share: 0.5"), 15, 74,
	    "'share' of budget line 'X' is 0.5 but its scope is in (expected "
	    "no share, or 1; use scope: partly for part of a line)");
	BAD(LINE("scope: partly, base_value: 1"), 15, 5,
	    "budget line 'X' is partly in scope but has no 'share' (expected "
	    "the fraction held, e.g. share: 0.25)");
	BAD(LINE("scope: partly, base_value: 1, share: 1"), 15, 78,
	    "'share' of budget line 'X' is 1 (expected a fraction above 0 "
	    "and below 1 for a line partly in scope, e.g. 0.25)");
	BAD(LINE("scope: partly, base_value: 1, share: 0"), 15, 78,
	    "'share' of budget line 'X' is 0 (expected a fraction above 0");
	BAD(LINE("scope: partly, base_value: 1, share: ten"), 15, 78,
	    "'share' of budget line 'X' is 'ten' (expected a number)");
	BAD(LINE("scope: out, base_value: 1, share: 0.5"), 15, 75,
	    "'share' of budget line 'X' is for lines in or partly in scope "
	    "(its scope is out; leave the key out)");
	BAD(LINE("scope: out, base_value: 1, from: 2020/21"), 15, 74,
	    "'from' of budget line 'X' is for lines in or partly in scope");
}

/* A variation on lines 14-16 after HEAD (MIN's lines follow on 17-19). */
#define VARIATION(year)                                                        \
	"scheduled_variations:\n"                                              \
	"  - {id: social_care, name: Social care, year: " year ",\n"           \
	"     description: Social care enters}\n"

TEST(contract_error_from_and_variation)
{
	struct ob_contract *c;
	static const char ok[] = HEAD VARIATION("2021/22") S_LINES
	    "  - {id: SC, name: SC, commissioner: wcc, base_value: 1, "
	    "scope: in,\n"
	    "     variation: social_care}\n";

	ASSERT_OK(ob_contract_parse(ok, strlen(ok), "t.yaml", &c, NULL));
	ASSERT_INT_EQ(c->lines[2].from, 2021);
	ASSERT_STR_EQ(c->lines[2].variation, "social_care");
	ob_contract_free(c);

	BAD(LINE("scope: in, base_value: 1, from: 2018/19"), 15, 73,
	    "'from' of budget line 'X' is 2018/19 (expected a year from the "
	    "shadow year 2019/20 to the last year 2021/22)");
	BAD(LINE("scope: in, base_value: 1, from: 2022/23"), 15, 73,
	    "'from' of budget line 'X' is 2022/23 (expected a year from the "
	    "shadow year");
	BAD(LINE("scope: in, base_value: 1, from: 2020/21"), 15, 73,
	    "budget line 'X' enters the scope in 2020/21, after the shadow "
	    "year, without a scheduled variation (expected 'variation': the "
	    "id of the scheduled variation that brings it in)");
	BAD(LINE("scope: in, base_value: 1, variation: care"), 15, 78,
	    "'variation' of budget line 'X' is 'care', which is not a "
	    "scheduled variation (expected an id under "
	    "'scheduled_variations')");
	BAD(HEAD VARIATION("2021/22") S_LINES
	    "  - {id: SC, name: SC, commissioner: wcc, base_value: 1, "
	    "scope: in,\n"
	    "     variation: social_care, from: 2020/21}\n",
	    21, 36,
	    "'from' of budget line 'SC' is 2020/21 but its scheduled "
	    "variation 'social_care' is in 2021/22 (expected the "
	    "variation's year, or leave 'from' out)");
	BAD(HEAD VARIATION("2019/20") S_LINES, 15, 48,
	    "'year' of scheduled variation 'social_care' is 2019/20 "
	    "(expected a year after the shadow year 2019/20 and at most the "
	    "last year 2021/22)");
	BAD(HEAD VARIATION("2021/22") S_LINES, 15, 10,
	    "scheduled variation 'social_care' brings no budget line into "
	    "scope (expected a budget line with 'variation: social_care')");
	BAD(HEAD
	    "scheduled_variations:\n"
	    "  - {id: social_care, name: Social care, year: 2021/22}\n" S_LINES,
	    15, 5,
	    "scheduled variation 'social_care' has no 'description' (a "
	    "required key)");
	BAD(MIN VARIATION("2021/22") VARIATION("2021/22") "", 20, 1,
	    "duplicate key 'scheduled_variations' in the contract file");
	BAD(HEAD
	    "scheduled_variations:\n"
	    "  - {id: sc, name: S, year: 2021/22, description: D}\n"
	    "  - {id: sc, name: S, year: 2021/22, description: D}\n" S_LINES,
	    16, 10,
	    "duplicate scheduled variation 'sc' (first defined on line "
	    "15)");
}

TEST(contract_error_settings)
{
	struct ob_contract *c;
	static const char ok[] =
	    HEAD "budget_lines:\n"
		 "  - {id: X, name: X, commissioner: ccg, scope: in, "
		 "base_value: 1,\n"
		 "     settings: [admitted, care_home, prescribing]}\n";

	ASSERT_OK(ob_contract_parse(ok, strlen(ok), "t.yaml", &c, NULL));
	ASSERT_INT_EQ(c->lines[0].settings, (1u << OB_SET_ADMITTED) |
						(1u << OB_SET_CARE_HOME) |
						(1u << OB_SET_PRESCRIBING));
	ob_contract_free(c);
	BAD(LINE("scope: in, base_value: 1, settings: [acute]"), 15, 78,
	    "unknown setting 'acute' in budget line 'X' (expected admitted, "
	    "outpatient, ae, community, mental_health, primary_care, "
	    "social_care, care_home or prescribing)");
	BAD(LINE("scope: in, base_value: 1, settings: [ae, ae]"), 15, 82,
	    "setting 'ae' is listed twice in budget line 'X'");
	BAD(LINE("scope: in, base_value: 1, settings: []"), 15, 77,
	    "'settings' of budget line 'X' is empty");
}

TEST(contract_error_top_slices)
{
	struct ob_contract *c;
	static const char ok[] =
	    MIN "top_slices:\n"
		"  - {id: nm, name: Network management, share: 0.005}\n"
		"  - {id: cn, name: Care navigators, amount: 1500000.00,\n"
		"     from: 2020/21, illustrative: true}\n";

	ASSERT_OK(ob_contract_parse(ok, strlen(ok), "t.yaml", &c, NULL));
	ASSERT_INT_EQ(c->n_top_slices, 2);
	ASSERT_NEAR(c->top_slices[0].share, 0.005, 0);
	ASSERT_INT_EQ(c->top_slices[0].amount, 0);
	ASSERT_INT_EQ(c->top_slices[0].from, 2019);
	ASSERT_INT_EQ(c->top_slices[1].amount, 150000000LL);
	ASSERT_INT_EQ(c->top_slices[1].from, 2020);
	ASSERT(c->top_slices[1].illustrative);
	ob_contract_free(c);

	BAD(MIN "top_slices:\n  - {id: nm, name: N, share: 0.01, amount: 5}\n",
	    18, 44,
	    "top-slice 'nm' has both 'share' and 'amount' (expected exactly "
	    "one: a 'share' of the year's budget, e.g. 0.005, or an 'amount' "
	    "a year, e.g. 250000.00)");
	BAD(MIN "top_slices:\n  - {id: nm, name: N}\n", 18, 5,
	    "top-slice 'nm' has neither 'share' nor 'amount'");
	BAD(MIN "top_slices:\n  - {id: nm, name: N, share: 0.5}\n", 18, 30,
	    "'share' of top-slice 'nm' is 0.5 (expected a fraction of the "
	    "year's budget above 0 and at most 0.25, e.g. 0.005)");
	BAD(MIN "top_slices:\n  - {id: nm, name: N, amount: 0}\n", 18, 31,
	    "'amount' of top-slice 'nm' is 0 (expected pounds a year above 0, "
	    "e.g. 250000.00)");
	BAD(MIN
	    "top_slices:\n  - {id: nm, name: N, amount: 1, from: 2018/19}\n",
	    18, 40,
	    "'from' of top-slice 'nm' is 2018/19 (expected a year from the "
	    "shadow year 2019/20 to the last year 2021/22)");
	BAD(MIN "top_slices:\n  - {id: nm, name: N, amount: 1}\n"
		"  - {id: nm, name: M, amount: 2}\n",
	    19, 10, "duplicate top-slice 'nm' (first defined on line 18)");
}

/* Assumptions on lines 9-... replaced by `a`; the lines follow. */
#define ASSUME(a) S_CONTRACT S_PARTIES S_YEARS a S_LINES
#define A_ROW(y, extra)                                                        \
	"  - {year: " y ", population_growth: 0.009, inflation: 0.021, "       \
	"productivity: 0.011, allocation: 150000000.00" extra "}\n"

TEST(contract_error_assumptions)
{
	BAD(ASSUME("assumptions:\n" A_ROW("2018/19", "") A_ROW("2019/20", "")
		       A_ROW("2020/21", "")),
	    10, 3,
	    "'assumptions' has no entry for 2021/22 (expected one entry per "
	    "year from 2018/19 to 2021/22)");
	BAD(ASSUME("assumptions:\n" A_ROW("2018/19", "") A_ROW("2020/21", "")
		       A_ROW("2019/20", "") A_ROW("2021/22", "")),
	    11, 12,
	    "assumptions for 2020/21 where 2019/20 was expected (expected one "
	    "entry per year from 2018/19 to 2021/22, in order)");
	BAD(ASSUME("assumptions:\n" A_ROW("2018/19", "") A_ROW("2018/19", "")),
	    11, 12, "duplicate assumptions for 2018/19 (first on line 10)");
	BAD(ASSUME("assumptions:\n" A_ROW("2018/19", "") A_ROW("2019/20", "")
		       A_ROW("2020/21", "") A_ROW("2021/22", "")
			   A_ROW("2022/23", "")),
	    14, 5,
	    "'assumptions' has an entry after the last year 2021/22 "
	    "(expected one entry per year from 2018/19 to 2021/22)");
	BAD(ASSUME("assumptions:\n"
		   "  - {year: 2018/19, population_growth: 0.009, inflation: "
		   "2.1, productivity: 0.011, allocation: 1}\n"),
	    10, 58,
	    "'inflation' of the assumptions of 2018/19 is 2.1 (expected a "
	    "fraction a year from -0.2 to 0.2, e.g. 0.021 for 2.1%)");
	BAD(ASSUME("assumptions:\n"
		   "  - {year: 2018/19, population_growth: -0.3, inflation: "
		   "0.02, productivity: 0.011, allocation: 1}\n"),
	    10, 40,
	    "'population_growth' of the assumptions of 2018/19 is -0.3 "
	    "(expected a fraction a year from -0.2 to 0.2, e.g. 0.009 for "
	    "0.9%)");
	BAD(ASSUME("assumptions:\n"
		   "  - {year: 2018/19, population_growth: 0.01, inflation: "
		   "0.02, productivity: -0.011, allocation: 1}\n"),
	    10, 77,
	    "'productivity' of the assumptions of 2018/19 is -0.011 (expected "
	    "a fraction a year from 0 to 0.2, e.g. 0.011 for a 1.1% "
	    "efficiency requirement)");
	BAD(ASSUME("assumptions:\n"
		   "  - {year: 2018/19, population_growth: 0.01, inflation: "
		   "0.02, productivity: 0.01, allocation: 0}\n"),
	    10, 95,
	    "'allocation' of the assumptions of 2018/19 is 0 (expected the "
	    "commissioners' funding for the services in scope, above 0 "
	    "pounds, e.g. 150000000.00)");
	BAD(ASSUME("assumptions:\n"
		   "  - {year: 2018/19, population_growth: 0.01, inflation: "
		   "0.02, productivity: 0.01}\n"),
	    10, 5,
	    "an entry of 'assumptions' has no 'allocation' (a required key)");
}

/* Capitation after MIN, on line 17. */
TEST(contract_error_capitation)
{
	struct ob_contract *c;
	static const char ok[] =
	    MIN "capitation: {variables: [age_sex, prior_cost],\n"
		"             allow_influenceable: true, age_bands: [0, 65]}\n";

	ASSERT_OK(ob_contract_parse(ok, strlen(ok), "t.yaml", &c, NULL));
	ASSERT_INT_EQ(c->capitation.variables,
		      (1u << OB_CAPVAR_AGE_SEX) | (1u << OB_CAPVAR_PRIOR_COST));
	ASSERT_INT_EQ(c->capitation.n_age_bands, 2);
	ASSERT_INT_EQ(c->capitation.age_bands[1], 65);
	ASSERT(c->capitation.allow_influenceable);
	ob_contract_free(c);

	BAD(MIN "capitation: {variables: [age_sex, prior_use]}\n", 17, 35,
	    "capitation variable 'prior_use' is refused: the provider's own "
	    "activity sets it, so a budget adjusted by it pays for activity "
	    "rather than need and rewards doing more (expected age_sex, "
	    "deprivation, segment, conditions or living_alone; set "
	    "'allow_influenceable: true' to use it anyway)");
	BAD(MIN "capitation: {variables: [prior_cost], "
		"allow_influenceable: false}\n",
	    17, 26, "capitation variable 'prior_cost' is refused");
	BAD(MIN "capitation: {variables: [age, sex]}\n", 17, 26,
	    "unknown capitation variable 'age' in the 'capitation' section "
	    "(expected age_sex, deprivation, segment, conditions, "
	    "living_alone, prior_cost or prior_use)");
	BAD(MIN "capitation: {variables: [segment, segment]}\n", 17, 35,
	    "capitation variable 'segment' is listed twice");
	BAD(MIN "capitation: {age_bands: [5, 15]}\n", 17, 26,
	    "'age_bands' of the 'capitation' section starts at 5 (expected "
	    "the first band to start at 0)");
	BAD(MIN "capitation: {age_bands: [0, 15, 15]}\n", 17, 33,
	    "'age_bands' of the 'capitation' section are not ascending at 15");
	BAD(MIN "capitation: {age_bands: [0, x]}\n", 17, 29,
	    "'age_bands' of the 'capitation' section is 'x' (expected a whole "
	    "number from 0 to 120)");
	BAD(MIN "capitation: {method: regression}\n", 17, 14,
	    "unknown key 'method' in the 'capitation' section (expected "
	    "variables, age_bands or allow_influenceable)");
}

/* ------------------------------------------------------------------ */
/* incentives */

TEST(contract_shipped_incentives)
{
	struct ob_contract *c;
	struct ob_catalogue *cat;
	struct ob_error err;
	const struct ob_incentives *in;
	const struct ob_incentive_outcome *o;
	int points[2] = {0, 0};

	ASSERT_OK(ob_contract_load_default(&c, &err));
	in = &c->incentives;
	ASSERT(in->present);
	/* The pot: nothing in the shadow year, then 1% to 5%. */
	ASSERT_INT_EQ(in->n_pot, 6);
	ASSERT_INT_EQ(in->pot[0].year, 2019);
	ASSERT_NEAR(in->pot[0].share, 0, 0);
	ASSERT(!in->pot[0].illustrative);
	ASSERT(in->pot[1].illustrative);
	ASSERT_NEAR(ob_contract_pot_share(c, 2020), 0.01, 0);
	ASSERT_NEAR(ob_contract_pot_share(c, 2022), 0.03, 0);
	ASSERT_NEAR(ob_contract_pot_share(c, 2024), 0.05, 0);
	ASSERT_NEAR(ob_contract_pot_share(c, 2018), 0, 0);
	ASSERT_NEAR(ob_contract_pot_share(c, 2025), 0, 0);
	/* Calibration: the defaults, written out. */
	ASSERT_NEAR(in->p, 0.95, 0);
	ASSERT_NEAR(in->r, 0.90, 0);
	ASSERT_NEAR(in->p0, 0.999, 0);
	ASSERT_NEAR(in->alpha, 0.05, 0);
	ASSERT_NEAR(in->power, 0.80, 0);
	ASSERT_INT_EQ(in->history_years, 3);
	ASSERT_INT_EQ(in->review_years, 3);
	ASSERT_NEAR(in->coverage_threshold, 0.95, 0);
	/* The catalogue's seven pay-for-performance metrics. */
	ASSERT_INT_EQ(in->n_outcomes, 7);
	o = ob_contract_outcome(c, "acsc_chronic_unplanned");
	ASSERT(o == &in->outcomes[0]);
	ASSERT_INT_EQ(o->weight, 30);
	ASSERT_INT_EQ(o->from, 2020);
	ASSERT_INT_EQ(o->baseline_year, 0);
	ASSERT_INT_EQ(o->unit, OB_OUTCOME_MCP);
	ASSERT_NEAR(o->expected_improvement, 10, 0);
	ASSERT_NEAR(o->target_improvement, 50, 0);
	ASSERT(o->illustrative);
	ASSERT(!ob_outcome_paid(c, o, 2019));
	ASSERT(ob_outcome_paid(c, o, 2020));
	ASSERT(ob_outcome_paid(c, o, 2024));
	ASSERT(!ob_outcome_paid(c, o, 2025));
	ASSERT_INT_EQ(ob_contract_outcome(c, "days_at_home_frail")->unit,
		      OB_OUTCOME_PCH);
	/* A survey-based outcome baselined in 2020/21, on its curve from
	 * 2021/22. */
	o = ob_contract_outcome(c, "care_plan_involvement");
	ASSERT(o != NULL);
	ASSERT_INT_EQ(o->baseline_year, 2020);
	ASSERT_INT_EQ(o->from, 2021);
	ASSERT(!ob_outcome_paid(c, o, 2019));
	ASSERT(ob_outcome_paid(c, o, 2020));
	ASSERT(ob_outcome_paid(c, o, 2021));
	ASSERT(ob_contract_outcome(c, "carer_burden_zbi22") == NULL);
	/* Points paid: 85 in 2020/21 (two baselining), 120 from 2021/22. */
	for (size_t i = 0; i < in->n_outcomes; i++)
		for (int y = 0; y < 2; y++)
			if (ob_outcome_paid(c, &in->outcomes[i], 2020 + y))
				points[y] += in->outcomes[i].weight;
	ASSERT_INT_EQ(points[0], 85);
	ASSERT_INT_EQ(points[1], 120);
	/* National standards with sanctions. */
	ASSERT_INT_EQ(in->n_standards, 2);
	ASSERT_STR_EQ(in->standards[0].metric, "dementia_diagnosis_rate");
	ASSERT_NEAR(in->standards[0].standard, 66.7, 0);
	ASSERT_INT_EQ(in->standards[0].sanction, 5000000LL);
	ASSERT_NEAR(in->standards[0].sanction_share, 0, 0);
	ASSERT_INT_EQ(in->standards[0].from, 2019);
	ASSERT_STR_EQ(in->standards[1].metric, "delayed_transfers_of_care");
	ASSERT_INT_EQ(in->standards[1].sanction, 0);
	ASSERT_NEAR(in->standards[1].sanction_share, 0.001, 0);
	/* Its references are those of the shipped catalogue. */
	ASSERT_OK(ob_catalogue_load_default(&cat, &err));
	ASSERT_OK(ob_contract_check_catalogue(c, cat, &err));
	ob_catalogue_free(cat);
	ob_contract_free(c);
}

/* Incentives after MIN: `incentives:` on line 17, the pot on 18-21, the
 * outcomes on 22-23; anything added starts on line 24. */
#define S_POT                                                                  \
	"  pot:\n"                                                             \
	"    - {year: 2019/20, share: 0}\n"                                    \
	"    - {year: 2020/21, share: 0.01}\n"                                 \
	"    - {year: 2021/22, share: 0.02, illustrative: true}\n"
#define S_OUTCOMES                                                             \
	"  outcomes:\n"                                                        \
	"    - {metric: acsc_chronic_unplanned, from: 2020/21, weight: 30, "   \
	"unit: mcp, target_improvement: 40}\n"
#define INC(x) MIN "incentives:\n" S_POT S_OUTCOMES x
/* The pot (from line 18) replaced by `p`. */
#define INC_POT(p) MIN "incentives:\n" p S_OUTCOMES
/* An outcome on line 24 after the first. */
#define OUTCOME(x) INC("    - {metric: m, " x "}\n")
/* A national standard on line 25. */
#define STANDARD(x) INC("  national_standards:\n    - {metric: s, " x "}\n")

TEST(contract_incentives_minimal_and_defaults)
{
	static const char none[] = MIN;
	static const char text[] = INC("");
	static const char full[] =
	    INC("    - {metric: repeat_story, from: 2021/22, baseline_year: "
		"2020/21,\n"
		"       weight: 10, unit: pch, expected_improvement: 1.5,\n"
		"       target_improvement: 5, illustrative: true}\n"
		"  national_standards:\n"
		"    - {metric: dementia_diagnosis_rate, standard: 66.7,\n"
		"       sanction_share: 0.001, from: 2020/21}\n"
		"  calibration: {p: 0.9, r: 0.8, p0: 0.99, alpha: 0.1, "
		"power: 0.9,\n"
		"                history_years: 5}\n"
		"  review_years: 2\n"
		"  coverage_threshold: 1\n");
	struct ob_contract *c;
	const struct ob_incentives *in;
	const struct ob_incentive_outcome *o;

	/* No section: not present, defaults, no pot. */
	ASSERT_OK(ob_contract_parse(none, strlen(none), "t.yaml", &c, NULL));
	in = &c->incentives;
	ASSERT(!in->present);
	ASSERT_INT_EQ(in->n_pot + in->n_outcomes + in->n_standards, 0);
	ASSERT_NEAR(in->p, 0.95, 0);
	ASSERT_NEAR(in->p0, 0.999, 0);
	ASSERT_INT_EQ(in->review_years, 3);
	ASSERT_NEAR(in->coverage_threshold, 0.95, 0);
	ASSERT_NEAR(ob_contract_pot_share(c, 2020), 0, 0);
	ASSERT(ob_contract_outcome(c, "acsc_chronic_unplanned") == NULL);
	ob_contract_free(c);

	ASSERT_OK(ob_contract_parse(text, strlen(text), "t.yaml", &c, NULL));
	in = &c->incentives;
	ASSERT(in->present);
	ASSERT_INT_EQ(in->line, 18);
	ASSERT_INT_EQ(in->n_pot, 3);
	ASSERT_INT_EQ(in->pot[2].line, 21);
	ASSERT(in->pot[2].illustrative && !in->pot[1].illustrative);
	ASSERT_NEAR(ob_contract_pot_share(c, 2021), 0.02, 0);
	ASSERT_NEAR(in->r, 0.90, 0);
	ASSERT_NEAR(in->alpha, 0.05, 0);
	ASSERT_NEAR(in->power, 0.80, 0);
	ASSERT_INT_EQ(in->history_years, 3);
	o = &in->outcomes[0];
	ASSERT_INT_EQ(o->line, 23);
	ASSERT_INT_EQ(o->metric_line, 23);
	ASSERT_INT_EQ(o->metric_column, 16);
	ASSERT_INT_EQ(o->baseline_year, 0);
	ASSERT_NEAR(o->expected_improvement, 0, 0);
	ASSERT(!o->illustrative);
	ASSERT_INT_EQ(in->n_standards, 0);
	ob_contract_free(c);

	ASSERT_OK(ob_contract_parse(full, strlen(full), "t.yaml", &c, NULL));
	in = &c->incentives;
	o = ob_contract_outcome(c, "repeat_story");
	ASSERT(o == &in->outcomes[1]);
	ASSERT_INT_EQ(o->baseline_year, 2020);
	ASSERT_INT_EQ(o->unit, OB_OUTCOME_PCH);
	ASSERT_NEAR(o->expected_improvement, 1.5, 0);
	ASSERT(o->illustrative);
	ASSERT_INT_EQ(in->n_standards, 1);
	ASSERT_INT_EQ(in->standards[0].from, 2020);
	ASSERT_INT_EQ(in->standards[0].line, 28);
	ASSERT_INT_EQ(in->standards[0].sanction, 0);
	ASSERT_NEAR(in->standards[0].sanction_share, 0.001, 0);
	ASSERT_NEAR(in->p, 0.9, 0);
	ASSERT_NEAR(in->r, 0.8, 0);
	ASSERT_NEAR(in->p0, 0.99, 0);
	ASSERT_NEAR(in->alpha, 0.1, 0);
	ASSERT_NEAR(in->power, 0.9, 0);
	ASSERT_INT_EQ(in->history_years, 5);
	ASSERT_INT_EQ(in->review_years, 2);
	ASSERT_NEAR(in->coverage_threshold, 1, 0);
	ob_contract_free(c);
}

TEST(contract_error_incentives_section)
{
	BAD(MIN "incentives: {}\n", 17, 13,
	    "the 'incentives' section has no 'pot' (a required key)");
	BAD(MIN "incentives:\n" S_POT, 18, 3,
	    "the 'incentives' section has no 'outcomes' (a required key)");
	BAD(INC("  bonus: 1\n"), 24, 3,
	    "unknown key 'bonus' in the 'incentives' section (expected pot, "
	    "calibration, review_years, coverage_threshold, outcomes or "
	    "national_standards)");
	BAD(MIN "incentives: [pot]\n", 17, 13,
	    "expected the 'incentives' section here (a mapping of keys to "
	    "values)");
	BAD(INC("  review_years: 0\n"), 24, 17,
	    "'review_years' of the 'incentives' section is '0' (expected a "
	    "whole number from 1 to 10)");
	BAD(INC("  review_years: 11\n"), 24, 17,
	    "(expected a whole number from 1 to 10)");
	BAD(INC("  coverage_threshold: 0\n"), 24, 23,
	    "'coverage_threshold' of the 'incentives' section is 0 (expected "
	    "the share of complete data capture a baselining year pays for, "
	    "above 0 and at most 1, e.g. 0.95)");
	BAD(INC("  coverage_threshold: 1.01\n"), 24, 23,
	    "'coverage_threshold' of the 'incentives' section is 1.01");
}

TEST(contract_error_incentives_pot)
{
	BAD(INC_POT("  pot:\n"
		    "    - {year: 2019/20, share: 0}\n"
		    "    - {year: 2020/21, share: 0.01}\n"),
	    19, 5,
	    "'pot' has no entry for 2021/22 (expected one entry per year from "
	    "the shadow year 2019/20 to the last year 2021/22)");
	BAD(INC_POT("  pot:\n"
		    "    - {year: 2019/20, share: 0}\n"
		    "    - {year: 2021/22, share: 0.01}\n"
		    "    - {year: 2020/21, share: 0.01}\n"),
	    20, 14,
	    "pot for 2021/22 where 2020/21 was expected (expected one entry "
	    "per year from the shadow year 2019/20 to the last year 2021/22, "
	    "in order)");
	BAD(INC_POT("  pot:\n"
		    "    - {year: 2019/20, share: 0}\n"
		    "    - {year: 2019/20, share: 0}\n"),
	    20, 14, "duplicate pot for 2019/20 (first on line 19)");
	BAD(INC_POT("  pot:\n"
		    "    - {year: 2018/19, share: 0}\n"),
	    19, 14,
	    "pot for 2018/19 where 2019/20 was expected (expected one entry "
	    "per year from the shadow year 2019/20");
	BAD(INC_POT("  pot:\n"
		    "    - {year: 2019/20, share: 0}\n"
		    "    - {year: 2020/21, share: 0.01}\n"
		    "    - {year: 2021/22, share: 0.02}\n"
		    "    - {year: 2022/23, share: 0.03}\n"),
	    22, 7,
	    "'pot' has an entry after the last year 2021/22 (expected one "
	    "entry per year from the shadow year 2019/20 to the last year "
	    "2021/22)");
	BAD(INC_POT("  pot:\n"
		    "    - {year: 2019/20, share: 0}\n"
		    "    - {year: 2020/21, share: 0.3}\n"
		    "    - {year: 2021/22, share: 0.02}\n"),
	    20, 30,
	    "'share' of the pot of 2020/21 is 0.3 (expected a share of the "
	    "year's contract budget from 0 to 0.25, e.g. 0.01 for 1%)");
	BAD(INC_POT("  pot:\n"
		    "    - {year: 2019/20, share: -0.01}\n"),
	    19, 30, "'share' of the pot of 2019/20 is -0.01 (expected a share");
	BAD(INC_POT("  pot:\n"
		    "    - {year: 2019/20}\n"),
	    19, 7, "an entry of 'pot' has no 'share' (a required key)");
	BAD(INC_POT("  pot: []\n"), 18, 8,
	    "'pot' of the 'incentives' section is empty (expected at least "
	    "one of yearly pot shares: {year, share})");
	BAD(INC_POT("  pot: {year: 2019/20}\n"), 18, 8,
	    "'pot' of the 'incentives' section must be a list of yearly pot "
	    "shares");
	/* A pot no outcome can earn. */
	BAD(INC_POT("  pot:\n"
		    "    - {year: 2019/20, share: 0.005}\n"
		    "    - {year: 2020/21, share: 0.01}\n"
		    "    - {year: 2021/22, share: 0.02}\n"),
	    19, 30,
	    "'share' of the pot of 2019/20 is 0.005 but no outcome is paid in "
	    "2019/20 (expected an outcome whose 'from' or 'baseline_year' is "
	    "in or before 2019/20, or a share of 0)");
}

TEST(contract_error_incentives_calibration)
{
	BAD(INC("  calibration: {p: 0.5}\n"), 24, 20,
	    "'p' of the 'calibration' section is 0.5 (expected a probability "
	    "above 0.5 and below 1, e.g. 0.95)");
	BAD(INC("  calibration: {p: 1}\n"), 24, 20,
	    "'p' of the 'calibration' section is 1 (expected a probability");
	BAD(INC("  calibration: {r: 0}\n"), 24, 20,
	    "'r' of the 'calibration' section is 0 (expected a share of the "
	    "full reward above 0 and below 1, e.g. 0.90)");
	BAD(INC("  calibration: {p: 0.95, p0: 0.95}\n"), 24, 30,
	    "'p0' of the 'calibration' section is 0.95 (expected a "
	    "probability above p (0.95) and below 1, e.g. 0.999)");
	BAD(INC("  calibration: {p0: 0.9}\n"), 24, 21,
	    "'p0' of the 'calibration' section is 0.9 (expected a probability "
	    "above p (0.95)");
	BAD(INC("  calibration: {p: 0.9995}\n"), 24, 20,
	    "'p' of the 'calibration' section is 0.9995, not below p0 (0.999) "
	    "(expected p < p0 < 1; give 'p0' too, e.g. 0.9999)");
	BAD(INC("  calibration: {alpha: 0.5}\n"), 24, 24,
	    "'alpha' of the 'calibration' section is 0.5 (expected a "
	    "significance level above 0 and below 0.5, e.g. 0.05)");
	BAD(INC("  calibration: {power: 1}\n"), 24, 24,
	    "'power' of the 'calibration' section is 1 (expected a "
	    "probability above 0 and below 1, e.g. 0.80)");
	BAD(INC("  calibration: {history_years: 1}\n"), 24, 32,
	    "'history_years' of the 'calibration' section is '1' (expected a "
	    "whole number from 2 to 10)");
	BAD(INC("  calibration: {history_years: 11}\n"), 24, 32,
	    "(expected a whole number from 2 to 10)");
	BAD(INC("  calibration: {q: 0.9}\n"), 24, 17,
	    "unknown key 'q' in the 'calibration' section (expected p, r, p0, "
	    "alpha, power or history_years)");
}

TEST(contract_error_incentives_outcomes)
{
	BAD(INC("    - {metric: acsc_chronic_unplanned, from: 2021/22, "
		"weight: 1,\n"
		"       unit: mcp, target_improvement: 1}\n"),
	    24, 16,
	    "duplicate outcome 'acsc_chronic_unplanned' (first on line 23; an "
	    "outcome is listed once)");
	BAD(OUTCOME("from: 2020/21, weight: 1, unit: mcp"), 24, 7,
	    "outcome 'm' has no 'target_improvement' (a required key)");
	BAD(INC("    - {from: 2020/21}\n"), 24, 7,
	    "an outcome has no 'metric' (a required key)");
	BAD(INC("    - {metric: ACSC, from: 2020/21, weight: 1, unit: mcp, "
		"target_improvement: 1}\n"),
	    24, 16,
	    "'metric' of outcome 'ACSC' is 'ACSC' (expected an identifier: a "
	    "lower-case letter, then lower-case letters, digits or '_', at "
	    "most 64)");
	BAD(OUTCOME("from: 2018/19, weight: 1, unit: mcp, "
		    "target_improvement: 1"),
	    24, 25,
	    "'from' of outcome 'm' is 2018/19 (expected a year from the "
	    "shadow year 2019/20 to the last year 2021/22)");
	BAD(OUTCOME("from: 2022/23, weight: 1, unit: mcp, "
		    "target_improvement: 1"),
	    24, 25, "'from' of outcome 'm' is 2022/23 (expected a year from");
	BAD(OUTCOME("from: 2020/21, baseline_year: 2020/21, weight: 1, "
		    "unit: mcp, target_improvement: 1"),
	    24, 49,
	    "'baseline_year' of outcome 'm' is 2020/21 (expected a year from "
	    "the shadow year 2019/20 and before its 'from' 2020/21: a "
	    "baselining year before the curve pays)");
	BAD(OUTCOME("from: 2020/21, baseline_year: 2018/19, weight: 1, "
		    "unit: mcp, target_improvement: 1"),
	    24, 49, "'baseline_year' of outcome 'm' is 2018/19");
	BAD(OUTCOME("from: 2020/21, weight: 0, unit: mcp, "
		    "target_improvement: 1"),
	    24, 42,
	    "'weight' of outcome 'm' is '0' (expected a whole number from 1 "
	    "to 1000)");
	BAD(OUTCOME("from: 2020/21, weight: 1001, unit: mcp, "
		    "target_improvement: 1"),
	    24, 42, "'weight' of outcome 'm' is '1001' (expected a whole");
	BAD(OUTCOME("from: 2020/21, weight: 2.5, unit: mcp, "
		    "target_improvement: 1"),
	    24, 42, "'weight' of outcome 'm' is '2.5' (expected a whole");
	BAD(OUTCOME("from: 2020/21, weight: 1, unit: ccg, "
		    "target_improvement: 1"),
	    24, 51,
	    "unknown outcome unit 'ccg' in outcome 'm' (expected mcp or "
	    "pch)");
	BAD(OUTCOME("from: 2020/21, weight: 1, unit: mcp, "
		    "target_improvement: 1, expected_improvement: -1"),
	    24, 101,
	    "'expected_improvement' of outcome 'm' is -1 (expected the "
	    "improvement the trajectory expects, in the metric's units in its "
	    "good direction, 0 or more, e.g. 10)");
	BAD(OUTCOME("from: 2020/21, weight: 1, unit: mcp, "
		    "target_improvement: 0"),
	    24, 76,
	    "'target_improvement' of outcome 'm' is 0 (expected the "
	    "improvement the noise check tests, in the metric's units in its "
	    "good direction, above 0, e.g. 40)");
	BAD(OUTCOME("from: 2020/21, weight: 1, unit: mcp, "
		    "target_improvement: 1, points: 3"),
	    24, 79,
	    "unknown key 'points' in outcome 'm' (expected metric, from, "
	    "baseline_year, weight, unit, expected_improvement, "
	    "target_improvement or illustrative)");
	BAD(OUTCOME("from: 2020/21, weight: 1, unit: mcp, "
		    "target_improvement: 1, illustrative: 1"),
	    24, 93,
	    "'illustrative' of outcome 'm' is '1' (expected true or false)");
	BAD(MIN "incentives:\n" S_POT "  outcomes: []\n", 22, 13,
	    "'outcomes' of the 'incentives' section is empty (expected at "
	    "least one of pay-for-performance outcomes");
	BAD(MIN "incentives:\n" S_POT "  outcomes:\n    - acsc\n", 23, 7,
	    "expected an outcome here (a mapping of keys to values)");
}

TEST(contract_error_incentives_standards)
{
	BAD(STANDARD("standard: 1, sanction: 1.00, sanction_share: 0.001"), 25,
	    64,
	    "national standard 's' has both 'sanction' and 'sanction_share' "
	    "(expected exactly one: a 'sanction' in pounds deducted in a year "
	    "of breach, e.g. 50000.00, or a 'sanction_share' of the year's "
	    "contract budget, e.g. 0.001)");
	BAD(STANDARD("standard: 1"), 25, 7,
	    "national standard 's' has neither 'sanction' nor "
	    "'sanction_share'");
	BAD(STANDARD("standard: 1, sanction: 0"), 25, 42,
	    "'sanction' of national standard 's' is 0 (expected pounds above "
	    "0, e.g. 50000.00)");
	BAD(STANDARD("standard: 1, sanction: 12.345"), 25, 42,
	    "'sanction' of national standard 's' is '12.345' (expected pounds "
	    "with up to two decimals");
	BAD(STANDARD("standard: 1, sanction_share: 0.3"), 25, 48,
	    "'sanction_share' of national standard 's' is 0.3 (expected a "
	    "share of the year's contract budget above 0 and at most 0.25, "
	    "e.g. 0.001)");
	BAD(STANDARD("standard: high, sanction: 1"), 25, 29,
	    "'standard' of national standard 's' is 'high' (expected a "
	    "number)");
	BAD(STANDARD("sanction: 1"), 25, 7,
	    "national standard 's' has no 'standard' (a required key)");
	BAD(STANDARD("standard: 1, sanction: 1, from: 2022/23"), 25, 51,
	    "'from' of national standard 's' is 2022/23 (expected a year "
	    "from the shadow year 2019/20 to the last year 2021/22)");
	BAD(STANDARD("standard: 1, sanction: 1, breach: worse"), 25, 45,
	    "unknown key 'breach' in national standard 's' (expected metric, "
	    "from, standard, sanction, sanction_share or illustrative)");
	BAD(INC("  national_standards:\n"
		"    - {metric: s, standard: 1, sanction: 1}\n"
		"    - {metric: s, standard: 2, sanction: 2}\n"),
	    26, 16, "duplicate national standard 's' (first on line 25)");
	BAD(INC("  national_standards: []\n"), 24, 23,
	    "'national_standards' of the 'incentives' section is empty");
}

/* Parse `text` (valid) and check it against the shipped catalogue: 1 when
 * that fails at line:column with `fragment`. */
static int catalogue_fails_with(const char *text, struct ob_catalogue *cat,
				long line, long column, const char *fragment)
{
	struct ob_contract *c;
	struct ob_error err;
	enum ob_status st;

	if (ob_contract_parse(text, strlen(text), "t.yaml", &c, &err)) {
		fprintf(stderr, "  does not parse: %s:%ld:%ld: %s\n", err.file,
			err.line, err.column, err.msg);
		return 0;
	}
	st = ob_contract_check_catalogue(c, cat, &err);
	ob_contract_free(c);
	if (st == OB_EINVAL && err.code == OB_EINVAL && err.line == line &&
	    err.column == column && strstr(err.msg, fragment) &&
	    !strcmp(err.file, "t.yaml"))
		return 1;
	fprintf(stderr, "  got status %d: %s:%ld:%ld: %s\n", (int)st, err.file,
		err.line, err.column, st ? err.msg : "");
	fprintf(stderr, "  want t.yaml:%ld:%ld: ...%s...\n", line, column,
		fragment);
	return 0;
}

#define BAD_REF(text, line, column, fragment)                                  \
	ASSERT(catalogue_fails_with(text, cat, line, column, fragment))
#define P4P                                                                    \
	"acsc_chronic_unplanned, care_home_admissions_65_plus, "               \
	"days_at_home_frail, carer_confidence_6m, care_plan_involvement, "     \
	"repeat_story or frail_acsc_admissions"

TEST(contract_check_catalogue)
{
	static const char ok[] =
	    INC("  national_standards:\n"
		"    - {metric: dementia_diagnosis_rate, standard: 66.7, "
		"sanction: 1}\n");
	static const char none[] = MIN;
	struct ob_catalogue *cat;
	struct ob_contract *c;
	struct ob_error err;

	ASSERT_OK(ob_catalogue_load_default(&cat, &err));
	ASSERT_OK(ob_contract_parse(ok, strlen(ok), "t.yaml", &c, &err));
	ASSERT_OK(ob_contract_check_catalogue(c, cat, &err));
	ob_contract_free(c);
	ASSERT_OK(ob_contract_parse(none, strlen(none), "t.yaml", &c, &err));
	ASSERT_OK(ob_contract_check_catalogue(c, cat, &err));
	ob_contract_free(c);

	/* A metric the catalogue does not have. */
	BAD_REF(INC("    - {metric: acsc_all, from: 2020/21, weight: 1, "
		    "unit: mcp, target_improvement: 1}\n"),
		24, 16,
		"outcome 'acsc_all' is not a metric of the outcomes catalogue "
		"(expected a pay_for_performance metric: " P4P ")");
	/* Metrics of the wrong category. */
	BAD_REF(INC("    - {metric: carer_burden_zbi22, from: 2020/21,\n"
		    "       weight: 1, unit: mcp, target_improvement: 1}\n"),
		24, 16,
		"outcome 'carer_burden_zbi22' is a local_quality metric of the "
		"outcomes catalogue (expected a pay_for_performance metric: "
		"acsc_chronic_unplanned, ");
	BAD_REF(INC("    - {metric: delayed_transfers_of_care, from: "
		    "2020/21,\n"
		    "       weight: 1, unit: mcp, target_improvement: 1}\n"),
		24, 16,
		"outcome 'delayed_transfers_of_care' is a national_standard "
		"metric of the outcomes catalogue (expected a "
		"pay_for_performance metric");
	BAD_REF(
	    INC("  national_standards:\n"
		"    - {metric: dementia_diagnosis_rate, standard: 66.7, "
		"sanction: 1}\n"
		"    - {metric: repeat_story, standard: 50, sanction: 1}\n"),
	    26, 16,
	    "national standard 'repeat_story' is a pay_for_performance "
	    "metric of the outcomes catalogue (expected a "
	    "national_standard metric: dementia_diagnosis_rate or "
	    "delayed_transfers_of_care)");
	BAD_REF(INC("  national_standards:\n"
		    "    - {metric: four_hour_wait, standard: 95, "
		    "sanction: 1}\n"),
		25, 16,
		"national standard 'four_hour_wait' is not a metric of the "
		"outcomes catalogue (expected a national_standard metric");
	/* A standard on a metric without a direction cannot be breached. */
	for (size_t i = 0; i < cat->n; i++)
		if (!strcmp(cat->metrics[i].id, "dementia_diagnosis_rate"))
			cat->metrics[i].direction = OB_NO_DIRECTION;
	BAD_REF(ok, 25, 16,
		"national standard 'dementia_diagnosis_rate' is on a metric "
		"with no_direction (expected a metric that is "
		"higher_is_better or lower_is_better, so that it can be "
		"judged)");
	ob_catalogue_free(cat);
}

/* ------------------------------------------------------------------ */
/* risk_share, out_of_area, alliance */

TEST(contract_shipped_risk_share)
{
	struct ob_contract *c;
	struct ob_error err;
	const struct ob_risk_share *r;
	const struct ob_risk_year *y, *prev = NULL;

	ASSERT_OK(ob_contract_load_default(&c, &err));
	r = &c->risk_share;
	ASSERT(r->present);
	/* Two pools: the MCP's budget, and acute spend against its
	 * anticipated level (the whole ACUTE line, the seed's £113m). */
	ASSERT_INT_EQ(r->n_pools, 2);
	ASSERT_STR_EQ(r->pools[0].id, "mcp_budget");
	ASSERT_INT_EQ(r->pools[0].kind, OB_POOL_BUDGET);
	ASSERT(r->pools[0].ledger_line == NULL);
	ASSERT_INT_EQ(r->pools[0].baseline, 0);
	ASSERT(ob_contract_pool(c, "acute") == &r->pools[1]);
	ASSERT_INT_EQ(r->pools[1].kind, OB_POOL_ACUTE);
	ASSERT_STR_EQ(r->pools[1].ledger_line, "ACUTE");
	ASSERT(r->pools[1].ledger_line == ob_contract_line(c, "ACUTE")->id);
	ASSERT_INT_EQ(r->pools[1].baseline, 11300000000LL);
	ASSERT(ob_contract_pool(c, "social_care") == NULL);
	/* Every year from the shadow year to the last. */
	ASSERT_INT_EQ(r->n_years, 6);
	ASSERT(ob_contract_risk_year(c, 2018) == NULL);
	ASSERT(ob_contract_risk_year(c, 2025) == NULL);
	for (ob_fy year = 2019; year <= 2024; year++) {
		y = ob_contract_risk_year(c, year);
		ASSERT(y != NULL);
		ASSERT_INT_EQ(y->year, year);
		ASSERT(y->illustrative);
		/* Upside-only in the shadow year and 2020/21, then
		 * two-sided. */
		ASSERT((y->loss_share > 0) == (year >= 2021));
		ASSERT((y->loss_cap > 0) == (year >= 2021));
		ASSERT(y->quality_gate == (year >= 2021));
		ASSERT_INT_EQ(y->excess_to, year <= 2021
						? OB_EXCESS_REINVESTMENT
						: OB_EXCESS_PROVIDER);
		/* A surplus target of the order of £1-2m. */
		ASSERT(y->surplus_target >= 100000000LL &&
		       y->surplus_target <= 200000000LL);
		ASSERT(y->corridor > 0 && y->corridor <= 0.01);
		/* Shares, caps and the acute impact rise by year. */
		if (prev) {
			ASSERT(y->gain_share >= prev->gain_share);
			ASSERT(y->loss_share >= prev->loss_share);
			ASSERT(y->gain_cap > prev->gain_cap);
			ASSERT(y->loss_cap >= prev->loss_cap);
			ASSERT(y->acute_impact > prev->acute_impact);
			ASSERT(y->corridor <= prev->corridor);
		}
		prev = y;
	}
	y = ob_contract_risk_year(c, 2019);
	ASSERT_NEAR(y->gain_share, 0.25, 0);
	ASSERT_NEAR(y->gain_cap, 0.005, 0);
	ASSERT_NEAR(y->acute_impact, 0, 0);
	ASSERT_INT_EQ(y->surplus_target, 100000000LL);
	y = ob_contract_risk_year(c, 2021);
	ASSERT_NEAR(y->corridor, 0.005, 0);
	ASSERT_NEAR(y->gain_share, 0.40, 0);
	ASSERT_NEAR(y->loss_share, 0.20, 0);
	ASSERT_NEAR(y->loss_cap, 0.005, 0);
	y = ob_contract_risk_year(c, 2024);
	ASSERT_NEAR(y->gain_share, 0.5, 0);
	ASSERT_NEAR(y->loss_share, 0.5, 0);
	ASSERT_NEAR(y->gain_cap, 0.03, 0);
	ASSERT_NEAR(y->loss_cap, 0.02, 0);
	ASSERT_NEAR(y->acute_impact, 0.03, 0);
	ASSERT_INT_EQ(y->surplus_target, 200000000LL);
	ASSERT(!c->what_if);
	ASSERT_OK(ob_contract_check(c, &err));
	ob_contract_free(c);
}

TEST(contract_shipped_out_of_area_and_alliance)
{
	static const char *const members[] = {"clch", "cnwl", "gp_federation",
					      "imperial", "chelwest"};
	struct ob_contract *c;
	struct ob_error err;
	const struct ob_out_of_area *o;
	const struct ob_alliance_rule *a;
	const struct ob_local_price *p;
	double sum = 0;

	ASSERT_OK(ob_contract_load_default(&c, &err));
	o = &c->out_of_area;
	ASSERT(o->present);
	ASSERT_INT_EQ(o->n_outside, 0);
	ASSERT_INT_EQ(o->n_local_prices, 2);
	/* Outpatient attendances (WF01A) at any provider; Moorfields'
	 * cataracts (BZ34B) at Moorfields only. */
	p = ob_contract_local_price(c, "RRV", "WF01A", "OP");
	ASSERT(p == &o->local_prices[0]);
	ASSERT(p->provider == NULL);
	ASSERT_INT_EQ(p->price, 11000);
	p = ob_contract_local_price(c, "RP6", "BZ34B", "EL");
	ASSERT(p == &o->local_prices[1]);
	ASSERT_STR_EQ(p->provider, "RP6");
	ASSERT_INT_EQ(p->price, 95000);
	ASSERT(ob_contract_local_price(c, "RRV", "BZ34B", "EL") == NULL);
	ASSERT(ob_contract_local_price(c, "RP6", "BZ34B", "NEL") == NULL);
	ASSERT(ob_contract_local_price(c, "RRV", "WF01B", "OP") == NULL);

	/* Fixed shares across the five alliance parties, summing to 1. */
	a = &c->alliance_rule;
	ASSERT(a->present);
	ASSERT_INT_EQ(a->rule, OB_SPLIT_FIXED);
	ASSERT_INT_EQ(a->n_members, 5);
	for (size_t i = 0; i < a->n_members; i++) {
		ASSERT_STR_EQ(a->members[i].party, members[i]);
		ASSERT_INT_EQ(ob_contract_party(c, members[i])->role,
			      OB_PARTY_ALLIANCE);
		ASSERT(a->members[i].share > 0);
		ASSERT_INT_EQ(a->members[i].contract_value, 0);
		sum += a->members[i].share;
	}
	ASSERT_NEAR(sum, 1, 1e-12);
	ASSERT_NEAR(a->members[0].share, 0.30, 0);
	ob_contract_free(c);
}

/* The risk share after MIN: `risk_share:` on line 17, the pools on 18-20,
 * the years on 21-24; anything added starts on line 25. */
#define S_POOLS                                                                \
	"  pools:\n"                                                           \
	"    - {id: mcp_budget, name: Budget, kind: budget}\n"                 \
	"    - {id: acute, name: Acute, kind: acute, ledger_line: ACUTE, "     \
	"baseline: 113000000.00}\n"
#define RY_TO(y, to, x)                                                        \
	"    - {year: " y ", corridor: 0.01, gain_share: 0.5, loss_share: "    \
	"0.25, gain_cap: 0.02, loss_cap: 0.01, surplus_target: 2000000.00, "   \
	"excess_to: " to x "}\n"
#define RY(y, x) RY_TO(y, "provider", x)
#define S_RYEARS                                                               \
	"  years:\n" RY("2019/20", "") RY("2020/21", "") RY("2021/22", "")
#define RISK(x) MIN "risk_share:\n" S_POOLS S_RYEARS x
/* The pools (from line 18) replaced by `p`. */
#define RISK_POOLS(p) MIN "risk_share:\n  pools:\n" p S_RYEARS
/* The years (from line 21) replaced by `y`. */
#define RISK_YEARS(y) MIN "risk_share:\n" S_POOLS "  years:\n" y
/* A pool on line 19, after "pools:". */
#define POOL(x) RISK_POOLS("    - {id: p, name: P, " x "}\n")
/* The terms of 2019/20 on line 22, the other years after. */
#define YEAR1(x)                                                               \
	RISK_YEARS("    - {year: 2019/20, " x "}\n" RY("2020/21", "")          \
		       RY("2021/22", ""))
#define TERMS                                                                  \
	"corridor: 0.01, gain_share: 0.5, loss_share: 0.25, gain_cap: 0.02, "  \
	"loss_cap: 0.01, surplus_target: 1.00, excess_to: provider"

TEST(contract_risk_share_minimal_and_defaults)
{
	static const char none[] = MIN;
	static const char text[] = RISK("");
	static const char full[] = RISK_YEARS(
	    RY("2019/20", ", quality_gate: true, acute_impact: "
			  "0.03, illustrative: true")
		RY_TO("2020/21", "reinvestment", "") RY("2021/22", ""));
	struct ob_contract *c;
	const struct ob_risk_share *r;
	const struct ob_risk_year *y;

	/* No section: not present, nothing in it. */
	ASSERT_OK(ob_contract_parse(none, strlen(none), "t.yaml", &c, NULL));
	ASSERT(!c->risk_share.present && !c->out_of_area.present &&
	       !c->alliance_rule.present);
	ASSERT_INT_EQ(c->risk_share.n_pools + c->risk_share.n_years, 0);
	ASSERT_INT_EQ(c->out_of_area.n_outside + c->out_of_area.n_local_prices,
		      0);
	ASSERT_INT_EQ(c->alliance_rule.n_members, 0);
	ASSERT(ob_contract_risk_year(c, 2019) == NULL);
	ASSERT(ob_contract_pool(c, "acute") == NULL);
	ASSERT(ob_contract_local_price(c, "RAL", "WF01A", "OP") == NULL);
	ASSERT_OK(ob_contract_check(c, NULL));
	ob_contract_free(c);

	ASSERT_OK(ob_contract_parse(text, strlen(text), "t.yaml", &c, NULL));
	r = &c->risk_share;
	ASSERT(r->present);
	ASSERT_INT_EQ(r->line, 18);
	ASSERT_INT_EQ(r->n_pools, 2);
	ASSERT_INT_EQ(r->pools[1].line, 20);
	ASSERT_INT_EQ(r->n_years, 3);
	y = ob_contract_risk_year(c, 2020);
	ASSERT(y == &r->years[1]);
	ASSERT_INT_EQ(y->line, 23);
	ASSERT_NEAR(y->corridor, 0.01, 0);
	ASSERT_NEAR(y->gain_share, 0.5, 0);
	ASSERT_NEAR(y->loss_share, 0.25, 0);
	ASSERT_NEAR(y->gain_cap, 0.02, 0);
	ASSERT_NEAR(y->loss_cap, 0.01, 0);
	ASSERT_INT_EQ(y->surplus_target, 200000000LL);
	ASSERT_INT_EQ(y->excess_to, OB_EXCESS_PROVIDER);
	/* defaults */
	ASSERT(!y->quality_gate && !y->illustrative);
	ASSERT_NEAR(y->acute_impact, 0, 0);
	ASSERT(ob_contract_risk_year(c, 2018) == NULL);
	ASSERT(ob_contract_risk_year(c, 2022) == NULL);
	ob_contract_free(c);

	ASSERT_OK(ob_contract_parse(full, strlen(full), "t.yaml", &c, NULL));
	y = ob_contract_risk_year(c, 2019);
	ASSERT(y->quality_gate && y->illustrative);
	ASSERT_NEAR(y->acute_impact, 0.03, 0);
	ASSERT_INT_EQ(ob_contract_risk_year(c, 2020)->excess_to,
		      OB_EXCESS_REINVESTMENT);
	ob_contract_free(c);

	/* An upside-only year: no loss share and no loss cap. */
	{
		static const char up[] = YEAR1(
		    "corridor: 0, gain_share: 1, loss_share: 0, gain_cap: 1, "
		    "loss_cap: 0, surplus_target: 0, excess_to: provider");

		ASSERT_OK(
		    ob_contract_parse(up, strlen(up), "t.yaml", &c, NULL));
		y = ob_contract_risk_year(c, 2019);
		ASSERT_NEAR(y->loss_share, 0, 0);
		ASSERT_INT_EQ(y->surplus_target, 0);
		ob_contract_free(c);
	}
}

TEST(contract_error_risk_share_section)
{
	BAD(RISK("  corridor: 0.01\n"), 25, 3,
	    "unknown key 'corridor' in the 'risk_share' section (expected "
	    "pools or years)");
	BAD(MIN "risk_share:\n" S_POOLS, 18, 3,
	    "the 'risk_share' section has no 'years' (a required key)");
	BAD(MIN "risk_share: [acute]\n", 17, 13,
	    "expected the 'risk_share' section here (a mapping of keys to "
	    "values)");
}

TEST(contract_error_risk_share_pools)
{
	BAD(RISK_POOLS(""), 18, 9,
	    "'pools' of the 'risk_share' section must be a list of "
	    "risk-share pools: {id, name, kind}");
	BAD(MIN "risk_share:\n  pools: []\n" S_RYEARS, 18, 10,
	    "'pools' of the 'risk_share' section is empty (expected at "
	    "least one of risk-share pools: {id, name, kind})");
	BAD(POOL("kind: capitated"), 19, 30,
	    "unknown pool kind 'capitated' in pool 'p' (expected budget or "
	    "acute)");
	BAD(POOL("kind: budget, share: 0.5"), 19, 38,
	    "unknown key 'share' in pool 'p' (expected id, name, kind, "
	    "ledger_line or baseline)");
	BAD(RISK_POOLS("    - {id: Acute, name: P, kind: budget}\n"), 19, 12,
	    "'id' of pool 'Acute' is 'Acute' (expected an identifier");
	BAD(RISK_POOLS("    - {name: P, kind: budget}\n"), 19, 7,
	    "a pool has no 'id' (a required key)");
	BAD(RISK_POOLS("    - {id: p, name: P, kind: budget}\n"
		       "    - {id: p, name: Q, kind: acute, ledger_line: "
		       "ACUTE, baseline: 1}\n"),
	    20, 12, "duplicate pool 'p' (first defined on line 19)");
	BAD(RISK_POOLS("    - {id: p, name: P, kind: budget}\n"
		       "    - {id: q, name: Q, kind: budget}\n"),
	    20, 30,
	    "pool 'q' is a second pool of kind budget (the first is 'p' on "
	    "line 19; expected at most one: the MCP's capitated budget)");
	BAD(RISK_POOLS("    - {id: p, name: P, kind: acute, ledger_line: "
		       "ACUTE, baseline: 1}\n"
		       "    - {id: q, name: Q, kind: acute, ledger_line: "
		       "ACUTE, baseline: 2}\n"),
	    20, 50,
	    "'ledger_line' of pool 'q' is ACUTE, already the line of pool "
	    "'p' on line 19 (expected each acute pool on its own budget "
	    "line)");
	BAD(POOL("kind: budget, ledger_line: ACUTE"), 19, 51,
	    "'ledger_line' of pool 'p' is for acute pools (its kind is "
	    "budget, judged against the year's contract budget; leave the "
	    "key out)");
	BAD(POOL("kind: budget, baseline: 1"), 19, 48,
	    "'baseline' of pool 'p' is for acute pools");
	BAD(POOL("kind: acute, baseline: 1"), 19, 7,
	    "pool 'p' is an acute pool but has no 'ledger_line' (expected "
	    "the budget line whose ledger spend is its actual, e.g. "
	    "ledger_line: ACUTE, and its base-year spend, e.g. baseline: "
	    "113000000.00)");
	BAD(POOL("kind: acute, ledger_line: ACUTE"), 19, 7,
	    "pool 'p' is an acute pool but has no 'baseline'");
	BAD(POOL("kind: acute, ledger_line: HOSPITAL, baseline: 1"), 19, 50,
	    "'ledger_line' of pool 'p' is 'HOSPITAL', which is not a budget "
	    "line (expected the code of a line under 'budget_lines': MH_LD "
	    "or ACUTE)");
	BAD(POOL("kind: acute, ledger_line: acute, baseline: 1"), 19, 50,
	    "'ledger_line' of pool 'p' is 'acute' (expected a code: an "
	    "upper-case letter");
	BAD(POOL("kind: acute, ledger_line: ACUTE, baseline: -1.00"), 19, 67,
	    "'baseline' of pool 'p' is -1.00 (expected the pool's spend in "
	    "the base year, 0 or more pounds, e.g. 113000000.00)");
	BAD(POOL("kind: acute, ledger_line: ACUTE, baseline: 1.005"), 19, 67,
	    "'baseline' of pool 'p' is '1.005' (expected pounds with up to "
	    "two decimals");
}

TEST(contract_error_risk_share_years)
{
	BAD(RISK_YEARS(RY("2019/20", "") RY("2020/21", "")), 22, 5,
	    "'years' of the 'risk_share' section has no entry for 2021/22 "
	    "(expected one entry per year from the shadow year 2019/20 to "
	    "the last year 2021/22)");
	BAD(RISK_YEARS(RY("2019/20", "") RY("2021/22", "") RY("2020/21", "")),
	    23, 14,
	    "risk-share year 2021/22 where 2020/21 was expected (expected "
	    "one entry per year from the shadow year 2019/20 to the last "
	    "year 2021/22, in order)");
	BAD(RISK_YEARS(RY("2019/20", "") RY("2019/20", "")), 23, 14,
	    "duplicate risk-share year 2019/20 (first on line 22)");
	BAD(RISK_YEARS(RY("2018/19", "")), 22, 14,
	    "risk-share year 2018/19 where 2019/20 was expected");
	BAD(RISK_YEARS(RY("2019/20", "") RY("2020/21", "") RY("2021/22", "")
			   RY("2022/23", "")),
	    25, 7,
	    "'years' of the 'risk_share' section has an entry after the last "
	    "year 2021/22 (expected one entry per year from the shadow year "
	    "2019/20 to the last year 2021/22)");
	BAD(RISK_YEARS("    - {year: 2019/20}\n"), 22, 7,
	    "an entry of 'years' of the 'risk_share' section has no "
	    "'corridor' (a required key)");
	BAD(YEAR1("corridor: 0.01, gain_share: 0.5, loss_share: 0.25, "
		  "gain_cap: 0.02, loss_cap: 0.01, surplus_target: 1.00"),
	    22, 7,
	    "an entry of 'years' of the 'risk_share' section has no "
	    "'excess_to' (a required key)");
	BAD(YEAR1(TERMS ", floor: 0.01"), 22, 149,
	    "unknown key 'floor' in an entry of 'years' of the 'risk_share' "
	    "section (expected year, corridor, gain_share, loss_share, "
	    "gain_cap, loss_cap, surplus_target, excess_to, quality_gate, "
	    "acute_impact or illustrative)");
	BAD(YEAR1("corridor: 0.25, gain_share: 0.5, loss_share: 0.25, "
		  "gain_cap: 0.02, loss_cap: 0.01, surplus_target: 1.00, "
		  "excess_to: provider"),
	    22, 33,
	    "'corridor' of the risk share of 2019/20 is 0.25 (expected a "
	    "share of the pool's budget from 0 to 0.2 within which nothing "
	    "is shared, e.g. 0.01)");
	BAD(YEAR1("corridor: -0.01, gain_share: 0.5, loss_share: 0.25, "
		  "gain_cap: 0.02, loss_cap: 0.01, surplus_target: 1.00, "
		  "excess_to: provider"),
	    22, 33, "'corridor' of the risk share of 2019/20 is -0.01");
	BAD(YEAR1("corridor: 0.01, gain_share: 1.5, loss_share: 0.25, "
		  "gain_cap: 0.02, loss_cap: 0.01, surplus_target: 1.00, "
		  "excess_to: provider"),
	    22, 51,
	    "'gain_share' of the risk share of 2019/20 is 1.5 (expected the "
	    "provider's share of a saving beyond the corridor, from 0 to 1, "
	    "e.g. 0.5)");
	BAD(YEAR1("corridor: 0.01, gain_share: 0.5, loss_share: -0.25, "
		  "gain_cap: 0.02, loss_cap: 0.01, surplus_target: 1.00, "
		  "excess_to: provider"),
	    22, 68,
	    "'loss_share' of the risk share of 2019/20 is -0.25 (expected "
	    "the provider's share of a loss beyond the corridor, from 0 to 1 "
	    "(0 in an upside-only year), e.g. 0.25)");
	BAD(YEAR1("corridor: 0.01, gain_share: 0.5, loss_share: 0.25, "
		  "gain_cap: 2, loss_cap: 0.01, surplus_target: 1.00, "
		  "excess_to: provider"),
	    22, 84,
	    "'gain_cap' of the risk share of 2019/20 is 2 (expected the cap "
	    "on the provider's gain as a share of the pool's budget, from 0 "
	    "to 1, e.g. 0.02)");
	BAD(YEAR1("corridor: 0.01, gain_share: 0.5, loss_share: 0.25, "
		  "gain_cap: 0.02, loss_cap: 1.01, surplus_target: 1.00, "
		  "excess_to: provider"),
	    22, 100,
	    "'loss_cap' of the risk share of 2019/20 is 1.01 (expected the "
	    "cap on the provider's loss as a share of the pool's budget, "
	    "from 0 to 1 (0 in an upside-only year), e.g. 0.01)");
	/* Upside-only: the commissioner meets the whole deficit, so a loss
	 * cap is a mistake. */
	BAD(YEAR1("corridor: 0.01, gain_share: 0.5, loss_share: 0, "
		  "gain_cap: 0.02, loss_cap: 0.01, surplus_target: 1.00, "
		  "excess_to: provider"),
	    22, 97,
	    "'loss_cap' of the risk share of 2019/20 is 0.01 but its "
	    "'loss_share' is 0: an upside-only year, in which the "
	    "commissioner meets the whole deficit (expected loss_cap: 0, or "
	    "a loss_share above 0)");
	BAD(YEAR1("corridor: 0.01, gain_share: 0.5, loss_share: 0.25, "
		  "gain_cap: 0.02, loss_cap: 0.01, surplus_target: -1.00, "
		  "excess_to: provider"),
	    22, 122,
	    "'surplus_target' of the risk share of 2019/20 is -1.00 "
	    "(expected the cap on the commissioner's gain across the pools, "
	    "0 or more pounds, e.g. 2000000.00)");
	BAD(YEAR1("corridor: 0.01, gain_share: 0.5, loss_share: 0.25, "
		  "gain_cap: 0.02, loss_cap: 0.01, surplus_target: 2m, "
		  "excess_to: provider"),
	    22, 122,
	    "'surplus_target' of the risk share of 2019/20 is '2m' (expected "
	    "pounds with up to two decimals");
	BAD(YEAR1("corridor: 0.01, gain_share: 0.5, loss_share: 0.25, "
		  "gain_cap: 0.02, loss_cap: 0.01, surplus_target: 1.00, "
		  "excess_to: fund"),
	    22, 139,
	    "unknown destination of the excess 'fund' in the risk share of "
	    "2019/20 (expected provider or reinvestment)");
	BAD(YEAR1(TERMS ", quality_gate: yes"), 22, 163,
	    "'quality_gate' of the risk share of 2019/20 is 'yes' (expected "
	    "true or false)");
	BAD(YEAR1(TERMS ", acute_impact: 0.6"), 22, 163,
	    "'acute_impact' of the risk share of 2019/20 is 0.6 (expected "
	    "the MCP's planned reduction of anticipated acute spend that "
	    "year, a fraction from 0 to 0.5, e.g. 0.03 for 3%)");
	BAD(YEAR1(TERMS ", illustrative: 1"), 22, 163,
	    "'illustrative' of the risk share of 2019/20 is '1' (expected "
	    "true or false)");
	BAD(RISK_YEARS("    - [2019/20]\n"), 22, 7,
	    "expected an entry of 'years' of the 'risk_share' section here");
}

/* Out of area after MIN: `out_of_area:` on line 17, entries from 18. */
#define OOA(x) MIN "out_of_area:\n" x
/* A local price on line 19. */
#define PRICE(x) OOA("  local_prices:\n    - {" x "}\n")

TEST(contract_out_of_area)
{
	static const char text[] =
	    OOA("  outside_providers: [RAL, RJ1]\n"
		"  local_prices:\n"
		"    - {hrg: WF01A, pod: OP, price: 120.00}\n"
		"    - {provider: RAL, hrg: EB03C, pod: NEL, price: 2700.00}\n"
		"    - {provider: RAL, hrg: WF01A, pod: OP, price: 110.50}\n"
		"    - {hrg: WF01A, pod: AE, price: 1}\n");
	static const char empty[] = MIN "out_of_area: {}\n";
	struct ob_contract *c;
	const struct ob_out_of_area *o;
	const struct ob_local_price *p;

	ASSERT_OK(ob_contract_parse(text, strlen(text), "t.yaml", &c, NULL));
	o = &c->out_of_area;
	ASSERT(o->present);
	ASSERT_INT_EQ(o->line, 18);
	ASSERT_INT_EQ(o->n_outside, 2);
	ASSERT_STR_EQ(o->outside_providers[1], "RJ1");
	ASSERT_INT_EQ(o->n_local_prices, 4);
	ASSERT_INT_EQ(o->local_prices[1].line, 21);
	ASSERT_STR_EQ(o->local_prices[1].pod, "NEL");
	ASSERT_INT_EQ(o->local_prices[1].price, 270000);
	/* provider + hrg + pod first, then hrg + pod */
	p = ob_contract_local_price(c, "RAL", "WF01A", "OP");
	ASSERT(p == &o->local_prices[2]);
	ASSERT_INT_EQ(p->price, 11050);
	p = ob_contract_local_price(c, "RJ1", "WF01A", "OP");
	ASSERT(p == &o->local_prices[0]);
	ASSERT(ob_contract_local_price(c, NULL, "WF01A", "OP") == p);
	ASSERT(ob_contract_local_price(c, "RJ1", "EB03C", "NEL") == NULL);
	ASSERT(ob_contract_local_price(c, "RAL", "EB03C", "EL") == NULL);
	ASSERT_STR_EQ(ob_contract_local_price(c, "RAL", "WF01A", "AE")->pod,
		      "AE");
	ob_contract_free(c);

	/* Present with nothing in it: national tariff for everything. */
	ASSERT_OK(ob_contract_parse(empty, strlen(empty), "t.yaml", &c, NULL));
	ASSERT(c->out_of_area.present);
	ASSERT_INT_EQ(c->out_of_area.n_outside, 0);
	ASSERT_INT_EQ(c->out_of_area.n_local_prices, 0);
	ob_contract_free(c);
}

TEST(contract_error_out_of_area)
{
	BAD(OOA("  tariff: national\n"), 18, 3,
	    "unknown key 'tariff' in the 'out_of_area' section (expected "
	    "outside_providers or local_prices)");
	BAD(OOA("  outside_providers: []\n"), 18, 22,
	    "'outside_providers' of the 'out_of_area' section is empty "
	    "(expected ODS codes of providers outside the local system, "
	    "e.g. [RAL], or leave the key out)");
	BAD(OOA("  outside_providers: RAL\n"), 18, 22,
	    "'outside_providers' of the 'out_of_area' section must be a "
	    "list of ODS codes");
	BAD(OOA("  outside_providers: [RAL, ral]\n"), 18, 28,
	    "'outside_providers' of the 'out_of_area' section is 'ral' "
	    "(expected an ODS code: 3 to 6 upper-case letters or digits, "
	    "e.g. RAL)");
	BAD(OOA("  outside_providers: [RAL, RALRALR]\n"), 18, 28,
	    "is 'RALRALR' (expected an ODS code");
	BAD(OOA("  outside_providers: [RAL, RJ1, RAL]\n"), 18, 33,
	    "provider 'RAL' is listed twice in 'outside_providers' of the "
	    "'out_of_area' section");
	BAD(OOA("  local_prices: []\n"), 18, 17,
	    "'local_prices' of the 'out_of_area' section is empty (expected "
	    "at least one of local prices: {hrg, pod, price} or {provider, "
	    "hrg, pod, price})");
	BAD(PRICE("hrg: WF1A, pod: OP, price: 1"), 19, 13,
	    "'hrg' of the local price of WF1A OP is 'WF1A' (expected an "
	    "HRG4+ code: 2 upper-case letters, 2 digits and an upper-case "
	    "letter, e.g. WF01A)");
	BAD(PRICE("hrg: wf01a, pod: OP, price: 1"), 19, 13,
	    "'hrg' of the local price of wf01a OP is 'wf01a' (expected an "
	    "HRG4+ code");
	BAD(PRICE("hrg: WF01A, pod: OPD, price: 1"), 19, 25,
	    "unknown point of delivery 'OPD' in the local price of WF01A OPD "
	    "(expected EL, NEL, OP or AE)");
	BAD(PRICE("hrg: WF01A, pod: OP, price: 0"), 19, 36,
	    "'price' of the local price of WF01A OP is 0 (expected the "
	    "agreed price of one unit of activity, above 0 pounds, e.g. "
	    "120.00)");
	BAD(PRICE("hrg: WF01A, pod: OP, price: 1.001"), 19, 36,
	    "'price' of the local price of WF01A OP is '1.001' (expected "
	    "pounds with up to two decimals");
	BAD(PRICE("provider: Royal Free, hrg: WF01A, pod: OP, price: 1"), 19,
	    18,
	    "'provider' of the local price of WF01A OP at Royal Free is "
	    "'Royal Free' (expected an ODS code");
	BAD(PRICE("hrg: WF01A, pod: OP"), 19, 7,
	    "the local price of WF01A OP has no 'price' (a required key)");
	BAD(PRICE("pod: OP, price: 1"), 19, 7,
	    "a local price has no 'hrg' (a required key)");
	BAD(PRICE("hrg: WF01A, pod: OP, price: 1, mff: 1.2"), 19, 39,
	    "unknown key 'mff' in the local price of WF01A OP (expected "
	    "provider, hrg, pod or price)");
	BAD(OOA("  local_prices:\n"
		"    - {hrg: WF01A, pod: OP, price: 1}\n"
		"    - {provider: RAL, hrg: WF01A, pod: OP, price: 2}\n"
		"    - {hrg: WF01A, pod: OP, price: 3}\n"),
	    21, 13,
	    "duplicate local price of WF01A OP for any provider (first on "
	    "line 19; a provider, hrg and pod have one price)");
	BAD(OOA("  local_prices:\n"
		"    - {provider: RAL, hrg: WF01A, pod: OP, price: 2}\n"
		"    - {hrg: WF01A, pod: EL, price: 3}\n"
		"    - {provider: RAL, hrg: WF01A, pod: OP, price: 3}\n"),
	    21, 28,
	    "duplicate local price of WF01A OP at RAL (first on line 19");
}

/* The parties of MIN with two alliance members (same lines 2-7). */
#define S_PARTIES2                                                             \
	"parties:\n"                                                           \
	"  commissioners:\n"                                                   \
	"    - {id: ccg, name: CCG, ods: 09A}\n"                               \
	"    - {id: wcc, name: Council}\n"                                     \
	"  mcp: {id: mcp, name: MCP}\n"                                        \
	"  alliance: [{id: trust, name: Trust}, {id: gps, name: GPs}]\n"
#define MIN2 S_CONTRACT S_PARTIES2 S_YEARS S_ASSUMPTIONS S_LINES
/* The alliance after MIN2: `alliance:` on line 17, `split` on 18, the
 * members from 19 (after "members:" on 19 when given as a block). */
#define ALLY(split, m) MIN2 "alliance:\n  split: " split "\n  members:\n" m
#define FIXED2                                                                 \
	"    - {party: trust, share: 0.6}\n"                                   \
	"    - {party: gps, share: 0.4}\n"
/* One member on line 20. */
#define MEMBER(split, x) ALLY(split, "    - {" x "}\n")

TEST(contract_alliance_rule)
{
	static const char fixed[] = ALLY("fixed", FIXED2);
	static const char by_value[] =
	    ALLY("contract_value",
		 "    - {party: gps, contract_value: 1000000.00}\n"
		 "    - {party: trust, contract_value: 3000000.50}\n");
	/* Thirds: the sum is 1 within 1e-9. */
	static const char thirds[] =
	    MIN2 "alliance:\n  split: fixed\n  members:\n"
		 "    - {party: trust, share: 0.3333333333}\n"
		 "    - {party: gps, share: 0.6666666667}\n";
	struct ob_contract *c;
	const struct ob_alliance_rule *a;

	ASSERT_OK(ob_contract_parse(fixed, strlen(fixed), "t.yaml", &c, NULL));
	a = &c->alliance_rule;
	ASSERT(a->present);
	ASSERT_INT_EQ(a->line, 18);
	ASSERT_INT_EQ(a->rule, OB_SPLIT_FIXED);
	ASSERT_INT_EQ(a->n_members, 2);
	ASSERT_STR_EQ(a->members[1].party, "gps");
	ASSERT_INT_EQ(a->members[1].line, 21);
	ASSERT_NEAR(a->members[0].share, 0.6, 0);
	ASSERT_INT_EQ(a->members[0].contract_value, 0);
	ASSERT_OK(ob_contract_check(c, NULL));
	ob_contract_free(c);

	ASSERT_OK(
	    ob_contract_parse(by_value, strlen(by_value), "t.yaml", &c, NULL));
	a = &c->alliance_rule;
	ASSERT_INT_EQ(a->rule, OB_SPLIT_CONTRACT_VALUE);
	ASSERT_STR_EQ(a->members[0].party, "gps");
	ASSERT_INT_EQ(a->members[1].contract_value, 300000050LL);
	ASSERT_NEAR(a->members[1].share, 0, 0);
	ob_contract_free(c);

	ASSERT_OK(
	    ob_contract_parse(thirds, strlen(thirds), "t.yaml", &c, NULL));
	ob_contract_free(c);
}

TEST(contract_error_alliance_rule)
{
	BAD(ALLY("pro_rata", FIXED2), 18, 10,
	    "unknown split rule 'pro_rata' in the 'alliance' section "
	    "(expected fixed or contract_value)");
	BAD(MIN2 "alliance:\n  members:\n" FIXED2, 18, 3,
	    "the 'alliance' section has no 'split' (a required key)");
	BAD(MIN2 "alliance:\n  split: fixed\n  members: []\n", 19, 12,
	    "'members' of the 'alliance' section is empty (expected at least "
	    "one of alliance members: {party, share} or {party, "
	    "contract_value})");
	BAD(MIN2 "alliance:\n  split: fixed\n  weights: []\n", 19, 3,
	    "unknown key 'weights' in the 'alliance' section (expected split "
	    "or members)");
	/* Members are parties of role alliance, each once. */
	BAD(MEMBER("fixed", "party: ccg, share: 1"), 20, 15,
	    "'party' of alliance member 'ccg' is 'ccg', which is not an "
	    "alliance member (expected a party under 'alliance' of the "
	    "'parties' section: trust or gps)");
	BAD(MEMBER("fixed", "party: nhs_trust, share: 1"), 20, 15,
	    "'party' of alliance member 'nhs_trust' is 'nhs_trust', which is "
	    "not an alliance member");
	BAD(MEMBER("fixed", "party: Trust, share: 1"), 20, 15,
	    "'party' of alliance member 'Trust' is 'Trust' (expected an "
	    "identifier");
	BAD(ALLY("fixed", FIXED2 "    - {party: trust, share: 0.5}\n"), 22, 15,
	    "duplicate alliance member 'trust' (first on line 20; each "
	    "alliance party is listed at most once)");
	BAD(S_CONTRACT
	    "parties:\n"
	    "  commissioners: [{id: ccg, name: CCG}]\n"
	    "  mcp: {id: mcp, name: MCP}\n" S_YEARS S_ASSUMPTIONS S_LINES
	    "alliance: {split: fixed, members: [{party: mcp, share: 1}]}\n",
	    14, 44,
	    "'party' of alliance member 'mcp' is 'mcp' but the 'parties' "
	    "section has no alliance (expected alliance members under "
	    "'alliance' of the 'parties' section)");
	/* Fixed shares: each in (0, 1], summing to 1, no contract value. */
	BAD(MEMBER("fixed", "party: trust"), 20, 7,
	    "alliance member 'trust' has no 'share' (expected its fixed "
	    "share of the provider side's result, e.g. share: 0.30, as the "
	    "split is fixed)");
	BAD(MEMBER("fixed", "party: trust, share: 0"), 20, 29,
	    "'share' of alliance member 'trust' is 0 (expected a share of "
	    "the provider side's result above 0 and at most 1, e.g. 0.30)");
	BAD(MEMBER("fixed", "party: trust, share: 1.2"), 20, 29,
	    "'share' of alliance member 'trust' is 1.2 (expected a share");
	BAD(MEMBER("fixed", "party: trust, share: 1, contract_value: 5.00"), 20,
	    48,
	    "'contract_value' of alliance member 'trust' is for split: "
	    "contract_value (the split is fixed; give 'share' and leave this "
	    "key out)");
	BAD(ALLY("fixed", "    - {party: trust, share: 0.6}\n"
			  "    - {party: gps, share: 0.35}\n"),
	    20, 5,
	    "the shares of the alliance members sum to 0.95 (expected fixed "
	    "shares that sum to 1, so that every penny of the provider "
	    "side's result is allocated, e.g. 0.30, 0.25, 0.20, 0.15 and "
	    "0.10)");
	BAD(ALLY("fixed", "    - {party: trust, share: 0.6}\n"
			  "    - {party: gps, share: 0.400001}\n"),
	    20, 5, "the shares of the alliance members sum to 1.000001 ");
	/* By contract value: each above 0, no share. */
	BAD(MEMBER("contract_value", "party: trust"), 20, 7,
	    "alliance member 'trust' has no 'contract_value' (expected its "
	    "contract value a year, e.g. contract_value: 25000000.00, as the "
	    "split is contract_value)");
	BAD(MEMBER("contract_value", "party: trust, contract_value: 0"), 20, 38,
	    "'contract_value' of alliance member 'trust' is 0 (expected the "
	    "member's contract value a year, above 0 pounds, e.g. "
	    "25000000.00)");
	BAD(MEMBER("contract_value", "party: trust, contract_value: 1, "
				     "share: 1"),
	    20, 48,
	    "'share' of alliance member 'trust' is for split: fixed (the "
	    "split is contract_value; give 'contract_value' and leave this "
	    "key out)");
}

/* ------------------------------------------------------------------ */
/* what-if */

/* A contract with every what-if target: risk share (loss terms in
 * 2019/20 as given), incentives (from MIN's pot: nothing paid in
 * 2019/20) and the fixed alliance split. */
#define WHAT_IF_TEXT                                                           \
	MIN2 "risk_share:\n" S_POOLS S_RYEARS "incentives:\n" S_POT S_OUTCOMES \
	     "alliance:\n  split: fixed\n  members:\n" FIXED2

/* 1 when the what-if fails with OB_EINVAL, no position and exactly
 * `msg`, leaving the contract unchanged (its what-if count). */
static int what_if_fails(struct ob_contract *c, const char *assignment,
			 const char *msg)
{
	struct ob_error err;
	size_t n = c->n_what_if;
	enum ob_status st = ob_contract_what_if(c, assignment, &err);

	if (st == OB_EINVAL && err.code == OB_EINVAL && !err.file[0] &&
	    err.line == 0 && !strncmp(err.msg, msg, strlen(msg)) &&
	    c->n_what_if == n)
		return 1;
	fprintf(stderr, "  %s: got status %d: %s\n  want: %s...\n", assignment,
		(int)st, st ? err.msg : "", msg);
	return 0;
}

#define WHAT_IF_BAD(c, a, msg) ASSERT(what_if_fails(c, a, msg))

TEST(contract_what_if)
{
	static const char text[] = WHAT_IF_TEXT;
	struct ob_contract *c;
	struct ob_error err;
	const struct ob_risk_year *y;

	ASSERT_OK(ob_contract_parse(text, strlen(text), "t.yaml", &c, &err));
	ASSERT(!c->what_if);
	ASSERT_INT_EQ(c->n_what_if, 0);

	/* Every field of a risk-share year. */
	ASSERT_OK(
	    ob_contract_what_if(c, "risk_share.2021/22.gain_share=0.6", &err));
	ASSERT(c->what_if);
	ASSERT_INT_EQ(c->n_what_if, 1);
	ASSERT_STR_EQ(c->what_if_assignments[0],
		      "risk_share.2021/22.gain_share=0.6");
	y = ob_contract_risk_year(c, 2021);
	ASSERT_NEAR(y->gain_share, 0.6, 0);
	ASSERT_NEAR(ob_contract_risk_year(c, 2020)->gain_share, 0.5, 0);
	ASSERT_OK(
	    ob_contract_what_if(c, "risk_share.2021/22.corridor=0.2", &err));
	ASSERT_OK(
	    ob_contract_what_if(c, "risk_share.2021/22.loss_share=1", &err));
	ASSERT_OK(
	    ob_contract_what_if(c, "risk_share.2021/22.gain_cap=0", &err));
	ASSERT_OK(
	    ob_contract_what_if(c, "risk_share.2021/22.loss_cap=0.05", &err));
	ASSERT_OK(ob_contract_what_if(
	    c, "risk_share.2021/22.surplus_target=1500000.50", &err));
	ASSERT_OK(ob_contract_what_if(
	    c, "risk_share.2021/22.excess_to=reinvestment", &err));
	ASSERT_OK(ob_contract_what_if(c, "risk_share.2021-22.quality_gate=true",
				      &err));
	ASSERT_OK(ob_contract_what_if(c, "risk_share.2021/22.acute_impact=0.5",
				      &err));
	ASSERT_NEAR(y->corridor, 0.2, 0);
	ASSERT_NEAR(y->loss_share, 1, 0);
	ASSERT_NEAR(y->gain_cap, 0, 0);
	ASSERT_NEAR(y->loss_cap, 0.05, 0);
	ASSERT_INT_EQ(y->surplus_target, 150000050LL);
	ASSERT_INT_EQ(y->excess_to, OB_EXCESS_REINVESTMENT);
	ASSERT(y->quality_gate);
	ASSERT_NEAR(y->acute_impact, 0.5, 0);
	/* The pot and an alliance share. */
	ASSERT_OK(ob_contract_what_if(c, "incentives.pot.2021/22=0.25", &err));
	ASSERT_NEAR(ob_contract_pot_share(c, 2021), 0.25, 0);
	ASSERT_OK(ob_contract_what_if(c, "alliance.trust.share=0.5", &err));
	ASSERT_NEAR(c->alliance_rule.members[0].share, 0.5, 0);
	ASSERT_INT_EQ(c->n_what_if, 11);
	ASSERT_STR_EQ(c->what_if_assignments[10], "alliance.trust.share=0.5");
	/* The text and its digest are those of the file still. */
	ASSERT_MEM_EQ(c->text, text, strlen(text));

	/* The shares now sum to 0.9: ob_contract_check says so. */
	ASSERT_INT_EQ(ob_contract_check(c, &err), OB_EINVAL);
	ASSERT_STR_EQ(err.file, "t.yaml");
	ASSERT_INT_EQ(err.line, 33);
	ASSERT_INT_EQ(err.column, 0);
	ASSERT_STR_EQ(err.msg,
		      "with the what-if assignments, the shares of the "
		      "alliance members sum to 0.9 (expected fixed shares "
		      "that sum to 1, so that every penny of the provider "
		      "side's result is allocated, e.g. 0.30, 0.25, 0.20, "
		      "0.15 and 0.10)");
	ASSERT_OK(ob_contract_what_if(c, "alliance.gps.share=0.5", &err));
	ASSERT_OK(ob_contract_check(c, &err));

	/* Upside-only with a loss cap: caught by the check, not by the
	 * assignment, so that loss_cap=0 can follow. */
	ASSERT_OK(
	    ob_contract_what_if(c, "risk_share.2020/21.loss_share=0", &err));
	ASSERT_INT_EQ(ob_contract_check(c, &err), OB_EINVAL);
	ASSERT_INT_EQ(err.line, 23);
	ASSERT_STR_EQ(err.msg,
		      "with the what-if assignments, 'loss_cap' of the risk "
		      "share of 2020/21 is 0.01 but its 'loss_share' is 0: an "
		      "upside-only year, in which the commissioner meets the "
		      "whole deficit (expected loss_cap: 0, or a loss_share "
		      "above 0)");
	ASSERT_OK(
	    ob_contract_what_if(c, "risk_share.2020/21.loss_cap=0", &err));
	ASSERT_OK(ob_contract_check(c, &err));

	/* A pot in a year no outcome is paid. */
	ASSERT_OK(ob_contract_what_if(c, "incentives.pot.2019/20=0.01", &err));
	ASSERT_INT_EQ(ob_contract_check(c, &err), OB_EINVAL);
	ASSERT_INT_EQ(err.line, 27);
	ASSERT(strstr(err.msg, "with the what-if assignments, 'share' of the "
			       "pot of 2019/20 is 0.01 but no outcome is paid "
			       "in 2019/20"));
	ASSERT_OK(ob_contract_what_if(c, "incentives.pot.2019/20=0", &err));
	ASSERT_OK(ob_contract_check(c, &err));
	ob_contract_free(c);
}

TEST(contract_what_if_errors)
{
	static const char text[] = WHAT_IF_TEXT;
	static const char by_value[] =
	    ALLY("contract_value",
		 "    - {party: gps, contract_value: 1000000.00}\n");
	struct ob_contract *c;
	struct ob_error err;
	const struct ob_risk_year *y;

	ASSERT_OK(ob_contract_parse(text, strlen(text), "t.yaml", &c, &err));
	y = ob_contract_risk_year(c, 2021);
	/* Keys. */
	WHAT_IF_BAD(c, "risk_share.2021/22.gain_share",
		    "what-if 'risk_share.2021/22.gain_share' is not an "
		    "assignment (expected KEY=VALUE, e.g. "
		    "risk_share.2021/22.gain_share=0.5)");
	WHAT_IF_BAD(c, "=0.5", "what-if '=0.5' is not an assignment");
	WHAT_IF_BAD(c, "risk_share.2021/22.gain_share=",
		    "what-if 'risk_share.2021/22.gain_share': no value "
		    "(expected KEY=VALUE");
	WHAT_IF_BAD(c, "risk_share.2021/22.gain_share=  ",
		    "what-if 'risk_share.2021/22.gain_share': no value");
	WHAT_IF_BAD(c, "risk_share.2021/22.gain_shar=0.5",
		    "what-if 'risk_share.2021/22.gain_shar': unknown field "
		    "(expected corridor, gain_share, loss_share, gain_cap, "
		    "loss_cap, surplus_target, excess_to, quality_gate or "
		    "acute_impact)");
	WHAT_IF_BAD(c, "risk_share.2021/22.illustrative=true",
		    "what-if 'risk_share.2021/22.illustrative': unknown "
		    "field");
	WHAT_IF_BAD(c, "risk_share.2022/23.gain_share=0.5",
		    "what-if 'risk_share.2022/23.gain_share': '2022/23' is "
		    "not a year of the risk share (expected a year from the "
		    "shadow year 2019/20 to the last year 2021/22, e.g. "
		    "2021/22)");
	WHAT_IF_BAD(c, "risk_share.2021.gain_share=0.5",
		    "what-if 'risk_share.2021.gain_share': '2021' is not a "
		    "year of the risk share");
	WHAT_IF_BAD(c, "risk_share.gain_share=0.5",
		    "what-if 'risk_share.gain_share': expected "
		    "risk_share.YEAR.FIELD, e.g. "
		    "risk_share.2021/22.gain_share");
	WHAT_IF_BAD(c, "risk.2021/22.gain_share=0.5",
		    "what-if 'risk.2021/22.gain_share': unknown key (expected "
		    "risk_share.YEAR.FIELD, incentives.pot.YEAR, "
		    "alliance.MEMBER.share or alliance.MEMBER.contract_value)");
	WHAT_IF_BAD(c, "incentives.weight.acsc=3",
		    "what-if 'incentives.weight.acsc': unknown key (expected "
		    "risk_share.YEAR.FIELD");
	WHAT_IF_BAD(c, "incentives.pot.2018/19=0.01",
		    "what-if 'incentives.pot.2018/19': '2018/19' is not a year "
		    "of the pot (expected a year from the shadow year 2019/20 "
		    "to the last year 2021/22, e.g. 2021/22)");
	WHAT_IF_BAD(c, "alliance.nhs.share=0.5",
		    "what-if 'alliance.nhs.share': 'nhs' is not a member of "
		    "the alliance split (expected trust or gps)");
	WHAT_IF_BAD(c, "alliance.trust.weight=0.5",
		    "what-if 'alliance.trust.weight': unknown field (expected "
		    "share or contract_value)");
	WHAT_IF_BAD(c, "alliance.trust.contract_value=5.00",
		    "what-if 'alliance.trust.contract_value': the alliance "
		    "split is fixed (expected alliance.trust.share)");
	WHAT_IF_BAD(c, "alliance.trust=0.5",
		    "what-if 'alliance.trust': expected alliance.MEMBER.share, "
		    "e.g. alliance.trust.share");
	/* Values: the file's rules and messages. */
	WHAT_IF_BAD(c, "risk_share.2021/22.corridor=0.3",
		    "what-if 'risk_share.2021/22.corridor': 'corridor' of the "
		    "risk share of 2021/22 is 0.3 (expected a share of the "
		    "pool's budget from 0 to 0.2 within which nothing is "
		    "shared, e.g. 0.01)");
	WHAT_IF_BAD(c, "risk_share.2021/22.gain_share=half",
		    "what-if 'risk_share.2021/22.gain_share': 'gain_share' of "
		    "the risk share of 2021/22 is 'half' (expected a number)");
	WHAT_IF_BAD(c, "risk_share.2021/22.loss_cap=1.5",
		    "what-if 'risk_share.2021/22.loss_cap': 'loss_cap' of the "
		    "risk share of 2021/22 is 1.5");
	WHAT_IF_BAD(c, "risk_share.2021/22.surplus_target=-1",
		    "what-if 'risk_share.2021/22.surplus_target': "
		    "'surplus_target' of the risk share of 2021/22 is -1 "
		    "(expected the cap on the commissioner's gain across the "
		    "pools, 0 or more pounds, e.g. 2000000.00)");
	WHAT_IF_BAD(c, "risk_share.2021/22.surplus_target=1.001",
		    "what-if 'risk_share.2021/22.surplus_target': "
		    "'surplus_target' of the risk share of 2021/22 is '1.001' "
		    "(expected pounds with up to two decimals");
	WHAT_IF_BAD(c, "risk_share.2021/22.excess_to=fund",
		    "what-if 'risk_share.2021/22.excess_to': unknown "
		    "destination of the excess 'fund' in the risk share of "
		    "2021/22 (expected provider or reinvestment)");
	WHAT_IF_BAD(c, "risk_share.2021/22.quality_gate=yes",
		    "what-if 'risk_share.2021/22.quality_gate': "
		    "'quality_gate' of the risk share of 2021/22 is 'yes' "
		    "(expected true or false)");
	WHAT_IF_BAD(c, "risk_share.2021/22.acute_impact=0.51",
		    "what-if 'risk_share.2021/22.acute_impact': "
		    "'acute_impact' of the risk share of 2021/22 is 0.51");
	WHAT_IF_BAD(
	    c, "risk_share.2021/22.gain_share=[0.5",
	    "what-if 'risk_share.2021/22.gain_share': malformed YAML: ");
	WHAT_IF_BAD(c, "risk_share.2021/22.gain_share=[0.5]",
		    "what-if 'risk_share.2021/22.gain_share': 'gain_share' of "
		    "the risk share of 2021/22 must be a number");
	WHAT_IF_BAD(c, "incentives.pot.2021/22=0.3",
		    "what-if 'incentives.pot.2021/22': 'share' of the pot of "
		    "2021/22 is 0.3 (expected a share of the year's contract "
		    "budget from 0 to 0.25, e.g. 0.01 for 1%)");
	WHAT_IF_BAD(c, "alliance.gps.share=0",
		    "what-if 'alliance.gps.share': 'share' of alliance member "
		    "'gps' is 0 (expected a share of the provider side's "
		    "result above 0 and at most 1, e.g. 0.30)");
	/* Nothing changed. */
	ASSERT(!c->what_if);
	ASSERT_NEAR(y->corridor, 0.01, 0);
	ASSERT_NEAR(y->gain_share, 0.5, 0);
	ASSERT_NEAR(y->loss_cap, 0.01, 0);
	ASSERT_INT_EQ(y->surplus_target, 200000000LL);
	ASSERT_INT_EQ(y->excess_to, OB_EXCESS_PROVIDER);
	ASSERT(!y->quality_gate);
	ASSERT_NEAR(ob_contract_pot_share(c, 2021), 0.02, 0);
	ASSERT_NEAR(c->alliance_rule.members[1].share, 0.4, 0);
	ASSERT_OK(ob_contract_check(c, &err));
	ob_contract_free(c);

	/* By contract value. */
	ASSERT_OK(
	    ob_contract_parse(by_value, strlen(by_value), "t.yaml", &c, &err));
	ASSERT_OK(
	    ob_contract_what_if(c, "alliance.gps.contract_value=2.50", &err));
	ASSERT_INT_EQ(c->alliance_rule.members[0].contract_value, 250);
	WHAT_IF_BAD(c, "alliance.gps.contract_value=0",
		    "what-if 'alliance.gps.contract_value': 'contract_value' "
		    "of alliance member 'gps' is 0 (expected the member's "
		    "contract value a year, above 0 pounds");
	WHAT_IF_BAD(c, "alliance.gps.share=0.5",
		    "what-if 'alliance.gps.share': the alliance split is "
		    "contract_value (expected alliance.gps.contract_value)");
	/* Sections the contract does not have. */
	WHAT_IF_BAD(c, "risk_share.2021/22.gain_share=0.5",
		    "what-if 'risk_share.2021/22.gain_share': the contract has "
		    "no 'risk_share' section");
	WHAT_IF_BAD(c, "incentives.pot.2021/22=0.01",
		    "what-if 'incentives.pot.2021/22': the contract has no "
		    "'incentives' section");
	ob_contract_free(c);
	ASSERT_OK(ob_contract_parse(MIN, strlen(MIN), "t.yaml", &c, &err));
	WHAT_IF_BAD(c, "alliance.trust.share=1",
		    "what-if 'alliance.trust.share': the contract has no "
		    "'alliance' section");
	ob_contract_free(c);
}

TEST(contract_load_file)
{
	char path[] = "/tmp/ob-contract-XXXXXX";
	struct ob_contract *c;
	struct ob_error err;
	FILE *f;
	int fd = mkstemp(path);

	ASSERT(fd >= 0);
	f = fdopen(fd, "w");
	ASSERT(f != NULL);
	fputs(MIN, f);
	ASSERT_INT_EQ(fclose(f), 0);
	ASSERT_OK(ob_contract_load_file(path, &c, &err));
	ASSERT_STR_EQ(c->source, path);
	ASSERT_INT_EQ(c->n_lines, 2);
	ob_contract_free(c);
	ASSERT_INT_EQ(unlink(path), 0);
	ASSERT_INT_EQ(ob_contract_load_file(path, &c, &err), OB_EIO);
	ASSERT(c == NULL);
	ASSERT_STR_EQ(err.file, path);
}

/* ------------------------------------------------------------------ */

static int exec_sql(struct ob_workspace *ws, const char *sql, char **msg)
{
	return sqlite3_exec(ob_workspace_db(ws), sql, NULL, NULL, msg);
}

static long count_rows(struct ob_workspace *ws, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(ob_workspace_db(ws), sql, -1, &s, NULL) ==
		SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void remove_dir(const char *dir)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "  could not remove %s\n", dir);
}

TEST(contract_versions_in_workspace)
{
	char dir[] = "/tmp/ob-contract-ws-XXXXXX", ws_dir[64];
	static const char text[] = MIN;
	static const char edited[] = MIN "# a comment\n";
	struct ob_contract *a, *b, *c;
	struct ob_contract_version info, *v;
	struct ob_workspace *ws;
	struct ob_error err;
	size_t n;
	long id;
	int unchanged;
	char *msg = NULL;

	ASSERT(mkdtemp(dir));
	snprintf(ws_dir, sizeof(ws_dir), "%s/ws", dir);
	ASSERT_OK(ob_workspace_create(ws_dir, NULL, &err));
	ASSERT_OK(ob_workspace_open(&ws, ws_dir, &err));
	ASSERT_INT_EQ(ob_workspace_load_contract(ws, 0, &c, NULL, &err),
		      OB_ENOTFOUND);
	ASSERT_OK(ob_contract_parse(text, strlen(text), "t.yaml", &a, NULL));
	ASSERT_OK(
	    ob_contract_parse(edited, strlen(edited), "u.yaml", &b, NULL));
	ASSERT_OK(
	    ob_workspace_add_contract(ws, a, "first", &id, &unchanged, &err));
	ASSERT_INT_EQ(id, 1);
	ASSERT_INT_EQ(unchanged, 0);
	ASSERT_OK(
	    ob_workspace_add_contract(ws, a, NULL, &id, &unchanged, &err));
	ASSERT_INT_EQ(id, 1);
	ASSERT_INT_EQ(unchanged, 1);
	ASSERT_OK(
	    ob_workspace_add_contract(ws, b, NULL, &id, &unchanged, &err));
	ASSERT_INT_EQ(id, 2);
	ASSERT_INT_EQ(unchanged, 0);
	/* two stores, two audit entries; the unchanged one wrote nothing */
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM audit_log WHERE "
				     "action = 'contract.add'"),
		      2);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM audit_log WHERE "
				     "reason = 'first'"),
		      1);

	ASSERT_OK(ob_workspace_load_contract(ws, 0, &c, &info, &err));
	ASSERT_INT_EQ(info.id, 2);
	ASSERT_STR_EQ(info.source, "u.yaml");
	ASSERT_STR_EQ(info.sha256, b->sha256);
	ASSERT_INT_EQ(c->text_len, strlen(edited));
	ASSERT_MEM_EQ(c->text, edited, strlen(edited));
	ob_contract_free(c);
	ASSERT_OK(ob_workspace_load_contract(ws, 1, &c, &info, &err));
	ASSERT_STR_EQ(info.note, "first");
	ASSERT_STR_EQ(c->sha256, a->sha256);
	ob_contract_free(c);
	ASSERT_INT_EQ(ob_workspace_load_contract(ws, 3, &c, NULL, &err),
		      OB_ENOTFOUND);
	ASSERT_OK(ob_workspace_contract_versions(ws, &v, &n, &err));
	ASSERT_INT_EQ(n, 2);
	ASSERT_STR_EQ(v[0].contract_id, "t");
	ASSERT_STR_EQ(v[1].note, "");
	ASSERT_INT_EQ(strlen(v[0].stored_at), 20);
	free(v);

	/* Immutable: UPDATE and DELETE are refused by the triggers. */
	ASSERT(exec_sql(ws, "UPDATE contract_version SET note = 'x'", &msg) !=
	       SQLITE_OK);
	ASSERT(msg && strstr(msg, "immutable"));
	sqlite3_free(msg);
	msg = NULL;
	ASSERT(exec_sql(ws, "DELETE FROM contract_version", &msg) != SQLITE_OK);
	ASSERT(msg && strstr(msg, "immutable"));
	sqlite3_free(msg);
	msg = NULL;
	ASSERT(exec_sql(ws, "DELETE FROM audit_log", &msg) != SQLITE_OK);
	ASSERT(msg && strstr(msg, "immutable"));
	sqlite3_free(msg);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM contract_version"),
		      2);

	ob_contract_free(a);
	ob_contract_free(b);
	ob_workspace_close(ws);
	remove_dir(dir);
}

/* A version-1 workspace (the tables of versions 2 and 3 removed) is
 * migrated on open, one version at a time, keeping what it held, and gets
 * the same tables and triggers as a new one. */
TEST(contract_workspace_migration)
{
	static const char tables_and_triggers[] =
		"SELECT count(*) FROM sqlite_master WHERE name IN "
		"('contract_version', 'audit_log', 'incentive_curve', "
		"'incentive_weight', 'settlement', 'app_user', "
		"'app_session', 'access_log') OR type = 'trigger'";
	char dir[] = "/tmp/ob-contract-mig-XXXXXX", ws_dir[64];
	struct ob_workspace *ws;
	struct ob_error err;

	ASSERT(mkdtemp(dir));
	snprintf(ws_dir, sizeof(ws_dir), "%s/ws", dir);
	ASSERT_OK(ob_workspace_create(ws_dir, NULL, &err));
	ASSERT_OK(ob_workspace_open(&ws, ws_dir, &err));
	/* 8 tables: 5 with a no-update and a no-delete trigger, access_log
	 * the same, app_user a no-delete trigger, app_session none. */
	ASSERT_INT_EQ(count_rows(ws, tables_and_triggers), 21);
	ASSERT_INT_EQ(exec_sql(ws,
			       "DROP TABLE contract_version; DROP TABLE "
			       "audit_log; DROP TABLE incentive_curve; DROP "
			       "TABLE incentive_weight; DROP TABLE settlement; "
			       "DROP TABLE access_log; DROP TABLE app_session; "
			       "DROP TABLE app_user; UPDATE meta SET value "
			       "= '1' WHERE name = 'schema_version'; INSERT "
			       "INTO extract(imported_on, source, "
			       "content_sha256, engine_version, rows_read, "
			       "rows_accepted, rows_rejected, persons) "
			       "VALUES('2019-01-01', 'old', 'x', 'onebudget "
			       "0.1.0', 0, 0, 0, 0)",
			       NULL),
		      SQLITE_OK);
	ob_workspace_close(ws);

	ASSERT_OK(ob_workspace_open(&ws, ws_dir, &err));
	ASSERT_INT_EQ(count_rows(ws, "SELECT value FROM meta WHERE name = "
				     "'schema_version'"),
		      OB_WORKSPACE_SCHEMA_VERSION);
	ASSERT_INT_EQ(count_rows(ws, tables_and_triggers), 21);
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM extract"), 1);
	/* One audit entry per step: 1 -> 2, 2 -> 3, 3 -> 4, 4 -> 5. */
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM audit_log WHERE "
				     "action = 'workspace.migrate'"),
		      4);
	ob_workspace_close(ws);
	/* Opening again migrates nothing more. */
	ASSERT_OK(ob_workspace_open(&ws, ws_dir, &err));
	ASSERT_INT_EQ(count_rows(ws, "SELECT count(*) FROM audit_log"), 4);
	/* A version this onebudget does not know is refused. */
	ASSERT_INT_EQ(exec_sql(ws,
			       "UPDATE meta SET value = '99' WHERE name = "
			       "'schema_version'",
			       NULL),
		      SQLITE_OK);
	ob_workspace_close(ws);
	ASSERT_INT_EQ(ob_workspace_open(&ws, ws_dir, &err), OB_EINVAL);
	ASSERT(strstr(err.msg, "schema version 99"));
	remove_dir(dir);
}
