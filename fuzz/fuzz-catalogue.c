/*
 * fuzz-catalogue.c - libFuzzer harness for the outcomes catalogue parser
 * (catalogue.h).
 *
 * Checks, for every input:
 *   - success: every metric has its required strings, a known method,
 *     numerator and denominator, at least one I statement that exists,
 *     a known domain, and ob_catalogue_find() finds it by id;
 *   - failure: *out is NULL, the status is OB_EPARSE, OB_EINVAL or
 *     OB_ENOMEM, the message is non-empty and OB_EPARSE/OB_EINVAL carry
 *     the source name and a position.
 * ASan and UBSan catch the rest (leaks included).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/catalogue.h"
#include "onebudget/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr,                                        \
				"fuzz-catalogue: check failed: %s (%s:%d)\n",  \
				#cond, __FILE__, __LINE__);                    \
			abort();                                               \
		}                                                              \
	} while (0)

static int has_statement(const struct ob_catalogue *cat, const char *id)
{
	for (size_t i = 0; i < cat->n_i_statements; i++)
		if (!strcmp(cat->i_statements[i].id, id))
			return 1;
	return 0;
}

static int has_domain(const struct ob_catalogue *cat, const char *id)
{
	for (size_t i = 0; i < cat->n_domains; i++)
		if (!strcmp(cat->domains[i].id, id))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ob_catalogue *cat = NULL;
	struct ob_error err;
	enum ob_status st;

	memset(&err, 0, sizeof(err));
	st = ob_catalogue_parse((const char *)data, size, "fuzz.yaml", &cat,
				&err);
	if (st != OB_OK) {
		CHECK(cat == NULL);
		CHECK(st == OB_EPARSE || st == OB_EINVAL || st == OB_ENOMEM);
		CHECK(err.code == st);
		CHECK(err.msg[0] != '\0');
		if (st != OB_ENOMEM) {
			CHECK(!strcmp(err.file, "fuzz.yaml"));
			CHECK(err.line >= 1 && err.column >= 1);
		}
		return 0;
	}
	CHECK(cat != NULL && cat->n > 0 && cat->n_domains > 0);
	for (size_t i = 0; i < cat->n; i++) {
		const struct ob_metric *m = &cat->metrics[i];

		CHECK(m->id && m->name && m->domain && m->source && m->unit);
		CHECK(has_domain(cat, m->domain));
		CHECK((int)m->method >= 0 && m->method < OB_METHOD_COUNT);
		CHECK(m->numerator > OB_Q_NONE &&
		      m->numerator < OB_QUANTITY_COUNT);
		CHECK(m->denominator > OB_Q_NONE &&
		      m->denominator < OB_QUANTITY_COUNT);
		CHECK(m->n_i_statements >= 1);
		for (size_t k = 0; k < m->n_i_statements; k++)
			CHECK(has_statement(cat, m->i_statements[k]));
		CHECK(m->multiplier > 0);
		CHECK(m->n_conf >= 1 && m->n_conf <= OB_CATALOGUE_MAX_CONF);
		CHECK(m->population.age_max < 0 ||
		      m->population.age_min <= m->population.age_max);
		CHECK(ob_catalogue_find(cat, m->id) == m);
		if (m->minus)
			CHECK(ob_catalogue_find(cat, m->minus) != NULL);
		if (m->numerator == OB_Q_SURVEY_POSITIVE)
			CHECK(m->survey && m->question && m->n_positive > 0);
	}
	ob_catalogue_free(cat);
	return 0;
}
