/* unit tests of the canonical presets and the scenario coverage check */
#include <stdlib.h>

#include "rules/presets.h"
#include "unit.h"

static void test_names(void)
{
	CHECK_INT(presets_count(), 6);
	CHECK_STR(presets_name(0), "high_latency_api");
	CHECK_STR(presets_name(5), "flaky_upstream");
	CHECK(presets_name(6) == NULL);
	CHECK_STR(presets_canonical("high_latency"), "high_latency_api");
	CHECK_STR(presets_canonical("malicious_data"), "hostile_input");
	CHECK_STR(presets_canonical("schema_mismatch"), "schema_drift");
	CHECK_STR(presets_canonical("upstream_failure"), "flaky_upstream");
	CHECK_STR(presets_canonical("user_misuse"), "user_misuse");
	CHECK(presets_canonical("chaos") == NULL);
	CHECK_INT(presets_level("low"), PRESET_LOW);
	CHECK_INT(presets_level("high"), PRESET_HIGH);
	CHECK_INT(presets_level("HIGH"), -1);
}

static void test_vars(void)
{
	size_t n;
	const struct preset_var *v = presets_vars("concurrency_spike", PRESET_HIGH, &n);

	CHECK_INT(n, 10);
	CHECK_STR(v[0].key, "SCENARIO_NAME");
	CHECK_STR(v[0].value, "concurrency_spike");
	CHECK_STR(v[1].value, "1");
	CHECK_STR(v[2].value, "512Mi");
	CHECK_STR(v[3].key, "FAILURE_MODES");
	CHECK_INT(v[3].type, PRESET_LIST);
	/* environment text: lists as JSON, booleans true/false, numbers as written */
	CHECK_STR(v[3].value, "[\"concurrency_spike\",\"cpu_spike\"]");
	CHECK_STR(v[7].key, "CPU_SPIKE");
	CHECK_STR(v[7].value, "true");
	v = presets_vars("high_latency", PRESET_LOW, &n);
	CHECK_INT(n, 9);
	CHECK_STR(v[5].key, "PACKET_LOSS");
	CHECK_STR(v[5].value, "0.05");
	v = presets_vars("schema_drift", PRESET_HIGH, &n);
	CHECK_INT(n, 8);
	CHECK_STR(v[3].key, "FAILURE_MODES");
	CHECK(presets_vars("chaos", PRESET_LOW, &n) == NULL);
	CHECK_INT(n, 0);
}

static void test_json(void)
{
	const char *names[] = {"flaky_upstream", "malicious_data"};
	cJSON *j = presets_json(names, 2);
	cJSON *it;
	struct unit_capture c;
	char *err;

	CHECK(j != NULL);
	CHECK_INT(cJSON_GetArraySize(j), 2);
	CHECK_STR(j->child->string, "hostile_input");
	it = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "hostile_input"), "low"),
				 "MALICIOUS_DATA");
	CHECK(cJSON_IsTrue(it));
	cJSON_Delete(j);
	names[1] = "nope";
	unit_capture_begin(&c);
	j = presets_json(names, 2);
	err = unit_capture_end(&c);
	CHECK(j == NULL);
	CHECK_STR(err, "menace: unknown scenario 'nope'\n");
	free(err);
	j = presets_json(NULL, 0);
	CHECK_INT(cJSON_GetArraySize(j), 6);
	cJSON_Delete(j);
}

static void test_coverage(void)
{
	const char *all[] = {"high_latency", "hostile_input", "user_misuse", "concurrency_spike",
			     "schema_mismatch", "flaky_upstream"};
	const char *some[] = {"hostile_input", "user_misuse"};

	/* prints "menace: scenario matrix lacks canonical scenarios ..." */
	CHECK_INT(presets_check_coverage(some, 2), -1);
	CHECK_INT(presets_check_coverage(NULL, 0), -1);
	CHECK_INT(presets_check_coverage(all, 6), 0);
	CHECK_INT(presets_check_coverage(all, 5), -1);
}

int main(void)
{
	RUN(test_names);
	RUN(test_vars);
	RUN(test_json);
	RUN(test_coverage);
	return unit_failed != 0;
}
