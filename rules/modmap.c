/* modmap.c: where new modules join module_map.json, and the map as JSON.
 *
 * Group rule (deterministic, independent of file and hash order): new
 * modules are placed in rounds. In a round, every still ungrouped new module
 * takes the group of its first grouped neighbour: first its imports (deps[],
 * path order), then its importers (parents[], path order); a group given in a
 * round is seen only by the next round. When a round places nothing, the
 * first ungrouped module in path order opens a new group, max + 1 over the
 * integer groups (0 in an empty map), and the rounds go on. */
#include <stdlib.h>
#include <string.h>

#include "rules/jsondoc.h"
#include "rules/modmap.h"
#include "base/strmap.h"
#include "base/util.h"

char *modmap_group_text(const cJSON *v)
{
	if (cJSON_IsNumber(v))
		return v->valuedouble == (double)(long long)v->valuedouble ?
		       xasprintf("%.0f", v->valuedouble) : xasprintf("%g", v->valuedouble);
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	return NULL;
}

/* the integer of a group text, or -1 when it is not a non-negative integer */
static long group_number(const char *s)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15)
		return -1;
	return strtol(s, NULL, 10);
}

cJSON *modmap_group_value(const char *text)
{
	long n = group_number(text);

	return n >= 0 ? cJSON_CreateNumber((double)n) : cJSON_CreateString(text);
}

/* the group of the module's first grouped neighbour: imports, then importers */
static const char *first_group(const struct strmap *map, const struct newmod *m)
{
	const char *g;
	size_t k;

	for (k = 0; k < m->ndeps; k++)
		if ((g = strmap_get(map, m->deps[k])))
			return g;
	for (k = 0; k < m->nparents; k++)
		if ((g = strmap_get(map, m->parents[k])))
			return g;
	return NULL;
}

/* module indexes: a round's candidates, a neighbour's listers */
struct idxlist {
	size_t *v, n, cap;
};

static void idxlist_push(struct idxlist *l, size_t i)
{
	growarray(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = i;
}

static void idxlist_free(void *p)
{
	struct idxlist *l = p;

	if (l) {
		free(l->v);
		free(l);
	}
}

static void publish(struct strmap *map, struct newmod *m, const char *group)
{
	void **slot = strmap_slot(map, m->path);

	*slot = xstrdup(group);
	m->group = *slot;
}

/* the highest integer group of the map, -1 when none */
static long max_group(const struct strmap *map)
{
	long max = -1;
	size_t i;

	for (i = 0; i < map->n; i++) {
		long v = group_number(strmap_get(map, map->keys[i]));

		if (v > max)
			max = v;
	}
	return max;
}

/* rev: neighbour path -> the modules that list it; cand: round 1's
 * candidates, the modules next to one already in the map */
static void index_neighbours(struct strmap *rev, const struct strmap *map, struct newmod *m,
                             size_t n, struct idxlist *cand)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < m[i].ndeps + m[i].nparents; k++) {
			const char *p = k < m[i].ndeps ? m[i].deps[k] : m[i].parents[k - m[i].ndeps];
			void **slot = strmap_slot(rev, p);
			struct idxlist *l = *slot ? *slot : (*slot = xcalloc(1, sizeof(*l)));

			if (l->n == 0 || l->v[l->n - 1] != i)
				idxlist_push(l, i);
		}
		if (first_group(map, &m[i]))
			idxlist_push(cand, i);
	}
}

/* one round: every candidate takes its first neighbour's group as the map
 * was before the round; the placed ones are left first in cand, counted */
static size_t place_round(struct strmap *map, struct newmod *m, struct idxlist *cand,
                          const char **pending)
{
	size_t k, placed = 0;

	for (k = 0; k < cand->n; k++)
		pending[k] = first_group(map, &m[cand->v[k]]);
	for (k = 0; k < cand->n; k++) {
		if (!pending[k])
			continue;
		publish(map, &m[cand->v[k]], pending[k]);
		cand->v[placed++] = cand->v[k];
	}
	return placed;
}

/* the rounds run in time proportional to the number of import edges: a
 * module is a candidate in a round only when one of its neighbours was
 * grouped in the round before */
void modmap_place(struct strmap *map, struct newmod *m, size_t n)
{
	struct strmap rev;
	struct idxlist cand = {NULL, 0, 0}, next = {NULL, 0, 0}, swap;
	const char **pending = xcalloc(n ? n : 1, sizeof(*pending));
	size_t i, k, placed, cursor = 0;
	unsigned round = 1;
	long max = max_group(map);

	strmap_init(&rev);
	index_neighbours(&rev, map, m, n, &cand);
	for (;;) {
		if (!(placed = place_round(map, m, &cand, pending))) {
			char *g;

			/* nothing placed: the first ungrouped module opens a group */
			while (cursor < n && m[cursor].group)
				cursor++;
			if (cursor == n)
				break;
			g = xasprintf("%ld", ++max);
			publish(map, &m[cursor], g);
			free(g);
			cand.n = 0;
			idxlist_push(&cand, cursor);
			placed = 1;
		}
		/* the next round's candidates: ungrouped modules next to this round's */
		round++;
		next.n = 0;
		for (k = 0; k < placed; k++) {
			struct idxlist *l = strmap_get(&rev, m[cand.v[k]].path);

			for (i = 0; l && i < l->n; i++) {
				struct newmod *c = &m[l->v[i]];

				if (c->group || c->stamp == round)
					continue;
				c->stamp = round;
				idxlist_push(&next, l->v[i]);
			}
		}
		swap = cand;
		cand = next;
		next = swap;
	}
	free(pending);
	free(cand.v);
	free(next.v);
	strmap_free(&rev, idxlist_free);
}

/* doc's key: {path: hash} of the modules of map that h names, when any */
static void add_hashes(cJSON *doc, const char *key, const struct strmap *map, const struct strmap *h)
{
	cJSON *o = cJSON_CreateObject();
	size_t i;

	for (i = 0; h && i < map->n; i++) {
		const char *v = strmap_get(h, map->keys[i]);

		if (v)
			cJSON_AddStringToObject(o, map->keys[i], v);
	}
	if (cJSON_GetArraySize(o) > 0)
		cJSON_AddItemToObject(doc, key, o);
	else
		cJSON_Delete(o);
}

cJSON *modmap_json(struct strmap *map, const struct strmap *hashes, const struct strmap *adopted)
{
	cJSON *mods = cJSON_CreateObject(), *groups = cJSON_CreateObject(), *doc;
	struct strmap g;
	size_t i;

	strmap_init(&g);
	strmap_sort(map);
	for (i = 0; i < map->n; i++) {
		const char *group = strmap_get(map, map->keys[i]);
		void **slot = strmap_slot(&g, group);

		if (!*slot)
			*slot = cJSON_CreateArray();
		/* keys are sorted, so each list is too */
		cJSON_AddItemToArray(*slot, cJSON_CreateString(map->keys[i]));
		cJSON_AddItemToObject(mods, map->keys[i], modmap_group_value(group));
	}
	strmap_sort(&g);
	for (i = 0; i < g.n; i++)
		cJSON_AddItemToObject(groups, g.keys[i], strmap_get(&g, g.keys[i]));
	strmap_free(&g, NULL);
	doc = cJSON_CreateObject();
	cJSON_AddItemToObject(doc, "modules", mods);
	cJSON_AddItemToObject(doc, "groups", groups);
	add_hashes(doc, "hashes", map, hashes);
	add_hashes(doc, "adopted", map, adopted);
	jsondoc_sort(doc);
	return doc;
}
