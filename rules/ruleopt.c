#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/argopt.h"
#include "rules/ruleopt.h"
#include "base/util.h"

/* the length of the "--name" part of arg that matches name, else 0 */
static size_t match_name(const char *arg, const char *name)
{
	size_t i;

	if (arg[0] != '-' || arg[1] != '-')
		return 0;
	for (i = 0; name[i]; i++) {
		int a = (unsigned char)arg[2 + i], n = (unsigned char)name[i];

		if (a == '_')
			a = '-';
		if (n == '_')
			n = '-';
		if (!a || tolower(a) != tolower(n))
			return 0;
	}
	if (arg[2 + i] != '\0' && arg[2 + i] != '=')
		return 0;
	return 2 + i;
}

int ruleopt_parse_bool(const char *s)
{
	static const char *yes[] = {"1", "true", "yes", "on"}, *no[] = {"0", "false", "no", "off"};
	size_t k;

	for (k = 0; k < 4; k++) {
		if (strcasecmp(s, yes[k]) == 0)
			return 1;
		if (strcasecmp(s, no[k]) == 0)
			return 0;
	}
	return -1;
}

int ruleopt_bool(char **argv, int i, const char *name, int *out)
{
	const char *arg = argv[i];
	size_t n = match_name(arg, name);
	int v;

	if (!n) {
		/* --no-name */
		if (strncmp(arg, "--no-", 5) == 0) {
			char *alt = xasprintf("--%s", arg + 5);

			n = match_name(alt, name);
			free(alt);
			if (n && arg[n + 3] == '\0') {
				*out = 0;
				return 1;
			}
		}
		return 0;
	}
	if (arg[n] == '\0') {
		*out = 1;
		return 1;
	}
	v = ruleopt_parse_bool(arg + n + 1);
	if (v < 0) {
		warn("option '--%s': '%s' is not a boolean", name, arg + n + 1);
		return -1;
	}
	*out = v;
	return 1;
}

int ruleopt_env_bool(const char *name, int def)
{
	const char *s = getenv(name);
	int v;

	if (!s || !*s)
		return def;
	v = ruleopt_parse_bool(s);
	if (v < 0)
		return error("%s: '%s' is not a boolean", name, s);
	return v;
}

int ruleopt_env_double(const char *name, double *out)
{
	const char *s = getenv(name);

	if (!s || !*s)
		return 0;
	return argopt_double(name, s, out);
}
