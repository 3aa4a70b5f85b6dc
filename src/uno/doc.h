/* doc.h - what the commands do in documents: select the cell a problem
 * names, prepare a new cluster workbook (drop-down lists), and the user
 * guide. */
#ifndef THIDUA_UNO_DOC_H
#define THIDUA_UNO_DOC_H

#include "thidua.h"
#include "uno/ui.h"

/* Select the cell where ("Đơn vị!C5": sheet, then cell or range after the
 * last '!') in the spreadsheet file (a system path): its open window is
 * brought to the front, else the file is opened. 0, or -1 with *err
 * (owned, may be NULL) in the UI's language. */
int tu_goto_cell(const tu_ui *u, const char *file, const char *where, char **err);

/* Give a new cluster workbook (an XComponent, borrowed) a drop-down list
 * (a validity rule of type list) on every cell whose words are fixed:
 * Loại, Chấm chéo, Bỏ điểm cao nhất và thấp nhất (Cụm); Vai trò, Quyền hạn
 * ký (Đơn vị); Mục (Nội dung); Loại, Không xét khen (Tiêu chí); Cần biểu
 * quyết (Khen thưởng). Columns are found by their header, items of Cụm by
 * their row, so added columns do not matter. Returns how many lists were
 * added. */
int tu_workbook_prepare(uno_Interface *doc, thidua_lang lang);

/* The bundled user guide in lang (owned system path), or NULL. */
char *tu_help_path(thidua_lang lang);
/* Open it: in the system's browser, else in LibreOffice. 0, or -1 with
 * *err (owned, may be NULL). Not shown when questions are answered
 * without the UI (noted in the transcript). */
int tu_open_guide(const tu_ui *u, const char *path, char **err);

#endif
