/* component.h - the component's implementations, as the factory sees them. */
#ifndef THIDUA_UNO_COMPONENT_H
#define THIDUA_UNO_COMPONENT_H

#include "uno/uno_util.h"

#define TU_SERVICE_IMPL "vn.thidua.ThiduaImpl"
#define TU_DISPATCH_IMPL "vn.thidua.DispatchImpl"
#define TU_OPTIONS_IMPL "vn.thidua.OptionsHandlerImpl"

/* A new vn.thidua.Thidua object, one reference owned by the caller; NULL
 * when out of memory. */
uno_Interface *tu_service_new(void);
extern const uu_class tu_service_class;

/* A new protocol handler for vnd.thidua: URLs; ctx (the component context)
 * is acquired. One reference owned by the caller; NULL when out of memory. */
uno_Interface *tu_dispatch_new(uno_Interface *ctx);
extern const uu_class tu_dispatch_class;

/* A new handler of the options page (vn.thidua.OptionsHandler); ctx is
 * acquired. One reference owned by the caller; NULL when out of memory. */
uno_Interface *tu_options_new(uno_Interface *ctx);
extern const uu_class tu_options_class;

#endif
