# media-route: build, test, install.  See README.md.
#
#   make            build lib/libmediaroute.a and every tool in cmd/
#   make check      unit tests (Check) and shell tests (prove)
#   make SANITIZE=address,undefined check
#   make DEVELOPER=1          adds -Werror
#   make install PREFIX=/usr/local DESTDIR=
#   make install-systemd      mr-process.service and .timer in SYSTEMDDIR

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
SYSTEMDDIR ?= $(PREFIX)/lib/systemd/system
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
SHARED   ?= ../shared

CC       ?= cc
PKG_CONFIG ?= pkg-config
PKGS      = libcurl jansson sqlite3 inih
PKGCFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKGLIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CHECKLIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

CFLAGS   ?= -O2 -g
XCFLAGS   = -std=c17 -D_DEFAULT_SOURCE -Wall -Wextra -Wshadow \
	    -Wstrict-prototypes -Wmissing-prototypes -Wvla \
	    -Ilib -DMR_VERSION='"$(VERSION)"' $(PKGCFLAGS)
ifeq ($(DEVELOPER),1)
XCFLAGS  += -Werror
endif
ifneq ($(SANITIZE),)
XCFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=$(SANITIZE)
endif
LIBS      = $(PKGLIBS) -lm

LIB_SRC   = $(filter-out lib/migrations_gen.c,$(wildcard lib/*.c)) lib/migrations_gen.c
LIB_OBJ   = $(LIB_SRC:.c=.o)
LIB       = lib/libmediaroute.a
TOOL_COMMON_SRC = $(wildcard cmd/common/*.c)
TOOL_COMMON_OBJ = $(TOOL_COMMON_SRC:.c=.o)
TOOLS     = $(patsubst %.c,%,$(wildcard cmd/mr-*.c))
UNIT_SRC  = $(wildcard tests/unit/check_*.c)
UNITS     = $(UNIT_SRC:.c=)
TEST_BIN_SRC = $(wildcard tests/bin/*.c)
TEST_BINS = $(TEST_BIN_SRC:.c=)
MIGRATIONS = $(sort $(wildcard migrations/[0-9][0-9][0-9][0-9]-*.sql))
MAN1      = $(wildcard man/*.1)
MAN5      = $(wildcard man/*.5)
MAN7      = $(wildcard man/*.7)

# Rebuild everything when the flags change (e.g. SANITIZE on and off).
FLAGS_STAMP = .build-flags
FLAGS_NOW   = $(CC) $(CFLAGS) $(XCFLAGS) $(LDFLAGS)
$(shell [ "$$(cat $(FLAGS_STAMP) 2>/dev/null)" = '$(FLAGS_NOW)' ] || \
	printf '%s\n' '$(FLAGS_NOW)' > $(FLAGS_STAMP))

$(FLAGS_STAMP): ;

.SECONDARY:

.PHONY: all build check unit-check shell-check valgrind-check install \
	uninstall clean deps demo bench soak fuzz fuzz-build fuzz-smoke \
	install-systemd uninstall-systemd install-completion

all: deps
	@$(MAKE) --no-print-directory build

build: $(LIB) $(TOOLS) $(TEST_BINS)

deps:
	@sh tools/deps.sh

lib/migrations_gen.c: $(MIGRATIONS) tools/embed-migrations.sh
	sh tools/embed-migrations.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

%.o: %.c $(FLAGS_STAMP) $(wildcard lib/*.h) $(wildcard cmd/common/*.h) \
    $(wildcard tests/unit/*.h)
	$(CC) $(CFLAGS) $(XCFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

cmd/mr-%: cmd/mr-%.o $(TOOL_COMMON_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(TOOL_COMMON_OBJ) $(LIB) $(LIBS)

tests/bin/%: tests/bin/%.o $(TOOL_COMMON_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(TOOL_COMMON_OBJ) $(LIB) $(LIBS)

tests/unit/check_%: tests/unit/check_%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(CHECKLIBS) $(LIBS)

check: all
	@$(MAKE) --no-print-directory unit-check shell-check fuzz-smoke

unit-check: $(UNITS)
	@sh tools/run-units.sh $(UNITS)

shell-check: build
	@MR_TOP=$(CURDIR) PATH=$(CURDIR)/cmd:$(CURDIR)/tests/bin:$$PATH \
	    prove -j2 tests/t/*.t

valgrind-check: $(UNITS)
	@VALGRIND=1 sh tools/run-units.sh $(UNITS)

install: build install-completion
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)/
	$(if $(MAN1),install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(MAN5),install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/)
	$(if $(MAN7),install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7/)

# Shell completion: bash-completion loads a file named after the command.
install-completion:
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 644 contrib/completion/media-route.bash \
	    $(DESTDIR)$(BASHCOMPDIR)/mr-classify
	for t in $(filter-out mr-classify,$(notdir $(TOOLS))); do \
	    ln -sf mr-classify $(DESTDIR)$(BASHCOMPDIR)/$$t || exit 1; done
	install -m 644 contrib/completion/_media-route \
	    $(DESTDIR)$(ZSHCOMPDIR)/_media-route

# The systemd timer beside the cron line (media-route(7)); not part of
# install, which must not need root's directories.
install-systemd:
	install -d $(DESTDIR)$(SYSTEMDDIR)
	sed 's|@BINDIR@|$(BINDIR)|g' contrib/systemd/mr-process.service \
	    > $(DESTDIR)$(SYSTEMDDIR)/mr-process.service
	chmod 644 $(DESTDIR)$(SYSTEMDDIR)/mr-process.service
	install -m 644 contrib/systemd/mr-process.timer $(DESTDIR)$(SYSTEMDDIR)/

uninstall-systemd:
	rm -f $(DESTDIR)$(SYSTEMDDIR)/mr-process.service \
	    $(DESTDIR)$(SYSTEMDDIR)/mr-process.timer

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(TOOLS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(MAN7)))
	rm -f $(addprefix $(DESTDIR)$(BASHCOMPDIR)/,$(notdir $(TOOLS)))
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_media-route

demo: all
	@sh tools/demo.sh

bench: all
	@SHARED=$(SHARED) sh tools/bench.sh

# Soak (issue 7): thousands of requests with random faults and kills,
# then the invariants (tools/soak.sh; SOAK_ITEMS, SOAK_SECONDS, SOAK_SEED).
soak: build
	@MR_TOP=$(CURDIR) PATH=$(CURDIR)/cmd:$(CURDIR)/tests/bin:$$PATH \
	    sh tools/soak.sh

# Fuzzing (tests/fuzz/fuzz_*.c, libFuzzer): the library is built again
# with clang and the sanitizers in $(FUZZ_DIR).  `make fuzz` runs each
# target for FUZZ_SECONDS; fuzz-smoke (part of check) replays the corpus.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR      = tests/fuzz/build
FUZZ_FLAGS    = -O1 -g -fsanitize=address,undefined \
		-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_XCFLAGS  = $(filter-out -Werror -fsanitize=% -fno-sanitize-recover=%,$(XCFLAGS))
FUZZ_SRC      = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS     = $(patsubst tests/fuzz/%.c,$(FUZZ_DIR)/%,$(FUZZ_SRC))
FUZZ_LIB_OBJ  = $(patsubst lib/%.c,$(FUZZ_DIR)/lib/%.o,$(LIB_SRC))
FUZZ_LIB      = $(FUZZ_DIR)/libmediaroute.a

$(FUZZ_DIR)/lib/%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(FUZZ_XCFLAGS) \
	    -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	rm -f $@
	ar rcs $@ $(FUZZ_LIB_OBJ)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $(FUZZ_XCFLAGS) -o $@ $< \
	    $(FUZZ_LIB) $(LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz:
	@$(MAKE) --no-print-directory fuzz-build FUZZ_CC=$(FUZZ_CC)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tools/fuzz.sh run $(FUZZ_BINS)

fuzz-smoke:
	@if sh tools/fuzz.sh usable $(FUZZ_CC); then \
	    $(MAKE) --no-print-directory fuzz-build FUZZ_CC=$(FUZZ_CC) && \
	    sh tools/fuzz.sh smoke $(FUZZ_BINS); \
	else \
	    echo "fuzz-smoke: skipped: $(FUZZ_CC) with libFuzzer not found"; \
	fi

clean:
	rm -rf $(FUZZ_DIR)
	rm -f lib/*.o cmd/*.o cmd/common/*.o tests/unit/*.o tests/bin/*.o
	rm -f $(LIB) $(TOOLS) $(UNITS) $(TEST_BINS) lib/migrations_gen.c
	rm -f $(FLAGS_STAMP)
