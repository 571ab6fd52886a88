# menace: one non-recursive Makefile.
#   make            build ./menace
#   make check      install missing dependencies, build, run every test
#   make check SANITIZE=address,undefined   the same under sanitizers (in build/san)
#   make fuzz FUZZ_SECONDS=N   run each libFuzzer target N seconds (clang, in build/fuzz)
#   make run        dependencies, build, then ./menace build on menace.yaml
#   make install PREFIX=/usr/local DESTDIR=
.SUFFIXES:

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
PKGS = sqlite3 yaml-0.1 libxxhash libgit2 libcurl libcjson libcrypto

CC ?= cc
WARN = -Wall -Wextra -Wshadow -Wmissing-prototypes -Wpedantic
OPT ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libgit2, libcurl and libcrypto are loaded when a command needs them
# (base/dynlib.h: rules/gitlib.h, engine/curllib.h, engine/sha256.c), not linked
DLOPEN_PKGS = libgit2 libcurl libcrypto
PKG_LIBS = $(shell pkg-config --libs $(filter-out $(DLOPEN_PKGS),$(PKGS)) 2>/dev/null)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I.
CFLAGS_ALL = -std=c11 $(WARN) $(OPT) $(PKG_CFLAGS) $(CFLAGS)
LIBS = $(PKG_LIBS) -ldl -lpthread -lm

ifdef SANITIZE
O = build/san
CFLAGS_ALL += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
else
O = build/out
endif

# every .c of the three folders and the base layer; main.c holds main()
SRC = $(sort $(wildcard base/*.c graph/*.c engine/*.c rules/*.c cli/*.c))
# the Python harness (rules/harness/*.py), embedded by rules/harness/embed.sh
# as the generated $(O)/gen/harness.c (rules/harnesssrc.h)
HARNESS_PY = $(sort $(wildcard rules/harness/*.py))
OBJ = $(SRC:%.c=$(O)/%.o) $(O)/gen/harness.o
# unit tests link the modules, not main() nor the commands (they use cli)
LIBOBJ = $(filter-out $(O)/cli/main.o $(O)/cli/cmd_%.o,$(OBJ))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
HDR = $(wildcard base/*.h graph/*.h engine/*.h rules/*.h cli/*.h tests/unit/*.h tests/fuzz/*.h)
# fuzz targets (tests/fuzz/fuzz_NAME.c): make test replays each over its
# seed corpus tests/fuzz/corpus/NAME/ as the unit test test_fuzz_NAME
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(O)/tests/test_fuzz_%)

all: menace

menace: $(O)/menace
ifndef SANITIZE
	@cp $(O)/menace menace
endif

$(O)/menace: $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $(OBJ) $(LIBS)

$(O)/%.o: %.c $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -c -o $@ $<

# the folder is a prerequisite too: adding or removing a file regenerates it
$(O)/gen/harness.c: rules/harness/embed.sh $(HARNESS_PY) rules/harness
	@mkdir -p $(dir $@)
	sh rules/harness/embed.sh $@ $(HARNESS_PY)

$(O)/gen/harness.o: $(O)/gen/harness.c rules/harnesssrc.h
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -c -o $@ $<

$(O)/tests/%: tests/unit/%.c $(LIBOBJ) $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -Itests/unit $(LDFLAGS) -o $@ $< $(LIBOBJ) $(LIBS)

$(O)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIBOBJ) $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_ALL) -Itests/fuzz -DFUZZ_CORPUS='"$(CURDIR)/tests/fuzz/corpus/$*"' \
		$(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBOBJ) $(LIBS)

# make fuzz: the targets linked with libFuzzer, ASan and UBSan by clang in
# build/fuzz, each run FUZZ_SECONDS over a copy of its corpus; fails when
# one crashes (tests/fuzz/run.sh says what to do with the input)
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_O = build/fuzz
FUZZ_CFLAGS = -std=c11 $(WARN) -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all \
	-fsanitize=address,undefined $(PKG_CFLAGS)
FUZZ_LIBOBJ = $(LIBOBJ:$(O)/%=$(FUZZ_O)/obj/%)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_O)/%)

$(FUZZ_O)/obj/%.o: %.c $(HDR)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_O)/gen/harness.c: rules/harness/embed.sh $(HARNESS_PY) rules/harness
	@mkdir -p $(dir $@)
	sh rules/harness/embed.sh $@ $(HARNESS_PY)

$(FUZZ_O)/obj/gen/harness.o: $(FUZZ_O)/gen/harness.c rules/harnesssrc.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_O)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIBOBJ) $(HDR)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -Itests/fuzz -fsanitize=fuzzer -o $@ $< $(FUZZ_LIBOBJ) $(LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz:
	@sh .ci/deps fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

deps:
	@sh .ci/deps

# deps first, then a fresh make so pkg-config sees what deps installed
check: deps
	@$(MAKE) --no-print-directory test

test: $(O)/menace $(UNIT_BIN) $(REPLAY_BIN)
	@MENACE=$(CURDIR)/$(O)/menace UNIT_DIR=$(CURDIR)/$(O)/tests sh tests/run.sh

run: deps
	@$(MAKE) --no-print-directory menace
	./menace build

install: menace
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	cp menace $(DESTDIR)$(BINDIR)/menace
	chmod 755 $(DESTDIR)$(BINDIR)/menace
	cp docs/menace.1 $(DESTDIR)$(MANDIR)/man1/menace.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/menace.1
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	cp completion/menace.bash $(DESTDIR)$(BASHCOMPDIR)/menace
	cp completion/_menace $(DESTDIR)$(ZSHCOMPDIR)/_menace
	chmod 644 $(DESTDIR)$(BASHCOMPDIR)/menace $(DESTDIR)$(ZSHCOMPDIR)/_menace

clean:
	rm -rf build menace

.PHONY: all menace deps check test run install clean fuzz fuzz-build
