/* cluster.h - the cluster model: one emulation cluster (cụm / khối thi đua)
 * for one year, as loaded from a Calc workbook or the XML format.
 *
 * Every string is UTF-8 in NFC, trimmed, owned by the cluster. Scores are
 * int64 hundredths of a point. Each row-like item keeps `where`, the human
 * location it was read from ("Đơn vị!A5" for a workbook, "dòng 12" for XML),
 * so that validation can point at it. */
#ifndef TD_CLUSTER_H
#define TD_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "thidua.h"
#include "tmpl/value.h"

typedef enum { TD_KIND_CUM = 0, TD_KIND_KHOI = 1 } td_cluster_kind;

typedef enum {
	TD_ROLE_MEMBER = 0, /* Thành viên */
	TD_ROLE_HEAD = 1,   /* Cụm trưởng / Khối trưởng */
	TD_ROLE_DEPUTY = 2  /* Cụm phó / Khối phó */
} td_role;

/* What a row of the criteria table is (Loại). A kind written on a node
 * (a section "V | ĐIỂM TRỪ | | Trừ") is the default kind of the rows under
 * it. Where a rule (BONUS, DEDUCTION) sits decides what it adds to or takes
 * from: under a section or at the top, the unit's bonus / deduction totals;
 * under a scored criterion (an ITEM), that criterion (docs/tally.md). */
typedef enum {
	TD_CRIT_SECTION = 0,  /* Phần: a section or part (A, I, II, ...) */
	TD_CRIT_ITEM = 1,     /* Tiêu chí: scored up to max */
	TD_CRIT_BONUS = 2,    /* Cộng (Điểm cộng, Điểm thưởng, Thưởng) */
	TD_CRIT_DEDUCTION = 3,/* Trừ (Điểm trừ, Phạt) */
	TD_CRIT_CONDITION = 4 /* Điều kiện: a yes/no fault with no points
	                         ("Không đăng ký thi đua"); "Có" bars the unit
	                         from the awards in `bars` */
} td_crit_kind;

/* How a scored leaf is entered and turned into points (Cách chấm). The
 * value a unit enters is the "entry"; the points are computed from it
 * (td_rules_points), by the sheet's formulas and again by the tally. */
typedef enum {
	TD_METHOD_DIRECT = 0,     /* Chấm trực tiếp (empty): the entry is the points,
	                             0..limit, on the step */
	TD_METHOD_PASS = 1,       /* Định tính: Đạt / Không đạt -> max or 0 */
	TD_METHOD_COUNT = 2,      /* Chấm thẳng / theo lần: a whole count of events;
	                             points = count x per_event, held to the cap */
	TD_METHOD_TARGET = 3,     /* Định lượng: the actual value against the
	                             unit's target (Chỉ tiêu giao):
	                             points = max x min(actual / target, 1) */
	TD_METHOD_LEADER = 4      /* Định lượng dẫn đầu cụm: ratio r = actual /
	                             target; r < 1: max/2 x r; r = 1: max/2; the
	                             cluster's (group's) leader: max; others
	                             above target in between, linearly in r;
	                             computed over the whole cluster at tally */
} td_method;

/* Who enters a criterion's scores besides the unit itself and the head
 * (Đơn vị chấm): a named scoring body of the cluster data. */
typedef struct td_body {
	char *code;         /* Mã: unique among bodies and units */
	char *name;         /* Tên */
	char *where;
	unsigned bad;
} td_body;

/* A unit's target for a TD_METHOD_TARGET / TD_METHOD_LEADER criterion
 * (sheet Chỉ tiêu giao: Đơn vị | Tiêu chí | Chỉ tiêu). */
typedef struct td_target {
	size_t unit;        /* index into units */
	size_t crit;        /* index into criteria */
	int64_t value;      /* hundredths, > 0 */
	char *where;
} td_target;

/* A classification band (sheet Xếp loại), best first. A unit gets the
 * first band whose conditions it meets; the last band has none, so every
 * unit with results is classified. */
