/* fuzz_depfile.c: the depfile parser (depfile_parse in engine/stale.h) on
 * any bytes: it returns a count or -1, every path it returns is freed. */
#include <stdlib.h>

#include "fuzz.h"
#include "engine/stale.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **deps = NULL;
	int n = depfile_parse((const char *)data, size, &deps), i;

	for (i = 0; i < n; i++)
		free(deps[i]);
	free(deps);
	return 0;
}
