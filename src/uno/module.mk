# module.mk - src/uno: the LibreOffice extension. Builds the component
# (libthidua_uno.so, pure C on the binary UNO ABI), the shared library it
# calls (libthidua.so: the library's objects, exporting thidua_* only), the
# type library (thidua.rdb, from idl/), and packs build/thidua.oxt.
#   make oxt         build $(BUILD)/thidua.oxt
#   make uno-check   the extension's tests (run by `make check`)
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
# libzip is not among LibreOffice's dependencies and Debian ships no static
# libzip.a: the .oxt carries the system's libzip.so.4 next to libthidua.so
# (its own needs, libz, libbz2 and libcrypto, come with LibreOffice).
UNO_LIBZIP = $(shell $(CC) -print-file-name=libzip.so.4)
# Files of the .oxt besides the built ones.
UNO_EXT   := $(shell find -L extension -type f 2>/dev/null) description.xml LICENSE \
             $(wildcard templates/*.fodt templates/*.fods) $(UNO_EXAMPLE)
UNO_TEST_C := $(BUILD)/tests/uno_load

CHECK_EXTRA += uno-check
.PHONY: oxt uno uno-check

$(UNO_OBJ): CFLAGS += -isystem $(UNO_INC) -DLINUX -DUNX -fvisibility=hidden

uno: $(UNO_SO) $(UNO_RDB)

# The library as a shared object: the same -fPIC objects, public API only.
$(UNO_LIBSO): $(BUILD)/libthidua.a src/uno/libthidua.map
	@mkdir -p $(dir $@)
	$(CC) -shared -o $@ -Wl,-soname,libthidua.so -Wl,-z,defs \
	  -Wl,--version-script=src/uno/libthidua.map \
	  -Wl,--whole-archive $(BUILD)/libthidua.a -Wl,--no-whole-archive \
	  $(LIBS) -Wl,-rpath,'$$ORIGIN' $(LDFLAGS)

$(UNO_SO): $(UNO_OBJ) $(UNO_LIBSO) src/uno/component.map
	$(CC) -shared -o $@ -Wl,-z,defs -Wl,--version-script=src/uno/component.map \
	  $(UNO_OBJ) -L$(UNO_DIR) -lthidua -L$(UNO_SDK)/lib -luno_cppu -luno_sal \
	  -Wl,-rpath,'$$ORIGIN' $(LDFLAGS)

$(UNO_RDB): $(UNO_IDL)
	@mkdir -p $(dir $@)
	$(UNO_SDK)/bin/unoidl-write $(UNO_PROG)/types.rdb $(UNO_PROG)/types/offapi.rdb idl $@

oxt: $(UNO_OXT)

# The .oxt's version is description.xml's, which must equal THIDUA_VERSION.
$(UNO_OXT): $(UNO_SO) $(UNO_LIBSO) $(UNO_RDB) $(UNO_EXT) src/thidua.h tools/uno-icons.py \
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
	cp $(UNO_SO) $(UNO_LIBSO) $(UNO_STAGE)/lib/
	cp -L $(UNO_LIBZIP) $(UNO_STAGE)/lib/libzip.so.4
	strip --strip-debug $(UNO_STAGE)/lib/*.so*
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
uno-check: deps $(UNO_OXT) $(UNO_TEST_C)
	@THIDUA_OXT=$(abspath $(UNO_OXT)) THIDUA_UNO_SO=$(abspath $(UNO_SO)) \
	  THIDUA_UNO_LIBSO=$(abspath $(UNO_LIBSO)) THIDUA_UNO_LOAD=$(abspath $(UNO_TEST_C)) \
	  THIDUA_RDB=$(abspath $(UNO_RDB)) sh tests/uno/run.sh
endif
