/* commands.h - the menu commands, as the protocol handler runs them. */
#ifndef THIDUA_UNO_COMMANDS_H
#define THIDUA_UNO_COMMANDS_H

#include "uno/ui.h"
#include "uno/uno_util.h"

/* com.sun.star.frame.DispatchResultState */
enum { TU_RESULT_FAILURE = 0, TU_RESULT_SUCCESS = 1, TU_RESULT_DONTKNOW = 2 };

/* One command run: its arguments, and its outcome. */
typedef struct tu_job {
	tu_ui ui;
	/* arguments; strings owned */
	char *data, *tmpl, *out_dir, *target;
	char *transcript;     /* Transcript: what she would see, appended as text */
	char *where;          /* Where (GoToCell): "Đơn vị!C5" */
	char **inputs;
	size_t n_inputs;
	int overwrite;        /* -1: ask when the output exists */
	int allow_incomplete; /* -1: offer it when sheets have errors */
	int open;
	int sheet_format;     /* SheetFormat ("ods", "xlsx"): a thidua_sheet_format;
	                         -1: the options' SheetFormat */
	int cancel_after;     /* CancelAfter: stop a long command after this many
	                         steps (units, files), as her Cancel would; 0: never */
	int press_cancel_at;  /* PressCancelAt: at this step, press the progress
	                         dialog's Cancel button as she would; 0: never */
	int hold_at;          /* HoldAt: at this step, keep the progress dialog up
	                         until she cancels, or hold_seconds pass; 0: never */
	int hold_seconds;     /* HoldSeconds (default 120) */
	/* outcome */
	int state;
	char **results;       /* owned paths */
	size_t n_results;
	void *exc;            /* a ThiduaException (uu_struct_new) on failure */
} tu_job;

/* The command a com.sun.star.util.URL (struct memory, borrowed) names
 * ("vnd.thidua:Tally"), as an index for tu_command_run, or -1. */
int tu_command_of(const void *url);
/* Read a command's arguments (a sequence<PropertyValue>, borrowed) into j,
 * initialised by the caller. 0, or -1 for a path that is no local file or
 * when out of memory. */
int tu_job_args(tu_job *j, uno_Sequence *args);
/* Run command k; the outcome is left in j. */
void tu_command_run(int k, tu_job *j);
/* Release what j owns (not j->ui). */
void tu_job_free(tu_job *j);

#endif
