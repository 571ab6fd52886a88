a.o b.o : x.h
c.o:y.h z.h

