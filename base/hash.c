#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xxhash.h>

#include "base/hash.h"
#include "base/util.h"

/* on the stack, so hashing is safe from several threads */
enum { READ_SIZE = 128 << 10 };

static struct hash from_xxh(XXH128_hash_t h)
{
	struct hash r = {h.low64, h.high64};

	return r;
}

struct hash hash_bytes(const void *p, size_t n)
{
	return from_xxh(XXH3_128bits(p, n));
}

struct hash hash_mapped(const void *p, size_t n)
{
	XXH3_state_t *st = XXH3_createState();
	size_t page = (size_t)sysconf(_SC_PAGESIZE), off = 0, chunk = (size_t)4 << 20;
	uintptr_t start = (uintptr_t)p;
	struct hash h;

	if (!st)
		return hash_bytes(p, n);
	XXH3_128bits_reset(st);
	while (off < n) {
		size_t m = n - off < chunk ? n - off : chunk;
		uintptr_t from = (start + off + page - 1) / page * page, to = (start + off + m) / page * page;

		XXH3_128bits_update(st, (const char *)p + off, m);
		off += m;
		/* whole pages only: the bytes around them stay */
		if (to > from)
			madvise((void *)from, to - from, MADV_DONTNEED);
	}
	h = from_xxh(XXH3_128bits_digest(st));
	XXH3_freeState(st);
	return h;
}

int hash_file(const char *path, struct hash *out)
{
	char buf[READ_SIZE];
	XXH3_state_t *st;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	st = XXH3_createState();
	if (!st) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	XXH3_128bits_reset(st);
	for (;;) {
		r = read(fd, buf, READ_SIZE);
		if (r < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			XXH3_freeState(st);
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		XXH3_128bits_update(st, buf, (size_t)r);
	}
	*out = from_xxh(XXH3_128bits_digest(st));
	XXH3_freeState(st);
	close(fd);
	return 0;
}

int hash_eq(struct hash a, struct hash b)
{
	return a.lo == b.lo && a.hi == b.hi;
}

int hash_is_zero(struct hash h)
{
	return h.lo == 0 && h.hi == 0;
}

void hash_hex(struct hash h, char out[HASH_HEX])
{
	snprintf(out, HASH_HEX, "%016llx%016llx", (unsigned long long)h.hi, (unsigned long long)h.lo);
}

int hash_parse(const char *hex, struct hash *out)
{
	uint64_t v[2] = {0, 0};
	int i;

	for (i = 0; i < 32; i++) {
		int c = hex[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return -1;
		v[i / 16] = v[i / 16] << 4 | (uint64_t)d;
	}
	if (hex[32] != '\0')
		return -1;
	out->hi = v[0];
	out->lo = v[1];
	return 0;
}
