#include <ctype.h>

#include "greet.h"

char *shout(char *s)
{
	char *p;

	for (p = s; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return s;
}
