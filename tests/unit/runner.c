/*
 * runner.c - runs every TEST() collected by the build (tests.inc), or those
 * whose names contain the first argument, and prints `N passed, N failed`.
 */
#include <stdio.h>
#include <string.h>

#include "test.h"

int test_failed_flag;
const char *test_current_name;

#define TEST_ENTRY(name) void test_##name(void);
#include "tests.inc"
#undef TEST_ENTRY

struct test_entry {
	const char *name;
	void (*fn)(void);
};

static const struct test_entry tests[] = {
#define TEST_ENTRY(name) { #name, test_##name },
#include "tests.inc"
#undef TEST_ENTRY
};

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (filter && !strstr(tests[i].name, filter))
			continue;
		test_current_name = tests[i].name;
		test_failed_flag = 0;
		tests[i].fn();
		if (test_failed_flag)
			failed++;
		else
			passed++;
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
