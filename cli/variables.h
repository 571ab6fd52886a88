/* variables.h: every environment variable of the original sandbox (and
 * menace's own), as one table: read by a stage, or not supported and why.
 * docs/sandbox.md ("Every variable") is this table for users. */
#ifndef MENACE_VARIABLES_H
#define MENACE_VARIABLES_H

#include <stddef.h>

enum variable_state {
	VAR_READ,          /* a stage reads it: text names the readers */
	VAR_UNSUPPORTED,   /* menace ignores it: text says why */
};

struct variable {
	const char *name;
	enum variable_state state;
	const char *text;
};

/* set in the environment once the warnings below were printed, so the
 * menace commands a build starts do not print them again */
#define VARIABLES_CHECKED_ENV "MENACE_VARIABLES_CHECKED"

/* the table, in name order, and its length */
const struct variable *variables_table(size_t *n);
/* the row of name, or NULL */
const struct variable *variables_find(const char *name);
/* one "warning: NAME is not supported: WHY" per unsupported variable that
 * is set (not empty), once per command: then VARIABLES_CHECKED_ENV is set */
void variables_check(void);

#endif
