# thidua - build, test and package.
#   make demo      generate the documents of the bundled example
#   make check     all tests (unit, spec, ODF conformance, LibreOffice)
#   make check SANITIZE=1   the same under ASan/UBSan
#   make bench     benchmarks
#   make fuzz      libFuzzer on the template, expression and data parsers
# Missing Debian packages are installed by tools/deps.sh (or it says what to
# install).

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
CFLAGS  := -std=c11 $(OPT) -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -D_POSIX_C_SOURCE=200809L -fPIC -Isrc \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
           -DTHIDUA_DEFAULT_TEMPLATE_DIR='"$(CURDIR)/templates"' $(CFLAGS_EXTRA)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

LIB_DIRS := $(filter-out cli uno,$(notdir $(patsubst %/,%,$(wildcard src/*/))))
LIB_SRC  := $(foreach d,$(LIB_DIRS),$(wildcard src/$(d)/*.c))
# Generated sources (module.mk files add to GEN_SRC, under $(BUILD)/gen/);
# module.mk files may also add test targets to CHECK_EXTRA, run by `make check`
# after the unit and integration tests.
GEN_SRC  :=
CHECK_EXTRA :=
-include $(wildcard src/*/module.mk)
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(GEN_SRC:$(BUILD)/gen/%.c=$(BUILD)/obj/gen/%.o)
CLI_SRC  := $(wildcard src/cli/*.c)
CLI_OBJ  := $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_TARGETS := expr template cluster
FUZZ_RUN := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/run_%)
FUZZ_SECONDS ?= 60
TEST_SUPPORT := $(filter-out $(TEST_SRC),$(wildcard tests/unit/*.c))

LIB   := $(BUILD)/libthidua.a
CLI   := $(BUILD)/thidua

.PHONY: all deps deps-build lib cli unit check demo clean integration bench fuzz
all: deps-build lib cli

deps-build:
	@sh tools/deps.sh build
deps:
	@sh tools/deps.sh check

lib: $(LIB)
cli: $(CLI)

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(CLI): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(LIB) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -DTD_SOURCE_DIR='"$(CURDIR)"' -o $@ $< $(TEST_SUPPORT) $(LIB) $(LIBS) -lcmocka -pthread $(LDFLAGS)

# Unit tests: each cmocka binary prints its own summary; tools/run-tests.sh
# adds the closing "N passed, N failed" line.
unit: deps-build $(TEST_BIN) $(CLI) $(FUZZ_RUN)
	@sh tools/run-tests.sh $(TEST_BIN)
	@for t in $(FUZZ_TARGETS); do $(BUILD)/fuzz/run_$$t fuzz/corpus/$$t || exit 1; done

# The integration tests' driver of the rules cluster (tests/unit/rules_fixture.c).
$(BUILD)/tests/rules_driver: tests/integration/rules_driver.c tests/unit/rules_fixture.c $(LIB) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< tests/unit/rules_fixture.c $(LIB) $(LIBS) $(LDFLAGS)

integration: deps $(CLI) $(BUILD)/tests/rules_driver
	@THIDUA=$(abspath $(CLI)) RULES_DRIVER=$(abspath $(BUILD)/tests/rules_driver) sh tests/integration/run.sh

check: deps
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory integration
	@for t in $(CHECK_EXTRA); do $(MAKE) --no-print-directory $$t || exit 1; done

demo: deps $(CLI)
	@sh tools/demo.sh $(abspath $(CLI))

# Fuzz targets (fuzz/fuzz_*.c). Without libFuzzer they build against
# fuzz/driver.c and run over their corpus in `make unit` (under ASan with
# SANITIZE=1); `make fuzz` builds them with clang's libFuzzer and fuzzes each
# for FUZZ_SECONDS.

$(BUILD)/fuzz/run_%: fuzz/fuzz_%.c fuzz/driver.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< fuzz/driver.c $(LIB) $(LIBS) $(LDFLAGS)

fuzz: deps-build
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	  CFLAGS_EXTRA="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" lib
	@mkdir -p build-fuzz/fuzz
	@for t in $(FUZZ_TARGETS); do \
	  clang $(CFLAGS) -fsanitize=fuzzer,address,undefined -o build-fuzz/fuzz/$$t fuzz/fuzz_$$t.c \
	    build-fuzz/libthidua.a $(LIBS) || exit 1; \
	  mkdir -p build-fuzz/corpus/$$t && cp fuzz/corpus/$$t/* build-fuzz/corpus/$$t/; \
	  build-fuzz/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 \
	    build-fuzz/corpus/$$t || exit 1; \
	done

$(BUILD)/bench_fill: bench/bench_fill.c $(LIB)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LIBS) $(LDFLAGS)

# Benchmarks: speed and memory targets live here, never in timed tests.
bench: deps-build $(BUILD)/bench_fill
	@$(BUILD)/bench_fill 200

clean:
	rm -rf build build-san out
