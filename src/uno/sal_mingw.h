/* sal_mingw.h - the LibreOffice SDK's C headers for a mingw-w64 build of the
 * component (force-included, -include, in its sources by windows.mk).
 *
 * sal/types.h knows only MSVC (_MSC_VER) and Unix (SAL_UNX), and Debian's
 * sal/typesizes.h sizes long for Linux: left alone, the first stops the build
 * and the second makes sal_Int64 a 32-bit long on Windows, silently breaking
 * every hyper in the binary UNO ABI. Here the sizes are Windows' (LLP64), the
 * Unix branch of sal/types.h is taken for its definitions and its
 * export/calling-convention macros are then replaced by Windows' ones. The
 * structures keep Windows' packing (the headers' own #pragma pack on _WIN32).
 */
#ifndef TU_SAL_MINGW_H
#define TU_SAL_MINGW_H

#if !defined(_WIN32) || !defined(__GNUC__)
#error "sal_mingw.h is for mingw-w64 builds only"
#endif

/* Debian's sal/typesizes.h is skipped through its include guard. */
#define CONFIG_TYPESIZES_H
#define SAL_TYPES_ALIGNMENT2 2
#define SAL_TYPES_ALIGNMENT4 4
#define SAL_TYPES_ALIGNMENT8 8
#define SAL_TYPES_SIZEOFSHORT 2
#define SAL_TYPES_SIZEOFINT 4
#define SAL_TYPES_SIZEOFLONG 4
#define SAL_TYPES_SIZEOFLONGLONG 8
#define SAL_TYPES_SIZEOFPOINTER 8

#define SAL_UNX
#include <sal/types.h>
#undef SAL_UNX

#undef SAL_DLLPUBLIC_EXPORT
#undef SAL_JNI_EXPORT
#undef SAL_DLLPUBLIC_IMPORT
#undef SAL_DLLPRIVATE
#undef SAL_DLLPUBLIC_TEMPLATE
#undef SAL_DLLPUBLIC_RTTI
#undef SAL_CALL
#undef SAL_EXCEPTION_DLLPUBLIC_EXPORT
#undef SAL_EXCEPTION_DLLPRIVATE
#define SAL_DLLPUBLIC_EXPORT __declspec(dllexport)
#define SAL_JNI_EXPORT __declspec(dllexport)
#define SAL_DLLPUBLIC_IMPORT __declspec(dllimport)
#define SAL_DLLPRIVATE
#define SAL_DLLPUBLIC_TEMPLATE
#define SAL_DLLPUBLIC_RTTI
#define SAL_CALL __cdecl
#define SAL_EXCEPTION_DLLPUBLIC_EXPORT
#define SAL_EXCEPTION_DLLPRIVATE

_Static_assert(sizeof(sal_Int64) == 8, "sal_Int64 must be 64-bit");
_Static_assert(sizeof(sal_Int32) == 4, "sal_Int32 must be 32-bit");
_Static_assert(sizeof(sal_Unicode) == 2, "sal_Unicode must be 16-bit");
_Static_assert(sizeof(void *) == 8, "x86-64 only");

#endif
