/* fuzz_pyscan.c: the Python tokenizer (rules/pytoken.h), strict and read
 * past errors as the alignment check does, and the file scan
 * (rules/pyscan.h) on any bytes. */
#include <stdlib.h>

#include "fuzz.h"
#include "rules/pyscan.h"
#include "rules/pytoken.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	struct pytok *toks;
	struct pyscan ps;
	struct pyerr err;
	size_t n;

	if (pyscan_tokenize(src, size, &toks, &n, &err) == 0)
		free(toks);
	(void)pytok_tokenize_all(src, size, &toks, &n);
	free(toks);
	(void)pyscan_entropy(src, size);
	if (pyscan_file(src, size, &ps, &err) == 0)
		pyscan_release(&ps);
	return 0;
}