typedef struct td_band {
	char *name;         /* Xếp loại: "Hoàn thành xuất sắc" */
	int has_min_total;
	int64_t min_total;  /* Điểm tối thiểu (hundredths) */
	int64_t min_crit_pct;    /* Tiêu chí không dưới (%): no scored ITEM
	                            criterion below this share of its max, in
	                            hundredths of a percent (8500 = 85 %); -1 none */
	int64_t min_section_pct; /* Phần không dưới (%): likewise for the base
	                            sections; -1 none */
	char *where;
	unsigned bad;
} td_band;

/* Bits of the `bad` fields: values a loader could not read and has already
 * reported, so that td_cluster_validate does not report them again. */
enum {
	TD_BAD_NAME = 1u << 0,      /* Tên / Tên đơn vị / Hình thức */
	TD_BAD_CODE = 1u << 1,      /* Mã */
	TD_BAD_ORDER = 1u << 2,     /* Thứ tự */
	TD_BAD_YEAR = 1u << 3,      /* Năm */
	TD_BAD_DATE = 1u << 4,      /* Ngày ký */
	TD_BAD_PLACE = 1u << 5,     /* Địa danh */
	TD_BAD_KIND = 1u << 6,      /* Loại */
	TD_BAD_MAX = 1u << 7,       /* Điểm chuẩn */
	TD_BAD_PER_EVENT = 1u << 8, /* Điểm mỗi lần */
	TD_BAD_CAP = 1u << 9,       /* Tối đa */
	TD_BAD_QUOTA = 1u << 10,    /* Số lượng */
	TD_BAD_MIN = 1u << 11,      /* Điểm tối thiểu */
	TD_BAD_METHOD = 1u << 12,   /* Cách chấm */
	TD_BAD_FLOOR = 1u << 13,    /* Điểm sàn */
	TD_BAD_BARS = 1u << 14,     /* Không xét khen */
	TD_BAD_BODY = 1u << 15,     /* Đơn vị chấm */
	TD_BAD_PCT = 1u << 16,      /* a percentage (Tiêu chí / Phần không dưới) */
	TD_BAD_BAND = 1u << 17      /* Xếp loại tối thiểu */
};

/* Fields of a workbook row, for naming the cell of one value: each sheet's
 * column of each field is kept in the cluster (crit_col, unit_col, ...),
 * -1 when the column is absent or the data came from XML (then checks name
 * the row: "dòng 12"). */
typedef enum {
	TD_CF_CODE, TD_CF_TEXT, TD_CF_MAX, TD_CF_KIND, TD_CF_METHOD, TD_CF_PER,
	TD_CF_CAP, TD_CF_FLOOR, TD_CF_KEEP, TD_CF_MEASURE, TD_CF_BODY, TD_CF_BARS,
	TD_CF_NOTE, TD_CF_N
} td_crit_field;
typedef enum {
	TD_UF_ORDER, TD_UF_CODE, TD_UF_NAME, TD_UF_ROLE, TD_UF_AUTH, TD_UF_TITLE,
	TD_UF_SIGNER, TD_UF_GROUP, TD_UF_N
} td_unit_field;
typedef enum {
	TD_AF_NAME, TD_AF_QUOTA, TD_AF_MIN, TD_AF_VOTE, TD_AF_MIN_BAND, TD_AF_MIN_PCT,
	TD_AF_N
} td_award_field;
typedef enum {
	TD_BF_NAME, TD_BF_MIN, TD_BF_CRIT_PCT, TD_BF_SECTION_PCT, TD_BF_N
} td_band_field;

/* One rule of the ordered tie-break list. */
typedef enum {
	TD_TIE_BASE = 0,       /* higher total of the base sections */
	TD_TIE_SECTION = 1,    /* higher score in one section (code) */
	TD_TIE_FEWER_DEDUCT = 2, /* fewer deduction points */
	TD_TIE_MORE_BONUS = 3, /* more bonus points */
	TD_TIE_VOTE = 4        /* left to the meeting's vote (last) */
} td_tiebreak_kind;

