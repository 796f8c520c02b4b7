/*
 * fuzz-segment.c - libFuzzer harness for the segment rule parser
 * (segment.h).
 *
 * Parses the input as a rule file and checks:
 *   - errors: OB_EPARSE with a message, the source name, and a position
 *     inside the input (line 0 only for "no rules"); no rules returned;
 *   - success: every person of a fixed set gets a segment 1..8 and a
 *     reason, and the reason, the canonical text of the deciding rule,
 *     parses again on its own and decides the same person the same way
 *     with the same text (a round trip of the canonical form).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/codelist.h"
#include "onebudget/segment.h"
#include "onebudget/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr,                                        \
				"fuzz-segment: check failed: %s (%s:%d)\n",    \
				#cond, __FILE__, __LINE__);                    \
			abort();                                               \
		}                                                              \
	} while (0)

#define FALLBACK "healthy: no other rule holds"

static void people(struct ob_segment_facts *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		p[i].age = (int)(i * 7 % 100) - 1;
		p[i].sex = i % 2 ? 1 : 2;
		p[i].conditions = (uint32_t)(i * 2654435761u) &
				  (((uint32_t)1 << OB_COND_COUNT) - 1);
		p[i].conditions_in_year = p[i].conditions & (uint32_t)(i * 97);
		p[i].hfrs = (double)(i % 23);
		p[i].efi_deficits = (int)(i % 14) - 1;
		p[i].died_in_year = i % 5 == 0;
		p[i].days_to_death =
		    p[i].died_in_year ? -1 : (int)(i * 53 % 800) - 1;
		p[i].emergency_admissions = (int)(i % 3);
		p[i].elective_admissions = (int)(i % 4 == 1);
		p[i].ae_attendances = (int)(i % 5 == 2);
		p[i].maternity_admissions = (int)(i % 11 == 3);
		p[i].in_care_home = i % 6 == 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ob_segment_facts p[40];
	struct ob_segment_rules *r = NULL;
	struct ob_error err;
	enum ob_status st;

	st = ob_segment_rules_parse(&r, (const char *)data, size, "fuzz.txt",
				    &err);
	if (st) {
		CHECK(st == OB_EPARSE && err.code == OB_EPARSE);
		CHECK(r == NULL);
		CHECK(err.msg[0] != '\0');
		CHECK(!strcmp(err.file, "fuzz.txt"));
		CHECK(err.line >= 0 && err.line <= (long)size + 1);
		CHECK(err.line == 0 || err.column >= 1);
		CHECK(err.column <= (long)size + 1);
		return 0;
	}
	CHECK(r != NULL);
	people(p, sizeof(p) / sizeof(p[0]));
	for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		const char *why = NULL, *why2 = NULL;
		struct ob_segment_rules *one = NULL;
		enum ob_segment s = ob_segment_assign(r, &p[i], &why);

		CHECK(s >= OB_SEG_HEALTHY && s < OB_SEG_COUNT);
		CHECK(why != NULL);
		if (!strcmp(why, FALLBACK)) {
			CHECK(s == OB_SEG_HEALTHY);
			continue;
		}
		CHECK(!strncmp(why, ob_segment_code(s),
			       strlen(ob_segment_code(s))));
		CHECK(ob_segment_rules_parse(&one, why, strlen(why), "why",
					     &err) == OB_OK);
		CHECK(ob_segment_assign(one, &p[i], &why2) == s);
		CHECK(!strcmp(why, why2));
		ob_segment_rules_free(one);
	}
	ob_segment_rules_free(r);
	return 0;
}
