# windows.mk - thidua for Windows x86-64, cross-built with Debian's mingw-w64
# (-posix compilers) and tested under wine. Included by the Makefile.
#   make windows        build-win/thidua.exe, build-win/uno/thidua_uno.dll
#                       and the unit tests as .exe
#   make check-windows  the unit tests under wine; thidua.exe generate,
#                       sheets and tally under wine, compared byte for byte
#                       with the Linux command; the DLL's exports and imports
#   make dist-windows   build-win/thidua-VERSION-windows-x86_64.zip: thidua.exe
#                       and its templates
# zlib, libzip, libxml2, ICU (its data cut down) and cmocka are built for
# Windows from Debian's sources by tools/static-deps.sh windows-x86_64 and
# cached like Linux's; everything is linked statically: thidua.exe and the
# DLL need only Windows' own DLLs (and LibreOffice's sal3.dll and cppu3.dll).
WIN_HOST   := x86_64-w64-mingw32
WIN_CC     := $(WIN_HOST)-gcc-posix
WIN_CXX    := $(WIN_HOST)-g++-posix
WIN_AR     := $(WIN_HOST)-ar
WIN_DLLTOOL := $(WIN_HOST)-dlltool
WIN_OBJDUMP := $(WIN_HOST)-objdump
WIN_STRIP  := $(WIN_HOST)-strip
WIN_STATIC := $(WIN)/static-deps.prefix
# a link to the cached prefix, for the include paths
WIN_DEPS   := $(WIN)/deps
WIN_DEPS_LIBS := libxml2.a libzip.a libz.a libicui18n.a libicuuc.a libicudata.a
# libzip's random names (CryptGenRandom) and ICU's time zone (registry)
WIN_SYS_LIBS := -ladvapi32
# gnu_printf and C99 formats (%zu, %lld) from mingw's own stdio; localtime_r
# (mingw's inline over localtime_s); the static
# libraries' headers must not declare dllimport
WIN_CFLAGS := -std=c11 -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
              -D__USE_MINGW_ANSI_STDIO=1 -D_POSIX_THREAD_SAFE_FUNCTIONS=200112L \
              -DLIBXML_STATIC -DU_STATIC_IMPLEMENTATION \
              -ffunction-sections -fdata-sections -Isrc -I$(WIN_DEPS)/include \
              -I$(WIN_DEPS)/include/libxml2
WIN_LDFLAGS := -static -Wl,--gc-sections
WIN_LIB_OBJ := $(LIB_SRC:src/%.c=$(WIN)/obj/%.o) $(GEN_SRC:$(BUILD)/gen/%.c=$(WIN)/obj/gen/%.o)
WIN_LIB    := $(WIN)/libthidua.a
WIN_CLI_OBJ := $(CLI_SRC:src/%.c=$(WIN)/obj/%.o) $(WIN)/obj/util/compat.o
WIN_EXE    := $(WIN)/thidua.exe
# test_outset forks and kills runs (POSIX only); under wine the output sets
# are exercised by tests/windows/run.sh (overwriting, leftovers, a held folder)
WIN_TESTS  := $(patsubst tests/unit/%.c,$(WIN)/tests/%.exe,\
                $(filter-out tests/unit/test_outset.c,$(TEST_SRC)))
WIN_DEPLIBS = $(addprefix $(WIN_DEPS)/lib/,$(WIN_DEPS_LIBS))
# The component: its sources with the SDK's headers made fit for mingw
# (src/uno/sal_mingw.h), libthidua and the static libraries inside, and
# import libraries for the two LibreOffice DLLs it calls, made from .def
# files that list the functions it uses (a missing one fails the link).
WIN_UNO    := $(WIN)/uno
WIN_UNO_OBJ := $(UNO_SRC:src/%.c=$(WIN)/obj/%.o)
WIN_IMPLIBS := $(WIN_UNO)/libsal3.a $(WIN_UNO)/libcppu3.a
# what the DLL may import: Windows' kernel, C runtime and advapi32, and
# LibreOffice's sal3.dll and cppu3.dll; what it must export
WIN_DLL_IMPORTS := ADVAPI32.dll KERNEL32.dll msvcrt.dll sal3.dll cppu3.dll
WIN_DLL_EXPORTS := component_getFactory component_getImplementationEnvironment
WIN_DIST   := $(WIN)/thidua-$(VERSION)-windows-x86_64.zip

.PHONY: windows check-windows dist-windows windows-deps

windows: $(WIN_EXE) $(WIN_DLL) $(WIN_TESTS) $(WIN)/templates.stamp

windows-deps:
	@sh tools/deps.sh windows