typedef struct td_tiebreak {
	td_tiebreak_kind kind;
	char *section;      /* TD_TIE_SECTION: the section code ("I") */
	char *where;
} td_tiebreak;

typedef struct td_text_item {
	char *text;
	char *where;
} td_text_item;

/* How the items of a section of the agreement are numbered (Cách đánh số). */
typedef enum {
	TD_NUM_AUTO = 0,    /* not given: the section's default */
	TD_NUM_ARABIC,      /* "1.", "2." */
	TD_NUM_PAREN,       /* "1)", "2)" */
	TD_NUM_LETTER,      /* "a)", "b)" ... (Vietnamese letters) */
	TD_NUM_DASH,        /* "-" */
	TD_NUM_PLUS,        /* "+" */
	TD_NUM_WORDS,       /* "Một là,", "Hai là," */
	TD_NUM_NONE         /* no number */
} td_numbering;

/* A section of the agreement's body (sheet Nội dung, column Mục), in the
 * order first given. An item's text may hold lines ('\n'): the first is the
 * item, the others its sub-points, printed as typed. */
typedef struct td_section {
	char *title;        /* the Mục as written ("Cam kết", "MỤC ĐÍCH, YÊU CẦU") */
	td_numbering numbering;
	td_text_item *items; size_t n_items;
	char *where;
} td_section;

/* The superior body the agreement is signed before (dưới sự chứng kiến). */
typedef struct td_witness {
	char *name;         /* Chứng kiến; NULL: no witness */
	char *authority;    /* Quyền hạn ký chứng kiến: TM., KT., ... or NULL */
	char *title;        /* Chức vụ chứng kiến, or NULL */
	char *signer;       /* Người ký chứng kiến, or NULL */
	char *where;
} td_witness;

typedef struct td_unit {
	int order;          /* Thứ tự: protocol order, 1-based, unique */
	char *code;         /* Mã: unique (compared by td_text_match_key) */
	char *name;         /* Tên đơn vị, exactly as given */
	td_role role;
	td_cluster_kind role_kind; /* the kind the Vai trò label names
	                              ("Khối trưởng" -> KHOI); checked against
	                              the cluster's kind for heads and deputies */
	char *authority;    /* Quyền hạn ký: NULL, "TM. ...", "KT. ...", "Q. ..." */
	char *title;        /* Chức vụ */
	char *signer;       /* Người ký */
	char *group;        /* Nhóm: units of one group are ranked and awarded
	                       apart from the others; NULL = the only group */
	char *where;
	unsigned bad;       /* TD_BAD_* */
} td_unit;

/* Awards a disqualifier bars from (Không xét khen). */
typedef enum {
	TD_BAR_NONE = 0,
	TD_BAR_FIRST = 1,   /* "x" / "Có": the first award (today's meaning) */
	TD_BAR_ALL = 2,     /* "Tất cả": every award */
	TD_BAR_NAMED = 3    /* award names, one a line: bar_awards */
} td_bar;

#define TD_MAX_DEPTH 8  /* levels of criteria codes (A.I.1.a.… : at least 5) */

