/*
 * hash.c - SHA-256 and HMAC-SHA256 over OpenSSL's EVP interface.
 *
 * The pseudonymiser computes HMAC (RFC 2104) itself from two precomputed
 * digest states, H((K ^ opad) || H((K ^ ipad) || m)), so each pseudonym
 * costs two digest-context copies and two short updates instead of a fresh
 * key schedule; tests check it against libcrypto's own HMAC.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "onebudget/codes.h"
#include "onebudget/hash.h"

struct ob_sha256 {
	EVP_MD_CTX *ctx;
};

static enum ob_status crypto_error(struct ob_error *err, const char *what)
{
	return ob_error_set(err, OB_ECRYPTO, NULL, 0, 0, "libcrypto: %s failed",
			    what);
}

void ob_hex(const unsigned char *data, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[data[i] >> 4];
		out[2 * i + 1] = digits[data[i] & 15];
	}
	out[2 * len] = '\0';
}

enum ob_status ob_sha256_new(struct ob_sha256 **out, struct ob_error *err)
{
	struct ob_sha256 *h = calloc(1, sizeof(*h));

	if (!h)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || !EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL)) {
		ob_sha256_free(h);
		return crypto_error(err, "SHA-256 initialisation");
	}
	*out = h;
	return OB_OK;
}

enum ob_status ob_sha256_update(struct ob_sha256 *h, const void *data,
				size_t len, struct ob_error *err)
{
	if (!EVP_DigestUpdate(h->ctx, data, len))
		return crypto_error(err, "SHA-256 update");
	return OB_OK;
}

enum ob_status ob_sha256_final_hex(struct ob_sha256 *h,
				   char hex[static OB_SHA256_HEX_LEN + 1],
				   struct ob_error *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!EVP_DigestFinal_ex(h->ctx, md, &n) || n != OB_SHA256_LEN)
		return crypto_error(err, "SHA-256 final");
	ob_hex(md, OB_SHA256_LEN, hex);
	return OB_OK;
}

enum ob_status ob_sha256_reset(struct ob_sha256 *h, struct ob_error *err)
{
	if (!EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL))
		return crypto_error(err, "SHA-256 initialisation");
	return OB_OK;
}

void ob_sha256_free(struct ob_sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

enum ob_status ob_sha256_hex(const void *data, size_t len,
			     char hex[static OB_SHA256_HEX_LEN + 1],
			     struct ob_error *err)
{
	struct ob_sha256 *h;
	enum ob_status st = ob_sha256_new(&h, err);

	if (st)
		return st;
	st = ob_sha256_update(h, data, len, err);
	if (!st)
		st = ob_sha256_final_hex(h, hex, err);
	ob_sha256_free(h);
	return st;
}

enum ob_status ob_sha256_file(const char *path,
			      char hex[static OB_SHA256_HEX_LEN + 1],
			      uint64_t *size, struct ob_error *err)
{
	enum { BLOCK = 1 << 20 };
	struct ob_sha256 *h = NULL;
	unsigned char *buf = NULL;
	uint64_t total = 0;
	enum ob_status st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return ob_error_set(err, OB_EIO, path, 0, 0, "cannot open: %s",
				    strerror(errno));
	buf = malloc(BLOCK);
	if (!buf) {
		st = ob_error_set(err, OB_ENOMEM, path, 0, 0, "out of memory");
		goto out;
	}
	st = ob_sha256_new(&h, err);
	while (!st) {
		ssize_t n = read(fd, buf, BLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			st = ob_error_set(err, OB_EIO, path, 0, 0,
					  "read failed: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		total += (uint64_t)n;
		st = ob_sha256_update(h, buf, (size_t)n, err);
	}
	if (!st)
		st = ob_sha256_final_hex(h, hex, err);
	if (size)
		*size = total;
out:
	ob_sha256_free(h);
	free(buf);
	close(fd);
	return st;
}

enum ob_status ob_hmac_sha256(const unsigned char *key, size_t keylen,
			      const void *msg, size_t len,
			      unsigned char mac[static OB_SHA256_LEN],
			      struct ob_error *err)
{
	unsigned int n = 0;

	if (keylen > (size_t)INT32_MAX ||
	    !HMAC(EVP_sha256(), key, (int)keylen, msg, len, mac, &n) ||
	    n != OB_SHA256_LEN)
		return crypto_error(err, "HMAC-SHA256");
	return OB_OK;
}

struct ob_pseudonymiser {
	EVP_MD_CTX *inner; /* state after absorbing K ^ ipad */
	EVP_MD_CTX *outer; /* state after absorbing K ^ opad */
	EVP_MD_CTX *work;
};

