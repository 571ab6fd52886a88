/* http.c: libcurl's multi interface under one base URL. Credentials are
 * taken out of the URL before it is kept, and given to libcurl as user and
 * password, so no message (libcurl's error text included) can hold them. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "engine/curllib.h"
#include "engine/http.h"

struct http {
	struct http_opts o;
	char *url;                /* without userinfo */
	char *user, *password;    /* from the userinfo, or NULL */
	struct curl_slist *headers, *post_headers;
	CURLM *multi;
	int fails, open, warned;
	int active;               /* transfers on the multi handle */
	int netrc;                /* no userinfo, and ~/.netrc exists: libcurl reads it */
	long long failures;
};

void http_opts_default(struct http_opts *o, const char *what)
{
	memset(o, 0, sizeof(*o));
	o->what = what;
	o->timeout = 60;
	o->connect_timeout = 5;
	o->retries = 2;
	o->circuit = 3;
}

/* the URL's credentials into h, and the URL without them; -1 when it is not an http(s) URL */
static int split_url(struct http *h, const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *user = NULL, *pw = NULL, *clean = NULL;
	int ret = -1;

	if (!u)
		die(EXIT_FAILED, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0))
		goto done;
	if (curl_url_get(u, CURLUPART_USER, &user, CURLU_URLDECODE) == CURLUE_OK)
		h->user = xstrdup(user);
	if (curl_url_get(u, CURLUPART_PASSWORD, &pw, CURLU_URLDECODE) == CURLUE_OK)
		h->password = xstrdup(pw);
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	if (curl_url_get(u, CURLUPART_URL, &clean, 0) != CURLUE_OK)
		goto done;
	h->url = xstrdup(clean);
	ret = 0;
done:
	curl_free(scheme);
	curl_free(user);
	curl_free(pw);
	curl_free(clean);
	curl_url_cleanup(u);
	return ret;
}

struct http *http_new(const char *url, const struct http_opts *o, char **why)
{
	static int inited;
	struct http *h;

	if (curllib_load(why) < 0)
		return NULL;
	h = xcalloc(1, sizeof(*h));
	if (!inited++)
		curl_global_init(CURL_GLOBAL_DEFAULT);
	h->o = *o;
	if (split_url(h, url) < 0) {
		*why = xstrdup("not an http:// or https:// URL");   /* the URL may hold a password */
		http_free(h);
		return NULL;
	}
	/* libcurl would look for ~/.netrc on every transfer */
	{
		const char *home = getenv("HOME");
		char *netrc = home && *home ? xasprintf("%s/.netrc", home) : NULL;

		h->netrc = !h->user && netrc && access(netrc, F_OK) == 0;
		free(netrc);
	}
	/* no "Expect: 100-continue" round trip before each PUT */
	h->headers = curl_slist_append(NULL, "Expect:");
	if (o->auth && *o->auth) {
		char *line = xasprintf("Authorization: %s", o->auth);

		h->headers = curl_slist_append(h->headers, line);
		free(line);
	}
	h->multi = curl_multi_init();
	if (!h->headers || !h->multi)
		die(EXIT_FAILED, "out of memory");
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 8L);
	return h;
}

void http_free(struct http *h)
{
	if (!h)
		return;
	if (h->multi)
		curl_multi_cleanup(h->multi);
	curl_slist_free_all(h->headers);
	curl_slist_free_all(h->post_headers);
	free(h->url);
	free(h->user);
	free(h->password);
	free(h);
}

const char *http_url(const struct http *h)
{
	return h->url;
}

int http_usable(const struct http *h)
{
	return !h->open;
}

long long http_failures(const struct http *h)
{
	return h->failures;
}

static size_t on_write(char *p, size_t size, size_t n, void *arg)
{
	struct http_xfer *x = arg;

	if (x->to) {
		if (fwrite(p, 1, size * n, x->to) != size * n)
			return 0;
	} else {
		buf_put(&x->body, p, size * n);
	}
	x->bytes += (long long)(size * n);
	return size * n;
}

static size_t on_read(char *p, size_t size, size_t n, void *arg)
{
	struct http_xfer *x = arg;
	size_t k = size * n;

	if (x->in)
		return fread(p, 1, k, x->in);
	if (k > x->len - x->off)
		k = x->len - x->off;
	memcpy(p, x->data + x->off, k);
	x->off += k;
	return k;
}

