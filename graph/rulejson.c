/* rulejson.c: a rule as JSON. An instance of a use: rule carries its with:
 * as canonical JSON (edge->with: sorted keys, values expanded). A foreach
 * or late rule keeps a template (rule->src, read back by foreach.c when
 * it expands): {"format": 1, "in": [...], "out": [...], then "run", or
 * "with" and "use", then "depfile", "description" when set, "matrix":
 * [{"name", "values"}], "key" and "after" when set}, every string with
 * vars and env resolved and ${item...}, ${in}, ${out} and matrix
 * parameters kept for the expansion. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "base/util.h"
#include "graph/rulejson.h"

static int cmpwentry(const void *a, const void *b)
{
	return strcmp(((const struct wentry *)a)->key.s, ((const struct wentry *)b)->key.s);
}

static cJSON *wval_json(struct xctx *x, const struct wval *v, int inlist)
{
	cJSON *j;
	size_t i;

	switch (v->kind) {
	case W_NUMBER:
		return cJSON_CreateNumber(v->num);
	case W_BOOL:
		return cJSON_CreateBool(v->b);
	case W_LIST:
		j = cJSON_CreateArray();
		for (i = 0; i < v->n; i++) {
			if (v->list[i].kind == W_STRING) {
				char **w = NULL;
				size_t nw = 0, k;

				if (expand_words(x, &v->list[i].s, &w, &nw) < 0) {
					cJSON_Delete(j);
					return NULL;
				}
				for (k = 0; k < nw; k++) {
					cJSON_AddItemToArray(j, cJSON_CreateString(w[k]));
					free(w[k]);
				}
				free(w);
			} else {
				cJSON_AddItemToArray(j, wval_json(x, &v->list[i], 1));
			}
		}
		return j;
	case W_STRING:
	default: {
		char *s;

		(void)inlist;
		if (expand_string(x, &v->s, &s) < 0)
			return NULL;
		j = cJSON_CreateString(s);
		free(s);
		return j;
	}
	}
}

char *ruledef_with_json(struct xctx *x, struct ruledef *d)
{
	cJSON *o = cJSON_CreateObject();
	char *s, *r;
	size_t i;

	if (d->nwith > 1)
		qsort(d->with, d->nwith, sizeof(d->with[0]), cmpwentry);
	for (i = 0; i < d->nwith; i++) {
		cJSON *v = wval_json(x, &d->with[i].val, 0);

		if (!v) {
			cJSON_Delete(o);
			return NULL;
		}
		cJSON_AddItemToObject(o, d->with[i].key.s, v);
	}
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	r = xstrdup(s);
	cJSON_free(s);
	return r;
}

static cJSON *lstr_json(struct xctx *x, const struct lstr *s, int *err)
{
	char *v;
	cJSON *j;

	if (expand_string(x, s, &v) < 0) {
		*err = 1;
		return cJSON_CreateNull();
	}
	j = cJSON_CreateString(v);
	free(v);
	return j;
}

static cJSON *wval_tmpl(struct xctx *x, const struct wval *v, int *err)
{
	cJSON *j;
	size_t i;

	switch (v->kind) {
	case W_NUMBER:
		return cJSON_CreateNumber(v->num);
	case W_BOOL:
		return cJSON_CreateBool(v->b);
	case W_LIST:
		j = cJSON_CreateArray();
		for (i = 0; i < v->n; i++)
			cJSON_AddItemToArray(j, wval_tmpl(x, &v->list[i], err));
		return j;
	default:
		return lstr_json(x, &v->s, err);
	}
}

static void add_strlist(cJSON *o, const char *key, struct xctx *x, const struct lstr *v, size_t n, int *err,
                        int optional)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	size_t i;

	for (i = 0; i < n; i++) {
		struct lstr s = v[i];

		if (optional && s.s[0] == '-') {
			char *t;
			struct buf b = BUF_INIT;

			s.s++;
			if (expand_string(x, &s, &t) < 0) {
				*err = 1;
				continue;
			}
			buf_putc(&b, '-');
			buf_puts(&b, t);
			free(t);
			cJSON_AddItemToArray(a, cJSON_CreateString(b.s));
			buf_free(&b);
			continue;
		}
		cJSON_AddItemToArray(a, lstr_json(x, &s, err));
	}
}

char *ruledef_template_json(struct ruledef *d, struct xctx *x, struct strset *env)
{
	cJSON *o = cJSON_CreateObject(), *m;
	char *s, *ret = NULL;
	int err = 0;
	size_t i, j;
	char *dummy[1] = {NULL};

	cJSON_AddNumberToObject(o, "format", 1);
	x->defer = 1;
	x->has_item = 1;
	x->has_params = d->nmatrix > 0;
	x->env = env;
	/* in/out: not available inside in:, ${in} available after */
	x->in = x->out = NULL;
	add_strlist(o, "in", x, d->in, d->nin, &err, 1);
	x->in = dummy;
	add_strlist(o, "out", x, d->out, d->nout, &err, 0);
	x->out = dummy;
	if (d->run.s) {
		x->quote = 1;
		cJSON_AddItemToObject(o, "run", lstr_json(x, &d->run, &err));
		x->quote = 0;
	} else {
		cJSON *w = cJSON_AddObjectToObject(o, "with");

		cJSON_AddStringToObject(o, "use", d->use.s);
		for (i = 0; i < d->nwith; i++)
			cJSON_AddItemToObject(w, d->with[i].key.s, wval_tmpl(x, &d->with[i].val, &err));
	}
	if (d->depfile.s)
		cJSON_AddItemToObject(o, "depfile", lstr_json(x, &d->depfile, &err));
	if (d->description.s)
		cJSON_AddItemToObject(o, "description", lstr_json(x, &d->description, &err));
	m = cJSON_AddArrayToObject(o, "matrix");
	for (i = 0; i < d->nmatrix; i++) {
		cJSON *p = cJSON_CreateObject(), *vals = cJSON_AddArrayToObject(p, "values");

		cJSON_AddStringToObject(p, "name", d->matrix[i].name.s);
		for (j = 0; j < d->matrix[i].n; j++)
			cJSON_AddItemToArray(vals, cJSON_CreateString(d->matrix[i].vals[j].s));
		cJSON_AddItemToArray(m, p);
	}
	if (d->fe_key.s)
		cJSON_AddStringToObject(o, "key", d->fe_key.s);
	if (d->nafter) {
		cJSON *a = cJSON_AddArrayToObject(o, "after");

		for (i = 0; i < d->nafter; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(d->after[i]->name));
	}
	x->defer = x->has_item = x->has_params = 0;
	x->in = x->out = NULL;
	if (!err) {
		s = cJSON_PrintUnformatted(o);
		ret = xstrdup(s);
		cJSON_free(s);
	}
	cJSON_Delete(o);
	return ret;
}
