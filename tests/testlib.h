/* testlib.h - a thin layer over CUnit so each tests/test_<module>.c is a
 * program of its own: list the cases, call test_run() from main().
 *
 * TOP_SRCDIR (set by the Makefile) locates test data: test_path("x")
 * gives "<top>/tests/data/x".
 */
#ifndef ROTA_TESTLIB_H
#define ROTA_TESTLIB_H

#include <CUnit/CUnit.h>

struct test_case {
	const char *name;
	void	  (*fn)(void);
};

/* Run the cases (ended by a {NULL, NULL} entry) as one CUnit suite and
 * return the process exit status: 0 when every assertion passed.  With
 * arguments, only the cases whose names contain one of them run. */
int test_run(const char *suite, const struct test_case *cases, int argc,
    char **argv);

/* Path of a file under tests/data.  Returns a static buffer. */
const char *test_path(const char *name);
/* A fresh empty directory under /tmp.  Returns a static buffer. */
const char *test_tmpdir(void);

#endif
