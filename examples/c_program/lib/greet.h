/* greet.h: the library of the c_program example */
#ifndef GREET_H
#define GREET_H

#include <stddef.h>

/* write "Hello, NAME!" into buf (size n); returns buf */
char *greet(char *buf, size_t n, const char *name);
/* upper-case s in place; returns s */
char *shout(char *s);

#endif
