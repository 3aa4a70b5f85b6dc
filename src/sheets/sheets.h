/* sheets.h - scoring sheets written for each unit and each scoring body
 * (sheet_write.c and the files beside it). */
#ifndef TD_SHEETS_H
#define TD_SHEETS_H

#include <stddef.h>

#include "model/cluster.h"
#include "odf/package.h"
#include "thidua.h"

/* Write the scoring sheet of one unit (self-scoring; in a cross-scoring
 * cluster, one table per other unit, scored by `unit`). */
int td_sheet_write(const thidua_cluster *c, size_t unit, const char *template_path,
                   const char *out_path, int overwrite, thidua_diags *diags);
/* The same as Office Open XML (.xlsx) when xlsx is set (sheet_xlsx.c). */
int td_sheet_write_as(const thidua_cluster *c, size_t unit, const char *template_path,
                      const char *out_path, int overwrite, int xlsx, thidua_diags *diags);

/* Write the sheet of scoring body `body` (index into c->bodies): one
 * table per unit with only the body's criteria (and the rows above them),
 * the scorer pair headed with the body's name, no verification pair. */
int td_sheet_write_body(const thidua_cluster *c, size_t body, const char *template_path,
                        const char *out_path, int overwrite, thidua_diags *diags);
int td_sheet_write_body_as(const thidua_cluster *c, size_t body, const char *template_path,
                           const char *out_path, int overwrite, int xlsx, thidua_diags *diags);

/* The same for many units with the template parsed once: open, write each
 * unit's (or scoring body's) sheet (pkg_flags: TD_PKG_OVERWRITE, TD_PKG_STAGED of
 * odf/package.h), free; xlsx: Office Open XML instead of ODS. The cluster is
 * borrowed and must outlive sg. sg is only read by the writes: several
 * threads may write at once, each with its own cache (or NULL). */
typedef struct td_sheet_gen td_sheet_gen;

/* What one thread of writing remembers from sheet to sheet: the pieces of
 * content.xml it deflated (odf/package.h), and the criteria rows of a
 * one-table sheet with their validations, which are the same for every
 * unit with the same targets. td_sheet_cache_new returns NULL when out of
 * memory (a NULL cache only means nothing is reused). */
typedef struct td_sheet_cache td_sheet_cache;
td_sheet_cache *td_sheet_cache_new(void);
void td_sheet_cache_free(td_sheet_cache *cache);

int td_sheet_gen_open(td_sheet_gen **out, const thidua_cluster *c, const char *template_path,
                      int xlsx, thidua_diags *diags);
int td_sheet_gen_write(const td_sheet_gen *sg, size_t unit, const char *out_path,
                       unsigned pkg_flags, td_sheet_cache *cache, thidua_diags *diags);
int td_sheet_gen_write_body(const td_sheet_gen *sg, size_t body, const char *out_path,
                            unsigned pkg_flags, td_sheet_cache *cache, thidua_diags *diags);
void td_sheet_gen_free(td_sheet_gen *sg);

/* Protect the tables of every sheet written next with a password (valid
 * UTF-8, 1 to 255 characters) that only the head knows: the entry cells
 * stay open to the unit, the verification cells are locked, and the head
 * removes the protection with the password to type there. Hashed once
 * here (ODF: SHA-256; .xlsx: SHA-512 with a random salt, 100 000 rounds);
 * the password itself is not kept. A body's sheet (no verification pair)
 * stays protected without a password. */
int td_sheet_gen_set_password(td_sheet_gen *sg, const char *password);

#endif
