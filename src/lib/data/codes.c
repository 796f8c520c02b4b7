/*
 * codes.c - validators for NHS identifiers and clinical codes; see codes.h.
 */
#include <string.h>

#include "onebudget/codes.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* NHS Data Dictionary, "NHS Number": modulus 11 with weights 10..2. */
int ob_nhs_check_digit(uint64_t n9)
{
	int sum = 0, check;

	for (int w = 2; w <= 10; w++, n9 /= 10)
		sum += (int)(n9 % 10) * w;
	check = 11 - sum % 11;
	if (check == 11)
		return 0;
	return check == 10 ? -1 : check;
}

int ob_nhs_number_parse(const char *s, size_t len, uint64_t *out)
{
	char d[10];
	size_t n = 0;
	uint64_t v = 0;

	if (len == 12 && s[3] == ' ' && s[7] == ' ') {
		for (size_t i = 0; i < len; i++)
			if (i != 3 && i != 7)
				d[n++] = s[i];
	} else if (len == 10) {
		memcpy(d, s, 10);
		n = 10;
	} else {
		return 0;
	}
	for (size_t i = 0; i < 10; i++) {
		if (!is_digit(d[i]))
			return 0;
		if (i < 9)
			v = v * 10 + (uint64_t)(d[i] - '0');
	}
	if (ob_nhs_check_digit(v) != d[9] - '0')
		return -1;
	if (out)
		*out = v * 10 + (uint64_t)(d[9] - '0');
	return 1;
}

void ob_nhs_number_format(uint64_t n, char out[static 11])
{
	for (int i = 9; i >= 0; i--, n /= 10)
		out[i] = (char)('0' + n % 10);
	out[10] = '\0';
}

/* Verhoeff's dihedral-group check (Verhoeff 1969), as used by SNOMED CT. */
static const unsigned char verhoeff_d[10][10] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
	{ 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 }, { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
	{ 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
	{ 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
	{ 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 }, { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
};
static const unsigned char verhoeff_p[8][10] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
	{ 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 }, { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
	{ 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
	{ 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
};

int ob_verhoeff_valid(const char *s, size_t len)
{
	int c = 0;

	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[len - 1 - i];
		if (!is_digit(ch))
			return 0;
		c = verhoeff_d[c][verhoeff_p[i % 8][ch - '0']];
	}
	return c == 0;
}

int ob_snomed_valid(const char *s, size_t len)
{
	if (len < 6 || len > 18 || s[0] == '0')
		return 0;
	/* Partition identifier: 00 (core concept) or 10 (extension). */
	if (s[len - 2] != '0' || (s[len - 3] != '0' && s[len - 3] != '1'))
		return 0;
	return ob_verhoeff_valid(s, len);
}

size_t ob_icd10_normalise(const char *s, size_t len, char out[static 6])
{
	char c[6];
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.' && n == 3 && i + 1 < len)
			continue;
		if (n == 5)
			return 0;
		c[n++] = upper(s[i]);
	}
	if (n < 3 || !is_upper(c[0]) || !is_digit(c[1]) || !is_digit(c[2]))
		return 0;
	if (n >= 4 && !is_digit(c[3]) && c[3] != 'X')
		return 0;
	if (n == 5 && !is_digit(c[4]) && !is_upper(c[4]))
		return 0;
	memcpy(out, c, n);
	out[n] = '\0';
	return n;
}

size_t ob_opcs4_normalise(const char *s, size_t len, char out[static 5])
{
	char c[4];
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.' && n == 3 && i + 1 < len)
			continue;
		if (n == 4)
			return 0;
		c[n++] = upper(s[i]);
	}
	if (n != 4 || !is_upper(c[0]) || !is_digit(c[1]) || !is_digit(c[2]) ||
	    !is_digit(c[3]))
		return 0;
	memcpy(out, c, 4);
	out[4] = '\0';
	return 4;
}

int ob_hrg_valid(const char *s, size_t len)
{
	return len == 5 && is_upper(s[0]) && is_upper(s[1]) &&
	       is_digit(s[2]) && is_digit(s[3]) && is_upper(s[4]);
}

int ob_ods_practice_valid(const char *s, size_t len)
{
	if (len != 6 || !is_upper(s[0]))
		return 0;
	for (size_t i = 1; i < 6; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

int ob_ods_org_valid(const char *s, size_t len)
{
	if (len < 3 || len > 6)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!is_upper(s[i]) && !is_digit(s[i]))
			return 0;
	return 1;
}

static int prefix_digits(const char *s, size_t len, const char *prefix,
			 size_t ndigits)
{
	size_t pl = strlen(prefix);

	if (len != pl + ndigits || memcmp(s, prefix, pl) != 0)
		return 0;
	for (size_t i = pl; i < len; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

int ob_lsoa_valid(const char *s, size_t len)
{
	return prefix_digits(s, len, "E01", 6) ||
	       prefix_digits(s, len, "W01", 6);
}

int ob_la_code_valid(const char *s, size_t len)
{
	return prefix_digits(s, len, "E06", 6) ||
	       prefix_digits(s, len, "E07", 6) ||
	       prefix_digits(s, len, "E08", 6) ||
	       prefix_digits(s, len, "E09", 6) ||
	       prefix_digits(s, len, "W06", 6);
}

int ob_ident_valid(const char *s, size_t len, size_t max)
{
	if (len == 0 || len > max)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!is_upper(c) && !is_digit(c) && !(c >= 'a' && c <= 'z') &&
		    c != '_' && c != '-')
			return 0;
	}
	return 1;
}
