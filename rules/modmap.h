/* modmap.h: the groups of module_map.json (format: integrate.h): where
 * integrate places the modules that join the map (the group rule at the
 * top of modmap.c), and the map as its JSON document. */
#ifndef MENACE_MODMAP_H
#define MENACE_MODMAP_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct strmap;

/* a module joining the map */
struct newmod {
	const char *path;         /* discovered's key */
	char **deps, **parents;   /* its imports and importers, sorted paths */
	size_t ndeps, nparents;
	const char *group;        /* out: the group text, owned by the map */
	unsigned stamp;           /* the last round it was a candidate in (0 at first) */
};

/* a group value as text ("3"), or NULL when it is not a number or string */
char *modmap_group_text(const cJSON *v);
/* the JSON of a group text: a number when it is a non-negative integer */
cJSON *modmap_group_value(const char *text);
/* place m[0..n) (in path order, ungrouped) by the group rule into map
 * (path -> malloc'd group text), setting each m[i].group */
void modmap_place(struct strmap *map, struct newmod *m, size_t n);
/* {"modules": {path: group}, "groups": {group: [paths]}} of map, sorted,
 * and, each when not empty, "hashes" and "adopted": {path: content hash}
 * of the modules of map that hashes and adopted (may be NULL) name with a
 * non-NULL value; map's keys get sorted */
cJSON *modmap_json(struct strmap *map, const struct strmap *hashes, const struct strmap *adopted);

#endif
