/* unit tests of base/opt: every value type, bad values and their messages,
 * the empty-string rule, and the argv parser */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/opt.h"
#include "base/util.h"
#include "unit.h"

/* stderr goes to a file between err_begin and err_end, which returns it */
static int saved_fd = -1;
static char errpath[] = "/tmp/menace-opt.XXXXXX";
static char errtext[4096];

static void err_begin(void)
{
	int fd = mkstemp(errpath);

	fflush(stderr);
	saved_fd = dup(2);
	dup2(fd, 2);
	close(fd);
}

static const char *err_end(void)
{
	int fd;
	ssize_t n;

	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	fd = open(errpath, O_RDONLY);
	n = fd >= 0 ? read(fd, errtext, sizeof(errtext) - 1) : -1;
	errtext[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	unlink(errpath);
	memcpy(errpath + strlen(errpath) - 6, "XXXXXX", 6);
	return errtext;
}

static void test_bool(void)
{
	static const char *const yes[] = {"1", "true", "TRUE", "Yes", "on", "ON"};
	static const char *const no[] = {"0", "false", "False", "no", "NO", "off"};
	size_t i;
	int b;

	for (i = 0; i < 6; i++) {
		b = -1;
		CHECK_INT(opt_bool("x", yes[i], &b), 0);
		CHECK_INT(b, 1);
		CHECK_INT(opt_bool("x", no[i], &b), 0);
		CHECK_INT(b, 0);
	}
	err_begin();
	CHECK_INT(opt_bool("--flag", "maybe", &b), -1);
	CHECK_INT(opt_bool("--flag", "", &b), -1);
	CHECK_INT(opt_bool(NULL, "2", &b), -1);
	CHECK_STR(err_end(), "menace: --flag: 'maybe' is not a boolean\n"
	                     "menace: --flag: '' is not a boolean\n");
}

static void test_count(void)
{
	long long v = -1;

	CHECK_INT(opt_count("-j", "4", 1, 1000000, &v), 0);
	CHECK_INT(v, 4);
	CHECK_INT(opt_count("-k", "0", 0, 10, &v), 0);
	CHECK_INT(v, 0);
	CHECK_INT(opt_count("-k", "10", 0, 10, &v), 0);
	CHECK_INT(v, 10);
	err_begin();
	CHECK_INT(opt_count("-n", "x", 1, 1000000, &v), -1);
	CHECK_INT(opt_count("-n", "0", 1, 1000000, &v), -1);
	CHECK_INT(opt_count("-n", "11", 0, 10, &v), -1);
	CHECK_INT(opt_count("-n", "-1", 0, 10, &v), -1);
	CHECK_INT(opt_count("-n", "+1", 0, 10, &v), -1);
	CHECK_INT(opt_count("-n", " 1", 0, 10, &v), -1);
	CHECK_INT(opt_count("-n", "1.5", 0, 10, &v), -1);
	CHECK_INT(opt_count("-n", "99999999999999999999", 0, LLONG_MAX, &v), -1);
	CHECK_INT(opt_count("-n", "", 0, 10, &v), -1);
	CHECK_STR(err_end(), "menace: -n: 'x' is not a count from 1 to 1000000\n"
	                     "menace: -n: '0' is not a count from 1 to 1000000\n"
	                     "menace: -n: '11' is not a count from 0 to 10\n"
	                     "menace: -n: '-1' is not a count from 0 to 10\n"
	                     "menace: -n: '+1' is not a count from 0 to 10\n"
	                     "menace: -n: ' 1' is not a count from 0 to 10\n"
	                     "menace: -n: '1.5' is not a count from 0 to 10\n"
	                     "menace: -n: '99999999999999999999' is not a count from 0 to 9223372036854775807\n"
	                     "menace: -n: '' is not a count from 0 to 10\n");
	CHECK_INT(v, 10);
}

static void test_number(void)
{
	double d = 0;

	CHECK_INT(opt_number("x", "0.5", &d), 0);
	CHECK(d == 0.5);
	CHECK_INT(opt_number("x", "-2", &d), 0);
	CHECK(d == -2);
	CHECK_INT(opt_number("x", "1e-3", &d), 0);
	CHECK(d == 1e-3);
	err_begin();
	CHECK_INT(opt_number("ROI_THRESHOLD", "high", &d), -1);
	CHECK_INT(opt_number("x", "inf", &d), -1);
	CHECK_INT(opt_number("x", "nan", &d), -1);
	CHECK_INT(opt_number("x", "1e999", &d), -1);
	CHECK_INT(opt_number("x", "1x", &d), -1);
	CHECK_INT(opt_number("x", "", &d), -1);
	CHECK_STR(err_end(), "menace: ROI_THRESHOLD: 'high' is not a number\n"
	                     "menace: x: 'inf' is not a number\n"
	                     "menace: x: 'nan' is not a number\n"
	                     "menace: x: '1e999' is not a number\n"
	                     "menace: x: '1x' is not a number\n"
	                     "menace: x: '' is not a number\n");
	CHECK(d == 1e-3);
}

static void test_duration(void)
{
	double d = 0;

	CHECK_INT(opt_duration("t", "30", &d), 0);
	CHECK(d == 30);
	CHECK_INT(opt_duration("t", "1.5s", &d), 0);
	CHECK(d == 1.5);
	CHECK_INT(opt_duration("t", "250ms", &d), 0);
	CHECK(d == 0.25);
	CHECK_INT(opt_duration("t", "2m", &d), 0);
	CHECK(d == 120);
	CHECK_INT(opt_duration("t", "1h", &d), 0);
	CHECK(d == 3600);
	CHECK_INT(opt_duration("t", ".5", &d), 0);
	CHECK(d == 0.5);
	err_begin();
	CHECK_INT(opt_duration("--timeout", "soon", &d), -1);
	CHECK_INT(opt_duration("--timeout", "-1", &d), -1);
	CHECK_INT(opt_duration("--timeout", "5d", &d), -1);
	CHECK_INT(opt_duration("--timeout", "5 s", &d), -1);
	CHECK_INT(opt_duration("--timeout", "", &d), -1);
	CHECK_STR(err_end(), "menace: --timeout: 'soon' is not a duration\n"
	                     "menace: --timeout: '-1' is not a duration\n"
	                     "menace: --timeout: '5d' is not a duration\n"
	                     "menace: --timeout: '5 s' is not a duration\n"
	                     "menace: --timeout: '' is not a duration\n");
}

/* the one meaning of a size: powers of 1024, whichever spelling */
static void test_size(void)
{
	static const struct {
		const char *s;
		long long v;
	} ok[] = {
		{"512", 512}, {"512B", 512}, {"10K", 10240}, {"10k", 10240}, {"2M", 2 << 20},
		{"1G", 1073741824LL}, {"1g", 1LL << 30}, {"1GiB", 1LL << 30}, {"1Gi", 1LL << 30},
		{"1GB", 1LL << 30}, {"1gib", 1LL << 30}, {"512Mi", 512LL << 20}, {"2Gi", 2LL << 30},
		{"1.5K", 1536}, {"1.5Ki", 1536}, {"1T", 1LL << 40}, {"1TiB", 1LL << 40}, {"0", 0},
		{"4096", 4096}, {"8388607T", 8388607LL << 40},
	};
	static const char *const bad[] = {"3Q", "", "-1", "lots", "5Xi", "1e3", "0x10", " 1",
	                                  "1KK", "1iB", "1G ", ".5K", "8388608T", "1Bi"};
	long long v;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = -1;
		if (opt_size("x", ok[i].s, &v) != 0 || v != ok[i].v) {
			printf("FAIL %s: '%s' = %lld, want %lld\n", unit_case, ok[i].s, v, ok[i].v);
			unit_case_failed = 1;
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (opt_size(NULL, bad[i], &v) != -1) {
			printf("FAIL %s: '%s' is a size\n", unit_case, bad[i]);
			unit_case_failed = 1;
		}
	}
	err_begin();
	CHECK_INT(opt_size("--max-size", "1Q", &v), -1);
	CHECK_STR(err_end(), "menace: --max-size: '1Q' is not a size\n");
}

/* "" in the environment is unset; given to a flag it is an error */
static void test_empty(void)
{
	setenv("OPT_TEST_EMPTY", "", 1);
	CHECK(opt_getenv("OPT_TEST_EMPTY") == NULL);
	unsetenv("OPT_TEST_EMPTY");
	CHECK(opt_getenv("OPT_TEST_EMPTY") == NULL);
	setenv("OPT_TEST_EMPTY", "x", 1);
	CHECK_STR(opt_getenv("OPT_TEST_EMPTY"), "x");
	unsetenv("OPT_TEST_EMPTY");
}

static const char usage[] = "usage: t [-j N] [-q] [--size SIZE] [ARG...]\n\nmore help\n";

struct vals {
	int jobs, quiet, rec, fmt;
	long long size;
	double tol;
	const char *out;
};

static int parse(struct vals *v, unsigned how, int argc, char **argv)
{
	const struct opt opts[] = {
		OPT_COUNTS('j', "jobs", &v->jobs, 1, 100, "OPT_TEST_JOBS"),
		OPT_FLAG('q', "quiet", &v->quiet),
		OPT_BYTES(0, "max-size", &v->size, "OPT_TEST_SIZE"),
		OPT_BOOLEAN(0, "recursive-orphans", &v->rec, "OPT_TEST_REC"),
		OPT_NOT("no-recursive", &v->rec),
		OPT_STR('o', "out", &v->out, NULL),
		OPT_NUM(0, "tolerance", &v->tol, NULL),
		OPT_SETTO(0, "dot", &v->fmt, 2),
		OPT_SETTO(0, "json", &v->fmt, 3),
	};

	memset(v, 0, sizeof(*v));
	return opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), how, usage);
}

