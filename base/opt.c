/* opt.c: option values and argv options (opt.h documents both). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/opt.h"
#include "base/suggest.h"
#include "base/util.h"

static int bad(const char *what, const char *s, const char *kind)
{
	if (what)
		warn("%s: '%s' is not %s", what, s, kind);
	return -1;
}

int opt_bool(const char *what, const char *s, int *out)
{
	static const char *const yes[] = {"1", "true", "yes", "on"};
	static const char *const no[] = {"0", "false", "no", "off"};
	size_t k;

	for (k = 0; k < 4; k++) {
		if (strcasecmp(s, yes[k]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[k]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return bad(what, s, "a boolean");
}

int opt_count(const char *what, const char *s, long long min, long long max, long long *out)
{
	char *end = (char *)s;
	long long v;

	errno = 0;
	v = isdigit((unsigned char)*s) ? strtoll(s, &end, 10) : -1;
	if (v < 0 || *end || errno || v < min || v > max) {
		if (what)
			warn("%s: '%s' is not a count from %lld to %lld", what, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* a finite number at the start of s, with no leading space: its end, or NULL */
static const char *number(const char *s, double *v)
{
	char *end;

	if (!*s || isspace((unsigned char)*s))
		return NULL;
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || errno == ERANGE || !isfinite(*v))
		return NULL;
	return end;
}

int opt_number(const char *what, const char *s, double *out)
{
	double v;
	const char *end = number(s, &v);

	if (!end || *end)
		return bad(what, s, "a number");
	*out = v;
	return 0;
}

int opt_duration(const char *what, const char *s, double *out)
{
	static const struct {
		const char *suffix;
		double seconds;
	} units[] = {{"", 1}, {"ms", 1e-3}, {"s", 1}, {"m", 60}, {"h", 3600}};
	const char *end;
	double v;
	size_t k;

	if (!isdigit((unsigned char)*s) && *s != '.')
		return bad(what, s, "a duration");
	end = number(s, &v);
	for (k = 0; end && k < sizeof(units) / sizeof(units[0]); k++) {
		if (strcmp(end, units[k].suffix) == 0) {
			*out = v * units[k].seconds;
			return 0;
		}
	}
	return bad(what, s, "a duration");
}

int opt_size(const char *what, const char *s, long long *out)
{
	static const char units[] = "KMGT";
	const char *p = s, *u;
	double v, mult = 1;

	/* digits, then an optional fraction: no sign, exponent or hex */
	while (isdigit((unsigned char)*p))
		p++;
	if (p == s)
		return bad(what, s, "a size");
	if (*p == '.')
		while (isdigit((unsigned char)*++p))
			;
	v = strtod(s, NULL);
	if (*p && (u = strchr(units, toupper((unsigned char)*p))) != NULL) {
		mult = ldexp(1, 10 * (int)(u - units + 1));
		p++;
		if (*p == 'i')
			p++;
	}
	if (*p == 'B' || *p == 'b')
		p++;
	if (*p || v * mult >= 0x1p63)
		return bad(what, s, "a size");
	*out = (long long)(v * mult);
	return 0;
}

const char *opt_getenv(const char *name)
{
	const char *s = getenv(name);

	return s && *s ? s : NULL;
}

int opt_help(int argc, char **argv, const char *text)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(text, stdout);
			return 1;
		}
	}
	return 0;
}

/* the command a usage text is about: its words after "usage: " up to the
 * first one that is not a plain lowercase word ("menace build") */
static int usage_command(const char *usage, const char **cmd)
{
	const char *p = strncmp(usage, "usage: ", 7) == 0 ? usage + 7 : usage, *end = p;

	*cmd = p;
	while (*end >= 'a' && *end <= 'z') {
		const char *w = end;

		while ((*w >= 'a' && *w <= 'z') || *w == '-')
			w++;
		if (*w != ' ' && *w != '\n' && *w != '\0')
			break;
		end = w;
		if (*end != ' ')
			break;
		end++;
	}
	while (end > p && end[-1] == ' ')
		end--;
	return (int)(end - p);
}

static void usage_hint(const char *usage)
{
	const char *cmd;
	int n = usage_command(usage, &cmd);

	if (log_is_json())
		logmsg(LOG_INFO, NULL, "see '%.*s --help'", n, cmd);
	else
		fprintf(stderr, "%s: see '%.*s --help'\n", progname, n, cmd);
}

int opt_usage(const char *usage)
{
	const char *end = strstr(usage, "\n\n");
	int n = end ? (int)(end - usage) + 1 : (int)strlen(usage);

	if (log_is_json())
		logmsg(LOG_ERROR, NULL, "%.*s", n - 1, usage);
	else
		fprintf(stderr, "%s: %.*s", progname, n, usage);
	usage_hint(usage);
	return EXIT_USAGE;
}

