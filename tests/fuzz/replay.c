/* replay.c: runs a fuzz target over its seed corpus without libFuzzer, as a
 * unit test binary of `make test` (tests/run.sh): one "ok" line per input;
 * a crash or a sanitizer report fails it. FUZZ_CORPUS is the corpus
 * directory (absolute), set by the Makefile. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"
#include "fuzz.h"
#include "base/util.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	DIR *d = opendir(FUZZ_CORPUS);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;

	if (!d) {
		printf("FAIL replay: cannot read %s\n", FUZZ_CORPUS);
		return 1;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			names = xreallocarray(names, n + 1, sizeof(names[0]));
			names[n++] = xasprintf("%s/%s", FUZZ_CORPUS, de->d_name);
		}
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 0; i < n; i++) {
		size_t len;
		char *data = read_file(names[i], &len);

		if (!data) {
			printf("FAIL replay: cannot read %s\n", names[i]);
			return 1;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		printf("ok fuzz %s/%s\n", strrchr(FUZZ_CORPUS, '/') + 1, strrchr(names[i], '/') + 1);
		fflush(stdout);
		free(data);
		free(names[i]);
	}
	free(names);
	return 0;
}