static void test_parse(void)
{
	char *a1[] = {"t", "-j4", "x", "--max-size=1G", "-q", "--", "-y", NULL};
	char *a2[] = {"t", "-j", "7", "--jobs", "8", "--out", "-", "--json", "--dot", NULL};
	char *a3[] = {"t", "--Recursive_Orphans=no", "--TOLERANCE=0.5", "-", NULL};
	char *a4[] = {"t", "--no-recursive-orphans", NULL};
	char *a5[] = {"t", "--no-recursive", "--recursive-orphans=yes", NULL};
	struct vals v;

	CHECK_INT(parse(&v, 0, 7, a1), 2);
	CHECK_INT(v.jobs, 4);
	CHECK_INT(v.size, 1LL << 30);
	CHECK_INT(v.quiet, 1);
	CHECK_STR(a1[1], "x");
	CHECK_STR(a1[2], "-y");
	CHECK_INT(parse(&v, 0, 9, a2), 0);
	CHECK_INT(v.jobs, 8);
	CHECK_STR(v.out, "-");
	CHECK_INT(v.fmt, 2);
	CHECK_INT(parse(&v, OPT_LOOSE, 4, a3), 1);
	CHECK_INT(v.rec, 0);
	CHECK(v.tol == 0.5);
	CHECK_STR(a3[1], "-");
	v.rec = 1;
	CHECK_INT(parse(&v, 0, 2, a4), 0);
	CHECK_INT(v.rec, 0);
	CHECK_INT(parse(&v, 0, 3, a5), 0);
	CHECK_INT(v.rec, 1);
}

