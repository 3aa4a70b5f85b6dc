/* progress.h - the progress of a long command (the scoring sheets, the
 * tally): a dialog with a bar, the step and a Cancel button, or the
 * frame's status bar when no dialog can be shown. */
#ifndef THIDUA_UNO_PROGRESS_H
#define THIDUA_UNO_PROGRESS_H

#include <stddef.h>

#include "uno/ui.h"

typedef struct tu_progress tu_progress;

/* A progress for the command whose UI is u (borrowed; it must outlive the
 * progress), headed by heading (copied): nothing is shown until the first
 * step. Owned (tu_progress_free); NULL when out of memory (then the
 * command runs without one: every function accepts NULL). */
tu_progress *tu_progress_new(const tu_ui *u, const char *heading);

/* Step n of total (from 1), line its label ("Đơn vị 3 / 12 — name"). The
 * first step shows the dialog (dialogs/progress.xdl: not blocking, the
 * frame's window disabled meanwhile); a quiet UI, or one without the
 * dialog file, gets the frame's status bar instead, without Cancel. Each
 * step lets the office handle its pending events (XReschedule), so that a
 * click on Hủy / Cancel, or on the close box, is seen while the command
 * runs. Returns 1 once she has cancelled, else 0. Only the thread that
 * made p touches the UI; called on another, it only tells whether she
 * cancelled. */
int tu_progress_step(tu_progress *p, size_t n, size_t total, const char *line);

/* 1 once she has cancelled. */
int tu_progress_cancelled(tu_progress *p);

/* Close what is shown (before another dialog, such as the problems); a
 * later step shows it again. */
void tu_progress_hide(tu_progress *p);

/* Close what is shown and free p. */
void tu_progress_free(tu_progress *p);

/* 1 while a progress dialog is shown anywhere in the office: a long command
 * is running (its events handled at each step, so her clicks reach other
 * windows' menus). */
int tu_progress_busy(void);

/* For tests and screenshots. Press the dialog's Cancel button as a person
 * would (its accessible action: the click goes through the button, the
 * dialog's event and its handler) and wait up to 10 s, handling the
 * office's events, until the handler has seen it: 0, or -1 when there is
 * no dialog or the click never arrived. */
int tu_progress_press_cancel(tu_progress *p);
/* Keep the dialog shown, handling events, until she cancels or seconds
 * pass. */
void tu_progress_hold(tu_progress *p, int seconds);

#endif
