/*
 * fuzz-contract.c - libFuzzer harness for the contract parser
 * (contract.h).
 *
 * Checks, for every input:
 *   - success: the years are ordered, every party has an id and a name
 *     and is found by id, there is one MCP, every budget line's
 *     commissioner is a commissioner and its share and `from` obey its
 *     scope, every variation is in range and used, the assumptions cover
 *     base + 1 .. last in order, the age bands ascend from 0, influenceable
 *     capitation variables only when allowed, and the text's copy and
 *     digest match the input;
 *   - failure: *out is NULL, the status is OB_EPARSE, OB_EINVAL or
 *     OB_ENOMEM, the message is non-empty and OB_EPARSE/OB_EINVAL carry
 *     the source name and a line.
 * ASan and UBSan catch the rest (leaks included).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/contract.h"
#include "onebudget/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr,                                        \
				"fuzz-contract: check failed: %s (%s:%d)\n",   \
				#cond, __FILE__, __LINE__);                    \
			abort();                                               \
		}                                                              \
	} while (0)

static void check_lines(const struct ob_contract *c)
{
	for (size_t i = 0; i < c->n_lines; i++) {
		const struct ob_budget_line *l = &c->lines[i];
		const struct ob_party *p =
		    ob_contract_party(c, l->commissioner);

		CHECK(l->id && l->name && l->base_value >= 0);
		CHECK(ob_contract_line(c, l->id) == l);
		CHECK(p && p->role == OB_PARTY_COMMISSIONER);
		if (l->scope == OB_SCOPE_IN)
			CHECK(l->share == 1);
		if (l->scope == OB_SCOPE_PARTLY)
			CHECK(l->share > 0 && l->share < 1);
		if (l->scope == OB_SCOPE_OUT) {
			CHECK(l->share == 0 && !l->variation);
			CHECK(ob_budget_line_held_value(l) == 0);
			continue;
		}
		CHECK(l->from >= c->shadow && l->from <= c->last);
		CHECK(ob_budget_line_held_value(l) <= l->base_value);
		if (l->variation)
			CHECK(ob_contract_variation(c, l->variation)->year ==
			      l->from);
		else
			CHECK(l->from == c->shadow);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ob_contract *c = NULL;
	struct ob_error err;
	enum ob_status st;
	size_t mcp = 0;

	memset(&err, 0, sizeof(err));
	st = ob_contract_parse((const char *)data, size, "fuzz.yaml", &c, &err);
	if (st != OB_OK) {
		CHECK(c == NULL);
		CHECK(st == OB_EPARSE || st == OB_EINVAL || st == OB_ENOMEM);
		CHECK(err.code == st);
		CHECK(err.msg[0] != '\0');
		if (st != OB_ENOMEM) {
			CHECK(!strcmp(err.file, "fuzz.yaml"));
			CHECK(err.line >= 1);
		}
		return 0;
	}
	CHECK(c->id && c->title && c->mcp);
	CHECK(c->base < c->shadow && c->shadow < c->first_full &&
	      c->first_full <= c->last);
	for (size_t i = 0; i < c->n_parties; i++) {
		CHECK(c->parties[i].id && c->parties[i].name);
		CHECK(ob_contract_party(c, c->parties[i].id) == &c->parties[i]);
		mcp += c->parties[i].role == OB_PARTY_MCP;
	}
	CHECK(mcp == 1 && c->n_commissioners >= 1);
	check_lines(c);
	for (size_t i = 0; i < c->n_variations; i++) {
		CHECK(c->variations[i].year > c->shadow &&
		      c->variations[i].year <= c->last);
	}
	CHECK(c->n_assumptions == (size_t)(c->last - c->base));
	for (size_t i = 0; i < c->n_assumptions; i++) {
		CHECK(c->assumptions[i].year == c->base + 1 + (ob_fy)i);
		CHECK(c->assumptions[i].allocation > 0);
	}
	CHECK(c->capitation.n_age_bands >= 1 &&
	      c->capitation.age_bands[0] == 0);
	for (size_t i = 1; i < c->capitation.n_age_bands; i++)
		CHECK(c->capitation.age_bands[i] >
		      c->capitation.age_bands[i - 1]);
	if (!c->capitation.allow_influenceable)
		CHECK(
		    !(c->capitation.variables & ((1u << OB_CAPVAR_PRIOR_COST) |
						 (1u << OB_CAPVAR_PRIOR_USE))));
	CHECK(c->text_len == size && !memcmp(c->text, data, size));
	CHECK(strlen(c->sha256) == OB_SHA256_HEX_LEN);
	ob_contract_free(c);
	return 0;
}
