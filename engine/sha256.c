/* sha256.c: SHA-256 through libcrypto's EVP interface, libcrypto loaded
 * the first time a digest is needed (base/dynlib.h): only the remote cache
 * uses it, and linking it cost every start of menace its relocation. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/dynlib.h"
#include "base/util.h"
#include "engine/sha256.h"

#define CRYPTO_SONAME "libcrypto.so." STR(OPENSSL_SHLIB_VERSION)

#define CRYPTO_FUNCS(X) \
	X(EVP_MD_CTX_new) X(EVP_MD_CTX_free) X(EVP_sha256) X(EVP_DigestInit_ex) \
	X(EVP_DigestUpdate) X(EVP_DigestFinal_ex)

static struct {
#define CRYPTO_MEMBER(f) __typeof__(&f) f;
	CRYPTO_FUNCS(CRYPTO_MEMBER)
#undef CRYPTO_MEMBER
} crypto;

int sha256_load(char **why)
{
#define CRYPTO_NAME(f) #f,
	static const char *const names[] = {CRYPTO_FUNCS(CRYPTO_NAME)};
#undef CRYPTO_NAME
	static struct dynlib lib = {CRYPTO_SONAME, names, sizeof(names) / sizeof(names[0]), 0, ""};
	static void *fns[sizeof(names) / sizeof(names[0])];
	size_t i = 0;

	if (dynlib_load(&lib, fns) < 0) {
		if (why)
			*why = xstrdup(lib.why);
		return -1;
	}
#define CRYPTO_SET(f) *(void **)&crypto.f = fns[i++];
	CRYPTO_FUNCS(CRYPTO_SET)
#undef CRYPTO_SET
	return 0;
}

struct sha256_ctx {
	EVP_MD_CTX *md;
};

struct sha256_ctx *sha256_new(void)
{
	struct sha256_ctx *c;
	char *why = NULL;

	if (sha256_load(&why) < 0)
		die(EXIT_FAILED, "%s", why);
	c = xcalloc(1, sizeof(*c));
	c->md = crypto.EVP_MD_CTX_new();
	if (!c->md || crypto.EVP_DigestInit_ex(c->md, crypto.EVP_sha256(), NULL) != 1)
		die(EXIT_FAILED, "cannot start a SHA-256 digest (libcrypto)");
	return c;
}

void sha256_update(struct sha256_ctx *c, const void *p, size_t n)
{
	if (n)
		crypto.EVP_DigestUpdate(c->md, p, n);
}

struct sha256 sha256_final(struct sha256_ctx *c)
{
	struct sha256 h;
	unsigned int len = 0;

	memset(&h, 0, sizeof(h));
	crypto.EVP_DigestFinal_ex(c->md, h.b, &len);
	crypto.EVP_MD_CTX_free(c->md);
	free(c);
	return h;
}

struct sha256 sha256_bytes(const void *p, size_t n)
{
	struct sha256_ctx *c = sha256_new();

	sha256_update(c, p, n);
	return sha256_final(c);
}

int sha256_file(const char *path, struct sha256 *out, long long *size)
{
	static char buf[128 << 10];
	struct sha256_ctx *c;
	long long total = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	c = sha256_new();
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int err = errno;

			*out = sha256_final(c);
			close(fd);
			errno = err;
			if (r < 0)
				return -1;
			break;
		}
		sha256_update(c, buf, (size_t)r);
		total += r;
	}
	if (size)
		*size = total;
	return 0;
}

void sha256_hex(struct sha256 h, char out[SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[h.b[i] >> 4];
		out[2 * i + 1] = digits[h.b[i] & 15];
	}
	out[64] = '\0';
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int sha256_parse(const char *hex, struct sha256 *out)
{
	int i;

	for (i = 0; i < 32; i++) {
		int a = nibble(hex[2 * i]), b = a < 0 ? -1 : nibble(hex[2 * i + 1]);

		if (a < 0 || b < 0)
			return -1;
		out->b[i] = (unsigned char)(a << 4 | b);
	}
	return hex[64] == '\0' ? 0 : -1;
}

int sha256_eq(struct sha256 a, struct sha256 b)
{
	return memcmp(a.b, b.b, sizeof(a.b)) == 0;
}
