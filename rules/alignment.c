/* alignment.c: the checks are counts, not line matches: a file's old and new
 * contents are measured the same way and a count that drops (docstrings,
 * logging calls, tests, assertions) or grows (eval/exec, shell, linter
 * suppressions, credentials) is an issue. Moving or rewording code is then
 * no issue, and the result does not depend on how the diff is cut.
 *
 * Python is read through the tokenizer (pytoken.h), so code is only code:
 * a pattern inside a string or a comment is not a call, and a suppression
 * is only one in a comment. Credentials alone are a text pattern, matched
 * line by line in any text file: a secret leaks wherever it is written. */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/alignment.h"
#include "rules/gitlib.h"
#include "rules/pytoken.h"
#include "base/buf.h"
#include "base/util.h"

static const char cred_text[] =
	"((password|passwd|pwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token|token|private[_-]?key)"
	"[A-Za-z0-9_]*[\"']?[[:space:]]*[:=][[:space:]]*[\"'][^\"'[:space:]]{6,}[\"']"
	"|AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----)";

/* the lines of text that hold a credential */
static int count_credentials(const char *text)
{
	static regex_t rx;
	static int ready;
	const char *p = text, *nl;
	int count = 0;

	if (!ready) {
		if (regcomp(&rx, cred_text, REG_EXTENDED | REG_NOSUB | REG_ICASE) != 0)
			die(EXIT_FAILED, "internal error: bad credential pattern");
		ready = 1;
	}
	while (p && *p) {
		char *line;

		nl = strchr(p, '\n');
		line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		p = nl ? nl + 1 : NULL;
		if (regexec(&rx, line, 0, NULL, 0) == 0)
			count++;
		free(line);
	}
	return count;
}

struct pystats {
	int docstrings, logging, tests, asserts, evals, shells, lints, creds;
	int has_code, first_is_doc;
};

/* 1 when the text s[0..n) holds word, any case, then (tail non-NULL)
 * optional white space and tail: "type: ignore" */
static int has_directive(const char *s, size_t n, const char *word, const char *tail)
{
	size_t wl = strlen(word), tl = tail ? strlen(tail) : 0, i, k;

	for (i = 0; i + wl <= n; i++) {
		if (strncasecmp(s + i, word, wl) != 0)
			continue;
		if (!tail)
			return 1;
		for (k = i + wl; k < n && isspace((unsigned char)s[k]); k++)
			;
		if (k + tl <= n && strncasecmp(s + k, tail, tl) == 0)
			return 1;
	}
	return 0;
}

/* a comment that silences a linter or a formatter */
static int is_suppression(const struct pytok *c)
{
	return has_directive(c->s, c->len, "noqa", NULL) || has_directive(c->s, c->len, "nosec", NULL)
	       || has_directive(c->s, c->len, "type:", "ignore")
	       || has_directive(c->s, c->len, "pylint:", "disable")
	       || has_directive(c->s, c->len, "pyright:", "ignore")
	       || has_directive(c->s, c->len, "fmt:", "off");
}

/* 1 when the NAME t starts with prefix and (letters set) goes on with
 * letters only */
static int name_starts(const struct pytok *t, const char *prefix, int letters)
{
	size_t n = strlen(prefix), k;

	if (t->kind != PYTOK_NAME || t->len < n || memcmp(t->s, prefix, n) != 0)
		return 0;
	for (k = n; letters && k < t->len; k++)
		if (!isalpha((unsigned char)t->s[k]))
			return 0;
	return 1;
}

/* t[i] . NAME ( with NAME one of methods */
static int method_call(const struct pytok *t, size_t n, size_t i, const struct pyword *methods)
{
	return pytok_is(pytok_at(t, n, i + 1), ".") && pytok_in(pytok_at(t, n, i + 2), methods)
	       && pytok_is(pytok_at(t, n, i + 3), "(");
}

