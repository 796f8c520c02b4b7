/*
 * test-hash.c - SHA-256 and the HMAC-SHA256 pseudonymiser.
 */
#include "onebudget/codes.h"
#include "onebudget/hash.h"

#include "test.h"

TEST(sha256_known_vectors)
{
	char hex[65];

	/* FIPS 180-4 examples. */
	ASSERT_OK(ob_sha256_hex("abc", 3, hex, NULL));
	ASSERT_STR_EQ(hex, "ba7816bf8f01cfea414140de5dae2223"
			   "b00361a396177a9cb410ff61f20015ad");
	ASSERT_OK(ob_sha256_hex("", 0, hex, NULL));
	ASSERT_STR_EQ(hex, "e3b0c44298fc1c149afbf4c8996fb924"
			   "27ae41e4649b934ca495991b7852b855");
}

TEST(hmac_rfc4231_case_2)
{
	unsigned char mac[32];
	char hex[65];

	ASSERT_OK(ob_hmac_sha256((const unsigned char *)"Jefe", 4,
				 "what do ya want for nothing?", 28, mac,
				 NULL));
	ob_hex(mac, 32, hex);
	ASSERT_STR_EQ(hex, "5bdcc146bf60754e6a042426089575c7"
			   "5a003f089d2739839dec58b964ec3843");
}

TEST(pseudonym_is_truncated_hmac_of_digits)
{
	unsigned char key[OB_KEY_LEN], mac[32];
	struct ob_pseudonymiser *p;
	char ps[OB_PSEUDONYM_LEN + 1], want[65];

	for (int i = 0; i < OB_KEY_LEN; i++)
		key[i] = (unsigned char)(i * 7 + 1);
	ASSERT_OK(ob_pseudonymiser_new(&p, key, sizeof(key), NULL));
	/* Many numbers, each checked against libcrypto's own HMAC. */
	for (uint64_t n9 = 943476500; n9 < 943476700; n9++) {
		int c = ob_nhs_check_digit(n9);
		char digits[11];
		uint64_t nhs;
		if (c < 0)
			continue;
		nhs = n9 * 10 + (uint64_t)c;
		ob_nhs_number_format(nhs, digits);
		ASSERT_OK(ob_pseudonymise(p, nhs, ps, NULL));
		ASSERT_OK(ob_hmac_sha256(key, sizeof(key), digits, 10, mac,
					 NULL));
		ob_hex(mac, 16, want);
		ASSERT_STR_EQ(ps, want);
	}
	ob_pseudonymiser_free(p);
	/* A different key gives a different pseudonym. */
	key[0] ^= 1;
	ASSERT_OK(ob_pseudonymiser_new(&p, key, sizeof(key), NULL));
	ASSERT_OK(ob_pseudonymise(p, 9434765919ULL, ps, NULL));
	ob_pseudonymiser_free(p);
	key[0] ^= 1;
	ASSERT_OK(ob_pseudonymiser_new(&p, key, sizeof(key), NULL));
	ASSERT_OK(ob_pseudonymise(p, 9434765919ULL, want, NULL));
	ob_pseudonymiser_free(p);
	ASSERT(strcmp(ps, want) != 0);
}