/* (re)start x on a new easy handle; -1 when it cannot start */
static int start(struct http *h, struct http_xfer *x)
{
	CURL *c = curl_easy_init();
	char *url;

	if (!c)
		return -1;
	url = xasprintf("%s%s", h->url, x->path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(h->o.connect_timeout * 1000));
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(h->o.timeout * 1000));
	curl_easy_setopt(c, CURLOPT_USERAGENT, "menace");
	if (h->netrc)
		curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (h->user)
		curl_easy_setopt(c, CURLOPT_USERNAME, h->user);
	if (h->password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, h->password);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->op == HTTP_POST ? h->post_headers : h->headers);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->err);
	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	x->err[0] = '\0';
	x->bytes = 0;
	x->off = 0;
	buf_reset(&x->body);
	if (x->to) {
		rewind(x->to);
		if (ftruncate(fileno(x->to), 0) < 0)
			return curl_easy_cleanup(c), -1;
	}
	if (x->op == HTTP_HEAD) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else if (x->op == HTTP_PUT) {
		long long size = (long long)x->len;

		if (x->from) {
			if (x->in)
				fclose(x->in);
			if (!(x->in = fopen(x->from, "rb")) || fseek(x->in, 0, SEEK_END) < 0 ||
			    (size = ftell(x->in)) < 0)
				return curl_easy_cleanup(c), -1;
			rewind(x->in);
		}
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(c, CURLOPT_READDATA, x);
		curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
		x->bytes = size;
	} else if (x->op == HTTP_POST) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, x->data);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->len);
		x->bytes = (long long)x->len;
	}
	x->attempts++;
	x->easy = c;
	h->active++;
	curl_multi_add_handle(h->multi, c);
	return 0;
}

static const char *op_name(enum http_op op)
{
	static const char *const names[] = {"GET", "HEAD", "PUT", "POST"};

	return names[op];
}

/* a transfer that gave up: the circuit counts it; the first one is reported */
static void failed(struct http *h, struct http_xfer *x, const char *reason)
{
	x->result = -1;
	h->failures++;
	if (++h->fails >= h->o.circuit)
		h->open = 1;
	if (!h->warned++)
		warn("%s '%s' failed (%s%s%s: %s); %s", h->o.what, h->url, op_name(x->op),
		     *x->path ? " " : "", x->path, reason,
		     h->o.fallback ? h->o.fallback : "going on without it (further failures are not reported)");
}

/* x's attempt ended with code: done, retried, or failed */
static void ended(struct http *h, struct http_xfer *x, CURLcode code)
{
	CURL *c = x->easy;
	char reason[300];
	int transient;

	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &x->status);
	curl_multi_remove_handle(h->multi, c);
	curl_easy_cleanup(c);
	x->easy = NULL;
	h->active--;
	if (x->in) {
		fclose(x->in);
		x->in = NULL;
	}
	if (code == CURLE_OK && x->status >= 200 && x->status < 300) {
		x->result = 0;
		h->fails = 0;
		return;
	}
	if (code == CURLE_OK && x->status == 404 && (x->op == HTTP_GET || x->op == HTTP_HEAD)) {
		x->result = 1;
		h->fails = 0;
		return;
	}
	transient = code != CURLE_OK || x->status >= 500 || x->status == 408 || x->status == 429;
	if (transient && x->attempts <= h->o.retries && !h->open && start(h, x) == 0)
		return;
	if (code != CURLE_OK)
		snprintf(reason, sizeof(reason), "%s", x->err[0] ? x->err : curl_easy_strerror(code));
	else
		snprintf(reason, sizeof(reason), "HTTP status %ld", x->status);
	failed(h, x, reason);
}

/* stop every transfer of x[0..n) still running: failed, not reported,
 * and no more transfers in this process */
static void abandon(struct http *h, struct http_xfer *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!x[i].easy)
			continue;
		curl_multi_remove_handle(h->multi, x[i].easy);
		curl_easy_cleanup(x[i].easy);
		x[i].easy = NULL;
		x[i].result = -1;
		if (x[i].in) {
			fclose(x[i].in);
			x[i].in = NULL;
		}
		h->active--;
	}
	h->open = 1;
}

int http_run(struct http *h, struct http_xfer *x, size_t n)
{
	size_t i;
	int running = 0, nfailed = 0;

	if (!h->post_headers) {
		struct curl_slist *s;

		for (s = h->headers; s; s = s->next)
			h->post_headers = curl_slist_append(h->post_headers, s->data);
		h->post_headers = curl_slist_append(h->post_headers, "Content-Type: application/json");
	}
	for (i = 0; i < n; i++) {
		x[i].attempts = 0;
		x[i].result = -1;
		if (h->open)
			continue;
		if (start(h, &x[i]) < 0)
			failed(h, &x[i], "cannot start the transfer");
	}
	while (h->active > 0) {
		CURLMsg *m;
		int left;

		curl_multi_perform(h->multi, &running);
		while ((m = curl_multi_info_read(h->multi, &left)))
			if (m->msg == CURLMSG_DONE) {
				struct http_xfer *x1 = NULL;

				curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x1);
				ended(h, x1, m->data.result);
			}
		if (h->active > 0 && h->o.stop && h->o.stop(h->o.stop_ctx))
			abandon(h, x, n);
		if (h->active > 0)
			curl_multi_poll(h->multi, NULL, 0, h->o.stop ? 100 : 1000, NULL);
	}
	for (i = 0; i < n; i++)
		if (x[i].result < 0)
			nfailed++;
	return nfailed;
}
