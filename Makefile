# thidua - build, test, package and install.
#   make           the library, the command and the extension (build/thidua.oxt)
#   make demo      generate the documents of the bundled example
#   make check     all tests (unit, spec, ODF conformance, LibreOffice, install)
#   make check SANITIZE=1   the same under ASan/UBSan
#   make check-other-office  thidua.oxt in Debian 13's LibreOffice (a chroot;
#                  root; run by .ci/run after make check)
#   make check-windows  thidua.exe, the unit tests and the .oxt's Windows
#                  component cross-built with mingw-w64, tested under wine
#                  against the Linux build (run by .ci/run after make check)
#   make dist-windows  build-win/thidua-VERSION-windows-x86_64.zip
#   make install [PREFIX=/usr/local] [DESTDIR=]   and  make uninstall
#   make bench     benchmarks
#   make fuzz      libFuzzer on the template, expression and data parsers and
#                  the returned-sheet, package and flat ODF readers
# Missing Debian packages are installed by tools/deps.sh (or it says what to
# install) before any flag is computed: $(BUILD)/config.mk, included below,
# is made first by running it, then make reads itself again.
.DEFAULT_GOAL := all

CC      ?= gcc
PKGS    := libxml-2.0 libzip icu-uc icu-i18n
BUILD   := build
CFLAGS_EXTRA :=
ifeq ($(SANITIZE),1)
BUILD   := build-san
CFLAGS_EXTRA += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif
OPT     ?= -O2

# The system libraries' flags, from pkg-config once tools/deps.sh has
# installed them (not for `make clean`).
CONFIG  := $(BUILD)/config.mk
ifneq ($(if $(MAKECMDGOALS),$(filter-out clean,$(MAKECMDGOALS)),all),)
include $(CONFIG)
endif
$(CONFIG): tools/deps.sh
	@sh tools/deps.sh build
	@mkdir -p $(dir $@)
	@pkg-config --exists --print-errors $(PKGS)
	@{ echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKGS))"; \
	   echo "PKG_LIBS := $$(pkg-config --libs $(PKGS))"; } >$@.tmp && mv $@.tmp $@

CFLAGS  := -std=c11 $(OPT) -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -D_POSIX_C_SOURCE=200809L -fPIC -Isrc $(PKG_CFLAGS) $(CFLAGS_EXTRA)
LIBS    := $(PKG_LIBS)
# Where the library finds its templates when nothing else says: the source
# tree's templates/ in the build tree, $(PREFIX)/share/thidua once installed.
TMPL_DIR_DEF = -DTHIDUA_DEFAULT_TEMPLATE_DIR='"$(CURDIR)/templates"'

# Every folder of src/ is part of the library, except the command and the
# extension.
LIB_DIRS := $(filter-out cli uno,$(notdir $(patsubst %/,%,$(wildcard src/*/))))
LIB_SRC  := $(foreach d,$(LIB_DIRS),$(wildcard src/$(d)/*.c))
# Generated sources (module.mk files add to GEN_SRC, under $(BUILD)/gen/);
# module.mk files may also add test targets to CHECK_EXTRA, run by `make check`
# after the unit and integration tests.
GEN_SRC  :=
CHECK_EXTRA :=
CLI_SRC  := $(wildcard src/cli/*.c)
CLI_OBJ  := $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
# the command calls the compat layer (td_mkdir, td_is_sep); it links it
# itself, as libthidua.so hides everything but thidua_*
CLI_OBJ  += $(BUILD)/obj/util/compat.o
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(filter-out $(TEST_SRC),$(wildcard tests/unit/*.c))
LIB   := $(BUILD)/libthidua.a
CLI   := $(BUILD)/thidua
# The Windows build's folder and component (tools/windows.mk, included at
# the end), which the .oxt carries beside the Linux one.
WIN      := build-win
WIN_DLL  := $(WIN)/uno/thidua_uno.dll
-include $(wildcard src/*/module.mk)
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(GEN_SRC:$(BUILD)/gen/%.c=$(BUILD)/obj/gen/%.o)
FUZZ_TARGETS := expr template cluster ods xlsx package flat
FUZZ_RUN := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/run_%)
# Hostile seeds (issue 11) are written by tools/make-hostile.py, never
# committed: $(FUZZ_GEN)/<target>/, run with fuzz/corpus/<target>/.
FUZZ_GEN := $(BUILD)/corpus-hostile
FUZZ_SECONDS ?= 60

.PHONY: all deps deps-build lib cli unit check demo clean integration bench fuzz hostile oom \
        install uninstall install-check FORCE
# oxt: src/uno/module.mk
all: lib cli oxt

deps-build:
	@sh tools/deps.sh build
deps:
	@sh tools/deps.sh check

lib: $(LIB)
cli: $(CLI)

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TMPL_DIR_DEF) -c $< -o $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(CLI): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LIBS)

