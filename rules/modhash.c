/* modhash.c: a module's content hash with its imports (modhash.h). */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/path.h"
#include "rules/modhash.h"
#include "base/util.h"

void modhash_hex(const char *const *paths, const struct hash *h, size_t n, char hex[HASH_HEX])
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		buf_put(&b, paths[i], strlen(paths[i]) + 1);
		buf_put(&b, &h[i].lo, sizeof(h[i].lo));
		buf_put(&b, &h[i].hi, sizeof(h[i].hi));
	}
	hash_hex(hash_bytes(b.s ? b.s : "", b.len), hex);
	buf_free(&b);
}

void modhash_files(const char *repo, const char *const *paths, size_t n, char hex[HASH_HEX])
{
	struct hash *h = xcalloc(n ? n : 1, sizeof(*h));
	size_t i;

	for (i = 0; i < n; i++) {
		char *p = path_join(repo, paths[i]);

		if (hash_file(p, &h[i]) < 0)
			memset(&h[i], 0, sizeof(h[i]));
		free(p);
	}
	modhash_hex(paths, h, n, hex);
	free(h);
}
