/* xml.h - what every libxml2 user of the library shares: the library's
 * allocator installed into libxml2, libxml2's messages captured instead of
 * printed, and the encoding rule (UTF-8 or UTF-16 only).
 *
 * libxml2 reports some errors (encoding conversion, I/O, out of memory)
 * with no parser context, through its per-thread generic and structured
 * handlers, which print to stderr by default. Every parse in the library
 * runs between td_xml_capture_begin and td_xml_capture_end, which route
 * those messages into a td_xml_err that the caller turns into a located
 * error; nothing reaches the terminal raw. */
#ifndef TD_XML_H
#define TD_XML_H

#include <stddef.h>
#include <libxml/parser.h>

/* Flat ODF (.fodt/.fods) documents larger than this are refused before
 * parsing (THIDUA_ELIMIT), consistent with the 64 MiB cap of the XML
 * cluster format. */
#define TD_FLAT_MAX ((size_t)64 << 20)

/* Route libxml2's allocations through td_malloc/td_realloc/td_free, so
 * that the failing allocator of the tests reaches them too, and make
 * libxml2 quiet: once per process (pthread_once) for the allocator and the
 * handlers of threads created later, once per calling thread for its own
 * handlers (libxml2 keeps them per thread). Every parsing entry point and
 * the renderer call it. The functions installed only wrap malloc, realloc
 * and free, so memory libxml2 allocated before stays compatible. (The
 * extension's libthidua.so carries its own libxml2, with local symbols, so
 * LibreOffice's libxml2 is never touched.) */
void td_xml_init(void);

/* The first libxml2 error seen during a capture. */
typedef struct td_xml_err {
	int count;          /* errors seen */
	int line;           /* of the first, 0 when unknown */
	int nomem;          /* libxml2 reported running out of memory, or an
	                       allocation failed during the capture */
	char msg[256];      /* the first message, one line, no trailing newline */
} td_xml_err;

/* Start capturing the calling thread's context-less libxml2 messages into
 * e (zeroed here); calls td_xml_init. Captures do not nest. */
void td_xml_capture_begin(td_xml_err *e);
/* Stop capturing. Sets e->nomem when an allocation failed since
 * td_xml_capture_begin. */
void td_xml_capture_end(td_xml_err *e);
/* Record an error into e (for the structured handlers of parser contexts
 * and readers, so that they share one record). err is an xmlErrorPtr. */
void td_xml_err_record(td_xml_err *e, const void *err);

/* xmlCtxtReadMemory without its faults: libxml2 2.9 copies the whole input
 * into a buffer first and leaks that buffer when an allocation fails; this
 * streams data[0..len) to the parser instead. Same result otherwise. */
xmlDocPtr td_xml_ctxt_read(xmlParserCtxtPtr ctxt, const char *data, size_t len, int options);

/* Check the XML declaration at the start of data[0..len): an encoding
 * other than UTF-8 or UTF-16 is refused with THIDUA_EFORMAT and a message
 * naming file (may be NULL) and part (may be NULL), line 1. Text without a
 * declaration, or starting with a UTF-16 byte order mark, passes. */
int td_xml_check_encoding(const char *data, size_t len, const char *file, const char *part);

#endif
