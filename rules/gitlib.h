/* gitlib.h: libgit2, loaded the first time it is needed (dlopen) rather
 * linked: libgit2 and the libraries it brings (TLS, SSH, Kerberos) cost
 * about 3 ms of dynamic linking at every start of menace, and every action
 * of a build is a start of menace (`menace selftest`, ...), while only the
 * alignment check reads git history.
 *
 * Include it after <git2.h>: the git_* functions listed in GITLIB_FUNCS
 * become calls through the loaded table, so the code calling them reads as
 * plain libgit2. Call gitlib_load() before the first of them. */
#ifndef MENACE_RULES_GITLIB_H
#define MENACE_RULES_GITLIB_H

#include <git2.h>

#define GITLIB_FUNCS(X) \
	X(git_libgit2_init) X(git_libgit2_shutdown) X(git_error_last) \
	X(git_repository_open_ext) X(git_repository_free) X(git_revparse_single) \
	X(git_object_free) X(git_oid_tostr) X(git_oid_is_zero) \
	X(git_commit_id) X(git_commit_tree) X(git_commit_parentcount) \
	X(git_commit_parent) X(git_commit_free) X(git_tree_free) \
	X(git_blob_lookup) X(git_blob_is_binary) X(git_blob_rawcontent) \
	X(git_blob_rawsize) X(git_blob_free) X(git_diff_options_init) \
	X(git_diff_tree_to_tree) X(git_diff_num_deltas) X(git_diff_get_delta) \
	X(git_diff_get_stats) X(git_diff_stats_insertions) \
	X(git_diff_stats_deletions) X(git_diff_stats_free) X(git_diff_free)

struct gitlib {
#define GITLIB_MEMBER(f) __typeof__(&f) f;
	GITLIB_FUNCS(GITLIB_MEMBER)
#undef GITLIB_MEMBER
};

extern struct gitlib gitlib;

/* libgit2 loaded and every function of the table found: 0; else -1 after
 * an error naming the library and what dlopen said. Later calls return the
 * first call's answer. */
int gitlib_load(void);

#ifndef GITLIB_NO_MACROS
#define git_libgit2_init (gitlib.git_libgit2_init)
#define git_libgit2_shutdown (gitlib.git_libgit2_shutdown)
#define git_error_last (gitlib.git_error_last)
#define git_repository_open_ext (gitlib.git_repository_open_ext)
#define git_repository_free (gitlib.git_repository_free)
#define git_revparse_single (gitlib.git_revparse_single)
#define git_object_free (gitlib.git_object_free)
#define git_oid_tostr (gitlib.git_oid_tostr)
#define git_oid_is_zero (gitlib.git_oid_is_zero)
#define git_commit_id (gitlib.git_commit_id)
#define git_commit_tree (gitlib.git_commit_tree)
#define git_commit_parentcount (gitlib.git_commit_parentcount)
#define git_commit_parent (gitlib.git_commit_parent)
#define git_commit_free (gitlib.git_commit_free)
#define git_tree_free (gitlib.git_tree_free)
#define git_blob_lookup (gitlib.git_blob_lookup)
#define git_blob_is_binary (gitlib.git_blob_is_binary)
#define git_blob_rawcontent (gitlib.git_blob_rawcontent)
#define git_blob_rawsize (gitlib.git_blob_rawsize)
#define git_blob_free (gitlib.git_blob_free)
#define git_diff_options_init (gitlib.git_diff_options_init)
#define git_diff_tree_to_tree (gitlib.git_diff_tree_to_tree)
#define git_diff_num_deltas (gitlib.git_diff_num_deltas)
#define git_diff_get_delta (gitlib.git_diff_get_delta)
#define git_diff_get_stats (gitlib.git_diff_get_stats)
#define git_diff_stats_insertions (gitlib.git_diff_stats_insertions)
#define git_diff_stats_deletions (gitlib.git_diff_stats_deletions)
#define git_diff_stats_free (gitlib.git_diff_stats_free)
#define git_diff_free (gitlib.git_diff_free)
#endif

#endif
