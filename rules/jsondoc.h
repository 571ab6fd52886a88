/* jsondoc.h: the JSON files of integrate and flag (cJSON): load with
 * positioned errors; save with every object's keys sorted, in jsonout's
 * format (two-space indentation, final newline, write_file_atomic). */
#ifndef MENACE_JSONDOC_H
#define MENACE_JSONDOC_H

#include <cjson/cJSON.h>

/* parse path into *out; 0 on success, 1 when the file does not exist
 * (*out = NULL, nothing printed), -1 after "menace: path:line:col: ..." */
int jsondoc_load(const char *path, cJSON **out);
/* parse a NUL-terminated text; name is used in diagnostics; NULL after a warning */
cJSON *jsondoc_parse(const char *name, const char *text);
/* sort the keys of every object in the tree, byte order, recursively */
void jsondoc_sort(cJSON *item);
/* sort the keys, then jsonout_save(); 0 or -1 after a warning */
int jsondoc_save(const char *path, cJSON *root);
/* malloc'd compact one-line text of item (keys sorted first) */
char *jsondoc_line(cJSON *item);
/* the string of a string item, else NULL */
const char *jsondoc_str(const cJSON *item);

#endif
