main.o main.s: main.c \
 a.h my\ b.h
