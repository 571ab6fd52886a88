/* hash.h: XXH3-128 content hashes. */
#ifndef MENACE_HASH_H
#define MENACE_HASH_H

#include <stdint.h>
#include <stddef.h>

struct hash {
	uint64_t lo, hi;
};

/* 32 lowercase hex digits + NUL */
#define HASH_HEX 33

struct hash hash_bytes(const void *p, size_t n);
/* the hash of n bytes of a read-only file mapping (MAP_PRIVATE, never
 * written), each whole page dropped from the process's memory once hashed:
 * checking a large mapped file does not make it resident */
struct hash hash_mapped(const void *p, size_t n);
/* stream a file's contents with large reads; 0, or -1 with errno */
int hash_file(const char *path, struct hash *out);
int hash_eq(struct hash a, struct hash b);
int hash_is_zero(struct hash h);
void hash_hex(struct hash h, char out[HASH_HEX]);
/* parse 32 hex digits; 0, or -1 when malformed */
int hash_parse(const char *hex, struct hash *out);

#endif
