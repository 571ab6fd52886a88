/* ruleopt.h: the options and environment of the built-in sandbox actions.
 * A use: rule's with: map arrives as "--KEY=VALUE"; people type "--key VALUE".
 * Both are accepted; in KEY, '_' and '-' are the same and case is ignored.
 * A flag beats its environment variable. */
#ifndef MENACE_RULEOPT_H
#define MENACE_RULEOPT_H

/* argv[*i] is "--name VALUE" or "--name=VALUE": 1 with *val set (*i moved
 * past a separate value); 0 when it is not; -1 after a warning when the value
 * is missing */
int ruleopt_value(int argc, char **argv, int *i, const char *name, const char **val);
/* argv[*i] is "--name", "--name=BOOL" or "--no-name": 1 with *out set; 0 when
 * it is not; -1 after a warning when BOOL is not a boolean */
int ruleopt_bool(char **argv, int i, const char *name, int *out);
/* a boolean text (1/0, true/false, yes/no, on/off): 0 or 1, -1 when not one */
int ruleopt_parse_bool(const char *s);
/* a finite number; 0, or -1 after "menace: WHAT: 'S' is not a number" */
int ruleopt_parse_double(const char *what, const char *s, double *out);
/* environment variable NAME as a boolean, def when unset or empty; -1 after a warning */
int ruleopt_env_bool(const char *name, int def);
/* environment variable NAME as a number into *out (unchanged when unset or
 * empty); 0, or -1 after a warning */
int ruleopt_env_double(const char *name, double *out);
/* SANDBOX_DATA_DIR, or "sandbox_data" */
const char *ruleopt_data_dir(void);

#endif
