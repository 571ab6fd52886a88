/* opt.h: the one parser of option values (flags, environment variables and
 * a use: rule's with: keys alike) and the one argv option parser.
 *
 * Values:
 *   bool      1/0, true/false, yes/no, on/off, in any case
 *   count     a non-negative whole number in decimal digits, within a range
 *   number    a finite decimal number ("0.5", "-2", "1e-3")
 *   duration  seconds: a non-negative number, alone or with the suffix ms,
 *             s, m or h ("30", "250ms", "1.5s", "2m", "1h")
 *   size      bytes: digits with an optional fraction, and an optional
 *             suffix K, M, G or T in any case, powers of 1024 (1G = 2^30 =
 *             1073741824, never 10^9);
 *             "Ki", "KiB" and "KB" are the same as "K", and a trailing "B"
 *             is allowed ("512", "512B", "10K", "1.5M", "512Mi", "1GiB")
 * The empty string: an environment variable set to "" is unset (the
 * default applies); an empty value given to a flag ("--x=") is an error.
 * A bad value is reported as "menace: WHAT: 'VALUE' is not a size" (a
 * boolean, a count from MIN to MAX, a number, a duration), WHAT being the
 * flag as spelled or the variable's name.
 *
 * Options (getopt_long's grammar): "--name=V" and "--name V", "-xV" and
 * "-x V"; a flag that takes no value is "-x" or "--name"; short flags
 * bundle ("-qn" is "-q -n", "-qj4" is "-q -j 4"); a boolean is "--name",
 * "--no-name" or "--name=BOOL" (never a separate word); "--" ends the
 * options and "-" is an operand; options and operands mix in any order.
 * A flag beats its environment variable, and a variable's value is
 * checked as the flag's would be. Besides its own table, a command accepts
 * the global options main registers (opt_global: -C, -f, -D, -v), before
 * or after its name. Errors print one line on stderr, "menace: unknown
 * option '--jbos' (did you mean '--jobs'?)" (or "option '-f' needs a
 * value", "unexpected argument 'x'", a value's message), then the hint
 * "menace: see 'menace build --help'" (the command of the usage text). */
#ifndef MENACE_OPT_H
#define MENACE_OPT_H

#include <stddef.h>

/* the value parsers: 0 with *out set, or -1 after the message above (no
 * message when what is NULL) */
int opt_bool(const char *what, const char *s, int *out);
int opt_count(const char *what, const char *s, long long min, long long max, long long *out);
int opt_number(const char *what, const char *s, double *out);
int opt_duration(const char *what, const char *s, double *out);
int opt_size(const char *what, const char *s, long long *out);

/* environment variable name; NULL when it is unset or empty */
const char *opt_getenv(const char *name);

enum opt_type {
	OPT_SET,        /* no value: *(int *)value = min */
	OPT_BOOL,       /* int *: --name, --no-name, --name=BOOL */
	OPT_STRING,     /* const char **: the value as given */
	OPT_COUNT,      /* int *: a count from min to max */
	OPT_NUMBER,     /* double * */
	OPT_DURATION,   /* double *: seconds */
	OPT_SIZE,       /* long long *: bytes */
	OPT_CALL,       /* call(value, VALUE): 0, or -1 after its own message */
};

/* an option's flags */
enum {
	OPT_NEGATE = 1,   /* OPT_BOOL: this name sets the opposite (--no-recursive) */
	OPT_LAST = 2,     /* parsing stops after this option (--help, --version) */
};

/* one row of an option table; the macros below fill one */
struct opt {
	int letter;              /* -x, or 0 */
	const char *name;        /* --name without the dashes, or NULL */
	enum opt_type type;
	void *value;             /* where the value goes (see the types) */
	long long min, max;      /* OPT_COUNT: the range; OPT_SET: min is stored */
	const char *env;         /* the variable read when no flag set it, or NULL */
	int (*call)(void *value, const char *arg);
	unsigned flags;
};

#define OPT_FLAG(l, n, p)             {l, n, OPT_SET, p, 1, 0, NULL, NULL, 0}
#define OPT_SETTO(l, n, p, v)         {l, n, OPT_SET, p, v, 0, NULL, NULL, 0}
#define OPT_FINAL(l, n, p)            {l, n, OPT_SET, p, 1, 0, NULL, NULL, OPT_LAST}
#define OPT_BOOLEAN(l, n, p, env)     {l, n, OPT_BOOL, p, 0, 0, env, NULL, 0}
#define OPT_NOT(n, p)                 {0, n, OPT_BOOL, p, 0, 0, NULL, NULL, OPT_NEGATE}
#define OPT_STR(l, n, p, env)         {l, n, OPT_STRING, p, 0, 0, env, NULL, 0}
#define OPT_COUNTS(l, n, p, lo, hi, env) {l, n, OPT_COUNT, p, lo, hi, env, NULL, 0}
#define OPT_NUM(l, n, p, env)         {l, n, OPT_NUMBER, p, 0, 0, env, NULL, 0}
#define OPT_SECONDS(l, n, p, env)     {l, n, OPT_DURATION, p, 0, 0, env, NULL, 0}
#define OPT_BYTES(l, n, p, env)       {l, n, OPT_SIZE, p, 0, 0, env, NULL, 0}
#define OPT_FUNC(l, n, fn, ctx, env)  {l, n, OPT_CALL, ctx, 0, 0, env, fn, 0}

/* how opt_parse reads argv */
enum {
	OPT_LOOSE = 1,      /* long names ignore case, and '_' is '-' (with: keys) */
	OPT_NO_OPERANDS = 2,   /* an operand is an error ("unexpected argument") */
	OPT_FIRST = 4,      /* stop at the first operand, unknown option or "--" */
};

/* parse the options of argv[1..argc) by the table opts[0..nopts), then the
 * environment variables of those no flag set. The operands move, in order,
 * to argv[1..]; returns their number (with OPT_FIRST: the index of the
 * first argument not parsed), or -1 after the message and the hint (none
 * for a variable's error) */
int opt_parse(int argc, char **argv, const struct opt *opts, size_t nopts, unsigned how,
              const char *usage);
/* the options every command accepts besides its own (main's -C, -f, -D,
 * -v); the table must outlive every opt_parse */
void opt_global(const struct opt *opts, size_t nopts);
/* 1 when argv[1..] (up to "--") holds --help or -h, after printing text
 * on stdout */
int opt_help(int argc, char **argv, const char *text);
/* print "menace: " and the synopsis of usage on stderr, then the hint
 * "menace: see 'menace CMD --help'"; returns EXIT_USAGE */
int opt_usage(const char *usage);

#endif
