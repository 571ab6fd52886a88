/* remotecfg.h: the remote cache a build uses (engine/remote.h), from its
 * flags, the MENACE_REMOTE_CACHE* variables and the manifest's
 * remote_cache:, in that order (docs/remote-cache.md). */
#ifndef MENACE_REMOTECFG_H
#define MENACE_REMOTECFG_H

#include "engine/remote.h"

/* fill o from the flags' values (NULL when not given), the environment and
 * manifest_url (the graph's remote_cache:, or NULL); o->url stays NULL
 * when no remote cache is configured. 0, or -1 after the message (exit 2) */
int remotecfg(struct remote_opts *o, const char *flag_url, const char *flag_mode,
              const char *manifest_url);

#endif
