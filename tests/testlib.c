/* testlib.c - CUnit runner shared by the test programs (see testlib.h). */
#include "testlib.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

int
test_run(const char *suite, const struct test_case *cases, int argc,
    char **argv)
{
	CU_pSuite s;
	unsigned failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite(suite, NULL, NULL);
	for (const struct test_case *c = cases; c->name != NULL; c++) {
		int want = argc < 2;

		for (int i = 1; i < argc; i++)
			if (strstr(c->name, argv[i]) != NULL)
				want = 1;
		if (want)
			CU_add_test(s, c->name, c->fn);
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}

const char *
test_path(const char *name)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/tests/data/%s", TOP_SRCDIR, name);
	return buf;
}

const char *
test_tmpdir(void)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "/tmp/rota-test-XXXXXX");
	if (mkdtemp(buf) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return buf;
}
