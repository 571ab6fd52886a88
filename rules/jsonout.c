#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "rules/jsonout.h"
#include "base/util.h"

static void indent(struct buf *b, int depth)
{
	buf_putc(b, '\n');
	while (depth-- > 0)
		buf_puts(b, "  ");
}

static void put_scalar(struct buf *b, const cJSON *it)
{
	char *s = cJSON_PrintUnformatted(it);

	buf_puts(b, s ? s : "null");
	cJSON_free(s);
}

static void put(struct buf *b, const cJSON *it, int depth)
{
	const cJSON *c;
	int obj = cJSON_IsObject(it);

	if (!obj && !cJSON_IsArray(it)) {
		put_scalar(b, it);
		return;
	}
	buf_putc(b, obj ? '{' : '[');
	if (!it->child) {
		buf_putc(b, obj ? '}' : ']');
		return;
	}
	for (c = it->child; c; c = c->next) {
		indent(b, depth + 1);
		if (obj) {
			cJSON *key = cJSON_CreateString(c->string);

			put_scalar(b, key);
			cJSON_Delete(key);
			buf_puts(b, ": ");
		}
		put(b, c, depth + 1);
		if (c->next)
			buf_putc(b, ',');
	}
	indent(b, depth);
	buf_putc(b, obj ? '}' : ']');
}

char *jsonout_text(const cJSON *item)
{
	struct buf b = BUF_INIT;

	put(&b, item, 0);
	buf_putc(&b, '\n');
	return buf_take(&b);
}

int jsonout_save(const char *path, const cJSON *item)
{
	char *text = jsonout_text(item);
	int rc = write_file_atomic(path, text, strlen(text));

	free(text);
	return rc;
}
