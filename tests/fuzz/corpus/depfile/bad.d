a.o x.h
