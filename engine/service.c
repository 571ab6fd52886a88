/* service.c: the services of actions during a build (service.h). */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "engine/service.h"

/* one action's: its tools text (asked once), its started service */
struct svc {
	const struct action *a;
	char *tools;          /* NULL until asked */
	int asked, started;   /* started: 1 running, -1 failed to start */
	char **env;           /* what start set, "NAME=VALUE" */
	void *data;
};

struct services {
	struct svc *v;
	size_t n;
};

struct services *services_new(const struct actions *t)
{
	struct services *s = xcalloc(1, sizeof(*s));
	size_t i;

	for (i = 0; t && i < t->n; i++) {
		if (!t->v[i]->service)
			continue;
		s->v = xreallocarray(s->v, s->n + 1, sizeof(s->v[0]));
		memset(&s->v[s->n], 0, sizeof(s->v[0]));
		s->v[s->n++].a = t->v[i];
	}
	return s;
}

static struct svc *find(struct services *s, const char *name)
{
	size_t i;

	for (i = 0; s && name && i < s->n; i++)
		if (strcmp(s->v[i].a->name, name) == 0)
			return &s->v[i];
	return NULL;
}

const char *services_tools(struct services *s, const char *name)
{
	struct svc *v = find(s, name);

	if (!v || !v->a->service->tools)
		return NULL;
	if (!v->asked) {
		v->asked = 1;
		v->tools = v->a->service->tools(v->a);
		if (!v->tools)
			v->tools = xstrdup("-");
	}
	return v->tools;
}

static void env_set(char **env, int on)
{
	for (; env && *env; env++) {
		char *eq = strchr(*env, '=');
		char *name;

		if (!eq)
			continue;
		name = xstrndup(*env, (size_t)(eq - *env));
		if (on)
			setenv(name, eq + 1, 1);
		else
			unsetenv(name);
		free(name);
	}
}

void services_start(struct services *s, const char *name, unsigned jobs)
{
	struct svc *v = find(s, name);

	if (!v || v->started || !v->a->service->start)
		return;
	if (v->a->service->start(v->a, jobs, &v->env, &v->data) < 0) {
		v->started = -1;
		return;
	}
	v->started = 1;
	env_set(v->env, 1);
}

void services_stop(struct services *s)
{
	size_t i;
	char **e;

	for (i = 0; s && i < s->n; i++) {
		struct svc *v = &s->v[i];

		if (v->started != 1)
			continue;
		env_set(v->env, 0);
		if (v->a->service->stop)
			v->a->service->stop(v->data);
		for (e = v->env; e && *e; e++)
			free(*e);
		free(v->env);
		v->env = NULL;
		v->data = NULL;
		v->started = 0;
	}
}

void services_free(struct services *s)
{
	size_t i;

	if (!s)
		return;
	services_stop(s);
	for (i = 0; i < s->n; i++)
		free(s->v[i].tools);
	free(s->v);
	free(s);
}

int services_env_has(const struct services *s, const char *entry)
{
	size_t i, n = strcspn(entry, "=");
	char **e;

	for (i = 0; s && i < s->n; i++)
		for (e = s->v[i].started == 1 ? s->v[i].env : NULL; e && *e; e++)
			if (strncmp(*e, entry, n) == 0 && (*e)[n] == '=')
				return 1;
	return 0;
}
