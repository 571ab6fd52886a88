/* fuzz_cache_entry.c: the cache entry reader (cache_entry_parse in
 * engine/cache.h) on any bytes, as they are and with the sum line of a
 * fixed key appended, so the fuzzer gets past the checksum to the lines. */
#include <stdlib.h>
#include <string.h>

#include "engine/cache.h"
#include "fuzz.h"
#include "base/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void parse(const char *text, size_t len, struct hash key)
{
	struct cache_line *v;
	size_t n, i, total = 0;

	if (cache_entry_parse(text, len, key, &v, &n) == 0) {
		for (i = 0; i < n; i++)    /* every line and inline byte lies inside text */
			if (v[i].path < text || v[i].path + v[i].len > text + len ||
			    (v[i].data && (v[i].data < text || v[i].data + v[i].size > text + len)))
				abort();
			else
				total += v[i].len + v[i].size;
		if (total > len)
			abort();
	}
	free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hash key = hash_bytes("fuzz", 4);
	char hex[HASH_HEX], *signed_text = xmalloc(size + 38);

	parse((const char *)data, size, key);
	memcpy(signed_text, data, size);
	hash_hex(cache_entry_sum(key, (const char *)data, size), hex);
	memcpy(signed_text + size, "sum ", 4);
	memcpy(signed_text + size + 4, hex, 32);
	signed_text[size + 36] = '\n';
	parse(signed_text, size + 37, key);
	free(signed_text);
	return 0;
}
