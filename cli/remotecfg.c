/* remotecfg.c: flags beat variables, variables beat the manifest. */
#include <string.h>

#include "base/opt.h"
#include "base/util.h"
#include "cli/remotecfg.h"

/* read, write, readwrite; -1 after the message naming what */
static int parse_mode(const char *what, const char *s, int *mode)
{
	if (strcmp(s, "read") == 0)
		*mode = REMOTE_READ;
	else if (strcmp(s, "write") == 0)
		*mode = REMOTE_WRITE;
	else if (strcmp(s, "readwrite") == 0)
		*mode = REMOTE_READ | REMOTE_WRITE;
	else
		return error("%s: '%s' is not one of read, write, readwrite", what, s);
	return 0;
}

/* an http:// or https:// URL; the message never shows the value, which
 * may hold a password */
static int check_url(const char *what, const char *url)
{
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return error("%s: the remote cache must be an http:// or https:// URL", what);
	return 0;
}

int remotecfg(struct remote_opts *o, const char *flag_url, const char *flag_mode,
              const char *manifest_url)
{
	const char *url = flag_url, *what = "--remote-cache", *mode = flag_mode, *s;

	memset(o, 0, sizeof(*o));
	http_opts_default(&o->http, "remote cache");
	o->mode = REMOTE_READ | REMOTE_WRITE;
	if (!url && (url = opt_getenv("MENACE_REMOTE_CACHE")))
		what = "MENACE_REMOTE_CACHE";
	if (!url && (url = manifest_url))
		what = "remote_cache";
	if (!url)
		return 0;
	if (check_url(what, url) < 0)
		return -1;
	if (mode && parse_mode("--remote-cache-mode", mode, &o->mode) < 0)
		return -1;
	if (!mode && (s = opt_getenv("MENACE_REMOTE_CACHE_MODE")) &&
	    parse_mode("MENACE_REMOTE_CACHE_MODE", s, &o->mode) < 0)
		return -1;
	if ((s = opt_getenv("MENACE_REMOTE_CACHE_TIMEOUT")) &&
	    opt_duration("MENACE_REMOTE_CACHE_TIMEOUT", s, &o->http.timeout) < 0)
		return -1;
	if (o->http.timeout > 0 && o->http.connect_timeout > o->http.timeout)
		o->http.connect_timeout = o->http.timeout;
	o->http.auth = opt_getenv("MENACE_REMOTE_CACHE_AUTHORIZATION");
	o->url = url;
	return 0;
}
