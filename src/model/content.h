/* content.h - the agreement's body and signing data that both loaders
 * share: signing authorities (Nghị định 30/2020), the sections of Nội dung
 * with their numbering, the witness, the annex and the signature grid, and
 * their template data. Kept apart from the loaders so that either loader
 * calls it with one line. */
#ifndef TD_CONTENT_H
#define TD_CONTENT_H

#include "model/cluster.h"

/* Does a signing authority start with one of the prefixes of Nghị định 30
 * (TM., KT., Q., TL., TUQ.)? The prefix must be in capitals. */
int td_authority_valid(const char *authority);

/* The prefixes, for messages. */
#define TD_AUTHORITY_LIST_VI "\"TM.\", \"KT.\", \"Q.\", \"TL.\" hay \"TUQ.\""
#define TD_AUTHORITY_LIST_EN "\"TM.\", \"KT.\", \"Q.\", \"TL.\" or \"TUQ.\""

/* Cách đánh số as written ("1.", "a)", "-", "Một là", "Không" ...), matched
 * loosely; 0 and *out, or -1 when it is none of them (THIDUA_ENOMEM: -2). */
int td_numbering_parse(td_numbering *out, const char *text);

/* The accepted ways, for messages. */
#define TD_NUMBERING_LIST "\"1.\", \"1)\", \"a)\", \"-\", \"+\", \"Một là\", \"Không\""

#define TD_MAX_SECTIONS 20 /* sections of Nội dung */

/* The Mục of the three sections of the first workbooks, as the loaders
 * name them for the XML's commitment, target and implementation. */
#define TD_MUC_COMMITMENTS "Cam kết"
#define TD_MUC_TARGETS "Chỉ tiêu"
#define TD_MUC_IMPLEMENTATION "Tổ chức thực hiện"

/* The index of the section titled `muc` (compared loosely), or -1 when
 * there is none; -2 when out of memory. */
long td_content_find(const thidua_cluster *c, const char *muc);

/* Add an item to the section titled `muc` (a new section at the end when
 * no section has that title, compared loosely), with the numbering when
 * given (TD_NUM_AUTO keeps the section's). Takes text and where (freed on
 * failure). 0, or -1 when out of memory. */
int td_content_add(thidua_cluster *c, const char *muc, td_numbering numbering, char *text,
                   char *where);

/* Signature columns in force: the data's Số cột chữ ký, else 3 when the
 * count of units is 3, or an odd multiple of 3 (no block left alone on its
 * row), else 2. */
int td_sign_columns(const thidua_cluster *c);

/* Add the agreement's data to the template root (names in
 * docs/data-format.md): noi_dung[], chung_kien, phu_luc_tieu_chi, chu_ky[],
 * cum.so_cot_chu_ky, and for older templates cam_ket[], chi_tieu[],
 * to_chuc_thuc_hien[] (the items of those sections, lines joined by a
 * space). 0, or THIDUA_ENOMEM. */
int td_content_to_value(td_value *root, const thidua_cluster *c);

#endif
