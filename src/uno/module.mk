# module.mk - src/uno: the LibreOffice extension. Builds the component
# (libthidua_uno.so, pure C on the binary UNO ABI), the shared library it
# calls (libthidua.so: the library's objects, exporting thidua_* only, with
# zlib, libzip, libxml2 and ICU linked in statically and hidden, so that it
# needs nothing from the host but glibc), the type library (thidua.rdb, from
# idl/), and packs build/thidua.oxt, with the Windows component beside
# (thidua_uno.dll, tools/windows.mk).
#   make oxt         build $(BUILD)/thidua.oxt
#   make uno-check   the extension's tests (run by `make check`)
#   make check-other-office   thidua.oxt in Debian 13's LibreOffice (a chroot)
UNO_SDK   ?= /usr/lib/libreoffice/sdk
UNO_PROG  ?= /usr/lib/libreoffice/program
UNO_INC   ?= /usr/include/libreoffice
UNO_DIR   := $(BUILD)/uno
UNO_SRC   := $(wildcard src/uno/*.c)
UNO_OBJ   := $(UNO_SRC:src/%.c=$(BUILD)/obj/%.o)
UNO_IDL   := $(wildcard idl/vn/thidua/*.idl)
UNO_SO    := $(UNO_DIR)/libthidua_uno.so
UNO_LIBSO := $(UNO_DIR)/libthidua.so
UNO_RDB   := $(UNO_DIR)/thidua.rdb
UNO_OXT   := $(BUILD)/thidua.oxt
UNO_STAGE := $(UNO_DIR)/oxt
# the example the menu's "Mở sổ ví dụ" opens as an untitled copy
UNO_EXAMPLE := examples/cum-xii-ha-noi-2018.fods
# The static libraries: built from Debian's sources by tools/static-deps.sh,
# cached outside the tree; this file names the cache folder in use.
STATIC_TARGET ?= linux-x86_64
UNO_STATIC := $(UNO_DIR)/static-deps.prefix
UNO_STATIC_LIBS := libxml2.a libzip.a libz.a libicui18n.a libicuuc.a libicudata.a
uno_space := $(subst ,, )
# the command linked against the .oxt's libthidua.so (tests: it must make the
# same documents as build/thidua with the cut-down ICU data)
UNO_CLI   := $(UNO_DIR)/thidua-oxt
# the text unit tests linked with the static libraries and the cut-down ICU
# data: a missing data item fails them (a collator silently falling back to
# the root order would not fail anything else)
UNO_TEXT_TEST := $(UNO_DIR)/test_text-static
# Files of the .oxt besides the built ones.
UNO_EXT   := $(shell find -L extension -type f 2>/dev/null) description.xml LICENSE \
             $(wildcard templates/*.fodt templates/*.fods) $(UNO_EXAMPLE)
UNO_TEST_C := $(BUILD)/tests/uno_load

CHECK_EXTRA += uno-check
.PHONY: oxt uno uno-check check-other-office

$(UNO_OBJ): CFLAGS += -isystem $(UNO_INC) -DLINUX -DUNX -fvisibility=hidden

uno: $(UNO_SO) $(UNO_RDB)

# Written only when the folder changes, so that a warm cache relinks nothing.
$(UNO_STATIC): FORCE
	@mkdir -p $(dir $@)
	@p=$$(sh tools/static-deps.sh $(STATIC_TARGET)) && \
	  { echo "$$p" | cmp -s - $@ || echo "$$p" >$@; }

# The library as a shared object: the same -fPIC objects, public API only,
# with the third-party archives inside. Linked by g++ for -static-libstdc++
# (ICU is C++); the version script keeps every symbol but thidua_* local, and
# --exclude-libs says so again for the archives.
$(UNO_LIBSO): $(BUILD)/libthidua.a src/uno/libthidua.map $(UNO_STATIC)
	@mkdir -p $(dir $@)
	p=$$(cat $(UNO_STATIC)); \
	g++ -shared -o $@ -Wl,-soname,libthidua.so -Wl,-z,defs -Wl,--gc-sections \
	  -Wl,--version-script=src/uno/libthidua.map \
	  -Wl,--whole-archive $(BUILD)/libthidua.a -Wl,--no-whole-archive \
	  $(addprefix $$p/lib/,$(UNO_STATIC_LIBS)) \
	  -Wl,--exclude-libs,$(subst $(uno_space),:,$(UNO_STATIC_LIBS)) \
	  -static-libstdc++ -static-libgcc -lm -lpthread
	@mkdir -p $(UNO_DIR)/licenses && cp $$(cat $(UNO_STATIC))/licenses/*.txt $(UNO_DIR)/licenses/

$(UNO_TEXT_TEST): tests/unit/test_text.c $(TEST_SUPPORT) $(LIB) $(UNO_STATIC) $(wildcard tests/unit/*.h)
	p=$$(cat $(UNO_STATIC)); \
	$(CC) $(CFLAGS) -Itests/unit -DTD_SOURCE_DIR='"$(CURDIR)"' -o $@ $< $(TEST_SUPPORT) $(LIB) \
	  $(addprefix $$p/lib/,$(UNO_STATIC_LIBS)) -lcmocka -pthread -lstdc++ -lm

$(UNO_CLI): $(CLI_OBJ) $(UNO_LIBSO)
	$(CC) -o $@ $(CLI_OBJ) -L$(UNO_DIR) -lthidua -Wl,-rpath,'$$ORIGIN' $(LIBS)

$(UNO_SO): $(UNO_OBJ) $(BUILD)/obj/util/compat.o $(UNO_LIBSO) src/uno/component.map
	$(CC) -shared -o $@ -Wl,-z,defs -Wl,--version-script=src/uno/component.map \
	  $(UNO_OBJ) $(BUILD)/obj/util/compat.o -L$(UNO_DIR) -lthidua -L$(UNO_SDK)/lib -luno_cppu -luno_sal \
	  -Wl,-rpath,'$$ORIGIN' $(LDFLAGS)

$(UNO_RDB): $(UNO_IDL)
	@mkdir -p $(dir $@)
	$(UNO_SDK)/bin/unoidl-write $(UNO_PROG)/types.rdb $(UNO_PROG)/types/offapi.rdb idl $@

oxt: $(UNO_OXT)

# The .oxt's version is description.xml's, which must equal THIDUA_VERSION.
# It carries the Windows component too (thidua_uno.dll: tools/windows.mk).
$(UNO_OXT): $(UNO_SO) $(UNO_LIBSO) $(WIN_DLL) $(UNO_RDB) $(UNO_EXT) src/thidua.h tools/uno-icons.py \
           src/uno/module.mk
	@v=$$(sed -n 's/^#define THIDUA_VERSION "\(.*\)"/\1/p' src/thidua.h); \
	 grep -q "<version value=\"$$v\"/>" description.xml || \
	   { echo "description.xml: version is not THIDUA_VERSION $$v" >&2; exit 1; }
	rm -rf $(UNO_STAGE) && mkdir -p $(UNO_STAGE)/lib $(UNO_STAGE)/templates
	cp -R extension/. $(UNO_STAGE)/
	cp description.xml LICENSE $(UNO_STAGE)/
	cp $(wildcard templates/*.fodt templates/*.fods) $(UNO_STAGE)/templates/
	mkdir -p $(UNO_STAGE)/examples && cp $(UNO_EXAMPLE) $(UNO_STAGE)/examples/
	/usr/bin/python3 tools/uno-icons.py $(UNO_STAGE)/icons
	cp $(UNO_SO) $(UNO_LIBSO) $(WIN_DLL) $(UNO_STAGE)/lib/
	strip --strip-unneeded $(UNO_STAGE)/lib/*.so
	mkdir -p $(UNO_STAGE)/licenses && cp $(UNO_DIR)/licenses/*.txt $(UNO_STAGE)/licenses/
	cp $(UNO_RDB) $(UNO_STAGE)/
	rm -f $@ && cd $(UNO_STAGE) && zip -q -X -r $(abspath $@) .
	@echo "oxt: $@"

$(UNO_TEST_C): tests/uno/load.c $(UNO_SO)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -ldl $(LDFLAGS)

ifeq ($(SANITIZE),1)
# soffice cannot load sanitized libraries: test the extension built plainly.
uno-check:
	@echo "uno-check: the extension is tested without sanitizers (build/)"
	@$(MAKE) --no-print-directory SANITIZE= uno-check
else
uno-check: deps $(UNO_OXT) $(UNO_TEST_C) $(UNO_CLI) $(CLI) $(UNO_TEXT_TEST)
	@sh tools/run-tests.sh $(UNO_TEXT_TEST)
	@THIDUA_OXT=$(abspath $(UNO_OXT)) THIDUA_UNO_SO=$(abspath $(UNO_SO)) \
	  THIDUA_UNO_CLI=$(abspath $(UNO_CLI)) THIDUA_CLI=$(abspath $(CLI)) \
	  THIDUA_UNO_LIBSO=$(abspath $(UNO_LIBSO)) THIDUA_UNO_LOAD=$(abspath $(UNO_TEST_C)) \
	  THIDUA_RDB=$(abspath $(UNO_RDB)) sh tests/uno/run.sh
endif

# Not in `make check` (it needs root and a Debian 13 chroot, cached in
# /var/cache/thidua/trixie-lo): .ci/run runs it after make check.
check-other-office: deps $(UNO_OXT) $(CLI)
	@THIDUA_OXT=$(abspath $(UNO_OXT)) THIDUA_CLI=$(abspath $(CLI)) sh tests/uno/other-office.sh
