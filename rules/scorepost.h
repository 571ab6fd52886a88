/* scorepost.h: PATCH_SCORE_BACKEND_URL: after score, its scores.json sent
 * to a backend: POSTed as application/json to an http(s) URL (engine/http.h:
 * the same timeouts, retries and credentials as the remote cache), or
 * copied to the file a file:// URL names. A failure is one warning; the
 * scores stay in the local file (docs/remote-cache.md, "Score backend"). */
#ifndef MENACE_SCOREPOST_H
#define MENACE_SCOREPOST_H

#include "engine/http.h"

/* send the file scores (the JSON score wrote) to url; 0, or -1 after
 * the warning (the caller's exit status does not change) */
int score_post(const char *url, const struct http_opts *o, const char *scores);

#endif