static const struct pyword loggers[] = {
	PYWORD("logging"), PYWORD("logger"), PYWORD("log"), PYWORD("_logger"), PYWORD("_log"),
	PYWORD("LOGGER"), PYWORD("LOG"), {NULL, 0},
};
static const struct pyword log_methods[] = {
	PYWORD("debug"), PYWORD("info"), PYWORD("warning"), PYWORD("warn"), PYWORD("error"),
	PYWORD("exception"), PYWORD("critical"), PYWORD("fatal"), PYWORD("log"), {NULL, 0},
};
static const struct pyword os_system[] = {PYWORD("system"), {NULL, 0}};
static const struct pyword raises[] = {PYWORD("raises"), {NULL, 0}};

/* the patterns that start at the code token t[i] */
static void count_code(struct pystats *s, const struct pytok *t, size_t n, size_t i)
{
	const struct pytok *tok = &t[i], *next = pytok_at(t, n, i + 1);
	const struct pytok *prev = i > 0 ? &t[i - 1] : pytok_at(t, 0, 0);

	if (tok->kind != PYTOK_NAME)
		return;
	if (pytok_in(tok, loggers) && method_call(t, n, i, log_methods))
		s->logging++;
	/* a call, not a method (model.eval()) nor a definition (def eval():) */
	if ((pytok_is(tok, "eval") || pytok_is(tok, "exec")) && pytok_is(next, "(")
	    && !pytok_is(prev, ".") && !pytok_is(prev, "def"))
		s->evals++;
	if ((pytok_is(tok, "shell") && pytok_is(next, "=") && pytok_is(pytok_at(t, n, i + 2), "True"))
	    || (pytok_is(tok, "os") && method_call(t, n, i, os_system)))
		s->shells++;
	if ((pytok_is(tok, "def") && name_starts(next, "test", 0))
	    || (pytok_is(tok, "class") && name_starts(next, "Test", 0)))
		s->tests++;
	if (pytok_is(tok, "assert")
	    || (pytok_is(tok, "self") && pytok_is(next, ".")
		&& name_starts(pytok_at(t, n, i + 2), "assert", 1) && pytok_is(pytok_at(t, n, i + 3), "("))
	    || (pytok_is(tok, "pytest") && method_call(t, n, i, raises)))
		s->asserts++;
}

/* a statement starting at tok: a docstring when it is a triple-quoted
 * string first in the file or after a line ending in ':' */
static void count_statement(struct pystats *s, const struct pytok *tok, int after_colon)
{
	if (tok->kind == PYTOK_STRING && pytok_triple(tok) && (after_colon || !s->has_code)) {
		s->docstrings++;
		if (!s->has_code)
			s->first_is_doc = 1;
	}
	s->has_code = 1;
}

/* the counts of Python text, read past tokenizer errors */
static void code_stats(const char *text, struct pystats *s)
{
	struct pytok *t;
	size_t n, i, k = 0;
	int start = 1, after_colon = 0;

	pytok_tokenize_all(text, strlen(text), &t, &n);
	for (i = 0; i < n; i++) {
		if (t[i].kind == PYTOK_COMMENT)
			s->lints += is_suppression(&t[i]);
		else
			t[k++] = t[i];
	}
	for (i = 0; i < k; i++) {
		if (t[i].kind == PYTOK_NEWLINE) {
			after_colon = i > 0 && pytok_is(&t[i - 1], ":");
			start = 1;
			continue;
		}
		if (start)
			count_statement(s, &t[i], after_colon);
		start = 0;
		count_code(s, t, k, i);
	}
	free(t);
}

static void py_stats(const char *text, int is_py, struct pystats *s)
{
	memset(s, 0, sizeof(*s));
	s->creds = count_credentials(text);
	if (is_py)
		code_stats(text, s);
}

