/* argopt.h: flags of the sandbox commands (presets, selftest, score).
 * A use: rule passes "--key=VALUE"; people type "--key VALUE"; both work,
 * and in the key case is ignored and '_' is the same as '-'. */
#ifndef MENACE_ARGOPT_H
#define MENACE_ARGOPT_H

/* argv[*i] is "--name VALUE" or "--name=VALUE": 1 with *val set (*i moved
 * past a separate value); 0 when it is another flag; -1 after a warning
 * when the value is missing */
int argopt_value(int argc, char **argv, int *i, const char *name, const char **val);
/* a finite number from a flag or variable named what; 0, or -1 after
 * "menace: WHAT: 'S' is not a number" */
int argopt_double(const char *what, const char *s, double *out);
/* SANDBOX_DATA_DIR when set and not empty, else "sandbox_data" */
const char *argopt_data_dir(void);

#endif
