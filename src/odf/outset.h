/* outset.h - an output set written as one transaction: the sheets of one
 * `thidua sheets`, the summary and report of a tally, the agreement alone.
 *
 * The files of a set are written into a staging folder beside the output
 * (".thidua-set-XXXXXX" inside it) and moved in only when every one is
 * complete. With overwrite, the previous files are kept (hard-linked, or
 * moved, into the staging folder) until the new set is in, and put back when
 * moving in fails. An advisory lock (td_trylock, util/compat.h: flock, or
 * LockFileEx on Windows, on "<dir>/.thidua.lock", a file removed again by
 * its holder) keeps two runs from writing one folder at
 * once: a second run waits at most THIDUA_LOCK_WAIT seconds (default 10)
 * and then stops, saying which process holds the folder. Leftovers of a run that was killed are cleaned by the
 * next run into the same folder, only those whose own lock is not held: a
 * staging folder whose set was complete (its commit had begun) is moved in,
 * so a folder always ends with one whole set, the old or the new.
 *
 * Files are written into the staging folder without an fsync each; the set
 * is flushed to disk once (syncfs; on Windows file by file) before it is
 * moved in. */
#ifndef TD_OUTSET_H
#define TD_OUTSET_H

#include "thidua.h"

typedef struct td_outset td_outset;

/* Lock out_dir (which must exist), clean the leftovers of dead runs and make
 * the staging folder. The caller owns *out (td_outset_free). */
int td_outset_begin(td_outset **out, const char *out_dir, int overwrite);

/* Add the file `name` (a plain file name, no '/') to the set. *staged is the
 * path to write it to (borrowed, valid until td_outset_free), *final the
 * path it will have (borrowed too; either may be NULL). Fails with
 * THIDUA_EEXISTS when the name is in the folder and overwrite is off, and
 * with THIDUA_EINVAL for a name added twice (also differing only in case). */
int td_outset_add(td_outset *s, const char *name, const char **staged, const char **final);

/* Flush the staged files and move them in (over the previous ones with
 * overwrite); on failure the folder is left as it was. */
int td_outset_commit(td_outset *s);

/* Release the lock; a set not committed is removed, nothing of it is left. */
void td_outset_free(td_outset *s);

#endif