static const struct opt *global_opts;
static size_t nglobal_opts;

void opt_global(const struct opt *opts, size_t nopts)
{
	global_opts = opts;
	nglobal_opts = nopts;
}

/* argv parsing */

struct parser {
	const struct opt *opts;
	size_t nopts;
	unsigned how;
	unsigned char *seen;    /* per option: a flag set its value */
	const struct opt *last; /* the option parsed last */
};

/* o was given: it and every option of the same value are set by a flag */
static void mark_seen(struct parser *p, const struct opt *o)
{
	size_t i;

	for (i = 0; i < p->nopts; i++)
		if (p->opts[i].value == o->value)
			p->seen[i] = 1;
	p->last = o;
}

/* arg (after "--") names name, up to its end or '=': 1 or 0 */
static int same_name(const struct parser *p, const char *arg, const char *name)
{
	size_t k;

	for (k = 0; name[k]; k++) {
		int a = (unsigned char)arg[k], n = (unsigned char)name[k];

		if (p->how & OPT_LOOSE) {
			a = a == '_' ? '-' : tolower(a);
			n = n == '_' ? '-' : tolower(n);
		}
		if (!a || a != n)
			return 0;
	}
	return arg[k] == '\0' || arg[k] == '=';
}

/* body starts with "no-" */
static int is_no(const struct parser *p, const char *body)
{
	if (p->how & OPT_LOOSE)
		return strncasecmp(body, "no", 2) == 0 && (body[2] == '-' || body[2] == '_');
	return strncmp(body, "no-", 3) == 0;
}

/* the option of "--body" (body after the dashes) in opts; *neg set for
 * "--no-NAME" of a boolean */
static const struct opt *find_long_in(const struct parser *p, const struct opt *opts,
                                      size_t nopts, const char *body, int *neg)
{
	size_t i;

	for (i = 0; i < nopts; i++) {
		const struct opt *o = &opts[i];

		if (!o->name)
			continue;
		*neg = !!(o->flags & OPT_NEGATE);
		if (same_name(p, body, o->name))
			return o;
		/* every boolean has its --no-NAME */
		*neg = 1;
		if (o->type == OPT_BOOL && !(o->flags & OPT_NEGATE) && is_no(p, body) &&
		    same_name(p, body + 3, o->name))
			return o;
	}
	return NULL;
}

/* the table's option, else the global one (opt_global) */
static const struct opt *find_long(const struct parser *p, const char *body, int *neg)
{
	const struct opt *o = find_long_in(p, p->opts, p->nopts, body, neg);

	return o ? o : find_long_in(p, global_opts, nglobal_opts, body, neg);
}

static const struct opt *find_short(const struct parser *p, int letter)
{
	size_t i;

	for (i = 0; i < p->nopts; i++)
		if (p->opts[i].letter && p->opts[i].letter == letter)
			return &p->opts[i];
	for (i = 0; i < nglobal_opts; i++)
		if (global_opts[i].letter && global_opts[i].letter == letter)
			return &global_opts[i];
	return NULL;
}

/* the long name closest to "--body" in the table and the globals, or NULL */
static const char *closest_long(const struct parser *p, const char *body)
{
	static char name[128];
	struct suggest sg;
	const char *best;
	char *word = xstrndup(body, strcspn(body, "="));
	size_t i;

	suggest_begin(&sg, word);
	for (i = 0; i < p->nopts; i++)
		suggest_add(&sg, p->opts[i].name);
	for (i = 0; i < nglobal_opts; i++)
		suggest_add(&sg, global_opts[i].name);
	best = suggest_end(&sg);
	if (best)
		snprintf(name, sizeof(name), "--%.100s", best);
	free(word);
	return best ? name : NULL;
}

/* store the value s of option o, spelled what; 0 or -1 after the message */
static int store(const struct opt *o, const char *what, const char *s)
{
	long long n;

	switch (o->type) {
	case OPT_SET:
		*(int *)o->value = (int)o->min;
		return 0;
	case OPT_BOOL:
		return opt_bool(what, s, o->value);
	case OPT_STRING:
		*(const char **)o->value = s;
		return 0;
	case OPT_COUNT:
		if (opt_count(what, s, o->min, o->max, &n) < 0)
			return -1;
		*(int *)o->value = (int)n;
		return 0;
	case OPT_NUMBER:
		return opt_number(what, s, o->value);
	case OPT_DURATION:
		return opt_duration(what, s, o->value);
	case OPT_SIZE:
		return opt_size(what, s, o->value);
	case OPT_CALL:
		return o->call(o->value, s);
	}
	return -1;
}

