/* impact.h: config/impact_severity.yaml (IMPACT_SEVERITY_CONFIG), the
 * severity of rolling a module back, read with libyaml.
 *
 *   experimental: 0.2        # a type: its severity (0..1); defaults
 *   standard: 0.5            #   experimental 0.2, standard 0.5,
 *   critical: 0.9            #   critical 0.9, low 0.1
 *   modules:                 # optional: module (path or dotted name) ->
 *     pkg/core.py: critical  #   a type, or a severity number
 *
 * A module the config does not map is of type "standard". */
#ifndef MENACE_IMPACT_H
#define MENACE_IMPACT_H

struct impact;

/* load path; a missing file gives the defaults unless required; NULL after
 * "menace: path:line:col: message" */
struct impact *impact_load(const char *path, int required);
void impact_free(struct impact *im);
/* the severity of module (repo-relative path); *type set to its type name
 * (or "custom" for a number) */
double impact_severity(const struct impact *im, const char *module, const char **type);

#endif