/* a flag beats its variable; a variable is read when no flag is given */
static void test_parse_env(void)
{
	char *a1[] = {"t", "--jobs=3", NULL};
	char *a2[] = {"t", NULL};
	char *a3[] = {"t", "--no-recursive", NULL};
	struct vals v;

	setenv("OPT_TEST_JOBS", "5", 1);
	setenv("OPT_TEST_SIZE", "", 1);
	setenv("OPT_TEST_REC", "on", 1);
	CHECK_INT(parse(&v, 0, 2, a1), 0);
	CHECK_INT(v.jobs, 3);
	CHECK_INT(v.size, 0);
	CHECK_INT(v.rec, 1);
	CHECK_INT(parse(&v, 0, 1, a2), 0);
	CHECK_INT(v.jobs, 5);
	CHECK_INT(parse(&v, 0, 2, a3), 0);
	CHECK_INT(v.rec, 0);
	setenv("OPT_TEST_JOBS", "many", 1);
	err_begin();
	CHECK_INT(parse(&v, 0, 1, a2), -1);
	CHECK_STR(err_end(), "menace: OPT_TEST_JOBS: 'many' is not a count from 1 to 100\n");
	CHECK_INT(parse(&v, 0, 2, a1), 0);
	unsetenv("OPT_TEST_JOBS");
	unsetenv("OPT_TEST_SIZE");
	unsetenv("OPT_TEST_REC");
}

