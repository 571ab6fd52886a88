#include <stdio.h>
#include <string.h>

#include "greet.h"

int main(int argc, char **argv)
{
	char buf[256];
	const char *name = argc > 1 ? argv[1] : "world";

	greet(buf, sizeof(buf), name);
	if (argc > 2 && strcmp(argv[2], "--shout") == 0)
		shout(buf);
	puts(buf);
	return 0;
}
