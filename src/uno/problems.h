/* problems.h - the problems dialog (dialogs/problems.xdl): every problem,
 * grouped by file, the place first in words, in the UI's language (the
 * other on demand), copied with one button; "Đi tới ô" selects the cell. */
#ifndef THIDUA_UNO_PROBLEMS_H
#define THIDUA_UNO_PROBLEMS_H

#include "thidua.h"
#include "uno/ui.h"

/* Show the problems of a failure with code rc (the thread's last library
 * error gives the summary). With offer_provisional, a button offers
 * provisional results; returns 1 when she takes it. A quiet UI shows
 * nothing; the transcript gets the text. */
int tu_problems(const tu_ui *u, int rc, const thidua_diags *diags, int offer_provisional);

/* The text the dialog shows, in lang (owned, free()); NULL when out of
 * memory. When starts is not NULL it receives a malloc'ed array of the
 * UTF-16 offset at which each problem's text starts (index = diag index;
 * (size_t)-1 for none). */
char *tu_problems_text(int rc, const thidua_diags *diags, thidua_lang lang, size_t **starts);

/* The place of a problem in words: "Đơn vị!C5" -> "trang tính Đơn vị, ô C5"
 * (en: "sheet Đơn vị, cell C5"), "đoạn 12" -> "đoạn 12" / "paragraph 12".
 * Written into buf. */
const char *tu_place_words(char *buf, size_t size, const char *where, thidua_lang lang);

#endif
