/* micropilot.c: confidence, the trajectory and its verdict (micropilot.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"
#include "rules/micropilot.h"

const char *const micropilot_stages[MICROPILOT_STAGES] = {
	"baseline", "latency_spike", "io_cpu_strain", "schema_drift", "chaotic_failure",
};

int micropilot_mode(const char *what, const char *s, enum micropilot_mode *m)
{
	if (strcasecmp(s, "auto") == 0)
		*m = MICROPILOT_AUTO;
	else if (strcasecmp(s, "queue") == 0)
		*m = MICROPILOT_QUEUE;
	else if (strcasecmp(s, "off") == 0)
		*m = MICROPILOT_OFF;
	else
		return error("%s: '%s' is not auto, queue or off", what, s);
	return 0;
}

double micropilot_confidence(int passed, int runs)
{
	const double z = 1.959964;
	double n = runs, p, d, w;

	if (runs <= 0)
		return 0.0;
	p = (double)passed / n;
	d = 1 + z * z / n;
	w = 2 * z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
	return w < 1 ? 1 - w : 0.0;
}

/* 1 passed, 0 failed, -1 no result for stage */
static int stage_passed(const char *data, const char *module, const char *stage)
{
	char *rel = xasprintf("micropilot/%s/%s.json", module, stage), *file = path_join(data, rel);
	char *text = read_file(file, NULL);
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "passed");
	int r = cJSON_IsBool(p) ? cJSON_IsTrue(p) : -1;

	cJSON_Delete(root);
	free(text);
	free(file);
	free(rel);
	return r;
}

cJSON *micropilot_verdict(const char *data, const char *module)
{
	cJSON *v = cJSON_CreateObject(), *stages;
	int r[MICROPILOT_STAGES], i, survived = 0;
	const char *failed_at = NULL;
	double stability;

	for (i = 0; i < MICROPILOT_STAGES; i++)
		if ((r[i] = stage_passed(data, module, micropilot_stages[i])) < 0) {
			cJSON_AddStringToObject(v, "verdict", "pending");
			return v;
		}
	for (i = 1; i < MICROPILOT_STAGES; i++)
		survived += r[i];
	for (i = 0; i < MICROPILOT_STAGES && !failed_at; i++)
		if (!r[i])
			failed_at = micropilot_stages[i];
	stability = r[0] ? (double)survived / (MICROPILOT_STAGES - 1) : 0.0;
	cJSON_AddStringToObject(v, "verdict", stability >= MICROPILOT_PROMOTE ? "promoted" : "rejected");
	cJSON_AddNumberToObject(v, "stability", stability);
	stages = cJSON_AddObjectToObject(v, "stages");
	for (i = 0; i < MICROPILOT_STAGES; i++)
		cJSON_AddBoolToObject(stages, micropilot_stages[i], r[i]);
	if (failed_at)
		cJSON_AddStringToObject(v, "failed_at", failed_at);
	else
		cJSON_AddNullToObject(v, "failed_at");
	return v;
}
