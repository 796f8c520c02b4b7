/*
 * test-codes.c - NHS numbers (modulus 11), SNOMED CT (Verhoeff), ICD-10,
 * OPCS-4, HRG and ODS codes.
 */
#include "onebudget/codes.h"

#include "test.h"

TEST(nhs_number_modulus_11)
{
	uint64_t n;
	char s[11];

	/* 943 476 5919 is the NHS Data Dictionary's worked example. */
	ASSERT_INT_EQ(ob_nhs_number_parse("9434765919", 10, &n), 1);
	ASSERT_INT_EQ(n, 9434765919ULL);
	ASSERT_INT_EQ(ob_nhs_number_parse("943 476 5919", 12, &n), 1);
	ASSERT_INT_EQ(ob_nhs_number_parse("9434765918", 10, &n), -1);
	ASSERT_INT_EQ(ob_nhs_number_parse("943476591", 9, &n), 0);
	ASSERT_INT_EQ(ob_nhs_number_parse("943-476-5919", 12, &n), 0);
	ASSERT_INT_EQ(ob_nhs_number_parse("94347659x9", 10, &n), 0);
	ASSERT_INT_EQ(ob_nhs_check_digit(943476591), 9);
	/* Remainder 1 gives check digit 10: no valid number exists. */
	ASSERT_INT_EQ(ob_nhs_check_digit(100000001), -1);
	/* Remainder 0 gives check digit 0 (11 maps to 0). */
	ASSERT_INT_EQ(ob_nhs_check_digit(0), 0);
	ob_nhs_number_format(9434765919ULL, s);
	ASSERT_STR_EQ(s, "9434765919");
	/* Every valid number built from its check digit parses back. */
	for (uint64_t n9 = 999000000; n9 < 999002000; n9++) {
		int c = ob_nhs_check_digit(n9);
		char buf[11];
		if (c < 0)
			continue;
		ob_nhs_number_format(n9 * 10 + (uint64_t)c, buf);
		ASSERT_INT_EQ(ob_nhs_number_parse(buf, 10, NULL), 1);
		buf[9] = (char)('0' + (c + 1) % 10);
		ASSERT_INT_EQ(ob_nhs_number_parse(buf, 10, NULL), -1);
	}
}

TEST(snomed_verhoeff)
{
	ASSERT(ob_verhoeff_valid("2363", 4)); /* Verhoeff's own example */
	ASSERT(!ob_verhoeff_valid("2364", 4));
	ASSERT(ob_snomed_valid("22298006", 8));   /* myocardial infarction */
	ASSERT(ob_snomed_valid("73211009", 8));   /* diabetes mellitus */
	ASSERT(ob_snomed_valid("38341003", 8));   /* hypertensive disorder */
	ASSERT(ob_snomed_valid("195967001", 9));  /* asthma */
	ASSERT(!ob_snomed_valid("22298007", 8));  /* wrong check digit */
	ASSERT(!ob_snomed_valid("12345", 5));     /* too short */
	ASSERT(!ob_snomed_valid("022298006", 9)); /* leading zero */
}

TEST(icd10_and_opcs4)
{
	char out[6];

	ASSERT_INT_EQ(ob_icd10_normalise("E11.9", 5, out), 4);
	ASSERT_STR_EQ(out, "E119");
	ASSERT_INT_EQ(ob_icd10_normalise("i10x", 4, out), 4);
	ASSERT_STR_EQ(out, "I10X");
	ASSERT_INT_EQ(ob_icd10_normalise("J45", 3, out), 3);
	ASSERT_INT_EQ(ob_icd10_normalise("J4", 2, out), 0);
	ASSERT_INT_EQ(ob_icd10_normalise("145", 3, out), 0);
	ASSERT_INT_EQ(ob_icd10_normalise("E11.", 4, out), 0);
	ASSERT_INT_EQ(ob_icd10_normalise("E119XX", 6, out), 0);
	ASSERT_INT_EQ(ob_opcs4_normalise("H22.1", 5, out), 4);
	ASSERT_STR_EQ(out, "H221");
	ASSERT_INT_EQ(ob_opcs4_normalise("H22", 3, out), 0);
}

TEST(hrg_ods_lsoa)
{
	ASSERT(ob_hrg_valid("FD10M", 5));
	ASSERT(!ob_hrg_valid("FD10", 4));
	ASSERT(!ob_hrg_valid("fd10m", 5));
	ASSERT(ob_ods_practice_valid("E87002", 6));
	ASSERT(!ob_ods_practice_valid("E8700", 5));
	ASSERT(!ob_ods_practice_valid("87002E", 6));
	ASSERT(ob_ods_org_valid("RYJ", 3));
	ASSERT(ob_ods_org_valid("NQM01", 5));
	ASSERT(!ob_ods_org_valid("ryj", 3));
	ASSERT(ob_lsoa_valid("E01004646", 9));
	ASSERT(!ob_lsoa_valid("E02004646", 9));
	ASSERT(ob_la_code_valid("E09000033", 9));
	ASSERT(!ob_la_code_valid("E10000033", 9));
	ASSERT(ob_ident_valid("MH_LD", 5, 32));
	ASSERT(!ob_ident_valid("MH LD", 5, 32));
	ASSERT(!ob_ident_valid("", 0, 32));
}
