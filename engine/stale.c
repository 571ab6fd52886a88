/* stale.c: keys and the up-to-date test. */
#include <stdlib.h>
#include <string.h>

#include "engine/key.h"
#include "base/path.h"
#include "engine/service.h"
#include "engine/stale.h"
#include "base/util.h"

static int cmp_node(const void *a, const void *b)
{
	return strcmp((*(struct node *const *)a)->path, (*(struct node *const *)b)->path);
}

static int cmp_edge(const void *a, const void *b)
{
	return strcmp((*(struct edge *const *)a)->name, (*(struct edge *const *)b)->name);
}

/* the current hash of n; 0, 1 missing, -1 error */
static int node_hash(struct workspace *ws, struct node *n, struct hash *h)
{
	struct fentry *fe = workspace_fentry(ws, n);
	int rc = filecache_check(ws->fc, fe, n->is_dir);

	if (rc == 0)
		*h = fe->hash;
	return rc;
}

int stale_add_deps(struct workspace *ws, struct buf *ser, char **deps, size_t ndeps)
{
	size_t i;

	for (i = 0; i < ndeps; i++) {
		size_t len = strlen(deps[i]);
		struct node *n = graph_find_node(ws->g, deps[i], len);
		struct fentry *fe = n ? workspace_fentry(ws, n) : filecache_put(ws->fc, deps[i], len, 0);
		int rc = filecache_check(ws->fc, fe, 0);

		if (rc < 0)
			return -1;
		key_dep(ser, deps[i], fe->hash, rc == 1);
	}
	return 0;
}

/* e's needs, with groups (expanded foreach rules) replaced by what they
 * need, sorted by name; the count */
static size_t flatten_needs(struct edge *e, struct edge ***out)
{
	struct edge **v = NULL, **stack = NULL;
	size_t n = 0, cap = 0, ns = 0, caps = 0, i;

	for (i = 0; i < e->nneeds; i++) {
		growarray(&stack, &caps, ns + 1, sizeof(stack[0]));
		stack[ns++] = e->needs[i];
	}
	while (ns) {
		struct edge *d = stack[--ns];

		if (d->flags & EDGE_GROUP) {
			/* a group never needs itself: the loader rejects cycles */
			for (i = 0; i < d->nneeds; i++) {
				growarray(&stack, &caps, ns + 1, sizeof(stack[0]));
				stack[ns++] = d->needs[i];
			}
			continue;
		}
		growarray(&v, &cap, n + 1, sizeof(v[0]));
		v[n++] = d;
	}
	free(stack);
	if (n > 1)
		qsort(v, n, sizeof(v[0]), cmp_edge);
	*out = v;
	return n;
}

/* e's inputs, sorted, into ser; 0, 1 when one comes from a pending
 * instance (why says which), -1 after an error */
static int key_inputs(struct workspace *ws, struct edge *e, struct buf *ser,
                      const unsigned char *pending, struct buf *why)
{
	struct node *one[1], **in = one;
	size_t i;
	int ret = 0;

	if (e->nin > 1) {
		in = xreallocarray(NULL, e->nin, sizeof(in[0]));
		memcpy(in, e->in, e->nin * sizeof(in[0]));
		qsort(in, e->nin, sizeof(in[0]), cmp_node);
	} else if (e->nin == 1) {
		one[0] = e->in[0];
	}
	for (i = 0; i < e->nin; i++) {
		struct hash h;
		int rc;

		if (i > 0 && in[i] == in[i - 1])
			continue;
		if (pending && in[i]->gen && pending[in[i]->gen->id]) {
			buf_printf(why, "input '%s' will be rebuilt by '%s'\n", in[i]->path, in[i]->gen->name);
			ret = 1;
			break;
		}
		rc = node_hash(ws, in[i], &h);
		if (rc == 1)
			stale_missing(ws->g, e, in[i], NULL);
		if (rc != 0) {
			ret = -1;
			break;
		}
		key_in(ser, in[i]->path, h);
	}
	if (in != one)
		free(in);
	return ret;
}

