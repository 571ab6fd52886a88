/* pydriver.h: the Python source of menace's builtin test runner, used by
 * selftest when the interpreter has no pytest (result "runner": "builtin").
 * Run as: python3 -c pydriver_source TESTFILE. */
#ifndef MENACE_PYDRIVER_H
#define MENACE_PYDRIVER_H

extern const char pydriver_source[];

#endif
