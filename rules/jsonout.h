/* jsonout.h: how the sandbox commands write JSON: two-space indentation,
 * keys in insertion order, a final newline, through write_file_atomic. */
#ifndef MENACE_JSONOUT_H
#define MENACE_JSONOUT_H

#include <cjson/cJSON.h>

/* malloc'd indented text of item with a final newline */
char *jsonout_text(const cJSON *item);
/* write item to path atomically; 0 or -1 after a warning */
int jsonout_save(const char *path, const cJSON *item);

#endif