/* the outputs of n, which e needs, sorted, into ser; 0 or -1 */
static int key_need_outputs(struct workspace *ws, struct edge *e, struct edge *n, struct buf *ser)
{
	struct node **outs = xreallocarray(NULL, n->nout + 1, sizeof(outs[0]));
	size_t j;
	int ret = 0;

	if (n->nout)
		memcpy(outs, n->out, n->nout * sizeof(outs[0]));
	if (n->nout > 1)
		qsort(outs, n->nout, sizeof(outs[0]), cmp_node);
	for (j = 0; j < n->nout; j++) {
		struct hash h = {0, 0};
		int rc = node_hash(ws, outs[j], &h);

		if (rc < 0) {
			ret = -1;
			break;
		}
		if (rc == 1) {
			ret = error("'%s', written by '%s' and needed by '%s', is missing",
			            outs[j]->path, n->name, e->name);
			break;
		}
		key_need(ser, n->name, outs[j]->path, h);
	}
	free(outs);
	return ret;
}

/* the rules e needs (groups flattened), by name, into ser; 0, 1 when one
 * is pending (why says which), -1 after an error */
static int key_needs(struct workspace *ws, struct edge *e, struct buf *ser,
                     const unsigned char *pending, struct buf *why)
{
	struct edge **needs = NULL;
	size_t i, nneeds = flatten_needs(e, &needs);
	int ret = 0;

	for (i = 0; i < nneeds && ret == 0; i++) {
		struct edge *n = needs[i];

		if (i > 0 && n == needs[i - 1])
			continue;
		if (pending && pending[n->id]) {
			buf_printf(why, "needed rule '%s' will run\n", n->name);
			ret = 1;
			break;
		}
		ret = key_need_outputs(ws, e, n, ser);
	}
	free(needs);
	return ret;
}

int stale_key(struct workspace *ws, struct edge *e, struct buf *ser,
              const unsigned char *pending, struct buf *why)
{
	struct record *rec = workspace_record(ws, e);
	const char *tools;
	size_t i;
	int ret;

	buf_reset(ser);
	key_begin(ser);
	if (e->command)
		key_run(ser, e->command);
	else
		key_use(ser, e->action ? e->action : "", e->with);
	if (!e->command && (tools = services_tools(ws->svc, e->action)))
		key_tool(ser, e->action, tools);
	for (i = 0; i < e->nenv; i++)
		key_env(ser, e->env[i], getenv(e->env[i]));
	if ((ret = key_inputs(ws, e, ser, pending, why)) != 0 ||
	    (ret = key_needs(ws, e, ser, pending, why)) != 0)
		return ret;
	return stale_add_deps(ws, ser, rec->deps, rec->ndeps) < 0 ? -1 : 0;
}

int stale_check(struct workspace *ws, struct edge *e, const struct buf *ser, struct buf *why,
                int max)
{
	struct record *rec = workspace_record(ws, e);
	struct hash key = key_hash(ser->s, ser->len);
	size_t i;
	int n = 0;

	if (e->flags & EDGE_ALWAYS) {
		buf_puts(why, "always: true\n");
		return 1;
	}
	if (!rec->has) {
		buf_puts(why, e->rule && e->rule->foreach_from ? "instance added\n" : "never built\n");
		return 1;
	}
	if (!hash_eq(key, rec->key)) {
		size_t oldlen = 0;
		char *old = state_keytext(ws->st, e->name, &oldlen);

		if (old)
			n = key_diff(old, oldlen, ser->s, ser->len, why, max);
		free(old);
		if (n == 0)
			buf_puts(why, "key changed\n");
		return 1;
	}
	if (!rec->outs_match) {
		buf_puts(why, "its declared outputs changed\n");
		return 1;
	}
	for (i = 0; i < e->nout && (max == 0 || n < max); i++) {
		struct node *o = e->out[i];
		struct hash h = {0, 0};
		int rc = node_hash(ws, o, &h);

		if (rc < 0)
			return -1;
		if (rc == 1) {
			buf_printf(why, "output '%s' is missing\n", o->path);
			n++;
		} else if (!hash_eq(h, rec->out[i])) {
			buf_printf(why, "output '%s' was modified\n", o->path);
			n++;
		}
	}
	return n > 0;
}