static void test_parse_errors(void)
{
	static const struct {
		const char *arg, *arg2, *msg;
		unsigned how;
	} cases[] = {
		{"-z", NULL, "menace: unknown option '-z'\n", 0},
		{"-qz", NULL, "menace: unknown option '-z'\n", 0},
		{"--jbos=2", NULL, "menace: unknown option '--jbos' (did you mean '--jobs'?)\n", 0},
		{"--max", NULL, "menace: unknown option '--max' (did you mean '--max-size'?)\n", 0},
		{"--bogus=1", NULL, "menace: unknown option '--bogus'\n", 0},
		{"--Jobs=2", NULL, "menace: unknown option '--Jobs' (did you mean '--jobs'?)\n", 0},
		{"--zzzzzz", NULL, "menace: unknown option '--zzzzzz'\n", 0},
		{"-qjx", NULL, "menace: -j: 'x' is not a count from 1 to 100\n", 0},
		{"-j", NULL, "menace: option '-j' needs a value\n", 0},
		{"--out", NULL, "menace: option '--out' needs a value\n", 0},
		{"--out=", NULL, "menace: option '--out' needs a value\n", 0},
		{"-j", "", "menace: option '-j' needs a value\n", 0},
		{"--jobs", "0", "menace: --jobs: '0' is not a count from 1 to 100\n", 0},
		{"-jx", NULL, "menace: -j: 'x' is not a count from 1 to 100\n", 0},
		{"--max-size", "3Q", "menace: --max-size: '3Q' is not a size\n", 0},
		{"--recursive-orphans=maybe", NULL, "menace: --recursive-orphans: 'maybe' is not a boolean\n", 0},
		{"--recursive-orphans=", NULL, "menace: option '--recursive-orphans' needs a value\n", 0},
		{"--quiet=1", NULL, "menace: option '--quiet' takes no value\n", 0},
		{"x", NULL, "menace: unexpected argument 'x'\n", OPT_NO_OPERANDS},
	};
	size_t i;
	struct vals v;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[] = {"t", (char *)cases[i].arg, (char *)cases[i].arg2, NULL};
		char want[256];
		int rc;

		err_begin();
		rc = parse(&v, cases[i].how, cases[i].arg2 ? 3 : 2, argv);
		err_end();
		snprintf(want, sizeof(want), "%smenace: see 't --help'\n",
		         cases[i].msg);
		CHECK_INT(rc, -1);
		CHECK_STR(errtext, want);
	}
}

static int seen_c;

static int on_c(void *ctx, const char *arg)
{
	(void)ctx;
	seen_c += (int)strlen(arg);
	return 0;
}

