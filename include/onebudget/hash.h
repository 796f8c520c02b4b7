/*
 * hash.h - SHA-256 digests and the keyed pseudonymisation of NHS numbers.
 *
 * Backed by OpenSSL's libcrypto (EVP interfaces).  A pseudonymiser holds a
 * secret key and turns an NHS number into
 *     hex(HMAC-SHA256(key, ten ASCII digits))[0..32)
 * i.e. the first 128 bits of the HMAC as 32 lower-case hex digits (RFC 2104
 * HMAC; FIPS 180-4 SHA-256).  The same key always gives the same pseudonym,
 * so records link across files, extracts and workspaces that share a key;
 * without the key the mapping cannot be recomputed.
 */
#ifndef ONEBUDGET_HASH_H
#define ONEBUDGET_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "onebudget/error.h"

#define OB_SHA256_LEN 32
#define OB_SHA256_HEX_LEN 64
#define OB_PSEUDONYM_LEN 32 /* hex digits */
#define OB_KEY_LEN 32       /* bytes of secret key */

struct ob_sha256;

/* Streaming SHA-256.  Free with ob_sha256_free(). */
enum ob_status ob_sha256_new(struct ob_sha256 **out, struct ob_error *err);
enum ob_status ob_sha256_update(struct ob_sha256 *h, const void *data,
				size_t len, struct ob_error *err);
/* Finish and write 64 hex digits and a NUL; the context can be reused
 * after ob_sha256_reset(). */
enum ob_status ob_sha256_final_hex(struct ob_sha256 *h,
				   char hex[static OB_SHA256_HEX_LEN + 1],
				   struct ob_error *err);
enum ob_status ob_sha256_reset(struct ob_sha256 *h, struct ob_error *err);
void ob_sha256_free(struct ob_sha256 *h);

/* SHA-256 of a whole file, read in large blocks; also returns its size. */
enum ob_status ob_sha256_file(const char *path,
			      char hex[static OB_SHA256_HEX_LEN + 1],
			      uint64_t *size, struct ob_error *err);

/* Hex of a memory block. */
enum ob_status ob_sha256_hex(const void *data, size_t len,
			     char hex[static OB_SHA256_HEX_LEN + 1],
			     struct ob_error *err);

/* HMAC-SHA256 of a message (full 32-byte MAC), for tests and checks. */
enum ob_status ob_hmac_sha256(const unsigned char *key, size_t keylen,
			      const void *msg, size_t len,
			      unsigned char mac[static OB_SHA256_LEN],
			      struct ob_error *err);

struct ob_pseudonymiser;

/* Precompute the keyed inner and outer hash states.  The key is copied and
 * wiped from memory by ob_pseudonymiser_free(). */
enum ob_status ob_pseudonymiser_new(struct ob_pseudonymiser **out,
				    const unsigned char *key, size_t keylen,
				    struct ob_error *err);
/* Pseudonym of a valid NHS number held as an integer (ob_nhs_number_parse);
 * writes OB_PSEUDONYM_LEN hex digits and a NUL.  Not thread-safe on one
 * object: give each thread its own. */
enum ob_status ob_pseudonymise(struct ob_pseudonymiser *p, uint64_t nhs,
			       char out[static OB_PSEUDONYM_LEN + 1],
			       struct ob_error *err);
void ob_pseudonymiser_free(struct ob_pseudonymiser *p);

/* Fill `buf` with `len` bytes from the operating system's CSPRNG. */
enum ob_status ob_random_bytes(unsigned char *buf, size_t len,
			       struct ob_error *err);

/* Write 2*len hex digits and a NUL. */
void ob_hex(const unsigned char *data, size_t len, char *out);

#endif
