/* ruleopt.h: booleans and environment variables of the built-in sandbox
 * actions (integrate, flag); values and numbers come from argopt.h.
 * A flag beats its environment variable. */
#ifndef MENACE_RULEOPT_H
#define MENACE_RULEOPT_H

/* argv[i] is "--name", "--name=BOOL" or "--no-name" (name without the
 * dashes): 1 with *out set; 0 when it is not; -1 after a warning when BOOL
 * is not a boolean */
int ruleopt_bool(char **argv, int i, const char *name, int *out);
/* a boolean text (1/0, true/false, yes/no, on/off, any case): 0 or 1, -1 when not one */
int ruleopt_parse_bool(const char *s);
/* environment variable NAME as a boolean, def when unset or empty; -1 after a warning */
int ruleopt_env_bool(const char *name, int def);
/* environment variable NAME as a number into *out (unchanged when unset or
 * empty); 0, or -1 after a warning */
int ruleopt_env_double(const char *name, double *out);

#endif