/* OPT_FIRST stops at the first argument that is not an option of the table */
static void test_parse_first(void)
{
	int help = 0;
	const struct opt opts[] = {
		OPT_FUNC('C', NULL, on_c, NULL, NULL),
		OPT_FINAL('h', "help", &help),
	};
	char *a1[] = {"menace", "-C", "ab", "-Ccd", "build", "-j4", NULL};
	char *a2[] = {"menace", "-j4", NULL};
	char *a3[] = {"menace", "--", "x", NULL};
	char *a4[] = {"menace", "--help", "-z", NULL};

	CHECK_INT(opt_parse(6, a1, opts, 2, OPT_FIRST, usage), 4);
	CHECK_INT(seen_c, 4);
	CHECK_INT(opt_parse(2, a2, opts, 2, OPT_FIRST, usage), 1);
	CHECK_INT(opt_parse(3, a3, opts, 2, OPT_FIRST, usage), 1);
	CHECK_INT(opt_parse(3, a4, opts, 2, OPT_FIRST, usage), 2);
	CHECK_INT(help, 1);
}

/* bundled short flags: "-qj4" is "-q -j 4"; "-qoFILE" takes the rest as
 * the value; a bundle with an unknown letter parses nothing under OPT_FIRST */
static void test_parse_bundle(void)
{
	char *a1[] = {"t", "-qj4", "x", NULL};
	char *a2[] = {"t", "-qo", "out", NULL};
	char *a3[] = {"t", "-qoq", NULL};
	char *a4[] = {"t", "-qz", "x", NULL};
	struct vals v;

	CHECK_INT(parse(&v, 0, 3, a1), 1);
	CHECK_INT(v.quiet, 1);
	CHECK_INT(v.jobs, 4);
	CHECK_STR(a1[1], "x");
	CHECK_INT(parse(&v, 0, 3, a2), 0);
	CHECK_STR(v.out, "out");
	CHECK_INT(parse(&v, 0, 2, a3), 0);
	CHECK_STR(v.out, "q");
	CHECK_INT(parse(&v, OPT_FIRST, 3, a4), 1);
	CHECK_INT(v.quiet, 0);
}

/* a command's table falls back to the global options, before or after
 * its operands; the table's own option wins */
static void test_parse_global(void)
{
	int verbose = 0, quiet = 0;
	const char *file = NULL;
	const struct opt globals[] = {
		OPT_FLAG('v', "verbose", &verbose),
		OPT_STR('f', "file", &file, NULL),
		OPT_FLAG('q', "quiet", &quiet),
	};
	char *a1[] = {"t", "x", "-vq", "--file=m.yaml", "y", NULL};
	char *a2[] = {"t", "--verbsoe", NULL};
	struct vals v;

	opt_global(globals, 3);
	CHECK_INT(parse(&v, 0, 5, a1), 2);
	CHECK_INT(verbose, 1);
	CHECK_INT(v.quiet, 1);
	CHECK_INT(quiet, 0);
	CHECK_STR(file, "m.yaml");
	CHECK_STR(a1[2], "y");
	err_begin();
	CHECK_INT(parse(&v, 0, 2, a2), -1);
	CHECK_STR(err_end(), "menace: unknown option '--verbsoe' (did you mean '--verbose'?)\n"
	                     "menace: see 't --help'\n");
	opt_global(NULL, 0);
}

static void test_usage(void)
{
	err_begin();
	CHECK_INT(opt_usage(usage), EXIT_USAGE);
	CHECK_INT(opt_usage("usage: a\n       b\n"), EXIT_USAGE);
	CHECK_STR(err_end(), "menace: usage: t [-j N] [-q] [--size SIZE] [ARG...]\n"
	                     "menace: see 't --help'\n"
	                     "menace: usage: a\n       b\n"
	                     "menace: see 'a --help'\n");
}

int main(void)
{
	RUN(test_bool);
	RUN(test_count);
	RUN(test_number);
	RUN(test_duration);
	RUN(test_size);
	RUN(test_empty);
	RUN(test_parse);
	RUN(test_parse_env);
	RUN(test_parse_errors);
	RUN(test_parse_first);
	RUN(test_parse_bundle);
	RUN(test_parse_global);
	RUN(test_usage);
	return unit_failed != 0;
}
