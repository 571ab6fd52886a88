/* curllib.h: libcurl, loaded the first time a transfer needs it (dlopen,
 * base/dynlib.h) rather than linked: libcurl brings some twenty-five
 * libraries (TLS, SSH, Kerberos, LDAP, IDN, HTTP/2), and only the remote
 * cache and the score backend speak HTTP while every action of a build is
 * a start of menace.
 *
 * Include it instead of <curl/curl.h>: the curl_* functions listed in
 * CURLLIB_FUNCS become calls through the loaded table, so the code calling
 * them reads as plain libcurl (without libcurl's compile-time checks of
 * curl_easy_setopt's argument types, which are macros over the names).
 * Call curllib_load() before the first of them. */
#ifndef MENACE_ENGINE_CURLLIB_H
#define MENACE_ENGINE_CURLLIB_H

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

/* libcurl's soname has been libcurl.so.4 since curl 7.16.0 (2006) */
#ifndef CURLLIB_SONAME
#define CURLLIB_SONAME "libcurl.so.4"
#endif

#define CURLLIB_FUNCS(X) \
	X(curl_global_init) X(curl_free) X(curl_slist_append) X(curl_slist_free_all) \
	X(curl_url) X(curl_url_set) X(curl_url_get) X(curl_url_cleanup) \
	X(curl_easy_init) X(curl_easy_setopt) X(curl_easy_getinfo) X(curl_easy_strerror) \
	X(curl_easy_cleanup) X(curl_multi_init) X(curl_multi_setopt) \
	X(curl_multi_add_handle) X(curl_multi_remove_handle) X(curl_multi_perform) \
	X(curl_multi_poll) X(curl_multi_info_read) X(curl_multi_cleanup)

struct curllib {
#define CURLLIB_MEMBER(f) __typeof__(&f) f;
	CURLLIB_FUNCS(CURLLIB_MEMBER)
#undef CURLLIB_MEMBER
};

extern struct curllib curllib;

/* libcurl loaded and every function of the table found: 0; else -1 and
 * *why (malloc'd) names the library and what dlopen said. Later calls give
 * the first call's answer. */
int curllib_load(char **why);

#ifndef CURLLIB_NO_MACROS
/* curl.h's own macros over these check the number of arguments only */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt
#define curl_global_init (curllib.curl_global_init)
#define curl_free (curllib.curl_free)
#define curl_slist_append (curllib.curl_slist_append)
#define curl_slist_free_all (curllib.curl_slist_free_all)
#define curl_url (curllib.curl_url)
#define curl_url_set (curllib.curl_url_set)
#define curl_url_get (curllib.curl_url_get)
#define curl_url_cleanup (curllib.curl_url_cleanup)
#define curl_easy_init (curllib.curl_easy_init)
#define curl_easy_setopt (curllib.curl_easy_setopt)
#define curl_easy_getinfo (curllib.curl_easy_getinfo)
#define curl_easy_strerror (curllib.curl_easy_strerror)
#define curl_easy_cleanup (curllib.curl_easy_cleanup)
#define curl_multi_init (curllib.curl_multi_init)
#define curl_multi_setopt (curllib.curl_multi_setopt)
#define curl_multi_add_handle (curllib.curl_multi_add_handle)
#define curl_multi_remove_handle (curllib.curl_multi_remove_handle)
#define curl_multi_perform (curllib.curl_multi_perform)
#define curl_multi_poll (curllib.curl_multi_poll)
#define curl_multi_info_read (curllib.curl_multi_info_read)
#define curl_multi_cleanup (curllib.curl_multi_cleanup)
#endif

#endif