typedef struct td_criterion {
	char *code;         /* canonical, absolute: "I", "I.1", "I.1.a", "II.1.1",
	                       "A.I.1" (segments joined by '.') */
	char *label;        /* the TT as written ("1", "a)", "II.1.1"), or NULL */
	char *text;
	td_crit_kind kind;
	td_method method;   /* for scored leaves; DIRECT for nodes */
	int64_t max;        /* Điểm chuẩn (hundredths), 0 when none */
	int64_t per_event;  /* Điểm mỗi lần, 0 when none */
	int64_t cap;        /* Tối đa, 0 when none */
	int has_floor;      /* Điểm sàn given (else 0 is the floor) */
	int64_t floor;      /* Điểm sàn: an ITEM's score after the deductions
	                       under it never goes below this (hundredths) */
	int keep_max;       /* Giữ điểm chuẩn: the published max is the rule even
	                       though the children's maxima add up otherwise
	                       (a warning instead of data.sum-mismatch); the
	                       node's score is then held to max */
	char *measure;      /* Đơn vị tính for TARGET/LEADER ("hồ sơ", "%"), or NULL */
	size_t body;        /* index into bodies of the scoring body (Đơn vị
	                       chấm; inherited from the parent), or SIZE_MAX:
	                       the unit itself, verified by the head */
	char *note;         /* Ghi chú or NULL */
	int depth;          /* 0 for a top-level row, 1 below it, ... */
	size_t parent;      /* index into criteria, or SIZE_MAX at the top */
	td_bar bars;        /* a DEDUCTION (any points) or a CONDITION (answered
	                       "Có") bars from these awards; inherited */
	char **bar_awards; size_t n_bar_awards; /* TD_BAR_NAMED: award names as
	                       written (matched loosely to Khen thưởng) */
	size_t *bar_award_index; /* TD_BAR_NAMED: n_bar_awards indexes into
	                       awards, set by the loaders (an unknown name is an
	                       error), NULL otherwise */
	int disqualifies;   /* bars != TD_BAR_NONE (kept for older callers) */
	char *where;
	unsigned bad;       /* TD_BAD_* */
} td_criterion;

/* How an award's quota is given (Số lượng). */
typedef enum {
	TD_QUOTA_COUNT = 0,     /* a whole number */
	TD_QUOTA_PERCENT = 1,   /* "không quá 20%": of the units of the cluster
	                           (of the group), rounded down */
	TD_QUOTA_UNLIMITED = 2  /* "Không giới hạn" */
} td_quota_kind;

typedef struct td_award {
	char *name;         /* Hình thức: "Cờ thi đua của UBND thành phố" */
	td_quota_kind quota_kind;
	int quota;          /* Số lượng: TD_QUOTA_COUNT: the count; PERCENT: the
	                       percentage in hundredths of a percent (2000 = 20 %) */
	int64_t min_total;  /* Điểm tối thiểu (hundredths), 0 when none */
	int needs_vote;     /* Cần biểu quyết */
	size_t min_band;    /* Xếp loại tối thiểu: index into bands (the unit's
	                       band must be this one or better), SIZE_MAX none */
	int64_t min_crit_pct; /* Tiêu chí không dưới (%), as in td_band; -1 none */
	char *min_band_name;  /* Xếp loại tối thiểu as written, or NULL */
	char *where;
	unsigned bad;       /* TD_BAD_* */
} td_award;

struct thidua_cluster {
	char *source;            /* the file it was loaded from */
	char *where;             /* where the general data is ("Cụm!A1", "dòng 2"), or NULL */
	unsigned bad;            /* TD_BAD_* */
	td_cluster_kind kind;
	char *name;              /* Tên: "Cụm thi đua số XII" */
	char *parent_body;       /* Cơ quan chủ quản, or NULL */
	int year;                /* Năm */
	char *place;             /* Địa danh: "Hà Nội" */
	int sign_y, sign_m, sign_d; /* Ngày ký */
	char *number;            /* Số ký hiệu: "01/GƯ-CTĐ", or NULL */
	char *theme;             /* Chủ đề, or NULL */
	char *slogan;            /* Khẩu hiệu, or NULL */
	td_text_item *recipients; size_t n_recipients; /* Nơi nhận (optional) */

	/* Scoring rules (optional rows of the Cụm sheet). */
	int64_t step;            /* Bước điểm: scores move in this step
	                            (hundredths); 0 means 25 (0,25) */
	int cross_scoring;       /* Chấm chéo: each unit scores the others */
	int drop_extremes;       /* Bỏ điểm cao nhất và thấp nhất (cross-scoring) */
	unsigned empty_zero;     /* Ô trống tính là 0: bit (1u << td_crit_kind) for
	                            each kind whose empty entry cells count 0
	                            (CONDITION: "Không"); other empty cells in a
	                            sheet with entries are errors */
	td_tiebreak *tiebreaks; size_t n_tiebreaks; /* Tiêu chí xếp hạng phụ, in order */

