#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"
#include "rules/jsondoc.h"
#include "rules/jsonout.h"
#include "base/util.h"

cJSON *jsondoc_parse(const char *name, const char *text)
{
	const char *end = NULL, *p;
	cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
	int line = 1, col = 1;

	if (root)
		return root;
	if (!end)
		end = text;
	for (p = text; p < end && *p; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	warn("%s:%d:%d: invalid JSON", name, line, col);
	return NULL;
}

int jsondoc_load(const char *path, cJSON **out)
{
	char *text = read_file(path, NULL);

	*out = NULL;
	if (!text) {
		if (errno == ENOENT)
			return 1;
		return error("cannot read '%s':", path);
	}
	*out = jsondoc_parse(path, text);
	free(text);
	return *out ? 0 : -1;
}

static int cmp_items(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcmp(x->string ? x->string : "", y->string ? y->string : "");
}

void jsondoc_sort(cJSON *item)
{
	cJSON **v = NULL, *c;
	size_t n = 0, cap = 0, i;

	if (!item || !(cJSON_IsObject(item) || cJSON_IsArray(item)))
		return;
	for (c = item->child; c; c = c->next) {
		jsondoc_sort(c);
		growarray(&v, &cap, n + 1, sizeof(*v));
		v[n++] = c;
	}
	if (cJSON_IsObject(item) && n > 1) {
		/* a stable order for equal keys would need mergesort; keys are unique here */
		qsort(v, n, sizeof(*v), cmp_items);
		for (i = 0; i < n; i++) {
			v[i]->prev = i ? v[i - 1] : v[n - 1];
			v[i]->next = i + 1 < n ? v[i + 1] : NULL;
		}
		item->child = v[0];
	}
	free(v);
}

int jsondoc_save(const char *path, cJSON *root)
{
	jsondoc_sort(root);
	return jsonout_save(path, root);
}

char *jsondoc_line(cJSON *item)
{
	char *text, *out;

	jsondoc_sort(item);
	text = cJSON_PrintUnformatted(item);
	if (!text)
		die(EXIT_STATE, "out of memory");
	out = xstrdup(text);
	free(text);
	return out;
}

const char *jsondoc_str(const cJSON *item)
{
	return cJSON_IsString(item) ? item->valuestring : NULL;
}
