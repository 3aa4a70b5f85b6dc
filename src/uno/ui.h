/* ui.h - what the menu commands show: folder and file pickers, message
 * boxes, the problems and about dialogs, progress, opening documents. */
#ifndef THIDUA_UNO_UI_H
#define THIDUA_UNO_UI_H

#include "thidua.h"
#include "uno/uno_util.h"

/* How questions, pickers and dialogs are answered. */
enum tu_answer_mode {
	TU_SHOW = 0,          /* shown; the user answers */
	TU_AS_ENTER,          /* not shown: answered as Enter would (the default button;
	                         a picker takes the folder it starts in) */
	TU_AS_ESCAPE          /* not shown: cancelled */
};

/* Where the UI appears. Everything is borrowed. */
typedef struct tu_ui {
	uno_Interface *ctx;   /* the component context */
	uno_Interface *frame; /* the frame the command came from, or NULL */
	int quiet;            /* no message box nor dialog (pickers still appear) */
	int hidden;           /* open documents hidden */
	int answer;           /* enum tu_answer_mode */
	const char *transcript; /* a file to which every question, message, picker
	                           and dialog is appended as text, or NULL */
	thidua_lang lang;     /* the language of what is shown */
} tu_ui;

/* The text in the UI's language. */
#define TU_T(u, vi, en) ((u)->lang == THIDUA_LANG_EN ? (en) : (vi))

/* Append a line ("KIND: text") to the UI's transcript, if any. */
void tu_ui_note(const tu_ui *u, const char *kind, const char *text);

/* A question. buttons: Yes/No, or Yes/No/Cancel; dflt is the answer Enter
 * gives. Returns the answer; TU_CANCEL when she closes the box, when the UI
 * is quiet, or when the box cannot be shown (a headless office). */
enum tu_reply { TU_CANCEL = 0, TU_YES = 1, TU_NO = 2 };
enum tu_buttons { TU_YES_NO, TU_YES_NO_CANCEL };
enum tu_reply tu_ui_ask(const tu_ui *u, const char *text, enum tu_buttons buttons,
                        enum tu_reply dflt);

/* A folder the user picks, as a system path (owned, free()), or NULL when
 * she cancels or the picker cannot be shown. start_dir may be NULL. */
char *tu_ui_pick_folder(const tu_ui *u, const char *title, const char *start_dir);

enum tu_pick { TU_PICK_DATA, TU_PICK_SAVE_WORKBOOK };
/* A file the user picks (to open cluster data, or the name of a new
 * workbook), as a system path (owned), or NULL. */
char *tu_ui_pick_file(const tu_ui *u, enum tu_pick what, const char *title,
                      const char *default_name, const char *start_dir);

enum tu_box { TU_BOX_INFO, TU_BOX_ERROR };
/* A message box with an OK button. A quiet UI shows nothing. */
void tu_ui_message(const tu_ui *u, enum tu_box kind, const char *text);

/* The dialog <extension>/dialogs/<name> with handler (an
 * XDialogEventHandler for its vnd.sun.star.UNO: events; borrowed, the
 * dialog keeps a reference; NULL for none), not yet shown. Owned (dispose it, then
 * release it); NULL outside an installed extension or on failure. */
uno_Interface *tu_ui_dialog(const tu_ui *u, const char *name, uno_Interface *handler);
/* Set property prop of the model of a dialog's control to *value of type
 * t (a string: tu_ui_set_text, UTF-8). Failures are ignored: the dialog
 * shows what it had. */
void tu_ui_set(uno_Interface *dlg, const char *control, const char *prop, void *value,
               enum uu_type t);
void tu_ui_set_text(uno_Interface *dlg, const char *control, const char *prop, const char *text);

/* Move a dialog (not yet shown) to the middle of the frame's window, a
 * little high; an .xdl's position is from the window's corner, over the
 * toolbars. Nothing happens without a frame, or when the dialog is the
 * larger. */
void tu_ui_center(const tu_ui *u, uno_Interface *dlg);

/* The about dialog (dialogs/about.xdl). */
void tu_ui_about(const tu_ui *u);

/* Progress in the frame's status bar: an indicator (owned; pass it to
 * tu_ui_progress_end), or NULL when the frame has none. */
uno_Interface *tu_ui_progress(const tu_ui *u, const char *text, int range);
void tu_ui_progress_set(uno_Interface *si, int value, const char *text);
void tu_ui_progress_end(uno_Interface *si);

/* The document the command's frame shows, as a system path in *path (owned),
 * when it has a location that can hold cluster data (.ods, .fods, .xml);
 * else *path is NULL. With unsaved changes she is asked whether to save
 * them first (default: save). 0, or -1 when she cancels. */
int tu_ui_current_data(const tu_ui *u, char **path);

/* The open document (XModel, owned) whose location is path, or NULL. */
uno_Interface *tu_ui_find_open(const tu_ui *u, const char *path);
/* 1 when the open document model has unsaved changes. */
int tu_ui_is_modified(uno_Interface *model);
/* Show path: an open document of that location is reloaded in its own
 * window (its unsaved changes dropped: ask first), else the file is opened
 * in a new window. 0, or -1 with *err (owned, may be NULL). */
int tu_ui_show(const tu_ui *u, const char *path, char **err);

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
