/* case.c - upper and lower case by Vietnamese rules (ICU locale "vi"). */
#include "text/vi.h"
#include "text/text_int.h"
#include "util/error.h"

#include <string.h>

#include <unicode/unorm2.h>

/* Case-map s with op and give the result in NFC. */
static int map_case(char **out, const char *s, td_u16_op op)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfc;
	td_u16 u = { NULL, 0 }, v = { NULL, 0 }, w = { NULL, 0 };
	int rc;

	if (!out)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	*out = NULL;
	if (!s)
		return td_error(THIDUA_EINVAL, "Thiếu văn bản.", "Missing text.");
	if (!(nfc = td_nfc()))
		return THIDUA_ERROR;
	if ((rc = td_u16_from_utf8(&u, s, strlen(s))) < 0)
		goto cleanup;
	if ((rc = td_u16_apply(&v, op, "vi", u.p, u.len)) < 0)
		goto cleanup;
	if (unorm2_isNormalized(nfc, v.p, v.len, &e) && U_SUCCESS(e)) {
		rc = td_u16_to_utf8(out, v.p, v.len);
		goto cleanup;
	}
	if ((rc = td_u16_apply(&w, td_op_normalize, nfc, v.p, v.len)) < 0)
		goto cleanup;
	rc = td_u16_to_utf8(out, w.p, w.len);
cleanup:
	td_u16_free(&u);
	td_u16_free(&v);
	td_u16_free(&w);
	return rc;
}

int td_text_upper(char **out, const char *s) { return map_case(out, s, td_op_upper); }

int td_text_lower(char **out, const char *s) { return map_case(out, s, td_op_lower); }