static void add_issue(struct align_report *r, int tier, char *message)
{
	growarray(&r->issues, &r->cap, r->nissues + 1, sizeof(*r->issues));
	r->issues[r->nissues].tier = tier;
	r->issues[r->nissues].message = message;
	r->nissues++;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* tests/..., test/..., test_*.py, *_test.py, conftest.py */
static int is_test_path(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (strncmp(path, "tests/", 6) == 0 || strncmp(path, "test/", 5) == 0 ||
	    strstr(path, "/tests/") || strstr(path, "/test/"))
		return 1;
	return (strncmp(base, "test_", 5) == 0 || ends_with(base, "_test.py") ||
	        strcmp(base, "conftest.py") == 0) && ends_with(base, ".py");
}

/* a count that dropped: "PATH: N WHAT removed" */
static void dropped(struct align_report *r, int tier, const char *path, int before, int after,
                    const char *what)
{
	if (after < before)
		add_issue(r, tier, xasprintf("%s: %d %s removed", path, before - after, what));
}

static void grew(struct align_report *r, int tier, const char *path, int before, int after,
                 const char *what)
{
	if (after > before)
		add_issue(r, tier, xasprintf("%s: %d %s added", path, after - before, what));
}

void alignment_check_file(struct align_report *r, const char *path,
                          const char *old_text, const char *new_text)
{
	int is_py = ends_with(path, ".py");
	struct pystats a, b;

	py_stats(old_text ? old_text : "", is_py, &a);
	py_stats(new_text ? new_text : "", is_py, &b);
	if (!new_text && is_test_path(path)) {
		add_issue(r, TIER_TEST_REMOVED, xasprintf("%s: test file deleted", path));
		return;
	}
	if (is_py && new_text) {
		/* a deleted module is removed functionality, not quietly weakened code,
		 * so only changed files are checked for what went missing */
		if (old_text) {
			dropped(r, TIER_DOCSTRING_REMOVED, path, a.docstrings, b.docstrings, "docstring(s)");
			dropped(r, TIER_LOGGING_REMOVED, path, a.logging, b.logging, "logging call(s)");
			dropped(r, TIER_TEST_REMOVED, path, a.tests, b.tests, "test function(s) or class(es)");
			dropped(r, TIER_ASSERT_REMOVED, path, a.asserts, b.asserts, "assertion(s)");
		} else if (b.has_code && !b.first_is_doc) {
			add_issue(r, TIER_NEW_MODULE_NO_DOCSTRING,
			          xasprintf("%s: new module without a module docstring", path));
		}
		grew(r, TIER_EVAL_EXEC, path, a.evals, b.evals, "eval(/exec( call(s)");
		grew(r, TIER_SHELL, path, a.shells, b.shells, "shell=True/os.system( use(s)");
		grew(r, TIER_LINTER_SUPPRESSION, path, a.lints, b.lints, "linter suppression(s)");
	}
	if (new_text)
		grew(r, TIER_CREDENTIAL, path, a.creds, b.creds, "embedded credential(s)");
}

double alignment_severity(const struct align_report *r)
{
	int max = 0;
	size_t i;

	for (i = 0; i < r->nissues; i++)
		if (r->issues[i].tier > max)
			max = r->issues[i].tier;
	return max / 4.0;
}

double alignment_score(const struct align_report *r)
{
	int sum = 0;
	size_t i;

	for (i = 0; i < r->nissues; i++)
		sum += r->issues[i].tier;
	return sum / 4.0;
}

void alignment_report_release(struct align_report *r)
{
	size_t i;

	for (i = 0; i < r->nissues; i++)
		free(r->issues[i].message);
	free(r->issues);
	memset(r, 0, sizeof(*r));
}

/* a blob's text, or NULL when absent or binary */
static char *blob_text(git_repository *repo, const git_diff_file *f)
{
	git_blob *blob;
	char *text = NULL;

	if (!(f->flags & GIT_DIFF_FLAG_EXISTS) || git_oid_is_zero(&f->id))
		return NULL;
	if (git_blob_lookup(&blob, repo, &f->id) < 0)
		return NULL;
	if (!git_blob_is_binary(blob))
		text = xstrndup(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return text;
}

static int git_fail(const char *what, const char *dir)
{
	const git_error *e = git_error_last();

	return error("%s: %s: %s", dir, what, e && e->message ? e->message : "libgit2 error");
}

/* one changed file of the diff */
static void check_delta(git_repository *repo, const git_diff_delta *d, struct align_report *r)
{
	char *old_text = NULL, *new_text = NULL;
	const char *path = d->new_file.path ? d->new_file.path : d->old_file.path;

	if (d->status != GIT_DELTA_ADDED)
		old_text = blob_text(repo, &d->old_file);
	if (d->status != GIT_DELTA_DELETED)
		new_text = blob_text(repo, &d->new_file);
	/* a binary side means nothing to check; an empty side stays "" */
	if ((d->status != GIT_DELTA_ADDED && !old_text && d->old_file.size > 0) ||
	    (d->status != GIT_DELTA_DELETED && !new_text && d->new_file.size > 0)) {
		free(old_text);
		free(new_text);
		return;
	}
	if (d->status != GIT_DELTA_ADDED && !old_text)
		old_text = xstrdup("");
	if (d->status != GIT_DELTA_DELETED && !new_text)
		new_text = xstrdup("");
	alignment_check_file(r, path, old_text, new_text);
	free(old_text);
	free(new_text);
}

/* the HEAD commit of the repository at dir: 0, 1 when skipped (a note was
 * printed), -1 after an error */
static int open_head(const char *dir, git_repository **repo, git_object **head)
{
	int e = git_repository_open_ext(repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);

	if (e == GIT_ENOTFOUND) {
		note("'%s' is not a git repository: alignment check skipped", dir);
		return 1;
	}
	if (e < 0)
		return git_fail("cannot open the repository", dir);
	e = git_revparse_single(head, *repo, "HEAD^{commit}");
	if (e == GIT_ENOTFOUND || e == GIT_EUNBORNBRANCH) {
		note("'%s' has no commit: alignment check skipped", dir);
		return 1;
	}
	if (e < 0)
		return git_fail("cannot read HEAD", dir);
	return 0;
}

/* the diff of commit against its first parent (a root commit against the
 * empty tree), its line counts in r; 0, or -1 after an error */
static int diff_commit(const char *dir, git_repository *repo, git_commit *commit,
		       git_diff **diff, struct align_report *r)
{
	git_commit *parent = NULL;
	git_tree *new_tree = NULL, *old_tree = NULL;
	git_diff_stats *stats = NULL;
	git_diff_options opts;
	int rc = -1;

	if (git_commit_tree(&new_tree, commit) < 0) {
		rc = git_fail("cannot read the HEAD tree", dir);
		goto out;
	}
	if (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) < 0 || git_commit_tree(&old_tree, parent) < 0)) {
		rc = git_fail("cannot read the parent commit", dir);
		goto out;
	}
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	if (git_diff_tree_to_tree(diff, repo, old_tree, new_tree, &opts) < 0 ||
	    git_diff_get_stats(&stats, *diff) < 0) {
		rc = git_fail("cannot diff HEAD", dir);
		goto out;
	}
	r->lines_added = (long)git_diff_stats_insertions(stats);
	r->lines_removed = (long)git_diff_stats_deletions(stats);
	rc = 0;
out:
	git_diff_stats_free(stats);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	git_commit_free(parent);
	return rc;
}

int alignment_check_repo(const char *dir, struct align_report *r)
{
	git_repository *repo = NULL;
	git_object *head = NULL;
	git_diff *diff = NULL;
	size_t i, n;
	int rc;

	memset(r, 0, sizeof(*r));
	if (gitlib_load() < 0)
		return -1;
	git_libgit2_init();
	rc = open_head(dir, &repo, &head);
	if (rc != 0)
		goto out;
	git_oid_tostr(r->commit, sizeof(r->commit), git_commit_id((git_commit *)head));
	rc = diff_commit(dir, repo, (git_commit *)head, &diff, r);
	if (rc < 0)
		goto out;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++)
		check_delta(repo, git_diff_get_delta(diff, i), r);
out:
	git_diff_free(diff);
	git_object_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
