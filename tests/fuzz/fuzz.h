/* fuzz.h: the interface of a libFuzzer target (tests/fuzz/fuzz_NAME.c).
 * `make fuzz` links each with libFuzzer (clang); `make test` links each with
 * replay.c, which runs it over every file of tests/fuzz/corpus/NAME/, so a
 * crash once found stays a regression test of the ordinary suite. */
#ifndef MENACE_FUZZ_H
#define MENACE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* one input; always 0 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* once before the first input (targets that need a scratch directory) */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