# Written only when the folder changes, so that a warm cache rebuilds nothing.
$(WIN_STATIC): FORCE
	@sh tools/deps.sh build
	@mkdir -p $(dir $@)
	@p=$$(sh tools/static-deps.sh windows-x86_64) && \
	  { echo "$$p" | cmp -s - $@ || { echo "$$p" >$@; ln -sfn "$$p" $(WIN_DEPS); }; }
	@[ -e $(WIN_DEPS) ] || ln -sfn "$$(cat $@)" $(WIN_DEPS)

$(WIN)/obj/%.o: src/%.c $(wildcard src/*.h src/*/*.h) $(WIN_STATIC)
	@mkdir -p $(dir $@)
	$(WIN_CC) $(WIN_CFLAGS) -c $< -o $@

$(WIN)/obj/gen/%.o: $(BUILD)/gen/%.c $(WIN_STATIC)
	@mkdir -p $(dir $@)
	$(WIN_CC) $(WIN_CFLAGS) -c $< -o $@

$(WIN_UNO_OBJ): WIN_CFLAGS += -isystem $(UNO_INC) -include src/uno/sal_mingw.h

$(WIN_LIB): $(WIN_LIB_OBJ)
	rm -f $@ && $(WIN_AR) rcs $@ $^

# ICU is C++: linked by g++, everything static (libstdc++, libgcc,
# winpthread)
$(WIN_EXE): $(WIN_CLI_OBJ) $(WIN_LIB) $(WIN_STATIC)
	$(WIN_CXX) -o $@ $(WIN_CLI_OBJ) $(WIN_LIB) $(WIN_DEPLIBS) $(WIN_SYS_LIBS) $(WIN_LDFLAGS)

# The templates beside thidua.exe: where a Windows build looks for them
# (no folder is compiled in).
$(WIN)/templates.stamp: $(wildcard templates/*.fodt templates/*.fods)
	@mkdir -p $(WIN)/templates
	cp $^ $(WIN)/templates/
	@touch $@

$(WIN)/tests/%.exe: tests/unit/%.c $(TEST_SUPPORT) $(WIN_LIB) $(WIN_STATIC) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(WIN_CC) $(WIN_CFLAGS) -Itests/unit -include tests/unit/win_compat.h -DTD_SOURCE_DIR='"$(CURDIR)"' \
	  -o $@ $< $(TEST_SUPPORT) \
	  $(WIN_LIB) $(WIN_DEPS)/lib/libcmocka.a $(WIN_DEPLIBS) $(WIN_SYS_LIBS) -lstdc++ $(WIN_LDFLAGS)

$(WIN_UNO)/lib%.a: src/uno/%.def
	@mkdir -p $(dir $@)
	$(WIN_DLLTOOL) -d $< -D $*.dll -l $@

$(WIN_DLL): $(WIN_UNO_OBJ) $(WIN)/obj/util/compat.o $(WIN_LIB) $(WIN_IMPLIBS) $(WIN_STATIC)
	@mkdir -p $(dir $@)
	$(WIN_CXX) -shared -o $@ $(WIN_UNO_OBJ) $(WIN)/obj/util/compat.o $(WIN_LIB) $(WIN_DEPLIBS) \
	  $(WIN_IMPLIBS) $(WIN_SYS_LIBS) $(WIN_LDFLAGS)
	$(WIN_STRIP) --strip-unneeded $@

dist-windows: $(WIN_DIST)

$(WIN_DIST): $(WIN_EXE) $(WIN)/templates.stamp LICENSE tools/windows.mk
	rm -rf $(WIN)/dist && mkdir -p $(WIN)/dist/thidua/templates $(WIN)/dist/thidua/licenses
	cp $(WIN_EXE) $(WIN)/dist/thidua/ && $(WIN_STRIP) $(WIN)/dist/thidua/thidua.exe
	cp $(wildcard templates/*.fodt templates/*.fods) $(WIN)/dist/thidua/templates/
	cp LICENSE $(WIN)/dist/thidua/LICENSE.txt
	cp $(WIN_DEPS)/licenses/*.txt $(WIN)/dist/thidua/licenses/
	rm -f $(WIN)/dist/thidua/licenses/cmocka.txt
	rm -f $@ && cd $(WIN)/dist && zip -q -X -r $(abspath $@) thidua
	@echo "dist-windows: $@"

check-windows: windows-deps $(CLI) windows
	@WINEDEBUG=-all THIDUA_TEMPLATE_DIR=$(CURDIR)/templates TEST_RUNNER=wine TEST_LABEL=wine \
	  sh tools/run-tests.sh $(WIN_TESTS)
	@sh tests/windows/run.sh $(abspath $(CLI)) $(abspath $(WIN_EXE)) $(abspath $(WIN_DLL)) \
	  "$(WIN_OBJDUMP)" "$(WIN_DLL_IMPORTS)" "$(WIN_DLL_EXPORTS)"
