/* rulejson.h: a rule as JSON: the with: of an instance, the template of a
 * foreach or late rule (the format is at the top of rulejson.c). Internal
 * to graph/: instance.c builds them, foreach.c reads the template. */
#ifndef MENACE_RULEJSON_H
#define MENACE_RULEJSON_H

#include "graph/expand.h"
#include "graph/ruledef.h"

/* d's with: as canonical JSON (sorted keys: d->with is sorted in place,
 * values expanded by x); malloc'd, or NULL after an error */
char *ruledef_with_json(struct xctx *x, struct ruledef *d);
/* the template of d, expanded by x as a template (x->env set to env, the
 * ${env.NAME} names used added to it); malloc'd, or NULL after an error */
char *ruledef_template_json(struct ruledef *d, struct xctx *x, struct strset *env);

#endif
