/* remotekey.h: the remote key, the SHA-256 of a rule's key serialization
 * (key.h) in which every content hash (XXH3-128) of an input, a needed
 * output or a depfile input is replaced by the SHA-256 of the same file
 * (64 hex digits), so that a crafted input cannot collide with another's
 * entry. A directory's digest is the SHA-256 of its tree listing with
 * SHA-256 digests ("menace-tree-sha256 1\n", then "KIND SHA256 LEN:PATH\n"
 * per file, as in filecache.h). */
#ifndef MENACE_REMOTEKEY_H
#define MENACE_REMOTEKEY_H

#include <stddef.h>

#include "base/buf.h"
#include "base/hash.h"
#include "engine/sha256.h"

/* the SHA-256 digests computed in one build, by path */
struct remotekey_memo;

struct remotekey_memo *remotekey_memo_new(void);
void remotekey_memo_free(struct remotekey_memo *m);
/* the serialization with SHA-256 digests into out (appended), and its
 * SHA-256 in *key; -1 when a file cannot be read or no longer has the
 * content hash the serialization holds (the rule is not looked up) */
int remotekey(struct remotekey_memo *m, const char *ser, size_t len, struct buf *out,
              struct sha256 *key);
/* read the file at path once: its content hash (XXH3-128, as base/hash.h),
 * its SHA-256 and its size; 0, or -1 with errno */
int remotekey_file(const char *path, struct hash *h, struct sha256 *d, long long *size);
/* the SHA-256 digest of the file or directory tree at path, which must
 * have the content hash h; 0 or -1 */
int remotekey_digest(struct remotekey_memo *m, const char *path, struct hash h, struct sha256 *d);

#endif
