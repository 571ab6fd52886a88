/* sha256.h: SHA-256 (OpenSSL's libcrypto) for the remote cache, whose
 * keys and blob names must resist a crafted collision, which the local
 * cache's XXH3-128 does not. */
#ifndef MENACE_SHA256_H
#define MENACE_SHA256_H

#include <stddef.h>

#define SHA256_HEX 65   /* 64 lowercase hex digits and a NUL */

struct sha256 {
	unsigned char b[32];
};

struct sha256_ctx;

/* libcrypto loaded (the first call loads it): 0; else -1 and *why
 * (malloc'd, when why is not NULL) says why. sha256_new ends menace when
 * it cannot be loaded: call this first where that must not happen. */
int sha256_load(char **why);

struct sha256_ctx *sha256_new(void);
void sha256_update(struct sha256_ctx *c, const void *p, size_t n);
/* the digest; frees c */
struct sha256 sha256_final(struct sha256_ctx *c);
struct sha256 sha256_bytes(const void *p, size_t n);
/* the digest of the file at path and its size; 0, or -1 with errno */
int sha256_file(const char *path, struct sha256 *out, long long *size);
void sha256_hex(struct sha256 h, char out[SHA256_HEX]);
/* 64 lowercase hex digits, exactly; 0 or -1 */
int sha256_parse(const char *hex, struct sha256 *out);
int sha256_eq(struct sha256 a, struct sha256 b);

#endif