	td_unit *units; size_t n_units;          /* in protocol order */
	td_text_item *bases; size_t n_bases;     /* Căn cứ */
	td_section *sections; size_t n_sections; /* Nội dung: the agreement's
	                            sections in the order first given */
	td_witness witness;      /* Chứng kiến (optional) */
	int annex_criteria;      /* Phụ lục tiêu chí: the criteria table as an
	                            annex of the agreement */
	int sign_columns;        /* Số cột chữ ký: 2 or 3; 0: by the count */
	td_criterion *criteria; size_t n_criteria;             /* in sheet order */
	td_body *bodies; size_t n_bodies;                      /* Đơn vị chấm */
	td_target *targets_given; size_t n_targets_given;      /* Chỉ tiêu giao */
	td_band *bands; size_t n_bands;                        /* Xếp loại, best first */
	td_award *awards; size_t n_awards;

	/* Workbook only (else -1): the 0-based column of each field, so that a
	 * check can name the cell of one value ("Tiêu chí!H7"). */
	long crit_col[TD_CF_N];
	long unit_col[TD_UF_N];
	long award_col[TD_AF_N];
	long band_col[TD_BF_N];
};

/* An empty cluster; caller owns it (thidua_cluster_free). */
thidua_cluster *td_cluster_new(const char *source);

/* Loaders: fill a new cluster from a file. Each problem goes to diags with
 * its location; on any error the result is THIDUA_EDATA (or THIDUA_EIO /
 * THIDUA_EFORMAT / THIDUA_ENOMEM) and *out is NULL. Loaders call
 * td_cluster_validate before returning. */
/* Load from a workbook or XML file, told apart by its first bytes
 * (thidua_cluster_load_ex's contract). */
int td_cluster_load(thidua_cluster **out, const char *path, unsigned flags,
                    thidua_diags *diags);
int td_cluster_load_xml(thidua_cluster **out, const char *path, unsigned flags,
                        thidua_diags *diags);
int td_cluster_load_book(thidua_cluster **out, const char *path, unsigned flags,
                         thidua_diags *diags);

/* Cross-field checks: unique unit orders and codes, non-empty names, one
 * head, criteria codes well-formed with known parents, children's maxima
 * adding up to their section's, award quotas. Adds every problem to diags;
 * returns 0 when no error was added, else THIDUA_EDATA. */
int td_cluster_validate(const thidua_cluster *c, thidua_diags *diags);

/* The cluster as template data (names documented in docs/data-format.md):
 * cum{loai, ten, ten_hoa, co_quan_chu_quan, nam, dia_danh, ngay_ky,
 * so_ky_hieu, chu_de, khau_hieu, noi_nhan[], so_don_vi}, can_cu[], cam_ket[], chi_tieu[],
 * to_chuc_thuc_hien[], don_vi[{thu_tu, ma, ten, vai_tro, truong, pho,
 * quyen_han, chuc_vu, nguoi_ky}], tieu_chi[{ma, noi_dung, loai, diem_chuan,
 * diem_moi_lan, toi_da, ghi_chu, cap, ...}], khen_thuong[{hinh_thuc, so_luong,
 * diem_toi_thieu, can_bieu_quyet, ...}], don_vi_cham[], chi_tieu_giao[],
 * xep_loai[] (every name in docs/data-format.md, "Template data"). Caller
 * owns *out (td_v_unref). */
int td_cluster_to_value(td_value **out, const thidua_cluster *c);

/* Labels. */
const char *td_crit_kind_label(td_crit_kind kind);   /* "Phần", "Tiêu chí", "Cộng", "Trừ", "Điều kiện" */
const char *td_method_label(td_method method);      /* "Chấm trực tiếp", "Định tính", ... */
const char *td_role_label(td_role role, td_cluster_kind kind); /* "Cụm trưởng"... */
const char *td_kind_label(td_cluster_kind kind);               /* "Cụm" / "Khối" */

#endif
