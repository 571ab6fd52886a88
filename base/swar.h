/* swar.h: eight bytes at a time, for scanners that skip long runs of
 * ordinary bytes (string bodies, comments) looking for a few special ones.
 * A word is loaded with memcpy (any alignment, any byte order); a mask is
 * nonzero when one of its bytes is the byte looked for. The test has no
 * false negatives (a zero mask means none of the eight bytes matches) but
 * may have false positives, so a caller that sees a nonzero mask goes on
 * byte by byte. */
#ifndef MENACE_SWAR_H
#define MENACE_SWAR_H

#include <stdint.h>
#include <string.h>

#define SWAR_ONES 0x0101010101010101ULL
#define SWAR_HIGHS 0x8080808080808080ULL

/* the eight bytes at p */
static inline uint64_t swar_load(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* nonzero when a byte of v is c (maybe also when one is not) */
static inline uint64_t swar_has(uint64_t v, unsigned char c)
{
	uint64_t x = v ^ (SWAR_ONES * c);

	return (x - SWAR_ONES) & ~x & SWAR_HIGHS;
}

#endif
