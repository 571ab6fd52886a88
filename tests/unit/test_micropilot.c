/* unit tests of confidence and the micro-pilot verdict (rules/micropilot.h) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"
#include "rules/micropilot.h"
#include "unit.h"

static void test_confidence(void)
{
	CHECK(micropilot_confidence(0, 0) == 0);
	CHECK(fabs(micropilot_confidence(1, 1) - 0.2065) < 1e-3);
	CHECK(fabs(micropilot_confidence(0, 1) - 0.2065) < 1e-3);
	CHECK(fabs(micropilot_confidence(12, 12) - 0.7575) < 1e-3);
	CHECK(fabs(micropilot_confidence(6, 12) - 0.5076) < 1e-3);
	/* more runs that agree: more confidence */
	CHECK(micropilot_confidence(100, 100) > micropilot_confidence(12, 12));
	CHECK(micropilot_confidence(11, 12) < micropilot_confidence(12, 12));
}

static void write_stage(const char *dir, const char *stage, int passed)
{
	char *f = path_join(dir, stage), *file = xasprintf("%s.json", f);
	const char *t = passed ? "{\"passed\": true}" : "{\"passed\": false}";

	CHECK(write_file_atomic(file, t, strlen(t)) == 0);
	free(file);
	free(f);
}

static void test_verdict(void)
{
	char tmpl[] = "/tmp/menace-mp.XXXXXX", *data = mkdtemp(tmpl), *dir;
	cJSON *v;
	int i;

	CHECK(data != NULL);
	dir = xasprintf("%s/micropilot/pkg/a.py", data);
	CHECK(mkdir_p(dir) == 0);
	v = micropilot_verdict(data, "pkg/a.py");
	CHECK_STR(cJSON_GetObjectItem(v, "verdict")->valuestring, "pending");
	cJSON_Delete(v);
	/* baseline and two of the four escalated stages: 0.5, promoted */
	for (i = 0; i < MICROPILOT_STAGES; i++)
		write_stage(dir, micropilot_stages[i], i < 3);
	v = micropilot_verdict(data, "pkg/a.py");
	CHECK_STR(cJSON_GetObjectItem(v, "verdict")->valuestring, "promoted");
	CHECK(cJSON_GetObjectItem(v, "stability")->valuedouble == 0.5);
	CHECK_STR(cJSON_GetObjectItem(v, "failed_at")->valuestring, "schema_drift");
	cJSON_Delete(v);
	/* a failed baseline: 0 whatever follows */
	write_stage(dir, "baseline", 0);
	write_stage(dir, "schema_drift", 1);
	v = micropilot_verdict(data, "pkg/a.py");
	CHECK_STR(cJSON_GetObjectItem(v, "verdict")->valuestring, "rejected");
	CHECK(cJSON_GetObjectItem(v, "stability")->valuedouble == 0);
	cJSON_Delete(v);
	for (i = 0; i < MICROPILOT_STAGES; i++) {
		char *f = xasprintf("%s/%s.json", dir, micropilot_stages[i]);

		unlink(f);
		free(f);
	}
	rmdir(dir);
	free(dir);
	dir = xasprintf("%s/micropilot/pkg", data);
	rmdir(dir);
	free(dir);
	dir = xasprintf("%s/micropilot", data);
	rmdir(dir);
	free(dir);
	rmdir(data);
}

static void test_mode(void)
{
	enum micropilot_mode m;

	CHECK(micropilot_mode("X", "auto", &m) == 0 && m == MICROPILOT_AUTO);
	CHECK(micropilot_mode("X", "QUEUE", &m) == 0 && m == MICROPILOT_QUEUE);
	CHECK(micropilot_mode("X", "off", &m) == 0 && m == MICROPILOT_OFF);
}

int main(void)
{
	RUN(test_confidence);
	RUN(test_verdict);
	RUN(test_mode);
	return unit_failed;
}
