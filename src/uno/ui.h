/* ui.h - what the menu commands show: folder and file pickers, message
 * boxes, the problems and about dialogs, progress, opening documents. */
#ifndef THIDUA_UNO_UI_H
#define THIDUA_UNO_UI_H

#include "thidua.h"
#include "uno/uno_util.h"

/* Where the UI appears. Everything is borrowed. */
typedef struct tu_ui {
	uno_Interface *ctx;   /* the component context */
	uno_Interface *frame; /* the frame the command came from, or NULL */
	int quiet;            /* no message box nor dialog (pickers still appear) */
	int hidden;           /* open documents hidden */
} tu_ui;

/* A folder the user picks, as a system path (owned, free()), or NULL when
 * she cancels or the picker cannot be shown. start_dir may be NULL. */
char *tu_ui_pick_folder(const tu_ui *u, const char *title, const char *start_dir);

enum tu_pick { TU_PICK_DATA, TU_PICK_SAVE_WORKBOOK };
/* A file the user picks (to open cluster data, or the name of a new
 * workbook), as a system path (owned), or NULL. */
char *tu_ui_pick_file(const tu_ui *u, enum tu_pick what, const char *title,
                      const char *default_name, const char *start_dir);

enum tu_box { TU_BOX_INFO, TU_BOX_ERROR, TU_BOX_QUERY };
/* A message box; returns 1 when the user answers OK / Yes. A quiet UI shows
 * nothing and returns 0. */
int tu_ui_message(const tu_ui *u, enum tu_box kind, const char *title, const char *text);

/* The problems dialog (dialogs/problems.xdl): the summary and every problem
 * in Vietnamese and English in a read-only text the user can select and
 * copy. With offer_provisional, a button offers provisional results; returns
 * 1 when she takes it. */
int tu_ui_problems(const tu_ui *u, const char *summary, const thidua_diags *diags,
                   int offer_provisional);

/* The about dialog (dialogs/about.xdl). */
void tu_ui_about(const tu_ui *u);

/* Progress in the frame's status bar: an indicator (owned; pass it to
 * tu_ui_progress_end), or NULL when the frame has none. */
uno_Interface *tu_ui_progress(const tu_ui *u, const char *text, int range);
void tu_ui_progress_set(uno_Interface *si, int value, const char *text);
void tu_ui_progress_end(uno_Interface *si);

/* The document the command's frame shows, as a system path, when it has a
 * location that can hold cluster data (.ods, .fods, .xml); owned, or NULL.
 * Unsaved changes are saved first when the user agrees. */
char *tu_ui_current_data(const tu_ui *u);

/* Open a file in a new window (hidden when u->hidden). as_template opens an
 * untitled copy. The document (XComponent) is returned when doc is not
 * NULL (owned). 0, or -1 with *err (owned, may be NULL). */
int tu_ui_open(const tu_ui *u, const char *path, int as_template, uno_Interface **doc,
               char **err);
/* Store doc as path (format from the extension: .fods flat, else .ods). */
int tu_ui_store_as(uno_Interface *doc, const char *path, int overwrite, char **err);
/* Close a document opened by tu_ui_open (disposes it) and release it. */
void tu_ui_close(uno_Interface *doc);

#endif
