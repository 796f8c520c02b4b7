/*
 * fuzz-fields.c - libFuzzer harness for the field parsers every import row
 * goes through: dates, financial years, money, NHS numbers, ICD-10, OPCS-4,
 * SNOMED CT, HRG and ODS codes.  Checks round trips where a canonical form
 * exists, and that nothing reads outside its input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "onebudget/codes.h"
#include "onebudget/date.h"
#include "onebudget/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy, so ASan sees any read past the end. */
	char *s = malloc(size ? size : 1);
	struct ob_error err;
	ob_date d;
	ob_fy fy;
	ob_pence p;
	uint64_t nhs;
	char out[32];

	if (!s)
		return 0;
	memcpy(s, data, size);
	if (ob_date_parse(s, size, &d, &err) == OB_OK) {
		ob_date_format(d, out);
		if (size != 10 || memcmp(out, s, 10) != 0)
			abort();
	}
	if (ob_fy_parse(s, size, &fy, &err) == OB_OK) {
		ob_fy_format(fy, out);
		if (out[5] != s[5] || out[6] != s[6])
			abort();
	}
	if (ob_pence_parse(s, size, &p, &err) == OB_OK) {
		ob_pence q;
		size_t n = ob_pence_format(p, out);
		if (ob_pence_parse(out, n, &q, &err) != OB_OK || q != p)
			abort();
	}
	if (ob_nhs_number_parse(s, size, &nhs) == 1) {
		ob_nhs_number_format(nhs, out);
		if (ob_nhs_number_parse(out, 10, NULL) != 1)
			abort();
	}
	if (ob_icd10_normalise(s, size, out)) {
		char again[6];
		if (!ob_icd10_normalise(out, strlen(out), again) ||
		    strcmp(again, out) != 0)
			abort();
	}
	if (ob_opcs4_normalise(s, size, out) && strlen(out) != 4)
		abort();
	(void)ob_snomed_valid(s, size);
	(void)ob_hrg_valid(s, size);
	(void)ob_ods_org_valid(s, size);
	(void)ob_ods_practice_valid(s, size);
	(void)ob_lsoa_valid(s, size);
	free(s);
	return 0;
}
