obj/x.o: src/x.c $$HOME/\#h.h \
  ../up/./y.h
obj/x.o:
