# module.mk - src/odf: the package writer deflates parts itself with zlib
# (one stream per thread, reset between parts), so the library links zlib.
CFLAGS += $(shell pkg-config --cflags zlib 2>/dev/null)
LIBS += $(shell pkg-config --libs zlib 2>/dev/null || echo -lz)
