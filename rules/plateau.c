/* plateau.c: the plateau measure and the flags entries (plateau.h). */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"
#include "base/hash.h"
#include "base/path.h"
#include "base/util.h"
#include "engine/stale.h"
#include "graph/load.h"
#include "rules/plateau.h"
#include "rules/pyscan.h"

double plateau_information(const char *src, size_t len)
{
	struct pytok *toks;
	struct pyerr err;
	size_t n, i, counted = 0;
	double h = pyscan_entropy(src, len);

	if (h < 0 || pyscan_tokenize(src, len, &toks, &n, &err) < 0)
		return -1.0;
	/* the tokens pyscan_entropy counts */
	for (i = 0; i < n; i++)
		if (toks[i].kind != PYTOK_COMMENT && toks[i].kind != PYTOK_NEWLINE)
			counted++;
	free(toks);
	return (double)counted * h;
}

double plateau_change(double before, double after)
{
	double m = fmax(fabs(before), fabs(after));

	return m > 0 ? (after - before) / m : 0.0;
}

const char *flag_entry_name(const cJSON *e)
{
	const cJSON *n = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "name") : e;

	return cJSON_IsString(n) && *n->valuestring ? n->valuestring : NULL;
}

int flag_entry_holds(const cJSON *e)
{
	const cJSON *files = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "unchanged") : NULL;

	return !files || graph_skip_unchanged(files);
}

/* file with its content now (null when absent), unless listed already */
static void add_file(cJSON *files, const char *file)
{
	struct hash h;
	char hex[HASH_HEX];

	if (cJSON_GetObjectItemCaseSensitive(files, file))
		return;
	if (hash_file(file, &h) < 0) {
		cJSON_AddNullToObject(files, file);
		return;
	}
	hash_hex(h, hex);
	cJSON_AddStringToObject(files, file, hex);
}

/* the files every depfile of dir names */
static void add_depfiles(cJSON *files, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		size_t nl = strlen(de->d_name), len, i;
		char *path, *text, **deps = NULL;
		int n;

		if (nl < 3 || strcmp(de->d_name + nl - 2, ".d") != 0)
			continue;
		path = path_join(dir, de->d_name);
		text = read_file(path, &len);
		n = text ? depfile_parse(text, len, &deps) : -1;
		for (i = 0; n > 0 && i < (size_t)n; i++)
			add_file(files, deps[i]);
		for (i = 0; n > 0 && i < (size_t)n; i++)
			free(deps[i]);
		free(deps);
		free(text);
		free(path);
	}
	if (d)
		closedir(d);
}

cJSON *flag_entry_new(const char *repo, const char *data, const char *path, int nentropy, int nroi)
{
	cJSON *e = cJSON_CreateObject(), *files, *hist;
	char *mod = path_join(repo, path), *sel = path_join(data, "selftest"), *dir = path_join(sel, path);

	cJSON_AddStringToObject(e, "name", path);
	files = cJSON_AddObjectToObject(e, "unchanged");
	add_file(files, mod);
	add_depfiles(files, dir);
	hist = cJSON_AddObjectToObject(e, "history");
	cJSON_AddNumberToObject(hist, "entropy", nentropy);
	cJSON_AddNumberToObject(hist, "roi", nroi);
	free(mod);
	free(sel);
	free(dir);
	return e;
}
