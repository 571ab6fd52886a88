#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules/argopt.h"
#include "base/util.h"

/* the flag names match when they differ only in case or in '_' for '-'
 * (a use: rule's with: keys arrive as --self_test_timeout=...) */
static int same_name(const char *a, const char *name, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		int x = a[k] == '_' ? '-' : tolower((unsigned char)a[k]);

		if (!a[k] || x != name[k])
			return 0;
	}
	return 1;
}

int argopt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (!same_name(a, name, n))
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		warn("option '%s' needs a value", name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

int argopt_double(const char *what, const char *s, double *out)
{
	char *end;
	double v;

	v = strtod(s, &end);
	if (!*s || *end || !isfinite(v)) {
		warn("%s: '%s' is not a number", what, s);
		return -1;
	}
	*out = v;
	return 0;
}

const char *argopt_data_dir(void)
{
	const char *d = getenv("SANDBOX_DATA_DIR");

	return d && *d ? d : "sandbox_data";
}
