/*
 * codes.h - validation of the identifiers and clinical codes used in NHS
 * data: NHS numbers, ODS codes, ICD-10, OPCS-4, SNOMED CT, HRG, LSOA.
 *
 * Validators take a (pointer, length) view, return 1 for a valid code and 0
 * otherwise, and never allocate.  Normalisers write a canonical form into a
 * caller buffer and return its length (0 when the input is not valid).
 */
#ifndef ONEBUDGET_CODES_H
#define ONEBUDGET_CODES_H

#include <stddef.h>
#include <stdint.h>

/*
 * NHS number: 10 digits, or 3-3-4 digits separated by single spaces.  The
 * check digit is the modulus 11 of the first nine digits weighted 10..2
 * (NHS Data Dictionary, "NHS Number"): check = 11 - (sum mod 11); 11 -> 0;
 * 10 -> invalid.  On success stores the number as an integer in *out (which
 * may be NULL).  Returns 1 if valid, 0 if not 10 digits, -1 if 10 digits but
 * the check digit is wrong.
 */
int ob_nhs_number_parse(const char *s, size_t len, uint64_t *out);
/* Check digit for the first nine digits of `n9` (0..999999999), or -1 when
 * no valid NHS number starts with those digits. */
int ob_nhs_check_digit(uint64_t n9);
/* Write the 10 digits of `n` and a NUL. */
void ob_nhs_number_format(uint64_t n, char out[static 11]);

/* SNOMED CT concept id: 6-18 digits, no leading zero, partition identifier
 * (the two digits before the check digit) 00 or 10 for concepts, and a
 * valid Verhoeff check digit (SNOMED CT Technical Implementation Guide). */
int ob_snomed_valid(const char *s, size_t len);
/* Verhoeff check of a digit string (1 when the last digit checks). */
int ob_verhoeff_valid(const char *s, size_t len);

/* ICD-10: letter, 2 digits, optional 4th character (digit or 'X'), optional
 * 5th character (digit or letter); an optional '.' after the third character
 * is dropped.  Writes the upper-case form without dot to out (>= 6 bytes). */
size_t ob_icd10_normalise(const char *s, size_t len, char out[static 6]);

/* OPCS-4: a letter and 3 digits, optional '.' after the 3rd character
 * (dropped).  Writes upper case to out (>= 5 bytes). */
size_t ob_opcs4_normalise(const char *s, size_t len, char out[static 5]);

/* HRG4+: 2 letters, 2 digits, 1 letter (e.g. "FD10M", "UZ01Z"). */
int ob_hrg_valid(const char *s, size_t len);

/* GP practice ODS code: a letter and 5 digits. */
int ob_ods_practice_valid(const char *s, size_t len);
/* Organisation ODS code: 3 to 6 upper-case letters or digits. */
int ob_ods_org_valid(const char *s, size_t len);
/* LSOA 2011: E01 or W01 followed by 6 digits. */
int ob_lsoa_valid(const char *s, size_t len);
/* Local authority GSS code: E06-E09 or W06 followed by 6 digits. */
int ob_la_code_valid(const char *s, size_t len);
/* An identifier: 1..max characters from A-Z a-z 0-9 '_' '-'. */
int ob_ident_valid(const char *s, size_t len, size_t max);

#endif