void ob_pseudonymiser_free(struct ob_pseudonymiser *p)
{
	if (!p)
		return;
	EVP_MD_CTX_free(p->inner);
	EVP_MD_CTX_free(p->outer);
	EVP_MD_CTX_free(p->work);
	free(p);
}

enum ob_status ob_pseudonymiser_new(struct ob_pseudonymiser **out,
				    const unsigned char *key, size_t keylen,
				    struct ob_error *err)
{
	enum { BLOCK = 64 }; /* SHA-256 block size */
	unsigned char k[BLOCK] = { 0 }, pad[BLOCK];
	struct ob_pseudonymiser *p = calloc(1, sizeof(*p));
	enum ob_status st = OB_OK;

	if (!p)
		return ob_error_set(err, OB_ENOMEM, NULL, 0, 0, "out of memory");
	if (keylen > BLOCK) {
		unsigned int n;
		if (!EVP_Digest(key, keylen, k, &n, EVP_sha256(), NULL)) {
			st = crypto_error(err, "key digest");
			goto out;
		}
	} else {
		memcpy(k, key, keylen);
	}
	p->inner = EVP_MD_CTX_new();
	p->outer = EVP_MD_CTX_new();
	p->work = EVP_MD_CTX_new();
	if (!p->inner || !p->outer || !p->work) {
		st = crypto_error(err, "digest context allocation");
		goto out;
	}
	for (int i = 0; i < BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	if (!EVP_DigestInit_ex(p->inner, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(p->inner, pad, BLOCK)) {
		st = crypto_error(err, "HMAC inner state");
		goto out;
	}
	for (int i = 0; i < BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	if (!EVP_DigestInit_ex(p->outer, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(p->outer, pad, BLOCK))
		st = crypto_error(err, "HMAC outer state");
out:
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(pad, sizeof(pad));
	if (st) {
		ob_pseudonymiser_free(p);
		return st;
	}
	*out = p;
	return OB_OK;
}

enum ob_status ob_pseudonymise(struct ob_pseudonymiser *p, uint64_t nhs,
			       char out[static OB_PSEUDONYM_LEN + 1],
			       struct ob_error *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char digits[11];

	ob_nhs_number_format(nhs, digits);
	if (!EVP_MD_CTX_copy_ex(p->work, p->inner) ||
	    !EVP_DigestUpdate(p->work, digits, 10) ||
	    !EVP_DigestFinal_ex(p->work, md, &n) ||
	    !EVP_MD_CTX_copy_ex(p->work, p->outer) ||
	    !EVP_DigestUpdate(p->work, md, n) ||
	    !EVP_DigestFinal_ex(p->work, md, &n) || n != OB_SHA256_LEN) {
		OPENSSL_cleanse(digits, sizeof(digits));
		return crypto_error(err, "HMAC-SHA256");
	}
	OPENSSL_cleanse(digits, sizeof(digits));
	ob_hex(md, OB_PSEUDONYM_LEN / 2, out);
	return OB_OK;
}

enum ob_status ob_random_bytes(unsigned char *buf, size_t len,
			       struct ob_error *err)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = getrandom(buf + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ob_error_set(err, OB_EIO, NULL, 0, 0,
					    "getrandom failed: %s",
					    strerror(errno));
		got += (size_t)n;
	}
	return OB_OK;
}
