/* late.c: rules that read what foreach instances write. A foreach rule's
 * outputs are known only once its list is read, during the build; a rule
 * whose in: may name one of them (a path or glob that can match the
 * pattern of the foreach rule's out:, vars resolved, ${...} standing for
 * anything) is "late": loaded as a template like the foreach rule, after
 * it, and instantiated once every foreach rule it reads from has been
 * expanded (graph_expand_late in load.h). A rule that may read a late
 * rule's outputs is late too. A foreach rule that may read another's
 * outputs waits for that one before it expands. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "graph/expand.h"
#include "graph/glob.h"
#include "graph/ruledef.h"
#include "base/util.h"

/* the paths or patterns a def's in: (out: with out set) may name, vars
 * resolved; ${item}, matrix parameters and the like kept as written */
static char **patterns(struct loader *L, struct ruledef *d, int out, size_t *n)
{
	const struct lstr *v = out ? d->out : d->in;
	size_t nv = out ? d->nout : d->nin, i;
	struct strset env = {NULL, 0, 0};
	struct xctx x;
	char **p = xcalloc(nv + 1, sizeof(*p)), **names = xcalloc(d->nmatrix + 1, sizeof(*names));
	char *dummy[1] = {NULL};

	memset(&x, 0, sizeof(x));
	x.vars = L->vars;
	x.defer = 1;
	x.has_item = 1;
	x.has_params = 1;
	for (i = 0; i < d->nmatrix; i++)
		names[i] = (char *)d->matrix[i].name.s;
	x.pnames = names;
	x.nparams = d->nmatrix;
	x.env = &env;
	x.in = out ? dummy : NULL;
	*n = 0;
	for (i = 0; i < nv; i++) {
		struct lstr s = v[i];

		if (!out && s.s[0] == '-')
			s.s++;
		if (expand_string(&x, &s, &p[*n]) == 0)
			(*n)++;
	}
	free(names);
	for (i = 0; i < env.n; i++)
		free(env.v[i]);
	free(env.v);
	return p;
}

/* p with each ${...} replaced by '*' (malloc'd) */
static char *starred(const char *p)
{
	char *r = xmalloc(strlen(p) + 1), *o = r;

	while (*p) {
		const char *end;

		if (p[0] == '$' && p[1] == '{' && (end = strchr(p, '}'))) {
			*o++ = '*';
			p = end + 1;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return r;
}

/* 1 when one of a and b (globs, '*' also crossing '/') may match a path the
 * other matches: a literal against the other pattern; two patterns when
 * their literal heads and tails agree */
static int may_overlap(const char *pa, const char *pb)
{
	char *a = starred(pa), *b = starred(pb);
	size_t ha = strcspn(a, "*?["), hb = strcspn(b, "*?["), la = strlen(a), lb = strlen(b), ta, tb, h, t;
	int r;

	if (!a[ha] || !b[hb]) {
		r = !a[ha] ? fnmatch(b, a, 0) == 0 : fnmatch(a, b, 0) == 0;
	} else {
		for (ta = 0; ta < la && !strchr("*?]", a[la - 1 - ta]); ta++)
			;
		for (tb = 0; tb < lb && !strchr("*?]", b[lb - 1 - tb]); tb++)
			;
		h = ha < hb ? ha : hb;
		t = ta < tb ? ta : tb;
		r = memcmp(a, b, h) == 0 && memcmp(a + la - t, b + lb - t, t) == 0;
	}
	free(a);
	free(b);
	return r;
}

struct producer {
	struct ruledef *d;
	char **out;
	size_t nout;
};

static void add_after(struct ruledef *d, struct ruledef *by)
{
	size_t i;

	if (by == d)
		return;
	for (i = 0; i < d->nneeds; i++)
		if (strcmp(d->needs[i].s, by->rule->name) == 0)
			return;
	for (i = 0; i < d->nafter; i++)
		if (d->after[i] == by->rule)
			return;
	d->after = xreallocarray(d->after, d->nafter + 1, sizeof(d->after[0]));
	d->after[d->nafter++] = by->rule;
}

static void free_patterns(char **p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(p[i]);
	free(p);
}

void loader_mark_late(struct loader *L, struct ruledef **defs, size_t n)
{
	struct producer *pr = xcalloc(n + 1, sizeof(*pr));
	char ***in;
	size_t *nin, npr = 0, i, j, k, m;
	int changed = 1;

	for (i = 0; i < n; i++)
		if (defs[i]->foreach) {
			pr[npr].d = defs[i];
			pr[npr].out = patterns(L, defs[i], 1, &pr[npr].nout);
			npr++;
		}
	if (!npr) {
		free(pr);
		return;
	}
	/* each def's in: patterns, read once for every round below */
	in = xcalloc(n + 1, sizeof(*in));
	nin = xcalloc(n + 1, sizeof(*nin));
	for (i = 0; i < n; i++)
		in[i] = patterns(L, defs[i], 0, &nin[i]);
	while (changed) {
		changed = 0;
		for (i = 0; i < n; i++) {
			struct ruledef *d = defs[i];
			size_t had = d->nafter;

			for (j = 0; j < npr; j++)
				for (k = 0; k < nin[i]; k++)
					for (m = 0; m < pr[j].nout; m++)
						if (may_overlap(in[i][k], pr[j].out[m]))
							add_after(d, pr[j].d);
			if (d->nafter > had)
				changed = 1;
			if (d->nafter && !d->foreach && !d->late) {
				d->late = 1;
				pr[npr].d = d;
				pr[npr].out = patterns(L, d, 1, &pr[npr].nout);
				npr++;
			}
		}
	}
	for (i = 0; i < n; i++)
		free_patterns(in[i], nin[i]);
	free(in);
	free(nin);
	for (i = 0; i < npr; i++)
		free_patterns(pr[i].out, pr[i].nout);
	free(pr);
}
