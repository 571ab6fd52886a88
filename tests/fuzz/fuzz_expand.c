/* fuzz_expand.c: the ${...} expander (graph/expand.h). The first byte picks
 * the context (bit 0 quote, 1 defer, 2 has_item, 3 expand_words instead of
 * expand_string, 4 an item, 5 a matrix parameter, 6 ${in}/${out}); the rest
 * is lines: the string to expand, then "NAME=TEXT" var definitions. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "graph/expand.h"
#include "fuzz.h"
#include "base/util.h"

#define MAXVARS 8

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* split text (NUL-terminated, writable) at newlines; the line count */
static size_t lines(char *text, char **line, size_t max)
{
	size_t n = 0;
	char *p = text;

	while (n < max) {
		char *nl = strchr(p, '\n');

		line[n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return n;
}

static struct lstr at(const char *s)
{
	struct lstr l = {s, "fuzz.yaml", 1, 1, s, strlen(s)};

	return l;
}

static void expand(struct xctx *x, const struct lstr *s, int words)
{
	char **v = NULL, *out = NULL;
	size_t n = 0, i;

	if (words) {
		if (expand_words(x, s, &v, &n) == 0)
			for (i = 0; i < n; i++)
				free(v[i]);
		free(v);
	} else if (expand_string(x, s, &out) == 0) {
		free(out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *in[] = {"src/a.c", "-b c.h"}, *out[] = {"out/a.o"};
	static char *pnames[] = {"p"}, *pvals[] = {"v w"};
	char *text, *line[1 + MAXVARS], *eq;
	struct lstr s, defs[MAXVARS], ats[MAXVARS];
	struct xctx x;
	struct strset env = {0};
	cJSON *item = NULL;
	size_t n, i;
	int flags;

	if (size < 1)
		return 0;
	flags = data[0];
	text = xstrndup((const char *)data + 1, size - 1);
	n = lines(text, line, 1 + MAXVARS);
	memset(&x, 0, sizeof(x));
	x.vars = vars_new();
	for (i = 1; i < n; i++)
		if ((eq = strchr(line[i], '=')) && eq > line[i]) {
			*eq = '\0';
			ats[i - 1] = at(line[i]);
			defs[i - 1] = at(eq + 1);
			vars_define(x.vars, line[i], &ats[i - 1], &defs[i - 1]);
		}
	x.quote = flags & 1;
	x.defer = (flags >> 1) & 1;
	x.has_item = (flags >> 2) & 1;
	if (flags & 16) {
		item = cJSON_Parse("{\"name\": \"it\", \"list\": [\"a\", \"b c\"], \"n\": 1.5, \"o\": {\"k\": true}}");
		x.item = item;
		x.itemname = "it";
	}
	if (flags & 32) {
		x.pnames = pnames;
		x.pvals = pvals;
		x.nparams = 1;
		x.has_params = x.defer;
	}
	if (flags & 64) {
		x.in = in;
		x.nin = 2;
		x.out = out;
		x.nout = 1;
	}
	x.env = &env;
	s = at(line[0]);
	expand(&x, &s, (flags >> 3) & 1);
	strset_free(&env);
	vars_free(x.vars);
	cJSON_Delete(item);
	free(text);
	return 0;
}