# The command with test hooks (THIDUA_FAIL_ALLOC=k fails the k-th
# allocation and every later one); for tests/oom only, never installed.
FAILALLOC_CLI := $(BUILD)/tests/thidua-failalloc
$(FAILALLOC_CLI): src/cli/main.c $(LIB) $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TMPL_DIR_DEF) -DTHIDUA_TEST_HOOKS -o $@ src/cli/main.c $(LIB) $(LIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(LIB) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -DTD_SOURCE_DIR='"$(CURDIR)"' -o $@ $< $(TEST_SUPPORT) $(LIB) $(LIBS) -lcmocka -pthread $(LDFLAGS)

# Unit tests: each cmocka binary prints its own summary; tools/run-tests.sh
# adds the closing "N passed, N failed" line.
unit: deps-build $(TEST_BIN) $(CLI) $(FUZZ_RUN) $(FUZZ_GEN)/.made
	@sh tools/run-tests.sh $(TEST_BIN)
	@for t in $(FUZZ_TARGETS); do $(BUILD)/fuzz/run_$$t fuzz/corpus/$$t $(FUZZ_GEN)/$$t || exit 1; done

$(FUZZ_GEN)/.made: tools/make-hostile.py
	@rm -rf $(FUZZ_GEN) && mkdir -p $(FUZZ_GEN)
	/usr/bin/python3 tools/make-hostile.py --corpus $(FUZZ_GEN)
	@touch $@

integration: deps $(CLI)
	@THIDUA=$(abspath $(CLI)) sh tests/integration/run.sh

check: deps
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory hostile
	@$(MAKE) --no-print-directory oom
	@$(MAKE) --no-print-directory integration
	@for t in $(CHECK_EXTRA); do $(MAKE) --no-print-directory $$t || exit 1; done
	@$(MAKE) --no-print-directory install-check

# Hostile input (issue 11): the shapes written by tools/make-hostile.py
# (about 500 MB in $(BUILD)/hostile, never committed) through the command,
# each within a time and memory bound (tests/hostile/run.py).
hostile: deps-build $(CLI)
	@/usr/bin/python3 tools/make-hostile.py $(BUILD)/hostile
	@/usr/bin/python3 tests/hostile/run.py $(abspath $(CLI)) $(abspath $(BUILD)/hostile) \
	  $(if $(filter 1,$(SANITIZE)),--sanitized)

# Out of memory at sampled points of whole generate / sheets / tally runs
# (tests/oom/run.py; meant for SANITIZE=1, which catches crashes and leaks).
OOM_FIRST ?= 500
OOM_SAMPLES ?= 200
oom: deps-build $(FAILALLOC_CLI)
	@/usr/bin/python3 tests/oom/run.py $(abspath $(FAILALLOC_CLI)) \
	  --first $(OOM_FIRST) --samples $(OOM_SAMPLES)

demo: deps $(CLI)
	@sh tools/demo.sh $(abspath $(CLI))

# ---- install ----------------------------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=]: the command, the shared library
# (libthidua.so.0 -> libthidua.so.X.Y.Z, and libthidua.so for linking), the
# header, thidua.pc, the man page and the templates (in $(PREFIX)/share/thidua,
# where the installed library looks for them). Both link the system's shared
# libxml2, libzip and ICU (the .oxt's library carries its own).
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
INSTALL    ?= install
VERSION    := $(shell sed -n 's/^.define THIDUA_VERSION "\(.*\)"/\1/p' src/thidua.h)
SOMAJOR    := $(firstword $(subst ., ,$(VERSION)))
SONAME     := libthidua.so.$(SOMAJOR)
INST       := $(BUILD)/install
# the source file that holds the compiled-in template folder: built again
# for the installed library
TMPL_DIR_SRC := $(shell grep -l THIDUA_DEFAULT_TEMPLATE_DIR $(LIB_SRC) /dev/null)
INST_LIB_OBJ := $(filter-out $(TMPL_DIR_SRC:src/%.c=$(BUILD)/obj/%.o),$(LIB_OBJ)) \
                $(TMPL_DIR_SRC:src/%.c=$(INST)/obj/%.o)
# no run path into the system's own library folders
INST_RPATH := $(if $(filter /usr/lib /usr/lib64 /lib /usr/lib/x86_64-linux-gnu,$(LIBDIR)),,-Wl,-rpath,$(LIBDIR))

# the installed folders are compiled in: rebuild when they change
$(INST)/dirs: FORCE
	@mkdir -p $(dir $@)
	@echo "$(DATADIR) $(LIBDIR) $(PREFIX)" | cmp -s - $@ || echo "$(DATADIR) $(LIBDIR) $(PREFIX)" >$@

$(INST)/obj/%.o: src/%.c $(INST)/dirs $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DTHIDUA_DEFAULT_TEMPLATE_DIR='"$(DATADIR)/thidua"' -c $< -o $@

$(INST)/libthidua.so.$(VERSION): $(INST_LIB_OBJ) src/uno/libthidua.map
	$(CC) -shared -o $@ -Wl,-soname,$(SONAME) -Wl,-z,defs \
	  -Wl,--version-script=src/uno/libthidua.map $(INST_LIB_OBJ) $(LIBS) $(LDFLAGS)
	ln -sf libthidua.so.$(VERSION) $(INST)/$(SONAME)
	ln -sf $(SONAME) $(INST)/libthidua.so

$(INST)/thidua: $(CLI_OBJ) $(INST)/libthidua.so.$(VERSION) $(INST)/dirs
	$(CC) -o $@ $(CLI_OBJ) -L$(INST) -lthidua $(INST_RPATH) $(LIBS) $(LDFLAGS)

$(INST)/thidua.pc: tools/thidua.pc.in $(INST)/dirs src/thidua.h
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|; s|@REQUIRES@|$(PKGS) zlib|' $< >$@

install: $(INST)/thidua $(INST)/libthidua.so.$(VERSION) $(INST)/thidua.pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/thidua
	$(INSTALL) -m 755 $(INST)/thidua $(DESTDIR)$(BINDIR)/thidua
	$(INSTALL) -m 755 $(INST)/libthidua.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libthidua.so.$(VERSION)
	ln -sf libthidua.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libthidua.so
	$(INSTALL) -m 644 src/thidua.h $(DESTDIR)$(INCLUDEDIR)/thidua.h
	$(INSTALL) -m 644 $(INST)/thidua.pc $(DESTDIR)$(LIBDIR)/pkgconfig/thidua.pc
	$(INSTALL) -m 644 doc/thidua.1 $(DESTDIR)$(MANDIR)/man1/thidua.1
	$(INSTALL) -m 644 $(wildcard templates/*.fodt templates/*.fods) $(DESTDIR)$(DATADIR)/thidua/
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/thidua $(DESTDIR)$(LIBDIR)/libthidua.so.$(VERSION) \
	  $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libthidua.so \
	  $(DESTDIR)$(INCLUDEDIR)/thidua.h $(DESTDIR)$(LIBDIR)/pkgconfig/thidua.pc \
	  $(DESTDIR)$(MANDIR)/man1/thidua.1 \
	  $(addprefix $(DESTDIR)$(DATADIR)/thidua/,$(notdir $(wildcard templates/*.fodt templates/*.fods)))
	-rmdir $(DESTDIR)$(DATADIR)/thidua 2>/dev/null
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

# install into a staging prefix and a DESTDIR, build a program against the
# installed library through pkg-config, uninstall, nothing left
ifeq ($(SANITIZE),1)
# a program built through pkg-config cannot load a sanitized library: test
# the installation built plainly
install-check:
	@echo "install-check: the installation is tested without sanitizers (build/)"
	@$(MAKE) --no-print-directory SANITIZE= install-check
else
install-check: $(CLI)
	@MAKE="$(MAKE)" sh tests/install/run.sh
endif

# Fuzz targets (fuzz/fuzz_*.c). Without libFuzzer they build against
# fuzz/driver.c and run over their corpus in `make unit` (under ASan with
# SANITIZE=1); `make fuzz` builds them with clang's libFuzzer and fuzzes each
# for FUZZ_SECONDS.

$(BUILD)/fuzz/run_%: fuzz/fuzz_%.c fuzz/driver.c fuzz/fuzz_util.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< fuzz/driver.c $(LIB) $(LIBS) $(LDFLAGS)

fuzz: deps-build
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	  CFLAGS_EXTRA="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" lib
	@mkdir -p build-fuzz/fuzz
	@rm -rf build-fuzz/corpus-hostile && /usr/bin/python3 tools/make-hostile.py --corpus build-fuzz/corpus-hostile
	@for t in $(FUZZ_TARGETS); do \
	  clang $(CFLAGS) -fsanitize=fuzzer,address,undefined -o build-fuzz/fuzz/$$t fuzz/fuzz_$$t.c \
	    build-fuzz/libthidua.a $(LIBS) || exit 1; \
	  mkdir -p build-fuzz/corpus/$$t && cp fuzz/corpus/$$t/* build-fuzz/corpus/$$t/; \
	  if [ -d build-fuzz/corpus-hostile/$$t ]; then cp build-fuzz/corpus-hostile/$$t/* build-fuzz/corpus/$$t/; fi; \
	  build-fuzz/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 \
	    build-fuzz/corpus/$$t || exit 1; \
	done

$(BUILD)/bench_fill: bench/bench_fill.c $(LIB)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LIBS) $(LDFLAGS)

$(BUILD)/bench_scale: bench/bench_scale.c
	$(CC) $(CFLAGS) -o $@ $< $(LIBS) $(LDFLAGS)

$(BUILD)/bench_peer: bench/bench_peer.c $(LIB)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LIBS) $(LDFLAGS)

# Benchmarks: speed and memory targets live here, never in timed tests.
# PEERS=1 also installs Carbone (npm, into $(BUILD)/peers) and relatorio
# (Debian) and runs the same template and data through all three.
bench: deps-build $(BUILD)/bench_fill $(BUILD)/bench_scale $(CLI) $(if $(PEERS),$(BUILD)/bench_peer)
	@$(BUILD)/bench_fill 200
	@$(BUILD)/bench_scale $(abspath $(CLI)) examples/cum-xii-ha-noi-2018.xml 3
	@if [ -n "$(PEERS)" ]; then sh bench/peers/install.sh $(BUILD)/peers && \
	  /usr/bin/python3 bench/peers/run.py $(BUILD)/bench_peer $(BUILD)/peers $(BUILD)/peers/work; fi

clean:
	rm -rf build build-san build-fuzz build-win out

# Windows x86-64 (mingw-w64, tested under wine): make windows, make
# check-windows, make dist-windows
include tools/windows.mk