/* the parse of a depfile */
struct depparse {
	char **v;             /* the dependencies */
	size_t n, cap;
	int targets;          /* before the rule's ':' */
	int words;            /* the rule has words */
};

/* the next character of a depfile at *pp (escapes resolved, an escaped
 * newline a space), advancing *pp: a separator that ends a word (' ',
 * '\t', '\r', '\n'; '\n' past the end), or 0 after adding it to word */
static int depfile_char(const char **pp, const char *end, struct buf *word)
{
	const char *p = *pp;
	int c = p < end ? (unsigned char)*p : '\n';

	if (c == '\\' && p + 1 < end && (p[1] == '\n' || p[1] == '\r')) {
		p += 2;
		if (p < end && p[-1] == '\r' && *p == '\n')
			p++;
		c = ' ';
	} else if (c == '\\' && p + 1 < end && (p[1] == ' ' || p[1] == '#' || p[1] == '\\')) {
		buf_putc(word, p[1]);
		*pp = p + 2;
		return 0;
	} else if (c == '$' && p + 1 < end && p[1] == '$') {
		buf_putc(word, '$');
		*pp = p + 2;
		return 0;
	} else {
		p++;
	}
	*pp = p;
	if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
		buf_putc(word, c);
		return 0;
	}
	return c;
}

static void depfile_add(struct depparse *d, char *s)
{
	path_clean(s);
	growarray(&d->v, &d->cap, d->n + 1, sizeof(d->v[0]));
	d->v[d->n++] = s;
}

/* a whole word: a target, the ':' or a dependency */
static void depfile_word(struct depparse *d, struct buf *word)
{
	char *colon = d->targets ? memchr(word->s, ':', word->len) : NULL;

	d->words = 1;
	if (colon && colon[1]) {
		/* "target:dep" */
		d->targets = 0;
		depfile_add(d, xstrdup(colon + 1));
		buf_reset(word);
	} else if (d->targets) {
		if (colon)
			d->targets = 0;
		buf_reset(word);
	} else if (word->len == 1 && word->s[0] == ':') {
		buf_reset(word);
	} else {
		depfile_add(d, buf_take(word));
	}
}

/* sort v[0..n) and free the repeats; the count left */
static size_t sort_unique(char **v, size_t n)
{
	size_t i, w;

	if (n > 1)
		qsort(v, n, sizeof(v[0]), cmp_strp);
	for (i = 0, w = 0; i < n; i++) {
		if (w > 0 && strcmp(v[i], v[w - 1]) == 0) {
			free(v[i]);
			continue;
		}
		v[w++] = v[i];
	}
	return w;
}

void depfile_put_path(struct buf *b, const char *path)
{
	const char *p;

	for (p = path; *p; p++) {
		if (*p == ' ' || *p == '#' || *p == '\\')
			buf_putc(b, '\\');
		if (*p == '$')
			buf_putc(b, '$');
		buf_putc(b, *p);
	}
}

/* depfiles: "target...: dep dep \<newline> dep"; a backslash escapes a
 * space, '#' or itself, "$$" is '$'; an unescaped newline ends a rule. The
 * words after each rule's first ':' are its dependencies (also when the
 * ':' has no space after it). A rule with words but no ':' is malformed. */
int depfile_parse(const char *text, size_t len, char ***deps)
{
	const char *p = text, *end = text + len;
	struct depparse d = {NULL, 0, 0, 1, 0};
	struct buf word = BUF_INIT;
	size_t i;

	while (p < end || word.len) {
		int c = depfile_char(&p, end, &word);

		if (!c)
			continue;
		if (word.len)
			depfile_word(&d, &word);
		if (c == '\n') {
			if (d.targets && d.words) {
				/* words but no ':' */
				buf_free(&word);
				for (i = 0; i < d.n; i++)
					free(d.v[i]);
				free(d.v);
				*deps = NULL;
				return -1;
			}
			d.targets = 1;
			d.words = 0;
		}
	}
	buf_free(&word);
	*deps = d.v;
	return (int)sort_unique(d.v, d.n);
}
