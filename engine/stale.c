/* stale.c: keys and the up-to-date test. */
#include <stdlib.h>
#include <string.h>

#include "engine/key.h"
#include "base/path.h"
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

int stale_key(struct workspace *ws, struct edge *e, struct buf *ser,
              const unsigned char *pending, struct buf *why)
{
	struct node *one[1], **in = one;
	struct edge **needs = NULL;
	struct record *rec = workspace_record(ws, e);
	size_t i, j, nneeds;
	int ret = 0;

	buf_reset(ser);
	key_begin(ser);
	if (e->command)
		key_run(ser, e->command);
	else
		key_use(ser, e->action ? e->action : "", e->with);
	for (i = 0; i < e->nenv; i++)
		key_env(ser, e->env[i], getenv(e->env[i]));
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
			goto out;
		}
		rc = node_hash(ws, in[i], &h);
		if (rc == 1) {
			if (in[i]->gen)
				ret = error("'%s', written by '%s' and needed by '%s', is missing",
				            in[i]->path, in[i]->gen->name, e->name);
			else
				ret = error("'%s', needed by '%s', is missing and no rule makes it",
				            in[i]->path, e->name);
		}
		if (rc != 0) {
			ret = -1;
			goto out;
		}
		key_in(ser, in[i]->path, h);
	}
	nneeds = flatten_needs(e, &needs);
	for (i = 0; i < nneeds; i++) {
		struct edge *n = needs[i];
		struct node **outs;

		if (i > 0 && n == needs[i - 1])
			continue;
		if (pending && pending[n->id]) {
			buf_printf(why, "needed rule '%s' will run\n", n->name);
			ret = 1;
			goto out;
		}
		outs = xreallocarray(NULL, n->nout + 1, sizeof(outs[0]));
		if (n->nout)
			memcpy(outs, n->out, n->nout * sizeof(outs[0]));
		if (n->nout > 1)
			qsort(outs, n->nout, sizeof(outs[0]), cmp_node);
		for (j = 0; j < n->nout; j++) {
			struct hash h = {0, 0};
			int rc = node_hash(ws, outs[j], &h);

			if (rc < 0) {
				free(outs);
				ret = -1;
				goto out;
			}
			if (rc == 1) {
				ret = error("'%s', written by '%s' and needed by '%s', is missing",
				            outs[j]->path, n->name, e->name);
				free(outs);
				goto out;
			}
			key_need(ser, n->name, outs[j]->path, h);
		}
		free(outs);
	}
	if (stale_add_deps(ws, ser, rec->deps, rec->ndeps) < 0)
		ret = -1;
out:
	if (in != one)
		free(in);
	free(needs);
	return ret;
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

/* depfiles: "target...: dep dep \<newline> dep"; a backslash escapes a
 * space, '#' or itself, "$$" is '$'; an unescaped newline ends a rule. The
 * words after each rule's first ':' are its dependencies (also when the
 * ':' has no space after it). A rule with words but no ':' is malformed. */
int depfile_parse(const char *text, size_t len, char ***deps)
{
	const char *p = text, *end = text + len;
	char **v = NULL;
	size_t n = 0, cap = 0, i, w;
	struct buf word = BUF_INIT;
	int targets = 1, words = 0;

	while (p < end || word.len) {
		int c = p < end ? (unsigned char)*p : '\n';

		if (c == '\\' && p + 1 < end && (p[1] == '\n' || p[1] == '\r')) {
			p += 2;
			if (p < end && p[-1] == '\r' && *p == '\n')
				p++;
			c = ' ';
		} else if (c == '\\' && p + 1 < end && (p[1] == ' ' || p[1] == '#' || p[1] == '\\')) {
			buf_putc(&word, p[1]);
			p += 2;
			continue;
		} else if (c == '$' && p + 1 < end && p[1] == '$') {
			buf_putc(&word, '$');
			p += 2;
			continue;
		} else {
			p++;
		}
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			buf_putc(&word, c);
			continue;
		}
		if (word.len) {
			char *colon = targets ? memchr(word.s, ':', word.len) : NULL;

			words = 1;
			if (colon && colon[1]) {
				/* "target:dep" */
				char *s = xstrdup(colon + 1);

				targets = 0;
				path_clean(s);
				growarray(&v, &cap, n + 1, sizeof(v[0]));
				v[n++] = s;
				buf_reset(&word);
			} else if (targets) {
				if (colon)
					targets = 0;
				buf_reset(&word);
			} else if (word.len == 1 && word.s[0] == ':') {
				buf_reset(&word);
			} else {
				char *s = buf_take(&word);

				path_clean(s);
				growarray(&v, &cap, n + 1, sizeof(v[0]));
				v[n++] = s;
			}
		}
		if (c == '\n') {
			if (targets && words) {
				/* words but no ':' */
				buf_free(&word);
				for (i = 0; i < n; i++)
					free(v[i]);
				free(v);
				*deps = NULL;
				return -1;
			}
			targets = 1;
			words = 0;
		}
	}
	buf_free(&word);
	if (n > 1)
		qsort(v, n, sizeof(v[0]), cmp_strp);
	for (i = 0, w = 0; i < n; i++) {
		if (w > 0 && strcmp(v[i], v[w - 1]) == 0) {
			free(v[i]);
			continue;
		}
		v[w++] = v[i];
	}
	*deps = v;
	return (int)w;
}