static int takes_value(const struct opt *o)
{
	return o->type != OPT_SET && o->type != OPT_BOOL;
}

/* argv[*i] is a long option: 0 parsed, 1 not an option of the table, -1
 * after a message */
static int parse_long(struct parser *p, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *eq = strchr(arg, '='), *val = eq ? eq + 1 : NULL;
	int neg = 0, len = eq ? (int)(eq - arg) : (int)strlen(arg);
	const struct opt *o = find_long(p, arg + 2, &neg);
	char what[128];

	if (!o)
		return 1;
	snprintf(what, sizeof(what), "%.*s", len, arg);
	if (!takes_value(o) && val && o->type == OPT_SET) {
		warn("option '%s' takes no value", what);
		return -1;
	}
	if (takes_value(o) && !val) {
		if (*i + 1 >= argc) {
			warn("option '%s' needs a value", what);
			return -1;
		}
		val = argv[++*i];
	}
	if (val && !*val) {
		warn("option '%s' needs a value", what);
		return -1;
	}
	mark_seen(p, o);
	if (o->type == OPT_BOOL) {
		int b = 1;

		if (val && opt_bool(what, val, &b) < 0)
			return -1;
		*(int *)o->value = neg ? !b : b;
		return 0;
	}
	return store(o, what, val);
}

/* argv[*i] is a short option, or several bundled ("-qn", "-qj4"): as
 * parse_long; 1 (nothing parsed) when a letter before the first one that
 * takes a value is not an option */
static int parse_short(struct parser *p, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *c;

	for (c = arg + 1; *c; c++) {
		const struct opt *o = find_short(p, (unsigned char)*c);

		if (!o)
			return 1;
		if (takes_value(o))
			break;
	}
	for (c = arg + 1; *c; c++) {
		const struct opt *o = find_short(p, (unsigned char)*c);
		const char *val = NULL;
		char what[3] = {'-', *c, '\0'};

		if (takes_value(o)) {
			if (c[1])
				val = c + 1;
			else if (*i + 1 < argc)
				val = argv[++*i];
			if (!val || !*val) {
				warn("option '%s' needs a value", what);
				return -1;
			}
		}
		mark_seen(p, o);
		if (o->type == OPT_BOOL)
			*(int *)o->value = !(o->flags & OPT_NEGATE);
		else if (store(o, what, val) < 0)
			return -1;
		if (val || (o->flags & OPT_LAST))
			return 0;
	}
	return 0;
}

/* the variables of the options no flag set */
static int parse_env(struct parser *p)
{
	size_t i;

	for (i = 0; i < p->nopts; i++) {
		const struct opt *o = &p->opts[i];
		const char *s;

		if (!o->env || p->seen[i] || !(s = opt_getenv(o->env)))
			continue;
		if (store(o, o->env, s) < 0)
			return -1;
	}
	return 0;
}

/* one argument that starts with '-': 0 parsed, 1 stop here (OPT_FIRST), -1 error */
static int parse_one(struct parser *p, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *c;
	int rc = arg[1] == '-' ? parse_long(p, argc, argv, i) : parse_short(p, argc, argv, i);

	if (rc <= 0)
		return rc;
	if (p->how & OPT_FIRST)
		return 1;
	if (arg[1] == '-') {
		warn("unknown option '%.*s'%s", (int)strcspn(arg, "="), arg,
		     suggest_hint(closest_long(p, arg + 2)));
		return -1;
	}
	for (c = arg + 1; find_short(p, (unsigned char)*c); c++)
		;
	warn("unknown option '-%c'", *c);
	return -1;
}

int opt_parse(int argc, char **argv, const struct opt *opts, size_t nopts, unsigned how,
              const char *usage)
{
	struct parser p = {opts, nopts, how, NULL, NULL};
	int i, n = 0, dashdash = 0, rc = 0;

	p.seen = xcalloc(nopts + 1, 1);
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!dashdash && arg[0] == '-' && arg[1]) {
			if (strcmp(arg, "--") == 0 && !(how & OPT_FIRST)) {
				dashdash = 1;
				continue;
			}
			if (strcmp(arg, "--") == 0 || (rc = parse_one(&p, argc, argv, &i)) != 0)
				break;
			if (p.last->flags & OPT_LAST) {
				i++;
				break;
			}
			continue;
		}
		if (how & OPT_FIRST)
			break;
		if (how & OPT_NO_OPERANDS) {
			warn("unexpected argument '%s'", arg);
			rc = -1;
			break;
		}
		argv[++n] = argv[i];
	}
	if (rc < 0) {
		free(p.seen);
		usage_hint(usage);
		return -1;
	}
	rc = parse_env(&p);
	free(p.seen);
	if (rc < 0)
		return -1;
	return how & OPT_FIRST ? i : n;
}
