/* impact.c: the impact severity config (format in impact.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/fsio.h"
#include "rules/impact.h"
#include "rules/selftest.h"
#include "base/util.h"

struct impact_type {
	char *name;
	double severity;
};

struct impact_module {
	char *module;
	char *type;          /* NULL when severity is given directly */
	double severity;
};

struct impact {
	struct impact_type *types;
	size_t ntypes, tcap;
	struct impact_module *mods;
	size_t nmods, mcap;
};

static void set_type(struct impact *im, const char *name, double sev)
{
	size_t i;

	for (i = 0; i < im->ntypes; i++)
		if (strcmp(im->types[i].name, name) == 0) {
			im->types[i].severity = sev;
			return;
		}
	growarray(&im->types, &im->tcap, im->ntypes + 1, sizeof(*im->types));
	im->types[im->ntypes].name = xstrdup(name);
	im->types[im->ntypes++].severity = sev;
}

static const struct impact_type *find_type(const struct impact *im, const char *name)
{
	size_t i;

	for (i = 0; i < im->ntypes; i++)
		if (strcmp(im->types[i].name, name) == 0)
			return &im->types[i];
	return NULL;
}

static int bad(const char *path, const yaml_node_t *n, const char *msg, const char *what)
{
	return error("%s:%lu:%lu: %s '%s'", path, (unsigned long)n->start_mark.line + 1,
		     (unsigned long)n->start_mark.column + 1, msg, what);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* a severity number in [0, 1] */
static int number(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	v = strtod(s, &end);
	if (*end || !isfinite(v) || v < 0 || v > 1)
		return -1;
	*out = v;
	return 0;
}

static int load_modules(struct impact *im, const char *path, yaml_document_t *doc, yaml_node_t *map)
{
	yaml_node_pair_t *p;

	if (map->type != YAML_MAPPING_NODE)
		return bad(path, map, "expected a mapping of module to type under", "modules");
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		const char *ks = scalar(k), *vs = scalar(v);
		struct impact_module *m;
		double sev = 0;

		if (!ks)
			return bad(path, k, "expected a module name, not a collection, under", "modules");
		if (!vs)
			return bad(path, v, "expected a type or a severity for module", ks);
		growarray(&im->mods, &im->mcap, im->nmods + 1, sizeof(*im->mods));
		m = &im->mods[im->nmods];
		if (number(vs, &sev) == 0) {
			m->type = NULL;
		} else if (strchr("0123456789.-+", vs[0])) {
			return bad(path, v, "severity must be a number from 0 to 1, not", vs);
		} else {
			m->type = xstrdup(vs);
		}
		m->module = xstrdup(ks);
		m->severity = sev;
		im->nmods++;
	}
	return 0;
}

static int parse(struct impact *im, const char *path, const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	yaml_node_pair_t *p;
	size_t i;
	int rc = -1;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		error("%s:%lu:%lu: %s", path, (unsigned long)parser.problem_mark.line + 1,
		      (unsigned long)parser.problem_mark.column + 1,
		      parser.problem ? parser.problem : "invalid YAML");
		yaml_parser_delete(&parser);
		return -1;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root || (root->type == YAML_SCALAR_NODE && !*scalar(root))) {
		rc = 0;      /* an empty file: the defaults */
		goto done;
	}
	if (root->type != YAML_MAPPING_NODE) {
		error("%s:%lu:%lu: expected a mapping of type to severity", path,
		      (unsigned long)root->start_mark.line + 1, (unsigned long)root->start_mark.column + 1);
		goto done;
	}
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&doc, p->value);
		const char *ks = scalar(k);
		double sev;

		if (!ks) {
			bad(path, k, "expected a type name, not a collection, before", "severity");
			goto done;
		}
		if (strcmp(ks, "modules") == 0) {
			if (load_modules(im, path, &doc, v) < 0)
				goto done;
			continue;
		}
		if (number(scalar(v), &sev) < 0) {
			bad(path, v, "severity must be a number from 0 to 1 for type", ks);
			goto done;
		}
		set_type(im, ks, sev);
	}
	for (i = 0; i < im->nmods; i++) {
		/* types are resolved once the whole file is read: any order works */
		if (im->mods[i].type && !find_type(im, im->mods[i].type)) {
			error("%s: module '%s' has unknown type '%s'", path, im->mods[i].module,
			      im->mods[i].type);
			goto done;
		}
	}
	rc = 0;
done:
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

struct impact *impact_load(const char *path, int required)
{
	struct impact *im = xcalloc(1, sizeof(*im));
	size_t len;
	char *text;

	set_type(im, "experimental", 0.2);
	set_type(im, "standard", 0.5);
	set_type(im, "critical", 0.9);
	set_type(im, "low", 0.1);
	text = read_file(path, &len);
	if (!text) {
		if (errno == ENOENT && !required)
			return im;
		warn("cannot read '%s':", path);
		impact_free(im);
		return NULL;
	}
	if (parse(im, path, text, len) < 0) {
		free(text);
		impact_free(im);
		return NULL;
	}
	free(text);
	return im;
}

void impact_free(struct impact *im)
{
	size_t i;

	if (!im)
		return;
	for (i = 0; i < im->ntypes; i++)
		free(im->types[i].name);
	for (i = 0; i < im->nmods; i++) {
		free(im->mods[i].module);
		free(im->mods[i].type);
	}
	free(im->types);
	free(im->mods);
	free(im);
}

double impact_severity(const struct impact *im, const char *module, const char **type)
{
	char *dotted = selftest_module_name(module);
	const struct impact_type *t;
	size_t i;
	double sev;

	for (i = 0; i < im->nmods; i++) {
		const struct impact_module *m = &im->mods[i];

		if (strcmp(m->module, module) != 0 && strcmp(m->module, dotted) != 0)
			continue;
		free(dotted);
		if (!m->type) {
			*type = "custom";
			return m->severity;
		}
		t = find_type(im, m->type);
		*type = t->name;
		return t->severity;
	}
	free(dotted);
	t = find_type(im, "standard");
	*type = "standard";
	sev = t->severity;
	return sev;
}
