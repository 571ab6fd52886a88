/* scorepost.c: one POST, or one file written. */
#include <stdlib.h>
#include <string.h>

#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"
#include "rules/scorepost.h"

/* file:///abs/path, file://localhost/abs/path, file://rel/path */
static int to_file(const char *url, const char *text, size_t len, const char *scores)
{
	const char *path = url + strlen("file://");

	if (strncmp(path, "localhost/", 10) == 0)
		path += 9;
	if (!*path || mkdir_parents(path) < 0 || write_file_atomic(path, text, len) < 0)
		return error("score backend '%s' could not be written; the scores stay in '%s'", url,
		             scores);
	return 0;
}

int score_post(const char *url, const struct http_opts *o, const char *scores)
{
	struct http_opts ho = *o;
	struct http_xfer x;
	struct http *h;
	char *text, *why = NULL, *fallback;
	size_t len;
	int ret = 0;

	if (!(text = read_file(scores, &len)))
		return error("cannot read '%s':", scores);
	if (strncmp(url, "file://", 7) == 0) {
		ret = to_file(url, text, len, scores);
		free(text);
		return ret;
	}
	fallback = xasprintf("the scores stay in '%s'", scores);
	ho.what = "score backend";
	ho.fallback = fallback;
	if (!(h = http_new(url, &ho, &why))) {
		warn("score backend: %s; the scores stay in '%s'", why, scores);
		ret = -1;
	} else {
		memset(&x, 0, sizeof(x));
		x.op = HTTP_POST;
		x.path = "";
		x.data = text;
		x.len = len;
		if (http_run(h, &x, 1) > 0)
			ret = -1;
		buf_free(&x.body);
	}
	http_free(h);
	free(why);
	free(fallback);
	free(text);
	return ret;
}
